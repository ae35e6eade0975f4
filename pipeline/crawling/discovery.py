"""Where article URLs come from: sitemaps (plain or gzipped), RSS/Atom feeds and HTML links.

Sitemaps and feeds are parsed here rather than with trafilatura.sitemaps/feeds because the crawl
needs what those drop: lastmod (to re-fetch a story that changed), publication dates and titles.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


@dataclass
class Entry:
    """An article URL as a sitemap or feed announced it."""

    url: str
    lastmod: str | None = None
    published: str | None = None
    title: str | None = None


def _local(tag: Any) -> str:
    """A tag without its namespace (comments and processing instructions have none)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _xml_root(data: bytes) -> etree._Element | None:
    """Parse forgivingly (real sitemaps are often broken) and without entities or network access."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data.strip(), parser)
    except (etree.XMLSyntaxError, OSError, ValueError):
        return None


def _child_text(element: etree._Element, *names: str) -> str | None:
    for node in element.iter():
        if _local(node.tag) in names and node.text and node.text.strip():
            return node.text.strip()
    return None


def parse_sitemap(data: bytes) -> tuple[list[Entry], list[Entry]]:
    """(child sitemaps, article entries) of a sitemap or sitemap index, with lastmod and news dates."""
    root = _xml_root(data)
    if root is None:
        return [], []
    children, entries = [], []
    for node in root:
        kind = _local(node.tag)
        if kind not in ("sitemap", "url"):
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        entry = Entry(loc, lastmod=_child_text(node, "lastmod"), published=_child_text(node, "publication_date"),
                      title=_child_text(node, "title"))
        (children if kind == "sitemap" else entries).append(entry)
    return children, entries


def _rfc822_to_iso(value: str | None) -> str | None:
    """RSS dates are RFC 822; the frontier sorts by ISO 8601."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value


def parse_feed(data: bytes) -> list[Entry]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed."""
    root = _xml_root(data)
    if root is None:
        return []
    entries = []
    for node in root.iter():
        kind = _local(node.tag)
        if kind == "item":
            link = _child_text(node, "link")
            published = _rfc822_to_iso(_child_text(node, "pubDate")) or _child_text(node, "date")
        elif kind == "entry":
            links = [n for n in node if _local(n.tag) == "link" and n.get("rel", "alternate") == "alternate"]
            link = links[0].get("href") if links else None
            published = _child_text(node, "published", "updated")
        else:
            continue
        if link:
            entries.append(Entry(link.strip(), published=published, title=_child_text(node, "title")))
    return entries


@dataclass
class PageLinks:
    """What an HTML page points to."""

    links: list[str]
    feeds: list[str]
    canonical: str | None


def parse_links(page: str, base: str) -> PageLinks:
    """Absolute links, advertised feeds and the declared canonical URL of an HTML page."""
    try:
        tree = lxml_html.fromstring(page)
    except (etree.ParserError, ValueError):
        return PageLinks([], [], None)
    base = urljoin(base, (tree.xpath("//base/@href") or [""])[0])
    links, feeds, canonical = [], [], None
    for element in tree.iter("a", "link"):
        href = (element.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        absolute = urljoin(base, href).split("#", 1)[0]
        rel = (element.get("rel") or "").lower().split()
        if element.tag == "link":
            if "alternate" in rel and (element.get("type") or "").lower() in FEED_TYPES:
                feeds.append(absolute)
            elif "canonical" in rel:
                canonical = absolute
        elif "nofollow" not in rel:
            links.append(absolute)
    return PageLinks(list(dict.fromkeys(links)), feeds, canonical)
