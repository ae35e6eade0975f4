"""Text extraction: raw Document -> clean Article.

HTML goes through trafilatura (main text + metadata); every text, HTML-derived or plain, then loses
the Indonesian portal boilerplate listed in resources/boilerplate.txt ("Baca juga", "Editor:", tags,
comment forms, headline lists).  Non-Indonesian or empty documents are refused with SkipDocument.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import py3langid
import trafilatura
from courlan import normalize_url
from lxml.html import HtmlElement

from .records import Article, Document

MAX_HTML_BYTES = 5_000_000
MIN_TEXT_CHARS = 80
INDONESIAN_CODES = {"id", "ms"}  # langid confuses Indonesian and Malay on short news texts


class SkipDocument(Exception):
    """A document that cannot become an article; the message says why."""


HEADLINE_MAX_CHARS = 160
SENTENCE_END = ('.', '!', '?', '"', '”', ')')

LONG_BODY_CHARS = 400  # prose (not link text) in one container that makes a story body
MAX_LONG_BODIES = 2  # more separate long bodies than this is a page of full-text teasers
MIN_TEASERS = 8  # headline-like links that make a listing when no story body is present
MIN_GALLERY_IMAGES = 6
ARTICLE_TYPES = {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting"}
INLINE_TAGS = {"span", "b", "strong", "em", "i", "u", "font", "small", "sup", "sub", "mark", "abbr", "q", "cite",
               "time", "br"}
OUTSIDE_BODY = "ancestor::nav or ancestor::footer or ancestor::aside or ancestor::form or ancestor::header"


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


def _json_ld(tree: HtmlElement) -> list[dict]:
    """Every JSON-LD object of the page, @graph members included; unreadable blocks are ignored."""
    objects: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        pending = data if isinstance(data, list) else [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, dict):
                objects.append(item)
                pending.extend(item.get("@graph") or [])
    return objects


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {kind}


def _declares_article(tree: HtmlElement, json_ld: list[dict]) -> bool:
    og_type = tree.xpath("string(//meta[@property='og:type']/@content)").strip().lower()
    published = tree.xpath("//meta[@property='article:published_time']")
    return og_type == "article" or bool(published) or any(_types(item) & ARTICLE_TYPES for item in json_ld)


def _own_prose(element: HtmlElement) -> int:
    """Characters of text directly in an element or its inline children, links left out."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            parts.append(" " * _own_prose(child))
        parts.append(child.tail or "")
    return len(" ".join(" ".join(parts).split()))


@dataclass(frozen=True)
class PageShape:
    """What the markup says about a page, cheaply: declared article, story bodies, teasers, images."""

    declares_article: bool
    longest_body: int  # prose characters in the richest container
    long_bodies: int  # containers with at least LONG_BODY_CHARS of prose
    teasers: int  # links with headline-like text
    images: int

    def refusal(self) -> str | None:
        """Why the page is a listing or gallery rather than an article, or None."""
        if self.long_bodies > MAX_LONG_BODIES:
            return f"listing page: {self.long_bodies} separate story excerpts"
        if self.longest_body >= LONG_BODY_CHARS:
            return None
        if self.images >= MIN_GALLERY_IMAGES and self.images > self.teasers:
            return f"gallery page: {self.images} images, longest prose block {self.longest_body} characters"
        if self.teasers >= MIN_TEASERS:
            return f"listing page: {self.teasers} teaser links, longest prose block {self.longest_body} characters"
        return None

    def is_article(self) -> bool:
        return self.refusal() is None and (self.declares_article or self.longest_body >= LONG_BODY_CHARS)


def page_shape(tree: HtmlElement) -> PageShape:
    prose: dict[HtmlElement, int] = {}
    for element in tree.xpath(f"//body//*[self::p or self::div or self::section or self::article or self::td "
                              f"or self::li or self::main][not({OUTSIDE_BODY})]"):
        owner = element.getparent() if element.tag == "p" else element
        prose[owner] = prose.get(owner, 0) + _own_prose(element)
    teasers = sum(1 for link in tree.xpath("//body//a") if _looks_like_teaser(" ".join(link.text_content().split())))
    longest = max(prose.values(), default=0)
    return PageShape(
        declares_article=_declares_article(tree, _json_ld(tree)),
        longest_body=longest,
        long_bodies=sum(1 for chars in prose.values() if chars >= LONG_BODY_CHARS),
        teasers=teasers,
        images=len(tree.xpath("//body//img | //body//amp-img")),
    )


def _looks_like_teaser(link_text: str) -> bool:
    return 20 <= len(link_text) <= HEADLINE_MAX_CHARS and len(link_text.split()) >= 3


def looks_like_article(html: str | bytes) -> bool:
    """Whether a fetched page is a news article rather than a home, index, tag or gallery page.

    Cheap (one lxml parse, no trafilatura): the page declares itself an article (og:type article,
    JSON-LD NewsArticle/Article, article:published_time) or holds one long story body, and it is not
    a page of many headline teasers with little prose or of many images with little prose.
    """
    tree = trafilatura.load_html(html) if html else None
    return tree is not None and page_shape(tree).is_article()


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
