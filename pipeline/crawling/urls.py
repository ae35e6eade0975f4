"""URLs: one canonical key per article, and articles told from listings by the URL alone.

The heuristic's vocabulary (hub and ignored segments, AMP/print views, id parameters, id length) is
data in resources/url_patterns.toml, so a new outlet's URL scheme is taught there, not here.  It
only ranks links found on pages: what a sitemap or feed lists is a candidate whatever its shape.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .. import lexicons

# /2024/05/17/, /24/05/17/ (two-digit years) and, before a slug, /2022/08/ (Blogger)
DATE_PATH = re.compile(r"/(?:(?:19|20)?\d{2})/(?:0[1-9]|1[0-2])/(?:(?:0[1-9]|[12]\d|3[01])/)?")
DEFAULT_PORTS = {"http": 80, "https": 443}
SET_KEYS = ("hub_segments", "ignored_segments", "article_view_parameters", "view_segments", "listing_parameters",
            "article_id_parameters", "listing_view_parameters", "mobile_host_prefixes", "whole_article_parameters",
            "tracking_parameters")


@lru_cache(maxsize=1)
def url_patterns() -> dict[str, Any]:
    data = lexicons.toml("url_patterns.toml")
    for key in SET_KEYS:
        data[key] = frozenset(data[key])
    data["ignored_extensions"] = tuple(data["ignored_extensions"])
    data["listing_prefixes"] = tuple(data["listing_prefixes"])
    data["tracking_prefixes"] = tuple(data["tracking_prefixes"])
    data["page_suffix"] = re.compile(data["page_suffix"])
    return data


def split_url(url: str) -> SplitResult:
    """urlsplit that reads a malformed URL (`http://[`, which urlsplit refuses) as an empty one."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def join_url(base: str, href: str) -> str | None:
    """An absolute URL from a link, without its fragment; None when the link is malformed."""
    try:
        return urljoin(base, href.strip()).split("#", 1)[0]
    except ValueError:
        return None


def in_domains(url: str, domains: tuple[str, ...]) -> bool:
    """Whether the URL's host is one of the domains or a subdomain of one."""
    host = (split_url(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def _port(url: str) -> int | None:
    parts = split_url(url)
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return None


def same_port(url: str, other: str) -> bool:
    """Both on one port, or both on their scheme's default one (http://x/ -> https://x/ is one site)."""
    port, other_port = _port(url), _port(other)
    defaults = set(DEFAULT_PORTS.values())
    return port == other_port or (port in defaults and other_port in defaults)


def in_site(url: str, home: str, domains: tuple[str, ...]) -> bool:
    """An http(s) URL of the outlet: its host in the domains and on the home page's port."""
    return split_url(url).scheme in DEFAULT_PORTS and in_domains(url, domains) and same_port(url, home)


def desktop_url(url: str, home: str) -> str:
    """The URL on the outlet's own host when it names a mobile edition (m.contoh.id -> www.contoh.id)."""
    parts, home_host = split_url(url), split_url(home).hostname or ""
    host = parts.hostname or ""
    prefix, _, rest = host.partition(".")
    if prefix not in url_patterns()["mobile_host_prefixes"] or rest not in (home_host, home_host.removeprefix("www.")):
        return url
    netloc = home_host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _normalized(url: str, dropped: frozenset[str]) -> str:
    """Lower-case scheme and host, no default port or fragment, no tracking or `dropped`
    parameters, the others sorted: one spelling per page."""
    patterns = url_patterns()
    parts = split_url(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = _port(url)
    netloc = host if port == DEFAULT_PORTS.get(scheme) or port is None else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in dropped and k.lower() not in patterns["tracking_parameters"]
                   and not k.lower().startswith(patterns["tracking_prefixes"]))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def article_key(url: str) -> str:
    """The one URL that names an article: normalized, without AMP, print, mobile or page-N views."""
    patterns = url_patterns()
    parts = split_url(_normalized(url, patterns["article_view_parameters"]))
    segments = [s for s in parts.path.split("/") if s.lower() not in patterns["view_segments"]]
    named = [s for s in segments if s]
    if len(named) >= 3 and patterns["page_suffix"].match(named[-1]) and re.search(r"[a-z]", named[-2], re.I):
        segments = segments[:len(segments) - segments[::-1].index(named[-1]) - 1]
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments) or "/", parts.query, ""))


def listing_key(url: str) -> str:
    """Listing pages keep their query (it is the pagination) but lose tracking and rendering parameters."""
    return _normalized(url, url_patterns()["listing_view_parameters"])


def is_listing_query(url: str) -> bool:
    """A query naming a listing (?cat=3, ?author=1): a sitemap entry with one is followed, not stored."""
    keys = {k.lower() for k, _ in parse_qsl(split_url(url).query)}
    return bool(keys & url_patterns()["listing_parameters"])


def _names_a_listing(url: str) -> bool:
    """A hub section, a listing prefix or a listing query in the URL."""
    patterns = url_patterns()
    path = split_url(url).path.lower()
    return (path.startswith(patterns["listing_prefixes"]) or is_listing_query(url)
            or any(s in patterns["hub_segments"] for s in path.split("/") if s))


def announced_kind(url: str) -> str:
    """What a URL that a sitemap or feed lists is: an article whatever its shape, unless it is a file,
    not http(s), or plainly a listing (a hub section without an article id, ?cat=)."""
    kind = classify_url(url)
    if kind == "listing" and (_names_a_listing(url) or split_url(url).path in ("", "/") and not split_url(url).query):
        return "listing"  # a hub, or the home page
    return "ignore" if kind == "ignore" else "article"


def classify_url(url: str) -> str:
    """'article', 'listing' or 'ignore', from the URL alone."""
    patterns = url_patterns()
    parts = split_url(url)
    if parts.scheme not in DEFAULT_PORTS:
        return "ignore"
    path = parts.path.lower()
    if path.startswith(patterns["listing_prefixes"]) or is_listing_query(url):
        return "listing"
    segments = [s for s in path.split("/") if s]
    if path.endswith(patterns["ignored_extensions"]) or any(s in patterns["ignored_segments"] for s in segments):
        return "ignore"
    if any(k.lower() in patterns["article_id_parameters"] and v for k, v in parse_qsl(parts.query)):
        return "article"
    last = segments[-1] if segments else ""
    dated = bool(DATE_PATH.search(path.rsplit("/", 1)[0] + "/")) and bool(re.search(r"[a-z]", last))
    has_id = any(re.search(rf"\d{{{patterns['min_id_digits']},}}", s) for s in segments)
    if dated or has_id:
        return "article"
    if any(s in patterns["hub_segments"] for s in segments):
        return "listing"
    slug = re.sub(r"\.(html?|php)$", "", last)
    if len([w for w in slug.split("-") if w]) >= patterns["min_slug_words"]:
        return "article"
    return "listing"
