"""An article full of markup, built and served like any other, in a real headless Chromium.

Its title, publisher and quotes reach the header, the timeline, the disagreement cards, the
table and the provenance card; everywhere they must show as text and run nothing. The page is
served with the production Content-Security-Policy, and the console must stay clean.
"""

from __future__ import annotations

import csv
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboard import config
from dashboard.pipeline.build import build
from dashboard.read.store import load_tables
from dashboard.web.app import create_app

from .test_browser import ARTIFACTS, open_page

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__owned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__owned = 'img'\">"
ARTICLE = f"""France says it will send troops {SCRIPT}

France said it would send troops to Ukraine after a ceasefire {IMG} officials said.
The United States has ruled out air support for the force {SCRIPT}.
"""
LATER = """US rethinks its position

The United States said it would provide air support to a European force after a ceasefire.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds, data = root / "seeds", root / "data"
    seeds.mkdir()
    (seeds / "evil.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "later.txt").write_text(LATER, encoding="utf-8")
    with open(seeds / "articles.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "title", "publisher", "published", "url"])
        writer.writerow(["evil.txt", f"Title {IMG}", f"Wire {SCRIPT}", "2025-06-04", "https://example.org/a?x=<b>"])
        writer.writerow(["later.txt", "", "Other Wire", "2025-09-01", ""])
    build(seeds, data, config.codebook_path(), None)
    tables = load_tables(data, seeds)
    assert any(SCRIPT in q for q in tables.claims.quote.astype(str))
    app = create_app(tables)
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}", tables
    srv.shutdown()


def test_browser_hostile001_markup_in_articles_renders_as_text(browser, hostile):  # noqa: F811
    base, tables = hostile
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    open_page(page, base, "?actor=France")
    # the quote is in the table as text
    expect(page.locator("#claims-table td", has_text="<script>").first).to_be_visible()
    # click the point: the provenance card shows the markup as characters
    box = page.locator("#timeline-graph .scatterlayer .point").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#provenance")).to_contain_text("<img src=x onerror=")
    expect(page.locator("#provenance")).to_contain_text(f"Title {IMG}")
    # the disagreement between the two wires carries the quote too
    page.goto(base + "/?actor=United+States")
    expect(page.locator(".disagreement-card").first).to_contain_text(SCRIPT)
    assert page.evaluate("window.__owned") is None
    assert page.locator("main img, main script, #provenance script").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_browser_hostile001.png"), full_page=True)
    context.close()
    assert problems == [], problems


def test_browser_hostile002_static_draws_text_and_only_its_elements(browser):  # noqa: F811
    """``Static`` (assets/static.js) draws strings as text and refuses an element outside its list,
    its own or one in its content, so data can never put a script or a link in the page."""
    from dash import Dash, html

    from dashboard.web.components import Static, el

    app = Dash(__name__, assets_folder=str(config.assets_dir()), serve_locally=True)
    refused_root = Static(id="refused-root", content=["window.__owned = 'root'"])
    refused_root.tag = "script"  # past the server's own check (el, Static), to test the browser's
    app.layout = html.Div(
        [
            Static(id="text", content=[el("span", [SCRIPT], "x", data={"claim": IMG})]),
            html.Div(Static(id="refused", content=[{"tag": "script", "children": ["window.__owned = 'static'"]}]), id="holder"),
            html.Div(refused_root, id="holder-root"),
        ]
    )
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(f"http://127.0.0.1:{srv.server_port}/")
        expect(page.locator("#text span.x")).to_have_text(SCRIPT)
        expect(page.locator("#text span.x")).to_have_attribute("data-claim", IMG)
        expect(page.locator("#holder")).to_be_empty()  # a refused panel draws nothing
        expect(page.locator("#holder-root")).to_be_empty()  # its own element is checked too
        assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__owned')).length") == 0
        assert page.evaluate("window.__owned") is None
        assert sum("<script> is not one of the elements it draws" in e for e in errors) >= 2, errors
    finally:
        context.close()
        srv.shutdown()
