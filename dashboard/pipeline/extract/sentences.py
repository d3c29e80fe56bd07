"""Sentence splitting with character offsets (used by the claim, count and date extractors).

Plain Python on purpose: news copy needs a handful of rules (line breaks end sentences, known
abbreviations such as "U.S." and "Gen." do not, a closing quote stays with its sentence).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# words that end with a period without ending the sentence (compared lower-case, without the dot)
ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col maj sgt capt cmdr adm sen rep gov pres prof rev hon st jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp dept est approx
    e.g i.e u.s u.k u.n e.u u.s.a d.c a.m p.m""".split()
)

# News sentences run to a few hundred characters. Longer runs without a sentence end (a pasted
# table, a page of unpunctuated text) are cut into pieces of at most this size, at a space where
# there is one, so the work per sentence stays bounded and the extractor linear in the text.
MAX_SENTENCE_CHARS = 1_000

# "[.!?]+" written "[.!?][.!?]*": a pattern that begins with a character class is skipped ahead to
# that class by the regex engine; one that begins with a repeat is tried at every character
_BOUNDARY = re.compile(r"[.!?][.!?]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text is ``article[start:end]``; ``index`` counts from 0, the headline is 0."""

    start: int
    end: int
    text: str
    index: int
    is_headline: bool = False


def _is_abbreviation(line: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial ("J." in "J. D.")."""
    word_start = dot
    while word_start > 0 and (line[word_start - 1].isalpha() or line[word_start - 1] == "."):
        word_start -= 1
    word = line[word_start:dot].lower().strip(".")
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1 and line[word_start].isupper():  # an initial
        return True
    return "." in word and all(len(part) <= 2 for part in word.split("."))  # U.S., U.K., e.g.


def _bounded(a: int, b: int, line: str) -> list[tuple[int, int]]:
    """``line[a:b]`` as spans of at most ``MAX_SENTENCE_CHARS``, cut after the last space that fits."""
    spans = []
    while b - a > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", a + 1, a + MAX_SENTENCE_CHARS)
        cut = cut + 1 if cut > a else a + MAX_SENTENCE_CHARS
        spans.append((a, cut))
        a = cut
    spans.append((a, b))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose ``text`` is an exact slice of ``text``.

    A line break always ends a sentence; inside a line a sentence ends at ., ! or ? (with any
    closing quote) followed by space and a capital, digit or opening quote, unless the period
    closes an abbreviation. A sentence longer than ``MAX_SENTENCE_CHARS`` is cut into pieces.
    The first non-empty line is the headline.
    """
    sentences: list[Sentence] = []
    offset = 0
    for raw_line in text.splitlines(keepends=True):
        line = raw_line.rstrip("\r\n")
        cuts = [0]
        for m in _BOUNDARY.finditer(line):
            first_dot = m.start()
            if line[first_dot] == "." and m.end() - m.start() == 1 and _is_abbreviation(line, first_dot):
                continue
            cuts.append(m.end())
        cuts.append(len(line))
        spans = [span for a, b in zip(cuts, cuts[1:]) for span in _bounded(a, b, line)]
        for a, b in spans:
            piece = line[a:b]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = offset + a + lead
            end = start + len(stripped)
            sentences.append(Sentence(start, end, stripped, len(sentences), is_headline=not sentences))
        offset += len(raw_line)
    return sentences


def by_sentence(matches, sentences: list[Sentence]) -> dict[int, list[tuple]]:
    """(start, end, ...) matches over a whole article, each given to the sentence that holds it
    (sentence index -> its matches in the sentence's offsets, in the order given, what follows the
    offsets kept); a match across a sentence's end belongs to none."""
    starts = [s.start for s in sentences]
    out: dict[int, list] = {}
    for match in matches:
        start, end = match[0], match[1]
        at = bisect_right(starts, start) - 1
        if at >= 0 and end <= sentences[at].end:
            out.setdefault(sentences[at].index, []).append((start - starts[at], end - starts[at]) + tuple(match[2:]))
    return out
