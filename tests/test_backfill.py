"""Archive backfill on Dask (pipeline/backfill.py): a real LocalCluster, real WARC files, real bases.

The generated archives hold duplicates within and across files, a page changed under its own URL
and under a tracking-parameter variant of it, an English page and a corrupt record; the backfilled
base must equal a serial `warta ingest` of the same files.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import distributed  # the dev extra installs it
import pytest
from click.testing import CliRunner

from pipeline.backfill import backfill, expand_inputs, merge_shard
from pipeline.bench import generate_corpus
from pipeline.bench_backfill import write_warc
from pipeline.cli import cli, ingest_paths
from pipeline.storage import connect

ENGLISH = ("<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
           + "<p>The harbour authority said on Monday that the new ferry terminal will open next month, "
             "and that ticket prices for residents will stay the same as last year.</p>" * 4
           + "</article></body></html>")
NOT_COMPARED = {"runs", "merged_shards", "near_duplicates"}  # a serial ingest has no shards or signatures
VOLATILE = {"stored_at", "seen_at"}


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("archives")
    generate_corpus(folder, 8)
    page = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))]
    for p in folder.glob("*.html"):
        p.unlink()
    url = [f"https://berita.example/daerah/{n}" for n in range(8)]
    changed = [p.replace("menyerahkan kartu kepesertaan", "membagikan kartu kepesertaan BPJS") for p in page]
    write_warc(folder / "a.warc.gz", [(url[0], page[0]), (url[1], page[1]), (url[2], page[2]), (url[3], page[3]),
                                      ("https://mirror.example/copy-0", page[0])], "2024-01-10T08:00:00Z")
    write_warc(folder / "b.warc.gz", [(url[4], page[4]), ("https://mirror.example/copy-1", page[1]),
                                      ("https://berita.example/english", ENGLISH), (url[2], changed[2]),
                                      (url[3] + "?utm_source=feed", changed[3]), (url[5], page[5])],
               "2024-03-05T08:00:00Z")  # a re-crawl: a changed page keeps the day it was first seen
    corrupt = write_warc(folder / "c.warc.gz", [(url[6], page[6]), (url[7], page[7])], "2024-05-01T08:00:00Z")
    corrupt.write_bytes(corrupt.read_bytes() + b"\x1f\x8b\x08\x00 this record is cut short")
    return folder


@pytest.fixture(scope="module")
def serial(archives, tmp_path_factory) -> tuple[Path, dict]:
    """`warta ingest` of each file in turn: within one run, Store.first_seen looks documents up before
    the earlier ones of their batch are stored, so a re-crawl in the same batch would keep its own date."""
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    runs = [ingest_paths([path], db) for path in sorted(archives.glob("*.warc.gz"))]
    summary = {"outcome": [run["outcome"] for run in runs], "skipped": [s for run in runs for s in run["skipped"]]}
    assert any(summary["outcome"]), summary["skipped"]  # extraction itself works: the comparisons mean something
    return db, summary


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as running:
        yield running


@pytest.fixture(scope="module")
def backfilled(archives, cluster, tmp_path_factory):
    db = tmp_path_factory.mktemp("backfill") / "extracted.db"
    summary = backfill(expand_inputs([str(archives)]), db, scheduler=cluster.scheduler_address)
    return db, summary


def content(path: Path) -> dict[str, list[str]]:
    """Every compared table's rows (timestamps left out), in a comparable order."""
    conn = sqlite3.connect(path)
    tables = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "AND name NOT LIKE '%_fts%'"):
        if name in NOT_COMPARED:
            continue
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info([{name}])") if row[1] not in VOLATILE]
        rows = conn.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{name}]").fetchall()
        tables[name] = sorted(json.dumps(row, default=repr) for row in rows)
    conn.close()
    return tables


def searched(path: Path, word: str) -> list[str]:
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT a.id FROM articles a JOIN articles_fts f ON f.rowid = a.rowid "
                                      "WHERE articles_fts MATCH ? ORDER BY a.id", [word])]
    conn.close()
    return ids


def test_the_backfilled_base_equals_a_serial_ingest_of_the_same_files(serial, backfilled):
    assert content(backfilled[0]) == content(serial[0])


def test_backfilling_into_a_base_that_holds_articles_equals_a_serial_ingest(archives, cluster, serial, tmp_path):
    db = tmp_path / "extracted.db"
    backfill([str(archives / "a.warc.gz")], db, scheduler=cluster.scheduler_address)  # views and layer installed
    backfill(expand_inputs([str(archives)]), db, scheduler=cluster.scheduler_address)
    assert content(db) == content(serial[0])


def test_the_fixture_exercises_duplicates_changes_and_skips(serial, backfilled):
    _, summary = backfilled
    assert summary.merged["duplicate"] >= 1 and summary.merged["updated"] == 2
    assert summary.skipped == len(serial[1]["skipped"]) == 2  # the English page and the corrupt record
    assert not summary.failed


def test_full_text_search_finds_the_same_articles(serial, backfilled):
    assert searched(backfilled[0], "membagikan") == searched(serial[0], "membagikan") != []


def test_the_backfill_is_recorded_in_runs_with_what_it_merged(backfilled):
    db, summary = backfilled
    conn = sqlite3.connect(db)
    kind, status, counts = conn.execute("SELECT kind, status, counts FROM runs WHERE id = ?",
                                        [summary.run_id]).fetchone()
    names = [r[0] for r in conn.execute("SELECT name FROM merged_shards ORDER BY rowid")]
    conn.close()
    assert (kind, status, json.loads(counts)["shards_merged"]) == ("backfill", "ok", 3)
    assert [n.split("-")[0] for n in names] == ["a", "b", "c"]


def test_near_duplicates_are_grouped_across_shards(backfilled):
    conn = sqlite3.connect(backfilled[0])
    grouped = conn.execute("SELECT count(*) FROM near_duplicates").fetchone()[0]
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert grouped == articles


def test_a_second_backfill_is_a_no_op(archives, cluster, backfilled):
    db, _ = backfilled
    before = content(db)
    again = backfill(expand_inputs([str(archives)]), db, scheduler=cluster.scheduler_address)
    assert (again.already_done, again.shards_merged, again.extracted) == (3, 0, 0)
    assert content(db) == before


def test_merging_a_shard_twice_changes_nothing(backfilled, tmp_path):
    db_path, _ = backfilled
    copy = tmp_path / "copy.db"
    shutil.copy(db_path, copy)
    db = connect(copy)
    before = content(copy)
    for name, input_name in db.execute("SELECT name, input FROM merged_shards ORDER BY rowid").fetchall():
        db.execute("DELETE FROM merged_shards WHERE name = ?", [name])
        db.conn.commit()
        shard = Path(f"{db_path}.backfill") / "shards" / f"{name}.db"
        assert merge_shard(db, shard, name, input_name)["new"] == 0
    db.close()
    assert content(copy) == before


def test_a_judgement_on_a_changed_article_is_re_anchored(archives, cluster, tmp_path):
    from pipeline.judgements import judge

    db_path = tmp_path / "extracted.db"
    backfill([str(archives / "a.warc.gz")], db_path, scheduler=cluster.scheduler_address)
    db = connect(db_path)
    article = db.execute("SELECT id FROM articles WHERE url = 'https://berita.example/daerah/2'").fetchone()[0]
    budget = db.execute("SELECT id FROM budgets WHERE article_id = ?", [article]).fetchone()[0]
    judge(db, article_id=article, fact_table="budgets", action="reject", annotator="alice", fact_id=budget)
    db.close()
    backfill([str(archives / "a.warc.gz"), str(archives / "b.warc.gz")], db_path, scheduler=cluster.scheduler_address)
    conn = sqlite3.connect(db_path)
    status, anchored_on = conn.execute("SELECT anchor_status, text_sha256 FROM judgements").fetchone()
    assert status == "re-anchored"
    assert anchored_on == conn.execute("SELECT text_sha256 FROM articles WHERE id = ?", [article]).fetchone()[0]
    conn.close()


def test_an_unreadable_shard_fails_its_input_and_is_extracted_again_next_time(archives, tmp_path):
    from pipeline.backfill import plan_tasks

    [task] = plan_tasks([str(archives / "a.warc.gz")], tmp_path / "work")
    for path, text in ((task.shard, "not a database" * 100), (task.marker, json.dumps({"name": task.name}))):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(text)
    summary = backfill([task.input], tmp_path / "kb.db", work_dir=tmp_path / "work")
    assert list(summary.failed) == [task.input] and "merge" in summary.failed[task.input]
    assert not Path(task.marker).exists()


def _kill_a_busy_worker(cluster, work_dir: Path, killed: list[int]) -> None:
    """As soon as a shard is being written, SIGKILL a worker that is processing a task."""
    with distributed.Client(cluster.scheduler_address) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            if list((work_dir / "shards").glob("*.partial.db")):
                busy = [address for address, keys in client.processing().items() if keys]
                if busy:
                    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
                    os.kill(pid, 9)
                    killed.append(pid)
            time.sleep(0.02)


def test_killing_a_worker_mid_task_loses_nothing(archives, cluster, serial, tmp_path):
    db = tmp_path / "extracted.db"
    killed: list[int] = []
    killer = threading.Thread(target=_kill_a_busy_worker, args=(cluster, Path(f"{db}.backfill"), killed))
    killer.start()
    summary = backfill(expand_inputs([str(archives)]), db, scheduler=cluster.scheduler_address)
    killer.join()
    assert killed and not summary.failed
    assert content(db) == content(serial[0])


def test_a_remote_archive_is_read_through_fsspec_and_keeps_its_url_as_source(archives, tmp_path):
    import fsspec

    from pipeline.backfill import plan_tasks, run_task

    fsspec.filesystem("memory").pipe("/archives/a.warc.gz", (archives / "a.warc.gz").read_bytes())
    [task] = plan_tasks(expand_inputs(["memory://archives"]), tmp_path)
    marker = run_task(task)
    conn = sqlite3.connect(task.shard)
    sources = {r[0].split("#")[0] for r in conn.execute("SELECT source FROM articles")}
    conn.close()
    assert (marker["articles"], sources) == (5, {"memory:///archives/a.warc.gz"})
    assert json.loads(Path(task.marker).read_text())["name"] == task.name


def test_an_archive_of_only_unusable_pages_exits_non_zero(cluster, tmp_path):
    warc = write_warc(tmp_path / "english.warc.gz", [("https://berita.example/english", ENGLISH)])
    result = CliRunner().invoke(cli, ["backfill", str(warc), "--db", str(tmp_path / "kb.db"),
                                      "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1
    assert "no article could be extracted" in result.output


def test_inputs_without_a_warc_file_are_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["backfill", str(tmp_path), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 2 and "no WARC file found" in result.output


def test_without_dask_the_command_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)
    result = CliRunner().invoke(cli, ["backfill", str(tmp_path), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: warta backfill needs Dask: pip install 'warta[dask]'"
