"""The human layer: annotators' judgements of machine facts, kept apart from machine output.

Every `warta run` deletes and rewrites an article's machine facts, and their ids change when a
fact changes, so a judgement never points at a machine row alone.  It is anchored on the article,
the SHA-256 of the text it was made on, the character offsets, the quoted text with some context on
either side, the fact type and the values before and after.  When an article's text changes, its
judgements are re-anchored by quote; one that cannot be found is marked orphaned and stays listed
(`judgements_orphaned`), never dropped.  Judgements are never deleted (a trigger refuses), and
triggers write every insert and update to `judgement_audit` (who, when, old, new).

The researcher-facing `<table>_current` views apply precedence per fact: a human edit (or an added
fact) > a human reject > the machine.  A judgement applies to the machine facts of the same type
whose span overlaps its own, so a rule that widens or narrows a span does not undo a correction.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from . import now_iso
from .database import fact_id, transaction
from .facttypes import categories

ACTIONS = ("accept", "reject", "edit", "add")
CONTEXT_CHARS = 40
REANCHOR_ACTOR = "warta (re-anchoring)"
HUMAN_ID_PREFIX = "judgement-"

_PROVENANCE = ("id", "article_id", "start", "end", "text", "sentence_id", "extractor_version")
_JUDGEMENT_COLUMNS = ("action", "start", "end", "quote", "text_sha256", "before", "after", "note",
                      "anchor_status")


@dataclass(frozen=True)
class Field:
    """One value of a fact that an annotator may set: its column, type and allowed values."""

    column: str
    kind: str  # "text", "int", "float", "date", "region", "program"
    choices: tuple[str, ...] = ()
    required: bool = False
    bounds: tuple[float, float] | None = None  # the plausible range of a number


# Ranges outside which a value is a typo, not a fact: Indonesia's state budget is some Rp 3,600
# trillion and its workforce some 150 million; coverage and participation are shares.
MAX_AMOUNT_IDR = 10**16
MAX_WORKERS = 300_000_000
MAX_TEXT_CHARS = 500
YEARS = (1900, 2100)


# The fact tables of the knowledge base and the values an annotator can correct (ANNOTATION.md).
FACT_FIELDS: dict[str, tuple[Field, ...]] = {
    "officials": (Field("name", "text", required=True), Field("position", "text"),
                  Field("organization", "text"), Field("region_code", "region")),
    "worker_counts": (Field("value_workers", "int", required=True, bounds=(1, MAX_WORKERS)),
                      Field("status", "text", categories("worker_counts"), required=True),
                      Field("group_name", "text"), Field("region_code", "region")),
    "budgets": (Field("amount_idr", "int", required=True, bounds=(1, MAX_AMOUNT_IDR)),
                Field("kind", "text", categories("budgets"), required=True),
                Field("funding_source", "text"), Field("region_code", "region")),
    "percentages": (Field("value_percent", "float", required=True, bounds=(0, 100)),
                    Field("subject", "text", categories("percentages"), required=True), Field("region_code", "region")),
    "article_programs": (Field("program_id", "program", required=True),),
    "article_regions": (Field("region_code", "region", required=True),),
    "event_dates": (Field("date", "date", required=True),),
    "mentions": (Field("label", "text", required=True), Field("model_source", "text")),
}
# Columns a view derives from the corrected values rather than taking from the annotator.
_DERIVED = {"officials": ("person_id",)}
# How a human row's derived column is read: the person that people resolution found for the row
# (person_sightings), until resolution has run the person of the name as written.
_DERIVED_SQL = {("officials", "person_id"): (
    "COALESCE((SELECT ps.person_id FROM person_sightings ps WHERE ps.official_id = '{prefix}' || j.id), "
    "json_extract(j.after, '$.person_id'))")}


class JudgementError(ValueError):
    """A judgement that cannot be recorded as asked (unknown fact, bad value, bad offsets)."""


def _hash_id(*parts: Any) -> str:
    """Same derivation as database.fact_id, so a human-named person or program gets the machine's id."""
    return fact_id(*parts)


def value_columns(table: str) -> list[str]:
    return [*_DERIVED.get(table, ()), *(f.column for f in FACT_FIELDS[table])]


# --- schema ---------------------------------------------------------------------------------

def _row_json(alias: str) -> str:
    pairs = ", ".join(f"'{c}', {alias}.[{c}]" for c in _JUDGEMENT_COLUMNS)
    return f"json_object({pairs})"


_SCHEMA = f"""
CREATE TABLE judgements (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL,
    fact_table TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'edit', 'add')),
    fact_id TEXT,
    text_sha256 TEXT NOT NULL,
    start INTEGER NOT NULL,
    [end] INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    before TEXT,
    after TEXT,
    note TEXT,
    annotator TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    anchor_status TEXT NOT NULL DEFAULT 'anchored'
        CHECK (anchor_status IN ('anchored', 're-anchored', 'orphaned'))
);
CREATE INDEX judgements_article ON judgements (article_id, fact_table);
CREATE TABLE judgement_audit (
    id INTEGER PRIMARY KEY,
    judgement_id INTEGER NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX judgement_audit_judgement ON judgement_audit (judgement_id);
CREATE TRIGGER judgements_audit_insert AFTER INSERT ON judgements BEGIN
    INSERT INTO judgement_audit (judgement_id, event, actor, at, old, new)
    VALUES (NEW.id, NEW.action, NEW.changed_by, NEW.changed_at, NULL, {_row_json("NEW")});
END;
CREATE TRIGGER judgements_audit_update AFTER UPDATE ON judgements BEGIN
    INSERT INTO judgement_audit (judgement_id, event, actor, at, old, new)
    VALUES (NEW.id,
            CASE WHEN NEW.action IS OLD.action AND NEW.after IS OLD.after AND NEW.note IS OLD.note
                 THEN NEW.anchor_status ELSE NEW.action END,
            NEW.changed_by, NEW.changed_at, {_row_json("OLD")}, {_row_json("NEW")});
END;
CREATE TRIGGER judgements_never_deleted BEFORE DELETE ON judgements BEGIN
    SELECT RAISE(ABORT, 'judgements are never deleted: record a new judgement instead');
END;
CREATE TRIGGER judgement_audit_never_updated BEFORE UPDATE ON judgement_audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER judgement_audit_never_deleted BEFORE DELETE ON judgement_audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE VIEW judgements_in_force AS
    SELECT * FROM judgements WHERE anchor_status != 'orphaned';
CREATE VIEW judgements_orphaned AS
    SELECT j.id, j.article_id, a.title, j.fact_table, j.action, j.quote, j.prefix, j.suffix, j.before,
           j.after, j.annotator, j.changed_at, j.note
    FROM judgements j LEFT JOIN articles a ON a.id = j.article_id
    WHERE j.anchor_status = 'orphaned';
"""


def _overlaps(j: str, m: str) -> str:
    return (f"{j}.fact_table = '{{table}}' AND {j}.article_id = {m}.article_id "
            f"AND {j}.start < {m}.[end] AND {m}.start < {j}.[end]")


def _current_view_sql(table: str) -> str:
    """Machine rows nobody overrode, plus the latest human edit/add of each anchor."""
    values = value_columns(table)
    machine_cols = ", ".join(f"m.[{c}]" for c in (*_PROVENANCE, *values))
    human_vals = ", ".join(
        _DERIVED_SQL.get((table, c), f"json_extract(j.after, '$.{c}')").format(prefix=HUMAN_ID_PREFIX) + f" AS [{c}]"
        for c in values)
    overlap_jm = _overlaps("j", "m").format(table=table)
    overlap_kj = _overlaps("k", "j").format(table=table)
    machine_program = human_program = ""
    if table == "article_programs":
        machine_program = ", (SELECT p.name FROM programs p WHERE p.id = m.program_id) AS program"
        human_program = (", COALESCE(json_extract(j.after, '$.program'), "
                         "(SELECT p.name FROM programs p WHERE p.id = json_extract(j.after, '$.program_id'))) AS program")
    return f"""
CREATE VIEW [{table}_current] AS
SELECT {machine_cols}{machine_program}, 'machine' AS origin,
       CASE WHEN EXISTS (SELECT 1 FROM judgements_in_force j WHERE {overlap_jm} AND j.action = 'accept')
            THEN 'accepted' ELSE 'unreviewed' END AS review,
       NULL AS judgement_id, NULL AS annotator
FROM [{table}] m
WHERE NOT EXISTS (SELECT 1 FROM judgements_in_force j
                  WHERE {overlap_jm} AND j.action IN ('reject', 'edit', 'add'))
UNION ALL
SELECT '{HUMAN_ID_PREFIX}' || j.id, j.article_id, j.start, j.[end], j.quote,
       (SELECT s.id FROM sentences s WHERE s.article_id = j.article_id AND s.start <= j.start AND j.start < s.[end]),
       NULL, {human_vals}{human_program}, 'human',
       CASE j.action WHEN 'edit' THEN 'edited' ELSE 'added' END, j.id, j.annotator
FROM judgements_in_force j
WHERE j.fact_table = '{table}' AND j.action IN ('edit', 'add')
  AND NOT EXISTS (SELECT 1 FROM judgements_in_force k
                  WHERE {overlap_kj} AND k.action IN ('edit', 'add')
                    AND (k.changed_at > j.changed_at OR (k.changed_at = j.changed_at AND k.id > j.id)));
"""


def current_view_sql(table: str) -> str:
    """The CREATE VIEW statement of `<table>_current` (what counts of its rows depend on)."""
    return _current_view_sql(table)


def _queue_view_sql() -> str:
    facts = " UNION ALL ".join(
        "SELECT article_id, review, origin, "
        + ("CASE WHEN " + " OR ".join(f"[{f.column}] IS NULL OR [{f.column}] = 'other'"
                                      for f in FACT_FIELDS[t] if f.kind in ("text", "region")) + " THEN 1 ELSE 0 END"
           if any(f.kind in ("text", "region") for f in FACT_FIELDS[t]) else "0")
        + f" AS uncertain FROM [{t}_current]"
        for t in FACT_FIELDS if t != "mentions"
    )
    return f"""
CREATE VIEW review_queue AS
WITH facts AS ({facts})
SELECT a.id AS article_id, a.title, a.published,
       (SELECT COUNT(*) FROM facts f WHERE f.article_id = a.id) AS facts,
       (SELECT COUNT(*) FROM facts f WHERE f.article_id = a.id AND f.review != 'unreviewed') AS reviewed_facts,
       (SELECT COUNT(*) FROM facts f WHERE f.article_id = a.id AND f.uncertain AND f.review = 'unreviewed')
           AS uncertain_facts,
       (SELECT COUNT(*) FROM judgements j WHERE j.article_id = a.id) AS judgements,
       (SELECT COUNT(*) FROM judgements j WHERE j.article_id = a.id AND j.anchor_status = 'orphaned') AS orphaned,
       (SELECT MAX(j.changed_at) FROM judgements j WHERE j.article_id = a.id) AS last_judged
FROM articles a
ORDER BY CAST(reviewed_facts AS REAL) / MAX(facts, 1), judgements, uncertain_facts DESC, facts DESC, a.id;
"""


def create_schema(db: sqlite_utils.Database) -> None:
    """Create the human layer (tables, triggers, views); run once by storage's migration."""
    script = "\n".join([_SCHEMA, *(_current_view_sql(t) for t in FACT_FIELDS), _queue_view_sql()])
    for statement in _statements(script):
        db.execute(statement)


def recreate_current_view(db: sqlite_utils.Database, table: str) -> None:
    """Replace `<table>_current` (and the review queue built on them) with the definition of this
    code (a migration that changes it)."""
    db.execute(f"DROP VIEW IF EXISTS [{table}_current]")
    db.execute(_current_view_sql(table))
    db.execute("DROP VIEW IF EXISTS review_queue")
    db.execute(_queue_view_sql())


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements (triggers hold `;`), to run them inside the caller's
    transaction: executescript would commit half a migration."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""


# --- recording judgements ------------------------------------------------------------------------

def _article(db: sqlite_utils.Database, article_id: str) -> tuple[str, str]:
    row = db.execute("SELECT text, text_sha256 FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise JudgementError(f"no article {article_id!r}")
    return row[0], row[1]


def _region_code(db: sqlite_utils.Database, value: str) -> str:
    """A region code from a code or a canonical name (`Kota Banjarmasin`), case-insensitively."""
    row = db.execute("SELECT code FROM regions WHERE code = ? OR lower(name) = lower(?)",
                     [value.replace(".", ""), value.strip()]).fetchone()
    if row is None:
        raise JudgementError(f"unknown region {value!r}: give a Kemendagri code or canonical name")
    return row[0]


def _clean(db: sqlite_utils.Database, table: str, values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The annotator's values over `base`, typed and checked against FACT_FIELDS."""
    result = {c: base.get(c) for c in value_columns(table)}
    if table == "article_programs":
        result["program"] = base.get("program")
    for f in FACT_FIELDS[table]:
        key = "program" if f.kind == "program" and "program" in values else f.column
        if key not in values:
            continue
        raw = values[key]
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in ("", None):
            result[f.column] = None
            continue
        try:
            if f.kind == "program" and key == "program":
                result["program"], result[f.column] = str(raw), _hash_id("program", str(raw).casefold())
            else:
                result[f.column] = _typed(db, f.kind, raw)
        except ValueError as error:
            raise JudgementError(f"{f.column}: {raw!r} is not a valid {f.kind}") from error
        if f.choices and result[f.column] not in f.choices:
            raise JudgementError(f"{f.column} must be one of {', '.join(f.choices)}")
        _check_range(f, result[f.column])
    missing = [f.column for f in FACT_FIELDS[table] if f.required and result.get(f.column) is None]
    if missing:
        raise JudgementError(f"{table} needs {missing[0]}")
    if table == "officials":
        result["person_id"] = _hash_id("person", result["name"].casefold())
    return result


def _typed(db: sqlite_utils.Database, kind: str, raw: Any) -> Any:
    """An annotator's value as a field of this kind stores it; ValueError when it is none."""
    if kind == "int":
        return int(re.sub(r"[.\s_]", "", str(raw)))
    if kind == "float":
        return float(str(raw).replace(",", "."))
    if kind == "date":
        return date.fromisoformat(str(raw)).isoformat()
    if kind == "region":
        return _region_code(db, str(raw))
    return str(raw)


def _check_range(f: Field, value: Any) -> None:
    """Refuse a value no article could mean: a negative or absurd amount, a year far off, a novel."""
    if f.bounds and not (math.isfinite(value) and f.bounds[0] <= value <= f.bounds[1]):
        low, high = f.bounds
        raise JudgementError(f"{f.column} must be between {low:,} and {high:,}; {value:,} is out of range")
    if f.kind == "date" and not YEARS[0] <= int(value[:4]) <= YEARS[1]:
        raise JudgementError(f"{f.column}: {value} is not a year from {YEARS[0]} to {YEARS[1]}")
    if f.kind == "text" and len(value) > MAX_TEXT_CHARS:
        raise JudgementError(f"{f.column} is longer than {MAX_TEXT_CHARS} characters")


def _fact_values(db: sqlite_utils.Database, table: str, fact_id: str, article_id: str) -> dict[str, Any]:
    """The span and values of the fact as the annotator saw it: a current row, or a machine row
    that a judgement has already overridden (so that it can be judged again)."""
    cols = ["start", "end", *value_columns(table)]
    select = ", ".join(f"[{c}]" for c in cols)
    program = ", program" if table == "article_programs" else ""
    row = db.execute(f"SELECT {select}{program} FROM [{table}_current] WHERE id = ? AND article_id = ?",
                     [fact_id, article_id]).fetchone()
    if row is None and not fact_id.startswith(HUMAN_ID_PREFIX):
        program = ", (SELECT p.name FROM programs p WHERE p.id = m.program_id)" if program else ""
        row = db.execute(f"SELECT {select.replace('[', 'm.[')}{program} FROM [{table}] m "
                         "WHERE m.id = ? AND m.article_id = ?", [fact_id, article_id]).fetchone()
    if row is None:
        raise JudgementError(f"no {table} fact {fact_id!r} in article {article_id!r} (re-extracted meanwhile?)")
    return dict(zip(cols + (["program"] if program else []), row))


def judge(db: sqlite_utils.Database, *, article_id: str, fact_table: str, action: str, annotator: str,
          fact_id: str | None = None, start: int | None = None, end: int | None = None,
          values: dict[str, Any] | None = None, note: str | None = None) -> int:
    """Record one annotator's judgement of a fact (or a new fact) and return its id.

    accept/reject/edit name the fact they judge by `fact_id` (an id from a `_current` view or a
    machine table); add names the span by `start`/`end`.  An annotator's later judgement of the
    same anchor replaces their earlier one; the audit trail keeps both.
    """
    with transaction(db):
        return _judge(db, article_id=article_id, fact_table=fact_table, action=action, annotator=annotator,
                      fact_id=fact_id, start=start, end=end, values=values, note=note)


def _judge(db: sqlite_utils.Database, *, article_id: str, fact_table: str, action: str, annotator: str,
           fact_id: str | None, start: int | None, end: int | None, values: dict[str, Any] | None,
           note: str | None) -> int:
    if fact_table not in FACT_FIELDS:
        raise JudgementError(f"unknown fact type {fact_table!r}")
    if action not in ACTIONS:
        raise JudgementError(f"action must be one of {', '.join(ACTIONS)}")
    if not annotator:
        raise JudgementError("a judgement needs an annotator")
    text, sha = _article(db, article_id)
    before: dict[str, Any] | None = None
    if action != "add":
        if not fact_id:
            raise JudgementError(f"{action} needs the id of the fact it judges")
        before = _fact_values(db, fact_table, fact_id, article_id)
        start, end = before.pop("start"), before.pop("end")
    if start is None or end is None or not 0 <= start < end <= len(text):
        raise JudgementError(f"offsets {start}..{end} are not a span of the article's text")
    after = _clean(db, fact_table, values or {}, before or {}) if action in ("edit", "add") else None
    now = now_iso()
    row = {
        "article_id": article_id, "fact_table": fact_table, "action": action, "fact_id": fact_id,
        "text_sha256": sha, "start": start, "end": end, "quote": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS],
        "before": json.dumps(before, ensure_ascii=False) if before is not None else None,
        "after": json.dumps(after, ensure_ascii=False) if after is not None else None,
        "note": note or None, "changed_by": annotator, "changed_at": now, "anchor_status": "anchored",
        "withdrawn_at": None,
    }
    existing = db.execute(
        "SELECT id FROM judgements WHERE article_id = ? AND fact_table = ? AND start = ? AND [end] = ? "
        "AND annotator = ? AND anchor_status != 'orphaned'",
        [article_id, fact_table, start, end, annotator]).fetchone()
    if existing:
        db["judgements"].update(existing[0], row)
        return existing[0]
    return db["judgements"].insert({**row, "annotator": annotator, "created_at": now}).last_pk


# --- undo and done -------------------------------------------------------------------------------

_REVIEW_STATE = f"""
ALTER TABLE judgements ADD COLUMN withdrawn_at TEXT;
DROP VIEW judgements_in_force;
CREATE VIEW judgements_in_force AS
    SELECT * FROM judgements WHERE anchor_status != 'orphaned' AND withdrawn_at IS NULL;
DROP TRIGGER judgements_audit_update;
CREATE TRIGGER judgements_audit_update AFTER UPDATE ON judgements BEGIN
    INSERT INTO judgement_audit (judgement_id, event, actor, at, old, new)
    VALUES (NEW.id,
            CASE WHEN NEW.withdrawn_at IS NOT NULL AND OLD.withdrawn_at IS NULL THEN 'withdrawn'
                 WHEN NEW.action IS OLD.action AND NEW.after IS OLD.after AND NEW.note IS OLD.note
                      AND NEW.withdrawn_at IS OLD.withdrawn_at THEN NEW.anchor_status
                 ELSE NEW.action END,
            NEW.changed_by, NEW.changed_at, {_row_json("OLD")}, {_row_json("NEW")});
END;
CREATE TABLE article_reviews (
    article_id TEXT NOT NULL REFERENCES articles(id),
    annotator TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
"""


def create_review_state(db: sqlite_utils.Database) -> None:
    """Undo and done: a judgement its annotator takes back is withdrawn (kept, out of force, audited),
    and an article counts as reviewed once an annotator marks it done (`article_reviews`)."""
    for statement in _statements(_REVIEW_STATE):
        db.execute(statement)


def undo_last(db: sqlite_utils.Database, article_id: str, annotator: str) -> dict[str, Any] | None:
    """Take back the annotator's last change on the article: the judgement returns to the state the
    audit trail holds from before it, or is withdrawn if the change made it.  Undoing again redoes.
    Returns the judgement as it now stands, or None when the annotator changed nothing here."""
    with transaction(db):
        last = db.execute(
            "SELECT a.judgement_id, a.old FROM judgement_audit a JOIN judgements j ON j.id = a.judgement_id "
            "WHERE j.article_id = ? AND a.actor = ? ORDER BY a.id DESC LIMIT 1", [article_id, annotator]).fetchone()
        if last is None:
            return None
        judgement_id, old = last
        change: dict[str, Any] = {"changed_by": annotator, "changed_at": now_iso()}
        if old is None:
            change["withdrawn_at"] = change["changed_at"]
        else:
            change.update({c: v for c, v in json.loads(old).items() if c in _JUDGEMENT_COLUMNS}, withdrawn_at=None)
        db["judgements"].update(judgement_id, change)
        return db["judgements"].get(judgement_id)


def mark_done(db: sqlite_utils.Database, article_id: str, annotator: str, done: bool = True) -> None:
    """Record that the annotator finished the article (or, with done=False, reopened it)."""
    with transaction(db):
        _article(db, article_id)
        if done:
            db.execute("INSERT OR REPLACE INTO article_reviews (article_id, annotator, done_at) VALUES (?, ?, ?)",
                       [article_id, annotator, now_iso()])
        else:
            db.execute("DELETE FROM article_reviews WHERE article_id = ? AND annotator = ?", [article_id, annotator])


# --- re-anchoring --------------------------------------------------------------------------------

def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def locate(text: str, quote: str, prefix: str, suffix: str, near: int) -> tuple[int, int] | None:
    """Where a quote now stands in a changed text, or None when it cannot be told.

    Exact occurrences first, then occurrences with the white space reflowed.  Several candidates
    are told apart by how much of the remembered context surrounds them; when the best two are
    surrounded equally well the place is ambiguous, and ambiguity is not guessed.
    """
    candidates = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]
    if not candidates:
        pattern = r"\s+".join(map(re.escape, quote.split()))
        candidates = [(m.start(), m.end()) for m in re.finditer(pattern, text)] if pattern else []
    if len(candidates) <= 1:
        return candidates[0] if candidates else None

    def context(span: tuple[int, int]) -> int:
        return _common_suffix(text[:span[0]], prefix) + _common_prefix(text[span[1]:], suffix)

    scored = sorted(candidates, key=lambda s: (-context(s), abs(s[0] - near)))
    if context(scored[0]) == context(scored[1]):
        return None
    return scored[0]


def reanchor_article(db: sqlite_utils.Database, article_id: str) -> dict[str, int]:
    """Move the article's judgements made on another text onto its current text.

    Called by storage after it stores a changed text, in the same transaction (one of its own
    when called alone).  Returns how many judgements were re-anchored and orphaned.
    """
    with transaction(db):
        return _reanchor(db, article_id)


def _reanchor(db: sqlite_utils.Database, article_id: str) -> dict[str, int]:
    text, sha = _article(db, article_id)
    outcome = {"re-anchored": 0, "orphaned": 0}
    rows = db.execute(
        "SELECT id, start, [end], quote, prefix, suffix, anchor_status FROM judgements "
        "WHERE article_id = ? AND (text_sha256 != ? OR anchor_status = 'orphaned')", [article_id, sha]).fetchall()
    for jid, start, end, quote, prefix, suffix, status in rows:
        found = locate(text, quote, prefix, suffix, start)
        change: dict[str, Any] = {"changed_by": REANCHOR_ACTOR, "changed_at": now_iso()}
        if found is None:
            if status == "orphaned":
                continue
            change["anchor_status"] = "orphaned"
            outcome["orphaned"] += 1
        else:
            new_start, new_end = found
            change.update(text_sha256=sha, start=new_start, end=new_end, anchor_status="re-anchored",
                          prefix=text[max(0, new_start - CONTEXT_CHARS):new_start],
                          suffix=text[new_end:new_end + CONTEXT_CHARS])
            outcome["re-anchored"] += 1
        db["judgements"].update(jid, change)
    return outcome


# --- reading the human layer ---------------------------------------------------------------------

def reviewed_article_ids(db: sqlite_utils.Database) -> list[str]:
    """Articles an annotator marked done (every fact judged or knowingly left), in id order."""
    return [r[0] for r in db.execute("SELECT DISTINCT article_id FROM article_reviews ORDER BY article_id")]


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _unique(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One entry per value, as ANNOTATION.md counts a value stated twice once."""
    seen: set[Any] = set()
    result = []
    for item in items:
        k = item[key].casefold() if isinstance(item[key], str) else item[key]
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


def current_facts(db: sqlite_utils.Database, article_id: str) -> dict[str, Any]:
    """An article's facts after human corrections, in the `facts` shape of ANNOTATION.md."""
    def q(sql: str) -> list[dict[str, Any]]:
        return _rows(db, sql, [article_id])

    officials = q("SELECT o.name, o.position, o.organization, r.name AS region FROM officials_current o "
                  "LEFT JOIN regions r ON r.code = o.region_code WHERE o.article_id = ? ORDER BY o.start")
    regions = q("SELECT DISTINCT r.name FROM article_regions_current c JOIN regions r ON r.code = c.region_code "
                "WHERE c.article_id = ? ORDER BY c.start")
    workers = q("SELECT value_workers AS value, status, group_name AS [group], r.name AS region, text "
                "FROM worker_counts_current c LEFT JOIN regions r ON r.code = c.region_code "
                "WHERE article_id = ? ORDER BY start")
    budgets = q("SELECT amount_idr, kind, funding_source AS source, r.name AS region, text "
                "FROM budgets_current c LEFT JOIN regions r ON r.code = c.region_code WHERE article_id = ? ORDER BY start")
    programs = q("SELECT DISTINCT program FROM article_programs_current WHERE article_id = ? "
                 "AND program IS NOT NULL ORDER BY start")
    percentages = q("SELECT value_percent AS value, subject, r.name AS region, text FROM percentages_current c "
                    "LEFT JOIN regions r ON r.code = c.region_code WHERE article_id = ? ORDER BY start")
    dates = q("SELECT date FROM event_dates_current WHERE article_id = ? ORDER BY origin = 'machine', start")
    return {
        "officials": _unique(officials, "name"),
        "regions": list(dict.fromkeys(r["name"] for r in regions)),
        "worker_counts": _unique(workers, "value"),
        "budgets": _unique(budgets, "amount_idr"),
        "programs": list(dict.fromkeys(p["program"] for p in programs)),
        "percentages": _unique([{**p, "value": float(p["value"])} for p in percentages], "value"),
        "event_date": dates[0]["date"] if dates else None,
    }


def export_gold(db: sqlite_utils.Database, article_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Human-reviewed articles as gold lines of ANNOTATION.md, for `warta evaluate --gold`."""
    for article_id in article_ids if article_ids is not None else reviewed_article_ids(db):
        article = _rows(db, "SELECT a.id, a.url, o.name AS outlet, a.published, a.title, a.text FROM articles a "
                            "LEFT JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?", [article_id])
        if not article:
            continue
        yield {**article[0], "facts": current_facts(db, article_id)}


def orphaned(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Judgements whose quote is no longer in their article's text: for a person to re-attach."""
    return _rows(db, "SELECT * FROM judgements_orphaned ORDER BY article_id, id", [])
