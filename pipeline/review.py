"""The review UI: a Datasette plugin where annotators correct the extractor, article by article.

`/-/review` is the queue (least reviewed, most uncertain first; progress, filters by outlet, region
and fact type, search); `/-/review/<article id>` shows the text with every fact highlighted by type
and lets a logged-in annotator accept, reject or edit a fact, select text to add a missing one
(its name or number prefilled), undo their last judgement and mark the article done: only done
articles count as reviewed.  Each fact shows every annotator's judgement of it; where two
annotators disagree, `/-/review/conflicts` lists them for adjudication, and a page opened before
another annotator judged the same fact is refused with who changed what.  Judgements go through
pipeline/judgements.py, so the human layer has one writer.  Logging in is datasette-auth-passwords'
`/-/login`; accounts are made with `warta user add` and live in a JSON file beside the database,
never in the database that anonymous researchers can read, nor in Datasette's metadata (which
`/-/metadata.json` serves): this plugin hands them to datasette-auth-passwords only when it asks
for plugin configuration.  A login POST needs the CSRF token even when it carries no cookie, and failed logins
are throttled per client address.  Anyone may read; only an actor may post.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Forbidden, NotFound, Response
from jinja2 import FileSystemLoader
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from markupsafe import Markup, escape

from .judgements import (
    FACT_FIELDS,
    HUMAN_ID_PREFIX,
    JudgementError,
    judge,
    mark_done,
    undo_last,
    value_columns,
)
from .labels import ARTICLE_LABEL_COLUMNS, article_label

PERMISSION = "warta-review"
AUTH_PLUGIN = "datasette-auth-passwords"
LOGIN_PATH = "/-/login"
CSRF_COOKIE = b"ds_csrftoken"
FAILED_LOGINS = parse("5 per 15 minutes")  # per client address, then refused until the window moves on
ASSETS = resources.files("pipeline") / "datasette" / "review"
STATIC = {"review.js": "application/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
LABELS = {"officials": "official", "worker_counts": "worker count", "budgets": "budget",
          "percentages": "percentage", "article_programs": "program", "article_regions": "region",
          "event_dates": "event date", "mentions": "mention"}


# --- accounts -------------------------------------------------------------------------------------

def accounts_path(db_path: Path | str) -> Path:
    """Where the annotators of a knowledge base keep their password hashes: beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.accounts.json")


MIN_PASSWORD_LENGTH = 10
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class AccountError(ValueError):
    """An account that cannot be made or removed as asked."""


def _accounts(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_accounts(path: Path, accounts: dict[str, str]) -> None:
    path.write_text(json.dumps(accounts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path.chmod(0o600)


def add_account(path: Path, username: str, password: str) -> None:
    """Create or reset an annotator's password (PBKDF2 hash from datasette-auth-passwords); a
    running server reads the file at each login, so the account works at once."""
    from datasette_auth_passwords.utils import hash_password

    if not USERNAME.fullmatch(username):
        raise AccountError(f"user name {username!r}: letters, digits, '.', '_' or '-', at most 64")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    accounts = _accounts(path)
    accounts[username] = hash_password(password)
    _write_accounts(path, accounts)


def remove_account(path: Path, username: str) -> None:
    accounts = _accounts(path)
    if username not in accounts:
        raise AccountError(f"no account {username!r} in {path}")
    del accounts[username]
    _write_accounts(path, accounts)


def account_names(path: Path) -> list[str]:
    return sorted(_accounts(path))


def auth_plugin_config(path: Path) -> dict[str, Any]:
    """The datasette-auth-passwords config for these accounts (get_metadata hands it over; never metadata)."""
    return {f"{user}_password_hash": digest for user, digest in sorted(_accounts(path).items())}


def _served_accounts(datasette: Any) -> dict[str, Any]:
    """The auth plugin's config for the accounts of every database file Datasette serves."""
    config: dict[str, Any] = {}
    for database in datasette.databases.values():
        if database.path:
            config.update(auth_plugin_config(accounts_path(database.path)))
    return config


# --- Datasette hooks ------------------------------------------------------------------------------

@hookimpl
def get_metadata(datasette: Any, key: str | None) -> dict[str, Any]:
    """Password hashes for datasette-auth-passwords, read from the accounts file at each lookup.

    Given only when plugin configuration is asked for by name (`plugin_config`), never into the
    whole metadata that `/-/metadata.json` serves.
    """
    if key != "plugins":
        return {}
    accounts = _served_accounts(datasette)
    return {"plugins": {AUTH_PLUGIN: accounts}} if accounts else {}


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Guard `/-/login`: a POST without the CSRF cookie is refused (asgi-csrf checks no request that
    carries no cookie at all), and a client with too many failed logins is told to wait."""
    limiter = MovingWindowRateLimiter(MemoryStorage())

    def wrap(app: Any) -> Any:
        async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != LOGIN_PATH:
                return await app(scope, receive, send)
            client = (scope.get("client") or ("?",))[0]
            if not limiter.test(FAILED_LOGINS, client):
                wait = max(1, int(limiter.get_window_stats(FAILED_LOGINS, client).reset_time - time.time()))
                return await Response.text(f"too many failed logins: try again in {wait} s", status=429,
                                           headers={"retry-after": str(wait)}).asgi_send(send)
            if not _has_cookie(scope, CSRF_COOKIE):
                return await Response.text("login refused: the form's CSRF token is missing (reload the login page)",
                                           status=403).asgi_send(send)

            async def watch(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start" and message["status"] == 200:
                    limiter.hit(FAILED_LOGINS, client)  # the login page again: wrong name or password
                await send(message)

            await app(scope, receive, watch)

        return guarded

    return wrap


def _has_cookie(scope: dict[str, Any], name: bytes) -> bool:
    cookies = b";".join(value for key, value in scope.get("headers") or [] if key == b"cookie")
    return any(part.strip().split(b"=", 1)[0] == name for part in cookies.split(b";"))


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Make the review templates findable: a plugin module (not package) gets no templates dir."""
    env.loader.loaders.insert(0, FileSystemLoader(str(ASSETS / "templates")))


@hookimpl
def permission_allowed(actor: dict[str, Any] | None, action: str) -> bool | None:
    if action == PERMISSION:
        return bool(actor and actor.get("id"))
    return None


@hookimpl
def menu_links(datasette: Any, actor: dict[str, Any] | None) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/review"), "label": "Review articles"}]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/review$", queue_page),
        (r"^/-/review/static/(?P<name>[a-z.]+)$", static_file),
        (r"^/-/review/conflicts$", conflicts_page),
        (r"^/-/review/number$", number_of_text),
        (r"^/-/review/(?P<article_id>[^/]+)$", article_page),
    ]


async def _database(datasette: Any) -> Any:
    """The first attached database that holds the human layer."""
    for database in datasette.databases.values():
        if "judgements" in await database.table_names():
            return database
    raise NotFound("no database with a judgements table: build one with `warta run`")


async def _can_review(datasette: Any, request: Any) -> bool:
    return bool(await datasette.permission_allowed(request.actor, PERMISSION, default=False))


async def static_file(request: Any) -> Response:
    name = request.url_vars["name"]
    if name not in STATIC:
        raise NotFound(name)
    return Response((ASSETS / "static" / name).read_text(encoding="utf-8"), content_type=STATIC[name],
                    headers={"cache-control": "no-cache"})


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


QUEUE_SQL = f"""
SELECT q.*, {ARTICLE_LABEL_COLUMNS},
       (SELECT group_concat(annotator, ', ') FROM article_reviews d WHERE d.article_id = q.article_id) AS done_by,
       (SELECT COUNT(*) FROM judgements_in_force j WHERE j.article_id = q.article_id AND j.action = 'reject'
          AND j.fact_table != 'mentions') AS rejected
FROM review_queue q JOIN articles a ON a.id = q.article_id LEFT JOIN outlets o ON o.id = a.outlet_id
WHERE (:outlet = '' OR o.name = :outlet)
  AND (:region = '' OR q.article_id IN (SELECT ar.article_id FROM article_regions_current ar
                                        JOIN regions r ON r.code = ar.region_code WHERE r.name = :region))
  AND (:fact_type = '' OR q.article_id IN ({{facts_of_type}}))
  AND (:q = '' OR a.rowid IN (SELECT rowid FROM articles_fts
                               WHERE articles_fts MATCH '"' || replace(:q, '"', '') || '"'))
"""
CHOICES_SQL = """
SELECT (SELECT json_group_array(name) FROM (SELECT DISTINCT o.name FROM outlets o JOIN articles a ON a.outlet_id = o.id
                                            ORDER BY o.name)),
       (SELECT json_group_array(name) FROM (SELECT DISTINCT r.name FROM article_regions_current ar
                                            JOIN regions r ON r.code = ar.region_code ORDER BY r.name)),
       (SELECT COUNT(*) FROM articles), (SELECT COUNT(DISTINCT article_id) FROM article_reviews)
"""


def _queue(conn: sqlite3.Connection, filters: dict[str, str]) -> dict[str, Any]:
    table = filters["fact_type"] if filters["fact_type"] in FACT_FIELDS else ""
    facts_of_type = f"SELECT article_id FROM [{table}_current]" if table else "SELECT NULL"
    rows = _rows(conn, QUEUE_SQL.format(facts_of_type=facts_of_type), filters)
    for row in rows:
        row["label"] = article_label(row["title"], row["outlet"], row["published"], row["opening"])
    outlets, regions, total, done = conn.execute(CHOICES_SQL).fetchone()
    return {"rows": rows, "outlets": json.loads(outlets), "regions": json.loads(regions), "total": total,
            "done": done}


async def queue_page(request: Any, datasette: Any) -> Response:
    database = await _database(datasette)
    filters = {key: request.args.get(key, "").strip() for key in ("outlet", "region", "fact_type", "q")}
    data = await database.execute_fn(lambda conn: _queue(conn, filters))
    return Response.html(await datasette.render_template(
        "warta_review_queue.html",
        {**data, "filters": filters, "labels": LABELS, "database": database.name,
         "can_review": await _can_review(datasette, request),
         "article_url": lambda article_id: datasette.urls.path(f"/-/review/{quote(article_id, safe='')}")},
        request=request))


CONFLICTS_SQL = """
SELECT j.article_id, j.fact_table, j.quote, j.start, j.[end],
       j.id AS first_id, j.annotator AS first_annotator, j.action AS first_action, j.after AS first_after,
       j.changed_at AS first_at,
       k.id AS second_id, k.annotator AS second_annotator, k.action AS second_action, k.after AS second_after,
       k.changed_at AS second_at
FROM judgements_in_force j JOIN judgements_in_force k
  ON k.article_id = j.article_id AND k.fact_table = j.fact_table AND j.start < k.[end] AND k.start < j.[end]
 AND j.annotator < k.annotator
WHERE j.action != k.action OR COALESCE(j.after, '') != COALESCE(k.after, '')
ORDER BY j.article_id, j.start, j.fact_table
"""


def conflicts(conn: sqlite3.Connection, article_id: str | None = None) -> list[dict[str, Any]]:
    """Facts two annotators judged differently: both judgements stay; a person decides."""
    rows = _rows(conn, CONFLICTS_SQL)
    return [row for row in rows if article_id is None or row["article_id"] == article_id]


async def conflicts_page(request: Any, datasette: Any) -> Response:
    database = await _database(datasette)
    rows = await database.execute_fn(conflicts)
    return Response.html(await datasette.render_template(
        "warta_review_conflicts.html",
        {"rows": rows, "labels": LABELS, "database": database.name,
         "article_url": lambda article_id: datasette.urls.path(f"/-/review/{quote(article_id, safe='')}")},
        request=request))


async def number_of_text(request: Any, datasette: Any) -> Response:
    """The number a selected span states (`3 ribu`, `Rp 1,2 miliar`, `45,5 persen`), for the add form."""
    from .numbers import find_numbers

    found = find_numbers(request.args.get("text", "")[:200])
    value = found[0].value if found else None
    return Response.json({"value": None if value is None else (int(value) if value == int(value) else value)})


# --- the article page -----------------------------------------------------------------------------

@dataclass
class Fact:
    """A fact as the page shows it: current (machine or human) or overridden by a judgement."""

    table: str
    id: str
    start: int
    end: int
    text: str
    values: dict[str, Any]
    origin: str
    review: str
    annotator: str | None = None
    active: bool = True
    key: str = field(default="")
    judged: list[dict[str, Any]] = field(default_factory=list)  # every annotator's judgement of it


def _facts(conn: sqlite3.Connection, article_id: str) -> list[Fact]:
    facts: list[Fact] = []
    for table in FACT_FIELDS:
        columns = value_columns(table) + (["program"] if table == "article_programs" else [])
        for row in _rows(conn, f"SELECT * FROM [{table}_current] WHERE article_id = ? ORDER BY start", [article_id]):
            facts.append(Fact(table, row["id"], row["start"], row["end"], row["text"],
                              {c: row[c] for c in columns}, row["origin"], row["review"], row["annotator"]))
        program = ", (SELECT p.name FROM programs p WHERE p.id = m.program_id) AS program" if columns[-1] == "program" else ""
        overridden = _rows(conn, f"""
            SELECT m.*{program}, (SELECT j.action FROM judgements_in_force j WHERE j.fact_table = ? AND j.article_id = m.article_id
                         AND j.start < m.[end] AND m.start < j.[end] AND j.action != 'accept'
                         ORDER BY j.action = 'reject', j.changed_at DESC LIMIT 1) AS judged
            FROM [{table}] m WHERE m.article_id = ?
              AND m.id NOT IN (SELECT id FROM [{table}_current] WHERE article_id = ?) ORDER BY m.start""",
                           [table, article_id, article_id])
        for row in overridden:
            values = {c: row.get(c) for c in columns}
            facts.append(Fact(table, row["id"], row["start"], row["end"], row["text"], values, "machine",
                              "rejected" if row["judged"] == "reject" else "replaced", active=False))
    facts.sort(key=lambda f: (f.start, f.end, f.table))
    judgements = _rows(conn, "SELECT id, fact_table, start, [end], action, after, annotator, changed_at "
                             "FROM judgements_in_force WHERE article_id = ? ORDER BY changed_at", [article_id])
    for index, fact in enumerate(facts):
        fact.key = f"f{index}"
        fact.judged = [j for j in judgements if j["fact_table"] == fact.table
                       and j["start"] < fact.end and fact.start < j["end"]]
    return facts


def web_link(url: str | None) -> str | None:
    """The URL if it may be a link: http(s) only, so a `javascript:` or `data:` URL stays text."""
    try:
        return url if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") else None
    except ValueError:  # e.g. an invalid IPv6 host
        return None


def highlight(text: str, facts: list[Fact]) -> Markup:
    """The text with each fact's span wrapped by type (facts over mentions); nested spans split into segments.

    Every character of the text is emitted exactly once, so the browser's selection offsets are
    offsets into the article text.
    """
    bounds = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        covering = sorted((f for f in facts if f.start <= a and b <= f.end), key=lambda f: (not f.active, f.table == "mentions", f.end - f.start))
        chunk = escape(text[a:b])
        if not covering:
            parts.append(chunk)
            continue
        top = covering[0]
        classes = f"hl t-{top.table}" + ("" if top.active else " off")
        keys = " ".join(f.key for f in covering)
        parts.append(Markup(f'<span class="{classes}" data-facts="{keys}">{chunk}</span>'))
    return Markup("").join(parts)


async def article_page(request: Any, datasette: Any) -> Response:
    database = await _database(datasette)
    article_id = request.url_vars["article_id"]
    error = None
    if request.method == "POST":
        if not await _can_review(datasette, request):
            raise Forbidden("log in as an annotator to change judgements")
        form = await request.post_vars()
        try:
            await database.execute_write_fn(lambda conn: _act(conn, article_id, form, request.actor["id"]), block=True)
        except JudgementError as problem:
            error = str(problem)
        else:
            focus = form.get("focus") or ""
            return Response.redirect(datasette.urls.path(f"/-/review/{quote(article_id, safe='')}")
                                     + (f"?focus={quote(focus)}" if focus else ""))
    return await _render_article(request, datasette, database, article_id, error)


def _act(conn: sqlite3.Connection, article_id: str, form: Any, annotator: str) -> None:
    """One POST of the article page: a judgement, an undo, or marking the article done or open again."""
    db = sqlite_utils.Database(conn)
    action = form.get("action") or ""
    if action == "undo":
        if undo_last(db, article_id, annotator) is None:
            raise JudgementError("nothing to undo: you have not judged this article")
    elif action in ("done", "reopen"):
        mark_done(db, article_id, annotator, done=action == "done")
    else:
        _refuse_if_stale(conn, article_id, form, annotator)
        _judge_from_form(conn, article_id, form, annotator)


def _audit_mark(conn: sqlite3.Connection, article_id: str) -> int:
    """The last audit entry of the article's judgements: a page remembers it to see later changes."""
    row = conn.execute("SELECT MAX(a.id) FROM judgement_audit a JOIN judgements j ON j.id = a.judgement_id "
                       "WHERE j.article_id = ?", [article_id]).fetchone()
    return row[0] or 0


def _span_of(conn: sqlite3.Connection, table: str, fact_id: str, form: Any) -> tuple[int, int] | None:
    if form.get("start") and form.get("end") and form["start"].isdigit() and form["end"].isdigit():
        return int(form["start"]), int(form["end"])
    for source in (f"[{table}_current]", f"[{table}]"):
        row = conn.execute(f"SELECT start, [end] FROM {source} WHERE id = ?", [fact_id]).fetchone()
        if row:
            return row[0], row[1]
    return None


def _refuse_if_stale(conn: sqlite3.Connection, article_id: str, form: Any, annotator: str) -> None:
    """Refuse a judgement made on a page opened before another annotator judged the same fact."""
    table = form.get("fact_table") or ""
    seen = form.get("seen") or ""
    if table not in FACT_FIELDS or not seen.isdigit():
        return
    span = _span_of(conn, table, form.get("fact_id") or "", form)
    if span is None:
        return
    changes = _rows(conn, """
        SELECT a.actor, a.event, a.at, j.after, j.quote
        FROM judgement_audit a JOIN judgements j ON j.id = a.judgement_id
        WHERE j.article_id = ? AND j.fact_table = ? AND a.id > ? AND a.actor != ?
          AND j.start < ? AND ? < j.[end] ORDER BY a.id""", [article_id, table, int(seen), annotator, span[1], span[0]])
    if changes:
        told = "; ".join(f"{c['actor']} {_past(c['event'])} it"
                         + (f" to {_values_text(c['after'])}" if c["after"] else "") + f" at {c['at'][:19]}"
                         for c in changes)
        raise JudgementError(f"not saved: since you opened this page, {told} (the {LABELS[table]} "
                             f"“{changes[-1]['quote']}”). Read their judgement below, then judge again.")


def _past(event: str) -> str:
    return {"accept": "accepted", "reject": "rejected", "edit": "edited", "add": "added",
            "withdrawn": "withdrew their judgement of"}.get(event, event)


def _values_text(after: str | None) -> str:
    values = json.loads(after) if after else {}
    return ", ".join(f"{key} {value}" for key, value in values.items()
                     if value not in (None, "") and key != "person_id")


def _judge_from_form(conn: sqlite3.Connection, article_id: str, form: Any, annotator: str) -> int:
    table = form.get("fact_table") or ""
    values = {key[2:]: value for key, value in form.items() if key.startswith("v_")}
    try:
        start = int(form["start"]) if form.get("start") else None
        end = int(form["end"]) if form.get("end") else None
    except ValueError as error:
        raise JudgementError("start and end must be character offsets") from error
    db = sqlite_utils.Database(conn)
    return judge(db, article_id=article_id, fact_table=table, action=form.get("action") or "",
                 annotator=annotator, fact_id=form.get("fact_id") or None, start=start, end=end,
                 values=values, note=form.get("note") or None)


async def _render_article(request: Any, datasette: Any, database: Any, article_id: str, error: str | None) -> Response:
    def load(conn: sqlite3.Connection) -> dict[str, Any]:
        article = _rows(conn, "SELECT a.*, o.name AS outlet FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id "
                              "WHERE a.id = ?", [article_id])
        if not article:
            raise NotFound(f"no article {article_id}")
        return {
            "article": article[0],
            "facts": _facts(conn, article_id),
            "judgements": _rows(conn, "SELECT * FROM judgements WHERE article_id = ? ORDER BY changed_at DESC, id DESC",
                                [article_id]),
            "next_id": next((r["article_id"] for r in _rows(conn, "SELECT article_id FROM review_queue")
                             if r["article_id"] != article_id), None),
            "regions": [r["name"] for r in _rows(conn, "SELECT name FROM regions ORDER BY name")],
            "seen": _audit_mark(conn, article_id),
            "done_by": _rows(conn, "SELECT annotator, done_at FROM article_reviews WHERE article_id = ? "
                                   "ORDER BY done_at", [article_id]),
            "conflicts": conflicts(conn, article_id),
            "region_names": {r["code"]: r["name"] for r in _rows(
                conn, "SELECT code, name FROM regions WHERE code IN (SELECT region_code FROM article_regions_current "
                      "WHERE article_id = ? UNION SELECT region_code FROM officials_current WHERE article_id = ?)",
                [article_id, article_id])},
        }

    data = await database.execute_fn(load)
    article = data["article"]
    context = {
        "label": article_label(article["title"], article["outlet"], article["published"], article["text"]),
        "values_text": _values_text, "actor_id": (request.actor or {}).get("id"),
        **data, "error": error, "fields": FACT_FIELDS, "labels": LABELS, "database": database.name,
        "can_review": await _can_review(datasette, request), "human_prefix": HUMAN_ID_PREFIX,
        "text_html": highlight(data["article"]["text"], data["facts"]), "focus": request.args.get("focus"),
        "source_link": web_link(data["article"]["url"]),
        "next_url": datasette.urls.path(f"/-/review/{quote(data['next_id'], safe='')}") if data["next_id"] else None,
        "static": lambda name: datasette.urls.path(f"/-/review/static/{name}"),
    }
    return Response.html(await datasette.render_template("warta_review_article.html", context, request=request),
                         status=400 if error else 200)
