"""A claim's own page (/claim/<id>), the labels that replace codes, and same-day claims drawn side by side."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dashboard.read import labels
from dashboard.read.figures import side_by_side
from dashboard.web.app import create_app
from dashboard.web.claim_page import cite, claim_html


@pytest.fixture(scope="module")
def client(shipped):
    return create_app(shipped).server.test_client()


def bloomberg_refusal(shipped):
    c = shipped.claims
    return c[(c.source == "Bloomberg") & (c.topic == "air_support")].iloc[0]


def test_claim_page001_shows_the_sentence_the_article_and_a_citation(client, shipped):
    claim = bloomberg_refusal(shipped)
    r = client.get(f"/claim/{claim.claim_id}")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert '<h1 class="h3" id="claim-headline">' in page and "United States opposes air support</h1>" in page
    assert f'<mark id="claim-quote">{claim.quote}</mark>' in page
    url = shipped.articles.set_index("article_id").loc[claim.article_id, "url"]
    assert f'<a href="{url}" rel="noopener noreferrer" id="article-link">' in page
    assert f"{url}; claim read from it by the Security guarantees for Ukraine claims dashboard" in page
    assert f"http://localhost/claim/{claim.claim_id}</p>" in page
    assert '<meta property="og:title" content="United States opposes air support">' in page
    # the actor's other claims on the topic, each a link to its own page
    others = shipped.claims[(shipped.claims.actor == "United States") & (shipped.claims.topic == "air_support")]
    for other in others.claim_id:
        assert (f'href="/claim/{other}"' in page) == (other != claim.claim_id)
    assert 'href="/?actor=United+States&amp;topic=air_support"' in page


def test_claim_page002_unknown_or_malformed_ids_are_a_plain_404(client):
    r = client.get("/claim/000000000000")
    assert r.status_code == 404 and "No claim 000000000000 in the current data" in r.get_data(as_text=True)
    r = client.get("/claim/%3Cscript%3E")
    assert r.status_code == 404 and "<script>" not in r.get_data(as_text=True)


def test_claim_page003_every_value_is_escaped(shipped):
    claims = shipped.claims.copy()
    i = claims.index[claims.claim_id == bloomberg_refusal(shipped).claim_id][0]
    claims["quote"] = claims["quote"].astype(str)
    claims["source"] = claims["source"].astype(str)
    claims.loc[i, "quote"] = "<script>alert(1)</script>"
    claims.loc[i, "source"] = '"><img src=x onerror=alert(1)>'
    tables = dataclasses.replace(shipped, claims=claims)
    page = claim_html(tables, claims.loc[i, "claim_id"], "https://example.org/", "T")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_claim_page004_citation_names_article_and_page():
    claim = {"publisher": "UNN", "published": "2025-06-04", "article_id": "a1"}
    article = {"title": "The US refuses", "url": "https://unn.ua/x"}
    assert cite(claim, article, "https://site/claim/c1", "ab12") == (
        "UNN, “The US refuses”, 4 Jun 2025, https://unn.ua/x; claim read from it by the Security guarantees for "
        "Ukraine claims dashboard (data version ab12): https://site/claim/c1"
    )


def test_labels001_codes_in_plain_words():
    assert [labels.topic(t) for t in ("air_support", "russia_role", "coalition_force")] == [
        "air support",
        "Russia's role",
        "the coalition force",
    ]
    assert labels.stance("calls_for") == "calls for" and labels.stance_verb("undecided", 2) == "are undecided on"
    assert labels.capability("command_and_control") == "command" and labels.status("sought") == "asked for"
    assert labels.actor("United States", "United States") == "United States"
    assert labels.actor("Keir Starmer", "United Kingdom") == "Keir Starmer (United Kingdom)"
    assert labels.claim_date("2025-06-15", "month") == "Jun 2025 (only the month is stated)"
    assert labels.period("2025-06-01", "2025-08-01") == "dated 1 Jun 2025 to 1 Aug 2025"
    assert labels.period(None, "2025-08-01") == "dated 1 Aug 2025 or earlier"
    assert labels.plural(1, "claim") == "1 claim" and labels.plural(2345, "claim") == "2,345 claims"


def test_figures_side_by_side_spreads_one_rows_day_and_leaves_others():
    day = np.array(["2025-06-04", "2025-06-04", "2025-06-04", "2025-06-04", "2025-08-27"], dtype="datetime64[s]")
    row = np.array([0, 0, 0, 1, 0])
    stance = np.array(["opposes", "supports", "supports", "supports", "supports"], dtype=object)
    x = side_by_side(day, row, stance)
    gap = np.timedelta64(round((84 + 40) * 86400 / 110), "s")
    # row 0 on 4 June: three claims centred on the day, supports before opposes (the stances' order)
    assert list(x[:3] - day[:3]) == [gap, -gap, np.timedelta64(0, "s")]
    assert x[3] == day[3] and x[4] == day[4]  # alone on their row and day: on the date itself


def test_feed001_a_view_as_an_atom_feed_newest_first_linking_claim_pages(client, shipped):
    """/feed.atom with the page's query: a valid Atom document of that view's claims, the latest
    published first, each entry leading to its claim's page; unknown values are ignored as on the page."""
    import xml.etree.ElementTree as ET

    r = client.get("/feed.atom?actor=United+States&topic=air_support&colour=red")
    assert r.status_code == 200 and r.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(r.data)
    c = shipped.claims
    want = c[(c.actor == "United States") & (c.topic == "air_support")]
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(want)
    assert feed.find("a:title", ns).text.endswith(f"{len(want)} claims by United States about air support")
    published = [e.find("a:published", ns).text for e in entries]
    assert published == sorted(published, reverse=True) and published[-1] == "2025-06-04T00:00:00Z"
    links = [e.find("a:link", ns).get("href") for e in entries]
    assert sorted(links) == sorted(f"http://localhost/claim/{i}" for i in want.claim_id)
    last = entries[-1]
    assert last.find("a:title", ns).text == "United States opposes air support (Bloomberg)"
    assert "refusal to provide air cover" in last.find("a:summary", ns).text
    assert feed.find("a:link[@rel='alternate']", ns).get("href") == "http://localhost/?actor=United+States&topic=air_support"
    # a view with nothing in it is still a valid, empty feed
    empty = ET.fromstring(client.get("/feed.atom?actor=Pentagon&stance=opposes").data)
    assert empty.findall("a:entry", ns) == [] and empty.find("a:updated", ns).text == "2025-08-27T00:00:00Z"
