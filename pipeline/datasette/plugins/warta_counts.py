"""Datasette plugin: an unfiltered page's row count and default facets from the counts the writer keeps.

Datasette 0.65 counts a table or view page's rows (`select count(*) from T `) and groups each of its
default facets (`select C as value, count(*) as count from (select ... from T ) where C is not null
group by C ...`) on every request; over a base of a million articles that is seconds per page.
For the pages of pipeline/counts.py the writer keeps those numbers in layer_counts, so the two
queries, as Datasette writes them for a page without filters or search, are answered from it: the
same numbers, in the same order; so is the database page's count of each of those tables (the others
are counted so that its time limit holds).  A page
searched and not filtered is counted from its full-text index and finds its first rows by the
page's order where the word is common (see _searched).  Datasette has no hook for these queries,
so this wraps Database.execute; any other query (a filtered page, a query of this table's own) runs
as written, and so does every query of a database without layer_counts.
"""

from __future__ import annotations

import re
from typing import Any

from datasette.database import Database, QueryInterrupted

from pipeline import counts

COUNT_SQL = re.compile(r"select count\(\*\) from (\S+) ?")  # a page's (with a space), the database page's
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


# A page whose only filter is a full-text search, as Datasette writes its queries.
MATCH = r"rowid in \(select rowid from (?P<fts>\S+) where (?P=fts) match escape_fts\(:search\)\) "
SEARCH_COUNT = re.compile(r"select count\(\*\) from (?P<table>\S+) where " + MATCH)
SEARCH_PAGE = re.compile(r"select (?P<columns>.+) from (?P<table>\S+) where " + MATCH
                         + r"order by (?P<order>\S+)(?P<desc> desc)? limit (?P<limit>\d+)", re.DOTALL)
SEARCH_FACET = re.compile(r"\s*select (?P<column>\S+) as value, count\(\*\) as count from \(\s*select .* from "
                          r"(?P<table>\S+) where " + MATCH + r"\s*\)\s*where (?P=column) is not null\s*.*", re.DOTALL)
# A search matching at least this share of a table's rows finds a page of them soonest by walking the
# page's order and testing each row (some twenty per row of the page); a rarer one by its matches.
DENSE = 20
# A search's facets are grouped live up to this many matches (2.5 µs a row at 100k: 50 ms); past it
# they are reported as timed out at once, as Datasette does past its facet time limit, instead of
# after it (a word in every article of a million: seconds).
FACET_MATCHES = 20_000


async def _matches(db: Database, fts: str, params: dict[str, Any], at_most: int) -> int:
    """How many rows the search matches, counted up to `at_most`."""
    sql = f"select count(*) from (select rowid from {fts} where {fts} match escape_fts(:search) limit {at_most})"
    return (await _execute(db, sql, params)).rows[0][0]


async def _searched(db: Database, sql: str, params: Any) -> tuple[str, Any] | None:
    """The query answering Datasette's query of a page searched and not filtered, or None."""
    if not isinstance(params, dict) or set(params) != {"search"}:
        return None
    match = SEARCH_COUNT.fullmatch(sql)
    if match:  # the full-text index holds one row per row of its table (its triggers keep it so)
        return f"select count(*) from {match['fts']} where {match['fts']} match escape_fts(:search)", params
    match = SEARCH_PAGE.fullmatch(sql)
    if match:
        table, fts = match["table"], match["fts"]
        rows = (await _execute(db, f"select max(rowid) from {table}")).rows[0][0] or 0
        if await _matches(db, fts, params, rows // DENSE + 1) > rows // DENSE:
            return (f"select {match['columns']} from {table} where exists (select 1 from {fts} "
                    f"where {fts}.rowid = {table}.rowid and {fts} match escape_fts(:search)) "
                    f"order by {match['order']}{match['desc'] or ''} limit {match['limit']}"), params
        return None
    match = SEARCH_FACET.fullmatch(sql)
    if match and await _matches(db, match["fts"], params, FACET_MATCHES + 1) > FACET_MATCHES:
        raise QueryInterrupted(None, sql, params)
    return None


# The database and index pages count every table under a time limit of a few milliseconds; SQLite
# counts a table in one step that its time limit cannot interrupt (an FTS index's shadow table of
# 6M rows: 0.66 s), so a table not counted in layer_counts is counted row by row, and the page gives
# up on it in time, as Datasette means it to.
TABLE_COUNT = re.compile(r"select count\(\*\) from (\[[^\]]+\])")


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
    elif kwargs.get("custom_time_limit") and (match := TABLE_COUNT.fullmatch(sql)):
        sql = f"select count(*) from (select 1 from {match[1]} limit -1)"  # not flattened back into one step
    elif "escape_fts(:search)" in sql:
        sql, params = await _searched(self, sql, params) or (sql, params)
    return await _execute(self, sql, params, *args, **kwargs)


if not getattr(Database.execute, "warta_counts", False):  # plugins_dir modules load once per Datasette
    _execute_counted.warta_counts = True  # type: ignore[attr-defined]
    Database.execute = _execute_counted  # type: ignore[method-assign]
