"""The extraction chain for one article: text extraction -> NLP -> rules.

Used alike by `warta run`/`ingest`/`crawl` (which then store the result), by `warta extract`
(which prints it) and by `warta evaluate` (which scores it).

With `workers` above one, worker processes (spawned) each load the model once and extract chunks
of documents; the results come back in
the order the documents went in, so the one writer that stores them commits exactly what a single
process would, in the same order.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from . import nlp, now_iso, rules
from .loading import document_from_row
from .records import Article, Document, Extraction, Facts, Skipped
from .textextraction import SkipDocument, to_article
from .version import extractor_version

log = logging.getLogger(__name__)


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Extractor:
    """Holds the loaded NLP pipeline; one per process, or a pool of `workers` processes that each
    hold one (closed with close() or by leaving a `with` block).  backend: "spacy" (default) or
    "stanza" NER."""

    def __init__(self, model_dir: Path | None = nlp.DEFAULT_NER_MODEL, batch_size: int = 16,
                 backend: str = "spacy", workers: int = 1) -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.backend = backend
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        # a digest of rules, lexicons, model and contract: a base made by other rules is re-extracted
        self.version = extractor_version(backend)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, dropping chunks not yet started."""
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def extract_article(self, article: Article) -> Extraction:
        return self._extract_analysed(article, nlp.analyse(article.text, article.published, self.model_dir, self.backend))

    def _extract_analysed(self, article: Article, analysis) -> Extraction:
        analysis = replace(analysis, fetched_at=article.fetched_at)
        facts = rules.extract_facts(analysis)
        mentions = analysis.entities + rules.fact_mentions(analysis, facts)
        return Extraction(article, analysis.sentences, mentions, facts, self.version)

    def extract_documents(self, documents: Iterable[Document | Skipped]) -> Iterator[Extraction | Skipped]:
        """Extract every document, in order; documents that cannot be read come out as Skipped."""
        if self.workers == 1:
            return self._extract_here(documents)
        return self._extract_in_workers(documents)

    def _extract_in_workers(self, documents: Iterable[Document | Skipped]) -> Iterator[Extraction | Skipped]:
        """Chunks of documents to the worker processes, at most two chunks per worker in flight;
        results handed on in document order as soon as the oldest chunk is done."""
        pending: deque[Future] = deque()
        iterator = iter(documents)
        first = list(islice(iterator, self.batch_size))
        if len(first) < self.batch_size:  # all there is fits one chunk: starting workers would cost more
            yield from self._extract_here(first)
            return
        iterator = chain(first, iterator)
        while chunk := list(islice(iterator, self.batch_size)):
            pending.append(self._worker_pool().submit(_extract_chunk, chunk))
            while pending and (len(pending) > 2 * self.workers or pending[0].done()):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def _worker_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawned, not forked: no copy of a process running crawl threads, and a worker holds no
            # end of the pipes but its own, so it reads end-of-file when the run dies
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                             initargs=(self.model_dir, self.batch_size, self.backend, self.version,
                                                       os.getpid()))
        return self._pool

    def _extract_here(self, documents: Iterable[Document | Skipped]) -> Iterator[Extraction | Skipped]:
        """Chunks of batch_size documents, the readable ones analysed together, handed on in order."""
        iterator = iter(documents)
        while chunk := list(islice(iterator, self.batch_size)):
            items = [_read(document) for document in chunk]
            extracted = self._extract_batch([item for item in items if isinstance(item, Article)])
            for item in items:
                yield item if isinstance(item, Skipped) else next(extracted)

    def _extract_batch(self, articles: list[Article]) -> Iterator[Extraction | Skipped]:
        """One Extraction (or Skipped) per article, in order."""
        if not articles:
            return
        try:
            analyses = nlp.analyse_many([(a.text, a.published) for a in articles], self.model_dir, self.batch_size,
                                        self.backend)
        except Exception as error:  # an article the NLP chokes on: analyse them one by one to skip only it
            if len(articles) == 1:
                log.debug("analysis failed for %s", articles[0].source, exc_info=True)
                yield Skipped(articles[0].source, f"analysis failed: {type(error).__name__}: {error}")
                return
            for article in articles:
                yield from self._extract_batch([article])
            return
        for article, analysis in zip(articles, analyses):
            try:
                yield self._extract_analysed(article, analysis)
            except Exception as error:  # one bad article must not stop the run
                log.exception("extraction failed for %s", article.source)
                yield Skipped(article.source, f"extraction failed: {type(error).__name__}: {error}")


def _read(document: Document | Skipped) -> Article | Skipped:
    """The article's text out of the document, or why it has none."""
    if isinstance(document, Skipped):
        return document
    try:
        article = to_article(document)
    except SkipDocument as reason:
        return Skipped(document.source, str(reason))
    except Exception as error:  # one unreadable document must not stop the others
        log.debug("text extraction failed for %s", document.source, exc_info=True)
        return Skipped(document.source, f"text extraction failed: {type(error).__name__}: {error}")
    # the day it was collected, which dates without a year count from, is the day it is first read
    return article if article.fetched_at else replace(article, fetched_at=now_iso())


_worker: Extractor | None = None  # the worker process's own Extractor


def _start_worker(model_dir: Path | None, batch_size: int, backend: str, version: str, writer: int) -> None:
    """A worker process's initializer: its Extractor, with the model loaded once, stamping what
    it extracts with the version the writer compares stored articles against."""
    global _worker
    _worker = Extractor(model_dir, batch_size, backend)
    _worker.version = version
    threading.Thread(target=_exit_without, args=(writer,), daemon=True).start()
    if backend == "spacy":
        nlp.load_pipeline(model_dir)


def _exit_without(writer: int) -> None:
    """End this worker once the run's process is gone (killed with SIGKILL, say)."""
    while True:
        time.sleep(1)
        try:
            os.kill(writer, 0)
        except ProcessLookupError:
            os._exit(0)


def _extract_chunk(documents: list[Document | Skipped]) -> list[Extraction | Skipped]:
    return list(_worker.extract_documents(documents))  # type: ignore[union-attr]: set by _start_worker


def annotate_rows(rows: list[dict[str, Any]], backend: str = "spacy") -> dict[str, dict[str, Any]]:
    """id -> ANNOTATION.md facts for every input row (`warta extract`); a skipped row gets empty facts."""
    extractor = Extractor(backend=backend)
    results: dict[str, dict[str, Any]] = {}
    sources = {f"input:{row['id']}": str(row["id"]) for row in rows}
    documents = [document_from_row(row, f"input:{row['id']}") for row in rows]
    for item in extractor.extract_documents(documents):
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.source, item.reason)
            results[sources.get(item.source, item.source)] = Facts().to_annotation()
        else:
            results[item.article.id] = item.facts.to_annotation()
    return results
