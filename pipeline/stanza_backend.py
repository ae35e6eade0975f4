"""The stanza NER backend: training with stanza's own trainer, tagging, and scoring.

stanza ships no Indonesian NER and nothing may be downloaded, so the model in
`models/ner-id-stanza` is trained here on the same cleaned sentences as the spaCy model
(`training.shipped_training_data`).  stanza's tagger wants word vectors, so a small word2vec
(gensim) is trained on those training sentences and stored as stanza's `pretrain.pt`; there is
no charlm (no Indonesian corpus to train one).  The recipe is `resources/ner/stanza.json`.

For analysis, spaCy's blank Indonesian tokenizer and warta's sentence rules (nlp.py) cut the text,
stanza tags the pre-tokenised sentences, so both backends hand the rules the same Analysis record.
stanza and torch are an optional extra: everything here imports them lazily and says how to install
them when they are missing.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from . import lexicons
from .training import NerScores, Sentence, TrainingData, read_conll, score_tags

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner-id-stanza"
MODEL_FILE = "ner.pt"
PRETRAIN_FILE = "pretrain.pt"
INSTALL_HINT = "pip install torch==2.13.0 && pip install -e '.[stanza]'"


class StanzaUnavailable(RuntimeError):
    """The stanza backend was asked for but stanza, torch or the trained model is missing."""


def require_stanza() -> None:
    """Fail with the install command rather than an ImportError deep inside a run."""
    try:
        import stanza  # noqa: F401
        import torch  # noqa: F401
    except ImportError as error:
        raise StanzaUnavailable(f"the stanza NER backend needs stanza and torch ({error}); install them with: "
                                f"{INSTALL_HINT}") from error


def model_files(model_dir: Path) -> tuple[Path, Path]:
    """The tagger and pretrain files of a model folder; a clear error when they are absent."""
    model, pretrain = model_dir / MODEL_FILE, model_dir / PRETRAIN_FILE
    missing = [str(path) for path in (model, pretrain) if not path.is_file()]
    if missing:
        raise StanzaUnavailable(f"no stanza NER model ({', '.join(missing)} missing); train one with "
                                f"`warta train ner --backend stanza --data ../shared/data/ner`")
    return model, pretrain


def recipe() -> dict[str, Any]:
    """The word2vec and tagger settings of resources/ner/stanza.json."""
    return {key: value for key, value in lexicons.json("ner/stanza.json").items() if not key.startswith("_")}


def to_stanza_json(sentences: Iterable[Sentence]) -> list[list[dict[str, str]]]:
    """Sentences in the JSON shape stanza's NER trainer reads (it converts BIO to BIOES itself)."""
    return [[{"text": token, "ner": tag} for token, tag in zip(s.tokens, s.tags, strict=True)] for s in sentences]


def bioes_to_bio(tags: Iterable[str]) -> list[str]:
    """stanza predicts BIOES; the scorer and spaCy speak BIO."""
    return [f"B-{tag[2:]}" if tag.startswith("S-") else f"I-{tag[2:]}" if tag.startswith("E-") else tag for tag in tags]


def write_vectors(sentences: list[Sentence], path: Path, settings: dict[str, Any]) -> int:
    """word2vec on the lower-cased training sentences, as a text file stanza's Pretrain reads.

    stanza looks words up lower-cased, so the vectors are trained that way.  Returns the vocabulary size.
    """
    try:
        from gensim.models import Word2Vec
    except ImportError as error:
        raise StanzaUnavailable(f"training the stanza NER needs gensim ({error}): {INSTALL_HINT}") from error
    corpus = [[token.lower() for token in sentence.tokens] for sentence in sentences]
    model = Word2Vec(corpus, workers=1, **settings)
    model.wv.save_word2vec_format(str(path), binary=False)
    return len(model.wv)


def build_pretrain(vectors: Path, output: Path) -> None:
    """Convert the word2vec text file into stanza's pretrain.pt."""
    from stanza.models.common.pretrain import Pretrain

    output.unlink(missing_ok=True)
    Pretrain(str(output), str(vectors), max_vocab=-1).load()


def train_stanza_ner(data: TrainingData, output_dir: Path, max_steps: int | None = None) -> Path:
    """Train with stanza.models.ner_tagger; the best step on the dev set is what lands in output_dir.

    torch gets one thread: the machines this runs on are shared.  `training.json` beside the model
    records the data counts, the settings and the wall time.
    """
    require_stanza()
    import torch
    from stanza.models import ner_tagger

    torch.set_num_threads(1)
    settings = recipe()
    tagger = dict(settings["tagger"], **({"max_steps": max_steps} if max_steps else {}))
    output_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="warta-stanza-") as tmp:
        work = Path(tmp)
        for name, sentences in (("train.json", data.train), ("dev.json", data.dev)):
            (work / name).write_text(json.dumps(to_stanza_json(sentences), ensure_ascii=False), encoding="utf-8")
        vocabulary = write_vectors(data.train, work / "vectors.txt", settings["word2vec"])
        build_pretrain(work / "vectors.txt", work / PRETRAIN_FILE)
        args = ["--mode", "train", "--shorthand", "id_warta", "--cpu",
                "--train_file", str(work / "train.json"), "--eval_file", str(work / "dev.json"),
                "--wordvec_pretrain_file", str(work / PRETRAIN_FILE),
                "--save_dir", str(work), "--save_name", MODEL_FILE]
        for key, value in tagger.items():
            args += [f"--{key}", str(value)]
        ner_tagger.main(args)
        for name in (MODEL_FILE, PRETRAIN_FILE):
            shutil.copyfile(work / name, output_dir / name)
    record = {"data": data.stats, "word2vec_vocabulary": vocabulary, "recipe": settings, "tagger_args": tagger,
              "torch_threads": 1, "train_seconds": round(time.perf_counter() - started, 1)}
    (output_dir / "training.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return output_dir


class StanzaTagger:
    """A loaded stanza NER that tags pre-tokenised sentences with BIO tags.

    It drives stanza's NER trainer and data loader the way stanza's own NERProcessor does;
    stanza.Pipeline itself insists on a downloaded resources.json, which warta may not fetch.
    """

    def __init__(self, model_dir: Path = MODEL_DIR, batch_size: int = 64) -> None:
        require_stanza()
        model, pretrain = model_files(model_dir)
        from stanza.models.common.pretrain import Pretrain
        from stanza.models.ner.trainer import Trainer

        self.trainer = Trainer(model_file=str(model), pretrain=Pretrain(str(pretrain)), device="cpu")
        self.batch_size = batch_size

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence, on the tokens given (empty sentences get none)."""
        import torch
        from stanza.models.common.doc import Document
        from stanza.models.ner.data import DataLoader

        present = [index for index, tokens in enumerate(sentences) if tokens]
        tags: list[list[str]] = [[] for _ in sentences]
        if not present:
            return tags
        document = Document([[{"text": token} for token in sentences[index]] for index in present])
        loader = DataLoader(document, self.batch_size, self.trainer.args, vocab=self.trainer.vocab, evaluation=True,
                            preprocess_tags=False, bert_tokenizer=self.trainer.model.bert_tokenizer)
        with torch.no_grad():
            predicted = [sentence for batch in loader for sentence in self.trainer.predict(batch)]
        for index, sentence_tags in zip(present, predicted, strict=True):
            tags[index] = bioes_to_bio(sentence_tags)
        return tags


@lru_cache(maxsize=2)
def load_tagger(model_dir: Path = MODEL_DIR) -> StanzaTagger:
    """The stanza tagger, loaded once per process."""
    return StanzaTagger(model_dir)


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token chunks of a BIO sequence; a stray I- starts a chunk."""
    spans: list[tuple[int, int, str]] = []
    for index, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and spans and spans[-1][1] == index and spans[-1][2] == kind:
            spans[-1] = (spans[-1][0], index + 1, kind)
        elif prefix in {"B", "I"}:
            spans.append((index, index + 1, kind))
    return spans


def set_entities(docs: list[Doc], tagger: StanzaTagger) -> None:
    """Tag every sentence of the docs in one stanza call and write the entities into doc.ents."""
    units = [(doc, [token for token in sent if not token.is_space]) for doc in docs for sent in doc.sents]
    tagged = tagger.tag([[token.text for token in tokens] for _, tokens in units])
    entities: dict[int, list[SpacySpan]] = {id(doc): [] for doc in docs}
    for (doc, tokens), tags in zip(units, tagged, strict=True):
        for start, end, kind in _bio_spans(tags):
            entities[id(doc)].append(doc.char_span(tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1]),
                                                   label=kind))
    for doc in docs:
        doc.ents = [span for span in entities[id(doc)] if span is not None]


def train_fold(data: TrainingData, fold_dir: Path, test_path: Path, max_steps: int | None) -> NerScores:
    """One cross-validation fold with stanza's recipe (see training.cross_validate)."""
    return evaluate_ner(train_stanza_ner(data, fold_dir, max_steps), test_path)


def evaluate_ner(model_dir: Path, data_path: Path) -> NerScores:
    """Scores on one CoNLL file (gold tokens) and words/s on its sentences as raw text.

    Speed counts what `nlp.analyse_many` pays per word: spaCy's tokenizer and stanza's tagger.
    """
    import spacy

    tagger = load_tagger(model_dir)
    sentences = read_conll(data_path)
    scores = score_tags([list(s.tags) for s in sentences], tagger.tag([list(s.tokens) for s in sentences]))
    tokenizer = spacy.blank("id").tokenizer
    texts = [" ".join(sentence.tokens) for sentence in sentences]
    started = time.perf_counter()
    tokenised = [[token.text for token in tokenizer(text)] for text in texts]
    tagger.tag(tokenised)
    scores.words_per_second = sum(map(len, tokenised)) / (time.perf_counter() - started)
    return scores
