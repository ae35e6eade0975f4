"""Extraction in worker processes (Runner(workers=N), `--workers`): one writer stores exactly what one process would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.loading import load_path
from pipeline.runner import RunHooks, Runner

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INPUTS = [FIXTURES.parent.parent / "corpus", FIXTURES / "pages", FIXTURES / "corpus"]
VOLATILE = {"articles": ["stored_at", "fetched_at"]}


class Order(RunHooks):
    """The order in which the writer stored (or skipped) documents."""

    def __init__(self) -> None:
        self.stored_in_order: list[tuple[str, str | None]] = []

    def stored(self, item, status) -> None:
        source = item.source if status is None else item.article.source
        self.stored_in_order.append((source, status))


def _documents():
    return (document for path in INPUTS for document in load_path(path))


def _dump(db: Path, rowid: bool = True) -> dict[str, list[tuple]]:
    """Every row of every table (rowid, the order of commits, first), minus the clock's columns and the runs."""
    conn = sqlite3.connect(db)
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' AND name != 'runs' "
                                               "ORDER BY name")]
    dump = {}
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")
                   if row[1] not in VOLATILE.get(table, [])]
        listed = ", ".join(f"[{c}]" for c in columns)
        rows = conn.execute(f"SELECT {'rowid, ' if rowid else ''}{listed} FROM [{table}] ORDER BY rowid").fetchall()
        dump[table] = rows if rowid else sorted(rows, key=repr)
    conn.close()
    return dump


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The same documents run by one process and by two workers taking chunks of two documents."""
    results = {}
    for workers in (1, 2):
        db = tmp_path_factory.mktemp(f"workers{workers}") / "kb.db"
        order = Order()
        summary = Runner(db, batch_size=2, workers=workers).run(_documents(), order)
        results[workers] = (db, order, summary)
    return results


def test_two_workers_store_the_same_rows_with_the_same_ids_as_one(runs):
    one, two = _dump(runs[1][0]), _dump(runs[2][0])
    assert one["articles"] and one["sentences"]
    assert two == one


def test_two_workers_hand_the_writer_the_documents_in_input_order(runs):
    assert runs[2][1].stored_in_order == runs[1][1].stored_in_order


def test_two_workers_skip_the_same_documents_for_the_same_reasons(runs):
    assert [(s.source, s.reason) for s in runs[2][2].skipped] == [(s.source, s.reason) for s in runs[1][2].skipped]


def test_re_extraction_in_workers_gives_the_rows_of_a_first_extraction(runs, tmp_path):
    db = tmp_path / "kb.db"
    db.write_bytes(runs[1][0].read_bytes())
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET extractor_version = 'an older rule set'")
    conn.close()
    summary = Runner(db, kind="reextract", workers=2).run([])
    assert summary.outcome == {"updated": len(_dump(db)["articles"])}
    assert _dump(db, rowid=False) == _dump(runs[1][0], rowid=False)
