"""create_app(tables=None) -> Dash, plus the plain download and API routes."""

from __future__ import annotations

import re

from dash import Dash
from flask import Response, abort, request, stream_with_context
from flask_compress import Compress

from dashboard import config
from dashboard.read import exports, feeds
from dashboard.read.filters import Filters, allowed_values
from dashboard.read.store import Tables, load_tables, release_memory
from dashboard.web import about, claim_page
from dashboard.web.callbacks import Views, register_callbacks
from dashboard.web.layout import build_layout, cite_line
from dashboard.web.security import harden, on_callback_error

TITLE = "Security guarantees for Ukraine: who stands where"
DESCRIPTION = (
    "Who takes which position on post-war security guarantees for Ukraine, according to which outlet and since "
    "when: every claim with the sentence it was read from."
)


CLAIM_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _query() -> str:
    return request.query_string.decode("utf-8", errors="replace")


def register_routes(server, tables: Tables, about_page: str = "") -> None:
    allowed = allowed_values(tables.claims)
    exports.claim_kinds(tables)  # what the claims downloads read, worked out now rather than on the first one

    @server.route("/about")
    def about_route():
        return Response(about_page, mimetype="text/html")

    @server.route("/claim/<claim_id>")
    def claim_route(claim_id: str):
        if not CLAIM_ID.fullmatch(claim_id):
            return Response(claim_page.missing_html(claim_id[:40], TITLE), status=404, mimetype="text/html")
        page = claim_page.claim_html(tables, claim_id, request.host_url, TITLE)
        if page is None:
            return Response(claim_page.missing_html(claim_id, TITLE), status=404, mimetype="text/html")
        return Response(page, mimetype="text/html")

    @server.route("/download/<name>.csv")
    def download_csv(name: str):
        if name not in exports.TABLE_COLUMNS:
            abort(404)
        filters, _ = Filters.from_query(_query(), allowed)
        chunks, filename = exports.download_stream(tables, filters, name, request.host_url)
        return Response(
            stream_with_context(chunks),
            mimetype="text/csv",
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )

    @server.route("/feed.atom")
    def feed():
        filters, _ = Filters.from_query(_query(), allowed)
        return Response(feeds.atom(tables, filters, request.host_url, TITLE), mimetype="application/atom+xml")

    @server.route("/api/claims.json")
    def claims_json():
        filters, notes = Filters.from_query(_query(), allowed)
        return Response(exports.claims_json_chunks(tables, filters, notes, base=request.host_url), mimetype="application/json")


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/")


class StaticCompressionCache:
    """flask-compress's cache backend: the compressed bytes of static files (Dash's scripts and our
    assets, fixed for the life of the process) are kept, so plotly and the renderer are compressed once
    per worker instead of on every page load; anything else is compressed afresh each time."""

    def __init__(self):
        self._kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";static:" in key:
            self._kept[key] = value


def compression_key(req) -> str:
    """The cache key of a response: the path of a static file (not its query, so a client cannot
    grow the cache), else one shared key that is never stored."""
    if req.method == "GET" and req.path.startswith(STATIC_PREFIXES):
        return "static:" + req.path
    return "dynamic"


# Dash's page, with the language set (screen readers and translation tools read it)
INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
{%metas%}
<title>{%title%}</title>
<link rel="alternate" type="application/atom+xml" title="Every new claim" href="/feed.atom">
{%favicon%}
{%css%}
</head>
<body>
{%app_entry%}
<footer>
{%config%}
{%scripts%}
{%renderer%}
</footer>
</body>
</html>
"""


# Scripts Dash lists that this page does without: @babel/polyfill (core-js 2 for pre-2015 browsers,
# which React 18 does not run on; its evaluation alone took 135 ms of a cold load's main thread) and
# the DataTable bundle (the claims table is plain HTML). The one thing the polyfill gave browsers lack,
# the ``regeneratorRuntime`` global Dash's lazy loaders call, is vendored in assets/.
UNUSED_SCRIPTS = re.compile(r'<script src="[^"]*/(?:deps/polyfill@|dash_table/bundle\.)[^"]*"></script>\s*')


class _Dash(Dash):
    def _generate_scripts_html(self) -> str:
        return UNUSED_SCRIPTS.sub("", super()._generate_scripts_html())


def create_app(tables: Tables | None = None) -> Dash:
    """The dashboard on ``tables`` (default: the tables in data/)."""
    tables = tables if tables is not None else load_tables()
    app = _Dash(
        __name__,
        title=TITLE,
        update_title=None,
        assets_folder=str(config.assets_dir()),
        serve_locally=True,
        on_error=on_callback_error,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": DESCRIPTION},
            {"property": "og:type", "content": "website"},
            {"property": "og:title", "content": TITLE},
            {"property": "og:description", "content": DESCRIPTION},
        ],
    )
    app.index_string = INDEX
    readings = about.read_first_readings(config.first_readings_path())
    trust = about.trust_sentence(readings[-1])
    views = Views(tables)
    facts = about.data_facts(tables)
    app.layout = build_layout(tables, views.initial(), trust=trust, facts=facts)
    app.views = register_callbacks(app, views)
    register_routes(app.server, tables, about.about_html(readings, TITLE, facts, cite_line(tables)))
    app.server.teardown_request(lambda _exc: release_memory())
    harden(app)
    app.server.config["SEND_FILE_MAX_AGE_DEFAULT"] = 7 * 24 * 3600  # assets are fingerprinted by Dash
    cache = StaticCompressionCache()
    app.server.config["COMPRESS_CACHE_BACKEND"] = lambda: cache
    app.server.config["COMPRESS_CACHE_KEY"] = compression_key
    Compress(app.server)
    release_memory()  # what building the first view freed

    @app.server.after_request  # registered after Compress, so it runs before it
    def _buffer_assets(response):
        """Our assets are sent as file streams, which flask-compress compresses afresh (and not with
        gzip); read into memory they are compressed once and kept like Dash's own scripts."""
        if request.path.startswith("/assets/") and response.status_code == 200 and response.direct_passthrough:
            response.direct_passthrough = False
            response.make_sequence()
        return response

    return app
