"""Normalization of people, offices and bodies to the forms of ANNOTATION.md.

Everything language-specific is data under `resources/`: honorifics and degrees around names,
the lexicon of positions (with abbreviations such as Sekda or Kadisnakertrans), the canonical
names of organizations (BPJAMSOSTEK -> BPJS Ketenagakerjaan), the units of an office's name and
the words that make up a portfolio ("Tenaga Kerja dan Transmigrasi").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicons
from .gazetteer import Region

PLACE_KEY_IGNORED = re.compile(r"[\s\-’'.]")


def place_key(words: list[str] | str) -> str:
    """Key for comparing place names: case, spaces, hyphens, dots and apostrophes do not matter."""
    text = words if isinstance(words, str) else "".join(words)
    return PLACE_KEY_IGNORED.sub("", text).casefold()


def phrase_key(words: list[str] | str) -> str:
    """Key for comparing written phrases: case, spaces, dots and hyphens do not matter."""
    text = words if isinstance(words, str) else "".join(words)
    return re.sub(r"[\s.\-]", "", text).casefold()


@dataclass(frozen=True)
class Position:
    position: str  # canonical office, without organization or place
    organization: str  # regional | agency | office | council
    level: str  # region type the office implies, or ""
    takes: str  # descriptor | unit | body | ""


@dataclass(frozen=True)
class Organization:
    name: str  # canonical name ("BPJS Ketenagakerjaan", "Pemerintah Provinsi")
    kind: str  # bpjs | agency | council | regional


@lru_cache(maxsize=1)
def positions() -> dict[str, Position]:
    """Position lexicon by phrase key ("wakilbupati", "wabup", "kadisnakertrans")."""
    return {phrase_key(r["alias"]): Position(r["position"], r["organization"], r["level"], r["takes"])
            for r in lexicons.rows("positions.csv")}


@lru_cache(maxsize=1)
def organizations() -> dict[str, Organization]:
    """Organization aliases by phrase key."""
    return {phrase_key(r["alias"]): Organization(r["organization"], r["kind"])
            for r in lexicons.rows("organizations.csv")}


@lru_cache(maxsize=1)
def office_units() -> dict[str, str]:
    """Units of an office's name after its body ("Cabang", "Kanwil" -> "Kantor Wilayah")."""
    return {phrase_key(r["alias"]): r["unit"] for r in lexicons.rows("office_units.csv")}


@lru_cache(maxsize=1)
def office_abbreviations() -> dict[str, str]:
    """Abbreviated units of a portfolio and their spelled-out form ("Intel" -> "Intelijen")."""
    return {r["abbreviation"]: r["expansion"] for r in lexicons.rows("office_abbreviations.csv")}


@lru_cache(maxsize=1)
def office_words() -> frozenset[str]:
    return frozenset(lexicons.words("office_words.txt"))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    return frozenset(lexicons.words("honorifics.txt"))


@lru_cache(maxsize=1)
def degrees() -> frozenset[str]:
    return frozenset(phrase_key(d) for d in lexicons.words("degrees.txt"))


def bare_word(word: str) -> str:
    """A name word without dots, commas and apostrophes, lowercased: "S.Sos," -> "ssos"."""
    return re.sub(r"[.,'’`]", "", word).casefold()


@lru_cache(maxsize=1)
def name_titles() -> frozenset[str]:
    """Honorifics and degrees as bare words: what person matching drops from a name."""
    return frozenset(bare_word(w) for w in lexicons.words("honorifics.txt") + lexicons.words("degrees.txt"))


@lru_cache(maxsize=1)
def name_stopwords() -> frozenset[str]:
    return frozenset(lexicons.words("name_stopwords.txt"))


@lru_cache(maxsize=1)
def compass_words() -> frozenset[str]:
    return frozenset(lexicons.words("compass_words.txt"))


def is_honorific(word: str) -> bool:
    """An honorific, religious title or rank before a name: "Dr.", "K.H.", "(H.C.)", "AKBP", "Pol.",
    or a corps letter in brackets after a rank ("Kolonel Laut (P)")."""
    bare = word.strip("().").replace(".", "")
    return bare in honorifics() or (word.startswith("(") and word.endswith(")") and len(bare) == 1 and bare.isupper())


def is_degree(word: str) -> bool:
    """An academic degree ("SH", "S.Sos", "M.Si"); a capitalized name word never is one."""
    stripped = word.strip(".,")
    return phrase_key(stripped) in degrees() and not ("." not in stripped and stripped.istitle() and len(stripped) > 3)


def keeps_initial(honorific: str, name_words: list[str]) -> bool:
    """Whether an honorific written with a given name's initial ("HM.") keeps the initial: before a
    single name word it does (honorific_initials.txt)."""
    return honorific.rstrip(".") in lexicons.words("honorific_initials.txt") and len(name_words) == 1


def clean_name(raw: str) -> str:
    """A personal name as ANNOTATION.md wants it: honorifics and degrees dropped, casing kept,
    initials without dots ("Dr. H. Anwar Hafid, M.Si" -> "Anwar Hafid"; "Otto P. Wanggai" -> "Otto P Wanggai")."""
    words = [w for w in re.split(r"[\s,]+", raw.strip()) if w]
    while words and is_honorific(words[0]):
        if keeps_initial(words[0], [w for w in words[1:] if not is_degree(w)]):
            words[0] = words[0].rstrip(".")[-1]  # "HM. Yunus" -> "M Yunus"
            break
        words.pop(0)
    while len(words) > 1 and is_degree(words[-1]):
        words.pop()
    name = " ".join(w.rstrip(".") if len(w.rstrip(".")) == 1 else w for w in words)
    return re.sub(r"\s+", " ", name).strip(" .,")


def government_of(region: Region) -> str:
    """The regional government of a region: "Pemerintah Kabupaten Paser"."""
    return f"Pemerintah {region.name}"
