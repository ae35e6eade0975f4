"""A whole crawl run: one fetch thread per source, storing on the calling thread, recorded in runs.

Hosts are fetched concurrently but each source is crawled by one thread.  Fetched pages pass
through a bounded queue to the extractor and the store; a frontier URL is marked done only after
its article is stored, so a run killed at any moment loses nothing: the next run fetches what was
left, and marks the killed run 'interrupted'.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import now_iso
from ..records import Document, Extraction, Skipped
from .fetching import DEFAULT_CONTACT, Fetcher
from .frontier import Frontier
from .registry import Source
from .source_crawl import SourceCrawl, SourceReport, Stopped
from .warc import WarcSink

if TYPE_CHECKING:
    from ..extraction import Extractor
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

    @property
    def failed_sources(self) -> list[SourceReport]:
        return [s for s in self.sources if s.unreachable]


class Crawler:
    """Discovers and fetches the sources' articles (fetch threads) and stores them (this thread)."""

    def __init__(self, sources: list[Source], db_path: Path, *, max_pages: int | None = None,
                 warc_dir: Path | None = None, contact: str = DEFAULT_CONTACT, workers: int = 8,
                 kind: str = "crawl", on_progress: Callable[[str, str], None] | None = None) -> None:
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

    def run(self) -> CrawlSummary:
        """One whole crawl, recorded in the runs table (status running -> ok or failed)."""
        from ..extraction import Extractor
        from ..storage import Store

        started = time.monotonic()
        with Store(self.db_path) as store:
            self._close_interrupted_runs(store)
            self.run_id = store.db["runs"].insert(
                {"kind": self.kind, "started_at": now_iso(), "status": "running", "pid": os.getpid(),
                 "sources": len(self.sources)}).last_pk
            store.db.conn.commit()
            status, message = "failed", None
            try:
                self._crawl(store, Extractor(batch_size=4))
                failed = [s.name for s in self.reports.values() if s.unreachable]
                status = "ok" if not failed else "failed"
                message = f"{len(failed)} of {len(self.sources)} sources failed: {', '.join(failed)}" if failed else None
            except BaseException as error:
                message = f"{type(error).__name__}: {error}"
                raise
            finally:
                store.db["runs"].update(self.run_id, {
                    "ended_at": now_iso(), "status": status, "message": message,
                    "counts": json.dumps({n: r.counts() for n, r in self.reports.items()}, ensure_ascii=False),
                    "errors": json.dumps({n: r.errors for n, r in self.reports.items() if r.errors},
                                         ensure_ascii=False)})
                store.db.conn.commit()
            counts = store.counts()
        return CrawlSummary(self.run_id, list(self.reports.values()), time.monotonic() - started, counts)

    @staticmethod
    def _close_interrupted_runs(store: Store) -> None:
        """Runs left 'running' by a killed process (we hold the lock, so none is alive)."""
        with store.db.conn:
            store.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def _crawl(self, store: Store, extractor: Extractor) -> None:
        from .duplicates import (
            NearDuplicates,  # datasketch costs a second to import: only crawls pay it
        )

        frontier = Frontier(self.db_path)
        warc = None
        if self.warc_dir:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            warc = WarcSink(self.warc_dir / f"warta-{stamp}-run{self.run_id}.warc.gz")
        fetcher = Fetcher(self.contact, warc)
        near = NearDuplicates(store.db)
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="crawl") as pool:
                for source in self.sources:
                    pool.submit(self._source_thread, source, fetcher, frontier)
                try:
                    for item in extractor.extract_documents(self._documents()):
                        self._store(item, store, frontier, near)
                finally:
                    self._stop.set()  # on an error here, fetch threads end instead of filling the queue
        finally:
            fetcher.close()
            frontier.close()
            if warc:
                warc.close()

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

    def _store(self, item: Extraction | Skipped, store: Store, frontier: Frontier, near: NearDuplicates) -> None:
        """Save one extraction, then (only then) mark its URL done: a kill in between refetches it."""
        if isinstance(item, Skipped):
            url = item.source
            source = (frontier.row(url) or {}).get("source", "")
            self.reports.setdefault(source, SourceReport(source)).skipped += 1
            frontier.mark(url, "skipped", last_error=item.reason, content_sha256=self._waiting.pop(url, None))
            log.info("skipped %s: %s", url, item.reason)
            self.on_progress(source, "skipped")
            return
        url = item.article.source
        source = item.article.outlet or ""
        status = store.save(item)
        report = self.reports.setdefault(source, SourceReport(source))
        report.stored[status] = report.stored.get(status, 0) + 1
        if status in ("new", "updated") and near.add(item.article.id, item.article.text):
            report.near_duplicates += 1
        frontier.mark(url, "done", content_sha256=self._waiting.pop(url, None),
                      article_id=_stored_id(store, item, status), last_error=None)
        log.info("%s %s", status, url)
        self.on_progress(source, status)


def _stored_id(store: Store, extraction: Extraction, status: str) -> str | None:
    """The stored article a page ended up as (another one's id when it was a duplicate)."""
    if status != "duplicate":
        return extraction.article.id
    url = extraction.article.url or extraction.article.source
    row = store.db.execute("SELECT article_id FROM article_aliases WHERE url = ?", [url]).fetchone()
    return row[0] if row else None
