"""Benchmark: archive backfill on Dask with 1 and 2 workers against a serial `warta ingest`.

`make bench-backfill` (or `python -m pipeline.bench_backfill --files 8 --articles 1200`) writes
generated Indonesian news pages (pipeline.bench's corpus) into `.warc.gz` files, then times a
serial ingest of them and a backfill into a fresh base with each worker count, cluster start-up
included, and the tasks' own time per worker core (what a long backfill approaches), and the merge
step alone.  It prints figures and asserts nothing, since timings depend on the machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from io import BytesIO
from pathlib import Path

from rich.console import Console
from rich.table import Table


def write_warc(path: Path, pages: list[tuple[str, str]], fetched_at: str | None = None) -> Path:
    """A gzipped WARC file of HTML response records, one per (url, html), dated fetched_at (or now)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(html.encode("utf-8")), http_headers=http,
                warc_headers_dict={"WARC-Date": fetched_at} if fetched_at else None))
    return path


def generate_warcs(folder: Path, files: int, articles: int) -> list[Path]:
    """`articles` distinct generated pages spread over `files` WARC files."""
    from .bench import generate_corpus

    pages_dir = folder / "pages"
    pages_dir.mkdir()
    generate_corpus(pages_dir, articles)
    pages = [(f"https://berita.example/daerah/{p.stem}", p.read_text(encoding="utf-8"))
             for p in sorted(pages_dir.glob("*.html"))]
    return [write_warc(folder / f"archive-{n:03d}.warc.gz", pages[n::files]) for n in range(files)]


def run_benchmark(files: int, articles: int, worker_counts: list[int]) -> list[tuple[str, int, float]]:
    from .backfill import backfill
    from .cli import ingest_paths

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warcs = generate_warcs(Path(tmp), files, articles)
        started = time.perf_counter()
        summary = ingest_paths(warcs, Path(tmp) / "serial.db")
        rows.append(("serial ingest (1 process)", sum(summary["outcome"].values()), time.perf_counter() - started))
        for workers in worker_counts:
            started = time.perf_counter()
            db = Path(tmp) / f"backfill-{workers}.db"
            result = backfill([str(w) for w in warcs], db, workers=workers)
            rows.append((f"backfill, {workers} worker{'s' if workers > 1 else ''} (cluster start included)",
                         result.extracted, time.perf_counter() - started))
            rows.append((f"  per worker core, tasks alone ({workers} worker{'s' if workers > 1 else ''})",
                         result.extracted, result.task_seconds))
        started = time.perf_counter()  # the last run's shards, merged again into a fresh base: no task runs
        result = backfill([str(w) for w in warcs], Path(tmp) / "merge-only.db", work_dir=Path(f"{db}.backfill"))
        rows.append(("merge step alone (ATTACH, people, views, near-duplicates)", sum(result.merged.values()),
                     time.perf_counter() - started))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=8, help="WARC files (one task each)")
    parser.add_argument("--articles", type=int, default=1200, help="generated articles over all files")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to time")
    args = parser.parse_args()
    rows = run_benchmark(args.files, args.articles, args.workers)
    table = Table(title=f"warta bench-backfill: {args.articles} articles in {args.files} WARC files")
    for column in ["run", "articles", "seconds", "articles/s"]:
        table.add_column(column, justify="left" if column == "run" else "right")
    for name, number, seconds in rows:
        table.add_row(name, str(number), f"{seconds:.2f}", f"{number / seconds:.1f}" if seconds else "-")
    Console().print(table)


if __name__ == "__main__":
    main()
