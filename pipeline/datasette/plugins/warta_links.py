"""Datasette plugin: in views and queries, id columns link to the row they name.

Base tables get these links from their foreign keys; views and canned queries have no foreign
keys, so without this a researcher would see bare ids instead of a way back to the article, the
person or the fact with its provenance.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

ID_COLUMNS = {"article_id": "articles", "person_id": "people", "other_person_id": "people",
              "region_code": "regions", "budget_id": "budgets"}
FACT_TABLES = {"worker_count": "worker_counts", "budget": "budgets", "percentage": "percentages",
               "official": "officials", "program": "article_programs", "region": "article_regions",
               "event_date": "event_dates"}
VIEW_FACTS = {"budget_facts": "budgets", "official_positions": "officials", "program_places": "article_programs"}


def _target(row: Any, column: str, table: str | None) -> str | None:
    """The table a cell's value is the id of; a fact_id's table comes from the row's kind."""
    if column in ID_COLUMNS:
        return ID_COLUMNS[column]
    if column == "fact_id":
        keys = row.keys() if hasattr(row, "keys") else []
        if "kind" in keys:
            return FACT_TABLES.get(row["kind"])
        return VIEW_FACTS.get(table or "")
    return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    target = _target(row, column, table)
    if target is None or value is None or value == "":
        return None

    async def link() -> Markup | None:
        if table is not None and await datasette.get_database(database).table_exists(table):
            return None  # a real table: Datasette renders its foreign keys itself
        url = datasette.urls.row(database, target, tilde_encode(str(value)))
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')

    return link
