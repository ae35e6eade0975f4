"""Every file under pipeline/resources/ keeps its schema: columns, allowed values, no duplicates."""

from collections import Counter
from pathlib import Path

import pytest

from pipeline import lexicons

RESOURCES = Path(lexicons.__file__).resolve().parent / "resources"
SIDES = {"both", "left", "right", "before", "group", "purpose", "recipient", "sentence"}

# file: (columns, columns that make a row unique, {column: allowed values})
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, set[str | None]]]] = {
    "budget_cues.csv": (("cue", "kind", "scope"), ("cue",),
                        {"kind": {"benefit", "budget", "contribution", "other"}, "scope": {"", "social_security"}}),
    "budget_sources.csv": (("cue", "source"), ("cue",), {}),
    "currency_scales.csv": (("abbreviation", "value"), ("abbreviation",), {}),
    "date_words.csv": (("word", "kind", "value"), ("word",), {"kind": {"days_ago", "month", "weekday"}}),
    "number_words.csv": (("word", "value", "role"), ("word",),
                         {"role": {"belas", "fraction", "puluh", "ratus", "scale", "unit"}}),
    "office_abbreviations.csv": (("abbreviation", "expansion"), ("abbreviation",), {}),
    "office_units.csv": (("alias", "unit"), ("alias",), {}),
    "organizations.csv": (("alias", "organization", "kind"), ("alias",),
                          {"kind": {"agency", "association", "bpjs", "company", "council", "ministry", "regional"}}),
    "percentage_cues.csv": (("cue", "subject", "side"), ("cue", "side"),
                            {"subject": {"active", "exclude", "formal_coverage", "informal_coverage", "none", "other",
                                         "coverage"},
                             "side": SIDES | {None, ""}}),
    "positions.csv": (("alias", "position", "organization", "level", "takes"), ("alias",),
                      {"organization": {"agency", "bpjs", "council", "office", "regional", "village"},
                       "level": {"", "kabupaten", "kota", "provinsi"},
                       "takes": {"", "body", "descriptor", "place", "unit"}}),
    "programs.csv": (("canonical", "alias", "case_sensitive"), ("alias",), {"case_sensitive": {"list", "no", "yes"}}),
    "region_aliases.csv": (("alias", "codes", "needs", "note"), ("alias", "codes", "needs"),
                           {"needs": {"", "proper", "province", "typed"}}),
    "region_context.csv": (("word", "type"), ("word",), {"type": {"kabupaten", "kota", "provinsi"}}),
    "region_overrides.csv": (("code", "field", "value", "why"), ("code", "field"), {"field": {"longitude", "name"}}),
    "village_governments.csv": (("written", "government"), ("written",), {}),
    "worker_status_cues.csv": (("cue", "status", "side", "scope"), ("cue", "side"),
                               {"status": {"beneficiary", "none", "other", "participant", "protected", "target",
                                           "total", "unprotected"},
                                "side": SIDES, "scope": {"", "social_security"}}),
}
WORD_LISTS = sorted(p.name for p in RESOURCES.glob("*.txt"))


def test_every_table_has_a_schema():
    assert sorted(p.name for p in RESOURCES.glob("*.csv")) == sorted(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_keeps_its_columns_values_and_keys(name: str):
    columns, key, allowed = TABLES[name]
    rows = lexicons.rows(name)
    assert rows and tuple(rows[0]) == columns
    assert all(None not in row for row in rows), "a row has more cells than the header"
    for column, values in allowed.items():
        assert {row[column] for row in rows} <= values, column
    repeated = [k for k, n in Counter(tuple(row[c] for c in key) for row in rows).items() if n > 1]
    assert repeated == []


@pytest.mark.parametrize("name", WORD_LISTS)
def test_a_word_list_has_entries_and_no_repeats(name: str):
    entries = lexicons.words(name)
    assert entries
    assert [e for e, n in Counter(entries).items() if n > 1] == []


@pytest.mark.parametrize("name", ["outlets.toml", "url_patterns.toml"])
def test_a_settings_file_parses(name: str):
    assert lexicons.toml(name)


@pytest.mark.parametrize("name", ["ner/labels.json", "ner/corpora.json", "ner/stanza.json"])
def test_a_training_file_parses(name: str):
    assert lexicons.json(name)
