"""Small pieces of page built from rows (imports dash; used by layout and callbacks)."""

from __future__ import annotations

import re

from dash import html
from dash.development.base_component import Component

from dashboard.read import labels
from dashboard.read.exports import claim_path
from dashboard.read.figures import STANCE_COLOURS
from dashboard.read.store import Tables, claim_in_context
from dashboard.schema import Claims

STANCE_BADGE = "badge stance-badge"
REVIEWED_BADGE = "badge bg-secondary ms-2"
# the elements ``Static`` draws: assets/static.js refuses any other (its TAGS, the same list)
STATIC_TAGS = frozenset({"tbody", "tr", "td", "div", "span", "strong", "blockquote", "a"})
LOCAL_HREF = re.compile(r"/(?![/\\])\S*")  # a page of this site: assets/static.js draws no other link


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


def el(
    tag: str,
    children: list,
    class_name: str | None = None,
    colour: str | None = None,
    data: dict | None = None,
    href: str | None = None,
) -> dict:
    """One element for ``Static``: its tag, children (strings and elements), classes, a background
    colour, data- attributes and, for a link, its address on this site. A tag ``Static`` does not draw,
    or a link elsewhere, is refused here, on the server, rather than by the browser."""
    node: dict = {"tag": _drawable(tag), "children": children}
    if href is not None:
        if tag != "a" or not LOCAL_HREF.fullmatch(href):
            raise ValueError(f"Static links only to pages of this site: {href!r}")
        node["href"] = href
    if class_name:
        node["className"] = class_name
    if colour:
        node["colour"] = colour
    if data:
        node["data"] = data
    return node


def static_badge(stance: str) -> dict:
    """``stance_badge`` as an element for ``Static``."""
    return el("span", [labels.stance(stance)], f"{STANCE_BADGE} stance-{stance}", stance_colour(stance))


def stance_badge(stance: str) -> html.Span:
    """The stance in words on its colour (the text colour that keeps 4.5:1 is in dashboard.css)."""
    return html.Span(
        labels.stance(stance), className=f"{STANCE_BADGE} stance-{stance}", style={"backgroundColor": stance_colour(stance)}
    )


def claim_link(claim_id: str, text: str, class_name: str | None = None) -> dict:
    """A link to the claim's own page, as an element for ``Static``."""
    return el("a", [text], class_name, href=claim_path(claim_id))


def _side(row: dict, suffix: str) -> dict:
    return el(
        "div",
        [
            el(
                "div",
                [
                    el("strong", [labels.actor(row[f"actor_{suffix}"], row["affiliation"])]),
                    " ",
                    static_badge(row[f"stance_{suffix}"]),
                ],
            ),
            el("blockquote", [row[f"quote_{suffix}"]], "quote mb-1"),
            el(
                "div",
                [
                    f"{row[f'source_{suffix}']} · {labels.day(row[f'claim_date_{suffix}'])} · ",
                    claim_link(row[f"claim_id_{suffix}"], "open this claim"),
                ],
                "text-muted small",
            ),
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
                el("span", [f"{kind} · {labels.plural(int(row['days_apart']), 'day')} apart"], f"badge kind-{kind} me-2"),
                el("strong", [f"{row['affiliation']} on {labels.topic(row['topic'])}"]),
            ],
            "mb-2",
        )
        body = el("div", [title, el("div", [_side(row, "a"), _side(row, "b")], "row")], "card-body")
        cards.append(el("div", [el("div", [body], "card")], f"mb-2 disagreement-card disagreement-{kind}"))
    return cards


def _when(step: dict) -> str:
    first, last = labels.day(step["first"]), labels.day(step["last"])
    return first if first == last else f"{first} to {last}"


def path_lines(paths: list[dict]) -> list[dict]:
    """Who changed their mind (``derive.position_paths``), as ``Static`` draws it: one line per actor
    and topic, its stances over time as coloured steps, each step's dates leading to its first claim's
    page, and between steps how one followed the other (a contradiction, a shift, and after how long)."""
    lines = []
    for path in paths:
        parts: list = [el("strong", [f"{labels.actor(path['actor'], path['affiliation'])} on {labels.topic(path['topic'])}: "])]
        if path.get("earlier"):
            parts.append(el("span", [f"{labels.plural(path['earlier'], 'earlier step')} … "], "text-muted"))
        for step in path["steps"]:
            if "days" in step:
                gap = labels.plural(step["days"], "day")
                parts.append(" → ")
                if step["kind"]:
                    parts += [el("span", [f"{step['kind']} · {gap}"], f"badge kind-{step['kind']} me-1"), " → "]
            more = f" ({labels.plural(step['claims'], 'claim')})" if step["claims"] > 1 else ""
            parts.append(
                el(
                    "span",
                    [
                        static_badge(step["stance"]),
                        " ",
                        claim_link(step["claim_id"], _when(step)),
                        f", {labels.join(step['sources'])}{more}",
                    ],
                    "path-step",
                )
            )
        lines.append(el("div", parts, "path-line mb-2"))
    return lines


def provenance_card(tables: Tables, claim_id: str) -> list:
    """The quote highlighted inside its paragraph, with publisher, source, dates and the article link."""
    found = claim_in_context(tables, claim_id)
    if found is None:
        return [html.P("That claim is not in the current data.", className="text-muted")]
    row, url, title = found.row, found.url, found.title
    before, quote, after = found.before, found.quote, found.after
    reviewed = [html.Span("reviewed", className=REVIEWED_BADGE)] if row[Claims.METHOD] == "reviewed" else []
    facts = [
        ("Actor", labels.actor(row[Claims.ACTOR], row[Claims.AFFILIATION])),
        ("Position", labels.stance(row[Claims.STANCE])),
        ("Topic", labels.topic(row[Claims.TOPIC])),
        ("According to", str(row[Claims.SOURCE])),
        ("Publisher", str(row[Claims.PUBLISHER])),
        ("Claim date", labels.claim_date(str(row[Claims.CLAIM_DATE]), str(row[Claims.DATE_PRECISION]))),
        ("Published", labels.day(str(row[Claims.PUBLISHED]))),
    ]
    return [
        html.H3(
            [stance_badge(str(row[Claims.STANCE])), f" {row[Claims.ACTOR]} · {labels.topic(row[Claims.TOPIC])}", *reviewed],
            className="h5",
        ),
        html.P([before, html.Mark(quote, id="provenance-quote"), after], className="provenance-paragraph"),
        html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))], className="facts"),
        html.Div(
            html.A("Open this claim's page (to cite or share it)", href=claim_path(claim_id), id="provenance-claim-link"),
            className="mb-1",
        ),
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
            if field == Claims.CLAIM_DATE:
                cells.append(el("td", [claim_link(r[Claims.CLAIM_ID], value, "claim-link")]))
            elif field == Claims.TOPIC:
                cells.append(el("td", [labels.topic(value)]))
            elif field == Claims.STANCE:
                cells.append(el("td", [static_badge(value)]))
            elif field == Claims.QUOTE:
                reviewed = [el("span", ["reviewed"], REVIEWED_BADGE)] if r["reviewed"] else []
                cells.append(el("td", [value, *reviewed], "claims-quote"))
            else:
                cells.append(el("td", [value]))
        rows.append(el("tr", cells, data={"claim": r[Claims.CLAIM_ID]}))
    return rows
