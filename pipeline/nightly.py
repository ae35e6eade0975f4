"""The unattended nightly job: crawl every source, store, and leave a record a person can check.

`warta nightly [--config FILE]` runs under cron or a systemd timer.  It takes the database lock
(a second run exits at once), crawls with pipeline.crawling, prints a summary on stdout (and
appends it to the log file), and returns an exit code with a one-line reason, so a failure mails
its owner.  The crawl goes through the same runner as `warta ingest` (pipeline/runner.py), which
records the run in the runs table; a killed run is marked 'interrupted' by the next one, which
resumes from the frontier.

The config file is TOML; every key is optional and relative paths are relative to the file:

    db = "extracted.db"             # the knowledge base
    sources = "my-outlets.toml"     # outlets in the format of resources/outlets.toml
    shipped_outlets = true          # also follow the shipped registry (default: only when no sources)
    max_pages = 200                 # article pages per source and run (overrides the registry)
    warc_dir = "warc"               # keep raw responses as WARC files there
    log_file = "nightly.log"        # append log lines there as well as to stderr
    contact = "https://example.org/warta-crawler"   # put into the User-Agent
    [politeness]                    # overrides of the registry's [defaults] for every outlet
    min_delay = 5.0
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .crawling import (
    DEFAULT_CONTACT,
    POLITENESS_KEYS,
    CrawlSummary,
    Source,
    SourceReport,
    load_sources,
)

# The CLI prints the summary on stdout; as log lines it goes to log files only, not again to the terminal.
summary_log = logging.getLogger("warta.summary")
summary_log.propagate = False

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_LOCKED = 75  # EX_TEMPFAIL: another run is busy, try again later


@dataclass
class NightlyConfig:
    db: Path = Path("extracted.db")
    sources: Path | None = None
    shipped_outlets: bool | None = None
    max_pages: int | None = None
    warc_dir: Path | None = None
    log_file: Path | None = None
    contact: str = DEFAULT_CONTACT
    politeness: dict[str, Any] = field(default_factory=dict)

    def outlets(self) -> list[Source]:
        """The user's sources and/or the shipped registry, with the config's politeness overrides."""
        found: list[Source] = []
        if self.sources:
            found += load_sources(self.sources, **self.politeness)
        if self.shipped_outlets or (self.shipped_outlets is None and not self.sources):
            names = {s.name for s in found}
            found += [s for s in load_sources(None, **self.politeness) if s.name not in names]
        return found


def load_config(path: Path | None) -> NightlyConfig:
    """Read a nightly config file (see the module docstring); no file means all defaults."""
    if path is None:
        return NightlyConfig()
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    base = Path(path).resolve().parent
    known = {"db", "sources", "shipped_outlets", "max_pages", "warc_dir", "log_file", "contact", "politeness"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    politeness = data.get("politeness", {})
    if set(politeness) - POLITENESS_KEYS:
        raise ValueError(f"{path}: unknown politeness keys {sorted(set(politeness) - POLITENESS_KEYS)}")

    def resolve(key: str) -> Path | None:
        return base / data[key] if key in data else None

    return NightlyConfig(
        db=resolve("db") or Path("extracted.db"), sources=resolve("sources"),
        shipped_outlets=data.get("shipped_outlets"), max_pages=data.get("max_pages"),
        warc_dir=resolve("warc_dir"), log_file=resolve("log_file"), contact=data.get("contact", DEFAULT_CONTACT),
        politeness=politeness,
    )


def source_line(report: SourceReport) -> str:
    """One plain log line per source, for cron mail and log files."""
    stored = " ".join(f"{status}={number}" for status, number in sorted(report.stored.items())) or "none"
    line = (f"{report.name}: discovered={report.discovered} fetched={report.fetched} "
            f"not_modified={report.not_modified} stored[{stored}] near_duplicates={report.near_duplicates} "
            f"skipped={report.skipped} failed={report.failed} disallowed={report.disallowed} "
            f"errors={len(report.errors)}")
    return line + (" UNREACHABLE" if report.unreachable else "")


def summary_lines(summary: CrawlSummary) -> list[str]:
    lines = [source_line(report) for report in summary.sources]
    totals = ", ".join(f"{name}={number}" for name, number in summary.counts.items())
    lines.append(f"run {summary.run_id} done in {summary.seconds:.0f}s; database now holds {totals}")
    return lines


def verdict(summary: CrawlSummary) -> tuple[int, str]:
    """Exit code and its one-line reason."""
    if summary.integrity_ok is False:
        return EXIT_FAILED, "database failed PRAGMA integrity_check"
    failed = summary.failed_sources
    if failed:
        names = ", ".join(s.name for s in failed)
        return EXIT_FAILED, f"{len(failed)} of {len(summary.sources)} sources unreachable: {names}"
    return EXIT_OK, f"ok: {len(summary.sources)} sources crawled (run {summary.run_id})"


@contextmanager
def log_file(path: Path | None) -> Iterator[None]:
    """Also append the run's log lines and summary to a file (the cron job's durable record)."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    summary_log.addHandler(handler)
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)
    try:
        yield
    finally:
        root.removeHandler(handler)
        summary_log.removeHandler(handler)
        handler.close()
