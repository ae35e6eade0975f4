"""Row counts and default facet counts of the big served pages, kept in step by the writer.

Datasette counts the rows of every table and view page and groups its default facets (metadata.yml)
on every request.  Over a base of 1M articles that is a pass over millions of rows per facet: the
`*_current` views took 1.4-3.0 s, all_facts 5.0 s, fact_places 3.1 s.  `layer_counts` holds, per
page of COUNTED, its number of rows (facet '') and its rows per value of each default facet,
kept in step by row triggers in the writer's own transaction:

- a page of a table's rows (the layer's tables, articles, sentences, person_sightings), or of the
  rows of one kind (program_places), or in another order (review_queue), is counted by triggers on
  that table: one more per row inserted, one less per row deleted, both on an update;
- a page of the facts as reviewers corrected them (the `*_current` views and all_facts) is counted
  by triggers on the machine fact tables (a row's current form, where it has one, less before the
  row is deleted and more after it is inserted) and on judgements (the article's current facts less
  before a judgement is made or changed, more after): the only writes that change those views'
  rows (a judgement is never deleted).

The project's Datasette plugin (plugins/warta_counts.py) answers the count and default facets of
an unfiltered page from this table; a filtered or searched page is counted live, as before.
`install` (from serving.install_views, after the layer) fills the table from the whole base when it
is missing, was filled by other definitions or lost a trigger (a table rebuilt drops its triggers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import sqlite_utils
import yaml

TABLE = "layer_counts"
TOTAL = ""  # the facet of a page's row count (its value is '' too)
UPSERT = " ON CONFLICT (name, facet, value) DO UPDATE SET rows = rows + excluded.rows"


@dataclass(frozen=True)
class Rows:
    """A page of the rows of `table` (those `where` holds, a condition on {row}); `columns` names
    the table's column of a facet named otherwise on the page."""

    table: str
    where: str = ""
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """A page of current facts: the rows of the `<table>_current` views of `tables` (those `where`
    holds, a condition on the view's row v, per table), a machine row of a table found on them by
    its article and id.  Its facets are columns of those views."""

    tables: tuple[str, ...]
    where: dict[str, str] = field(default_factory=dict)


def _fact_tables() -> tuple[str, ...]:
    from .judgements import FACT_FIELDS

    return tuple(FACT_FIELDS)


@lru_cache(maxsize=1)
def counted() -> dict[str, Rows | Facts]:
    """Served page -> what its rows are."""
    tables = _fact_tables()
    return {
        "fact_places": Rows("fact_places"),
        "program_places": Rows("fact_places", "{row}.kind = 'program'", {"program": "category"}),
        "coverage": Rows("coverage"),
        "budget_facts": Rows("budget_facts"),
        "budget_programs": Rows("budget_programs"),
        "official_positions": Rows("official_positions"),
        "article_context": Rows("article_context"),
        "review_queue": Rows("review_order"),
        "articles": Rows("articles"),
        "sentences": Rows("sentences"),
        "person_sightings": Rows("person_sightings"),
        # hidden tables, counted for the database page (and their own pages): the machine fact
        # tables (mentions aside: dozens a article), the review queue's and the queries' groups
        **{table: Rows(table) for table in tables if table != "mentions"},
        **{table: Rows(table) for table in ("review_order", "coverage_groups", "program_groups", "budget_groups")},
        **{f"{table}_current": Facts((table,)) for table in tables},
        # views.sql: every current fact but mentions, a region mention where its region is known
        "all_facts": Facts(tuple(t for t in tables if t != "mentions"),
                           {"article_regions": "v.region_code IN (SELECT code FROM regions)"}),
    }


@lru_cache(maxsize=1)
def _metadata_facets() -> dict[str, tuple[str, ...]]:
    text = resources.files("pipeline").joinpath("datasette", "metadata.yml").read_text(encoding="utf-8")
    tables = yaml.safe_load(text)["tables"]

    def column(facet: str | dict[str, str]) -> str:
        return facet if isinstance(facet, str) else next(iter(facet.values()))  # {region: region_code}

    return {name: tuple(column(f) for f in spec.get("facets", [])) for name, spec in tables.items()}


def facets(name: str) -> tuple[str, ...]:
    """The default facets (metadata.yml) of a counted page: the columns counted per value."""
    return _metadata_facets().get(name, ())


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _row_upsert(name: str, spec: Rows, row: str, sign: int, guarded: bool) -> str:
    """Count one row of `spec.table` (NEW or OLD) on the page `name`."""
    pairs = " UNION ALL ".join([f"SELECT '{TOTAL}' AS facet, '' AS value",
                                *(f"SELECT {_quote(f)}, {row}.[{spec.columns.get(f, f)}]" for f in facets(name))])
    where = "value IS NOT NULL"
    if guarded and spec.where:
        where += " AND " + spec.where.format(row=row)
    return (f"INSERT INTO {TABLE} (name, facet, value, rows) SELECT {_quote(name)}, facet, value, {sign} "
            f"FROM ({pairs}) WHERE {where}{UPSERT}")


def _view_counts(view: str, pages: dict[str, str], scope: str, sign: int = 1) -> str:
    """Count on each page of `pages` (name -> condition on v, or '') the rows of `view` that `scope`
    selects, reading them once."""
    names = sorted({f for name in pages for f in facets(name)})
    cases = "".join(f" WHEN c.facet = {_quote(f)} THEN v.[{f}]" for f in names)
    kinds = " UNION ALL ".join(f"SELECT {_quote(name)} AS name, {_quote(f)} AS facet"
                               for name in pages for f in [TOTAL, *facets(name)])
    skips = "".join(f" WHEN c.name = {_quote(name)} AND NOT ({where}) THEN NULL"
                    for name, where in pages.items() if where)
    return (f"INSERT INTO {TABLE} (name, facet, value, rows) SELECT name, facet, value, {sign} * COUNT(*) "
            f"FROM (SELECT c.name, c.facet, CASE{skips} WHEN c.facet = '{TOTAL}' THEN ''{cases} "
            f"END AS value FROM (SELECT * FROM [{view}] WHERE {scope}) v, ({kinds}) c) "
            f"WHERE value IS NOT NULL GROUP BY name, facet, value{UPSERT}")


def triggers() -> dict[str, str]:
    """Trigger name -> its CREATE TRIGGER statement."""
    made: dict[str, str] = {}

    def add(name: str, when: str, body: str) -> None:
        if name in made:
            raise ValueError(f"two triggers named {name}")
        made[name] = f"CREATE TRIGGER [{name}] {when} BEGIN {body}END"

    pages = counted()
    for name, spec in pages.items():
        if not isinstance(spec, Rows):
            continue
        when_new = f" WHEN {spec.where.format(row='NEW')}" if spec.where else ""
        when_old = f" WHEN {spec.where.format(row='OLD')}" if spec.where else ""
        watched = sorted({spec.columns.get(f, f) for f in facets(name)}
                         | ({"kind"} if spec.where else set()))  # the columns a row's counts depend on
        add(f"counts_{name}_inserted", f"AFTER INSERT ON [{spec.table}]{when_new}",
            _row_upsert(name, spec, "NEW", 1, False) + "; ")
        add(f"counts_{name}_deleted", f"AFTER DELETE ON [{spec.table}]{when_old}",
            _row_upsert(name, spec, "OLD", -1, False) + "; ")
        if watched:
            add(f"counts_{name}_updated", f"AFTER UPDATE OF {', '.join(f'[{c}]' for c in watched)} ON [{spec.table}]",
                f"{_row_upsert(name, spec, 'OLD', -1, True)}; {_row_upsert(name, spec, 'NEW', 1, True)}; ")
    facts = {name: spec for name, spec in pages.items() if isinstance(spec, Facts)}

    def on(table: str) -> dict[str, str]:  # the pages of a table's current rows, by their condition
        return {name: spec.where.get(table, "") for name, spec in facts.items() if table in spec.tables}

    from .judgements import FACT_FIELDS

    for table in _fact_tables():
        def one(row: str, sign: int, table: str = table) -> str:
            return _view_counts(f"{table}_current", on(table), f"article_id = {row}.article_id AND id = {row}.id",
                                sign) + "; "

        # what a row's current form depends on: its span (judgements overlap it) and its values (not
        # the person people resolution sets: no page counts by it)
        spans = ", ".join(f"[{c}]" for c in ["article_id", "start", "end", *(f.column for f in FACT_FIELDS[table])])
        add(f"counts_current_{table}_deleting", f"BEFORE DELETE ON [{table}]", one("OLD", -1))
        add(f"counts_current_{table}_inserted", f"AFTER INSERT ON [{table}]", one("NEW", 1))
        add(f"counts_current_{table}_updating", f"BEFORE UPDATE OF {spans} ON [{table}]", one("OLD", -1))
        add(f"counts_current_{table}_updated", f"AFTER UPDATE OF {spans} ON [{table}]", one("NEW", 1))

    def article(row: str, sign: int, other: str = "") -> str:
        scope = f"article_id = {row}.article_id" + (f" AND {row}.article_id IS NOT {other}.article_id" if other else "")
        return "".join(f"{_view_counts(f'{table}_current', on(table), scope, sign)}; " for table in _fact_tables())

    # a judgement made or changed: its article's current facts counted again (twice where it moved)
    add("counts_judgement_inserting", "BEFORE INSERT ON judgements", article("NEW", -1))
    add("counts_judgement_inserted", "AFTER INSERT ON judgements", article("NEW", 1))
    add("counts_judgement_updating", "BEFORE UPDATE ON judgements", article("OLD", -1) + article("NEW", -1, "OLD"))
    add("counts_judgement_updated", "AFTER UPDATE ON judgements", article("OLD", 1) + article("NEW", 1, "OLD"))
    return made


def _fills() -> list[str]:
    """Statements counting every page from the whole base: a table's facets one by one (each from
    its index where it has one), a view's in one pass over it."""
    statements = []
    for name, spec in counted().items():
        if isinstance(spec, Facts):
            statements.append(_view_counts(name, {name: ""}, "true").replace(UPSERT, ""))
            continue
        where = spec.where.format(row="t") if spec.where else "true"
        statements.append(f"INSERT INTO {TABLE} SELECT {_quote(name)}, '{TOTAL}', '', COUNT(*) "
                          f"FROM [{spec.table}] t WHERE {where}")
        for facet in facets(name):
            column = spec.columns.get(facet, facet)
            statements.append(f"INSERT INTO {TABLE} SELECT {_quote(name)}, {_quote(facet)}, t.[{column}], COUNT(*) "
                              f"FROM [{spec.table}] t WHERE {where} AND t.[{column}] IS NOT NULL GROUP BY t.[{column}]")
    return statements


@lru_cache(maxsize=1)
def stamp() -> str:
    """A digest of what the counts depend on: these definitions, the views they count and the layer's."""
    from . import layer
    from .judgements import current_view_sql

    parts = [triggers(), _fills(), layer.stamp(), [current_view_sql(t) for t in _fact_tables()]]
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _create_sql() -> str:
    return (f"CREATE TABLE {TABLE} ( -- counted pages {stamp()}\n"
            "name TEXT, facet TEXT, value, rows INTEGER, PRIMARY KEY (name, facet, value))")


def current(db: sqlite_utils.Database) -> bool:
    """Whether the counts are there, by these definitions, with every trigger keeping them."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]).fetchone()
    if not row or row[0] != _create_sql():
        return False
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return set(triggers()) <= present


def install(db: sqlite_utils.Database) -> bool:
    """Create the counts and their triggers and fill them from the whole base unless they are
    current (the caller holds the transaction, the views and the layer installed); True when filled."""
    if current(db):
        return False
    db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    db.execute(_create_sql())
    for name in triggers():
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
    for statement in _fills():
        db.execute(statement)
    for sql in triggers().values():
        db.execute(sql)
    return True


def live(db: sqlite_utils.Database, name: str) -> list[tuple]:
    """The page's counts as a live count and GROUP BY would give them (for tests and checks):
    (facet, value, rows), sorted."""
    total = db.execute(f"SELECT COUNT(*) FROM [{name}]").fetchone()[0]
    rows = [(TOTAL, "", total)] if total else []
    for facet in facets(name):
        rows += [(facet, value, n) for value, n in db.execute(
            f"SELECT [{facet}], COUNT(*) FROM [{name}] WHERE [{facet}] IS NOT NULL GROUP BY [{facet}]")]
    return sorted(rows, key=repr)


def stored(db: sqlite_utils.Database, name: str) -> list[tuple]:
    """The page's counts as layer_counts holds them: (facet, value, rows) of rows > 0, sorted."""
    return sorted(db.execute(f"SELECT facet, value, rows FROM {TABLE} WHERE name = ? AND rows > 0", [name]).fetchall(),
                  key=repr)
