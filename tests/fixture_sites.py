"""Fixture news sites on 127.0.0.1, each copying the structure of a real kind of outlet (tests/sites/).

A site is a folder with a `site.toml`: `[[route]]` tables map a request target (path and query,
matched exactly) to a file, a rendered article or a redirect, with its Content-Type; `[article.X]`
tables hold the stories (title, date, paragraphs) that the folder's `article.html` template
renders, the way a CMS renders its posts.  Files may say `{{BASE}}` (this server's URL),
`{{MOBILE}}` (the same URL on an `m.` host) and `{{TRACKER}}` (a click tracker's URL, see
Tracker).  Answers carry ETag and Last-Modified and honour conditional requests; every request is
logged with its headers and time, so tests can say what was fetched, when, and what never was.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import threading
import time
import tomllib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SITES = Path(__file__).resolve().parent / "sites"
LAST_MODIFIED = "Mon, 20 May 2024 01:00:00 GMT"


@dataclass
class Request:
    target: str  # path and query as requested
    headers: dict[str, str]
    at: float
    status: int = 0

    @property
    def path(self) -> str:
        return urlsplit(self.target).path


class Server:
    """A threaded HTTP server whose handler calls `respond(handler, request)`; logs every request."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        owner = self
        self.requests: list[Request] = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                """Quiet: tests read the request log instead."""

            def do_GET(self) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                owner.requests.append(request)
                request.status = owner.respond(self, request)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def respond(self, handler: BaseHTTPRequestHandler, request: Request) -> int:
        raise NotImplementedError

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, target: str) -> str:
        return self.base + target

    def targets(self, since: int = 0) -> list[str]:
        return [r.target for r in self.requests[since:]]


class Tracker(Server):
    """A feed's click tracker on another port: /r/<target> answers 302 to the outlet's <target>."""

    def __init__(self) -> None:
        super().__init__()
        self.outlet = ""  # the base URL redirected to, set by the site using it

    def respond(self, handler: BaseHTTPRequestHandler, request: Request) -> int:
        if request.path == "/robots.txt":
            return send(handler, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        if request.path.startswith("/r/"):
            return send(handler, 302, b"", None, {"Location": self.outlet + request.target[2:]})
        return send(handler, 404, b"", "text/plain")


class FixtureSite(Server):
    """Serve tests/sites/<name>: `with FixtureSite("wordpress") as site: site.url("/?p=101")`."""

    def __init__(self, name: str, host: str = "127.0.0.1", tracker: Tracker | None = None) -> None:
        super().__init__(host)
        self.folder = SITES / name
        self.config = tomllib.loads((self.folder / "site.toml").read_text(encoding="utf-8"))
        self.routes = {route["path"]: route for route in self.config["route"]}
        self.tracker = tracker
        if tracker:
            tracker.outlet = self.base

    @property
    def articles(self) -> list[str]:
        """Targets of the stories a complete crawl stores (their first page, for split ones)."""
        return [r["path"] for r in self.config["route"] if r.get("story")]

    def _fill(self, data: bytes) -> bytes:
        mobile = self.base.replace("://", "://m.", 1)
        values = {"{{BASE}}": self.base, "{{MOBILE}}": mobile,
                  "{{TRACKER}}": self.tracker.base if self.tracker else ""}
        for placeholder, value in values.items():
            data = data.replace(placeholder.encode("ascii"), value.encode("ascii"))
        return data

    def render(self, route: dict[str, Any]) -> bytes:
        if "file" in route:
            return self._fill((self.folder / route["file"]).read_bytes())
        story = self.config["article"][route["article"]]
        page = (self.folder / route.get("template", "article.html")).read_text(encoding="utf-8")
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in story["paragraphs"])
        for key, value in {"{{TITLE}}": html.escape(story["title"]), "{{PUBLISHED}}": story["published"],
                           "{{BODY}}": body, "{{PAGER}}": route.get("pager", ""),
                           "{{CANONICAL}}": html.escape(route.get("canonical", route["path"]))}.items():
            page = page.replace(key, value)
        return self._fill(page.encode(route.get("encoding", "utf-8")))

    def respond(self, handler: BaseHTTPRequestHandler, request: Request) -> int:
        route = self.routes.get(request.target)
        if route is None:
            return send(handler, 404, b"<h1>Halaman tidak ditemukan</h1>", "text/html; charset=utf-8")
        if "redirect" in route:
            return send(handler, route.get("status", 301), b"", None, {"Location": self._fill(route["redirect"].encode()).decode()})
        body = self.render(route)
        if route.get("gzip"):
            body = gzip.compress(body, mtime=0)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return send(handler, 304, b"", None, {"ETag": etag})
        return send(handler, 200, body, route.get("type", "text/html; charset=utf-8"),
                    {"ETag": etag, "Last-Modified": LAST_MODIFIED})


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str | None,
         headers: dict[str, str] | None = None) -> int:
    try:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if status != 304:
            handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return status


@dataclass
class Crawled:
    """What two crawls of one site left: the database, and the request log split between the runs."""

    site: FixtureSite
    db: Any
    first: Any
    second: Any
    between: int
    first_requests: list[Request] = field(default_factory=list)
    second_requests: list[Request] = field(default_factory=list)


class Scripted(Server):
    """A misbehaving server: each target answered by a test's function of (hit number, request),
    which returns (status, body, Content-Type, other headers)."""

    def __init__(self, answers: dict[str, Any]) -> None:
        super().__init__()
        self.answers = answers
        self.hits: dict[str, int] = {}

    def respond(self, handler: BaseHTTPRequestHandler, request: Request) -> int:
        self.hits[request.target] = self.hits.get(request.target, 0) + 1
        answer = self.answers.get(request.target)
        if answer is None:
            return send(handler, 404, b"", "text/plain")
        status, body, content_type, headers = answer(self.hits[request.target], request)
        return send(handler, status, body, content_type, headers)
