"""The stanza NER backend: data conversion, clear errors, a tiny training run, and analysis.

Everything here is marked `stanza`.  Tests that need stanza and torch skip where the optional extra
is not installed; those that need the shipped model skip where models/ner-id-stanza is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import nlp, stanza_backend
from pipeline.cli import cli
from pipeline.records import Article
from pipeline.stanza_backend import (
    StanzaUnavailable,
    bioes_to_bio,
    model_files,
    require_stanza,
    to_stanza_json,
)
from pipeline.training import Sentence, TrainingData, read_conll

pytestmark = pytest.mark.stanza

FIXTURES = Path(__file__).parent / "fixtures" / "ner"
STANZA_INSTALLED = all(importlib.util.find_spec(name) for name in ("stanza", "torch", "gensim"))
needs_stanza = pytest.mark.skipif(
    not STANZA_INSTALLED, reason="stanza, torch or gensim not installed (pip install torch==2.13.0 && pip install -e '.[stanza]')"
)
SHIPPED_MODEL = (stanza_backend.MODEL_DIR / stanza_backend.MODEL_FILE).is_file()
needs_model = pytest.mark.skipif(
    not (STANZA_INSTALLED and SHIPPED_MODEL),
    reason=f"needs the stanza extra and the model at {stanza_backend.MODEL_DIR} (warta train ner --backend stanza)",
)


def test_sentences_become_the_json_tokens_stanza_trains_on() -> None:
    sentence = Sentence(("Bupati", "Sleman", "hadir"), ("O", "B-LOC", "O"))
    assert to_stanza_json([sentence]) == [[{"text": "Bupati", "ner": "O"}, {"text": "Sleman", "ner": "B-LOC"},
                                           {"text": "hadir", "ner": "O"}]]


def test_bioes_single_and_end_tags_become_bio() -> None:
    assert bioes_to_bio(["S-LOC", "O", "B-PER", "I-PER", "E-PER"]) == ["B-LOC", "O", "B-PER", "I-PER", "I-PER"]


def test_missing_stanza_install_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "stanza", None)
    with pytest.raises(StanzaUnavailable, match=r"pip install torch==2\.13\.0"):
        require_stanza()


def test_missing_model_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(StanzaUnavailable, match="warta train ner --backend stanza"):
        model_files(tmp_path)


def test_cli_with_stanza_backend_and_no_model_exits_with_the_reason(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stanza_backend, "MODEL_DIR", tmp_path / "absent")
    articles = tmp_path / "in.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Bupati Sleman hadir."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--ner-backend", "stanza", "--input", str(articles)])
    assert result.exit_code == 1
    assert "stanza" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def tiny_stanza_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sentences = read_conll(FIXTURES / "tiny_train.tsv")
    data = TrainingData(train=sentences, dev=sentences[:2])
    return stanza_backend.train_stanza_ner(data, tmp_path_factory.mktemp("stanza") / "model", max_steps=4)


@needs_stanza
def test_tiny_training_run_writes_tagger_pretrain_and_record(tiny_stanza_model: Path) -> None:
    assert {path.name for path in tiny_stanza_model.iterdir()} == {"ner.pt", "pretrain.pt", "training.json"}
    record = json.loads((tiny_stanza_model / "training.json").read_text(encoding="utf-8"))
    assert record["tagger_args"]["max_steps"] == 4


@needs_stanza
def test_trained_tagger_gives_one_bio_tag_per_token(tiny_stanza_model: Path) -> None:
    tags = stanza_backend.StanzaTagger(tiny_stanza_model).tag([["Wali", "Kota", "Blitar", "hadir"], []])
    assert len(tags[0]) == 4 and tags[1] == []
    assert all(tag == "O" or tag[:2] in {"B-", "I-"} for tag in tags[0])


@needs_model
def test_stanza_analysis_finds_the_person_after_a_title() -> None:
    text = "Gubernur Nusa Tenggara Timur Yohanes Manek meninjau kantor BPJS Ketenagakerjaan di Kupang."
    analysis = nlp.analyse_many([(text, None)], backend="stanza")[0]
    people = [span.text for span in analysis.entities if span.label == "PER"]
    assert any("Yohanes Manek" in person for person in people)


@needs_model
def test_stanza_entity_offsets_point_at_their_text() -> None:
    text = "Kepala Dinas Tenaga Kerja Kabupaten Banyumas, Sri Lestari, membuka pelatihan.\nIa didampingi camat."
    analysis = nlp.analyse_many([(text, None)], backend="stanza")[0]
    assert analysis.entities
    assert all(text[span.start:span.end] == span.text for span in analysis.entities)


@needs_model
def test_stanza_backend_cuts_sentences_like_the_spacy_backend() -> None:
    from pipeline import nlp

    text = "Pekerja rentan di Desa Suka Maju didaftarkan.\nIurannya dibayar desa. Programnya berjalan."
    assert nlp.analyse(text, backend="stanza").sentences == nlp.analyse(text, model_dir=None).sentences


@needs_model
def test_extractor_on_stanza_backend_marks_its_version() -> None:
    from pipeline.extraction import Extractor

    extractor = Extractor(backend="stanza")
    article = Article(id="x", source="test", text="Bupati Pati Budi Santoso membagikan kartu BPJS kepada nelayan.")
    assert extractor.extract_article(article).extractor_version.endswith("+stanza")
