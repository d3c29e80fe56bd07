"""Callbacks as plain functions: the URL sync and each panel's view."""

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import no_update

from dashboard.read.filters import allowed_values
from dashboard.web import ids
from dashboard.web.callbacks import MAX_CARDS, Views, sync_filters
from dashboard.web.components import disagreement_cards, table_rows


@pytest.fixture(scope="module")
def views(shipped):
    return Views(shipped)


def test_callbacks001_url_sets_the_controls(shipped):
    allowed = allowed_values(shipped.claims)
    out = sync_filters(ids.URL, "?actor=United+States&topic=air_support&actor=Nobody", (None,) * 5, None, None, None, allowed)
    search, actor, affiliation, topic, source, stance, start, end, q, officials, reviewed, query, notes = out
    assert officials is False and reviewed is False
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


def test_callbacks004_summary_and_links(views, shipped):
    # the share link is the page's whole address, written in the browser (test_browser019 checks it)
    summary, csv_claims, csv_contrib, csv_dis, api, feed = views.summary("?actor=United+States&topic=air_support")
    claims = shipped.claims
    n = int(((claims.actor == "United States") & (claims.topic == "air_support")).sum())
    assert n >= 2 and summary == f"{n} claims by United States about air support"
    assert csv_contrib == "/download/contributions.csv?actor=United+States&topic=air_support"
    assert csv_claims == "/download/claims.csv?actor=United+States&topic=air_support"
    assert csv_dis == "/download/disagreements.csv?actor=United+States&topic=air_support"
    assert api == "/api/claims.json?actor=United+States&topic=air_support"
    assert feed == "/feed.atom?actor=United+States&topic=air_support"


def test_callbacks005_panels_follow_the_selection(views):
    cards, text = views.disagreements("?actor=United+States&topic=air_support")
    assert text == "1 disagreement: 0 contradictions, 1 shift of position." and len(cards) == 1
    timeline = go.Figure(views.timeline("?actor=United+States&topic=air_support", False))
    assert sum(len(t.x) for t in timeline.data if t.customdata is not None) == 5
    contributions, counts = views.contributions("?actor=United+States&stance=opposes")
    refused = [t for t in go.Figure(contributions).data if t.name == "refused"]
    assert len(refused) == 1 and set(refused[0].y) == {"United States"}


def test_callbacks006_empty_selection_explains_itself(views):
    assert views.summary("?actor=Pentagon&stance=opposes")[0].startswith("0 claims of opposition by Pentagon. Nothing matches")
    assert (
        go.Figure(views.timeline("?actor=Pentagon&stance=opposes", False)).layout.annotations[0].text
        == "No claims match these filters."
    )
    assert views.disagreements("?actor=Pentagon&stance=opposes") == ([], "No disagreements between sources in this selection.")


def test_callbacks007_table_pages_sort_on_the_server(views, shipped):
    page = views.table_page("?topic=intelligence", 1, "actor")
    want = shipped.claims[shipped.claims.topic == "intelligence"].sort_values("actor", kind="stable")
    assert page["count"] == len(want) and 5 <= len(want) <= 20 and page["pages"] == 1
    assert [r["actor"] for r in page["rows"]] == list(want.actor.astype(str))
    assert set(page["rows"][0]) >= {"claim_date", "actor", "quote", "reviewed", "claim_id"}
    # newest first by default, 20 a page; the last page holds the rest; a page past the end is the last
    n = len(shipped.claims)
    last = -(-n // 20)
    everything = views.table_page("", 1)
    assert n > 40 and everything["pages"] == last and len(everything["rows"]) == 20
    dates = [r["claim_date"] for p in range(1, last + 1) for r in views.table_page("", p)["rows"]]
    assert dates == sorted(shipped.claims.claim_date.astype(str), reverse=True)
    assert views.table_page("", 99)["page"] == last and views.table_page("", "x", ["?"])["page"] == 1
    rows, pages, number, text = views.table("", last, "oldest")
    assert (pages, number, text, len(rows)) == (last, last, f"Claims {20 * (last - 1) + 1}–{n} of {n}", n - 20 * (last - 1))
    # oldest first: the last page ends with the newest; the date cell links to the claim's page
    assert rows[-1]["children"][0]["children"][0]["children"] == [max(dates)]
    assert rows[-1]["children"][0]["children"][0]["href"] == "/claim/" + rows[-1]["data"]["claim"]
    assert views.table("", 1, "oldest")[0][0]["children"][0]["children"][0]["children"] == [min(dates)]
    assert views.table("?actor=Pentagon&stance=opposes")[3] == "No claims match these filters."


def test_callbacks010_table_rows_and_cards_are_data_for_one_component():
    """A page of the table and the disagreement cards are elements as data for ``Static``
    (assets/static.js), not a Dash component each: plain-text cells in the columns' order, the stance
    as a badge in its colour, a "reviewed" badge after the quote of a reviewed claim."""
    claim = {
        "claim_id": "c1",
        "claim_date": "2025-06-04",
        "actor": "France",
        "topic": "ground_troops",
        "stance": "conditional",
        "source": "Reuters",
        "quote": "<b>France</b> would send troops",
        "affiliation": "France",
        "publisher": "Wire",
        "reviewed": True,
    }
    badge = {
        "tag": "span",
        "children": ["conditional"],
        "className": "badge stance-badge stance-conditional",
        "colour": "#E69F00",
    }
    date_link = {"tag": "a", "children": ["2025-06-04"], "className": "claim-link", "href": "/claim/c1"}
    reviewed = {"tag": "span", "children": ["reviewed"], "className": "badge bg-secondary ms-2"}
    assert table_rows([claim]) == [
        {
            "tag": "tr",
            "data": {"claim": "c1"},
            "children": [
                {"tag": "td", "children": [date_link]},
                {"tag": "td", "children": ["France"]},
                {"tag": "td", "children": ["ground troops"]},
                {"tag": "td", "children": [badge]},
                {"tag": "td", "children": ["Reuters"]},
                {"tag": "td", "children": ["<b>France</b> would send troops", reviewed], "className": "claims-quote"},
                {"tag": "td", "children": ["France"]},
                {"tag": "td", "children": ["Wire"]},
            ],
        }
    ]
    assert table_rows([{**claim, "reviewed": False}])[0]["children"][5]["children"] == ["<b>France</b> would send troops"]
    sides = {
        f"{k}_{s}": v
        for s in "ab"
        for k, v in (
            ("actor", "France"),
            ("stance", "conditional"),
            ("quote", "q"),
            ("source", "S"),
            ("claim_date", "2025-06-04"),
            ("claim_id", f"c{s}"),
        )
    }
    (card,) = disagreement_cards(
        [{"kind": "shift", "days_apart": 84, "affiliation": "France", "topic": "ground_troops", **sides}]
    )
    assert card["className"] == "mb-2 disagreement-card disagreement-shift"
    body = card["children"][0]["children"][0]
    assert body["children"][0]["children"][0]["children"] == ["shift · 84 days apart"]
    assert body["children"][0]["children"][1]["children"] == ["France on ground troops"]
    side = body["children"][1]["children"][0]
    assert side["children"][0]["children"] == [{"tag": "strong", "children": ["France"]}, " ", badge]
    assert side["children"][2]["children"] == [
        "S · 4 Jun 2025 · ",
        {"tag": "a", "children": ["open this claim"], "href": "/claim/ca"},
    ]


def test_callbacks008_large_selections_are_capped_and_say_so():
    from dashboard.measure.bench import synthetic_frames
    from dashboard.read.derive import disagreements
    from dashboard.read.store import make_tables

    f = synthetic_frames(3000)
    tables = make_tables(f["claims"], f["contributions"], f["coalition_counts"], disagreements(f["claims"]), f["articles"])
    views = Views(tables)
    cards, text = views.disagreements("")
    assert len(cards) == MAX_CARDS and text.endswith(
        f"Showing the {MAX_CARDS} closest in time; the disagreements CSV has them all."
    )
    timeline = go.Figure(views.timeline("", False))
    assert (
        timeline.layout.title.text.startswith("Showing the 40 actors with most claims of")
        and "counted by" in timeline.layout.title.text
    )
    assert len(timeline.layout.yaxis.categoryarray) == 40
    page = views.table_page("", 10_000)
    assert len(page["rows"]) == 20 and page["count"] == 3000 and page["page"] == page["pages"] == 150
    # a selection's order is picked out of the column's order: the same as sorting the selection
    query = "?topic=air_support&topic=intelligence"
    picked = [r["claim_id"] for n in (1, 2) for r in views.table_page(query, n, "source")["rows"]]
    selected = tables.claims[tables.claims.topic.isin(["air_support", "intelligence"])]
    assert picked == list(selected.sort_values("source", kind="stable", key=lambda c: c.astype(str)).claim_id[:40])
    newest = views.table_page(query, 1)["rows"][0]["claim_date"]
    assert newest == selected.claim_date.astype(str).max()


def test_callbacks009_the_unfiltered_view_ships_inside_the_page(shipped):
    """The first render needs no callback: the layout carries the unfiltered panels, and a cleared
    filter is answered from them."""
    from dashboard.web.app import create_app

    app = create_app(shipped)
    layout = app.server.test_client().get("/_dash-layout").get_json()

    def find(node, wanted):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == wanted:
                return node["props"]
            for value in node.get("props", {}).values():
                found = find(value, wanted)
                if found:
                    return found
        if isinstance(node, list):
            for item in node:
                found = find(item, wanted)
                if found:
                    return found
        return None

    timeline = find(layout, ids.TIMELINE)["figure"]
    assert sum(len(t["x"]) for t in timeline["data"] if t.get("customdata")) == len(shipped.claims)
    assert find(layout, ids.SUMMARY)["children"] == f"{len(shipped.claims)} claims"
    assert len(find(layout, ids.DISAGREEMENTS)["content"]) == 4
    views = app.views
    assert views.timeline("", False) is views.initial()["timeline"]
    assert views.contributions("?colour=red")[1] is views.initial()["counts"]
    assert views.table("", 1, "newest") is views.initial()["table"]
    assert views.table("", 2, "newest") is not views.initial()["table"]


def test_callbacks011_text_columns_are_loaded_in_one_piece(tmp_path):
    """pyarrow reads a CSV in blocks and a text column keeps them; rows picked out of such a column cost
    time per block. The store joins them: the same values, one piece per column."""
    import pyarrow as pa

    from dashboard.measure.bench import synthetic_frames
    from dashboard.pipeline.build import write_tables
    from dashboard.read.derive import disagreements
    from dashboard.read.store import load_tables

    frames = synthetic_frames(20_000)
    frames["disagreements"] = disagreements(frames["claims"])
    write_tables(frames, tmp_path)

    def pieces(column: pd.Series) -> int:
        return getattr(pa.array(column), "num_chunks", 1)

    as_read = pd.read_csv(tmp_path / "claims.csv", dtype=str, keep_default_na=False, engine="pyarrow")
    assert pieces(as_read["claim_id"]) > 1  # the file is big enough to be read in blocks
    tables = load_tables(tmp_path, tmp_path)
    for name in ("claims", "contributions", "disagreements"):
        frame = getattr(tables, name)
        text = [c for c in frame.columns if frame[c].dtype == "str"]
        assert len(text) >= 3, name
        for col in text:
            assert pieces(frame[col]) == 1, (name, col)
    assert tables.claims["claim_id"].tolist() == as_read["claim_id"].tolist()
    assert tables.claims["claim_date"].tolist() == as_read["claim_date"].tolist()


@pytest.mark.parametrize("sort", ["actor", "topic", "stance", "source"])
def test_callbacks012_label_orders_are_alphabetical_whatever_the_category_order(sort):
    """A label column is sorted on its category codes, renumbered alphabetically: the table's order is
    the text's order even when the categories are not stored in it (here they are reversed)."""
    from dashboard.measure.bench import synthetic_frames
    from dashboard.read.derive import disagreements
    from dashboard.read.store import make_tables

    f = synthetic_frames(3000)
    tables = make_tables(f["claims"], f["contributions"], f["coalition_counts"], disagreements(f["claims"]), f["articles"])
    cat = tables.claims[sort].cat
    tables.claims[sort] = cat.reorder_categories(list(reversed(cat.categories)))
    views = Views(tables)
    query = "?topic=air_support&topic=intelligence"
    picked = [r["claim_id"] for n in (1, 2, 3) for r in views.table_page(query, n, sort)["rows"]]
    selected = tables.claims[tables.claims.topic.isin(["air_support", "intelligence"])]
    expected = selected.sort_values(sort, kind="stable", key=lambda c: c.astype(str)).claim_id[:60]
    assert picked == list(expected)
    assert len(set(selected[sort].astype(str))) > 1  # there is an order to get wrong


def test_callbacks013_disagreement_quotes_come_from_the_claims_or_else_from_the_file(tmp_path):
    """The store reads disagreements.csv without its two quote columns when every disagreement's claims
    are in claims.csv (the quotes are theirs); when a claim is not, the written quotes are read."""
    import shutil

    from dashboard import config
    from dashboard.errors import InputError
    from dashboard.read.store import load_tables

    for name in ("articles", "claims", "contributions", "coalition_counts", "disagreements"):
        shutil.copy(config.data_dir() / f"{name}.csv", tmp_path / f"{name}.csv")
    written = pd.read_csv(tmp_path / "disagreements.csv", dtype=str, keep_default_na=False)
    whole = load_tables(tmp_path, config.seeds_dir())
    for side in ("quote_a", "quote_b"):  # shared with the claims, not read as text
        assert whole.disagreements[side].cat.categories.equals(whole.claims.quote.cat.categories)
    assert list(whole.disagreements["quote_a"].astype(str)) == list(written["quote_a"])
    assert list(whole.disagreements["quote_b"].astype(str)) == list(written["quote_b"])

    claims = pd.read_csv(tmp_path / "claims.csv", dtype=str, keep_default_na=False)
    gone = written["claim_id_a"].iloc[0]
    claims[claims.claim_id != gone].to_csv(tmp_path / "claims.csv", index=False)
    partial = load_tables(tmp_path, config.seeds_dir())
    assert list(partial.disagreements["quote_a"].astype(str)) == list(written["quote_a"])
    assert list(partial.disagreements["quote_b"].astype(str)) == list(written["quote_b"])

    written.drop(columns=["quote_b"]).to_csv(tmp_path / "disagreements.csv", index=False)
    with pytest.raises(InputError, match=r"disagreements\.csv.*missing column\(s\) quote_b"):
        load_tables(tmp_path, config.seeds_dir())


def test_callbacks011_the_officials_switch_goes_to_and_from_the_url(shipped):
    allowed = allowed_values(shipped.claims)
    out = sync_filters(ids.URL, "?actor=United+States&officials=1", (None,) * 5, None, None, None, allowed)
    assert out[1] == ["United States"] and out[9] is True and out[11] == "?actor=United+States&officials=1"
    out = sync_filters(ids.OFFICIALS, "", (["United States"], None, None, None, None), None, None, "", allowed, None, True)
    assert out[0] == "?actor=United+States&officials=1"
    assert sync_filters(ids.RESET, "", (None,) * 5, None, None, "", allowed, None, True)[9] is False


def test_callbacks012_who_changed_position_follows_the_selection(views):
    lines, text = views.paths("?actor=United+States")
    assert text == "2 actors and topics with a change of stance, the latest first." and len(lines) == 2
    first = lines[0]["children"]
    assert first[0]["children"] == ["United States on air defence: "] or first[0]["children"] == [
        "United States on air support: "
    ]
    steps = [c for c in first if isinstance(c, dict) and c.get("className") == "path-step"]
    assert [s["children"][0]["children"] for s in steps] == [["opposes"], ["supports"]]
    assert steps[0]["children"][2]["href"].startswith("/claim/")
    assert views.paths("?actor=France") == ([], "No actor changes stance on a topic in this selection.")
    assert views.paths("")[1] == "3 actors and topics with a change of stance, the latest first."


def test_callbacks013_how_the_view_is_shown_comes_from_the_address():
    from dashboard.web.callbacks import clicked_claim, page_from_address, view_controls

    assert view_controls("?actor=France&by=source&sort=oldest&page=3&claim=abc123") == (True, "oldest", 3, "abc123")
    assert view_controls("?by=sideways&sort=%3Cx%3E&page=-2&claim=%3Cscript%3E") == (False, "newest", 1, "")
    # an address the dashboard wrote after a filter change carries no view keys: nothing changes
    assert view_controls("?actor=France") == (no_update,) * 4
    assert page_from_address("?actor=France&page=3&by=source", "?actor=France") == 3
    assert page_from_address("?actor=France&page=3", "?actor=Germany") == 1  # another selection starts at 1
    assert page_from_address("?page=x", "") == 1
    click = {"points": [{"customdata": ["c1", "France"]}]}
    assert clicked_claim(click) == "c1" and clicked_claim({"points": [{"customdata": [3]}]}) is no_update


def test_callbacks014_view_keys_are_not_filters(shipped):
    allowed = allowed_values(shipped.claims)
    out = sync_filters(ids.URL, "?actor=France&by=source&page=2&sort=oldest&claim=x", (None,) * 5, None, None, None, allowed)
    assert out[1] == ["France"] and out[-2] == "?actor=France" and out[-1] is None  # no "ignored" note
