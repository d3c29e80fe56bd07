"""register_callbacks(app, tables): thin adapters from the page to filters, exports and figures.

Each panel has its own callback, so a change sends only what it changes (the "by source" switch
re-sends the timeline alone), and the panels' requests run side by side. The claim mask of a
query is computed once and remembered (a pure function of the query; bounded memory).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

import dash_bootstrap_components as dbc
import numpy as np
from dash import Input, Output, State, ctx, html, no_update

from dashboard.read import figures, labels
from dashboard.read.derive import position_paths
from dashboard.read.filters import VIEW_KEYS, Filters, View, allowed_values
from dashboard.read.store import Tables
from dashboard.schema import STANCES, Claims
from dashboard.web import ids
from dashboard.web.components import DEFAULT_SORT, PAGE_SIZE, SORTS, disagreement_cards, path_lines, provenance_card, table_rows
from dashboard.web.layout import options

TIMELINE_COLUMNS = (
    Claims.CLAIM_ID,
    Claims.ACTOR,
    Claims.AFFILIATION,
    Claims.SOURCE,
    Claims.STANCE,
    Claims.TOPIC,
    Claims.CLAIM_DATE,
    Claims.QUOTE,
    "when",
)
PATH_COLUMNS = (
    Claims.ACTOR,
    Claims.AFFILIATION,
    Claims.TOPIC,
    Claims.STANCE,
    Claims.SOURCE,
    Claims.CLAIM_DATE,
    Claims.CLAIM_ID,
    "when",
)
CONTROL_KEYS = ("actor", "affiliation", "topic", "source", "stance")
CONTROLS = (ids.ACTOR, ids.AFFILIATION, ids.TOPIC, ids.SOURCE, ids.STANCE)
MAX_CARDS = 20
TABLE_FIELDS = (
    Claims.CLAIM_DATE,
    Claims.ACTOR,
    Claims.TOPIC,
    Claims.STANCE,
    Claims.SOURCE,
    Claims.QUOTE,
    Claims.AFFILIATION,
    Claims.PUBLISHER,
    Claims.METHOD,
    Claims.CLAIM_ID,
)


def notes_alert(notes: list[str]):
    if not notes:
        return None
    return dbc.Alert(
        [html.Strong("Some of the address was ignored: "), "; ".join(notes) + "."],
        color="warning",
        className="py-2 small",
        id="url-notes",
    )


def sync_filters(trigger, search, values, start, end, q, allowed, current=None, officials=False, reviewed=False):
    """URL <-> controls. From the URL (page load, back/forward): set the controls. From a control:
    write the URL. Returns (search, *control values, start, end, q, officials, reviewed, canonical query, notes);
    the query is ``no_update`` when it equals ``current``, so the panels are not redrawn for nothing."""

    def changed(query: str):
        return no_update if current is not None and query == current else query

    if trigger == ids.RESET:
        return ("", *([[]] * len(CONTROLS)), None, None, "", False, False, changed(""), None)
    if trigger in (None, ids.URL):
        filters, notes = Filters.from_query(search or "", allowed)
        controls = [list(getattr(filters, c.split("-")[1])) for c in CONTROLS]
        return (
            no_update,
            *controls,
            filters.date_from,
            filters.date_to,
            filters.q,
            filters.officials,
            filters.reviewed,
            changed(filters.to_query()),
            notes_alert(notes),
        )
    query = Filters.from_controls(
        *values, date_from=start, date_to=end, q=q, officials=bool(officials), reviewed=bool(reviewed)
    ).to_query()
    query = Filters.from_query(query, allowed)[0].to_query()  # only values the data has
    return (query, *([no_update] * len(CONTROLS)), no_update, no_update, no_update, no_update, no_update, changed(query), None)


# the address from the selection and how it is shown: filters first (as the server wrote them), then
# by, sort, page and claim when they are not the default; replaced in place, so back/forward still
# step through selections; the share link shows the same address
VIEW_URL = """function(filters, bySource, sort, page, claim) {
    var p = new URLSearchParams((filters || "").replace(/^\\?/, ""));
    if (bySource) { p.set("by", "source"); }
    if (sort && sort !== "DEFAULT_SORT") { p.set("sort", sort); }
    if (page && page > 1) { p.set("page", String(page)); }
    if (claim) { p.set("claim", claim); }
    var s = p.toString(), q = s ? "?" + s : "";
    if (window.location.search !== q) {
        window.history.replaceState(window.history.state, "", window.location.pathname + q);
    }
    return ["/" + q, q ? "/" + q : "/ (everything)"];
}""".replace("DEFAULT_SORT", DEFAULT_SORT)

COPY_LINK = """function(n) {
    var link = window.location.href;
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(link);
        return "Copied.";
    }
    return "Copy this address: " + link;
}"""


def view_controls(search) -> tuple:
    """(by-source switch, table order, table page, chosen claim) from an address that carries view
    keys; otherwise nothing changes (an address the dashboard wrote after a filter change)."""
    search = search if isinstance(search, str) else ""
    if not any(key in dict(parse_qsl(search.lstrip("?"))) for key in VIEW_KEYS):
        return no_update, no_update, no_update, no_update
    view = View.from_query(search, SORTS)
    return view.by_source, view.sort or DEFAULT_SORT, view.page, view.claim


def page_from_address(search, query) -> int:
    """The page the address asks for when it shows this selection (a shared link), else 1."""
    search = search if isinstance(search, str) else ""
    pairs = [(k, v) for k, v in parse_qsl(search.lstrip("?")) if k not in VIEW_KEYS]
    same = ("?" + urlencode(pairs) if pairs else "") == (query if isinstance(query, str) else "")
    return View.from_query(search, SORTS).page if same else 1


def clicked_claim(click):
    """The claim id of a clicked timeline point, or no_update (aggregated dots carry counts, not claims)."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    custom = point.get("customdata")
    if not custom or not isinstance(custom, list) or not isinstance(custom[0], str):
        return no_update
    return custom[0]


def _int(value, default: int) -> int:
    """A page number from a request; anything that is not one gives ``default``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        return min(int(value), 10**12)
    except (ValueError, OverflowError):
        return default


class Views:
    """What each panel shows for a query string, as plain functions of the tables (unit-tested
    without a browser). Masks and table orders are remembered per query."""

    def __init__(self, tables: Tables):
        self.tables = tables
        self.allowed = allowed_values(tables.claims)
        self._remembered = lru_cache(maxsize=16)(self._selected)
        self._counts = lru_cache(maxsize=8)(self._counts_figure)
        self._initial: dict | None = None
        self.order = lru_cache(maxsize=4)(self._order)
        self._ranks: dict[str, np.ndarray] = {}  # column -> every claim's position in its order

    def initial(self) -> dict:
        """The panels of the unfiltered view, for the page's first render. Computed once, when the
        app starts (like an index), and answered from memory whenever a user clears the filters."""
        if self._initial is None:
            cards, dis_summary = self.disagreements("")
            paths, paths_summary = self.paths("")
            contributions, counts = self.contributions("")
            self._initial = {
                "summary": self.summary("")[0],
                "timeline": self.timeline("", False),
                "disagreements": cards,
                "disagreements_summary": dis_summary,
                "paths": paths,
                "paths_summary": paths_summary,
                "contributions": contributions,
                "counts": counts,
                "table": self.table("", 1, DEFAULT_SORT),
                "options": self.facets(""),
            }
        return self._initial

    def forget(self) -> None:
        """Drop remembered masks, orders and figures (the benchmark measures cold requests); the
        unfiltered view computed at start stays."""
        self._remembered.cache_clear()
        self.order.cache_clear()
        self._counts.cache_clear()

    def selected(self, query) -> tuple[Filters, np.ndarray]:
        """(filters, claim mask) of a query string; anything else is the unfiltered view."""
        return self._remembered(query if isinstance(query, str) else "")

    def _selected(self, query: str) -> tuple[Filters, np.ndarray]:
        filters, _ = Filters.from_query(query or "", self.allowed)
        if filters.is_empty():
            return filters, np.ones(len(self.tables.claims), dtype=bool)
        return filters, filters.mask(self.tables.claims, self.tables.quotes.mask)

    def _unfiltered(self, query, *panels: str):
        """The stored unfiltered panels (one, or a tuple) when ``query`` selects everything, else None."""
        if self._initial is None or not self.selected(query)[0].is_empty():
            return None
        stored = tuple(self._initial[p] for p in panels)
        return stored if len(stored) > 1 else stored[0]

    def summary(self, query: str) -> tuple:
        """Summary sentence, the four download/API links and the view's feed (the share link is the
        whole address, written in the browser: ``VIEW_URL``)."""
        filters, keep = self.selected(query or "")
        n = int(keep.sum())
        text = filters.describe(n)
        if n == 0:
            text += ". Nothing matches: remove a filter or widen the dates."
        query = query if isinstance(query, str) else ""
        return (
            text,
            "/download/claims.csv" + query,
            "/download/contributions.csv" + query,
            "/download/disagreements.csv" + query,
            "/api/claims.json" + query,
            "/feed.atom" + query,
        )

    def timeline(self, query: str, by_source: bool, narrow: bool = False, chosen: str = ""):
        """The timeline of the selection, by actor or by source; ``narrow`` for a phone's width;
        ``chosen`` the claim to ring."""
        chosen = chosen if isinstance(chosen, str) else ""
        stored = None if by_source or narrow or chosen else self._unfiltered(query, "timeline")
        if stored is not None:
            return stored
        filters, keep = self.selected(query or "")
        claims = self.tables.claims
        if not keep.all():  # only the columns the timeline draws: a take of each costs time at scale
            claims = claims.loc[keep, list(TIMELINE_COLUMNS)]
        reason = "No claims match these filters." if not filters.is_empty() else "No claims in the data yet."
        return figures.timeline_figure(
            claims, by="source" if by_source else "actor", empty_reason=reason, narrow=narrow, chosen=chosen
        )

    def disagreements(self, query: str) -> tuple:
        """(cards, summary line): the selected disagreements, the closest ``MAX_CARDS`` as cards."""
        stored = self._unfiltered(query, "disagreements", "disagreements_summary")
        if stored is not None:
            return stored
        _, keep = self.selected(query)
        table = self.tables.disagreements
        positions = np.flatnonzero(Filters.disagreement_mask(self.tables, keep))
        if not len(positions):
            return [], "No disagreements between sources in this selection."
        kind = table["kind"].astype("category").cat
        counted = np.bincount(kind.codes.to_numpy()[positions], minlength=len(kind.categories))
        kinds = dict(zip(kind.categories, counted.tolist()))
        text = (
            f"{labels.plural(len(positions), 'disagreement')}: {labels.plural(kinds.get('contradiction', 0), 'contradiction')}, "
            f"{labels.plural(kinds.get('shift', 0), 'shift')} of position."
        )
        if len(positions) > MAX_CARDS:
            days = table["days_apart"].to_numpy()[positions]
            positions = positions[np.argsort(days, kind="stable")[:MAX_CARDS]]
            text += f" Showing the {MAX_CARDS} closest in time; the disagreements CSV has them all."
        rows = [{k: str(v) for k, v in r.items()} for r in table.iloc[positions].to_dict("records")]
        return disagreement_cards(rows), text

    def facets(self, query: str) -> dict[str, dict[str, int]]:
        """Each filter option's claims in the selection made by the other filters."""
        stored = self._unfiltered(query, "options")
        if stored is not None:
            return stored
        filters, _ = self.selected(query)
        return filters.facet_counts(self.tables.claims, self.tables.quotes.mask if self.tables.quotes is not None else None)

    def options(self, query: str) -> tuple:
        """The five filters' options, each labelled with its count in the selection."""
        counts = self.facets(query)
        present = {k: [v for v, n in c.items() if n] for k, c in self.facets("").items()}  # the data's values
        return tuple(options(key, STANCES if key == "stance" else present[key], counts.get(key)) for key in CONTROL_KEYS)

    def paths(self, query: str) -> tuple:
        """(lines, summary): the actors and topics whose stance changes in the selection, latest first."""
        stored = self._unfiltered(query, "paths", "paths_summary")
        if stored is not None:
            return stored
        _, keep = self.selected(query)
        claims = self.tables.claims
        if not keep.all():
            claims = claims.loc[keep, list(PATH_COLUMNS)]
        paths, total = position_paths(claims, MAX_CARDS)
        if not total:
            return [], "No actor changes stance on a topic in this selection."
        text = f"{labels.plural(total, 'actor and topic', 'actors and topics')} with a change of stance, the latest first."
        if total > len(paths):
            text += f" Showing {len(paths)}; narrow the filters to see the others."
        return path_lines(paths), text

    def contributions(self, query: str) -> tuple:
        """(contributions figure, reported totals figure) of the selection."""
        stored = self._unfiltered(query, "contributions", "counts")
        if stored is not None:
            return stored
        filters, keep = self.selected(query)
        rows = self.tables.contributions
        if not filters.is_empty():
            rows = rows[Filters.contribution_mask(self.tables, keep)]
        key = filters.counts_key()
        everything = self._initial is not None and key == Filters().counts_key()
        counts = self._initial["counts"] if everything else self._counts(key)
        return figures.contributions_figure(rows), counts

    def _counts_figure(self, key: tuple):
        source, date_from, date_to = key
        counts = Filters(source=source, date_from=date_from, date_to=date_to)._counts(self.tables.counts)
        return figures.counts_figure(counts)

    def _rank(self, col: str) -> np.ndarray:
        """All claims in ``col``'s order (stable), sorted once per worker: a selection's order is then
        the selection picked out of it, without sorting again. A label column is sorted on its integer
        codes, renumbered in the labels' alphabetical order: the same order as sorting the text (a missing
        label last), in 0.1 s instead of 1.3-2.5 s at a million claims."""
        if col not in self._ranks:
            if col == Claims.CLAIM_DATE:
                keys = self.tables.claims["when"].to_numpy()
            else:
                cat = self.tables.claims[col].cat
                alphabetical = np.argsort(np.asarray(cat.categories.astype(str), dtype=str), kind="stable")
                place = np.empty(len(alphabetical) + 1, dtype=np.int64)
                place[alphabetical] = np.arange(len(alphabetical))
                place[-1] = len(alphabetical)  # code -1, a missing label
                keys = place[cat.codes.to_numpy()]
            self._ranks[col] = np.argsort(keys, kind="stable")
        return self._ranks[col]

    def _order(self, query: str, col: str, descending: bool) -> np.ndarray:
        _, keep = self.selected(query)
        rank = self._rank(col)
        positions = rank[keep[rank]]
        return positions[::-1] if descending else positions

    def table_page(self, query: str, page=1, sort=DEFAULT_SORT) -> dict:
        """One page of the filtered claims in the chosen order: {"rows", "count", "page", "pages"}.
        Anything else than a page number or a known order reads as the first page, newest first."""
        query = query if isinstance(query, str) else ""
        col, descending, _ = SORTS.get(sort if isinstance(sort, str) else "", SORTS[DEFAULT_SORT])
        positions = self.order(query, col, descending)
        pages = max(1, -(-len(positions) // PAGE_SIZE))
        page = min(max(1, _int(page, 1)), pages)
        start = (page - 1) * PAGE_SIZE
        rows = self.tables.claims.iloc[positions[start : start + PAGE_SIZE]][list(TABLE_FIELDS)].astype(str).to_dict("records")
        for r in rows:
            r["reviewed"] = r.pop(Claims.METHOD) == "reviewed"
        return {"rows": rows, "count": int(len(positions)), "page": page, "pages": pages}

    def table(self, query: str, page=1, sort=DEFAULT_SORT) -> tuple[list, int, int, str]:
        """(table rows, pages, page, "Claims 21–40 of 1,234") for the claims table; the first page of
        the unfiltered view in the default order is the one computed at start."""
        stored = self._unfiltered(query, "table") if _int(page, 1) == 1 and sort == DEFAULT_SORT else None
        if stored is not None:
            return stored
        found = self.table_page(query, page, sort)
        first = (found["page"] - 1) * PAGE_SIZE + 1
        last = first + len(found["rows"]) - 1
        text = f"Claims {first:,}–{last:,} of {found['count']:,}" if found["rows"] else "No claims match these filters."
        return table_rows(found["rows"]), found["pages"], found["page"], text


def register_callbacks(app, views: Views) -> Views:
    """Wire the page to ``views``; returns them (the benchmark uses them)."""
    tables = views.tables

    # URL <-> controls (one circular callback, so back/forward and shared links restore the view)
    @app.callback(
        Output(ids.URL, "search"),
        *[Output(c, "value") for c in CONTROLS],
        Output(ids.DATES, "start_date"),
        Output(ids.DATES, "end_date"),
        Output(ids.SEARCH, "value"),
        Output(ids.OFFICIALS, "value"),
        Output(ids.REVIEWED, "value"),
        Output(ids.FILTERS, "data"),
        Output(ids.NOTES, "children"),
        Input(ids.URL, "search"),
        *[Input(c, "value") for c in CONTROLS],
        Input(ids.DATES, "start_date"),
        Input(ids.DATES, "end_date"),
        Input(ids.SEARCH, "value"),
        Input(ids.OFFICIALS, "value"),
        Input(ids.REVIEWED, "value"),
        Input(ids.RESET, "n_clicks"),
        State(ids.FILTERS, "data"),
    )
    def _sync(search, actor, affiliation, topic, source, stance, start, end, q, officials, reviewed, _reset, current):
        values = (actor, affiliation, topic, source, stance)
        return sync_filters(ctx.triggered_id, search, values, start, end, q, views.allowed, current, officials, reviewed)

    # filters -> summary, download links (the share link is the whole address: see VIEW_URL)
    @app.callback(
        Output(ids.SUMMARY, "children"),
        Output(ids.DOWNLOAD_CLAIMS, "href"),
        Output(ids.DOWNLOAD_CONTRIBUTIONS, "href"),
        Output(ids.DOWNLOAD_DISAGREEMENTS, "href"),
        Output(ids.LINK_API, "href"),
        Output(ids.LINK_FEED, "href"),
        Input(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def _summary(query):
        return views.summary(query)

    # the address -> how the view is shown (on load and back/forward: an address the dashboard wrote
    # after a filter change carries no view keys and changes nothing here)
    @app.callback(
        Output(ids.TIMELINE_BY, "value"),
        Output(ids.TABLE_SORT, "value"),
        Output(ids.TABLE_PAGER, "active_page", allow_duplicate=True),
        Output(ids.CHOSEN, "data", allow_duplicate=True),
        Input(ids.URL, "search"),
        prevent_initial_call="initial_duplicate",
    )
    def _view(search):
        return view_controls(search)

    # how the view is shown -> the address (replaced, not a new history entry) and the share link
    app.clientside_callback(
        VIEW_URL,
        Output(ids.SHARE_LINK, "href"),
        Output(ids.SHARE_LINK, "children"),
        Input(ids.FILTERS, "data"),
        Input(ids.TIMELINE_BY, "value"),
        Input(ids.TABLE_SORT, "value"),
        Input(ids.TABLE_PAGER, "active_page"),
        Input(ids.CHOSEN, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        COPY_LINK,
        Output(ids.COPY_STATUS, "children"),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )

    # the screen's width class, once at load: a phone gets a timeline laid out for it
    app.clientside_callback(
        """function(_path) { return window.innerWidth < 576 ? "narrow" : "wide"; }""",
        Output(ids.SCREEN, "data"),
        Input(ids.URL, "pathname"),
    )

    # filters, layout switch, screen -> timeline
    @app.callback(
        Output(ids.TIMELINE, "figure"),
        Input(ids.FILTERS, "data"),
        Input(ids.TIMELINE_BY, "value"),
        Input(ids.SCREEN, "data"),
        Input(ids.CHOSEN, "data"),
        prevent_initial_call=True,
    )
    def _timeline(query, by_source, screen, chosen):
        if screen != "narrow" and set(ctx.triggered_prop_ids) == {f"{ids.SCREEN}.data"}:
            return no_update  # a desktop keeps the figure drawn into the page
        return views.timeline(query, bool(by_source), screen == "narrow", chosen)

    # filters -> disagreements
    @app.callback(
        Output(ids.DISAGREEMENTS, "content"),
        Output(ids.DISAGREEMENTS_SUMMARY, "children"),
        Input(ids.FILTERS, "data"),
        prevent_initial_call=True,
    )
    def _disagreements(query):
        return views.disagreements(query)

    # filters -> each option's count in the selection
    @app.callback(*[Output(c, "options") for c in CONTROLS], Input(ids.FILTERS, "data"), prevent_initial_call=True)
    def _options(query):
        return views.options(query)

    # filters -> who changed their mind
    @app.callback(
        Output(ids.PATHS, "content"), Output(ids.PATHS_SUMMARY, "children"), Input(ids.FILTERS, "data"), prevent_initial_call=True
    )
    def _paths(query):
        return views.paths(query)

    # filters -> contributions and reported totals
    @app.callback(
        Output(ids.CONTRIBUTIONS, "figure"), Output(ids.COUNTS, "figure"), Input(ids.FILTERS, "data"), prevent_initial_call=True
    )
    def _contributions(query):
        return views.contributions(query)

    # filters, order or page -> one page of the table (a new selection or order starts at page 1)
    @app.callback(
        Output(ids.TABLE_BODY, "content"),
        Output(ids.TABLE_PAGER, "max_value"),
        Output(ids.TABLE_PAGER, "active_page"),
        Output(ids.TABLE_RANGE, "children"),
        Input(ids.FILTERS, "data"),
        Input(ids.TABLE_SORT, "value"),
        Input(ids.TABLE_PAGER, "active_page"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _table(query, sort, page, search):
        if f"{ids.TABLE_PAGER}.active_page" not in ctx.triggered_prop_ids:
            page = page_from_address(search, query)  # a new selection or order starts at page 1, unless the address says
        return views.table(query, page, sort)

    # timeline click -> the chosen claim -> provenance card
    @app.callback(Output(ids.CHOSEN, "data", allow_duplicate=True), Input(ids.TIMELINE, "clickData"), prevent_initial_call=True)
    def _choose(click):
        return clicked_claim(click)

    @app.callback(Output(ids.PROVENANCE, "children"), Input(ids.CHOSEN, "data"), prevent_initial_call=True)
    def _provenance(claim_id):
        if not isinstance(claim_id, str) or not claim_id:
            return no_update
        return provenance_card(tables, claim_id)

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
    return views
