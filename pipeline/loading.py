"""Loading: files and folders -> Documents.

A corpus folder holds documents plus an optional `manifest.csv` (file, url, outlet, published,
fetched_at, source) that supplies metadata the files lack.  Understood formats: `.txt`, `.html` /
`.htm`, `.jsonl` (one article per line: id, url, title, published, text or html) and `.warc` /
`.warc.gz` (HTTP response records).  An unreadable document becomes a `Skipped` record; the rest go on:
a JSON Lines row that is not an object, or a WARC record cut short (a truncated file, a writer's
WARC-Truncated, a payload digest that does not match) is skipped, so it never replaces a stored text.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from warcio.archiveiterator import ArchiveIterator

from .records import Document, Skipped

MANIFEST = "manifest.csv"
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
MAX_FILE_BYTES = 20_000_000


def stable_id(key: str) -> str:
    """A short id that stays the same for the same URL or file content across runs."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: the declared charset if it works, else UTF-8, else a detected encoding."""
    for encoding in filter(None, [declared, "utf-8"]):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes (binary file?)")
    return str(best)


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096]


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["file"]: {k: v for k, v in row.items() if v} for row in csv.DictReader(handle)}


def _document_from_file(path: Path, meta: dict[str, str]) -> Document:
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"file larger than {MAX_FILE_BYTES} bytes")
    if not data.strip():
        raise ValueError("empty file")
    if _looks_binary(data):
        raise ValueError("binary content, not a text or HTML document")
    content = decode(data)
    url = meta.get("url")
    fields = {
        "id": meta.get("id") or stable_id(url or path.name),
        "source": meta.get("source") or str(path),
        "url": url,
        "outlet": meta.get("outlet"),
        "title": meta.get("title"),
        "published": meta.get("published"),
        "fetched_at": meta.get("fetched_at"),
    }
    if path.suffix.lower() in HTML_SUFFIXES:
        return Document(html=content, **fields)
    return Document(text=content, **fields)


def document_from_row(row: dict[str, Any], source: str) -> Document:
    """One JSON Lines article (id, url, title, published, text or html) as a Document."""
    return Document(
        id=str(row.get("id") or stable_id(row.get("url") or row.get("text") or row["html"])),
        source=source,
        url=row.get("url"),
        outlet=row.get("outlet"),
        title=row.get("title"),
        published=row.get("published"),
        fetched_at=row.get("fetched_at"),
        text=row.get("text"),
        html=row.get("html"),
    )


def read_jsonl(path: str) -> list[dict[str, Any]]:
    """Every non-blank line of a JSON Lines file, parsed (gold and prediction files)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def jsonl_rows(lines: Iterable[str], where: str) -> Iterator[tuple[str, dict[str, Any]] | Skipped]:
    """(place, object) for each JSON Lines row; a row that is not a JSON object is Skipped."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        place = f"{where}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(place, f"invalid JSON: {error.msg}")
            continue
        if not isinstance(row, dict):
            yield Skipped(place, f"a JSON {type(row).__name__}, not an object")
            continue
        yield place, row


def _documents_from_jsonl(path: Path) -> Iterator[Document | Skipped]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for item in jsonl_rows(handle, str(path)):
            if isinstance(item, Skipped):
                yield item
                continue
            where, row = item
            body = row.get("text") or row.get("html")
            if not body:
                yield Skipped(where, "line has neither text nor html")
            elif not isinstance(body, str):
                yield Skipped(where, "text or html is not a string")
            else:
                yield document_from_row(row, where)


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
    return None


def _incomplete(record: Any) -> str | None:
    """Why a read record's payload is not the whole response, or None when it is."""
    while record.raw_stream.read(65536):  # the rest of the block (a chunked body's trailer): digests need it all
        pass
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return f"record truncated by its writer ({truncated})"
    if record.raw_stream.limit > 0:
        return f"record cut short: {record.raw_stream.limit} bytes missing (truncated file)"
    if record.digest_checker.passed is False:
        return "payload digest does not match: corrupt record"
    return None


def documents_from_warc(path: Path, hosts: set[str] | None = None) -> Iterator[Document | Skipped]:
    """HTML response records of a WARC file, optionally only those of the given hosts."""
    from urllib.parse import urlsplit

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            if hosts and urlsplit(url).hostname not in hosts:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type:
                continue
            status = record.http_headers.get_statuscode()
            if status != "200":
                yield Skipped(url, f"HTTP status {status}")
                continue
            try:
                payload = record.content_stream().read()
                problem = _incomplete(record)
                if problem:
                    yield Skipped(url, problem)
                    continue
                html = decode(payload, _charset(content_type))
            except ValueError as error:
                yield Skipped(url, str(error))
                continue
            yield Document(
                id=stable_id(url),
                source=f"{path}#{url}",
                url=url,
                fetched_at=record.rec_headers.get_header("WARC-Date"),
                html=html,
            )


def load_path(path: Path, hosts: set[str] | None = None) -> Iterator[Document | Skipped]:
    """Every document under a file or folder, in a stable order; failures become Skipped."""
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    for file in files:
        name = file.name.lower()
        if file.name == MANIFEST or file.name.startswith("."):
            continue
        try:
            if name.endswith((".warc", ".warc.gz")):
                yield from documents_from_warc(file, hosts)
            elif name.endswith(".jsonl"):
                yield from _documents_from_jsonl(file)
            elif file.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES:
                if file.parent not in manifests:  # read once per folder, not once per file
                    manifests[file.parent] = read_manifest(file.parent)
                yield _document_from_file(file, manifests[file.parent].get(file.name, {}))
            else:
                yield Skipped(str(file), f"unsupported file type {file.suffix or '(none)'}")
        except (OSError, ValueError, UnicodeError) as error:
            yield Skipped(str(file), str(error))
        except Exception as error:  # a corrupt archive must not stop the other files
            yield Skipped(str(file), f"{type(error).__name__}: {error}")
