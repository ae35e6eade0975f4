"""The extractor version: a digest of everything that decides an article's facts.

Every article row records the version that produced its facts; a run finding articles of another
version re-extracts them from their stored text.  What decides the facts: the rule code and the
stages it reads (NLP, numbers, normalization, gazetteer, records' fact shape), every lexicon under
`pipeline/resources/`, the NER model's description (`meta.json` / `training.json`) and the
version of the extraction contract (ANNOTATION.md).  Page reading (textextraction) is not in it:
a re-extraction starts from the stored text, which that stage made.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__

# Raise when ../shared/ANNOTATION.md changes what a fact is (2026-11: numbers carry a region).
CONTRACT_VERSION = "2026-11-regions"
PACKAGE = Path(__file__).resolve().parent
MODELS = PACKAGE.parent / "models"
DECIDING = ("rules", "resources", "nlp.py", "stanza_backend.py", "numbers.py", "normalization.py",
            "gazetteer.py", "lexicons.py", "records.py", "extraction.py", "version.py")
# Lexicons of page reading and crawling: they shape the stored text or what is fetched, not the
# facts drawn from a stored text, so changing them re-extracts nothing.
PAGE_LEXICONS = frozenset({"boilerplate.txt", "boilerplate_blocks.txt", "headline_affixes.txt", "datelines.txt",
                           "url_patterns.toml", "outlets.toml"})
MODEL_CARDS = {"spacy": MODELS / "ner-id" / "meta.json", "stanza": MODELS / "ner-id-stanza" / "training.json"}


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.name not in PAGE_LEXICONS)


@cache
def extractor_version(backend: str = "spacy") -> str:
    """`warta-<package version>+<digest>` (`+stanza` appended for that backend); the same inputs give
    the same version on every machine."""
    digest = hashlib.sha256(f"{CONTRACT_VERSION}\n{backend}\n".encode())
    for path in [f for name in DECIDING for f in _files(PACKAGE / name)] + [MODEL_CARDS[backend]]:
        if path.exists():
            digest.update(path.relative_to(PACKAGE.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    suffix = "" if backend == "spacy" else f"+{backend}"
    return f"warta-{__version__}+{digest.hexdigest()[:12]}{suffix}"
