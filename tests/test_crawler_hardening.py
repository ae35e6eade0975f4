"""The crawler against hostile servers and hostile input: nothing crashes a source, hangs it, or eats memory."""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.crawling import Crawler, Politeness, site_source
from pipeline.crawling.discovery import html_tree, parse_feed, parse_links, parse_sitemap
from pipeline.crawling.fetching import Fetcher
from pipeline.crawling.pages import is_article_page, merge_pages, split_views
from pipeline.crawling.urls import announced_kind, article_key, classify_url, desktop_url, in_site, listing_key
from tests.fixture_sites import Scripted

ROOT = Path(__file__).resolve().parent.parent
FAST = {"min_delay": 0.0, "timeout": 2.0, "backoff": 0.05, "retries": 0}
ARTICLE = ("<html><head><meta property='og:type' content='article'><title>{title}</title></head><body>"
           "<article><h1>{title}</h1>"
           "<p>Pemerintah kabupaten menyalurkan bantuan iuran jaminan sosial bagi pekerja rentan di {place}.</p>"
           "<p>Kepala dinas mengatakan pendataan dilakukan dari rumah ke rumah bersama perangkat desa setempat.</p>"
           "<p>Warga {place} berharap bantuan berlanjut tahun depan agar mereka tetap terlindungi saat bekerja.</p>"
           "</article></body></html>")


def ok(body: bytes | str, content_type: str = "text/html; charset=utf-8", **headers: str):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda hit, request: (200, data, content_type, headers)


def robots(text: str = "User-agent: *\nAllow: /\n"):
    return ok(text, "text/plain")


def sitemap(*urls: str, lastmods: list[str] | None = None) -> bytes:
    items = "".join(f"<url><loc>{u}</loc>{f'<lastmod>{m}</lastmod>' if m else ''}</url>"
                    for u, m in zip(urls, lastmods or [None] * len(urls)))
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()


def article(title: str, place: str) -> bytes:
    return ARTICLE.format(title=title, place=place).encode()


def crawl(server: Scripted, folder: Path, **source: object):
    db = folder / "kb.db"
    summary = Crawler([site_source(server.url("/"), **FAST) if not source else
                       _with(site_source(server.url("/"), **FAST), **source)], db).run()
    return summary, sqlite3.connect(db)


def _with(source, **changes):
    from dataclasses import replace

    return replace(source, **changes)


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory) -> Path:
    """Half a megabyte of gzip that unpacks to 512 MB of spaces, made in chunks (never whole in memory)."""
    path = tmp_path_factory.mktemp("bomb") / "sitemap.xml.gz"
    packer, chunk = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS), b" " * (1 << 20)
    with path.open("wb") as out:
        out.write(packer.compress(b"<?xml version='1.0'?><urlset>"))
        for _ in range(512):
            out.write(packer.compress(chunk))
        out.write(packer.flush())
    return path


# --- redirects ---


@pytest.mark.parametrize("location", ["javascript:alert(document.cookie)", "data:text/html,<p>halo</p>",
                                      "  JavaScript:void(0)", "ftp://127.0.0.1/berkas"])
def test_redirect_to_a_non_http_url_is_an_error_not_a_crash(location):
    with Scripted({"/robots.txt": robots(), "/pindah": lambda hit, req: (302, b"", None, {"Location": location})}) as s:
        result = Fetcher().fetch(s.url("/pindah"), Politeness(**FAST), ("127.0.0.1",))
    assert result.error.startswith("redirect to a ") and not result.ok


def test_source_with_a_javascript_redirect_still_stores_its_other_articles(tmp_path):
    answers = {"/robots.txt": robots("User-agent: *\nAllow: /\nSitemap: /peta.xml\n"),
               "/": ok("<html><body><p>Beranda</p></body></html>"),
               "/berita/1/jebakan": lambda hit, req: (301, b"", None, {"Location": "javascript:alert(1)"})}
    with Scripted(answers) as s:
        answers["/peta.xml"] = ok(sitemap(s.url("/berita/1/jebakan"), s.url("/berita/2/bantuan")), "application/xml")
        answers["/berita/2/bantuan"] = ok(article("Bantuan Iuran Pekerja Rentan", "Paser"))
        summary, db = crawl(s, tmp_path)
    assert not summary.failed_sources
    assert [row[0] for row in db.execute("SELECT canonical_url FROM articles")] == [s.url("/berita/2/bantuan")]


def test_redirect_to_another_port_of_the_same_host_is_not_followed():
    with Scripted({"/robots.txt": robots()}) as other, Scripted({"/robots.txt": robots()}) as site:
        site.answers["/pindah"] = lambda hit, req: (302, b"", None, {"Location": other.url("/berita/1/lain")})
        result = Fetcher().fetch(site.url("/pindah"), Politeness(**FAST), ("127.0.0.1",))
    assert result.error == f"redirect leaves the site: {other.url('/berita/1/lain')}"
    assert other.requests == []


# --- one deadline per request ---


@pytest.fixture
def trickling():
    """Serves robots.txt at once, then answers everything else one header byte at a time, for ever."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            if conn.recv(65536).startswith(b"GET /robots.txt"):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n")
                return
            for byte in b"HTTP/1.1 200 OK\r\n" + b"X-Lambat: " + b"a" * 100_000:
                if stop.is_set():
                    return
                try:
                    conn.send(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.01)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()


def test_headers_trickled_byte_by_byte_end_at_the_request_deadline(trickling):
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(result=Fetcher().fetch(
        trickling + "/berita/1/lambat", Politeness(**{**FAST, "timeout": 0.5}), ("127.0.0.1",))))
    worker.start()
    worker.join(30)  # a liveness bound, not a speed figure: without the deadline this never returns
    assert not worker.is_alive()
    assert outcome["result"].error == "timeout after 0.5s"


# --- Crawl-delay ---


def test_first_request_after_robots_txt_waits_for_the_crawl_delay():
    answers = {"/robots.txt": robots("User-agent: *\nCrawl-delay: 0.4\n"), "/a": ok("<p>a</p>")}
    with Scripted(answers) as s:
        Fetcher().fetch(s.url("/a"), Politeness(**FAST), ("127.0.0.1",))
    robots_at, first_at = (r.at for r in s.requests)
    assert first_at - robots_at >= 0.4


# --- sitemaps: gzip bombs, caps, failed children ---


def test_gzip_bomb_sitemap_is_cut_off_with_bounded_memory(gzip_bomb):
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (pytest, with models loaded)
    probe = ("import re, sys; from pipeline.crawling.discovery import parse_sitemap; "
             "print(parse_sitemap(open(sys.argv[1], 'rb').read()), "
             "int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", probe, str(gzip_bomb)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert gzip_bomb.stat().st_size < 1_000_000
    assert out[:2] == ["([],", "[])"]
    assert int(out[2]) < 400  # megabytes of peak memory, for a file that unpacks to 512 MB


def test_gzip_content_encoding_bomb_stops_at_max_bytes():
    bomb = gzip.compress(b" " * 20_000_000)
    with Scripted({"/robots.txt": robots(), "/peta.xml": ok(bomb, "application/xml", **{"Content-Encoding": "gzip"})}) as s:
        result = Fetcher().fetch(s.url("/peta.xml"), Politeness(**{**FAST, "max_bytes": 1_000_000}), ("127.0.0.1",))
    assert result.error == "larger than 1000000 bytes"


def test_a_sitemap_keeps_only_its_newest_urls_up_to_the_cap():
    urls = [f"https://contoh.id/berita/{n}/judul" for n in range(2000)]
    lastmods = [f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+07:00" for n in range(2000)]
    _, entries = parse_sitemap(sitemap(*urls, lastmods=lastmods), max_urls=100)
    assert len(entries) == 100
    assert [e.lastmod for e in entries] == sorted(lastmods, reverse=True)[:100]


def test_a_run_takes_at_most_max_urls_articles_newest_first(tmp_path):
    answers = {"/robots.txt": robots("User-agent: *\nAllow: /\nSitemap: /peta.xml\n"), "/": ok("<p>beranda</p>")}
    with Scripted(answers) as s:
        urls = [s.url(f"/berita/{n}/judul") for n in range(30)]
        answers["/peta.xml"] = ok(sitemap(*urls, lastmods=[f"2024-05-{n + 1:02d}" for n in range(30)]), "application/xml")
        crawl(s, tmp_path, max_urls=5, max_pages=0)
    db = sqlite3.connect(tmp_path / "kb.db")
    kept = [row[0] for row in db.execute("SELECT url FROM frontier WHERE kind = 'article' ORDER BY url")]
    assert kept == sorted(urls[25:])


def test_a_failed_child_sitemap_is_read_again_when_the_index_answers_304(tmp_path):
    def index(hit, request):
        if request.headers.get("if-none-match") == '"indeks-1"':
            return 304, b"", None, {"ETag": '"indeks-1"'}
        body = f'<sitemapindex><sitemap><loc>{s.url("/peta-1.xml")}</loc></sitemap></sitemapindex>'.encode()
        return 200, body, "application/xml", {"ETag": '"indeks-1"'}

    answers = {"/robots.txt": robots("User-agent: *\nAllow: /\nSitemap: /peta.xml\n"), "/": ok("<p>beranda</p>"),
               "/peta.xml": index}
    with Scripted(answers) as s:
        answers["/peta-1.xml"] = lambda hit, req: ((500, b"", "text/plain", None) if hit == 1 else
                                                   (200, sitemap(s.url("/berita/3/iuran")), "application/xml", None))
        answers["/berita/3/iuran"] = ok(article("Iuran Nelayan Dibayar Desa", "Bontang"))
        crawl(s, tmp_path)
        second, db = crawl(s, tmp_path)
    assert [r.status for r in s.requests if r.target == "/peta.xml"] == [200, 304]
    assert s.hits["/peta-1.xml"] == 2
    assert [row[0] for row in db.execute("SELECT canonical_url FROM articles")] == [s.url("/berita/3/iuran")]


# --- feeds ---


def test_json_feed_items_are_read():
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Kabar Desa", "items": [
        {"id": "1", "url": "https://kabar-desa.example/berita/1/iuran", "title": "Iuran Nelayan",
         "date_published": "2024-06-01T07:00:00+07:00"}, {"id": "2"}, "bukan objek"]}
    (entry,) = parse_feed(json.dumps(feed).encode())
    assert (entry.url, entry.title, entry.published) == ("https://kabar-desa.example/berita/1/iuran", "Iuran Nelayan",
                                                         "2024-06-01T07:00:00+07:00")


@pytest.mark.parametrize("data", [b"", b"{", b"<rss><channel><item><link>", b"\x00\xff" * 100, b"[1, 2]",
                                  b'{"items": {"url": 3}}', b"<?xml version='1.0' encoding='x-bogus'?><rss/>"])
def test_broken_feeds_give_no_entries_and_no_exception(data):
    assert isinstance(parse_feed(data), list)


@pytest.mark.parametrize("data", [b"", b"\x1f\x8b\x08\x00garbage", b"<urlset><url><loc>", b"\x00" * 1000,
                                  b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]><urlset><url><loc>&a;</loc></url></urlset>"])
def test_broken_sitemaps_give_what_could_be_read_and_no_exception(data):
    children, entries = parse_sitemap(data)
    assert isinstance(children, list) and isinstance(entries, list)


# --- fuzz: no input makes the parsers raise ---

URL_PIECES = st.sampled_from(["http://", "https://", "javascript:", "//", "[", "]", "::", "%", "%zz", "?", "#", "&",
                              "=", "/", "..", "m.", "contoh.id", ":99999", ":abc", "amp", "page=all", " ", "\x00",
                              "é", "berita", "7", "2024", "05", "p=1"])
URLS = st.lists(URL_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(URLS)
def test_url_functions_never_raise(url):
    classify_url(url), announced_kind(url), article_key(url), listing_key(url)
    in_site(url, "https://contoh.id/", ("contoh.id",)), desktop_url(url, "https://www.contoh.id/")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(URLS, st.sampled_from(["<a href='", "'>", "<link rel='canonical' href='", "<p>", "</p>",
                                                 "<script type='application/ld+json'>", "</script>", "{", "}",
                                                 '"@type"', ":", '"NewsArticle"', "<base href='"])), max_size=30)
       .map("".join))
def test_page_readers_never_raise(page):
    tree = html_tree(page)
    links = parse_links(page, "https://contoh.id/berita/1/judul")
    if tree is not None:
        is_article_page(tree), split_views(tree, "https://contoh.id/berita/1/judul"), merge_pages(tree, [tree])
    assert isinstance(links.links, list)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_sitemap_and_feed_parsers_never_raise_on_bytes(data):
    parse_sitemap(data), parse_feed(data), parse_sitemap(gzip.compress(data))
