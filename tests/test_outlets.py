"""Real crawls of fixture outlets shaped like real ones (tests/sites/): every story stored once, politely,
and a second crawl fetches no article page again."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.crawling import Crawler, site_source
from pipeline.crawling.fetching import user_agent
from tests.fixture_sites import Crawled, FixtureSite, Tracker

POLITE = {"min_delay": 0.0, "timeout": 5.0, "backoff": 0.05, "retries": 1}


def crawl_twice(site: FixtureSite, folder) -> Crawled:
    db = folder / "kb.db"
    source = site_source(site.url("/"), **POLITE)
    first = Crawler([source], db).run()
    between = len(site.requests)
    second = Crawler([source], db).run()
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return Crawled(site, conn, first, second, between, site.requests[:between], site.requests[between:])


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    with FixtureSite("wordpress") as site:
        crawled = crawl_twice(site, tmp_path_factory.mktemp("wordpress"))
        yield crawled
        crawled.db.close()


@pytest.fixture(scope="module")
def blogger(tmp_path_factory):
    with FixtureSite("blogger") as site:
        crawled = crawl_twice(site, tmp_path_factory.mktemp("blogger"))
        yield crawled
        crawled.db.close()


@pytest.fixture(scope="module")
def tracker():
    with Tracker() as running:
        yield running


@pytest.fixture(scope="module")
def nasional(tmp_path_factory, tracker):
    with FixtureSite("nasional", host="localhost", tracker=tracker) as site:
        crawled = crawl_twice(site, tmp_path_factory.mktemp("nasional"))
        yield crawled
        crawled.db.close()


SITES = ["wordpress", "blogger", "nasional"]


def stored_urls(crawled: Crawled) -> list[str]:
    return sorted(row[0] for row in crawled.db.execute("SELECT canonical_url FROM articles"))


def text_of(crawled: Crawled, target: str) -> str:
    row = crawled.db.execute("SELECT text FROM articles WHERE canonical_url = ?", [crawled.site.url(target)])
    return row.fetchone()[0]


@pytest.mark.parametrize("name", SITES)
def test_a_crawl_stores_every_story_of_the_outlet_once(request, name):
    crawled = request.getfixturevalue(name)
    assert stored_urls(crawled) == sorted(crawled.site.url(t) for t in crawled.site.articles)


@pytest.mark.parametrize("name", SITES)
def test_each_article_page_is_fetched_once_in_a_run(request, name):
    crawled = request.getfixturevalue(name)
    fetched = [r.target for r in crawled.first_requests]
    assert [t for t in crawled.site.articles if fetched.count(t) != 1] == []


@pytest.mark.parametrize("name", SITES)
def test_a_second_crawl_fetches_no_article_page_again(request, name):
    crawled = request.getfixturevalue(name)
    again = {r.target for r in crawled.second_requests}
    assert again.isdisjoint(crawled.site.articles)
    assert crawled.second.sources[0].stored == {}


@pytest.mark.parametrize("name", SITES)
def test_a_second_crawl_revisits_listings_sitemaps_and_feeds_conditionally(request, name):
    crawled = request.getfixturevalue(name)
    revisits = [r for r in crawled.second_requests if r.path != "/robots.txt" and r.status != 404]
    assert revisits and all(r.status == 304 for r in revisits)
    assert all("if-none-match" in r.headers for r in revisits)


@pytest.mark.parametrize("name", SITES)
def test_every_request_carries_the_identifying_user_agent(request, name):
    crawled = request.getfixturevalue(name)
    assert {r.headers["user-agent"] for r in crawled.site.requests} == {user_agent()}


@pytest.mark.parametrize("name", SITES)
def test_robots_txt_is_read_first_in_each_run(request, name):
    crawled = request.getfixturevalue(name)
    assert crawled.first_requests[0].target == crawled.second_requests[0].target == "/robots.txt"


@pytest.mark.parametrize("name", SITES)
def test_home_index_and_section_pages_are_not_stored_as_articles(request, name):
    crawled = request.getfixturevalue(name)
    listings = {row[0] for row in crawled.db.execute("SELECT url FROM frontier WHERE kind = 'listing'")}
    assert crawled.site.url("/") in listings
    assert listings.isdisjoint(stored_urls(crawled))


@pytest.mark.parametrize("name", SITES)
def test_crawled_articles_get_the_views_and_a_run_record(request, name):
    crawled = request.getfixturevalue(name)
    views = {row[0] for row in crawled.db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    runs = crawled.db.execute("SELECT kind, status FROM runs ORDER BY id").fetchall()
    assert "officials_current" in views
    assert [tuple(r) for r in runs] == [("crawl", "ok"), ("crawl", "ok")]


# --- WordPress: ?p= permalinks, wp-sitemap.xml, ?feed=rss2 ---


def test_people_of_crawled_articles_are_resolved_as_after_an_ingest(wordpress):
    people = wordpress.db.execute("SELECT name, position, article_count FROM people").fetchall()
    assert [tuple(p) for p in people] == [("Rahmadi Saputra", "Kepala Dinas Tenaga Kerja", 1)]


def test_wordpress_crawl_delay_spaces_every_request_after_robots_txt(wordpress):
    times = [r.at for r in wordpress.first_requests]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.2


def test_wordpress_taxonomy_and_user_sitemap_entries_are_not_stored(wordpress):
    kinds = dict(wordpress.db.execute("SELECT url, kind FROM frontier").fetchall())
    assert kinds[wordpress.site.url("/?cat=3")] == kinds[wordpress.site.url("/?author=1")] == "listing"


def test_wordpress_amp_link_is_the_same_article_and_never_fetched(wordpress):
    assert "/?p=102&amp=1" not in wordpress.site.targets()


# --- Blogger: /YYYY/MM/slug.html, /search/label/, ?m=1 ---


def test_blogger_post_only_on_a_label_page_is_found_through_it(blogger):
    found_on = blogger.db.execute("SELECT found_on FROM frontier WHERE url = ?",
                                  [blogger.site.url("/2021/12/irigasi-desa-selesai.html")]).fetchone()[0]
    assert found_on == blogger.site.url("/search/label/Pertanian")


def test_blogger_search_pages_that_robots_txt_forbids_are_never_requested(blogger):
    assert not [t for t in blogger.site.targets() if t.startswith("/search?")]


def test_blogger_mobile_link_is_the_same_post(blogger):
    assert not [t for t in blogger.site.targets() if t.endswith("?m=1")]


# --- a national CMS: two-digit years, short ids, AMP, m. host, gzip sitemaps, RDF, split articles ---


def test_mobile_host_and_amp_copies_are_never_requested(nasional):
    assert not [t for t in nasional.site.targets() if t.startswith("/amp/")]
    urls = [row[0] for row in nasional.db.execute("SELECT url FROM frontier")]
    assert not [u for u in urls if "://m." in u]


def test_short_id_page_reached_as_a_listing_is_stored_by_its_json_ld(nasional):
    kind = nasional.db.execute("SELECT kind FROM frontier WHERE url = ?",
                               [nasional.site.url("/berita/7/pasar-murah")]).fetchone()[0]
    assert kind == "article"
    assert "Antrean panjang terlihat sejak pagi" in text_of(nasional, "/berita/7/pasar-murah")


def test_iso_8859_1_rdf_feed_with_a_wrong_charset_is_read(nasional):
    title = nasional.db.execute("SELECT title FROM frontier WHERE url = ?",
                                [nasional.site.url("/berita/12/nelayan-natuna-terima-bantuan")]).fetchone()[0]
    assert title == "Nelayan Natuna Terima Bantuan Mesin Kapal, Suhu Laut 31°C"


def test_click_tracking_feed_link_is_resolved_to_the_outlets_article(nasional, tracker):
    assert tracker.targets().count("/r/berita/12/nelayan-natuna-terima-bantuan") == 1
    assert "mesin kapal dan alat tangkap" in text_of(nasional, "/berita/12/nelayan-natuna-terima-bantuan")


def test_article_split_over_pages_is_stored_whole(nasional):
    text = text_of(nasional, "/berita/9/rapat-anggaran-daerah")
    assert "porsi belanja pegawai" in text and "pengangkatan guru" in text and "membentuk tim kecil" in text


def test_whole_article_view_is_fetched_instead_of_its_pages(nasional):
    targets = nasional.site.targets()
    assert "/nasional/24/05/19/guru-honorer-terima-insentif?page=all" in targets
    assert "/nasional/24/05/19/guru-honorer-terima-insentif?page=2" not in targets
    assert "dirapel menjelang akhir tahun" in text_of(nasional, "/nasional/24/05/19/guru-honorer-terima-insentif")


def test_gzipped_child_sitemaps_of_the_index_are_read(nasional):
    states = dict(nasional.db.execute("SELECT url, state FROM frontier WHERE kind = 'sitemap'").fetchall())
    assert states == {nasional.site.url(p): "done" for p in
                      ["/sitemap.xml", "/sitemap-news.xml.gz", "/sitemap-2024-05.xml.gz"]}


def test_a_run_killed_after_storing_does_not_fetch_the_stored_pages_again(tmp_path):
    with FixtureSite("wordpress") as site:
        crawl_twice(site, tmp_path).db.close()
        with sqlite3.connect(tmp_path / "kb.db") as db:  # as a kill between storing and marking done leaves it
            db.execute("UPDATE frontier SET state = 'pending', content_sha256 = NULL, etag = NULL WHERE kind = 'article'")
        before = len(site.requests)
        Crawler([site_source(site.url("/"), **POLITE)], tmp_path / "kb.db").run()
        again = set(site.targets(before))
    assert again.isdisjoint(site.articles)
    states = {s for (s,) in sqlite3.connect(tmp_path / "kb.db").execute("SELECT state FROM frontier WHERE kind = 'article'")}
    assert states == {"done"}


def test_articles_the_runner_re_extracts_leave_the_crawl_frontier_and_counts_alone(tmp_path):
    with FixtureSite("wordpress") as site:
        db = tmp_path / "kb.db"
        Crawler([site_source(site.url("/"), **POLITE)], db).run()
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET extractor_version = 'warta-0.0.0'")  # made by an older extractor
            before = conn.execute("SELECT url, state, content_sha256 FROM frontier ORDER BY url").fetchall()
        summary = Crawler([site_source(site.url("/"), **POLITE)], db).run()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT url, state, content_sha256 FROM frontier ORDER BY url").fetchall() == before
    assert summary.sources[0].stored == {}
    assert {v for (v,) in conn.execute("SELECT DISTINCT extractor_version FROM articles")} != {"warta-0.0.0"}
