"""Work that grows with what is new, not with the base: people resolution passes, manifest reads."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline import loading
from pipeline.bench_kb import generated_extractions
from pipeline.people import resolve_database
from pipeline.records import Extraction
from pipeline.storage import Store
from tests.test_people import _base, _extraction

PEOPLE_TABLES = ["people", "person_aliases", "person_candidates", "person_sightings"]


def _rows(db) -> dict[str, list[tuple]]:
    rows = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in PEOPLE_TABLES}
    return rows | {"officials": db.execute("SELECT id, person_id FROM officials ORDER BY id").fetchall()}


def test_a_pass_with_no_new_official_resolves_nothing(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    before = _rows(db)
    assert resolve_database(db).people == []
    assert _rows(db) == before


def test_a_new_official_is_resolved_with_the_people_sharing_a_word_of_the_name_only(tmp_path):
    db = _base(tmp_path)
    with Store(tmp_path / "kb.db") as store:
        store.save(_extraction("uji-9", "2022-01-05", "Kepala Dinas Kupang Yohanes Lado meninjau balai latihan.",
                               "Yohanes Lado", "Kepala Dinas", "Kota Kupang"))
    resolve_database(db)
    with Store(tmp_path / "kb.db") as store:
        store.save(_extraction("uji-10", "2024-09-20", "Bupati H. Bambang Sutejo, SE meresmikan posko pekerja.",
                               "H. Bambang Sutejo, SE", "Bupati", "Kabupaten Paser"))
    resolution = resolve_database(db)
    assert [p.name for p in resolution.people] == ["Bambang Sutejo"]
    assert db.execute("SELECT name, article_count FROM people ORDER BY name").fetchall() == [
        ("Bambang Sutejo", 4), ("Yohanes Lado", 1)]


def test_a_known_name_in_a_known_region_joins_its_person_without_a_pass(tmp_path):
    db = _base(tmp_path)
    resolve_database(db)
    with Store(tmp_path / "kb.db") as store:
        store.save(_extraction("uji-10", "2024-09-20", "Bupati Bambang Sutejo meresmikan posko pekerja.",
                               "Bambang Sutejo", "Bupati", "Kabupaten Paser"))
    assert resolve_database(db).people == []
    assert db.execute("SELECT name, article_count, last_seen FROM people").fetchall() == [
        ("Bambang Sutejo", 4, "2024-09-20")]


def _varied(extraction: Extraction, index: int) -> Extraction:
    """A generated article whose official is now and then named by family name alone, with an
    honorific, or without a region: the forms whose joining a pass decides by context."""
    official = extraction.facts.officials[0]
    given, family = official.name.split(" ", 1)
    name = {0: family, 1: f"H. {official.name}", 2: given}.get(index % 7, official.name)
    region = None if index % 5 == 0 else official.region
    facts = dataclasses.replace(extraction.facts, officials=[dataclasses.replace(official, name=name, region=region)])
    return dataclasses.replace(extraction, facts=facts)


def test_batches_resolved_one_after_another_give_the_people_of_one_pass_over_all(tmp_path):
    extractions = [_varied(e, i) for i, e in enumerate(generated_extractions(600, seed=5))]
    with Store(tmp_path / "one.db") as one_pass:
        for extraction in extractions:
            one_pass.save(extraction)
        resolve_database(one_pass.db)
        expected = _rows(one_pass.db)
    with Store(tmp_path / "batches.db") as batches:
        for start in range(0, len(extractions), 50):
            for extraction in extractions[start:start + 50]:
                batches.save(extraction)
            resolve_database(batches.db)
        assert _rows(batches.db) == expected


def test_passes_one_article_at_a_time_give_the_people_of_one_pass_over_all(tmp_path):
    (tmp_path / "a").mkdir()
    one_pass = _base(tmp_path / "a")
    resolve_database(one_pass)
    (tmp_path / "b").mkdir()
    with Store(tmp_path / "b" / "kb.db") as store:
        for article_id in ("uji-1", "uji-2", "uji-3"):
            row = one_pass.execute("SELECT text, published FROM articles WHERE id = ?", [article_id]).fetchone()
            official = one_pass.execute("SELECT name, position, organization FROM officials WHERE article_id = ?",
                                        [article_id]).fetchone()
            store.save(_extraction(article_id, row[1], row[0], official[0], official[1], "Kabupaten Paser"))
            resolve_database(store.db)
        assert _rows(store.db) == _rows(one_pass)


def test_the_manifest_is_read_once_per_folder(tmp_path, monkeypatch):
    (tmp_path / "manifest.csv").write_text("file,url\na.txt,https://contoh.example/a\n", encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("Samarinda - Berita pekerja rentan.", encoding="utf-8")
    reads: list[Path] = []
    monkeypatch.setattr(loading, "read_manifest", lambda folder: reads.append(folder) or {"a.txt": {"url": "u"}})
    documents = list(loading.load_path(tmp_path))
    assert (len(documents), reads) == (3, [tmp_path])
