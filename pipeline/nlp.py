"""NLP: Article text -> Analysis (sentences and PER/ORG/LOC entity spans).

The spaCy pipeline is `blank("id")` with a sentencizer that also breaks at line ends, an entity
ruler fed from `resources/entity_patterns.jsonl`, and the NER model trained here
(`models/ner-id`) when it is present.  A missing or broken model gives one warning and the rules
run alone.  `--ner-backend stanza` swaps in the stanza model from `models/` (optional extra).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .records import Analysis, Span

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_NER_MODEL = MODELS_DIR / "ner-id"
ENTITY_LABELS = {"PER", "ORG", "LOC"}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A newline always ends a sentence: news paragraphs and captions are separate units."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def _entity_patterns() -> list[dict]:
    path = resources.files("pipeline.resources").joinpath("entity_patterns.jsonl")
    if not path.is_file():
        return []
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _load_ner(model_dir: Path) -> Language | None:
    if not (model_dir / "meta.json").exists():
        log.warning("no NER model at %s: extraction runs on rules alone", model_dir)
        return None
    try:
        return spacy.load(model_dir)
    except Exception as error:  # a broken model must not stop extraction
        log.warning("NER model at %s could not be loaded (%s): extraction runs on rules alone", model_dir, error)
        return None


@lru_cache(maxsize=4)
def load_pipeline(model_dir: Path | None = DEFAULT_NER_MODEL) -> Language:
    """The spaCy pipeline, loaded once per process."""
    nlp = _load_ner(model_dir) if model_dir else None
    if nlp is None:
        nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("line_breaks", after="sentencizer")
    patterns = _entity_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", last=True, config={"overwrite_ents": False})
        ruler.add_patterns(patterns)
    return nlp


def _analysis_from_doc(doc: Doc, published: str | None) -> Analysis:
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
    analysis = Analysis(text=doc.text, sentences=sentences, entities=[], published=published)
    for ent in doc.ents:
        label = "LOC" if ent.label_ in {"GPE", "PLACE", "LOCATION"} else ent.label_
        source = "ruler" if ent.ent_id_ else "ner"
        analysis.entities.append(
            Span(label, ent.start_char, ent.end_char, ent.text, analysis.sentence_of(ent.start_char), source)
        )
    return analysis


def analyse(text: str, published: str | None = None, model_dir: Path | None = DEFAULT_NER_MODEL) -> Analysis:
    """Sentences and entities of one text."""
    return _analysis_from_doc(load_pipeline(model_dir)(text), published)


def analyse_many(
    texts: list[tuple[str, str | None]], model_dir: Path | None = DEFAULT_NER_MODEL, batch_size: int = 32
) -> list[Analysis]:
    """Batch form of analyse(): spaCy's nlp.pipe is much faster on many articles."""
    nlp = load_pipeline(model_dir)
    docs = nlp.pipe((text for text, _ in texts), batch_size=batch_size)
    return [_analysis_from_doc(doc, published) for doc, (_, published) in zip(docs, texts)]
