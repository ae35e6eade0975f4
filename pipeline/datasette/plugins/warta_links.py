"""Datasette plugin: id cells link to the row they name, labelled by its name or text.

Datasette 0.65 labels foreign keys on table pages only: a fact's row page would show a bare
article id and sentence id, and views and canned queries (which have no foreign keys) bare ids
everywhere.  Provenance is the point of the base, so every fact must lead back to its article and
show its sentence: this plugin links those cells, labelled by name: an article by its title (an
untitled one by outlet, date and first words, pipeline/labels.py), a region or person by name, a
sentence by its text.  Researchers read the `*_current` views, where a fact is a machine row (its id
links to the row in the machine table) or a reviewer's (`judgement-N`, linking to judgement N, which
quotes the span).  Amounts of rupiah are written with thousands separators and their unit.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from pipeline.judgements import HUMAN_ID_PREFIX
from pipeline.labels import article_labels, rupiah
from pipeline.layer import TABLES as LAYER_TABLES  # tables without foreign keys, linked as views are

# Columns of views and queries that hold ids, and the table they are ids of.
ID_COLUMNS = {"article_id": "articles", "person_id": "people", "other_person_id": "people",
              "region_code": "regions", "budget_id": "budgets", "sentence_id": "sentences",
              "judgement_id": "judgements"}
FACT_TABLES = {"worker_count": "worker_counts", "budget": "budgets", "percentage": "percentages",
               "official": "officials", "program": "article_programs", "region": "article_regions",
               "event_date": "event_dates"}
VIEW_FACTS = {"budget_facts": "budgets", "official_positions": "officials", "program_places": "article_programs"}
FOREIGN_KEY_COLUMNS = {*ID_COLUMNS, "program_id", "outlet_id", "parent_code"}
CURRENT_SUFFIX = "_current"
AMOUNT_COLUMNS = {"amount_idr", "total_amount_idr", "largest_amount_idr"}


def _view_target(row: Any, column: str, table: str | None) -> str | None:
    """The table a view or query cell's value is the id of; a fact_id's table comes from the row's kind."""
    if column in ID_COLUMNS:
        return ID_COLUMNS[column]
    if column == "id" and table and table.endswith(CURRENT_SUFFIX):
        return table.removesuffix(CURRENT_SUFFIX)
    if column == "fact_id":
        keys = row.keys() if hasattr(row, "keys") else []
        if "kind" in keys:
            return FACT_TABLES.get(row["kind"])
        return VIEW_FACTS.get(table or "")
    return None


def _link(datasette: Any, database: str, table: str, value: Any, label: Any) -> Markup:
    """A link to the row; a reviewer's fact (`judgement-N`) is shown by the judgement that made it."""
    if str(value).startswith(HUMAN_ID_PREFIX):
        table, value = "judgements", str(value).removeprefix(HUMAN_ID_PREFIX)
    url = datasette.urls.row(database, table, tilde_encode(str(value)))
    return Markup(f'<a href="{escape(url)}">{escape(label)}</a>')


# (database, table, what) -> foreign keys by column (None: not a table) or label column.  The schema
# is read once per table, not once per cell: each read is a hop to Datasette's database thread, and
# a canned query's page renders a thousand rows of ids (three hops per cell took most of its time).
# Tables keep their keys while served; `warta serve` installs the views before it serves.
_SCHEMA: dict[tuple[str, str, str], Any] = {}


async def _foreign_keys(db: Any, table: str) -> dict[str, Any] | None:
    key = (db.name, table, "foreign keys")
    if key not in _SCHEMA:
        _SCHEMA[key] = ({fk["column"]: fk for fk in await db.foreign_keys_for_table(table)}
                        if await db.table_exists(table) else None)
    return _SCHEMA[key]


async def _label_column(db: Any, table: str) -> str | None:
    key = (db.name, table, "label column")
    if key not in _SCHEMA:
        _SCHEMA[key] = await db.label_column_for_table(table)
    return _SCHEMA[key]


# (database name) -> a read-only connection of this plugin's own, for label lookups: a lookup by key
# takes microseconds, the hop to Datasette's database thread that `db.execute` makes takes a third
# of a millisecond, and a canned query's page labels a thousand rows (officials_of_region, 0.9 s).
_READERS: dict[str, sqlite3.Connection] = {}


def _reader(db: Any) -> sqlite3.Connection | None:
    """The plugin's connection to a database file (none for an in-memory database)."""
    if db.is_memory or not db.path:
        return None
    if db.name not in _READERS:
        _READERS[db.name] = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True, check_same_thread=False)
    return _READERS[db.name]


def _lookup(conn: sqlite3.Connection, table: str, column: str, label_column: str | None, value: Any) -> Any:
    if table == "articles":
        return article_labels(conn, [value]).get(value, value)
    if label_column:
        rows = conn.execute(f"SELECT [{label_column}] FROM [{table}] WHERE [{column}] = ? LIMIT 1", [value]).fetchall()
        if rows and rows[0][0]:  # fetched to the end: no read transaction left open on the connection
            return rows[0][0]
    return value


async def _label(db: Any, table: str, column: str, value: Any) -> Any:
    """The label column's value of the row `column = value` in `table`, else the value itself."""
    if str(value).startswith(HUMAN_ID_PREFIX) and table != "articles":
        return value
    label_column = await _label_column(db, table) if table != "articles" else None
    conn = _reader(db)
    if conn is not None:
        return _lookup(conn, table, column, label_column, value)
    return await db.execute_fn(lambda conn: _lookup(conn, table, column, label_column, value))


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if column in AMOUNT_COLUMNS and isinstance(value, (int, float)):
        return rupiah(value)
    if isinstance(value, dict) and value.get("value") and column == "article_id":  # Datasette labelled it by title
        return _relabel_article(datasette, database, value["value"])
    if value in (None, "") or isinstance(value, dict):  # a dict is a foreign key Datasette already labelled
        return None
    if column not in FOREIGN_KEY_COLUMNS and column != "fact_id" and not (
            column == "id" and table and table.endswith(CURRENT_SUFFIX)):
        return None

    async def link() -> Markup | None:
        db = datasette.get_database(database)
        keys = await _foreign_keys(db, table) if table is not None else None
        if keys is not None:
            if column in keys:
                other, other_column = keys[column]["other_table"], keys[column]["other_column"]
                return _link(datasette, database, other, value, await _label(db, other, other_column, value))
            if table not in LAYER_TABLES:
                return None
        target = _view_target(row, column, table)
        return _link(datasette, database, target, value, await _label(db, target, "id" if target != "regions"
                                                                      else "code", value)) if target else None

    return link


def _relabel_article(datasette: Any, database: str, article_id: str) -> Any:
    async def link() -> Markup:
        return _link(datasette, database, "articles", article_id,
                     await _label(datasette.get_database(database), "articles", "id", article_id))

    return link
