"""A claim's own page, at a stable address (/claim/<claim_id>): the sentence highlighted in its
paragraph, who said what on which topic, according to which outlet and when, the article it was read
from, a line to cite it with, and the other claims of that actor on that topic.

Pure: tables in, HTML out (every value escaped); the route lives in ``app.py``."""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from dashboard.read import labels
from dashboard.read.exports import claim_path
from dashboard.read.figures import STANCE_COLOURS
from dashboard.read.store import Tables, claim_in_context
from dashboard.schema import Articles, Claims
from dashboard.web.about import STANCE_TEXT, TOPIC_TEXT

SIBLINGS = 12  # other claims of the actor on the topic listed on the page


def cite(claim: dict, article: dict, claim_url: str, version: str) -> str:
    """One line to cite the claim with: the article (publisher, title, date, address) and this page."""
    title = article.get(Articles.TITLE) or claim[Claims.ARTICLE_ID]
    where = f", {article[Articles.URL]}" if article.get(Articles.URL) else ""
    return (
        f"{claim[Claims.PUBLISHER]}, “{title}”, {labels.day(claim[Claims.PUBLISHED])}{where}; claim read from it by the "
        f"Security guarantees for Ukraine claims dashboard (data version {version}): {claim_url}"
    )


def view_link(**selection: str) -> str:
    """The dashboard's address for a selection ("/?actor=Poland&topic=ground_troops")."""
    return "/?" + urlencode(selection)


def siblings(tables: Tables, claim: dict, limit: int = SIBLINGS) -> list[dict]:
    """The actor's other claims on the topic, newest first (at most ``limit``)."""
    claims = tables.claims
    same = (
        (claims[Claims.ACTOR] == claim[Claims.ACTOR])  # on the categories: no text made per claim
        & (claims[Claims.TOPIC] == claim[Claims.TOPIC])
        & (claims[Claims.CLAIM_ID] != claim[Claims.CLAIM_ID])
    )
    rows = claims[same].sort_values("when", ascending=False, kind="stable").head(limit)
    cols = [Claims.CLAIM_ID, Claims.CLAIM_DATE, Claims.STANCE, Claims.SOURCE, Claims.QUOTE]
    return rows[cols].astype(str).to_dict("records")


def _badge(stance: str) -> Markup:
    colour = STANCE_COLOURS.get(stance, "#777777")
    return Markup(
        f'<span class="badge stance-badge stance-{escape(stance)}" style="background-color:{colour}">'
        f"{escape(labels.stance(stance))}</span>"
    )


def _short(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def claim_html(tables: Tables, claim_id: str, base: str, site_title: str) -> str | None:
    """The page of ``claim_id``, or None when there is no such claim. ``base`` is the site's address
    (for the citable link)."""
    found = claim_in_context(tables, claim_id)
    if found is None:
        return None
    claim, before, quote, after = found.row, found.before, found.quote, found.after
    article = {Articles.TITLE: found.title, Articles.URL: found.url}
    actor, topic, stance = claim[Claims.ACTOR], claim[Claims.TOPIC], claim[Claims.STANCE]
    who = labels.actor(actor, claim[Claims.AFFILIATION])
    url = base.rstrip("/") + claim_path(claim_id)
    headline = f"{actor} {labels.stance_verb(stance)} {labels.topic(topic)}"
    title = article.get(Articles.TITLE) or claim[Claims.ARTICLE_ID]
    article_link = (
        f'<a href="{escape(article[Articles.URL])}" rel="noopener noreferrer" id="article-link">{escape(title)}</a>'
        if article.get(Articles.URL)
        else escape(title)
    )
    reviewed = ' <span class="badge bg-secondary">reviewed by an analyst</span>' if claim[Claims.METHOD] == "reviewed" else ""
    facts = [
        ("Actor", escape(who) + escape(f" ({claim[Claims.ACTOR_TYPE]})" if claim.get(Claims.ACTOR_TYPE) else "")),
        ("Position", _badge(stance) + escape(f" {STANCE_TEXT.get(stance, '')}")),
        ("Topic", escape(f"{labels.topic(topic)}: {TOPIC_TEXT.get(topic, '')}")),
        ("According to", escape(claim[Claims.SOURCE])),
        ("Claim date", escape(labels.claim_date(claim[Claims.CLAIM_DATE], claim[Claims.DATE_PRECISION]))),
        ("Published by", escape(f"{claim[Claims.PUBLISHER]}, {labels.day(claim[Claims.PUBLISHED])}")),
        ("Article", article_link),
        ("Read by", escape("an analyst (reviewed)" if claim[Claims.METHOD] == "reviewed" else "the extractor (not reviewed)")),
    ]
    fact_items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts)
    others = siblings(tables, claim)
    other_items = "".join(
        f'<li><a href="{escape(claim_path(o[Claims.CLAIM_ID]))}">{escape(labels.day(o[Claims.CLAIM_DATE]))}, '
        f"{escape(o[Claims.SOURCE])}</a> {_badge(o[Claims.STANCE])} "
        f'<span class="text-muted">{escape(_short(o[Claims.QUOTE]))}</span></li>'
        for o in others
    )
    others_html = (
        f'<ul class="list-unstyled" id="other-claims">{other_items}</ul>'
        if others
        else f"<p class='text-muted' id='other-claims'>No other claim of {escape(actor)} on {escape(labels.topic(topic))}.</p>"
    )
    description = (
        f"{headline}, according to {claim[Claims.SOURCE]} ({labels.day(claim[Claims.CLAIM_DATE])}): “{_short(quote, 200)}”"
    )
    links = [
        (view_link(actor=actor, topic=topic), f"{actor} on {labels.topic(topic)}, on the dashboard"),
        (view_link(actor=actor), f"Every claim of {actor}"),
        (view_link(topic=topic), f"Every claim on {labels.topic(topic)}"),
    ]
    link_items = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in links)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(headline)} · {escape(site_title)}</title>
<meta name="description" content="{escape(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(headline)}">
<meta property="og:description" content="{escape(description)}">
<meta property="og:url" content="{escape(url)}">
<link rel="canonical" href="{escape(url)}">
<link rel="stylesheet" href="/assets/bootstrap.min.css">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<main class="container my-4 claim-page">
<p><a href="/">← Back to the dashboard</a></p>
<h1 class="h3" id="claim-headline">{_badge(stance)} {escape(headline)}{reviewed}</h1>
<p class="text-muted">According to {escape(claim[Claims.SOURCE])}, {escape(labels.claim_date(claim[Claims.CLAIM_DATE], claim[Claims.DATE_PRECISION]))}</p>
<h2 class="h6 mt-3">The sentence it was read from, in its paragraph</h2>
<p class="provenance-paragraph claim-paragraph">{escape(before)}<mark id="claim-quote">{escape(quote)}</mark>{escape(after)}</p>
<dl class="facts" id="claim-facts">{fact_items}</dl>
<h2 class="h6 mt-4">Cite this claim</h2>
<p id="claim-cite" class="small">{escape(cite(claim, article, url, tables.version))}</p>
<h2 class="h6 mt-4">Other claims of {escape(actor)} on {escape(labels.topic(topic))}</h2>
{others_html}
<ul id="claim-links">{link_items}</ul>
</main>
</body>
</html>
"""


def missing_html(claim_id: str, site_title: str) -> str:
    """The page for an address whose claim is not in the data (a rebuild can drop a claim)."""
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No such claim · {escape(site_title)}</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css"><link rel="stylesheet" href="/assets/dashboard.css"></head>
<body><main class="container my-4"><p><a href="/">← Back to the dashboard</a></p>
<h1 class="h4">No claim {escape(claim_id)} in the current data</h1>
<p>The data may have been rebuilt since the link was made; the claim's sentence may now read differently.
Search the dashboard for its words.</p></main></body></html>
"""
