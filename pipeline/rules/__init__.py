"""Rule layer: Analysis -> Facts, one module per fact type.

Each module exposes one `find_*` function over an `Analysis` (text, sentences, entities,
publication date).  Lexicons and patterns live as data under `pipeline/resources/`.
This package only orders the calls (officials need the regions found first) and applies the
article-level convention of ANNOTATION.md: the same value stated twice is one entry.
"""

from __future__ import annotations

from ..facttypes import BY_NAME, FACT_TYPES, dedupe_key
from ..records import Analysis, Facts, Span
from . import dates, officials, placement, programs, quantities, regions


def _first_of_each(name: str, items: list) -> list:
    """The first mention of each fact (the registry's dedupe key), in text order."""
    fact = BY_NAME[name]
    seen: set = set()
    kept = []
    for item in items:
        k = dedupe_key(fact, item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def extract_facts(analysis: Analysis) -> Facts:
    """All facts of one analysed article."""
    found_regions = regions.find_regions(analysis)
    facts = Facts(
        officials=_first_of_each("officials", officials.find_officials(analysis, found_regions)),
        regions=_first_of_each("regions", found_regions),
        worker_counts=_first_of_each("worker_counts", quantities.find_worker_counts(analysis)),
        budgets=_first_of_each("budgets", quantities.find_budgets(analysis)),
        programs=_first_of_each("programs", programs.find_programs(analysis)),
        percentages=_first_of_each("percentages", quantities.find_percentages(analysis)),
        event_date=dates.find_event_date(analysis),
    )
    return placement.place_numbers(analysis, facts, found_regions)


def fact_mentions(analysis: Analysis, facts: Facts) -> list[Span]:
    """Every span behind a fact, labelled by fact type, for the `mentions` table."""
    spans: list[Span] = []
    for fact in FACT_TYPES:
        found = getattr(facts, fact.name)
        for item in found if isinstance(found, list) else [found] if found else []:
            if item.start >= 0:
                spans.append(
                    Span(fact.label, item.start, item.end, analysis.text[item.start : item.end],
                         analysis.sentence_of(item.start), "rules")
                )
    return spans
