"""Long commands tell how far they are, and a run that read nothing usable says so and fails."""

import logging
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import LogProgress, cli


def test_ingest_of_nothing_usable_exits_non_zero_and_says_why(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "short.txt").write_text("Terlalu pendek.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 1
    assert "nothing usable was read" in result.output and "1 documents skipped" in result.output


def test_progress_under_cron_is_a_log_line_with_done_total_rate_skipped_and_time_left(caplog, monkeypatch):
    monkeypatch.setattr(LogProgress, "LOG_EVERY", 0.0)
    progress = LogProgress(4, "extracting")
    with caplog.at_level(logging.INFO, logger="warta"):
        progress.advance(skipped=True)
    [line] = caplog.messages
    assert line.startswith("extracting: 1/4 done, ") and ", 1 skipped, " in line and line.endswith(" s left")
