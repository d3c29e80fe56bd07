"""register_callbacks(app, tables): thin adapters from the page to filters, exports and figures."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html, no_update

from . import exports, figures, ids
from .components import disagreement_cards, provenance_card
from .filters import Filters, allowed_values
from .schema import Claims
from .store import Tables

CONTROLS = (ids.ACTOR, ids.AFFILIATION, ids.TOPIC, ids.SOURCE, ids.STANCE)


def notes_alert(notes: list[str]):
    if not notes:
        return None
    return dbc.Alert(
        [html.Strong("Some of the address was ignored: "), "; ".join(notes) + "."],
        color="warning",
        className="py-2 small",
        id="url-notes",
    )


def sync_filters(trigger, search, values, start, end, q, allowed):
    """URL <-> controls. From the URL (page load, back/forward): set the controls. From a control:
    write the URL. Returns (search, *control values, start, end, q, canonical query, notes)."""
    if trigger == ids.RESET:
        return ("", *([[]] * len(CONTROLS)), None, None, "", "", None)
    if trigger in (None, ids.URL):
        filters, notes = Filters.from_query(search or "", allowed)
        controls = [list(getattr(filters, c.split("-")[1])) for c in CONTROLS]
        return (no_update, *controls, filters.date_from, filters.date_to, filters.q, filters.to_query(), notes_alert(notes))
    filters = Filters.from_controls(*values, date_from=start, date_to=end, q=q)
    query = filters.to_query()
    return (query, *([no_update] * len(CONTROLS)), no_update, no_update, no_update, query, None)


def render(tables: Tables, query: str, by_source: bool, allowed) -> tuple:
    """Everything the selection drives: summary, link, figures, disagreements, table, download links."""
    filters, _ = Filters.from_query(query or "", allowed)
    claims = filters.apply(tables.claims)
    summary = filters.describe(len(claims))
    if claims.empty:
        summary += ". Nothing matches: remove a filter or widen the dates."
    reason = "No claims match these filters." if not filters.is_empty() else "No claims in the data yet."
    timeline = figures.timeline_figure(claims, by="source" if by_source else "actor", empty_reason=reason)
    disagreements = filters.apply_disagreements(tables.disagreements, tables.claims)
    if disagreements.empty:
        dis_summary = "No disagreements between sources in this selection."
    else:
        kinds = disagreements["kind"].value_counts()
        dis_summary = f"{len(disagreements)} disagreement(s): {kinds.get('contradiction', 0)} contradiction(s), {kinds.get('shift', 0)} shift(s)."
    contributions = filters.apply_contributions(tables.contributions, tables.claims)
    counts = filters.apply_counts(tables.counts)
    rows = claims.drop(columns=["when"]).astype(str)
    rows["reviewed"] = ["✓ reviewed" if m == "reviewed" else "" for m in rows[Claims.METHOD]]
    link = "/" + query if query else "/"
    return (
        summary,
        link,
        link if query else "/ (everything)",
        timeline,
        disagreement_cards(disagreements),
        dis_summary,
        figures.contributions_figure(contributions),
        figures.counts_figure(counts),
        rows.to_dict("records"),
        "/download/claims.csv" + query,
        "/download/contributions.csv" + query,
        "/download/disagreements.csv" + query,
        "/api/claims.json" + query,
    )


def register_callbacks(app, tables: Tables) -> None:
    allowed = allowed_values(tables.claims)

    # URL <-> controls (one circular callback, so back/forward and shared links restore the view)
    @app.callback(
        Output(ids.URL, "search"),
        *[Output(c, "value") for c in CONTROLS],
        Output(ids.DATES, "start_date"),
        Output(ids.DATES, "end_date"),
        Output(ids.SEARCH, "value"),
        Output(ids.FILTERS, "data"),
        Output(ids.NOTES, "children"),
        Input(ids.URL, "search"),
        *[Input(c, "value") for c in CONTROLS],
        Input(ids.DATES, "start_date"),
        Input(ids.DATES, "end_date"),
        Input(ids.SEARCH, "value"),
        Input(ids.RESET, "n_clicks"),
    )
    def _sync(search, actor, affiliation, topic, source, stance, start, end, q, _reset):
        return sync_filters(ctx.triggered_id, search, (actor, affiliation, topic, source, stance), start, end, q, allowed)

    # filters -> summary, timeline, disagreements, contributions, totals, table, links
    @app.callback(
        Output(ids.SUMMARY, "children"),
        Output(ids.SHARE_LINK, "href"),
        Output(ids.SHARE_LINK, "children"),
        Output(ids.TIMELINE, "figure"),
        Output(ids.DISAGREEMENTS, "children"),
        Output(ids.DISAGREEMENTS_SUMMARY, "children"),
        Output(ids.CONTRIBUTIONS, "figure"),
        Output(ids.COUNTS, "figure"),
        Output(ids.TABLE, "rowData"),
        Output(ids.LINK_CLAIMS, "href"),
        Output(ids.LINK_CONTRIBUTIONS, "href"),
        Output(ids.LINK_DISAGREEMENTS, "href"),
        Output(ids.LINK_API, "href"),
        Input(ids.FILTERS, "data"),
        Input(ids.TIMELINE_BY, "value"),
    )
    def _render(query, by_source):
        return render(tables, query, bool(by_source), allowed)

    # timeline click -> provenance card
    @app.callback(Output(ids.PROVENANCE, "children"), Input(ids.TIMELINE, "clickData"), prevent_initial_call=True)
    def _provenance(click):
        points = (click or {}).get("points") or []
        if not points or not points[0].get("customdata"):
            return no_update
        return provenance_card(tables, str(points[0]["customdata"][0]))

    # download buttons -> the filtered CSV
    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CLAIMS, "n_clicks"),
        Input(ids.DOWNLOAD_CONTRIBUTIONS, "n_clicks"),
        Input(ids.DOWNLOAD_DISAGREEMENTS, "n_clicks"),
        State(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def _download(_c, _k, _d, query):
        table = {
            ids.DOWNLOAD_CLAIMS: "claims",
            ids.DOWNLOAD_CONTRIBUTIONS: "contributions",
            ids.DOWNLOAD_DISAGREEMENTS: "disagreements",
        }.get(ctx.triggered_id)
        if table is None:
            return no_update
        filters, _ = Filters.from_query(query or "", allowed)
        body, name = exports.download(tables, filters, table, dt.date.today())
        return dcc.send_bytes(body, name, type="text/csv")

    # filters panel: open on wide screens, collapsed on phones; the button toggles it
    app.clientside_callback(
        """function(n, isOpen) {
            if (!n) { return window.innerWidth >= 992; }
            return !isOpen;
        }""",
        Output(ids.FILTERS_COLLAPSE, "is_open"),
        Input(ids.FILTERS_TOGGLE, "n_clicks"),
        State(ids.FILTERS_COLLAPSE, "is_open"),
    )
