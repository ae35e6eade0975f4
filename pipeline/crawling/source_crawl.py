"""One source's share of a run: discover its article URLs, then fetch the pending ones as Documents.

Discovery reads robots.txt `Sitemap:` lines (or /sitemap.xml), sitemap indexes newest first, a
bounded breadth-first crawl of listing pages from the home page, and the feeds the registry names
or the pages advertise.  Sitemaps and feeds are revisited with conditional GETs.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin

from .. import now_iso
from ..loading import stable_id
from ..records import Document
from .discovery import Entry, parse_feed, parse_links, parse_sitemap
from .fetching import Fetched, Fetcher, decode_page
from .frontier import Frontier
from .registry import Source
from .robots import Robots
from .urls import article_key, classify_url, in_domains, listing_key

log = logging.getLogger(__name__)

MAX_SITEMAPS = 50  # per source and run: a big index is read newest first
MAX_SITEMAP_DEPTH = 3


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

    def run(self) -> None:
        """Discover, then fetch up to max_pages pending articles, newest first."""
        robots = self.fetcher.robots(self.source.home, self.source.politeness)
        if robots.unreachable:
            self.report.unreachable = True
            self.report.error("robots.txt unreachable: nothing fetched")
            return
        self._discover(robots)
        budget, tried = self.source.max_pages, set()
        while budget > 0:
            batch = self.frontier.pending(self.source.name, budget, tried)
            if not batch:
                break
            for row in batch:
                self._check_stop()
                budget -= 1
                tried.add(row["url"])
                self._fetch_article(row)

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopped

    def _discover(self, robots: Robots) -> None:
        sitemaps = list(dict.fromkeys([*self.source.sitemaps, *robots.sitemaps]))
        if not sitemaps:
            sitemaps = [urljoin(self.source.home, "/sitemap.xml")]
        seen: set[str] = set()
        for sitemap in sitemaps:
            self._read_sitemap(sitemap, 0, seen)
        feeds = list(self.source.feeds)
        self._crawl_listings(feeds)
        for feed in dict.fromkeys(feeds):
            result = self._fetch_listing(feed, "feed")
            if result is not None:
                self._add_articles(parse_feed(result.body), feed)

    def _fetch_listing(self, url: str, kind: str) -> Fetched | None:
        """A sitemap, feed or listing page; sitemaps and feeds are revisited with a conditional GET."""
        source, report, frontier = self.source, self.report, self.frontier
        key = listing_key(url)
        frontier.add(key, source.name, kind, None)
        known = frontier.row(key) or {}
        conditional = kind in ("sitemap", "feed")
        result = self.fetcher.fetch(url, source.politeness, source.domains,
                                    etag=known.get("etag") if conditional else None,
                                    last_modified=known.get("last_modified") if conditional else None)
        if result.disallowed:
            report.disallowed += 1
            frontier.mark(key, "disallowed")
            return None
        frontier.record_fetch(key, result, self.run_id)
        if result.status == 304:
            report.not_modified += 1
            frontier.mark(key, "done")
            return None
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

    def _read_sitemap(self, url: str, depth: int, seen: set[str]) -> None:
        if (url in seen or len(seen) >= MAX_SITEMAPS or depth > MAX_SITEMAP_DEPTH
                or not in_domains(url, self.source.domains)):
            return
        seen.add(url)
        result = self._fetch_listing(url, "sitemap")
        if result is None:
            return
        children, entries = parse_sitemap(result.body)
        self._add_articles(entries, url)
        for child in sorted(children, key=lambda c: c.lastmod or "", reverse=True):
            self._read_sitemap(child.url, depth + 1, seen)

    def _crawl_listings(self, feeds: list[str]) -> None:
        """Breadth-first over listing pages from the home page, collecting article links and feeds."""
        source = self.source
        todo, seen, read = [(source.home, 0)], {listing_key(source.home)}, 0
        while todo and read < source.max_listing_pages:
            self._check_stop()
            url, depth = todo.pop(0)
            result = self._fetch_listing(url, "listing")
            read += 1
            if result is None or not result.is_html:
                if result is None and url == source.home and not self.report.discovered:
                    self.report.unreachable = True
                continue
            page = parse_links(decode_page(result), result.final_url)
            feeds.extend(f for f in page.feeds if in_domains(f, source.domains))
            self._add_articles([Entry(link) for link in page.links if classify_url(link) == "article"], url)
            for link in page.links:
                if not in_domains(link, source.domains):
                    continue
                if classify_url(link) == "listing" and depth < source.link_depth and listing_key(link) not in seen:
                    seen.add(listing_key(link))
                    todo.append((link, depth + 1))

    def _add_articles(self, entries: list[Entry], found_on: str | None) -> None:
        """Queue article URLs (sitemaps and feeds are trusted, bar URLs that are plainly not news)."""
        items = {article_key(e.url): e for e in entries
                 if in_domains(e.url, self.source.domains) and classify_url(e.url) != "ignore"}
        self.report.discovered += self.frontier.add_many(list(items.items()), self.source.name, "article", found_on)

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
        report.fetched += 1
        sha = hashlib.sha256(result.body).hexdigest()
        if not result.is_html:
            frontier.mark(url, "skipped", content_sha256=sha,
                          last_error=f"not an HTML page ({result.content_type or 'no type'})")
            return
        if sha == row["content_sha256"]:
            frontier.mark(url, "done")
            return
        try:
            page = decode_page(result)
        except ValueError as error:
            frontier.mark(url, "skipped", content_sha256=sha, last_error=str(error))
            return
        links = parse_links(page, result.final_url)
        self._add_articles([Entry(link) for link in links.links if classify_url(link) == "article"], url)
        declared = links.canonical if links.canonical and in_domains(links.canonical, source.domains) else None
        self.deliver(Document(
            id=stable_id(url), source=url, url=article_key(declared) if declared else url, outlet=source.name,
            title=row["title"], published=_iso_date(row["published"]), fetched_at=now_iso(), html=page), sha)
