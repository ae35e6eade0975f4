"""Plain typed records that flow one way through the stages.

load -> Document -> text extraction -> Article -> NLP -> Analysis -> rules/normalization -> Facts
-> storage.  Each stage takes the previous record and returns the next; no stage reaches into
another's internals.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """A raw document as the loader or crawler found it: HTML or plain text plus metadata."""

    id: str
    source: str  # file path, WARC record, or fetched URL it came from
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    fetched_at: str | None = None  # ISO timestamp
    text: str | None = None
    html: str | None = None


@dataclass
class Article:
    """A cleaned news article: body text without portal boilerplate, ready for NLP."""

    id: str
    source: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    fetched_at: str | None = None
    language: str | None = None
    author: str | None = None  # the byline, kept out of the text


@dataclass
class Span:
    """A labelled character span of an article's text (an entity or a rule match)."""

    label: str
    start: int
    end: int
    text: str
    sentence: int = 0
    source: str = "rule"  # which rule or model produced it


@dataclass
class Analysis:
    """What the NLP stage knows about an article: its sentences and its entity spans."""

    text: str
    sentences: list[tuple[int, int]]
    entities: list[Span]
    published: str | None = None
    fetched_at: str | None = None  # when the article was collected: dates without a year count from it

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding a character offset (0 if none does)."""
        for index, (start, end) in enumerate(self.sentences):
            if start <= offset < end:
                return index
        return 0


@dataclass
class Official:
    name: str
    position: str | None
    organization: str | None
    region: str | None
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass
class RegionMention:
    name: str  # canonical: "Provinsi X", "Kabupaten X", "Kota X"
    code: str  # Kemendagri code without dots
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass
class ProgramMention:
    name: str  # canonical program name
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass
class WorkerCount:
    value: int
    status: str
    group: str
    text: str
    start: int = -1
    end: int = -1
    region: str | None = None  # canonical region the number is about (ANNOTATION.md)


@dataclass
class Budget:
    amount_idr: int
    kind: str
    source: str | None
    text: str
    start: int = -1
    end: int = -1
    region: str | None = None  # canonical region the number is about (ANNOTATION.md)


@dataclass
class Percentage:
    value: float
    subject: str
    text: str
    start: int = -1
    end: int = -1
    region: str | None = None  # canonical region the number is about (ANNOTATION.md)


@dataclass
class EventDate:
    date: str  # ISO YYYY-MM-DD
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass
class Facts:
    """All facts of one article, with the character offsets they came from."""

    officials: list[Official] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    worker_counts: list[WorkerCount] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)
    programs: list[ProgramMention] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    event_date: EventDate | None = None

    def to_annotation(self) -> dict[str, Any]:
        """The facts in exactly the shape of ANNOTATION.md (no offsets)."""
        return {
            "officials": [
                {"name": o.name, "position": o.position, "organization": o.organization, "region": o.region}
                for o in self.officials
            ],
            "regions": [r.name for r in self.regions],
            "worker_counts": [
                {"value": w.value, "status": w.status, "group": w.group, "region": w.region, "text": w.text}
                for w in self.worker_counts
            ],
            "budgets": [
                {"amount_idr": b.amount_idr, "kind": b.kind, "source": b.source, "region": b.region, "text": b.text}
                for b in self.budgets
            ],
            "programs": [p.name for p in self.programs],
            "percentages": [
                {"value": p.value, "subject": p.subject, "region": p.region, "text": p.text} for p in self.percentages
            ],
            "event_date": self.event_date.date if self.event_date else None,
        }


@dataclass
class Extraction:
    """The output of the whole extraction for one article."""

    article: Article
    sentences: list[tuple[int, int]]
    mentions: list[Span]
    facts: Facts
    extractor_version: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Skipped:
    """A document that was reported and left out, with the reason, so a run can go on."""

    source: str
    reason: str
