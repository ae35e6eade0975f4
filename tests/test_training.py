"""NER training: corpus readers, cleaning, a tiny training run, and the evaluate-ner report."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.nlp import _load_ner
from pipeline.training import (
    Sentence,
    TrainingData,
    deduplicate,
    entity_spans,
    read_conll,
    remove_leaks,
    repair_tags,
    score_tags,
    train_ner,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ner"
SHARED_NER = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"


def sentence(text: str, tags: str) -> Sentence:
    return Sentence(tuple(text.split()), tuple(tags.split()))


def test_stray_i_tag_after_o_becomes_b() -> None:
    first = read_conll(FIXTURES / "stray_tags.tsv")[0]
    assert first.tags[5] == "B-LOC" and first.tags[7:9] == ("B-PER", "I-PER")


def test_i_tag_of_another_type_starts_a_new_entity() -> None:
    second = read_conll(FIXTURES / "stray_tags.tsv")[1]
    assert second.tags[:3] == ("B-ORG", "I-ORG", "B-LOC")


def test_types_outside_per_org_loc_become_o() -> None:
    first, second = read_conll(FIXTURES / "stray_tags.tsv")
    assert first.tags[12] == "O" and second.tags[4:6] == ("O", "O")


def test_i_tag_after_a_dropped_type_becomes_b() -> None:
    assert repair_tags(["B-TIME", "I-PERSON", "I-PERSON"]) == ["O", "B-PER", "I-PER"]


def test_space_separated_crlf_file_reads_token_and_last_column() -> None:
    sentences = read_conll(FIXTURES / "idner_style.txt")
    assert [s.tokens[:3] for s in sentences] == [("Warga", "Desa", "Sukamaju"), ("Dedi", "Kurniawan", "hadir")]
    assert sentences[1].tags == ("B-PER", "I-PER", "O", "O")


def test_duplicates_differing_in_case_are_dropped() -> None:
    kept = deduplicate([sentence("Kantor BPJS di Solo", "O B-ORG O B-LOC"),
                        sentence("kantor bpjs di solo", "O O O B-LOC")])
    assert kept == [sentence("Kantor BPJS di Solo", "O B-ORG O B-LOC")]


def test_held_out_sentence_is_removed_even_when_tokenised_differently() -> None:
    train = [sentence("Iuran naik 15 . 022 rupiah", "O O O O O O"), sentence("Warga Bantul antre", "O B-LOC O")]
    held_out = [sentence("iuran naik 15.022 rupiah", "O O O O")]
    kept, removed = remove_leaks(train, held_out)
    assert kept == [sentence("Warga Bantul antre", "O B-LOC O")] and removed == 1


def test_micro_and_macro_f1_count_exact_spans_only() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    predicted = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "O"]]
    scores = score_tags(gold, predicted)
    assert (scores.micro.tp, scores.micro.fp, scores.micro.fn) == (2, 1, 1)
    assert scores.per_type["PER"].f1 == 0.0 and scores.macro_f1 == pytest.approx(2 / 3)


def test_i_after_o_is_read_as_an_entity_start_when_scoring() -> None:
    assert entity_spans(["O", "I-LOC", "I-LOC", "B-PER"]) == {(1, 3, "LOC"), (3, 4, "PER")}


def _reviewed_article() -> spacy.tokens.Doc:
    """An annotator-reviewed article as exchange.reviewed_docs makes it: one confirmed person, one
    rejected organisation, everything else unknown."""
    doc = spacy.blank("id").make_doc("Bupati Sleman Rina Wulandari meninjau Pasar Godean pada Senin pagi.")
    doc.set_ents([doc.char_span(14, 28, "PER")], default="missing")
    doc.spans["incorrect_spans"] = [doc.char_span(38, 50, "ORG")]
    return doc


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sentences = read_conll(FIXTURES / "tiny_train.tsv")
    data = TrainingData(train=sentences, dev=sentences[:2], reviewed=[_reviewed_article()])
    overrides = {"training.max_steps": 20, "training.eval_frequency": 10,  # a small net keeps it quick
                 "components.tok2vec.model.encode.width": 32, "components.tok2vec.model.encode.depth": 1,
                 "components.tok2vec.model.embed.rows": [500, 100, 100, 50]}
    return train_ner(data, tmp_path_factory.mktemp("ner") / "model", overrides=overrides)


def test_tiny_training_run_produces_a_loadable_ner(tiny_model: Path) -> None:
    nlp = spacy.load(tiny_model)
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}
    assert (tiny_model / "training.json").is_file()


def test_evaluate_ner_prints_per_type_micro_and_labelled_macro(tiny_model: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate-ner", "--data", str(FIXTURES / "tiny_train.tsv"),
                                      "--format", "conll", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    first_column = [line.split()[0] for line in result.output.splitlines() if line.strip()]
    assert first_column[:5] == ["type", "LOC", "ORG", "PER", "micro"]
    assert "macro F1 (mean of per-type F1, as IndoNLU reports)" in result.output


def test_retraining_keeps_the_model_card(tiny_model: Path, tmp_path: Path) -> None:
    from pipeline.training import _replace_model

    (tmp_path / "MODEL.md").write_text("# card\n", encoding="utf-8")
    (tmp_path / "stale.txt").write_text("old", encoding="utf-8")
    _replace_model(tiny_model, tmp_path)
    assert (tmp_path / "MODEL.md").is_file() and (tmp_path / "meta.json").is_file()
    assert not (tmp_path / "stale.txt").exists()


def test_broken_model_gives_warning_and_no_ner(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "meta.json").write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert _load_ner(tmp_path) is None
    assert "could not be loaded" in caplog.text


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_NER.is_dir(), reason="../shared/data/ner is absent: corpus checks need it")
def test_idner_test_sentences_never_reach_the_shipped_training_data() -> None:
    from pipeline.training import sentence_key, shipped_training_data

    data = shipped_training_data(SHARED_NER)
    test_keys = {sentence_key(s.tokens) for s in read_conll(SHARED_NER / "idner-news-2k" / "test.txt")}
    assert not test_keys & {sentence_key(s.tokens) for s in data.train}
