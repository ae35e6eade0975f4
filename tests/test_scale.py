"""Work that grows with what is new, not with the base: people resolution passes, manifest reads."""

from __future__ import annotations

from pathlib import Path

from pipeline import loading
from pipeline.people import resolve_database
from pipeline.storage import Store
from tests.test_people import _base, _extraction

PEOPLE_TABLES = ["people", "person_aliases", "person_candidates", "person_sightings"]


def _rows(db) -> dict[str, list[tuple]]:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in PEOPLE_TABLES}


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
        store.save(_extraction("uji-10", "2024-09-20", "Bupati Bambang Sutejo meresmikan posko pekerja.",
                               "Bambang Sutejo", "Bupati", "Kabupaten Paser"))
    resolution = resolve_database(db)
    assert [p.name for p in resolution.people] == ["Bambang Sutejo"]
    assert db.execute("SELECT name, article_count FROM people ORDER BY name").fetchall() == [
        ("Bambang Sutejo", 4), ("Yohanes Lado", 1)]


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
