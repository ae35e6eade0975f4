"""Undo and done: an annotator takes back their last judgement, and an article counts as reviewed
(for the gold and training exports) only once an annotator marks it done."""

from __future__ import annotations

from pipeline.exchange import export_tasks, export_training
from pipeline.judgements import export_gold, judge, mark_done, undo_last
from pipeline.storage import Store

ARTICLE = "review-ojek"
WORKERS = "3 ribu pengemudi"


def _worker_fact(store: Store) -> str:
    return store.db.execute("SELECT id FROM worker_counts WHERE article_id = ? AND text = ?",
                            [ARTICLE, WORKERS]).fetchone()[0]


def _workers_now(store: Store) -> list[tuple]:
    return store.db.execute("SELECT value_workers, review FROM worker_counts_current WHERE text = ?",
                            [WORKERS]).fetchall()


def _edit(store: Store, value: int, annotator: str = "alice") -> None:
    judge(store.db, article_id=ARTICLE, fact_table="worker_counts", action="edit", annotator=annotator,
          fact_id=_worker_fact(store), values={"value_workers": value})


def test_undoing_a_first_judgement_gives_the_machine_fact_back(store):
    _edit(store, 3500)
    undo_last(store.db, ARTICLE, "alice")
    assert _workers_now(store) == [(3000, "unreviewed")]


def test_undoing_a_second_judgement_restores_the_first(store):
    _edit(store, 3500)
    _edit(store, 4200)
    undo_last(store.db, ARTICLE, "alice")
    assert _workers_now(store) == [(3500, "edited")]


def test_an_undone_judgement_stays_in_the_table_and_the_audit_trail(store):
    _edit(store, 3500)
    undo_last(store.db, ARTICLE, "alice")
    events = [r[0] for r in store.db.execute("SELECT event FROM judgement_audit ORDER BY id")]
    assert store.db.execute("SELECT COUNT(*) FROM judgements").fetchone()[0] == 1
    assert events == ["edit", "withdrawn"]


def test_undoing_twice_redoes(store):
    _edit(store, 3500)
    undo_last(store.db, ARTICLE, "alice")
    undo_last(store.db, ARTICLE, "alice")
    assert _workers_now(store) == [(3500, "edited")]


def test_an_annotator_cannot_undo_someone_elses_judgement(store):
    _edit(store, 3500, annotator="bob")
    assert undo_last(store.db, ARTICLE, "alice") is None
    assert _workers_now(store) == [(3500, "edited")]


def test_a_judged_article_is_not_exported_as_gold_until_marked_done(store):
    _edit(store, 3500)
    assert list(export_gold(store.db)) == []
    mark_done(store.db, ARTICLE, "alice")
    assert [row["id"] for row in export_gold(store.db)] == [ARTICLE]


def test_a_reopened_article_leaves_the_training_data(store, tmp_path):
    _edit(store, 3500)
    mark_done(store.db, ARTICLE, "alice")
    mark_done(store.db, ARTICLE, "alice", done=False)
    assert export_training(store.db, tmp_path / "reviewed.spacy")["docs"] == 0


def test_reviewed_only_export_takes_only_done_articles(store):
    _edit(store, 3500)
    assert list(export_tasks(store.db, "prodigy", reviewed_only=True)) == []
    mark_done(store.db, ARTICLE, "alice")
    assert {task["meta"]["article_id"] for task in export_tasks(store.db, "prodigy", reviewed_only=True)} == {ARTICLE}
