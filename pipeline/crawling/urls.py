"""URLs: one canonical key per article, and articles told from listings by the URL alone.

The heuristic's vocabulary (hub and ignored segments, AMP/print views, id length) is data in
resources/url_patterns.toml, so a new outlet's URL scheme is taught there, not here.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..textextraction import canonical_url

DATE_PATH = re.compile(r"/(?:19|20)\d{2}/?(?:0[1-9]|1[0-2])/?(?:0[1-9]|[12]\d|3[01])/")


@lru_cache(maxsize=1)
def url_patterns() -> dict[str, Any]:
    text = resources.files("pipeline.resources").joinpath("url_patterns.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for key in ("hub_segments", "ignored_segments", "article_view_parameters", "view_segments"):
        data[key] = frozenset(data[key])
    data["ignored_extensions"] = tuple(data["ignored_extensions"])
    return data


def in_domains(url: str, domains: tuple[str, ...]) -> bool:
    """Whether the URL's host is one of the domains or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def article_key(url: str) -> str:
    """The one URL that names an article: canonical, without AMP, print or page-N views."""
    patterns = url_patterns()
    parts = urlsplit(canonical_url(url) or url)
    segments = [s for s in parts.path.split("/") if s.lower() not in patterns["view_segments"]]
    path = "/".join(segments) or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in patterns["article_view_parameters"]])
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def listing_key(url: str) -> str:
    """Listing pages keep their query (it is the pagination) but lose tracking parameters."""
    return canonical_url(url) or url


def classify_url(url: str) -> str:
    """'article', 'listing' or 'ignore', from the URL alone."""
    patterns = url_patterns()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "ignore"
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    if path.endswith(patterns["ignored_extensions"]) or any(s in patterns["ignored_segments"] for s in segments):
        return "ignore"
    last = segments[-1] if segments else ""
    dated = bool(DATE_PATH.search(path + "/")) and bool(re.search(r"[a-z]", last))
    has_id = any(re.search(rf"\d{{{patterns['min_id_digits']},}}", s) for s in segments)
    if dated or has_id:
        return "article"
    if any(s in patterns["hub_segments"] for s in segments):
        return "listing"
    slug = re.sub(r"\.(html?|php)$", "", last)
    if len([w for w in slug.split("-") if w]) >= patterns["min_slug_words"]:
        return "article"
    return "listing"
