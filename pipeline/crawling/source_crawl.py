"""One source's share of a run: discover its article URLs, then fetch the pending ones as Documents.

Discovery reads robots.txt `Sitemap:` lines (or /sitemap.xml), sitemap indexes newest first, a
bounded breadth-first crawl of listing pages from the home page, and the feeds the registry names
or the pages advertise.  What a sitemap or feed lists is an article candidate whatever its URL
looks like; the URL heuristic only ranks links found on pages, and a page reached as a listing
that turns out to be an article (pages.is_article_page) is stored as one.  Sitemaps, feeds and
listing pages are revisited with conditional GETs; an article page is fetched at most once a run
(split articles included: their other pages are merged in), and never again once stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import html as lxml_html

from .. import now_iso
from ..loading import stable_id
from ..records import Document
from .discovery import Entry, html_tree, parse_feed, parse_links, parse_sitemap
from .fetching import Fetched, Fetcher, decode_page
from .frontier import Frontier
from .pages import is_article_page, merge_pages, split_views
from .registry import Source
from .robots import Robots
from .urls import announced_kind, article_key, classify_url, desktop_url, in_site, join_url, listing_key

log = logging.getLogger(__name__)

MAX_SITEMAPS = 50  # per source and run: a big index is read newest first
MAX_SITEMAP_DEPTH = 3
MAX_RESOLVED_PER_FEED = 50  # off-site feed links (click trackers) asked where they lead


class Stopped(Exception):
    """The storing side gave up; fetch threads end quietly."""


@dataclass
class SourceReport:
    """What one run did for one source (stored as JSON in runs.counts)."""

    name: str
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    disallowed: int = 0
    stored: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    unreachable: bool = False

    def error(self, message: str) -> None:
        log.warning("%s: %s", self.name, message)
        if len(self.errors) < 20:
            self.errors.append(message)

    def counts(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("name", "errors")}


def _iso_date(value: str | None) -> str | None:
    """The calendar date of a sitemap or feed timestamp (the article's date, as records.py wants it)."""
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


class SourceCrawl:
    """Runs in a fetch thread; hands each article page to `deliver` with the sha256 of its body."""

    def __init__(self, source: Source, fetcher: Fetcher, frontier: Frontier, report: SourceReport,
                 run_id: int | None, deliver: Callable[[Document, str], None], stop: threading.Event) -> None:
        self.source = source
        self.fetcher = fetcher
        self.frontier = frontier
        self.report = report
        self.run_id = run_id
        self.deliver = deliver
        self.stop = stop
        self.tried: set[str] = set()  # article keys fetched (or found already stored) in this run
        self.announced = 0  # article URLs taken from sitemaps and feeds in this run

    def run(self) -> None:
        """Discover, then fetch up to max_pages pending articles, newest first."""
        robots = self.fetcher.robots(self.source.home, self.source.politeness)
        if robots.unreachable:
            self.report.unreachable = True
            self.report.error("robots.txt unreachable: nothing fetched")
            return
        self._discover(robots)
        budget = self.source.max_pages
        while budget > 0:
            batch = self.frontier.pending(self.source.name, budget, self.tried)
            if not batch:
                break
            for row in batch:
                self._check_stop()
                self.tried.add(row["url"])
                if self._already_stored(row["url"]):
                    continue
                budget -= 1
                self._fetch_article(row)

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopped

    def _owns(self, url: str) -> bool:
        return in_site(url, self.source.home, self.source.domains)

    def _key(self, url: str) -> str:
        """The frontier key of an article URL: its canonical form on the outlet's own host."""
        return article_key(desktop_url(url, self.source.home))

    def _already_stored(self, url: str) -> bool:
        """A run killed between storing an article and marking it done must not fetch it again."""
        article_id = self.frontier.stored_article(url)
        if article_id:
            self.frontier.mark(url, "done", article_id=article_id)
        return article_id is not None

    # --- discovery ---

    def _discover(self, robots: Robots) -> None:
        announced = (join_url(self.source.home, url) for url in robots.sitemaps)  # some sites write them relative
        sitemaps = list(dict.fromkeys([*self.source.sitemaps, *filter(None, announced)]))
        if not sitemaps:
            sitemaps = [join_url(self.source.home, "/sitemap.xml") or self.source.home]
        seen: set[str] = set()
        for sitemap in sitemaps:
            self._read_sitemap(Entry(sitemap), 0, seen, None)
        feeds = [*self.source.feeds, *self.frontier.feeds(self.source.name)]
        self._crawl_listings(feeds)
        for feed in dict.fromkeys(map(listing_key, feeds)):
            result = self._fetch_listing(feed, "feed")
            if result is not None and result.ok:
                self._add_entries(self._on_site(parse_feed(result.body, result.content_type)), feed)

    def _fetch_listing(self, url: str, kind: str, found_on: str | None = None,
                       entry: Entry | None = None) -> Fetched | None:
        """A sitemap, feed or listing page, revisited with a conditional GET; None when unusable
        (a 304 comes back: the caller knows what it had)."""
        source, report, frontier = self.source, self.report, self.frontier
        key = listing_key(url)
        frontier.add(key, source.name, kind, found_on, entry)
        known = frontier.row(key) or {}
        result = self.fetcher.fetch(url, source.politeness, source.domains,
                                    etag=known.get("etag"), last_modified=known.get("last_modified"))
        if result.disallowed:
            report.disallowed += 1
            frontier.mark(key, "disallowed")
            return None
        frontier.record_fetch(key, result, self.run_id)
        if result.status == 304:
            report.not_modified += 1
            frontier.mark(key, "done")
            return result
        if not result.ok:
            problem = f"{kind} {url}: {result.error or f'HTTP {result.status}'}"
            if kind == "feed" or url in source.sitemaps or url == source.home:
                report.error(problem)  # what the registry names or the site advertises must work
            else:
                log.info("%s: %s", source.name, problem)
            frontier.mark(key, "error")
            return None
        frontier.mark(key, "done", content_sha256=hashlib.sha256(result.body).hexdigest())
        return result

    def _read_sitemap(self, sitemap: Entry, depth: int, seen: set[str], index: str | None) -> None:
        """A sitemap's articles, then its children newest first; an index that answers 304 still has
        its children revisited (conditionally): one that failed last time is read again."""
        url = sitemap.url
        if url in seen or len(seen) >= MAX_SITEMAPS or depth > MAX_SITEMAP_DEPTH or not self._owns(url):
            return
        seen.add(url)
        result = self._fetch_listing(url, "sitemap", index, sitemap)
        if result is None:
            return
        if result.status == 304:
            children, entries = self.frontier.children(listing_key(url)), []
        else:
            children, entries = parse_sitemap(result.body)
        self._add_entries(entries, url)
        for child in children:
            self._read_sitemap(child, depth + 1, seen, listing_key(url))

    def _on_site(self, entries: list[Entry]) -> list[Entry]:
        """Feed items on the outlet's site: an item's own alternates first (feedburner:origLink, guid),
        else where its click-tracking link redirects to."""
        kept, resolved = [], 0
        for entry in entries:
            url = next((u for u in (entry.url, *entry.alternates) if self._owns(u)), None)
            if url is None and resolved < MAX_RESOLVED_PER_FEED:
                resolved += 1
                target = self.fetcher.resolve(entry.url, self.source.politeness)
                url = target if target and self._owns(target) else None
            if url:
                kept.append(Entry(url, entry.lastmod, entry.published, entry.title))
        return kept

    def _crawl_listings(self, feeds: list[str]) -> None:
        """Breadth-first over listing pages from the home page, collecting article links and feeds."""
        source = self.source
        todo, queued, read = [(source.home, 0)], {listing_key(source.home)}, 0
        while todo and read < source.max_listing_pages:
            self._check_stop()
            url, depth = todo.pop(0)
            if url != source.home and self._is_known_article(url):
                continue
            result = self._fetch_listing(url, "listing")
            read += 1
            if result is None or not result.ok or not result.is_html:
                if result is None and url == source.home and not self.report.discovered:
                    self.report.unreachable = True
                continue
            page = decode_page(result)
            tree = html_tree(page)
            if tree is None:
                continue
            if url != source.home and is_article_page(tree):
                self._take_article(url, result, page, tree)
                continue
            links = parse_links(tree, result.final_url)
            feeds.extend(f for f in links.feeds if self._owns(f))
            self._add_links(links.links, url)
            for link in (desktop_url(link, source.home) for link in links.links):
                if (self._owns(link) and classify_url(link) == "listing" and depth < source.link_depth
                        and listing_key(link) not in queued):
                    queued.add(listing_key(link))
                    todo.append((link, depth + 1))

    def _is_known_article(self, url: str) -> bool:
        key = self._key(url)
        return key in self.tried or (self.frontier.row(key) or {}).get("kind") == "article"

    def _add_links(self, links: list[str], found_on: str) -> None:
        """Links of a page that look like articles (the URL heuristic ranks only these)."""
        items = {self._key(link): None for link in links if self._owns(link) and classify_url(link) == "article"}
        self.report.discovered += self.frontier.add_many(list(items.items()), self.source.name, "article", found_on)

    def _add_entries(self, entries: list[Entry], found_on: str) -> None:
        """What a sitemap or feed lists, whatever its URL shape, up to max_urls a run (newest first)."""
        room = self.source.max_urls - self.announced
        items = {self._key(e.url): e for e in entries if self._owns(e.url) and announced_kind(e.url) == "article"}
        chosen = sorted(items.items(), key=lambda item: item[1].newest, reverse=True)[:max(0, room)]
        self.announced += len(chosen)
        self.report.discovered += self.frontier.add_many(chosen, self.source.name, "article", found_on)

    # --- fetching ---

    def _fetch_article(self, row: dict[str, Any]) -> None:
        source, report, frontier = self.source, self.report, self.frontier
        url = row["url"]
        revisit = row["content_sha256"] is not None
        result = self.fetcher.fetch(url, source.politeness, source.domains,
                                    etag=row["etag"] if revisit else None,
                                    last_modified=row["last_modified"] if revisit else None)
        if result.disallowed:
            report.disallowed += 1
            frontier.mark(url, "disallowed", last_error=result.error)
            return
        frontier.record_fetch(url, result, self.run_id)
        if result.status == 304:
            report.not_modified += 1
            frontier.mark(url, "done")
            return
        if result.status in (404, 410):
            frontier.mark(url, "gone")
            report.error(f"{url}: HTTP {result.status}")
            return
        if not result.ok:
            report.failed += 1
            frontier.mark(url, "error")
            report.error(f"{url}: {result.error or f'HTTP {result.status}'}")
            return
        sha = hashlib.sha256(result.body).hexdigest()
        if not result.is_html:
            report.fetched += 1
            frontier.mark(url, "skipped", content_sha256=sha,
                          last_error=f"not an HTML page ({result.content_type or 'no type'})")
            return
        if sha == row["content_sha256"]:
            report.fetched += 1
            frontier.mark(url, "done")
            return
        try:
            page = decode_page(result)
        except ValueError as error:
            frontier.mark(url, "skipped", content_sha256=sha, last_error=str(error))
            return
        tree = html_tree(page)
        if tree is None:
            frontier.mark(url, "skipped", content_sha256=sha, last_error="not parseable as HTML")
            return
        self._hand_over(url, result, page, tree, row)

    def _take_article(self, listing: str, result: Fetched, page: str, tree: lxml_html.HtmlElement) -> None:
        """A page fetched as a listing is an article after all: stored as one, from now on one."""
        key = self._key(result.final_url if self._owns(result.final_url) else listing)
        if key in self.tried:
            return
        self.tried.add(key)
        self.frontier.make_article(listing_key(listing), key, self.source.name)
        self._hand_over(key, result, page, tree, self.frontier.row(key) or {})

    def _hand_over(self, key: str, result: Fetched, page: str, tree: lxml_html.HtmlElement,
                   row: dict[str, Any]) -> None:
        """Deliver one article page (a split article whole), after queueing the articles it links to."""
        self.report.fetched += 1
        sha = hashlib.sha256(result.body).hexdigest()
        links = parse_links(tree, result.final_url)
        self._add_links(links.links, key)
        page = self._whole_article(tree, result.final_url) or page
        declared = links.canonical if links.canonical and self._owns(links.canonical) else None
        self.deliver(Document(
            id=stable_id(key), source=key, url=self._key(declared or result.final_url), outlet=self.source.name,
            title=row.get("title"), published=_iso_date(row.get("published")), fetched_at=now_iso(), html=page), sha)

    def _whole_article(self, tree: lxml_html.HtmlElement, url: str) -> str | None:
        """A split article on one page: its whole-article view, else its pages merged; None if not split."""
        whole, later = split_views(tree, url)
        if whole:
            view = self._fetch_view(whole)
            if view is not None:
                return lxml_html.tostring(view, encoding="unicode")
        pages = [view for view in map(self._fetch_view, later) if view is not None]
        return merge_pages(tree, pages) if pages else None

    def _fetch_view(self, url: str) -> lxml_html.HtmlElement | None:
        """Another page of a split article (logged, no frontier row of its own)."""
        self._check_stop()
        result = self.fetcher.fetch(url, self.source.politeness, self.source.domains)
        if result.disallowed:
            return None
        self.frontier.log_fetch(url, result, self.run_id)
        if not (result.ok and result.is_html):
            return None
        try:
            return html_tree(decode_page(result))
        except ValueError:
            return None
