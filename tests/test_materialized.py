"""The researchers' layer as indexed tables (pipeline/layer.py), kept in step by the writer per article and per judgement."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline import counts, layer
from pipeline.bench_kb import generated_extractions
from pipeline.judgements import judge
from pipeline.people import resolve_database
from pipeline.serving import install_views
from pipeline.storage import Store
from tests.test_serving import PERSON_TEXT, _person_article

LAYER = ["article_context", "fact_places", "coverage", "budget_facts", "official_positions"]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "kb.db") as opened:
        opened.save(_person_article("uji-1", "2023-05-10", PERSON_TEXT, "Hj. Wulan Prasetyo"))
        install_views(opened.db)
        yield opened


def _kinds(store: Store, table: str, article_id: str) -> list[str]:
    return sorted(r[0] for r in store.db.execute(f"SELECT kind FROM {table} WHERE article_id = ?", [article_id]))


def test_the_layer_is_made_of_tables_not_views(store):
    types = dict(store.db.execute("SELECT name, type FROM sqlite_master WHERE name IN (%s)" % ",".join("?" * 5), LAYER))
    assert types == dict.fromkeys(LAYER, "table")


def test_an_article_stored_after_the_layer_is_installed_is_in_it_at_once(store):
    assert store.save(_person_article("uji-2", "2024-02-01", PERSON_TEXT.replace("4.500", "4.500 "),
                                      "Hj. Wulan Prasetyo")) == "new"
    assert _kinds(store, "fact_places", "uji-2") == ["official", "region", "worker_count"]
    assert store.db.execute("SELECT date, year FROM article_context WHERE article_id = 'uji-2'").fetchone() == (
        "2024-02-01", "2024")


def test_a_rejected_worker_count_leaves_the_map_and_coverage_in_the_same_transaction(store):
    fact = store.db.execute("SELECT id FROM worker_counts WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="worker_counts", action="reject", annotator="rina", fact_id=fact)
    assert "worker_count" not in _kinds(store, "fact_places", "uji-1")
    assert _kinds(store, "coverage", "uji-1") == []


def test_an_edited_region_moves_the_worker_count_on_the_map(store):
    fact = store.db.execute("SELECT id FROM worker_counts WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="worker_counts", action="edit", annotator="rina", fact_id=fact,
          values={"region_code": "Kabupaten Paser"})
    assert store.db.execute("SELECT region, review FROM fact_places WHERE kind = 'worker_count'").fetchall() == [
        ("Kabupaten Paser", "edited")]


def test_storing_an_article_again_replaces_its_rows_instead_of_adding_them(store):
    changed = _person_article("uji-1", "2023-05-10", PERSON_TEXT + " Tambahan.", "Hj. Wulan Prasetyo")
    assert store.save(changed) == "updated"
    assert _kinds(store, "fact_places", "uji-1") == ["official", "region", "worker_count"]
    assert store.db.execute("SELECT count(*) FROM article_context").fetchone() == (1,)


def test_official_positions_follow_people_resolution(store):
    assert store.db.execute("SELECT person FROM official_positions").fetchone() == ("Hj. Wulan Prasetyo",)
    resolve_database(store.db)
    assert store.db.execute("SELECT person FROM official_positions").fetchone() == ("Wulan Prasetyo",)


def test_a_base_made_before_gets_its_tables_filled_once(store):
    conn = store.db.conn
    for name in reversed(LAYER):
        conn.execute(f"DROP TABLE {name}")
    conn.execute("CREATE VIEW fact_places AS SELECT 1 AS kind")  # as older versions left it
    conn.commit()
    with sqlite3.connect(store.path) as other:
        assert other.execute("SELECT count(*) FROM fact_places").fetchone() == (1,)
    assert layer.install(store.db) is True
    assert _kinds(store, "fact_places", "uji-1") == ["official", "region", "worker_count"]
    assert layer.install(store.db) is False


def test_the_layer_is_indexed_on_what_researchers_filter_by(store):
    def indexed(table: str) -> set[str]:
        return {row[2] for index in store.db.execute(f"PRAGMA index_list({table})")
                for row in store.db.execute(f"PRAGMA index_info([{index[1]}])")}

    assert {"date", "province", "region", "year", "kind", "outlet", "article_id"} <= indexed("fact_places")
    assert {"date", "year", "outlet", "article_id"} <= indexed("article_context")
    assert {"date", "province", "region", "year", "kind", "outlet", "article_id"} <= indexed("budget_facts")
    assert "published" in indexed("articles")
    for column in ("kind", "province", "region", "year", "outlet"):  # the map filtered, in its order: no sort
        plan = store.db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM fact_places WHERE {column} = ? ORDER BY date DESC "
                                "LIMIT 1001", ["x"]).fetchall()
        assert not any("TEMP B-TREE" in row[-1] for row in plan), (column, plan)


def _live_review_queue(store: Store) -> list[tuple]:
    from pipeline.judgements import _queue_view_sql

    live = _queue_view_sql().replace("CREATE VIEW review_queue AS", "").strip().rstrip(";")
    return store.db.execute(live).fetchall()


def test_the_review_queue_is_read_from_a_table_in_the_queue_s_order(store):
    assert "review_order" in store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'review_queue'").fetchone()[0]
    assert store.db.execute("SELECT * FROM review_queue").fetchall() == _live_review_queue(store)


def test_a_judgement_moves_its_article_in_the_review_queue_at_once(store):
    store.save(_person_article("uji-2", "2024-02-01", PERSON_TEXT.replace("4.500", "4.500 "), "Hj. Wulan Prasetyo"))
    fact = store.db.execute("SELECT id FROM worker_counts WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="worker_counts", action="accept", annotator="rina", fact_id=fact)
    assert store.db.execute("SELECT article_id, reviewed_facts, judgements FROM review_queue").fetchall()[-1] == (
        "uji-1", 1, 1)
    assert store.db.execute("SELECT * FROM review_queue").fetchall() == _live_review_queue(store)


def test_budget_programs_is_a_table_holding_the_rows_of_its_definition(store):
    from pipeline.bench_kb import generated_extractions

    for extraction in generated_extractions(3):  # each with a budget and a program in one sentence
        store.save(extraction)
    live = store.db.execute(layer.BUDGET_PROGRAMS.format(inner="IS NOT NULL")).fetchall()
    assert len(live) == 3
    assert store.db.execute("SELECT type FROM sqlite_master WHERE name = 'budget_programs'").fetchone() == ("table",)
    assert sorted(store.db.execute("SELECT budget_id, program, article_id FROM budget_programs")) == sorted(live)


def _live_groups(store: Store, name: str) -> list[tuple]:
    source, keys, computed = layer.GROUPS[name]
    return sorted(store.db.execute(f"SELECT json_array({', '.join(keys)}), {', '.join(keys)}, {', '.join(computed)} "
                                   f"FROM {source} GROUP BY {', '.join(keys)}").fetchall(), key=repr)


def test_the_groups_of_the_stored_queries_hold_the_counts_of_their_rows_through_saves_and_judgements(store):
    assert store.save(_person_article("uji-2", "2024-02-01", PERSON_TEXT.replace("4.500", "4.500 "),
                                      "Hj. Wulan Prasetyo")) == "new"
    fact = store.db.execute("SELECT id FROM worker_counts WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="worker_counts", action="edit", annotator="rina", fact_id=fact,
          values={"region_code": "Kabupaten Paser"})
    for extraction in generated_extractions(6):  # budgets, with and without their region
        store.save(extraction)
    budget = store.db.execute("SELECT id FROM budgets WHERE article_id = 'kb-0000001'").fetchone()[0]
    judge(store.db, article_id="kb-0000001", fact_table="budgets", action="edit", annotator="rina", fact_id=budget,
          values={"amount_idr": 123_000_000, "funding_source": "APBN"})
    budget = store.db.execute("SELECT id FROM budgets WHERE article_id = 'kb-0000002'").fetchone()[0]
    judge(store.db, article_id="kb-0000002", fact_table="budgets", action="reject", annotator="rina", fact_id=budget)
    for name in layer.GROUPS:
        stored = sorted(store.db.execute(f"SELECT * FROM [{name}]").fetchall(), key=repr)
        assert stored == _live_groups(store, name) and (name == "program_groups" or stored)
    assert store.db.execute("SELECT COUNT(*) FROM layer_regroup").fetchone()[0] == 0


def _counts_differ(store: Store) -> dict[str, set]:
    return {name: set(counts.live(store.db, name)) ^ set(counts.stored(store.db, name)) for name in counts.counted()
            if counts.live(store.db, name) != counts.stored(store.db, name)}


def test_the_counts_of_the_pages_equal_a_live_count_and_group_by_through_saves_judgements_and_resolution(store):
    assert not _counts_differ(store) and counts.stored(store.db, "fact_places")
    assert store.save(_person_article("uji-2", "2024-02-01", PERSON_TEXT.replace("4.500", "4.500 "),
                                      "Hj. Wulan Prasetyo")) == "new"
    fact = store.db.execute("SELECT id FROM worker_counts WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="worker_counts", action="edit", annotator="rina", fact_id=fact,
          values={"region_code": "Kabupaten Paser", "status": "target"})
    official = store.db.execute("SELECT id FROM officials WHERE article_id = 'uji-2'").fetchone()[0]
    judge(store.db, article_id="uji-2", fact_table="officials", action="reject", annotator="rina", fact_id=official)
    region = store.db.execute("SELECT id FROM article_regions WHERE article_id = 'uji-1'").fetchone()[0]
    judge(store.db, article_id="uji-1", fact_table="article_regions", action="accept", annotator="rina", fact_id=region)
    assert not _counts_differ(store)
    # re-extraction of a changed text: machine rows replaced, judgements re-anchored
    assert store.save(_person_article("uji-1", "2023-05-10", "Berita. " + PERSON_TEXT, "Hj. Wulan Prasetyo")) == "updated"
    resolve_database(store.db)
    assert not _counts_differ(store)
    assert dict((v, n) for f, v, n in counts.stored(store.db, "worker_counts_current") if f == "review") == {
        "edited": 1, "unreviewed": 1}


def test_counts_lost_with_a_trigger_are_filled_again(store):
    store.db.execute("DROP TRIGGER counts_fact_places_inserted")
    store.db.execute("DELETE FROM layer_counts")
    assert not counts.current(store.db)
    install_views(store.db)
    assert counts.current(store.db) and not _counts_differ(store)
