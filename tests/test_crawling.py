"""The crawler against a real HTTP server on 127.0.0.1 serving tests/newssite/."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest

from pipeline.crawling import Crawler, Politeness, load_sources, site_source
from pipeline.crawling.discovery import Entry, html_tree, parse_feed, parse_links, parse_sitemap
from pipeline.crawling.fetching import Fetcher, retry_after_seconds
from pipeline.crawling.frontier import Frontier
from pipeline.crawling.robots import Robots
from pipeline.crawling.pages import is_article_page, split_views
from pipeline.crawling.urls import (
    announced_kind,
    article_key,
    classify_url,
    desktop_url,
    in_domains,
    in_site,
    listing_key,
)
from pipeline.loading import documents_from_warc
from pipeline.records import Document
from tests import newssite_server as site_module
from tests.newssite_server import ARTICLE_PATHS, NewsSite

SITE_FILES = Path(__file__).resolve().parent / "newssite"
FAST = {"min_delay": 0.0, "timeout": 0.5, "backoff": 0.05, "retries": 2}


@pytest.fixture(scope="module")
def site():
    with NewsSite(slow_seconds=1.5) as running:
        yield running


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    """Two crawls of the site into one database: the first finds everything, the second re-visits."""
    folder = tmp_path_factory.mktemp("crawl")
    db = folder / "kb.db"
    source = site_source(site.base, **FAST)
    first = Crawler([source], db, warc_dir=folder / "warc").run()
    between = len(site.requests)
    second = Crawler([source], db).run()
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    yield {"db": conn, "first": first, "second": second, "between": between, "warc": folder / "warc"}
    conn.close()


def frontier_row(crawled, site, path: str) -> sqlite3.Row:
    return crawled["db"].execute("SELECT * FROM frontier WHERE url = ?", [site.url(path)]).fetchone()


# --- URLs ---


def test_dated_slug_url_is_an_article():
    assert classify_url("https://kaltim.tribunnews.com/2024/05/17/buruh-sawit-dapat-jaminan") == "article"


def test_numeric_id_url_is_an_article():
    assert classify_url("https://kaltim.antaranews.com/berita/212345/iuran-pekerja-rentan") == "article"


def test_tag_page_with_long_slug_is_a_listing():
    assert classify_url("https://contoh.id/tag/bpjs-ketenagakerjaan-kalimantan-timur-terbaru") == "listing"


def test_category_pagination_is_a_listing():
    assert classify_url("https://contoh.id/kategori/ekonomi?page=3") == "listing"


def test_photo_gallery_and_pdf_links_are_ignored():
    assert classify_url("https://contoh.id/foto/123456/galeri-sosialisasi") == "ignore"
    assert classify_url("https://contoh.id/unduhan/laporan-tahunan-2023.pdf") == "ignore"


@pytest.mark.parametrize(("url", "kind"), [
    ("https://kabarpaser.example/?p=123", "article"),
    ("https://warta.example/read?id=88", "article"),
    ("https://suara.example/2022/08/panen-rumput-laut.html", "article"),
    ("https://warta.example/nasional/24/05/18/anggaran-naik", "article"),
    ("https://suara.example/search/label/Pertanian", "listing"),
    ("https://kabarpaser.example/?cat=3", "listing"),
    ("https://suara.example/2022/08/", "listing"),
    ("https://warta.example/berita/7/pasar", "listing"),  # a short id: found by its page, not its URL
    ("https://suara.example/search?updated-max=2022-08-14", "ignore"),
    ("javascript:void(0)", "ignore"),
])
def test_url_shapes_of_real_cms_are_ranked(url, kind):
    assert classify_url(url) == kind


@pytest.mark.parametrize(("url", "kind"), [
    ("https://warta.example/berita/7/pasar", "article"),
    ("https://warta.example/berita/7", "article"),
    ("https://kabarpaser.example/?page_id=2", "listing"),
    ("https://kabarpaser.example/?author=1", "listing"),
    ("https://warta.example/kategori/nasional", "listing"),
    ("https://warta.example/", "listing"),
    ("https://warta.example/foto/123456/galeri", "ignore"),
    ("https://warta.example/unduh/laporan.pdf", "ignore"),
])
def test_what_a_sitemap_lists_is_an_article_whatever_its_shape_unless_plainly_not(url, kind):
    assert announced_kind(url) == kind


@pytest.mark.parametrize(("variant", "key"), [
    ("https://warta.example/berita/9/rapat-anggaran/2", "https://warta.example/berita/9/rapat-anggaran"),
    ("https://warta.example/berita/9/rapat-anggaran?page=all", "https://warta.example/berita/9/rapat-anggaran"),
    ("https://suara.example/2022/08/panen.html?m=1", "https://suara.example/2022/08/panen.html"),
    ("https://kabarpaser.example/?p=102&amp=1", "https://kabarpaser.example/?p=102"),
    ("HTTPS://Warta.Example:443/read?utm_medium=x&id=88", "https://warta.example/read?id=88"),
    ("https://warta.example/berita/7", "https://warta.example/berita/7"),
])
def test_article_key_gives_one_url_per_article(variant, key):
    assert article_key(variant) == key


def test_mobile_host_is_the_outlets_own_host():
    assert desktop_url("https://m.warta.example/berita/7/pasar", "https://www.warta.example/") == \
        "https://www.warta.example/berita/7/pasar"


def test_another_port_of_the_same_host_is_another_site():
    assert in_site("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/", ("127.0.0.1",))
    assert not in_site("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/", ("127.0.0.1",))
    assert in_site("https://warta.example/a", "http://warta.example/", ("warta.example",))


PAGE = "<html><head>{head}</head><body>{body}</body></html>"
PROSE = "<div>" + "<p>Pemerintah daerah menyalurkan bantuan iuran bagi pekerja rentan di pesisir.</p>" * 25 + "</div>"
TEASERS = "".join(f"<div><p><a href='/berita/{n}/judul'>Judul berita nomor {n} hari ini</a></p></div>" for n in range(40))


@pytest.mark.parametrize(("head", "body", "is_article"), [
    ('<meta property="og:type" content="article">', "<p>isi</p>", True),
    ('<meta property="article:published_time" content="2024-05-17T08:00:00+07:00">', "<p>isi</p>", True),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"]}]}</script>',
     "<p>isi</p>", True),
    ("", PROSE, True),
    ('<meta property="og:type" content="website">', TEASERS, False),
    ('<script type="application/ld+json">{"@type": "WebSite"}</script>', TEASERS, False),
    ('<script type="application/ld+json">{ rusak</script>', "<p>isi</p>", False),
])
def test_a_page_says_by_its_own_markup_whether_it_is_an_article(head, body, is_article):
    assert is_article_page(html_tree(PAGE.format(head=head, body=body))) is is_article


def test_split_article_links_give_its_whole_view_and_later_pages():
    body = ('<a href="/berita/9/rapat/3">3</a> <a href="/berita/9/rapat/2">2</a> <a href="/berita/9/rapat/2">Lanjut</a>'
            '<a href="?page=all">Semua</a> <a href="/berita/8/lain">lain</a>')
    whole, later = split_views(html_tree(PAGE.format(head="", body=body)), "https://warta.example/berita/9/rapat")
    assert whole == "https://warta.example/berita/9/rapat?page=all"
    assert later == ["https://warta.example/berita/9/rapat/2", "https://warta.example/berita/9/rapat/3"]


def test_article_key_drops_tracking_amp_and_page_views():
    variants = [
        "https://contoh.id/berita/123456/iuran-naik?utm_source=fb&fbclid=xyz",
        "https://contoh.id/amp/berita/123456/iuran-naik",
        "https://contoh.id/berita/123456/iuran-naik?page=2#komentar",
    ]
    assert {article_key(v) for v in variants} == {"https://contoh.id/berita/123456/iuran-naik"}


def test_listing_key_keeps_pagination():
    assert listing_key("https://contoh.id/kategori/ekonomi?page=2&utm_source=x") == "https://contoh.id/kategori/ekonomi?page=2"


# --- sitemaps, feeds, pages, robots ---


def test_gzipped_news_sitemap_keeps_lastmod_and_publication_date():
    data = gzip.compress((SITE_FILES / "sitemap-news.xml").read_bytes())
    children, entries = parse_sitemap(data)
    assert children == []
    (first,) = [e for e in entries if e.url.endswith("/berita/20240517/pemkab-kutai-barat-daftarkan-pekerja-rentan")]
    assert (first.lastmod, first.published) == ("2024-05-17T10:00:00+08:00", "2024-05-17T09:15:00+08:00")
    assert first.title == "Pemkab Kutai Barat Daftarkan Ribuan Pekerja Rentan"


def test_sitemap_index_lists_child_sitemaps():
    children, entries = parse_sitemap((SITE_FILES / "sitemap_index.xml").read_bytes())
    assert [c.url.rsplit("/", 1)[1] for c in children] == ["sitemap-news.xml.gz", "sitemap-posts.xml"]
    assert entries == []


def test_rss_items_carry_their_publication_dates():
    entries = parse_feed((SITE_FILES / "rss.xml").read_bytes())
    assert entries[0].published == "2024-05-20T08:45:00+08:00"
    assert len(entries) == 3


def test_atom_entries_are_read():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Kabar Desa</title>
      <entry><title>Iuran nelayan dibayar desa</title>
        <link rel="alternate" href="https://kabar-desa.example/2024/06/01/iuran-nelayan-dibayar-desa"/>
        <published>2024-06-01T07:00:00+07:00</published></entry></feed>"""
    assert parse_feed(atom) == [Entry("https://kabar-desa.example/2024/06/01/iuran-nelayan-dibayar-desa",
                                      published="2024-06-01T07:00:00+07:00", title="Iuran nelayan dibayar desa")]


def test_home_page_advertises_its_feed():
    page = (SITE_FILES / "index.html").read_text(encoding="utf-8")
    links = parse_links(page, "http://127.0.0.1:8000/")
    assert links.feeds == ["http://127.0.0.1:8000/rss.xml"]
    assert "http://127.0.0.1:8000/kategori/ketenagakerjaan" in links.links


def test_fractional_crawl_delay_is_read():
    assert Robots("User-agent: *\nDisallow: /draf/\nCrawl-delay: 0.5\n").crawl_delay == 0.5


def test_crawl_delay_of_warta_group_wins_over_star():
    robots = Robots("User-agent: *\nCrawl-delay: 10\n\nUser-agent: warta\nCrawl-delay: 2\nDisallow: /arsip/\n")
    assert robots.crawl_delay == 2.0
    assert not robots.allows("https://contoh.id/arsip/lama")


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("besok") is None


# --- registry ---


def test_every_shipped_outlet_home_lies_in_its_domains():
    outlets = load_sources()
    assert len(outlets) >= 20
    assert all(in_domains(o.home, o.domains) for o in outlets)


def test_sources_file_overrides_politeness_per_outlet(tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text('[defaults]\nmin_delay = 4.0\n\n[[outlet]]\nname = "Kabar Desa"\n'
                    'home = "https://kabar-desa.example/"\nmin_delay = 9.0\n', encoding="utf-8")
    (outlet,) = load_sources(path)
    assert (outlet.politeness.min_delay, outlet.domains) == (9.0, ("kabar-desa.example",))


def test_unknown_outlet_key_is_refused(tmp_path):
    path = tmp_path / "outlets.toml"
    path.write_text('[[outlet]]\nhome = "https://kabar-desa.example/"\nkecepatan = 3\n', encoding="utf-8")
    with pytest.raises(ValueError, match="kecepatan"):
        load_sources(path)


# --- fetching ---


def test_fetcher_waits_out_retry_after_on_429(site):
    fetcher = Fetcher()
    result = fetcher.fetch(site.url(site_module.BUSY), Politeness(**FAST), ("127.0.0.1",))
    assert (result.status, result.body) == (200, b"<p>siap</p>")
    assert site.hits[site_module.BUSY] == 2


def test_fetcher_refuses_pages_larger_than_max_bytes(site):
    result = Fetcher().fetch(site.url(site_module.HUGE), Politeness(**{**FAST, "max_bytes": 10_000}), ("127.0.0.1",))
    assert result.error == "larger than 10000 bytes"
    assert not result.ok


def test_fetcher_identifies_itself_with_a_contact_url(site):
    before = len(site.requests)
    Fetcher(contact="https://peneliti.example/warta").fetch(site.url("/"), Politeness(**FAST), ("127.0.0.1",))
    agent = site.requests[before].headers["user-agent"]
    assert agent.startswith("warta/") and "+https://peneliti.example/warta" in agent


def test_newer_sitemap_lastmod_sends_a_done_article_back_to_pending(tmp_path):
    from pipeline.storage import connect

    connect(tmp_path / "kb.db").close()
    frontier = Frontier(tmp_path / "kb.db")
    url = "https://contoh.id/berita/123456/iuran-naik"
    frontier.add(url, "contoh", "article", None, Entry(url, lastmod="2024-05-01T08:00:00+07:00"))
    frontier.mark(url, "done")
    frontier.add(url, "contoh", "article", None, Entry(url, lastmod="2024-05-03T08:00:00+07:00"))
    assert frontier.row(url)["state"] == "pending"


# --- a whole crawl ---


def test_max_pages_zero_discovers_articles_without_fetching_them(site, tmp_path):
    before = len(site.requests)
    summary = Crawler([site_source(site.base, **FAST)], tmp_path / "kb.db", max_pages=0).run()
    assert summary.sources[0].discovered >= len(ARTICLE_PATHS)
    assert set(site.paths(before)).isdisjoint(ARTICLE_PATHS)


def test_crawl_stores_every_story_once(crawled, site):
    urls = sorted(row[0] for row in crawled["db"].execute("SELECT canonical_url FROM articles"))
    assert urls == sorted(site.url(p) for p in ARTICLE_PATHS)


def test_tracking_and_amp_variants_create_no_extra_frontier_entry(crawled):
    urls = [row[0] for row in crawled["db"].execute("SELECT url FROM frontier")]
    assert not [u for u in urls if "utm_" in u or "fbclid" in u or "/amp/" in u]


def test_syndicated_copy_is_grouped_with_the_original(crawled, site):
    def article_id(path: str) -> str:
        return crawled["db"].execute("SELECT id FROM articles WHERE canonical_url = ?", [site.url(path)]).fetchone()[0]

    original = article_id("/berita/20240518/santunan-jkm-untuk-keluarga-nelayan-balikpapan")
    copy = article_id("/daerah/20240523/keluarga-nelayan-balikpapan-terima-santunan-kematian")
    groups = dict(crawled["db"].execute("SELECT article_id, group_id FROM near_duplicates").fetchall())
    assert groups[copy] == groups[original] == original
    assert sum(1 for g in groups.values() if g == original) == 2


def test_windows_1252_page_is_decoded(crawled):
    text = crawled["db"].execute("SELECT text FROM articles WHERE title LIKE 'Pemprov Siapkan%'").fetchone()[0]
    assert "“Program ini untuk mereka yang penghasilannya tidak menentu,”" in text
    assert "pekerja informal – mulai dari" in text


def test_disallowed_section_is_never_requested(crawled, site):
    assert site_module.DISALLOWED not in site.paths()
    assert frontier_row(crawled, site, site_module.DISALLOWED)["state"] == "disallowed"


def test_non_html_file_is_skipped_with_its_type(crawled, site):
    row = frontier_row(crawled, site, site_module.PDF)
    assert (row["state"], row["last_error"]) == ("skipped", "not an HTML page (application/pdf)")


def test_missing_page_is_marked_gone(crawled, site):
    assert frontier_row(crawled, site, site_module.GONE)["state"] == "gone"


def test_server_error_is_retried_until_the_page_arrives(crawled, site):
    statuses = [r.status for r in site.requests[:crawled["between"]] if r.path == site_module.FLAKY]
    assert statuses == [500, 200]
    assert frontier_row(crawled, site, site_module.FLAKY)["state"] == "done"


def test_slow_page_times_out_and_is_kept_for_a_later_run(crawled, site):
    row = frontier_row(crawled, site, site_module.SLOW)
    assert (row["state"], row["last_error"]) == ("error", "timeout after 0.5s")


def test_redirect_loop_is_cut_off(crawled, site):
    row = frontier_row(crawled, site, site_module.LOOP)
    assert row["last_error"] == "more than 5 redirects"
    assert site.paths(0)[:crawled["between"]].count(site_module.LOOP) == 3


def test_sitemap_dates_are_kept_in_the_frontier(crawled, site):
    row = frontier_row(crawled, site, "/berita/20240518/santunan-jkm-untuk-keluarga-nelayan-balikpapan")
    assert (row["lastmod"], row["published"]) == ("2024-05-18T11:00:00+08:00", "2024-05-18T10:20:00+08:00")


def test_second_run_fetches_no_stored_article_again(crawled, site):
    again = set(site.paths(crawled["between"]))
    assert again.isdisjoint(ARTICLE_PATHS)
    assert crawled["second"].sources[0].stored == {}


def test_second_run_revisits_sitemaps_and_feeds_conditionally(crawled, site):
    revisits = {r.path: r for r in site.requests[crawled["between"]:]}
    assert revisits["/sitemap_index.xml"].status == 304
    assert revisits["/rss.xml"].status == 304
    assert "if-none-match" in revisits["/rss.xml"].headers


def test_fetched_pages_are_kept_as_warc_for_ingest(crawled, site):
    (warc,) = crawled["warc"].glob("*.warc.gz")
    urls = {d.url for d in documents_from_warc(warc) if isinstance(d, Document)}
    assert set(site.url(p) for p in ARTICLE_PATHS) <= urls


def test_runs_table_records_each_crawl(crawled):
    runs = crawled["db"].execute("SELECT kind, status, ended_at, counts FROM runs ORDER BY id").fetchall()
    assert [(r["kind"], r["status"]) for r in runs] == [("crawl", "ok"), ("crawl", "ok")]
    assert all(r["ended_at"] and '"stored"' in r["counts"] for r in runs)
