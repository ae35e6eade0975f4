"""The human layer: judgements survive re-extraction, follow text changes, and are never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import ingest_paths
from pipeline.judgements import JudgementError, export_gold, judge, locate, mark_done, orphaned
from pipeline.storage import Store

FIXTURE = Path(__file__).parent / "fixtures" / "review"
ARTICLE = "review-ojek"


def _machine_id(store: Store, table: str, text: str) -> str:
    return store.db.execute(f"SELECT id FROM [{table}] WHERE article_id = ? AND text = ?", [ARTICLE, text]).fetchone()[0]


def _judge(store: Store, **kwargs) -> int:
    with store.db.conn:
        return judge(store.db, article_id=ARTICLE, **kwargs)


def _span(store: Store, words: str) -> tuple[int, int]:
    text = store.db.execute("SELECT text FROM articles WHERE id = ?", [ARTICLE]).fetchone()[0]
    return text.index(words), text.index(words) + len(words)


def _rewrite_text(store: Store, change) -> None:
    """Store the article again with changed text, as a re-crawl of an edited page would."""
    from pipeline.extraction import Extractor
    from pipeline.loading import load_path

    [document] = list(load_path(FIXTURE))
    document.text = change(document.text)
    [extraction] = list(Extractor().extract_documents([document]))
    assert store.save(extraction) == "updated"


def test_a_rejected_fact_leaves_the_current_view(store):
    _judge(store, fact_table="budgets", action="reject", annotator="alice",
           fact_id=_machine_id(store, "budgets", "Rp 1,2 miliar"))
    assert store.db.execute("SELECT COUNT(*) FROM budgets_current WHERE article_id = ?", [ARTICLE]).fetchone()[0] == 0


def test_an_edit_wins_over_another_annotators_reject(store):
    fact = _machine_id(store, "budgets", "Rp 1,2 miliar")
    _judge(store, fact_table="budgets", action="edit", annotator="alice", fact_id=fact, values={"kind": "contribution"})
    _judge(store, fact_table="budgets", action="reject", annotator="bob", fact_id=fact)
    rows = store.db.execute("SELECT kind, origin FROM budgets_current WHERE article_id = ?", [ARTICLE]).fetchall()
    assert rows == [("contribution", "human")]


def test_an_accepted_fact_stays_machine_output_marked_accepted(store):
    _judge(store, fact_table="budgets", action="accept", annotator="alice",
           fact_id=_machine_id(store, "budgets", "Rp 1,2 miliar"))
    assert store.db.execute("SELECT origin, review FROM budgets_current").fetchall() == [("machine", "accepted")]


def test_an_annotators_second_judgement_of_a_fact_replaces_the_first(store):
    fact = _machine_id(store, "budgets", "Rp 1,2 miliar")
    first = _judge(store, fact_table="budgets", action="reject", annotator="alice", fact_id=fact)
    second = _judge(store, fact_table="budgets", action="accept", annotator="alice", fact_id=fact)
    assert first == second
    assert store.db.execute("SELECT review FROM budgets_current").fetchall() == [("accepted",)]


def test_every_change_is_in_the_audit_trail_with_who_and_what(store):
    fact = _machine_id(store, "budgets", "Rp 1,2 miliar")
    _judge(store, fact_table="budgets", action="reject", annotator="alice", fact_id=fact)
    _judge(store, fact_table="budgets", action="accept", annotator="alice", fact_id=fact)
    trail = store.db.execute("SELECT event, actor, json_extract(old, '$.action'), json_extract(new, '$.action') "
                             "FROM judgement_audit ORDER BY id").fetchall()
    assert trail == [("reject", "alice", None, "reject"), ("accept", "alice", "reject", "accept")]


def test_judgements_cannot_be_deleted(store):
    _judge(store, fact_table="budgets", action="reject", annotator="alice",
           fact_id=_machine_id(store, "budgets", "Rp 1,2 miliar"))
    with pytest.raises(Exception, match="never deleted"):
        store.db.execute("DELETE FROM judgements")


def test_an_edit_with_a_status_outside_the_annotation_guide_is_refused(store):
    with pytest.raises(JudgementError, match="status must be one of"):
        _judge(store, fact_table="worker_counts", action="edit", annotator="alice",
               fact_id=_machine_id(store, "worker_counts", "3 ribu pengemudi"), values={"status": "banyak"})


def test_an_added_official_takes_a_region_by_its_canonical_name(store):
    start, end = _span(store, "Maya Kusuma")
    _judge(store, fact_table="officials", action="add", annotator="alice", start=start, end=end,
           values={"name": "Maya Kusuma", "position": "Kepala Kantor Cabang", "region_code": "Kota Samarinda"})
    assert store.db.execute("SELECT name, region_code, origin FROM officials_current WHERE name = 'Maya Kusuma'"
                            ).fetchall() == [("Maya Kusuma", "6472", "human")]


def test_re_extraction_never_touches_judgements(store):
    _judge(store, fact_table="budgets", action="reject", annotator="alice",
           fact_id=_machine_id(store, "budgets", "Rp 1,2 miliar"))
    before = store.db.execute("SELECT * FROM judgements").fetchall()
    store.db.execute("UPDATE articles SET extractor_version = 'older'")
    store.db.conn.commit()
    ingest_paths([FIXTURE], store.path)
    assert store.db.execute("SELECT * FROM judgements").fetchall() == before
    assert store.db.execute("SELECT COUNT(*) FROM budgets_current").fetchone()[0] == 0


def test_a_judgement_follows_its_quote_when_text_is_inserted_before_it(store):
    start, end = _span(store, "Maya Kusuma")
    _judge(store, fact_table="officials", action="add", annotator="alice", start=start, end=end,
           values={"name": "Maya Kusuma"})
    _rewrite_text(store, lambda text: "Pembaruan: judul diperbaiki.\n" + text)
    row = store.db.execute("SELECT start, anchor_status FROM judgements").fetchone()
    assert row == (start + len("Pembaruan: judul diperbaiki.\n"), "re-anchored")
    assert store.db.execute("SELECT COUNT(*) FROM officials_current WHERE name = 'Maya Kusuma'").fetchone()[0] == 1


def test_a_judgement_whose_quote_vanished_is_orphaned_and_listed(store):
    start, end = _span(store, "Maya Kusuma")
    _judge(store, fact_table="officials", action="add", annotator="alice", start=start, end=end,
           values={"name": "Maya Kusuma"})
    _rewrite_text(store, lambda text: text.replace("Maya Kusuma", "Maya K."))
    assert [(o["quote"], o["annotator"]) for o in orphaned(store.db)] == [("Maya Kusuma", "alice")]
    assert store.db.execute("SELECT COUNT(*) FROM officials_current WHERE name = 'Maya Kusuma'").fetchone()[0] == 0


def test_an_orphan_comes_back_when_its_quote_returns(store):
    start, end = _span(store, "Maya Kusuma")
    _judge(store, fact_table="officials", action="add", annotator="alice", start=start, end=end,
           values={"name": "Maya Kusuma"})
    _rewrite_text(store, lambda text: text.replace("Maya Kusuma", "Maya K."))
    _rewrite_text(store, lambda text: text)
    assert store.db.execute("SELECT anchor_status FROM judgements").fetchone() == ("re-anchored",)


def test_context_decides_between_two_occurrences_of_a_quote():
    text = "Di Samarinda 3 ribu pekerja terdaftar. Di Balikpapan 3 ribu pekerja belum terdaftar."
    assert locate(text, "3 ribu pekerja", "Di Balikpapan ", " belum", 0) == (53, 67)


def test_two_occurrences_without_any_matching_context_are_not_guessed():
    assert locate("3 orang dan 3 orang", "3 orang", "xyz ", " abc", 0) is None


def test_gold_export_holds_only_reviewed_articles_in_the_annotation_shape(store):
    _judge(store, fact_table="worker_counts", action="edit", annotator="alice",
           fact_id=_machine_id(store, "worker_counts", "3 ribu pengemudi"), values={"value_workers": "3.500"})
    mark_done(store.db, ARTICLE, "alice")
    [gold] = list(export_gold(store.db))
    assert gold["id"] == ARTICLE
    assert set(gold["facts"]) == {"officials", "regions", "worker_counts", "budgets", "programs", "percentages",
                                  "event_date"}
    assert {"value": 3500, "status": "unprotected", "group": "pengemudi", "region": "Kota Samarinda",
            "text": "3 ribu pengemudi"} \
        in gold["facts"]["worker_counts"]


@pytest.mark.parametrize("table, text, values, refusal", [
    ("budgets", "Rp 1,2 miliar", {"amount_idr": "-1200000000"}, "amount_idr must be between 1 and"),
    ("budgets", "Rp 1,2 miliar", {"amount_idr": "0"}, "amount_idr must be between 1 and"),
    ("budgets", "Rp 1,2 miliar", {"amount_idr": "1" + "0" * 20}, "out of range"),
    ("worker_counts", "4.200 pengemudi", {"value_workers": "-4200"}, "value_workers must be between 1 and"),
    ("worker_counts", "4.200 pengemudi", {"value_workers": "9000000000"}, "out of range"),
])
def test_an_edit_with_an_impossible_number_is_refused_with_its_range(store, table, text, values, refusal):
    fact = store.db.execute(f"SELECT id FROM [{table}] WHERE article_id = ? AND text LIKE ?",
                            [ARTICLE, f"{text}%"]).fetchone()[0]
    with pytest.raises(JudgementError, match=refusal):
        _judge(store, fact_table=table, action="edit", annotator="alice", fact_id=fact, values=values)
    assert store.db.execute("SELECT COUNT(*) FROM judgements").fetchone()[0] == 0


@pytest.mark.parametrize("table, values, refusal", [
    ("percentages", {"value_percent": "150", "subject": "coverage"}, "value_percent must be between 0 and 100"),
    ("percentages", {"value_percent": "nan", "subject": "coverage"}, "out of range"),
    ("event_dates", {"date": "0024-05-13"}, "not a year from 1900 to 2100"),
    ("officials", {"name": "Andi " * 200}, "longer than 500 characters"),
])
def test_an_added_fact_with_an_out_of_range_value_is_refused(store, table, values, refusal):
    start, end = _span(store, "Andi Harun")
    with pytest.raises(JudgementError, match=refusal):
        _judge(store, fact_table=table, action="add", annotator="alice", start=start, end=end, values=values)


def test_an_edit_within_the_ranges_is_recorded(store):
    fact = _machine_id(store, "budgets", "Rp 1,2 miliar")
    _judge(store, fact_table="budgets", action="edit", annotator="alice", fact_id=fact,
           values={"amount_idr": "1.250.000.000"})
    assert store.db.execute("SELECT amount_idr FROM budgets_current WHERE article_id = ?", [ARTICLE]).fetchone() == (
        1_250_000_000,)
