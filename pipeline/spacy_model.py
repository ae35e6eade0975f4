"""How warta loads and runs a trained spaCy model: its own Indonesian tokenizer, the matrix products
on numpy's BLAS, one BLAS thread per process.  The NLP stage (pipeline/nlp.py) and the NER
evaluation (pipeline/training.py) both load the model this way, so the speed `warta evaluate-ner`
reports is the speed extraction runs at.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from thinc.api import use_ops
from threadpoolctl import threadpool_limits


@spacy.registry.tokenizers("warta.indonesian_tokenizer.v1")
def indonesian_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's Indonesian tokenizer without its special cases that hold whitespace (" ", "\\n",
    "Dr. rer. nat."): it splits at spaces before it looks a case up, so they never apply, yet they
    alone made it run a matcher over every text (6.7 of its 6.8 ms per portal article; the same
    tokens on every gold set).  Built with them left out, not emptied after: rebuilding its 16k
    cases costs seconds of every process's start."""
    def make(nlp: Language) -> Tokenizer:  # spaCy's own tokenizer factory, these cases aside
        defaults = nlp.Defaults
        cases = {case: tokens for case, tokens in defaults.tokenizer_exceptions.items()
                 if not any(character.isspace() for character in case)}
        prefixes, suffixes, infixes = defaults.prefixes, defaults.suffixes, defaults.infixes
        return Tokenizer(nlp.vocab, rules=cases,
                         prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
                         suffix_search=compile_suffix_regex(suffixes).search if suffixes else None,
                         infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
                         token_match=defaults.token_match, url_match=defaults.url_match)
    return make


TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "warta.indonesian_tokenizer.v1"}}}


def read_model(model_dir: Path) -> Language:
    """A trained spaCy model from disk with warta's tokenizer, its matrix products on numpy's BLAS:
    thinc's default blis kernels ran them 2.3x slower on one core here (NLP 68 -> 32 ms per portal
    article, the same entities).  Run it under `one_blas_thread()`.

    The model's saved tokenizer is spaCy's Indonesian one, which building the pipeline from its
    config already makes: reading it from disk again would double the load."""
    with use_ops("numpy", use_blis=False):
        return spacy.load(model_dir, exclude=["tokenizer"], config=TOKENIZER)


def one_blas_thread() -> threadpool_limits:
    """The BLAS on one thread while the model runs: the parallelism is the worker processes, one per core."""
    return threadpool_limits(1, user_api="blas")
