import csv
import io
import json

import pytest

from dashboard.read.exports import csv_bytes, download, filtered, neutralise
from dashboard.read.filters import Filters
from dashboard.web.app import create_app


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
    from dashboard.web.callbacks import Views

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
    from dashboard.read.exports import claims_json_chunks

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


def frame_json(tables, filters, notes, base) -> bytes:
    """/api/claims.json as one ``json.dumps`` of ``filtered``'s records (what the streamed answer must equal)."""
    rows = filtered(tables, filters, "claims", base)
    records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    for r in records:
        r["char_start"], r["char_end"] = int(r["char_start"]), int(r["char_end"])
    head = {"count": len(rows), "filters": filters.to_query().lstrip("?"), "description": filters.describe(len(rows))}
    return json.dumps({**head, "ignored": notes, "claims": records}, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def awkward():
    """Synthetic tables with a cell to neutralise in every kind of column (a label, a quote, a text
    column, the article's title and address) and quotes a CSV has to quote (commas, quotes, line breaks)."""
    from dashboard.measure.bench import synthetic_frames
    from dashboard.read.derive import disagreements
    from dashboard.read.store import make_tables

    frames = synthetic_frames(400, seed=11)
    claims = frames["claims"].copy()
    claims.loc[3, "actor"] = "+Actor"
    claims.loc[[5, 6], "quote"] = ['=HYPERLINK("http://x")', 'He said, "no"\r\nthen left;\tok']
    claims.loc[7, "claim_id"] = "-0000000007"
    claims.loc[8, "published"] = "@2025-01-01"
    articles = frames["articles"].copy()
    articles.loc[0, "title"], articles.loc[1, "url"] = "=cmd|' /C calc'!A0", "-http://x"
    articles = articles[articles.article_id != articles.article_id.iloc[-1]]  # claims whose article is unknown
    return make_tables(claims, frames["contributions"], frames["coalition_counts"], disagreements(claims), articles)


@pytest.mark.parametrize(
    "query",
    ["", "actor=%2BActor", "topic=air_support", "q=said%2C+%22no", "actor=Nobody&q=zzzz", "from=2024-01-01&to=2024-06-30"],
)
def test_exports008_claims_downloads_from_the_tables_are_the_frames_bytes(awkward, query):
    """The claims CSV and JSON are made straight from the tables (no frame per request); they are
    byte for byte what ``filtered`` gives, through ``csv_chunks`` and ``json.dumps``, chunk borders included."""
    from dashboard.read.exports import claim_kinds, claims_csv_chunks, claims_json_chunks, csv_chunks
    from dashboard.read.filters import allowed_values

    assert claim_kinds(awkward) is not None  # the direct path is the one taken
    filters, notes = Filters.from_query(query, allowed_values(awkward.claims))
    for base in ("https://example.org/", ""):
        frame = b"".join(csv_chunks(filtered(awkward, filters, "claims", base), 7))
        assert b"".join(claims_csv_chunks(awkward, filters, base, chunk_rows=7)) == frame
        assert download(awkward, filters, "claims", base)[0] == frame
        assert b"".join(claims_json_chunks(awkward, filters, notes, chunk_rows=7, base=base)) == frame_json(
            awkward, filters, notes, base
        )
    if not query:
        body = download(awkward, filters, "claims")[0].decode("utf-8-sig")
        assert "'+Actor" in body and "'=HYPERLINK" in body and "'-0000000007" in body and "'@2025-01-01" in body
        assert "'=cmd|" in body and "'-http://x" in body and '"He said, ""no""\r\nthen left;\tok"' in body


def test_exports009_a_claims_download_selects_no_other_table(shipped, monkeypatch):
    """A claims CSV or JSON computes the claim mask only: not the contributions or disagreements that
    ``Filters.select`` narrows too."""

    def refuse(*_args):
        raise AssertionError("a claims download selected another table")

    app = create_app(shipped)
    for name in ("select", "select_by_mask", "contribution_mask", "disagreement_mask"):
        monkeypatch.setattr(Filters, name, refuse)
    client = app.server.test_client()
    assert client.get("/download/claims.csv?actor=United+States").status_code == 200
    assert client.get("/api/claims.json?topic=air_support").status_code == 200


def test_exports010_claims_the_direct_path_cannot_read_take_the_frames_way(awkward):
    """Claims with a missing label go through ``filtered`` (the frame's way) and give its bytes."""
    import dataclasses

    from dashboard.read.exports import claim_kinds, csv_chunks

    claims = awkward.claims.copy()
    claims["actor"] = claims["actor"].cat.add_categories(["=Gap"])
    claims.loc[2, "actor"], claims.loc[4, "actor"] = None, "=Gap"
    tables = dataclasses.replace(awkward, claims=claims)
    assert claim_kinds(tables) is None
    body, _ = download(tables, Filters(), "claims", "https://example.org/")
    assert body == b"".join(csv_chunks(filtered(tables, Filters(), "claims", "https://example.org/")))
    actors = {r["claim_id"]: r["actor"] for r in read(body)}
    assert actors[claims.claim_id[4]] == "'=Gap" and actors[claims.claim_id[2]] in ("nan", "")


def test_exports011_the_datasette_comparison_says_when_datasette_is_missing(monkeypatch, tmp_path, capsys):
    """``bench --datasette`` compares against Datasette only where it is installed (it is no dependency):
    without it, it says so and exits 0. Its SQLite copy has the claims CSV's columns and rows."""
    import sqlite3

    from dashboard.__main__ import main
    from dashboard.measure import bench
    from dashboard.read.exports import TABLE_COLUMNS

    frames = bench.synthetic_frames(50)
    bench.write_sqlite(frames["claims"], frames["articles"], tmp_path / "c.db", "http://127.0.0.1:1/")
    con = sqlite3.connect(tmp_path / "c.db")
    assert [r[1] for r in con.execute("PRAGMA table_info(claims)")] == list(TABLE_COLUMNS["claims"])
    assert con.execute("SELECT count(*), min(claim_url) FROM claims").fetchone() == (50, "http://127.0.0.1:1/claim/000000000000")
    assert {"idx_claims_actor", "idx_claims_topic"} <= {r[1] for r in con.execute("PRAGMA index_list(claims)")}
    con.close()
    monkeypatch.setattr(bench, "datasette_version", lambda: None)
    assert main(["bench", "--datasette", "--sizes", "1000"]) == 0
    assert "not compared, datasette is not installed" in capsys.readouterr().out
