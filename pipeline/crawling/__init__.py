"""Crawling: news outlets -> Documents, politely and incrementally.

Each source (an outlet of resources/outlets.toml, a user's file in the same format, or a bare
`--site` URL) is crawled in its own thread; what was seen is remembered in the knowledge base, so
a second run fetches only what is new or changed, and a killed run loses nothing.

    registry.py      outlets and their politeness settings
    urls.py          canonical article keys; article, listing or ignore from the URL alone
    discovery.py     sitemaps (streamed, capped), feeds (feedparser, JSON Feed) and page links
    pages.py         what a fetched page is by its markup (article or listing); split articles
    robots.py        robots.txt rules, Crawl-delay and Sitemap lines
    fetching.py      the polite GET: robots, pacing, retries, size/time/redirect limits
    warc.py          raw responses kept as WARC
    frontier.py      URL states and the fetch log (tables frontier, fetch_log)
    duplicates.py    syndicated copies grouped by MinHash (table near_duplicates)
    source_crawl.py  one source's discovery and fetching
    crawler.py       a whole run: fetch threads feeding pipeline/runner.py (extract, store, record)
"""

from .crawler import Crawler, CrawlSummary
from .fetching import DEFAULT_CONTACT
from .registry import POLITENESS_KEYS, Politeness, Source, load_sources, site_source
from .source_crawl import SourceReport

__all__ = [
    "DEFAULT_CONTACT",
    "POLITENESS_KEYS",
    "CrawlSummary",
    "Crawler",
    "Politeness",
    "Source",
    "SourceReport",
    "load_sources",
    "site_source",
]
