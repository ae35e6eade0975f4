"""A realistic mini news site on 127.0.0.1 for the crawler tests (pages in tests/newssite/).

Files are served with `{{BASE}}` replaced by the server's own URL, with ETag and Last-Modified (and
304 answers to conditional requests), ignoring query parameters the way news CMSs do except for
`?page=N`, which selects `name.pageN.html`.  A `.gz` URL serves its file gzipped.  ROUTES maps URL
paths to files; BEHAVIOURS holds the misbehaving pages.  Every request is logged, so tests can
say what was fetched and what never was.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SITE = Path(__file__).resolve().parent / "newssite"
LAST_MODIFIED = "Sun, 19 May 2024 07:00:00 GMT"

ROUTES = {
    "/": "index.html",
    "/robots.txt": "robots.txt",
    "/sitemap_index.xml": "sitemap_index.xml",
    "/sitemap-news.xml.gz": "sitemap-news.xml",
    "/sitemap-posts.xml": "sitemap-posts.xml",
    "/rss.xml": "rss.xml",
    "/kategori/ketenagakerjaan": "kategori/ketenagakerjaan.html",
    "/kategori/ekonomi": "kategori/ekonomi.html",
    "/berita/20240517/pemkab-kutai-barat-daftarkan-pekerja-rentan":
        "berita/20240517-pemkab-kutai-barat-daftarkan-pekerja-rentan.html",
    "/berita/20240518/santunan-jkm-untuk-keluarga-nelayan-balikpapan":
        "berita/20240518-santunan-jkm-untuk-keluarga-nelayan-balikpapan.html",
    "/amp/berita/20240518/santunan-jkm-untuk-keluarga-nelayan-balikpapan":
        "berita/20240518-santunan-jkm-untuk-keluarga-nelayan-balikpapan.html",
    "/berita/20240520/pengemudi-ojek-daring-samarinda-ikut-program-jkk":
        "berita/20240520-pengemudi-ojek-daring-samarinda-ikut-program-jkk.html",
    "/berita/20240521/buruh-pelabuhan-semayang-terlindungi-jkk":
        "berita/20240521-buruh-pelabuhan-semayang-terlindungi-jkk.html",
    "/berita/20240522/pemprov-siapkan-dana-iuran-pekerja-informal":
        "berita/20240522-pemprov-siapkan-dana-iuran-pekerja-informal.html",
    "/ekonomi/2024/05/19/anggaran-iuran-petani-sawit-penajam-naik":
        "ekonomi/anggaran-iuran-petani-sawit-penajam-naik.html",
    "/daerah/20240523/keluarga-nelayan-balikpapan-terima-santunan-kematian":
        "daerah/keluarga-nelayan-balikpapan-terima-santunan-kematian.html",
}

# The stories a complete crawl stores (the syndicated copy included: it is grouped, not dropped).
ARTICLE_PATHS = [
    "/berita/20240517/pemkab-kutai-barat-daftarkan-pekerja-rentan",
    "/berita/20240518/santunan-jkm-untuk-keluarga-nelayan-balikpapan",
    "/berita/20240520/pengemudi-ojek-daring-samarinda-ikut-program-jkk",
    "/berita/20240521/buruh-pelabuhan-semayang-terlindungi-jkk",
    "/berita/20240522/pemprov-siapkan-dana-iuran-pekerja-informal",
    "/ekonomi/2024/05/19/anggaran-iuran-petani-sawit-penajam-naik",
    "/daerah/20240523/keluarga-nelayan-balikpapan-terima-santunan-kematian",
]
FLAKY = "/berita/20240521/buruh-pelabuhan-semayang-terlindungi-jkk"  # 500 first, then 200
SLOW = "/berita/20240527/liputan-sosialisasi-jaminan-sosial-di-bontang"
LOOP = "/berita/20240528/tautan-yang-berputar-tanpa-ujung"
GONE = "/berita/20240526/berita-yang-sudah-dihapus-redaksi"
PDF = "/berita/20240525/laporan-tahunan-jaminan-sosial-ketenagakerjaan"
DISALLOWED = "/internal/20240524/draf-rilis-belum-terbit-soal-iuran"
BUSY = "/sibuk"  # 429 with Retry-After: 1 first, then 200
HUGE = "/besar"  # more bytes than a small max_bytes


@dataclass
class Request:
    path: str  # path and query as requested
    headers: dict[str, str]
    status: int = 0


@dataclass
class NewsSite:
    """Run the site in a thread: `with NewsSite() as site: site.url(...)`."""

    slow_seconds: float = 2.0
    requests: list[Request] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                """Quiet: tests read site.requests instead."""

            def do_GET(self) -> None:
                record = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                site.requests.append(record)
                record.status = site.respond(self, record)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self, since: int = 0) -> list[str]:
        """Paths (without query) requested since the given index of the request log."""
        return [urlsplit(r.path).path for r in self.requests[since:]]

    def respond(self, handler: BaseHTTPRequestHandler, request: Request) -> int:
        parts = urlsplit(request.path)
        path = parts.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == SLOW:
            time.sleep(self.slow_seconds)
        if path == FLAKY and self.hits[path] == 1:
            return _send(handler, 500, b"<h1>500 Internal Server Error</h1>", "text/html")
        if path == BUSY and self.hits[path] == 1:
            return _send(handler, 429, b"terlalu banyak permintaan", "text/plain", {"Retry-After": "1"})
        if path == BUSY:
            return _send(handler, 200, b"<p>siap</p>", "text/html; charset=utf-8")
        if path == HUGE:
            return _send(handler, 200, b"<p>" + b"data " * 20_000 + b"</p>", "text/html")
        if path in (LOOP, LOOP + "-2"):
            target = LOOP + "-2" if path == LOOP else LOOP
            return _send(handler, 302, b"", "text/html", {"Location": target})
        if path == PDF:
            return _send(handler, 200, b"%PDF-1.4\n% laporan tahunan\n%%EOF\n", "application/pdf")
        page = parse_qs(parts.query).get("page", [""])[0]
        name = ROUTES.get(path)
        if name and page:
            name = name.replace(".html", f".page{page}.html")
        file = SITE / name if name else None
        if file is None or not file.is_file():
            return _send(handler, 404, b"<h1>Halaman tidak ditemukan</h1>", "text/html; charset=utf-8")
        body = file.read_bytes().replace(b"{{BASE}}", self.base.encode("ascii"))
        if path.endswith(".gz"):
            body = gzip.compress(body, mtime=0)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return _send(handler, 304, b"", None, {"ETag": etag})
        return _send(handler, 200, body, _content_type(path, name or ""),
                     {"ETag": etag, "Last-Modified": LAST_MODIFIED})


def _content_type(path: str, name: str) -> str:
    if path.endswith(".gz"):
        return "application/gzip"
    if name.endswith(".xml"):
        return "application/xml"
    if name.endswith(".txt"):
        return "text/plain; charset=utf-8"
    if "pemprov-siapkan" in name:
        return "text/html"  # no charset: the page's <meta> says windows-1252
    return "text/html; charset=utf-8"


def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str | None,
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
    except (BrokenPipeError, ConnectionResetError):  # the crawler gave up on a slow page
        pass
    return status
