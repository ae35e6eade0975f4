"""What every module writing to the base shares: row ids and units of work."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils


def fact_id(*parts: Any) -> str:
    """A row id derived from what the row says, so re-runs reproduce it."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One unit of work: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error (a savepoint when nested).

    `with db.conn:` opens no transaction (sqlite3 only commits on leaving it), and sqlite-utils
    commits each call on its own: units of work go through this instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.conn.execute("COMMIT")  # may fail too (a deferred foreign key): then it is rolled back
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
