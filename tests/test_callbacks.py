"""Callbacks as plain functions."""

from dash import no_update

from dashboard import ids
from dashboard.callbacks import render, sync_filters
from dashboard.filters import allowed_values


def test_callbacks001_url_sets_the_controls(shipped):
    allowed = allowed_values(shipped.claims)
    out = sync_filters(ids.URL, "?actor=United+States&topic=air_support&actor=Nobody", (None,) * 5, None, None, None, allowed)
    search, actor, affiliation, topic, source, stance, start, end, q, query, notes = out
    assert search is no_update and actor == ["United States"] and topic == ["air_support"] and affiliation == []
    assert query == "?actor=United+States&topic=air_support"
    assert 'ignored unknown actor "Nobody"' in str(notes)


def test_callbacks002_controls_write_the_url(shipped):
    allowed = allowed_values(shipped.claims)
    out = sync_filters(ids.TOPIC, "", (["France"], None, ["intelligence"], None, None), "2025-06-01", None, "", allowed)
    assert out[0] == "?actor=France&topic=intelligence&from=2025-06-01" and out[-2] == out[0] and out[-1] is None


def test_callbacks003_reset_clears_everything(shipped):
    out = sync_filters(
        ids.RESET, "?actor=France", (["France"], None, None, None, None), None, None, "x", allowed_values(shipped.claims)
    )
    assert out[0] == "" and out[1:6] == ([], [], [], [], []) and out[-2] == ""


def test_callbacks004_render_follows_the_selection(shipped):
    out = render(shipped, "?actor=United+States&topic=air_support", False, allowed_values(shipped.claims))
    summary, href, link_text, timeline, cards, dis_summary, contributions, counts, rows, l_claims, l_contrib, l_dis, l_api = out
    assert summary == "5 claims by United States about air_support"
    assert (
        href == "/?actor=United+States&topic=air_support"
        and l_claims == "/download/claims.csv?actor=United+States&topic=air_support"
    )
    assert l_api == "/api/claims.json?actor=United+States&topic=air_support"
    assert len(rows) == 5 and {r["topic"] for r in rows} == {"air_support"}
    assert dis_summary == "1 disagreement(s): 0 contradiction(s), 1 shift(s)." and len(cards) == 1


def test_callbacks005_empty_selection_explains_itself(shipped):
    out = render(shipped, "?actor=Pentagon&stance=opposes", False, allowed_values(shipped.claims))
    assert out[0].startswith("0 claims by Pentagon that opposes. Nothing matches")
    assert out[3].layout.annotations[0].text == "No claims match these filters."
    assert out[5] == "No disagreements between sources in this selection."
