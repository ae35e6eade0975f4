"""People resolution: one row per person across articles, doubtful merges kept as candidates."""

from pathlib import Path

import sqlite_utils

from pipeline.judgements import judge
from pipeline.people import (
    Sighting,
    is_partial_of,
    name_key,
    plain_name,
    resolve,
    resolve_database,
)
from pipeline.records import Article, Extraction, Facts, Official
from pipeline.storage import Store


def sighting(official_id: str, name: str, region: str | None = "6401", organization: str | None = None,
             position: str = "Bupati", date: str = "2023-01-01") -> Sighting:
    return Sighting(official_id, name, f"article-{official_id}", position, organization, region, date)


def names_of(resolution) -> list[list[str]]:
    return sorted(sorted({s.name for s in p.sightings}) for p in resolution.people)


def test_honorifics_and_degrees_are_dropped_from_a_name():
    assert plain_name("H. Ahmad Rifai, S.Sos., M.Si") == "Ahmad Rifai"


def test_name_key_ignores_case_and_titles():
    assert name_key("Dr. Ir. SITI Rahmah") == name_key("siti rahmah") == ("siti", "rahmah")


def test_initial_stands_for_the_word_it_begins():
    assert is_partial_of(("m", "yusuf"), ("muhammad", "yusuf"))


def test_partial_name_keeps_word_order():
    assert not is_partial_of(("yusuf", "muhammad"), ("muhammad", "yusuf"))


def test_same_name_with_and_without_honorific_is_one_person():
    result = resolve([sighting("a", "H Darmawan Saleh"), sighting("b", "Darmawan Saleh", region="6402")])
    assert names_of(result) == [["Darmawan Saleh", "H Darmawan Saleh"]]


def test_display_name_is_the_plain_fullest_form():
    result = resolve([sighting("a", "Hj. Nurlela Hasan"), sighting("b", "Nurlela")])
    assert [p.name for p in result.people] == ["Nurlela Hasan"]


def test_partial_name_in_the_same_region_joins_the_full_name():
    result = resolve([sighting("a", "Yohanes Bere Mau"), sighting("b", "Yohanes Bere")])
    assert len(result.people) == 1 and not result.candidates


def test_partial_name_with_the_same_organization_and_no_region_joins():
    result = resolve([sighting("a", "Lestari Wulandari", region=None, organization="BPJS Ketenagakerjaan"),
                      sighting("b", "Lestari", region=None, organization="BPJS Ketenagakerjaan")])
    assert len(result.people) == 1


def test_partial_name_in_another_region_is_a_candidate_not_a_merge():
    result = resolve([sighting("a", "Yohanes Bere Mau", region="6401"), sighting("b", "Yohanes", region="5301")])
    assert len(result.people) == 2
    assert [c.reason for c in result.candidates] == ["partial name, no shared region or organization"]


def test_partial_name_fitting_two_people_in_the_region_is_not_merged():
    result = resolve([sighting("a", "Andi Saputra"), sighting("b", "Andi Firmansyah"), sighting("c", "Andi")])
    assert len(result.people) == 3
    assert len(result.candidates) == 2


def test_partial_name_of_a_name_that_itself_joined_a_fuller_one_merges_once():
    result = resolve([sighting("a", "Rina Kusuma Dewi"), sighting("b", "Rina Kusuma"), sighting("c", "Rina")])
    assert names_of(result) == [["Rina", "Rina Kusuma", "Rina Kusuma Dewi"]]


def test_spelling_variant_is_a_candidate_not_a_merge():
    result = resolve([sighting("a", "Sunarti Wibisono"), sighting("b", "Sunarty Wibisono")])
    assert len(result.people) == 2
    assert result.candidates[0].reason == "spelling variant of the name"


def test_one_word_name_in_two_regions_is_two_people_and_a_candidate():
    result = resolve([sighting("a", "Sutrisno", region="6401"), sighting("b", "Sutrisno", region="3301")])
    assert len(result.people) == 2 and len({p.id for p in result.people}) == 2
    assert len(result.candidates) == 1


def test_one_word_name_in_the_same_region_is_one_person():
    result = resolve([sighting("a", "Sutrisno", date="2022-02-01"), sighting("b", "Sutrisno", date="2023-05-01")])
    assert len(result.people) == 1


def test_resolution_does_not_depend_on_input_order():
    rows = [sighting("a", "Yohanes Bere Mau"), sighting("b", "Yohanes Bere"), sighting("c", "Sutrisno", region="3301")]
    assert resolve(rows) == resolve(list(reversed(rows)))


# --- in a real knowledge base ------------------------------------------------------------------

def _extraction(article_id: str, published: str, text: str, name: str, position: str, region: str) -> Extraction:
    start = text.index(name)
    official = Official(name=name, position=position, organization=f"Pemerintah {region}", region=region,
                        start=start, end=start + len(name), text=name)
    article = Article(id=article_id, source=f"test:{article_id}", text=text, published=published,
                      outlet="Warta Uji", title=f"Berita {article_id}")
    return Extraction(article=article, sentences=[(0, len(text))], mentions=[],
                      facts=Facts(officials=[official]), extractor_version="test")


def _official_id(db: sqlite_utils.Database, article_id: str) -> str:
    return db.execute("SELECT id FROM officials WHERE article_id = ?", [article_id]).fetchone()[0]


def _base(tmp_path: Path) -> sqlite_utils.Database:
    store = Store(tmp_path / "kb.db")
    store.save(_extraction("uji-1", "2021-03-02", "Wakil Bupati Paser H. Bambang Sutejo membuka pelatihan kerja.",
                           "H. Bambang Sutejo", "Wakil Bupati", "Kabupaten Paser"))
    store.save(_extraction("uji-2", "2024-08-19", "Bupati Paser Bambang Sutejo menyerahkan kartu peserta.",
                           "Bambang Sutejo", "Bupati", "Kabupaten Paser"))
    store.save(_extraction("uji-3", "2024-09-02", "Menurut Bambang, seluruh nelayan sudah terdaftar.",
                           "Bambang", "Bupati", "Kabupaten Paser"))
    return store.db


def test_officials_of_several_articles_point_at_one_people_row(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    assert db.execute("SELECT COUNT(DISTINCT person_id) FROM officials").fetchone()[0] == 1
    assert db.execute("SELECT name, article_count FROM people").fetchall() == [("Bambang Sutejo", 3)]


def test_person_row_carries_the_latest_position_and_first_and_last_dates(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    row = db.execute("SELECT position, region_code, first_seen, last_seen FROM people").fetchone()
    assert row == ("Bupati", "6401", "2021-03-02", "2024-09-02")


def test_every_written_form_of_the_name_is_an_alias(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    aliases = [r[0] for r in db.execute("SELECT alias FROM person_aliases ORDER BY alias")]
    assert aliases == ["Bambang", "Bambang Sutejo", "H. Bambang Sutejo"]


def test_resolving_twice_gives_the_same_rows(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    first = [db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in ("people", "person_aliases", "officials")]
    resolve_database(db)
    assert [db.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall() for t in ("people", "person_aliases", "officials")] == first


# --- reviewers' officials ----------------------------------------------------------------------

def _save(tmp_path: Path, extraction: Extraction) -> None:
    """Store one more article in the base _base made."""
    with Store(tmp_path / "kb.db") as store:
        store.save(extraction)


def test_an_official_added_by_a_reviewer_counts_for_the_person(tmp_path):
    db = _base(tmp_path)
    text = "Bupati Bambang Sutejo meresmikan posko pengaduan pekerja di Tanah Grogot."
    article = Article(id="uji-4", source="test:uji-4", text=text, published="2024-10-01", outlet="Warta Uji",
                      title="Berita uji-4")
    _save(tmp_path, Extraction(article=article, sentences=[(0, len(text))], mentions=[], facts=Facts(),
                               extractor_version="test"))
    start = text.index("Bambang Sutejo")
    judge(db, article_id="uji-4", fact_table="officials", action="add", annotator="rina", start=start,
          end=start + len("Bambang Sutejo"),
          values={"name": "Bambang Sutejo", "position": "Bupati", "region_code": "Kabupaten Paser"})
    resolve_database(db)
    assert db.execute("SELECT name, article_count, last_seen FROM people").fetchall() == [
        ("Bambang Sutejo", 4, "2024-10-01")]


def test_an_official_edited_by_a_reviewer_points_at_the_resolved_person(tmp_path):
    db = _base(tmp_path)
    judge(db, article_id="uji-3", fact_table="officials", action="edit", annotator="rina",
          fact_id=_official_id(db, "uji-3"), values={"position": "Bupati Paser"})
    resolve_database(db)
    person = db.execute("SELECT person_id FROM officials_current WHERE origin = 'human'").fetchone()[0]
    assert person == db.execute("SELECT id FROM people").fetchone()[0]


def test_a_rejected_official_makes_no_person(tmp_path):
    db = _base(tmp_path)
    _save(tmp_path, _extraction("uji-5", "2024-09-10", "Ketua Panitia Gerak Jalan Santoso Wibowo melepas peserta.",
                                "Santoso Wibowo", "Ketua Panitia", "Kabupaten Paser"))
    judge(db, article_id="uji-5", fact_table="officials", action="reject", annotator="rina",
          fact_id=_official_id(db, "uji-5"))
    resolve_database(db)
    assert [r[0] for r in db.execute("SELECT name FROM people")] == ["Bambang Sutejo"]


def test_a_rejected_official_loses_its_person(tmp_path):
    db = _base(tmp_path)
    judge(db, article_id="uji-3", fact_table="officials", action="reject", annotator="rina",
          fact_id=_official_id(db, "uji-3"))
    resolve_database(db)
    assert db.execute("SELECT person_id FROM officials WHERE article_id = 'uji-3'").fetchone() == (None,)
