import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.pipeline.codebook import lower_same_length
from dashboard.pipeline.extract import numbers
from dashboard.pipeline.extract.numbers import FIGURE, find_figures, may_hold_figure, parse_number


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("fifteen", 15, 15),
        ("30", 30, 30),
        ("thirty-five", 35, 35),
        ("10,000", 10_000, 10_000),
        ("in the single digits", 1, 9),
        ("tens of thousands", 20_000, 99_999),
        ("nearly 15", 13, 14),
        ("around 30", 27, 33),
        ("about 30", 27, 33),
        ("more than 30", 31, None),
        ("at least 37", 37, None),
        ("between 10,000 and 30,000", 10_000, 30_000),
        ("up to 5,000", 1, 5_000),
        # a number of dozens is a number, qualified like one
        ("two dozen", 24, 24),
        ("about two dozen", 22, 26),
        ("nearly a dozen", 11, 11),
        ("half a dozen", 6, 6),
    ],
)
def test_numbers001_figures_as_ranges(text, low, high):
    (fig,) = find_figures(text)
    assert (fig.low, fig.high) == (low, high)


def test_numbers002_no_figures_inside_words():
    assert find_figures("someone said nothing") == []


@pytest.mark.parametrize(
    "words, value", [("two hundred", 200), ("2.5 million", 2_500_000), ("ninety-nine", 99), ("banana", None)]
)
def test_numbers003_parse_number(words, value):
    assert parse_number(words) == value


_FIGURE_TEXT = st.lists(
    st.sampled_from(
        [
            "between",
            "and",
            "to",
            "about",
            "a",
            "handful",
            "single-digit",
            "tens",
            "of",
            "thousands",
            "fifteen",
            "thirty-five",
            "fifteenth",
            "troops",
            "Nearly",
            "DOZENS",
            "2.5",
            "10,000",
            "one",
            "only",
            "x1",
            "_9",
            "Elf",
            "hundreds",
            "over",
            "ninety",
            "-",
            ",",
            ".",
        ]
    ),
    max_size=12,
).map(" ".join) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(text=_FIGURE_TEXT)
def test_numbers004_the_prefilter_never_hides_a_figure(text):
    """A sentence the prefilter rules out has no figure at all (it skips the figure regex on most sentences)."""
    if not may_hold_figure(text):
        assert FIGURE.search(text) is None


@settings(max_examples=400, deadline=None)
@given(text=_FIGURE_TEXT, upper=st.booleans())
def test_numbers005_figures_found_on_lower_cased_text_as_case_insensitively(text, upper):
    """Figures are read with the pattern's letters lower-cased, on lower-cased text (three times
    faster): the same matches, with the same groups, as the case-insensitive pattern."""
    text = text.upper() if upper else text
    want = [(m.span(), {k: v and v.lower() for k, v in m.groupdict().items()}) for m in FIGURE.finditer(text)]
    got = [(m.span(), m.groupdict()) for m in numbers._FIGURE_LOWER.finditer(lower_same_length(text))]
    assert got == want


def test_numbers_or_so_is_about():
    from dashboard.pipeline.extract.numbers import find_figures

    assert [(f.as_written, f.low, f.high) for f in find_figures("a group of 30 or so countries")] == [("30 or so", 27, 33)]
    assert [(f.low, f.high) for f in find_figures("40 or thereabouts")] == [(36, 44)]
