"""A whole crawl run: one fetch thread per source, handing Documents to the runner (pipeline/runner.py).

Hosts are fetched concurrently but each source is crawled by one thread.  Fetched pages pass
through a bounded queue to the runner, which extracts and stores them on the calling thread as
`warta ingest` does (then resolves people, installs views and records the run).  A frontier URL is
marked done only after its article is stored, so a run killed at any moment loses nothing: the
next run fetches what was left, and marks the killed run 'interrupted'.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..records import Document, Extraction, Skipped
from ..runner import RunHooks, Runner, RunSummary
from .fetching import DEFAULT_CONTACT, Fetcher
from .frontier import Frontier
from .registry import Source
from .source_crawl import SourceCrawl, SourceReport, Stopped
from .warc import WarcSink

if TYPE_CHECKING:
    from ..storage import Store
    from .duplicates import NearDuplicates

log = logging.getLogger(__name__)

_DONE = object()  # a source thread's last item on the queue


@dataclass
class CrawlSummary:
    """What a run did, per source, and what the database holds afterwards."""

    run_id: int
    sources: list[SourceReport]
    seconds: float
    counts: dict[str, int]
    integrity_ok: bool | None = None

    @property
    def failed_sources(self) -> list[SourceReport]:
        return [s for s in self.sources if s.unreachable]


class Crawler(RunHooks):
    """Discovers and fetches the sources' articles (fetch threads); the runner stores them (this thread)."""

    def __init__(self, sources: list[Source], db_path: Path, *, max_pages: int | None = None,
                 warc_dir: Path | None = None, contact: str = DEFAULT_CONTACT, workers: int = 8,
                 kind: str = "crawl", on_progress: Callable[[str, str], None] | None = None,
                 extraction_workers: int = 1) -> None:
        self.extraction_workers = extraction_workers  # processes extracting fetched pages (the runner's)
        self.sources = [replace(s, max_pages=max_pages) if max_pages is not None else s for s in sources]
        self.db_path = Path(db_path)
        self.warc_dir = warc_dir
        self.contact = contact
        self.workers = max(1, min(workers, len(self.sources)))
        self.kind = kind
        self.on_progress = on_progress or (lambda source, status: None)
        self.reports = {s.name: SourceReport(s.name) for s in self.sources}
        self.run_id: int | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=32)
        self._waiting: dict[str, str] = {}  # frontier URL of a queued page -> sha256 of its body
        self._stop = threading.Event()
        self._open: list[Any] = []  # what started() opened, closed after the run
        self._pool: ThreadPoolExecutor | None = None

    def run(self) -> CrawlSummary:
        """One whole crawl through the runner; raises LockHeld when another run holds the database."""
        runner = Runner(self.db_path, kind=self.kind, batch_size=4, sources=len(self.sources), check_integrity=True,
                        workers=self.extraction_workers)
        try:
            summary = runner.run(self._documents(), self)
        finally:
            self._stop.set()  # on an error while storing, fetch threads end instead of filling the queue
            if self._pool:
                self._pool.shutdown(wait=True)
            for resource in reversed(self._open):
                resource.close()
        return CrawlSummary(summary.run_id, list(self.reports.values()), summary.seconds, summary.counts,
                            summary.integrity_ok)

    def started(self, run_id: int, store: Store) -> None:
        """The run is recorded: open the frontier and start one fetch thread per source."""
        from .duplicates import (
            NearDuplicates,  # datasketch costs a second to import: only crawls pay it
        )

        self.run_id = run_id
        self._store = store
        self._near: NearDuplicates = NearDuplicates(store.db)
        self._frontier = Frontier(self.db_path)
        warc = None
        if self.warc_dir:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            warc = WarcSink(self.warc_dir / f"warta-{stamp}-run{run_id}.warc.gz")
        fetcher = Fetcher(self.contact, warc)
        self._open = [self._frontier, *([warc] if warc else []), fetcher]
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="crawl")
        for source in self.sources:
            self._pool.submit(self._source_thread, source, fetcher, self._frontier)

    def record(self, summary: RunSummary) -> dict[str, Any]:
        failed = [s.name for s in self.reports.values() if s.unreachable]
        return {
            "status": "failed" if failed else "ok",
            "message": f"{len(failed)} of {len(self.sources)} sources failed: {', '.join(failed)}" if failed else None,
            "counts": json.dumps({n: r.counts() for n, r in self.reports.items()}, ensure_ascii=False),
            "errors": json.dumps({n: r.errors for n, r in self.reports.items() if r.errors}, ensure_ascii=False),
        }

    def _source_thread(self, source: Source, fetcher: Fetcher, frontier: Frontier) -> None:
        report = self.reports[source.name]
        try:
            SourceCrawl(source, fetcher, frontier, report, self.run_id, self._deliver, self._stop).run()
        except Stopped:
            pass
        except Exception as error:  # one broken outlet must not stop the others
            log.exception("crawl of %s failed", source.name)
            report.unreachable = True
            report.error(f"{type(error).__name__}: {error}")
        finally:
            try:
                self._put(_DONE)
            except Stopped:
                pass

    def _deliver(self, document: Document, sha: str) -> None:
        self._waiting[document.source] = sha
        self._put(document)

    def _put(self, item: Any) -> None:
        """Queue an item, giving up (Stopped) when the storing side has ended."""
        while True:
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                if self._stop.is_set():
                    raise Stopped from None

    def _documents(self) -> Iterator[Document]:
        finished = 0
        while finished < len(self.sources):
            item = self._queue.get()
            if item is _DONE:
                finished += 1
            else:
                yield item

    def stored(self, item: Extraction | Skipped, status: str | None) -> None:
        """The runner saved one page (or skipped it): only now is its URL done; a kill in between refetches it.
        Articles the runner re-extracted from the base (not pages of this crawl) are none of its business."""
        frontier = self._frontier
        if (item.source if isinstance(item, Skipped) else item.article.source) not in self._waiting:
            return
        if isinstance(item, Skipped):
            url = item.source
            source = (frontier.row(url) or {}).get("source", "")
            self.reports.setdefault(source, SourceReport(source)).skipped += 1
            frontier.mark(url, "skipped", last_error=item.reason, content_sha256=self._waiting.pop(url, None))
            self.on_progress(source, "skipped")
            return
        url = item.article.source
        source = item.article.outlet or ""
        report = self.reports.setdefault(source, SourceReport(source))
        report.stored[status] = report.stored.get(status, 0) + 1
        if status in ("new", "updated") and self._near.add(item.article.id, item.article.text):
            report.near_duplicates += 1
        frontier.mark(url, "done", content_sha256=self._waiting.pop(url, None),
                      article_id=_stored_id(self._store, item, status), last_error=None)
        log.info("%s %s", status, url)
        self.on_progress(source, status)


def _stored_id(store: Store, extraction: Extraction, status: str) -> str | None:
    """The stored article a page ended up as (another one's id when it was a duplicate)."""
    if status != "duplicate":
        return extraction.article.id
    url = extraction.article.url or extraction.article.source
    row = store.db.execute("SELECT article_id FROM article_aliases WHERE url = ?", [url]).fetchone()
    return row[0] if row else None
