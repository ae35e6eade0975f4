"""Training and scoring of warta's Indonesian NER (PER, ORG, LOC).

No Indonesian NER ships with spaCy or stanza and nothing may be downloaded at run time, so warta
trains its own from the public corpora under `--data` (see ../shared/data/ner/SOURCES.md).  The
corpora disagree in format and labels, so every file goes through one reader that maps the
labels to PER/ORG/LOC, repairs stray I- tags, and drops duplicates; sentences of the dev and
held-out sets are removed from the training data because the corpora share many sentences.
Which files play which role is data: `resources/ner/corpora.json`; the model is
`resources/ner/config.cfg` with a fixed seed.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, biluo_to_iob, iob_to_biluo

from . import lexicons
from .evaluation import Score
from .spacy_model import one_blas_thread, read_model

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sentence:
    """One pre-tokenised sentence with repaired BIO tags over PER/ORG/LOC."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def default_config() -> Path:
    """The spaCy config shipped in the package (resources/ner/config.cfg)."""
    return Path(str(lexicons.resource("ner/config.cfg")))


def label_map() -> dict[str, str]:
    """Corpus entity type -> PER/ORG/LOC; unlisted types (TIME, QUANTITY, EVT…) become O."""
    data = lexicons.json("ner/labels.json")
    return {key: value for key, value in data.items() if not key.startswith("_")}


def corpus_spec() -> dict[str, Any]:
    """Which files under --data train, tune and judge the shipped model."""
    return lexicons.json("ner/corpora.json")


def repair_tags(tags: Iterable[str], labels: dict[str, str] | None = None) -> list[str]:
    """Map tags to PER/ORG/LOC and turn an I- that cannot continue an entity into B-.

    NERP and NER UGM hold I- tags after O or after another type; conlleval reads those as
    entity starts, and spaCy refuses them, so they become B- here.
    """
    labels = label_map() if labels is None else labels
    repaired: list[str] = []
    previous = "O"
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        mapped = labels.get(kind.upper()) if prefix in {"B", "I"} else None
        if mapped is None:
            tag = "O"
        elif prefix == "I" and previous[2:] != mapped:
            tag = f"B-{mapped}"
        else:
            tag = f"{prefix}-{mapped}"
        repaired.append(tag)
        previous = tag
    return repaired


def read_conll(path: Path | str, labels: dict[str, str] | None = None) -> list[Sentence]:
    """Sentences of a CoNLL-like file: token first, NER tag last, tab or space separated.

    Covers the IndoNLU/IndoLEM TSVs and IDNer's three-column, CRLF file alike; a blank line ends
    a sentence.
    """
    labels = label_map() if labels is None else labels
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            sentences.append(Sentence(tuple(tokens), tuple(repair_tags(tags, labels))))
        tokens.clear()
        tags.clear()

    with open(path, encoding="utf-8-sig", newline=None) as handle:
        for line in handle:
            columns = line.rstrip("\r\n").split("\t") if "\t" in line else line.split()
            columns = [column.strip() for column in columns]
            if not columns or not columns[0] or line.startswith("-DOCSTART-"):
                flush()
                continue
            tokens.append(columns[0])
            tags.append(columns[-1] if len(columns) > 1 else "O")
    flush()
    return sentences


def sentence_key(tokens: Iterable[str]) -> str:
    """Identity of a sentence across corpora: case, spacing and tokenisation do not matter.

    NERGrit splits `15.022` into three tokens and NERP is lower-cased, so the key joins the
    tokens without spaces and lower-cases them.
    """
    return re.sub(r"\s+", "", "".join(tokens)).lower()


def deduplicate(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Keep the first of sentences with the same key (NERP train alone repeats 323)."""
    seen: set[str] = set()
    kept: list[Sentence] = []
    for sentence in sentences:
        key = sentence_key(sentence.tokens)
        if key not in seen:
            seen.add(key)
            kept.append(sentence)
    return kept


def remove_leaks(train: Iterable[Sentence], held_out: Iterable[Sentence]) -> tuple[list[Sentence], int]:
    """Training sentences that do not appear in any held-out set, and how many were dropped."""
    train = list(train)
    banned = {sentence_key(sentence.tokens) for sentence in held_out}
    kept = [sentence for sentence in train if sentence_key(sentence.tokens) not in banned]
    return kept, len(train) - len(kept)


@dataclass
class TrainingData:
    """Cleaned training and dev sentences with the counts MODEL.md reports."""

    train: list[Sentence]
    dev: list[Sentence]
    stats: dict[str, Any] = field(default_factory=dict)
    reviewed: list[Doc] = field(default_factory=list)  # annotators' articles (see exchange.reviewed_docs)


def build_training_data(
    data_dir: Path, train_files: list[str], dev_files: list[str], held_out_files: list[str]
) -> TrainingData:
    """Read, clean, deduplicate and de-leak the training corpora named relative to data_dir."""
    labels = label_map()
    stats: dict[str, Any] = {"files": {}}
    train: list[Sentence] = []
    for name in train_files:
        sentences = read_conll(data_dir / name, labels)
        stats["files"][name] = len(sentences)
        train.extend(sentences)
    dev = deduplicate(s for name in dev_files for s in read_conll(data_dir / name, labels))
    held_out = [s for name in held_out_files for s in read_conll(data_dir / name, labels)]
    read = len(train)
    train = deduplicate(train)
    stats["duplicates_removed"] = read - len(train)
    train, leaked = remove_leaks(train, held_out + dev)
    stats["leaks_removed"] = leaked
    stats["train_sentences"] = len(train)
    stats["train_tokens"] = sum(len(s.tokens) for s in train)
    stats["train_entities"] = dict(Counter(t[2:] for s in train for t in s.tags if t.startswith("B-")))
    stats["dev_sentences"] = len(dev)
    return TrainingData(train, dev, stats)


def to_doc(sentence: Sentence, vocab: Any) -> Doc:
    """A spaCy Doc with the sentence's gold entities (tokens as given, no re-tokenising)."""
    doc = Doc(vocab, words=list(sentence.tokens))
    doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(list(sentence.tags)))
    return doc


def write_docbin(sentences: Iterable[Sentence], path: Path, extra: Iterable[Doc] = ()) -> None:
    """Sentences (and ready-made Docs, such as reviewed articles) as a .spacy file for spaCy's trainer."""
    vocab = spacy.blank("id").vocab
    docs = [to_doc(sentence, vocab) for sentence in sentences] + list(extra)
    DocBin(docs=docs, store_user_data=False).to_disk(path)


def train_ner(
    data: TrainingData, output_dir: Path, config_path: Path | None = None, overrides: dict[str, Any] | None = None
) -> Path:
    """Train with spaCy's trainer and put the best model (by dev F1) at output_dir.

    A `training.json` beside the model records the data counts and overrides, so MODEL.md's
    numbers can be traced to the run that made them.
    """
    from spacy.cli.train import train as spacy_train

    config_path = config_path or default_config()
    with tempfile.TemporaryDirectory(prefix="warta-ner-") as tmp:
        work = Path(tmp)
        write_docbin(data.train, work / "train.spacy", data.reviewed)
        write_docbin(data.dev, work / "dev.spacy")
        settings = {"paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy")}
        settings.update(overrides or {})
        started = time.perf_counter()
        spacy_train(config_path, work / "out", use_gpu=-1, overrides=settings)
        elapsed = time.perf_counter() - started
        _replace_model(work / "out" / "model-best", output_dir)
    record = {"data": data.stats, "overrides": overrides or {}, "train_seconds": round(elapsed, 1)}
    (output_dir / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return output_dir


def _replace_model(source: Path, output_dir: Path) -> None:
    """Swap the model files at output_dir for source's, keeping the hand-written MODEL.md."""
    output_dir.mkdir(parents=True, exist_ok=True)
    for child in output_dir.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        elif child.name != "MODEL.md":
            child.unlink()
    shutil.copytree(source, output_dir, dirs_exist_ok=True)


@dataclass
class NerScores:
    """Exact-span scores: micro (seqeval/spaCy style) and macro over types (IndoNLU style)."""

    per_type: dict[str, Score]
    micro: Score
    sentences: int = 0
    words: int = 0
    words_per_second: float = 0.0

    @property
    def macro_f1(self) -> float:
        return sum(score.f1 for score in self.per_type.values()) / len(self.per_type) if self.per_type else 0.0

    def as_dict(self) -> dict[str, Any]:
        def row(score: Score) -> dict[str, Any]:
            return {"p": round(score.precision, 4), "r": round(score.recall, 4), "f1": round(score.f1, 4),
                    "tp": score.tp, "fp": score.fp, "fn": score.fn}

        return {
            "micro": row(self.micro),
            "macro_f1": round(self.macro_f1, 4),
            "per_type": {kind: row(score) for kind, score in sorted(self.per_type.items())},
            "sentences": self.sentences,
            "words": self.words,
            "words_per_second": round(self.words_per_second),
        }


def entity_spans(tags: Iterable[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) chunks of a BIO sequence, conlleval style (I- after O starts a chunk)."""
    spans: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    tags = list(tags)
    for index, tag in enumerate(tags + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and label == kind and start >= 0
        if start >= 0 and not continues:
            spans.add((start, index, kind))
            start, kind = -1, ""
        if prefix in {"B", "I"} and not continues:
            start, kind = index, label
    return spans


def score_tags(gold: list[list[str]], predicted: list[list[str]]) -> NerScores:
    """Exact-match entity scores of predicted against gold BIO sequences."""
    per_type: dict[str, Score] = {}
    micro = Score()
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        gold_spans, pred_spans = entity_spans(gold_tags), entity_spans(pred_tags)
        for span in gold_spans | pred_spans:
            score = per_type.setdefault(span[2], Score())
            if span in gold_spans and span in pred_spans:
                score.tp += 1
                micro.tp += 1
            elif span in pred_spans:
                score.fp += 1
                micro.fp += 1
            else:
                score.fn += 1
                micro.fn += 1
    return NerScores(per_type=per_type, micro=micro, sentences=len(gold), words=sum(map(len, gold)))


def predict_tags(nlp: Language, sentences: list[Sentence]) -> list[list[str]]:
    """BIO tags the model gives each sentence, on the gold tokenisation."""
    docs = (Doc(nlp.vocab, words=list(sentence.tokens)) for sentence in sentences)
    predicted: list[list[str]] = []
    for doc in nlp.pipe(docs, batch_size=256):
        tags = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in {"B", "I"} else "O" for t in doc]
        predicted.append(biluo_to_iob(iob_to_biluo(tags)))
    return predicted


def words_per_second(nlp: Language, sentences: list[Sentence], repeats: int = 1) -> float:
    """Throughput of the full pipeline (tokeniser included) on the sentences as raw text."""
    texts = [" ".join(sentence.tokens) for sentence in sentences]
    words = 0
    started = time.perf_counter()
    for _ in range(repeats):
        for doc in nlp.pipe(texts, batch_size=256):
            words += len(doc)
    return words / (time.perf_counter() - started)


def evaluate_ner(model_dir: Path, data_path: Path) -> NerScores:
    """Scores and speed of the model at model_dir on one CoNLL file."""
    nlp = read_model(model_dir)
    sentences = read_conll(data_path)
    with one_blas_thread():
        scores = score_tags([list(s.tags) for s in sentences], predict_tags(nlp, sentences))
        scores.words_per_second = words_per_second(nlp, sentences)
    return scores


def shipped_training_data(data_dir: Path) -> TrainingData:
    """The training data of the shipped model, per resources/ner/corpora.json."""
    spec = corpus_spec()
    return build_training_data(data_dir, spec["train"], spec["dev"], spec["held_out"])


def fold_training_data(data_dir: Path, corpus: str, fold: int) -> tuple[TrainingData, Path]:
    """Training data of one cross-validation fold and the fold's test file.

    The corpus's full file in the shipped recipe is swapped for the fold's train file, and the
    fold's dev and test sentences are removed from every other corpus too.
    """
    spec = corpus_spec()
    folds = spec["cross_validation"][corpus]
    name = {key: folds[key].format(fold=fold) for key in ("train", "dev", "test")}
    train_files = [name["train"] if file == folds["replaces"] else file for file in spec["train"]]
    data = build_training_data(data_dir, train_files, [name["dev"]], [name["test"]])
    return data, data_dir / name["test"]


FoldTrainer = Callable[[TrainingData, Path, Path, int | None], NerScores]


def train_fold(data: TrainingData, fold_dir: Path, test_path: Path, max_steps: int | None) -> NerScores:
    """One cross-validation fold with spaCy's recipe: train on the fold, score on its test file."""
    overrides = {"training.max_steps": max_steps} if max_steps else None
    return evaluate_ner(train_ner(data, fold_dir, overrides=overrides), test_path)


def cross_validate(
    data_dir: Path, corpus: str, output_dir: Path, max_steps: int | None = None, backend: str = "spacy",
    fold_trainer: FoldTrainer = train_fold,
) -> list[NerScores]:
    """Train and score one model per fold of a corpus (IndoLEM's protocol: mean of fold tests).

    fold_trainer is the backend's recipe (stanza_backend.train_fold for "stanza"), so both recipes
    meet the same tests; backend names it in cv.json.
    """
    results: list[NerScores] = []
    for fold in range(1, corpus_spec()["cross_validation"][corpus]["folds"] + 1):
        data, test_path = fold_training_data(data_dir, corpus, fold)
        fold_dir = output_dir / f"fold-{fold:02d}"
        scores = fold_trainer(data, fold_dir, test_path, max_steps)
        log.info("%s fold %d: micro F1 %.4f", corpus, fold, scores.micro.f1)
        results.append(scores)
    summary = {
        "corpus": corpus,
        "backend": backend,
        "folds": [scores.as_dict() for scores in results],
        "mean_micro_f1": round(sum(s.micro.f1 for s in results) / len(results), 4),
        "mean_macro_f1": round(sum(s.macro_f1 for s in results) / len(results), 4),
    }
    (output_dir / "cv.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return results


def format_scores(scores: NerScores) -> str:
    """A plain-text report: per-type and micro P/R/F1, macro F1 labelled as such, speed."""
    lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'fp':>7}{'fn':>7}"]
    rows = sorted(scores.per_type.items()) + [("micro", scores.micro)]
    for kind, score in rows:
        lines.append(f"{kind:<8}{score.precision:>8.4f}{score.recall:>8.4f}{score.f1:>8.4f}"
                     f"{score.tp:>7}{score.fp:>7}{score.fn:>7}")
    lines.append(f"macro F1 (mean of per-type F1, as IndoNLU reports): {scores.macro_f1:.4f}")
    lines.append(f"{scores.sentences} sentences, {scores.words} words, {scores.words_per_second:,.0f} words/s")
    return "\n".join(lines)
