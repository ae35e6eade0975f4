"""Regions: provinces, regencies and cities named in the text, resolved to canonical names.

Names are matched over word tokens, longest first, against every region's short name (with and
without spaces: "Palangka Raya" = "Palangkaraya") and the abbreviations in
`resources/region_aliases.csv`.  A word before the name ("Kabupaten", "Pemkot", "Bupati" …, see
`region_context.csv`) fixes its type.  A bare name shared by several regions is resolved by the
rest of the article: a reading already named unambiguously, then the province the article is
about, then the convention that a bare city name means the city.  Islands, macro-areas and towns
(`not_regions.txt`) and places inside venue names (`venue_words.txt`) are not regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicons
from .. import normalization as norm
from ..gazetteer import Region, all_regions, province_of_code, region_by_code
from ..records import Analysis, RegionMention

MAX_TOKENS = 5
TOKEN = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
TYPE_PREFERENCE = ("kota", "provinsi", "kabupaten")  # a bare city name means the city


@dataclass(frozen=True)
class Entry:
    """One way of writing one or more regions."""

    codes: tuple[str, ...]
    needs: str  # "" | "province": needs its province in the article | "typed": needs a type word
    exact_case: bool  # abbreviations match as written; names also in capitals
    joint: bool = False  # a joint office name ("Sumbarriau") names every one of its regions


@dataclass
class Token:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def name_index() -> dict[str, list[Entry]]:
    """Every written form of a region, by comparison key."""
    index: dict[str, list[Entry]] = {}
    for region in all_regions():
        short = region.short_name
        variants = {short, short.replace("Kep. ", "Kepulauan ")}
        for variant in variants:
            index.setdefault(norm.place_key(variant), []).append(Entry((region.code,), "", False))
    for row in lexicons.rows("region_aliases.csv"):
        codes = tuple(c for c in re.split(r"[;+]", row["codes"]) if c)
        entry = Entry(codes, row["needs"].strip(), True, "+" in row["codes"])
        entries = index.setdefault(norm.place_key(row["alias"]), [])
        if entry.needs:  # the alias's own rule replaces the plain reading of the same name
            entries[:] = [e for e in entries if not set(e.codes) & set(entry.codes)]
        entries.append(entry)
    return index


@lru_cache(maxsize=1)
def _key_prefixes() -> frozenset[str]:
    """Every leading part of a region's or a non-region's key: a name can only go on while its key
    so far is one of them."""
    keys = name_index().keys() | not_region_keys()
    return frozenset(key[:n] for key in keys for n in range(1, len(key) + 1))


@lru_cache(maxsize=1)
def not_region_keys() -> set[str]:
    """Keys of islands, macro-areas and towns that are not regions."""
    return {norm.place_key(line) for line in lexicons.words("not_regions.txt")}


@lru_cache(maxsize=1)
def venue_words() -> set[str]:
    """Keys of words that open a venue's or a company's name (Hotel, Bank, PT)."""
    return {norm.place_key(line) for line in lexicons.words("venue_words.txt")}


@lru_cache(maxsize=1)
def feature_words() -> set[str]:
    """Keys of words that name a geographic feature after them (Selat, Teluk, Pulau)."""
    return {norm.place_key(line) for line in lexicons.words("geographic_features.txt")}


@lru_cache(maxsize=1)
def type_words() -> dict[str, str]:
    """Words before a name that fix the region type, by key."""
    return {norm.place_key(row["word"]): row["type"] for row in lexicons.rows("region_context.csv")}


SE_PREFIX = re.compile(r"[Ss]e-(?=[A-Z])")


def tokens_of(text: str) -> list[Token]:
    """Word tokens; the prefix "se-" ("throughout") is not part of the name it joins:
    "se-Provinsi Gorontalo", "se-Bali"."""
    tokens = []
    for m in TOKEN.finditer(text):
        prefix = SE_PREFIX.match(m.group())
        start = m.start() + (prefix.end() if prefix else 0)
        tokens.append(Token(text[start:m.end()], start, m.end()))
    return tokens


def _capitalized(word: str) -> bool:
    return word[:1].isupper()


def _joined(text: str, tokens: list[Token], i: int, n: int) -> bool:
    """Tokens i..i+n-1 form one phrase: single spaces (or nothing) between them, or the dot of a
    short abbreviation ("Kep. Riau")."""
    return all(text[tokens[k].end:tokens[k + 1].start] in (" ", "")
               or (text[tokens[k].end:tokens[k + 1].start] == ". " and len(tokens[k].text) <= 3)
               for k in range(i, i + n - 1))


def _written_like(entry: Entry, words: list[str], alias: str | None) -> bool:
    """Abbreviations as written; a name-like alias ("Jakarta") also in capitals, which only a
    dateline accepts ("JAKARTA, KOMPAS.com -")."""
    if entry.exact_case:
        if alias is None or " ".join(words) == alias or "".join(words) == alias.replace(" ", ""):
            return True
        return not alias.isupper() and all(w.isupper() for w in words) and "".join(words) == alias.replace(" ", "").upper()
    return all(_capitalized(w) or w in ("dan", "di") for w in words) and _capitalized(words[0])


@lru_cache(maxsize=1)
def _alias_spelling() -> dict[str, str]:
    return {norm.place_key(row["alias"]): row["alias"] for row in lexicons.rows("region_aliases.csv")}


def _type_hint(text: str, tokens: list[Token], i: int) -> str | None:
    """The region type fixed by the word(s) just before token i ("Kabupaten", "Kab.", "Pemprov"), also
    as the bracketed abbreviation of a spelled-out government ("Pemerintah Kabupaten (Pemkab) Gorontalo")."""
    if i == 0 or text[tokens[i - 1].end:tokens[i].start].strip(" .)") or not _capitalized(tokens[i - 1].text):
        return None
    hints = type_words()
    if i >= 2 and _joined(text, tokens, i - 2, 2) and norm.place_key([tokens[i - 2].text, tokens[i - 1].text]) in hints:
        return hints[norm.place_key([tokens[i - 2].text, tokens[i - 1].text])]
    return hints.get(norm.place_key(tokens[i - 1].text))


def _in_venue(text: str, tokens: list[Token], i: int) -> bool:
    """Token i continues a capitalized run that starts with a venue word ("Hotel Ibis Pontianak").
    A BPJS body in between makes it an office's place ("Koordinator Lapangan BPJAMSOSTEK Tanbu")."""
    j = i - 1
    while j >= 0 and i - j <= 5 and _joined(text, tokens, j, 2) and (_capitalized(tokens[j].text)
                                                                      or tokens[j].text.isdigit()):
        body = norm.organizations().get(norm.phrase_key(tokens[j].text))
        if body and body.kind == "bpjs":
            return False
        pair = [tokens[j - 1].text, tokens[j].text] if j > 0 else None
        if norm.place_key(tokens[j].text) in venue_words() or (pair and norm.place_key(pair) in venue_words()):
            return True
        j -= 1
    return False


DATELINE_DASH = re.compile(r"[–—]|\s-+\s?|-+\s")
DATELINE_MAX = 60
DATELINE_PLACE = re.compile(r"[A-Z][A-Z .'-]+,\s")  # "BLITAR, " opening a line: the outlet's name follows


def is_dateline(text: str, start: int, end: int) -> bool:
    """The place in a paragraph's dateline, before the dash: "Banjarmasin (ANTARA) -", "PALU, KP -",
    "OUTLET.NET / SURABAYA –"."""
    line_start = text.rfind("\n", 0, start) + 1
    dash = DATELINE_DASH.search(text, end, line_start + DATELINE_MAX + 3)
    opens = (start == line_start or text[:start].rstrip().endswith(("/", "(", ",", "|"))
             or bool(DATELINE_PLACE.match(text, line_start, start)))  # "BLITAR, Radar Blitar –"
    return opens and dash is not None and dash.start() - line_start <= DATELINE_MAX


SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")


def _read_as_name(text: str, tokens: list[Token], i: int) -> bool:
    """A region name that is also a common word ("Medan", "Padang") is a name mid-sentence after a
    lowercase word ("ke Medan", "warga Medan"), or after an office name ("Cabang Medan"), or at
    the end of a capitalized run; not at a sentence's start ("Medan kita berat") nor inside a
    title-case run ("Petugas Tembus Medan Berat")."""
    if i == 0:
        return False
    gap = text[tokens[i - 1].end:tokens[i].start]
    if "\n" in gap or SENTENCE_END.search(gap):
        return False
    before = tokens[i - 1].text
    if not _capitalized(before):
        return True
    offices = norm.organizations().keys() | norm.office_units().keys() | norm.positions().keys()
    if norm.phrase_key(before) in offices or (i >= 2 and norm.phrase_key([tokens[i - 2].text, before]) in offices):
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is None or not (_joined(text, tokens, i, 2) and _capitalized(nxt.text))


def _names_feature(text: str, tokens: list[Token], i: int) -> bool:
    """The name follows a word for a strait, a bay, an island, a lake or a river, written as part
    of the name ("Selat Bali", "Sungai Kapuas"): it names that feature, not the region."""
    return i > 0 and _joined(text, tokens, i - 1, 2) and _capitalized(tokens[i - 1].text) \
        and norm.place_key(tokens[i - 1].text) in feature_words()


@lru_cache(maxsize=1)
def people_words() -> set[str]:
    """Keys of words that make the name after them a people, a language or a custom (suku, bahasa)."""
    return {norm.place_key(line) for line in lexicons.words("people_words.txt")}


def _names_people(text: str, tokens: list[Token], i: int) -> bool:
    """The name follows "suku", "bahasa", "orang asli", "masyarakat adat" …: it names an ethnic
    group, a language or a custom ("hak orang asli Papua"), not the province of that name."""
    return any(i >= n and _joined(text, tokens, i - n, n + 1)
               and norm.place_key([t.text for t in tokens[i - n:i]]) in people_words() for n in (1, 2, 3))


def _in_web_address(text: str, token: Token) -> bool:
    return bool(re.match(r"\.(com|id|co|net|org)\b", text[token.end:token.end + 5], re.IGNORECASE))


@dataclass
class _Match:
    start: int
    end: int
    text: str
    candidates: list[Region]
    needs: str
    hint: str | None
    joint: bool
    macro: bool = False  # an island or macro-area: kept only to judge the list it stands in


def _raw_matches(analysis: Analysis) -> list[_Match]:
    """Every written region name (and every macro-area or island name, as a match with no region),
    longest first, in text order."""
    text = analysis.text
    tokens = tokens_of(text)
    keys = [norm.place_key(token.text) for token in tokens]
    blocked = [(e.start, e.end) for e in analysis.entities if e.label == "PER"]
    matches: list[_Match] = []
    i = 0
    while i < len(tokens):
        found = _name_at(text, tokens, keys, i)
        if not found:
            i += 1
            continue
        n, entries = found
        first, last = tokens[i], tokens[i + n - 1]
        if entries and (_names_feature(text, tokens, i) or _names_people(text, tokens, i)):
            i += n
            continue
        if not entries:
            matches.append(_Match(first.start, last.end, text[first.start:last.end], [], "", None, False, True))
        elif not (_in_venue(text, tokens, i) or _in_web_address(text, last)
                  or any(s <= first.start < e for s, e in blocked)):
            match = _region_match(text, tokens, i, n, entries)
            if match:
                matches.append(match)
        i += n
    return matches


def _name_at(text: str, tokens: list[Token], keys: list[str], i: int) -> tuple[int, list[Entry]] | None:
    """The longest name starting at token i: (its tokens, its entries); no entries for a name
    that is not a region (an island, a macro-area); None when none starts there.  keys: each
    token's place key; a phrase's key is theirs joined."""
    index, spelling, not_regions = name_index(), _alias_spelling(), not_region_keys()
    for n, key in reversed(_key_runs(keys, i)):
        if not _joined(text, tokens, i, n):
            continue
        words = [t.text for t in tokens[i:i + n]]
        if key in not_regions and _capitalized(words[0]):
            return n, []
        entries = [e for e in index.get(key, []) if _written_like(e, words, spelling.get(key))]
        if entries:
            return n, entries
    return None


def _key_runs(keys: list[str], i: int) -> list[tuple[int, str]]:
    """(tokens, joined key) of the runs from token i, shortest first, while the key can still
    lead to a name."""
    runs: list[tuple[int, str]] = []
    key, prefixes = "", _key_prefixes()
    for n in range(1, min(MAX_TOKENS, len(keys) - i) + 1):
        key += keys[i + n - 1]
        if key not in prefixes:
            break
        runs.append((n, key))
    return runs


def _region_match(text: str, tokens: list[Token], i: int, n: int, entries: list[Entry]) -> _Match | None:
    """The match of a region name at tokens i..i+n with its candidates, what it needs to be read
    and its type hint; None when its writing rules it out (capitals outside a dateline)."""
    spelling = _alias_spelling()
    first, last = tokens[i], tokens[i + n - 1]
    words = [t.text for t in tokens[i:i + n]]
    key = norm.place_key(words)
    regions = [r for e in entries for c in e.codes if (r := region_by_code(c))]
    needs = next((kind for kind in ("typed", "province", "proper") if any(e.needs == kind for e in entries)), "")
    shouting = all(w.isupper() for w in words) and len(first.text) > 1 and \
        not any(e.exact_case and " ".join(words) == spelling.get(key) for e in entries)
    if shouting and not is_dateline(text, first.start, last.end):
        regions = []  # names in capitals count only as a dateline ("PALU, KP -"), not in a masthead
    hint = "dateline" if is_dateline(text, first.start, last.end) else _type_hint(text, tokens, i)
    if needs == "proper":
        regions, needs = (regions if hint or _read_as_name(text, tokens, i) else []), ""
    if not regions:
        return None
    joint = any(e.joint for e in entries)
    return _Match(first.start, last.end, text[first.start:last.end], regions, needs, hint, joint)


def _resolve(match: _Match, settled: set[str], provinces: set[str]) -> list[Region]:
    """The region(s) a match names, or [] when the context does not decide."""
    candidates = match.candidates
    if match.hint == "dateline":  # a dateline names the city the story was filed from
        cities = [r for r in candidates if r.type == "kota"]
        return cities if len(cities) == 1 else _resolve(_Match(**{**match.__dict__, "hint": None}), settled, provinces)
    if match.hint:
        candidates = [r for r in candidates if r.type == match.hint]
        if not candidates:
            return []
    elif match.needs == "typed":
        return []
    if match.needs == "province" and not match.hint:
        candidates = [r for r in candidates if r.province_code in provinces]
    if len({r.code for r in candidates}) <= 1 or match.joint:
        return candidates
    for narrowing in (lambda r: r.code in settled, lambda r: r.province_code in provinces):
        narrowed = [r for r in candidates if narrowing(r)]
        if len(narrowed) == 1:
            return narrowed
        if narrowed:
            candidates = narrowed
    provinces_left = {r.province_code for r in candidates}
    if len(provinces_left) == 1:
        for kind in TYPE_PREFERENCE:
            typed = [r for r in candidates if r.type == kind]
            if len(typed) == 1:
                return typed
    return []


LIST_GAP = re.compile(r"\s*(?:,\s*(?:dan\s+|serta\s+)?|\s(?:dan|serta|&)\s+|/|\s)\s*")
OFFICE_BEFORE = re.compile(r"\b(?:Wilayah|Kanwil|Regional)\b[\w\s]{0,40}$")


def _chains(text: str, matches: list[_Match]) -> list[list[_Match]]:
    """Runs of matches that form one list ("Nabire, Paniai, Puncak, dan Puncak Jaya")."""
    chains: list[list[_Match]] = []
    for match in matches:
        if chains and LIST_GAP.fullmatch(text[chains[-1][-1].end:match.start]):
            chains[-1].append(match)
        else:
            chains.append([match])
    return chains


def _covered_by_macro_office(text: str, chain: list[_Match]) -> bool:
    """An office named after a macro-area list ("Kanwil Bali, Nusa Tenggara, dan Papua") names no region."""
    if not any(m.macro for m in chain):
        return False
    before = text[max(0, chain[0].start - 60):chain[0].start]
    return bool(OFFICE_BEFORE.search(before)) and "\n" not in before[-40:]


def _typed_like_its_list(chain: list[_Match], match: _Match, settled: set[str]) -> list[Region]:
    """A bare name listed among settled regions of one type takes that type:
    "Sulsel, Sultra, Gorontalo dan Maluku" lists provinces."""
    types = {r.type for m in chain if m is not match for r in m.candidates if r.code in settled}
    fitting = [r for r in match.candidates if r.type in types]
    return fitting if len(types) == 1 and len(fitting) == 1 else []


def _listed_with(chain: list[_Match], match: _Match, settled: set[str]) -> list[Region]:
    """A name that needs context, listed among settled regions of one province, is that province's."""
    neighbours = {c for m in chain if m is not match for r in m.candidates if (c := r.code) in settled}
    provinces = {province_of_code(c) for c in neighbours}
    fitting = [r for r in match.candidates if r.province_code in provinces]
    return fitting if len(provinces) == 1 and len(fitting) == 1 else []


def find_regions(analysis: Analysis) -> list[RegionMention]:
    """Every region mention, in text order, each resolved to one canonical region (or dropped)."""
    matches: list[_Match] = []
    raw = _raw_matches(analysis)
    for chain in _chains(analysis.text, raw):
        if not _covered_by_macro_office(analysis.text, chain):
            matches.extend(m for m in chain if not m.macro)
    chain_of = {id(m): chain for chain in _chains(analysis.text, matches) for m in chain}
    settled: set[str] = set()
    for match in matches:
        if not match.needs:
            sure = [r for r in match.candidates if not match.hint or r.type == match.hint]
            if len({r.code for r in sure}) == 1:
                settled.add(sure[0].code)
    provinces = {province_of_code(code) for code in settled}
    # an article that names only provinces lists provinces even across sentences ("Gorontalo 49 persen")
    undated = [m for m in matches if m.hint != "dateline"]
    mentions: list[RegionMention] = []
    for match in matches:
        listed = len(chain_of[id(match)]) > 1 and not match.hint and not match.needs and \
            len({r.code for r in match.candidates}) > 1
        resolved = _typed_like_its_list(chain_of[id(match)], match, settled) if listed else []
        if not resolved and not match.hint and not match.needs and len({r.code for r in match.candidates}) > 1:
            resolved = _typed_like_its_list(undated, match, settled)
        resolved = resolved or _resolve(match, settled, provinces)
        if not resolved and match.needs and not match.hint:
            resolved = _listed_with(chain_of[id(match)], match, settled)
        for region in resolved:
            mentions.append(RegionMention(region.name, region.code, match.start, match.end, match.text))
    return mentions
