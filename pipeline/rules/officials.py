"""Officials: people named together with an office they hold.

An office phrase is a title from `resources/positions.csv` ("Kepala", "Wabup", "Asisten II Bidang
…"), optionally prefixed by Plt/Pj, followed by what the office belongs to, in any order: a body
("BPJS Ketenagakerjaan", "Dinas Tenaga Kerja dan Transmigrasi", "DPRD", "Pemprov"), a unit of
the body ("Cabang", "Kanwil"), regions (already found by the regions rule) or a town, and short
parentheticals ("(Disnakertrans)").  The person is the capitalized run after it ("Bupati Paser
Fahmi Fadli", "Kepala X, Nama") or before it ("Nama, Kepala X", "Nama selaku …"); NER PER spans
refine the run when a model is present.  A name may also be joined to the office that follows it
by a linking word (`link_words.txt`: "Nama, S.H., adalah Kepala …", "Nama yang menjabat sebagai
…"); a group named after a head's title ("Ketua Kelompok Tani X, Nama", `group_words.txt`) is the
organization; a minister titled by portfolio (Menaker) belongs to the ministry the article names.
Honorifics and degrees are dropped; shortened given names keep their dot inside a name ("La Ode
Muh. Syarif").  Later mentions by a part of the name are the same person.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TypeVar

from .. import lexicons
from .. import normalization as norm
from ..gazetteer import Region, all_regions, region_by_code
from ..records import Analysis, Official, RegionMention
from . import regions as region_rules

Entry = TypeVar("Entry")  # what a look-up table maps a phrase key to
TOKEN = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*|[^\w\s]")
PREFIXES = {"plt": "Plt", "pj": "Pj", "pjs": "Pjs", "plh": "Plh", "penjabat": "Pj", "pelaksanatugas": "Plt",
            "pelaksanaharian": "Plh", "penjabatsementara": "Pjs"}
ROMAN = re.compile(r"^(?:[IVX]{1,4}|[A-E]|\d{1,2})$")
UNIT_WORDS = {"komisi", "pansus", "fraksi", "panja", "badan", "bidang", "seksi"}
OFFICE_KINDS = ("office", "bpjs")
UNPLACED_KINDS = ("association", "company", "ministry")  # no region unless the phrase names one
BPJS = "BPJS Ketenagakerjaan"
MAX_TITLE = 6  # "Badan Penyelenggara Jaminan Sosial Ketenagakerjaan"
MAX_NAME = 6
MAX_HONORIFIC = 6  # tokens of one dotted or bracketed honorific: "(", "H", ".", "C", ".", ")"
MAX_BODY = 8  # a union or company name with its PT: "Serikat Buruh PT Sinar Jaya Abadi"
APPOSITION = {"selaku", "sebagai"}
MAX_LINKS = 4  # "yang saat ini menjabat sebagai"
MINISTER = re.compile(r"^(?:Wakil )?Menteri (?P<portfolio>.+)$")
SPACES = re.compile(r" *")
AGENCY_HEAD = re.compile(r"^(?:Wakil )?(?:Kepala|Panglima|Komandan) (?P<agency>.+)$")
UNIT_NUMBER = re.compile(r"^(?:\d{1,4}|[IVX]{1,5})$")  # "Kodim 1002/Barabai", "Kodam VI/Mulawarman"
AGENCY_WORDS = ("Dinas", "Badan")
AGENCY_TYPE = re.compile(r"(?:Suku )?(?:Dinas|Badan)$")  # "Kepala Suku Dinas", "Sekretaris Dinas" head these

PLACE_PREPOSITIONS = ("di", "ke")
IN_OFFICE_NOW = (["saat", "ini"], ["sekarang"], ["kini"], ["terpilih"])  # between a local office and its holder
BRANCH_HEADS = ("Kepala", "Cabang", "Wilayah")  # "Kepala", "Pemimpin Cabang": a branch's town may follow
LOCAL_LEVELS = {"kabupaten", "kota"}  # an office below regency level takes the regency or city
BODY_TYPES = ("Balai", "Lembaga", "Pusat", "Biro", "Loka", "Puskesmas")  # a bare head of such a body keeps its type


@dataclass
class Tok:
    text: str
    start: int
    end: int


@dataclass
class Phrase:
    """An office phrase being read: title, body, unit, regions and the span it covers."""

    start: int  # token index of the first word (prefix included)
    end: int  # token index after the last word
    position: str
    kind: str
    level: str
    organization: str | None = None
    org_kind: str | None = None
    unit: str | None = None
    regions: list[Region] = field(default_factory=list)
    town: bool = False  # named after a place that is not a region (Sampit, Kalimantan)
    local: bool = False  # an office below regency level (Camat, Kapolsek): it takes the regency or city


def _tokens(text: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _agency_type(position: str) -> str:
    """The kind of agency a position heads: "Sekretaris Dinas" → "Dinas", "Kepala Suku Dinas" → "Suku Dinas"."""
    found = AGENCY_TYPE.search(position)
    return found.group(0) if found else position.split()[-1]


def _longest(tokens: list[Tok], i: int, table: dict[str, Entry], limit: int = MAX_TITLE,
             lower: bool = False) -> tuple[int, Entry] | None:
    """Longest run of words at i, the first capitalized unless `lower`, whose key is in the table.
    A bracketed abbreviation inside the run is passed over: "Badan Penyelenggara Jaminan Sosial
    (BPJS) Ketenagakerjaan", "Kepala Kantor Wilayah (Kakanwil) …".  The run stops as soon as its
    key starts no key of the table, which keeps the look-up cheap at every token."""
    if i >= len(tokens) or not (lower or _cap(tokens[i].text)):
        return None
    prefixes = _prefixes(table)
    best, key, count, j = None, "", 0, i
    while j < len(tokens) and count < limit:
        if count and tokens[j].text == "(" and j + 3 < len(tokens) and tokens[j + 2].text == ")":
            j += 3
            continue
        if not tokens[j].text[:1].isalpha():
            break
        key += _token_key(tokens[j].text)
        if key not in prefixes:
            break
        count += 1
        j += 1
        if key in table:
            best = (j - i, table[key])
    return best


def _lowercase_brand(tokens: list[Tok], i: int) -> tuple[int, norm.Organization] | None:
    """A body whose own name is written in lowercase ("Pemimpin Cabang bank bjb Garut")."""
    found = _longest(tokens, i, norm.organizations(), lower=True)
    return found if found and found[1].name.islower() else None


_PREFIXES: dict[int, tuple[dict, frozenset[str]]] = {}


def _prefixes(table: dict) -> frozenset[str]:
    """Every prefix of the table's keys (the table is one of the cached lexicons)."""
    entry = _PREFIXES.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _PREFIXES[id(table)] = (table, frozenset(k[:n] for k in table for n in range(1, len(k) + 1)))
    return entry[1]


@lru_cache(maxsize=16384)
def _token_key(word: str) -> str:
    return norm.phrase_key(word)


def _is_word(tok: Tok) -> bool:
    return tok.text[:1].isalnum()


class _Reader:
    """Reads office phrases and names over the tokens of one article."""

    def __init__(self, analysis: Analysis, mentions: list[RegionMention]) -> None:
        self.text = analysis.text
        self.mentions = mentions
        self.mention_ends = {m.end for m in mentions}
        self.tokens = _tokens(analysis.text)
        self.region_at: dict[int, list[RegionMention]] = {}
        for mention in mentions:
            self.region_at.setdefault(mention.start, []).append(mention)
        self.token_at = {t.start: k for k, t in enumerate(self.tokens)}
        self.entities = analysis.entities
        self.people = [e for e in analysis.entities if e.label == "PER"]
        self.type_words = region_rules.type_words()
        self._named: set[str] | None = None

    def gap(self, k: int) -> str:
        """Text between token k-1 and token k."""
        return self.text[self.tokens[k - 1].end:self.tokens[k].start] if k > 0 else ""

    # --- office phrase -------------------------------------------------------------------
    def phrase_at(self, i: int, lower: bool = False) -> Phrase | None:
        """The office phrase starting at token i; with `lower`, a title written in lowercase
        ("kata bupati Banjar …") is read too."""
        toks = self.tokens
        start, (i, prefix) = i, self._prefix_end(i, lower)
        found = _longest(toks, i, norm.positions(), lower=lower)
        if not found:
            return None
        n, pos = found
        phrase = Phrase(start, i + n, pos.position, pos.organization, pos.level, local=pos.takes == "place")
        if agency := _agency_of(pos):
            phrase.organization, phrase.org_kind = agency, "agency"
        k = self._abbreviation_end(i + n)
        if pos.takes == "place":
            read = self._local_office(phrase, pos, k)
        else:
            k, words = self._title_words(pos, k, lower)
            if words:
                phrase.position = f"{pos.position} {' '.join(words)}"
                if pos.organization == "agency" and pos.position.split()[-1] in ("Dinas", "Badan"):
                    phrase.organization = f"{_agency_type(pos.position)} {' '.join(words)}"
                    phrase.org_kind = "agency"
            phrase.end = self._body(phrase, k)
            if pos.takes == "body" and not (phrase.organization or phrase.unit) \
                    and _longest(toks, i + n - 1, norm.organizations()):
                phrase.end = self._body(phrase, i + n - 1)  # "Kepala Kantor | Kantor Pencarian dan Pertolongan"
            read = _is_office(phrase, pos, bool(words))
        if read and prefix:
            phrase.position = f"{prefix} {phrase.position}"
        return phrase if read else None

    def _prefix_end(self, i: int, lower: bool) -> tuple[int, str]:
        """Token index after an acting prefix at i ("Plt.", "Penjabat (Pj)", "Pelaksana Tugas") and
        the prefix as the position writes it."""
        toks = self.tokens
        acting = _longest(toks, i, PREFIXES, 2, lower)
        if not acting or i + acting[0] >= len(toks):
            return i, ""
        i += acting[0]
        if toks[i].text == ".":
            i += 1
        elif toks[i].text == "(" and i + 2 < len(toks) and toks[i + 2].text == ")":
            i += 3  # "Penjabat (Pj) Bupati"
        return i, acting[1]

    def _local_office(self, phrase: Phrase, pos: norm.Position, k: int) -> bool:
        """A local head's office: the village or district after the title, and the village's
        government for a village head ("Kepala Desa Sengkol" -> "Pemerintah Desa Sengkol")."""
        phrase.end = self._place(k, phrase.start)
        if phrase.end <= k:
            return False
        if government := self._village_government(pos.position, k, phrase.end):
            phrase.organization, phrase.org_kind = government, "village"
        return True

    def _abbreviation_end(self, k: int) -> int:
        """Token index after the title's own abbreviation in brackets, which news writes after a title
        spelled out: "Kepala Seksi (Kasi) Norma …", "Sekretaris Kabupaten (Sekkab) Bengkulu Tengah"."""
        toks = self.tokens
        if k + 2 < len(toks) and toks[k].text == "(" and toks[k + 2].text == ")" \
                and norm.phrase_key(toks[k + 1].text) in norm.positions():
            return k + 3
        return k

    def _title_words(self, pos: norm.Position, k: int, lower: bool = False) -> tuple[int, list[str]]:
        """The words that complete a title: a portfolio ("Bidang Kepesertaan"), a numbered unit
        ("Komisi IV", "II") or a council faction ("Fraksi Partai Persatuan Pembangunan")."""
        toks = self.tokens
        if pos.takes == "descriptor":
            return self._descriptor(k, pos.organization == "agency", lower)
        if pos.takes == "body" and (department := self._department_end(k)):
            return department, [toks[k].text]
        if pos.takes != "unit" or k >= len(toks):
            return k, []
        if k + 1 < len(toks) and toks[k].text.lower() in UNIT_WORDS and ROMAN.match(toks[k + 1].text):
            return k + 2, [toks[k].text, toks[k + 1].text]
        if ROMAN.match(toks[k].text) and toks[k].text.isupper():
            return k + 1, [toks[k].text]
        if end := self._faction_end(k):
            return end, [t.text for t in toks[k:end]]
        return k, []

    def _department_end(self, k: int) -> int | None:
        """Token index after a department's acronym written before a company: "Manajer CSR PT …"."""
        toks = self.tokens
        if k + 1 < len(toks) and _acronym(toks[k].text) and toks[k].start not in self.region_at \
                and not _longest(toks, k, norm.organizations()) and toks[k + 1].text in _words("company_words.txt"):
            return k + 1
        return None

    def _place(self, k: int, start: int) -> int:
        """The village or district after a local head's title; returns the token index where the
        name may start.  The place runs to a comma or to the model's person; without either, a
        run of capitalized words ends in a two-word name ("Kepala Desa Sukamaju Asep Saepudin")."""
        toks = self.tokens
        if k < len(toks) and toks[k].text in _words("village_words.txt"):
            k += 1
        j = k
        while j < len(toks) and j - k < MAX_NAME and (j == k or self.gap(j) == " ") and self._name_word(toks[j].text) \
                and not (j > k and self._person_start(j)) and not norm.is_honorific(toks[j].text) \
                and (toks[j].text not in norm.name_stopwords()
                     or j > k and norm.phrase_key(toks[j].text) in self.type_words):
            j += 1  # "Camat Martapura Kota, Nama"
        run = j - k
        if run == 0 or run > 5 and not self._person_start(j):
            return k
        return self._district_end(j) if run == 1 or self._closes_run(j, start) else k + max(1, run - 2)

    def _village_government(self, position: str, k: int, end: int) -> str | None:
        """The government a village head heads, named with the village written between the title
        and token `end` ("Kepala Desa Sengkol" -> "Pemerintah Desa Sengkol")."""
        toks, governments = self.tokens, _village_governments()
        written = toks[k].text if k < end and toks[k].text in _words("village_words.txt") else None
        government = governments.get(written) if written else governments.get(position)
        j = k + (written is not None)
        while j < end and self._name_word(toks[j].text):
            j += 1
        if not government or j == k + (written is not None):
            return None
        return f"{government} {self.text[toks[k + (written is not None)].start:toks[j - 1].end]}"

    def _district_end(self, k: int) -> int:
        """Token index after the places set off after a village or district ("Lurah Binanga, Kecamatan
        Mamuju, Nama", "Kepala Desa Sukamaju, Kecamatan Cibadak, Kabupaten Sukabumi, Nama") or a
        compass word set off from it: the name follows."""
        toks = self.tokens
        if k + 2 < len(toks) and toks[k].text == "," and toks[k + 1].text in norm.compass_words() \
                and toks[k + 2].text == ",":
            return k + 2  # the place's last word set off by a comma: "Kepulauan Seribu, Selatan, Nama"
        now = next((len(words) for words in IN_OFFICE_NOW if [t.text.lower() for t in toks[k:k + len(words)]] == words
                    and k + len(words) < len(toks) and toks[k + len(words)].text == ","), 0)
        k += now  # "Kepala Desa Wolotolo saat ini, Nama"
        while (closed := self._set_off_place_end(k)) is not None:
            k = closed
        return k

    def _set_off_place_end(self, k: int) -> int | None:
        """Index of the comma that closes a place set off from token k's comma: a district or village
        (", Kecamatan Cibadak,"), a region with its type (", Kabupaten Sukabumi,") or a region (", Garut,")."""
        toks = self.tokens
        if k + 2 >= len(toks) or toks[k].text != ",":
            return None
        first = toks[k + 1]
        typed = first.text in _words("village_words.txt") or norm.phrase_key(first.text) in self.type_words
        if not (typed or first.start in self.region_at):
            return None
        j = k + 2
        while j < len(toks) and self.gap(j) == " " and self._name_word(toks[j].text):
            j += 1
        return j if (j > k + 2 or not typed) and j < len(toks) and toks[j].text == "," else None

    def _closes_run(self, j: int, start: int) -> bool:
        """A run of capitalized words after a title ends the office, not in a name, when a comma,
        a bracket or the model's person follows it, or when the name stood before the title."""
        toks = self.tokens
        return j >= len(toks) or toks[j].text in (",", "(", ")") or self._person_start(j) \
            or self.name_before(start, j) is not None

    def _descriptor(self, k: int, agency: bool = False, lower: bool = False) -> tuple[int, list[str]]:
        """Portfolio words after a title: "II Bidang Ekonomi dan Pembangunan", "Kepesertaan", in
        lowercase after a lowercase title ("kepala dinas kesehatan").  An agency's name may hold a
        word the lexicon lacks after "dan" when office words or a region follow it ("Dinas Tenaga
        Kerja dan Mobilitas Penduduk Aceh"), or be an acronym ("Kadis PUPR")."""
        toks = self.tokens
        k, words = self._portfolio_words(k, agency, lower)
        if agency and not words and k < len(toks) and _acronym(toks[k].text) and toks[k].start not in self.region_at \
                and not _longest(toks, k, norm.organizations()):
            return k + 1, [toks[k].text]
        while words and words[-1] in ("dan", "&"):
            words.pop()
            k -= 1
        if not words:
            return k, words
        return self._portfolio_end(k, words)

    def _portfolio_words(self, k: int, agency: bool, lower: bool) -> tuple[int, list[str]]:
        """The office words from token k on (a leading Roman numeral, "dan" between two of them, a
        listing comma), and the token after them."""
        toks, words = self.tokens, []
        if k < len(toks) and toks[k].text in {"I", "II", "III", "IV", "V"}:
            words.append(toks[k].text)
            k += 1
        while k < len(toks) and self.gap(k) in (" ", ""):
            word = toks[k].text
            if form := _office_form(word, lower):
                words.append(form)
                k += 1
            elif word in ("dan", "&") and k + 1 < len(toks) and _office_form(toks[k + 1].text, lower):
                words.append(word)
                k += 1
            elif agency and words and word in ("dan", "&") and self._unknown_portfolio_word(k + 1):
                words += [word, toks[k + 1].text]
                k += 2
            elif word == "," and k + 1 < len(toks) and _office_form(toks[k + 1].text) and self._continues_list(k + 1):
                words[-1] += ","
                k += 1
            else:
                break
        return k, words

    def _portfolio_end(self, k: int, words: list[str]) -> tuple[int, list[str]]:
        """A portfolio's last words: a numbered area ("Wilayah III"), or up to two capitalized words
        right before the body they belong to ("Kepesertaan Khusus BPJS …")."""
        toks = self.tokens
        if k + 1 < len(toks) and toks[k].text == "Wilayah" and ROMAN.match(toks[k + 1].text):
            words += [toks[k].text, toks[k + 1].text]  # "UPTD Pengawasan Ketenagakerjaan Wilayah III"
            k += 2
        j = k
        while j < len(toks) and j - k < 2 and self.gap(j) == " " and self._name_word(toks[j].text) \
                and not _longest(toks, j, norm.organizations()) and not _longest(toks, j, norm.office_units(), 2):
            j += 1
        if j > k and j < len(toks) and self.gap(j) == " " and _longest(toks, j, norm.organizations()):
            words += [t.text for t in toks[k:j]]  # "Kepesertaan Khusus BPJS …": the body follows, no name between
            k = j
        return k, words

    def _unknown_portfolio_word(self, k: int) -> bool:
        """Token k continues an agency's name though the lexicon lacks it: office words, a region
        or a type word follow it, which a person's name after the title would not."""
        toks = self.tokens
        if k + 1 >= len(toks) or not self._name_word(toks[k].text) or toks[k].start in self.region_at \
                or _longest(toks, k, norm.positions()) or _longest(toks, k, norm.organizations()):
            return False
        after = toks[k + 1]
        return self.gap(k + 1) == " " and (after.text in norm.office_words() or after.start in self.region_at
                                           or norm.phrase_key(after.text) in self.type_words)

    def _continues_list(self, k: int) -> bool:
        """A comma inside a portfolio is followed, before any name, by "dan" and another office word."""
        office = norm.office_words()
        while k < len(self.tokens) and (self.tokens[k].text in office or self.tokens[k].text == ","):
            k += 1
        return k < len(self.tokens) and self.tokens[k].text == "dan"

    def _body(self, phrase: Phrase, k: int) -> int:
        """Read what the office belongs to; returns the token index after the phrase.  Each step
        reads one part (a place, a body, a part of the office) and returns the token after it."""
        toks = self.tokens
        while k < len(toks):
            step = self._place_step(phrase, k)
            if step is None and _cap(toks[k].text) and _is_word(toks[k]):
                step = self._named_place_step(phrase, k) or self._organization_step(phrase, k) \
                    or self._office_part_step(phrase, k)
            elif step is None and (brand := _lowercase_brand(toks, k)):
                step = self._organization(phrase, brand[1], k, brand[0])
            if step is None or step <= k:
                break  # a second body starts another phrase
            k = step
        return k

    def _place_step(self, phrase: Phrase, k: int) -> int | None:
        """Brackets, regions and the words around them, command seats, districts, the country."""
        toks, tok = self.tokens, self.tokens[k]
        if tok.text == "(":
            close = next((j for j in range(k + 1, min(k + 8, len(toks))) if toks[j].text == ")"), None)
            inner = _longest(toks, k + 1, norm.organizations()) if close else None
            if inner and not phrase.organization and inner[1].kind == "agency":
                phrase.organization, phrase.org_kind = inner[1].name, "agency"
            return close + 1 if close else None
        if tok.text in norm.compass_words() and k > 0 and self.gap(k) == " " and toks[k - 1].end in self.mention_ends:
            return k + 1  # a district named after its city: "Polsek Banjarmasin Tengah"
        if tok.text in (",", "dan", "&", "asal") and self._region_follows(k + 1):
            return k + 1  # "Bupati Lombok Timur, Provinsi Nusa Tenggara Barat (NTB) Nama", "asal Kalsel"
        if tok.text in (",", "dan", "&") and phrase.town and (areas := self._area_list_end(k)) > k:
            return areas  # "Kanwil BPJSK Bali, Nusa Tenggara, dan Papua Nama": a macro office names no region
        if tok.start in self.region_at:
            return self._region_step(phrase, k)
        if tok.text == "dari" and phrase.org_kind == "council" and (faction := self._faction_end(k + 1)):
            return faction
        if UNIT_NUMBER.match(tok.text) and k + 2 < len(toks) and toks[k + 1].text == "/" and _is_word(toks[k + 2]):
            return self._seat_end(k + 2)  # a command's number and seat: "Dandim 1002/Barabai"
        if tok.text in _words("village_words.txt") and k + 1 < len(toks) and self._name_word(toks[k + 1].text):
            return self._district_run_end(k + 1)  # "Kepala Seksi Pemerintahan Kecamatan Banjarbaru Utara, Nama"
        country = _longest(toks, k, _country_words())
        return k + country[0] if country else None

    def _region_step(self, phrase: Phrase, k: int) -> int:
        toks, mentions = self.tokens, self.region_at[self.tokens[k].start]
        bare = k == 0 or norm.phrase_key(toks[k - 1].text) not in self.type_words
        phrase.regions.extend(_branch_city(r, m.text) if phrase.org_kind == "bpjs" and bare
                              and not self._regency_in_paragraph(m) else r
                              for m in mentions if (r := region_by_code(m.code)))
        return self.token_at.get(mentions[0].end, self._index_after(mentions[0].end))

    def _named_place_step(self, phrase: Phrase, k: int) -> int | None:
        """A region the region rule left unread here, or a type word before a region."""
        toks = self.tokens
        if place := self._place_named_elsewhere(k):
            phrase.regions.extend(place[1])
            return k + place[0]
        if norm.phrase_key(toks[k].text) not in self.type_words:
            return None
        if k + 1 < len(toks) and toks[k + 1].start in self.region_at:
            return k + 1
        if k + 2 < len(toks) and toks[k + 1].text == "Administrasi" and toks[k + 2].start in self.region_at:
            return k + 2  # "Kota Administrasi Jakarta Utara": Jakarta's cities carry the word in their name
        return None

    def _organization_step(self, phrase: Phrase, k: int) -> int | None:
        """A body: from the lexicon, an agency by its type, an acronymed body, a group or a company."""
        toks, tok = self.tokens, self.tokens[k]
        org = _longest(toks, k, norm.organizations())
        if not org and tok.text in _words("association_units.txt") and k + 1 < len(toks) and not phrase.organization:
            inner = _longest(toks, k + 1, norm.organizations())
            if inner and inner[1].kind == "association":
                return k + 1
        if org:
            return self._organization(phrase, org[1], k, org[0])
        if phrase.organization and phrase.org_kind != "association":
            return None
        if not phrase.organization and tok.text in AGENCY_WORDS and (agency := self._agency_end(k)):
            return self._named_body(phrase, k, agency, "agency")
        if not phrase.organization and (acronymed := self._acronymed_body_end(k)):
            phrase.organization, phrase.org_kind = self.text[tok.start:toks[acronymed - 4].end], "association"
            return acronymed
        group = _longest(toks, k, _group_words(), 2) or (tok.text in BODY_TYPES and self.gap(k + 1) == " ")
        if group and not phrase.organization:
            return self._named_body(phrase, k, self._group_end(k, phrase), "association")
        if tok.text in _words("company_words.txt") and (end := self._company_end(k, phrase)) > k + 1:
            company = self.text[tok.start:toks[end - 1].end]
            if phrase.organization:  # a union at a company: "Serikat Pekerja Nasional PT X"
                company = f"{phrase.organization} {company}"
            phrase.organization, phrase.org_kind = company, phrase.org_kind or "company"
            return end
        return None

    def _named_body(self, phrase: Phrase, k: int, end: int, kind: str) -> int:
        """A body named as written from token k to `end`."""
        phrase.organization, phrase.org_kind = self.text[self.tokens[k].start:self.tokens[end - 1].end], kind
        return end

    def _office_part_step(self, phrase: Phrase, k: int) -> int | None:
        """A unit of the body, a division or portfolio after the place, a macro-area, a town label."""
        toks, tok = self.tokens, self.tokens[k]
        unit = _longest(toks, k, norm.office_units(), 2)
        if unit and phrase.org_kind in ("bpjs", "company", None) and phrase.kind in OFFICE_KINDS:
            phrase.unit = phrase.unit or unit[1]
            return k + unit[0]
        if tok.text == "Divisi" and phrase.organization and (division := self._district_run_end(k + 1)) > k + 1 \
                and division < len(toks) and toks[division].text == ",":
            return division  # a commissioner's division: "Anggota Bawaslu X Divisi Penanganan Pelanggaran, Nama"
        if tok.text == "Bidang" and "Bidang" not in phrase.position and (phrase.regions or phrase.town):
            end, words = self._descriptor(k)  # "Asisten Deputi Wilayah Kalimantan Bidang Kepesertaan"
            phrase.position = f"{phrase.position} {' '.join(words)}"
            return end
        if macro := _longest(toks, k, _not_region_table(), 4):
            phrase.town = True
            return k + macro[0]
        if (phrase.org_kind in ("bpjs", "company") or phrase.kind == "bpjs" or phrase.unit) \
                and (self._place_before_name(k, phrase) or self._closes_apposition(phrase, k)):
            phrase.town = True
            return k + 1
        return None

    def _area_list_end(self, k: int) -> int:
        """Token index after the areas listed from token k (a comma or "dan") on, when the list
        ends in one: the macro-areas and regions a regional office is named after."""
        toks, end, j = self.tokens, k, k
        index = region_rules.name_index()
        while j < len(toks) and toks[j].text in (",", "dan", "&"):
            while j < len(toks) and toks[j].text in (",", "dan", "&"):
                j += 1
            area = _longest(toks, j, _not_region_table(), 4) or next(
                ((n, None) for n in (3, 2, 1) if j + n <= len(toks)
                 and all(self._name_word(t.text) for t in toks[j:j + n])
                 and norm.place_key([t.text for t in toks[j:j + n]]) in index), None)
            if not area:
                break
            j = end = j + area[0]
        return end

    def _seat_end(self, k: int) -> int:
        """Token index after a command's seat at k: one word, or the words up to a rank ("1022/Tanah
        Bumbu Letkol Inf …")."""
        toks = self.tokens
        j = k
        while j < len(toks) and j - k < MAX_TITLE and (j == k or self.gap(j) == " ") and self._name_word(toks[j].text) \
                and not norm.is_honorific(toks[j].text):
            j += 1
        return j if j < len(toks) and norm.is_honorific(toks[j].text) else k + 1

    def _district_run_end(self, k: int) -> int:
        """Token index after a district's or village's name inside an office phrase: it runs to a
        comma or the model's person; without either it is one word."""
        toks = self.tokens
        j = k
        while j < len(toks) and j - k < MAX_TITLE and (j == k or self.gap(j) == " ") and self._name_word(toks[j].text) \
                and not (j > k and self._person_start(j)):
            j += 1
        return j if j < len(toks) and (toks[j].text == "," or self._person_start(j)) else k + 1

    def _region_follows(self, k: int) -> bool:
        """A region's name starts at token k, after its type word if written ("Provinsi …")."""
        toks = self.tokens
        if k < len(toks) and norm.phrase_key(toks[k].text) in self.type_words:
            k += 1
        return k < len(toks) and toks[k].start in self.region_at

    def _organization(self, phrase: Phrase, organization: norm.Organization, k: int, n: int) -> int:
        toks = self.tokens
        if phrase.organization and phrase.org_kind != "regional":
            if organization.kind == "regional":
                return k + n
            return k  # a second body starts another phrase
        if organization.kind == "council":
            end = k + n
            while end < len(toks) and self.gap(end) == " " and _cap(toks[end].text) and _is_word(toks[end]) \
                    and (norm.phrase_key(toks[end].text) in self.type_words or toks[end].start in self.region_at
                         or any(m.start < toks[end].start < m.end for ms in self.region_at.values() for m in ms)):
                if toks[end].start in self.region_at:
                    mention = self.region_at[toks[end].start][0]
                    phrase.regions.extend(r for m in self.region_at[toks[end].start] if (r := region_by_code(m.code)))
                    end = self._index_after(mention.end)
                else:
                    end += 1
            phrase.organization, phrase.org_kind = organization.name, "council"  # the place goes to the region
            return end
        phrase.organization, phrase.org_kind = organization.name, organization.kind
        return k + n

    def _regency_in_paragraph(self, mention: RegionMention) -> bool:
        """The paragraph sets the scene in the regency before a bare branch name ("Di Kabupaten
        Pekalongan, …", "Pemkab Blitar …", "Bupati Bogor …"): the branch is read as the regency's, not
        the city's.  A regency named after the branch ("…, mengatakan langkah Pemkab Kupang") is
        another subject and leaves the branch in the city."""
        start = self.text.rfind("\n", 0, mention.start) + 1
        for mentions in self.region_at.values():
            for other in mentions:
                if other.code == mention.code and start <= other.start < mention.start:
                    before = re.findall(r"[^\W\d_]+", self.text[max(start, other.start - 40):other.start])
                    if before and self.type_words.get(norm.phrase_key(before[-1])) == "kabupaten":
                        return True
        return False

    def _acronymed_body_end(self, k: int) -> int | None:
        """Token index after a body's name that is followed by its own acronym in brackets:
        "Himpunan Nelayan Seluruh Indonesia (HNSI)", "Asosiasi Pengusaha Indonesia (Apindo)".
        Writing the acronym is how news introduces an organization; the acronym's letters are
        drawn, in order, from the name and start with its first letter, which a person's name or
        a place in brackets ("(Sragen)") would not be."""
        toks = self.tokens
        j = k
        while j < len(toks) and j - k < MAX_BODY and (j == k or self.gap(j) == " ") \
                and (_cap(toks[j].text) and _is_word(toks[j]) or toks[j].text in ("dan", "&")):
            j += 1
        if j - k < 2 or j + 2 >= len(toks) or toks[j].text != "(" or toks[j + 2].text != ")":
            return None
        acronym = toks[j + 1].text
        if not (acronym.isalpha() and len(acronym) >= 3 and acronym[0] == toks[k].text[0]) \
                or toks[j + 1].start in self.region_at or acronym in (t.text for t in toks[k:j]):
            return None
        letters = iter(self.text[toks[k].start:toks[j - 1].end].casefold())
        return j + 3 if all(c in letters for c in acronym.casefold()) else None

    def _faction_end(self, k: int) -> int | None:
        """Token index after a council member's faction or electoral district ("dari Fraksi Partai
        Amanat Nasional, Nama", "dari daerah pemilihan Garut, Nama", "Ketua Fraksi Golkar DPRD …").
        Its name runs to a comma, a bracket or the council; without one only a party acronym is sure
        to be the faction ("dari Fraksi PKB Nama")."""
        toks = self.tokens
        start = self._faction_name_start(k)
        if start is None or start >= len(toks):
            return None
        j = start
        while j < len(toks) and j - k <= MAX_BODY and self.gap(j) == " " and _cap(toks[j].text) and _is_word(toks[j]) \
                and not _longest(toks, j, norm.organizations()):
            j += 1
        if j > start and j < len(toks) and j - k <= MAX_BODY \
                and (toks[j].text in (",", "(") or _longest(toks, j, norm.organizations())):
            return j
        if toks[start].text.isupper() and len(toks[start].text) > 1:
            return start + 1
        return None

    def _faction_name_start(self, k: int) -> int | None:
        """Token index where the faction's or district's name starts after its word at token k."""
        toks = self.tokens
        word = toks[k].text.lower() if k < len(toks) else ""
        if word in ("fraksi", "dapil"):
            return k + 1
        if word == "daerah" and k + 1 < len(toks) and toks[k + 1].text.lower() == "pemilihan":
            return k + 2
        return None

    def _company_end(self, k: int, phrase: Phrase) -> int:
        """Token index after a company's name ("PT Sumber Makmur Abadi").  It runs to a comma or
        the model's person; without either, a run of four or more words ends in a two-word name."""
        toks = self.tokens
        j = k + 1
        while j < len(toks) and j - k <= MAX_BODY and self.gap(j) == " " \
                and (_cap(toks[j].text) and _is_word(toks[j]) or toks[j].text.isdigit()) \
                and not (j > k + 1 and self._person_start(j)) and toks[j].text not in norm.name_stopwords() \
                and not norm.is_honorific(toks[j].text):
            j += 1
        closed = j < len(toks) and norm.is_honorific(toks[j].text) or self._closes_run(j, phrase.start)
        return j if j - k < 4 or closed else j - 2

    def _agency_end(self, k: int) -> int | None:
        """Token index after an agency named by its type and portfolio that the lexicon lacks:
        "Dinas Kesehatan", "Dinas PUPR", "Badan Kesatuan Bangsa dan Politik"."""
        toks = self.tokens
        end, words = self._descriptor(k + 1, agency=True)
        if words:
            return end
        acronym = toks[k + 1].text if k + 1 < len(toks) and self.gap(k + 1) == " " else ""
        return k + 2 if len(acronym) > 1 and acronym.isupper() and acronym.isalpha() else None

    def _group_end(self, k: int, phrase: Phrase) -> int:
        """Token index after a group's name ("Kelompok Tani Maju Bersama", "Pusat Data dan Informasi"):
        it runs to a comma whatever the model reads inside it (a group is often named like a person),
        else it ends as a company's name does."""
        toks = self.tokens
        j = k + 1
        while j < len(toks) and j - k <= MAX_BODY and self.gap(j) == " " and (
                _cap(toks[j].text) and _is_word(toks[j])
                or toks[j].text in ("dan", "&") and j + 1 < len(toks) and _cap(toks[j + 1].text)):
            j += 1  # "Pusat Data dan Informasi Kementerian Kesehatan"
        if j < len(toks) and toks[j].text == "," and j - k <= MAX_BODY:
            return j
        return self._company_end(k, phrase)

    def _index_after(self, offset: int) -> int:
        return next((j for j, t in enumerate(self.tokens) if t.start >= offset), len(self.tokens))

    def _place_before_name(self, k: int, phrase: Phrase) -> bool:
        """After a BPJS body or an office unit, a capitalized word is the office's town or branch
        label when a name still follows it: "Kepala BPJAMSOSTEK Sampit Yunan Shahada", "Cabang
        Meulaboh, Fachri Idris", "Kantor Cabang Batam Nagoya, Fitri".  Without the comma or the
        model's person right after it, a label needs a branch's title that names no place yet: after
        a region, a second label word or a national title ("Direktur BPJS Ketenagakerjaan Anggoro
        Eko Cahyo", "… Banda Aceh Syarifah Wan Fatimah") the words are the person's given names."""
        toks = self.tokens
        if k + 1 >= len(toks):
            return False
        if toks[k + 1].text == "," and k + 2 < len(toks) and _cap(toks[k + 2].text):
            return True
        if phrase.town or self._person_start(k) or toks[k].text in _words("name_particles.txt"):
            return False
        if self._person_start(k + 1):
            return True
        branch = phrase.kind == "bpjs" or phrase.unit or phrase.position.split()[-1] in BRANCH_HEADS
        if phrase.regions or not branch:
            return self._used_as_place(k)  # "Cabang Tabalong Tanjung Eko Eklam" with "di Tanjung" elsewhere
        run = 1
        while k + run < len(toks) and self.gap(k + run) == " " and self._name_word(toks[k + run].text):
            run += 1
        return run >= 3

    def _used_as_place(self, k: int) -> bool:
        """The article writes token k's word as a place elsewhere: "di Tanjung", "ke Panam"."""
        word = self.tokens[k].text
        return any(t.text == word and j > 0 and self.tokens[j - 1].text in PLACE_PREPOSITIONS
                   for j, t in enumerate(self.tokens) if j != k)

    def _place_named_elsewhere(self, k: int) -> tuple[int, list[Region]] | None:
        """A region's name at token k that the region rule did not read here (the model took it into
        a person, a village word went before it) while the article names that region elsewhere:
        "Kepala Dinas Pemberdayaan Masyarakat dan Desa Kampar, Nama"."""
        index = region_rules.name_index()
        named = {m.code for m in self.mentions}
        for n in range(min(3, len(self.tokens) - k), 0, -1):
            words = [t.text for t in self.tokens[k:k + n]]
            if not all(self._name_word(w) for w in words):
                continue
            codes = {c for e in index.get(norm.place_key(words), []) for c in e.codes} & named
            if codes:
                return n, [r for c in sorted(codes) if (r := region_by_code(c))]
        return None

    def _closes_apposition(self, phrase: Phrase, k: int) -> bool:
        """The word ends an office phrase set off after a name, so it labels the office:
        "Fitri, Kepala Kantor Cabang BPJS Ketenagakerjaan Batam Nagoya, mengatakan"."""
        toks = self.tokens
        return k + 1 < len(toks) and toks[k + 1].text in (",", ".", ")") and self._name_word(toks[k].text) \
            and self.name_before(phrase.start, k + 1) is not None

    def _person_start(self, k: int) -> bool:
        return k < len(self.tokens) and any(p.start == self.tokens[k].start for p in self.people)

    def appositive_at(self, i: int) -> tuple[Phrase, tuple[int, int]] | None:
        """"Nama selaku <office> <body>" with an office the lexicon lacks:
        "Rina selaku Account Representative BPJS Ketenagakerjaan Batulicin"."""
        toks = self.tokens
        if toks[i].text not in APPOSITION:
            return None
        k = i + 1
        while k < len(toks) and k - i <= MAX_TITLE and self._name_word(toks[k].text) and self.gap(k) == " " \
                and not _longest(toks, k, norm.organizations()):
            k += 1
        if k == i + 1 or k >= len(toks) or not _longest(toks, k, norm.organizations()):
            return None
        span = self.name_before(i + 1, i + 1)
        if not span:
            return None
        position = " ".join(t.text for t in toks[i + 1:k])
        phrase = Phrase(i + 1, k, position, "office", "")
        phrase.end = self._body(phrase, k)
        return phrase, span

    def person_after_title(self, i: int) -> tuple[Phrase, tuple[int, int]] | None:
        """A title, a body the lexicon lacks, then a person the model found: "Ketua Serikat Buruh
        PT Sinar Jaya Nurdin Hasan".  The capitalized words between are the body, as written.
        A bare "Kepala" is left out: its office is named by the unit that follows ("Kepala Desa",
        "Kepala Bagian"), which cannot be told apart from the body here."""
        toks = self.tokens
        found = _longest(toks, i, norm.positions()) if _cap(toks[i].text) else None
        if not found or found[1].position == "Kepala" or self.names_document(i):
            return None
        k = i + found[0]
        for j in range(k, min(k + MAX_BODY + 1, len(toks))):
            # the person right after the body, or after a comma and their honorifics ("…, dr Rina")
            person = j if self._person_start(j) else j + 1 if toks[j].text == "," \
                and self._person_start(self._honorifics_end(j + 1)) else None
            if j > k and person is not None:
                span = self._name_run(person)
                if not span:
                    return None
                body = self.text[toks[k].start:toks[j - 1].end]
                return Phrase(i, j, found[1].position, "office", "", organization=body, org_kind="other"), span
            if self.gap(j) != " " or not _cap(toks[j].text) or not _is_word(toks[j]):
                return None
        return None

    def _degrees_end(self, k: int) -> int:
        """Token index after the degrees, commas and dots written after a name at token k."""
        toks = self.tokens
        while k < len(toks):
            if toks[k].text in (",", "."):
                k += 1
                continue
            end = next((j for j in range(min(k + MAX_HONORIFIC, len(toks)), k, -1)
                        if all(self.gap(m) == "" for m in range(k + 1, j))
                        and norm.is_degree("".join(t.text for t in toks[k:j]))), None)
            if end is None:
                return k
            k = end
        return k

    def acting_office(self, end: int) -> Phrase | None:
        """The office after "selaku"/"sebagai" that follows a name ending at offset `end`: the
        office the person acts in here ("Sekda X Nama selaku Plh Bupati X membuka …"), which is the
        one the article quotes them in (ANNOTATION.md), not the title written before the name."""
        k = self._degrees_end(self._index_after(end))  # "Nama, S.Sos., M.Si., selaku …"
        if k + 1 >= len(self.tokens) or self.tokens[k].text.lower() not in APPOSITION:
            return None
        return self.phrase_at(k + 1) if _cap(self.tokens[k + 1].text) else None

    def mentions_bpjs(self) -> bool:
        """The article names BPJS Ketenagakerjaan somewhere, under any of its names."""
        return BPJS in self.named_organizations()

    def named_organizations(self) -> set[str]:
        """Canonical names of the bodies the article names anywhere, under any of their names."""
        if self._named is None:
            organizations = norm.organizations()
            self._named = {found[1].name for k in range(len(self.tokens))
                           if (found := _longest(self.tokens, k, organizations))}
        return self._named

    def ministry_of(self, position: str) -> str | None:
        """A minister's ministry, when the article names it: "Menaker" with "Kemnaker" elsewhere
        belongs to Kementerian Ketenagakerjaan; without it the article says no body."""
        minister = MINISTER.match(position.removeprefix("Plt ").removeprefix("Pj "))
        ministry = f"Kementerian {minister['portfolio']}" if minister else None
        return ministry if ministry in self.named_organizations() else None

    def names_document(self, i: int) -> bool:
        """The title belongs to a document's or a building's name: "Peraturan Bupati …", "SK Wali
        Kota …", "Rumah Jabatan Bupati Gorontalo", "Pendopo Bupati"."""
        if i > 0 and self.tokens[i - 1].text in _words("document_words.txt"):
            return True
        return any(i >= n and norm.phrase_key([t.text for t in self.tokens[i - n:i]]) in _office_buildings()
                   for n in (1, 2))

    # --- one official --------------------------------------------------------------------
    def may_open_office(self, i: int) -> bool:
        """Whether office_and_name can read anything at token i: its word starts an office title or
        an acting prefix, or is an apposition word ("selaku"); a cheap test made at every token."""
        word = self.tokens[i].text
        key = _token_key(word)
        return key in _prefixes(norm.positions()) or key in _prefixes(PREFIXES) or word in APPOSITION

    def office_and_name(self, i: int) -> tuple[Phrase, tuple[int, int] | None] | None:
        """The office phrase at token i, written capitalized or in lowercase ("kata bupati Banjar
        …"), and the span of the name it goes with (None for a document's title or no name)."""
        lower = not _cap(self.tokens[i].text)
        phrase = self.phrase_at(i, lower=lower) if self.tokens[i].text[:1].isalpha() else None
        if phrase is None:
            return self.appositive_at(i) or self.person_after_title(i)
        if self.names_document(phrase.start):
            return phrase, None
        span = self.name_after(phrase.end) or self.name_before(phrase.start, phrase.end)
        if span is None and not lower and (fallback := self.person_after_title(phrase.start)):
            return fallback
        if span and (acting := self.acting_office(span[1])):
            return acting, span
        return phrase, span

    def held_by_nobody(self, start: int) -> bool:
        """The title is a former office or names a stand-in: "mantan Bupati …", "staf Kepala …"."""
        return start > 0 and self.tokens[start - 1].text.lower() in _words("non_holder_words.txt")

    def quoted(self, span: tuple[int, int]) -> bool:
        """A speech verb reports the person named at span: "Nama, Jumat, mengatakan", "kata Nama"."""
        k = self._degrees_end(self._index_after(span[1]))
        after = [t.text.lower() for t in self.tokens[k:k + 4] if _is_word(t)][:2]
        first = self.token_at.get(span[0], 0)
        before = self.tokens[first - 1].text.lower() if first > 0 else ""
        return bool(set(after) & _words("speech_words.txt")) or before in _words("speech_words.txt")

    def official(self, phrase: Phrase, span: tuple[int, int]) -> Official | None:
        """The official an office phrase and a name make, with the body and region the article gives."""
        if phrase.kind in OFFICE_KINDS and not phrase.organization:
            self.inherit_body(phrase)
        if phrase.kind == "council" and not phrase.organization:
            self.earlier_council(phrase)
        if not phrase.organization and (ministry := self.ministry_of(phrase.position)):
            phrase.organization, phrase.org_kind = ministry, "ministry"
        if phrase.kind == "bpjs" and not phrase.organization and self.mentions_bpjs():
            phrase.organization, phrase.org_kind = BPJS, "bpjs"
        region = _office_region(phrase, self.mentions)
        name = norm.clean_name(self.text[span[0]:span[1]])
        if not name or phrase.kind == "regional" and norm.place_key(name) in region_rules.name_index():
            return None
        return Official(name, _final_position(phrase), _organization(phrase, region),
                        region.name if region else None, span[0], span[1], self.text[span[0]:span[1]])

    def in_headline(self, offset: int) -> bool:
        """The line is a title-case headline ("Bupati Siap Bantu Pekerja Informal"), not a sentence."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        line = self.text[start:end if end >= 0 else len(self.text)].strip()
        words = re.findall(r"[^\W\d_]+", line)
        if len(words) < 5 or len(line) > 160 or re.search(r"[,;:]|\.$", line):
            return False
        return sum(_cap(w) for w in words) / len(words) >= 0.75

    def inherit_body(self, phrase: Phrase) -> None:
        """An office title without a body takes the body named earlier in its paragraph:
        "pihak BPJS Ketenagakerjaan Cabang Sulbar yang diwakili oleh Kabid Kepesertaan, Nama", or
        "BPJS Ketenagakerjaan Cabang Bukittinggi membuka gerai … . Kepala Cabang Nama …".  In an
        earlier sentence the body must be clear: the only BPJS office or agency named there."""
        paragraph_start = self.text.rfind("\n", 0, self.tokens[phrase.start].start)
        same_sentence = True
        found: list[Phrase] = []
        for k in range(phrase.start - 1, -1, -1):
            if self.tokens[k].start <= paragraph_start:
                break
            if self.tokens[k].text == ".":
                same_sentence = False
            org = _longest(self.tokens, k, norm.organizations())
            if org and org[1].kind in ("bpjs", "agency"):
                body = Phrase(k, k, "", "office", "")
                self._body(body, k)
                if same_sentence and org[1].kind == "bpjs":
                    found = [body]
                    break
                found.append(body)
            elif (head := self._agency_head_at(k)) is not None:
                found.append(head)  # "Kadisnakertrans Riau … didampingi Kepala Bidang …"
        if not found or len({(b.organization, tuple(r.code for r in b.regions)) for b in found}) > 1 \
                or phrase.kind == "bpjs" and found[0].org_kind != "bpjs":
            return
        body = found[0]
        phrase.organization, phrase.org_kind = body.organization, body.org_kind
        if not (phrase.regions or phrase.town):  # an office with its own area keeps it
            phrase.regions, phrase.town = body.regions, body.town

    def _agency_head_at(self, k: int) -> Phrase | None:
        """The office phrase at token k when its title names an agency ("Kadisnakertrans Riau")."""
        title = _longest(self.tokens, k, norm.positions())
        if not title or not _agency_of(title[1]):
            return None
        head = self.phrase_at(k)
        return head if head and head.org_kind == "agency" else None

    def earlier_council(self, phrase: Phrase) -> None:
        """A council office without its council ("Anggota Komisi IV, Nama") belongs to the DPRD
        the article named before it: news names the council once and its members after."""
        for k in range(phrase.start - 1, -1, -1):
            org = _longest(self.tokens, k, norm.organizations())
            if org and org[1].kind == "council":
                body = Phrase(k, k, "", "council", "")
                self._body(body, k)
                if body.organization:
                    phrase.organization, phrase.org_kind = body.organization, body.org_kind
                    phrase.regions = phrase.regions or body.regions
                return

    # --- names ---------------------------------------------------------------------------
    def name_after(self, k: int) -> tuple[int, int] | None:
        """Character span of the name starting at token k (after an optional comma)."""
        toks = self.tokens
        if k < len(toks) and toks[k].text in (",", ":"):
            k += 1
        span = self._name_run(k)
        return (self._person_after_body_name(span) or span) if span else None

    def _person_after_body_name(self, span: tuple[int, int]) -> tuple[int, int] | None:
        """ "Kepala Balai Besar Wilayah Sungai (BBWS) Pompengan Jeneberang, Adenan Rasyid", "Kepala
        Dinas PMD (DPMD), Pengendalian Penduduk dan KB Kabupaten Jembrana, I Komang Wiasa": words
        the model reads as no person, written after the office and followed by a comma and a
        person it does read, or ending on the body's region, are still the body's name; the person
        is the one after the comma."""
        if any(p.start < span[1] and span[0] < p.end for p in self.people):
            return None
        toks = self.tokens
        k = self._index_after(span[1])
        while k < len(toks) and k - self._index_after(span[0]) < MAX_BODY and self.gap(k) == " " \
                and (_cap(toks[k].text) and _is_word(toks[k]) or toks[k].text in ("dan", "&")):
            k += 1
        if k >= len(toks) or toks[k].text != ",":
            return None
        placed = any(span[0] <= m.start < toks[k].start for m in self.mentions)  # "… Kabupaten Jembrana,"
        return self._name_run(k + 1) if placed or self._person_start(self._honorifics_end(k + 1)) else None

    def _honorifics_end(self, k: int) -> int:
        """Token index after the honorifics and ranks written before a name at token k, each
        possibly dotted or bracketed: "Prof. Dr. (H.C.) K.H.", "AKBP", "Kombes Pol.", "Letjen TNI (Purn)"."""
        toks = self.tokens
        while k < len(toks):
            end = next((j for j in range(min(k + MAX_HONORIFIC, len(toks)), k, -1)
                        if all(self.gap(m) == "" for m in range(k + 1, j))
                        and norm.is_honorific("".join(t.text for t in toks[k:j]))), None)
            if end is None:
                return k
            k = end + (end < len(toks) and toks[end].text == "." and self.gap(end) == "")
        return k

    def _name_run(self, k: int) -> tuple[int, int] | None:
        """The characters of the personal name written from token k on, its honorifics skipped."""
        toks = self.tokens
        opening = k
        k = self._honorifics_end(k)
        if k >= len(toks) or not self._name_word(toks[k].text) or toks[k].text in norm.name_stopwords() \
                or toks[k].text in norm.compass_words():
            return None
        first = k
        words = 0
        while k < len(toks) and words < MAX_NAME and not self._ends_name(k, first):
            word = toks[k].text
            words += 1
            k += 1
            if (len(word) == 1 or word in _words("name_abbreviations.txt")) and k < len(toks) and toks[k].text == ".":
                k += 1
        if not any(len(t.text) > 2 for t in toks[first:k]):
            return None
        initial = self._initial_honorific(opening, first)
        return self._person_span(toks[initial if initial is not None else first].start, toks[k - 1].end)

    def _initial_honorific(self, opening: int, first: int) -> int | None:
        """The token of an honorific holding a given name's initial right before the name ("HM. Yunus"),
        which the name then keeps (normalization.keeps_initial decides)."""
        before = first - 1 - (self.tokens[first - 1].text == ".") if first > opening else None
        return before if before is not None and before >= opening and \
            self.tokens[before].text in _words("honorific_initials.txt") else None

    def _ends_name(self, k: int, first: int) -> bool:
        """Token k is no longer part of the name begun at token `first`: a line break or a gap, a
        degree, a word that is no name word, a venue word, a title or a body."""
        toks = self.tokens
        word = toks[k].text
        if k > first and self.gap(k) not in (" ", ""):
            return True
        opening_abbreviation = k == first and word in _words("name_abbreviations.txt")  # "St. Rahmawati", not ST
        if (norm.is_degree(word) and not opening_abbreviation) or not self._name_word(word) \
                or word in norm.name_stopwords() or norm.place_key(word) in region_rules.venue_words():
            return True
        return bool(_longest(toks, k, norm.positions()) or _longest(toks, k, norm.organizations()))

    def _person_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The name's characters, None when a region's name covers them, cut back to the model's
        person span when the model reads the next word as another entity."""
        if any(m.start <= start and end <= m.end for ms in self.region_at.values() for m in ms):
            return None  # a region's name is never a person's
        for person in self.people:
            if person.start == start and person.end < end and self._entity_starts_after(person.end):
                end = person.end
        return start, end

    def _entity_starts_after(self, offset: int) -> bool:
        """The model reads the next word as another entity ("Budi Santoso | Jakarta"): a name run
        stops at a PER span's end only then, as the model often ends a name one word short."""
        spaces = SPACES.match(self.text, offset)
        after = spaces.end() if spaces else offset
        return any(e.start == after for e in self.entities)

    @staticmethod
    def _name_word(word: str) -> bool:
        """Names are capitalized, not written in capitals ("RT", "RI" are not name words)."""
        return word[:1].isupper() and word[:1].isalpha() and not (word.isupper() and len(word) > 1)

    def _dot_in_name(self, k: int) -> bool:
        """The dot at token k belongs to a name, an initial, an honorific or a degree ("M.", "Dr.",
        "S.Sos."), not to the end of the sentence before it ("… selaku Kadisnakertrans. Nama, …")."""
        prev = self.tokens[k - 1].text if k > 0 else ""
        return "\n" not in self.gap(k + 1) and (len(prev) <= 3 or prev in _words("name_abbreviations.txt")
                                                or norm.is_honorific(prev) or norm.is_degree(prev))

    def name_before(self, i: int, after: int) -> tuple[int, int] | None:
        """The name just before an office phrase (tokens i..after): "Nama selaku …", or an apposition
        closed by punctuation, "Nama, Kepala …, mengatakan"."""
        end = self._end_of_name_before(i, after)
        if end is None:
            return None
        k, end = self._start_of_name(end)
        toks = self.tokens
        if k > 0 and _cap(toks[k - 1].text) and _is_word(toks[k - 1]):
            return None  # the run goes on into capitals that are not a name ("RI", a title)
        while k <= end and (toks[k].text == "." or toks[k].text in norm.name_stopwords()):
            k += 1
        k = self._honorifics_end(k)
        if k > end:
            return None
        span = self._name_run(k)
        if not span or span[1] > toks[end].end:
            return None
        if any(_longest(toks, j, norm.positions()) or toks[j].start in self.region_at
               for j in range(k, end + 1)):
            return None
        return span

    def _end_of_name_before(self, i: int, after: int) -> int | None:
        """The last token a name before the office phrase at tokens i..after may have: before its
        linking words ("selaku", "yang menjabat sebagai") or an apposition's comma; None when
        nothing joins a name to the office."""
        toks = self.tokens
        k = i - 1
        links = 0
        while k >= 0 and links < MAX_LINKS and toks[k].text in _words("link_words.txt"):
            k, links = k - 1, links + 1
        if links:
            return k - (1 if k >= 0 and toks[k].text == "," else 0)
        if k >= 0 and toks[k].text.lower() in APPOSITION:
            return k - (2 if k > 0 and toks[k - 1].text == "," else 1)  # "Nama, selaku …"
        if k >= 0 and toks[k].text == "," and (after >= len(toks) or toks[after].text in (",", ".", ")")):
            return k - 1
        return None

    def _start_of_name(self, end: int) -> tuple[int, int]:
        """The first token of the name run that ends at token `end`, and that end once degrees set
        off after the name are left out: "Nama, S.H., M.H., adalah …"."""
        toks = self.tokens
        while True:
            k = end
            while k >= 0 and toks[k].text != "," and self._in_titled_name(k) and end - k < MAX_NAME + 2 + MAX_HONORIFIC:
                k -= 1
            k += 1
            if k >= 2 and toks[k - 1].text == "," and k <= end \
                    and norm.is_degree("".join(t.text for t in toks[k:end + 1])):
                end = k - 2
                continue
            return k, end

    def _in_titled_name(self, k: int) -> bool:
        """Token k may belong to a name written with its titles: a name word, a degree, an honorific,
        a bracket, or a dot of a name."""
        text = self.tokens[k].text
        return (self._name_word(text) or norm.is_degree(text) or norm.is_honorific(text) or text in "()"
                or text == "." and self._dot_in_name(k))


def _branch_city(region: Region, written: str) -> Region:
    """A BPJS branch named with a bare name shared by a regency or a province and a city sits in
    the city ("Kantor Cabang BPJS Ketenagakerjaan Kupang" is in Kota Kupang, whatever Pemkab
    Kupang does; "Cabang Bengkulu" is in Kota Bengkulu, a branch serves a city, not a province)."""
    if region.type == "kota":
        return region
    key = norm.place_key(written)
    parent = region.code if region.type == "provinsi" else region.parent_code
    city = next((r for r in all_regions() if r.type == "kota" and r.parent_code == parent
                 and norm.place_key(r.short_name) == key), None)
    return city or region


def _is_office(phrase: Phrase, pos: norm.Position, titled: bool) -> bool:
    """A title read with what follows it is an office: a title that needs a body, a unit or a
    portfolio has one (a BPJS title with only its area may leave the body to the article)."""
    if pos.takes in ("body", "unit") and not (phrase.organization or phrase.unit or titled):
        return False
    return not (pos.takes == "descriptor" and not titled and not phrase.organization and pos.organization != "regional"
                and not (pos.organization == "bpjs" and (phrase.regions or phrase.town)))


def _office_form(word: str, lower: bool = False) -> str | None:
    """A portfolio word as the position writes it: spelled out ("Intel" -> "Intelijen"), or
    capitalized when written in lowercase after a lowercase title; None for other words."""
    if word in norm.office_abbreviations():
        return norm.office_abbreviations()[word]
    if word in norm.office_words():
        return word
    return word.capitalize() if lower and word.islower() and word.capitalize() in norm.office_words() else None


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word.isupper()


def _agency_of(pos: norm.Position) -> str | None:
    """The agency a head's title names: "Kepala Kepolisian Resor" (Kapolres) heads the "Kepolisian
    Resor", "Komandan Komando Distrik Militer" (Dandim) the "Komando Distrik Militer"."""
    if pos.organization != "agency" or pos.takes not in ("", "place"):
        return None
    head = AGENCY_HEAD.match(pos.position)
    return head["agency"] if head else None


@lru_cache(maxsize=1)
def _village_governments() -> dict[str, str]:
    """Village word or head's title -> the government it names ("Kepala Desa" -> "Pemerintah Desa")."""
    return {row["written"]: row["government"] for row in lexicons.rows("village_governments.csv")}


@lru_cache(maxsize=1)
def _not_region_table() -> dict[str, str]:
    """Islands, macro-areas and towns that are not regions, as a look-up table."""
    return {key: key for key in region_rules.not_region_keys()}


@lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    return {norm.phrase_key(line): line for line in lexicons.words("country_words.txt")}


@cache
def _words(resource: str) -> frozenset[str]:
    """The lines of a word-list resource, read once."""
    return frozenset(lexicons.words(resource))


@lru_cache(maxsize=1)
def _office_buildings() -> frozenset[str]:
    return frozenset(norm.phrase_key(line) for line in lexicons.words("office_buildings.txt"))


@lru_cache(maxsize=1)
def _group_words() -> dict[str, str]:
    return {norm.phrase_key(line): line for line in lexicons.words("group_words.txt")}


def _dominant(mentions: list[RegionMention], levels: set[str]) -> Region | None:
    """The region an article is mostly about, of the given types when any are given."""
    counts = Counter(m.code for m in mentions)
    ranked = []
    for position, mention in enumerate(mentions):
        region = region_by_code(mention.code)
        if region and (not levels or region.type in levels):
            ranked.append((-counts[mention.code], region.type == "provinsi", position, region))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None


def _office_region(phrase: Phrase, mentions: list[RegionMention]) -> Region | None:
    """The region of the office: the most specific one it names, none for a multi-province or
    macro-area office, the article's main region for a regional government that names none."""
    named = list({r.code: r for r in phrase.regions}.values())
    if phrase.level:
        named = [r for r in named if r.type == phrase.level] or named
    if named:
        provinces = {r.province_code for r in named}
        if len(provinces) > 1:
            return None
        specific = [r for r in named if r.type != "provinsi"]
        return specific[0] if len(specific) == 1 else (named[0] if len(named) == 1 else None)
    if phrase.town or phrase.org_kind in ("bpjs", *UNPLACED_KINDS) or phrase.kind in OFFICE_KINDS:
        return None
    levels = {phrase.level} if phrase.level else LOCAL_LEVELS if phrase.local else set()
    return _dominant(mentions, levels)


def _organization(phrase: Phrase, region: Region | None) -> str | None:
    if phrase.kind == "regional" or phrase.org_kind == "regional":
        return norm.government_of(region) if region else None
    return phrase.organization


def _final_position(phrase: Phrase) -> str:
    """The office as ANNOTATION.md words it: a head of an agency carries the agency's name
    ("Kepala Disnakertrans" -> "Kepala Dinas Tenaga Kerja dan Transmigrasi"); a bare head of a
    BPJS office carries the unit ("Kepala BPJS Ketenagakerjaan Cabang X" -> "Kepala Cabang")."""
    last = phrase.position.split()[-1]
    if last in ("Kepala", "Komandan", "Panglima") and phrase.org_kind == "agency" and phrase.organization:
        return f"{phrase.position} {phrase.organization}"
    if last == "Kepala" and phrase.organization and phrase.organization.split()[0] in BODY_TYPES:
        return f"{phrase.position} {phrase.organization.split()[0]}"  # "Kepala Balai Pelaksanaan Jalan Nasional"
    if phrase.unit and last in ("Kepala", "Direktur") and phrase.kind in OFFICE_KINDS:
        unit = phrase.unit.removeprefix("Kantor ") if phrase.unit != "Kantor Wilayah" else phrase.unit
        return f"{phrase.position} {unit}"
    if phrase.unit and phrase.unit != "Kantor" and phrase.position.endswith("Kepala Kantor") \
            and phrase.kind in OFFICE_KINDS:
        return f"{phrase.position} {phrase.unit.removeprefix('Kantor ')}"  # "Kepala Kantor BPJS … Wilayah Jawa Barat"
    return phrase.position


def find_officials(analysis: Analysis, regions: list[RegionMention]) -> list[Official]:
    """People named with an office, one entry per person, in order of first mention."""
    reader = _Reader(analysis, regions)
    found: list[tuple[Official, bool]] = []
    i = 0
    while i < len(reader.tokens):
        read = reader.office_and_name(i) if reader.may_open_office(i) else None
        if read is None:
            i += 1
            continue
        phrase, span = read
        if span and not reader.in_headline(span[0]) and not reader.held_by_nobody(phrase.start):
            if official := reader.official(phrase, span):
                found.append((official, reader.quoted(span)))
        i = max(phrase.end, i + 1)
    return _one_per_person(found)


def _name_key(name: str) -> set[str]:
    return set(re.sub(r"[’‘`]", "'", name).casefold().split())


def _one_per_person(officials: list[tuple[Official, bool]]) -> list[Official]:
    """Merge mentions of one person: a later "Tito" or "Tito Hartono" joins "Tito Hartono".  A person
    named with two offices keeps the one the article quotes them in (ANNOTATION.md)."""
    kept: list[tuple[Official, bool]] = []
    for official, quoted in officials:
        words = _name_key(official.name)
        at = next((n for n, (k, _) in enumerate(kept)
                   if words <= _name_key(k.name) or _name_key(k.name) <= words), None)
        if at is None:
            kept.append((official, quoted))
            continue
        same, same_quoted = kept[at]
        if quoted and not same_quoted:
            same.position, same.organization, same.region = official.position, official.organization, official.region
            kept[at] = (same, True)
        if len(official.name) > len(same.name):
            same.name = official.name
    return [official for official, _ in kept]
