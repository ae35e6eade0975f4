"""Rule layer: Analysis -> Facts, one module per fact type.

Each module exposes one `find_*` function over an `Analysis` (text, sentences, entities,
publication date).  Lexicons and patterns live as data under `pipeline/resources/`.
This package only orders the calls (officials need the regions found first) and applies the
article-level convention of ANNOTATION.md: the same value stated twice is one entry.
"""

from __future__ import annotations

from ..records import Analysis, Facts, Span
from . import dates, officials, placement, programs, quantities, regions


def _first_of_each(items: list, key) -> list:
    seen: set = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


def extract_facts(analysis: Analysis) -> Facts:
    """All facts of one analysed article."""
    found_regions = regions.find_regions(analysis)
    facts = Facts(
        officials=_first_of_each(officials.find_officials(analysis, found_regions), lambda o: o.name.casefold()),
        regions=_first_of_each(found_regions, lambda r: r.code),
        worker_counts=_first_of_each(quantities.find_worker_counts(analysis), lambda w: w.value),
        budgets=_first_of_each(quantities.find_budgets(analysis), lambda b: b.amount_idr),
        programs=_first_of_each(programs.find_programs(analysis), lambda p: p.name),
        percentages=_first_of_each(quantities.find_percentages(analysis), lambda p: round(p.value, 2)),
        event_date=dates.find_event_date(analysis),
    )
    return placement.place_numbers(analysis, facts, found_regions)


def fact_mentions(analysis: Analysis, facts: Facts) -> list[Span]:
    """Every span behind a fact, labelled by fact type, for the `mentions` table."""
    spans: list[Span] = []
    groups = {
        "official": facts.officials,
        "region": facts.regions,
        "worker_count": facts.worker_counts,
        "budget": facts.budgets,
        "program": facts.programs,
        "percentage": facts.percentages,
        "event_date": [facts.event_date] if facts.event_date else [],
    }
    for label, items in groups.items():
        for item in items:
            if item.start >= 0:
                spans.append(
                    Span(label, item.start, item.end, analysis.text[item.start : item.end],
                         analysis.sentence_of(item.start), "rules")
                )
    return spans
