"""The one chain every command runs: Documents -> extraction -> storage -> people -> views, recorded in runs.

`warta run`, `warta ingest`, `warta crawl`, `warta nightly` and the benchmark all hand their
Documents to `Runner.run`, so a crawled article ends up exactly as an ingested one: stored, its
people resolved, the researchers' views installed, and the run recorded in the runs table
(running -> ok or failed; a run left 'running' by a killed process is marked 'interrupted' by the
next).  One run per database at a time: the runner holds the database's RunLock throughout.

A caller adds to a run through RunHooks: the crawler starts its fetch threads once the run is
recorded, marks each URL done once its article is stored, and puts its per-source counts on the
run's row.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import now_iso
from .database import transaction
from .records import Document, Extraction, Skipped
from .storage import Store

log = logging.getLogger(__name__)


class LockHeld(RuntimeError):
    """Another warta run works on the same database."""


class RunLock:
    """An exclusive flock beside the database; the kernel drops it when the holder dies (kill -9)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: IO[str] | None = None

    def __enter__(self) -> RunLock:
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise LockHeld(f"another warta run (pid {holder}) is using {self.path.name[:-5]}; "
                           f"exiting (lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle:
            self._handle.close()


@dataclass
class RunSummary:
    """What one run stored, skipped and left in the database."""

    run_id: int
    outcome: dict[str, int] = field(default_factory=dict)  # save status (new, updated, ...) -> documents
    skipped: list[Skipped] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table afterwards
    seconds: float = 0.0
    integrity_ok: bool | None = None  # None: not checked


class RunHooks:
    """What a caller adds to a run; every method is called on the runner's thread."""

    def started(self, run_id: int, store: Store) -> None:
        """The run is recorded; the documents are read after this returns."""

    def restarted(self, total: int) -> None:
        """A re-extraction of `total` stored articles begins (after the run's own documents)."""

    def stored(self, item: Extraction | Skipped, status: str | None) -> None:
        """One document stored (status as Store.save returns it) or skipped (status None)."""

    def record(self, summary: RunSummary) -> dict[str, Any]:
        """Columns of the run's row (status, message, counts, errors) overriding the runner's own."""
        return {}


class Runner:
    """Runs the chain over an iterable of Documents into the knowledge base at db_path."""

    def __init__(self, db_path: Path, *, kind: str = "ingest", backend: str = "spacy", batch_size: int = 16,
                 sources: int | None = None, check_integrity: bool = False,
                 reextract_where: str | None = None, workers: int = 1) -> None:
        self.db_path = Path(db_path)
        # Extraction runs in `workers` processes; this process alone writes, article by article, in
        # document order, so any number of workers stores the same rows.
        self.workers = workers
        # After its documents, every run re-extracts the stored articles that another extractor
        # version made (`warta reextract` narrows them with an SQL condition on articles).
        self.reextract_where = reextract_where
        self.kind = kind
        self.backend = backend
        self.batch_size = batch_size
        self.sources = sources
        self.check_integrity = check_integrity

    def run(self, documents: Iterable[Document | Skipped], hooks: RunHooks | None = None) -> RunSummary:
        """Extract and store every document, then resolve people and install views; raises LockHeld
        when another run holds the database."""
        from .extraction import Extractor  # loads the NLP stack: only a run pays it

        hooks = hooks or RunHooks()
        started = time.monotonic()
        with RunLock(self.db_path), Store(self.db_path) as store:
            summary = RunSummary(self._record_start(store))
            failure = None
            try:
                hooks.started(summary.run_id, store)
                with Extractor(backend=self.backend, batch_size=self.batch_size, workers=self.workers) as extractor:
                    for item in extractor.extract_documents(store.first_seen(d) if isinstance(d, Document) else d
                                                            for d in documents):
                        hooks.stored(item, self._save(store, item, summary))
                    for item in extractor.extract_documents(self._stale(store, extractor.version, hooks)):
                        hooks.stored(item, self._save(store, item, summary))
                self._finish(store, summary)
            except BaseException as error:
                failure = {"status": "failed", "message": f"{type(error).__name__}: {error}"}
                raise
            finally:
                summary.seconds = time.monotonic() - started
                self._record_end(store, summary, {**hooks.record(summary), **(failure or {})})
        return summary

    def _stale(self, store: Store, version: str, hooks: RunHooks) -> Iterable[Document]:
        """The stored articles to re-extract from their stored text (no refetch): those of another
        extractor version; each is saved in its own transaction, so a killed pass resumes where it stopped."""
        total = store.stale_count(version, self.reextract_where)
        if total:
            log.info("re-extracting %d stored articles (extractor %s)", total, version)
            hooks.restarted(total)
        return store.stale_documents(version, self.reextract_where)

    def _record_start(self, store: Store) -> int:
        """Close runs a killed process left 'running' (we hold the lock: none is alive), open ours."""
        with transaction(store.db):
            store.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            return store.db["runs"].insert({"kind": self.kind, "started_at": now_iso(), "status": "running",
                                            "pid": os.getpid(), "sources": self.sources}).last_pk

    @staticmethod
    def _record_end(store: Store, summary: RunSummary, columns: dict[str, Any]) -> None:
        row = {"ended_at": now_iso(), "status": "ok",
               "counts": json.dumps({**summary.outcome, "skipped": len(summary.skipped)}), **columns}
        with transaction(store.db):
            store.db["runs"].update(summary.run_id, row)

    @staticmethod
    def _save(store: Store, item: Extraction | Skipped, summary: RunSummary) -> str | None:
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.source, item.reason)
            summary.skipped.append(item)
            return None
        status = store.save(item)
        summary.outcome[status] = summary.outcome.get(status, 0) + 1
        return status

    def _finish(self, store: Store, summary: RunSummary) -> None:
        from .people import resolve_database
        from .serving import install_views

        resolve_database(store.db)
        install_views(store.db)
        summary.counts = store.counts()
        if self.check_integrity:
            summary.integrity_ok = store.integrity_ok()
