"""Plotly figures from frames (no dash import; used by the callbacks and their tests).

Colours are the Okabe-Ito palette, which stays distinct for colour-blind readers.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.io as pio

from dashboard.read import labels, margins
from dashboard.read.derive import when
from dashboard.schema import STANCES, STATUSES, Claims, Contributions, Counts

STANCE_COLOURS = {
    "supports": "#009E73",
    "opposes": "#D55E00",
    "conditional": "#E69F00",
    "calls_for": "#0072B2",
    "undecided": "#777777",
}
STATUS_COLOURS = {
    "offered": "#56B4E9",
    "committed": "#009E73",
    "conditional": "#E69F00",
    "refused": "#D55E00",
    "sought": "#CC79A7",
}
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "x",
    "star",
    "hexagon",
    "pentagon",
    "triangle-down",
    "hourglass",
    "bowtie",
)
TROOP_METRICS = ("troops_required", "troops_offered", "force_size")
_LAYOUT = dict(
    margin=dict(l=10, r=10, t=40, b=10),
    font=dict(size=13),
    legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
)


@lru_cache(maxsize=1)
def _template() -> dict:
    return pio.templates["plotly_white"].to_plotly_json()


def figure(traces: list[dict], **layout) -> dict:
    """A figure as the plain dict ``dcc.Graph`` takes, from trace and layout dicts written to
    plotly.js's schema: no ``go.Figure`` is built, so nothing is validated or copied (a figure
    costs a few milliseconds less to make and to serialise). ``go.Figure(fig)`` reads one in tests."""
    return {"data": traces, "layout": {"template": _template(), **_LAYOUT, **layout}}


def _margin(l: float = 10, r: float = 10, t: float = 40, b: float = 10) -> dict:  # noqa: E741 (plotly's name)
    return dict(l=math.ceil(l), r=math.ceil(r), t=math.ceil(t), b=math.ceil(b))


def _legend_groups(traces: list[dict]) -> list[tuple[str | None, list[str]]]:
    """The legend's columns as plotly.js lays a horizontal legend out: a group's entries stacked
    under its title ("" for a group without one), a trace without a group on its own (title None)."""
    groups: dict[str, tuple[str | None, list[str]]] = {}
    for i, t in enumerate(traces):
        if t.get("showlegend") is False:
            continue
        key = t.get("legendgroup") or f"#{i}"
        title = (t.get("legendgrouptitle") or {}).get("text") or ("" if t.get("legendgroup") else None)
        groups.setdefault(key, (title, []))[1].append(str(t.get("name", "")))
    return list(groups.values())


def padded_range(dates: pd.Series, days: int = 20) -> list[str] | None:
    """An x range around ``dates`` with room on both sides, so one date does not zoom to seconds."""
    dates = pd.to_datetime(dates).dropna()
    if dates.empty:
        return None
    pad = pd.Timedelta(days=days)
    return [(dates.min() - pad).isoformat(), (dates.max() + pad).isoformat()]


def empty_figure(message: str) -> dict:
    """A figure that says why it is empty instead of showing blank axes."""
    return figure(
        [],
        height=220,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        annotations=[dict(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=15))],
    )


MAX_POINTS = 1000  # more claims than this are drawn as monthly counts
MAX_FIGURES = 300  # reported totals drawn at most (the latest)
MAX_ROWS = 40  # more actors (or sources) than this: the busiest are drawn, and the chart says so


def _codes(column: pd.Series) -> tuple[np.ndarray, list]:
    """A column's categorical codes (int64) and categories; a missing value counts as "" (the store
    reads labels as text, so it has none)."""
    cat = column.astype("category").cat
    if (cat.codes < 0).any():
        cat = column.astype(object).fillna("").astype(str).astype("category").cat
    return cat.codes.to_numpy(np.int64), cat.categories.tolist()


def _rows(claims: pd.DataFrame, by: str) -> pd.Series:
    """The y value of each claim: its source, or "Actor (Affiliation)", as a categorical whose
    categories follow the actors' order. Labels are made per actor, and on categorical codes: a
    million claims make no million strings. An actor seen with several affiliations is labelled
    with the last of them to appear."""
    if by == "source":
        return claims[Claims.SOURCE].astype("category").cat.remove_unused_categories()
    actor, actors = _codes(claims[Claims.ACTOR])
    aff, affiliations = _codes(claims[Claims.AFFILIATION])
    label = {}
    for pair in pd.unique(actor * len(affiliations) + aff):  # distinct pairs, in order of appearance
        a, f = divmod(int(pair), len(affiliations))
        label[a] = labels.actor(str(actors[a]), str(affiliations[f]))
    used = np.flatnonzero(np.bincount(actor, minlength=len(actors)))
    position = {name: i for i, name in enumerate(dict.fromkeys(label[a] for a in used))}  # one label, one row
    remap = np.zeros(len(actors), dtype=np.int64)
    remap[used] = [position[label[a]] for a in used]
    names = list(position)
    return pd.Series(pd.Categorical.from_codes(remap[actor], categories=names), index=claims.index, name=Claims.ACTOR)


def _row_order(claims: pd.DataFrame, rows: pd.Series, by: str) -> list[str]:
    """The rows top to bottom: sources in alphabetical order; actors by affiliation, then name (each
    row's affiliation and actor as at its first claim)."""
    present, first = np.unique(rows.cat.codes.to_numpy(), return_index=True)
    present, first = present[present >= 0], first[present >= 0]  # a claim without a source has no row
    categories = rows.cat.categories.tolist()
    names = [str(categories[c]) for c in present]
    if by == "source":
        return sorted(names)
    (aff, affiliations), (actor, actors) = _codes(claims[Claims.AFFILIATION]), _codes(claims[Claims.ACTOR])
    key = [(str(affiliations[aff[i]]), str(actors[actor[i]])) for i in first]
    return [names[i] for i in sorted(range(len(names)), key=key.__getitem__)]


def timeline_figure(
    claims: pd.DataFrame,
    by: str = "actor",
    empty_reason: str = "No claims match these filters.",
    max_points: int = MAX_POINTS,
    max_rows: int = MAX_ROWS,
    narrow: bool = False,
    chosen: str = "",
) -> dict:
    """Positions over time: x the claim date, y the actor (grouped by affiliation) or the source,
    colour the stance, marker symbol the source. ``customdata`` holds the claim id for clicks.

    Large selections stay readable and light: beyond ``max_rows`` rows only the busiest are drawn,
    beyond ``max_points`` claims each dot is a month's count; the chart's title says which.

    ``chosen`` is a claim to ring (the one whose sentence is open). ``narrow`` lays it out for a phone: each row's name written above its line, across the whole
    width, instead of in a left margin that would leave the dates a strip of 80 px."""
    if claims.empty:
        return empty_figure(empty_reason)
    rows = _rows(claims, by)
    notes = []
    counts = rows.value_counts()
    counts = counts[counts > 0]  # a categorical counts the labels it does not use as well
    if len(counts) > max_rows:
        busiest = set(counts.index[:max_rows])
        keep = rows.isin(busiest).to_numpy()
        notes.append(f"the {max_rows} {'sources' if by == 'source' else 'actors'} with most claims of {len(counts):,}")
        if counts.iloc[:max_rows].sum() > max_points:  # to be counted: only what the count and the rows read
            claims = claims[[Claims.ACTOR, Claims.AFFILIATION, Claims.STANCE, "when"]]
        claims, rows = claims[keep], rows[keep].cat.remove_unused_categories()
    order = _row_order(claims, rows, by)
    if len(claims) > max_points:
        traces, period = _aggregated_timeline(claims, rows)
        notes.append(f"{len(claims):,} claims counted by {period} (narrow the filters to see single claims)")
    else:
        traces = _point_timeline(claims, rows, chosen)
    row_high = 48 if narrow else 34
    height = max(320, 60 + row_high * len(order))
    top = margins.legend_above(_legend_groups(traces), height) + (margins.TITLE_HIGH if notes else 0)
    layout = dict(
        height=height,
        margin=_margin(
            l=8 if narrow else margins.widest(order) + margins.TICK_PAD,
            t=top,
            b=margins.TICKS_HIGH + margins.YEAR_LINE + margins.TITLE_HIGH,
        ),
        clickmode="event",
        yaxis=dict(
            type="category",
            categoryorder="array",
            categoryarray=list(reversed(order)),
            title=None,
            showticklabels=not narrow,
            range=[-0.6, len(order) - 0.2] if narrow else None,
        ),
        xaxis=dict(title=dict(text="Claim date"), type="date", range=padded_range(claims["when"]), nticks=4 if narrow else None),
    )
    if narrow:
        layout["annotations"] = [
            dict(
                text=name,
                x=0,
                xref="paper",
                y=name,
                yref="y",
                yshift=15,
                xanchor="left",
                showarrow=False,
                font=dict(size=12, color="#333"),
                bgcolor="rgba(255,255,255,0.8)",
            )
            for name in order
        ]
        layout["legend"] = dict(orientation="h", yanchor="bottom", y=1.02, x=0, font=dict(size=12))
    if notes:
        layout["title"] = dict(text="Showing " + "; ".join(notes), font=dict(size=13), x=0, y=0.995)
    return figure(traces, **layout)


def _stance_legend(traces: list[dict], stance: str) -> None:
    traces.append(
        dict(
            type="scatter",  # legend entry: a plain circle in the stance colour
            x=[None],
            y=[None],
            mode="markers",
            name=labels.stance(stance),
            legendgroup=stance,
            marker=dict(color=STANCE_COLOURS[stance], size=11, symbol="circle"),
            hoverinfo="skip",
        )
    )


def _point_timeline(claims: pd.DataFrame, rows: pd.Series, chosen: str = "") -> list[dict]:
    # at most MAX_POINTS rows: plain arrays once, then numpy masks (pandas per-trace selections and
    # casts of categorical and arrow columns cost more than the whole figure)
    col = {
        c: np.array(claims[c].astype(str).tolist(), dtype=object)
        for c in (Claims.CLAIM_ID, Claims.TOPIC, Claims.SOURCE, Claims.CLAIM_DATE, Claims.STANCE, Claims.QUOTE)
    }
    row = np.array(rows.astype(str).tolist(), dtype=object)
    actors = np.array(_rows(claims, "actor").tolist(), dtype=object)
    topics = np.array([labels.topic(t) for t in col[Claims.TOPIC]], dtype=object)
    day = claims["when"].to_numpy(dtype="datetime64[s]")
    x_all = side_by_side(day, rows.cat.codes.to_numpy(np.int64), col[Claims.STANCE])
    sources = sorted(set(col[Claims.SOURCE]))
    symbol = {s: SYMBOLS[i % len(SYMBOLS)] for i, s in enumerate(sources)}
    traces: list[dict] = []
    for stance in STANCES:
        pick = col[Claims.STANCE] == stance
        if not pick.any():
            continue
        _stance_legend(traces, stance)
        x = np.datetime_as_string(x_all[pick], unit="s")
        custom = np.column_stack(
            [
                col[Claims.CLAIM_ID][pick],
                actors[pick],
                topics[pick],
                col[Claims.SOURCE][pick],
                col[Claims.CLAIM_DATE][pick],
            ]
        )
        traces.append(
            dict(
                type="scatter",
                x=x.tolist(),
                y=row[pick].tolist(),
                mode="markers",
                name=labels.stance(stance),
                legendgroup=stance,
                showlegend=False,
                marker=dict(
                    color=STANCE_COLOURS[stance],
                    size=13,
                    line=dict(width=1, color="#222"),
                    symbol=[symbol[s] for s in col[Claims.SOURCE][pick]],
                ),
                customdata=custom.tolist(),
                text=[q[:110] + ("…" if len(q) > 110 else "") for q in col[Claims.QUOTE][pick]],
                hovertemplate="<b>%{customdata[1]}</b> %{fullData.name} <b>%{customdata[2]}</b><br>"
                "%{customdata[3]}, %{customdata[4]}<br><i>%{text}</i><extra></extra>",
            )
        )
    ring = np.flatnonzero(col[Claims.CLAIM_ID] == chosen) if chosen else []
    if len(ring):  # the chosen claim, ringed (drawn over its dot; clicks and hovers go to the dot)
        i = int(ring[0])
        traces.append(
            dict(
                type="scatter",
                x=[str(np.datetime_as_string(x_all[i], unit="s"))],
                y=[str(row[i])],
                mode="markers",
                name="chosen claim",
                showlegend=False,
                hoverinfo="skip",
                marker=dict(symbol="circle-open", size=26, color="#000", line=dict(width=3)),
            )
        )
    # one legend entry per source for the marker symbols
    for s in sources[: len(SYMBOLS)]:
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                name=s,
                legendgroup="sources",
                legendgrouptitle=dict(text="Source"),
                marker=dict(symbol=symbol[s], color="#555", size=10),
                hoverinfo="skip",
            )
        )
    return traces


DODGE_SHARE = 1 / 110  # the gap between claims of one row and day, as a share of the dates drawn (about 8 px on a desktop)


def side_by_side(day: np.ndarray, row: np.ndarray, stance: np.ndarray) -> np.ndarray:
    """x of each claim: its date, moved so that claims of one row on one day sit side by side (in
    stance order, centred on the date) instead of on top of each other, where all but one could never
    be seen, hovered or clicked. The gap is a share of the dates drawn, so it shows at any zoom of
    the whole range."""
    n = len(day)
    if n == 0:
        return day
    valid = ~np.isnat(day)
    days = day.astype("datetime64[D]").astype(np.int64)
    span = (days[valid].max() - days[valid].min() + 40) if valid.any() else 40  # padded_range adds 20 days each side
    gap = span * 86400 * DODGE_SHARE  # seconds
    order_of = {s: i for i, s in enumerate(STANCES)}
    stance_rank = np.array([order_of.get(str(s), len(STANCES)) for s in stance], dtype=np.int64)
    order = np.lexsort((np.arange(n), stance_rank, days, row))
    key = (row * 1_000_000 + days)[order]
    starts = np.r_[True, key[1:] != key[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    size = np.diff(np.r_[first, n])
    rank = np.arange(n) - first[group]
    shift = np.empty(n)
    shift[order] = (rank - (size[group] - 1) / 2) * gap
    return np.where(valid, day + shift.round().astype("timedelta64[s]"), day)


MAX_DOTS = 2500  # an aggregated timeline draws at most about this many dots


def _aggregated_timeline(claims: pd.DataFrame, rows: pd.Series) -> tuple[list[dict], str]:
    """One dot per (row, period, stance), its area the number of claims, in the order the groups
    first appear. The period is the month, or the quarter or year when months would give more than
    ``MAX_DOTS`` dots. Counted on integer codes: the groups are few, the claims up to a million."""
    row_names = rows.cat.categories.tolist()
    span_months = max(1, int((claims["when"].max() - claims["when"].min()).days // 30) + 1)
    period, label = "M", "month"
    if len(row_names) * span_months * len(STANCES) > MAX_DOTS:
        period, label = ("Q", "quarter") if len(row_names) * (span_months // 3 + 1) * len(STANCES) <= MAX_DOTS else ("Y", "year")
    day = claims["when"].to_numpy(dtype="datetime64[s]")
    row = rows.cat.codes.to_numpy(np.int64)
    stance, stances = _codes(claims[Claims.STANCE])
    valid = ~np.isnat(day) & (row >= 0)
    day, row, stance = day[valid], row[valid], stance[valid]
    months = day.astype("datetime64[M]").astype(np.int64)
    per = {"M": 1, "Q": 3, "Y": 12}[period]
    slot = months // per - (months.min() // per if len(months) else 0)
    slots = int(slot.max()) + 1 if len(slot) else 1
    group, keys = pd.factorize((row * len(stances) + stance) * slots + slot)  # in order of appearance
    n = np.bincount(group, minlength=len(keys))
    group_row, rest = np.divmod(keys, len(stances) * slots)
    group_stance, group_slot = np.divmod(rest, slots)
    first_month = (months.min() // per) * per if len(months) else 0
    start = (first_month + group_slot * per).astype("datetime64[M]").astype("datetime64[s]")
    middle = {"M": 14, "Q": 45, "Y": 182}[period]
    step = {"M": 4, "Q": 12, "Y": 40}[period]
    biggest = max(int(n.max()), 1) if len(n) else 1
    traces: list[dict] = []
    for i, name in enumerate(STANCES):
        pick = group_stance == stances.index(name) if name in stances else np.zeros(len(keys), dtype=bool)
        if not pick.any():
            continue
        _stance_legend(traces, name)
        traces.append(
            dict(
                type="scatter",
                x=np.datetime_as_string(start[pick] + np.timedelta64(middle + step * (i - 2), "D"), unit="s").tolist(),
                y=[str(row_names[r]) for r in group_row[pick]],
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=False,
                marker=dict(
                    color=STANCE_COLOURS[name],
                    size=np.round(6 + 22 * (n[pick] / biggest) ** 0.5, 1),
                    line=dict(width=1, color="#222"),
                ),
                customdata=n[pick][:, None],
                hovertemplate="<b>%{y}</b> "
                + name
                + "<br>%{customdata[0]:,} claims in the "
                + label
                + " of %{x|%b %Y}<extra></extra>",
            )
        )
    return traces, label


def contributions_figure(contributions: pd.DataFrame) -> dict:
    """Who offers, commits, refuses or is asked for which capability: a dot per reported
    (contributor, capability, status), sized by how many reports."""
    if contributions.empty:
        return empty_figure("No contributions are reported in the selected claims.")
    grouped = (
        contributions.groupby([Contributions.CONTRIBUTOR, Contributions.CAPABILITY, Contributions.STATUS], observed=True)
        .size()
        .reset_index(name="reports")
    )
    per_contributor = grouped.groupby(Contributions.CONTRIBUTOR)["reports"].sum().sort_values(ascending=False, kind="stable")
    note = ""
    if len(per_contributor) > MAX_ROWS:
        grouped = grouped[grouped[Contributions.CONTRIBUTOR].isin(per_contributor.index[:MAX_ROWS])]
        note = f"Showing the {MAX_ROWS} contributors with most reports of {len(per_contributor):,}"
    traces: list[dict] = []
    for status in STATUSES:
        part = grouped[grouped[Contributions.STATUS] == status]
        if part.empty:
            continue
        traces.append(
            dict(
                type="scatter",
                x=[labels.capability(c) for c in part[Contributions.CAPABILITY]],
                y=part[Contributions.CONTRIBUTOR],
                mode="markers",
                name=labels.status(status),
                offsetgroup=status,
                marker=dict(
                    color=STATUS_COLOURS[status],
                    size=[10 + 4 * min(r, 5) for r in part["reports"]],
                    line=dict(width=1, color="#222"),
                ),
                customdata=[[labels.plural(int(r), "report")] for r in part["reports"]],
                hovertemplate="<b>%{y}</b>: %{x} " + labels.status(status) + "<br>%{customdata[0]}<extra></extra>",
            )
        )
    rows = grouped[Contributions.CONTRIBUTOR].nunique()
    height = max(280, 80 + 40 * rows)
    left = margins.widest(grouped[Contributions.CONTRIBUTOR].unique()) + margins.TICK_PAD
    capabilities = [str(c) for c in dict.fromkeys(x for t in traces for x in t["x"])]  # plotly.js's order: as they appear
    turned = margins.category_ticks_rotated(capabilities, margins.DESKTOP_WIDTH - left - 20)
    margin = _margin(
        l=left,
        r=10 + 0.3 * margins.text_width(capabilities[-1]) if turned else 10,  # the last label leans out to the right
        t=margins.legend_above(_legend_groups(traces), height) + (margins.TITLE_HIGH if note else 0),
        b=margins.rotated_ticks_height(capabilities) if turned else margins.TICKS_HIGH,
    )
    layout = dict(height=height, margin=margin, scattermode="group", xaxis=dict(title=None), yaxis=dict(title=None))
    if note:
        layout["title"] = dict(text=note, font=dict(size=13), x=0, y=0.995)
    return figure(traces, **layout)


def counts_figure(counts: pd.DataFrame) -> dict:
    """Reported totals over time; an approximate figure is drawn as its range, an open one
    ("at least 37") as an upward triangle at its lower bound. Countries and troops get their own axes."""
    if counts.empty:
        return empty_figure("No reported totals match these filters.")
    df = counts.copy()
    df["_when"] = when(df[Counts.CLAIM_DATE])
    note = ""
    if len(df) > MAX_FIGURES:
        note = f"Showing the latest {MAX_FIGURES} of {len(df):,} reported figures"
        df = df.sort_values("_when", kind="stable").tail(MAX_FIGURES)
    traces: list[dict] = []
    # plain arrays once (a few hundred rows): per-metric pandas selections and casts cost more than the figure
    metric_of = np.array(df[Counts.METRIC].astype(str).tolist(), dtype=object)
    low_of = np.array([int(x) for x in df[Counts.LOW]], dtype=float)
    high_of = np.array([np.nan if pd.isna(x) else float(x) for x in df[Counts.HIGH]], dtype=float)
    day_of = np.datetime_as_string(df["_when"].to_numpy(dtype="datetime64[s]"), unit="D")
    info = np.array(df[[Counts.AS_WRITTEN, Counts.SOURCE, Counts.CLAIM_DATE]].astype(str).values.tolist(), dtype=object)
    palette = ["#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
    countries_top = None  # the highest figure on the left (countries) axis, for its tick labels' width
    span = padded_range(df["_when"])
    halfway = (pd.Timestamp(span[0]) + (pd.Timestamp(span[1]) - pd.Timestamp(span[0])) / 2).strftime("%Y-%m-%d") if span else ""
    for i, metric in enumerate(sorted(set(metric_of))):
        pick = metric_of == metric
        col = 2 if metric in TROOP_METRICS else 1
        low, high = low_of[pick], high_of[pick]
        closed = ~np.isnan(high)
        mid = np.where(closed, (low + np.nan_to_num(high)) / 2, low)
        exact = closed & (np.nan_to_num(high) == low)
        words = info[pick][:, 0]
        if col == 1:
            countries_top = max(countries_top or 0, float(np.nanmax(np.where(closed, high, low))))
        traces.append(
            dict(
                type="scatter",
                x=day_of[pick].tolist(),
                y=mid.tolist(),
                mode="markers+text",
                name=labels.metric(metric),
                legendgroup=metric,
                # a dot for an exact figure; a range is its bar alone (no point nobody reported), labelled with
                # the report's words; an open-ended figure a triangle at its lower bound
                marker=dict(
                    color=palette[i % len(palette)],
                    size=[12 if e else 1 if c else 12 for e, c in zip(exact, closed)],
                    symbol=["circle" if e else "line-ew" if c else "triangle-up" for e, c in zip(exact, closed)],
                    line=dict(width=2, color=palette[i % len(palette)]),
                ),
                # the words on the side with room: right of a bar in the earlier half of the dates, left in the later
                textposition=["middle left" if d > halfway else "middle right" for d in day_of[pick]],
                textfont=dict(size=11, color="#333"),
                cliponaxis=False,
                showlegend=False,
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=np.where(closed, np.nan_to_num(high) - mid, 0).tolist(),
                    arrayminus=(mid - low).tolist(),
                    thickness=2,
                    width=6,
                ),
                customdata=[
                    [*row, f"{int(lo):,}" if e else f"{int(lo):,}–{int(h):,}" if c else f"{int(lo):,} or more"]
                    for row, lo, h, c, e in zip(info[pick].tolist(), low, high, closed, exact)
                ],
                text=["" if e else f" “{w}”" for w, e in zip(words, exact)],
                hovertemplate="<b>" + labels.metric(metric) + '</b>: %{customdata[3]}<br>as written: "%{customdata[0]}"<br>'
                "%{customdata[1]}, %{customdata[2]}<extra></extra>",
                xaxis="x2" if col == 2 else "x",
                yaxis="y2" if col == 2 else "y",
            )
        )
        traces.append(  # the metric's legend entry: its colour as a dot, whatever marks its figures take
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                name=labels.metric(metric),
                legendgroup=metric,
                marker=dict(color=palette[i % len(palette)], size=11, symbol="circle"),
                hoverinfo="skip",
            )
        )
    traces += _figure_kinds(low_of, high_of)
    dates = dict(type="date", range=padded_range(df["_when"]))
    top = 40 + (margins.TITLE_HIGH if note else 0)
    layout = dict(
        height=400,
        margin=_margin(
            l=10 if countries_top is None else margins.text_width(_tick_label(countries_top)) + margins.TICK_PAD,
            t=top,
            b=margins.legend_below(_legend_groups(traces), 400, top),
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
        xaxis=dict(domain=[0, 0.46], anchor="y", **dates),
        yaxis=dict(anchor="x"),
        xaxis2=dict(domain=[0.54, 1], anchor="y2", **dates),
        yaxis2=dict(anchor="x2"),
        annotations=[
            dict(text=t, x=x, xref="paper", y=1.0, yref="paper", yanchor="bottom", showarrow=False, font=dict(size=14))
            for t, x in (("Countries", 0.23), ("Troops", 0.77))
        ],
    )
    if note:
        layout["title"] = dict(text=note, font=dict(size=13), x=0, y=0.995)
    return figure(traces, **layout)


FIGURE_KINDS = (
    ("exact", "an exact figure", "circle"),
    ("range", "an approximate figure: its range", "line-ns"),
    ("open", "at least (no upper bound)", "triangle-up"),
)


def _figure_kinds(low: np.ndarray, high: np.ndarray) -> list[dict]:
    """Legend entries that say what each mark of the reported totals means (only the marks drawn)."""
    closed = ~np.isnan(high)
    present = {
        "exact": bool((closed & (np.nan_to_num(high) == low)).any()),
        "range": bool((closed & (np.nan_to_num(high) != low)).any()),
        "open": bool((~closed).any()),
    }
    return [
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            legendgroup="kinds",
            legendgrouptitle=dict(text="Marks"),
            marker=dict(symbol=symbol, color="#555", size=11, line=dict(width=2, color="#555")),
            hoverinfo="skip",
        )
        for key, name, symbol in FIGURE_KINDS
        if present[key]
    ]


def _tick_label(value: float) -> str:
    """About the longest tick label plotly.js writes on an axis reaching ``value`` (it writes 20000 as 20k)."""
    if value >= 10_000:
        return "0" * len(str(int(value // 1000))) + "k"
    return "0" * len(str(int(value))) + ".0" * (0 < value < 5)
