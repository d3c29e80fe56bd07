"""The fast cue matcher finds exactly what ``re.IGNORECASE`` finds, its prefilter included."""

from __future__ import annotations

import re

import pytest

from dashboard.codebook import Matcher, required_literals

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
