"""Datasette plugin: an unfiltered page's row count and default facets from the counts the writer keeps.

Datasette 0.65 counts a table or view page's rows (`select count(*) from T `) and groups each of its
default facets (`select C as value, count(*) as count from (select ... from T ) where C is not null
group by C ...`) on every request; over a base of a million articles that is seconds per page.
For the pages of pipeline/counts.py the writer keeps those numbers in layer_counts, so the two
queries, as Datasette writes them for a page without filters or search, are answered from it: the
same numbers, in the same order.  Datasette has no hook for either query, so this wraps
Database.execute; any other query (a filtered page, a search, a query of this table's own) runs as
written, and so does every query of a database without layer_counts.
"""

from __future__ import annotations

import re
from typing import Any

from datasette.database import Database

from pipeline import counts

COUNT_SQL = re.compile(r"select count\(\*\) from (\S+) ")
FACET_SQL = re.compile(r"\s*select (\S+) as value, count\(\*\) as count from \(\s*select .* from (\S+) \s*\)\s*"
                       r"where \1 is not null\s*group by \1 order by count desc, value limit (\d+)\s*", re.DOTALL)
COUNTED_TOTAL = (f"SELECT COALESCE((SELECT rows FROM {counts.TABLE} WHERE name = :name AND facet = '' "
                 "AND value = ''), 0) AS [count(*)]")
COUNTED_FACET = (f"SELECT value, rows AS count FROM {counts.TABLE} WHERE name = :name AND facet = :facet AND rows > 0 "
                 "ORDER BY count DESC, value LIMIT :limit")


def _unescaped(name: str) -> str:
    if name.startswith("[") and name.endswith("]"):
        return name[1:-1]
    if name.startswith('"') and name.endswith('"'):
        return name[1:-1].replace('""', '"')
    return name


def counted_query(sql: str, params: Any) -> tuple[str, dict[str, Any]] | None:
    """The query of layer_counts answering Datasette's count or facet query of an unfiltered
    counted page, or None."""
    if params:
        return None
    match = COUNT_SQL.fullmatch(sql)
    if match and _unescaped(match[1]) in counts.counted():
        return COUNTED_TOTAL, {"name": _unescaped(match[1])}
    match = FACET_SQL.fullmatch(sql)
    if match:
        name, facet = _unescaped(match[2]), _unescaped(match[1])
        if name in counts.counted() and facet in counts.facets(name):
            return COUNTED_FACET, {"name": name, "facet": facet, "limit": int(match[3])}
    return None


_HAS_COUNTS: dict[str, bool] = {}  # database file -> whether it holds layer_counts


async def _has_counts(db: Database) -> bool:
    key = str(db.path) if db.path and not db.is_memory else f"memory:{db.name}"
    if key not in _HAS_COUNTS:
        _HAS_COUNTS[key] = await db.table_exists(counts.TABLE)
    return _HAS_COUNTS[key]


_execute = Database.execute


async def _execute_counted(self: Database, sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
    answer = counted_query(sql, params)
    if answer is not None and await _has_counts(self):
        sql, params = answer
    return await _execute(self, sql, params, *args, **kwargs)


if not getattr(Database.execute, "warta_counts", False):  # plugins_dir modules load once per Datasette
    _execute_counted.warta_counts = True  # type: ignore[attr-defined]
    Database.execute = _execute_counted  # type: ignore[method-assign]
