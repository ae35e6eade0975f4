"""Evaluation: score predicted facts against a gold file exactly as ANNOTATION.md says.

Articles are paired by id; each fact type is compared as a set (regions, programs), one-to-one on
a key (officials on name, worker counts on value, budgets on amount, percentages on value within
0.01) or by equality (event date).  Micro-averages exclude `officials_full`.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .facttypes import FACT_TYPES as REGISTRY
from .facttypes import FactType



def _scored_types() -> list[str]:
    """Every registered type, as ANNOTATION.md scores them: officials twice (by name, and in full)."""
    names = []
    for fact in REGISTRY:
        names.append(fact.name)
        if fact.name == "officials":
            names.append("officials_full")
    return names


FACT_TYPES = _scored_types()
# Attributes whose accuracy is reported over the matched pairs of a numeric fact type.
ATTRIBUTES_OF = {fact.name: fact.attributes for fact in REGISTRY if fact.attributes}
CLASS_ATTRIBUTES = tuple(fact.category for fact in REGISTRY if fact.category)  # pooled in the micro row
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "“”‘’–—"})


def norm(value: Any) -> str:
    """Case-folded, punctuation-free, single-spaced string form used for every comparison."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold().translate(_PUNCT)
    return re.sub(r"\s+", " ", text).strip()


def norm_region(value: Any) -> str:
    return norm(value).replace(" ", "")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    attributes: dict[str, list[int]] = field(default_factory=dict)  # attribute -> [hits, matched pairs]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, *attributes: str) -> float | None:
        """Accuracy of these attributes pooled over the matched pairs (None when nothing was matched)."""
        hits = sum(self.attributes.get(name, (0, 0))[0] for name in attributes)
        pairs = sum(self.attributes.get(name, (0, 0))[1] for name in attributes)
        return hits / pairs if pairs else None

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name, (hits, pairs) in other.attributes.items():
            total = self.attributes.setdefault(name, [0, 0])
            total[0] += hits
            total[1] += pairs

    def as_dict(self) -> dict[str, float | int | None]:
        result: dict[str, float | int | None] = {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }
        if self.attributes:
            result["attribute_accuracy"] = {name: round(hits / pairs, 4) if pairs else None
                                            for name, (hits, pairs) in self.attributes.items()}
        return result


def _pair_one_to_one(
    gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """(matched gold/pred pairs, unmatched gold, unmatched pred), each gold fact used once."""
    pairs, extra = [], []
    unmatched = list(gold)
    for item in pred:
        partner = next((g for g in unmatched if same(g, item)), None)
        if partner is None:
            extra.append(item)
            continue
        unmatched.remove(partner)
        pairs.append((partner, item))
    return pairs, unmatched, extra


def _same_attribute(attribute: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    compare = norm_region if attribute == "region" else norm
    return compare(gold.get(attribute)) == compare(pred.get(attribute))


def _match_one_to_one(
    gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool], attributes: tuple[str, ...] = ()
) -> Score:
    pairs, missed, extra = _pair_one_to_one(gold, pred, same)
    score = Score(tp=len(pairs), fp=len(extra), fn=len(missed))
    for attribute in attributes:
        score.attributes[attribute] = [sum(_same_attribute(attribute, g, p) for g, p in pairs), len(pairs)]
    return score


def _set_score(gold: Iterable[str], pred: Iterable[str], key: Callable[[Any], str]) -> Score:
    g = {key(x) for x in gold if x}
    p = {key(x) for x in pred if x}
    return Score(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def _official_full_key(official: dict[str, Any]) -> tuple[str, str, str, str]:
    return (
        norm(official.get("name")),
        norm(official.get("position")),
        norm(official.get("organization")),
        norm_region(official.get("region")),
    )


def _same(fact: FactType) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """When a predicted fact is the same fact as a gold one (one-to-one matching on the type's key)."""
    key = fact.key or ""
    if key == "name":
        return lambda a, b: norm(a[key]) == norm(b[key])
    if fact.tolerance:
        return lambda a, b: abs(float(a[key]) - float(b[key])) <= fact.tolerance
    return lambda a, b: int(a[key]) == int(b[key])


SAME = {fact.name: _same(fact) for fact in REGISTRY if fact.match == "one_to_one"}


def score_article(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Score]:
    """Per-type scores for one article's gold and predicted `facts`."""
    g = {k: gold.get(k) or [] for k in FACT_TYPES if k not in ("event_date", "officials_full")}
    p = {k: pred.get(k) or [] for k in g}
    scores = {kind: _match_one_to_one(g[kind], p[kind], same, ATTRIBUTES_OF.get(kind, ())) for kind, same in SAME.items()}
    scores["officials_full"] = _match_one_to_one(
        g["officials"], p["officials"], lambda a, b: _official_full_key(a) == _official_full_key(b)
    )
    scores["regions"] = _set_score(g["regions"], p["regions"], norm_region)
    scores["programs"] = _set_score(g["programs"], p["programs"], norm)
    gold_date, pred_date = gold.get("event_date"), pred.get("event_date")
    scores["event_date"] = Score(
        tp=int(bool(gold_date) and gold_date == pred_date),
        fp=int(bool(pred_date) and gold_date != pred_date),
        fn=int(bool(gold_date) and gold_date != pred_date),
    )
    return scores


def article_differences(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(fact type, MISSED / EXTRA / DIFFERS, fact) for one article, matched exactly as the scorer matches.

    DIFFERS is a matched pair whose other fields differ (an official's position, a count's status):
    a hit for the F1 above, worth a look all the same.
    """
    found: list[tuple[str, str, Any]] = []
    for kind, same in SAME.items():
        pairs, missed, extra = _pair_one_to_one(gold.get(kind) or [], pred.get(kind) or [], same)
        found += [(kind, "MISSED", fact) for fact in missed] + [(kind, "EXTRA", fact) for fact in extra]
        found += [(kind, "DIFFERS", {"gold": g, "pred": p}) for g, p in pairs
                  if (_official_full_key(g) != _official_full_key(p) if kind == "officials"
                      else any(not _same_attribute(k, g, p) for k in set(g) | set(p) if k != "text"))]
    for kind, key in (("regions", norm_region), ("programs", norm)):
        g, p = gold.get(kind) or [], pred.get(kind) or []
        found += [(kind, "MISSED", x) for x in g if key(x) not in {key(y) for y in p}]
        found += [(kind, "EXTRA", x) for x in p if key(x) not in {key(y) for y in g}]
    if gold.get("event_date") != pred.get("event_date"):
        found.append(("event_date", "DIFFERS", {"gold": gold.get("event_date"), "pred": pred.get("event_date")}))
    return found


@dataclass
class Report:
    per_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in FACT_TYPES})
    per_article: dict[str, dict[str, Score]] = field(default_factory=dict)
    missing_predictions: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Score:
        total = Score()
        for name, score in self.per_type.items():
            if name != "officials_full":
                total.add(score)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "per_type": {name: score.as_dict() for name, score in self.per_type.items()},
            "micro": self.micro.as_dict(),
            "articles": len(self.per_article),
            "missing_predictions": self.missing_predictions,
        }


def evaluate(gold_rows: Iterable[dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> Report:
    """Score predictions (id -> facts) against gold rows; a missing prediction counts as empty."""
    report = Report()
    for row in gold_rows:
        article_id = str(row["id"])
        if article_id not in predictions:
            report.missing_predictions.append(article_id)
        scores = score_article(row.get("facts") or {}, predictions.get(article_id) or {})
        report.per_article[article_id] = scores
        for name, score in scores.items():
            report.per_type[name].add(score)
    return report
