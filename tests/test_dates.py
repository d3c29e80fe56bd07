import datetime as dt

import pytest
from hypothesis import given, settings

from dashboard.pipeline.extract.dates import DATE, MONTHS, WEEKDAYS, find_dates, may_hold_date

from .conftest import salad

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


_DATE_TOKENS = [
    *(name for month in MONTHS for name in (month, month.capitalize(), month.capitalize() + ".", month.upper())),
    *(name for day in WEEKDAYS for name in (day, day.capitalize())),
    *"yesterday today last this earlier month week year in on at the end of mid- mid late early since by 's".split(),
    *("last month", "last week", "last year", "this month", "this week", "earlier this month", "at the end of"),
    "9",
    "21st",
    "2022",
    "1999",
    "٣",  # an Arabic-Indic digit is a digit too
    ",",
    ".",
]


@settings(max_examples=500, deadline=None)
@given(text=salad(_DATE_TOKENS, [" ", "", "\n", ", ", "  "]))
def test_dates003_the_prefilter_never_hides_a_date(text):
    """A sentence the prefilter rules out holds no date phrase (it skips the date regex on most sentences)."""
    if DATE.search(text):
        assert may_hold_date(text), text
    assert not may_hold_date("The talks were held in Paris and will go on.")


def test_dates_an_actors_undated_claim_keeps_the_date_it_was_last_given(extract_rules):
    """Far from the lede, a speaker's later claim with no date of its own keeps the date of the
    speaker's last dated claim."""
    text = (
        "Allies meet in Brussels\n\nDefence ministers of some 50 countries met in Brussels on Thursday.\n\n"
        "The meeting was chaired by Britain.\n\nOfficials discussed aid.\n\n"
        "Italy's Defence Minister Guido Crosetto said on Wednesday that Italy would not send troops to Ukraine.\n\n"
        "The talks ran late.\n\nCrosetto also ruled out sending Italian warships to the Black Sea."
    )
    dates = {(c["actor"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2025-02-13").claims}
    assert dates == {("Guido Crosetto", "ground_troops"): "2025-02-12", ("Guido Crosetto", "naval"): "2025-02-12"}


def test_dates_the_same_day_or_meeting_is_the_last_date_stated(extract_rules):
    text = (
        "Leaders meet in Paris\n\nThe talks opened in Paris.\n\nDelegations arrived from 30 countries.\n\nSecurity was tight.\n\n"
        "French President Emmanuel Macron said on Tuesday that France would send troops to Ukraine.\n\n"
        "At the same meeting, Spain said it would provide training for Ukraine's army."
    )
    dates = {(c["actor"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2026-01-08").claims}
    assert dates[("Spain", "training")] == "2026-01-06" and dates[("Emmanuel Macron", "ground_troops")] == "2026-01-06"


def test_dates_a_person_named_in_a_dated_sentence_without_a_claim_keeps_that_date(extract_rules):
    text = (
        "Allies meet in Brussels\n\nThe talks opened in Brussels.\n\nDelegations arrived from 50 countries.\n\n"
        "Security was tight.\n\nThe agenda was long.\n\n"
        "US Defence Secretary Pete Hegseth addressed the Ukraine Defence Contact Group on Wednesday.\n\n"
        "The meeting ran late.\n\nHegseth said that no American troops would be deployed to Ukraine."
    )
    dates = {(c["actor"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2025-02-13").claims}
    assert dates == {("Pete Hegseth", "ground_troops"): "2025-02-12"}


def test_dates_what_a_dated_speaker_reports_of_others_keeps_the_speakers_date(extract_rules):
    """ "According to Sybiha, the US has confirmed ...": the report of another party's position is dated
    by the occasion the speaker was last dated to."""
    text = (
        "Kyiv wants talks sped up\n\nThe talks resumed in Abu Dhabi.\n\nDelegations arrived.\n\nSecurity was tight.\n\n"
        "Ukrainian Foreign Minister Andrii Sybiha said on Friday that Ukraine would not accept a ceasefire without guarantees.\n\n"
        "The meeting ran late.\n\nAccording to Sybiha, the United States is ready to provide air support to a European force."
    )
    dates = {(c["affiliation"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2026-02-08").claims}
    assert dates[("United States", "air_support")] == "2026-02-06"


def test_dates_the_summit_named_again_is_the_last_date_stated(extract_rules):
    text = (
        "Leaders meet in Paris\n\nThe talks opened in Paris.\n\nDelegations arrived from 30 countries.\n\nSecurity was tight.\n\n"
        "French President Emmanuel Macron said on Tuesday that France would send troops to Ukraine.\n\n"
        "At the summit, Spain said it would provide training for Ukraine's army.\n\n"
        "Spain will hold a summit on trade next month, and at the next summit Portugal said it would send ships."
    )
    dates = {(c["actor"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2026-01-08").claims}
    assert dates[("Spain", "training")] == "2026-01-06"
    assert dates.get(("Portugal", "naval"), "2026-01-08") == "2026-01-08"  # "the next summit" is another occasion


def test_dates_a_date_ending_the_claims_own_clause_dates_it(extract_rules):
    """ "... backed a European force for Ukraine on January 6": the date closes the claim's clause; a date
    in another clause ("..., and the talks resumed on January 2") does not."""
    text = "Allies meet\n\nBritain backed a European force for Ukraine on January 6.\n\nFrance backed training for Ukraine's army, and the talks resumed on January 2."
    dates = {(c["actor"], c["topic"]): c["claim_date"] for c in extract_rules(text, published="2026-01-08").claims}
    assert dates[("United Kingdom", "coalition_force")] == "2026-01-06"
    assert dates[("France", "training")] == "2026-01-08"
