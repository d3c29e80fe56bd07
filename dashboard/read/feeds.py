"""An Atom feed of any view (/feed.atom with the page's query): its newest claims first, each entry
linking to the claim's own page, so a reader can follow "new claims by Poland" or "anything on air
support" in a feed reader. Pure: tables and a selection in, XML out (every value escaped)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import numpy as np

from dashboard.read import exports, labels
from dashboard.read.exports import claim_path
from dashboard.read.filters import Filters
from dashboard.read.store import Tables
from dashboard.schema import Claims

ENTRIES = 50  # the newest claims a feed carries


def newest(claims, limit: int = ENTRIES):
    """The claims a feed shows: latest published first (a feed reader follows what is new), then the
    latest claim date, then the table's order; at most ``limit``."""
    published = claims[Claims.PUBLISHED].astype(str).to_numpy()
    when = claims["when"].to_numpy()
    order = np.lexsort((np.arange(len(claims)), when, published))[::-1][:limit]
    return claims.iloc[order]


def _stamp(day: str) -> str:
    return f"{str(day)[:10]}T00:00:00Z"


def atom(tables: Tables, filters: Filters, base: str, site_title: str) -> str:
    """The feed of ``filters``'s view; ``base`` is the site's address ("https://example.org/")."""
    base = base.rstrip("/")
    selected = exports.selected(tables, filters, "claims")  # the claims only: no other table narrowed
    query = filters.to_query()
    rows = newest(selected).astype({c: str for c in (Claims.PUBLISHED, Claims.CLAIM_DATE)}).to_dict("records")
    title = f"{site_title}: {filters.describe(len(selected))}"
    updated = _stamp(max((r[Claims.PUBLISHED] for r in rows), default=tables.latest or "1970-01-01"))
    entries = []
    for r in rows:
        link = base + claim_path(r[Claims.CLAIM_ID])
        headline = f"{r[Claims.ACTOR]} {labels.stance_verb(r[Claims.STANCE])} {labels.topic(r[Claims.TOPIC])}"
        summary = (
            f"“{r[Claims.QUOTE]}” According to {r[Claims.SOURCE]}, "
            f"{labels.claim_date(r[Claims.CLAIM_DATE], r[Claims.DATE_PRECISION])}; published by {r[Claims.PUBLISHER]}."
        )
        entries.append(
            "<entry>"
            f"<id>{escape(link)}</id>"
            f"<title>{escape(headline)} ({escape(str(r[Claims.SOURCE]))})</title>"
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>'
            f"<updated>{_stamp(r[Claims.PUBLISHED])}</updated>"
            f"<published>{_stamp(r[Claims.PUBLISHED])}</published>"
            f"<author><name>{escape(str(r[Claims.SOURCE]))}</name></author>"
            f"<category term={quoteattr(str(r[Claims.TOPIC]))} label={quoteattr(labels.topic(r[Claims.TOPIC]))}/>"
            f'<summary type="text">{escape(summary)}</summary>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(base + '/feed.atom' + query)}</id>"
        f"<title>{escape(title)}</title>"
        f"<updated>{updated}</updated>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(base + "/feed.atom" + query)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(base + "/" + query)}/>'
        f"<author><name>{escape(site_title)}</name></author>" + "".join(entries) + "</feed>\n"
    )
