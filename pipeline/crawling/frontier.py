"""The crawler's memory in the knowledge base: URL states (frontier) and every request (fetch_log).

The tables are made by storage._migration_crawl.  An article fetched once is not fetched again
unless its sitemap lastmod moves, and then with a conditional GET; one already stored (a run killed
between storing it and marking it done) is not fetched again at all.  Child sitemaps are
remembered under their index, so they are revisited when the index answers 304.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from .. import now_iso
from ..textextraction import canonical_url
from .discovery import Entry
from .fetching import Fetched

MAX_ATTEMPTS = 3  # a URL failing this many runs in a row is left alone


class Frontier:
    """URL states and the fetch log, safe to use from the fetch threads."""

    def __init__(self, db_path: Path) -> None:
        self.conn = sqlite3.connect(db_path, check_same_thread=False, timeout=60)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 60000")
        self.conn.execute("PRAGMA synchronous = NORMAL")  # as storage.connect: WAL survives a killed process
        self.lock = threading.Lock()

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, params: list[Any]) -> None:
        with self.lock, self.conn:
            self.conn.execute(sql, params)

    def row(self, url: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.conn.execute("SELECT * FROM frontier WHERE url = ?", [url]).fetchone()
        return dict(found) if found else None

    def add(self, url: str, source: str, kind: str, found_on: str | None, entry: Entry | None = None) -> bool:
        """Remember one URL; True if it is new."""
        return self.add_many([(url, entry)], source, kind, found_on) == 1

    def add_many(self, items: list[tuple[str, Entry | None]], source: str, kind: str, found_on: str | None) -> int:
        """Remember URLs in one transaction (a sitemap lists thousands); a done article comes back
        to pending when its lastmod moves.  Returns how many were new."""
        new = 0
        with self.lock, self.conn:
            for url, entry in items:
                lastmod = entry.lastmod if entry else None
                known = self.conn.execute("SELECT lastmod, state FROM frontier WHERE url = ?", [url]).fetchone()
                if known is None:
                    self.conn.execute(
                        "INSERT INTO frontier (url, source, kind, state, found_on, discovered_at, lastmod, "
                        "published, title, attempts) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, 0)",
                        [url, source, kind, found_on, now_iso(), lastmod, entry.published if entry else None,
                         entry.title if entry else None])
                    new += 1
                elif lastmod and known["lastmod"] and lastmod > known["lastmod"] and known["state"] == "done":
                    self.conn.execute("UPDATE frontier SET state = 'pending', lastmod = ?, attempts = 0 "
                                      "WHERE url = ?", [lastmod, url])
                elif lastmod and not known["lastmod"]:
                    self.conn.execute("UPDATE frontier SET lastmod = ? WHERE url = ?", [lastmod, url])
        return new

    def pending(self, source: str, limit: int, tried: set[str]) -> list[dict[str, Any]]:
        """Articles still to fetch for a source, newest first, skipping URLs that keep failing and
        those this run already tried (fetched ones stay pending until their article is stored)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT * FROM frontier WHERE source = ? AND kind = 'article' AND state IN ('pending', 'error')"
                " AND attempts < ? ORDER BY coalesce(published, lastmod, '') DESC, discovered_at LIMIT ?",
                [source, MAX_ATTEMPTS, limit + len(tried)]).fetchall()
        return [dict(row) for row in rows if row["url"] not in tried]

    def children(self, sitemap: str) -> list[Entry]:
        """The child sitemaps an index listed when it was last read, newest first."""
        with self.lock:
            rows = self.conn.execute("SELECT url, lastmod FROM frontier WHERE kind = 'sitemap' AND found_on = ? "
                                     "ORDER BY coalesce(lastmod, '') DESC", [sitemap]).fetchall()
        return [Entry(row["url"], lastmod=row["lastmod"]) for row in rows]

    def feeds(self, source: str) -> list[str]:
        """Feeds found in earlier runs (a home page answering 304 no longer shows them)."""
        with self.lock:
            rows = self.conn.execute("SELECT url FROM frontier WHERE source = ? AND kind = 'feed' "
                                     "AND state != 'disallowed' ORDER BY discovered_at", [source]).fetchall()
        return [row["url"] for row in rows]

    def make_article(self, listing: str, article: str, source: str) -> None:
        """A page fetched as a listing turned out to be an article: from now on it is one, pending
        until it is stored (a kill before that fetches it again)."""
        with self.lock, self.conn:
            self.conn.execute("INSERT OR IGNORE INTO frontier (url, source, kind, state, found_on, discovered_at, "
                              "attempts) VALUES (?, ?, 'article', 'pending', ?, ?, 0)",
                              [article, source, listing, now_iso()])
            self.conn.execute("UPDATE frontier SET kind = 'article', state = 'pending', content_sha256 = NULL "
                              "WHERE url = ?", [article])

    def stored_article(self, url: str) -> str | None:
        """The id of the article stored from this URL, if one is."""
        with self.lock:
            found = self.conn.execute("SELECT id FROM articles WHERE canonical_url = ? "
                                      "UNION ALL SELECT article_id FROM article_aliases WHERE url = ? LIMIT 1",
                                      [canonical_url(url), url]).fetchone()
        return found[0] if found else None

    def mark(self, url: str, state: str, **values: Any) -> None:
        values["state"] = state
        assignments = ", ".join(f"{key} = ?" for key in values)
        self._write(f"UPDATE frontier SET {assignments} WHERE url = ?", [*values.values(), url])

    def log_fetch(self, url: str, result: Fetched, run_id: int | None) -> None:
        """One row of fetch_log (pages of a split article have no frontier row of their own)."""
        self._write(
            "INSERT INTO fetch_log (run_id, url, final_url, status, bytes, seconds, conditional, error, "
            "fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, url, result.final_url, result.status, len(result.body), round(result.seconds, 3),
             int(result.conditional), result.error, now_iso()])

    def record_fetch(self, url: str, result: Fetched, run_id: int | None) -> None:
        """Log the fetch and keep its validators; failures count towards MAX_ATTEMPTS."""
        self.log_fetch(url, result, run_id)
        failed = result.error is not None or result.status not in (200, 304)
        self._write(
            "UPDATE frontier SET last_status = ?, last_error = ?, fetched_at = ?, attempts = "
            "CASE WHEN ? THEN attempts + 1 ELSE 0 END, etag = coalesce(?, etag), "
            "last_modified = coalesce(?, last_modified) WHERE url = ?",
            [result.status, result.error, now_iso(), failed, result.headers.get("etag") if result.ok else None,
             result.headers.get("last-modified") if result.ok else None, url])
