"""Storage: a real SQLite knowledge base that re-runs reproduce exactly and never duplicates."""

from pathlib import Path

import pytest
import sqlite_utils

from pipeline.cli import ingest_paths
from pipeline.extraction import Extractor
from pipeline.loading import load_path
from pipeline.records import Document
from pipeline.storage import MIGRATIONS, Store, connect

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parent.parent / "corpus"


WALL_CLOCK_COLUMNS = {"stored_at", "seen_at"}
RUN_LOGS = {"runs", "fetch_log"}  # a log of runs, not knowledge: every run adds its row


def _snapshot(db_path: Path) -> dict[str, list]:
    """Every row of every knowledge table, without wall-clock columns."""
    db = sqlite_utils.Database(db_path)
    snapshot = {}
    for table in db.table_names():
        if table.startswith("articles_fts") or table in RUN_LOGS:
            continue
        columns = [c.name for c in db[table].columns if c.name not in WALL_CLOCK_COLUMNS]
        select = ", ".join(f"[{c}]" for c in columns)
        snapshot[table] = sorted(map(tuple, db.execute(f"SELECT {select} FROM [{table}]").fetchall()), key=repr)
    return snapshot


def test_new_database_is_migrated_to_the_latest_schema(tmp_path):
    db = connect(tmp_path / "kb.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert {"articles", "officials", "worker_counts", "budgets", "regions", "mentions"} <= set(db.table_names())


def test_foreign_keys_are_enforced(tmp_path):
    db = connect(tmp_path / "kb.db")
    with pytest.raises(Exception, match="FOREIGN KEY"):
        db.execute("INSERT INTO sentences (id, article_id, idx) VALUES ('s', 'no-such-article', 0)")


def test_a_sentence_may_name_its_article_before_the_row_is_written_in_the_same_unit(tmp_path):
    from pipeline.storage import transaction

    db = connect(tmp_path / "kb.db")
    with transaction(db):
        db.execute("INSERT INTO sentences (id, article_id, idx) VALUES ('s', 'a1', 0)")
        db.execute("INSERT INTO articles (id) VALUES ('a1')")
    assert db.execute("SELECT article_id FROM sentences").fetchall() == [("a1",)]


def test_a_unit_leaving_a_sentence_without_its_article_fails_at_commit(tmp_path):
    from pipeline.storage import transaction

    db = connect(tmp_path / "kb.db")
    with pytest.raises(Exception, match="FOREIGN KEY"), transaction(db):
        db.execute("INSERT INTO sentences (id, article_id, idx) VALUES ('s', 'no-such-article', 0)")
    assert db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 0


def test_regions_table_holds_every_province_and_regency(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        assert store.db["regions"].count == 38 + 514


def test_running_the_shipped_corpus_twice_gives_the_same_database(tmp_path):
    db_path = tmp_path / "kb.db"
    first = ingest_paths([CORPUS], db_path)
    snapshot = _snapshot(db_path)
    second = ingest_paths([CORPUS], db_path)
    assert first["counts"]["articles"] == 5
    assert second["outcome"] == {"unchanged": 5}
    assert _snapshot(db_path) == snapshot


def test_bad_documents_are_skipped_while_the_others_land(tmp_path):
    summary = ingest_paths([FIXTURES / "corpus"], tmp_path / "kb.db")
    reasons = sorted(Path(s.source).name + ": " + s.reason.split(" (")[0] for s in summary["skipped"])
    assert reasons == [
        "empty.txt: empty file",
        "english_note.txt: not Indonesian",
        "picture.txt: binary content, not a text or HTML document",
    ]
    assert summary["counts"]["articles"] == 2


def test_every_fact_row_carries_article_offsets_and_version(tmp_path):
    db_path = tmp_path / "kb.db"
    ingest_paths([CORPUS], db_path)
    db = sqlite_utils.Database(db_path)
    for table in ["officials", "worker_counts", "budgets", "percentages", "article_regions", "article_programs"]:
        for row in db[table].rows:
            article = db["articles"].get(row["article_id"])
            assert article["text"][row["start"]:row["end"]] == row["text"]
            assert row["extractor_version"]


def _extraction(document: Document):
    (extraction,) = Extractor().extract_documents([document])
    return extraction


def test_the_same_page_under_a_tracking_url_is_not_stored_twice(tmp_path):
    (document,) = load_path(FIXTURES / "pages" / "wordpress_article.html")
    document.url = "https://wartaborneo.example/2024/03/14/nelayan/"
    variant = Document(**{**document.__dict__, "id": "other-id",
                          "url": "https://wartaborneo.example/2024/03/14/nelayan/?utm_source=wa"})
    with Store(tmp_path / "kb.db") as store:
        assert store.save(_extraction(document)) == "new"
        assert store.save(_extraction(variant)) == "duplicate"
        assert store.db["articles"].count == 1
        assert store.db["article_aliases"].count == 1


def test_identical_text_under_another_url_is_recorded_as_an_alias(tmp_path):
    (document,) = load_path(FIXTURES / "pages" / "wordpress_article.html")
    copy = Document(**{**document.__dict__, "id": "syndicated", "url": "https://mirror.example/nelayan"})
    with Store(tmp_path / "kb.db") as store:
        store.save(_extraction(document))
        assert store.save(_extraction(copy)) == "duplicate"
        alias = store.db["article_aliases"].get("https://mirror.example/nelayan")
        assert alias["article_id"] == document.id


def test_changed_text_replaces_the_machine_facts_of_that_article(tmp_path):
    (document,) = load_path(FIXTURES / "corpus" / "kaltara_nelayan.txt")
    with Store(tmp_path / "kb.db") as store:
        store.save(_extraction(document))
        document.text = document.text.replace("21 persen", "35 persen")
        assert store.save(_extraction(document)) == "updated"
        values = [row["value_percent"] for row in store.db["percentages"].rows]
        assert 21.0 not in values
        assert store.db["articles"].count == 1


def _official_extraction(text: str, officials: int = 1):
    """A hand-made extraction of our own sentence, naming one official (or the same one twice)."""
    from pipeline.records import Article, Extraction, Facts, Official

    name = "Suryani Dewi"
    start = text.index(name)
    facts = Facts(officials=[Official(name=name, position="Kepala Dinas", organization=None, region=None,
                                      start=start, end=start + len(name), text=name)]
                  * officials)
    return Extraction(Article(id="tx-1", source="test:tx-1", text=text), [(0, len(text))], [], facts, "test")


TEXT = "Kepala Dinas Perikanan Tarakan Suryani Dewi meninjau pendataan nelayan pekan ini."


def test_a_unit_of_work_that_fails_leaves_nothing_behind(tmp_path):
    from pipeline.storage import transaction

    db = connect(tmp_path / "kb.db")
    with pytest.raises(RuntimeError), transaction(db):
        db["outlets"].insert({"id": "o1", "name": "Contoh"})
        db.execute("INSERT INTO outlets (id, name) VALUES ('o2', 'Contoh Dua')")
        raise RuntimeError("killed midway")
    assert db.execute("SELECT COUNT(*) FROM outlets").fetchone()[0] == 0


def test_a_save_that_fails_midway_keeps_the_stored_article_and_its_facts(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        assert store.save(_official_extraction(TEXT)) == "new"
        before = _snapshot(tmp_path / "kb.db")
        with pytest.raises(Exception, match="UNIQUE"):  # the same official twice: its second row collides
            store.save(_official_extraction(TEXT.replace("pekan ini", "hari ini"), officials=2))
    assert _snapshot(tmp_path / "kb.db") == before


def test_an_article_left_without_sentences_is_extracted_again_not_called_unchanged(tmp_path):
    with Store(tmp_path / "kb.db") as store:
        store.save(_official_extraction(TEXT))
        store.db.execute("DELETE FROM officials")  # what an older version killed midway left behind
        store.db.execute("DELETE FROM sentences")
        assert store.save(_official_extraction(TEXT)) == "updated"
        assert store.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == 1
        assert store.db.execute("SELECT COUNT(*) FROM officials").fetchone()[0] == 1


def test_a_migration_that_fails_leaves_the_schema_at_the_previous_version(tmp_path, monkeypatch):
    from pipeline import storage

    def half_done(db):
        db["half_done"].create({"id": int}, pk="id")
        raise RuntimeError("killed inside the migration")

    connect(tmp_path / "kb.db").close()
    monkeypatch.setattr(storage, "MIGRATIONS", [*MIGRATIONS, half_done])
    with pytest.raises(RuntimeError):
        connect(tmp_path / "kb.db")
    db = sqlite_utils.Database(tmp_path / "kb.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert "half_done" not in db.table_names()


def test_processes_opening_a_new_base_at_once_migrate_it_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def open_and_close(_):
        connect(tmp_path / "kb.db").close()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(open_and_close, range(4)))  # each has its own connection, as separate processes do
    db = sqlite_utils.Database(tmp_path / "kb.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_unit_whose_commit_fails_is_rolled_back_and_the_next_one_commits(tmp_path):
    from pipeline.storage import transaction

    db = connect(tmp_path / "kb.db")
    with pytest.raises(Exception, match="FOREIGN KEY"), transaction(db):
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("INSERT INTO sentences (id, article_id, idx) VALUES ('s', 'no-such-article', 0)")
    assert not db.conn.in_transaction
    with transaction(db):
        db.execute("INSERT INTO outlets (id, name) VALUES ('o1', 'Contoh')")
    assert sqlite_utils.Database(tmp_path / "kb.db").execute("SELECT COUNT(*) FROM outlets").fetchone()[0] == 1
