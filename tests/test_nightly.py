"""The unattended job: exit codes, the runs table, the lock, and resuming after kill -9."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
from logging.handlers import BufferingHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.runner import RunLock
from pipeline.nightly import EXIT_LOCKED, load_config
from tests.newssite_server import ARTICLE_PATHS, NewsSite

ROOT = Path(__file__).resolve().parent.parent
FAST_DEFAULTS = "[defaults]\nmin_delay = 0.0\ntimeout = 0.5\nbackoff = 0.05\nretries = 2\n"


@pytest.fixture(scope="module")
def site():
    with NewsSite(slow_seconds=1.5) as running:
        yield running


def write_config(folder: Path, home: str, name: str = "Warta Borneo") -> Path:
    (folder / "outlets.toml").write_text(f'{FAST_DEFAULTS}\n[[outlet]]\nname = "{name}"\nhome = "{home}"\n',
                                         encoding="utf-8")
    config = folder / "nightly.toml"
    config.write_text('db = "kb.db"\nsources = "outlets.toml"\nlog_file = "log/nightly.log"\n', encoding="utf-8")
    return config


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9/"))
    assert config.db == tmp_path / "kb.db"
    assert [s.name for s in config.outlets()] == ["Warta Borneo"]


def test_nightly_crawls_logs_and_records_the_run(tmp_path, site):
    result = CliRunner().invoke(cli, ["nightly", "--config", str(write_config(tmp_path, site.url("/")))])
    assert result.exit_code == 0, result.output
    assert "Warta Borneo: discovered=" in result.output
    assert "ok: 1 sources crawled" in result.output
    runs = sqlite3.connect(tmp_path / "kb.db").execute("SELECT kind, status, ended_at, counts FROM runs").fetchall()
    assert [(kind, status) for kind, status, _, _ in runs] == [("nightly", "ok")]
    assert '"new": 7' in runs[0][3]
    assert "Warta Borneo: discovered=" in (tmp_path / "log" / "nightly.log").read_text(encoding="utf-8")


def test_second_concurrent_run_exits_at_once_with_a_message(tmp_path):
    config = write_config(tmp_path, "http://127.0.0.1:9/")
    with RunLock(tmp_path / "kb.db"):
        result = CliRunner().invoke(cli, ["nightly", "--config", str(config)])
    assert result.exit_code == EXIT_LOCKED
    assert "another warta run" in result.output


def test_unreachable_source_exits_non_zero_with_a_one_line_reason(tmp_path):
    result = CliRunner().invoke(cli, ["nightly", "--config", str(write_config(tmp_path, "http://127.0.0.1:9/", "Mati"))])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "1 of 1 sources unreachable: Mati"


def test_summary_is_printed_once_and_not_repeated_as_terminal_log_lines(tmp_path):
    terminal = BufferingHandler(capacity=10_000)  # stands for the stderr handler `warta` installs on the root
    logging.getLogger().addHandler(terminal)
    try:
        result = CliRunner().invoke(cli, ["nightly", "--config", str(write_config(tmp_path, "http://127.0.0.1:9/", "Mati"))])
    finally:
        logging.getLogger().removeHandler(terminal)
    assert result.output.count("Mati: discovered=") == 1
    assert not [r for r in terminal.buffer if "discovered=" in r.getMessage()]
    assert "Mati: discovered=" in (tmp_path / "log" / "nightly.log").read_text(encoding="utf-8")


def _stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path, site):
    db = tmp_path / "kb.db"
    command = [sys.executable, "-m", "pipeline.cli", "-q", "crawl", "--site", site.url("/"), "--db", str(db),
               "--delay", "0", "--timeout", "0.5"]
    # killed midway through storing, as kill -9 would (SQLite traces each article row's insert 3 times)
    env = {**os.environ, "WARTA_KILL_AT_STATEMENT": r"7:INSERT INTO \[articles\]"}
    crawl = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=300)
    assert crawl.returncode == -signal.SIGKILL, "the crawl ended before it could be killed mid-way"
    assert 0 < _stored_articles(db) < len(ARTICLE_PATHS)

    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    urls = [row[0] for row in conn.execute("SELECT canonical_url FROM articles")]
    assert sorted(urls) == sorted(site.url(p) for p in ARTICLE_PATHS)
    assert [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")] == ["interrupted", "ok"]
