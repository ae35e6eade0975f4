"""The commands an operator runs fail in one line with a documented exit code, never a traceback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.serving import EXIT_PORT_BUSY


def _warta(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "-q", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def kb(review_kb: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kb.db"
    copy.write_bytes(review_kb.read_bytes())
    return copy


def test_serve_on_a_busy_port_says_so_in_one_line_and_never_claims_to_serve(kb):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = _warta("serve", "--db", str(kb), "--port", str(taken.getsockname()[1]))
    assert done.returncode == EXIT_PORT_BUSY
    assert "serving" not in done.stdout
    assert done.stderr.strip().count("\n") == 0 and "another program is listening there" in done.stderr


def test_a_short_password_is_refused(kb):
    done = _warta("user", "add", "alice", "--db", str(kb), "--password", "pendek")
    assert done.returncode == 2 and "at least 10 characters" in done.stderr


def test_user_list_names_the_accounts_and_remove_takes_one_away(kb):
    for name in ("bob", "alice"):
        _warta("user", "add", name, "--db", str(kb), "--password", "rahasia-panjang")
    assert _warta("user", "list", "--db", str(kb)).stdout.split() == ["alice", "bob"]
    _warta("user", "remove", "bob", "--db", str(kb))
    assert _warta("user", "list", "--db", str(kb)).stdout.split() == ["alice"]


def test_removing_an_unknown_account_fails_in_one_line(kb):
    done = _warta("user", "remove", "carol", "--db", str(kb))
    assert done.returncode == 1 and "no account 'carol'" in done.stderr and "Traceback" not in done.stderr


def test_importing_a_file_that_is_no_export_fails_in_one_line(kb, tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text("[{not json", encoding="utf-8")
    done = _warta("import", "--format", "labelstudio", str(path), "--annotator", "alice", "--db", str(kb))
    assert done.returncode == 1 and "is not a labelstudio export" in done.stderr
    assert "Traceback" not in done.stderr


def test_importing_nothing_usable_exits_non_zero_and_says_why(kb, tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps({"text": "lain", "meta": {"article_id": "not-here"}, "answer": "accept",
                                "spans": []}) + "\n", encoding="utf-8")
    done = _warta("import", "--format", "prodigy", str(path), "--annotator", "alice", "--db", str(kb))
    assert done.returncode == 1 and "nothing imported" in done.stderr and "1 tasks read, 1 skipped" in done.stderr


def test_importing_a_missing_file_is_a_usage_error(kb, tmp_path):
    done = _warta("import", "--format", "prodigy", str(tmp_path / "nope.jsonl"), "--annotator", "alice",
                  "--db", str(kb))
    assert done.returncode == 2 and "does not exist" in done.stderr
