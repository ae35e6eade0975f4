"""Exchange: reviewed articles to spaCy and annotation tools, and annotations back as judgements."""

from __future__ import annotations

import spacy
from spacy.tokens import DocBin

from pipeline.exchange import (
    export_tasks,
    export_training,
    import_annotations,
    read_tasks,
)
from pipeline.judgements import judge, mark_done
from pipeline.storage import Store

ARTICLE = "review-ojek"


def _text(store: Store) -> str:
    return store.db.execute("SELECT text FROM articles WHERE id = ?", [ARTICLE]).fetchone()[0]


def _add_official(store: Store, name: str) -> None:
    start = _text(store).index(name)
    with store.db.conn:
        judge(store.db, article_id=ARTICLE, fact_table="officials", action="add", annotator="alice",
              start=start, end=start + len(name), values={"name": name})


def _reject_budget(store: Store) -> None:
    fact = store.db.execute("SELECT id FROM budgets WHERE article_id = ?", [ARTICLE]).fetchone()[0]
    with store.db.conn:
        judge(store.db, article_id=ARTICLE, fact_table="budgets", action="reject", annotator="alice", fact_id=fact)
    mark_done(store.db, ARTICLE, "alice")


def test_training_docbin_holds_an_added_officials_name_as_a_person(store, tmp_path):
    _add_official(store, "Maya Kusuma")
    mark_done(store.db, ARTICLE, "alice")
    stats = export_training(store.db, tmp_path / "reviewed.spacy")
    [doc] = DocBin().from_disk(tmp_path / "reviewed.spacy").get_docs(spacy.blank("id").vocab)
    assert stats["docs"] == 1
    assert ("Maya Kusuma", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_training_docbin_leaves_out_articles_nobody_reviewed(store, tmp_path):
    assert export_training(store.db, tmp_path / "reviewed.spacy")["docs"] == 0


def test_label_studio_tasks_carry_machine_output_as_predictions_with_the_model_version(store):
    [task] = list(export_tasks(store.db, "labelstudio"))
    [prediction] = task["predictions"]
    assert prediction["model_version"].startswith("warta-")
    assert "WORKER_COUNT" in {r["value"]["labels"][0] for r in prediction["result"]}
    assert "annotations" not in task


def test_label_studio_annotations_omit_a_rejected_fact(store):
    _reject_budget(store)
    [task] = list(export_tasks(store.db, "labelstudio"))
    labels = [r["value"]["labels"][0] for r in task["annotations"][0]["result"]]
    assert "BUDGET" not in labels


def test_prodigy_export_gives_a_binary_reject_task_for_a_rejected_fact(store):
    _reject_budget(store)
    rejects = [t for t in export_tasks(store.db, "prodigy") if t["answer"] == "reject"]
    assert [s["text"] for t in rejects for s in t["spans"]] == ["Rp 1,2 miliar"]


def test_doccano_span_missing_from_the_annotation_becomes_a_rejection(store):
    [task] = list(export_tasks(store.db, "doccano"))
    task["label"] = [span for span in task["label"] if span[2] != "BUDGET"]
    outcome = import_annotations(store.db, read_tasks("doccano", [task]), "bob")
    assert outcome["reject"] == 1
    assert store.db.execute("SELECT COUNT(*) FROM budgets_current").fetchone()[0] == 0


def test_doccano_new_official_span_becomes_an_added_official(store):
    [task] = list(export_tasks(store.db, "doccano"))
    start = task["text"].index("Rudi Hartanto")
    task["label"].append([start, start + len("Rudi Hartanto"), "OFFICIAL"])
    import_annotations(store.db, read_tasks("doccano", [task]), "bob")
    rows = store.db.execute("SELECT name, origin, annotator FROM officials_current WHERE name = 'Rudi Hartanto'")
    assert rows.fetchall() == [("Rudi Hartanto", "human", "bob")]


def test_label_studio_round_trip_restores_edited_values(store, review_kb, tmp_path):
    fact = store.db.execute("SELECT id FROM worker_counts WHERE text = '3 ribu pengemudi'").fetchone()[0]
    with store.db.conn:
        judge(store.db, article_id=ARTICLE, fact_table="worker_counts", action="edit", annotator="alice",
              fact_id=fact, values={"value_workers": 3500})
    mark_done(store.db, ARTICLE, "alice")
    [task] = list(export_tasks(store.db, "labelstudio"))
    fresh = tmp_path / "fresh.db"
    fresh.write_bytes(review_kb.read_bytes())
    with Store(fresh) as other:
        import_annotations(other.db, read_tasks("labelstudio", [task]), "carol")
        values = other.db.execute("SELECT value_workers FROM worker_counts_current WHERE text = '3 ribu pengemudi'"
                                  ).fetchall()
    assert values == [(3500,)]


def test_annotations_of_a_different_text_are_skipped_not_misplaced(store):
    [task] = list(export_tasks(store.db, "doccano"))
    task["text"] = "Teks lain. " + task["text"]
    outcome = import_annotations(store.db, read_tasks("doccano", [task]), "bob")
    assert outcome["skipped"] and store.db.execute("SELECT COUNT(*) FROM judgements").fetchone()[0] == 0
