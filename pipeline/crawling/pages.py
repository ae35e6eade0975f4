"""What a fetched page is, from its own markup: an article or a listing, and the rest of a split article.

A page reached as a listing is an article when it says so (og:type article, JSON-LD NewsArticle or
Article, article:published_time) or holds one long body of prose; the crawler then stores it as one,
whatever its URL looks like.  A split article links its other pages (?page=2, /2) or a
whole-article view (?page=all): the view is fetched when there is one, else the later pages' bodies
are appended to the first page's, so the story is stored once, whole.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from lxml import html as lxml_html

from .urls import article_key, join_url, split_url, url_patterns

ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                           "opinionnewsarticle", "blogposting", "report"})
LONG_BODY_CHARS = 1500  # prose in one container that only an article page has
MAX_LINK_SHARE = 0.3  # a paragraph more link text than this is a teaser, not prose
BODY_TAGS = ("p", "h2", "h3", "blockquote", "ul", "ol")
MAX_LATER_PAGES = 10


def _json_ld_types(tree: lxml_html.HtmlElement) -> Iterator[str]:
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, dict):
            kinds = node.get("@type")
            for kind in kinds if isinstance(kinds, list) else [kinds]:
                if isinstance(kind, str):
                    yield kind.lower()
            yield from walk(node.get("@graph"))

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            yield from walk(json.loads(script.text_content()))
        except ValueError:
            continue


def _meta(tree: lxml_html.HtmlElement, name: str) -> str:
    values = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    return values[0].strip().lower() if values else ""


def _prose_chars(paragraph: lxml_html.HtmlElement) -> int:
    text = paragraph.text_content().strip()
    linked = sum(len(a.text_content()) for a in paragraph.iter("a"))
    return len(text) if text and linked <= MAX_LINK_SHARE * len(text) else 0


def body_container(tree: lxml_html.HtmlElement) -> tuple[lxml_html.HtmlElement | None, int]:
    """The element holding the most prose in its own paragraphs, and how many characters."""
    best, best_chars = None, 0
    for parent in {p.getparent() for p in tree.iter("p") if p.getparent() is not None}:
        chars = sum(_prose_chars(child) for child in parent if child.tag == "p")
        if chars > best_chars:
            best, best_chars = parent, chars
    return best, best_chars


def is_article_page(tree: lxml_html.HtmlElement) -> bool:
    """Whether the page's markup says it is one article (whatever its URL looks like)."""
    if _meta(tree, "og:type") == "article" or _meta(tree, "article:published_time"):
        return True
    if any(kind in ARTICLE_TYPES for kind in _json_ld_types(tree)):
        return True
    return body_container(tree)[1] >= LONG_BODY_CHARS


def _is_whole_view(url: str) -> bool:
    wanted = url_patterns()["whole_article_parameters"]
    return any(f"{k.lower()}={v.lower()}" in wanted or k.lower() in wanted
               for k, v in parse_qsl(split_url(url).query, keep_blank_values=True))


def _page_number(url: str) -> int | None:
    parts = split_url(url)
    page = dict((k.lower(), v) for k, v in parse_qsl(parts.query)).get("page", "")
    if page.isdigit():
        return int(page)
    last = ([s for s in parts.path.split("/") if s] or [""])[-1]
    kept = split_url(article_key(url)).path.rstrip("/").endswith("/" + last)
    return int(last) if url_patterns()["page_suffix"].match(last) and not kept else None


def split_views(tree: lxml_html.HtmlElement, url: str) -> tuple[str | None, list[str]]:
    """(the whole-article view, the later pages in order) that an article page links to."""
    key, whole, later = article_key(url), None, {}
    for href in tree.xpath("//a/@href"):
        link = join_url(url, href)
        if link is None or link == url or article_key(link) != key:
            continue
        if _is_whole_view(link):
            whole = whole or link
        elif (number := _page_number(link)) and number > 1:
            later.setdefault(number, link)
    return whole, [later[n] for n in sorted(later)][:MAX_LATER_PAGES]


def merge_pages(first: lxml_html.HtmlElement, later: list[lxml_html.HtmlElement]) -> str:
    """The first page with the later pages' body paragraphs appended to its own body."""
    container, _ = body_container(first)
    if container is None:
        return lxml_html.tostring(first, encoding="unicode")
    for page in later:
        body, _ = body_container(page)
        for child in list(body) if body is not None else []:  # a snapshot: body may be the container itself
            if child.tag in BODY_TAGS and not re.fullmatch(r"\s*", child.text_content()):
                container.append(copy.deepcopy(child))
    return lxml_html.tostring(first, encoding="unicode")
