"""NLP: Article text -> Analysis (sentences and PER/ORG/LOC entity spans).

The spaCy pipeline is `blank("id")` with a sentencizer that also breaks at line ends and the NER
model trained here (`models/ner-id`) when it is present.  A missing or broken model gives one warning and the rules
run alone.  `--ner-backend stanza` swaps in the stanza model from `models/` (optional extra).

The model's PER spans are reconciled with the gazetteer and the office lexicon before the rules see
them: news writes "title + body + place + name" as one capitalized run, and the model tends to
fuse the place (or the whole office) into the person ("Wali Kota Sawahlunto Riyanda Putra" ->
PER "Sawahlunto Riyanda Putra"), or to tag a bare region name as a person ("Bupati Kendal").
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicons
from . import normalization as norm
from .gazetteer import all_regions
from .records import Analysis, Span
from .spacy_model import TOKENIZER, one_blas_thread, read_model

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_NER_MODEL = MODELS_DIR / "ner-id"
ENTITY_LABELS = {"PER", "ORG", "LOC"}
MAX_OFFICE_TOKENS = 4
MAX_PLACE_TOKENS = 5


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A newline always ends a sentence: news paragraphs and captions are separate units."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _load_ner(model_dir: Path) -> Language | None:
    if not (model_dir / "meta.json").exists():
        log.warning("no NER model at %s: extraction runs on rules alone", model_dir)
        return None
    try:
        return read_model(model_dir)
    except Exception as error:  # a broken model must not stop extraction
        log.warning("NER model at %s could not be loaded (%s): extraction runs on rules alone", model_dir, error)
        return None


@lru_cache(maxsize=4)
def load_pipeline(model_dir: Path | None = DEFAULT_NER_MODEL) -> Language:
    """The spaCy pipeline, loaded once per process."""
    nlp = _load_ner(model_dir) if model_dir else None
    if nlp is None:
        nlp = spacy.blank("id", config=TOKENIZER)
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("line_breaks", after="sentencizer")
    return nlp


@lru_cache(maxsize=1)
def _place_names() -> tuple[frozenset[str], frozenset[str]]:
    """Region names by key (written capitalized) and abbreviations as written (exact case: "Tala"
    is also a word), from the gazetteer and the alias file."""
    names = {norm.place_key(region.short_name) for region in all_regions()}
    aliases = {row["alias"].replace(" ", "") for row in lexicons.rows("region_aliases.csv")}
    return frozenset(names), frozenset(aliases)


@lru_cache(maxsize=1)
def _office_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Keys of titles, bodies, office units and region type words ("Wali Kota", "BPJAMSOSTEK",
    "Cabang", "Pemkab"), and the words such a phrase can end with (a place right after one is the
    office's place, not a first name)."""
    phrases = [row["alias"] for row in lexicons.rows("positions.csv")]
    phrases += [row["alias"] for row in lexicons.rows("organizations.csv")]
    phrases += [row["alias"] for row in lexicons.rows("office_units.csv")]
    phrases += [row["word"] for row in lexicons.rows("region_context.csv")]
    keys = frozenset(norm.phrase_key(phrase) for phrase in phrases)
    last_words = {phrase.split()[-1].casefold() for phrase in phrases} | {w.casefold() for w in norm.office_words()}
    return keys, frozenset(last_words)


def _office_length(doc: Doc, i: int, end: int) -> int:
    """Tokens of the longest office phrase starting at token i and ending before `end` (0: none)."""
    keys = _office_keys()[0]
    for n in range(min(MAX_OFFICE_TOKENS, end - i), 0, -1):
        words = [t.text for t in doc[i:i + n]]
        if words[0][:1].isupper() and norm.phrase_key(words) in keys:
            return n
    return 0


def _place_length(doc: Doc, i: int, end: int) -> int:
    """Tokens of the longest region name starting at token i and ending before `end` (0: none)."""
    names, aliases = _place_names()
    for n in range(min(MAX_PLACE_TOKENS, end - i), 0, -1):
        words = [t.text for t in doc[i:i + n]]
        if not words[0][:1].isupper() or any(t.whitespace_ not in ("", " ") for t in doc[i:i + n - 1]):
            continue
        capitalized = all(w[:1].isupper() for w in words)
        if "".join(words) in aliases or (capitalized and norm.place_key(words) in names):
            return n
    return 0


def _after_office_word(doc: Doc, i: int) -> bool:
    """Token i follows a word that ends an office phrase, on the same line ("Wali Kota | Sawahlunto")."""
    return i > 0 and "\n" not in doc[i - 1].whitespace_ and doc[i - 1].text.casefold() in _office_keys()[1]


def _split_person(doc: Doc, start: int, end: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """A PER span's (place, person) token ranges once the office words (with their portfolio,
    "Kabid Pelayanan") and the office's place that lead it are taken off:
    "BPJamsostek Sulbar Awaluddin Bustamin" -> (Sulbar, Awaluddin Bustamin).
    Only one place comes off, and only after an office word, so "Bima Arya" keeps its first name."""
    i = start
    while i < end and (n := _office_length(doc, i, end) or (i > start and doc[i].text in norm.office_words())):
        i += n
    place = None
    n = _place_length(doc, i, end)
    if n and (i > start or _after_office_word(doc, i) or i + n == end):
        place, i = (i, i + n), i + n
    return place, ((i, end) if i < end else None)


def _reconciled(doc: Doc) -> list[tuple[str, int, int, str]]:
    """(label, start token, end token, source) of the doc's entities, model PER spans reconciled.

    A PER span that is only a region name becomes LOC ("Bupati Kendal"), unless no office word
    comes before it and the word is part of a longer person's name in the same text ("ujar Bima"
    after "Bima Arya"); one made only of weekdays, months or clause words is dropped."""
    Range = tuple[int, int] | None
    split: list[tuple[str, Range, Range]] = []  # label, place, person (or the whole span)
    for ent in doc.ents:
        label = "LOC" if ent.label_ in {"GPE", "PLACE", "LOCATION"} else ent.label_
        if label == "PER":
            split.append((label, *_split_person(doc, ent.start, ent.end)))
        else:
            split.append((label, None, (ent.start, ent.end)))
    name_words = {doc[k].text for label, _, person in split if label == "PER" and person
                  and person[1] - person[0] > 1 for k in range(*person)}
    entities: list[tuple[str, int, int, str]] = []
    for label, place, person in split:
        if place and not person and not _after_office_word(doc, place[0]) and doc[place[0]:place[1]].text in name_words:
            place, person = None, place
        if place:
            entities.append(("LOC", *place, "gazetteer"))
        if person and label == "PER" and all(t.text in norm.name_stopwords() for t in doc[person[0]:person[1]]):
            continue  # a weekday, a month or a clause word is never a person ("Rabu")
        if person:
            entities.append((label, *person, "ner"))
    return entities


def _analysis_from_doc(doc: Doc, published: str | None) -> Analysis:
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    analysis = Analysis(text=doc.text, sentences=sentences, entities=[], published=published)
    for label, start, end, source in _reconciled(doc):
        span = doc[start:end]
        analysis.entities.append(
            Span(label, span.start_char, span.end_char, span.text, analysis.sentence_of(span.start_char), source)
        )
    return analysis


def analyse(
    text: str, published: str | None = None, model_dir: Path | None = DEFAULT_NER_MODEL, backend: str = "spacy"
) -> Analysis:
    """Sentences and entities of one text."""
    return analyse_many([(text, published)], model_dir, backend=backend)[0]


def text_parts(text: str, limit: int) -> list[str]:
    """The text in consecutive pieces of at most `limit` characters, each cut after a line end in its
    second half where there is one, else after a space: spaCy refuses longer texts (max_length)."""
    parts = []
    while len(text) > limit:
        cut = (text.rfind("\n", limit // 2, limit) + 1) or (text.rfind(" ", limit // 2, limit) + 1) or limit
        parts.append(text[:cut])
        text = text[cut:]
    return [*parts, text]


def analyse_many(
    texts: list[tuple[str, str | None]], model_dir: Path | None = DEFAULT_NER_MODEL, batch_size: int = 32,
    backend: str = "spacy",
) -> list[Analysis]:
    """Batch form of analyse(): spaCy's nlp.pipe is much faster on many articles.

    A text longer than spaCy's max_length is analysed in parts, joined back into one Doc, so its
    offsets are offsets into the whole text.  backend "stanza" tags with models/ner-id-stanza
    instead (model_dir is spaCy's and is not used).
    """
    if backend == "stanza":
        return _analyse_with_stanza(texts)
    nlp = load_pipeline(model_dir)
    pieces = [text_parts(text, nlp.max_length) for text, _ in texts]
    analyses = []
    with one_blas_thread():
        docs = iter(nlp.pipe((part for parts in pieces for part in parts), batch_size=batch_size))
        for parts, (_, published) in zip(pieces, texts, strict=True):
            if len(parts) > 1:
                log.info("a text of %d characters is analysed in %d parts", sum(map(len, parts)), len(parts))
            group = [next(docs) for _ in parts]
            doc = group[0] if len(group) == 1 else Doc.from_docs(group, ensure_whitespace=False)
            analyses.append(_analysis_from_doc(doc, published))
    return analyses


def _analyse_with_stanza(texts: list[tuple[str, str | None]]) -> list[Analysis]:
    """Sentences and entities of many texts: warta's sentence rules, then stanza's NER.

    stanza is an optional extra, imported only when asked for.
    """
    from .stanza_backend import load_tagger, set_entities

    tagger = load_tagger()
    nlp = load_pipeline(None)
    docs = [nlp.make_doc(text) for text, _ in texts]
    for _, component in nlp.pipeline:
        docs = [component(doc) for doc in docs]
    set_entities(docs, tagger)
    return [_analysis_from_doc(doc, published) for doc, (_, published) in zip(docs, texts, strict=True)]
