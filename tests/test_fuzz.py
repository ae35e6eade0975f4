"""Hostile input never raises: the loaders, the extraction chain and the crawler's parsers are fed
arbitrary and half-formed input (hypothesis, a bounded and repeatable number of examples) and must
return their usual results, a skip among them, never an exception."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.crawling.discovery import parse_feed, parse_links, parse_sitemap
from pipeline.crawling.fetching import retry_after_seconds
from pipeline.crawling.robots import Robots
from pipeline.crawling.urls import article_key, classify_url
from pipeline.extraction import Extractor
from pipeline.loading import jsonl_rows, load_path
from pipeline.records import Document, Extraction, Skipped

FEW = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
FEWER = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))

# pieces of the formats, so that examples are often nearly valid rather than only noise
XML_PIECES = ["<?xml version='1.0'?>", "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", "</urlset>",
              "<sitemapindex>", "</sitemapindex>", "<url>", "</url>", "<loc>", "</loc>", "<lastmod>", "</lastmod>",
              "<sitemap>", "</sitemap>", "https://a.example/berita/1", "javascript:alert(1)", "2024-13-45",
              "<rss><channel><item><link>", "</link><pubDate>", "</pubDate></item></channel></rss>",
              "<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='", "'/></entry></feed>", "&amp;", "&bogus;",
              "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "\x00", "é", "]]>"]
HTML_PIECES = ["<html>", "<head>", "<base href='", "'>", "<link rel='canonical' href='", "<link rel='alternate' "
               "type='application/rss+xml' href='", "<a href='", "</a>", "<p>", "</p>", "<article>", "</article>",
               "https://a.example/2024/03/berita-baru", "javascript:void(0)", "data:text/html,x", "//[::1", "http://[",
               "Bupati Kendal Dico M Ganinduto menyiapkan Rp 1,5 miliar untuk 3.400 petani.", "<script>", "</script>",
               "\x00", "\ufeff", "<!--", "-->", "<![CDATA[", "&#0;", "&#x110000;"]
TEXT_PIECES = ["Rp", " 1,5 miliar", " 3.400 petani", " Bupati Kendal", " Dico M Ganinduto", " 35 persen", "\n",
               " (13/5/2024)", " BPJS Ketenagakerjaan", " -", "Rp -9.999.999.999.999.999.999 triliun", " 0,0001 persen",
               " 10^100", "\x00", "\u200b", "“", " S.Sos, M.Si", " H.", " tahun 99999"]


def pieces(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(alphabet), st.text(max_size=12)), max_size=30).map("".join)


@FEW
@given(st.one_of(st.binary(max_size=400), pieces(XML_PIECES).map(str.encode)), st.booleans())
def test_a_sitemap_of_any_bytes_parses_or_is_empty(data, packed):
    children, entries = parse_sitemap(gzip.compress(data) if packed else data)
    assert isinstance(children, list) and isinstance(entries, list)


@FEW
@given(st.one_of(st.binary(max_size=400), pieces(XML_PIECES).map(str.encode),
                 st.recursive(st.none() | st.integers() | st.text(max_size=8),
                              lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                                  st.sampled_from(["items", "url", "id", "date_published", "title"]), inner, max_size=4)
                              ).map(lambda value: json.dumps(value).encode())),
       st.sampled_from([None, "application/rss+xml", "application/feed+json", "application/json", "text/html"]))
def test_a_feed_of_any_bytes_parses_or_is_empty(data, content_type):
    assert isinstance(parse_feed(data, content_type), list)


@FEW
@given(pieces(HTML_PIECES), st.sampled_from(["https://a.example/", "http://[::1]:8000/x", "", "not a url"]))
def test_links_of_any_page_parse(page, base):
    links = parse_links(page, base)
    assert all(isinstance(link, str) for link in links.links)


@FEW
@given(st.one_of(st.text(max_size=60), pieces(["https://", "http://", "a.example", ":99999", "/", "?", "#", "[", "]",
                                              "@", "%zz", "..", "javascript:", "berita", "2024", "tag", "page=2"])))
def test_any_url_is_classified(url):
    assert isinstance(classify_url(url), str)
    assert isinstance(article_key(url), str)


@FEW
@given(st.one_of(st.none(), st.text(max_size=40)))
def test_any_retry_after_header_gives_seconds_or_none(value):
    seconds = retry_after_seconds(value)
    assert seconds is None or seconds >= 0


@FEW
@given(pieces(["User-agent: ", "warta", "*", "\n", "Disallow: ", "Allow: ", "/", "Crawl-delay: ", "-1", "1e400", "nan",
               "Sitemap: ", "#", ":"]))
def test_any_robots_txt_is_read(text):
    robots = Robots(text)
    assert isinstance(robots.allows("https://a.example/berita/1"), bool)
    assert robots.crawl_delay is None or robots.crawl_delay >= 0


@FEW
@given(st.lists(st.one_of(st.text(max_size=30), pieces(['{"id": ', '"x"', '1', ', "text": ', '"teks"', 'null', '}',
                                                        '[', ']', '"', '\\u0000', ', "html": ', '{}'])), max_size=8))
def test_json_lines_of_any_content_give_rows_or_skips(lines):
    for item in jsonl_rows(lines, "fuzz"):
        assert isinstance(item, Skipped) or isinstance(item[1], dict)


@FEW
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.warc", "a.warc.gz", "a.csv"]))
def test_a_file_of_any_bytes_loads_as_documents_or_skips(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        assert all(isinstance(item, Document | Skipped) for item in load_path(path))


@FEWER
@given(st.one_of(pieces(TEXT_PIECES), st.text(max_size=300)), st.booleans())
def test_any_text_or_page_is_extracted_or_skipped(content, as_html):
    document = Document(id="fuzz", source="fuzz", html=content) if as_html else Document(id="fuzz", source="fuzz",
                                                                                          text=content)
    (item,) = Extractor().extract_documents([document])
    assert isinstance(item, Extraction | Skipped)


# Found by these tests with more examples; the crawler now contains the first two.  A case its
# parsers still raise on is kept failing strictly until they contain it (then the marker goes).
@pytest.mark.parametrize("href", ["http://[", "A://[]"])
def test_a_link_with_a_broken_bracketed_host_is_dropped_not_raised(href):
    links = parse_links(f'<a href="{href}">x</a><a href="https://a.example/berita/1">y</a>', "https://a.example/")
    assert links.links == ["https://a.example/berita/1"]


@pytest.mark.parametrize("parse", [classify_url, article_key])
def test_a_url_with_a_broken_bracketed_host_is_classified_not_raised(parse):
    assert isinstance(parse("http://["), str)


def test_a_retry_after_of_a_superscript_digit_is_no_number():
    assert retry_after_seconds("²") is None
