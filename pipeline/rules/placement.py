"""Placement: the region a worker count, budget or percentage is about (ANNOTATION.md `region`).

A number is about the region its own noun is placed at ("62 ribu pekerja di Balangan"), else the
region named nearest to it in its own list item or clause ("Kabupaten Nabire sebanyak 5.125 pekerja,
Dogiyai 5.280 pekerja"), else in its sentence (before it first, then after it), else the region the
article is about (the one it names most).  Numbers given `masing-masing` take the regions listed
before them in order.  A regency named together with its province is the regency.  Money is about
the government its sentence names as allocating or paying it ("Pemprov Sumsel menganggarkan …", or a
bare "pemprov" that refers back to the story's own), even where it is spent across several regions
("… untuk seluruh kabupaten/kota"); people are not about the payer of their contributions
("… ditanggung oleh Pemprov Kaltim").

Not evidence: the dateline, the place where a statement was made ("…,” kata Bupati X di Kupang,
Senin") and its occasion ("… usai menerima Paritrana Award Provinsi NTB").  A number has no region
when its clause, or its sentence's opening ("Secara nasional, …"), makes it national or about several
regions together (`not_one_region_cues.txt`), when its nearest region is one of a list named
together ("kepada Aceh, Sumatera Utara, dan Bengkulu"), when it is an amount that states what a
scheme pays or costs anyone (`entitlement_cues.txt`), when its own clause makes it a fine the law
sets or the value of seized goods (`placeless_amount_cues.txt`), or when it is money from the state
budget (APBN) whose sentence names no region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache
from typing import TypeVar

from .. import lexicons
from ..gazetteer import province_of_code
from ..records import Analysis, Budget, Facts, Percentage, RegionMention, WorkerCount
from .regions import is_dateline

SEGMENT_BREAK = re.compile(r",(?!\d)|;|[\"“”]|\s(?:dan|serta|sedangkan|sementara|yaitu|yakni)\s", re.IGNORECASE)
AT = re.compile(r"\bdi\s+(?:(?:Kabupaten|Kota|Provinsi|Kab\.|Kab)\s+)?$", re.IGNORECASE)
AT_RIGHT_AFTER = re.compile(r"\s+(?:yang\s+(?:ada|berada|bekerja|tinggal)\s+)?di\s+(?:wilayah\s+)?"
                            r"(?:(?:Kabupaten|Kota|Provinsi|Kab\.)\s+)?", re.IGNORECASE)
AT_VENUE = re.compile(r"\bdi\s+[^.,;\n]{1,40},\s*$", re.IGNORECASE)
WEEKDAY_AFTER = re.compile(r"\s*,?\s*(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\b", re.IGNORECASE)
NOT_A_SPEAKER = re.compile(r"[,\d]")
SPEAKER_BETWEEN = re.compile(r"\s*(?:(?-i:[A-Z])\S*(?:\s+\S+)*)?\s*", re.IGNORECASE)  # "kata Kepala Cabang X di"
OCCASION = re.compile(r"\b(?:usai|seusai|sesudah|setelah|saat|ketika|sewaktu|dalam acara|pada acara"
                      r"|di sela-sela|disela-sela)\b", re.IGNORECASE)
SCHEME_KINDS = frozenset({"benefit", "contribution"})
CENTRAL_FUNDS = frozenset({"APBN"})  # the central government's money: no region unless its sentence names one
# "… oleh Pemprov Kaltim": the payer of people's contributions, not where those people are.
PAYER_REACH = 80  # characters: "oleh" and up to six words of the payer's name
PAYER_BEFORE = re.compile(r"\boleh\s+(?:[\w()]+\s+){0,6}\(?$", re.IGNORECASE)
GOVERNMENT_ANAPHOR = re.compile(r"\b(pemprov|pemkab|pemkot|pemerintah\s+(?:provinsi|kabupaten|kota))\b"
                                r"(?!\s+(?:(?-i:[A-Z])|\())", re.IGNORECASE)  # no name after it: the story's own
ANAPHOR_LEVELS = {"pemprov": "Provinsi", "provinsi": "Provinsi", "pemkab": "Kabupaten", "kabupaten": "Kabupaten",
                  "pemkot": "Kota", "kota": "Kota"}
FRONTED = re.compile(r"[^,.;\n]{3,30},")  # a short opening phrase and its comma
NAME_WORD_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+$")  # "Kesehatan Nasional": the cue word continues a name
BESIDE = re.compile(r"[\s,()]*(?:Provinsi\s+)?")
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:dan\s+|serta\s+)?|\s(?:dan|serta|&)\s)"
                       r"\s*(?:(?:Kabupaten|Kota|Provinsi|Kab\.)\s+)?")
# Money is about the government that allocates, pays or receives it ("Pemprov Sumsel menganggarkan …").
GOVERNMENT_BEFORE = re.compile(r"\b(?:Pemprov|Pemkab|Pemkot|Pemda"
                               r"|Pemerintah(?:\s+Daerah)?(?:\s+(?:Provinsi|Kabupaten|Kota))?"
                               r"|APBD(?:\s+(?:Perubahan|Provinsi|Kabupaten|Kota))*|Gubernur|Bupati|Wali\s?kota)\s*(?:\(\w+\)\s*)?$")

Placed = TypeVar("Placed", WorkerCount, Budget, Percentage)
RESPECTIVELY = re.compile(r"\bmasing-masing\b", re.IGNORECASE)


def place_numbers(analysis: Analysis, facts: Facts, mentions: list[RegionMention]) -> Facts:
    """The facts with every worker count, budget and percentage given the region it is about,
    from every region mention of the article."""
    evidence = _evidence(analysis, mentions)
    focus = None if _covers_several(analysis, mentions) else _focus(analysis.text, evidence)
    placed = replace(
        facts,
        worker_counts=[_placed(analysis, evidence, focus, n) for n in facts.worker_counts],
        budgets=[_placed(analysis, evidence, None if b.source in CENTRAL_FUNDS else focus, b, b.kind in SCHEME_KINDS,
                         money=True) for b in facts.budgets],
        percentages=[_placed(analysis, evidence, focus, p) for p in facts.percentages],
    )
    return replace(placed, worker_counts=_respectively(analysis, evidence, placed.worker_counts),
                   budgets=_respectively(analysis, evidence, placed.budgets),
                   percentages=_respectively(analysis, evidence, placed.percentages))


def _respectively(analysis: Analysis, evidence: list[RegionMention], numbers: list[Placed]) -> list[Placed]:
    """ "Kabupaten Belu dan Kabupaten Malaka masing-masing 8.200 orang dan 6.700 orang": the numbers
    after `masing-masing` are about the regions listed before it, in order, when they are as many."""
    text, regions_of = analysis.text, {}
    for cue in RESPECTIVELY.finditer(text):
        s0, s1 = analysis.sentences[analysis.sentence_of(cue.start())] if analysis.sentences else (0, len(text))
        listed = list(dict.fromkeys(m.name for m in evidence if s0 <= m.start < cue.start()))
        after = sorted((n for n in numbers if cue.end() <= n.start < s1), key=lambda n: n.start)
        if len(listed) >= 2 and len(after) == len(listed):
            regions_of.update({n.start: name for n, name in zip(after, listed, strict=True)})
    return [replace(n, region=regions_of[n.start]) if n.start in regions_of else n for n in numbers]


def _placed(analysis: Analysis, evidence: list[RegionMention], focus: str | None, number: Placed,
            may_be_scheme: bool = False, money: bool = False) -> Placed:
    if number.start < 0:
        return number
    return replace(number, region=region_of(analysis, evidence, focus, number.start, number.end, may_be_scheme, money))


def region_of(analysis: Analysis, evidence: list[RegionMention], focus: str | None, start: int, end: int,
              may_be_scheme: bool = False, money: bool = False) -> str | None:
    """The region of the number at text[start:end], from the mentions that count as evidence:
    for money the government named in its sentence first; for people not their payer."""
    text = analysis.text
    s0, s1 = analysis.sentences[analysis.sentence_of(start)] if analysis.sentences else (0, len(text))
    seg0, seg1 = _segment(text, s0, s1, start, end)
    if may_be_scheme and lexicons.phrases_pattern("entitlement_cues.txt").search(text, s0, s1):
        return None
    if money and lexicons.phrases_pattern("placeless_amount_cues.txt").search(text, seg0, start):
        return None
    sentence = [m for m in evidence if s0 <= m.start < s1]
    if money and (payer := _government_of(text, evidence, sentence, (s0, s1), (seg0, seg1), start)):
        return payer  # a government's money is its own, spent across its regencies too ("… untuk seluruh kabupaten")
    if _states_no_one_region(text, seg0, seg1) or _fronted_scope(text, s0, seg0):
        return None
    if not money:
        sentence = [m for m in sentence if not PAYER_BEFORE.search(text, max(s0, m.start - PAYER_REACH), m.start)]
    right_after = [m for m in sentence if m.start >= end and AT_RIGHT_AFTER.fullmatch(text, end, m.start)]
    if right_after:  # "62 ribu pekerja di Balangan": the place the number's own noun is at
        chosen = right_after[0]
        return None if _listed_together(text, chosen, sentence) else _most_specific(text, chosen, sentence).name
    for scope in ((seg0, seg1), (s0, s1)):
        nearest = _nearest([m for m in sentence if scope[0] <= m.start < scope[1]], start)
        if nearest:
            return None if _listed_together(text, nearest, sentence) else _most_specific(text, nearest, sentence).name
    return focus


def _government_of(text: str, evidence: list[RegionMention], sentence: list[RegionMention], bounds: tuple[int, int],
                   segment: tuple[int, int], start: int) -> str | None:
    """The region of the government the amount's sentence names as allocating, paying or receiving it:
    a named one, the fund named in the amount's own clause first ("Rp 18 miliar dari APBD DKI"), else a
    bare "pemprov" that refers back to the story's own ("pemprov menyiapkan bantuan keuangan Rp 2 miliar")."""
    s0, _ = bounds
    governments = [m for m in sentence if GOVERNMENT_BEFORE.search(text, max(s0, m.start - 40), m.start)]
    if governments:
        own = [m for m in governments if segment[0] <= m.start < segment[1]]
        return _most_specific(text, _nearest(own or governments, start), sentence).name
    named_here = any(segment[0] <= m.start < segment[1] for m in sentence)
    anaphor = GOVERNMENT_ANAPHOR.search(text, *(segment if named_here else bounds))  # the amount's own clause first
    return _government_meant(anaphor, evidence) if anaphor else None


def _states_no_one_region(text: str, start: int, end: int) -> bool:
    """The clause makes its number national or about several regions ("secara nasional", "seluruh
    kabupaten/kota", "di wilayah Kalimantan"); "Nasional" inside a name ("Jaminan Kesehatan Nasional") does not."""
    return bool(_macro_area().search(text, start, end)) or any(
        not NAME_WORD_BEFORE.search(text, max(0, cue.start() - 40), cue.start()) or cue.group(0).islower()
        for cue in lexicons.phrases_pattern("not_one_region_cues.txt").finditer(text, start, end))


@cache
def _macro_area() -> re.Pattern[str]:
    """An island or macro-area after a lowercase place word, no compass word after it (macro_areas.txt)."""
    names = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(lexicons.words("macro_areas.txt"), key=len,
                                                                          reverse=True))
    compass = "|".join(map(re.escape, lexicons.words("compass_words.txt")))
    return re.compile(rf"(?<![\w-])(?:wilayah\s+|di\s+|pulau\s+|se-)(?i:{names})(?![\w-])(?!\s+(?i:{compass})\b)")


def _fronted_scope(text: str, s0: int, seg0: int) -> bool:
    """The sentence opens on a scope set off by a comma that covers all of it ("Secara nasional, …")."""
    opening = FRONTED.match(text, s0, seg0)
    return bool(opening) and _states_no_one_region(text, s0, opening.end())


def _government_meant(anaphor: re.Match[str], evidence: list[RegionMention]) -> str | None:
    """The region of the article's government that a bare "pemprov"/"pemkab"/"pemkot" refers back to:
    its most-named region of that level."""
    level = ANAPHOR_LEVELS[anaphor.group(1).casefold().split()[-1]]
    named = Counter(m.name for m in evidence if m.name.startswith(level + " "))
    return named.most_common(1)[0][0] if named else None


def _listed_together(text: str, chosen: RegionMention, sentence: list[RegionMention]) -> bool:
    """The mention is one of a list of regions named together ("kepada Aceh, Sumatera Utara, dan
    Bengkulu senilai Rp 5 triliun"): a number about the list is about several regions."""
    listed = [chosen]
    for m in sorted(sentence, key=lambda m: m.start):
        if m.start > listed[-1].end and LIST_JOIN.fullmatch(text, listed[-1].end, m.start):
            listed.append(m)
    for m in sorted(sentence, key=lambda m: -m.start):
        if m.end < listed[0].start and LIST_JOIN.fullmatch(text, m.end, listed[0].start):
            listed.insert(0, m)
    codes = {m.code for m in listed}
    return len(codes) >= 2 and not any(province_of_code(c) in codes for c in codes if len(c) > 2)


def _segment(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The list item or clause of the sentence text[s0:s1] that holds the number text[start:end]."""
    before = [m.end() for m in SEGMENT_BREAK.finditer(text, s0, start)]
    after = SEGMENT_BREAK.search(text, end, s1)
    return (before[-1] if before else s0), (after.start() if after else s1)


def _nearest(mentions: list[RegionMention], offset: int) -> RegionMention | None:
    before = [m for m in mentions if m.start < offset]
    if before:
        return before[-1]
    after = [m for m in mentions if m.start >= offset]
    return after[0] if after else None


def _most_specific(text: str, chosen: RegionMention, sentence: list[RegionMention]) -> RegionMention:
    """A province named right after one of its own regencies stands for the regency ("Kabupaten
    Paser, Kalimantan Timur", "Pemkab Gianyar, Bali menganggarkan …")."""
    if len(chosen.code) != 2:
        return chosen
    anchor = chosen  # back over the province's own abbreviation: "Lombok Timur, Provinsi NTB (NTB)"
    while again := [m for m in sentence if m.code == chosen.code and m.end <= anchor.start
                    and BESIDE.fullmatch(text, m.end, anchor.start)]:
        anchor = again[-1]
    beside = [m for m in sentence if len(m.code) > 2 and m.end <= anchor.start
              and BESIDE.fullmatch(text, m.end, anchor.start) and province_of_code(m.code) == chosen.code]
    return beside[-1] if beside else chosen


def _evidence(analysis: Analysis, mentions: list[RegionMention]) -> list[RegionMention]:
    """The mentions that say what a number is about: not the dateline, not where someone spoke."""
    text = analysis.text
    return [m for m in mentions if not is_dateline(text, m.start, m.end) and not _speech_place(analysis, m)
            and not _circumstance(analysis, m)]


def _after_speech(analysis: Analysis, mention: RegionMention) -> int | None:
    """Where the last speech word before the mention in its sentence ends ("kata", "ujarnya"), if any."""
    text = analysis.text
    s0, _ = analysis.sentences[analysis.sentence_of(mention.start)] if analysis.sentences else (0, 0)
    speech = [m.end() for m in lexicons.phrases_pattern("speech_words.txt").finditer(text, s0, mention.start)]
    return speech[-1] if speech else None


def _speech_place(analysis: Analysis, mention: RegionMention) -> bool:
    """ "…,” kata Bupati X di Kupang, Senin" / "usai rapat di Mataram": where a statement was made."""
    text = analysis.text
    if WEEKDAY_AFTER.match(text, mention.end) and AT_VENUE.search(text, max(0, mention.start - 50), mention.start):
        return True  # "… di Hotel Novotel, Bandar Lampung, Kamis (26/9/2024)"
    at = AT.search(text, max(0, mention.start - 20), mention.start)
    if at is None:
        return False
    if WEEKDAY_AFTER.match(text, mention.end):
        return True
    speech = _after_speech(analysis, mention)
    # only the speaker and their office come between: capitalised, no comma, no figure ("kata Kepala
    # Cabang X di Kupang"); "menjelaskan cakupan JKN di Aceh Utara" says what the words are about
    if speech is None or NOT_A_SPEAKER.search(text, speech, mention.start):
        return False
    return bool(SPEAKER_BETWEEN.fullmatch(text, speech, at.start()))


def _circumstance(analysis: Analysis, mention: RegionMention) -> bool:
    """ "…,” kata Bupati X usai menerima penghargaan Paritrana Award Provinsi NTB": the occasion of a
    statement, after its speaker, is no evidence either."""
    speech = _after_speech(analysis, mention)
    return speech is not None and bool(OCCASION.search(analysis.text, speech, mention.start))


def _covers_several(analysis: Analysis, mentions: list[RegionMention]) -> bool:
    """Whether the article says its office's area takes in several provinces ("Wilayah kerja BPJS
    Ketenagakerjaan Papua meliputi Provinsi Papua, Papua Pegunungan dan Papua Selatan").  A branch
    whose area is several regencies of one province keeps its own region for its figures
    (ANNOTATION.md: a branch's own figure is the branch's region's)."""
    text = analysis.text
    for cue in lexicons.phrases_pattern("coverage_area_cues.txt").finditer(text):
        _, s1 = analysis.sentences[analysis.sentence_of(cue.start())] if analysis.sentences else (0, len(text))
        if len({province_of_code(m.code) for m in mentions if cue.end() <= m.start < s1}) >= 2:
            return True
    return False


def _focus(text: str, evidence: list[RegionMention]) -> str | None:
    """The region the article is about: the one it names most, the earliest on a tie.  A province
    written after one of its regencies only locates it ("Kabupaten Agam, Sumatera Barat") and is not
    counted."""
    if not evidence:
        return None
    counts = Counter(m.code for i, m in enumerate(evidence)
                     if not (i and province_of_code(evidence[i - 1].code) == m.code != evidence[i - 1].code
                             and BESIDE.fullmatch(text, evidence[i - 1].end, m.start)))
    first = {}
    for index, m in enumerate(evidence):
        first.setdefault(m.code, index)
    best = max(counts, key=lambda code: (counts[code], -first[code]))
    return next(m.name for m in evidence if m.code == best)
