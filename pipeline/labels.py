"""How the web pages name things a researcher or annotator reads: articles, amounts.

An article without a headline is named by its outlet, its date and its first words, never by its
id or "None"; an amount of rupiah is written with thousands separators and its unit.
"""

from __future__ import annotations

import sqlite3
from typing import Any

FIRST_WORDS = 8
# The columns an article's label is made of, from `articles a LEFT JOIN outlets o`.
ARTICLE_LABEL_COLUMNS = "a.title, o.name AS outlet, a.published, substr(a.text, 1, 300) AS opening"
ARTICLE_LABEL_SQL = (f"SELECT a.id, {ARTICLE_LABEL_COLUMNS} FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id "
                     "WHERE a.id IN ({placeholders})")


def article_label(title: str | None, outlet: str | None, published: str | None, opening: str | None) -> str:
    """The headline, else `Outlet, 2024-05-02: first words of the text…`."""
    if title and title.strip() and title.strip().lower() != "none":
        return title.strip()
    words = (opening or "").split()
    start = ", ".join(part for part in (outlet, (published or "")[:10]) if part)
    text = " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")
    return f"{start}: {text}" if start and text else start or text or "(untitled article)"


def article_labels(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, str]:
    """id -> label for these articles (those not in the base are left out)."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    rows = conn.execute(ARTICLE_LABEL_SQL.format(placeholders=", ".join("?" * len(ids))), ids).fetchall()
    return {row[0]: article_label(*row[1:]) for row in rows}


def rupiah(amount: Any) -> str:
    """`Rp 1,250,000,000` for an integer amount; anything else as it is."""
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return str(amount)
    return f"Rp {amount:,.0f}"

