import pytest

from dashboard.pipeline.extract.counts import find_counts


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Of the 30 members of the coalition, which also includes Canada, fifteen have offered their forces.",
            [("coalition_members", 30, 30), ("countries_offering_forces", 15, 15)],
        ),
        (
            "Nevertheless, the number of countries that have firmly committed to sending troops is in the single digits.",
            [("countries_committed_troops", 1, 9)],
        ),
        (
            "The offer is contingent upon European countries committing tens of thousands of troops.",
            [("troops_required", 20_000, 99_999)],
        ),
        (
            "At least 37 countries have been involved in the talks, and 15 of them are reportedly ready to contribute troops.",
            [("countries_involved", 37, None), ("countries_offering_forces", 15, 15)],
        ),
        ("The force could number between 10,000 and 30,000 troops, according to the sources.", [("force_size", 10_000, 30_000)]),
        ("The summit was attended by representatives of 35 countries.", [("countries_attending", 35, 35)]),
        ("Nearly 15 nations have offered to send troops.", [("countries_offering_forces", 13, 14)]),
        ("About two dozen countries have joined the coalition of the willing.", [("coalition_members", 22, 26)]),
        ("Defence ministers from more than 20 countries met in London.", [("countries_attending", 21, None)]),
        ("Between 10 and 20 countries are expected to take part, officials said.", [("countries_involved", 10, 20)]),
        ("Officials said about 30 countries had joined talks on the force.", [("countries_involved", 27, 33)]),
        ("Nearly 40 countries have taken part in planning meetings.", [("countries_involved", 36, 39)]),
        ("Estimates of the force's size range between 10,000 and 30,000 troops.", [("force_size", 10_000, 30_000)]),
        ("Fewer than 10 countries have so far indicated they would send troops.", [("countries_offering_forces", 1, 9)]),
        (
            "More than a dozen countries have said they are ready to contribute to the force.",
            [("countries_offering_forces", 13, None)],
        ),
        ("Twenty-six countries have formally committed to deploying troops.", [("countries_committed_troops", 26, 26)]),
        # one party's offer of troops is a figure the press reports too
        ("Canada pledged to contribute up to 500 soldiers.", [("troops_offered", 1, 500)]),
        ("Estonia is prepared to send several hundred soldiers.", [("troops_offered", 200, 999)]),
        ("Officials say the force would number between 10,000 and 30,000, the AP reported.", [("force_size", 10_000, 30_000)]),
        ("Allied countries have together offered some 20,000 troops.", [("troops_offered", 18_000, 22_000)]),
        # not coalition figures
        ("The plan would cap the size of its army at 600,000 troops.", []),
        ("The 28-point plan was drawn up two days after the summit on Aug. 15, 2025.", []),
        ("Lavrov has served as foreign minister since 2004.", []),
    ],
)
def test_counts001_reported_totals(sentence, expected):
    assert [(r.metric, r.figure.low, r.figure.high) for r in find_counts(sentence)] == expected
