"""What a hosted dashboard owes its users: security headers, a Content-Security-Policy the page
works under, a bounded request size, callback payloads checked before Dash reads them, and
errors that never show internals. ``harden(app)`` is called once by ``create_app``, after every
callback (and so every inline script) is registered.
"""

from __future__ import annotations

import logging

from dash.exceptions import DependencyException
from flask import jsonify, request
from flask_talisman import Talisman
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 256 * 1024  # a callback payload of this page is a few kilobytes
UPDATE_PATH = "/_dash-update-component"


def content_security_policy(inline_script_hashes: list[str]) -> dict:
    """Everything from this origin; inline scripts only by hash (Dash's renderer start-up and the
    clientside callbacks); inline styles allowed (plotly and the components set them); no framing."""
    return {
        "default-src": "'self'",
        "script-src": ["'self'", *inline_script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def check_callback_payload(body, callback_map: dict) -> str | None:
    """Why a ``/_dash-update-component`` body is not one this page sends, or None when it is.

    The output must be a registered callback's, and the inputs and states must name exactly the
    components and properties that callback declares, in its order."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "unknown callback output"
    spec = callback_map[output]
    for key in ("inputs", "state"):
        got = body.get(key, [])
        want = spec.get(key, [])
        if not isinstance(got, list) or len(got) != len(want):
            return f"{key} do not match the callback"
        for item, expected in zip(got, want):
            if not isinstance(item, dict) or item.get("id") != expected["id"] or item.get("property") != expected["property"]:
                return f"{key} do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    return None


def on_callback_error(err: Exception):
    """Dash's ``on_error``: a callback that fails leaves the page as it was (no update) and the
    stack trace goes to the server log only."""
    log.error("callback failed: %s", err, exc_info=err)


def harden(app) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    Talisman(
        server,
        force_https=False,  # the hosting platform terminates TLS; loopback tests speak HTTP
        strict_transport_security=True,  # sent on HTTPS requests only
        frame_options="DENY",
        content_security_policy=content_security_policy(app.csp_hashes()),
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=False,
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )

    @server.before_request
    def _check_callbacks():
        if request.path != UPDATE_PATH or request.method != "POST":
            return None
        body = request.get_json(silent=True)
        problem = check_callback_payload(body, app.callback_map)
        if problem:
            return jsonify(error=f"bad callback request: {problem}"), 400
        return None

    @server.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        if request.path == UPDATE_PATH or request.path.startswith("/api/"):
            return jsonify(error=err.name), err.code
        return f"{err.code} {err.name}\n", err.code, {"Content-Type": "text/plain; charset=utf-8"}

    @server.errorhandler(DependencyException)
    def _unknown_script(_err):  # a /_dash-component-suites/ path that no package registered
        return _http_error(NotFound())

    @server.errorhandler(Exception)
    def _unexpected(err: Exception):
        log.error("unhandled error on %s", request.path, exc_info=err)
        return _http_error(InternalServerError())
