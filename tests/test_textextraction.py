"""Text extraction: trafilatura for HTML, then Indonesian portal boilerplate removal for all text."""

from pathlib import Path

import pytest

from pipeline.records import Document
from pipeline.textextraction import (
    SkipDocument,
    canonical_url,
    looks_like_article,
    strip_boilerplate,
    to_article,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def wordpress_article():
    html = (FIXTURES / "pages" / "wordpress_article.html").read_text(encoding="utf-8")
    return to_article(Document(id="wp", source="fixture", html=html))


def test_wordpress_page_keeps_the_story_paragraphs(wordpress_article):
    assert wordpress_article.text.startswith("BATULICIN – Pemerintah Kabupaten Tanah Bumbu")
    assert "baru mencapai 18 persen" in wordpress_article.text


def test_wordpress_page_drops_baca_juga_sidebar_tags_and_comment_form(wordpress_article):
    for furniture in ["Baca Juga", "Baca juga", "Harga Karet Turun", "Tags:", "Tinggalkan Balasan",
                      "Kirim Komentar", "Pos terkait", "Copyright"]:
        assert furniture not in wordpress_article.text


def test_wordpress_page_metadata_comes_from_the_html(wordpress_article):
    assert wordpress_article.title == "Ribuan Nelayan di Tanah Bumbu Kini Terlindungi Jaminan Sosial"
    assert wordpress_article.published == "2024-03-14"
    assert wordpress_article.language == "id"


def test_plain_text_loses_editor_and_related_lines():
    text = "Paragraf pertama berita.\nBaca juga: Judul lain yang tidak relevan\nEditor: Budi\nPenutup."
    assert strip_boilerplate(text) == "Paragraf pertama berita.\nPenutup."


def test_tracking_parameters_do_not_change_the_canonical_url():
    assert canonical_url("https://a.example/berita/1?utm_source=fb&utm_medium=x#top") == "https://a.example/berita/1"


def test_english_text_is_refused_as_not_indonesian():
    english = (FIXTURES / "corpus" / "english_note.txt").read_text(encoding="utf-8")
    with pytest.raises(SkipDocument, match="not Indonesian"):
        to_article(Document(id="en", source="fixture", text=english))


def test_a_page_without_article_text_is_refused():
    with pytest.raises(SkipDocument):
        to_article(Document(id="nav", source="fixture", html="<html><body><nav>Beranda</nav></body></html>"))


def test_headlines_listed_under_pos_terkait_are_dropped():
    text = ("Isi berita tentang pekerja rentan di desa itu.\nPos terkait\n"
            "Pemkot Salurkan Santunan Rp 2 Miliar\nBupati Lantik 40 Pejabat Baru")
    assert strip_boilerplate(text) == "Isi berita tentang pekerja rentan di desa itu."


def test_a_story_paragraph_after_a_headline_block_is_kept():
    text = "Berita terkait:\nJudul Berita Lain\nParagraf cerita berlanjut di sini dengan kalimat lengkap."
    assert strip_boilerplate(text) == "Paragraf cerita berlanjut di sini dengan kalimat lengkap."


TEASER_LIST = "".join(f'<li><a href="/berita/{n}">Warga Desa Nomor {n} Menerima Bantuan Iuran Jaminan Sosial</a></li>'
                      for n in range(12))


def test_an_article_page_looks_like_an_article():
    html = (FIXTURES / "pages" / "wordpress_article.html").read_text(encoding="utf-8")
    assert looks_like_article(html)


def test_a_page_of_headline_teasers_does_not_look_like_an_article():
    assert not looks_like_article(f"<html><body><main><ul>{TEASER_LIST}</ul></main></body></html>")
