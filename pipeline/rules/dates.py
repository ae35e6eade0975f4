"""Event date: the day the reported event took place.

Indonesian news dates the event next to its weekday: `Senin (7/6/2021)`, `Kamis (26/11)`,
`Selasa, 12 November 2024`, or only `di Kendari, Selasa,` in an agency's dateline.  The
candidates are tried strongest first: a bracketed day/month, a weekday with a written month, a
bare written date, a bare weekday, a day counted back ("kemarin": the day before
publication), then a day and month after "pada", "sejak" or "mulai" or before "lalu" ("pada
17 Agustus lalu", "mulai 12 Januari 2026"), which date the event when nothing nearer to it does;
the bare weekday and the day counted back need the publication date.  A missing year comes
from the publication date (the latest such day not after it) or, without one, from the weekday
(the latest year, not after the day the article was collected — `fetched_at`, never the machine's
clock — in which that day falls on it), as ANNOTATION.md prescribes.
A posting time after the date (`Senin, 24 Oktober 2022 | 20:26 WIB`) marks the byline, not the event, and a
photo caption's date (`caption_words.txt`) counts only where the story states none.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .. import lexicons
from ..records import Analysis, EventDate

MAX_YEARS_BACK = 30
CUED_TIERS = (5, 6)  # "pada/sejak/mulai 12 Januari", "17 Agustus lalu"
MAX_CUED_DAYS = 366  # "sejak 1 Juli 2015" in a 2025 story is history, not the reported event
POSTING_TIME_AFTER = re.compile(r"(?:\s+\d{4})?\s*[|,]?\s*\d{1,2}[:.]\d{2}(?!\d)")


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, int]]:
    return {row["word"]: (row["kind"], int(row["value"])) for row in lexicons.rows("date_words.csv")}


def _alternation(kind: str) -> str:
    words = [w for w, (k, _) in _words().items() if k == kind]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> list[re.Pattern[str]]:
    wd, mon = _alternation("weekday"), _alternation("month")
    weekday = rf"(?P<weekday>{wd})(?:\s*-\s*(?:{wd}))?"
    flags = re.IGNORECASE
    return [
        re.compile(rf"(?:\b{weekday}\s*,?\s*)?\(\s*(?P<day>\d{{1,2}})(?:\s*-\s*\d{{1,2}})?\s*/\s*(?P<month>\d{{1,2}})"
                   rf"(?:\s*/\s*(?P<year>\d{{2,4}}))?\s*\)", flags),
        re.compile(rf"\b{weekday}\s*,?\s+(?:tanggal\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{mon})\.?"
                   rf"(?:\s+(?P<year>\d{{4}}))?\b", flags),
        re.compile(rf"(?<!sejak )(?<!hingga )(?<!sampai )(?<!dengan )(?<!per )(?<!mulai )"
                   rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{mon})\s+(?P<year>\d{{4}})\b",
                   flags),
        re.compile(rf"(?:,|\bhari)\s*{weekday}\s*(?=[,.(]|\s+(?:lalu|kemarin|ini|pagi|siang|sore|malam)\b)", flags),
        re.compile(rf"(?<!tahun )(?<!bulan )(?<!pekan )(?<!minggu )\b(?P<ago>{_alternation('days_ago')})\b"
                   rf"(?!\s+lusa)", flags),
        re.compile(rf"\b(?:pada|tanggal|sejak|mulai)\s+(?:tanggal\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{mon})\.?"
                   rf"(?:\s+(?P<year>\d{{4}}))?\b", flags),
        re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{mon})\s+lalu\b", flags),
    ]


def _value(word: str) -> int:
    return _words()[word.casefold()][1]


def infer_date(day: int, month: int, year: int | None, weekday: int | None,
               published: str | None, collected: date | None) -> date | None:
    """The calendar date of a day/month whose year may be missing (ANNOTATION.md rules)."""
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        if published:
            pub = date.fromisoformat(published[:10])
            candidate = date(pub.year, month, day) if _valid(pub.year, month, day) else None
            if candidate and candidate <= pub:
                return candidate
            return date(pub.year - 1, month, day) if _valid(pub.year - 1, month, day) else None
        if weekday is None or collected is None:
            return None
        for year_back in range(collected.year, collected.year - MAX_YEARS_BACK, -1):
            if _valid(year_back, month, day):
                candidate = date(year_back, month, day)
                if candidate <= collected and candidate.weekday() == weekday:
                    return candidate
    except ValueError:
        return None
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _weekday_before(weekday: int, published: str) -> date | None:
    """The latest day with this weekday not after the publication date."""
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)


def _near(day: date, published: str) -> bool:
    """The day lies within a year of publication, as a reported event does."""
    try:
        return abs((date.fromisoformat(published[:10]) - day).days) <= MAX_CUED_DAYS
    except ValueError:
        return True


def _days_before(days: int, published: str) -> date | None:
    """The day a number of days before publication ("kemarin" = 1)."""
    try:
        return date.fromisoformat(published[:10]) - timedelta(days=days)
    except ValueError:
        return None


def _collected(analysis: Analysis) -> date | None:
    """The day the article was collected, from its `fetched_at` (a date or a timestamp)."""
    try:
        return date.fromisoformat(analysis.fetched_at[:10]) if analysis.fetched_at else None
    except ValueError:
        return None


def find_event_date(analysis: Analysis) -> EventDate | None:
    """The first date of the strongest kind that the text states outside photo captions, else in them, or None."""
    return _event_date(analysis, captions=False) or _event_date(analysis, captions=True)


def _in_caption(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return bool(lexicons.phrases_pattern("caption_words.txt").match(text, line_start))


def _event_date(analysis: Analysis, captions: bool) -> EventDate | None:
    text = analysis.text
    for tier, pattern in enumerate(_patterns()):
        for match in pattern.finditer(text):
            if tier in (1, 2, 5, 6) and POSTING_TIME_AFTER.match(text, match.end()):
                continue
            if _in_caption(text, match.start()) != captions:
                continue
            groups = match.groupdict()
            weekday = _value(groups["weekday"]) if groups.get("weekday") else None
            if groups.get("ago"):
                before = re.search(r"(\w+)\s+$", text[:match.start()])
                named = _words().get(before.group(1).casefold()) if before else None
                if not analysis.published:
                    found = None
                elif named and named[0] == "weekday":  # "Senin kemarin": the last Monday
                    found = _weekday_before(named[1], analysis.published)
                else:
                    found = _days_before(_value(groups["ago"]), analysis.published)
            elif tier == 3:
                found = _weekday_before(weekday, analysis.published) if analysis.published else None
            else:
                month_text = groups["month"]
                month = int(month_text) if month_text.isdigit() else _value(month_text.rstrip("."))
                year = int(groups["year"]) if groups.get("year") else None
                found = infer_date(int(groups["day"]), month, year, weekday, analysis.published, _collected(analysis))
            if found and tier in CUED_TIERS and analysis.published and not _near(found, analysis.published):
                continue
            if found:
                return EventDate(found.isoformat(), match.start(), match.end(), match.group(0))
    return None
