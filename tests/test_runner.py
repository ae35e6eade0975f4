"""The one chain of every command (pipeline/runner.py): store, resolve people, install views, record the run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.loading import load_path
from pipeline.runner import LockHeld, RunHooks, Runner, RunLock
from pipeline.serving import view_statements

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    db = tmp_path_factory.mktemp("runner") / "kb.db"
    summary = Runner(db, kind="ingest").run(load_path(CORPUS))
    conn = sqlite3.connect(db)
    yield summary, conn
    conn.close()


def test_a_run_stores_the_readable_documents_and_lists_the_rest_as_skipped(ran):
    summary, _ = ran
    assert (summary.outcome, len(summary.skipped)) == ({"new": 2}, 3)


def test_a_run_is_recorded_with_its_kind_status_and_counts(ran):
    summary, conn = ran
    row = conn.execute("SELECT kind, status, ended_at, counts FROM runs WHERE id = ?", [summary.run_id]).fetchone()
    assert row[:2] == ("ingest", "ok") and row[2]
    assert row[3] == '{"new": 2, "skipped": 3}'


def test_a_run_resolves_people_and_installs_the_views(ran):
    _, conn = ran
    assert conn.execute("SELECT count(*) FROM people WHERE article_count > 0").fetchone()[0] > 0
    views = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert {name for name, _ in view_statements()} <= views


def test_hooks_see_the_run_start_and_every_document(tmp_path):
    class Seen(RunHooks):
        def __init__(self) -> None:
            self.events: list[str] = []

        def started(self, run_id, store) -> None:
            self.events.append(f"started {run_id}")

        def stored(self, item, status) -> None:
            self.events.append(status or "skipped")

    seen = Seen()
    Runner(tmp_path / "kb.db").run(load_path(CORPUS), seen)
    assert seen.events[0] == "started 1"
    assert sorted(seen.events[1:]) == ["new", "new", "skipped", "skipped", "skipped"]


def test_a_second_run_on_a_busy_database_is_refused(tmp_path):
    with RunLock(tmp_path / "kb.db"), pytest.raises(LockHeld, match="another warta run"):
        Runner(tmp_path / "kb.db").run([])


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted(tmp_path):
    db = tmp_path / "kb.db"
    Runner(db).run([])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE runs SET status = 'running', ended_at = NULL")
    Runner(db).run([])
    statuses = [s for (s,) in sqlite3.connect(db).execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_a_failing_document_source_marks_the_run_failed_with_the_reason(tmp_path):
    def broken():
        yield from load_path(CORPUS / "kaltara_nelayan.txt")
        raise OSError("disk gone")

    with pytest.raises(OSError):
        Runner(tmp_path / "kb.db").run(broken())
    row = sqlite3.connect(tmp_path / "kb.db").execute("SELECT status, message FROM runs").fetchone()
    assert row == ("failed", "OSError: disk gone")
