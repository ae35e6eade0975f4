"""The NLP stage's reconciliation of model PER spans with the gazetteer and the office lexicon.

Entities are set by hand on a real spaCy Doc, as the model would leave them, so these tests run
without the model; the tests of the shipped model skip when it is absent."""

import pytest
import spacy
from spacy.tokenizer import Tokenizer

from pipeline import nlp

TITLES_AND_WHITESPACE = ("Prof. Dr. rer. nat. Hj. Siti Aminah, M.Si., menyerahkan santunan :)\n\n"
                         "kepada  anak-anak nelayan di Kab.\xa0Bone\t(Kamis).")


def tokens(tokenizer):
    return [(token.text, token.whitespace_) for token in tokenizer(TITLES_AND_WHITESPACE)]


def entities_after(text, people):
    """(label, text) of the Analysis entities once the given PER spans (by text, in order) went
    through nlp."""
    doc = nlp.load_pipeline(None)(text)
    spans, start = [], 0
    for person in people:
        start = text.index(person, start)
        spans.append(doc.char_span(start, start + len(person), label="PER"))
        start += len(person)
    doc.ents = spans
    return [(e.label, e.text) for e in nlp._analysis_from_doc(doc, None).entities]


def test_region_fused_into_a_person_after_a_title_is_split_off():
    text = "Hadir Wali Kota Pariaman Rudi Hartono di acara itu."
    assert entities_after(text, ["Pariaman Rudi Hartono"]) == [("LOC", "Pariaman"), ("PER", "Rudi Hartono")]


def test_office_and_its_place_leading_a_person_span_are_dropped():
    text = "Hadir Kepala Bidang BPJAMSOSTEK Sulbar Rina Wati di sana."
    assert entities_after(text, ["BPJAMSOSTEK Sulbar Rina Wati"]) == [("LOC", "Sulbar"), ("PER", "Rina Wati")]


def test_person_span_that_is_only_a_title_and_portfolio_is_dropped():
    text = "Rapat diwakili Kabid Pelayanan, Ahmad Fauzi."
    assert entities_after(text, ["Kabid Pelayanan", "Ahmad Fauzi"]) == [("PER", "Ahmad Fauzi")]


def test_bare_region_tagged_as_person_after_a_title_becomes_a_place():
    assert entities_after("Hal itu dikatakan Bupati Kapuas.", ["Kapuas"]) == [("LOC", "Kapuas")]


def test_leading_region_without_an_office_word_stays_a_first_name():
    assert entities_after("Bima Arya hadir di sana.", ["Bima Arya"]) == [("PER", "Bima Arya")]


def test_only_one_place_comes_off_after_a_title():
    text = "Wali Kota Bogor Bima Arya hadir."
    assert entities_after(text, ["Bogor Bima Arya"]) == [("LOC", "Bogor"), ("PER", "Bima Arya")]


def test_region_word_used_alone_for_a_person_named_earlier_stays_a_person():
    text = "Bima Arya hadir. Menurut Bima, program itu penting."
    assert entities_after(text, ["Bima Arya", "Bima"]) == [("PER", "Bima Arya"), ("PER", "Bima")]


@pytest.mark.skipif(not (nlp.DEFAULT_NER_MODEL / "meta.json").exists(), reason="the NER model is not in models/ner-id")
def test_shipped_model_does_not_fuse_the_region_into_the_person():
    entities = nlp.analyse("Wali Kota Solok Ramadhani Kirana Putra membuka acara itu.").entities
    assert ("PER", "Ramadhani Kirana Putra") in [(e.label, e.text) for e in entities]


@pytest.mark.skipif(not (nlp.DEFAULT_NER_MODEL / "meta.json").exists(), reason="the NER model is not in models/ner-id")
def test_shipped_model_tokenizes_as_its_saved_tokenizer():
    pipeline = nlp.load_pipeline()
    saved = Tokenizer(pipeline.vocab).from_disk(nlp.DEFAULT_NER_MODEL / "tokenizer")
    assert tokens(pipeline.tokenizer) == tokens(saved)


def test_pipeline_tokenizes_as_spacys_indonesian_tokenizer():
    assert tokens(nlp.load_pipeline(None).tokenizer) == tokens(spacy.blank("id").tokenizer)


def test_weekday_tagged_as_a_person_is_dropped():
    assert entities_after("Santunan diserahkan di Banjarmasin, Rabu pagi.", ["Rabu"]) == []
