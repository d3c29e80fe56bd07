"""The fast cue matcher finds exactly what ``re.IGNORECASE`` finds, its prefilter included."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.codebook import Matcher, Words, required_literals, scan
from dashboard.extract import claims as engine

from .conftest import FIXTURES, ROOT

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] + [
    p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "articles").glob("*.txt"))
]


@pytest.mark.parametrize(
    "body, required",
    [
        ("vetoe?s?\\b", ("veto",)),
        ("air[- ]defen[cs]e\\b", ("defen",)),
        ("(?:contingent|conditional) (?:up)?on\\b", ("con",)),  # the parser factors the common prefix out
        ("(?:russia|moscow)'s role", ("'s role",)),
        ("(?:the )?kremlin", ("kremlin",)),
        ("(?:us|u\\.s\\.) troops", (" troops",)),
        ("troops|forces", ("troops", "forces")),
        ("(?:russia|the kremlin|moscow)\\b", ("russia", "the kremlin", "moscow")),
        ("(russia|moscow) x", ("russia", "moscow")),
        ("(?:a|bcd) x", ()),  # an alternative too short to look for
        ("\\s+on", ()),
    ],
)
def test_matcher001_required_literals(body, required):
    assert required_literals(body) == required


def test_matcher002_same_matches_as_ignorecase_on_real_articles(codebook):
    patterns = [c.pattern for c in codebook.topics] + [s.pattern for s in codebook.stances]
    patterns += [p for _, p in codebook.capabilities]
    assert len(patterns) > 200 and sum(1 for m in patterns if m._required) > 150
    found = 0
    for matcher in patterns:
        slow = re.compile(matcher.pattern, re.IGNORECASE)
        for text in TEXTS + [t.upper() for t in TEXTS]:
            want = [(m.start(), m.end()) for m in slow.finditer(text)]
            assert [(m.start(), m.end()) for m in matcher.finditer(text)] == want, matcher.pattern
            found += len(want)
    assert found > 300


def test_matcher003_search_window():
    m = Matcher("\\bair support\\b")
    text = "No air cover. Then AIR SUPPORT was offered."
    assert m.search(text).start() == 19 and m.search(text, 0, 20) is None
    assert list(Matcher("\\bcontingent upon\\b").finditer(text)) == []


def _plain_union(aliases) -> re.Pattern:
    """The obvious alias pattern the trie replaces: every alias written out, longest first."""
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        escaped = re.escape(alias)
        if alias[0].isalpha() and not (alias.isupper() and len(alias) <= 5) and len(alias) > 1:
            escaped = f"[{alias[0].upper()}{alias[0].lower()}]" + re.escape(alias[1:])
        parts.append(escaped)
    return re.compile(r"(?<![\w.-])(?:" + "|".join(parts) + r")(?![\w-])(?!\.\w)")


def test_matcher008_a_match_the_leading_boundary_rejects_does_not_hide_one_inside_it():
    """The regex runs without its leading \\b, which is checked on each match; a rejected match
    ("but only if" inside "rebut only if") must not hide the real one that starts inside it."""
    text = "They rebut only if asked, xprovided; but only if. Provided"
    patterns = (
        r"\b(?:but\s+)?only\s+if\b|\bprovided\b",  # an article is read whole
        r"\b(?:but )?only if\b|\bprovided\b",  # bounded: an article is read in windows
        r"\b(?:but only if|only if|provided)\b",  # every match begins with one of three strings
    )
    assert [bool(Matcher(p)._windows) for p in patterns] == [False, True, True] and Matcher(patterns[2])._prefixes
    for pattern in patterns:
        m = Matcher(pattern)
        assert [x.group() for x in m.finditer(text)] == ["only if", "but only if", "provided"]
        for read in (text, "Filler words. " * 40 + text):
            want = [x.span() for x in re.finditer(m.pattern, read, re.IGNORECASE)]
            assert [x.span() for x in m.finditer(read)] == want
            assert m.spans(read) == want
            assert m.search(read).span() == want[0]
            regex = re.compile(m.pattern, re.IGNORECASE)
            for a, b in [(1, len(read)), (want[0][0] + 1, len(read)), (0, len(read) - 5), (want[1][0] + 1, len(read) - 9)]:
                found, expected = m.search(read, a, b), regex.search(read, a, b)  # a part of the text
                assert (found and found.span()) == (expected and expected.span()), (pattern, a, b)
    text = "Then the theme: he, she; It_ it1 They"  # "he" inside "the" is no pronoun
    assert [text[a:b] for a, b in engine._PRONOUN.spans(text)] == ["he", "she", "They"]


def test_matcher004_alias_trie_finds_what_the_plain_union_finds(codebook):
    """Actor and outlet aliases are matched through a trie; on real articles (and their lower- and
    upper-cased copies, where case rules matter) it finds the same spans as the written-out union."""
    found = 0
    for regex, aliases in ((codebook.actor_regex, codebook.actor_aliases), (codebook.outlet_regex, codebook.outlets)):
        plain = _plain_union(aliases)
        for text in TEXTS + [t.lower() for t in TEXTS] + [t.upper() for t in TEXTS]:
            want = [(m.start(), m.end()) for m in plain.finditer(text)]
            assert [(m.start(), m.end()) for m in regex.finditer(text)] == want
            found += len(want)
    assert found > 250
    text = "Then the US administration and the U.S. said so"  # the longest alias wins where several fit
    assert [m.group() for m in codebook.actor_regex.finditer(text)] == ["the US administration", "U.S."]


_WORDS = sorted({w for t in TEXTS for w in re.findall(r"[\w'’-]+|[^\w\s]", t)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=90, max_size=120),  # long enough to be read in windows
    gaps=st.lists(st.sampled_from([" ", " ", " ", ", ", "\n", "  ", ""]), min_size=120, max_size=120),
    upper=st.booleans(),
)
def test_matcher005_windowed_scan_finds_what_a_full_scan_finds(codebook, words, gaps, upper):
    """Patterns read only near their required strings; on word salad from real articles (cue words
    packed closely, at the text's edges, repeated) they find exactly what ``re.IGNORECASE`` finds,
    one by one and all together (``scan``)."""
    text = "".join(w + g for w, g in zip(words, gaps))
    text = text.upper() if upper else text
    matchers, every = _all_patterns(codebook), []
    short = text[:300]  # a sentence's length: read whole, after a test for the required strings
    for i, matcher in enumerate(matchers):
        regex = re.compile(matcher.pattern, re.IGNORECASE)
        want = [(m.start(), m.end()) for m in regex.finditer(text)]
        assert [(m.start(), m.end()) for m in matcher.finditer(text)] == want, matcher.pattern
        assert [m.span() for m in matcher.finditer(short)] == [m.span() for m in regex.finditer(short)], matcher.pattern
        every += [(i, a, b) for a, b in want]
    assert scan(matchers, text) == every  # all at once, skipping those whose strings are absent
    for words in [value for value in vars(engine).values() if isinstance(value, Words)]:
        want = [m.span() for m in re.finditer(words.pattern, text, re.IGNORECASE)]
        assert words.spans(text) == want, words.pattern


def _all_patterns(codebook):
    return (
        [c.pattern for c in codebook.topics]
        + [s.pattern for s in codebook.stances]
        + [p for _, p in codebook.capabilities]
        + [codebook.reporting]
        + [value for value in vars(engine).values() if isinstance(value, Matcher)]  # the engine's own
    )


def test_matcher006_one_pass_finds_every_required_string_where_find_does(codebook):
    """The required strings of all matchers are found in one Aho-Corasick pass; in texts with one-,
    two- and four-byte characters before them, every string is found at every position (overlapping
    ones too) that ``str.find`` gives."""
    from dashboard.codebook import _STRINGS, _held

    strings = list(_STRINGS)
    assert len(strings) > 150 and {"commitment", "troops", "said"} <= set(strings)
    for text in [t.lower() for t in TEXTS] + ["é’ “said” 🇺🇦 troops troopsaid; ground troops " * 3]:
        text = "".join(text)  # a new object: nothing remembered
        for sub in strings:
            want, i = [], text.find(sub)
            while i >= 0:
                want.append(i)
                i = text.find(sub, i + 1)
            assert _held(text).get(sub, []) == want, sub


_ALIAS_WORDS = sorted({w for t in TEXTS for w in re.findall(r"[\w'’.-]+|[^\w\s]", t)}) + ["U.S", "US-", "the", "The"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    gaps=st.lists(st.sampled_from([" ", " ", ".", "-", "", "\n", ", "]), min_size=80, max_size=80),
    case=st.sampled_from(["as written", "lower", "upper"]),
)
def test_matcher007_aliases_tried_where_they_begin_match_as_a_full_scan(codebook, data, gaps, case):
    """Actor and outlet aliases are tried only where one begins; on word salad of aliases (the
    longer ones hold shorter ones: "the US administration") and words from real articles, glued to
    dots, hyphens and each other, that finds exactly what the regex's own scan finds."""
    aliases = sorted({*codebook.actor_aliases, *codebook.outlets})
    words = data.draw(st.lists(st.sampled_from(aliases) | st.sampled_from(_ALIAS_WORDS), min_size=20, max_size=80))
    text = "".join(w + g for w, g in zip(words, gaps))
    text = {"as written": text, "lower": text.lower(), "upper": text.upper()}[case]
    for pattern in (codebook.actor_regex, codebook.outlet_regex):
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.regex.finditer(text)]


# The engine's fast forms of plain patterns, each against the plain pattern it replaces.
_PLAIN_CLAUSE_BREAKS = re.compile(
    r";\s|:\s|\s[-–—]\s|,\s+but\s+|\s+but\s+(?!also\b)|,\s+while\s+|,\s+whereas\s+|"
    r",\s+although\s+|,\s+though\s+|,\s+(?=(?:stating|saying|adding|arguing|emphasi[sz]ing|insisting|noting|"
    r"warning|calling|aligning|responding|citing|claiming|stressing)\b)|,\s+and\s+(?=(?:he|she|it|they|officials|"
    r"sources|some|many|most|the|[A-Z]))|,\s+and\s+(?=(?:has|have|had|is|was|will|would|instead|later)\s)"
)
_PIECES = [
    " ",
    "  ",
    "\t",
    ",",
    ";",
    ":",
    "-",
    "—",
    "but",
    "also",
    "x",
    "and",
    "He",
    "has",
    "saying",
    "not",
    "n't",
    "never",
    "yet",
]
_PIECES += [".", "!", "?", "”", ")", "U", "S", "A", "3", "٣", "é"]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=16))
def test_matcher009_fast_forms_find_what_the_plain_patterns_find(pieces):
    """Clause breaks found at their dash or "but" and moved back over the whitespace before (where an
    earlier break has not taken it: "; but"), a digit looked for as ten substrings, the sentence end
    written to start with a class, "not" tested for before the regex: each finds what the plain
    pattern finds, on text packed with the characters that tell them apart."""
    from dashboard.extract.numbers import has_digit
    from dashboard.extract.sentences import _BOUNDARY

    text = "".join(pieces)
    assert engine._clause_breaks(text) == [m.span() for m in _PLAIN_CLAUSE_BREAKS.finditer(text)]
    assert has_digit(text) == (re.search(r"\d", text) is not None)
    plain_end = r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])"
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in re.finditer(plain_end, text)]
    for start in range(len(text) + 1):  # the regex alone, over the twelve characters before, as before
        plain = engine._NEGATED_BEFORE.search(text, max(0, start - 12), start) is not None
        assert engine._negated_before(text, start) == plain


def test_matcher010_clause_breaks_named_cases():
    assert engine._clause_breaks("a; but b") == [(1, 3)]  # the space before "but" belongs to "; "
    assert engine._clause_breaks("a;  but b") == [(1, 3), (3, 8)]
    assert engine._clause_breaks("a - but b") == [(1, 4)]
    assert engine._clause_breaks("a but also b, but c") == [(12, 18)]
    assert engine._clause_breaks("a\t but b") == [(1, 7)]  # from the first whitespace


def test_matcher011_a_matcher_built_later_is_answered_for_texts_read_before():
    """Short texts remember which required strings they hold; a matcher whose strings are new makes
    them be read again, so it is not told its strings are absent."""
    text = "The zyxwvut accord and the qponml pact."
    assert Matcher(r"\bcoalition of the willing\b|\bforce\b|\bguarantees?\b").search(text) is None  # reads the text
    assert Matcher(r"\bzyxwvut accord\b|\bqponml pact\b|\bvwxyzq\b").search(text).start() == 4


def test_matcher012_every_cue_pattern_is_read_near_its_strings(codebook):
    """A cue pattern of unbounded width ("\\w+", "\\s+") with no fixed prefix is read over the whole
    article by the regex engine (one such pattern cost 8 % of the engine); each is bounded instead."""
    patterns = [c.pattern for c in codebook.topics] + [s.pattern for s in codebook.stances]
    patterns += [p for _, p in codebook.capabilities] + [codebook.reporting]
    whole = [m.pattern for m in patterns if not m._prefixes and not m._windows]
    assert whole == []
