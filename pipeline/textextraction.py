"""Text extraction: raw Document -> clean Article.

A page is parsed once.  Its markup decides first whether it is an article at all: `looks_like_article(html)`
is the cheap public judgement (og:type article, JSON-LD NewsArticle/Article, article:published_time, or one
long story body, and not a page of headline teasers, similar-length excerpts or images), which the crawler
calls on pages it fetched as listings; `to_article` refuses home, index, tag and gallery pages with the
reason `PageShape.refusal()` gives.  The markup then gives the headline (JSON-LD headline, og:title, h1,
<title>, cleaned of site affixes such as " - Kompas.com" or "KapanLagi.com: ", resources/headline_affixes.txt),
the publication date as the page states it locally (a UTC stamp takes the offset of the page's other stamps,
else the WIB/WITA/WIT it writes), and the author, kept out of the body.  trafilatura reads the body once,
with no metadata pass; a dateline lead it dropped ("Jakarta, KOMPAS.com -", resources/datelines.txt) is put
back, and every text, HTML-derived or plain, loses the portal boilerplate listed in resources/boilerplate.txt
and boilerplate_blocks.txt.  Non-Indonesian or empty documents are refused with SkipDocument.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import urlsplit

import py3langid
import trafilatura
from courlan import normalize_url
from htmldate import find_date
from lxml.html import HtmlElement

from . import lexicons
from .records import Article, Document

MAX_HTML_BYTES = 5_000_000
MIN_TEXT_CHARS = 80
INDONESIAN_CODES = {"id", "ms"}  # langid confuses Indonesian and Malay on short news texts


class SkipDocument(Exception):
    """A document that cannot become an article; the message says why."""


HEADLINE_MAX_CHARS = 160
SENTENCE_END = ('.', '!', '?', '"', '”', ')')

LONG_BODY_CHARS = 400  # prose (not link text) in one container that makes a story body
EXCERPT_CHARS = 100  # prose in one container that makes at least a teaser excerpt
DOMINANT_RATIO = 2.0  # a story body is this many times longer than any other excerpt on its page
MIN_TEASERS = 8  # headline-like links that make a listing when no story body is present
MIN_GALLERY_IMAGES = 6
SITE_TYPES = {"WebSite", "Organization", "NewsMediaOrganization"}
ARTICLE_TYPES = {"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting"}
INLINE_TAGS = {"span", "b", "strong", "em", "i", "u", "font", "small", "sup", "sub", "mark", "abbr", "q", "cite",
               "time", "br"}
ZONE_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}  # Indonesian time zones a page states next to its times
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
STAMP_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?([+-])(\d\d):?(\d\d)")
TITLE_SEPARATORS = re.compile(r"\s+[-–—|:»]{1,2}\s+|\s*\|\s*|:\s+")
LEAD_PROBE_CHARS = 60  # a lead counts as kept when this much of it (after the dateline) is in the text
# never story text: what is inside a menu, a footer, a sidebar, a form, a page header or comments
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form"})


@lru_cache(maxsize=8)
def _lexicon(resource: str) -> re.Pattern[str]:
    """One case-insensitive regex matching what any non-comment line of a resource file matches."""
    return re.compile("|".join(f"(?:{line})" for line in lexicons.words(resource)), re.IGNORECASE)


def _matches(line: str, resource: str) -> bool:
    return _lexicon(resource).search(line) is not None


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
        except (ValueError, RecursionError):
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
    return {k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)}


def _declares_article(tree: HtmlElement, json_ld: list[dict]) -> bool:
    og_type = tree.xpath("string(//meta[@property='og:type']/@content)").strip().lower()
    published = tree.xpath("//meta[@property='article:published_time']")
    return og_type == "article" or bool(published) or any(_types(item) & ARTICLE_TYPES for item in json_ld)


def _story_elements(tree: HtmlElement, *tags: str) -> list[HtmlElement]:
    """Elements with these tags, in document order, outside navigation, headers, footers, forms and
    comments: one walk that skips what furniture holds (an XPath of ancestor tests cost 4x as much)."""
    found = []
    stack = [(tree, False)]  # an element, and whether an <article> holds it
    while stack:
        element, in_article = stack.pop()
        if element.tag in tags:
            found.append(element)
        if not _holds_furniture(element, in_article):
            inner = in_article or element.tag == "article"
            stack.extend((child, inner) for child in reversed(element) if isinstance(child.tag, str))
    return found


def _holds_furniture(element: HtmlElement, in_article: bool) -> bool:
    """What the element holds is navigation, a footer, a sidebar, a form, a page header (one outside
    the story) or readers' comments."""
    if element.tag in FURNITURE_TAGS or (element.tag == "header" and not in_article):
        return True
    return "comment" in (element.get("id") or "") or "comment" in (element.get("class") or "")


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
    bodies: tuple[int, ...]  # prose characters of each container with an excerpt's worth, longest first
    teasers: int  # links with headline-like text
    images: int

    @property
    def longest_body(self) -> int:
        return self.bodies[0] if self.bodies else 0

    def refusal(self) -> str | None:
        """Why the page is a listing or gallery rather than an article, or None."""
        if len(self.bodies) >= 3 and self.bodies[0] < DOMINANT_RATIO * self.bodies[1]:
            return f"listing page: {len(self.bodies)} story excerpts of similar length, none of them a whole story"
        if self.longest_body >= LONG_BODY_CHARS:
            return None
        if self.images >= MIN_GALLERY_IMAGES and self.images > self.teasers:
            return f"gallery page: {self.images} images and no story body of {LONG_BODY_CHARS} characters"
        if self.teasers >= MIN_TEASERS and not (self.declares_article and len(self.bodies) == 1):
            return f"listing page: {self.teasers} teaser links and no story body of {LONG_BODY_CHARS} characters"
        return None

    def is_article(self) -> bool:
        return self.refusal() is None and (self.declares_article or self.longest_body >= LONG_BODY_CHARS)


def page_shape(tree: HtmlElement) -> PageShape:
    prose: dict[HtmlElement, int] = {}
    for element in _story_elements(tree, "p", "div", "section", "article", "td", "li", "main"):
        owner = element.getparent() if element.tag == "p" else element
        prose[owner] = prose.get(owner, 0) + _own_prose(element)
    teasers = sum(1 for link in tree.xpath("//body//a") if _looks_like_teaser(" ".join(link.text_content().split())))
    return PageShape(
        declares_article=_declares_article(tree, _json_ld(tree)),
        bodies=tuple(sorted((chars for chars in prose.values() if chars >= EXCERPT_CHARS), reverse=True)),
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


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _site_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def _is_site_name(segment: str, site_names: set[str]) -> bool:
    key = _site_key(segment)
    return bool(key) and (key in site_names or _matches(segment, "headline_affixes.txt"))


def clean_headline(title: str | None, site_names: set[str] = frozenset()) -> str | None:
    """The headline without the site's name glued before or after it ("X - ANTARA News", "KapanLagi.com: X",
    "X Halaman all - Kompas.com").  `site_names` are keys as `_site_key` makes them."""
    if not title:
        return None
    headline = _normalized(title)
    while True:
        parts = TITLE_SEPARATORS.split(headline)
        separators = TITLE_SEPARATORS.findall(headline)
        if len(parts) > 1 and _is_site_name(parts[-1], site_names):
            headline = headline[: headline.rfind(separators[-1])]
        elif len(parts) > 1 and _is_site_name(parts[0], site_names):
            headline = headline[len(parts[0]) + len(separators[0]):]
        else:
            break
    headline = re.sub(r"\s+halaman\s+(all|\d+)$", "", headline, flags=re.IGNORECASE).strip()
    return headline or None


def _first_named(candidates: list[str], site_names: set[str]) -> str | None:
    """The first candidate that, cleaned of site affixes, is neither the site's own name nor cut short ("…")."""
    for candidate in candidates:
        cleaned = clean_headline(candidate, site_names)
        if cleaned and not _is_site_name(cleaned, site_names) and not cleaned.endswith(("...", "…")):
            return cleaned
    return None


@dataclass(frozen=True)
class PageMarkup:
    """What a page says about itself in its head and headings."""

    titles: list[str]  # headline candidates, best first
    site_names: set[str]
    authors: list[str]  # from meta tags and JSON-LD
    bylines: list[str]  # from hCard and rel=author links, less specific than a "Penulis:" line
    url: str | None  # the canonical URL the page gives


def _ld_names(value: object) -> list[str]:
    """Names in a JSON-LD author/publisher value: a string, an object with a name, or a list of them."""
    if isinstance(value, str):
        return [_normalized(value)] if value.strip() else []
    if isinstance(value, dict):
        return _ld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item)]
    return []


def _strings(tree: HtmlElement, xpath: str) -> list[str]:
    return [_normalized(value) for value in tree.xpath(xpath) if isinstance(value, str) and value.strip()]


def _ld_strings(items: list[dict], key: str) -> list[str]:
    return [_normalized(item[key]) for item in items if isinstance(item.get(key), str) and item[key].strip()]


def _host(url: str | None) -> str:
    try:
        return urlsplit(url or "").hostname or ""
    except ValueError:  # a malformed address such as "http://[x"
        return ""


def _site_names(tree: HtmlElement, json_ld: list[dict], url: str | None) -> set[str]:
    """The names the site goes by (og:site_name, JSON-LD publisher and WebSite names, its host), as keys."""
    stories = [item for item in json_ld if _types(item) & ARTICLE_TYPES]
    names = (_strings(tree, "//meta[@property='og:site_name' or @name='application-name']/@content")
             + [name for item in stories for name in _ld_names(item.get("publisher"))]
             + _ld_strings([item for item in json_ld if _types(item) & SITE_TYPES], "name"))
    host = re.sub(r"^(www|m|amp)\.", "", _host(url))
    return {_site_key(name) for name in [*names, host, host.split(".")[0]] if _site_key(name)}


def read_markup(tree: HtmlElement, url: str | None = None) -> PageMarkup:
    """Headline candidates, site names, authors and canonical URL from the page's meta tags, JSON-LD and h1."""
    json_ld = _json_ld(tree)
    stories = [item for item in json_ld if _types(item) & ARTICLE_TYPES]
    titles = (_ld_strings(stories, "headline")
              + _strings(tree, "//meta[@property='og:title' or @name='twitter:title']/@content")
              + [_normalized(h1.text_content()) for h1 in _story_elements(tree, "h1")]
              + _strings(tree, "//title/text()"))
    authors = ([name for item in stories for name in _ld_names(item.get("author"))]
               + _strings(tree, "//meta[@name='author' or @name='content_author' or @property='article:author']"
                                "/@content"))
    canonical = next(iter(_strings(tree, "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")), None)
    bylines = [_normalized(element.text_content()) for element in
               tree.xpath("//*[contains(@class, 'vcard')]//*[contains(@class, 'fn')] | //a[@rel='author']")]
    return PageMarkup(
        titles=[title for title in titles if title],
        site_names=_site_names(tree, json_ld, url or canonical),
        authors=[author for author in authors if not author.startswith("http")],
        bylines=[byline for byline in bylines if byline],
        url=canonical,
    )


def _page_zone(tree: HtmlElement) -> timezone | None:
    """The zone the page keeps its times in: the offset of another stamp it gives ("2023-06-19T00:12:40+07:00"
    in a <time>), else the Indonesian zone it writes next to a time of day ("06:10 WIB"), if any."""
    stamps = " ".join(tree.xpath("//@content | //@datetime | //script[@type='application/ld+json']/text()"))
    for sign, hours, minutes in STAMP_OFFSET.findall(stamps):
        if int(hours) or int(minutes):
            return timezone((1 if sign == "+" else -1) * timedelta(hours=int(hours), minutes=int(minutes)))
    found = re.search(r"\d[:.]\d\d\s*(WIB|WITA|WIT)\b", tree.xpath("string(//body)"))
    return timezone(timedelta(hours=ZONE_HOURS[found.group(1)])) if found else None


def local_date(tree: HtmlElement) -> str | None:
    """The publication date as the page states it locally (ISO); a UTC stamp is moved to the page's zone."""
    stamp = (find_date(tree, extensive_search=False, original_date=True, outputformat=STAMP_FORMAT)
             or find_date(tree, original_date=True, outputformat=STAMP_FORMAT))
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp)
    zone = _page_zone(tree) if moment.utcoffset() == timedelta(0) else None
    return (moment.astimezone(zone) if zone else moment).date().isoformat()


def _dateline_end(text: str) -> int | None:
    """Where the dateline a lead opens with ("Banjarmasin (ANTARA) -") ends, or None."""
    found = _lexicon("datelines.txt").search(text)
    return found.end() if found else None


def _dropped_lead(tree: HtmlElement, kept: str) -> str | None:
    """A dateline lead that precedes the story text trafilatura kept but is missing from it."""
    kept = _normalized(kept)
    if _dateline_end(kept) is not None:
        return None  # the kept text opens with its dateline lead
    for block in _story_elements(tree, "p", "div", "h2"):
        text = _normalized(block.text_content())
        if len(text) <= LEAD_PROBE_CHARS or block.xpath(".//p | .//div"):
            continue
        if text[:LEAD_PROBE_CHARS] in kept:
            return None  # the kept story starts here, so nothing before it was lost
        end = _dateline_end(text)
        if end is not None and text[end:].strip()[:LEAD_PROBE_CHARS] not in kept:
            return text
    return None


def _lift_tails(tree: HtmlElement) -> None:
    """Give story text that follows an embedded block (`<div class=ads>…</div> text<br>`) a paragraph of its
    own: trafilatura drops such tails together with the block."""
    for block in _story_elements(tree, "div", "table", "figure"):
        tail = (block.tail or "").strip()
        if tail and block.getparent() is not None and block.getparent().tag != "p":
            paragraph = block.makeelement("p", {})
            paragraph.text, block.tail = tail, None
            block.addnext(paragraph)


def _without_headline(text: str, headline: str | None) -> str:
    """The body without the headline trafilatura sometimes takes along as its first line."""
    first, _, rest = text.partition("\n")
    return rest if headline and _normalized(first) == headline else text


def _byline(text: str) -> str | None:
    """The author a body names in a "Penulis: X" / "Pewarta: X" line, before such lines are dropped."""
    found = re.search(r"^(?:penulis|pewarta|reporter|oleh)\s*:\s*([^|/\n]+)", text, re.IGNORECASE | re.MULTILINE)
    return found.group(1).strip() if found else None


@dataclass(frozen=True)
class _Page:
    text: str
    title: str | None
    published: str | None
    author: str | None
    url: str | None


def _read_page(doc: Document) -> _Page:
    if len(doc.html or "") > MAX_HTML_BYTES:
        raise SkipDocument(f"page larger than {MAX_HTML_BYTES} bytes")
    tree = trafilatura.load_html(doc.html)
    if tree is None:
        raise SkipDocument("not readable as HTML")
    refusal = page_shape(tree).refusal()
    if refusal:
        raise SkipDocument(refusal)
    markup = read_markup(tree, doc.url)
    title = clean_headline(doc.title, markup.site_names) or _first_named(markup.titles, markup.site_names)
    published = doc.published or local_date(tree)
    _lift_tails(tree)
    extracted = trafilatura.bare_extraction(tree, url=doc.url, include_comments=False, include_tables=False,
                                            favor_precision=True, with_metadata=False)
    if extracted is None or not extracted.text:
        raise SkipDocument("trafilatura found no article text")
    text = _without_headline(extracted.text, title)
    lead = _dropped_lead(tree, text)
    text = f"{lead}\n{text}" if lead else text
    author = _first_named([*markup.authors, *filter(None, [_byline(text)]), *markup.bylines], markup.site_names)
    return _Page(text=text, title=title, published=published, author=author,
                 url=doc.url or markup.url)


def to_article(doc: Document) -> Article:
    """Clean a document into an article, or raise SkipDocument with the reason."""
    if doc.html:
        page = _read_page(doc)
    else:
        page = _Page(doc.text or "", clean_headline(doc.title), doc.published, author=None, url=doc.url)
    if "\x00" in page.text:
        raise SkipDocument("binary content")
    text = strip_boilerplate(page.text.replace("\r\n", "\n"))
    if len(text) < MIN_TEXT_CHARS:
        raise SkipDocument(f"text too short ({len(text)} characters)")
    language = detect_language(text)
    if language != "id":
        raise SkipDocument(f"not Indonesian (detected {language!r})")
    return Article(
        id=doc.id,
        source=doc.source,
        text=text,
        url=page.url,
        canonical_url=canonical_url(page.url),
        outlet=doc.outlet,
        title=page.title,
        published=page.published,
        fetched_at=doc.fetched_at,
        language=language,
        author=page.author,
    )
