"""Small pieces of page built from rows (imports dash; used by layout and callbacks)."""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from .figures import STANCE_COLOURS
from .schema import Claims
from .store import Tables, paragraph_of

STANCE_BADGE = "badge stance-badge"
REVIEWED_BADGE = "badge bg-secondary ms-2"
# the elements ``Static`` draws: assets/static.js refuses any other (its TAGS, the same list)
STATIC_TAGS = frozenset({"tbody", "tr", "td", "div", "span", "strong", "blockquote"})


def stance_colour(stance: str) -> str:
    return STANCE_COLOURS.get(stance, "#777")


def _drawable(tag: str) -> str:
    if tag not in STATIC_TAGS:
        raise ValueError(f"Static does not draw <{tag}>: only {', '.join(sorted(STATIC_TAGS))}")
    return tag


class Static(Component):
    """Plain elements drawn from data by one component (``assets/static.js``): ``content`` is a list of
    nodes, each a string (text) or ``el(...)``. For panels whose elements have no callback of their own
    (the table's rows, the disagreement cards), which as Dash html components cost the page one
    component each."""

    _namespace = "dashboard_components"
    _type = "Static"
    _children_props: list[str] = []
    _base_nodes: list[str] = []
    _prop_names = ["id", "tag", "className", "content"]
    _valid_wildcard_attributes: list[str] = []
    available_properties = _prop_names
    available_wildcard_properties: list[str] = []

    def __init__(self, id: str | None = None, tag: str = "div", className: str | None = None, content: list | None = None):  # noqa: A002, N803 (Dash's names)
        _drawable(tag)
        super().__init__(id=id, tag=tag, className=className, content=content or [])


def el(tag: str, children: list, class_name: str | None = None, colour: str | None = None, data: dict | None = None) -> dict:
    """One element for ``Static``: its tag, children (strings and elements), classes, a background
    colour and data- attributes. A tag ``Static`` does not draw is refused here, on the server, rather
    than by the browser, where the whole panel would be left empty."""
    node: dict = {"tag": _drawable(tag), "children": children}
    if class_name:
        node["className"] = class_name
    if colour:
        node["colour"] = colour
    if data:
        node["data"] = data
    return node


def static_badge(stance: str) -> dict:
    """``stance_badge`` as an element for ``Static``."""
    return el("span", [stance], STANCE_BADGE, stance_colour(stance))


def stance_badge(stance: str) -> html.Span:
    return html.Span(stance, className=STANCE_BADGE, style={"backgroundColor": stance_colour(stance)})


def _side(row: dict, suffix: str) -> dict:
    return el(
        "div",
        [
            el("div", [el("strong", [row[f"actor_{suffix}"]]), " ", static_badge(row[f"stance_{suffix}"])]),
            el("blockquote", [row[f"quote_{suffix}"]], "quote mb-1"),
            el("div", [f"{row[f'source_{suffix}']} · {row[f'claim_date_{suffix}']}"], "text-muted small"),
        ],
        "col-md-6 disagreement-side",
    )


def disagreement_cards(rows: list[dict]) -> list[dict]:
    """One card per disagreement (a row of the disagreements table as a dict), as ``Static`` draws
    them: both claims side by side, labelled contradiction or shift."""
    cards = []
    for row in rows:
        kind = row["kind"]
        title = el(
            "div",
            [
                el("span", [f"{kind} · {row['days_apart']} days apart"], f"badge kind-{kind} me-2"),
                el("strong", [f"{row['affiliation']} on {row['topic']}"]),
            ],
            "mb-2",
        )
        body = el("div", [title, el("div", [_side(row, "a"), _side(row, "b")], "row")], "card-body")
        cards.append(el("div", [el("div", [body], "card")], f"mb-2 disagreement-card disagreement-{kind}"))
    return cards


def provenance_card(tables: Tables, claim_id: str) -> list:
    """The quote highlighted inside its paragraph, with publisher, source, dates and the article link."""
    match = tables.claims[tables.claims[Claims.CLAIM_ID] == claim_id]
    if match.empty:
        return [html.P("That claim is not in the current data.", className="text-muted")]
    # a dict, not a row Series: making a Series of mixed columns hashes every category of every label
    # column to find a common type (0.4 s the first time at a million claims)
    row = match.iloc[:1].to_dict("records")[0]
    article = tables.articles[tables.articles["article_id"] == str(row[Claims.ARTICLE_ID])]
    text = tables.texts.get(str(row[Claims.ARTICLE_ID]), "")
    start, end = int(row[Claims.CHAR_START]), int(row[Claims.CHAR_END])
    if text[start:end] == row[Claims.QUOTE]:
        before, quote, after = paragraph_of(text, start, end)
    else:
        before, quote, after = "", str(row[Claims.QUOTE]), ""
    url = str(article.iloc[0]["url"]) if len(article) else ""
    title = str(article.iloc[0]["title"]) if len(article) else str(row[Claims.ARTICLE_ID])
    reviewed = [html.Span("reviewed", className=REVIEWED_BADGE)] if row[Claims.METHOD] == "reviewed" else []
    facts = [
        ("Actor", f"{row[Claims.ACTOR]} ({row[Claims.AFFILIATION]})"),
        ("Position", f"{row[Claims.STANCE]} on {row[Claims.TOPIC]}"),
        ("Source", str(row[Claims.SOURCE])),
        ("Publisher", str(row[Claims.PUBLISHER])),
        ("Claim date", f"{row[Claims.CLAIM_DATE]} ({row[Claims.DATE_PRECISION]})"),
        ("Published", str(row[Claims.PUBLISHED])),
    ]
    return [
        html.H3(
            [stance_badge(str(row[Claims.STANCE])), f" {row[Claims.ACTOR]} · {row[Claims.TOPIC]}", *reviewed], className="h5"
        ),
        html.P([before, html.Mark(quote, id="provenance-quote"), after], className="provenance-paragraph"),
        html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="facts"),
        html.A(f"Read the article: {title}", href=url, target="_blank", rel="noopener noreferrer") if url else html.Span(title),
    ]


PAGE_SIZE = 20  # claims a table page
# the table's orders: value -> (column, descending, label); sorted on the server
SORTS = {
    "newest": (Claims.CLAIM_DATE, True, "Newest first"),
    "oldest": (Claims.CLAIM_DATE, False, "Oldest first"),
    "actor": (Claims.ACTOR, False, "Actor A–Z"),
    "topic": (Claims.TOPIC, False, "Topic A–Z"),
    "stance": (Claims.STANCE, False, "Stance A–Z"),
    "source": (Claims.SOURCE, False, "Source A–Z"),
}
DEFAULT_SORT = "newest"

# the claims table: (field, header); the whole quote is shown, wrapped
TABLE_COLUMNS = (
    (Claims.CLAIM_DATE, "Date"),
    (Claims.ACTOR, "Actor"),
    (Claims.TOPIC, "Topic"),
    (Claims.STANCE, "Stance"),
    (Claims.SOURCE, "Source"),
    (Claims.QUOTE, "Quote"),
    (Claims.AFFILIATION, "Affiliation"),
    (Claims.PUBLISHER, "Publisher"),
)


def table_rows(records: list[dict]) -> list[dict]:
    """Rows of the claims table, as ``Static`` draws them: plain-text cells (quotes and names never
    become markup), a coloured badge for the stance and a "reviewed" badge after a reviewed quote."""
    rows = []
    for r in records:
        cells = []
        for field, _ in TABLE_COLUMNS:
            value = r[field]
            if field == Claims.STANCE:
                cells.append(el("td", [static_badge(value)]))
            elif field == Claims.QUOTE:
                reviewed = [el("span", ["reviewed"], REVIEWED_BADGE)] if r["reviewed"] else []
                cells.append(el("td", [value, *reviewed], "claims-quote"))
            else:
                cells.append(el("td", [value]))
        rows.append(el("tr", cells, data={"claim": r[Claims.CLAIM_ID]}))
    return rows
