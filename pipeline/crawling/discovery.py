"""Where article URLs come from: sitemaps (plain or gzipped), feeds and HTML links.

Sitemaps are parsed here rather than with trafilatura.sitemaps because the crawl needs what that
drops (lastmod, to re-fetch a story that changed; publication dates and titles) and must stay
bounded on hostile input: they are gunzipped and parsed as a stream, never more than
MAX_SITEMAP_UNPACKED bytes, keeping only the MAX_URLS_PER_SITEMAP newest entries.  Feeds (RSS 0.9x,
2.0, RSS 1.0/RDF, Atom, in whatever charset they declare or fail to) are read by feedparser; JSON
Feed, which it does not know, here.
"""

from __future__ import annotations

import heapq
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from itertools import count
from typing import Any

import feedparser
from lxml import etree
from lxml import html as lxml_html

from .urls import join_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
              "application/json")
MAX_SITEMAP_UNPACKED = 50_000_000  # the sitemap protocol's limit for one file, uncompressed
MAX_URLS_PER_SITEMAP = 50_000  # the protocol's limit of URLs in one file
MAX_FEED_ITEMS = 1_000
_CHUNK = 1 << 16


@dataclass
class Entry:
    """An article URL as a sitemap or feed announced it (alternates: other URLs the item gives)."""

    url: str
    lastmod: str | None = None
    published: str | None = None
    title: str | None = None
    alternates: tuple[str, ...] = ()

    @property
    def newest(self) -> str:
        """What "newest first" sorts by."""
        return self.published or self.lastmod or ""


def _local(tag: Any) -> str:
    """A tag without its namespace (comments and processing instructions have none)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _unpacked(data: bytes, limit: int) -> Iterator[bytes]:
    """The bytes of a sitemap, gunzipped as a stream when gzipped, never more than limit of them."""
    if data[:2] != b"\x1f\x8b":
        yield data[:limit].lstrip()
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, produced = data, 0
    while pending and produced < limit and not inflater.eof:
        chunk = inflater.decompress(pending, min(_CHUNK, limit - produced))
        pending = inflater.unconsumed_tail
        produced += len(chunk)
        yield chunk.lstrip() if produced == len(chunk) else chunk


def _child_text(element: etree._Element, *names: str) -> str | None:
    for node in element.iter():
        if _local(node.tag) in names and node.text and node.text.strip():
            return node.text.strip()
    return None


class _Newest:
    """The `size` newest entries seen, in a heap (oldest on top, dropped first)."""

    def __init__(self, size: int) -> None:
        self.size, self.heap, self.order = size, [], count()

    def add(self, entry: Entry) -> None:
        item = (entry.newest, -next(self.order), entry)  # among equal dates the earlier listed wins
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, item)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)

    def entries(self) -> list[Entry]:
        return [entry for *_, entry in sorted(self.heap, key=lambda item: item[:2], reverse=True)]


def parse_sitemap(data: bytes, max_urls: int = MAX_URLS_PER_SITEMAP) -> tuple[list[Entry], list[Entry]]:
    """(child sitemaps, article entries) of a sitemap or sitemap index, newest first, at most
    max_urls of each; broken XML yields what could be read before the break."""
    parser = etree.XMLPullParser(events=("end",), recover=True, resolve_entities=False, no_network=True,
                                 huge_tree=False)
    children, entries = _Newest(max_urls), _Newest(max_urls)
    try:
        for chunk in _unpacked(data, MAX_SITEMAP_UNPACKED):
            parser.feed(chunk)
            _collect(parser, children, entries)
        parser.close()
    except (etree.XMLSyntaxError, zlib.error):
        pass
    _collect(parser, children, entries)
    return children.entries(), entries.entries()


def _collect(parser: etree.XMLPullParser, children: _Newest, entries: _Newest) -> None:
    """File the <sitemap> and <url> elements parsed so far, then free them (memory stays flat)."""
    for _event, node in parser.read_events():
        kind = _local(node.tag)
        if kind not in ("sitemap", "url"):
            continue
        loc = _child_text(node, "loc")
        if loc:
            entry = Entry(loc, lastmod=_child_text(node, "lastmod"), published=_child_text(node, "publication_date"),
                          title=_child_text(node, "title"))
            (children if kind == "sitemap" else entries).add(entry)
        node.clear()
        parent = node.getparent()
        while parent is not None and node.getprevious() is not None:
            del parent[0]


def _iso(value: str | None) -> str | None:
    """Feed dates as ISO 8601 with their own offset (RSS writes RFC 822; Atom and RDF ISO already)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value.strip()


def parse_feed(data: bytes, content_type: str | None = None) -> list[Entry]:
    """The items of an RSS, RDF, Atom or JSON feed, with their dates and the other URLs they give."""
    if data.lstrip()[:1] == b"{":
        return _json_feed(data)
    parsed = feedparser.parse(data, response_headers={"content-type": content_type or "application/xml"})
    entries = []
    for item in parsed.entries[:MAX_FEED_ITEMS]:
        guid = item.get("id") if str(item.get("id", "")).startswith("http") else None
        links = [item.get("feedburner_origlink"), item.get("link"),
                 *(link.get("href") for link in item.get("links", []) if link.get("rel", "alternate") == "alternate"),
                 guid]
        urls = list(dict.fromkeys(u.strip() for u in links if isinstance(u, str) and u.strip()))
        if urls:
            entries.append(Entry(urls[0], published=_iso(item.get("published") or item.get("updated")),
                                 title=item.get("title"), alternates=tuple(urls[1:])))
    return entries


def _json_feed(data: bytes) -> list[Entry]:
    """JSON Feed 1.x: items with url (or external_url), date_published and title."""
    try:
        feed = json.loads(data.decode("utf-8", errors="replace"))
    except ValueError:
        return []
    items = feed.get("items") if isinstance(feed, dict) else None
    entries = []
    for item in items[:MAX_FEED_ITEMS] if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        urls = [u for u in (item.get("url"), item.get("external_url"), item.get("id"))
                if isinstance(u, str) and u.startswith("http")]
        if urls:
            title = item.get("title") if isinstance(item.get("title"), str) else None
            published = item.get("date_published") or item.get("date_modified")
            entries.append(Entry(urls[0], published=published if isinstance(published, str) else None,
                                 title=title, alternates=tuple(dict.fromkeys(urls[1:]))))
    return entries


@dataclass
class PageLinks:
    """What an HTML page points to."""

    links: list[str]
    feeds: list[str]
    canonical: str | None


def html_tree(page: str) -> lxml_html.HtmlElement | None:
    """An HTML page as a tree, or None when it is not one."""
    try:
        return lxml_html.fromstring(page)
    except (etree.ParserError, ValueError):
        return None


def parse_links(page: str | lxml_html.HtmlElement, base: str) -> PageLinks:
    """Absolute links, advertised feeds and the declared canonical URL of an HTML page."""
    tree = html_tree(page) if isinstance(page, str) else page
    if tree is None:
        return PageLinks([], [], None)
    base = join_url(base, (tree.xpath("//base/@href") or [""])[0]) or base
    links, feeds, canonical = [], [], None
    for element in tree.iter("a", "link"):
        href = (element.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = join_url(base, href)
        if absolute is None:
            continue
        rel = (element.get("rel") or "").lower().split()
        if element.tag == "link":
            if "alternate" in rel and (element.get("type") or "").lower() in FEED_TYPES:
                feeds.append(absolute)
            elif "canonical" in rel:
                canonical = absolute
        elif "nofollow" not in rel:
            links.append(absolute)
    return PageLinks(list(dict.fromkeys(links)), feeds, canonical)
