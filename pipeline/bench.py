"""Benchmark: throughput per stage and end to end, and peak memory, on a generated corpus.

`make bench` (or `python -m pipeline.bench --articles 1000`) writes a corpus of synthetic
Indonesian portal pages (~46 KB: styles, scripts, menus, sidebars of teasers, readers' comments
around the story) to a temporary folder, then times each stage separately against trafilatura's
own extraction of the same pages, the whole `warta ingest` in a process of its own with one worker
and with all cores, and a 1,000-article ingest into bases of growing size (built in bulk by
pipeline.bench_kb): its writer's side alone, and the whole `warta ingest` of the pages with the
peak memory of its writer process.  It then serves the same pages
on 127.0.0.1 with a sitemap and crawls them without extraction, twice: the crawl's bookkeeping
cost per page (discovery, robots, fetch, frontier and fetch log; a revisit with conditional GETs)
and the frontier's alone.  It prints figures; it asserts nothing, since timings depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import random
import re
import resource
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
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
    "{place} - {position} {person} menyerahkan kartu kepesertaan kepada {workers} pekerja rentan, "
    "{day} ({d}/{m}/{y}).",
    "Menurut {person}, sebanyak {protected} ribu pekerja di {place} sudah terlindungi program "
    "Jaminan Kecelakaan Kerja dan Jaminan Kematian.",
    "Iuran para pekerja bukan penerima upah itu dibayar dari APBD sebesar Rp {budget} miliar tahun ini.",
    "Cakupan kepesertaan pekerja informal baru mencapai {pct} persen dari total angkatan kerja.",
    "\"Kami ingin semua pekerja terlindungi, terutama petani, nelayan dan pedagang kecil,\" ujar {first}.",
    "Pemerintah daerah menargetkan {target} ribu pekerja terdaftar hingga akhir tahun melalui program GN Lingkaran.",
]
TEASER_WORDS = ("harga cabai naik jelang lebaran banjir rendam ratusan rumah warga pemkot gelar pasar murah "
                "polisi amankan pelaku curanmor tim sepak bola daerah juara turnamen pelajar sekolah gratis "
                "jalan rusak dikeluhkan pengendara pelantikan pejabat baru festival budaya digelar akhir pekan").split()
COMMENTERS = ["Andi", "warga_kota", "Rina S.", "pembaca setia", "Yusuf", "Mama Lia", "Bang Jek", "Tono"]
CONSOLE = Console(width=130)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(TEASER_WORDS, k=words)).capitalize()


def portal_page(rng: random.Random, title: str, body: str, y: int, m: int, d: int) -> str:
    """A regional portal's article page of some 50 KB, as they come: styles and scripts in the head,
    a menu of sections, the story with share buttons and read-also links, sidebars of popular and
    latest teasers, readers' comments and a footer of links."""
    def submenu(n: int) -> str:
        return "".join(f"<li><a href=/kanal/{n}/{k}>{_sentence(rng, 2)}</a></li>" for k in range(4))

    menu = "".join(f'<li class="menu-item"><a href="/kanal/{n}">{_sentence(rng, 2)}</a>'
                   f'<ul class="sub-menu">{submenu(n)}</ul></li>' for n in range(24))
    teasers = "".join(f'<li class="teaser"><a href="/berita/{rng.randint(1, 99999)}"><img src="/img/{n}.jpg" alt="">'
                      f"<h3>{_sentence(rng, 8)}</h3></a><p>{_sentence(rng, 18)}.</p><time>{d} jam lalu</time></li>"
                      for n in range(52))
    comments = "".join(f'<div class="comment"><b>{rng.choice(COMMENTERS)}</b> <time>{d}/{m}/{y}</time>'
                       f"<p>{_sentence(rng, 22)}.</p><a href=#reply>Balas</a></div>" for _ in range(22))
    footer = "".join(f'<a href="/halaman/{n}">{_sentence(rng, 2)}</a>' for n in range(40))
    script = "window.dataLayer=window.dataLayer||[];" + "".join(
        f"dataLayer.push({{'slot':'div-gpt-{n}','size':[300,250],'kanal':'daerah'}});" for n in range(120))
    style = "".join(f".c{n}{{margin:{n % 9}px;padding:{n % 7}px;color:#{n * 99991 % 16777215:06x}}}"
                    for n in range(150))
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - Portal Daerah</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{y}-{m:02d}-{d:02d}T08:00:00+07:00">
<style>{style}</style><script>{script}</script></head><body>
<header><a class="logo" href="/">Portal Daerah</a><nav><ul class="menu">{menu}</ul></nav>
<form action="/cari"><input name="q" placeholder="Cari berita"></form></header>
<div class="breadcrumb"><a href="/">Beranda</a> &raquo; <a href="/daerah">Daerah</a></div>
<main><article><h1>{title}</h1><div class="byline">Penulis: Redaksi &middot; {d}/{m}/{y}</div>
<div class="share"><a href="#fb">Bagikan</a> <a href="#wa">WhatsApp</a> <a href="#x">Tweet</a></div>
<div class="entry-content">{body}<p><strong>Baca juga:</strong> <a href="/berita/1">{_sentence(rng, 7)}</a></p></div>
<div class="tags">Tags: <a href="/tag/bpjs">bpjs</a> <a href="/tag/pekerja">pekerja</a></div></article>
<section class="comments"><h2>Komentar</h2>{comments}</section></main>
<aside class="sidebar"><h2>Terpopuler</h2><ul>{teasers[:len(teasers) // 2]}</ul><div class="ads">Iklan</div>
<h2>Berita Terkini</h2><ul>{teasers[len(teasers) // 2:]}</ul></aside>
<footer>{footer}<p>&copy; {y} Portal Daerah. Hak cipta dilindungi.</p></footer></body></html>"""


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
        body += "".join(f"<p>{_sentence(rng, 30)}, kata warga {values['place']}. {_sentence(rng, 25)}.</p>"
                        for _ in range(5))
        body += f"<p>Laporan nomor {index} dari {values['place']}.</p>"
        title = f"{values['workers']} Pekerja Rentan di {values['place']} Terlindungi ({index})"
        page = portal_page(rng, title, body, values["y"], values["m"], values["d"])
        (folder / f"article_{index:05d}.html").write_text(page, encoding="utf-8")


def _cpu() -> float:
    """CPU seconds of this process and of its waited-for children (an ingest and its workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(function: Callable[[], Any]) -> tuple[Any, float, float]:
    """The function's result, wall seconds and CPU seconds (which a machine shared with other jobs
    inflates far less than the wall)."""
    started, cpu = time.perf_counter(), _cpu()
    result = function()
    return result, time.perf_counter() - started, _cpu() - cpu


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


Row = tuple[str, int, float, float]  # stage, articles, wall seconds, CPU seconds


def run_benchmark(folder: Path, crawl_pages: int = 500, workers: int | None = None) -> list[Row]:
    """(stage, articles, seconds, CPU seconds) per stage on the portal pages of `folder`, then end to end
    in whole processes with one worker and with `workers` (default: the cores), then the crawl's bookkeeping."""
    import trafilatura

    from . import nlp, rules
    from .extraction import default_workers
    from .loading import load_path
    from .people import resolve_database
    from .records import Document
    from .serving import install_views
    from .storage import Store
    from .textextraction import to_article

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        documents, seconds, cpu = _timed(lambda: [d for d in load_path(folder) if isinstance(d, Document)])
        rows.append(("load (files, manifest)", len(documents), seconds, cpu))
        texts, seconds, cpu = _timed(lambda: [trafilatura.extract(d.html) for d in documents])
        rows.append((TRAFILATURA_ONLY, len(texts), seconds, cpu))
        articles, seconds, cpu = _timed(lambda: [to_article(d) for d in documents])
        rows.append(("text extraction (warta: trafilatura + metadata + boilerplate)", len(articles), seconds, cpu))
        nlp.load_pipeline(nlp.DEFAULT_NER_MODEL)  # model loading is counted end to end only
        analyses, seconds, cpu = _timed(lambda: nlp.analyse_many([(a.text, a.published) for a in articles]))
        rows.append(("NLP (sentences + NER)", len(analyses), seconds, cpu))
        facts, seconds, cpu = _timed(lambda: [rules.extract_facts(a) for a in analyses])
        rows.append(("rules + normalization", len(facts), seconds, cpu))
        extractions = extracted(documents)
        with Store(Path(tmp) / "bench.db") as store:
            install_views(store.db)  # the layer in place: each save also refreshes its rows
            _, seconds, cpu = _timed(lambda: [store.save(e) for e in extractions])
            rows.append(("storage (one transaction per article, layer included)", len(extractions), seconds, cpu))
            _, seconds, cpu = _timed(lambda: resolve_database(store.db))
            rows.append(("people resolution (first pass)", len(extractions), seconds, cpu))
        for n in sorted({1, workers or default_workers()}):
            (stored, _), seconds, cpu = _timed(partial(ingest_process, folder, Path(tmp) / f"workers-{n}.db", n))
            rows.append((f"{END_TO_END} (warta ingest, {n} worker{'s' if n > 1 else ''})", stored, seconds, cpu))
        rows += crawl_benchmark(folder, crawl_pages)
    return rows


TRAFILATURA_ONLY = "trafilatura.extract alone (the yardstick)"
END_TO_END = "end to end, whole process, model load included"


def extracted(documents: list[Any]) -> list[Any]:
    from .extraction import Extractor

    return [e for e in Extractor().extract_documents(documents) if not hasattr(e, "reason")]


def ingest_process(folder: Path, db: Path, workers: int) -> tuple[int, float]:
    """`warta ingest` of the folder into the base in a process of its own: the articles the base then
    holds, and the peak memory (MB) of that process, the writer (its extraction workers apart)."""
    import sqlite3
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "-q", "ingest", str(folder), "--db", str(db),
                                "--workers", str(workers)], stdout=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:  # the kernel's max RSS of a child starts from its parent's: read the child's own
        peak = max(peak, _high_water_mb(process.pid))
        time.sleep(0.2)
    if process.returncode:
        raise SystemExit(f"warta ingest failed with exit code {process.returncode}")
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0], peak


def _high_water_mb(pid: int) -> float:
    """The peak resident memory of a running process (VmHWM), 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


Growth = tuple[int, float, float, float]  # base articles, writer-side seconds, whole-ingest seconds, its peak MB


def growth_benchmark(batch: int, sizes: list[int], folder: Path, workers: int) -> list[Growth]:
    """Per base size (bases built in bulk by pipeline.bench_kb): the seconds of the writer's side of a
    `batch`-article ingest (store, people, views and layer), and of the whole `warta ingest` of the
    pages of `folder` into a copy of the same base, with the peak memory of its writer process."""
    import shutil

    from .bench_kb import build, generated_extractions

    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path, copy = Path(tmp) / "kb.db", Path(tmp) / "ingest.db"
            build(path, size)
            shutil.copyfile(path, copy)
            new = [e for e in generated_extractions(size + batch, seed=11)][size:]
            writer = _timed(partial(_write, path, new))[1]
            (_, memory), whole, _ = _timed(partial(ingest_process, folder, copy, workers))
            rows.append((size, writer, whole, memory))
            CONSOLE.print(f"growth: base of {size:,} articles: writer {writer:.2f} s, whole ingest {whole:.2f} s")
    return rows


def _write(path: Path, extractions: list[Any]) -> None:
    """The writer's side of an ingest: store each extraction, resolve people, refresh the views."""
    from .people import resolve_database
    from .serving import install_views
    from .storage import Store

    with Store(path) as store:
        for extraction in extractions:
            store.save(extraction)
        resolve_database(store.db)
        install_views(store.db)


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


def crawl_benchmark(folder: Path, count: int) -> list[Row]:
    """The crawl's own cost per page, extraction left out: each delivered page is marked done at once."""
    from .crawling.discovery import Entry
    from .crawling.fetching import Fetcher
    from .crawling.frontier import Frontier
    from .crawling.registry import site_source
    from .crawling.source_crawl import SourceCrawl, SourceReport
    from .storage import connect

    files = sorted(folder.glob("*.html"))[:count]
    pages = {f"/berita/{n}/laporan-pekerja-rentan": f.read_bytes() for n, f in enumerate(files, 1)}
    rows: list[Row] = []
    with serve_pages(pages) as base, tempfile.TemporaryDirectory() as tmp:
        sitemap = "".join(f"<url><loc>{base}{path}</loc></url>" for path in pages)
        pages["/sitemap.xml"] = f"<urlset>{sitemap}</urlset>".encode()
        pages["/"] = b"<html><body><p>Beranda</p></body></html>"
        db = Path(tmp) / "crawl.db"  # a fresh frontier each run: nothing known from an earlier one
        connect(db).close()
        frontier, fetcher = Frontier(db), Fetcher()
        source = site_source(base + "/", min_delay=0.0, max_pages=len(files), max_urls=len(files))

        def deliver(document: Any, sha: str) -> None:
            frontier.mark(document.source, "done", content_sha256=sha)

        def crawl() -> SourceReport:
            report = SourceReport(source.name)
            SourceCrawl(source, fetcher, frontier, report, None, deliver, threading.Event()).run()
            return report

        # the pages' teaser links lead to stories this server does not have: their 404s are expected
        logging.getLogger("pipeline.crawling.source_crawl").setLevel(logging.ERROR)
        report, seconds, cpu = _timed(crawl)
        rows.append(("crawl bookkeeping, first run (per page fetched)", report.fetched, seconds, cpu))
        report, seconds, cpu = _timed(crawl)
        rows.append(("crawl revisit: conditional GETs, nothing refetched", len(files), seconds, cpu))
        fetcher.close()

        def frontier_only() -> int:
            entries = [(f"https://contoh.example/berita/{n}/judul", Entry(f"https://contoh.example/berita/{n}/judul"))
                       for n in range(len(files))]
            frontier.add_many(entries, "contoh", "article", None)
            for row in frontier.pending("contoh", len(entries), set()):
                frontier.mark(row["url"], "done", content_sha256="0" * 64)
            return len(entries)

        done, seconds, cpu = _timed(frontier_only)
        rows.append(("frontier alone (add, pending, mark done)", done, seconds, cpu))
        frontier.close()
    return rows


def main() -> None:
    from .extraction import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="size of the generated corpus")
    parser.add_argument("--crawl-pages", type=int, default=500, help="pages served and crawled")
    parser.add_argument("--workers", type=int, help="workers of the parallel run (default: the cores)")
    parser.add_argument("--growth", type=int, nargs="*", default=[0, 1000, 10000, 100000],
                        help="base sizes an ingest of the corpus goes into")
    args = parser.parse_args()
    workers = args.workers or default_workers()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_corpus(folder, args.articles)
        report_stages(run_benchmark(folder, args.crawl_pages, workers), args.articles)
        report_growth(growth_benchmark(args.articles, args.growth, folder, workers), args.articles, workers)


def report_stages(rows: list[Row], articles: int) -> None:
    table = Table(title=f"warta bench: {articles} generated portal pages (~46 KB each)")
    for column in ["stage", "articles", "seconds", "articles/s", "ms each", "CPU ms each"]:
        table.add_column(column, justify="left" if column == "stage" else "right")
    for stage, number, seconds, cpu in rows:
        table.add_row(stage, str(number), f"{seconds:.2f}", f"{number / seconds:.1f}" if seconds else "-",
                      *((f"{1000 * spent / number:.2f}" if number else "-") for spent in (seconds, cpu)))
    CONSOLE.print(table)
    rate = {stage: number / seconds for stage, number, seconds, _ in rows if seconds}
    runs = [stage for stage in rate if stage.startswith(END_TO_END)]
    CONSOLE.print("end to end / trafilatura alone: " + ", ".join(
        f"{rate[stage] / rate[TRAFILATURA_ONLY]:.2f} ({stage.split('(')[-1][:-1]})" for stage in runs))
    if len(runs) > 1:
        CONSOLE.print(f"workers: {rate[runs[-1]] / rate[runs[0]]:.2f}x the throughput of one")
    # CPU per article: what the run would take on idle cores (a worker each), whatever else the machine runs
    cpu_each = {stage: spent / number for stage, number, _, spent in rows if number}
    cores = {stage: int(re.search(r"(\d+) workers?\)", stage).group(1)) for stage in runs}  # type: ignore[union-attr]
    CONSOLE.print("by CPU time, the same ratio on idle cores: " + ", ".join(
        f"{cpu_each[TRAFILATURA_ONLY] * cores[stage] / cpu_each[stage]:.2f} ({stage.split('(')[-1][:-1]})"
        for stage in runs))


def report_growth(steps: list[Growth], batch: int, workers: int) -> None:
    growth = Table(title=f"a {batch:,}-article ingest into a base of: the writer's side alone (store, people, views), "
                         f"and the whole `warta ingest --workers {workers}` of the pages")
    for column in ["base articles", "writer s", "vs empty", "whole ingest s", "vs empty", "writer peak MB"]:
        growth.add_column(column, justify="right")
    for size, writer, whole, memory in steps:
        growth.add_row(f"{size:,}", f"{writer:.2f}", f"{writer / steps[0][1]:.2f}x", f"{whole:.2f}",
                       f"{whole / steps[0][2]:.2f}x", f"{memory:.0f}")
    CONSOLE.print(growth)
    CONSOLE.print(f"peak memory (max RSS) of the benchmark's own process, which builds the bases: "
                  f"{peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
