"""The one reader of the rule lexicons in `pipeline/resources/`.

A word list is a `.txt` file: one entry per line, `#` starts a comment line, blank lines are
ignored.  A table is a `.csv` file with a header row.  Both are read once per process.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources


@cache
def text(name: str) -> str:
    return resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a word list, in file order."""
    return tuple(line.strip() for line in text(name).splitlines() if line.strip() and not line.lstrip().startswith("#"))


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a table, keyed by its header."""
    return tuple(csv.DictReader(io.StringIO(text(name))))


@cache
def phrases_pattern(name: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any entry of a word list as whole words, longest first."""
    entries = sorted(words(name), key=len, reverse=True)
    body = "|".join(re.escape(entry).replace(r"\ ", r"\s+") for entry in entries)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
