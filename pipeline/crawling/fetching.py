"""Politeness: the only way warta touches the network.

robots.txt is obeyed for every URL and redirect hop, Crawl-delay (from the first request after
robots.txt on) and a per-host minimum delay are honoured, 429/5xx are retried with backoff and
Retry-After, and page size and redirects are bounded.  One deadline covers each request whole,
headers and body: a server trickling bytes is cut off when it passes (a watchdog shuts the
socket).  Redirects stay on the site (host in the domains, same port) and on http(s).  One host
never sees two requests at once, whatever the number of threads.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol

import httpx

from .. import __version__
from ..loading import decode
from .registry import Politeness
from .robots import Robots
from .urls import in_domains, join_url, same_port, split_url

log = logging.getLogger(__name__)

DEFAULT_CONTACT = "https://github.com/warta-id/warta"
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECTS = (301, 302, 303, 307, 308)
META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def user_agent(contact: str = DEFAULT_CONTACT) -> str:
    """An identifying User-Agent: who crawls and where to complain."""
    return f"warta/{__version__} (+{contact}; research crawler of Indonesian regional news)"


@dataclass
class Fetched:
    """The outcome of one polite GET (after redirects and retries)."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    charset: str | None = None
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

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith(HTML_TYPES)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" is a digit to str.isdigit, not to float()
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def decode_page(result: Fetched) -> str:
    """HTML text from bytes: the HTTP charset, else the page's <meta charset>, else detection."""
    declared = result.charset
    if not declared:
        match = META_CHARSET.search(result.body[:4096])
        declared = match.group(1).decode("ascii") if match else None
    return decode(result.body, declared)


class Deadline:
    """One deadline for a whole request: at expiry a timer shuts the request's socket, so a read
    blocked on a trickling server returns.  Connections are not kept alive, so every request's
    socket is seen connecting (httpcore's trace extension)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        if event.endswith("connect_tcp.complete") and info.get("return_value") is not None:
            sock = info["return_value"].get_extra_info("socket")
            if sock is not None:
                self._sockets.append(sock)

    def _expire(self) -> None:
        self.expired = True
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _origin(url: str) -> str:
    parts = split_url(url)
    return f"{parts.scheme}://{parts.netloc}"


class ResponseSink(Protocol):
    """Where each fetched response is also recorded (crawling/warc.py's WarcSink)."""

    def write(self, result: Fetched) -> None: ...


class Fetcher:
    """GETs under the rules above; shared by all fetch threads, so its per-host state is locked."""

    def __init__(self, contact: str = DEFAULT_CONTACT, warc: ResponseSink | None = None) -> None:
        # transports, not a Client: a Client parses every Location header (and raises on
        # `javascript:`) even when not following it; redirects are followed here, hop by hop.  The
        # environment's proxies (http_proxy, https_proxy, no_proxy) are honoured as a Client would.
        proxies = urllib.request.getproxies()
        self.transports = {scheme: httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0),
                                                       proxy=proxies.get(scheme) if scheme else None)
                           for scheme in ("http", "https", "")}
        self.headers = {"User-Agent": user_agent(contact), "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
        # fetch_log holds every request; httpx's own line per request would drown a nightly log
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self.warc = warc
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_request: dict[str, float] = {}
        self._robots: dict[str, Robots] = {}

    def close(self) -> None:
        for transport in self.transports.values():
            transport.close()

    def _transport(self, url: str) -> httpx.HTTPTransport:
        parts = split_url(url)
        direct = urllib.request.proxy_bypass(parts.hostname or "")
        return self.transports["" if direct else parts.scheme]

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def robots(self, url: str, politeness: Politeness) -> Robots:
        """The robots.txt of the URL's host, fetched once per run; unreachable means disallow all."""
        origin = _origin(url)
        with self._host_lock(origin + "#robots"):
            if origin not in self._robots:
                result = self._get(origin + "/robots.txt", {}, politeness)
                if result.status == 200:
                    robots = Robots(decode(result.body, result.charset))
                elif result.status is not None and 400 <= result.status < 500:
                    robots = Robots(None)  # no robots.txt: everything is allowed
                else:
                    log.warning("robots.txt of %s unreachable (%s): nothing fetched there this run",
                                origin, result.error or result.status)
                    robots = Robots(None, unreachable=True)
                self._robots[origin] = robots
                self._pace(origin + "/robots.txt", politeness)  # Crawl-delay holds from the next request on
            return self._robots[origin]

    def _pace(self, url: str, politeness: Politeness) -> None:
        host = split_url(url).netloc
        self._next_request[host] = max(self._next_request.get(host, 0.0), time.monotonic() + self._delay(url, politeness))

    def _delay(self, url: str, politeness: Politeness) -> float:
        robots = self._robots.get(_origin(url))
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
            if result.status not in REDIRECTS or not location:
                return result
            hops += 1
            target = join_url(current, location)
            if hops > politeness.max_redirects:
                return replace(result, error=f"more than {politeness.max_redirects} redirects")
            refused = _refused_redirect(current, target, domains)
            if refused:
                return replace(result, error=refused)
            current = target

    def resolve(self, url: str, politeness: Politeness) -> str | None:
        """Where a redirecting link (a feed's click tracker) points, asking its own host politely."""
        if split_url(url).scheme not in ("http", "https") or not self.robots(url, politeness).allows(url):
            return None
        result = self._get(url, {}, politeness)
        location = result.headers.get("location")
        return join_url(url, location) if result.status in REDIRECTS and location else None

    def _get(self, url: str, headers: dict[str, str], politeness: Politeness) -> Fetched:
        """One URL, no redirects: paced per host, retried on 429/5xx, bounded in time and size."""
        host = split_url(url).netloc
        with self._host_lock(host):
            attempt = 0
            while True:
                wait = self._next_request.get(host, 0.0) - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                result = self._request(url, headers, politeness)
                self._pace(url, politeness)
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
        """The bare request under one deadline, streamed so an oversized response is cut off early."""
        started = time.monotonic()
        result = Fetched(url, url)
        deadline = Deadline(politeness.timeout)
        try:
            request = httpx.Request("GET", url, headers={**self.headers, **headers}, extensions={
                "timeout": httpx.Timeout(politeness.timeout).as_dict(), "trace": deadline.trace})
            with deadline:
                response = self._transport(url).handle_request(request)
                try:
                    result.status = response.status_code
                    result.http_version = response.http_version
                    result.headers = {k.lower(): v for k, v in response.headers.items()}
                    result.charset = response.charset_encoding
                    result.body = self._body(response, result, politeness)
                finally:
                    response.close()
        except httpx.TimeoutException:
            result.error = f"timeout after {politeness.timeout}s"
        except httpx.InvalidURL as error:
            result.error = f"invalid URL: {error}"
        except (httpx.HTTPError, OSError) as error:  # a socket the deadline shut ends in one of these
            result.error = f"{type(error).__name__}: {error}"
        if deadline.expired:
            result.error, result.body = f"timeout after {politeness.timeout}s", b""
        result.seconds = time.monotonic() - started
        if self.warc and result.status is not None and result.error is None:
            self.warc.write(result)
        return result

    @staticmethod
    def _body(response: httpx.Response, result: Fetched, politeness: Politeness) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > politeness.max_bytes:
                result.error = f"larger than {politeness.max_bytes} bytes"
                break
            chunks.append(chunk)
        return b"".join(chunks)


def _refused_redirect(current: str, target: str | None, domains: tuple[str, ...]) -> str | None:
    """Why a redirect is not followed, or None: only http(s), only the site's hosts and port."""
    if target is None:
        return "redirect to a malformed URL refused"
    scheme = split_url(target).scheme.lower()
    if scheme not in ("http", "https"):
        return f"redirect to a {scheme or 'schemeless'}: URL refused"
    if not in_domains(target, domains) or not same_port(target, current):
        return f"redirect leaves the site: {target}"
    return None
