"""The review page (``python -m dashboard review``) in a real headless Chromium (Debian's, driven by
Playwright): decisions made by clicking reach reviews.csv, the rebuilt tables and the public app, and
survive a rebuild by a changed engine. Screenshots of the page at 1440 and 390 px go to artifacts/.

Everything runs on a copy of seeds/ and data/ in a temporary folder; each test ends with a clean
browser console (the page runs under its Content-Security-Policy, so a violation is caught)."""

from __future__ import annotations

import csv
import shutil
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboard import config
from dashboard.pipeline import extract as extract_module
from dashboard.pipeline.build import build
from dashboard.pipeline.extract.sentences import split_sentences
from dashboard.pipeline.reviews import added_claim_id
from dashboard.read import labels
from dashboard.read.store import load_tables
from dashboard.schema import Claims
from dashboard.web.app import create_app
from dashboard.web.review_app import create_review_app

from .test_browser import ARTIFACTS, open_page

pytestmark = pytest.mark.browser
TIMEOUT = 20_000  # ms: a decision rebuilds the tables before the page comes back


@pytest.fixture
def workspace(tmp_path):
    """seeds/ and data/ (tables and reviews.csv) copied into a temporary folder."""
    from .conftest import ROOT

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "data").mkdir()
    for table in (ROOT / "data").glob("*.csv"):
        shutil.copy(table, tmp_path / "data" / table.name)
    return tmp_path


def review_app(ws):
    return create_review_app(ws / "seeds", ws / "data", config.codebook_path(), ws / "data" / "reviews.csv")


@contextmanager
def serving(wsgi):
    srv = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()


@contextmanager
def watched(browser, width: int, height: int = 900):
    """A page whose console must stay clean."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    try:
        yield page
    finally:
        context.close()
    assert problems == [], problems


def reviews_rows(ws) -> list[dict]:
    with (ws / "data" / "reviews.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as r:  # noqa: S310 (loopback)
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def fits(page, width: int):
    """Nothing wider than the screen, and no two cards on top of each other."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = [page.locator(".review-item").nth(i).bounding_box() for i in range(page.locator(".review-item").count())]
    for a, b in zip(boxes, boxes[1:]):
        assert a["y"] + a["height"] <= b["y"] + 0.5
        assert a["x"] >= 0 and a["x"] + a["width"] <= width


def test_review_page001_decisions_by_clicking_reach_the_public_app(browser, workspace, monkeypatch):
    ws = workspace
    app = review_app(ws)
    session = app.extensions["review_session"]
    machine = session.machine
    newest = machine[machine[Claims.PUBLISHED] == machine[Claims.PUBLISHED].max()]
    once = newest[~newest.duplicated([Claims.QUOTE, Claims.ACTOR, Claims.TOPIC, Claims.STANCE], keep=False)]
    accepted, corrected, rejected = (once.iloc[i].to_dict() for i in (0, 3, 6))
    new_stance = "undecided" if corrected[Claims.STANCE] != "undecided" else "calls_for"
    article_id = accepted[Claims.ARTICLE_ID]
    text = session.articles[article_id].text
    read = set(newest[Claims.CHAR_START])
    sentence = next(s for s in split_sentences(text) if s.start not in read and len(s.text) > 60)
    added_id = added_claim_id(article_id, sentence.text, "Poland", "ground_troops", "opposes")

    with serving(app) as url, watched(browser, 1440) as page:
        page.goto(url + "/")
        expect(page.locator("#queue-count")).to_contain_text(f"{len(machine)} of {len(machine)} claims to review")
        expect(page.locator("#key-hint")).to_contain_text("a accept")
        first = page.locator(".review-item").first
        expect(first).to_have_attribute("data-claim", accepted[Claims.CLAIM_ID])  # newest article, first sentence
        expect(first.locator("mark")).to_have_text(accepted[Claims.QUOTE])
        expect(page.locator(".review-item.current")).to_have_attribute("data-claim", accepted[Claims.CLAIM_ID])

        # the keyboard: a accepts the current claim
        page.keyboard.press("a")
        expect(page.locator("#notice")).to_contain_text("Accepted")
        # reject, by clicking
        card = page.locator(f'.review-item[data-claim="{rejected[Claims.CLAIM_ID]}"]')
        card.get_by_role("button", name="Reject").click()
        expect(page.locator("#notice")).to_contain_text("Rejected")
        expect(page.locator(f'.review-item[data-claim="{rejected[Claims.CLAIM_ID]}"] .status-badge')).to_have_count(0)  # moved on
        # correct the stance, by clicking
        card = page.locator(f'.review-item[data-claim="{corrected[Claims.CLAIM_ID]}"]')
        card.get_by_text("Correct actor, topic or stance").click()
        card.locator('select[name="stance"]').select_option(new_stance)
        card.locator('input[name="note"]').fill("the sentence reports a debate, not a decision")
        card.get_by_role("button", name="Save correction").click()
        expect(page.locator("#notice")).to_contain_text("Corrected")
        expect(page.locator("#queue-count")).to_contain_text(f"{len(machine) - 3} of {len(machine)} claims to review")
        page.locator('#queue-tabs a[href="/?show=reviewed"]').click()
        done = page.locator(f'.review-item[data-claim="{corrected[Claims.CLAIM_ID]}"]')
        expect(done.locator(".status-badge")).to_have_text("corrected")
        expect(done.locator(".was")).to_contain_text(corrected[Claims.STANCE].replace("_", " "))
        expect(page.locator(f'.review-item[data-claim="{rejected[Claims.CLAIM_ID]}"] .status-badge')).to_have_text("rejected")

        # add a claim the extractor missed: article, sentence, reading
        page.get_by_role("link", name="Add a claim", exact=True).click()
        page.locator("#article-list a").first.click()
        page.locator(f"#s-{sentence.start}").click()
        page.locator('#add-form select[name="actor"]').select_option("Poland")
        page.locator('#add-form select[name="topic"]').select_option("ground_troops")
        page.locator('#add-form select[name="stance"]').select_option("opposes")
        expect(page.locator('#add-form input[name="source"]')).to_have_value(session.articles[article_id].publisher)
        page.locator("#add-claim").click()
        expect(page.locator("#notice")).to_contain_text("Added: Poland")
        expect(page.locator(f"#s-{sentence.start} .readings")).to_contain_text("Poland")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review_add_1440_at_sentence.png"))
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTIFACTS / "review_add_1440.png"), full_page=True)

        page.goto(url + "/?show=reviewed")
        fits(page, 1440)
        page.screenshot(path=str(ARTIFACTS / "review_page_1440.png"), full_page=True)

    # written at once to reviews.csv, each tied to its sentence and reading
    rows = reviews_rows(ws)
    assert [(r["claim_id"], r["action"]) for r in rows] == [
        (accepted[Claims.CLAIM_ID], "accept"),
        (rejected[Claims.CLAIM_ID], "reject"),
        (corrected[Claims.CLAIM_ID], "correct"),
        (added_id, "add"),
    ]
    fix = rows[2]
    assert (fix["stance"], fix["quote"], fix["original_stance"], fix["char_start"]) == (
        new_stance,
        corrected[Claims.QUOTE],
        corrected[Claims.STANCE],
        str(corrected[Claims.CHAR_START]),
    )
    assert fix["note"] == "the sentence reports a debate, not a decision"
    assert (rows[3]["quote"], rows[3]["char_start"], rows[3]["source"], rows[3]["claim_date"]) == (
        sentence.text,
        str(sentence.start),
        "",
        "",
    )

    # the rebuilt tables, in the public app
    def check_public(tables, corrected_id: str):
        with serving(create_app(tables).server) as public, watched(browser, 1440) as page:
            assert status(f"{public}/claim/{rejected[Claims.CLAIM_ID]}") == 404
            page.goto(f"{public}/claim/{corrected_id}")
            expect(page.locator("#claim-headline")).to_contain_text("reviewed by an analyst")
            expect(page.locator("#claim-headline .stance-badge")).to_have_text(labels.stance(new_stance))
            page.goto(f"{public}/claim/{added_id}")
            expect(page.locator("#claim-headline")).to_contain_text("Poland")
            expect(page.locator("#claim-headline")).to_contain_text("reviewed by an analyst")
            expect(page.locator("#claim-quote")).to_have_text(sentence.text)
            open_page(page, public, "?actor=Poland")
            row = page.locator(f'#claims-table tbody tr[data-claim="{added_id}"]')
            expect(row.locator("td.claims-quote .badge")).to_have_text("reviewed")
            expect(row.locator("td .stance-badge")).to_have_text(labels.stance("opposes"))

    tables = load_tables(ws / "data", ws / "seeds")
    claims = tables.claims.astype({Claims.CLAIM_ID: str, Claims.METHOD: str, Claims.STANCE: str})
    assert rejected[Claims.CLAIM_ID] not in set(claims[Claims.CLAIM_ID])
    assert claims.set_index(Claims.CLAIM_ID).loc[corrected[Claims.CLAIM_ID], Claims.STANCE] == new_stance
    assert claims.set_index(Claims.CLAIM_ID).loc[accepted[Claims.CLAIM_ID], Claims.METHOD] == "reviewed"
    check_public(tables, corrected[Claims.CLAIM_ID])

    # a changed engine (every claim id different) rebuilds the same decisions
    real = extract_module.claim_id
    monkeypatch.setattr(extract_module, "claim_id", lambda *key: "e2" + real(*key)[:10])
    summary = build(ws / "seeds", ws / "data", config.codebook_path(), ws / "data" / "reviews.csv")
    assert summary["orphan_reviews"] == [] and summary["rejected"] == 1 and summary["added"] == 1
    tables = load_tables(ws / "data", ws / "seeds")
    claims = tables.claims.astype(str)
    same = claims[claims[Claims.QUOTE] == corrected[Claims.QUOTE]]
    (fixed,) = same[
        (same[Claims.ACTOR] == corrected[Claims.ACTOR])
        & (same[Claims.TOPIC] == corrected[Claims.TOPIC])
        & (same[Claims.STANCE] == new_stance)
    ].to_dict("records")
    assert fixed[Claims.CLAIM_ID].startswith("e2") and fixed[Claims.METHOD] == "reviewed"
    gone = claims[claims[Claims.QUOTE] == rejected[Claims.QUOTE]]
    assert (rejected[Claims.ACTOR], rejected[Claims.TOPIC], rejected[Claims.STANCE]) not in set(
        zip(gone[Claims.ACTOR], gone[Claims.TOPIC], gone[Claims.STANCE])
    )
    assert claims.set_index(Claims.CLAIM_ID).loc[added_id, Claims.METHOD] == "reviewed"
    check_public(tables, fixed[Claims.CLAIM_ID])

    # and the review page, started on the changed engine, shows each decision on its claim
    with serving(review_app(ws)) as url, watched(browser, 1440) as page:
        page.goto(url + "/?show=reviewed")
        expect(page.locator(f'.review-item[data-claim="{fixed[Claims.CLAIM_ID]}"] .status-badge')).to_have_text("corrected")
        expect(page.locator(f'.review-item[data-claim="{added_id}"] .status-badge')).to_have_text("added")
        expect(page.locator(".review-item")).to_have_count(4)
        assert sorted(page.locator(".review-item .status-badge").all_inner_texts()) == [
            "accepted",
            "added",
            "corrected",
            "rejected",
        ]
        expect(page.locator("#unplaced")).to_have_count(0)


def test_review_page002_phone_width_undo_and_keys(browser, workspace):
    """At 390 px every card fits the screen; j moves to the next claim, u undoes a decision; an
    orphaned decision is listed with its reason and can be withdrawn."""
    ws = workspace
    app = review_app(ws)
    machine = app.extensions["review_session"].machine
    with (ws / "data" / "reviews.csv").open("a", encoding="utf-8", newline="") as f:
        f.write(',reject,,,,,gone_article,"A sentence from an article no longer here.",,,France,naval,supports,,\n')
    with serving(app) as url, watched(browser, 390, 844) as page:
        page.goto(url + "/")
        expect(page.locator("#unplaced")).to_contain_text("article gone_article is no longer among the articles")
        fits(page, 390)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review_page_390.png"), full_page=False)
        page.screenshot(path=str(ARTIFACTS / "review_page_390_full.png"), full_page=True)
        cards = page.locator(".review-item")
        second = cards.nth(1).get_attribute("data-claim")
        page.keyboard.press("j")
        expect(page.locator(".review-item.current")).to_have_attribute("data-claim", second)
        page.keyboard.press("r")
        expect(page.locator("#notice")).to_contain_text("Rejected")
        assert [r["claim_id"] for r in reviews_rows(ws)][-1] == second
        page.goto(url + f"/?focus={second}")
        expect(page.locator(".review-item.current")).to_have_attribute("data-claim", second)
        page.keyboard.press("u")
        expect(page.locator("#notice")).to_contain_text("Undid")
        assert second not in [r["claim_id"] for r in reviews_rows(ws)]
        page.keyboard.press("c")  # opens the current claim's correction and puts the cursor on its actor
        current = page.locator(".review-item.current")
        expect(current.locator("details.correct-panel")).to_have_attribute("open", "")
        expect(current.locator('select[name="actor"]')).to_be_focused()
        page.keyboard.press("Escape")
        page.locator("#unplaced").get_by_role("button", name="Withdraw").click()
        expect(page.locator("#notice")).to_contain_text("Withdrew")
        expect(page.locator("#unplaced")).to_have_count(0)
        assert reviews_rows(ws) == []
        expect(page.locator("#queue-count")).to_contain_text(f"{len(machine)} of {len(machine)}")
        page.goto(url + f"/article/{machine.iloc[0][Claims.ARTICLE_ID]}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "review_add_390.png"), full_page=False)
