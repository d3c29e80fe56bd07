"""Figures as written in news copy, read as (low, high) ranges (used by the counts extractor).

An exact figure is a range of one value; an approximate one never becomes a made-up point:
"single digits" is 1-9, "tens of thousands" 20,000-99,999, "around 30" 27-33, "nearly 15" 13-14,
"more than 30" is 31 with no upper bound, "at least 37" is 37 with no upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.pipeline.codebook import Words, lower_literals, lower_same_length

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

# vague magnitudes: the codebook's ranges
VAGUE = {
    "single digits": (1, 9),
    "single-digit": (1, 9),
    "single digit": (1, 9),
    "double digits": (10, 99),
    "double-digit": (10, 99),
    "a handful": (2, 5),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "several hundred": (200, 999),
    "several thousand": (2_000, 9_999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "a dozen": (12, 12),
    "half a dozen": (6, 6),
    "two dozen": (24, 24),
    "three dozen": (36, 36),
}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a", "and"], key=len, reverse=True))
_WORD_NUMBER = rf"(?:{'|'.join(sorted([*_UNITS, *_TENS], key=len, reverse=True))})(?:[- ](?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
NUMBER = rf"(?:{_DIGITS})(?:\s(?:thousand|million))?|{_WORD_NUMBER}"
_VAGUE = "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))

_FIGURE_PATTERN = rf"""(?x)
    (?<![\w.,-])(?:
    (?P<between>between\s(?P<b1>{NUMBER})\s(?:and|to)\s(?P<b2>{NUMBER}))
  | (?P<range>(?P<r1>{_DIGITS})\s?(?:-|–|to)\s?(?P<r2>{_DIGITS})(?!-))
  | (?:(?P<qual>nearly|almost|just\sunder|fewer\sthan|less\sthan|under|about|around|roughly|some|
        approximately|an\sestimated|more\sthan|over|upwards\sof|at\sleast|no\sfewer\sthan|
        up\sto|as\smany\sas)\s)?
    (?:(?P<vague>{_VAGUE})|(?P<num>{NUMBER}))(?P<odd>-odd|-plus|\sor\sso|\sor\sthereabouts)?
    )(?![\w])
    """
FIGURE = re.compile(_FIGURE_PATTERN, re.IGNORECASE)
# the same pattern with its letters lower-cased, run on lower-cased text: same matches, three
# times faster than the case-insensitive scan
_FIGURE_LOWER = re.compile(lower_literals(_FIGURE_PATTERN))


@dataclass(frozen=True)
class Figure:
    """A figure found in text: ``text[start:end] == as_written``; ``high`` None means open-ended."""

    start: int
    end: int
    as_written: str
    low: int
    high: int | None


_DIGITS_AND_SCALE = re.compile(r"(\d+(?:\.\d+)?)(?:\s(thousand|million))?")
_WORD_BREAKS = re.compile(r"[\s-]+")


def parse_number(words: str) -> int | None:
    """Read "15", "10,000", "2.5 million", "fifteen", "thirty-five", "two hundred" as an int."""
    w = words.strip().lower().replace(",", "")
    m = _DIGITS_AND_SCALE.fullmatch(w)
    if m:
        return int(round(float(m.group(1)) * _SCALES.get(m.group(2) or "", 1)))
    total = current = 0
    seen = False
    for token in _WORD_BREAKS.split(w):
        if token in ("and", "a"):
            continue
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token in _SCALES:
            scale = _SCALES[token]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _qualified(qual: str, n: int) -> tuple[int, int | None]:
    q = " ".join(qual.lower().split())
    if q in ("nearly", "almost", "just under"):
        return n - max(1, round(n * 0.1)), n - 1
    if q in ("fewer than", "less than", "under"):
        return 1, n - 1
    if q in ("about", "around", "roughly", "some", "approximately", "an estimated"):
        return round(n * 0.9), round(n * 1.1)
    if q in ("more than", "over", "upwards of"):
        return n + 1, None
    if q in ("at least", "no fewer than"):
        return n, None
    if q in ("up to", "as many as"):
        return 1, n
    return n, n


# every figure holds a digit or one of these whole words (a number word, or a vague figure's last word)
_FIGURE_WORDS = frozenset([*_UNITS, *_TENS, *(v.replace("-", " ").split()[-1] for v in VAGUE)])
_DIGIT = re.compile(r"\d")
_FIGURE_WORD = Words(sorted(_FIGURE_WORDS))  # whole words, as FIGURE reads them


def may_hold_figure(text: str) -> bool:
    """False when ``text`` has no digit and none of the words every figure holds (most sentences)."""
    return has_digit(text) or bool(_FIGURE_WORD.spans(text))


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit, as ``re``'s ``\\d`` finds one. The ten ASCII digits are looked
    for as substrings (each a fast byte scan, where ``\\d`` asks Unicode about every character); a
    text with characters beyond ASCII is then also read with ``\\d``, for the digits of other scripts."""
    for digit in "0123456789":
        if digit in text:
            return True
    return not text.isascii() and _DIGIT.search(text) is not None


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` with its range; numbers that are not counts are left to the caller."""
    if not may_hold_figure(text):
        return []
    figures = []
    for m in _FIGURE_LOWER.finditer(lower_same_length(text)):
        if m.group("between"):
            low, high = parse_number(m.group("b1")), parse_number(m.group("b2"))
        elif m.group("range"):
            low, high = parse_number(m.group("r1")), parse_number(m.group("r2"))
        elif m.group("vague"):
            low, high = VAGUE[m.group("vague").lower()]
            if m.group("qual") and low == high:  # "about two dozen": a number in words, qualified as one
                low, high = _qualified(m.group("qual"), low)
            elif m.group("qual"):
                q = m.group("qual").lower()
                low, high = (low, None) if q in ("more than", "over", "at least") else (low, high)
        else:
            n = parse_number(m.group("num"))
            if n is None:
                continue
            low, high = _qualified(m.group("qual") or "", n)
            odd = (m.group("odd") or "").lower()
            if odd and low == high:  # "30-odd" is 31 to 39, "30-plus" more than 30, "30 or so" about 30
                if odd.split()[0] == "or":
                    low, high = _qualified("about", n)
                else:
                    low, high = (n + 1, n + 9) if odd == "-odd" else (n + 1, None)
        if low is None or (high is not None and high < low):
            continue
        start, end = m.start(), m.end()
        figures.append(Figure(start, end, text[start:end], int(low), None if high is None else int(high)))
    return figures
