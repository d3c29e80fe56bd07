"""create_app(tables=None) -> Dash, plus the plain download and API routes."""

from __future__ import annotations

import datetime as dt
import json

from dash import Dash
from flask import Response, abort, request, stream_with_context
from flask_compress import Compress

from . import config, exports
from .callbacks import Views, register_callbacks
from .filters import Filters, allowed_values
from .layout import build_layout
from .security import harden, on_callback_error
from .store import Tables, load_tables

TITLE = "Security guarantees for Ukraine: who stands where"


def _query() -> str:
    return request.query_string.decode("utf-8", errors="replace")


def register_routes(server, tables: Tables) -> None:
    allowed = allowed_values(tables.claims)

    @server.route("/download/<name>.csv")
    def download_csv(name: str):
        if name not in exports.TABLE_COLUMNS:
            abort(404)
        filters, _ = Filters.from_query(_query(), allowed)
        chunks, filename = exports.download_stream(tables, filters, name, dt.date.today())
        return Response(
            stream_with_context(chunks),
            mimetype="text/csv",
            headers={
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        )

    @server.route("/api/claims.json")
    def claims_json():
        filters, notes = Filters.from_query(_query(), allowed)
        payload = exports.claims_json(tables, filters, notes)
        return Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")


def create_app(tables: Tables | None = None) -> Dash:
    """The dashboard on ``tables`` (default: the tables in data/)."""
    tables = tables if tables is not None else load_tables()
    app = Dash(
        __name__,
        title=TITLE,
        update_title=None,
        assets_folder=str(config.assets_dir()),
        serve_locally=True,
        on_error=on_callback_error,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Positions on post-war security guarantees for Ukraine, by actor and source."},
        ],
    )
    views = Views(tables)
    app.layout = build_layout(tables, views.initial())
    app.views = register_callbacks(app, views)
    register_routes(app.server, tables)
    harden(app)
    Compress(app.server)
    return app
