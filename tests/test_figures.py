import re

import pandas as pd
import plotly.graph_objects as go

from dashboard.read import figures
from dashboard.read.filters import Filters
from dashboard.read.store import prepare_claims
from dashboard.schema import Claims


def test_figures001_timeline_points_colour_symbol_and_click_ids(shipped):
    claims = Filters(actor=("United States",), topic=("air_support",)).apply(shipped.claims)
    fig = go.Figure(figures.timeline_figure(claims))
    points = [t for t in fig.data if t.customdata is not None]
    assert sum(len(t.x) for t in points) == len(claims) == 5
    assert {t.name for t in points} == {"supports", "opposes"}
    opposes = next(t for t in points if t.name == "opposes")
    assert opposes.marker.color == figures.STANCE_COLOURS["opposes"]
    assert set(opposes.y) == {"United States"} and opposes.customdata[0][3] == "Bloomberg"
    assert {t.name for t in fig.data if t.legendgroup == "sources"} == {"Bloomberg", "Gaya One"}


def test_figures002_timeline_by_source(shipped):
    claims = Filters(topic=("air_defense",)).apply(shipped.claims)
    fig = go.Figure(figures.timeline_figure(claims, by="source"))
    assert set(fig.layout.yaxis.categoryarray) == {"Bloomberg", "Financial Times", "Gaya One"}


def test_figures003_empty_selection_says_why(shipped):
    fig = go.Figure(figures.timeline_figure(shipped.claims.iloc[0:0], empty_reason="No claims match these filters."))
    assert fig.layout.annotations[0].text == "No claims match these filters." and len(fig.data) == 0


def test_figures004_totals_drawn_as_ranges(shipped):
    fig = go.Figure(figures.counts_figure(shipped.counts))
    committed = next(t for t in fig.data if t.name == "countries committed to send troops")
    assert list(committed.y) == [5.0] and list(committed.error_y.array) == [4.0] and list(committed.error_y.arrayminus) == [4.0]
    # the range is drawn as its bar, labelled with the report's words; no dot at a midpoint nobody reported
    assert committed.text == (" “single digits”",) and committed.marker.symbol == ("line-ew",)
    assert committed.customdata[0][3] == "1–9"
    troops = next(t for t in fig.data if t.name == "troops required")
    assert troops.xaxis == "x2" and troops.text == (" “tens of thousands”",) and troops.customdata[0][3] == "20,000–99,999"
    members = next(t for t in fig.data if t.name == "coalition members")
    assert members.marker.symbol == ("circle",) and members.text == ("",) and members.customdata[0][3] == "30"
    # the legend says what each mark drawn means, and only those
    assert [t.name for t in fig.data if t.legendgroup == "kinds"] == ["an exact figure", "an approximate figure: its range"]


def test_figures005_contributions_by_status(shipped):
    fig = go.Figure(figures.contributions_figure(shipped.contributions))
    refused = next(t for t in fig.data if t.name == "refused")
    assert "United States" in set(refused.y) and "air defence" in set(refused.x)
    assert refused.marker.color == figures.STATUS_COLOURS["refused"]


def _plotly_js_keys(spec: dict, obj, where: str) -> list[str]:
    """Keys of ``spec`` that plotly.js would not read: unknown ones, and plotly.py's "magic underscore"
    shorthand (``legendgrouptitle_text``), which ``go.Figure`` accepts but plotly.js ignores."""
    wrong = []
    for key, value in spec.items():
        if key == "template":
            continue
        try:
            child = obj[re.sub(r"^([xy]axis)\d+$", r"\1", key)]  # xaxis2 is read as an xaxis
        except (KeyError, ValueError):
            wrong.append(f"{where}.{key}")
            continue
        if "_" in key and key not in obj._valid_props:
            wrong.append(f"{where}.{key}")
        elif isinstance(value, dict) and hasattr(child, "_valid_props"):
            wrong += _plotly_js_keys(value, child, f"{where}.{key}")
    return wrong


def test_figures006_written_in_plotly_js_names(shipped):
    """Figures are plain dicts sent to plotly.js as they are: every key must be one plotly.js reads."""
    figs = [
        figures.timeline_figure(shipped.claims),
        figures.timeline_figure(shipped.claims, max_points=5),  # the aggregated form
        figures.timeline_figure(shipped.claims, by="source"),
        figures.contributions_figure(shipped.contributions),
        figures.counts_figure(shipped.counts),
        figures.empty_figure("nothing"),
    ]
    wrong = []
    for fig in figs:
        for i, trace in enumerate(fig["data"]):
            wrong += _plotly_js_keys(trace, go.Scatter(), f"data[{i}]")
        wrong += _plotly_js_keys(fig["layout"], go.Layout(), "layout")
    assert wrong == []
    sources = [t for t in figs[0]["data"] if t.get("legendgroup") == "sources"]
    assert sources[0]["legendgrouptitle"] == {"text": "Source"}


def test_figures007_margins_fit_labels_and_legend(shipped):
    from dashboard.read import margins

    # a legend's height is its tallest column: the sources under their title
    assert margins.legend_height([(None, ["supports"]), ("Source", ["Bloomberg", "Financial Times", "Gaya One"])]) == 4 * 20 + 20
    # columns that pass the width wrap into a second band
    assert margins.legend_height([(None, ["x" * 60]), (None, ["y" * 60])], width=600) == 2 * 20 + 20
    assert margins.text_width("Mmmm") > margins.text_width("iiii") * 2
    fig = figures.timeline_figure(shipped.claims)
    labels = fig["layout"]["yaxis"]["categoryarray"]
    longest = max(labels, key=margins.text_width)
    # every actor is labelled with its affiliation, and the longest label sets the margin
    assert len(labels) == shipped.claims["actor"].nunique()
    assert fig["layout"]["margin"]["l"] >= margins.text_width(longest) > 200
    # a title ("Showing ... counted by month") gets its own room above the legend
    aggregated = figures.timeline_figure(shipped.claims, max_points=5)
    assert "title" in aggregated["layout"]
    assert not any(t.get("legendgroup") == "sources" for t in aggregated["data"])  # one row of stances
    assert aggregated["layout"]["margin"]["t"] >= margins.TITLE_HIGH + 1 * 20 + 20


def _claims(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Typed claims from (actor, affiliation, stance, claim_date)."""
    frame = pd.DataFrame(
        [
            {**dict.fromkeys(Claims.COLUMNS, "x"), Claims.CLAIM_ID: f"c{i}", Claims.ACTOR: actor, Claims.AFFILIATION: aff}
            | {Claims.STANCE: stance, Claims.CLAIM_DATE: day, Claims.CHAR_START: "0", Claims.CHAR_END: "1"}
            for i, (actor, aff, stance, day) in enumerate(rows)
        ]
    )
    return prepare_claims(frame)


def test_figures008_aggregated_timeline_counts_each_claim_once_in_its_period():
    """Eleven actors over fifty months make too many monthly dots: the timeline counts by quarter. The
    two claims of Rubio opposing in April and June 2024 are one dot of 2, drawn mid-quarter."""
    actors = [f"Actor {i}" for i in range(10)]
    rows = [(a, "Nowhere", "supports", f"2021-{1 + i % 12:02d}-10") for i, a in enumerate(actors)]
    rows += [(a, "Nowhere", "undecided", "2025-02-10") for a in actors]
    rows += [("Marco Rubio", "United States", "opposes", day) for day in ("2024-04-03", "2024-06-30", "2024-07-01")]
    fig = figures.timeline_figure(_claims(rows), max_points=5)

    assert "counted by quarter" in fig["layout"]["title"]["text"]
    dots = [
        (t["name"], y, x, n[0])
        for t in fig["data"]
        if t.get("showlegend") is False
        for y, x, n in zip(t["y"], t["x"], t["customdata"].tolist())
    ]
    assert sum(n for *_, n in dots) == len(rows) == 23
    rubio = [d for d in dots if d[1] == "Marco Rubio (United States)"]
    # mid-quarter (45 days in), opposes drawn 12 days left of the middle: 2024-04-01 + 33 days
    assert rubio == [
        ("opposes", "Marco Rubio (United States)", "2024-05-04T00:00:00", 2),
        ("opposes", "Marco Rubio (United States)", "2024-08-03T00:00:00", 1),
    ]
    assert ("supports", "Actor 3 (Nowhere)", "2021-04-22T00:00:00", 1) in dots  # April 2021: Q2, supports 24 days left
    # the top row: affiliation "Nowhere" comes before "United States"
    assert fig["layout"]["yaxis"]["categoryarray"][-1] == "Actor 0 (Nowhere)"


def test_figures_narrow_timeline_names_rows_above_their_lines(shipped):
    wide = go.Figure(figures.timeline_figure(shipped.claims))
    narrow = go.Figure(figures.timeline_figure(shipped.claims, narrow=True))
    rows = list(wide.layout.yaxis.categoryarray)
    assert narrow.layout.yaxis.showticklabels is False and narrow.layout.margin.l == 8 and wide.layout.margin.l > 100
    assert [a.text for a in narrow.layout.annotations] == list(reversed(rows))
    assert {a.y for a in narrow.layout.annotations} == set(rows) and {a.yshift for a in narrow.layout.annotations} == {15}
    assert sum(len(t.x) for t in narrow.data if t.customdata is not None) == len(shipped.claims)


def test_figures_the_chosen_claim_is_ringed_on_its_dot(shipped):
    claim = shipped.claims.iloc[3]
    fig = go.Figure(figures.timeline_figure(shipped.claims, chosen=claim.claim_id))
    (ring,) = [t for t in fig.data if t.name == "chosen claim"]
    dot = next(t for t in fig.data if t.customdata is not None and claim.claim_id in [c[0] for c in t.customdata])
    i = [c[0] for c in dot.customdata].index(claim.claim_id)
    assert (ring.x[0], ring.y[0]) == (dot.x[i], dot.y[i]) and ring.marker.symbol == "circle-open"
    assert not [t for t in go.Figure(figures.timeline_figure(shipped.claims, chosen="nope")).data if t.name == "chosen claim"]
