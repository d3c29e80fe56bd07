"""The component tree (imports dash; no data logic beyond listing the filter options)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.read import labels
from dashboard.read.store import Tables
from dashboard.schema import STANCES, TOPICS, Claims
from dashboard.web import ids
from dashboard.web.about import data_facts
from dashboard.web.components import DEFAULT_SORT, SORTS, TABLE_COLUMNS, Static

CITE = (
    "Cite as: Security guarantees for Ukraine claims dashboard, data version {version} "
    "({articles} articles to {latest}), with the article and source named on each row."
)


def options(key: str, values, counts: dict[str, int] | None = None) -> list[dict]:
    """A filter's options: every value the data has (topics and stances in the codebook's order, the
    rest alphabetically), labelled in words with how many claims it has in the selection."""
    present = set(map(str, values))
    if key == "topic":
        ordered = [t for t in TOPICS if t in present]
    elif key == "stance":
        ordered = list(STANCES)
    else:
        ordered = sorted(present)
    word = labels.topic if key == "topic" else labels.stance if key == "stance" else str
    counts = counts or {}
    return [{"label": f"{word(v)} ({counts.get(v, 0):,})" if counts else word(v), "value": v} for v in ordered]


def _multi(label: str, id_: str, options: list[dict]) -> html.Div:
    return html.Div(
        [
            dbc.Label(label, html_for=id_),
            dcc.Dropdown(id=id_, options=options, multi=True, placeholder=f"Any {label.lower()}", searchable=True),
        ],
        className="mb-3",
    )


def filters_card(tables: Tables, counts: dict | None = None, reviewed: int = 0) -> dbc.Card:
    """The filters; ``counts`` are each option's claims in the first view (``Filters.facet_counts``)."""
    claims = tables.claims
    counts = counts or {}
    when = claims["when"].dropna()
    return dbc.Card(
        [
            dbc.CardHeader(
                html.Div(
                    [
                        html.H2("Filters", className="h6 mb-0"),
                        dbc.Button(
                            "Show / hide filters",
                            id=ids.FILTERS_TOGGLE,
                            size="sm",
                            color="secondary",
                            outline=True,
                            className="d-lg-none",
                        ),
                    ],
                    className="d-flex justify-content-between align-items-center",
                )
            ),
            dbc.Collapse(
                dbc.CardBody(
                    [
                        _multi("Actor", ids.ACTOR, options("actor", claims[Claims.ACTOR], counts.get("actor"))),
                        dbc.Switch(
                            id=ids.OFFICIALS,
                            label="Include the people and bodies that speak for a chosen actor",
                            value=False,
                            className="small mb-3 mt-n2",
                        ),
                        _multi(
                            "Affiliation",
                            ids.AFFILIATION,
                            options("affiliation", claims[Claims.AFFILIATION], counts.get("affiliation")),
                        ),
                        _multi("Topic", ids.TOPIC, options("topic", claims[Claims.TOPIC], counts.get("topic"))),
                        _multi("Source", ids.SOURCE, options("source", claims[Claims.SOURCE], counts.get("source"))),
                        _multi("Stance", ids.STANCE, options("stance", STANCES, counts.get("stance"))),
                        html.Div(
                            [
                                dbc.Label("Claim date", html_for=ids.DATES),
                                html.Div(
                                    dcc.DatePickerRange(
                                        id=ids.DATES,
                                        display_format="YYYY-MM-DD",
                                        clearable=True,
                                        min_date_allowed=when.min().date().isoformat() if len(when) else None,
                                        max_date_allowed=when.max().date().isoformat() if len(when) else None,
                                        start_date_placeholder_text="from",
                                        end_date_placeholder_text="to",
                                    )
                                ),
                            ],
                            className="mb-3",
                        ),
                        html.Div(
                            [
                                dbc.Label("Search quotes", html_for=ids.SEARCH),
                                dbc.Input(id=ids.SEARCH, type="search", debounce=True, placeholder="e.g. air cover"),
                            ],
                            className="mb-3",
                        ),
                        dbc.Switch(
                            id=ids.REVIEWED,
                            label=f"Only claims a person reviewed ({reviewed:,})",
                            value=False,
                            className="small mb-3",
                        ),
                        dbc.Button("Clear all filters", id=ids.RESET, color="link", className="p-0"),
                    ]
                ),
                id=ids.FILTERS_COLLAPSE,
                is_open=True,
            ),
        ],
        className="mb-3 filters-card",
    )


def _card(title: str, body: list, subtitle: str = "", card_id: str | None = None) -> dbc.Card:
    header = [html.H2(title, className="h5 mb-0")]
    if subtitle:
        header.append(html.Div(subtitle, className="text-muted small"))
    return dbc.Card(
        [dbc.CardHeader(header), dbc.CardBody(body)], className="mb-3", id=card_id or f"card-{title.split()[0].lower()}"
    )


def cite_line(tables: Tables) -> str:
    return CITE.format(version=tables.version, articles=len(tables.articles), latest=tables.latest)


def build_layout(tables: Tables, initial: dict | None = None, trust: str = "", facts: dict | None = None) -> html.Div:
    """The page. ``initial`` holds the panels of the unfiltered view (``Views.initial``), drawn
    into the page itself so that the first render needs no callback round trip; ``trust`` is the
    extractor's measured accuracy in a sentence (``about.trust_sentence``); ``facts`` what the data
    covers (``about.data_facts``, computed here when not given)."""
    initial = initial or {}
    n_articles, n_claims = len(tables.articles), len(tables.claims)
    facts = facts if facts is not None else data_facts(tables)
    header = html.Header(
        [
            html.H1("Security guarantees for Ukraine: who stands where", className="h3 mb-1"),
            html.P(
                "Positions of governments, leaders and blocs on post-war security guarantees for Ukraine, "
                "read from news articles, with the outlet each report credits and the sentence it was read from.",
                className="mb-1",
            ),
            html.P(
                f"{n_articles} articles, {n_claims} claims ({facts.get('Reviewed by a person', '0')} reviewed by a person)"
                + (f" dated {facts['Claim dates']}" if "Claim dates" in facts else "")
                + f" · {facts['Publishers']} publishers, {facts['Sources credited']} sources credited"
                + f" · latest article {tables.latest} · data version {tables.version}",
                className="text-muted small mb-0",
                id="data-version",
            ),
            html.P(
                [trust + " ", html.A("About the data, its accuracy and how to cite", href="/about", id="link-about")],
                className="small mb-1",
                id="trust",
            ),
            html.P(cite_line(tables), className="text-muted small"),
        ],
        className="my-3",
    )
    downloads = html.Div(
        [
            dbc.Button(
                "Download CSV",
                id=ids.DOWNLOAD_CLAIMS,
                href="/download/claims.csv",
                external_link=True,
                color="primary",
                className="me-2 mb-2",
            ),
            dbc.Button(
                "Contributions CSV",
                id=ids.DOWNLOAD_CONTRIBUTIONS,
                href="/download/contributions.csv",
                external_link=True,
                color="secondary",
                outline=True,
                className="me-2 mb-2",
            ),
            dbc.Button(
                "Disagreements CSV",
                id=ids.DOWNLOAD_DISAGREEMENTS,
                href="/download/disagreements.csv",
                external_link=True,
                color="secondary",
                outline=True,
                className="me-2 mb-2",
            ),
            html.Div(
                [
                    "The buttons are plain links: scripts get the same rows with the same query. As JSON: ",
                    html.A("claims.json", id=ids.LINK_API, href="/api/claims.json"),
                    ".",
                ],
                className="small text-muted",
            ),
        ]
    )
    main = html.Main(
        [
            html.Div(
                [
                    html.P(initial.get("summary"), id=ids.SUMMARY, className="lead mb-1", **{"aria-live": "polite"}),
                    html.Div(
                        [
                            "Link to this view: ",
                            html.A("/ (everything)", id=ids.SHARE_LINK, href="/"),
                            " ",
                            dbc.Button(
                                "Copy link", id=ids.COPY_LINK, size="sm", color="secondary", outline=True, className="py-0"
                            ),
                            html.Span(id=ids.COPY_STATUS, className="ms-1", role="status"),
                            " · ",
                            html.A("Follow this view in a feed reader (Atom)", id=ids.LINK_FEED, href="/feed.atom"),
                        ],
                        className="small mb-2",
                    ),
                    html.Div(id=ids.NOTES),
                ]
            ),
            _card(
                "Timeline of positions",
                [
                    dbc.Switch(id=ids.TIMELINE_BY, label="Lay out by source instead of by actor", value=False, className="mb-2"),
                    html.Div(
                        dcc.Graph(
                            id=ids.TIMELINE, figure=initial.get("timeline"), config={"displaylogo": False, "responsive": True}
                        ),
                        role="group",
                        **{"aria-label": "Timeline of positions; the claims table below lists the same points"},
                    ),
                    html.Div(
                        "Click a point to see the sentence it was read from. Claims of one row on one day are drawn side by side.",
                        className="text-muted small",
                    ),
                ],
                "Colour: stance. Marker: source. Hover for the quote.",
            ),
            _card(
                "Where it comes from",
                [
                    html.Div(
                        html.P("Click a point on the timeline to open its sentence here.", className="text-muted"),
                        id=ids.PROVENANCE,
                    )
                ],
                card_id="card-provenance",
            ),
            _card(
                "Disagreements between sources",
                [
                    html.P(initial.get("disagreements_summary"), id=ids.DISAGREEMENTS_SUMMARY, className="text-muted small"),
                    Static(id=ids.DISAGREEMENTS, content=initial.get("disagreements")),
                ],
                "Opposite stances on the same subject from different sources: a contradiction within "
                "14 days, otherwise a shift over time.",
            ),
            _card(
                "Who changed position",
                [
                    html.P(initial.get("paths_summary"), id=ids.PATHS_SUMMARY, className="text-muted small"),
                    Static(id=ids.PATHS, content=initial.get("paths")),
                ],
                "Each actor's stances on a topic over time, as the selected reports give them. Opposite stances from "
                "different sources within 14 days contradict each other; further apart, the position shifted.",
                card_id="card-paths",
            ),
            _card(
                "Coalition contributions",
                [
                    dcc.Graph(
                        id=ids.CONTRIBUTIONS,
                        figure=initial.get("contributions"),
                        config={"displaylogo": False, "responsive": True},
                    ),
                    html.H3("Reported totals", className="h6 mt-3"),
                    dcc.Graph(id=ids.COUNTS, figure=initial.get("counts"), config={"displaylogo": False, "responsive": True}),
                    html.Div(
                        "Dot size: how many reports state it. Reported totals: an exact figure is a dot; an approximate one "
                        '("around 30", "single digits") a bar over its whole range, labelled with the report\'s words; an '
                        'open-ended one ("at least 37") a triangle at its lower bound.',
                        className="text-muted small",
                    ),
                ],
                "Who offers, commits, refuses or is asked for which capability, and the totals the press reports.",
            ),
            _card(
                "Claims",
                [
                    downloads,
                    claims_table(initial.get("table")),
                ],
                "Every filtered claim, 20 a page, with the sentence it was read from. Rows corrected by an analyst are marked reviewed.",
            ),
        ]
    )
    return dbc.Container(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.FILTERS, data=""),
            dcc.Store(id=ids.SCREEN),
            dcc.Store(id=ids.CHOSEN, data=""),
            header,
            dbc.Row(
                [
                    dbc.Col(
                        html.Aside(filters_card(tables, initial.get("options"), int(facts.get("Reviewed by a person", 0)))), lg=3
                    ),
                    dbc.Col(main, lg=9),
                ]
            ),
            html.Footer(
                html.P(
                    [
                        "Claims are read from article text by a parse of each sentence and a learned layer (method ",
                        html.Code("rule"),
                        "); sources are the outlets each article credits. ",
                        html.A("How they are read, and how often they are right", href="/about#accuracy"),
                        ".",
                    ],
                    className="text-muted small",
                ),
                className="my-3",
            ),
        ],
        fluid=True,
    )


def claims_table(initial: tuple | None) -> html.Div:
    """The claims table: an order, the page's rows (server-rendered, first page in the layout) and a pager."""
    rows, pages, page, text = initial if initial is not None else ([], 1, 1, "")
    return html.Div(
        [
            html.Div(
                [
                    html.Div(text, id=ids.TABLE_RANGE, className="text-muted small", role="status"),
                    html.Div(
                        [
                            dbc.Label("Order", html_for=ids.TABLE_SORT, className="small mb-0 me-2"),
                            dbc.Select(
                                id=ids.TABLE_SORT,
                                options=[{"label": label, "value": key} for key, (_, _, label) in SORTS.items()],
                                value=DEFAULT_SORT,
                                size="sm",
                                style={"width": "11rem"},
                            ),
                        ],
                        className="d-flex align-items-center",
                    ),
                ],
                className="d-flex justify-content-between align-items-center flex-wrap gap-2 mb-2",
            ),
            html.Div(
                dbc.Table(
                    [
                        html.Thead(html.Tr([html.Th(header, scope="col") for _, header in TABLE_COLUMNS])),
                        Static(id=ids.TABLE_BODY, tag="tbody", content=rows),
                    ],
                    id=ids.TABLE,
                    hover=True,
                    size="sm",
                    className="claims-table mb-2",
                ),
                className="table-responsive",
            ),
            dbc.Pagination(
                id=ids.TABLE_PAGER,
                max_value=pages,
                active_page=page,
                first_last=True,
                previous_next=True,
                fully_expanded=False,
                size="sm",
            ),
        ]
    )
