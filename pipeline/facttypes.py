"""The fact types of ANNOTATION.md, defined once.

Every stage derives what it needs from this registry: the rules their dedupe key (the same value
stated twice is one entry), evaluation how a prediction matches gold and which attributes it
reports, judgements the values an annotator may choose, storage and the Datasette layer the
table of each type.  Adding a fact type means an entry here, its rule module and its lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any



@dataclass(frozen=True)
class FactType:
    name: str  # the key in the `facts` of ANNOTATION.md
    table: str  # the machine table of the knowledge base
    label: str  # the label of its spans in `mentions`, singular
    match: str  # how evaluation pairs gold and prediction: "one_to_one" on `key`, "set" or "single"
    key: str | None = None  # the field two facts of an article share when they are the same fact
    record_key: str | None = None  # that field on the rules' record (pipeline/records.py), if named otherwise
    tolerance: float = 0.0  # how far two values of `key` may differ and still be the same fact
    category: str | None = None  # the field naming what kind of fact it is (status, kind, subject)
    categories: tuple[str, ...] = ()  # the values `category` may take
    placed: bool = False  # carries the `region` it is about

    @property
    def attributes(self) -> tuple[str, ...]:
        """The attributes whose accuracy evaluation reports over matched pairs."""
        return tuple(a for a in (self.category, "region" if self.placed else None) if a)


FACT_TYPES: tuple[FactType, ...] = (
    FactType("officials", "officials", "official", "one_to_one", key="name"),
    FactType("regions", "article_regions", "region", "set", record_key="code"),
    FactType("worker_counts", "worker_counts", "worker_count", "one_to_one", key="value", category="status",
             categories=("protected", "unprotected", "target", "total", "beneficiary", "participant", "other"),
             placed=True),
    FactType("budgets", "budgets", "budget", "one_to_one", key="amount_idr", category="kind",
             categories=("budget", "benefit", "contribution", "other"), placed=True),
    FactType("programs", "article_programs", "program", "set", record_key="name"),
    FactType("percentages", "percentages", "percentage", "one_to_one", key="value", tolerance=0.01, category="subject",
             categories=("coverage", "active", "informal_coverage", "formal_coverage", "other"), placed=True),
    FactType("event_date", "event_dates", "event_date", "single"),
)
BY_NAME = {fact.name: fact for fact in FACT_TYPES}


def categories(name: str) -> tuple[str, ...]:
    return BY_NAME[name].categories


def dedupe_key(fact: FactType, record: Any) -> Any:
    """What makes two facts of one article found by the rules the same fact (ANNOTATION.md: the same
    value stated twice is one entry): a name case-folded, a value, a percentage to a hundredth."""
    value = getattr(record, fact.record_key or fact.key or "")
    if isinstance(value, str):
        return value.casefold()
    return round(value, 2) if isinstance(value, float) else value
