"""The outlet registry: which news sites to follow, and how gently (resources/outlets.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import lexicons


@dataclass(frozen=True)
class Politeness:
    """How gently one source is treated; the registry may override any field per outlet."""

    min_delay: float = 2.0  # seconds between two requests to one host (Crawl-delay may raise it)
    timeout: float = 20.0  # seconds for connecting, for each read, and for a whole response
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3  # extra tries after a 429 or 5xx
    backoff: float = 2.0  # first wait before a retry, doubled each time
    max_retry_wait: float = 120.0  # a longer Retry-After gives up on the URL for this run


@dataclass(frozen=True)
class Source:
    """One outlet to follow."""

    name: str
    home: str
    domains: tuple[str, ...]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    language: str = "id"
    region: str | None = None
    politeness: Politeness = Politeness()
    max_pages: int = 200  # article pages fetched per run
    max_urls: int = 10_000  # article URLs taken from sitemaps and feeds per run, newest first
    max_listing_pages: int = 20  # listing pages (home, categories, pagination) read per run
    link_depth: int = 2


POLITENESS_KEYS = {f.name for f in fields(Politeness)}
SOURCE_KEYS = {f.name for f in fields(Source)} - {"politeness"}


def _read_registry(path: Path | None) -> dict[str, Any]:
    """A registry file as a dict; None reads the shipped one."""
    if path is None:
        return lexicons.toml("outlets.toml")
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def _source_from_mapping(entry: dict[str, Any], defaults: dict[str, Any]) -> Source:
    """One `[[outlet]]` over the defaults; unknown keys are refused so a typo cannot go unnoticed."""
    merged = {**defaults, **entry}
    unknown = set(merged) - POLITENESS_KEYS - SOURCE_KEYS
    if unknown:
        raise ValueError(f"outlet {entry.get('name', entry.get('home'))!r}: unknown keys {sorted(unknown)}")
    if "home" not in merged:
        raise ValueError(f"outlet {entry.get('name')!r} has no home URL")
    host = urlsplit(merged["home"]).hostname or ""
    values = {k: v for k, v in merged.items() if k in SOURCE_KEYS}
    values.setdefault("name", host)
    values["domains"] = tuple(merged.get("domains") or [host])
    values["sitemaps"] = tuple(merged.get("sitemaps", ()))
    values["feeds"] = tuple(merged.get("feeds", ()))
    politeness = Politeness(**{k: v for k, v in merged.items() if k in POLITENESS_KEYS})
    return Source(politeness=politeness, **values)


def load_sources(path: Path | None = None, **overrides: Any) -> list[Source]:
    """The outlets of a registry file (the shipped one if no path): `[defaults]` and `[[outlet]]`."""
    data = _read_registry(path)
    defaults = {**data.get("defaults", {}), **overrides}
    return [_source_from_mapping(entry, defaults) for entry in data.get("outlet", [])]


def site_source(url: str, **overrides: Any) -> Source:
    """A source for a bare `--site` URL: its own host (and www. twin) is the allowed domain."""
    if "://" not in url:
        url = f"https://{url}"
    if not urlsplit(url).path:
        url += "/"
    host = urlsplit(url).hostname or ""
    domains = [host]
    if re.search(r"[a-z]", host) and "." in host:  # example.id and www.example.id are one site; IPs are not
        domains.append(host[4:] if host.startswith("www.") else f"www.{host}")
    defaults = {**_read_registry(None).get("defaults", {}), **overrides}
    return _source_from_mapping({"name": host, "home": url, "domains": domains}, defaults)
