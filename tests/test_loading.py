"""Loading: every supported format becomes Documents; unreadable files become Skipped records."""

from pathlib import Path

from pipeline.loading import load_path
from pipeline.records import Document, Skipped

FIXTURES = Path(__file__).parent / "fixtures"


def _by_kind(items):
    items = list(items)
    documents = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    return documents, skipped


def test_manifest_supplies_metadata_for_a_text_file():
    documents, _ = _by_kind(load_path(FIXTURES / "corpus"))
    kaltara = next(d for d in documents if d.id == "fixture-kaltara")
    assert kaltara.outlet == "Contoh Kaltara"
    assert kaltara.published == "2024-01-10"
    assert kaltara.text.startswith("Tanjung Selor (ANTARA)")


def test_empty_and_binary_files_are_skipped_with_a_reason():
    _, skipped = _by_kind(load_path(FIXTURES / "corpus"))
    reasons = {Path(s.source).name: s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["picture.txt"]


def test_windows_1252_text_is_decoded_not_garbled():
    documents, _ = _by_kind(load_path(FIXTURES / "corpus"))
    samarinda = next(d for d in documents if d.source.endswith("samarinda_cp1252.txt"))
    assert "“Redaksi”" in samarinda.text


def test_html_file_is_loaded_as_html():
    (document,) = load_path(FIXTURES / "pages" / "wordpress_article.html")
    assert document.html and "entry-content" in document.html


def test_warc_yields_only_successful_html_responses():
    documents, skipped = _by_kind(load_path(FIXTURES / "warc" / "sample.warc.gz"))
    assert [d.url for d in documents] == [
        "https://wartaborneo.example/2024/03/14/ribuan-nelayan-tanah-bumbu-terlindungi/",
        "https://jambi.example/berita/latih-300-pencari-kerja",
    ]
    assert [s.reason for s in skipped] == ["HTTP status 404"]


def test_warc_host_filter_keeps_only_named_hosts():
    documents, _ = _by_kind(load_path(FIXTURES / "warc" / "sample.warc.gz", hosts={"jambi.example"}))
    assert [d.url for d in documents] == ["https://jambi.example/berita/latih-300-pencari-kerja"]


def test_jsonl_lines_become_documents_and_bad_lines_are_skipped(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "a1", "url": "https://x.example/a1", "text": "Isi berita pertama."}\n'
        "{not json}\n"
        '{"id": "a3", "title": "kosong"}\n',
        encoding="utf-8",
    )
    documents, skipped = _by_kind(load_path(path))
    assert [d.id for d in documents] == ["a1"]
    assert [s.reason.split(":")[0] for s in skipped] == ["invalid JSON", "line has neither text nor html"]
