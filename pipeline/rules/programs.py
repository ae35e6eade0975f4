"""Programs: national social-security programs, movements, awards and regional schemes.

National programs come from resources/programs.csv (canonical name, alias, case rule): acronyms
match only in capitals (`JKK`, `JKm`), full names in any case, and `JP` only inside a list of
other program acronyms (`JHT, JKK, JKM, JP`) because on its own it is too ambiguous.  A regional
scheme is a name right after `program`/`gerakan`/`skema`: quoted (`program "X" (Akronim)`) or
capitalised (`program inovatif Lindungi Pren`, `lewat program PESONA`), or after a naming phrase
(resources/program_naming_words.txt: `program perlindungan yang diberi nama X`, `bertajuk X`);
`inovasi`/`inisiatif`/`terobosan` cue a scheme only through a naming phrase.  An acronym keeps its
clitic off: `JKK-nya` is JKK.
A capitalised name made only of generic words (resources/program_generic_words.txt) is a
description, not a name, unless a naming phrase introduced it; then an acronym in brackets after
it is the scheme's name (`Program Jaminan Sosial … (PESONA)`); words after a title-cased `Bagi`/`Untuk`
say whom a description is for and do not make it a name.  A fund opening the name (`skema APBD
Sukamara`) is where the money comes from, not a scheme.
Laws and instructions are never preceded by these cue words, so `Inpres Nomor 2` stays out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicons
from ..records import Analysis, ProgramMention
from .relevance import speaks_of_social_security

MODIFIERS = r"(?:\s+(?:inovatif|inovasi|unggulan|andalan|yakni|yaitu|baru))*"
MAX_DESCRIBING_WORDS = 8  # plain words, no punctuation: the naming phrase stays in the cue's clause
NAMED_ONLY = {"inovasi", "inisiatif", "terobosan"}  # cue a scheme only with a naming phrase after them
QUOTED = re.compile(r"[\"“”']([^\"“”'\n]{3,80})[\"“”']")
CAPITALISED = re.compile(r"(?:[A-Z][\w'-]*)(?:[ \t]+(?:[A-Z][\w'-]*|di|dan|ke))*(?<=\w)")
# A name ends before a place ("… di Kabupaten Hulu Sungai") or a law joined to it ("… dan Instruksi Presiden").
NAME_TAIL = re.compile(r"[ \t]+(?:di[ \t]+(?:Kabupaten|Kota|Provinsi|Kecamatan|Desa|Kelurahan)|dan[ \t]+"
                       r"(?:Instruksi|Inpres|Peraturan|Perpres|Perda|Undang|Keputusan))\b.*$")
# Title case carries on past the name into whom a description is for ("Program Jaminan Sosial
# Ketenagakerjaan Bagi Nelayan"): the words before the preposition decide whether it is a name.
BENEFICIARY_PREPOSITIONS = frozenset({"Bagi", "Untuk", "Kepada", "Terhadap"})
ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][\w-]{2,})\s*\)")
LIST_ACRONYM_WINDOW = 12
MAX_NAME_WORDS = 6
CLITIC_END = r"(?=-(?:nya|ku|mu)\b|(?![\w-]))"  # "JKK-nya" is JKK with a possessive clitic


@lru_cache(maxsize=1)
def _aliases() -> list[tuple[re.Pattern[str], str, str, str]]:
    """(pattern, canonical, case rule, first word as lexicons.folded writes it), longest alias first
    so full names win over parts."""
    rows = sorted(lexicons.rows("programs.csv"), key=lambda r: -len(r["alias"]))
    compiled = []
    for row in rows:
        body = r"[\s-]+".join(re.escape(w) for w in row["alias"].split())
        flags = re.IGNORECASE if row["case_sensitive"] == "no" else 0
        compiled.append((re.compile(rf"(?<![\w-]){body}{CLITIC_END}", flags), row["canonical"], row["case_sensitive"],
                         lexicons.folded(row["alias"].split()[0])))
    return compiled


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(w.casefold() for w in lexicons.words("program_generic_words.txt"))


@lru_cache(maxsize=1)
def _funds() -> frozenset[str]:
    """The funds money comes from (budget_sources.csv: APBD, APBN, APBDes, CSR …)."""
    return frozenset(row["cue"].casefold() for row in lexicons.rows("budget_sources.csv"))


@lru_cache(maxsize=1)
def _non_schemes() -> frozenset[str]:
    return frozenset(w.casefold() for w in lexicons.words("program_non_schemes.txt"))


@lru_cache(maxsize=1)
def _cue() -> re.Pattern[str]:
    """`program`/`gerakan`/`skema`, optionally described and then named (`program ... bertajuk`);
    `inovasi`/`inisiatif`/`terobosan` only when named (`terobosan yang diberi nama X`)."""
    naming = "|".join(r"\s+".join(map(re.escape, p.split()))
                      for p in sorted(lexicons.words("program_naming_words.txt"), key=len, reverse=True))
    return re.compile(rf"\b(program|gerakan|skema|{'|'.join(sorted(NAMED_ONLY))}){MODIFIERS}"
                      rf"(?:(?:\s+[a-z]+){{0,{MAX_DESCRIBING_WORDS}}}?\s+(?P<naming>{naming}))?\s+", re.IGNORECASE)


def _national(text: str) -> list[ProgramMention]:
    found: list[ProgramMention] = []
    taken: list[tuple[int, int]] = []
    listed: list[tuple[re.Match[str], str]] = []
    words = lexicons.folded(text)
    for pattern, canonical, rule, word in _aliases():
        if word not in words:
            continue
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if rule == "list":
                listed.append((match, canonical))
                continue
            taken.append((match.start(), match.end()))
            found.append(ProgramMention(canonical, match.start(), match.end(), match.group(0)))
    acronyms = [m for m in found if m.text.isupper() or m.text[:2].isupper()]
    for match, canonical in listed:
        near = any(abs(m.start - match.end()) <= LIST_ACRONYM_WINDOW or abs(match.start() - m.end) <= LIST_ACRONYM_WINDOW
                   for m in acronyms)
        if near:
            found.append(ProgramMention(canonical, match.start(), match.end(), match.group(0)))
    return found


def _non_scheme(name: str) -> bool:
    """Another ministry's programme, alone or first of a pair ("Keluarga Harapan dan BLT Dana Desa")."""
    return name.split(" dan ")[0].casefold() in _non_schemes()


def _acceptable_acronym(name: str) -> bool:
    lowered = name.casefold()
    return lowered not in _generic() and lowered not in _non_schemes() and not any(
        pattern.fullmatch(name) for pattern, _, _, _ in _aliases()
    )


def _scheme_at(text: str, cue: re.Match[str]) -> tuple[str, int, int] | None:
    """The regional scheme named right after a cue word, as written, with its span."""
    start = cue.end()
    quoted = QUOTED.match(text, start)
    if quoted:
        acronym = ACRONYM_AFTER.match(text, quoted.end())
        if acronym and _acceptable_acronym(acronym.group(1)):
            return acronym.group(1), acronym.start(1), acronym.end(1)
        return quoted.group(1).strip(), quoted.start(1), quoted.end(1)
    name = CAPITALISED.match(text, start)
    if not name:
        return None
    words = NAME_TAIL.sub("", name.group(0)).split()[:MAX_NAME_WORDS]
    while words and words[-1].islower():
        words.pop()
    if words and words[0].casefold() in _funds():
        return None  # the money a scheme is paid from: "dari skema APBD Sukamara"
    end = start + len(" ".join(words)) if words else start
    named = bool(cue.group("naming"))
    own = words[:next((i for i, w in enumerate(words) if w in BENEFICIARY_PREPOSITIONS), len(words))]
    if named and words or any(w.casefold() not in _generic() and not w.isdigit() for w in own if not w.islower()):
        if len(words) == 1 and not _acceptable_acronym(words[0]):
            return None
        keep_cue = cue.group(1).casefold() == "gerakan" and not named
        first = cue.start() if keep_cue else start
        return text[first:end], first, end
    acronym = ACRONYM_AFTER.match(text, name.end())
    if acronym and _acceptable_acronym(acronym.group(1)):
        return acronym.group(1), acronym.start(1), acronym.end(1)
    return None


def find_programs(analysis: Analysis) -> list[ProgramMention]:
    """National programs (canonical names) and named regional schemes, in text order."""
    text = analysis.text
    found = _national(text)
    spans = [(p.start, p.end) for p in found]
    seen = {p.name.casefold() for p in found}
    for cue in _cue().finditer(text):
        if cue.group(1).isupper():
            continue  # a shouting caption label (`PROGRAM BERMANFAAT:`), not a cue
        if cue.group(1).casefold() in NAMED_ONLY and not cue.group("naming"):
            continue
        scheme = _scheme_at(text, cue)
        if not scheme or not speaks_of_social_security(analysis, cue.start()):
            continue
        name, start, end = scheme
        if any(s < end and start < e for s, e in spans) or name.casefold() in seen or _non_scheme(name):
            continue
        seen.add(name.casefold())
        found.append(ProgramMention(name, start, end, text[start:end]))
    found.sort(key=lambda p: p.start)
    first: dict[str, ProgramMention] = {}
    for program in found:
        first.setdefault(program.name.casefold(), program)
    return [p for p in first.values() if not _shortened(p.name, first)]


def _shortened(name: str, names: dict[str, ProgramMention]) -> bool:
    """A scheme written once in full and once cut short ("Perjaka HSS Semangat" / "Perjaka HSS")."""
    return any(other.startswith(name.casefold() + " ") for other in names)
