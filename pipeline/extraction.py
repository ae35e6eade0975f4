"""The extraction chain for one article: text extraction -> NLP -> rules.

Used alike by `warta run`/`ingest`/`crawl` (which then store the result), by `warta extract`
(which prints it) and by `warta evaluate` (which scores it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from . import nlp, now_iso, rules
from .version import extractor_version
from .records import Article, Document, Extraction, Skipped
from .textextraction import SkipDocument, to_article

log = logging.getLogger(__name__)


class Extractor:
    """Holds the loaded NLP pipeline; one per process.  backend: "spacy" (default) or "stanza" NER."""

    def __init__(self, model_dir: Path | None = nlp.DEFAULT_NER_MODEL, batch_size: int = 16,
                 backend: str = "spacy") -> None:
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.backend = backend
        # a digest of rules, lexicons, model and contract: a base made by other rules is re-extracted
        self.version = extractor_version(backend)

    def extract_article(self, article: Article) -> Extraction:
        return self._extract_analysed(article, nlp.analyse(article.text, article.published, self.model_dir, self.backend))

    def _extract_analysed(self, article: Article, analysis) -> Extraction:
        analysis = replace(analysis, fetched_at=article.fetched_at)
        facts = rules.extract_facts(analysis)
        mentions = analysis.entities + rules.fact_mentions(analysis, facts)
        return Extraction(article, analysis.sentences, mentions, facts, self.version)

    def extract_documents(self, documents: Iterable[Document | Skipped]) -> Iterator[Extraction | Skipped]:
        """Extract every document; documents that cannot be read come out as Skipped."""
        batch: list[Article] = []
        for document in documents:
            if isinstance(document, Skipped):
                yield document
                continue
            try:
                article = to_article(document)
            except SkipDocument as reason:
                yield Skipped(document.source, str(reason))
                continue
            except Exception as error:  # one unreadable document must not stop the others
                log.debug("text extraction failed for %s", document.source, exc_info=True)
                yield Skipped(document.source, f"text extraction failed: {type(error).__name__}: {error}")
                continue
            # the day it was collected, which dates without a year count from, is the day it is first read
            batch.append(article if article.fetched_at else replace(article, fetched_at=now_iso()))
            if len(batch) >= self.batch_size:
                yield from self._extract_batch(batch)
                batch = []
        yield from self._extract_batch(batch)

    def _extract_batch(self, articles: list[Article]) -> Iterator[Extraction | Skipped]:
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
