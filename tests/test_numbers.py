import pytest

from dashboard.extract.numbers import find_figures, parse_number


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
