"""Serving: the knowledge base in Datasette, self-explaining, with the common questions one click away.

The Datasette configuration lives as data in pipeline/datasette/: metadata.yml (descriptions of
every table, view and column, facets, labels), queries.yml (canned queries), views.sql (the
researchers' views) and plugins/ (links from view and query cells back to rows).  Researchers see
the facts as reviewers corrected them: the views and queries read the `*_current` views of
pipeline/judgements.py, and the raw machine tables are hidden.
`build_metadata()` returns a plain dict so other stages (the review plugin) can add to it.
Installed Datasette plugins (cluster map, vega charts, search-all, review) load from their entry
points as usual.
"""

from __future__ import annotations

import errno
import re
import socket
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from .database import transaction
from .storage import connect

SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 500, "default_page_size": 50,
            "suggest_facets": False}  # suggestions cost a query per column on every table page


def datasette_dir() -> Path:
    """pipeline/datasette as a directory on disk (Datasette wants paths, not resources)."""
    return Path(str(resources.files("pipeline").joinpath("datasette")))


def _read(name: str) -> str:
    return resources.files("pipeline").joinpath("datasette", name).read_text(encoding="utf-8")


def view_statements() -> list[tuple[str, str]]:
    """(view name, CREATE VIEW statement) from views.sql, in file order."""
    statements, buffer = [], ""
    for line in _read("views.sql").splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            name = re.match(r"\s*CREATE VIEW (\w+)", buffer, re.IGNORECASE)
            if not name:
                raise ValueError(f"views.sql holds a statement that is not a CREATE VIEW: {buffer[:60]!r}")
            statements.append((name.group(1), buffer.strip()))
            buffer = ""
    return statements


def install_views(db: sqlite_utils.Database) -> None:
    """(Re)create the researchers' views, so an existing base gets the current definitions, and
    the materialized layer built on them (pipeline/layer.py: filled once when missing or outdated)
    and the counts of its pages (pipeline/counts.py, likewise)."""
    from . import counts, layer

    statements = view_statements()
    with transaction(db):
        for name, _ in reversed(statements):
            db.execute(f"DROP VIEW IF EXISTS [{name}]")
        for _, sql in statements:
            db.execute(sql)
        layer.install(db)
        counts.install(db)


def build_metadata(database: str = "extracted") -> dict[str, Any]:
    """Datasette 0.65 metadata for a knowledge base served under the name `database`."""
    site = yaml.safe_load(_read("metadata.yml"))
    queries = yaml.safe_load(_read("queries.yml"))
    tables = site.pop("tables")
    page = site.pop("database", {})
    site.pop("anchors", None)
    for key in ("description_html", "source_url"):
        if key in site:
            site[key] = site[key].replace("{database}", database)
    for table in [page, *tables.values()]:
        if "description_html" in table:
            table["description_html"] = table["description_html"].replace("{database}", database)
    site["databases"] = {database: {**page, "tables": tables, "queries": queries}}
    return site


def database_name(db_path: Path | str) -> str:
    """The name Datasette serves a file under: its stem."""
    return Path(db_path).stem


def prepare(db_path: Path | str) -> None:
    """Migrate the base and refresh its views before serving.  People are resolved by runs, not
    here (at scale that is a pass over the base on every start): an official a reviewer added or
    renamed gets its person at the next run."""
    db = connect(db_path)
    try:
        install_views(db)
    finally:
        db.close()


def make_datasette(db_path: Path | str, metadata: dict[str, Any] | None = None):  # -> Datasette
    """A Datasette instance over the base, configured from pipeline/datasette/."""
    from datasette.app import Datasette

    prepare(db_path)
    metadata = metadata if metadata is not None else build_metadata(database_name(db_path))
    return Datasette(
        files=[str(db_path)],
        metadata=metadata,
        plugins_dir=str(datasette_dir() / "plugins"),
        settings=SETTINGS,
    )


EXIT_PORT_BUSY = 69  # EX_UNAVAILABLE: the port is taken (or cannot be had), nothing was served


class PortBusy(OSError):
    """The address to serve on cannot be had: another server holds it, or it does not exist here."""


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, claimed before anything says it is serving."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT, not a live one
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        reason = "another program is listening there" if error.errno == errno.EADDRINUSE else error.strerror
        raise PortBusy(f"cannot serve on {host}:{port}: {reason or error}") from error
    return sock


def serve(db_path: Path | str, sock: socket.socket) -> None:
    """Run Datasette over the base on a bound socket (see bind) until interrupted."""
    import uvicorn

    datasette = make_datasette(db_path)
    uvicorn.Server(uvicorn.Config(datasette.app(), log_level="info", lifespan="on")).run(sockets=[sock])
