"""Benchmark: throughput per stage and end to end, and peak memory, on a generated corpus.

`make bench` (or `python -m pipeline.bench --articles 2000`) writes a corpus of synthetic
Indonesian news pages (HTML in a WordPress-like layout) to a temporary folder, then times each
stage separately and the whole `ingest` path into a fresh database.  It then serves the same pages
on 127.0.0.1 with a sitemap and crawls them without extraction, twice: the crawl's bookkeeping
cost per page (discovery, robots, fetch, frontier and fetch log; a revisit with conditional GETs)
and the frontier's alone.  It prints figures; it asserts nothing, since timings depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

REGENCIES = ["Kabupaten Paser", "Kota Samarinda", "Kabupaten Banjar", "Kota Pontianak", "Kabupaten Sleman",
             "Kota Kupang", "Kabupaten Aceh Barat", "Kota Jambi", "Kabupaten Kendal", "Kota Ambon"]
PEOPLE = ["Ahmad Fauzan", "Siti Rahmawati", "Bambang Sutrisno", "Yohanes Lado", "Nurul Hidayah",
          "Made Suarjana", "Rudi Hartono", "Dewi Anggraini"]
POSITIONS = ["Bupati", "Wali Kota", "Kepala Dinas Tenaga Kerja", "Kepala Kantor Cabang BPJS Ketenagakerjaan"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat"]
PARAGRAPHS = [
    "{place} - {position} {person} menyerahkan kartu kepesertaan kepada {workers} pekerja rentan, {day} ({d}/{m}/{y}).",
    "Menurut {person}, sebanyak {protected} ribu pekerja di {place} sudah terlindungi program Jaminan Kecelakaan Kerja dan Jaminan Kematian.",
    "Iuran para pekerja bukan penerima upah itu dibayar dari APBD sebesar Rp {budget} miliar tahun ini.",
    "Cakupan kepesertaan pekerja informal baru mencapai {pct} persen dari total angkatan kerja.",
    "\"Kami ingin semua pekerja terlindungi, terutama petani, nelayan dan pedagang kecil,\" ujar {first}.",
    "Pemerintah daerah menargetkan {target} ribu pekerja terdaftar hingga akhir tahun melalui program GN Lingkaran.",
]
PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{y}-{m:02d}-{d:02d}T08:00:00+07:00"></head><body>
<nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav>
<article><h1>{title}</h1><div class="entry-content">{body}<p>Baca juga: Berita lain hari ini</p></div>
<footer>Tags: bpjs, pekerja</footer></article>
<aside><h2>Berita Terkini</h2><ul><li><a href="/x">Harga cabai naik</a></li></ul></aside></body></html>"""


def generate_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` distinct synthetic article pages into folder."""
    rng = random.Random(seed)
    for index in range(count):
        person = rng.choice(PEOPLE)
        values = {
            "place": rng.choice(REGENCIES).split(" ", 1)[1], "person": person, "first": person.split()[0],
            "position": rng.choice(POSITIONS), "workers": rng.randint(50, 5000), "day": rng.choice(DAYS),
            "d": rng.randint(1, 28), "m": rng.randint(1, 12), "y": rng.randint(2020, 2025),
            "protected": rng.randint(2, 90), "budget": f"{rng.randint(1, 9)},{rng.randint(1, 9)}",
            "pct": rng.randint(5, 95), "target": rng.randint(10, 120),
        }
        paragraphs = rng.sample(PARAGRAPHS, k=len(PARAGRAPHS))
        body = "".join(f"<p>{p.format(**values)}</p>" for p in paragraphs)
        body += f"<p>Laporan nomor {index} dari {values['place']}.</p>"
        title = f"{values['workers']} Pekerja Rentan di {values['place']} Terlindungi ({index})"
        page = PAGE.format(title=title, body=body, y=values["y"], m=values["m"], d=values["d"])
        (folder / f"article_{index:05d}.html").write_text(page, encoding="utf-8")


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_benchmark(count: int, crawl_pages: int = 500) -> list[tuple[str, int, float]]:
    from . import nlp, rules
    from .extraction import Extractor
    from .loading import load_path
    from .records import Document
    from .runner import Runner
    from .storage import Store
    from .textextraction import to_article

    rows: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        generate_corpus(folder, count)
        documents, seconds = _timed(lambda: [d for d in load_path(folder) if isinstance(d, Document)])
        rows.append(("load", len(documents), seconds))
        articles, seconds = _timed(lambda: [to_article(d) for d in documents])
        rows.append(("text extraction (trafilatura + boilerplate)", len(articles), seconds))
        nlp.load_pipeline(nlp.DEFAULT_NER_MODEL)  # model loading is not throughput
        analyses, seconds = _timed(lambda: nlp.analyse_many([(a.text, a.published) for a in articles]))
        rows.append(("NLP (sentences + NER)", len(analyses), seconds))
        facts, seconds = _timed(lambda: [rules.extract_facts(a) for a in analyses])
        rows.append(("rules + normalization", len(facts), seconds))
        extractions = list(Extractor().extract_documents(documents))
        with Store(Path(tmp) / "bench.db") as store:
            _, seconds = _timed(lambda: [store.save(e) for e in extractions])
        rows.append(("storage (SQLite)", len(extractions), seconds))

        def end_to_end() -> int:
            summary = Runner(Path(tmp) / "end-to-end.db", kind="bench").run(load_path(folder))
            return sum(summary.outcome.values())

        stored, seconds = _timed(end_to_end)
        rows.append(("end to end (load → store → people → views)", stored, seconds))
        rows += crawl_benchmark(folder, crawl_pages)
    return rows


@contextmanager
def serve_pages(pages: dict[str, bytes]) -> Iterator[str]:
    """Serve path -> bytes on 127.0.0.1 with ETags (and 304s); yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            """Quiet."""

        def do_GET(self) -> None:
            body = pages.get(self.path)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"' if body is not None else ""
            status = 404 if body is None else 304 if self.headers.get("If-None-Match") == etag else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/xml" if self.path.endswith(".xml") else
                             "text/html; charset=utf-8")
            if etag:
                self.send_header("ETag", etag)
            payload = body if status == 200 else b""
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl_benchmark(folder: Path, count: int) -> list[tuple[str, int, float]]:
    """The crawl's own cost per page, extraction left out: each delivered page is marked done at once."""
    from .crawling.discovery import Entry
    from .crawling.fetching import Fetcher
    from .crawling.frontier import Frontier
    from .crawling.registry import site_source
    from .crawling.source_crawl import SourceCrawl, SourceReport
    from .storage import connect

    files = sorted(folder.glob("*.html"))[:count]
    pages = {f"/berita/{n}/laporan-pekerja-rentan": f.read_bytes() for n, f in enumerate(files, 1)}
    rows: list[tuple[str, int, float]] = []
    with serve_pages(pages) as base:
        sitemap = "".join(f"<url><loc>{base}{path}</loc></url>" for path in pages)
        pages["/sitemap.xml"] = f"<urlset>{sitemap}</urlset>".encode()
        pages["/"] = b"<html><body><p>Beranda</p></body></html>"
        db = folder.parent / "crawl.db"
        connect(db).close()
        frontier, fetcher = Frontier(db), Fetcher()
        source = site_source(base + "/", min_delay=0.0, max_pages=len(files), max_urls=len(files))

        def deliver(document: Any, sha: str) -> None:
            frontier.mark(document.source, "done", content_sha256=sha)

        def crawl() -> SourceReport:
            report = SourceReport(source.name)
            SourceCrawl(source, fetcher, frontier, report, None, deliver, threading.Event()).run()
            return report

        report, seconds = _timed(crawl)
        rows.append(("crawl bookkeeping, first run (per page fetched)", report.fetched, seconds))
        report, seconds = _timed(crawl)
        rows.append(("crawl revisit: conditional GETs, nothing refetched", len(files), seconds))
        fetcher.close()

        def frontier_only() -> int:
            entries = [(f"https://contoh.example/berita/{n}/judul", Entry(f"https://contoh.example/berita/{n}/judul"))
                       for n in range(len(files))]
            frontier.add_many(entries, "contoh", "article", None)
            for row in frontier.pending("contoh", len(entries), set()):
                frontier.mark(row["url"], "done", content_sha256="0" * 64)
            return len(entries)

        done, seconds = _timed(frontier_only)
        rows.append(("frontier alone (add, pending, mark done)", done, seconds))
        frontier.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="size of the generated corpus")
    parser.add_argument("--crawl-pages", type=int, default=500, help="pages served and crawled")
    args = parser.parse_args()
    rows = run_benchmark(args.articles, args.crawl_pages)
    table = Table(title=f"warta bench: {args.articles} generated articles")
    for column in ["stage", "articles", "seconds", "articles/s", "ms each"]:
        table.add_column(column, justify="left" if column == "stage" else "right")
    for stage, number, seconds in rows:
        table.add_row(stage, str(number), f"{seconds:.2f}", f"{number / seconds:.1f}" if seconds else "-",
                      f"{1000 * seconds / number:.2f}" if number else "-")
    console = Console()
    console.print(table)
    console.print(f"peak memory (max RSS): {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
