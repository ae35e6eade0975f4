"""The `warta` command line.

Exit codes: 0 done (skipped documents are logged, not fatal), 1 failure, 2 usage error, 69 `serve`'s
port is taken.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.table import Table

from . import __version__, quality_gate
from .evaluation import CLASS_ATTRIBUTES, FACT_TYPES
from .evaluation import evaluate as evaluate_facts
from .records import Skipped

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("extracted.db")
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"

console = Console(stderr=True)
log = logging.getLogger("warta")


def _open(path: str, mode: str) -> TextIO:
    if path == "-":
        return sys.stdin if "r" in mode else sys.stdout
    return open(path, mode, encoding="utf-8")


NER_BACKENDS = ("spacy", "stanza")
def _cores() -> int:
    from .extraction import default_workers

    return default_workers()


_WORKERS = click.option("--workers", type=click.IntRange(min=1), default=_cores, show_default="the cores",
                        help="Processes extracting articles (each loads the model once); this one stores them.")
_NER_BACKEND = click.option("--ner-backend", "ner_backend", type=click.Choice(NER_BACKENDS), default="spacy",
                            show_default=True, help="NER model: spaCy (models/ner-id) or stanza (models/ner-id-stanza, "
                                                    "optional extra).")


def _check_backend(backend: str) -> None:
    """Stop before any work when the stanza backend cannot run, saying how to fix it."""
    if backend != "stanza":
        return
    from .stanza_backend import (
        MODEL_DIR,
        StanzaUnavailable,
        model_files,
        require_stanza,
    )

    try:
        require_stanza()
        model_files(MODEL_DIR)
    except StanzaUnavailable as error:
        raise click.ClickException(str(error)) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="warta")
@click.option("-v", "--verbose", is_flag=True, help="Debug detail in the log.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
def cli(verbose: bool, quiet: bool) -> None:
    """warta: mine Indonesian regional news into a SQLite knowledge base.

    Articles come from the shipped corpus, files (txt, html, jsonl, WARC) or a crawl of news
    outlets; officials, regions, worker counts, budgets, programs, percentages and event dates are
    extracted and stored in extracted.db, which `warta serve` opens in Datasette.
    """
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _usable_rows(path: str) -> list[dict[str, Any]]:
    """The JSON Lines rows that are objects with an id; every other line is a logged skip."""
    from .loading import jsonl_rows

    try:
        handle = open(path, encoding="utf-8", errors="replace") if path != "-" else sys.stdin
        if handle is sys.stdin:
            sys.stdin.reconfigure(errors="replace")
        with handle:
            items = list(jsonl_rows(handle, "input" if path == "-" else path))
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror or error}") from error
    rows = []
    for item in items:
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.source, item.reason)
        elif item[1].get("id") in (None, ""):
            log.warning("skipped %s: the row has no id", item[0])
        else:
            rows.append(item[1])
    return rows


@cli.command()
@click.option("--input", "input_path", required=True, help="JSONL with id, text or html, optional url/title/published; - for stdin.")
@click.option("--output", "output_path", default="-", show_default=True, help="JSONL of {id, facts}; - for stdout.")
@_NER_BACKEND
def extract(input_path: str, output_path: str, ner_backend: str) -> None:
    """Extract facts from JSONL articles without touching a database.

    Each output line is {"id": ..., "facts": {...}} in exactly the shape of ANNOTATION.md.
    """
    _check_backend(ner_backend)
    rows = _usable_rows(input_path)
    if not rows:
        raise click.ClickException(f"no usable row in {input_path}: each line must be a JSON object with an id")
    from .extraction import annotate_rows

    results = annotate_rows(rows, ner_backend)
    with _open(output_path, "w") as out:
        for row in rows:
            out.write(json.dumps({"id": str(row["id"]), "facts": results[str(row["id"])]}, ensure_ascii=False) + "\n")


@cli.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL (ANNOTATION.md shape).")
@click.option("--pred", type=click.Path(exists=True, dir_okay=False), help="Predictions JSONL from `warta extract`; extracted now if omitted.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (the README's quality tables are made so).")
@click.option("--per-article", is_flag=True, help="Also list false positives and negatives per article.")
@click.option("--floors", "floors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Quality floors file (tests/quality_floors.json): exit 1 if a figure drops below its floor.")
@click.option("--set", "gold_set", help="Name of the gold set in the floors file.  [default: the gold file's stem]")
@click.option("--pin", is_flag=True, help="Write the measured figures as the set's floors (never lower without --allow-lower).")
@click.option("--allow-lower", is_flag=True, help="With --pin: allow floors to go down.")
@_NER_BACKEND
def evaluate(gold: str, pred: str | None, as_json: bool, markdown: bool, per_article: bool, floors_path: Path | None,
             gold_set: str | None, pin: bool, allow_lower: bool, ner_backend: str) -> None:
    """Score extraction against a gold file: P/R/F1 per fact type and micro (ANNOTATION.md scoring).

    Also reports, over the matched numbers, the accuracy of their class (worker status, budget
    kind, percentage subject) and of their region.  With --floors it is the quality gate of CI.
    """
    from .loading import read_jsonl

    gold_rows = read_jsonl(gold)
    if pred:
        predictions = {str(row["id"]): row.get("facts") or {} for row in read_jsonl(pred)}
    else:
        from .extraction import annotate_rows

        _check_backend(ner_backend)
        started = time.perf_counter()
        predictions = annotate_rows(gold_rows, ner_backend)
        log.info("extracted %d articles in %.1fs", len(gold_rows), time.perf_counter() - started)
    report = evaluate_facts(gold_rows, predictions)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    elif markdown:
        click.echo(_markdown_table(report))
    else:
        Console().print(_report_table(report, len(gold_rows)))
    if per_article:
        _print_differences(gold_rows, predictions)
    if floors_path:
        _gate(report, floors_path, gold_set or Path(gold).stem, pin, allow_lower)


def _report_rows(report) -> list[list[str]]:
    rows = []
    for name, score in [(name, report.per_type[name]) for name in FACT_TYPES] + [("micro", report.micro)]:
        accuracies = [score.accuracy(*CLASS_ATTRIBUTES), score.accuracy("region")]
        rows.append([name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                     str(score.tp), str(score.fp), str(score.fn),
                     *("" if value is None else f"{value:.2f}" for value in accuracies)])
    return rows


REPORT_COLUMNS = ["fact type", "P", "R", "F1", "tp", "fp", "fn", "class acc", "region acc"]


def _report_table(report, articles: int) -> Table:
    table = Table(title=f"warta evaluate: {articles} articles", caption="micro: every type but officials_full")
    for column in REPORT_COLUMNS:
        table.add_column(column, justify="left" if column == "fact type" else "right")
    for row in _report_rows(report):
        table.add_row(*row)
    return table


def _markdown_table(report) -> str:
    lines = ["| " + " | ".join(REPORT_COLUMNS) + " |", "|---|" + "---:|" * (len(REPORT_COLUMNS) - 1)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in _report_rows(report)])


def _gate(report, floors_path: Path, gold_set: str, pin: bool, allow_lower: bool) -> None:
    if pin:
        try:
            quality_gate.pin(floors_path, gold_set, report, allow_lower)
        except quality_gate.FloorLowered as error:
            _finish(1, f"warta evaluate: {error}")
        _finish(0, f"floors of {gold_set} pinned in {floors_path}")
        return
    floors = quality_gate.read_floors(floors_path).get(gold_set)
    if floors is None:
        _finish(1, f"warta evaluate: no floors for set {gold_set!r} in {floors_path} (pin them with --pin)")
    dropped = quality_gate.drops(report, floors)
    if dropped:
        _finish(1, f"warta evaluate: {gold_set} below its floors: " + "; ".join(dropped))
    log.info("%s meets its %d floors", gold_set, len(floors))


def _print_differences(gold_rows: list[dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> None:
    """What each article's prediction got wrong, matched as the scorer matches, for tuning rules."""
    from .evaluation import article_differences

    for row in gold_rows:
        pred = predictions.get(str(row["id"])) or {}
        for kind, verdict, fact in article_differences(row.get("facts") or {}, pred):
            click.echo(f"{row['id']} {kind} {verdict:<7} {json.dumps(fact, ensure_ascii=False, sort_keys=True)}")


def _progress(total: int | None, description: str):
    """A progress bar on a terminal; nothing under cron, where log lines tell the story."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=console, disable=not console.is_terminal)
    return progress, progress.add_task(description, total=total)


class LogProgress:
    """Progress under cron, where no bar is drawn: a log line every LOG_EVERY seconds with the
    articles done (of the total when known), the rate, the skipped and the time left."""

    LOG_EVERY = 30.0

    def __init__(self, total: int | None, what: str) -> None:
        self.restart(total, what)

    def restart(self, total: int | None, what: str) -> None:
        self.total, self.what, self.done, self.skipped = total, what, 0, 0
        self.started = self.last = time.monotonic()

    def advance(self, skipped: bool = False) -> None:
        self.done += 1
        self.skipped += skipped
        now = time.monotonic()
        if now - self.last >= self.LOG_EVERY:
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            left = f", {(self.total - self.done) / rate:.0f} s left" if self.total and rate else ""
            of = f"/{self.total}" if self.total else ""
            log.info("%s: %d%s done, %.1f/s, %d skipped%s", self.what, self.done, of, rate, self.skipped, left)


def ingest_paths(paths: list[Path], db_path: Path, hosts: set[str] | None = None,
                 backend: str = "spacy", kind: str = "ingest", workers: int = 1) -> dict[str, Any]:
    """Load every document under the paths and run them through the runner; returns a summary."""
    from .loading import load_path

    documents = (item for path in paths for item in load_path(path, hosts))
    return run_documents(documents, db_path, backend=backend, kind=kind, workers=workers)


def run_documents(documents: Any, db_path: Path, **runner_options: Any) -> dict[str, Any]:
    """Documents through the runner with a progress bar (a re-extraction pass gets its own total)."""
    from .runner import RunHooks, Runner

    progress, task = _progress(None, "extracting")
    log_lines = LogProgress(None, "extracting") if progress.disable else None

    class Progress(RunHooks):
        def restarted(self, total: int) -> None:
            progress.reset(task, total=total, description="re-extracting")
            if log_lines:
                log_lines.restart(total, "re-extracting")

        def stored(self, item: Any, status: str | None) -> None:
            progress.advance(task)
            if log_lines:
                log_lines.advance(skipped=status is None)

    with progress:
        summary = Runner(db_path, **runner_options).run(documents, Progress())
    return {"outcome": summary.outcome, "skipped": summary.skipped, "counts": summary.counts,
            "seconds": summary.seconds}


def _ingest(paths: list[Path], db_path: Path, hosts: set[str] | None, backend: str, kind: str,
            workers: int) -> dict[str, Any]:
    """ingest_paths for a command: another run on the base is a one-line error, not a traceback."""
    from .runner import LockHeld

    try:
        summary = ingest_paths(paths, db_path, hosts, backend, kind, workers)
    except LockHeld as error:
        raise click.ClickException(str(error)) from error
    _print_summary(summary, db_path)
    if not sum(summary["outcome"].values()):
        reasons = "; ".join(dict.fromkeys(s.reason for s in summary["skipped"][:3]))
        raise click.ClickException(f"nothing usable was read from {', '.join(map(str, paths))}: "
                                   f"{len(summary['skipped'])} documents skipped" + (f" ({reasons})" if reasons else ""))
    return summary


def _print_summary(summary: dict[str, Any], db_path: Path) -> None:
    table = Table(title=f"warta: {db_path}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for status, number in sorted(summary["outcome"].items()):
        table.add_row(f"documents {status}", str(number))
    table.add_row("documents skipped", str(len(summary["skipped"])))
    for name, number in summary["counts"].items():
        table.add_row(name.replace("article_", ""), str(number))
    table.add_row("time taken", f"{summary['seconds']:.1f} s")
    Console().print(table)
    click.echo(f"Browse it: warta serve --db {db_path}   (or: make serve)")


@cli.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True, help="SQLite knowledge base to build or update.")
@click.option("--corpus", "corpus", type=click.Path(exists=True, path_type=Path), default=DEFAULT_CORPUS,
              show_default="the shipped corpus/", help="Folder of documents (txt, html, jsonl, WARC) with manifest.csv.")
@_NER_BACKEND
@_WORKERS
def run(db_path: Path, corpus: Path, ner_backend: str, workers: int) -> None:
    """Build or update the knowledge base from a corpus folder (default: the shipped corpus).

    Running it twice gives the same database: unchanged articles are not re-extracted.
    """
    _check_backend(ner_backend)
    summary = _ingest([corpus], db_path, None, ner_backend, "run", workers)
    if not summary["counts"]["articles"]:
        raise click.ClickException("no article could be stored")


@cli.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True, help="SQLite knowledge base to re-extract.")
@click.option("--where", help="Only articles matching this SQL condition on the articles table, "
                              "e.g. \"published >= '2024-01-01'\" or \"outlet_id = '...'\".")
@_NER_BACKEND
@_WORKERS
def reextract(db_path: Path, where: str | None, ner_backend: str, workers: int) -> None:
    """Re-extract stored articles from their stored text, without fetching anything again.

    Takes the articles that another extractor version made (a rule, lexicon, model or contract
    change), as every run does after its own documents; this does it on demand, narrowed by --where.  Each article is one transaction: a killed
    re-extraction resumes where it stopped.  Judgements are re-anchored as on any update.
    """
    from .runner import LockHeld

    _check_backend(ner_backend)
    try:
        summary = run_documents([], db_path, backend=ner_backend, kind="reextract", reextract_where=where,
                                workers=workers)
    except LockHeld as error:
        raise click.ClickException(str(error)) from error
    except sqlite3.OperationalError as error:
        raise click.ClickException(f"--where {where!r}: {error}") from error
    _print_summary(summary, db_path)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--host", "hosts", multiple=True, help="Only WARC records of this host (repeatable), e.g. for CC-NEWS.")
@_NER_BACKEND
@_WORKERS
def ingest(paths: tuple[Path, ...], db_path: Path, hosts: tuple[str, ...], ner_backend: str, workers: int) -> None:
    """Load files or folders (txt, html, jsonl, WARC/.warc.gz) into the base and extract their facts."""
    _check_backend(ner_backend)
    _ingest(list(paths), db_path, set(hosts) or None, ner_backend, "ingest", workers)


def _run_crawl(sources: list[Any], db_path: Path, kind: str, **options: Any) -> tuple[int, str]:
    """Crawl (the runner holds the database lock) with a progress bar (or log lines); print the summary."""
    from .crawling import Crawler
    from .nightly import EXIT_LOCKED, summary_lines, summary_log, verdict
    from .runner import LockHeld

    if not sources:
        raise click.UsageError("no source to crawl")
    try:
        progress, task = _progress(None, "storing articles")
        with progress:
            summary = Crawler(sources, db_path, kind=kind,
                              on_progress=lambda source, status: progress.advance(task), **options).run()
    except LockHeld as error:
        return EXIT_LOCKED, str(error)
    for line in summary_lines(summary):
        summary_log.info("%s", line)
        click.echo(line)
    return verdict(summary)


def _finish(code: int, reason: str) -> None:
    """Print the one-line verdict; a non-zero code ends the process with it."""
    click.echo(reason, err=code != 0)
    if code:
        sys.exit(code)


@cli.command()
@click.option("--site", "sites", multiple=True, help="Site to crawl (repeatable); robots.txt, sitemaps, feeds and links are discovered.")
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Outlet list in the format of pipeline/resources/outlets.toml.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--max-pages", type=click.IntRange(min=0), help="Article pages fetched per source in this run.")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between two requests to one host (a larger robots.txt Crawl-delay wins).")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds before a request is given up.")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="Also keep the raw responses as WARC files there.")
@click.option("--contact", help="URL or e-mail address put into the User-Agent.")
@_WORKERS
def crawl(sites: tuple[str, ...], sources_file: Path | None, db_path: Path, max_pages: int | None,
          delay: float | None, timeout: float | None, warc_dir: Path | None, contact: str | None,
          workers: int) -> None:
    """Crawl news sites politely, extract and store their new articles.

    Without --site or --sources the shipped outlet registry is crawled.  Only what is new is
    fetched: a second run on an unchanged site fetches no article page again.
    """
    from .crawling import DEFAULT_CONTACT, load_sources, site_source

    overrides = {k: v for k, v in {"min_delay": delay, "timeout": timeout}.items() if v is not None}
    try:
        sources = [site_source(site, **overrides) for site in sites]
        if sources_file or not sites:
            sources += load_sources(sources_file, **overrides)
    except ValueError as error:  # tomllib.TOMLDecodeError is one
        raise click.BadParameter(str(error), param_hint="--sources") from error
    _finish(*_run_crawl(sources, db_path, "crawl", max_pages=max_pages, warc_dir=warc_dir,
                        contact=contact or DEFAULT_CONTACT, extraction_workers=workers))


@cli.command()
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Nightly config (TOML; keys in pipeline/nightly.py). Default: shipped outlets into ./extracted.db.")
def nightly(config_path: Path | None) -> None:
    """The unattended job: crawl every source, store, log a summary; exit 0 or non-zero with a reason.

    A second run while one is busy exits at once (code 75).  A killed run is resumed by the next.
    """
    from .nightly import load_config, log_file, summary_log

    try:
        config = load_config(config_path)
        sources = config.outlets()
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from error
    with log_file(config.log_file):
        outcome = _run_crawl(sources, config.db, "nightly", max_pages=config.max_pages,
                             warc_dir=config.warc_dir, contact=config.contact)
        summary_log.info("%s", outcome[1])
    _finish(*outcome)


@cli.group()
def train() -> None:
    """Train warta's models from public corpora on this machine (nothing is downloaded)."""


_NER_DATA = click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
                         help="Folder of the NER corpora, laid out as ../shared/data/ner.")
_MAX_STEPS = click.option("--max-steps", type=click.IntRange(min=1), help="Shorter schedule: override training.max_steps.")


@train.command("ner")
@_NER_DATA
@click.option("--backend", type=click.Choice(NER_BACKENDS), default="spacy", show_default=True,
              help="spacy: spaCy's trainer and resources/ner/config.cfg; stanza: stanza's NER trainer and "
                   "resources/ner/stanza.json (optional extra).")
@click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the trained model goes.  [default: models/ner-id, or models/ner-id-stanza for stanza]")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="spaCy config; pipeline/resources/ner/config.cfg if omitted.")
@click.option("--reviewed", "reviewed_db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Also train on the articles annotators reviewed in this knowledge base (rejections as negatives).")
@_MAX_STEPS
def train_ner_command(data_dir: Path, backend: str, output_dir: Path | None, config_path: Path | None,
                      reviewed_db: Path | None, max_steps: int | None) -> None:
    """Train the PER/ORG/LOC NER on the corpora of resources/ner/corpora.json (fixed seed)."""
    from .training import shipped_training_data, train_ner

    if backend == "stanza" and (config_path or reviewed_db):
        raise click.UsageError("--config and --reviewed apply to the spaCy backend only")
    data = shipped_training_data(data_dir)
    if backend == "stanza":
        from .stanza_backend import MODEL_DIR, StanzaUnavailable, train_stanza_ner

        log.info("training data: %s", json.dumps(data.stats))
        try:
            click.echo(f"model written to {train_stanza_ner(data, output_dir or MODEL_DIR, max_steps)}")
        except StanzaUnavailable as error:
            raise click.ClickException(str(error)) from error
        return
    output_dir = output_dir or PROJECT_ROOT / "models" / "ner-id"
    if reviewed_db:
        from .exchange import reviewed_docs
        from .storage import connect

        data.reviewed = list(reviewed_docs(connect(reviewed_db)))
        data.stats["reviewed_articles"] = len(data.reviewed)
    log.info("training data: %s", json.dumps(data.stats))
    overrides = {"training.max_steps": max_steps} if max_steps else None
    click.echo(f"model written to {train_ner(data, output_dir, config_path, overrides)}")


@train.command("ner-cv")
@_NER_DATA
@click.option("--corpus", default="indolem-nerui", show_default=True, help="A corpus with folds in resources/ner/corpora.json.")
@click.option("--output", "output_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the fold models and cv.json.")
@click.option("--backend", type=click.Choice(NER_BACKENDS), default="spacy", show_default=True,
              help="Which recipe to cross-validate (stanza needs the optional extra).")
@_MAX_STEPS
def train_ner_cv_command(data_dir: Path, corpus: str, output_dir: Path, backend: str, max_steps: int | None) -> None:
    """Cross-validate the NER recipe on a corpus's folds and print each fold's test scores and the mean."""
    from . import training

    fold_trainer = training.train_fold
    if backend == "stanza":
        from . import stanza_backend

        fold_trainer = stanza_backend.train_fold
    try:
        results = training.cross_validate(data_dir, corpus, output_dir, max_steps, backend, fold_trainer)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    for fold, scores in enumerate(results, start=1):
        click.echo(f"fold {fold}: micro F1 {scores.micro.f1:.4f}  macro F1 {scores.macro_f1:.4f}")
    click.echo(f"mean micro F1 {sum(s.micro.f1 for s in results) / len(results):.4f}")


@cli.command("evaluate-ner")
@click.option("--data", "data_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold file to score against.")
@click.option("--format", "data_format", type=click.Choice(["conll"]), default="conll", show_default=True,
              help="conll: token first and NER tag last per line (tab or space separated), blank line between sentences.")
@click.option("--backend", type=click.Choice(NER_BACKENDS), default="spacy", show_default=True,
              help="Which kind of model --model is.")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Model folder.  [default: models/ner-id, or models/ner-id-stanza for stanza]")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_ner_command(data_path: Path, data_format: str, backend: str, model_dir: Path | None, as_json: bool) -> None:
    """Score an NER model: per-type and micro P/R/F1, macro F1 (IndoNLU's average), words/s."""
    from .training import evaluate_ner, format_scores

    if backend == "stanza":
        from .stanza_backend import MODEL_DIR, StanzaUnavailable
        from .stanza_backend import evaluate_ner as evaluate_stanza

        try:
            scores = evaluate_stanza(model_dir or MODEL_DIR, data_path)
        except StanzaUnavailable as error:
            raise click.ClickException(str(error)) from error
    else:
        scores = evaluate_ner(model_dir or PROJECT_ROOT / "models" / "ner-id", data_path)
    click.echo(json.dumps(scores.as_dict(), indent=2) if as_json else format_scores(scores))


@cli.group()
def user() -> None:
    """Annotator accounts for the review pages (`/-/review` in `warta serve`)."""


_ACCOUNTS_DB = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                            show_default=True, help="The knowledge base the accounts review; they live in "
                                                    "<db stem>.accounts.json beside it.")


@user.command("add")
@click.argument("username")
@_ACCOUNTS_DB
@click.password_option(help="Prompted for (twice) when not given; at least 10 characters.")
def user_add(username: str, db_path: Path, password: str) -> None:
    """Create an annotator account, or reset its password; log in at /-/login (a running server
    takes it at once)."""
    from .review import AccountError, accounts_path, add_account

    path = accounts_path(db_path)
    try:
        add_account(path, username, password)
    except AccountError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"account {username} saved in {path}")


@user.command("list")
@_ACCOUNTS_DB
def user_list(db_path: Path) -> None:
    """Print the annotator accounts, one a line."""
    from .review import account_names, accounts_path

    for name in account_names(accounts_path(db_path)):
        click.echo(name)


@user.command("remove")
@click.argument("username")
@_ACCOUNTS_DB
def user_remove(username: str, db_path: Path) -> None:
    """Remove an annotator account: it can log in no more (its judgements stay, with its name)."""
    from .review import AccountError, accounts_path, remove_account

    path = accounts_path(db_path)
    try:
        remove_account(path, username)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"account {username} removed from {path}")


@cli.command("export-gold")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--output", "output_path", default="-", show_default=True, help="Gold JSONL; - for stdout.")
def export_gold_command(db_path: Path, output_path: str) -> None:
    """Write human-reviewed articles as gold JSONL (ANNOTATION.md), for `warta evaluate --gold`.

    An article is reviewed once an annotator marks it done in /-/review; its facts are the
    *_current views: human edits over human rejections over machine output.
    """
    from .judgements import export_gold
    from .storage import connect

    db = connect(db_path)
    count = 0
    with _open(output_path, "w") as out:
        for row in export_gold(db):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    db.close()
    log.info("exported %d reviewed articles", count)
    if not count:
        log.warning("no article is marked done yet: an annotator marks it done on its review page")


@cli.command()
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True, help="The knowledge base to serve (build it with `warta run`).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; 0.0.0.0 for all.")
def serve(db_path: Path, port: int, host: str) -> None:
    """Browse the knowledge base in Datasette: described tables, search, canned queries, map and charts.

    Exits 69 without serving when the port is taken.
    """
    from .serving import EXIT_PORT_BUSY, PortBusy, bind
    from .serving import serve as serve_datasette

    try:
        sock = bind(host, port)
    except PortBusy as error:
        _finish(EXIT_PORT_BUSY, f"warta serve: {error}")
        return
    click.echo(f"serving {db_path} at http://{host}:{sock.getsockname()[1]}/ (Ctrl+C stops)")
    serve_datasette(db_path, sock)


@cli.command("export-training")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("reviewed.spacy"),
              show_default=True, help="spaCy DocBin of the human-reviewed articles.")
def export_training_command(db_path: Path, output_path: Path) -> None:
    """Write reviewed articles as spaCy training data (rejected entities as incorrect_spans)."""
    from .exchange import export_training
    from .storage import connect

    db = connect(db_path)
    stats = export_training(db, output_path)
    db.close()
    click.echo(f"{output_path}: {json.dumps(stats)}")


_EXCHANGE_FORMAT = click.option("--format", "fmt", required=True, type=click.Choice(["labelstudio", "doccano", "prodigy"]),
                                help="labelstudio: JSON tasks; doccano, prodigy: JSONL.")


@cli.command("export")
@_EXCHANGE_FORMAT
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
@click.option("--output", "output_path", default="-", show_default=True, help="File to write; - for stdout.")
@click.option("--reviewed-only", is_flag=True, help="Only articles an annotator has judged.")
def export_command(fmt: str, db_path: Path, output_path: str, reviewed_only: bool) -> None:
    """Export articles as tasks for Label Studio, doccano or Prodigy (machine output as predictions)."""
    from .exchange import export_tasks
    from .storage import connect

    db = connect(db_path)
    tasks = list(export_tasks(db, fmt, reviewed_only))
    db.close()
    with _open(output_path, "w") as out:
        if fmt == "labelstudio":
            out.write(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
        else:
            out.writelines(json.dumps(task, ensure_ascii=False) + "\n" for task in tasks)


@cli.command("import")
@_EXCHANGE_FORMAT
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--annotator", required=True, help="Whose judgements these are (recorded in the audit trail).")
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True)
def import_command(fmt: str, path: Path, annotator: str, db_path: Path) -> None:
    """Import annotations from Label Studio, doccano or Prodigy as judgements of the knowledge base.

    Each imported article counts as done (reviewed).  Exits 1 when no article could be imported.
    """
    from .exchange import import_annotations, read_file, read_tasks
    from .storage import connect

    try:
        tasks = list(read_tasks(fmt, read_file(path, fmt)))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise click.ClickException(f"{path} is not a {fmt} export: {error}") from error
    db = connect(db_path)
    try:
        outcome = import_annotations(db, tasks, annotator)
    finally:
        db.close()
    skipped = outcome.pop("skipped")
    for problem in skipped:
        log.warning("skipped %s", problem)
    click.echo(json.dumps(outcome))
    if not outcome["articles"]:
        raise click.ClickException(f"nothing imported from {path}: {len(tasks)} tasks read, "
                                   f"{len(skipped)} skipped (see the warnings above)")


@cli.command("backfill")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True)
@click.option("--scheduler", help="Address of a running Dask scheduler (e.g. tcp://10.0.0.5:8786).  "
                                  "[default: a LocalCluster on this machine]")
@click.option("--workers", type=click.IntRange(min=1), help="Workers of the LocalCluster.  [default: one per core]")
@click.option("--host", "hosts", multiple=True, help="Only WARC records of this host (repeatable), e.g. for CC-NEWS.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Shards and done-markers; every worker must reach it.  [default: <db>.backfill beside the base]")
@_NER_BACKEND
def backfill_command(inputs: tuple[str, ...], db_path: Path, scheduler: str | None, workers: int | None,
                     hosts: tuple[str, ...], work_dir: Path | None, ner_backend: str) -> None:
    """Backfill WARC archives (files, folders, globs, fsspec URLs such as s3://) on a Dask cluster.

    One task per input file writes a shard; shards are merged into the base in input order.  A
    re-run skips finished inputs.  Needs the optional extra: pip install 'warta[dask]'.
    """
    from .backfill import DaskMissing, Progress, SchedulerUnreachable, backfill, expand_inputs, require_dask, verdict
    from .nightly import EXIT_LOCKED
    from .runner import LockHeld

    if scheduler and workers:
        raise click.UsageError("--scheduler and --workers exclude each other")
    _check_backend(ner_backend)
    try:
        require_dask()
        paths = expand_inputs(list(inputs))
    except DaskMissing as error:
        raise click.ClickException(str(error)) from error
    except (ValueError, OSError) as error:
        raise click.UsageError(str(error)) from error
    progress = Progress(console)
    try:
        summary = backfill(paths, db_path, work_dir=work_dir, scheduler=scheduler, workers=workers, hosts=hosts,
                           backend=ner_backend, on_start=progress.start, on_task=progress.task)
    except LockHeld as error:
        _finish(EXIT_LOCKED, str(error))
    except SchedulerUnreachable as error:
        raise click.ClickException(str(error)) from error
    finally:
        progress.close()
    _finish(*verdict(summary))


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
