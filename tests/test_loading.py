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


def test_rows_that_are_valid_json_but_not_objects_are_skipped_and_the_rest_is_read(tmp_path):
    path = tmp_path / "articles.jsonl"
    lines = ['[1, 2]', '"a string"', '42', 'null', '{"id": "ok", "text": "Teks yang baik."}',
             '{"id": "num", "text": 7}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    documents, skipped = _by_kind(load_path(path))
    assert [d.id for d in documents] == ["ok"]
    assert [s.reason for s in skipped] == ["a JSON list, not an object", "a JSON str, not an object",
                                           "a JSON int, not an object", "a JSON NoneType, not an object",
                                           "text or html is not a string"]


PAGE = ("<html><head><title>Nelayan</title></head><body><article><p>"
        + "Sebanyak 500 nelayan di Kota Tarakan menerima kartu kepesertaan jaminan sosial. " * 30
        + "</p></article></body></html>").encode("utf-8")


def _warc(path: Path, records: list[tuple[str, bytes, dict[str, str]]], gzip: bool = True) -> Path:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, body, warc_headers in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                          warc_headers_dict=warc_headers))
    return path


def test_a_warc_file_cut_in_its_last_record_yields_the_whole_ones_and_skips_the_cut_one(tmp_path):
    whole = _warc(tmp_path / "whole.warc.gz", [("https://a.example/1", PAGE, {}), ("https://a.example/2", PAGE, {})])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    documents, skipped = _by_kind(load_path(cut))
    assert [d.url for d in documents] == ["https://a.example/1"]
    assert [s.source for s in skipped] == ["https://a.example/2"] and "cut short" in skipped[0].reason


def test_a_record_its_writer_marked_truncated_is_skipped(tmp_path):
    path = _warc(tmp_path / "t.warc.gz", [("https://a.example/1", PAGE[:300], {"WARC-Truncated": "length"})])
    documents, skipped = _by_kind(load_path(path))
    assert documents == [] and "truncated by its writer (length)" in skipped[0].reason


def test_a_record_whose_payload_does_not_match_its_digest_is_skipped(tmp_path):
    path = _warc(tmp_path / "d.warc", [("https://a.example/1", PAGE, {})], gzip=False)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Sebanyak 500", b"Sebanyak 900", 1))
    documents, skipped = _by_kind(load_path(path))
    assert documents == [] and "digest" in skipped[0].reason


def test_a_truncated_warc_record_never_replaces_the_stored_article(tmp_path):
    import sqlite3

    from pipeline.cli import ingest_paths

    whole = _warc(tmp_path / "whole.warc.gz", [("https://a.example/nelayan", PAGE, {})])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    db = tmp_path / "kb.db"
    ingest_paths([whole], db)
    stored = sqlite3.connect(db).execute("SELECT text FROM articles").fetchall()
    summary = ingest_paths([cut], db)
    assert sqlite3.connect(db).execute("SELECT text FROM articles").fetchall() == stored
    assert len(summary["skipped"]) == 1
