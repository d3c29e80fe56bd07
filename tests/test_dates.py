import datetime as dt

import pytest

from dashboard.extract.dates import find_dates

PUB = dt.date(2025, 6, 4)  # a Wednesday


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("Bloomberg reported in April.", "2025-04", "month"),
        ("said on Tuesday", "2025-06-03", "day"),
        ("said on Wednesday", "2025-06-04", "day"),
        ("reported on April 9", "2025-04-09", "day"),
        ("in September", "2024-09", "month"),  # a later month than publication is last year's
        ("last month", "2025-05", "month"),
        ("yesterday", "2025-06-03", "day"),
        ("in 2022", "2022", "year"),
        ("on Aug. 15", "2024-08-15", "day"),
    ],
)
def test_dates001_resolved_against_publication(text, value, precision):
    (d,) = find_dates(text, PUB)
    assert (d.value, d.precision) == (value, precision)


def test_dates002_background_dates_are_not_claim_dates():
    assert find_dates("has led the alliance since October 2024", PUB) == []
