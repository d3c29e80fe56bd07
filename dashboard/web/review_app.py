"""``python -m dashboard review``: the analyst's review page, on 127.0.0.1 only.

A queue of the claims the extractor read (unreviewed first, newest articles first), each with its
sentence highlighted in its paragraph; accept, reject or correct each (buttons, or the keys shown on
the page), and add a claim on any sentence of an article. Every decision is written to
``reviews.csv`` at once (checked, then moved into place) and the tables rebuilt with the build the
command line runs, so a restarted dashboard shows it. Plain server-rendered HTML and forms; a small
script adds the keys. The logic (queue, placing, the rows written) is in ``reviews``; this module
reads the request, calls it and draws the page. Not part of the public app (``app.create_app``).
"""

from __future__ import annotations

import csv
import secrets
import threading
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, redirect, request, send_from_directory
from markupsafe import Markup, escape

from dashboard import config
from dashboard.errors import DashboardError
from dashboard.pipeline.articles import read_article
from dashboard.pipeline.build import build, build_tables
from dashboard.pipeline.codebook import load_codebook
from dashboard.pipeline.extract.sentences import split_sentences
from dashboard.pipeline.reviews import (
    ArticleText,
    QueueItem,
    added_row,
    apply_reviews,
    next_to_review,
    read_reviews,
    read_rows,
    redecide,
    replace_row,
    review_queue,
    write_rows,
)
from dashboard.read import labels
from dashboard.read.figures import STANCE_COLOURS
from dashboard.read.store import paragraph_of
from dashboard.schema import ISO_DAY, STANCES, TOPICS, Claims

LOOPBACK = "127.0.0.1"
PAGE_SIZE = 20
TITLE = "Review claims"
SHOWS = ("all", "unreviewed", "reviewed")
ACTOR_GROUPS = (("country", "Countries and blocs"), ("person", "People"), ("organization", "Organisations"), ("group", "Groups"))
STATUS_CLASS = {
    "unreviewed": "text-bg-light border",
    "accepted": "text-bg-success",
    "corrected": "text-bg-primary",
    "rejected": "text-bg-danger",
    "added": "text-bg-dark",
}


class Session:
    """What the page works on: the extractor's claims before any review (read once when the page
    starts, again when a rebuild finds the articles changed), the articles' texts, the codebook."""

    def __init__(self, seeds: Path, data_dir: Path, codebook_path: Path, reviews_path: Path):
        self.seeds, self.data_dir, self.codebook_path, self.reviews_path = seeds, data_dir, codebook_path, reviews_path
        self.codebook = load_codebook(codebook_path)
        self.lock = threading.RLock()  # one decision at a time: read, write, rebuild
        self.notice: tuple[str, str] | None = None  # (kind, text) shown once on the next page
        self.read_articles()

    def read_articles(self) -> None:
        tables, _ = build_tables(self.seeds, self.codebook, None, self.codebook_path)
        self.machine = tables["claims"]
        rows = tables["articles"].to_dict("records")
        self.meta = {r["article_id"]: r for r in rows}
        self.articles = {
            r["article_id"]: ArticleText(read_article(self.seeds / r["file"]), r["publisher"], r["published"]) for r in rows
        }
        self.digest = {(r["article_id"], r["sha256"]) for r in rows}

    def view(self):
        """(reviews, applied, queue) as the file stands now."""
        reviews = read_reviews(self.reviews_path, self.codebook)
        applied = apply_reviews(self.machine, reviews, self.codebook, self.articles)
        return reviews, applied, review_queue(self.machine, applied, reviews)

    def save(self, line: int | None, new: dict | None) -> tuple[str, str]:
        """Replace the row at ``line`` by ``new`` (None: remove it; no line: append), then rebuild."""
        header, rows = read_rows(self.reviews_path)
        write_rows(self.reviews_path, replace_row(rows, line, new), self.codebook, header)
        return self.rebuild()

    def rebuild(self) -> tuple[str, str]:
        try:
            summary = build(self.seeds, self.data_dir, self.codebook_path, self.reviews_path)
        except DashboardError as err:
            return "danger", f"Saved to {self.reviews_path.name}, but the rebuild failed: {err}"
        with (self.data_dir / "articles.csv").open(encoding="utf-8", newline="") as f:
            built = {(r["article_id"], r["sha256"]) for r in csv.DictReader(f)}
        if built != self.digest:  # articles were added or changed meanwhile: read them again
            self.read_articles()
        said = (
            f"Saved. Tables rebuilt: {summary['claims']} claims, {summary['reviewed']} reviewed, {summary['rejected']} rejected."
        )
        if summary["orphan_reviews"]:
            said += f" {labels.plural(len(summary['orphan_reviews']), 'decision')} found no claim (listed above the queue)."
        return "success", said


def create_review_app(
    seeds: Path | None = None, data_dir: Path | None = None, codebook_path: Path | None = None, reviews_path: Path | None = None
) -> Flask:
    """The review page's Flask app on the given folders (default: the configured ones)."""
    session = Session(
        Path(seeds or config.seeds_dir()),
        Path(data_dir or config.data_dir()),
        Path(codebook_path or config.codebook_path()),
        Path(reviews_path or config.reviews_path()),
    )
    token = secrets.token_urlsafe(24)  # forms carry it: another site cannot post decisions here
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.extensions["review_session"] = session

    @app.before_request
    def _local_only():
        host = (request.host or "").rsplit(":", 1)[0]
        if host not in (LOOPBACK, "localhost"):
            abort(403)  # a page reached by another name (DNS rebinding) gets nothing
        if request.method == "POST" and not secrets.compare_digest(request.form.get("token", ""), token):
            return _plain("This form is stale or not from this page: reload the page and decide again.", 403)
        return None

    @app.after_request
    def _headers(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/assets/<path:name>")
    def assets(name: str):
        return send_from_directory(config.assets_dir(), name)

    @app.get("/review.js")
    def script():
        return Response(SCRIPT, mimetype="text/javascript")

    @app.get("/review.css")
    def style():
        return Response(STYLE, mimetype="text/css")

    @app.get("/")
    def queue():
        show = request.args.get("show", "all")
        show = show if show in SHOWS else "all"
        with session.lock:
            try:
                reviews, applied, items = session.view()
            except DashboardError as err:
                return _page("Review claims", _error_body(str(err)), token, status=500)
            notice, session.notice = session.notice, None
        html = queue_html(session, items, applied, show, request.args.get("focus", ""), _int(request.args.get("page")), token)
        return _page(TITLE, html, token, focus=request.args.get("focus", ""), notice=notice)

    @app.post("/decide")
    def decide():
        form = request.form
        show = form.get("show", "all")
        action = form.get("action", "")
        if action not in ("accept", "reject", "correct", "undo"):
            return _plain(f'Unknown decision "{action}".', 400)
        actor, topic, stance, problem = _labels(session, form)
        if problem:
            return _plain(problem, 400)
        with session.lock:
            try:
                _, _, items = session.view()
                item = next((q for q in items if q.claim_id == form.get("claim_id")), None)
                if item is None:
                    session.notice = (
                        "warning",
                        "That claim is no longer in the queue (the articles were rebuilt): nothing saved.",
                    )
                    return redirect(_queue_url(show, ""), code=303)
                new = redecide(item, action, actor, topic, stance, form.get("note", ""))
                following = next_to_review(items, item.claim_id) or item.claim_id
                if item.line is None and new is None:
                    session.notice = ("secondary", "Nothing to undo: that claim had no decision.")
                    return redirect(_queue_url(show, item.claim_id), code=303)
                kind, said = session.save(item.line, new)
            except DashboardError as err:
                return _page("Not saved", _error_body(str(err)), token, status=400)
            session.notice = (kind, f"{_what(item, action, new)} {said}")
        return redirect(_queue_url(show, following), code=303)

    @app.post("/withdraw")
    def withdraw():
        line = _int(request.form.get("line"))
        with session.lock:
            try:
                _, applied, _ = session.view()
                hit = next((u for u in applied.unplaced if u.review.line == line), None)
                if hit is None or hit.review.claim_id != request.form.get("claim_id", ""):
                    session.notice = ("warning", "That decision is no longer in reviews.csv as it was: nothing changed.")
                    return redirect("/", code=303)
                kind, said = session.save(line, None)
            except DashboardError as err:
                return _page("Not saved", _error_body(str(err)), token, status=400)
            session.notice = (kind, f"Withdrew the decision of line {line}. {said}")
        return redirect("/", code=303)

    @app.get("/articles")
    def articles():
        with session.lock:
            try:
                _, applied, items = session.view()
            except DashboardError as err:
                return _page(TITLE, _error_body(str(err)), token, status=500)
        return _page("Add a claim · " + TITLE, articles_html(session, items), token)

    @app.get("/article/<article_id>")
    def article(article_id: str):
        if article_id not in session.articles:
            return _plain(f"No article {article_id}.", 404)
        with session.lock:
            try:
                _, applied, _ = session.view()
            except DashboardError as err:
                return _page(TITLE, _error_body(str(err)), token, status=500)
            notice, session.notice = session.notice, None
        body = article_html(session, article_id, applied, token, _int(request.args.get("at")))
        return _page("Add a claim · " + TITLE, body, token, notice=notice)

    @app.post("/add")
    def add():
        form = request.form
        article_id = form.get("article_id", "")
        art = session.articles.get(article_id)
        if art is None:
            return _plain(f"No article {article_id}.", 404)
        back = f"/article/{article_id}"
        actor, topic, stance, problem = _labels(session, form)
        start = _int(form.get("start"))
        sentence = next((s for s in split_sentences(art.text) if s.start == start), None)
        claim_date = form.get("claim_date", "").strip() or art.published
        if sentence is None:
            problem = "Pick the sentence the claim is read from."
        elif not (actor and topic and stance):
            problem = problem or "Choose the actor, the topic and the stance."
        elif not ISO_DAY.fullmatch(claim_date) or claim_date > art.published:
            problem = f"The claim date must be a day on or before the article's publication ({art.published})."
        if problem:
            session.notice = ("danger", f"Not added: {problem}")
            return redirect(back + (f"?at={start}#s-{start}" if sentence else ""), code=303)
        at = f"?at={sentence.start}#s-{sentence.start}"
        source = " ".join(form.get("source", "").split())
        with session.lock:
            try:
                _, applied, _ = session.view()
                c = applied.claims
                same = c[
                    (c[Claims.ARTICLE_ID].astype(str) == article_id)
                    & (c[Claims.CHAR_START].astype(int) == sentence.start)
                    & (c[Claims.ACTOR].astype(str) == actor)
                    & (c[Claims.TOPIC].astype(str) == topic)
                    & (c[Claims.STANCE].astype(str) == stance)
                ]
                if len(same):
                    session.notice = ("warning", "The table already has this claim on that sentence: nothing added.")
                    return redirect(back + at, code=303)
                new = added_row(
                    article_id,
                    sentence.text,
                    sentence.start,
                    actor,
                    topic,
                    stance,
                    source="" if source in ("", art.publisher) else source,
                    claim_date="" if claim_date == art.published else claim_date,
                    note=form.get("note", ""),
                )
                kind, said = session.save(None, new)
            except DashboardError as err:
                return _page("Not saved", _error_body(str(err)), token, status=400)
            session.notice = (kind, f"Added: {actor} {labels.stance_verb(stance)} {labels.topic(topic)}. {said}")
        return redirect(back + at, code=303)

    return app


def serve(host: str = LOOPBACK, port: int = 8051) -> None:
    """``python -m dashboard review``: the page writes reviews.csv and rebuilds data/, so it answers on
    127.0.0.1 only and refuses any other address."""
    if host != LOOPBACK:
        raise DashboardError(
            f'refusing to serve the review page on "{host}": it writes {config.reviews_path()} and rebuilds the tables, '
            f"so it answers on {LOOPBACK} only"
        )
    print("reading the articles ...", flush=True)
    app = create_review_app()
    print(f"review page: http://{LOOPBACK}:{port}/  (decisions go to {config.reviews_path()})", flush=True)
    app.run(host=LOOPBACK, port=port, debug=False, threaded=True)


# ---------------------------------------------------------------- requests


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _labels(session: Session, form) -> tuple[str, str, str, str]:
    """(actor, topic, stance, problem) from a form; every label checked against the codebook and schema."""
    actor, topic, stance = (form.get(k, "").strip() for k in ("actor", "topic", "stance"))
    if actor and actor not in session.codebook.actors:
        return "", "", "", f'Unknown actor "{actor}".'
    if topic and topic not in TOPICS:
        return "", "", "", f'Unknown topic "{topic}".'
    if stance and stance not in STANCES:
        return "", "", "", f'Unknown stance "{stance}".'
    return actor, topic, stance, ""


def _queue_url(show: str, focus: str) -> str:
    query = {k: v for k, v in (("show", show if show in SHOWS and show != "all" else ""), ("focus", focus)) if v}
    return "/" + (f"?{urlencode(query)}" if query else "") + (f"#c-{focus}" if focus else "")


def _what(item: QueueItem, action: str, new: dict | None) -> str:
    reading = " · ".join(item.original or item.current or ())
    verb = {"accept": "Accepted", "reject": "Rejected", "correct": "Corrected", "undo": "Undid the decision on"}[action]
    if action == "correct" and new is not None and new.get("action") == "accept":
        verb = "Nothing changed: accepted"
    if item.original is None and action == "reject":
        verb = "Withdrew the added claim"
    return f"{verb} {reading} “{_short(item.quote, 80)}”."


# ---------------------------------------------------------------- drawing


def _short(text: str, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")


def _notice(notice: tuple[str, str] | None) -> str:
    if not notice:
        return ""
    kind, text = notice
    return f'<div class="alert alert-{escape(kind)} py-2 mb-0 small" role="status" id="notice">{escape(text)}</div>'


def _error_body(message: str) -> str:
    return (
        f'<div class="alert alert-danger" role="alert" id="notice"><strong>Cannot read the decisions.</strong> {escape(message)}</div>'
        "<p>Fix the file (or undo the last hand edit) and reload.</p>"
    )


def _page(
    title: str, body: str, token: str, status: int = 200, focus: str = "", notice: tuple[str, str] | None = None
) -> Response:
    """The page around ``body``; the notice of the last decision sits in the header (kept in view on wide screens)."""
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/bootstrap.min.css">
<link rel="stylesheet" href="/review.css">
<script src="/review.js" defer></script>
</head>
<body data-focus="{escape(focus)}">
<header class="review-header border-bottom bg-white">
<div class="container-xl py-2 d-flex flex-wrap align-items-center gap-2 gap-md-3">
<h1 class="h5 m-0"><a class="text-reset text-decoration-none" href="/">Review claims</a></h1>
<nav class="d-flex gap-3 small"><a href="/">Queue</a><a href="/articles" id="add-link">Add a claim</a></nav>
<p class="key-hint small text-muted m-0" id="key-hint">Keys: <kbd>j</kbd> / <kbd>k</kbd> next / previous ·
<kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>c</kbd> correct · <kbd>u</kbd> undo</p>
</div>
{f'<div class="container-xl pb-2">{_notice(notice)}</div>' if notice else ""}
</header>
<main class="container-xl my-3">
{body}
</main>
</body>
</html>
"""
    return Response(html, status=status, mimetype="text/html")


def _options(values, selected: str, label=str, empty: str | None = None) -> str:
    out = [f'<option value="">{escape(empty)}</option>'] if empty is not None else []
    for v in values:
        chosen = " selected" if v == selected else ""
        out.append(f'<option value="{escape(v)}"{chosen}>{escape(label(v))}</option>')
    return "".join(out)


def _actor_options(session: Session, selected: str, empty: str | None = None) -> str:
    actors = session.codebook.actors
    out = [f'<option value="">{escape(empty)}</option>'] if empty is not None else []
    if selected and selected not in actors:  # a reading whose actor left the codebook: shown, not offered
        out.append(f'<option value="" selected disabled>{escape(selected)} (not in the codebook)</option>')
    for kind, heading in ACTOR_GROUPS:
        names = sorted((a for a in actors.values() if a.type == kind), key=lambda a: a.name.casefold())
        if not names:
            continue
        opts = "".join(
            f'<option value="{escape(a.name)}"{" selected" if a.name == selected else ""}>'
            f"{escape(labels.actor(a.name, a.affiliation))}</option>"
            for a in names
        )
        out.append(f'<optgroup label="{escape(heading)}">{opts}</optgroup>')
    return "".join(out)


def _badge(stance: str) -> Markup:
    return Markup(f'<span class="badge stance-badge stance-{escape(stance)}">{escape(labels.stance(stance))}</span>')


def _reading_html(reading) -> Markup:
    actor, topic, stance = reading
    return Markup(f"{escape(actor)} · {escape(labels.topic(topic))} · ") + _badge(stance)


def queue_html(session: Session, items: list[QueueItem], applied, show: str, focus: str, page: int | None, token: str) -> str:
    counts = {"all": len(items), "unreviewed": sum(not q.reviewed for q in items)}
    counts["reviewed"] = counts["all"] - counts["unreviewed"]
    shown = [q for q in items if show == "all" or (q.reviewed == (show == "reviewed"))]
    ids = [q.claim_id for q in shown]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    if focus in ids:
        page = ids.index(focus) // PAGE_SIZE
    page = min(max(page or 0, 0), pages - 1)
    tabs = "".join(
        f'<a class="nav-link{" active" if s == show else ""}" href="/{"?show=" + s if s != "all" else ""}"'
        f'{" aria-current=page" if s == show else ""}>{s.capitalize()} <span class="badge text-bg-secondary">{counts[s]}</span></a>'
        for s in SHOWS
    )
    unplaced = ""
    if applied.unplaced:
        rows = "".join(
            f'<li class="mb-2"><span class="small">{escape(u.message())}</span>'
            f'<form method="post" action="/withdraw" class="d-inline ms-2"><input type="hidden" name="token" value="{escape(token)}">'
            f'<input type="hidden" name="line" value="{u.review.line}"><input type="hidden" name="claim_id" value="{escape(u.review.claim_id)}">'
            '<button class="btn btn-outline-secondary btn-sm py-0">Withdraw</button></form></li>'
            for u in applied.unplaced
        )
        unplaced = (
            '<section class="alert alert-warning" id="unplaced"><h2 class="h6">Decisions that found no claim '
            "(kept in reviews.csv, applied to nothing)</h2>"
            f'<ul class="mb-0 ps-3">{rows}</ul></section>'
        )
    cards = "".join(_card(session, q, show, token) for q in shown[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
    if not shown:
        cards = '<p class="text-muted" id="queue-empty">Nothing here.</p>'
    pager = ""
    if pages > 1:

        def link(p: int, text: str) -> str:
            query = urlencode({k: v for k, v in (("show", show if show != "all" else ""), ("page", p)) if v != ""})
            return f'<a class="btn btn-outline-secondary btn-sm" href="/?{query}">{text}</a>'

        prev = link(page - 1, "← Previous") if page > 0 else ""
        nxt = link(page + 1, "Next →") if page < pages - 1 else ""
        pager = f'<nav class="d-flex gap-2 align-items-center my-3" id="pager">{prev}<span class="small">Page {page + 1} of {pages}</span>{nxt}</nav>'
    return (
        unplaced
        + f'<p class="mb-2" id="queue-count"><strong>{counts["unreviewed"]}</strong> of {counts["all"]} claims to review. '
        "Unreviewed first, newest articles first.</p>"
        + f'<nav class="nav nav-pills small mb-3" id="queue-tabs">{tabs}</nav>'
        + f'<div id="queue">{cards}</div>'
        + pager
    )


def _card(session: Session, q: QueueItem, show: str, token: str) -> str:
    meta = session.meta.get(q.article_id, {})
    text = session.articles[q.article_id].text if q.article_id in session.articles else ""
    if text[q.char_start : q.char_end] == q.quote:
        before, quote, after = paragraph_of(text, q.char_start, q.char_end)
    else:
        before, quote, after = "", q.quote, ""
    shown = q.current or q.original
    actor, topic, stance = shown
    info = session.codebook.actors.get(actor)
    facts = [
        ("Actor", escape(labels.actor(actor, info.affiliation) if info else actor)),
        ("Topic", escape(labels.topic(topic))),
        ("Stance", _badge(stance)),
        ("Source", escape(q.source)),
        ("Date", escape(labels.claim_date(q.claim_date, q.date_precision))),
    ]
    facts_html = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    was = ""
    if q.status == "corrected" and q.original:
        was = f'<p class="small text-muted mb-1 was">The extractor read: {_reading_html(q.original)}</p>'
    if q.status == "added":
        was = '<p class="small text-muted mb-1 was">Added by an analyst.</p>'
    note = f'<p class="small mb-1 note">Note: {escape(q.note)}</p>' if q.note else ""
    undo = (
        '<button type="submit" name="action" value="undo" class="btn btn-link btn-sm" data-key="u">Undo <kbd>u</kbd></button>'
        if q.reviewed
        else ""
    )
    reject_text = "Withdraw" if q.original is None else "Reject"
    # the decision a claim has already is not offered again (a note is changed with "Save correction")
    accept_off = " disabled" if q.status == "accepted" else ""
    reject_off = " disabled" if q.status == "rejected" else ""
    title = meta.get("title") or q.article_id
    return f"""<article class="card review-item status-{escape(q.status)} mb-3" id="c-{escape(q.claim_id)}" data-claim="{escape(q.claim_id)}" tabindex="-1">
<div class="card-body">
<div class="d-flex flex-wrap align-items-baseline gap-2 small text-muted mb-1">
<span class="badge {STATUS_CLASS[q.status]} status-badge">{escape(q.status)}</span>
<span class="article-title d-none d-md-inline">{escape(_short(title, 110))}</span>
<span>{escape(q.publisher)}, {escape(labels.day(q.published))}</span>
</div>
<p class="review-paragraph mb-2">{escape(before)}<mark>{escape(quote)}</mark>{escape(after)}</p>
<dl class="review-facts mb-1">{facts_html}</dl>
{was}{note}
<form method="post" action="/decide" class="review-form mt-2">
<input type="hidden" name="token" value="{escape(token)}">
<input type="hidden" name="claim_id" value="{escape(q.claim_id)}">
<input type="hidden" name="show" value="{escape(show)}">
<button type="submit" name="action" value="correct" class="visually-hidden" tabindex="-1">Save</button>
<div class="d-flex flex-wrap align-items-center gap-2">
<button type="submit" name="action" value="accept" class="btn btn-success btn-sm" data-key="a"{accept_off}>Accept <kbd>a</kbd></button>
<button type="submit" name="action" value="reject" class="btn btn-outline-danger btn-sm" data-key="r"{reject_off}>{reject_text} <kbd>r</kbd></button>
{undo}
<a class="small ms-auto add-here" href="/article/{escape(q.article_id)}?at={q.char_start}#s-{q.char_start}">Add a claim on this sentence</a>
</div>
<details class="correct-panel mt-2">
<summary class="small">Correct actor, topic or stance, or add a note <kbd>c</kbd></summary>
<div class="row g-2 mt-1">
<label class="col-12 col-md-4 small">Actor<select name="actor" class="form-select form-select-sm" data-field="actor">{_actor_options(session, actor)}</select></label>
<label class="col-7 col-md-3 small">Topic<select name="topic" class="form-select form-select-sm">{_options(TOPICS, topic, labels.topic)}</select></label>
<label class="col-5 col-md-2 small">Stance<select name="stance" class="form-select form-select-sm">{_options(STANCES, stance, labels.stance)}</select></label>
<label class="col-12 col-md-3 small">Note (optional)<input name="note" class="form-control form-control-sm" maxlength="500" value="{escape(q.note)}"></label>
</div>
<button type="submit" name="action" value="correct" class="btn btn-primary btn-sm mt-2 correct-button">Save correction</button>
</details>
</form>
</div>
</article>
"""


def articles_html(session: Session, items: list[QueueItem]) -> str:
    todo: dict[str, list[int]] = {}
    for q in items:
        t = todo.setdefault(q.article_id, [0, 0])
        t[0] += 1
        t[1] += not q.reviewed
    rows = sorted(session.meta.values(), key=lambda r: (r["published"], r["article_id"]), reverse=True)
    lis = "".join(
        f'<li class="list-group-item"><a href="/article/{escape(r["article_id"])}">{escape(r["title"] or r["article_id"])}</a>'
        f'<div class="small text-muted">{escape(r["publisher"])}, {escape(labels.day(r["published"]))} · '
        f"{todo.get(r['article_id'], [0, 0])[0]} claims, {todo.get(r['article_id'], [0, 0])[1]} unreviewed</div></li>"
        for r in rows
    )
    return (
        '<h2 class="h5">Add a claim the extractor missed</h2>'
        '<p class="small text-muted">Pick an article, then the sentence the claim is read from. Newest articles first.</p>'
        f'<ul class="list-group" id="article-list">{lis}</ul>'
    )


def article_html(session: Session, article_id: str, applied, token: str, at: int | None) -> str:
    art, meta = session.articles[article_id], session.meta[article_id]
    claims = applied.claims
    here = claims[claims[Claims.ARTICLE_ID].astype(str) == article_id]
    readings: dict[int, list] = {}
    for row in here.to_dict("records"):
        readings.setdefault(int(row[Claims.CHAR_START]), []).append(row)
    items, previous_end = [], 0
    for s in split_sentences(art.text):
        new_paragraph = "\n" in art.text[previous_end : s.start] or s.index == 0
        previous_end = s.end
        said = "".join(
            f'<span class="reading d-inline-block me-2">{_reading_html((str(r[Claims.ACTOR]), str(r[Claims.TOPIC]), str(r[Claims.STANCE])))}'
            + (' <span class="badge text-bg-secondary">reviewed</span>' if r[Claims.METHOD] == "reviewed" else "")
            + "</span>"
            for r in readings.get(s.start, [])
        )
        checked = " checked" if at == s.start else ""
        items.append(
            f'<label class="sentence list-group-item{" paragraph-start" if new_paragraph else ""}" id="s-{s.start}">'
            f'<input class="form-check-input me-2" type="radio" name="start" value="{s.start}" required{checked}>'
            f'<span class="sentence-text">{escape(s.text)}</span>'
            + (f'<span class="d-block small mt-1 readings">{said}</span>' if said else "")
            + "</label>"
        )
    outlets = sorted(set(session.codebook.outlets.values()) | {art.publisher}, key=str.casefold)
    datalist = "".join(f'<option value="{escape(o)}"></option>' for o in outlets)
    title = meta.get("title") or article_id
    return f"""<p class="small mb-1"><a href="/articles">← Articles</a></p>
<h2 class="h5">{escape(title)}</h2>
<p class="small text-muted">{escape(art.publisher)}, {escape(labels.day(art.published))}. Pick the sentence, then say who takes
which position on what. The readings already in the table are shown under each sentence.</p>
<form method="post" action="/add" class="row g-3" id="add-form">
<input type="hidden" name="token" value="{escape(token)}">
<input type="hidden" name="article_id" value="{escape(article_id)}">
<fieldset class="col-12 col-lg-8">
<legend class="h6">Sentences</legend>
<div class="list-group sentences">{"".join(items)}</div>
</fieldset>
<div class="col-12 col-lg-4">
<div class="card add-fields"><div class="card-body">
<h3 class="h6">The claim</h3>
<label class="d-block small mb-2">Actor<select name="actor" class="form-select form-select-sm" required>{_actor_options(session, "", "Choose…")}</select></label>
<label class="d-block small mb-2">Topic<select name="topic" class="form-select form-select-sm" required>{_options(TOPICS, "", labels.topic, "Choose…")}</select></label>
<label class="d-block small mb-2">Stance<select name="stance" class="form-select form-select-sm" required>{_options(STANCES, "", labels.stance, "Choose…")}</select></label>
<label class="d-block small mb-2">According to (source)<input name="source" class="form-control form-control-sm" list="outlets" value="{escape(art.publisher)}" maxlength="200"></label>
<datalist id="outlets">{datalist}</datalist>
<label class="d-block small mb-2">Claim date<input name="claim_date" type="date" class="form-control form-control-sm" value="{escape(art.published)}" max="{escape(art.published)}"></label>
<label class="d-block small mb-3">Note (optional)<input name="note" class="form-control form-control-sm" maxlength="500"></label>
<button type="submit" class="btn btn-primary btn-sm" id="add-claim">Add claim</button>
</div></div>
</div>
</form>
"""


STYLE = (
    """/* the review page (python -m dashboard review), on top of the vendored Bootstrap 5.3 */
body { background: #f6f7f9; }
@media (min-width: 768px) { .review-header { position: sticky; top: 0; z-index: 10; } }
.review-paragraph { line-height: 1.5; overflow-wrap: anywhere; }
.review-paragraph mark { background: #ffe58a; padding: 0 .1rem; }
.review-facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; font-size: .9rem; }
.review-facts dt { font-weight: 600; }
.review-facts dd { margin: 0; overflow-wrap: anywhere; }
@media (min-width: 768px) {
  .review-facts { grid-template-columns: repeat(5, max-content minmax(0, auto)); }
}
.review-item { scroll-margin-top: 8rem; }
.review-item.current { outline: 3px solid #0a58ca; outline-offset: 1px; }
.review-item.status-rejected .review-facts dd { text-decoration: line-through; color: #555; }
.review-form label select, .review-form label input { margin-top: .15rem; }
.correct-panel > summary { cursor: pointer; color: var(--bs-link-color); width: fit-content; }
kbd { background: #e9ecef; color: #212529; border: 1px solid #adb5bd; padding: 0 .25rem; font-size: .75rem; }
.btn kbd { background: rgba(255, 255, 255, .8); color: #212529; }
.stance-badge { font-weight: 600; }
.sentence { display: flex; flex-wrap: wrap; align-items: baseline; cursor: pointer; scroll-margin-top: 8rem; }
.sentence .sentence-text { flex: 1 1 0; min-width: 0; overflow-wrap: anywhere; }
.sentence .readings { flex-basis: 100%; padding-left: 1.5rem; }
.sentence.paragraph-start { border-top-width: 3px; }
.sentence:has(input:checked) { background: #fff5cc; }
@media (min-width: 992px) { .add-fields { position: sticky; top: 8rem; } }
:root { scroll-behavior: auto; --bs-link-color: #0a58ca; --bs-link-color-rgb: 10, 88, 202; --bs-secondary-color: rgba(33, 37, 41, .8); }
"""
    + "".join(f".stance-badge.stance-{s} {{ background-color: {c}; }}\n" for s, c in STANCE_COLOURS.items())
    + ".stance-badge.stance-supports, .stance-badge.stance-opposes, .stance-badge.stance-conditional, "
    ".stance-badge.stance-undecided { color: #000; }\n.stance-badge.stance-calls_for { color: #fff; }\n"
)

SCRIPT = """// the review page's keys: j / k move between claims, a accept, r reject, c correct, u undo
(function () {
  "use strict";
  var cards = Array.prototype.slice.call(document.querySelectorAll(".review-item"));
  var current = -1;
  function select(i, focus) {
    if (!cards.length) { return; }
    i = Math.max(0, Math.min(cards.length - 1, i));
    if (current >= 0) { cards[current].classList.remove("current"); cards[current].removeAttribute("aria-current"); }
    current = i;
    cards[i].classList.add("current");
    cards[i].setAttribute("aria-current", "true");
    if (focus) { cards[i].focus({ preventScroll: true }); cards[i].scrollIntoView({ block: "nearest" }); }
  }
  cards.forEach(function (card, i) {
    card.addEventListener("focusin", function () { if (current !== i) { select(i, false); } });
  });
  var wanted = document.body.getAttribute("data-focus");
  var start = cards.findIndex(function (c) { return c.getAttribute("data-claim") === wanted; });
  if (start < 0) { start = cards.findIndex(function (c) { return c.classList.contains("status-unreviewed"); }); }
  if (cards.length) { select(start < 0 ? 0 : start, start >= 0 && !!wanted); }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !cards.length) { return; }
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) {
      if (e.key === "Escape") { t.blur(); cards[current].focus({ preventScroll: true }); }
      return;
    }
    var card = cards[current], button = null;
    if (e.key === "j") { select(current + 1, true); }
    else if (e.key === "k") { select(current - 1, true); }
    else if (e.key === "a" || e.key === "r" || e.key === "u") { button = card.querySelector('button[data-key="' + e.key + '"]'); }
    else if (e.key === "c") {
      var panel = card.querySelector("details.correct-panel"), s = card.querySelector('select[data-field="actor"]');
      if (panel) { panel.open = true; }
      if (s) { s.focus(); }
    }
    else { return; }
    e.preventDefault();
    if (button) { button.click(); }
  });
})();
"""
