"""Reviewed data out to training and to other annotation tools, and their annotations back in.

Formats: spaCy DocBin (training data: entities, rejected entities as `incorrect_spans`, facts as a
span group), Label Studio tasks (machine output as `predictions` with the extractor version as
`model_version`, human-reviewed facts as `annotations`), doccano JSONL (`label: [[start, end,
LABEL]]`) and Prodigy-style JSONL (one task per article with its spans, plus a binary `reject`
task per rejected span).  Every import goes through judgements.judge, so it is audited and
anchored like a correction made in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from .database import transaction
from .judgements import JudgementError, judge, mark_done, reviewed_article_ids, value_columns

FORMATS = ("labelstudio", "doccano", "prodigy")
ENTITY_LABELS = ("PER", "ORG", "LOC")
# Fact table -> the label a span of it carries in the exchange formats.
FACT_LABELS = {"officials": "OFFICIAL", "worker_counts": "WORKER_COUNT", "budgets": "BUDGET",
               "percentages": "PERCENTAGE", "article_programs": "PROGRAM", "article_regions": "REGION",
               "event_dates": "EVENT_DATE"}
TABLE_OF_LABEL = {**{label: table for table, label in FACT_LABELS.items()}, **{e: "mentions" for e in ENTITY_LABELS}}


@dataclass
class Span:
    start: int
    end: int
    label: str
    text: str
    values: dict[str, Any] = field(default_factory=dict)


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _label(table: str, row: dict[str, Any]) -> str | None:
    if table == "mentions":
        return row["label"] if row["label"] in ENTITY_LABELS else None
    return FACT_LABELS[table]


def _values(table: str, row: dict[str, Any]) -> dict[str, Any]:
    values = {c: row[c] for c in value_columns(table)}
    if table == "article_programs":
        values["program"] = row.get("program")
    return values


def spans(db: sqlite_utils.Database, article_id: str, source: str) -> list[Span]:
    """The article's spans: `current` (after human judgements) or `machine` (as extracted)."""
    result = []
    for table in [*FACT_LABELS, "mentions"]:
        relation = f"{table}_current" if source == "current" else table
        program = ", (SELECT p.name FROM programs p WHERE p.id = program_id) AS program" \
            if table == "article_programs" and source == "machine" else ""
        for row in _rows(db, f"SELECT *{program} FROM [{relation}] WHERE article_id = ? ORDER BY start", [article_id]):
            label = _label(table, row)
            if label:
                result.append(Span(row["start"], row["end"], label, row["text"], _values(table, row)))
    return sorted(result, key=lambda s: (s.start, s.end, s.label))


def rejected_spans(db: sqlite_utils.Database, article_id: str) -> list[Span]:
    """Spans annotators rejected and nobody re-established: negative information."""
    result = []
    for table in [*FACT_LABELS, "mentions"]:
        rows = _rows(db, f"SELECT m.* FROM [{table}] m WHERE m.article_id = ? AND EXISTS (SELECT 1 FROM judgements_in_force j "
                         f"WHERE j.fact_table = ? AND j.article_id = m.article_id AND j.action = 'reject' "
                         f"AND j.start < m.[end] AND m.start < j.[end]) AND m.id NOT IN "
                         f"(SELECT id FROM [{table}_current] WHERE article_id = ?)", [article_id, table, article_id])
        result += [Span(r["start"], r["end"], label, r["text"]) for r in rows if (label := _label(table, r))]
    return result


def _articles(db: sqlite_utils.Database, article_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
    for article_id in article_ids:
        rows = _rows(db, "SELECT id, title, text, extractor_version FROM articles WHERE id = ?", [article_id])
        if rows:
            yield rows[0]


def _all_ids(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]


# --- spaCy training data ---------------------------------------------------------------------------

def reviewed_docs(db: sqlite_utils.Database, lang: str = "id") -> Iterator[Any]:
    """spaCy Docs of the human-reviewed articles, for `warta train ner` to add to its training data.

    `doc.ents` holds the current PER/ORG/LOC mentions and the names of current officials (PER);
    `doc.spans["incorrect_spans"]` the rejected entities (spaCy's NER reads that key as "not this
    entity" when `incorrect_spans_key` is set); `doc.spans["facts"]` the current facts by type.
    """
    import spacy
    from spacy.util import filter_spans

    nlp = spacy.blank(lang)
    for article in _articles(db, reviewed_article_ids(db)):
        doc = nlp.make_doc(article["text"])
        current = spans(db, article["id"], "current")
        entities = [s for s in current if s.label in ENTITY_LABELS]
        for s in current:
            name = s.values.get("name") if s.label == "OFFICIAL" else None
            at = s.text.find(name) if name else -1
            if at >= 0:
                entities.append(Span(s.start + at, s.start + at + len(name), "PER", name))
        # Only what annotators saw is known: other tokens are "missing", not "outside an entity".
        doc.set_ents(filter_spans([c for s in entities if (c := doc.char_span(s.start, s.end, s.label,
                                                                              alignment_mode="contract"))]),
                     default="missing")
        doc.spans["incorrect_spans"] = [c for s in rejected_spans(db, article["id"]) if s.label in ENTITY_LABELS
                                        if (c := doc.char_span(s.start, s.end, s.label, alignment_mode="contract"))]
        doc.spans["facts"] = [c for s in current if s.label in FACT_LABELS.values()
                              if (c := doc.char_span(s.start, s.end, s.label, alignment_mode="contract"))]
        doc.user_data["article_id"] = article["id"]
        yield doc


def export_training(db: sqlite_utils.Database, path: Path) -> dict[str, int]:
    """Write the reviewed articles as a DocBin (`.spacy`); returns counts for the log."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    stats = {"docs": 0, "entities": 0, "incorrect_spans": 0, "facts": 0}
    for doc in reviewed_docs(db):
        docbin.add(doc)
        stats["docs"] += 1
        stats["entities"] += len(doc.ents)
        stats["incorrect_spans"] += len(doc.spans["incorrect_spans"])
        stats["facts"] += len(doc.spans["facts"])
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return stats


# --- export to annotation tools --------------------------------------------------------------------

def _ls_result(spans_: list[Span], prefix: str) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}{i}", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": s.start, "end": s.end, "text": s.text, "labels": [s.label]},
             "meta": {"text": [json.dumps(s.values, ensure_ascii=False)]}} for i, s in enumerate(spans_)]


def export_tasks(db: sqlite_utils.Database, fmt: str, reviewed_only: bool = False) -> Iterator[dict[str, Any]]:
    """Articles as tasks of an annotation tool; reviewed articles carry the human-reviewed spans."""
    reviewed = set(reviewed_article_ids(db))
    for article in _articles(db, sorted(reviewed) if reviewed_only else _all_ids(db)):
        aid, text = article["id"], article["text"]
        current = spans(db, aid, "current")
        if fmt == "labelstudio":
            task: dict[str, Any] = {
                "data": {"text": text, "article_id": aid, "title": article["title"]},
                "predictions": [{"model_version": article["extractor_version"],
                                 "result": _ls_result(spans(db, aid, "machine"), "m")}],
            }
            if aid in reviewed:
                task["annotations"] = [{"result": _ls_result(current, "h")}]
            yield task
        elif fmt == "doccano":
            yield {"text": text, "article_id": aid, "label": [[s.start, s.end, s.label] for s in current]}
        elif fmt == "prodigy":
            meta = {"article_id": aid}
            yield {"text": text, "meta": meta, "answer": "accept",
                   "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text} for s in current]}
            for s in rejected_spans(db, aid) if aid in reviewed else []:
                yield {"text": text, "meta": meta, "answer": "reject",
                       "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text}]}
        else:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")


# --- import from annotation tools ------------------------------------------------------------------

@dataclass
class Annotated:
    """One tool's verdict on an article: the spans it holds (complete) or rejects (binary)."""

    article_id: str
    text: str
    accepted: list[Span] = field(default_factory=list)
    rejected: list[Span] = field(default_factory=list)
    complete: bool = True


def read_tasks(fmt: str, items: Iterable[dict[str, Any]]) -> Iterator[Annotated]:
    """Annotated articles from a tool's export; tasks without annotations are skipped."""
    for item in items:
        if fmt == "labelstudio":
            annotations = [a for a in item.get("annotations") or [] if not a.get("was_cancelled")]
            if not annotations:
                continue
            data = item["data"]
            result = [r for r in annotations[-1].get("result") or [] if r.get("type") == "labels"]
            yield Annotated(str(data["article_id"]), data["text"], [
                Span(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0], r["value"].get("text", ""),
                     json.loads((r.get("meta") or {}).get("text", ["{}"])[0] or "{}")) for r in result])
        elif fmt == "doccano":
            labels = item.get("label") or item.get("entities") or []
            spans_ = [Span(*(e[:3] if isinstance(e, list) else (e["start_offset"], e["end_offset"], e["label"])), text="")
                      for e in labels]
            yield Annotated(str(item["article_id"]), item["text"], spans_)
        elif fmt == "prodigy":
            spans_ = [Span(s["start"], s["end"], s["label"], s.get("text", "")) for s in item.get("spans") or []]
            aid = str((item.get("meta") or {}).get("article_id"))
            if item.get("answer") == "accept":
                yield Annotated(aid, item["text"], spans_)
            elif item.get("answer") == "reject":
                yield Annotated(aid, item["text"], rejected=spans_, complete=False)
        else:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def _overlapping(current: list[dict[str, Any]], span: Span) -> list[dict[str, Any]]:
    return [row for row in current if row["start"] < span.end and span.start < row["end"]]


def _values_for_new(table: str, span: Span, quote: str) -> dict[str, Any]:
    """What a bare span says about a new fact; a tool that kept our values gives them back."""
    if span.values:
        return span.values
    return {"officials": {"name": quote}, "article_programs": {"program": quote},
            "article_regions": {"region_code": quote}, "mentions": {"label": span.label, "model_source": "import"},
            "event_dates": {}}.get(table, {})


def import_annotations(db: sqlite_utils.Database, annotated: Iterable[Annotated], annotator: str) -> dict[str, Any]:
    """Turn a tool's annotations into judgements: kept spans accept (or edit, where the tool gives
    other values), missing ones reject, new ones add.

    An article whose text is not the stored text is skipped (offsets would point elsewhere), and so
    is a new span whose values cannot be known (a worker count without its number): both listed.
    """
    outcome: dict[str, Any] = {"articles": 0, "accept": 0, "reject": 0, "edit": 0, "add": 0, "skipped": []}
    imported: set[str] = set()
    for item in annotated:
        row = db.execute("SELECT text FROM articles WHERE id = ?", [item.article_id]).fetchone()
        if row is None or row[0] != item.text:
            outcome["skipped"].append(f"{item.article_id}: not in the base with this text")
            continue
        for table in [*FACT_LABELS, "mentions"]:
            labels = {l for l, t in TABLE_OF_LABEL.items() if t == table}
            current = _rows(db, f"SELECT * FROM [{table}_current] WHERE article_id = ?", [item.article_id])
            if table == "mentions":
                current = [r for r in current if r["label"] in ENTITY_LABELS]
            accepted = [s for s in item.accepted if s.label in labels]
            rejected = [s for s in item.rejected if s.label in labels]
            with transaction(db):  # one article's judgements of one fact type, all or none
                for row in current:
                    kept = next((s for s in accepted if row["start"] < s.end and s.start < row["end"]), None)
                    dropped = any(row["start"] < s.end and s.start < row["end"] for s in rejected)
                    changes = {c: v for c, v in (kept.values if kept else {}).items()
                               if c in row and c != "person_id" and row[c] != v}
                    if dropped or (item.complete and not kept):
                        action = "reject"
                    elif changes:
                        action = "edit"
                    elif kept and row["origin"] == "machine" and row["review"] == "unreviewed":
                        action = "accept"
                    else:
                        continue
                    judge(db, article_id=item.article_id, fact_table=table, action=action, annotator=annotator,
                          fact_id=row["id"], values=changes, note="imported")
                    outcome[action] += 1
                for span in accepted:
                    if _overlapping(current, span):
                        continue
                    try:
                        judge(db, article_id=item.article_id, fact_table=table, action="add", annotator=annotator,
                              start=span.start, end=span.end, note="imported",
                              values=_values_for_new(table, span, item.text[span.start:span.end]))
                        outcome["add"] += 1
                    except JudgementError as error:
                        outcome["skipped"].append(f"{item.article_id} {span.label} {span.start}-{span.end}: {error}")
        mark_done(db, item.article_id, annotator)  # a tool's annotation is a finished review
        imported.add(item.article_id)
    outcome["articles"] = len(imported)
    return outcome


def read_file(path: Path, fmt: str) -> list[dict[str, Any]]:
    """Label Studio exports a JSON array; doccano and Prodigy write JSON Lines."""
    content = path.read_text(encoding="utf-8")
    if fmt == "labelstudio" and content.lstrip().startswith("["):
        return json.loads(content)
    return [json.loads(line) for line in content.splitlines() if line.strip()]
