"""The researchers' layer, materialized: article_context, fact_places, coverage, budget_programs, budget_facts,
official_positions and review_order (the review queue) as indexed tables, kept in step with the facts
one article at a time.

As views they were a UNION ALL of every `*_current` view with correlated judgement subqueries and
window functions, recomputed on every request; no filter reached below them, so at 20k articles
the map took seconds and at 1M every stored query ran past Datasette's time limit.  As tables they
hold the same rows, computed by the same definitions (the views of views.sql and the `*_current`
views of pipeline/judgements.py: human edit > reject > machine), narrowed to the articles that
changed, by triggers in the writer's own transaction:

- an article row written (storage writes it last, after its facts) refreshes that article;
- a judgement made, changed, withdrawn or re-anchored refreshes the article it judges;
- people resolution's writes (person_sightings, people's names) move official_positions along;
- serving.install_views creates tables and triggers and fills them from the whole base when they
  are missing or were filled by another definition: the definitions' digest is kept in each
  table's CREATE statement, so a base made before, or by other definitions, is rebuilt once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import sqlite_utils

CHUNK = 2000  # articles per statement when the whole base is filled
# Indexes the fill itself reads by (a table filled from another reads it by article or budget);
# the others are made after it.
FILL_KEYS = ("article_id", "budget_id")

_PLACE = "outlet TEXT, date TEXT, year TEXT, province TEXT, region TEXT"

# Which programs a budget is for: those named in its sentence, else those named in its article.
# The rows of the table budget_programs; {inner} narrows the current facts it reads to the articles
# being refreshed (SQLite pushes such a term into the UNION ALL of a *_current view, not a join
# condition).
BUDGET_PROGRAMS = """SELECT DISTINCT b.id AS budget_id, ap.program, b.article_id
FROM budgets_current b
JOIN article_programs_current ap ON ap.article_id = b.article_id
WHERE ap.program IS NOT NULL AND b.article_id {inner} AND ap.article_id {inner}
  AND (ap.sentence_id = b.sentence_id
       OR NOT EXISTS (SELECT 1 FROM article_programs_current x
                      WHERE x.article_id = b.article_id AND x.article_id {inner} AND x.sentence_id = b.sentence_id))"""

def _queue_facts() -> str:
    """Each current fact (mentions aside) with whether it is uncertain (an empty or 'other' text or
    region value), as the review queue of pipeline/judgements.py counts them; {scope} narrows each."""
    from .judgements import FACT_FIELDS

    def uncertain(table: str) -> str:
        columns = [f.column for f in FACT_FIELDS[table] if f.kind in ("text", "region")]
        return ("CASE WHEN " + " OR ".join(f"[{c}] IS NULL OR [{c}] = 'other'" for c in columns) + " THEN 1 ELSE 0 END"
                if columns else "0")

    return "\n    UNION ALL ".join(f"SELECT article_id, review, {uncertain(t)} AS uncertain FROM [{t}_current] "
                                 "WHERE article_id {scope}" for t in FACT_FIELDS if t != "mentions")


# The review queue (pipeline/judgements.py's view, recomputed for every article on every request:
# 10 s at 100k) served from this table in the queue's order by its index; install() points the
# review_queue view at it.
REVIEW_QUEUE_ORDER = "reviewed_share, judgements, uncertain_facts DESC, facts DESC, article_id"
REVIEW_QUEUE = f"""SELECT article_id, title, published, facts, reviewed_facts, uncertain_facts, judgements, orphaned,
       last_judged FROM review_order ORDER BY {REVIEW_QUEUE_ORDER}"""

# name -> (columns, indexed columns, SELECT of its rows for the articles whose id is {scope};
# {inner} repeats that condition inside subqueries of *_current views)
TABLES: dict[str, tuple[str, list[str], str]] = {
    "article_context": (
        "article_id TEXT PRIMARY KEY, title TEXT, outlet TEXT, published TEXT, date TEXT, year TEXT, region_code TEXT",
        ["date", "year", "outlet", "region_code"],
        """
SELECT article_id, title, outlet, published, date, substr(date, 1, 4) AS year, region_code FROM (
    SELECT a.id AS article_id, a.title, o.name AS outlet, a.published,
           COALESCE((SELECT e.date FROM event_dates_current e WHERE e.article_id = a.id AND e.article_id {inner}
                     ORDER BY e.origin = 'machine', e.start LIMIT 1), a.published) AS date,
           (SELECT ar.region_code FROM article_regions_current ar JOIN regions r ON r.code = ar.region_code
            WHERE ar.article_id = a.id AND ar.article_id {inner}
            ORDER BY r.parent_code IS NULL, ar.start LIMIT 1) AS region_code
    FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
    WHERE a.id {scope})"""),
    "fact_places": (
        "kind TEXT, fact_id TEXT, article_id TEXT, title TEXT, outlet TEXT, date TEXT, year TEXT, region_code TEXT, "
        "region TEXT, province TEXT, latitude REAL, longitude REAL, value_workers INTEGER, amount_idr INTEGER, "
        "value_percent REAL, category TEXT, detail TEXT, text TEXT, sentence TEXT, review TEXT",
        # a filter of the map in its order (date): fact_places.json?province=… read 1000 rows by index
        # instead of sorting the province's every fact (35k at 100k: 145 ms)
        ["article_id", "fact_id", "kind, date", "date", "year, date", "province, date", "region, date", "outlet, date",
         "region_code",
         "region, year, kind, province, category, article_id, date",  # program_groups counted from the index
         "review"],
        # a worker count, budget or percentage stands on its own region only (none: national); other
        # facts on their own, else their sentence's first regency/city (then province), else the article's;
        # its province is region_places' (views.sql), written out here with the regions table: as a
        # LEFT JOIN of that view SQLite scanned all its rows per fact (layer refresh 0.5 -> 4.3 ms/article)
        """
SELECT f.kind, f.fact_id, f.article_id, c.title, c.outlet, c.date, c.year,
       place.code AS region_code, place.name AS region, COALESCE(parent.name, place.name) AS province,
       place.latitude, place.longitude,
       f.value_workers, f.amount_idr, f.value_percent, f.category, f.detail, f.text, s.text AS sentence, f.review
FROM all_facts f
JOIN article_context c ON c.article_id = f.article_id
LEFT JOIN sentences s ON s.id = f.sentence_id
LEFT JOIN regions place ON place.code = CASE WHEN f.kind IN ('worker_count', 'budget', 'percentage')
    THEN f.region_code ELSE COALESCE(
    f.region_code,
    (SELECT ar.region_code FROM article_regions_current ar JOIN regions r ON r.code = ar.region_code
     WHERE ar.sentence_id = f.sentence_id AND ar.article_id {inner} ORDER BY r.parent_code IS NULL, ar.start LIMIT 1),
    c.region_code) END
LEFT JOIN regions parent ON parent.code = place.parent_code
WHERE f.article_id {scope}"""),
    "coverage": (
        f"kind TEXT, fact_id TEXT, article_id TEXT, title TEXT, {_PLACE}, measure TEXT, group_name TEXT, "
        "value_workers INTEGER, value_percent REAL, text TEXT, sentence TEXT, review TEXT",
        ["article_id", "fact_id", "date", "year", "province", "region", "outlet", "kind, date", "measure",
         # a group of coverage_groups counted again from the index alone
         "region, year, province, kind, measure, value_workers, value_percent, article_id"],
        """
SELECT kind, fact_id, article_id, title, outlet, date, year, province, region,
       category AS measure, detail AS group_name, value_workers, value_percent, text, sentence, review
FROM fact_places WHERE +kind IN ('worker_count', 'percentage')
  AND article_id {scope}"""),
    "budget_programs": (
        "budget_id TEXT, program TEXT, article_id TEXT",
        ["article_id", "budget_id", "program"],
        "{BUDGET_PROGRAMS}"),
    "budget_facts": (
        f"fact_id TEXT, article_id TEXT, title TEXT, {_PLACE}, amount_idr INTEGER, kind TEXT, "
        "funding_source TEXT, programs TEXT, text TEXT, sentence TEXT, review TEXT",
        ["article_id", "fact_id", "date", "year", "province", "region", "outlet", "kind",
         # a group of budget_groups counted again from the index alone
         "region, year, province, programs, kind, funding_source, amount_idr, article_id"],
        # each budget once, with the programs of its sentence, else those of its article
        """
SELECT f.fact_id, f.article_id, f.title, f.outlet, f.date, f.year, f.province, f.region,
       f.amount_idr, f.category AS kind, f.detail AS funding_source,
       (SELECT group_concat(program, '; ') FROM (SELECT DISTINCT program FROM budget_programs bp
                                                 WHERE bp.budget_id = f.fact_id ORDER BY program)) AS programs,
       f.text, f.sentence, f.review
FROM fact_places f
WHERE +f.kind = 'budget' AND f.article_id {scope}"""),
    "official_positions": (
        "fact_id TEXT, person_id TEXT, person TEXT, name_as_written TEXT, position TEXT, organization TEXT, "
        "province TEXT, region TEXT, date TEXT, year TEXT, article_id TEXT, title TEXT, outlet TEXT, sentence TEXT, "
        "review TEXT",
        # (person, date): officials_of_region and person_timeline read in that order, no sort of every official
        ["article_id", "fact_id", "person_id", "date", "year", "province", "region", "organization", "person, date",
         "person_id, date"],
        # the person as resolved: triggers below follow person_sightings and people
        """
SELECT f.fact_id, o.person_id, p.name AS person, o.name AS name_as_written, o.position, o.organization,
       f.province, f.region, f.date, f.year, f.article_id, f.title, f.outlet, f.sentence, f.review
FROM fact_places f
JOIN officials_current o ON o.id = f.fact_id AND o.article_id = f.article_id
LEFT JOIN people p ON p.id = o.person_id
WHERE +f.kind = 'official' AND f.article_id {scope} AND o.article_id {scope}"""),
    "review_order": (
        "article_id TEXT PRIMARY KEY, title TEXT, published TEXT, facts INTEGER, reviewed_facts INTEGER, "
        "uncertain_facts INTEGER, judgements INTEGER, orphaned INTEGER, last_judged TEXT, reviewed_share REAL",
        [REVIEW_QUEUE_ORDER],
        """
SELECT article_id, title, published, facts, reviewed_facts, uncertain_facts, judgements, orphaned, last_judged,
       CAST(reviewed_facts AS REAL) / MAX(facts, 1) AS reviewed_share FROM (
    SELECT a.id AS article_id, a.title, a.published, COALESCE(f.facts, 0) AS facts,
           COALESCE(f.reviewed_facts, 0) AS reviewed_facts, COALESCE(f.uncertain_facts, 0) AS uncertain_facts,
           (SELECT COUNT(*) FROM judgements j WHERE j.article_id = a.id) AS judgements,
           (SELECT COUNT(*) FROM judgements j WHERE j.article_id = a.id AND j.anchor_status = 'orphaned') AS orphaned,
           (SELECT MAX(j.changed_at) FROM judgements j WHERE j.article_id = a.id) AS last_judged
    FROM articles a
    LEFT JOIN (SELECT article_id, COUNT(*) AS facts,
                      SUM(CASE WHEN review != 'unreviewed' THEN 1 ELSE 0 END) AS reviewed_facts,
                      SUM(CASE WHEN uncertain AND review = 'unreviewed' THEN 1 ELSE 0 END) AS uncertain_facts
               FROM ({QUEUE_FACTS}) GROUP BY article_id) f ON f.article_id = a.id
    WHERE a.id {scope})"""),
}

# Groups the GROUP BY stored queries read (queries.yml), counted once instead of on every request
# (coverage_by_region grouped every coverage row: 1 s at 100k, past the time limit at 1M):
# name -> (the layer's rows it groups, group columns, columns and what each computes per group).
# Kept in step by counting again the groups an article's rows leave or join.  An article's facts
# share its date, so its year: per-year counts of distinct articles add up over years.
GROUPS: dict[str, tuple[str, list[str], list[str]]] = {
    "coverage_groups": ("coverage", ["province", "region", "year"], [
        *(f"MAX(CASE WHEN kind = 'worker_count' AND measure = '{status}' THEN value_workers END) AS {status}_workers"
          for status in ("protected", "unprotected", "target", "total")),
        "MAX(CASE WHEN kind = 'percentage' AND measure LIKE '%coverage' THEN value_percent END)"
        " AS coverage_percent_stated",
        "COUNT(DISTINCT article_id) AS articles"]),
    # program_places' rows (views.sql), kind not by its index: an article's are found by article_id
    "program_groups": ("(SELECT province, region, category AS program, year, article_id, date FROM fact_places "
                       "WHERE +kind = 'program')", ["province", "region", "program", "year"], [
        "COUNT(DISTINCT article_id) AS articles", "MIN(date) AS first_date", "MAX(date) AS last_date"]),
    # budgets_by_region_program_year's groups (3.5 s at 1M grouped on each request)
    "budget_groups": ("budget_facts", ["province", "region", "year", "programs", "kind", "funding_source"], [
        "COUNT(*) AS budgets", "SUM(amount_idr) AS total_amount_idr", "MAX(amount_idr) AS largest_amount_idr",
        "COUNT(DISTINCT article_id) AS articles"]),
}


# The stored queries' orders, read from an index: a query's page fetches its first thousand rows, not all
# groups sorted (budget_groups: 21k groups at 100k, all sorted 97 ms, read in order 44 ms).
GROUP_INDEXES = {"coverage_groups": ["province, region, year"],
                 "budget_groups": ["province, region, year, total_amount_idr DESC"]}


def _group_columns(name: str) -> str:
    _, keys, computed = GROUPS[name]
    return ", ".join(["group_key TEXT PRIMARY KEY", *keys, *(c.rsplit(" AS ", 1)[1] for c in computed)])


def _group_key(keys: list[str], prefix: str = "") -> str:
    return "json_array(" + ", ".join(f"{prefix}[{k}]" for k in keys) + ")"


def _regroup(name: str, scope: str) -> tuple[str, list[str]]:
    """The statement marking the groups of the articles `scope` (run before and after their rows
    change), and those counting the marked groups again."""
    source, keys, computed = GROUPS[name]
    marked = f"SELECT group_key FROM layer_regroup WHERE name = '{name}'"
    # not INSERT OR IGNORE: in a trigger the writing statement's conflict clause (an upsert) overrides it
    mark = (f"INSERT INTO layer_regroup (name, group_key) SELECT DISTINCT '{name}', group_key FROM "
            f"(SELECT {_group_key(keys)} AS group_key FROM {source} WHERE article_id {scope}) "
            f"WHERE group_key NOT IN ({marked})")
    matches = " AND ".join(f"s.[{k}] IS json_extract(g.group_key, '$[{i}]')" for i, k in enumerate(keys))
    return mark, [f"DELETE FROM [{name}] WHERE group_key IN ({marked})",
                  f"INSERT INTO [{name}] SELECT {_group_key(keys, 's.')}, {', '.join(f's.[{k}]' for k in keys)}, "
                  f"{', '.join(computed)} FROM ({marked}) g JOIN {source} s ON {matches} GROUP BY g.group_key",
                  f"DELETE FROM layer_regroup WHERE name = '{name}'"]


# Every write that can change an article's current facts: its row (written last, after its facts)
# and a judgement (made, withdrawn, re-anchored); each refreshes that article's rows.
TRIGGERS = {
    "layer_article_inserted": ("INSERT", "articles", "NEW.id"),
    "layer_article_updated": ("UPDATE", "articles", "NEW.id"),
    "layer_judgement_inserted": ("INSERT", "judgements", "NEW.article_id"),
    "layer_judgement_updated": ("UPDATE", "judgements", "NEW.article_id"),
}


# People resolution moves an official to another person, or renames a person: the positions follow.
PERSON_TRIGGERS = {
    "layer_sighting_inserted": "AFTER INSERT ON person_sightings BEGIN UPDATE official_positions "
                               "SET person_id = NEW.person_id, person = (SELECT name FROM people WHERE id = NEW.person_id) "
                               "WHERE fact_id = NEW.official_id; END",
    "layer_sighting_updated": "AFTER UPDATE ON person_sightings BEGIN UPDATE official_positions "
                              "SET person_id = NEW.person_id, person = (SELECT name FROM people WHERE id = NEW.person_id) "
                              "WHERE fact_id = NEW.official_id; END",
    "layer_person_renamed": "AFTER UPDATE OF name ON people BEGIN UPDATE official_positions SET person = NEW.name "
                            "WHERE person_id = NEW.id; END",
}


@lru_cache(maxsize=1)
def stamp() -> str:
    """A digest of what the rows depend on: these definitions and the views of views.sql they read."""
    views = resources.files("pipeline").joinpath("datasette", "views.sql").read_text(encoding="utf-8")
    definitions = [TABLES, GROUPS, GROUP_INDEXES, BUDGET_PROGRAMS, TRIGGERS, PERSON_TRIGGERS, views, _queue_facts(),
                   REVIEW_QUEUE]
    return hashlib.sha256(json.dumps(definitions).encode("utf-8")).hexdigest()[:16]


REGROUP = "layer_regroup"  # the groups of GROUPS an article's refresh marked, to count again


def _columns(name: str) -> str:
    if name == REGROUP:
        return "name TEXT, group_key TEXT, PRIMARY KEY (name, group_key)"
    return TABLES[name][0] if name in TABLES else _group_columns(name)


def _create_sql(name: str, stamp: str) -> str:
    return f"CREATE TABLE [{name}] ( -- materialized researchers' layer {stamp}\n{_columns(name)})"


def _names() -> list[str]:
    return [*TABLES, *GROUPS, REGROUP]


def _installed(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("SELECT type, sql FROM sqlite_master WHERE name = ?", [name]).fetchone()
    if not row or row[0] != "table":
        return None
    return row[1]


def current(db: sqlite_utils.Database) -> bool:
    """Whether every table of the layer is there, filled by the definitions of this code."""
    return all(_installed(db, name) == _create_sql(name, stamp()) for name in _names())


def _index_name(table: str, columns: str) -> str:
    return f"idx_{table}_" + "_".join(c.split()[0] for c in columns.split(","))  # "facts DESC": facts


def install(db: sqlite_utils.Database) -> bool:
    """Create the tables and their triggers and fill them from the whole base, unless they are
    current (the caller holds the transaction and has installed the views they read); True when
    they were rebuilt."""
    if current(db):
        _serve_review_queue(db)  # a migration of pipeline/judgements.py may have put its live view back
        return False
    for name in _names():
        kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
        if kind:
            db.execute(f"DROP {kind[0].upper()} [{name}]")  # a view of older versions, or an older table
        db.execute(_create_sql(name, stamp()))
    _create_indexes(db, lambda columns: columns in FILL_KEYS)
    for trigger, (event, table, article) in TRIGGERS.items():
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
        db.execute(f"CREATE TRIGGER [{trigger}] AFTER {event} ON [{table}] BEGIN\n"
                   + "".join(f"{statement};\n" for statement in _refresh(f"= {article}", f"= {article}")) + "END")
    _serve_review_queue(db)
    for trigger, body in PERSON_TRIGGERS.items():
        db.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
        db.execute(f"CREATE TRIGGER [{trigger}] {body}")
    _fill(db)
    _create_indexes(db, lambda columns: columns not in FILL_KEYS)
    for name, (source, keys, computed) in GROUPS.items():
        db.execute(f"INSERT INTO [{name}] SELECT {_group_key(keys)}, {', '.join(keys)}, {', '.join(computed)} "
                   f"FROM {source} GROUP BY {', '.join(keys)}")
    for name, indexes in GROUP_INDEXES.items():
        for columns in indexes:
            db.execute(f"CREATE INDEX [{_index_name(name, columns)}] ON [{name}] ({columns})")
    return True


def _create_indexes(db: sqlite_utils.Database, which: Callable[[str], bool]) -> None:
    for name, (_, indexes, _) in TABLES.items():
        for columns in filter(which, indexes):
            db.execute(f"CREATE INDEX [{_index_name(name, columns)}] ON [{name}] ({columns})")


def _fill(db: sqlite_utils.Database) -> None:
    """Fill the empty tables from the whole base, CHUNK articles at a time by a range of ids: a
    plain comparison reaches into the UNION ALL of every *_current view (an IN of a subquery did
    not, so each chunk read every fact of the base); the other indexes are made once, after."""
    ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id")]
    inserts = _inserts("BETWEEN :first AND :last", "BETWEEN :first AND :last")
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for statement in inserts:
            db.conn.execute(statement, {"first": chunk[0], "last": chunk[-1]})


def _serve_review_queue(db: sqlite_utils.Database) -> None:
    """The review_queue view reading review_order (in its order, by its index)."""
    sql = f"CREATE VIEW review_queue AS {REVIEW_QUEUE}"
    if _installed_view(db, "review_queue") != sql:
        db.execute("DROP VIEW IF EXISTS review_queue")
        db.execute(sql)


def _installed_view(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]).fetchone()
    return row[0] if row else None


def _refresh(scope: str, inner: str) -> list[str]:
    """Statements replacing the rows of the articles whose id is `scope`, table after table (each
    reads the ones before); `inner`: the same condition, or none where the views are better read whole."""
    regroups = [_regroup(name, scope) for name in GROUPS]
    marks = [mark for mark, _ in regroups]  # the groups the articles leave, then those they join
    deletes = [f"DELETE FROM [{name}] WHERE article_id {scope}" for name in TABLES]
    counts = [statement for _, statements in regroups for statement in statements]
    return marks + deletes + _inserts(scope, inner) + marks + counts


def _inserts(scope: str, inner: str) -> list[str]:
    return [f"INSERT INTO [{name}] {_select(select, scope, inner).strip()}" for name, (_, _, select) in TABLES.items()]


def _select(template: str, scope: str, inner: str) -> str:
    programs = BUDGET_PROGRAMS.format(inner=scope)
    return template.format(scope=scope, inner=inner, BUDGET_PROGRAMS=programs,
                           QUEUE_FACTS=_queue_facts().format(scope=scope) if "{QUEUE_FACTS}" in template else "")
