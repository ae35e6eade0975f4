"""One bad document never stops a batch: it is a logged skip (or, for a text longer than spaCy
accepts, analysed in parts), and the documents around it are extracted as usual."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from pipeline import nlp
from pipeline.cli import cli, ingest_paths
from pipeline.extraction import Extractor
from pipeline.records import Document, Extraction, Skipped

GOOD = ("Kendal - Bupati Kendal Dico M Ganinduto menyiapkan anggaran Rp 1,5 miliar untuk iuran 3.400 petani "
        "penggarap yang didaftarkan ke program Jaminan Kecelakaan Kerja tahun ini.")
FILLER = "Hujan turun sepanjang sore di pesisir, dan warga berteduh di serambi balai desa sambil bercerita.\n"
LIMIT = 2_000  # spaCy's max_length in these tests, so that "too long" stays fast to analyse


@pytest.fixture
def short_limit(monkeypatch):
    """spaCy's limit lowered for the test: a text over it takes the path a 1,000,000-character one takes."""
    monkeypatch.setattr(nlp.load_pipeline(), "max_length", LIMIT)
    return LIMIT


def long_text() -> str:
    """A text several times the limit, whose facts stand at its very end."""
    return FILLER * (3 * LIMIT // len(FILLER)) + GOOD


def test_a_text_is_cut_into_parts_that_join_back_to_it():
    text = long_text()
    parts = nlp.text_parts(text, LIMIT)
    assert "".join(parts) == text
    assert all(len(part) <= LIMIT for part in parts) and len(parts) > 1
    assert all(part.endswith("\n") for part in parts[:-1])


def test_a_text_over_the_limit_is_analysed_in_parts_with_offsets_into_the_whole(short_limit):
    text = long_text()
    analysis = nlp.analyse(text)
    assert analysis.text == text
    assert analysis.entities and all(text[e.start:e.end] == e.text for e in analysis.entities)
    assert analysis.sentences[-1][1] == len(text.rstrip())


def test_a_text_over_the_limit_is_extracted_between_two_ordinary_ones(short_limit):
    documents = [Document(id=name, source=name, text=text) for name, text in
                 [("before", GOOD), ("long", long_text()), ("after", GOOD)]]
    items = list(Extractor().extract_documents(documents))
    assert [type(i) for i in items] == [Extraction] * 3
    assert [b.amount_idr for b in items[1].facts.budgets] == [1_500_000_000]


def test_ingest_stores_a_text_over_the_limit_with_its_facts(short_limit, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "long.txt").write_text(long_text(), encoding="utf-8")
    (folder / "short.txt").write_text(GOOD, encoding="utf-8")
    summary = ingest_paths([folder], tmp_path / "kb.db")
    assert summary["skipped"] == []
    db = sqlite3.connect(tmp_path / "kb.db")
    assert db.execute("SELECT COUNT(*) FROM budgets").fetchone()[0] == 2


def test_a_document_whose_text_is_not_a_string_is_skipped_and_the_next_is_extracted():
    items = list(Extractor().extract_documents([Document(id="bad", source="bad", text=12345),
                                                Document(id="good", source="good", text=GOOD)]))
    assert isinstance(items[0], Skipped) and "TypeError" in items[0].reason
    assert isinstance(items[1], Extraction)


def _extract(lines: list[str]):
    return CliRunner().invoke(cli, ["extract", "--input", "-"], input="\n".join(lines) + "\n")


def test_extract_skips_broken_lines_and_rows_without_an_id_and_goes_on():
    result = _extract(['{"id": "a", "text": ' + json.dumps(GOOD) + '}', '{"id": "b", "te', '[1, 2]',
                       '{"text": ' + json.dumps(GOOD) + '}', '{"id": "c", "text": ' + json.dumps(long_text()) + '}'])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [row["id"] for row in rows] == ["a", "c"]
    assert rows[0]["facts"]["budgets"][0]["amount_idr"] == 1_500_000_000


def test_extract_with_a_long_text_in_the_input_extracts_it(short_limit):
    result = _extract(['{"id": "long", "text": ' + json.dumps(long_text()) + '}'])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert row["facts"]["budgets"][0]["amount_idr"] == 1_500_000_000


@pytest.mark.parametrize("lines", [["not json"], ["[1]", "42"], ['{"text": "tanpa id"}'], [""]])
def test_extract_with_nothing_usable_fails_with_one_line(lines):
    result = _extract(lines)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: no usable row in -: each line must be a JSON object with an id"
