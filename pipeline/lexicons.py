"""The one reader of the files in `pipeline/resources/` (indexed in docs/lexicons.md).

A word list is a `.txt` file: one entry per line, `#` starts a comment line, blank lines are
ignored.  A table is a `.csv` file with a header row; `#` lines are comments there too.  TOML and
JSON files are settings.  Each file is read once per process.
"""

from __future__ import annotations

import csv
import json as json_module
import re
import tomllib
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any


def resource(name: str) -> Traversable:
    """A resource file by its path under pipeline/resources ("ner/config.cfg")."""
    return resources.files("pipeline.resources").joinpath(*name.split("/"))


@cache
def text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a word list, stripped, in file order."""
    return tuple(line.strip() for line in text(name).splitlines() if line.strip() and not line.startswith("#"))


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a table, keyed by its header, comment lines skipped."""
    return tuple(csv.DictReader(line for line in text(name).splitlines() if not line.startswith("#")))


def toml(name: str) -> dict[str, Any]:
    """A TOML file, parsed afresh (the caller may change what it gets)."""
    return tomllib.loads(text(name))


def json(name: str) -> Any:
    """A JSON file, parsed afresh (the caller may change what it gets)."""
    return json_module.loads(text(name))


@cache
def phrases_pattern(name: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any entry of a word list as whole words, longest first."""
    entries = sorted(words(name), key=len, reverse=True)
    body = "|".join(re.escape(entry).replace(r"\ ", r"\s+") for entry in entries)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


# the letters other than their own case that re's IGNORECASE also takes for an ASCII letter
IGNORECASE_EXTRAS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def folded(text: str) -> str:
    """Text lowercased so that an ASCII word a pattern matches in it, with or without IGNORECASE,
    is a substring of it: a cheap test of whether a word's pattern can match at all."""
    return text.translate(IGNORECASE_EXTRAS).lower()
