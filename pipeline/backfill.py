"""Archive backfill on Dask: WARC archives, one task per input file, merged into one knowledge base.

`warta backfill INPUTS... --db extracted.db` runs on a Dask cluster (a LocalCluster with one worker
per core unless `--scheduler` names a running one).  Dask is the task scheduler only: `client.map`
over the input files, `as_completed`, retries.  Each task reads one file through warta's loader,
extracts with the per-worker Extractor and stores into a shard database of its own through
pipeline.storage (same schema, same ids): the chain of pipeline/runner.py, whose model each worker
process loads once.  Then it writes a done-marker atomically.  Shards and markers live in a work
folder every worker and this process can reach (`<db>.backfill/` by default).

The merge applies shards in the order of the inputs, each in one transaction, with the rules of
`Store.save`: first seen wins for duplicate texts and canonical URLs (recorded as aliases), a
changed article replaces its machine facts and its judgements are re-anchored.  `merged_shards`
records what went in, so a re-run skips finished inputs and merged shards; merging a shard again
changes nothing.  Column lists come from the schema (PRAGMA table_info), so added columns travel.
Afterwards near-duplicates are grouped across shards, people resolved and views installed, as
after a serial `warta ingest`; the run is recorded in the `runs` table.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import sqlite_utils

from . import now_iso
from .database import transaction
from .records import Article, Document, Skipped
from .runner import RunHooks, Runner, RunSummary
from .storage import FACT_TABLES, Store

log = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")
TASK_RETRIES = 2
MAX_LOGGED_SKIPS = 20  # per input, kept in the done-marker
NEEDS_DASK = "warta backfill needs Dask: pip install 'warta[dask]'"


class DaskMissing(RuntimeError):
    """dask.distributed is not installed."""


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler named by --scheduler does not answer."""


class VersionMismatch(RuntimeError):
    """A worker runs another extractor (other warta code, lexicons or model) than this process."""


class MergeError(RuntimeError):
    """A shard could not be applied; its transaction was rolled back."""


# --- inputs ----------------------------------------------------------------------------------------

def _is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def _expand_remote(item: str) -> list[str]:
    import fsspec

    fs, _, paths = fsspec.core.get_fs_token_paths(item)
    found: list[str] = []
    for path in paths:
        members = fs.find(path) if fs.isdir(path) else [path]
        found += [fs.unstrip_protocol(p) for p in sorted(members) if _is_warc(p) or p == path]
    return found


def _expand_local(item: str) -> list[str]:
    if glob.has_magic(item):
        paths = [Path(p) for p in sorted(glob.glob(item, recursive=True))]
    elif Path(item).exists():
        paths = [Path(item)]
    else:
        raise ValueError(f"no such file or folder: {item}")
    found: list[str] = []
    for path in paths:
        if path.is_dir():
            found += [str(p) for p in sorted(path.rglob("*")) if p.is_file() and _is_warc(p.name)]
        else:
            found.append(str(path))
    return found


def expand_inputs(inputs: list[str]) -> list[str]:
    """WARC files named, globbed or held in folders (fsspec URLs too), in a fixed order, each once."""
    found: list[str] = []
    for item in inputs:
        local = item.removeprefix("file://")
        found += _expand_remote(item) if "://" in local else _expand_local(local)
    if not found:
        raise ValueError(f"no WARC file found in {' '.join(inputs)}")
    return list(dict.fromkeys(found))


# --- one task: one input file -> one shard ---------------------------------------------------------

@dataclass(frozen=True)
class ShardTask:
    """One input file and where its shard and done-marker go."""

    input: str
    name: str
    shard: str
    marker: str
    hosts: tuple[str, ...] = ()
    backend: str = "spacy"
    version: str = ""  # the extractor version of the process that planned the task

    def done(self) -> dict[str, Any] | None:
        """The done-marker of an earlier run, if it finished this very task."""
        try:
            marker = json.loads(Path(self.marker).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return marker if marker.get("name") == self.name and Path(self.shard).exists() else None


def plan_tasks(inputs: list[str], work_dir: Path, hosts: tuple[str, ...] = (),
               backend: str = "spacy") -> list[ShardTask]:
    """A task per input, named by what decides its shard: the input, the host filter, the extractor."""
    version = _extractor(backend).version
    tasks = []
    for item in inputs:
        digest = hashlib.sha256(json.dumps([item, sorted(hosts), version]).encode("utf-8")).hexdigest()[:12]
        stem = item.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0][:40] or "input"
        name = f"{stem}-{digest}"
        tasks.append(ShardTask(item, name, str(work_dir / "shards" / f"{name}.db"),
                               str(work_dir / "done" / f"{name}.json"), tuple(sorted(hosts)), backend, version))
    return tasks


@cache
def _extractor(backend: str):
    """This process's Extractor (its model loads on first use, once: nlp.load_pipeline caches it)."""
    from .extraction import Extractor

    return Extractor(backend=backend)


@contextmanager
def _local_copy(url: str) -> Iterator[Path]:
    """A local path to read the input from: the file itself, or a temporary copy of a remote one."""
    if "://" not in url:
        yield Path(url)
        return
    import fsspec

    with tempfile.TemporaryDirectory(prefix="warta-backfill-") as tmp:
        local = Path(tmp) / url.rsplit("/", 1)[-1]
        fs, path = fsspec.core.url_to_fs(url)
        fs.get(path, str(local))
        yield local


def _documents(task: ShardTask, local: Path) -> Iterator[Document | Skipped]:
    """The input's records through warta's loader, their sources naming the input, not a copy."""
    from .loading import load_path

    for item in load_path(local, set(task.hosts) or None):
        if str(local) != task.input and item.source.startswith(str(local)):
            item = replace(item, source=task.input + item.source[len(str(local)):])
        yield item


def _remove_database(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"), Path(f"{path}.lock")):
        leftover.unlink(missing_ok=True)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def run_task(task: ShardTask) -> dict[str, Any]:
    """Extract one input file into its shard through the runner, then mark it done; runs on a Dask worker.

    Each try writes a file of its own, renamed to the shard when complete, so a worker killed
    halfway leaves nothing the merge could read, and its retry starts afresh.
    """
    started = time.perf_counter()
    if _extractor(task.backend).version != task.version:  # its shard would all be re-extracted by the merge
        raise VersionMismatch(f"this worker's extractor is {_extractor(task.backend).version}, the backfill's "
                              f"{task.version}: install the same warta and models on the workers")
    shard = Path(task.shard)
    shard.parent.mkdir(parents=True, exist_ok=True)
    Path(task.marker).parent.mkdir(parents=True, exist_ok=True)
    for leftover in shard.parent.glob(f"{shard.stem}.*.partial.db"):  # of a killed try
        _remove_database(leftover)
    partial = shard.with_name(f"{shard.stem}.{uuid.uuid4().hex[:8]}.partial.db")  # this try's own file
    with _local_copy(task.input) as local:
        summary = Runner(partial, kind="backfill-shard", backend=task.backend).run(_documents(task, local))
    with Store(partial) as store:
        store.db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file for the merge
    Path(f"{partial}.lock").unlink(missing_ok=True)
    os.replace(partial, shard)
    marker = {"name": task.name, "input": task.input, "shard": task.shard, "outcome": summary.outcome,
              "articles": sum(summary.outcome.values()), "skipped": len(summary.skipped),
              "skips": [[s.source, s.reason] for s in summary.skipped[:MAX_LOGGED_SKIPS]],
              "seconds": round(time.perf_counter() - started, 3), "finished_at": now_iso()}
    _write_atomic(Path(task.marker), json.dumps(marker, ensure_ascii=False))
    return marker


# --- the merge: shards into the base, in a fixed order ---------------------------------------------

def create_merged_shards(db: sqlite_utils.Database) -> None:
    db["merged_shards"].create(
        {"name": str, "input": str, "merged_at": str, "run_id": int, "new": int, "updated": int, "unchanged": int,
         "duplicate": int},
        pk="name", if_not_exists=True,
    )


def _columns(db: sqlite_utils.Database, schema: str, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA {schema}.table_info([{table}])")]


class _ShardMerge:
    """One shard applied to the base inside the caller's transaction: each article decided in shard
    order against the base, as Store.save decides; new ones written together, changed ones at once."""

    def __init__(self, db: sqlite_utils.Database, extracted_again: set[str]) -> None:
        self.db = db
        self.extracted_again = extracted_again  # shard article ids whose rows come from the scratch base
        self.references = self._references()
        self.fact_tables = self._parents_first()
        parents = dict.fromkeys(parent for _, _, parent, _ in self.references)
        self.columns = {(schema, table): self._shared(schema, table)
                        for schema in (["shard", "scratch"] if extracted_again else ["shard"])
                        for table in ["articles", "article_aliases", *FACT_TABLES, *parents]}
        self.outcome = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0}
        self.target: dict[str, str] = {}  # shard article id -> base article id
        self.pending: list[str] = []  # new articles not written yet: flushed together, one statement per table
        self.pending_keys: set[tuple[str, str]] = set()  # their ids, canonical URLs and text digests
        db.execute("CREATE TEMP TABLE IF NOT EXISTS backfill_new (id TEXT PRIMARY KEY)")

    def _shared(self, schema: str, table: str) -> list[str]:
        theirs = set(_columns(self.db, schema, table))
        return [c for c in _columns(self.db, "main", table) if c in theirs]

    def _foreign_keys(self) -> list[tuple[str, str, str, str]]:
        """(table, column, referenced table, its key) of the article's own tables."""
        return [(table, row[3], row[2], row[4]) for table in ["articles", *FACT_TABLES]
                for row in self.db.execute(f"PRAGMA main.foreign_key_list([{table}])")]

    def _references(self) -> list[tuple[str, str, str, str]]:
        """The foreign keys to rows an article brings along (outlets, people, programs, regions)."""
        own = {"articles", *FACT_TABLES}
        return [key for key in self._foreign_keys() if key[2] not in own]

    def _parents_first(self) -> list[str]:
        """FACT_TABLES with those other facts refer to (sentences) first: a row inserted while a deferred
        foreign key is unresolved makes SQLite scan every table referring to it, unindexed ones too."""
        referred = {parent for _, _, parent, _ in self._foreign_keys() if parent in FACT_TABLES}
        return sorted(FACT_TABLES, key=lambda table: table not in referred)

    def _copy_rows(self, schema: str, table: str, where: str, params: list[Any], ignore: bool = False) -> None:
        cols = ", ".join(f"[{c}]" for c in self.columns[(schema, table)])
        verb = "INSERT OR IGNORE" if ignore else "INSERT"
        self.db.execute(f"{verb} INTO main.[{table}] ({cols}) SELECT {cols} FROM {schema}.[{table}] WHERE {where}",
                        params)

    def _copy_references(self, schema: str, scope: str, params: list[Any]) -> None:
        """The rows the articles whose id is `scope` and their facts refer to, where the base lacks them."""
        for table, column, parent, key in self.references:
            owner = "id" if table == "articles" else "article_id"
            referred = f"SELECT [{column}] FROM {schema}.[{table}] WHERE [{owner}] {scope}"
            self._copy_rows(schema, parent, f"[{key}] IN ({referred})", params, ignore=True)

    def _copy_facts(self, schema: str, scope: str, params: list[Any]) -> None:
        for table in self.fact_tables:
            self._copy_rows(schema, table, f"article_id {scope}", params)

    def _write(self, schema: str, article_id: str) -> None:
        """A stored article's machine facts and row replaced by those in schema; the article row
        last, as storage writes it (the researchers' layer refreshes on that row)."""
        if not self.db.execute(f"SELECT 1 FROM {schema}.articles WHERE id = ?", [article_id]).fetchone():
            raise MergeError(f"article {article_id} is missing from the {schema} database")
        for table in FACT_TABLES:
            self.db.execute(f"DELETE FROM main.[{table}] WHERE article_id = ?", [article_id])
        self._copy_references(schema, "= ?", [article_id])
        self._copy_facts(schema, "= ?", [article_id])
        cols = ", ".join(f"[{c}]" for c in self.columns[(schema, "articles")])
        self.db.execute(f"UPDATE main.articles SET ({cols}) = (SELECT {cols} FROM {schema}.articles WHERE id = ?) "
                        "WHERE id = ?", [article_id, article_id])

    def flush(self) -> None:
        """Write the new articles met so far, one statement per table, referred rows before those
        referring to them; then touch the article rows, as storage writes them last (the
        researchers' layer refreshes on that row, its facts in place)."""
        if not self.pending:
            return
        self.db.execute("DELETE FROM temp.backfill_new")
        self.db.conn.executemany("INSERT INTO temp.backfill_new (id) VALUES (?)", [(i,) for i in self.pending])
        scope = "IN (SELECT id FROM temp.backfill_new)"
        self._copy_references("shard", scope, [])
        self._copy_rows("shard", "articles", f"id {scope} ORDER BY rowid", [])
        self._copy_facts("shard", scope, [])
        self.db.execute(f"UPDATE main.articles SET id = id WHERE id {scope}")
        self.pending, self.pending_keys = [], set()

    def _match(self, row: dict[str, Any]) -> tuple[str, str, str, str] | None:
        """The stored article this one is, by id, canonical URL or text: Store.save's order."""
        for column in ("id", "canonical_url", "text_sha256"):
            if row[column]:
                found = self.db.execute(f"SELECT id, text_sha256, extractor_version FROM main.articles "
                                        f"WHERE [{column}] = ?", [row[column]]).fetchone()
                if found:
                    return (*found, column)
        return None

    def _complete(self, article_id: str) -> bool:
        """Whether the stored article has its sentences (Store.save redoes one that has none)."""
        found = self.db.execute("SELECT 1 FROM main.sentences WHERE article_id = ? LIMIT 1", [article_id]).fetchone()
        return found is not None

    def _alias(self, url: str, article_id: str, reason: str, source: str) -> None:
        self.db.execute("INSERT INTO main.article_aliases (url, article_id, reason, source, seen_at) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, "
                        "reason = excluded.reason, source = excluded.source, seen_at = excluded.seen_at",
                        [url, article_id, reason, source, now_iso()])

    def article(self, row: dict[str, Any]) -> str:
        """Apply one shard article; returns 'new', 'updated', 'unchanged' or 'duplicate'."""
        from .judgements import reanchor_article

        keys = {(column, row[column]) for column in ("id", "canonical_url", "text_sha256") if row[column]}
        if keys & self.pending_keys:  # it is one of the new articles not written yet: write them first
            self.flush()
        match = self._match(row)
        status, target = "new", row["id"]
        if match is None:
            self.pending.append(row["id"])
            self.pending_keys |= keys
        else:
            target, sha, version, same = match
            if same != "id":
                self._alias(row["url"] or row["source"], target, f"same {same}", row["source"])
            if same != "id" and (same == "text_sha256" or sha == row["text_sha256"]):
                status = "duplicate"
            elif sha == row["text_sha256"] and version == row["extractor_version"] and self._complete(target):
                status = "unchanged"
            else:
                status = "updated"
                self._write("scratch" if row["id"] in self.extracted_again else "shard", target)
                if sha != row["text_sha256"]:
                    reanchor_article(self.db, target)
                self.db.execute("DELETE FROM main.near_duplicates WHERE article_id = ?", [target])
        self.target[row["id"]] = target
        self.outcome[status] += 1
        return status

    def aliases(self) -> None:
        """The shard's own aliases, pointing at the base article their shard article became."""
        cols = self.columns[("shard", "article_aliases")]
        for values in self.db.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM shard.article_aliases "
                                      "ORDER BY rowid").fetchall():
            alias = dict(zip(cols, values, strict=True))
            alias["article_id"] = self.target.get(alias["article_id"], alias["article_id"])
            updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != "url")
            self.db.execute(f"INSERT INTO main.article_aliases ({', '.join(f'[{c}]' for c in cols)}) "
                            f"VALUES ({', '.join('?' * len(cols))}) ON CONFLICT (url) DO UPDATE SET {updates}",
                            list(alias.values()))


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _reextracted_articles(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Shard articles that a serial run would have extracted differently, because of the base:

    a stored page under another URL with a new text, which Store.save moves onto the stored id
    (fact ids derive from it); and a changed page whose first-seen date (Store.first_seen, which
    dates without a year count from) is older in the base.  They are extracted again as a serial
    run would have extracted them, with target_id and first_seen."""
    return _rows(db, """
        SELECT s.*, m.id AS target_id, s.fetched_at AS first_seen, o.name AS outlet_name FROM shard.articles s
        JOIN main.articles m ON m.canonical_url = s.canonical_url AND m.id != s.id
        LEFT JOIN shard.outlets o ON o.id = s.outlet_id
        WHERE s.id NOT IN (SELECT id FROM main.articles) AND m.text_sha256 != s.text_sha256
        UNION ALL
        SELECT s.*, s.id AS target_id, m.fetched_at AS first_seen, o.name AS outlet_name FROM shard.articles s
        JOIN main.articles m ON m.id = s.id
        LEFT JOIN shard.outlets o ON o.id = s.outlet_id
        WHERE m.fetched_at IS NOT NULL AND m.fetched_at IS NOT s.fetched_at
          AND (m.text_sha256 != s.text_sha256 OR m.extractor_version IS NOT s.extractor_version)""")


def _extract_again(rows: list[dict[str, Any]], scratch: Path, backend: str) -> None:
    """Store each such article, extracted as a serial run would have, in a scratch base the merge copies from."""
    with Store(scratch) as store:
        for row in rows:
            article = Article(id=row["target_id"], source=row["source"], text=row["text"], url=row["url"],
                              canonical_url=row["canonical_url"], outlet=row["outlet_name"], title=row["title"],
                              published=row["published"], fetched_at=row["first_seen"], language=row["language"])
            store.save(_extractor(backend).extract_article(article))
        store.db.execute("PRAGMA journal_mode = DELETE")


def merge_shard(db: sqlite_utils.Database, shard: Path, name: str, input_name: str, run_id: int | None = None,
                backend: str = "spacy") -> dict[str, int] | None:
    """Apply one shard in one transaction; None when merged_shards says it is already in."""
    create_merged_shards(db)
    if db.execute("SELECT 1 FROM merged_shards WHERE name = ?", [name]).fetchone():
        return None
    db.conn.commit()
    again: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="warta-merge-") as tmp:
        db.execute("ATTACH DATABASE ? AS shard", [str(shard)])
        try:
            again = _reextracted_articles(db)
            if again:
                _extract_again(again, Path(tmp) / "scratch.db", backend)
                db.execute("ATTACH DATABASE ? AS scratch", [str(Path(tmp) / "scratch.db")])
            merge = _ShardMerge(db, {row["id"] for row in again})
            with transaction(db):
                db.execute("PRAGMA defer_foreign_keys = ON")
                for row in _rows(db, "SELECT id, url, source, canonical_url, text_sha256, extractor_version "
                                     "FROM shard.articles ORDER BY rowid"):
                    merge.article(row)
                merge.flush()
                merge.aliases()
                db["merged_shards"].insert({"name": name, "input": input_name, "merged_at": now_iso(),
                                            "run_id": run_id, **merge.outcome})
        finally:
            for schema in ("scratch", "shard"):
                if schema == "shard" or again:
                    db.execute(f"DETACH DATABASE {schema}")
    return merge.outcome


def group_near_duplicates(db: sqlite_utils.Database) -> int:
    """File every article without a signature under its near-duplicate group, across shards."""
    from .crawling.duplicates import NearDuplicates

    near = NearDuplicates(db)
    pending = db.execute("SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM near_duplicates) "
                         "ORDER BY rowid").fetchall()
    return sum(1 for article_id, text in pending if near.add(article_id, text))


# --- the whole run ---------------------------------------------------------------------------------

@dataclass
class BackfillSummary:
    """What a backfill did; `counts` is what the base holds afterwards."""

    run_id: int = 0
    inputs: int = 0
    already_done: int = 0
    extracted: int = 0  # articles stored into shards by this run's tasks
    task_seconds: float = 0.0  # the tasks' own time, summed over workers (no start-up, no merge)
    skipped: int = 0
    merged: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0})
    shards_merged: int = 0
    near_duplicates: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # input -> reason
    integrity_ok: bool | None = None
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def as_counts(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "already_done": self.already_done, "extracted": self.extracted,
                "skipped": self.skipped, "shards_merged": self.shards_merged, "near_duplicates": self.near_duplicates,
                **{f"merged_{k}": v for k, v in self.merged.items()}}


def require_dask() -> None:
    """Stop before any work, saying how to install it, when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise DaskMissing(NEEDS_DASK) from error


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if not log.isEnabledFor(logging.DEBUG):
        logging.getLogger("distributed").setLevel(logging.WARNING)  # its start-up lines are noise to a user
    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError) as error:
            raise SchedulerUnreachable(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


class Backfill(RunHooks):
    """A backfill as a run of the runner: the tasks and the merge happen once the run is recorded."""

    def __init__(self, tasks: list[ShardTask], scheduler: str | None = None, workers: int | None = None,
                 on_start: Callable[[int, int], None] = lambda total, done: None,
                 on_task: Callable[[BackfillSummary], None] = lambda summary: None) -> None:
        self.tasks, self.scheduler, self.workers = tasks, scheduler, workers
        self.on_start, self.on_task = on_start, on_task
        self.summary = BackfillSummary(inputs=len(tasks))
        self.settled: dict[str, dict[str, Any] | None] = {}  # task name -> done-marker (None: failed)
        self.next = 0  # index of the first task whose shard is not merged yet
        self.db: sqlite_utils.Database | None = None

    def started(self, run_id: int, store: Store) -> None:
        self.summary.run_id, self.db = run_id, store.db
        markers = {t.name: t.done() for t in self.tasks}
        self.summary.already_done = sum(1 for m in markers.values() if m)
        self.on_start(len(self.tasks), self.summary.already_done)
        for task in self.tasks:
            if markers[task.name]:
                self._settle(task, markers[task.name])
        pending = [t for t in self.tasks if not markers[t.name]]
        if pending:
            with _client(self.scheduler, self.workers) as client:
                self._run_tasks(client, pending)
        self.summary.near_duplicates = group_near_duplicates(store.db)

    def record(self, summary: RunSummary) -> dict[str, Any]:
        self.summary.integrity_ok = summary.integrity_ok
        code, message = verdict(self.summary)
        return {"status": "failed" if code else "ok", "message": message,
                "counts": json.dumps(self.summary.as_counts()),
                "errors": json.dumps(self.summary.failed, ensure_ascii=False)}

    def _run_tasks(self, client: Any, pending: list[ShardTask]) -> None:
        from distributed import as_completed

        by_key = {f"warta-backfill-{t.name}": t for t in pending}
        futures = client.map(run_task, pending, key=list(by_key), retries=TASK_RETRIES, pure=False)
        for future in as_completed(futures):
            task = by_key[future.key]
            try:
                marker = future.result()
            except Exception as error:  # the task failed on every try, or its workers kept dying
                reason = f"{type(error).__name__}: {error}"
                log.error("input %s failed: %s", task.input, reason)
                self.summary.failed[task.input] = reason
                marker = None
            else:
                self._task_done(marker)
            self._settle(task, marker)
            self.on_task(self.summary)

    def _task_done(self, marker: dict[str, Any]) -> None:
        self.summary.extracted += marker["articles"]
        self.summary.task_seconds += marker["seconds"]
        self.summary.skipped += marker["skipped"]
        for source, reason in marker["skips"]:
            log.warning("skipped %s: %s", source, reason)
        if marker["skipped"] > len(marker["skips"]):
            log.warning("skipped %d more records of %s", marker["skipped"] - len(marker["skips"]), marker["input"])

    def _settle(self, task: ShardTask, marker: dict[str, Any] | None) -> None:
        """Note a finished (or failed) task; merge every shard whose earlier inputs are all settled."""
        self.settled[task.name] = marker
        while self.next < len(self.tasks) and self.tasks[self.next].name in self.settled:
            ready = self.tasks[self.next]
            if self.settled[ready.name] is not None:
                self._merge(ready)
            self.next += 1

    def _merge(self, task: ShardTask) -> None:
        try:
            outcome = merge_shard(self.db, Path(task.shard), task.name, task.input, self.summary.run_id, task.backend)
        except (sqlite3.DatabaseError, MergeError) as error:  # an unreadable shard: extracted again next run
            log.error("shard of %s could not be merged: %s", task.input, error)
            self.summary.failed[task.input] = f"merge: {error}"
            Path(task.marker).unlink(missing_ok=True)
            return
        if outcome is not None:
            self.summary.shards_merged += 1
            for status, number in outcome.items():
                self.summary.merged[status] += number


def backfill(inputs: list[str], db_path: Path, *, work_dir: Path | None = None, scheduler: str | None = None,
             workers: int | None = None, hosts: tuple[str, ...] = (), backend: str = "spacy",
             on_start: Callable[[int, int], None] = lambda total, done: None,
             on_task: Callable[[BackfillSummary], None] = lambda summary: None) -> BackfillSummary:
    """Extract every input on the cluster and merge the shards into the base, as one recorded run.

    on_start(total, already done) and on_task(summary) report progress.  Raises DaskMissing without
    dask.distributed and runner.LockHeld when another run holds the base.
    """
    require_dask()
    work_dir = Path(work_dir or f"{db_path}.backfill").resolve()
    hooks = Backfill(plan_tasks(inputs, work_dir, hosts, backend), scheduler, workers, on_start, on_task)
    run = Runner(db_path, kind="backfill", backend=backend, sources=len(inputs), check_integrity=True).run([], hooks)
    hooks.summary.counts, hooks.summary.seconds = run.counts, run.seconds
    return hooks.summary


def verdict(summary: BackfillSummary) -> tuple[int, str]:
    """Exit code and its one-line reason: a run that stored nothing from new inputs is a failure."""
    if summary.integrity_ok is False:
        return 1, "database failed PRAGMA integrity_check"
    if summary.failed:
        return 1, f"{len(summary.failed)} of {summary.inputs} inputs failed: {', '.join(summary.failed)}"
    if summary.already_done == summary.inputs and not summary.shards_merged:
        return 0, f"ok: nothing to do, all {summary.inputs} inputs were backfilled before (run {summary.run_id})"
    if not summary.extracted and not any(summary.merged.values()):
        return 1, f"no article could be extracted from {summary.inputs} inputs ({summary.skipped} records skipped)"
    merged = " ".join(f"{k}={v}" for k, v in summary.merged.items())
    return 0, (f"ok: {summary.inputs} inputs, {summary.shards_merged} shards merged [{merged}], "
               f"{summary.skipped} records skipped (run {summary.run_id})")


class Progress:
    """Tasks done/total, articles/s and ETA: a rich bar on a terminal, a log line now and then otherwise."""

    def __init__(self, console: Any, every_seconds: float = 30.0) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("backfill"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                       TimeRemainingColumn(), console=console, disable=not console.is_terminal)
        self.terminal = console.is_terminal
        self.every = every_seconds
        self.started = self.logged = time.monotonic()
        self.total = self.done = self.first = 0
        self.bar_task: Any = None

    def start(self, total: int, done: int) -> None:
        self.total, self.done, self.first = total, done, done
        self.bar.start()
        self.bar_task = self.bar.add_task("backfill", total=total, completed=done, rate="")

    def task(self, summary: BackfillSummary) -> None:
        self.done += 1
        elapsed = time.monotonic() - self.started
        rate = summary.extracted / elapsed if elapsed else 0.0
        self.bar.update(self.bar_task, completed=self.done, rate=f"{rate:.1f} articles/s")
        if not self.terminal and (time.monotonic() - self.logged >= self.every or self.done == self.total):
            self.logged = time.monotonic()
            ran = self.done - self.first
            eta = elapsed / ran * (self.total - self.done) if ran else 0.0
            log.info("backfill: %d/%d tasks done, %d articles, %.1f articles/s, ETA %.0f s",
                     self.done, self.total, summary.extracted, rate, eta)

    def close(self) -> None:
        self.bar.stop()
