"""Benchmark of the served base at scale: `make bench-kb` (python -m pipeline.bench_kb --articles 100000).

Builds a large knowledge base in bulk through the storage layer (Store.save of generated
Extractions, a thousand articles per transaction; no NLP: the facts are made up, shaped like the
extractor's), resolves people, installs the views and the materialized layer, then opens it in
Datasette with the project's configuration and times every served page: each stored query with its
parameters empty, each table and view page of the researchers' layer with its default facets,
full-text search and the map JSON, each the median of a few fetches.  It prints figures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .records import (
    Article,
    Budget,
    EventDate,
    Extraction,
    Facts,
    Official,
    Percentage,
    ProgramMention,
    RegionMention,
    WorkerCount,
)
from .version import extractor_version

GIVEN = ["Ahmad", "Siti", "Bambang", "Yohanes", "Nurul", "Made", "Rudi", "Dewi", "Agus", "Sri", "Hendra", "Rina",
         "Muhammad", "Wayan", "Fransiskus", "Putri", "Budi", "Lestari", "Andi", "Maria"]
FAMILY = ["Fauzan", "Rahmawati", "Sutrisno", "Lado", "Hidayah", "Suarjana", "Hartono", "Anggraini", "Saputra",
          "Wulandari", "Simanjuntak", "Pratama", "Nugroho", "Siregar", "Tanjung", "Lubis", "Manurung", "Kurniawan"]
POSITIONS = ["Bupati", "Wali Kota", "Kepala Dinas Tenaga Kerja", "Kepala Kantor Cabang BPJS Ketenagakerjaan"]
PROGRAMS = ["Jaminan Kecelakaan Kerja", "Jaminan Kematian", "Jaminan Hari Tua", "GN Lingkaran"]
STATUSES = ["protected", "unprotected", "target", "total", "beneficiary"]
SUBJECTS = ["coverage", "active", "informal_coverage"]
WORDS = ("pekerja rentan program perlindungan iuran peserta desa nelayan petani pedagang kartu kepesertaan "
         "pemerintah daerah anggaran jaminan sosial ketenagakerjaan").split()


def _regencies() -> list[tuple[str, str]]:
    from . import gazetteer

    return [(r.name, r.code) for r in gazetteer.all_regions() if r.type != "provinsi"]


def _span_of(text: str, part: str) -> tuple[int, int, str]:
    start = text.index(part)
    return start, start + len(part), part


def generated_extractions(count: int, seed: int = 11) -> Iterator[Extraction]:
    """`count` articles of six sentences, each with an official, a region, a worker count, a budget,
    a percentage, a program and an event date, over 50 outlets, 500 regencies and ten years, stamped
    with the current extractor version: a run on the base re-extracts none of them."""
    rng = random.Random(seed)
    version = extractor_version()
    regencies = rng.sample(_regencies(), 500)
    people = [f"{g} {f}" for g in GIVEN for f in FAMILY]
    for index in range(count):
        region, code = rng.choice(regencies)
        person, position, program = rng.choice(people), rng.choice(POSITIONS), rng.choice(PROGRAMS)
        workers, budget, percent = rng.randint(50, 90000), rng.randint(1, 900) * 10**8, rng.randint(5, 95)
        year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
        filler = " ".join(rng.choices(WORDS, k=40))
        sentences = [f"{region} - {position} {person} meninjau layanan, {day}/{month}/{year}.",
                     f"Sebanyak {workers} pekerja rentan sudah terlindungi.",
                     f"Anggaran Rp {budget} dari APBD disiapkan untuk program {program}.",
                     f"Cakupan kepesertaan mencapai {percent} persen.", f"{filler.capitalize()}.",
                     f"Laporan nomor {index}."]
        text, spans, position_at = "", [], 0
        for sentence in sentences:
            spans.append((position_at, position_at + len(sentence)))
            text += sentence + " "
            position_at += len(sentence) + 1

        at = partial(_span_of, text)

        s, e, t = at(person)
        facts = Facts(
            officials=[Official(person, position, None, region, s, e, t)],
            regions=[RegionMention(region, code, *at(region))],
            worker_counts=[WorkerCount(workers, rng.choice(STATUSES), "pekerja rentan", *_text_first(at(str(workers))),
                                       region=region)],
            budgets=[Budget(budget, "budget", "APBD", *_text_first(at(f"Rp {budget}")),
                            region=region if index % 3 else None)],
            programs=[ProgramMention(program, *at(program))],
            percentages=[Percentage(float(percent), rng.choice(SUBJECTS), *_text_first(at(f"{percent} persen")),
                                    region=region)],
            event_date=EventDate(f"{year}-{month:02d}-{day:02d}", *at(f"{day}/{month}/{year}")),
        )
        article = Article(id=f"kb-{index:07d}", source=f"bench-kb:{index}", text=text,
                          url=f"https://outlet{index % 50}.example/berita/{index}", outlet=f"Outlet {index % 50}",
                          title=f"Pekerja rentan di {region} ({index})", published=f"{year}-{month:02d}-{day:02d}",
                          fetched_at="2026-01-01T00:00:00Z", language="id")
        yield Extraction(article, spans, [], facts, version)


def _text_first(span: tuple[int, int, str]) -> tuple[str, int, int]:
    start, end, text = span
    return text, start, end


def build(path: Path, count: int, per_transaction: int = 1000) -> dict[str, float]:
    """The base at `path`, stored in bulk through Store.save; seconds per step."""
    from .database import transaction
    from .people import resolve_database
    from .serving import install_views
    from .storage import Store

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with Store(path) as store:
        store.db.execute("PRAGMA cache_size = -2000000")  # 2 GB: the indexes of a 1M base, not 2 MB of them
        batch: list[Extraction] = []
        for extraction in generated_extractions(count):
            batch.append(extraction)
            if len(batch) == per_transaction:
                with transaction(store.db):
                    for item in batch:
                        store.save(item)
                batch = []
        with transaction(store.db):
            for item in batch:
                store.save(item)
        seconds["store"] = time.perf_counter() - started
        started = time.perf_counter()
        resolve_database(store.db)
        seconds["people"] = time.perf_counter() - started
        started = time.perf_counter()
        install_views(store.db)
        seconds["views and layer"] = time.perf_counter() - started
    return seconds


def served_pages(metadata: dict, name: str) -> list[str]:
    """Every page a researcher reaches from the index: stored queries, tables and views shown,
    search and the map JSON."""
    database = metadata["databases"][name]
    pages = ["/", f"/{name}"]
    pages += [f"/{name}/{query}" for query in database["queries"]]
    pages += [f"/{name}/{table}" for table, spec in database["tables"].items() if not spec.get("hidden")]
    pages += [f"/{name}/{page}" for page in [
        "articles?_search=pekerja", "sentences?_search=kepesertaan",
        "fact_places.json?_shape=array&_size=1000&kind=worker_count",
        "fact_places.json?_shape=array&_size=1000&province=Provinsi+Jawa+Barat",
        "coverage_by_region.json?_shape=array&region=Samarinda", "officials_of_region.json?_shape=array&region=Paser"]]
    return pages


def time_pages(path: Path, repeat: int = 3) -> list[tuple[str, int, float]]:
    """(page, HTTP status, milliseconds) for every served page: fetched once, then timed `repeat`
    times, the median kept (the machine is shared: one fetch can wait on another's work)."""
    from .serving import build_metadata, database_name, make_datasette

    name = database_name(path)
    metadata = build_metadata(name)
    datasette = make_datasette(path, metadata)
    rows = []
    for page in served_pages(metadata, name):
        asyncio.run(datasette.client.get(page))
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = asyncio.run(datasette.client.get(page))
            times.append(1000 * (time.perf_counter() - started))
        rows.append((page, response.status_code, statistics.median(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the generated base")
    parser.add_argument("--db", type=Path, help="keep the base here (default: a temporary folder); "
                                                "a base already there is served as it is, not built again")
    parser.add_argument("--repeat", type=int, default=3, help="timed fetches of each page (the median is shown)")
    args = parser.parse_args()
    console = Console(width=130)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "kb.db"
        if not path.exists():
            steps = build(path, args.articles)
            console.print(f"built {args.articles} articles ({path.stat().st_size / 2**20:.0f} MB): "
                          + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in steps.items()))
        with sqlite3.connect(path) as conn:
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        table = Table(title=f"warta bench-kb: served pages over {articles} generated articles")
        for column in ["page", "status", "ms"]:
            table.add_column(column, justify="left" if column == "page" else "right")
        for page, status, ms in time_pages(path, args.repeat):
            table.add_row(page, str(status), f"{ms:.0f}")
        console.print(table)


if __name__ == "__main__":
    main()
