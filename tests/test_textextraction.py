"""Text extraction: a page read as its headline, date, author, lead and body; listings refused; boilerplate dropped.

The pages under tests/fixtures/pages are our own writing in the structure of real portals (WordPress, Blogger,
national CMSs, an AMP variant); expected.toml says what each must become.
"""

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
import trafilatura
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import Document
from pipeline.textextraction import (
    SkipDocument,
    canonical_url,
    clean_headline,
    local_date,
    looks_like_article,
    strip_boilerplate,
    to_article,
)

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
EXPECTED = tomllib.loads((PAGES / "expected.toml").read_text(encoding="utf-8"))["page"]
ARTICLES = [page for page in EXPECTED if "refused" not in page]
REFUSED = [page for page in EXPECTED if "refused" in page]


def page_html(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def read(name: str):
    return to_article(Document(id=name, source=str(PAGES / name), html=page_html(name)))


@pytest.fixture(scope="module")
def articles():
    return {page["file"]: read(page["file"]) for page in ARTICLES}


def by_file(pages):
    return pytest.mark.parametrize("page", pages, ids=[page["file"] for page in pages])


@by_file(ARTICLES)
def test_every_story_paragraph_is_kept_in_order(articles, page):
    lines = [line for line in articles[page["file"]].text.splitlines() if line.strip()]
    assert [line[: len(start)] for line, start in zip(lines, page["paragraphs"], strict=False)] == page["paragraphs"]
    assert len(lines) == len(page["paragraphs"])


@by_file(ARTICLES)
def test_the_headline_is_the_story_headline_without_site_affixes(articles, page):
    assert articles[page["file"]].title == page["headline"]


@by_file(ARTICLES)
def test_the_publication_date_is_the_local_date_the_page_states(articles, page):
    assert articles[page["file"]].published == page["published"]


@by_file(ARTICLES)
def test_the_author_is_kept_apart_from_the_text(articles, page):
    article = articles[page["file"]]
    assert article.author == (page["author"] or None)
    assert not article.author or article.author not in article.text


@by_file(ARTICLES)
def test_portal_furniture_is_not_in_the_text(articles, page):
    assert [words for words in page["furniture"] if words in articles[page["file"]].text] == []


@by_file(REFUSED)
def test_home_index_tag_and_gallery_pages_are_refused_with_the_reason(page):
    with pytest.raises(SkipDocument, match=page["refused"]):
        read(page["file"])


@by_file(EXPECTED)
def test_looks_like_article_tells_articles_from_other_pages(page):
    assert looks_like_article(page_html(page["file"])) == ("refused" not in page)


def test_a_category_page_declared_og_type_article_is_still_a_listing():
    html = page_html("wordpress_category.html")
    assert 'property="og:type" content="article"' in html
    assert not looks_like_article(html)


def test_a_small_site_article_without_any_article_markup_looks_like_one():
    paragraphs = "".join(f"<p>Paragraf cerita nomor {n} tentang iuran pekerja rentan di desa pesisir.</p>"
                         for n in range(8))
    assert looks_like_article(f"<html><body><div class='isi'>{paragraphs}</div></body></html>")


def test_an_empty_or_unparsable_page_does_not_look_like_an_article():
    assert not looks_like_article("")
    assert not looks_like_article("\x00\x01")


@pytest.mark.parametrize("title, site_names, headline", [
    ("Pemkot Bayar Iuran 3.000 Petugas - ANTARA News", set(), "Pemkot Bayar Iuran 3.000 Petugas"),
    ("Pemkot Bayar Iuran - ANTARA News Kalimantan Selatan", set(), "Pemkot Bayar Iuran"),
    ("Petani Jabar Dilindungi | Republika Online", set(), "Petani Jabar Dilindungi"),
    ("KapanLagi.com: Kru Film Punya Jaminan Kerja", set(), "Kru Film Punya Jaminan Kerja"),
    ("Iuran Pekerja Rentan Halaman all - Kompas.com", set(), "Iuran Pekerja Rentan"),
    ("Ojol Bisa Klaim Santunan - Tribunkaltim.co", set(), "Ojol Bisa Klaim Santunan"),
    ("Guru Honorer Didaftarkan - detikJateng", set(), "Guru Honorer Didaftarkan"),
    ("Kabar Sekadau: Petani Karet Ikut Program", {"kabarsekadau"}, "Petani Karet Ikut Program"),
    ("Buruh Pelabuhan Terlindungi - Warta Borneo", {"wartaborneo"}, "Buruh Pelabuhan Terlindungi"),
    ("Nelayan Dapat Kartu - VIVA.co.id - Berita Terkini", set(), "Nelayan Dapat Kartu"),
    ("Foto: Nelayan Demak Melaut di Tengah Cuaca Ekstrem", set(), "Foto: Nelayan Demak Melaut di Tengah Cuaca Ekstrem"),
    ("Bupati: Iuran Nelayan Ditanggung APBD", set(), "Bupati: Iuran Nelayan Ditanggung APBD"),
    ("Kabar Gembira: Iuran Ojol Ditanggung Pemkot", set(), "Kabar Gembira: Iuran Ojol Ditanggung Pemkot"),
    ("Tol Semarang - Demak Mulai Dibangun", set(), "Tol Semarang - Demak Mulai Dibangun"),
    ("  Judul   dengan spasi  ", set(), "Judul dengan spasi"),
    ("", set(), None),
])
def test_titles_lose_the_site_name_glued_to_them(title, site_names, headline):
    assert clean_headline(title, site_names) == headline


def with_head(name: str, head: str) -> str:
    return re.sub(r"<head>.*</head>", f"<head><meta charset='utf-8'>{head}</head>", page_html(name), flags=re.S)


def test_an_og_title_that_is_only_the_site_name_gives_way_to_the_h1():
    html = with_head("wordpress_article.html", '<meta property="og:title" content="Warta Borneo">'
                                               '<meta property="og:site_name" content="Warta Borneo">')
    assert to_article(Document(id="w", source="inline", html=html)).title == page_html_h1("wordpress_article.html")


def test_a_json_ld_headline_cut_short_gives_way_to_the_og_title():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ojol di Balikpapan Kini..."}'
            '</script><meta property="og:title" content="Ojol di Balikpapan Kini Bisa Klaim Santunan">')
    html = with_head("tribun_article.html", head)
    assert to_article(Document(id="t", source="inline", html=html)).title == "Ojol di Balikpapan Kini Bisa Klaim Santunan"


def test_an_author_that_is_the_site_name_gives_way_to_the_reporter():
    head = '<meta name="author" content="Tribunkaltim.co"><meta property="og:site_name" content="Tribunkaltim.co">'
    html = with_head("tribun_article.html", head)
    assert to_article(Document(id="t", source="inline", html=html)).author == "Ardiana Putri"


def page_html_h1(name: str) -> str:
    return " ".join(trafilatura.load_html(page_html(name)).xpath("string(//h1)").split())


def test_a_manifest_title_is_cleaned_like_a_page_title():
    html = page_html("antara_article.html")
    article = to_article(Document(id="a", source="m", html=html, title="Iuran Petugas Kebersihan - ANTARA News"))
    assert article.title == "Iuran Petugas Kebersihan"


@pytest.mark.parametrize("name, lead", [
    ("viva_article.html", "VIVA.co.id – Ratusan nelayan tradisional"),
    ("amp_article.html", "BANTUL, KOMPAS.com - Dana desa di Kabupaten Bantul"),
])
def test_a_dateline_lead_trafilatura_drops_is_put_back_first(articles, name, lead):
    assert lead not in trafilatura.extract(page_html(name), favor_precision=True)
    assert articles[name].text.startswith(lead)


def test_a_dateline_lead_trafilatura_keeps_is_not_doubled(articles):
    assert articles["antara_article.html"].text.count("Banjarmasin (ANTARA) -") == 1


def test_a_dateline_excerpt_after_the_story_is_not_taken_for_its_lead():
    story = "".join(f"<p>Kalimat cerita ke-{n} tentang iuran jaminan sosial para nelayan di pesisir kabupaten.</p>"
                    for n in range(6))
    related = ("<div class='related-excerpt'>Samarinda - Harga cabai rawit di Pasar Segiri naik dua kali lipat "
               "menjelang akhir pekan karena pasokan dari Sulawesi terlambat.</div>")
    html = f"<html><body><h1>Iuran Nelayan</h1><div class='isi'>{story}</div>{related}</body></html>"
    text = to_article(Document(id="r", source="inline", html=html)).text
    assert text.startswith("Kalimat cerita ke-0") and "Harga cabai" not in text


def test_story_text_after_an_embedded_ad_block_is_kept(articles):
    assert "Kalau terjadi kecelakaan dalam perjalanan" in articles["detik_article.html"].text


def tree(html: str):
    return trafilatura.load_html(f"<html><head>{html}</head><body><p>Senin, 21 Mei 2024 06:10 WIB</p></body></html>")


@pytest.mark.parametrize("head, date", [
    ('<meta property="article:published_time" content="2024-05-20T23:10:00Z">', "2024-05-21"),
    ('<meta property="article:published_time" content="2024-05-21T06:10:00+07:00">', "2024-05-21"),
    ('<meta property="article:published_time" content="2024-05-20T23:50:00+08:00">', "2024-05-20"),
    ('<meta name="publishdate" content="2024/05/21 06:10:00">', "2024-05-21"),
])
def test_the_publication_date_is_read_in_the_pages_own_time_zone(head, date):
    assert local_date(tree(head)) == date


def test_a_utc_stamp_takes_the_offset_of_the_pages_other_stamps():
    html = ('<html><head><meta property="article:published_time" content="2023-06-18T17:12:40+00:00"></head>'
            '<body><time datetime="2023-06-19T00:12:40+07:00">19 Juni 2023</time><p>Isi.</p></body></html>')
    assert local_date(trafilatura.load_html(html)) == "2023-06-19"


def test_a_utc_stamp_stays_utc_when_the_page_names_no_zone():
    html = ('<html><head><meta property="article:published_time" content="2023-06-18T17:12:40Z"></head>'
            '<body><p>Isi berita tanpa jam.</p></body></html>')
    assert local_date(trafilatura.load_html(html)) == "2023-06-18"


def test_a_document_that_has_its_date_keeps_it():
    article = to_article(Document(id="k", source="m", html=page_html("kompas_article.html"), published="2024-05-22"))
    assert article.published == "2024-05-22"


def test_trafilatura_reads_each_page_once_without_its_metadata_pass(monkeypatch):
    calls = []
    real = trafilatura.bare_extraction

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counted)
    read("kompas_article.html")
    assert [call["with_metadata"] for call in calls] == [False]


def test_the_page_canonical_url_stands_in_for_a_missing_url():
    article = read("amp_article.html")
    assert article.url == "https://regional.kompas.example/read/2024/04/02/0915/dana-desa-iuran-bantul"


@pytest.mark.parametrize("line", [
    "Baca juga: Judul lain yang tidak relevan",
    "Baca Juga : Harga Ikan Tongkol Anjlok",
    "Simak Video \"Video: Guru Honorer Demo di Semarang\"",
    "Lihat juga Video: Detik-detik Kapal Terbalik",
    "[Gambas:Video 20detik]",
    "Artikel ini telah naik di Kompas.com dengan judul \"Dana Desa Disetujui\".",
    "Artikel ini telah tayang di Tribunkaltim.co dengan judul Ojol Bisa Klaim",
    "Simak breaking news dan berita pilihan kami langsung di ponselmu lewat WhatsApp Channel.",
    "Bagikan: Facebook Twitter WhatsApp",
    "Facebook Twitter WhatsApp Copy Link",
    "Editor: Budi",
    "Pewarta: Sukarli",
    "Penulis: Ardiana Putri | Editor: Samir Paturusi",
    "Rep: Arie Lukihardianti/ Red: Irfan Fitrat",
    "COPYRIGHT © ANTARA 2024",
    "Copyright 2008 - 2024 PT. Kompas Cyber Media. All Rights Reserved.",
    "(dil/apl)",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Halaman selanjutnya »",
    "Baca selengkapnya",
    "Halaman 1 2 3",
])
def test_each_kind_of_boilerplate_line_is_dropped(line):
    assert strip_boilerplate(f"Paragraf pertama berita.\n{line}\nPenutup berita.") == \
        "Paragraf pertama berita.\nPenutup berita."


@pytest.mark.parametrize("line", [
    "Bupati mengatakan iuran dibayar dari APBD, baca juga laporan keuangan daerah.",
    "Editor majalah itu menjadi peserta program sejak 2023.",
    "Kudus - Pemerintah Kabupaten Kudus mendaftarkan 640 guru honorer.",
    "Video itu direkam warga saat banjir datang (dok/warga) pada Senin.",
    "Selasa, 05 Mar 2024 14:21 WIB",  # a dateline date: the event date may be read from it
])
def test_story_lines_that_mention_portal_words_are_kept(line):
    assert strip_boilerplate(line) == line


def test_headlines_listed_under_pos_terkait_are_dropped():
    text = ("Isi berita tentang pekerja rentan di desa itu.\nPos terkait\n"
            "Pemkot Salurkan Santunan Rp 2 Miliar\nBupati Lantik 40 Pejabat Baru")
    assert strip_boilerplate(text) == "Isi berita tentang pekerja rentan di desa itu."


def test_headlines_listed_under_a_bare_baca_juga_are_dropped():
    text = ("Isi berita tentang nelayan.\nBaca Juga\nHarga Gabah Turun Saat Panen Raya\n"
            "Paragraf berikutnya, kalimat utuh.")
    assert strip_boilerplate(text) == "Isi berita tentang nelayan.\nParagraf berikutnya, kalimat utuh."


def test_a_story_paragraph_after_a_headline_block_is_kept():
    text = "Berita terkait:\nJudul Berita Lain\nParagraf cerita berlanjut di sini dengan kalimat lengkap."
    assert strip_boilerplate(text) == "Paragraf cerita berlanjut di sini dengan kalimat lengkap."


LEXICONS = ["boilerplate.txt", "boilerplate_blocks.txt", "datelines.txt", "headline_affixes.txt"]


def lexicon_lines(name: str) -> list[str]:
    text = resources.files("pipeline.resources").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", LEXICONS)
def test_each_lexicon_line_is_one_anchored_regex_that_never_matches_an_empty_line(name):
    lines = lexicon_lines(name)
    assert lines and len(lines) == len(set(lines))
    for line in lines:
        assert line.startswith("^") and line == line.strip(), line
        assert not re.compile(line, re.IGNORECASE).search(""), line


@pytest.mark.parametrize("sentence", [
    "Pemerintah Kota Banjarmasin membayarkan iuran jaminan sosial bagi 3.000 petugas.",
    "Menurut dia, data penerima diambil dari desil kemiskinan.",
    "\"Kami hanya membantu pendaftarannya,\" ucapnya.",
    "Copyright 2008 - 2024 PT. Kompas Cyber Media. All Rights Reserved.",
    "iuran - yang dibayar tiap bulan - naik tahun ini.",
])
def test_no_dateline_pattern_matches_an_ordinary_sentence(sentence):
    assert not any(re.compile(line, re.IGNORECASE).search(sentence) for line in lexicon_lines("datelines.txt"))


def test_tracking_parameters_do_not_change_the_canonical_url():
    assert canonical_url("https://a.example/berita/1?utm_source=fb&utm_medium=x#top") == "https://a.example/berita/1"


def test_english_text_is_refused_as_not_indonesian():
    english = (FIXTURES / "corpus" / "english_note.txt").read_text(encoding="utf-8")
    with pytest.raises(SkipDocument, match="not Indonesian"):
        to_article(Document(id="en", source="fixture", text=english))


MALFORMED_HEADS = [
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>',
    '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + '</script>',
    '<script type="application/ld+json">{"@type": [{"x": 1}], "headline": ["a", "b"], "author": 7}</script>',
    '<script type="application/ld+json">{"@graph": {"@type": "NewsArticle"}}</script>',
    '<link rel="canonical" href="http://[broken"><meta property="og:title" content="">',
    '<meta property="article:published_time" content="kemarin sore">',
]


@pytest.mark.parametrize("head", MALFORMED_HEADS)
def test_malformed_markup_is_ignored_and_the_story_still_read(head):
    html = page_html("kompas_article.html").replace("</head>", head + "</head>")
    assert "Pemerintah Provinsi Kalimantan Timur" in to_article(Document(id="m", source="inline", html=html)).text


def test_a_page_without_article_text_is_refused():
    with pytest.raises(SkipDocument):
        to_article(Document(id="nav", source="fixture", html="<html><body><nav>Beranda</nav></body></html>"))


PAGE_FILES = sorted(path.name for path in PAGES.glob("*.html"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PAGE_FILES), cut=st.floats(0, 1), junk=st.sampled_from(
    ["", "<", "</div></div></body>", "<script type='application/ld+json'>{", "<meta property='og:type'", "\x00"]))
def test_a_damaged_page_is_read_or_refused_never_a_crash(name, cut, junk):
    html = page_html(name)
    damaged = html[: int(len(html) * cut)] + junk + html[int(len(html) * cut):][: len(html) // 3]
    try:
        to_article(Document(id="d", source="fuzz", html=damaged))
    except SkipDocument:
        pass
    assert looks_like_article(damaged) in (True, False)
