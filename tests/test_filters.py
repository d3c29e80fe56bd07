import pandas as pd
import pytest

from dashboard.read.filters import MAX_VALUES, Filters, allowed_values
from dashboard.read.store import prepare_claims
from dashboard.schema import Claims

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
            "14 claims by United States about air support, dated 1 Jun 2025 to 31 Aug 2025",
        ),
        (Filters(), 1, "1 claim"),
        (
            Filters(actor=("France", "United Kingdom"), stance=("opposes",), source=("Bloomberg",)),
            0,
            "0 claims of opposition by France and United Kingdom according to Bloomberg",
        ),
        (
            Filters(actor=("Poland",), stance=("opposes", "calls_for"), topic=("ground_troops",)),
            3,
            "3 claims by Poland that oppose or call for ground troops",
        ),
        (
            Filters(stance=("undecided",), topic=("naval", "coalition_force")),
            1,
            "1 claim that is undecided on naval support or the coalition force",
        ),
        (Filters(q="radar", date_from="2025-06-01"), 2, '2 claims mentioning "radar", dated 1 Jun 2025 or later'),
        (Filters(date_to="2025-08-01"), 2, "2 claims dated 1 Aug 2025 or earlier"),
        (Filters(date_from="2025-06-04", date_to="2025-06-04"), 2, "2 claims dated 4 Jun 2025"),
    ],
)
def test_filters005_describe(filters, n, text):
    assert filters.describe(n) == text


def test_filters005b_every_combination_reads_as_english():
    """The summary sentence for every combination of filters, 0, 1 and many claims: no code, no
    "(s)", no doubled or dangling space or comma, a verb that agrees with the count."""
    import itertools

    choices = {
        "actor": [(), ("Poland",), ("Poland", "Keir Starmer")],
        "affiliation": [(), ("Europe",)],
        "stance": [(), ("supports",), ("conditional", "calls_for", "undecided")],
        "topic": [(), ("air_support",), ("russia_role", "burden_sharing")],
        "source": [(), ("Reuters", "Financial Times")],
        "q": ["", "air_cover"],
        "dates": [(None, None), ("2025-06-01", None), (None, "2025-08-01"), ("2025-06-01", "2025-08-31")],
    }
    seen = 0
    for combo in itertools.product(*choices.values()):
        kw = dict(zip(choices, combo))
        date_from, date_to = kw.pop("dates")
        f = Filters(**kw, date_from=date_from, date_to=date_to)
        for n in (0, 1, 2345):
            text = f.describe(n)
            seen += 1
            words = text.replace(f'"{f.q}"', "")
            assert "_" not in words and "(s)" not in words, text
            assert "  " not in text and " ," not in text and not text.endswith((" ", ",")), text
            assert text.startswith(f"{n:,} claim{'' if n == 1 else 's'}"), text
            if f.stance and f.topic:
                first = {"supports": ("supports", "support"), "conditional": ("conditionally supports", "conditionally support")}
                assert f" that {first[f.stance[0]][0 if n == 1 else 1]}" in text, text
    assert seen == 3 * 2 * 3 * 3 * 2 * 2 * 4 * 3


def test_filters006_filename_says_what_and_how_recent():
    f = Filters(actor=("United States",), topic=("air_support", "air_defense"), date_from="2025-06-01")
    assert (
        f.filename("claims", "2025-08-27")
        == "claims_United-States_air-support+air-defence_from-2025-06-01_articles-to-2025-08-27.csv"
    )
    assert Filters().filename("disagreements", "2025-08-27") == "disagreements_articles-to-2025-08-27.csv"
    assert Filters(stance=("calls_for",), q="no-fly zone").filename("claims", "") == "claims_calls-for_q-no-fly-zone.csv"


def test_filters007_allowed_values_come_from_the_data():
    assert allowed_values(frame())["actor"] == {"United States", "France"}


def test_filters008_from_controls():
    f = Filters.from_controls(["France"], None, [], None, ["supports"], "2025-06-01T00:00:00", None, "  ships ")
    assert f == Filters(actor=("France",), stance=("supports",), date_from="2025-06-01", q="ships")


def test_filters009_officials_include_who_speaks_for_a_chosen_actor(shipped):
    """officials=1: choosing "United States" keeps Trump, Vance and the Pentagon too (their
    affiliation); without it only the claims whose actor is the country itself."""
    allowed = allowed_values(shipped.claims)
    alone, _ = Filters.from_query("?actor=United+States", allowed)
    along, notes = Filters.from_query("?actor=United+States&officials=1", allowed)
    assert notes == [] and along.officials and along.to_query() == "?actor=United+States&officials=1"
    assert set(alone.apply(shipped.claims).actor.astype(str)) == {"United States"}
    assert set(along.apply(shipped.claims).actor.astype(str)) == {"United States", "Donald Trump", "JD Vance", "Pentagon"}
    assert along.describe(22) == "22 claims by United States or those who speak for it"
    assert along.filename("claims", "2025-08-27") == "claims_United-States_with-officials_articles-to-2025-08-27.csv"
    # without an actor the switch means nothing, and says so in no address
    assert Filters.from_query("?officials=1", allowed)[0] == Filters()
    assert Filters.from_query("?actor=France&officials=yes", allowed)[1] == ['ignored officials "yes" (expected 1 or 0)']
    assert Filters.from_controls(["France"], officials=True).officials
    assert not Filters.from_controls(None, officials=True).officials


def test_filters010_each_option_counts_its_claims_under_the_other_filters(shipped):
    claims = shipped.claims
    f = Filters(actor=("United States",), topic=("air_support",))
    counts = f.facet_counts(claims)
    us = claims[claims.actor == "United States"]
    air = claims[claims.topic == "air_support"]
    # a filter in use counts under the others only: its own other values stay comparable
    assert counts["actor"] == {a: int((air.actor == a).sum()) for a in claims.actor.cat.categories}
    assert counts["topic"]["air_support"] == int((us.topic == "air_support").sum()) == 5
    assert counts["topic"]["air_defense"] == int((us.topic == "air_defense").sum())
    assert counts["stance"] == {"supports": 4, "opposes": 1} | {
        s: 0 for s in counts["stance"] if s not in ("supports", "opposes")
    }
    assert sum(Filters().facet_counts(claims)["source"].values()) == len(claims)


def test_filters011_only_reviewed_claims():
    claims = frame()
    claims["method"] = claims["method"].astype(str)
    claims.loc[claims.claim_id == "b", "method"] = "reviewed"
    f, notes = Filters.from_query("?reviewed=1&actor=France", ALLOWED)
    assert notes == [] and f.reviewed and f.to_query() == "?actor=France&reviewed=1"
    assert list(f.apply(claims).claim_id) == ["b"] and list(Filters(reviewed=True).apply(claims).claim_id) == ["b"]
    assert Filters(reviewed=True).describe(1) == "1 reviewed claim"
    assert Filters(reviewed=True, date_to="2025-08-01").describe(3) == "3 reviewed claims dated 1 Aug 2025 or earlier"
    assert Filters(reviewed=True).filename("claims", "2025-08-27") == "claims_reviewed_articles-to-2025-08-27.csv"
    assert Filters.from_query("?reviewed=yes", ALLOWED)[1] == ['ignored reviewed "yes" (expected 1 or 0)']
