"""Text extraction: raw Document -> clean Article.

HTML goes through trafilatura (main text + metadata); every text, HTML-derived or plain, then loses
the Indonesian portal boilerplate listed in resources/boilerplate.txt ("Baca juga", "Editor:", tags,
comment forms, headline lists).  Non-Indonesian or empty documents are refused with SkipDocument.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

import py3langid
import trafilatura
from courlan import normalize_url

from .records import Article, Document

MAX_HTML_BYTES = 5_000_000
MIN_TEXT_CHARS = 80
INDONESIAN_CODES = {"id", "ms"}  # langid confuses Indonesian and Malay on short news texts


class SkipDocument(Exception):
    """A document that cannot become an article; the message says why."""


HEADLINE_MAX_CHARS = 160
SENTENCE_END = ('.', '!', '?', '"', '”', ')')


@lru_cache(maxsize=2)
def _patterns(resource: str) -> list[re.Pattern[str]]:
    """One case-insensitive regex per non-comment line of a resource file."""
    text = resources.files("pipeline.resources").joinpath(resource).read_text(encoding="utf-8")
    return [re.compile(line, re.IGNORECASE) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _matches(line: str, resource: str) -> bool:
    return any(p.search(line) for p in _patterns(resource))


def _looks_like_headline(line: str) -> bool:
    return bool(line) and len(line) <= HEADLINE_MAX_CHARS and not line.endswith(SENTENCE_END)


def strip_boilerplate(text: str) -> str:
    """Drop lines that belong to the portal rather than the story, and headline lists under a
    "Pos terkait"-style header."""
    kept: list[str] = []
    in_headline_block = False
    for raw in text.splitlines():
        line = raw.strip()
        if _matches(line, "boilerplate_blocks.txt"):
            in_headline_block = True
            continue
        if in_headline_block and (not line or _looks_like_headline(line)):
            continue
        in_headline_block = False
        if not _matches(line, "boilerplate.txt"):
            kept.append(raw)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def detect_language(text: str) -> str:
    code, _score = py3langid.classify(text[:3000])
    return "id" if code in INDONESIAN_CODES else code


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters or fragments, so variants of one page coincide."""
    if not url:
        return None
    try:
        return normalize_url(url, strict=True)
    except (ValueError, TypeError):
        return url


def _from_html(doc: Document) -> tuple[str, dict[str, str | None]]:
    if len(doc.html or "") > MAX_HTML_BYTES:
        raise SkipDocument(f"page larger than {MAX_HTML_BYTES} bytes")
    extracted = trafilatura.bare_extraction(
        doc.html,
        url=doc.url,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    if extracted is None or not extracted.text:
        raise SkipDocument("trafilatura found no article text")
    meta = {"title": extracted.title, "published": extracted.date, "url": extracted.url}
    return extracted.text, meta


def to_article(doc: Document) -> Article:
    """Clean a document into an article, or raise SkipDocument with the reason."""
    meta: dict[str, str | None] = {}
    if doc.html:
        raw, meta = _from_html(doc)
    else:
        raw = doc.text or ""
    if "\x00" in raw:
        raise SkipDocument("binary content")
    text = strip_boilerplate(raw.replace("\r\n", "\n"))
    if len(text) < MIN_TEXT_CHARS:
        raise SkipDocument(f"text too short ({len(text)} characters)")
    language = detect_language(text)
    if language != "id":
        raise SkipDocument(f"not Indonesian (detected {language!r})")
    url = doc.url or meta.get("url")
    return Article(
        id=doc.id,
        source=doc.source,
        text=text,
        url=url,
        canonical_url=canonical_url(url),
        outlet=doc.outlet,
        title=doc.title or meta.get("title"),
        published=doc.published or meta.get("published"),
        fetched_at=doc.fetched_at,
        language=language,
    )
