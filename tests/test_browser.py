"""The dashboard in a real headless Chromium (Debian's, driven by Playwright).

Each test ends with a clean browser console. Full-page screenshots go to artifacts/.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboard.read import labels
from dashboard.read.filters import Filters, allowed_values
from dashboard.web.app import create_app

from .conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def server(shipped):
    app = create_app(shipped)
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert problems == [], problems


def open_page(page, base: str, query: str = ""):
    page.goto(base + "/" + query)
    page.wait_for_selector("#timeline-graph .main-svg")
    expect(page.locator("#summary")).not_to_be_empty()


def choose(page, control: str, option: str):
    """Pick ``option`` in a filter, whose options read "United States (16)": the value and its count."""
    page.click(f"#{control}")
    page.get_by_role("option", name=re.compile(rf"^{re.escape(option)} \(\d[\d,]*\)$")).click()
    page.keyboard.press("Escape")


def expect_points(page, n: int):
    expect(page.locator("#timeline-graph .scatterlayer .point")).to_have_count(n)


def expected(shipped, query: str):
    return Filters.from_query(query, allowed_values(shipped.claims))[0].apply(shipped.claims)


def test_browser001_page_loads_with_header_and_all_claims(page, server, shipped):
    open_page(page, server)
    expect(page.locator("#summary")).to_have_text(f"{len(shipped.claims)} claims")
    expect(page.locator("#data-version")).to_contain_text(f"{len(shipped.articles)} articles, {len(shipped.claims)} claims")
    expect_points(page, len(shipped.claims))
    assert page.title() == "Security guarantees for Ukraine: who stands where"
    # a pasted link previews with a title and description; the page offers its feed
    assert page.locator('meta[property="og:title"]').get_attribute("content") == page.title()
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == "/feed.atom"
    # the US positions on air support and air defence moving between Bloomberg (June) and the FT era (August)
    shifts = page.locator(".disagreement-shift")
    expect(shifts.filter(has_text="United States on air support")).not_to_have_count(0)
    for topic in ("air support", "air defence"):
        cards = shifts.filter(has_text=f"United States on {topic}")
        expect(cards.first).to_contain_text("Bloomberg · 4 Jun 2025")
        expect(cards.filter(has_text="· 27 Aug 2025")).not_to_have_count(0)
    expect(shifts.filter(has_text="United States on air defence").filter(has_text="Financial Times · 27 Aug 2025")).to_have_count(
        1
    )


def test_browser002_actor_and_topic_update_summary_points_disagreements_url(page, server, shipped):
    open_page(page, server)
    choose(page, "filter-actor", "United States")
    choose(page, "filter-topic", "air support")
    want = expected(shipped, "?actor=United+States&topic=air_support")
    expect(page.locator("#summary")).to_have_text(f"{len(want)} claims by United States about air support")
    expect_points(page, len(want))
    card = page.locator(".disagreement-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("United States on air support")
    # the card, drawn from data by assets/static.js: a badge for its kind, then each side's claim
    expect(card.locator(".card .card-body .badge.kind-shift")).to_have_text(re.compile(r"^shift · \d+ days apart$"))
    sides = card.locator(".disagreement-side")
    expect(sides).to_have_count(2)
    expect(sides.locator(".stance-badge")).to_have_text(["opposes", "supports"])
    expect(sides.first.locator(".stance-badge")).to_have_css("background-color", "rgb(213, 94, 0)")
    expect(sides.first.locator("blockquote.quote")).to_contain_text("refusal to provide air cover")
    expect(sides.first.locator(".text-muted")).to_have_text("Bloomberg · 4 Jun 2025 · open this claim")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"actor": ["United States"], "topic": ["air_support"]}
    expect(page.locator("#download-claims")).to_have_attribute(
        "href", "/download/claims.csv?actor=United+States&topic=air_support"
    )


def test_browser003_url_restores_the_view_and_back_works(page, server, shipped):
    open_page(page, server, "?actor=France&topic=intelligence&colour=red")
    want = expected(shipped, "?actor=France&topic=intelligence")
    expect(page.locator("#summary")).to_have_text(f"{len(want)} claims by France about intelligence")
    expect(page.locator("#filter-actor")).to_contain_text("France")
    expect(page.locator("#url-notes")).to_contain_text('ignored unknown parameter "colour"')
    expect_points(page, len(want))
    choose(page, "filter-stance", "calls for")
    expect(page.locator("#summary")).to_contain_text(re.compile(r"claims? by France that calls? for intelligence"))
    page.go_back()
    expect(page.locator("#summary")).to_have_text(f"{len(want)} claims by France about intelligence")


def test_browser004_clicking_a_point_opens_its_provenance(page, server, shipped):
    open_page(page, server, "?actor=Pentagon")
    (row,) = expected(shipped, "?actor=Pentagon").to_dict("records")
    expect_points(page, 1)
    box = page.locator("#timeline-graph .scatterlayer .point").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#provenance-quote")).to_have_text(row["quote"])
    expect(page.locator("#provenance")).to_contain_text("Gaya One")
    # the clicked point is marked on the chart
    ringed = "document.querySelector('#timeline-graph .js-plotly-plot').data.filter(t => t.name === 'chosen claim').length"
    page.wait_for_function(ringed + " === 1")
    expect(page.locator("#provenance a[target=_blank]")).to_have_attribute(
        "href", shipped.articles.set_index("article_id").loc[row["article_id"], "url"]
    )
    page.click("#provenance-claim-link")  # the card leads to the claim's own page
    expect(page).to_have_url(f"{server}/claim/{row['claim_id']}")
    expect(page.locator("#claim-quote")).to_have_text(row["quote"])


def test_browser005_downloaded_csv_equals_the_filtered_claims(page, server, shipped):
    open_page(page, server, "?actor=United+States&topic=air_defense")
    want = expected(shipped, "?actor=United+States&topic=air_defense")
    expect(page.locator("#summary")).to_have_text(f"{len(want)} claims by United States about air defence")
    with page.expect_download() as info:
        page.locator("#download-claims").click()
    download = info.value
    assert download.suggested_filename == f"claims_United-States_air-defence_articles-to-{shipped.latest}.csv"
    shown = page.locator("#claims-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.claim)")
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body[3:].decode("utf-8"))))
    assert len(want) <= 20 and [r["claim_id"] for r in rows] == shown  # the rows, in the order on screen
    assert sorted(r["quote"] for r in rows) == sorted(want.quote)
    articles = shipped.articles.set_index("article_id")
    assert [r["article_url"] for r in rows] == [articles.loc[r["article_id"], "url"] for r in rows]
    assert [r["article_title"] for r in rows] == [articles.loc[r["article_id"], "title"] for r in rows]
    assert [r["claim_url"] for r in rows] == [f"{server}/claim/{r['claim_id']}" for r in rows]
    # the plain link answers with the same rows
    link = page.locator("#download-claims").get_attribute("href")
    linked = page.request.get(server + link).body()
    assert linked == body


def test_browser006_phone_width_collapses_filters(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_selector("#timeline-graph .main-svg")
    toggle = page.locator("#filters-toggle")
    expect(toggle).to_be_visible()
    expect(page.locator("#filter-search")).to_be_hidden()
    toggle.click()
    expect(page.locator("#filter-search")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_browser006_phone.png"), full_page=True)
    context.close()


def test_browser007_keyboard_reaches_the_controls(page, server, shipped):
    open_page(page, server)
    page.locator("#filter-search").focus()
    page.keyboard.type("radar")
    page.keyboard.press("Enter")
    want = expected(shipped, "?q=radar")
    expect(page.locator("#summary")).to_have_text(f'{len(want)} claims mentioning "radar"')
    expect_points(page, len(want))
    assert "q=radar" in page.url


GRAPHS = ("timeline-graph", "contributions-graph", "counts-graph")
DRAWN_MARGINS = """ids => ids.map(id => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    const s = gd._fullLayout._size, m = gd.layout.margin;
    return {id, drawn: [s.l, s.r, s.t, s.b], asked: [m.l, m.r, m.t, m.b]};
})"""


def test_browser008_charts_drawn_once_with_the_margins_they_were_sent(browser, server):
    """The figures carry margins that fit their labels and legends, so plotly.js does not widen them
    and draw again (a third of the first render). On a phone they do not fit: automargin widens them."""
    for width, fits in ((1400, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(server + "/")
        page.wait_for_selector("#claims-table tbody tr")
        page.wait_for_timeout(300)  # the resize dcc.Graph asks for after the first draw
        graphs = page.evaluate(DRAWN_MARGINS, list(GRAPHS))
        context.close()
        assert len(graphs) == 3 and graphs[1]["asked"][0] > 20  # room for the contributors' names
        # the timeline names its rows in a left margin on a desktop, above each line on a phone
        assert graphs[0]["asked"][0] > 20 if fits else graphs[0]["asked"][0] == graphs[0]["drawn"][0] == 8
        if fits:
            assert [g["drawn"] for g in graphs] == [g["asked"] for g in graphs]
        else:  # the timeline's legend wraps into more rows than the desktop estimate
            timeline = graphs[0]
            assert timeline["drawn"][2] > timeline["asked"][2]


def test_browser009_no_legacy_polyfill_and_lazy_components_still_load(page, server):
    """The page does without @babel/polyfill and the DataTable bundle; the regenerator runtime Dash's
    lazy loaders need comes from assets/ before them, and the lazy components (graph, dropdown,
    date picker) still load and work (the fixture fails the test on any console error)."""
    open_page(page, server)
    scripts = page.evaluate("[...document.scripts].map(s => s.src.split('/').pop().split('?')[0]).filter(Boolean)")
    assert not [s for s in scripts if "polyfill" in s or s.startswith("bundle.")]
    runtime = next(i for i, s in enumerate(scripts) if s.startswith("regenerator-runtime"))
    assert runtime < next(i for i, s in enumerate(scripts) if s.startswith("dash_renderer"))
    assert page.evaluate("typeof regeneratorRuntime.mark") == "function"
    choose(page, "filter-topic", "air support")  # the dropdown is a lazy component
    expect(page.locator("#summary")).to_contain_text("about air support")
    expect(page.locator("#filter-dates")).to_have_attribute("placeholder", "from")  # so is the date picker


def test_browser010_claims_table_pages_orders_and_follows_the_filters(page, server, shipped):
    open_page(page, server)
    rows = page.locator("#claims-table tbody tr")
    expect(page.locator("#claims-range")).to_have_text(f"Claims 1–20 of {len(shipped.claims)}")
    expect(rows).to_have_count(20)
    dates = sorted(shipped.claims.claim_date.astype(str))
    expect(rows.first.locator("td").first).to_have_text(dates[-1])  # newest first
    page.locator("#claims-pager").get_by_text("2", exact=True).click()
    expect(page.locator("#claims-range")).to_have_text(f"Claims 21–{min(40, len(shipped.claims))} of {len(shipped.claims)}")
    page.select_option("#claims-sort", label="Oldest first")  # a new order starts again at page 1
    expect(page.locator("#claims-range")).to_have_text(f"Claims 1–20 of {len(shipped.claims)}")
    expect(rows.first.locator("td").first).to_have_text(dates[0])
    choose(page, "filter-actor", "Pentagon")
    want = expected(shipped, "?actor=Pentagon")
    expect(page.locator("#claims-range")).to_have_text(f"Claims 1–{len(want)} of {len(want)}")
    expect(rows).to_have_count(len(want))
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.claim)")) == sorted(want.claim_id)
    # the quote is shown whole, with the stance as a badge
    first = want.sort_values("claim_date", kind="stable").iloc[0]
    expect(page.locator(f'#claims-table tr[data-claim="{first.claim_id}"]')).to_contain_text(first.quote)


def test_browser011_table_rows_drawn_from_data_with_badges(page, shipped, tmp_path):
    """The table's body is one component drawing rows from data (assets/static.js): a cell per
    column as text, the stance as a badge in its colour, and a "reviewed" badge after the quote of a
    claim a reviewer corrected (here, on a build of the seeds with one review)."""
    from dashboard import config
    from dashboard.pipeline.build import build
    from dashboard.read.figures import STANCE_COLOURS
    from dashboard.read.store import load_tables

    claim = shipped.claims.sort_values("claim_date", kind="stable").iloc[0]
    stance = "undecided" if claim.stance != "undecided" else "calls_for"
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(f"claim_id,action,actor,topic,stance,note\n{claim.claim_id},correct,,,{stance},\n", encoding="utf-8")
    build(ROOT / "seeds", tmp_path / "data", config.codebook_path(), reviews)
    srv = make_server("127.0.0.1", 0, create_app(load_tables(tmp_path / "data", ROOT / "seeds")).server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        open_page(page, f"http://127.0.0.1:{srv.server_port}")
        page.select_option("#claims-sort", label="Oldest first")
        row = page.locator(f'#claims-table tbody tr[data-claim="{claim.claim_id}"]')
        expect(row.locator("td")).to_have_text(
            [
                str(claim.claim_date),
                str(claim.actor),
                labels.topic(claim.topic),
                labels.stance(stance),
                str(claim.source),
                f"{claim.quote}reviewed",
                str(claim.affiliation),
                str(claim.publisher),
            ]
        )
        colour = STANCE_COLOURS[stance].lstrip("#")
        rgb = "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
        expect(row.locator("td .stance-badge")).to_have_css("background-color", rgb)
        expect(row.locator("td.claims-quote .badge")).to_have_text("reviewed")
        expect(page.locator("#claims-table tbody tr")).to_have_count(20)
        expect(page.locator("#claims-table td.claims-quote .badge")).to_have_count(1)  # only the reviewed claim
        expect(page.locator("#claims-table td .stance-badge")).to_have_count(20)
        # the header counts it; a switch shows only what a person reviewed, in the address and the CSV
        expect(page.locator("#data-version")).to_contain_text("(1 reviewed by a person)")
        page.get_by_label("Only claims a person reviewed (1)").check()
        expect(page.locator("#summary")).to_have_text("1 reviewed claim")
        expect(page.locator("#claims-table tbody tr")).to_have_count(1)
        expect(page).to_have_url(re.compile(r"/\?reviewed=1&sort=oldest$"))  # the order chosen above stays
        body = page.request.get(
            f"http://127.0.0.1:{srv.server_port}" + page.locator("#download-claims").get_attribute("href")
        ).body()
        rows = list(csv.DictReader(io.StringIO(body[3:].decode("utf-8"))))
        assert [(r["claim_id"], r["stance"], r["method"]) for r in rows] == [(claim.claim_id, stance, "reviewed")]
    finally:
        srv.shutdown()


def test_browser012_claim_page_from_a_table_row_by_keyboard_and_from_a_card(page, server, shipped):
    """Every claim has a page: reached from its table row with the keyboard alone and from a
    disagreement card; it shows the sentence in its paragraph, the article, a citation and the
    actor's other claims on the topic."""
    open_page(page, server, "?actor=United+States&topic=air_support")
    n = len(expected(shipped, "?actor=United+States&topic=air_support"))
    expect(page.locator("#claims-range")).to_have_text(f"Claims 1–{n} of {n}")
    first = page.locator("#claims-table tbody tr").first
    claim_id = first.get_attribute("data-claim")
    row = shipped.claims.set_index("claim_id").loc[claim_id]
    page.locator("#filter-search").focus()
    for _ in range(200):  # Tab through the page to the first row's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('claim-link')"):
            break
    assert page.evaluate("document.activeElement.closest('tr').dataset.claim") == claim_id
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{server}/claim/{claim_id}")
    expect(page.locator("#claim-quote")).to_have_text(row.quote)
    url = shipped.articles.set_index("article_id").loc[row.article_id, "url"]
    expect(page.locator("#article-link")).to_have_attribute("href", url)
    expect(page.locator("#claim-cite")).to_contain_text(f"{url}; claim read from it")
    expect(page.locator("#claim-cite")).to_contain_text(f"{server}/claim/{claim_id}")
    others = shipped.claims[(shipped.claims.actor == "United States") & (shipped.claims.topic == "air_support")]
    expect(page.locator("#other-claims li")).to_have_count(len(others) - 1)
    assert (
        page.locator('meta[property="og:title"]').get_attribute("content")
        == page.locator("#claim-headline").inner_text().split(" ", 1)[1]
    )
    page.go_back()
    expect(page.locator(".disagreement-card")).to_have_count(1)
    bloomberg = page.locator(".disagreement-side").filter(has_text="Bloomberg").get_by_role("link", name="open this claim")
    bloomberg.click()
    refusal = shipped.claims[(shipped.claims.source == "Bloomberg") & (shipped.claims.topic == "air_support")].iloc[0]
    expect(page).to_have_url(f"{server}/claim/{refusal.claim_id}")
    expect(page.locator("#claim-headline")).to_have_text("opposes United States opposes air support")
    assert page.request.get(server + "/claim/000000000000").status == 404


def test_browser013_same_day_claims_are_drawn_side_by_side(page, server, shipped):
    """A row's claims of one day are all visible: as many distinct dots as claims, none hidden under another."""
    day = shipped.claims[shipped.claims.actor == "United States"].claim_date.astype(str).value_counts().index[0]
    query = f"?actor=United+States&from={day}&to={day}"
    want = expected(shipped, query)
    assert len(want) >= 5
    open_page(page, server, query)
    expect_points(page, len(want))
    centres = page.locator("#timeline-graph .scatterlayer .point").evaluate_all(
        "ps => ps.map(p => { const b = p.getBoundingClientRect(); return [Math.round(b.x + b.width / 2), Math.round(b.y + b.height / 2)]; })"
    )
    assert len({tuple(c) for c in centres}) == len(want)
    xs = sorted(x for x, _ in centres)
    assert min(b - a for a, b in zip(xs, xs[1:])) >= 4  # apart enough to hover each


def test_browser014_officials_switch_brings_in_who_speaks_for_a_country(page, server, shipped):
    open_page(page, server, "?actor=United+States")
    alone = expected(shipped, "?actor=United+States")
    along = expected(shipped, "?actor=United+States&officials=1")
    assert len(along) > len(alone)
    expect(page.locator("#summary")).to_have_text(f"{len(alone)} claims by United States")
    page.get_by_label("Include the people and bodies that speak for a chosen actor").check()
    expect(page.locator("#summary")).to_have_text(f"{len(along)} claims by United States or those who speak for it")
    expect_points(page, len(along))
    assert parse_qs(urlparse(page.url).query) == {"actor": ["United States"], "officials": ["1"]}
    expect(page.locator("#link-feed")).to_have_attribute("href", "/feed.atom?actor=United+States&officials=1")
    page.go_back()
    expect(page.locator("#summary")).to_have_text(f"{len(alone)} claims by United States")
    expect(page.locator("#filter-officials")).not_to_be_checked()


def test_browser015_who_changed_position_leads_to_each_step(page, server, shipped):
    open_page(page, server, "?actor=United+States&topic=air_support")
    line = page.locator("#paths .path-line")
    expect(line).to_have_count(1)
    expect(line).to_have_text(
        re.compile(
            r"^United States on air support: opposes 4 Jun 2025, Bloomberg → shift · 84 days → supports 27 Aug 2025, Gaya One \(\d claims\)$"
        )
    )
    line.get_by_role("link", name="4 Jun 2025").click()
    refusal = shipped.claims[(shipped.claims.source == "Bloomberg") & (shipped.claims.topic == "air_support")].iloc[0]
    expect(page).to_have_url(f"{server}/claim/{refusal.claim_id}")


PANELS = (
    "header, #card-timeline, #card-provenance, #card-disagreements, #card-paths, #card-coalition, #card-claims, .filters-card"
)


def test_browser016_phone_layout_names_every_row_and_overlaps_nothing(browser, server, shipped):
    """At 390 px: the timeline gives its width to the dates and writes each row's name above its line;
    no panel overlaps another and nothing is wider than the screen; each claim of the table is a
    card with its whole quote on screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    open_page(page, server, "?actor=United+States&officials=1")
    want = expected(shipped, "?actor=United+States&officials=1")
    rows = {f"{a} ({f})" if a != f else a for a, f in zip(want.actor.astype(str), want.affiliation.astype(str))}
    names = page.locator("#timeline-graph .annotation-text")
    expect(names).to_have_count(len(rows))
    assert set(names.evaluate_all("ts => ts.map(t => t.textContent)")) == rows
    expect(page.locator("#timeline-graph .yaxislayer-above .ytick")).to_have_count(0)
    plot = page.locator("#timeline-graph .nsewdrag").first.bounding_box()
    assert plot["width"] > 300  # the dates get the width, not the names
    boxes = page.locator(PANELS).evaluate_all(
        "els => els.map(e => { const b = e.getBoundingClientRect(); return [e.id || e.tagName, b.left, b.top, b.right, b.bottom]; })"
    )
    assert len(boxes) == 8
    for i, (name, left, top, right, bottom) in enumerate(boxes):
        assert left >= 0 and right <= 390, name
        for other, l2, t2, r2, b2 in boxes[i + 1 :]:
            assert right <= l2 or r2 <= left or bottom <= t2 or b2 <= top, (name, other)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    quote = page.locator("#claims-table tbody tr").first.locator("td.claims-quote")
    box = quote.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(page.locator("#claims-table thead")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "test_browser016_phone.png"), full_page=True)
    context.close()
    assert problems == [], problems


def test_browser017_chart_toolbars_are_out_of_the_tab_order(page, server):
    open_page(page, server)
    page.locator("#timeline-graph").hover()
    buttons = page.locator("#timeline-graph .modebar-btn")
    expect(buttons.first).to_be_attached()
    assert set(buttons.evaluate_all("bs => bs.map(b => b.getAttribute('tabindex'))")) == {"-1"}
    assert page.locator(".modebar-btn:not([tabindex='-1'])").count() == 0


# what Dash's own dropdown and date picker still do (not our markup): reported upstream, allowed here
DASH_COMPONENTS = {
    ("aria-allowed-attr", "#filter-dates-wrapper"),
    ("aria-hidden-focus", ".dash-dropdown-focus-target"),
    ("aria-prohibited-attr", ".dash-datepicker-clear"),
}


def axe_violations(page) -> list[tuple[str, str]]:
    """(rule, element) of every WCAG 2 A/AA failure axe-core finds on the page, less Dash's own."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}).response["violations"]
    out = [(v["id"], " ".join(map(str, n["target"]))) for v in found for n in v["nodes"]]
    return [(rule, where) for rule, where in out if not any(r == rule and w in where for r, w in DASH_COMPONENTS)]


@pytest.mark.parametrize("width", [1440, 390])
def test_browser018_axe_finds_no_contrast_or_markup_failure(browser, server, shipped, width):
    """axe-core (WCAG 2 A and AA: contrast of 4.5:1, names, roles, labels) on the dashboard with
    filters, its About page and a claim's page, at desktop and phone width."""
    claim = shipped.claims.claim_id.iloc[0]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for address in ("/?actor=United+States&topic=air_support", "/about", f"/claim/{claim}"):
        page.goto(server + address)
        if address.startswith("/?"):
            page.wait_for_selector("#timeline-graph .main-svg")
            expect(page.locator("#claims-range")).to_contain_text("of 5")
        assert axe_violations(page) == [], address
    context.close()


def test_browser019_the_address_restores_switch_order_page_and_claim(browser, server, shipped):
    """The whole view is in the address: a shared link reopens the "by source" switch, the table's
    order and page and the claim whose sentence was open; "Copy link" copies that address."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_page(page, server)
    page.get_by_label("Lay out by source instead of by actor").check()
    sources = sorted(set(shipped.claims.source.astype(str)))
    ticks = page.locator("#timeline-graph .yaxislayer-above .ytick text")
    expect(ticks).to_have_count(len(sources))
    expect(ticks.first).to_have_text(re.compile("|".join(map(re.escape, sources))))
    page.select_option("#claims-sort", label="Oldest first")
    page.locator("#claims-pager").get_by_text("2", exact=True).click()
    expect(page.locator("#claims-range")).to_have_text(f"Claims 21–40 of {len(shipped.claims)}")
    page.locator("#timeline-graph").scroll_into_view_if_needed()
    box = page.locator("#timeline-graph .scatterlayer .point").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#provenance-quote")).not_to_be_empty()
    chosen = page.locator("#provenance-claim-link").get_attribute("href").rsplit("/", 1)[1]
    expect(page).to_have_url(re.compile(r"\?by=source&sort=oldest&page=2&claim=" + chosen + "$"))
    address = page.url
    expect(page.locator("#share-link")).to_have_attribute("href", "/" + address.split("/", 3)[3])
    expect(page.locator("#share-link")).to_have_text("/" + address.split("/", 3)[3])
    page.click("#copy-link")
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    # the link opened afresh: the same view
    other = context.new_page()
    other.goto(address)
    other.wait_for_selector("#timeline-graph .main-svg")
    expect(other.locator("#timeline-by-source")).to_be_checked()
    expect(other.locator("#claims-sort")).to_have_value("oldest")
    expect(other.locator("#claims-range")).to_have_text(f"Claims 21–40 of {len(shipped.claims)}")
    expect(other.locator("#provenance-claim-link")).to_have_attribute("href", f"/claim/{chosen}")
    assert set(other.locator("#timeline-graph .yaxislayer-above .ytick text").all_text_contents()) == set(
        shipped.claims.source.astype(str)
    )
    # a filter keeps the switch and the order, starts the table at page 1
    choose(other, "filter-actor", "United States")
    expect(other).to_have_url(re.compile(r"\?actor=United\+States&by=source&sort=oldest&claim=" + chosen + "$"))
    context.close()


CODES = re.compile(
    r"\\b(?:security_guarantees|ground_troops|coalition_force|air_support|air_defense|burden_sharing|russia_role|"
    r"peace_process|calls_for|command_and_control)\\b|\\(s\\)"
)


@pytest.mark.parametrize("width", [1440, 390])
def test_browser020_no_code_or_plural_s_in_what_a_reader_sees(browser, server, width):
    """Every visible word is plain (no "air_support", "calls_for" or "report(s)"), the charts' own text
    included, on a busy selection and in every hover of the timeline."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for address in ("/", "/?stance=calls_for&stance=opposes", "/?topic=air_support&by=source"):
        open_page(page, server, address)
        expect(page.locator("#share-link")).to_have_attribute("href", address)  # the view is drawn
        page.wait_for_timeout(300)
        # the page's address, shown as the link to this view, keeps its parameters as they are
        visible = page.locator("body").inner_text().replace(page.locator("#share-link").inner_text(), "")
        chart_text = " ".join(page.locator("svg text").all_text_contents())
        found = CODES.findall(visible + " " + chart_text)
        assert found == [], (address, found)
        hovers = page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')].flatMap(g => g.data.map(t => (t.hovertemplate || '') + ' ' + "
            "JSON.stringify(t.customdata || []) + ' ' + (t.name || '')))"
        )
        assert CODES.findall(" ".join(hovers).replace("claim_id", "")) == [], address
    context.close()


def test_browser_about_page_from_the_header(browser, server, shipped):
    """The header states the blind score and leads to the About page, at desktop and phone width."""
    for width, height in ((1400, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m, seen=problems: seen.append(m.text) if m.type in ("error", "warning") else None)
        open_page(page, server)
        expect(page.locator("#trust")).to_contain_text("(F1 0.59)")
        page.click("#link-about")
        expect(page).to_have_url(server + "/about")
        rows = page.locator("#first-readings tbody tr")
        expect(rows).to_have_count(15)
        expect(rows.last.locator("td").nth(6)).to_have_text("0.59")
        expect(page.locator("#about-facts")).to_contain_text(f"Claims: {len(shipped.claims)}")
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"test_browser_about_{width}.png"), full_page=True)
        context.close()
        assert problems == [], problems
