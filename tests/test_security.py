"""Hostile requests, headers and what the server shows when something is wrong.

Nothing a request can send gives a 500 or a stack trace, and the server keeps answering. The
callback endpoint and the URL parser are fuzzed with hypothesis; a callback that raises would be
logged by ``on_callback_error``, so the fuzz tests also assert that nothing was logged.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.measure.bench import callback_body as body
from dashboard.read.filters import MAX_VALUES, Filters, allowed_values
from dashboard.web.app import create_app
from dashboard.web.security import MAX_REQUEST_BYTES, check_callback_payload


@pytest.fixture(scope="module")
def app(shipped):
    return create_app(shipped)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def deps(client):
    return client.get("/_dash-dependencies").get_json()


def server_side(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def no_internals(resp) -> None:
    text = resp.get_data(as_text=True)
    assert resp.status_code < 500, (resp.status_code, text[:300])
    assert "Traceback" not in text and 'File "' not in text and "/work/" not in text


# ---- headers ------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/download/claims.csv", "/api/claims.json", "/_dash-layout", "/nothing-here"])
def test_security001_headers_on_every_response(client, path):
    resp = client.get(path)
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert resp.headers["X-Frame-Options"] == "DENY"
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-eval'" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_security002_inline_scripts_are_allowed_by_hash_only(app, client):
    csp = client.get("/").headers["Content-Security-Policy"]
    script_src = csp.split("script-src")[1].split(";")[0]
    hashes = app.csp_hashes()
    assert len(hashes) >= 2  # the renderer's start-up and the clientside callback
    assert all(h in script_src for h in hashes)


def test_security003_debug_is_off_and_nothing_writes(app):
    assert not app.server.debug and not app._dev_tools.ui and not app._dev_tools.serve_dev_bundles
    writing = {rule.rule for rule in app.server.url_map.iter_rules() if set(rule.methods or ()) - {"GET", "HEAD", "OPTIONS"}}
    assert writing == {"/_dash-update-component"}  # computes a view; changes nothing


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_security004_downloads_refuse_other_methods(client, method):
    resp = getattr(client, method)("/download/claims.csv", data="x")
    assert resp.status_code == 405 and "Traceback" not in resp.get_data(as_text=True)


# ---- malformed callback requests ---------------------------------------------------------------
@pytest.mark.parametrize(
    "payload, problem",
    [
        ("not json at all", "the body must be a JSON object"),
        ("[1, 2, 3]", "the body must be a JSON object"),
        ("{}", "unknown callback output"),
        ('{"output": "nope.children", "inputs": []}', "unknown callback output"),
        ('{"output": "timeline-graph.figure", "inputs": "x"}', "inputs do not match the callback"),
        (
            '{"output": "timeline-graph.figure", "inputs": [{"id": "secret", "property": "x"}, 1]}',
            "inputs do not match the callback",
        ),
        (
            '{"output": "timeline-graph.figure", "inputs": [{"id": "filters-store", "property": "data"}, '
            '{"id": "timeline-by-source", "property": "value"}, {"id": "screen-store", "property": "data"}, {"id": "chosen-claim", "property": "data"}], '
            '"changedPropIds": [1]}',
            "changedPropIds must be a list of strings",
        ),
    ],
)
def test_security005_malformed_callback_requests_get_400(client, payload, problem):
    resp = client.post("/_dash-update-component", data=payload, content_type="application/json")
    assert resp.status_code == 400
    assert resp.get_json() == {"error": f"bad callback request: {problem}"}


def test_security006_oversized_requests_get_413(client):
    resp = client.post("/_dash-update-component", data="x" * (MAX_REQUEST_BYTES + 1), content_type="application/json")
    assert resp.status_code == 413 and resp.get_json() == {"error": "Request Entity Too Large"}


def test_security007_check_callback_payload_accepts_what_the_page_sends(app, deps):
    for dep in server_side(deps):
        assert check_callback_payload(body(dep, {}), app.callback_map) is None


# keys the page's own values use (a click), so the fuzz reaches inside them
PROPS = st.sampled_from(["points", "customdata", "pointIndex", "curveNumber"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(PROPS | st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


# values shaped like the page's own, with anything inside
SHAPED = {
    "active_page": st.integers(-(2**40), 2**40) | st.floats(allow_nan=True) | JSON,
    "clickData": st.fixed_dictionaries({"points": st.lists(st.fixed_dictionaries({"customdata": JSON}), max_size=2)}),
    "value": st.lists(JSON, max_size=3),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_security008_fuzzed_callback_values_never_fail(client, deps, caplog, data):
    """Right shape, any values: every server callback answers 200 or 204, and logs no error."""
    dep = data.draw(st.sampled_from(server_side(deps)))
    values = {
        f"{i['id']}.{i['property']}": data.draw(SHAPED.get(i["property"], JSON) | JSON | st.text(max_size=60))
        for i in dep["inputs"] + dep.get("state", [])
    }
    with caplog.at_level(logging.ERROR, logger="dashboard.web.security"):
        caplog.clear()
        resp = client.post("/_dash-update-component", json=body(dep, values))
    no_internals(resp)
    assert resp.status_code in (200, 204), resp.get_data(as_text=True)[:300]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == [], dep["output"]


# ---- hostile URLs -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/?actor=" + "A" * 100_000,
        "/download/claims.csv?" + "&".join(["actor=France"] * 5000),
        "/api/claims.json?from=9999-99-99&to=0000-00-00",
        "/api/claims.json?q=%00%ff%fe%c3%28",
        "/api/claims.json?actor=%E2%80%AE%00",
        "/download/claims.csv?q=" + quote('=HYPERLINK("http://x")'),
        "/download/..%2f..%2fpyproject.toml.csv",
        "/assets/..%2f..%2fpyproject.toml",
        "/_dash-component-suites/dash/../../../../etc/passwd",
    ],
)
def test_security009_odd_urls_are_answered_without_internals(client, path):
    no_internals(client.get(path))


def test_security010_the_server_keeps_serving_after_abuse(client, shipped):
    for payload in ("{", "[]", '{"output": 1}'):
        client.post("/_dash-update-component", data=payload, content_type="application/json")
    client.get("/?" + "&".join(["q=x"] * 20_000))
    resp = client.get("/api/claims.json?actor=United+States&topic=air_support")
    assert resp.status_code == 200 and resp.get_json()["count"] == 5


KEYS = st.sampled_from(["actor", "affiliation", "topic", "source", "stance", "from", "to", "q", "x", "", "actor[]"])


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(KEYS, st.text(max_size=40)), max_size=30), raw=st.text(max_size=200))
def test_security011_url_parser_fuzz(shipped, pairs, raw):
    """Any query string parses; what it keeps is allowed, and its canonical form parses to itself."""
    allowed = allowed_values(shipped.claims)
    from urllib.parse import urlencode

    for query in ("?" + urlencode(pairs), raw, "?" + raw):
        filters, notes = Filters.from_query(query, allowed)
        for key in ("actor", "affiliation", "topic", "source", "stance"):
            assert set(getattr(filters, key)) <= allowed[key] and len(getattr(filters, key)) <= MAX_VALUES
        again, again_notes = Filters.from_query(filters.to_query(), allowed)
        assert again == filters and again_notes == []
        assert all(isinstance(n, str) and len(n) < 400 for n in notes)
        filters.mask(shipped.claims, shipped.quotes.mask)
        filters.describe(3)
        filters.filename("claims", __import__("datetime").date(2026, 1, 1))


def test_security012_static_files_are_compressed_once_and_nothing_else_is_kept(app, client, deps):
    from types import SimpleNamespace

    from dashboard.web.app import compression_key

    cache = app.server.config["COMPRESS_CACHE_BACKEND"]()
    first = "/assets/plotly-basic-4.1.1.min.js"
    gz = [client.get(first + f"?m={i}", headers={"Accept-Encoding": "gzip"}) for i in range(2)]
    assert all(r.headers["Content-Encoding"] == "gzip" for r in gz) and gz[0].data == gz[1].data
    assert cache.get("gzip;static:" + first) == gz[0].data  # kept under the path, not the query
    dep = next(d for d in server_side(deps) if d["output"] == "timeline-graph.figure")
    resp = client.post(
        "/_dash-update-component",
        json=body(dep, {"filters-store.data": "?actor=France", "timeline-by-source.value": False}),
        headers={"Accept-Encoding": "gzip"},
    )
    assert resp.headers["Content-Encoding"] == "gzip"
    assert all(key.split(";", 1)[1].startswith("static:") for key in cache._kept)  # no callback answer kept
    assert compression_key(SimpleNamespace(method="GET", path=first)) == "static:" + first
    assert compression_key(SimpleNamespace(method="POST", path="/_dash-update-component")) == "dynamic"


def test_security013_static_elements_are_refused_on_the_server_as_in_the_browser():
    """``el`` and ``Static`` refuse a tag that assets/static.js does not draw, so a slip shows as an
    error where the panel is built, not as an empty panel in the browser; the two lists are the same."""
    import re

    from dashboard import config
    from dashboard.web.components import STATIC_TAGS, Static, el

    script = (config.assets_dir() / "static.js").read_text(encoding="utf-8")
    drawn = re.search(r"var TAGS = \{([^}]*)\}", script).group(1)
    assert set(re.findall(r"(\w+): 1", drawn)) == STATIC_TAGS
    assert el("td", ["x"]) == {"tag": "td", "children": ["x"]}
    for tag in ("script", "img", "iframe", "TD", ""):
        with pytest.raises(ValueError, match=f"Static does not draw <{tag}>"):
            el(tag, ["x"])
        with pytest.raises(ValueError, match=f"Static does not draw <{tag}>"):
            Static(id="s", tag=tag)
    assert Static(id="s", tag="tbody").tag == "tbody"
    # a link goes only to a page of this site, on the server as in assets/static.js
    assert el("a", ["x"], href="/claim/abc")["href"] == "/claim/abc"
    for href in ("javascript:alert(1)", "//evil.example/x", "https://evil.example", "/\\evil.example", "claim/abc", "/a b"):
        with pytest.raises(ValueError, match="only to pages of this site"):
            el("a", ["x"], href=href)
    with pytest.raises(ValueError, match="only to pages of this site"):
        el("span", ["x"], href="/claim/abc")
    assert "var LOCAL = /^\\/(?![\\/\\\\])[^\\s]*$/;" in script
