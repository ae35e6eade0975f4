"""One Indonesian number reader for every rule that needs a quantity.

Indonesian writes `32.268` for thirty-two thousand, `1,4 juta` for 1.4 million, `Rp1,6 miliar`
for money and spells small numbers out (`dua puluh ribu`).  Every rule module reads numbers here
so that they all agree on `1.500` vs `1,5`.  The number words are data
(`resources/number_words.csv`: word, value, role).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicons


@dataclass(frozen=True)
class NumberMatch:
    """A number found in text: its span, value and how it was written."""

    start: int
    end: int
    value: float
    text: str
    currency: bool = False  # written as money (`Rp…`, `… rupiah`)
    scaled: bool = False  # carries a scale word (`ribu`, `juta`, `miliar` …)
    spelled: bool = False  # written in words (`dua puluh`)
    plain_digits: bool = False  # bare digits without separators (`2025`, `1000`)

    @property
    def is_year_like(self) -> bool:
        """A bare 4-digit number in the range of years (`2021`), which is rarely a quantity."""
        return self.plain_digits and not self.currency and 1900 <= self.value <= 2100


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[float, str]]:
    """word -> (value, role) from resources/number_words.csv (`setengah` is 0.5)."""
    return {row["word"].casefold(): (float(row["value"]), row["role"]) for row in lexicons.rows("number_words.csv")}


@lru_cache(maxsize=1)
def currency_scales() -> dict[str, int]:
    """abbreviation -> value from resources/currency_scales.csv (`M` after `Rp` is miliar)."""
    return {row["abbreviation"]: int(row["value"]) for row in lexicons.rows("currency_scales.csv")}


def _scale_words() -> list[str]:
    return [w for w, (_, role) in number_words().items() if role == "scale" and not w.startswith("se")]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    scales = _alternation(_scale_words())
    words = _alternation(list(number_words()))
    letters = _alternation(list(currency_scales()))
    digits = r"\d+(?:[.,]\d+)*"
    return re.compile(
        rf"(?P<cur>\bRp\s*\.?\s*)?"
        rf"(?:(?P<digits>{digits})(?P<scale>(?:\s*(?:{scales})\b)+)?(?(cur)(?P<letter>\s*(?-i:{letters})\b)?)"
        rf"(?P<about>-?an\b)?"
        rf"|(?P<words>\b(?:{words})(?:[\s-]+(?:{words}))*\b))"
        rf"(?P<rupiah>,-|\s*,\s*-)?(?P<suffix>\s+rupiah\b)?",
        re.IGNORECASE,
    )


def parse_numeral(digits: str, scaled: bool = False) -> float | None:
    """Value of a digit string in Indonesian notation (dots group thousands, comma is decimal).

    `32.268` -> 32268, `1,4` -> 1.4, `1.5` -> 1.5 (a dot before fewer than three digits is
    decimal), `51,495` without a scale word -> 51495 (a comma before exactly three digits
    groups thousands, as English-style sources write).
    """
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", digits):
        return None
    if "." in digits and "," in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        whole, _, frac = digits.rpartition(decimal)
        if whole.count(decimal):
            return None
        return float(whole.replace(grouping, "") + "." + frac)
    separator = "." if "." in digits else "," if "," in digits else ""
    if not separator:
        return float(digits)
    head, *groups = digits.split(separator)
    if all(len(g) == 3 for g in groups) and (separator == "." or len(groups) > 1 or not scaled):
        return float(head + "".join(groups))
    if len(groups) == 1:
        return float(f"{head}.{groups[0]}")
    return None


def parse_words(text: str) -> float | None:
    """Value of spelled-out Indonesian (`dua puluh ribu` -> 20000, `seratus` -> 100)."""
    table = number_words()
    total = group = pending = 0.0
    seen = False
    for token in re.split(r"[\s-]+", text.casefold().strip()):
        if token not in table:
            return None
        value, role = table[token]
        if role in ("unit", "fraction"):
            group, pending = group + pending, value
        elif role == "belas":
            group, pending = group + 10 + pending, 0
        elif role in ("puluh", "ratus"):
            if not pending:
                return None
            group, pending = group + pending * value, 0
        elif role == "scale":
            total += (group + pending or 1) * value
            group = pending = 0
        seen = True
    return float(total + group + pending) if seen else None


def _scale_factor(scale_text: str) -> int:
    factor = 1
    for word in scale_text.split():
        factor *= number_words()[word.casefold()][0]
    return factor


def parse_number(text: str) -> float | None:
    """Value of one number phrase: `62 ribu`, `Rp 1.500.000`, `1,4 juta`, `sembilan`."""
    match = _pattern().fullmatch(text.strip())
    if not match:
        return None
    number = _from_match(match, 0)
    return number.value if number else None


def _from_match(match: re.Match[str], offset: int) -> NumberMatch | None:
    currency = bool(match.group("cur") or match.group("suffix"))
    if match.group("words"):
        words = match.group("words")
        first = words.split()[0].casefold()
        if number_words()[first][1] in ("belas", "puluh", "ratus") or first in _scale_words():
            return None
        value = parse_words(words)
        scaled = any(number_words()[w.casefold()][1] == "scale" for w in re.split(r"[\s-]+", words))
        spelled = True
    else:
        scale, letter = match.group("scale"), match.group("letter")
        value = parse_numeral(match.group("digits"), scaled=bool(scale or letter))
        if value is not None and scale:
            value *= _scale_factor(scale)
        if value is not None and letter:
            value *= currency_scales()[letter.strip()]
        if value is not None and (scale or letter):
            value = round(value, 2)
        scaled, spelled = bool(scale or letter), False
    if value is None:
        return None
    text = match.group(0)
    trimmed = text.rstrip(",- ")
    plain = bool(match.group("digits")) and match.group("digits").isdigit() and not scaled
    return NumberMatch(offset + match.start(), offset + match.start() + len(trimmed), value, trimmed,
                       currency, scaled, spelled, plain)


def _touches_date_or_code(text: str, start: int, end: int, currency: bool) -> bool:
    """Digits glued to `/`, a digit-hyphen range, a letter or a clock time are not quantities."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if (before.isalpha() and not currency) or after.isalpha():
        return True
    if before in "/:" or after in "/:":
        return True
    if before == "-" and start > 1 and text[start - 2].isdigit():
        return True
    return after == "-" and end + 1 < len(text) and text[end + 1].isdigit()


RANGE_LINK = r"(?:[-–—]|sampai(?:\s+dengan)?|hingga|s\.d\.?|s/d)"


@lru_cache(maxsize=1)
def _range_pattern() -> re.Pattern[str]:
    """`Rp 80-90 miliar`, `Rp10–50 juta`, `Rp 5 sampai 7 miliar`: a money range whose scale word
    follows its upper end only."""
    digits = r"\d+(?:[.,]\d+)*"
    return re.compile(rf"\bRp\s*\.?\s*(?P<low>{digits})\s*{RANGE_LINK}\s*(?P<high>{digits})(?P<scale>(?:\s*(?:{_alternation(_scale_words())})\b)+)",
                      re.IGNORECASE)


def _money_ranges(text: str) -> list[NumberMatch]:
    """Both ends of every money range, each spanning the whole range (ANNOTATION.md: a range gives both ends)."""
    found = []
    for match in _range_pattern().finditer(text):
        factor = _scale_factor(match.group("scale"))
        for end in ("low", "high"):
            value = parse_numeral(match.group(end), scaled=True)
            if value is not None:
                found.append(NumberMatch(match.start(), match.end(), round(value * factor, 2), match.group(0),
                                         currency=True, scaled=True))
    return found


def _compounded(numbers: list[NumberMatch], text: str) -> list[NumberMatch]:
    """`19 miliar 891 juta`, `Rp 1 miliar 250 juta`: a scaled number followed by a smaller scaled one
    is one amount."""
    merged: list[NumberMatch] = []
    for number in numbers:
        last = merged[-1] if merged else None
        if (last and last.scaled and number.scaled and not text[last.end:number.start].strip()
                and _magnitude(number) < _magnitude(last) and last.value % 10 ** (_magnitude(last)) == 0):
            merged[-1] = NumberMatch(last.start, number.end, last.value + number.value, text[last.start:number.end],
                                     last.currency or number.currency, True, last.spelled and number.spelled, False)
            continue
        merged.append(number)
    return merged


def _magnitude(number: NumberMatch) -> int:
    """The power of ten of a scaled number's scale word (`891 juta` -> 6)."""
    scale = re.findall(r"[^\W\d_]+", number.text.casefold())
    factor = _scale_factor(" ".join(w for w in scale if w in number_words() and number_words()[w][1] == "scale"))
    return len(str(int(factor))) - 1


def _inside_a_name(text: str, number: NumberMatch) -> bool:
    """A capitalised number word continuing a capitalised name (`Kepulauan Seribu`) is part of it."""
    if not number.spelled or not number.text[:1].isupper():
        return False
    before = re.search(r"([^\W\d_]+)[ \t]+$", text[:number.start])
    return bool(before and before.group(1)[:1].isupper())


@lru_cache(maxsize=256)
def find_numbers(text: str) -> tuple[NumberMatch, ...]:
    """Every number in a text, money included, left to right; dates, times, codes and number
    words inside names left out; money ranges give both ends; `19 miliar 891 juta` is one number.
    Cached: each quantity rule reads the numbers of the same article and of the same clauses."""
    ranges = _money_ranges(text)
    found = [n for n in _compounded(_plain_numbers(text), text)
             if not any(r.start <= n.start and n.end <= r.end for r in ranges)] + ranges
    return tuple(sorted(found, key=lambda n: (n.start, n.value)))


TIME_ZONE_AFTER = re.compile(r"\s*(?:WIB|WITA|WIT)\b")
CLOCK_WORD_END = re.compile(r"\bpukul\Z")


def _after_clock_word(text: str, start: int) -> bool:
    """`pukul` ends the text before `start`, whitespace aside (a time of day); read in place, not
    from a copy of all the text before."""
    end = start
    while end and text[end - 1].isspace():
        end -= 1
    return CLOCK_WORD_END.match(text, max(0, end - len("pukul")), end) is not None


def _plain_numbers(text: str) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    for match in _pattern().finditer(text):
        number = _from_match(match, 0)
        if number is None:
            continue
        core_start = match.start("digits") if match.group("digits") else match.start("words")
        core_end = (max(match.end(g) for g in ("digits", "scale", "letter", "about")) if match.group("digits")
                    else match.end("words"))
        if match.group("digits") and _touches_date_or_code(text, core_start, core_end, bool(match.group("cur"))):
            continue
        if TIME_ZONE_AFTER.match(text, number.end) or _after_clock_word(text, number.start):
            continue
        if _inside_a_name(text, number):
            continue
        found.append(number)
    return found
