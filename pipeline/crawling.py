"""Crawling: news outlets -> Documents, politely and incrementally.

Each source (an outlet of resources/outlets.toml, a user's file in the same format, or a bare
`--site` URL) is crawled in its own thread, so hosts are fetched concurrently but one host never
sees two requests at once.  Discovery reads robots.txt `Sitemap:` lines, sitemap indexes and news
sitemaps (.xml or .xml.gz), RSS/Atom feeds (also those a home page advertises) and, within the
allowed domains, a bounded crawl of listing pages; a URL heuristic (resources/url_patterns.toml)
tells articles from listings.  Politeness is not optional: robots.txt is obeyed for every URL and
redirect hop, Crawl-delay and a per-host minimum delay are honoured, 429/5xx are retried with
backoff and Retry-After, and timeouts, page size and redirects are bounded.

What was seen is remembered in the knowledge base (tables frontier, fetch_log, runs and
near_duplicates: storage._migration_crawl): an article fetched once is not fetched again unless its sitemap lastmod moves, and then
with a conditional GET.  URLs are keyed by canonical form, so tracking parameters and AMP or ?page=
views of a story are one article.  A frontier URL is marked done only after its article is stored,
so a run killed at any moment loses nothing: the next run fetches what was left.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import queue
import re
import sqlite3
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx
from lxml import etree, html as lxml_html

from . import __version__
from .loading import decode, stable_id
from .records import Document, Extraction, Skipped
from .textextraction import canonical_url

log = logging.getLogger(__name__)

ROBOTS_AGENT = "warta"
DEFAULT_CONTACT = "https://github.com/warta-id/warta"
MAX_ATTEMPTS = 3  # a URL failing this many runs in a row is left alone
MAX_SITEMAPS = 50  # per source and run: a big index is read newest first
MAX_SITEMAP_DEPTH = 3
HTML_TYPES = ("text/html", "application/xhtml+xml")


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """An identifying User-Agent: who crawls and where to complain."""
    return f"warta/{__version__} (+{contact}; research crawler of Indonesian regional news)"


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# --- sources ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Politeness:
    """How gently one source is treated; the registry may override any field per outlet."""

    min_delay: float = 2.0  # seconds between two requests to one host (Crawl-delay may raise it)
    timeout: float = 20.0  # seconds for connecting, for each read, and for a whole response
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3  # extra tries after a 429 or 5xx
    backoff: float = 2.0  # first wait before a retry, doubled each time
    max_retry_wait: float = 120.0  # a longer Retry-After gives up on the URL for this run


@dataclass(frozen=True)
class Source:
    """One outlet to follow."""

    name: str
    home: str
    domains: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    language: str = "id"
    region: str | None = None
    politeness: Politeness = Politeness()
    max_pages: int = 200  # article pages fetched per run
    max_listing_pages: int = 20  # listing pages (home, categories, pagination) read per run
    link_depth: int = 2


POLITENESS_KEYS = {f.name for f in fields(Politeness)}
SOURCE_KEYS = {f.name for f in fields(Source)} - {"politeness"}


def _source_from_mapping(entry: dict[str, Any], defaults: dict[str, Any]) -> Source:
    merged = {**defaults, **entry}
    unknown = set(merged) - POLITENESS_KEYS - SOURCE_KEYS
    if unknown:
        raise ValueError(f"outlet {entry.get('name', entry.get('home'))!r}: unknown keys {sorted(unknown)}")
    if "home" not in merged:
        raise ValueError(f"outlet {entry.get('name')!r} has no home URL")
    home = merged["home"]
    host = urlsplit(home).hostname or ""
    values = {k: v for k, v in merged.items() if k in SOURCE_KEYS}
    values.setdefault("name", host)
    values["domains"] = tuple(merged.get("domains") or [host])
    values["sitemaps"] = tuple(merged.get("sitemaps", ()))
    values["feeds"] = tuple(merged.get("feeds", ()))
    politeness = Politeness(**{k: v for k, v in merged.items() if k in POLITENESS_KEYS})
    return Source(politeness=politeness, **values)


def load_sources(path: Path | None = None, **overrides: Any) -> list[Source]:
    """The outlets of a registry file (the shipped one if no path): `[defaults]` and `[[outlet]]`."""
    if path is None:
        text = resources.files("pipeline.resources").joinpath("outlets.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    defaults = {**data.get("defaults", {}), **overrides}
    return [_source_from_mapping(entry, defaults) for entry in data.get("outlet", [])]


def site_source(url: str, **overrides: Any) -> Source:
    """A source for a bare `--site` URL: its own host (and www. twin) is the allowed domain."""
    if "://" not in url:
        url = f"https://{url}"
    if not urlsplit(url).path:
        url += "/"
    host = urlsplit(url).hostname or ""
    domains = [host]
    if re.search(r"[a-z]", host) and "." in host:  # example.id and www.example.id are one site
        domains.append(host[4:] if host.startswith("www.") else f"www.{host}")
    registry_defaults = tomllib.loads(
        resources.files("pipeline.resources").joinpath("outlets.toml").read_text(encoding="utf-8")
    ).get("defaults", {})
    return _source_from_mapping({"name": host, "home": url, "domains": domains},
                                {**registry_defaults, **overrides})


# --- URLs -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def url_patterns() -> dict[str, Any]:
    text = resources.files("pipeline.resources").joinpath("url_patterns.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for key in ("hub_segments", "ignored_segments", "article_view_parameters", "view_segments"):
        data[key] = frozenset(data[key])
    data["ignored_extensions"] = tuple(data["ignored_extensions"])
    return data


DATE_PATH = re.compile(r"/(?:19|20)\d{2}/?(?:0[1-9]|1[0-2])/?(?:0[1-9]|[12]\d|3[01])/")


def in_domains(url: str, domains: tuple[str, ...]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def article_key(url: str) -> str:
    """The one URL that names an article: canonical, without AMP, print or page-N views."""
    patterns = url_patterns()
    clean = canonical_url(url) or url
    parts = urlsplit(clean)
    segments = [s for s in parts.path.split("/") if s.lower() not in patterns["view_segments"]]
    path = "/".join(segments) or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in patterns["article_view_parameters"]])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def listing_key(url: str) -> str:
    """Listing pages keep their query (it is the pagination) but lose tracking parameters."""
    return canonical_url(url) or url


def classify_url(url: str) -> str:
    """'article', 'listing' or 'ignore', from the URL alone."""
    patterns = url_patterns()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "ignore"
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    if path.endswith(patterns["ignored_extensions"]) or any(s in patterns["ignored_segments"] for s in segments):
        return "ignore"
    last = segments[-1] if segments else ""
    dated = bool(DATE_PATH.search(path + "/")) and bool(re.search(r"[a-z]", last))
    has_id = any(re.search(rf"\d{{{patterns['min_id_digits']},}}", s) for s in segments)
    if dated or has_id:
        return "article"
    if any(s in patterns["hub_segments"] for s in segments):
        return "listing"
    slug = re.sub(r"\.(html?|php)$", "", last)
    if len([w for w in slug.split("-") if w]) >= patterns["min_slug_words"]:
        return "article"
    return "listing"


# --- parsing discovery documents ---------------------------------------------------------------


@dataclass
class Entry:
    """An article URL as a sitemap or feed announced it."""

    url: str
    lastmod: str | None = None
    published: str | None = None
    title: str | None = None


def _maybe_gunzip(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _xml_root(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(_maybe_gunzip(data).strip(), parser)
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
    links: list[str]
    feeds: list[str]
    canonical: str | None


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


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


# --- robots.txt -------------------------------------------------------------------------------


class Robots:
    """A host's robots.txt: the rules for warta (or *), its Crawl-delay and Sitemap lines."""

    def __init__(self, text: str | None, unreachable: bool = False) -> None:
        self.parser = RobotFileParser()
        self.parser.parse((text or "").splitlines())
        self.parser.disallow_all = unreachable  # a host whose robots.txt fails is left alone
        self.unreachable = unreachable
        self.sitemaps = [line.split(":", 1)[1].strip() for line in (text or "").splitlines()
                         if line.lower().startswith("sitemap:") and ":" in line]
        self.crawl_delay = _crawl_delay(text or "")

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(ROBOTS_AGENT, url)


def _crawl_delay(text: str) -> float | None:
    """Crawl-delay of the group for warta, else of `*` (robotparser only reads whole seconds)."""
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
            continue
        in_rules = True
        if key == "crawl-delay":
            try:
                for agent in agents:
                    delays[agent] = float(value)
            except ValueError:
                continue
    own = [d for agent, d in delays.items() if agent != "*" and agent in ROBOTS_AGENT]
    return own[0] if own else delays.get("*")


# --- fetching ---------------------------------------------------------------------------------


@dataclass
class Fetched:
    """The outcome of one polite GET (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    disallowed: bool = False
    conditional: bool = False
    seconds: float = 0.0
    http_version: str = "HTTP/1.1"

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.error is None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class Fetcher:
    """The only way warta touches the network: robots, per-host pacing, retries and limits."""

    def __init__(self, contact: str = DEFAULT_CONTACT, warc: "WarcSink | None" = None) -> None:
        self.client = httpx.Client(follow_redirects=False, headers={"User-Agent": user_agent(contact)})
        # fetch_log holds every request; httpx's own line per request would drown a nightly log
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self.warc = warc
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_request: dict[str, float] = {}
        self._robots: dict[str, Robots] = {}

    def close(self) -> None:
        self.client.close()

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def robots(self, url: str, politeness: Politeness) -> Robots:
        """The robots.txt of the URL's host, fetched once per run; unreachable means disallow all."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._host_lock(origin + "#robots"):
            if origin not in self._robots:
                result = self._get(origin + "/robots.txt", {}, politeness)
                if result.status == 200:
                    robots = Robots(decode(result.body, _charset(result.content_type)))
                elif result.status is not None and 400 <= result.status < 500:
                    robots = Robots(None)  # no robots.txt: everything is allowed
                else:
                    log.warning("robots.txt of %s unreachable (%s): nothing fetched there this run",
                                origin, result.error or result.status)
                    robots = Robots(None, unreachable=True)
                self._robots[origin] = robots
            return self._robots[origin]

    def _delay(self, url: str, politeness: Politeness) -> float:
        robots = self._robots.get(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
        delay = robots.crawl_delay if robots and robots.crawl_delay else 0.0
        return max(politeness.min_delay, delay)

    def fetch(self, url: str, politeness: Politeness, domains: tuple[str, ...],
              etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET a URL obeying robots.txt at every redirect hop and staying inside the domains."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, hops = url, 0
        while True:
            if not self.robots(current, politeness).allows(current):
                return Fetched(url, current, error="disallowed by robots.txt", disallowed=True)
            result = self._get(current, headers, politeness)
            result.url, result.conditional = url, bool(headers)
            location = result.headers.get("location")
            if result.status not in (301, 302, 303, 307, 308) or not location:
                return result
            hops += 1
            target = urljoin(current, location)
            if hops > politeness.max_redirects:
                return replace(result, error=f"more than {politeness.max_redirects} redirects")
            if not in_domains(target, domains):
                return replace(result, error=f"redirect leaves the allowed domains: {target}")
            current = target

    def _get(self, url: str, headers: dict[str, str], politeness: Politeness) -> Fetched:
        """One URL, no redirects: paced per host, retried on 429/5xx, bounded in time and size."""
        host = urlsplit(url).netloc
        with self._host_lock(host):
            attempt = 0
            while True:
                wait = self._next_request.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                result = self._request(url, headers, politeness)
                self._next_request[host] = time.monotonic() + self._delay(url, politeness)
                retryable = result.status == 429 or (result.status or 0) >= 500
                if not retryable or attempt >= politeness.retries:
                    return result
                pause = retry_after_seconds(result.headers.get("retry-after"))
                pause = politeness.backoff * 2 ** attempt if pause is None else pause
                if pause > politeness.max_retry_wait:
                    return replace(result, error=f"HTTP {result.status}, Retry-After {pause:.0f}s too long")
                log.info("HTTP %s from %s: retrying in %.1fs", result.status, url, pause)
                self._next_request[host] = max(self._next_request[host], time.monotonic() + pause)
                attempt += 1

    def _request(self, url: str, headers: dict[str, str], politeness: Politeness) -> Fetched:
        started = time.monotonic()
        deadline = started + politeness.timeout
        result = Fetched(url, url)
        try:
            with self.client.stream("GET", url, headers=headers, timeout=politeness.timeout) as response:
                result.status = response.status_code
                result.http_version = response.http_version
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > politeness.max_bytes:
                        result.error = f"larger than {politeness.max_bytes} bytes"
                        break
                    if time.monotonic() > deadline:
                        result.error = f"slower than {politeness.timeout}s"
                        break
                    chunks.append(chunk)
                result.body = b"".join(chunks)
        except httpx.TimeoutException:
            result.error = f"timeout after {politeness.timeout}s"
        except httpx.HTTPError as error:
            result.error = f"{type(error).__name__}: {error}"
        result.seconds = time.monotonic() - started
        if self.warc and result.status is not None and result.error is None:
            self.warc.write(result)
        return result


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return None


META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode_page(result: Fetched) -> str:
    """HTML text from bytes: the HTTP charset, else the page's <meta charset>, else detection."""
    declared = _charset(result.content_type)
    if not declared:
        match = META_CHARSET.search(result.body[:4096])
        declared = match.group(1).decode("ascii") if match else None
    return decode(result.body, declared)


class WarcSink:
    """Raw responses kept as a gzipped WARC file, for re-processing with `warta ingest`."""

    def __init__(self, path: Path) -> None:
        from warcio.warcwriter import WARCWriter

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._stream = path.open("ab")
        self._writer = WARCWriter(self._stream, gzip=True)
        self._lock = threading.Lock()

    def write(self, result: Fetched) -> None:
        from io import BytesIO

        from warcio.statusandheaders import StatusAndHeaders

        headers = [(k, v) for k, v in result.headers.items()
                   if k not in ("content-encoding", "transfer-encoding", "content-length")]
        http = StatusAndHeaders(f"{result.status} {httpx.codes.get_reason_phrase(result.status or 0)}",
                                headers, protocol=result.http_version)
        record = self._writer.create_warc_record(result.final_url, "response", payload=BytesIO(result.body),
                                                 http_headers=http)
        with self._lock:
            self._writer.write_record(record)
            self._stream.flush()

    def close(self) -> None:
        self._stream.close()


# --- the frontier -----------------------------------------------------------------------------


class Frontier:
    """URL states and the fetch log in the knowledge base, safe to use from the fetch threads."""

    def __init__(self, db_path: Path) -> None:
        self.conn = sqlite3.connect(db_path, check_same_thread=False, timeout=60)
        self.conn.execute("PRAGMA busy_timeout = 60000")
        self.lock = threading.Lock()

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, params: list[Any] | tuple[Any, ...]) -> None:
        with self.lock, self.conn:
            self.conn.execute(sql, params)

    def row(self, url: str) -> dict[str, Any] | None:
        with self.lock:
            cursor = self.conn.execute("SELECT * FROM frontier WHERE url = ?", [url])
            found = cursor.fetchone()
            return dict(zip([c[0] for c in cursor.description], found)) if found else None

    def add(self, url: str, source: str, kind: str, found_on: str | None, entry: Entry | None = None) -> bool:
        """Remember one URL; True if it is new."""
        return self.add_many([(url, entry)], source, kind, found_on) == 1

    def add_many(self, items: list[tuple[str, Entry | None]], source: str, kind: str, found_on: str | None) -> int:
        """Remember URLs in one transaction (a sitemap lists thousands); a done article comes back
        to pending when its lastmod moves.  Returns how many were new."""
        new = 0
        with self.lock, self.conn:
            for url, entry in items:
                lastmod = entry.lastmod if entry else None
                known = self.conn.execute("SELECT lastmod, state FROM frontier WHERE url = ?", [url]).fetchone()
                if known is None:
                    self.conn.execute(
                        "INSERT INTO frontier (url, source, kind, state, found_on, discovered_at, lastmod, "
                        "published, title, attempts) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, 0)",
                        [url, source, kind, found_on, now_iso(), lastmod, entry.published if entry else None,
                         entry.title if entry else None])
                    new += 1
                elif lastmod and known[0] and lastmod > known[0] and known[1] == "done":
                    self.conn.execute("UPDATE frontier SET state = 'pending', lastmod = ?, attempts = 0 "
                                      "WHERE url = ?", [lastmod, url])
                elif lastmod and not known[0]:
                    self.conn.execute("UPDATE frontier SET lastmod = ? WHERE url = ?", [lastmod, url])
        return new

    def pending(self, source: str, limit: int, tried: set[str]) -> list[dict[str, Any]]:
        """Articles still to fetch for a source, newest first, skipping URLs that keep failing and
        those this run already tried (fetched ones stay pending until their article is stored)."""
        limit += len(tried)
        with self.lock:
            cursor = self.conn.execute(
                "SELECT * FROM frontier WHERE source = ? AND kind = 'article' AND state IN ('pending', 'error')"
                " AND attempts < ? ORDER BY coalesce(published, lastmod, '') DESC, discovered_at LIMIT ?",
                [source, MAX_ATTEMPTS, limit])
            names = [c[0] for c in cursor.description]
            rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        return [row for row in rows if row["url"] not in tried]

    def mark(self, url: str, state: str, **values: Any) -> None:
        values["state"] = state
        assignments = ", ".join(f"{key} = ?" for key in values)
        self._write(f"UPDATE frontier SET {assignments} WHERE url = ?", [*values.values(), url])

    def record_fetch(self, url: str, result: Fetched, run_id: int | None) -> None:
        """Log the fetch and keep its validators; failures count towards MAX_ATTEMPTS."""
        self._write(
            "INSERT INTO fetch_log (run_id, url, final_url, status, bytes, seconds, conditional, error, "
            "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, url, result.final_url, result.status, len(result.body), round(result.seconds, 3),
             int(result.conditional), result.error, now_iso()])
        failed = result.error is not None or result.status not in (200, 304)
        self._write(
            "UPDATE frontier SET last_status = ?, last_error = ?, fetched_at = ?, attempts = "
            "CASE WHEN ? THEN attempts + 1 ELSE 0 END, etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified) WHERE url = ?",
            [result.status, result.error, now_iso(), failed, result.headers.get("etag") if result.ok else None,
             result.headers.get("last-modified") if result.ok else None, url])


# --- near duplicates --------------------------------------------------------------------------


class NearDuplicates:
    """Groups syndicated copies (one wire story on many sites) with MinHash over word shingles."""

    NUM_PERM = 128
    THRESHOLD = 0.6
    SHINGLE = 3
    SCHEME = "affine32"  # stored signatures are only comparable under the scheme that made them

    def __init__(self, db: Any) -> None:
        from datasketch import MinHashLSH

        self.db = db
        self.lsh = MinHashLSH(threshold=self.THRESHOLD, num_perm=self.NUM_PERM)
        self.signatures: dict[str, Any] = {}
        self.groups: dict[str, str] = {}
        for article_id, group_id, blob in db.execute("SELECT article_id, group_id, minhash FROM near_duplicates"):
            self._remember(article_id, group_id, self._from_blob(blob))

    def _from_blob(self, blob: bytes) -> Any:
        import numpy
        from datasketch import MinHash

        return MinHash(num_perm=self.NUM_PERM, hashvalues=numpy.frombuffer(blob, dtype=numpy.uint32),
                       scheme=self.SCHEME)

    def _remember(self, article_id: str, group_id: str, signature: Any) -> None:
        if article_id in self.signatures:
            self.lsh.remove(article_id)
        self.lsh.insert(article_id, signature)
        self.signatures[article_id] = signature
        self.groups[article_id] = group_id

    def signature(self, text: str) -> Any:
        from datasketch import MinHash

        words = re.findall(r"\w+", text.casefold())
        shingles = {" ".join(words[i:i + self.SHINGLE]) for i in range(max(1, len(words) - self.SHINGLE + 1))}
        signature = MinHash(num_perm=self.NUM_PERM, scheme=self.SCHEME)
        signature.update_batch([s.encode("utf-8") for s in shingles])
        return signature

    def add(self, article_id: str, text: str) -> str | None:
        """File an article under its group; returns the group's first article if it joined one."""
        signature = self.signature(text)
        scored = [(signature.jaccard(self.signatures[other]), other)
                  for other in self.lsh.query(signature) if other != article_id]
        similarity, match = max(scored) if scored else (1.0, None)
        group_id = self.groups[match] if match else article_id
        with self.db.conn:
            self.db["near_duplicates"].upsert(
                {"article_id": article_id, "group_id": group_id, "similarity": round(similarity, 3),
                 "minhash": signature.hashvalues.astype("uint32").tobytes()}, pk="article_id")
        self._remember(article_id, group_id, signature)
        return group_id if match else None


# --- runs and the lock ------------------------------------------------------------------------


class LockHeld(RuntimeError):
    """Another warta crawl or nightly run works on the same database."""


class RunLock:
    """An exclusive flock beside the database; the kernel drops it when the holder dies (kill -9)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: Any = None

    def __enter__(self) -> "RunLock":
        import fcntl

        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise LockHeld(f"another warta run (pid {holder}) is using {self.path.name[:-5]}; "
                           f"exiting (lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


# --- the crawl --------------------------------------------------------------------------------


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


@dataclass
class CrawlSummary:
    run_id: int
    sources: list[SourceReport]
    seconds: float
    counts: dict[str, int]

    @property
    def failed_sources(self) -> list[SourceReport]:
        return [s for s in self.sources if s.unreachable]


_DONE = object()


class _Stopped(Exception):
    """The storing side gave up; fetch threads end quietly."""


class Crawler:
    """Discovers and fetches the sources' articles (fetch threads) and stores them (this thread)."""

    def __init__(self, sources: list[Source], db_path: Path, *, max_pages: int | None = None,
                 warc_dir: Path | None = None, contact: str = DEFAULT_CONTACT, workers: int = 8,
                 kind: str = "crawl", on_progress: Callable[[str, str], None] | None = None) -> None:
        self.sources = [replace(s, max_pages=max_pages) if max_pages is not None else s for s in sources]
        self.db_path = Path(db_path)
        self.warc_dir = warc_dir
        self.contact = contact
        self.workers = max(1, min(workers, len(self.sources)))
        self.kind = kind
        self.on_progress = on_progress or (lambda source, status: None)
        self.reports = {s.name: SourceReport(s.name) for s in self.sources}
        self.run_id: int | None = None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=32)
        self._waiting: dict[str, tuple[str, str]] = {}  # document source -> (frontier url, body sha)
        self._stop = threading.Event()

    def run(self) -> CrawlSummary:
        """One whole crawl, recorded in the runs table (status running -> ok or failed)."""
        from .extraction import Extractor
        from .storage import Store

        started = time.monotonic()
        with Store(self.db_path) as store:
            self._close_interrupted_runs(store)
            self.run_id = store.db["runs"].insert(
                {"kind": self.kind, "started_at": now_iso(), "status": "running", "pid": os.getpid(),
                 "sources": len(self.sources)}).last_pk
            store.db.conn.commit()
            status, message = "failed", None
            try:
                self._crawl(store, Extractor(batch_size=4))
                failed = [s.name for s in self.reports.values() if s.unreachable]
                status = "ok" if not failed else "failed"
                message = f"{len(failed)} of {len(self.sources)} sources failed: {', '.join(failed)}" if failed else None
            except BaseException as error:
                message = f"{type(error).__name__}: {error}"
                raise
            finally:
                store.db["runs"].update(self.run_id, {
                    "ended_at": now_iso(), "status": status, "message": message,
                    "counts": json.dumps({n: _counts(r) for n, r in self.reports.items()}, ensure_ascii=False),
                    "errors": json.dumps({n: r.errors for n, r in self.reports.items() if r.errors},
                                         ensure_ascii=False)})
                store.db.conn.commit()
            counts = store.counts()
        return CrawlSummary(self.run_id, list(self.reports.values()), time.monotonic() - started, counts)

    @staticmethod
    def _close_interrupted_runs(store: Any) -> None:
        """Runs left 'running' by a killed process (we hold the lock, so none is alive)."""
        with store.db.conn:
            store.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")

    def _crawl(self, store: Any, extractor: Any) -> None:
        frontier = Frontier(self.db_path)
        warc = None
        if self.warc_dir:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            warc = WarcSink(self.warc_dir / f"warta-{stamp}-run{self.run_id}.warc.gz")
        fetcher = Fetcher(self.contact, warc)
        near = NearDuplicates(store.db)
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="crawl") as pool:
                for source in self.sources:
                    pool.submit(self._source_thread, source, fetcher, frontier)
                try:
                    for item in extractor.extract_documents(self._documents()):
                        self._store(item, store, frontier, near)
                finally:
                    self._stop.set()  # on an error here, fetch threads end instead of filling the queue
        finally:
            fetcher.close()
            frontier.close()
            if warc:
                warc.close()

    def _check_stop(self) -> None:
        if self._stop.is_set():
            raise _Stopped

    def _put(self, item: Any) -> None:
        while True:
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                self._check_stop()

    def _documents(self) -> Iterator[Document]:
        finished = 0
        while finished < len(self.sources):
            item = self._queue.get()
            if item is _DONE:
                finished += 1
            else:
                yield item

    def _store(self, item: Extraction | Skipped, store: Any, frontier: Frontier, near: NearDuplicates) -> None:
        """Save one extraction, then (only then) mark its URL done: a kill in between refetches it."""
        if isinstance(item, Skipped):
            url, sha = self._waiting.pop(item.source, (item.source, None))
            source = (frontier.row(url) or {}).get("source", "")
            self.reports.get(source, SourceReport(source)).skipped += 1
            frontier.mark(url, "skipped", last_error=item.reason, content_sha256=sha)
            log.info("skipped %s: %s", url, item.reason)
            self.on_progress(source, "skipped")
            return
        url, sha = self._waiting.pop(item.article.source, (item.article.source, None))
        source = item.article.outlet or ""
        status = store.save(item)
        report = self.reports.setdefault(source, SourceReport(source))
        report.stored[status] = report.stored.get(status, 0) + 1
        article_id = _stored_id(store, item, status)
        if status in ("new", "updated") and near.add(item.article.id, item.article.text):
            report.near_duplicates += 1
        frontier.mark(url, "done", content_sha256=sha, article_id=article_id, last_error=None)
        log.info("%s %s", status, url)
        self.on_progress(source, status)

    def _source_thread(self, source: Source, fetcher: Fetcher, frontier: Frontier) -> None:
        report = self.reports[source.name]
        try:
            self._crawl_source(source, fetcher, frontier, report)
        except _Stopped:
            pass
        except Exception as error:  # one broken outlet must not stop the others
            log.exception("crawl of %s failed", source.name)
            report.unreachable = True
            report.error(f"{type(error).__name__}: {error}")
        finally:
            try:
                self._put(_DONE)
            except _Stopped:
                pass

    def _crawl_source(self, source: Source, fetcher: Fetcher, frontier: Frontier, report: SourceReport) -> None:
        robots = fetcher.robots(source.home, source.politeness)
        if robots.unreachable:
            report.unreachable = True
            report.error("robots.txt unreachable: nothing fetched")
            return
        self._discover(source, fetcher, frontier, report, robots)
        budget, tried = source.max_pages, set()
        while budget > 0:
            batch = frontier.pending(source.name, budget, tried)
            if not batch:
                break
            for row in batch:
                self._check_stop()
                budget -= 1
                tried.add(row["url"])
                self._fetch_article(row, source, fetcher, frontier, report)

    def _discover(self, source: Source, fetcher: Fetcher, frontier: Frontier, report: SourceReport,
                  robots: Robots) -> None:
        sitemaps = list(dict.fromkeys([*source.sitemaps, *robots.sitemaps]))
        if not sitemaps:
            sitemaps = [urljoin(source.home, "/sitemap.xml")]
        seen: set[str] = set()
        for sitemap in sitemaps:
            self._read_sitemap(sitemap, 0, seen, source, fetcher, frontier, report)
        feeds = list(source.feeds)
        self._crawl_listings(source, fetcher, frontier, report, feeds)
        for feed in dict.fromkeys(feeds):
            result = self._fetch_listing(feed, "feed", source, fetcher, frontier, report)
            if result is not None:
                self._add_articles(parse_feed(result.body), source, frontier, report, feed)

    def _fetch_listing(self, url: str, kind: str, source: Source, fetcher: Fetcher, frontier: Frontier,
                       report: SourceReport) -> Fetched | None:
        """A sitemap, feed or listing page; sitemaps and feeds are revisited with a conditional GET."""
        key = listing_key(url)
        frontier.add(key, source.name, kind, None)
        known = frontier.row(key) or {}
        conditional = kind in ("sitemap", "feed")
        result = fetcher.fetch(url, source.politeness, source.domains,
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

    def _read_sitemap(self, url: str, depth: int, seen: set[str], source: Source, fetcher: Fetcher,
                      frontier: Frontier, report: SourceReport) -> None:
        if url in seen or len(seen) >= MAX_SITEMAPS or depth > MAX_SITEMAP_DEPTH or not in_domains(url, source.domains):
            return
        seen.add(url)
        result = self._fetch_listing(url, "sitemap", source, fetcher, frontier, report)
        if result is None:
            return
        children, entries = parse_sitemap(result.body)
        self._add_articles(entries, source, frontier, report, url)
        for child in sorted(children, key=lambda c: c.lastmod or "", reverse=True):
            self._read_sitemap(child.url, depth + 1, seen, source, fetcher, frontier, report)

    def _crawl_listings(self, source: Source, fetcher: Fetcher, frontier: Frontier, report: SourceReport,
                        feeds: list[str]) -> None:
        """Breadth-first over listing pages from the home page, collecting article links and feeds."""
        todo, seen, read = [(source.home, 0)], {listing_key(source.home)}, 0
        while todo and read < source.max_listing_pages:
            self._check_stop()
            url, depth = todo.pop(0)
            result = self._fetch_listing(url, "listing", source, fetcher, frontier, report)
            read += 1
            if result is None or not result.content_type.startswith(HTML_TYPES):
                if result is None and url == source.home and not report.discovered:
                    report.unreachable = True
                continue
            page = parse_links(decode_page(result), result.final_url)
            feeds.extend(f for f in page.feeds if in_domains(f, source.domains))
            articles = [Entry(link) for link in page.links if classify_url(link) == "article"]
            self._add_articles(articles, source, frontier, report, url)
            for link in page.links:
                if not in_domains(link, source.domains):
                    continue
                if classify_url(link) == "listing" and depth < source.link_depth and listing_key(link) not in seen:
                    seen.add(listing_key(link))
                    todo.append((link, depth + 1))

    def _add_articles(self, entries: list[Entry], source: Source, frontier: Frontier, report: SourceReport,
                      found_on: str | None) -> None:
        """Queue article URLs (sitemaps and feeds are trusted, bar URLs that are plainly not news)."""
        items = {article_key(e.url): e for e in entries
                 if in_domains(e.url, source.domains) and classify_url(e.url) != "ignore"}
        report.discovered += frontier.add_many(list(items.items()), source.name, "article", found_on)

    def _fetch_article(self, row: dict[str, Any], source: Source, fetcher: Fetcher, frontier: Frontier,
                       report: SourceReport) -> None:
        url = row["url"]
        revisit = row["content_sha256"] is not None
        result = fetcher.fetch(url, source.politeness, source.domains,
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
        if not result.content_type.startswith(HTML_TYPES):
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
        self._add_articles([Entry(link) for link in links.links if classify_url(link) == "article"],
                           source, frontier, report, url)
        declared = links.canonical if links.canonical and in_domains(links.canonical, source.domains) else None
        self._waiting[url] = (url, sha)
        self._put(Document(
            id=stable_id(url), source=url, url=article_key(declared) if declared else url, outlet=source.name,
            title=row["title"], published=_iso_date(row["published"]), fetched_at=now_iso(), html=page))


def _iso_date(value: str | None) -> str | None:
    """The calendar date of a sitemap or feed timestamp (the article's date, as records.py wants it)."""
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _stored_id(store: Any, extraction: Extraction, status: str) -> str | None:
    """The stored article a page ended up as (another one's id when it was a duplicate)."""
    if status != "duplicate":
        return extraction.article.id
    url = extraction.article.url or extraction.article.source
    row = store.db.execute("SELECT article_id FROM article_aliases WHERE url = ?", [url]).fetchone()
    return row[0] if row else None


def _counts(report: SourceReport) -> dict[str, Any]:
    values = {k: v for k, v in report.__dict__.items() if k not in ("name", "errors")}
    return values
