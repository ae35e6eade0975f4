"""Benchmark: throughput per stage and end to end, and peak memory, on a generated corpus.

`make bench` (or `python -m pipeline.bench --articles 2000`) writes a corpus of synthetic
Indonesian news pages (HTML in a WordPress-like layout) to a temporary folder, then times each
stage separately and the whole `ingest` path into a fresh database.  It prints figures; it asserts
nothing, since timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from collections.abc import Callable
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


def run_benchmark(count: int) -> list[tuple[str, int, float]]:
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
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="size of the generated corpus")
    args = parser.parse_args()
    rows = run_benchmark(args.articles)
    table = Table(title=f"warta bench: {args.articles} generated articles")
    for column in ["stage", "articles", "seconds", "articles/s"]:
        table.add_column(column, justify="left" if column == "stage" else "right")
    for stage, number, seconds in rows:
        table.add_row(stage, str(number), f"{seconds:.2f}", f"{number / seconds:.1f}" if seconds else "-")
    console = Console()
    console.print(table)
    console.print(f"peak memory (max RSS): {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
