"""Storage: Extractions -> the SQLite knowledge base (`extracted.db`), via sqlite-utils.

The schema is versioned: MIGRATIONS is an append-only list, and `PRAGMA user_version` records how
many have run.  Machine facts of an article are replaced on re-extraction; ids are derived from
content, so running the same corpus twice gives the same rows and ids.  An article seen again under
another URL, or with text identical to a stored one, is recorded as an alias, not stored twice.

Every unit of work (an article with its sentences, mentions and facts; a migration; a re-anchoring;
a people-resolution pass) is one `transaction()`: BEGIN IMMEDIATE ... COMMIT, rolled back on any
error, so a process killed at any moment leaves the base as it was before or after the unit.  The
article row is written last, and an article row without sentences (left by older versions, which
committed statement by statement) is re-extracted rather than reported unchanged.

For the kill-and-resume tests, WARTA_KILL_AT_STATEMENT=N[:REGEX] makes the process SIGKILL itself
as the N-th SQL statement (matching REGEX) begins.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import sqlite_utils

from . import gazetteer, now_iso
from .database import fact_id, transaction
from .judgements import create_review_state, create_schema, reanchor_article, recreate_current_view
from .records import Document, Extraction
from .textextraction import text_sha256

log = logging.getLogger(__name__)

KILL_SWITCH_ENV = "WARTA_KILL_AT_STATEMENT"
NUMBER_TABLES = ["worker_counts", "budgets", "percentages"]
FACT_TABLES = ["officials", "worker_counts", "budgets", "percentages", "article_programs",
               "article_regions", "event_dates", "mentions", "sentences"]


def _provenance() -> dict[str, Any]:
    return {"article_id": str, "start": int, "end": int, "text": str, "sentence_id": str,
            "extractor_version": str}


def _fact_fks() -> list[tuple[str, str, str]]:
    return [("article_id", "articles", "id"), ("sentence_id", "sentences", "id")]


def _migration_1(db: sqlite_utils.Database) -> None:
    """The knowledge base: articles, reference tables, facts with provenance, mentions."""
    db["outlets"].create({"id": str, "name": str, "home_url": str}, pk="id")
    db["regions"].create(
        {"code": str, "name": str, "type": str, "parent_code": str, "latitude": float, "longitude": float},
        pk="code", foreign_keys=[("parent_code", "regions", "code")],
    )
    db["articles"].create(
        {"id": str, "url": str, "canonical_url": str, "outlet_id": str, "title": str, "published": str,
         "fetched_at": str, "source": str, "text": str, "text_sha256": str, "language": str,
         "extractor_version": str, "stored_at": str},
        pk="id", foreign_keys=[("outlet_id", "outlets", "id")],
    )
    db["articles"].create_index(["text_sha256"])
    db["articles"].create_index(["canonical_url"])
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")
    db["article_aliases"].create(
        {"url": str, "article_id": str, "reason": str, "source": str, "seen_at": str},
        pk="url", foreign_keys=[("article_id", "articles", "id")],
    )
    db["sentences"].create(
        {"id": str, "article_id": str, "idx": int, "start": int, "end": int, "text": str},
        pk="id", foreign_keys=[("article_id", "articles", "id")],
    )
    db["people"].create({"id": str, "name": str}, pk="id")
    db["programs"].create({"id": str, "name": str}, pk="id")
    db["officials"].create(
        {"id": str, "person_id": str, "name": str, "position": str, "organization": str,
         "region_code": str, **_provenance()},
        pk="id",
        foreign_keys=[*_fact_fks(), ("person_id", "people", "id"), ("region_code", "regions", "code")],
    )
    db["article_regions"].create(
        {"id": str, "region_code": str, **_provenance()},
        pk="id", foreign_keys=[*_fact_fks(), ("region_code", "regions", "code")],
    )
    db["worker_counts"].create(
        {"id": str, "value_workers": int, "status": str, "group_name": str, **_provenance()},
        pk="id", foreign_keys=_fact_fks(),
    )
    db["budgets"].create(
        {"id": str, "amount_idr": int, "kind": str, "funding_source": str, **_provenance()},
        pk="id", foreign_keys=_fact_fks(),
    )
    db["percentages"].create(
        {"id": str, "value_percent": float, "subject": str, **_provenance()},
        pk="id", foreign_keys=_fact_fks(),
    )
    db["article_programs"].create(
        {"id": str, "program_id": str, **_provenance()},
        pk="id", foreign_keys=[*_fact_fks(), ("program_id", "programs", "id")],
    )
    db["event_dates"].create(
        {"id": str, "date": str, **_provenance()}, pk="id", foreign_keys=_fact_fks(),
    )
    db["mentions"].create(
        {"id": str, "label": str, "model_source": str, **_provenance()},
        pk="id", foreign_keys=_fact_fks(),
    )
    for table in FACT_TABLES:
        db[table].create_index(["article_id"])


def _migration_2(db: sqlite_utils.Database) -> None:
    """The human layer: judgements, their audit trail and the *_current views (pipeline/judgements.py)."""
    create_schema(db)


def _migration_3(db: sqlite_utils.Database) -> None:
    """People resolved across articles (pipeline/people.py), sentence search, per-sentence regions."""
    for column, kind in [("position", str), ("organization", str), ("first_seen", str), ("last_seen", str),
                         ("article_count", int)]:
        db["people"].add_column(column, kind)
    db.execute("ALTER TABLE people ADD COLUMN region_code TEXT REFERENCES regions(code)")
    db["person_aliases"].create(
        {"id": str, "person_id": str, "alias": str, "name_key": str, "officials_count": int},
        pk="id", foreign_keys=[("person_id", "people", "id")],
    )
    db["person_candidates"].create(
        {"id": str, "person_id": str, "other_person_id": str, "score": float, "reason": str},
        pk="id", foreign_keys=[("person_id", "people", "id"), ("other_person_id", "people", "id")],
    )
    db["person_aliases"].create_index(["person_id"])
    db["officials"].create_index(["person_id"])
    db["article_regions"].create_index(["sentence_id"])
    db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")


def _migration_crawl(db: sqlite_utils.Database) -> None:
    """The crawler's memory (pipeline/crawling/): URL states, every fetch, unattended runs, and
    near-duplicate groups of syndicated copies."""
    db["frontier"].create(
        {"url": str, "source": str, "kind": str, "state": str, "found_on": str, "discovered_at": str,
         "lastmod": str, "published": str, "title": str, "etag": str, "last_modified": str,
         "content_sha256": str, "attempts": int, "last_status": int, "last_error": str, "fetched_at": str,
         "article_id": str},
        pk="url",
    )
    db["frontier"].create_index(["source", "kind", "state"])
    db["fetch_log"].create(
        {"id": int, "run_id": int, "url": str, "final_url": str, "status": int, "bytes": int, "seconds": float,
         "conditional": int, "error": str, "fetched_at": str},
        pk="id",
    )
    db["fetch_log"].create_index(["url"])
    db["fetch_log"].create_index(["run_id"])
    db["runs"].create(
        {"id": int, "kind": str, "started_at": str, "ended_at": str, "status": str, "pid": int, "sources": int,
         "counts": str, "errors": str, "message": str},
        pk="id",
    )
    db["near_duplicates"].create(
        {"article_id": str, "group_id": str, "similarity": float, "minhash": bytes},
        pk="article_id", foreign_keys=[("article_id", "articles", "id")],
    )
    db["near_duplicates"].create_index(["group_id"])


def _migration_people_current(db: sqlite_utils.Database) -> None:
    """The person of every current officials row, reviewers' added and edited ones included: they
    live in no table, so people resolution (pipeline/people.py) records them here."""
    db["person_sightings"].create(
        {"official_id": str, "person_id": str}, pk="official_id", foreign_keys=[("person_id", "people", "id")],
    )
    db["person_sightings"].create_index(["person_id"])
    recreate_current_view(db, "officials")


def _migration_number_regions(db: sqlite_utils.Database) -> None:
    """Worker counts, budgets and percentages carry the region they are about (ANNOTATION.md, 2026-11)."""
    for table in NUMBER_TABLES:
        db.execute(f"ALTER TABLE [{table}] ADD COLUMN region_code TEXT REFERENCES regions(code)")
        db.execute(f"CREATE INDEX [idx_{table}_region_code] ON [{table}] (region_code)")
        recreate_current_view(db, table)


def _migration_review_state(db: sqlite_utils.Database) -> None:
    """Annotators can undo a judgement and mark an article done (pipeline/judgements.py)."""
    create_review_state(db)


def _migration_child_key_indexes(db: sqlite_utils.Database) -> None:
    """Every foreign key a stored article's rows point at gets an index on the pointing side: the
    article's sentences and facts are written before its row, so each parent row written meanwhile
    (a sentence, a person) looks up its pending children, which without an index is a scan of the
    whole table per row (a save slowing down as the base grows)."""
    for table in FACT_TABLES:
        if table != "sentences":
            db.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_sentence_id] ON [{table}] (sentence_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_article_aliases_article_id ON article_aliases (article_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_person_candidates_other ON person_candidates (other_person_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_outlet_id ON articles (outlet_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_published ON articles (published)")  # researchers sort by it
    db.execute("CREATE INDEX IF NOT EXISTS idx_article_programs_program_id ON article_programs (program_id)")


def _migration_article_url_index(db: sqlite_utils.Database) -> None:
    """Articles looked up by the URL they were fetched from (the day each was first seen), per document."""
    db.execute("CREATE INDEX IF NOT EXISTS [idx_articles_url] ON [articles] (url)")


def _migration_deferred_article_keys(db: sqlite_utils.Database) -> None:
    """An article's sentences and facts point at its row, written after them (last, so that the
    researchers' layer refreshes on it): their key to `articles` is declared DEFERRABLE INITIALLY
    DEFERRED, checked at COMMIT.  Deferring it per article with `PRAGMA defer_foreign_keys` (as
    before) expires every prepared statement, so each save compiled the layer's triggers again
    (3 of its then 5 ms).  Only the constraint's text changes, nothing on disk: the procedure
    SQLite documents for such changes (writable_schema, schema_version one up, same transaction)."""
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        for table in FACT_TABLES:
            sql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone()[0]
            deferred = re.sub(r'(REFERENCES "?articles"?\("?id"?\))(?! DEFERRABLE)',
                              r"\1 DEFERRABLE INITIALLY DEFERRED", sql)
            db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", [deferred, table])
        db.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


def _migration_alias_index(db: sqlite_utils.Database) -> None:
    """People found by an alias as written: a new official named exactly as a known person joins them
    (pipeline/people.py) by one index lookup instead of a pass over their every sighting."""
    db.execute("CREATE INDEX IF NOT EXISTS [idx_person_aliases_alias] ON [person_aliases] (alias)")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_2, _migration_3,
                                                            _migration_crawl, _migration_people_current,
                                                            _migration_number_regions, _migration_review_state,
                                                            _migration_child_key_indexes, _migration_article_url_index,
                                                            _migration_deferred_article_keys, _migration_alias_index]


_statements_seen = itertools.count(1)


def _arm_kill_switch(db: sqlite_utils.Database) -> None:
    """SIGKILL this process as the N-th (matching) statement begins, when KILL_SWITCH_ENV asks."""
    spec = os.environ.get(KILL_SWITCH_ENV)
    if not spec:
        return
    number, _, pattern = spec.partition(":")
    matches = re.compile(pattern).search if pattern else lambda sql: True

    def trace(sql: str) -> None:
        if matches(sql) and next(_statements_seen) >= int(number):
            os.kill(os.getpid(), signal.SIGKILL)

    db.conn.set_trace_callback(trace)


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (and migrate) the knowledge base with foreign keys on and WAL journaling."""
    db = sqlite_utils.Database(path)
    _arm_kill_switch(db)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a killed process, much faster
    db.execute("PRAGMA busy_timeout = 30000")
    # An article's commit appends some 240 pages to the WAL (its random-hash ids land on a leaf of
    # every index); checkpointing every 1,000 pages (SQLite's default) copied the hot pages back
    # every 4 articles.  Every 10,000 (a WAL of up to ~40 MB): 1.9 -> 1.6 MB written and
    # ~10% less CPU per stored article.
    db.execute("PRAGMA wal_autocheckpoint = 10000")
    migrate(db)
    return db


def migrate(db: sqlite_utils.Database) -> int:
    """Run the migrations this database has not seen yet, each in its own transaction with its
    version number (so a kill leaves the base at the previous version); returns the schema version."""
    start = version = db.execute("PRAGMA user_version").fetchone()[0]
    while version < len(MIGRATIONS):  # an up-to-date base is only read, never locked
        with transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated it
            if version < len(MIGRATIONS):
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
                log.debug("database migrated to schema version %d", version)
    if start < len(MIGRATIONS):
        log.info("database schema %d -> %d", start, len(MIGRATIONS))
    return len(MIGRATIONS)


def _load_regions(db: sqlite_utils.Database) -> None:
    if db.execute("SELECT 1 FROM regions LIMIT 1").fetchone():
        return
    rows = [
        {"code": r.code, "name": r.name, "type": r.type, "parent_code": r.parent_code,
         "latitude": r.latitude, "longitude": r.longitude}
        for r in sorted(gazetteer.all_regions(), key=lambda r: (len(r.code), r.code))
    ]
    with transaction(db):
        if not db.execute("SELECT 1 FROM regions LIMIT 1").fetchone():
            _insert(db, "regions", rows)


class Store:
    """The knowledge base seen as a sink for extractions."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.db = connect(path)
        _load_regions(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _existing_article(self, extraction: Extraction, sha: str) -> dict[str, Any] | None:
        article = extraction.article
        by_id = self.db.execute("SELECT id, text_sha256, extractor_version FROM articles WHERE id = ?",
                                [article.id]).fetchone()
        if by_id:
            return {"id": by_id[0], "text_sha256": by_id[1], "extractor_version": by_id[2], "same": "id"}
        for column, value in (("canonical_url", article.canonical_url), ("text_sha256", sha)):
            if value:
                row = self.db.execute(f"SELECT id, text_sha256, extractor_version FROM articles WHERE {column} = ?",
                                      [value]).fetchone()
                if row:
                    return {"id": row[0], "text_sha256": row[1], "extractor_version": row[2], "same": column}
        return None

    def save(self, extraction: Extraction) -> str:
        """Store one extraction in one transaction; returns 'new', 'updated', 'unchanged' or 'duplicate'."""
        with transaction(self.db):
            return self._save(extraction)

    def _save(self, extraction: Extraction) -> str:
        sha = text_sha256(extraction.article.text)
        existing = self._existing_article(extraction, sha)
        if existing and existing["same"] != "id":
            self._record_alias(extraction, existing["id"], existing["same"])
            if existing["same"] == "text_sha256" or existing["text_sha256"] == sha:
                return "duplicate"
            extraction.article.id = existing["id"]  # same page, new text: update the stored article
        if (existing and existing["text_sha256"] == sha and existing["extractor_version"] == extraction.extractor_version
                and self._complete(existing["id"])):
            return "unchanged"
        self._write(extraction, sha)
        if existing and existing["text_sha256"] != sha:
            reanchor_article(self.db, extraction.article.id)
        return "updated" if existing else "new"

    def _complete(self, article_id: str) -> bool:
        """Whether the stored article has its sentences: bases written statement by statement by
        older versions may hold an article row whose facts never got written."""
        row = self.db.execute("SELECT 1 FROM sentences WHERE article_id = ? LIMIT 1", [article_id]).fetchone()
        return row is not None

    def _record_alias(self, extraction: Extraction, article_id: str, reason: str) -> None:
        url = extraction.article.url or extraction.article.source
        _insert(self.db, "article_aliases",
                [{"url": url, "article_id": article_id, "reason": f"same {reason}",
                  "source": extraction.article.source, "seen_at": now_iso()}],
                upsert_on="url")

    def _write(self, extraction: Extraction, sha: str) -> None:
        """Replace the article and all its machine facts, the article row last (caller holds the transaction)."""
        a, facts, version = extraction.article, extraction.facts, extraction.extractor_version
        for table in FACT_TABLES:
            self.db.execute(f"DELETE FROM [{table}] WHERE article_id = ?", [a.id])
        outlet_id = None
        if a.outlet:
            outlet_id = fact_id("outlet", a.outlet.casefold())
            _insert(self.db, "outlets", [{"id": outlet_id, "name": a.outlet}], verb="INSERT OR IGNORE")
        sentence_ids = [fact_id(a.id, "sentence", i) for i in range(len(extraction.sentences))]
        _insert(self.db, "sentences",
                [{"id": sid, "article_id": a.id, "idx": i, "start": s, "end": e, "text": a.text[s:e]}
                 for i, (sid, (s, e)) in enumerate(zip(sentence_ids, extraction.sentences))])

        def provenance(item: Any, kind: str, *key: Any) -> dict[str, Any]:
            index = _sentence_index(extraction.sentences, item.start)
            return {"id": fact_id(a.id, kind, item.start, item.end, *key), "article_id": a.id,
                    "start": item.start, "end": item.end, "text": item.text,
                    "sentence_id": sentence_ids[index] if index is not None else None,
                    "extractor_version": version}

        people, officials = [], []
        for o in facts.officials:
            person_id = fact_id("person", o.name.casefold())
            people.append({"id": person_id, "name": o.name})
            officials.append({**provenance(o, "official", o.name), "person_id": person_id, "name": o.name,
                              "position": o.position, "organization": o.organization,
                              "region_code": _region_code(o.region)})
        _insert(self.db, "people", people, verb="INSERT OR IGNORE")
        _insert(self.db, "officials", officials)
        _insert(self.db, "article_regions",
                [{**provenance(r, "region", r.code), "region_code": r.code} for r in facts.regions])
        _insert(self.db, "worker_counts",
                [{**provenance(w, "workers", w.value), "value_workers": w.value, "status": w.status,
                  "group_name": w.group, "region_code": _region_code(w.region)} for w in facts.worker_counts])
        _insert(self.db, "budgets",
                [{**provenance(b, "budget", b.amount_idr), "amount_idr": b.amount_idr, "kind": b.kind,
                  "funding_source": b.source, "region_code": _region_code(b.region)} for b in facts.budgets])
        _insert(self.db, "percentages",
                [{**provenance(p, "percent", p.value), "value_percent": p.value, "subject": p.subject,
                  "region_code": _region_code(p.region)} for p in facts.percentages])
        programs = [{"id": fact_id("program", p.name.casefold()), "name": p.name} for p in facts.programs]
        _insert(self.db, "programs", programs, verb="INSERT OR IGNORE")
        _insert(self.db, "article_programs",
                [{**provenance(p, "program", p.name), "program_id": row["id"]}
                 for p, row in zip(facts.programs, programs)])
        if facts.event_date:
            _insert(self.db, "event_dates",
                    [{**provenance(facts.event_date, "event_date", facts.event_date.date),
                      "date": facts.event_date.date}])
        _insert(self.db, "mentions",
                [{**provenance(m, "mention", m.label, m.source), "label": m.label, "model_source": m.source}
                 for m in extraction.mentions], verb="INSERT OR IGNORE")
        _insert(self.db, "articles",
                [{"id": a.id, "url": a.url, "canonical_url": a.canonical_url, "outlet_id": outlet_id,
                  "title": a.title, "published": a.published, "fetched_at": a.fetched_at, "source": a.source,
                  "text": a.text, "text_sha256": sha, "language": a.language, "extractor_version": version,
                  "stored_at": now_iso()}],
                upsert_on="id")

    def first_seen(self, document: Document) -> Document:
        """The document with the `fetched_at` of the article already stored under its id or URL:
        dates without a year count from the day an article was first seen, however often it is fetched."""
        row = self.db.execute("SELECT fetched_at FROM articles WHERE id = ?", [document.id]).fetchone()
        if row is None and document.url:
            row = self.db.execute("SELECT fetched_at FROM articles WHERE url = ? LIMIT 1", [document.url]).fetchone()
        if row and row[0] and row[0] != document.fetched_at:
            return replace(document, fetched_at=row[0])
        return document

    def stale_count(self, version: str, where: str | None = None) -> int:
        return self.db.execute(f"SELECT COUNT(*) FROM articles WHERE {_stale_filter(where)}", [version]).fetchone()[0]

    def stale_documents(self, version: str, where: str | None = None) -> Iterator[Document]:
        """Stored articles whose facts another extractor version made, matching the SQL condition
        `where` on `articles`, as Documents of their stored text and first-seen date."""
        ids = [row[0] for row in self.db.execute(
            f"SELECT id FROM articles WHERE {_stale_filter(where)} ORDER BY id", [version])]
        for article_id in ids:
            row = self.db.execute("SELECT a.id, a.source, a.url, o.name, a.title, a.published, a.fetched_at, a.text "
                                  "FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?",
                                  [article_id]).fetchone()
            if row:
                yield Document(id=row[0], source=row[1], url=row[2], outlet=row[3], title=row[4], published=row[5],
                               fetched_at=row[6], text=row[7])

    def counts(self) -> dict[str, int]:
        """Row counts of the article and fact tables, for run summaries."""
        return {t: self.db[t].count for t in ["articles", "officials", "article_regions", "worker_counts",
                                              "budgets", "article_programs", "percentages", "event_dates"]}

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _stale_filter(where: str | None) -> str:
    return f"extractor_version IS NOT ? AND ({where})" if where else "extractor_version IS NOT ?"


def _sentence_index(sentences: list[tuple[int, int]], offset: int) -> int | None:
    if offset < 0:
        return None
    for index, (start, end) in enumerate(sentences):
        if start <= offset < end:
            return index
    return None


def _region_code(name: str | None) -> str | None:
    if not name:
        return None
    region = gazetteer.region_by_name(name)
    return region.code if region else None


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]], verb: str = "INSERT",
            upsert_on: str | None = None) -> None:
    """Rows (all with the same keys) into a table by one executemany, without sqlite-utils'
    per-call schema introspection; `upsert_on` names the key whose conflict updates the row."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    if upsert_on:
        sql += f" ON CONFLICT([{upsert_on}]) DO UPDATE SET " + ", ".join(
            f"[{c}] = excluded.[{c}]" for c in columns if c != upsert_on)
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
