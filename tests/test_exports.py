import csv
import io
import json

import pytest

from dashboard.app import create_app
from dashboard.exports import csv_bytes, download, filtered, neutralise
from dashboard.filters import Filters


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("United States", "United States"),
        (5, 5),
    ],
)
def test_exports001_formula_cells_are_neutralised(value, expected):
    assert neutralise(value) == expected


def read(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body[3:].decode("utf-8"))))


def test_exports002_download_is_exactly_the_filtered_rows(shipped):
    f = Filters(actor=("United States",), topic=("air_support",))
    body, name = download(shipped, f, "claims", "https://example.org/")
    rows = read(body)
    # in the table's default order (newest first), each row citable on its own
    expected = f.apply(shipped.claims).iloc[::-1].sort_values("when", ascending=False, kind="stable")
    assert [r["claim_id"] for r in rows] == list(expected.claim_id)
    assert [r["claim_date"] for r in rows] == sorted((r["claim_date"] for r in rows), reverse=True)
    assert {r["article_url"] for r in rows if r["source"] == "Bloomberg"} == {
        "https://unn.ua/en/news/the-us-has-announced-its-refusal-to-provide-air-cover-to-european-forces-in-post-war-ukraine-bloomberg"
    }
    assert all(r["article_title"] for r in rows)
    assert [r["claim_url"] for r in rows] == [f"https://example.org/claim/{r['claim_id']}" for r in rows]
    assert len(rows) == 5 and {r["stance"] for r in rows} == {"supports", "opposes"}
    assert list(rows[0]) == list(filtered(shipped, f, "claims").columns)
    assert name == "claims_United-States_air-support_articles-to-2025-08-27.csv"


def test_exports003_csv_neutralises_quotes_starting_with_a_formula():
    import pandas as pd

    body = csv_bytes(pd.DataFrame({"quote": ["=cmd|' /C calc'!A0", "fine"], "n": [1, 2]}))
    assert read(body)[0]["quote"] == "'=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def client(shipped):
    return create_app(shipped).server.test_client()


def test_exports004_links_answer_with_the_same_rows(client, shipped):
    query = "actor=United+States&topic=air_defense"
    f, _ = Filters.from_query(query, {"actor": {"United States"}, "topic": {"air_defense"}})
    r = client.get("/download/claims.csv?" + query)
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="claims_United-States_air-defence_articles-to-2025-08-27.csv"' in r.headers["Content-Disposition"]
    shown = [r["claim_id"] for r in views_table_rows(shipped, "?" + query)]
    assert [row["claim_id"] for row in read(r.data)] == shown  # the order on screen
    api = json.loads(client.get("/api/claims.json?" + query).data)
    assert api["count"] == len(f.apply(shipped.claims)) and [c["claim_id"] for c in api["claims"]] == shown
    assert api["claims"][0]["claim_url"] == "http://localhost/claim/" + shown[0]
    assert api["filters"] == query and api["ignored"] == []


def views_table_rows(tables, query: str) -> list[dict]:
    """Every row of the claims table for ``query``, page after page, as the page shows them."""
    from dashboard.callbacks import Views

    views = Views(tables)
    first = views.table_page(query, 1)
    return [r for p in range(1, first["pages"] + 1) for r in views.table_page(query, p)["rows"]]


def test_exports005_contributions_and_disagreements_follow_filters(client):
    rows = read(client.get("/download/disagreements.csv?topic=air_support").data)
    assert {r["topic"] for r in rows} == {"air_support"} and {r["kind"] for r in rows} == {"shift"}
    contrib = read(client.get("/download/contributions.csv?actor=United+States&stance=opposes").data)
    assert {(r["contributor"], r["status"]) for r in contrib} == {("United States", "refused")}


def test_exports006_unknown_table_and_values(client):
    assert client.get("/download/secrets.csv").status_code == 404
    api = json.loads(client.get("/api/claims.json?actor=Atlantis").data)
    assert api["ignored"] == ['ignored unknown actor "Atlantis"'] and api["count"] > 0


@pytest.mark.parametrize("query", ["", "actor=United+States&topic=air_support", "actor=Atlantis", "topic=air_support&q=zzzz"])
def test_exports007_the_json_api_streams_the_same_bytes_as_one_dump(client, shipped, query):
    """/api/claims.json is made a few thousand claims at a time; joined, the pieces are exactly one
    ``json.dumps`` of the whole payload (here in pieces of 7 claims, so several are joined)."""
    from dashboard.exports import claims_json_chunks

    allowed = {"actor": set(shipped.claims.actor.astype(str)), "topic": set(shipped.claims.topic.astype(str))}
    filters, notes = Filters.from_query(query, allowed)
    rows = filtered(shipped, filters, "claims", "http://localhost/")
    records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    for r in records:
        r["char_start"], r["char_end"] = int(r["char_start"]), int(r["char_end"])
    whole = {
        "count": len(rows),
        "filters": filters.to_query().lstrip("?"),
        "description": filters.describe(len(rows)),
        "ignored": notes,
        "claims": records,
    }
    pieces = list(claims_json_chunks(shipped, filters, notes, chunk_rows=7, base="http://localhost/"))
    assert b"".join(pieces) == json.dumps(whole, ensure_ascii=False).encode("utf-8")
    assert len(pieces) == 2 + -(-len(rows) // 7)
    served = client.get("/api/claims.json?" + query, buffered=False)
    assert json.loads(b"".join(served.response)) == whole
