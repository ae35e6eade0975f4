"""Worker counts, budgets and percentages: numbers with their noun and context.

All three read numbers through `pipeline.numbers` and classify them from cue words found in the
same clause (resources/worker_status_cues.csv, budget_cues.csv, percentage_cues.csv).  A cue
file lists its rows strongest first: when a clause holds several cues, the earliest row wins
(`belum terdaftar` beats `terdaftar`, `per bulan` beats `anggaran`).  A clause without any cue
falls back to the cues earlier in its sentence, so the items of an enumeration
(`36.307 pekerja formal, 12.701 pekerja informal`) share the status of its head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .. import lexicons
from ..lexicons import phrases_pattern
from ..numbers import NumberMatch, find_numbers, number_words
from ..records import Analysis, Budget, Percentage, WorkerCount
from .regions import find_regions
from .relevance import about_social_security, speaks_of_health_insurance, speaks_of_social_security

# an apposition after a comma ("target kami, yaitu 40 persen") goes on with the clause before it
CLAUSE_BREAK = re.compile(r",(?![-\d])(?!\s*(?:yaitu|yakni)\b)|[;:()\"“”]"
                          r"|\s(?:dan|serta|atau|sedangkan|namun|tetapi)\s|\s[-–—]\s", re.IGNORECASE)
PERCENT_SUFFIX = re.compile(r"\s*(?:%|persen\b|prosen\b|pct\b)", re.IGNORECASE)
LAW_NUMBER_PREFIX = re.compile(r"\b(?:nomor|no\.?|nomer|tahun|pukul|periode|pasal|ayat)\s*$", re.IGNORECASE)
MONTHS = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|"
          "jan|feb|mar|apr|jun|jul|agu|agt|sep|sept|okt|nov|des")
MONTH_AROUND = re.compile(rf"(?:\b(?:{MONTHS})\.?\s*$)", re.IGNORECASE)
MONTH_AFTER = re.compile(rf"^\s*(?:{MONTHS})\b", re.IGNORECASE)
MONEY_WORDS = r"\b(?:santunan(?:\s+\w+)?|dana|anggaran|iuran|biaya|nilai|senilai|klaim|manfaat|pembayaran)"
MONEY_BEFORE = re.compile(MONEY_WORDS + r"\s*$", re.IGNORECASE)
MONEY_WORD = re.compile(MONEY_WORDS + r"\b", re.IGNORECASE)
PER_UNIT = re.compile(r"\s+(?:per|tiap|setiap)\s+(?!orang\b|bulan\b|tahun\b|hari\b)\w", re.IGNORECASE)
FEE_BEFORE = re.compile(r"\b(?:iuran|premi)(?:\s+\S+){0,3}?\s*$", re.IGNORECASE)
LINK_WORDS = "sebesar|mencapai|senilai|totalnya"  # what joins a sum to the amount it is: "iuran sebesar Rp X"
# "total iuran yang dianggarkan desa mencapai Rp X": the fee is what the amount states, however it is
# funded; not when the fee is a purpose or names a fund ("dana untuk membayar iuran … mencapai", "dana
# iuran … sebesar") or a fund's own name stands right before the link word ("iuran dibayar dari APBD
# 2025 sebesar Rp X": the fund's amount).
FEE_SUBJECT = re.compile(rf"\b(?:iuran|premi)(?:nya)?\b[^,;.]*?\b(?:{LINK_WORDS}|total)"
                         r"(?:\s+(?:sekitar|hampir|kurang lebih|lebih dari))?\s*$", re.IGNORECASE)
FEE_NOT_HEAD = re.compile(r"(?:\b(?:untuk|guna|bagi)(?:\s+\S+){0,2}|\b(?:dana|anggaran|alokasi))\s+$", re.IGNORECASE)
FUND_NAME_BEFORE_LINK = re.compile(r"\b(?:APBD|APBDes|APBN|APBK|APBA)(?:\s+[A-Z0-9]\S*)*\s+"
                                   rf"(?:{LINK_WORDS}|dengan total|total)(?:\s+\S+)?\s*$")
AMOUNT_LINK = re.compile(rf"\b(?:{LINK_WORDS})\b", re.IGNORECASE)
AMOUNT_FOLLOWERS = re.compile(r"\s*(?:$|[.,;:)\"”]"
                              r"|(?:untuk|per|dari|yang|bagi|kepada|dan|pada|di|selama|sepanjang|setiap|tiap)\b"
                              r"|(?:me|di|ter|ber)[a-z]{3,}\b)")  # a preposition, a verb or the clause's end
BACK_REFERENCE = re.compile(r"\s*(?:di\s*antaranya|dari\s+(?:jumlah|total)\s+(?:itu|tersebut))\b", re.IGNORECASE)
# "Dari jumlah tersebut, baru 8.000 orang yang terdaftar": a sentence that opens on the count before it
LEADING_BACK_REFERENCE = re.compile(r"\s*(?:dari|di\s*antara)\s+(?:jumlah|total)\s+(?:itu|tersebut)\b", re.IGNORECASE)
BARE_FOLLOWERS = re.compile(rf"^\s*(?:$|[.,;:)\]\"”’]|(?:yang|lagi|lebih|atau|dan|hingga|sampai|serta)\b"
                            rf"|(?-i:di\s+[A-Z])|{BACK_REFERENCE.pattern})", re.IGNORECASE)  # "8.200 di Kabupaten Belu"
COORDINATION = re.compile(r"[ \t]*(?:,[ \t]*(?:dan|serta)?|[ \t](?:dan|serta))[ \t]+")
GENERIC_SCHEME_WORDS = ("kepesertaan", "iuran", "jaminan sosial")  # words any scheme's members share
WORKER_NOUNS = ("pekerja", "buruh", "tenaga", "karyawan", "pegawai")  # people named as workers
PLAIN_STATUSES = ("total", "other")  # statuses that say nothing of a scheme
DEFAULT_GROUP = "pekerja"  # the group of a count whose people are named nowhere before it
BACK_WINDOW = 400
THINGS_WINDOW = 200
VERB_TAIL = re.compile(r"[ \t]+[a-z]+(?:,[ \t]*(?:dan|serta)?|[ \t]+(?:dan|serta))[ \t]+")
VERB_LIKE = re.compile(r"(?:me|di|ter|ber)[a-z]{3,}$")
LIST_BREAK = re.compile(r"\batau\b|%|\bpersen\b", re.IGNORECASE)
PURPOSE_VERB = re.compile(r"\s+(?:[a-z]+\s+)?me[a-z]{3,}\b", re.IGNORECASE)
REALISED = re.compile(r"\b(?:telah|sudah|berhasil|sehingga|kini)\b", re.IGNORECASE)
DONE = re.compile(r"\b(?:telah|sudah)\s+", re.IGNORECASE)
RECIPIENT_BEFORE = re.compile(r"\bkepada\s*$", re.IGNORECASE)
CONTRAST = re.compile(r"\b(?:sedangkan|sementara|namun|tetapi|padahal|adapun|meski|meskipun)\b", re.IGNORECASE)
MIN_COUNT, MIN_BARE_COUNT, MIN_SPELLED_UNFAMILIAR = 2, 100, 20
HEAD_WORDS = 3
MIN_BARE_MONEY = 1_000_000
BILLIONS = re.compile(r"\b(?:mil+[iy]ar|tril[iy]un)\b", re.IGNORECASE)
MIN_ALLOCATION = 100_000_000
FUND_BACK_REFERENCE = re.compile(r"\b(?:dana|anggaran|alokasi|bantuan|uang)(?:nya)?\s+(?:tersebut|itu|ini)\b|"
                                 r"\b(?:dari|melalui|lewat)\s+(?:sana|situ)\b|\b(?:total|jumlah|nilai|besaran|besar)nya\b", re.IGNORECASE)
PUBLIC_FUNDS = frozenset({"APBD", "APBN", "APBDes"})
MAX_PAYER_WORDS = 6
PAYER_NAME = re.compile(r"\s+(?:[A-Z][\w-]*)(?:\s+(?:[A-Z][\w-]*|dan))*")
SECTOR_SUBJECTS = frozenset({"informal_coverage", "formal_coverage"})
COVERAGE_STATUSES = frozenset({"protected", "unprotected", "target", "total"})
UNFAMILIAR_HEAD = re.compile(r"[a-z]{2,}(?:-[A-Za-z]+)*\b")  # "pecalang", "non-ASN"
ABSTRACT_NOUN = re.compile(r"(?<!w|y|m)an$")
FRONTED = re.compile(r"\s*(?:(?:sementara(?:\s+itu)?|sedangkan|adapun|khusus)\s+)?"
                     r"(?:dari|di\s*antara|di\s+kalangan|di|bagi|untuk|khusus|pada)\b", re.IGNORECASE)
ALL_OF = re.compile(r"[\s,;:\-–—]*(?:(?:dan|serta)\s+)?(?:(?:kini|sekarang|saat\s+ini)\s+)?"
                    r"(?:semuanya|seluruhnya|kesemuanya|semua)\b", re.IGNORECASE)
SHARE_OF = re.compile(r"[ \t]+dari[ \t]+(?:(?:total|jumlah)[ \t]+)?(?=\d)", re.IGNORECASE)
TABLE_TOTAL = re.compile(r"(?:^|\n)[ \t]*(?:jumlah|total)(?:[ \t]+(?:keseluruhan|seluruhnya|akhir))?[ \t]*:?[ \t]*$",
                         re.IGNORECASE)
TABLE_ROW = re.compile(r"\d[\d.,]*(?:[ \t]+[A-Za-z]+)?[ \t]*$")
MAX_TABLE_ROWS = 40
COPULA = re.compile(r"[ \t]+(?:lainnya[ \t]+)?(?:merupakan|adalah|ialah|tergolong)[ \t]+", re.IGNORECASE)
CONTINUATION = re.compile(r"\s*(?:selanjutnya|kemudian|berikutnya|disusul|lalu|lainnya|sisanya)\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"[ \t]*(?:\d{1,2}[.)]|[a-z][.)]|[-–•*·])[ \t]+")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    label: str
    side: str  # both | left | right | before | group
    rank: int  # row order in the resource file: lower is stronger
    scope: str = ""  # social_security: the cue counts only where social security is spoken of
    word: str = ""  # the phrase's first word as lexicons.folded writes it: a context that lacks it holds no hit


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A cue phrase at word boundaries; its last word may carry the clitic `-nya` (`iurannya`, `iuran-nya`).
    Cached: some rules ask for a cue's pattern at each clause they read."""
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?:-?nya)?(?![\w-])", re.IGNORECASE)


@cache
def _cues(name: str, label_column: str) -> tuple[Cue, ...]:
    """The cues of a file, longest pattern first (a longer cue hides the shorter ones inside it)."""
    cues = [Cue(_phrase_pattern(row["cue"]), row[label_column], row.get("side") or "both", rank,
                row.get("scope") or "", lexicons.folded(row["cue"].split()[0]))
            for rank, row in enumerate(lexicons.rows(name))]
    return tuple(sorted(cues, key=lambda c: -len(c.pattern.pattern)))


def _scoped(cues: tuple[Cue, ...], analysis: Analysis, offset: int) -> tuple[Cue, ...]:
    """The cues that count at `offset`: those of scope `social_security` only where it is spoken of."""
    if about_social_security(analysis) or speaks_of_social_security(analysis, offset):
        return cues
    return _general(cues)


@cache
def _general(cues: tuple[Cue, ...]) -> tuple[Cue, ...]:
    return tuple(c for c in cues if c.scope != "social_security")


def _status_cues(analysis: Analysis, number: NumberMatch) -> tuple[Cue, ...]:
    return _scoped(_cues("worker_status_cues.csv", "status"), analysis, number.start)


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(line.casefold() for line in lexicons.words(name))


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of text[start:end], cut at punctuation and coordinating conjunctions."""
    bounds, last = [], start
    for match in CLAUSE_BREAK.finditer(text, start, end):
        bounds.append((last, match.start()))
        last = match.end()
    bounds.append((last, end))
    return bounds


def _sentence_span(analysis: Analysis, offset: int) -> tuple[int, int]:
    for start, end in analysis.sentences:
        if start <= offset < end:
            return start, end
    return 0, len(analysis.text)


def _clause_span(analysis: Analysis, number: NumberMatch) -> tuple[int, int]:
    sent_start, sent_end = _sentence_span(analysis, number.start)
    for start, end in _clauses(analysis.text, sent_start, sent_end):
        if start <= number.start < end or (start <= number.start and number.end <= end):
            return start, end
    return sent_start, sent_end


def _strip_approximators(left: str) -> str:
    """Left context without trailing hedges, so `dari sekitar` reads as `dari`."""
    pattern = phrases_pattern("approximators.txt")
    while True:
        match = re.search(rf"(?:{pattern.pattern})\s*$", left, re.IGNORECASE)
        if not match:
            return left
        left = left[: match.start()]


def _cue_hits(cue: Cue, left: str, right: str, group: str, before: bool, sentence_left: str
              ) -> list[tuple[str, re.Match[str]]]:
    """Where a cue stands in the contexts its side allows (`where`, match)."""
    hits: list[tuple[str, re.Match[str]]] = []
    if cue.side in ("both", "left"):
        hits += [("left", m) for m in cue.pattern.finditer(left)]
    if cue.side in ("both", "right"):
        hits += [("right", m) for m in cue.pattern.finditer(right)]
    if cue.side == "group" and group:
        hits += [("group", m) for m in cue.pattern.finditer(group)]
    if cue.side == "before" and before:
        immediate = _strip_approximators(left)
        hits += [("before", m) for m in cue.pattern.finditer(immediate) if not immediate[m.end():].strip()]
    if cue.side == "sentence":
        hits += [("sentence", m) for m in cue.pattern.finditer(sentence_left)]
    if cue.side == "purpose":
        hits += [("left", m) for m in cue.pattern.finditer(left)
                 if PURPOSE_VERB.match(left, m.end()) and not REALISED.search(left, m.end())]
    if cue.side == "recipient" and RECIPIENT_BEFORE.search(_strip_approximators(left)):
        hits += [("left", m) for m in cue.pattern.finditer(left)]
    return hits


def _best_cue(cues: tuple[Cue, ...], left: str, right: str, group: str = "", before: bool = True,
              exclude_sides: frozenset[str] = frozenset(), sentence_left: str = "") -> Cue | None:
    """The strongest of `cues` (longest first, as _cues gives them) that governs the number (None
    when no cue applies).

    A longer cue hides the shorter ones inside it (`belum terdaftar` vs `terdaftar`) and a `none`
    cue only hides (`jika dibandingkan` is no condition).  A `total` cue on the left (`jumlah`,
    `total pekerja`) names the head noun, so a nearer verb cue between it and the number governs
    instead: `total pekerja yang telah dilindungi 12.400 orang` is protected.
    """
    taken: list[tuple[str, int, int, Cue]] = []
    contexts = lexicons.folded("\n".join((left, right, group, sentence_left)))
    for cue in cues:
        if cue.side in exclude_sides or cue.word not in contexts:
            continue
        for where, match in _cue_hits(cue, left, right, group, before, sentence_left):
            if any(w == where and s < match.end() and match.start() < e for w, s, e, _ in taken):
                continue
            taken.append((where, match.start(), match.end(), cue))
    live = [hit for hit in taken if hit[3].label != "none"]
    nearer_left = [s for w, s, _, c in live if w == "left" and c.label != "total"]
    live = [(w, s, e, c) for w, s, e, c in live
            if not (w == "left" and c.label == "total" and any(n >= e for n in nearer_left))]
    return min((c for _, _, _, c in live), key=lambda c: c.rank, default=None)


# ---------------------------------------------------------------- worker counts


def _group_phrase(text: str, offset: int, head: re.Pattern[str] | None = None) -> tuple[str, int] | None:
    """The people noun phrase starting at `offset` (`pekerja rentan`), lowercased, and its end."""
    head = head or phrases_pattern("person_nouns.txt")
    noun = head.match(text, re.compile(r"\s*").match(text, offset).end())
    if not noun:
        return None
    words, end = [noun.group(0)], noun.end()
    stop = _word_set("group_stopwords.txt")
    while match := re.compile(r"[ \t]+([A-Za-z][\w/]*(?:-[\w/]+)*)").match(text, end):
        lowered = match.group(1).casefold()
        if lowered in stop or VERB_LIKE.match(lowered) or lowered in number_words() or len(words) >= 4:
            break
        words.append(match.group(1))
        end = match.end()
    return " ".join(" ".join(words).split()).casefold(), end


def _coordinated_group(text: str, offset: int) -> tuple[str, int] | None:
    """The people noun phrase at `offset` with its coordinated people phrases.

    `350 pedagang dan petugas kebersihan`, `imam, guru mengaji dan marbot`: a conjunct joins only
    when it is itself a people noun phrase, so `500 pekerja dan 20 perusahaan` stays `pekerja`.
    Inside a comma list a conjunct may end in a verb-like word (`guru mengaji`) before the next link.
    """
    first = _group_phrase(text, offset)
    if not first:
        return None
    start, end, in_list = re.compile(r"\s*").match(text, offset).end(), first[1], False
    while True:
        link = COORDINATION.match(text, end) or (VERB_TAIL.match(text, end) if in_list else None)
        more = _group_phrase(text, link.end()) if link else None
        if not more:
            break
        in_list = in_list or "," in link.group(0)
        end = more[1]
    if end == first[1]:
        return first
    return " ".join(text[start:end].split()).casefold(), end


def _unfamiliar_group(analysis: Analysis, number: NumberMatch, offset: int) -> tuple[str, int] | None:
    """A people noun phrase not in the lexicon (`96 pecalang`, `120 ketua RT`) in a membership sentence.

    Local names for village staff and community roles are too many to list, so a lowercase noun
    after a number counts when the sentence is about registration or protection, unless it names
    things rather than people (resources/non_person_nouns.txt: companies, villages, time,
    measures, documents) or is an abstract `-an` derivation (`perusahan`, `pelatihan`); person
    nouns in -wan/-yan/-man (`relawan`, `nelayan`) stay.
    """
    text = analysis.text
    if number.is_year_like or (number.spelled and number.value < MIN_SPELLED_UNFAMILIAR):
        return None
    start = re.compile(r"[ \t]*").match(text, offset).end()
    word = UNFAMILIAR_HEAD.match(text, start)
    if not word:
        return None
    lowered = word.group(0).casefold()
    if (lowered in _word_set("group_stopwords.txt") or ABSTRACT_NOUN.search(lowered) or lowered in number_words() or VERB_LIKE.match(lowered)
            or phrases_pattern("non_person_nouns.txt").match(text, start)
            or phrases_pattern("excluded_count_nouns.txt").match(text, start)):
        return None
    sent_start, sent_end = _sentence_span(analysis, number.start)
    if not phrases_pattern("membership_words.txt").search(text, sent_start, sent_end):
        return None
    return _group_phrase(text, start, UNFAMILIAR_HEAD)


def _count_noun(analysis: Analysis, number: NumberMatch) -> tuple[str, int] | None:
    """`(group, end)` when a people noun follows the number: `62 ribu pekerja`, `1.000 orang`."""
    text = analysis.text
    units = phrases_pattern("count_units.txt")
    unit = units.match(text, re.compile(r"\s*").match(text, number.end).end())
    if unit:
        after = _coordinated_group(text, unit.end()) or _unfamiliar_group(analysis, number, unit.end())
        if after and after[0] not in _word_set("count_units.txt"):
            return after
        return "", unit.end()
    return (_coordinated_group(text, number.end) or _unfamiliar_group(analysis, number, number.end)
            or _linked_group(text, number.end))


def _linked_group(text: str, offset: int) -> tuple[str, int] | None:
    """`171.810 merupakan nelayan laut`, `10.000 lainnya adalah petani`: the people named after a copula."""
    link = COPULA.match(text, offset)
    return _coordinated_group(text, link.end()) if link else None


def _after_unit(text: str, offset: int) -> int:
    """Offset of the word after a number and its optional classifier (`orang`, `jiwa`)."""
    offset = re.compile(r"\s*").match(text, offset).end()
    unit = phrases_pattern("count_units.txt").match(text, offset)
    return re.compile(r"\s*").match(text, unit.end()).end() if unit else offset


def _nearest_group_before(analysis: Analysis, number: NumberMatch) -> str | None:
    """The people noun phrase closest before a bare number, for `pekerja terlindungi 22.680`; None if none.

    A noun inside an earlier phrase belongs to it: `Pekerja Bukan Penerima Upah` stays whole
    rather than becoming `penerima upah`.
    """
    sent_start, _ = _sentence_span(analysis, number.start)
    window_start = max(0, sent_start - BACK_WINDOW)
    best: tuple[str, int] | None = None
    for match in phrases_pattern("person_nouns.txt").finditer(analysis.text, window_start, number.start):
        if match.group(0).casefold() in _word_set("count_units.txt"):
            continue
        if best and match.start() < best[1]:
            continue
        phrase = _group_phrase(analysis.text, match.start())
        best = (phrase[0], min(phrase[1], number.start)) if phrase else (match.group(0).casefold(), match.end())
    return best[0] if best else None


def _is_count_candidate(analysis: Analysis, number: NumberMatch) -> tuple[str, int] | None:
    text = analysis.text
    if number.currency or PERCENT_SUFFIX.match(text, number.end) or number.value < MIN_COUNT:
        return None
    if number.value != int(number.value):
        return None
    left = text[max(0, number.start - 40): number.start]
    if LAW_NUMBER_PREFIX.search(left) or MONTH_AROUND.search(left) or MONTH_AFTER.match(text[number.end:]):
        return None
    if number.scaled and MONEY_BEFORE.search(left) and (
            number.value >= MIN_BARE_MONEY or not _coordinated_group(text, _after_unit(text, number.end))):
        return None  # `santunan 42 juta` is rupiah; `iuran 14 ribu buruh tani` counts the people paid for
    if _is_contact_number(left, number) or _not_workers(analysis, number):
        return None
    noun = _count_noun(analysis, number)
    if noun:
        if _excluded_noun(text, _after_unit(text, number.end)):
            return None
        return None if PER_UNIT.match(text, noun[1]) else noun  # "tujuh orang per TPS" is a rate
    share_of = _share_of_count(analysis, number)
    if share_of:
        return share_of
    header = _table_header(text, number)
    if header and (phrases_pattern("person_nouns.txt").search(header)
                   or phrases_pattern("membership_words.txt").search(header)):
        return "", number.end
    back = BACK_REFERENCE.match(text, number.end)
    if back and number.value < MIN_BARE_COUNT:
        return _back_referenced_people(analysis, number)
    if number.is_year_like or number.value < MIN_BARE_COUNT or not BARE_FOLLOWERS.match(text[number.end:]):
        return None
    sent_start, sent_end = _sentence_span(analysis, number.start)
    if back or _cue_right_before(text[sent_start:number.start]):
        sent_start = max(0, sent_start - BACK_WINDOW)
    sentence = text[sent_start:sent_end]
    if not (phrases_pattern("person_nouns.txt").search(sentence) or re.search(r"kepesertaan", sentence, re.IGNORECASE)):
        return None
    if _refers_back_to_things(analysis, number):
        return None
    return "", number.end


def _excluded_noun(text: str, offset: int) -> bool:
    """The noun at `offset` counts people who are not workers (`ahli waris`, `korban`), unless a longer
    people noun starts there (`korban PHK`)."""
    excluded = phrases_pattern("excluded_count_nouns.txt").match(text, offset)
    people = phrases_pattern("person_nouns.txt").match(text, offset)
    return bool(excluded) and not (people and people.end() > excluded.end())


def _table_header(text: str, number: NumberMatch) -> str | None:
    """The line above the rows of a table whose `Jumlah :` / `Total` row holds `number`.

    A total row only sums its column; what the figures count (`peserta terdaftar`) is said in the
    header line the rows hang under.
    """
    line_start = text.rfind("\n", 0, number.start) + 1
    line_end = text.find("\n", number.end)
    rest = text[number.end:len(text) if line_end < 0 else line_end]
    if not TABLE_TOTAL.search(text, max(0, line_start - 1), number.start) or len(rest.split()) > 1:
        return None
    for _ in range(MAX_TABLE_ROWS):
        if line_start == 0:
            return None
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous_start:line_start - 1].strip()
        line_start = previous_start
        if line and not TABLE_ROW.search(line):
            return line
    return None


def _share_of_count(analysis: Analysis, number: NumberMatch) -> tuple[str, int] | None:
    """`420 dari 1.380 karyawannya`: the first number is a count of the people the second one counts."""
    text = analysis.text
    link = SHARE_OF.match(text, number.end)
    if not link or number.spelled:
        return None
    whole = find_numbers(text[link.end():link.end() + 40])
    if not whole or whole[0].start != 0:
        return None
    whole_number = replace(whole[0], start=whole[0].start + link.end(), end=whole[0].end + link.end())
    if whole_number.value <= number.value or whole_number.currency:
        return None
    noun = _count_noun(analysis, whole_number)
    return (noun[0], number.end) if noun else None


def _back_referenced_people(analysis: Analysis, number: NumberMatch) -> tuple[str, int] | None:
    """`Tiga di antaranya meninggal`: a small share of the people counted just before it.

    The nearest earlier number (in this sentence or the one before) must itself count people,
    so that `tiga di antaranya` after `12 perusahaan` stays out.
    """
    text = analysis.text
    sent_start, _ = _sentence_span(analysis, number.start)
    window_start = max(0, sent_start - BACK_WINDOW)
    earlier = find_numbers(text[window_start:number.start])
    if not earlier:
        return None
    last = earlier[-1]
    whole = replace(last, start=last.start + window_start, end=last.end + window_start)
    if whole.value <= number.value or not _count_noun(analysis, whole):
        return None
    return "", number.end


def _refers_back_to_things(analysis: Analysis, number: NumberMatch) -> bool:
    """Whether a bare number counts the things named with the nearest count before it.

    In `214 perusahaan ... baru 131 yang patuh` the bare `131` is companies, not workers: the last
    counted noun of the sentence (or the one before) is a company, village or other thing.
    """
    text = analysis.text
    sent_start, _ = _sentence_span(analysis, number.start)
    window_start = _sentence_span(analysis, sent_start - 1)[0] if sent_start else sent_start
    window_start = max(window_start, number.start - THINGS_WINDOW)
    earlier = [n for n in find_numbers(text[window_start:number.start])
               if not (n.currency or n.is_year_like or (n.spelled and n.value < MIN_SPELLED_UNFAMILIAR)
                       or PERCENT_SUFFIX.match(text, window_start + n.end))]
    for last in reversed(earlier):
        noun_start = re.compile(r"\s*").match(text, window_start + last.end).end()
        if phrases_pattern("count_units.txt").match(text, noun_start) or _coordinated_group(text, noun_start):
            return False
        if phrases_pattern("non_person_nouns.txt").match(text, noun_start):
            return True
    return False


def _is_contact_number(left: str, number: NumberMatch) -> bool:
    """`hubungi call center 175`, `layanan 1500 910`: digits after a contact word dial, not count."""
    if number.scaled or number.spelled:
        return False
    head = re.sub(r"[\d\s.-]*$", "", left)
    return bool(re.search(rf"(?:{phrases_pattern('contact_words.txt').pattern})$", head))


def _not_workers(analysis: Analysis, number: NumberMatch) -> bool:
    """`1.200 jiwa mengungsi`, `warga terdampak banjir`, `pemilih pemula tercatat 31.402 orang`:
    evacuees, victims, voters, students and suspects are not worker counts, nor are the recipients
    of aid handed out before them in news and a sentence that name no social security; nor are `N orang` that
    refer back to them (`Dari jumlah mahasiswa itu, 6.900 orang …`)."""
    text = analysis.text
    start, end = _clause_span(analysis, number)
    not_workers = phrases_pattern("not_worker_contexts.txt")
    if not_workers.search(text, start, end):
        return True
    if _receive_other_aid(analysis, number):
        return True
    unit = phrases_pattern("count_units.txt").match(text, re.compile(r"\s*").match(text, number.end).end())
    if not unit or _coordinated_group(text, unit.end()):
        return False
    sent_start, _ = _sentence_span(analysis, number.start)
    last_excluded = [m.end() for m in not_workers.finditer(text, sent_start, start)]
    return bool(last_excluded) and not phrases_pattern("person_nouns.txt").search(text, last_excluded[-1], number.start)


def _receive_other_aid(analysis: Analysis, number: NumberMatch) -> bool:
    """ "bantuan benih jagung bagi 8.400 petani": people aid is handed out to, in news and a sentence
    that name no social security, unless they are named as workers ("bantuan kepada 2.750 pekerja")."""
    text = analysis.text
    sent_start, _ = _sentence_span(analysis, number.start)
    if not phrases_pattern("aid_words.txt").search(text, sent_start, number.start) or about_social_security(analysis) \
            or speaks_of_social_security(analysis, number.start, sentences_before=0):
        return False
    group = _coordinated_group(text, _after_unit(text, number.end))
    return not (group and group[0].split()[0] in WORKER_NOUNS)


def _cue_right_before(left: str) -> bool:
    """Whether a cue that must touch its number ends `left` (`Targetnya 5 ribu`, `tinggal 900`).

    Such a number continues the people of the sentence before it, so their noun may stand there.
    """
    cues = tuple(c for c in _cues("worker_status_cues.csv", "status") if c.side == "before" and c.label != "none")
    return _best_cue(cues, left, "") is not None


def _own_cue(analysis: Analysis, number: NumberMatch, group: str, floor: int) -> Cue | None:
    """The cue governing a count inside its own clause.

    The left context starts after the previous count of the clause (`floor`): in `dari 150 ribu
    angkatan kerja baru 38 ribu pekerja yang terdaftar` the total cue belongs to the first number.
    Conditions earlier in the sentence (`apabila ... terdaftar semua, ... 20 ribu orang`) count too.
    """
    text = analysis.text
    clause_start, clause_end = _clause_span(analysis, number)
    sent_start, _ = _sentence_span(analysis, number.start)
    left_start = max(clause_start, floor)
    return _best_cue(_status_cues(analysis, number), text[left_start:number.start],
                     text[number.end:clause_end], group, sentence_left=text[sent_start:number.start])


def _following_cue(analysis: Analysis, number: NumberMatch, head_only: bool) -> Cue | None:
    """A cue after the number's clause: the predicate of a subject set off by commas.

    `Sisanya, 4.120 buruh, belum terlindungi`: with `head_only` the cue must open the next clause;
    otherwise any cue up to the next number or a contrast (`sedangkan`, `namun`) governs.
    """
    text = analysis.text
    _, clause_end = _clause_span(analysis, number)
    _, sent_end = _sentence_span(analysis, number.start)
    stop = sent_end
    following = [n.start for n in find_numbers(text[clause_end:sent_end])]
    if following:
        stop = clause_end + following[0]
    contrast = CONTRAST.search(text, clause_end, stop)
    if contrast:
        stop = contrast.start()
    rest = text[clause_end:stop]
    if head_only:
        rest = " ".join(re.sub(r"^[\s,;:)\-–—]+", "", rest).split()[:HEAD_WORDS])
    cues = _status_cues(analysis, number)
    return _best_cue(cues, "", rest, before=False, exclude_sides=frozenset({"group", "sentence"}))


def _all_of_them_cue(analysis: Analysis, number: NumberMatch) -> Cue | None:
    """The predicate of `semuanya`/`kini semua` right after a count: it states the status of all of them.

    In `ada 845 perangkat desa dan semuanya sudah terdaftar` the count is protected, whatever
    `ada` says on its own.
    """
    text = analysis.text
    _, clause_end = _clause_span(analysis, number)
    _, sent_end = _sentence_span(analysis, number.start)
    all_of = ALL_OF.match(text, clause_end)
    if not all_of:
        return None
    following = find_numbers(text[all_of.end():sent_end])
    stop = all_of.end() + following[0].start if following else sent_end
    contrast = CONTRAST.search(text, all_of.end(), stop)
    rest = text[all_of.end():contrast.start() if contrast else stop]
    cues = _status_cues(analysis, number)
    return _best_cue(cues, "", rest, before=False, exclude_sides=frozenset({"group", "sentence"}))


def _benefit_in_clause(analysis: Analysis, number: NumberMatch) -> bool:
    """Whether the number's own clause pays it a benefit: laid-off workers who received JKP.

    The clause may run on past commas to its predicate (`2.300 pekerja yang di-PHK, telah
    menerima JKP`) but stops at the neighbouring numbers: in `2.300 pekerja terkena PHK, 1.100
    di antaranya menerima JKP` only the share is paid and the laid-off whole stays `other`.
    """
    clause_start, clause_end = _clause_span(analysis, number)
    others = [n for n in find_numbers(analysis.text[clause_start:clause_end]) if n.start + clause_start != number.start]
    left_start = max([clause_start + n.end for n in others if clause_start + n.end <= number.start],
                     default=clause_start)
    right_end = min([clause_start + n.start for n in others if clause_start + n.start >= number.end],
                    default=clause_end)
    cues = _status_cues(analysis, number)
    cue = _best_cue(cues, analysis.text[left_start:number.start], analysis.text[number.end:right_end],
                    before=False, exclude_sides=frozenset({"group", "sentence", "purpose"}))
    cue = cue if cue and cue.label == "beneficiary" else _following_cue(analysis, number, head_only=True)
    return bool(cue and cue.label == "beneficiary")


def _count_status(analysis: Analysis, number: NumberMatch, group: str, previous: str | None,
                  floor: int) -> tuple[str, bool]:
    """Status of a count and whether a cue decided it (rather than the default).

    Tried in order: a cue in its own clause, the status of the enumeration it continues, a
    predicate opening the next clause, a cue earlier in the sentence, any cue later in it.
    """
    cue = _all_of_them_cue(analysis, number)
    if cue:
        return cue.label, True
    header = _table_header(analysis.text, number)
    cue = _best_cue(_status_cues(analysis, number), header, "", header, before=False,
                    exclude_sides=frozenset({"sentence", "purpose"})) if header else None
    if cue:
        return cue.label, True
    cue = _own_cue(analysis, number, group, floor)
    if cue and cue.label == "other" and cue.side != "group" and _benefit_in_clause(analysis, number):
        return "beneficiary", True
    if cue and cue.label == "target" and _realised_protection(analysis, number):
        return "protected", True
    if cue:
        return cue.label, True
    if previous:
        return previous, True
    cue = _following_cue(analysis, number, head_only=True)
    if cue:
        return cue.label, True
    text = analysis.text
    clause_start, _ = _clause_span(analysis, number)
    sent_start, _ = _sentence_span(analysis, number.start)
    cue = _best_cue(_status_cues(analysis, number), text[sent_start:clause_start], "", "",
                    before=False, exclude_sides=frozenset({"group"}))
    cue = cue or _following_cue(analysis, number, head_only=False)
    if cue:
        return cue.label, True
    # uncued people are members where the text speaks of social security, else just counted
    protected = about_social_security(analysis) or speaks_of_social_security(analysis, number.start, 1)
    return ("protected" if protected else "other"), False


def find_worker_counts(analysis: Analysis) -> list[WorkerCount]:
    """Counts of people with their status and group; the best-cued mention of each value kept."""
    found: list[tuple[WorkerCount, bool]] = []
    last_sentence, last_status, last_end = -1, None, 0
    previous: tuple[NumberMatch, str, int] | None = None
    for number in find_numbers(analysis.text):
        candidate = _is_count_candidate(analysis, number)
        if not candidate:
            continue
        own_group, end = candidate
        people = own_group or _nearest_group_before(analysis, number)
        group = people or DEFAULT_GROUP
        sentence = analysis.sentence_of(number.start)
        listed = ((sentence == last_sentence and not LIST_BREAK.search(analysis.text, last_end, number.start))
                  or (sentence == last_sentence + 1 and _breaks_down(analysis, number)))
        floor = last_end if sentence == last_sentence else 0
        inherited = last_status if listed and not _own_cue(analysis, number, own_group, floor) else None
        status, cued = _count_status(analysis, number, own_group, inherited, floor)
        if previous and _takes_share_of(analysis, number, own_group, floor, end, previous):
            whole, whole_cued = found[-1]
            found[-1] = (replace(whole, status="total"), whole_cued)
        last_sentence, last_status, last_end = sentence, status, end
        count = WorkerCount(int(number.value), status, group, analysis.text[number.start:end], number.start, end)
        if _counts_residents(analysis, number, count, people, cued):
            continue
        found.append((count, cued))
        previous = (number, own_group, floor)
    return _best_of_each_value(found)


def _breaks_down(analysis: Analysis, number: NumberMatch) -> bool:
    """The number's sentence opens by breaking the previous sentence's count down ("Rinciannya, …")."""
    sent_start, _ = _sentence_span(analysis, number.start)
    opener = phrases_pattern("breakdown_words.txt").match(analysis.text, sent_start)
    return bool(opener) and opener.end() <= number.start


def _counts_residents(analysis: Analysis, number: NumberMatch, count: WorkerCount, people: str | None,
                      cued: bool) -> bool:
    """Residents counted as population: "2.340 warga" where its sentence names no social security and
    does not count them as JKN members, or "42.000 orang" with no scheme status and no people named in
    its clause or before it, in an article not about social security either."""
    nouns = _word_set("population_nouns.txt")
    if speaks_of_social_security(analysis, count.start, sentences_before=0):
        return False
    if speaks_of_health_insurance(analysis, count.start) and count.status not in PLAIN_STATUSES:
        return False  # JKN members (ANNOTATION.md scope), not the population they are a share of
    if people:
        return people.split()[0] in nouns
    _, clause_end = _clause_span(analysis, number)
    named_after = phrases_pattern("person_nouns.txt").search(analysis.text, count.end, clause_end)
    has_status = cued and count.status not in PLAIN_STATUSES
    return (count.text.split()[-1].casefold() in nouns and not has_status and not named_after
            and not about_social_security(analysis))


def _realised_protection(analysis: Analysis, number: NumberMatch) -> bool:
    """Whether the count's own predicate says it is already protected: `… untuk 4.500 pekerja yang kini telah dilindungi`.

    A plan or purpose word before the count (`menganggarkan … untuk`) names why the money was set
    aside; `telah`/`sudah` + a protection cue after it states what has happened to those people.
    """
    _, clause_end = _clause_span(analysis, number)
    right = analysis.text[number.end:clause_end]
    realised = DONE.search(right)
    if not realised:
        return False
    protected = tuple(c for c in _cues("worker_status_cues.csv", "status") if c.label == "protected")
    return any(c.pattern.match(right, realised.end()) for c in protected)


def _takes_share_of(analysis: Analysis, number: NumberMatch, group: str, floor: int, end: int,
                    whole: tuple[NumberMatch, str, int]) -> bool:
    """Whether `number` is a cued share of the previous, merely reported count.

    In `tercatat 81.240 pekerja, 20.100 di antaranya sudah terdaftar` the status belongs to the
    share, and the count it refers back to is the whole: `total`.
    """
    whole_number, whole_group, whole_floor = whole
    sent_start, _ = _sentence_span(analysis, number.start)
    leads = LEADING_BACK_REFERENCE.match(analysis.text, sent_start) and whole_number.start < sent_start
    if not (BACK_REFERENCE.match(analysis.text, end) or leads) or whole_number.value <= number.value:
        return False
    if analysis.sentence_of(number.start) - analysis.sentence_of(whole_number.start) > 1:
        return False
    if not _own_cue(analysis, number, group, floor):
        return False
    whole_cue = _own_cue(analysis, whole_number, whole_group, whole_floor)
    return whole_cue is None or any(whole_cue.pattern.fullmatch(w) for w in lexicons.words("reporting_words.txt"))


def _best_of_each_value(found: list[tuple[WorkerCount, bool]]) -> list[WorkerCount]:
    """One entry per value: the first mention whose status a cue decided, else the first."""
    chosen: dict[int, tuple[WorkerCount, bool]] = {}
    for count, cued in found:
        if count.value not in chosen or (cued and not chosen[count.value][1]):
            chosen[count.value] = (count, cued)
    return sorted((c for c, _ in chosen.values()), key=lambda c: c.start)


# ---------------------------------------------------------------- budgets


def _source(sentence: str) -> str | None:
    """A named fund (APBD, APBN, dana desa, CSR …) or else the payer named after a paying verb."""
    for row in lexicons.rows("budget_sources.csv"):
        if _phrase_pattern(row["cue"]).search(sentence):
            return row["source"]
    return _payer(sentence)


def _nearest_source(text: str, start: int, end: int, number: NumberMatch) -> str | None:
    """The fund named in the amount's own clause, nearest to it: `Rp50 juta dari APBDes, … APBN` is APBDes."""
    found = [(min(abs(m.start() - number.end), abs(number.start - m.end())), row["source"])
             for row in lexicons.rows("budget_sources.csv")
             for m in _phrase_pattern(row["cue"]).finditer(text, start, end)]
    return min(found)[1] if found else None


def _payer(sentence: str) -> str | None:
    """`dibiayai Pemkab Lambar` -> `Pemerintah Kabupaten Lampung Barat`; other payers as written."""
    cue = phrases_pattern("budget_payer_cues.txt").search(sentence)
    name = PAYER_NAME.match(sentence, cue.end()) if cue else None
    if not name:
        return None
    words = name.group(0).split()[:MAX_PAYER_WORDS]
    while words and words[-1].islower():
        words.pop()
    payer = " ".join(words)
    for alias, organization in _regional_governments():
        if payer.casefold().startswith(alias.casefold() + " "):
            place = payer[len(alias):].strip()
            kind = organization.split()[-1]
            found = find_regions(Analysis(f"{organization} {place}", [(0, len(organization) + len(place) + 1)], []))
            typed = [r.name for r in found if r.name.startswith(kind + " ")]
            return f"Pemerintah {typed[0]}" if typed else f"{organization} {place}"
    return payer


@lru_cache(maxsize=1)
def _regional_governments() -> list[tuple[str, str]]:
    """(alias, `Pemerintah Kabupaten`…) from the officials' organization table, longest alias first."""
    rows = lexicons.rows("organizations.csv")
    pairs = [(r["alias"], r["organization"]) for r in rows if r["kind"] == "regional"]
    return sorted(pairs, key=lambda p: -len(p[0]))


def _bare_money(analysis: Analysis, number: NumberMatch) -> bool:
    """`santunan kematian 42 juta`: millions right after a money word, or linked to one earlier in
    their clause (`dana desa yang digunakan mencapai 500 juta`), are rupiah without `Rp` unless a
    noun follows them (`2 juta kasus`); billions (`totalnya 219 miliar`, `19 miliar 891 juta`) are
    rupiah unless they count something."""
    text = analysis.text
    if not number.scaled or number.value < MIN_BARE_MONEY or _count_noun(analysis, number):
        return False
    if BILLIONS.search(number.text):
        return True
    if not AMOUNT_FOLLOWERS.match(text, number.end):
        return False  # "klaim mencapai 2 juta kasus" counts cases
    raw = text[max(0, number.start - 40):number.start]
    left = _strip_approximators(raw)
    if MONEY_BEFORE.search(left):
        return True
    clause_start, _ = _clause_span(analysis, number)  # "Dana desa yang digunakan mencapai 500 juta untuk …"
    return bool(AMOUNT_LINK.search(raw, len(left)) and MONEY_WORD.search(text, clause_start, number.start))


def find_budgets(analysis: Analysis) -> list[Budget]:
    """Rupiah amounts with their kind (budget/benefit/contribution/other) and paying source."""
    text = analysis.text
    all_cues = _cues("budget_cues.csv", "kind")
    budgets = []
    for number in find_numbers(text):
        if not (number.currency or _bare_money(analysis, number)) or number.value < 1:
            continue
        cues = _scoped(all_cues, analysis, number.start)
        clause_start, clause_end = _clause_span(analysis, number)
        cue = _best_cue(cues, text[clause_start:number.start], text[number.end:clause_end])
        sent_start, sent_end = _sentence_span(analysis, number.start)
        if cue is None:
            cue = _best_cue(cues, text[sent_start:clause_start], "", before=False)
        if cue is None and sent_start and FUND_BACK_REFERENCE.search(text, sent_start, sent_end):
            previous_start, _ = _sentence_span(analysis, sent_start - 1)
            cue = _best_cue(cues, text[previous_start:sent_start], "", before=False)
        if cue is None and (lead := _list_lead(text, number.start)):
            cue = _best_cue(cues, lead, "", before=False)
        kind = cue.label if cue else "other"
        fee_stated = _fee_is_the_subject(text[clause_start:number.start])
        if fee_stated or FEE_BEFORE.search(text, max(clause_start, number.start - 40), number.start):
            kind = "contribution"  # "Iuran sebesar Rp 16.800 … dari dana hibah": the fee, wherever it is paid from
        if kind == "contribution" and not fee_stated and _bulk_public_allocation(text[clause_start:clause_end], number):
            kind = "budget"
        source = _nearest_source(text, clause_start, clause_end, number) or _source(text[sent_start:sent_end])
        if source is None and kind != "benefit" and FUND_BACK_REFERENCE.search(text, sent_start, sent_end):
            paragraph_start = text.rfind("\n", 0, sent_start) + 1  # benefits are paid by the insurer
            source = _source(text[paragraph_start:sent_start])
        budgets.append(Budget(round(number.value), kind, source,
                              number.text, number.start, number.end))
    return budgets


def _fee_is_the_subject(left: str) -> bool:
    """The clause before an amount makes the fee its subject: `total iuran yang dihimpun dari APBDes
    mencapai`, `Iuran mereka dibayarkan dari APBDes masing-masing desa dengan total`."""
    fee = FEE_SUBJECT.search(left)
    return fee is not None and not FEE_NOT_HEAD.search(left, 0, fee.start()) and not FUND_NAME_BEFORE_LINK.search(left)


def _bulk_public_allocation(clause: str, number: NumberMatch) -> bool:
    """`Rp 12,6 miliar melalui APBD untuk bantuan iuran`: a public fund paying contributions in bulk.

    A per-person iuran (`Rp16.800 per bulan`) is a contribution wherever it is paid from; an amount
    too large to be one person's fee, allocated through APBD/APBN/dana desa, is that fund's budget.
    """
    if number.value < MIN_ALLOCATION:
        return False
    funds = [row["cue"] for row in lexicons.rows("budget_sources.csv")
             if row["source"] in PUBLIC_FUNDS]
    return any(_phrase_pattern(fund).search(clause) for fund in funds)


def _list_lead(text: str, offset: int) -> str | None:
    """The line that introduces the list whose item holds `offset`, or None outside a list.

    `Klaim yang dibayarkan: / 1. JHT: Rp… / - JKM sebesar Rp…`: the items name only the
    program, so the kind of the amounts is said once, in the lead line above them.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    if not LIST_ITEM.match(text, line_start):
        return None
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous_start:line_start - 1]
        line_start = previous_start
        if line.strip() and not LIST_ITEM.match(line):
            return line
    return None


# ---------------------------------------------------------------- percentages


def _describes_composition(analysis: Analysis, start: int, end: int) -> bool:
    """`72 persen (…) merupakan pekerja sektor formal`: how a whole splits into sectors, not coverage.

    A sector word after the share (up to a contrast such as `sedangkan`, or the sentence end) and
    a composition verb (resources/composition_words.txt) in the sentence make the share `other`,
    unless membership words follow it (`100 persen kepesertaan pekerja penerima upah`).
    """
    sent_start, sent_end = _sentence_span(analysis, start)
    contrast = CONTRAST.search(analysis.text, end, sent_end)
    rest = analysis.text[end:contrast.start() if contrast else sent_end]
    sectors = [c for c in _cues("percentage_cues.csv", "subject") if c.label in SECTOR_SUBJECTS]
    verb = phrases_pattern("composition_words.txt")
    return (any(c.pattern.search(rest) for c in sectors) and not phrases_pattern("membership_words.txt").search(rest)
            and bool(verb.search(rest) or verb.search(analysis.text, sent_start, start)))


def _subject_span(text: str, start: int, end: int, number_start: int, number_end: int) -> tuple[int, int]:
    """The clause narrowed to the share's own subject: `sementara`/`adapun` start a new one."""
    before = [m.end() for m in CONTRAST.finditer(text, start, number_start)]
    after = CONTRAST.search(text, number_end, end)
    return (before[-1] if before else start), (after.start() if after else end)


def _subject_before(analysis: Analysis, offset: int) -> Cue | None:
    """A sector named earlier in the sentence, back to the previous share or contrast word.

    `pekerja penerima upah (PU) mencapai 81 persen`: the parenthesis cuts the clause, but the
    subject the share belongs to still runs up to it.
    """
    text = analysis.text
    start, _ = _sentence_span(analysis, offset)
    breaks = [m.end() for m in CONTRAST.finditer(text, start, offset)]
    breaks += [m.end() for m in PERCENT_SUFFIX.finditer(text, start, offset)]
    left = text[max([start, *breaks]):offset]
    sectors = tuple(c for c in _cues("percentage_cues.csv", "subject") if c.label in SECTOR_SUBJECTS)
    return _best_cue(sectors, left, "", before=False)


def _fronted_sector(analysis: Analysis, clause_start: int) -> Cue | None:
    """The sector of a fronted phrase that opens the sentence: `Dari pekerja informal, … 9 persen`.

    Indonesian puts the group a share is taken of first and the share later, in its own clause.
    """
    sent_start, _ = _sentence_span(analysis, clause_start)
    fronted = FRONTED.match(analysis.text, sent_start)
    if not fronted or clause_start <= fronted.end():
        return None
    first_start, first_end = _clauses(analysis.text, sent_start, clause_start)[0]
    sectors = tuple(c for c in _cues("percentage_cues.csv", "subject") if c.label in SECTOR_SUBJECTS)
    return _best_cue(sectors, analysis.text[first_start:first_end], "", before=False)


def _health_insurance_named_last(text: str, start: int, end: int) -> bool:
    """Of the schemes named in text[start:end], the last is the health insurance (JKN, BPJS Kesehatan)."""
    health = [m.end() for m in phrases_pattern("health_insurance_words.txt").finditer(text, start, end)]
    labour = [m.end() for m in phrases_pattern("social_security_words.txt").finditer(text, start, end)
              if m.group(0).casefold() not in GENERIC_SCHEME_WORDS]
    return bool(health) and (not labour or health[-1] > labour[-1])


def _default_subject(analysis: Analysis, offset: int) -> str:
    """An uncued share is coverage only in a sentence about membership or its reach.

    Membership words (`terdaftar`, `peserta`) or a worker status cue of coverage (`tercapai`,
    `angkatan kerja`, `target`) must stand in the sentence, or in the one before when this one
    names no people (`Itu baru 36,4 persen.`): `62 persen di antaranya berangkat tanpa dokumen`
    describes the workers some other way.  A share of the health insurance's members (the scheme its
    sentence names last before it is JKN) is `other`, as ANNOTATION.md has JKN coverage.
    """
    sent_start, sent_end = _sentence_span(analysis, offset)
    if _health_insurance_named_last(analysis.text, sent_start, offset):
        return "other"
    if not phrases_pattern("person_nouns.txt").search(analysis.text, sent_start, sent_end):
        sent_start = _sentence_span(analysis, sent_start - 1)[0] if sent_start else sent_start
    if phrases_pattern("membership_words.txt").search(analysis.text, sent_start, sent_end):
        return "coverage"
    sentence = analysis.text[sent_start:sent_end]
    statuses = tuple(c for c in _cues("worker_status_cues.csv", "status") if c.label in COVERAGE_STATUSES)
    return "coverage" if _best_cue(statuses, sentence, "", sentence, before=False) else "other"


def _continued_subject(analysis: Analysis, number: NumberMatch, found: list[Percentage]) -> str | None:
    """`… terendah di Pesisir Barat 1,9 persen, Way Kanan 19,3 persen. Selanjutnya, Lampung Tengah
    26,4 persen …`: a sentence that continues the list of the one before takes its subject."""
    sent_start, _ = _sentence_span(analysis, number.start)
    if not found or not CONTINUATION.match(analysis.text, sent_start):
        return None
    previous_end = len(analysis.text[:sent_start].rstrip())
    previous_start, _ = _sentence_span(analysis, max(0, previous_end - 1))
    return found[-1].subject if found[-1].start >= previous_start else None


def _same_sentence_subject(analysis: Analysis, number: NumberMatch, clause_start: int,
                           found: list[Percentage]) -> str | None:
    """`Di Sleman baru 32 persen pekerja informal terdaftar, sedangkan di Kota Yogyakarta sudah 45 persen`:
    an uncued share whose clause says nothing but where (`share_list_words.txt`), after another share
    of its sentence, continues it and takes its subject."""
    sent_start, _ = _sentence_span(analysis, number.start)
    if not found or found[-1].start < sent_start or found[-1].end > clause_start:
        return None
    words = re.findall(r"\b[a-z][\w-]*\b", analysis.text[clause_start:number.start])
    return found[-1].subject if set(words) <= _word_set("share_list_words.txt") else None


def find_percentages(analysis: Analysis) -> list[Percentage]:
    """Percentages about coverage or participation; growth, interest, votes and the like left out."""
    text = analysis.text
    cues = _cues("percentage_cues.csv", "subject")
    found = []
    in_domain = about_social_security(analysis)
    for number in find_numbers(text):
        suffix = PERCENT_SUFFIX.match(text, number.end)
        if number.currency or not suffix:
            continue
        clause_start, clause_end = _clause_span(analysis, number)
        clause_start, clause_end = _subject_span(text, clause_start, clause_end, number.start, suffix.end())
        cue = _best_cue(cues, text[clause_start:number.start], text[suffix.end():clause_end])
        cue = cue or _fronted_sector(analysis, clause_start) or _subject_before(analysis, number.start)
        subject = cue.label if cue else _continued_subject(analysis, number, found) or \
            _same_sentence_subject(analysis, number, clause_start, found) or _default_subject(analysis, number.start)
        if subject == "exclude" or not (in_domain or speaks_of_social_security(analysis, number.start, 0)
                                        or speaks_of_health_insurance(analysis, number.start)):
            continue
        if _describes_composition(analysis, number.start, suffix.end()):
            subject = "other"
        found.append(Percentage(round(number.value, 2), subject, text[number.start:suffix.end()],
                                number.start, suffix.end()))
    return found
