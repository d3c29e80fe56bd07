import datetime as dt

import pandas as pd
import pytest

from dashboard.filters import MAX_VALUES, Filters, allowed_values
from dashboard.schema import Claims
from dashboard.store import prepare_claims

ALLOWED = {
    "actor": {"France", "United Kingdom", "United States"},
    "affiliation": {"France", "United States"},
    "topic": {"air_support", "naval"},
    "source": {"Bloomberg"},
    "stance": {"supports", "opposes"},
}


def test_filters001_query_round_trip():
    f, notes = Filters.from_query(
        "?actor=France&actor=United+Kingdom&topic=air_support&from=2025-06-01&to=2025-08-31&q=air+cover", ALLOWED
    )
    assert notes == []
    assert f == Filters(
        actor=("France", "United Kingdom"), topic=("air_support",), date_from="2025-06-01", date_to="2025-08-31", q="air cover"
    )
    assert f.to_query() == "?actor=France&actor=United+Kingdom&topic=air_support&from=2025-06-01&to=2025-08-31&q=air+cover"
    assert Filters.from_query(f.to_query(), ALLOWED)[0] == f


@pytest.mark.parametrize(
    "query, note",
    [
        ("?actor=Atlantis", 'ignored unknown actor "Atlantis"'),
        ("?colour=red", 'ignored unknown parameter "colour"'),
        ("?from=June", 'ignored from "June" (expected YYYY-MM-DD)'),
        ("?to=2025-02-30", 'ignored to "2025-02-30" (expected YYYY-MM-DD)'),
        ("?actor=" + "x" * 300, "ignored an overlong actor value (300 characters)"),
    ],
)
def test_filters002_unknown_values_are_ignored_with_a_note(query, note):
    f, notes = Filters.from_query(query, ALLOWED)
    assert f == Filters() and notes == [note]


def test_filters003_thousands_of_parameters_are_capped():
    f, notes = Filters.from_query("&".join(["actor=France"] * 5000), ALLOWED)
    assert f.actor == ("France",) and any("beyond the first" in n for n in notes)
    assert MAX_VALUES == 50


def frame():
    return prepare_claims(
        pd.DataFrame(
            [
                {
                    Claims.CLAIM_ID: "a",
                    Claims.ARTICLE_ID: "x",
                    Claims.PUBLISHED: "2025-06-04",
                    Claims.CLAIM_DATE: "2025-06-04",
                    Claims.DATE_PRECISION: "day",
                    Claims.PUBLISHER: "UNN",
                    Claims.SOURCE: "Bloomberg",
                    Claims.ACTOR: "United States",
                    Claims.ACTOR_TYPE: "country",
                    Claims.AFFILIATION: "United States",
                    Claims.TOPIC: "air_support",
                    Claims.STANCE: "opposes",
                    Claims.QUOTE: "refuses air cover",
                    Claims.CHAR_START: "0",
                    Claims.CHAR_END: "5",
                    Claims.METHOD: "rule",
                },
                {
                    Claims.CLAIM_ID: "b",
                    Claims.ARTICLE_ID: "y",
                    Claims.PUBLISHED: "2025-08-27",
                    Claims.CLAIM_DATE: "2025-04",
                    Claims.DATE_PRECISION: "month",
                    Claims.PUBLISHER: "Gaya One",
                    Claims.SOURCE: "Financial Times",
                    Claims.ACTOR: "France",
                    Claims.ACTOR_TYPE: "country",
                    Claims.AFFILIATION: "France",
                    Claims.TOPIC: "naval",
                    Claims.STANCE: "supports",
                    Claims.QUOTE: "France offers ships",
                    Claims.CHAR_START: "0",
                    Claims.CHAR_END: "5",
                    Claims.METHOD: "rule",
                },
            ]
        )
    )


@pytest.mark.parametrize(
    "filters, ids",
    [
        (Filters(), ["a", "b"]),
        (Filters(actor=("France",)), ["b"]),
        (Filters(topic=("air_support",), stance=("opposes",)), ["a"]),
        (Filters(date_from="2025-05-01"), ["a"]),  # a month date counts as its 15th
        (Filters(date_to="2025-04-30"), ["b"]),
        (Filters(q="AIR COVER"), ["a"]),
        (Filters(source=("Reuters",)), []),
    ],
)
def test_filters004_apply(filters, ids):
    assert list(filters.apply(frame())[Claims.CLAIM_ID]) == ids


@pytest.mark.parametrize(
    "filters, n, text",
    [
        (
            Filters(actor=("United States",), topic=("air_support",), date_from="2025-06-01", date_to="2025-08-31"),
            14,
            "14 claims by United States about air_support, Jun 2025 to Aug 2025",
        ),
        (Filters(), 1, "1 claim"),
        (
            Filters(actor=("France", "United Kingdom"), stance=("opposes",), source=("Bloomberg",)),
            0,
            "0 claims by France and United Kingdom that opposes according to Bloomberg",
        ),
        (Filters(q="radar", date_from="2025-06-01"), 2, '2 claims mentioning "radar", from Jun 2025'),
    ],
)
def test_filters005_describe(filters, n, text):
    assert filters.describe(n) == text


def test_filters006_filename_says_what_and_when():
    f = Filters(actor=("United States",), topic=("air_support", "air_defense"), date_from="2025-06-01")
    assert (
        f.filename("claims", dt.date(2026, 11, 21))
        == "claims_actor-United-States_topic-air_support+air_defense_from-2025-06-01_2026-11-21.csv"
    )
    assert Filters().filename("disagreements", dt.date(2026, 11, 21)) == "disagreements_2026-11-21.csv"


def test_filters007_allowed_values_come_from_the_data():
    assert allowed_values(frame())["actor"] == {"United States", "France"}


def test_filters008_from_controls():
    f = Filters.from_controls(["France"], None, [], None, ["supports"], "2025-06-01T00:00:00", None, "  ships ")
    assert f == Filters(actor=("France",), stance=("supports",), date_from="2025-06-01", q="ships")
