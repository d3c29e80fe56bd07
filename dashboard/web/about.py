"""The About page: what the table is, what its labels mean, how claims are read, and how far to trust it.

The accuracy it reports is the extractor's **first reading** of articles written by people who never
saw it (``data/first_readings.csv``, one row per blind round, recorded once and never revised; the
details are in ``docs/extraction.md``), not its score on the articles it was developed on.
Pure: text in, HTML out (every value escaped); the route lives in ``app.py``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from dashboard.errors import InputError
from dashboard.schema import Articles, Claims

# CODEBOOK.md's definitions, in the words a reader needs (the codebook is the contract)
TOPIC_TEXT = {
    "security_guarantees": "guarantees for Ukraine's security after a settlement: a US backstop, Article 5-like protection, written guarantees",
    "ground_troops": "sending one's own soldiers, peacekeepers or reassurance-force personnel into Ukraine, or refusing to",
    "coalition_force": "the European-led force or coalition of the willing as a project: whether it goes ahead, its plans, headquarters, membership",
    "air_support": "air power, air cover, aircraft, air policing, an air shield or no-fly zone",
    "air_defense": "air-defence systems and assets, ground-based radar",
    "intelligence": "intelligence sharing, surveillance and reconnaissance",
    "logistics": "logistics, command and control, strategic enablers, equipment and weapons supply",
    "naval": "naval vessels, Black Sea patrols, maritime security, demining",
    "training": "training and equipping Ukraine's own forces",
    "burden_sharing": "who pays for and bears responsibility for Ukraine's security",
    "russia_role": "Russia's part in the arrangements: its demand to take part in or veto them, its objection to foreign forces",
    "peace_process": "the ceasefire, peace deal and negotiations themselves",
}
STANCE_TEXT = {
    "supports": "commits to, offers, agrees to or backs it",
    "opposes": "refuses, rules out, rejects or objects to it",
    "conditional": "supports it only under a stated condition",
    "calls_for": "demands, urges, insists on or hopes that someone else does it",
    "undecided": "has not decided or will not commit either way",
}
COLUMNS = (
    "round",
    "read_on",
    "articles",
    "outlets",
    "engine",
    "precision",
    "recall",
    "f1",
    "actor_accuracy",
    "contributions_precision",
    "contributions_recall",
    "totals_recall",
    "date_accuracy",
    "source_accuracy",
)
SCORES = COLUMNS[5:]


@dataclass(frozen=True)
class Reading:
    """One blind round's first reading."""

    round: str
    read_on: str
    articles: int
    outlets: int
    engine: str
    scores: dict[str, float]

    @property
    def contributions_f1(self) -> float:
        p, r = self.scores["contributions_precision"], self.scores["contributions_recall"]
        return 2 * p * r / (p + r) if p + r else 0.0


def read_first_readings(path: Path) -> list[Reading]:
    """The rounds in file order; a bad row stops with the file, line and problem."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise InputError(path, f"the columns must be {', '.join(COLUMNS)}", line=1)
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise InputError(path, f"{len(row)} fields, expected {len(COLUMNS)}", line=line)
        rec = dict(zip(COLUMNS, row))
        try:
            scores = {k: float(rec[k]) for k in SCORES}
            articles, outlets = int(rec["articles"]), int(rec["outlets"])
        except ValueError as e:
            raise InputError(path, str(e), line=line) from None
        bad = [k for k, v in scores.items() if not 0.0 <= v <= 1.0]
        if bad:
            raise InputError(path, f"{bad[0]} is not between 0 and 1", line=line)
        out.append(Reading(rec["round"], rec["read_on"], articles, outlets, rec["engine"], scores))
    if not out:
        raise InputError(path, "no rounds")
    return out


def trust_sentence(latest: Reading) -> str:
    """One sentence for the page's header and footer: the latest blind round in plain words."""
    return (
        f"On {latest.articles} articles it had never seen, written from real reports by people who never saw it, "
        f"the extractor found {latest.scores['recall']:.0%} of the claims and {latest.scores['precision']:.0%} "
        f"of what it found was right (F1 {_fmt(latest.scores['f1'])}): check the quote before citing a row."
    )


def _fmt(x: float) -> str:
    """Two decimals, halves rounded up as the README and docs round them (0.495 is 0.50)."""
    return f"{x + 1e-9:.2f}"


def _table(readings: list[Reading]) -> Markup:
    head = (
        "<tr><th scope='col'>Round</th><th scope='col'>Articles</th><th scope='col'>Outlets</th>"
        "<th scope='col'>Engine</th><th scope='col'>Precision</th><th scope='col'>Recall</th>"
        "<th scope='col'>F1</th><th scope='col'>Actor right</th><th scope='col'>Contributions F1</th>"
        "<th scope='col'>Reported totals found</th><th scope='col'>Stated dates right</th></tr>"
    )
    body = []
    for i, r in enumerate(readings):
        s = r.scores
        cls = " class='table-primary'" if i == len(readings) - 1 else ""
        cells = [
            escape(r.round),
            str(r.articles),
            str(r.outlets),
            escape(r.engine),
            _fmt(s["precision"]),
            _fmt(s["recall"]),
            f"<strong>{_fmt(s['f1'])}</strong>",
            _fmt(s["actor_accuracy"]),
            _fmt(r.contributions_f1),
            _fmt(s["totals_recall"]),
            _fmt(s["date_accuracy"]),
        ]
        body.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return Markup(
        "<div class='table-responsive' tabindex='0' role='region' aria-label='First readings, round by round'><table class='table table-sm align-middle' id='first-readings'>"
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _definitions(texts: dict[str, str]) -> Markup:
    items = "".join(f"<dt>{escape(k.replace('_', ' '))}</dt><dd>{escape(v)}</dd>" for k, v in texts.items())
    return Markup(f"<dl class='about-defs'>{items}</dl>")


def about_html(readings: list[Reading], title: str, facts: dict[str, str], cite: str) -> str:
    """The whole page. ``facts`` are the shipped data's figures (articles, claims, outlets, first and
    last claim dates, data version), shown as given."""
    latest = readings[-1]
    s = latest.scores
    fact_items = "".join(f"<li>{escape(k)}: <strong>{escape(v)}</strong></li>" for k, v in facts.items())
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>About · {escape(title)}</title>
<meta name="description" content="{escape(trust_sentence(latest))}">
<link rel="stylesheet" href="/assets/bootstrap.min.css">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<main class="container my-4 about">
<p><a href="/">← Back to the dashboard</a></p>
<h1 class="h3">About: {escape(title)}</h1>
<p class="lead">Who takes which position on post-war security guarantees for Ukraine, according to which
outlet, and since when: every row of the table is a claim read from a sentence of a news article, and
carries that sentence.</p>

<h2 class="h5 mt-4" id="accuracy">How far to trust it</h2>
<p id="trust">{escape(trust_sentence(latest))}</p>
<p>These are <strong>first readings</strong>: each round's articles were written from real reports
(several outlets and countries) by helpers who never saw the extractor, and annotated before it ran;
the score was recorded once, before any work on those articles. Scores on the articles the extractor
was developed on are higher and do not measure a new article. In the latest round
({escape(latest.round)}, {latest.articles} articles from {latest.outlets} outlets) the actor was right
in {s["actor_accuracy"]:.0%} of the claims it matched; it found {s["totals_recall"]:.0%} of the
reported totals; its contributions (who offers or refuses what) reached F1 {latest.contributions_f1:.2f},
its weakest part; it credited the right outlet in {s["source_accuracy"]:.0%} and gave the stated date
in {s["date_accuracy"]:.0%}. Every quote is verbatim.</p>
<p id="agreement">How high these could be: when a second pair of careful readers annotated blind12's
20 articles again, from the same codebook, they agreed with the first on claims at F1 0.87 to 0.92,
but on contributions only at F1 0.65 (which capability a sentence offers, and whether an offer made
"once a ceasefire holds" is offered, conditional or committed). Read the contribution counts as
indicative.</p>
{_table(readings)}
<p class="small text-muted">Precision: the share of the claims it reports that are in the annotation
(same side, topic and stance). Recall: the share of annotated claims it finds. F1: their harmonic mean.</p>

<h2 class="h5 mt-4">How claims are read</h2>
<ol>
<li>Each article is split into sentences and parsed (spaCy's small English model: parts of speech,
lemmas, the dependency tree).</li>
<li>Actors, outlets, people by their titles, groups and topic words are found from the codebook and a
lexicon of word classes.</li>
<li>A reading goes up the tree from each topic word and composes the verbs, negations, hedges,
conditions and purposes it meets into a stance, with the holder as the subject of the outermost
predicate.</li>
<li>A learned layer (logistic regression, trained on about 3,000 annotated sentences and about 440
annotated articles) weighs every side and topic a sentence could state and keeps the claims.</li>
<li>Sources (credit lines, wires, "according to"), stated dates, reported totals as ranges and
contributions follow.</li>
</ol>
<p>Analysts can correct a reading (<code>data/reviews.csv</code>); corrected rows are marked
<em>reviewed</em>.</p>

<h2 class="h5 mt-4">The data here</h2>
<ul id="about-facts">{fact_items}</ul>

<h2 class="h5 mt-4">Topics</h2>
{_definitions(TOPIC_TEXT)}
<h2 class="h5 mt-4">Stances</h2>
{_definitions(STANCE_TEXT)}
<h2 class="h5 mt-4">Disagreements</h2>
<p>Two claims about the same actor or side and the same topic, one supporting (or conditional) and one
opposing, from different sources: a <em>contradiction</em> when they fall within 14 days of each other,
a <em>shift</em> of position when further apart.</p>
<h2 class="h5 mt-4">Reported totals</h2>
<p>Approximate figures are ranges, never a made-up point: "single digits" is 1 to 9, "around 30" is 27
to 33, "more than 30" is 31 with no upper bound.</p>

<h2 class="h5 mt-4">How to cite</h2>
<p id="cite">{escape(cite)}</p>
</main>
</body>
</html>
"""


def data_facts(tables) -> dict[str, str]:
    """What the shipped tables cover, for the header and the About page: articles, publishers,
    sources credited, claims, claim dates, data version (computed once per worker, over unique values)."""
    claims, articles = tables.claims, tables.articles
    facts = {
        "Articles": str(len(articles)),
        "Publishers": str(articles[Articles.PUBLISHER].nunique()) if len(articles) else "0",
        "Sources credited": str(claims[Claims.SOURCE].nunique()) if len(claims) else "0",
        "Claims": str(len(claims)),
        "Reviewed by a person": str(int((claims[Claims.METHOD] == "reviewed").sum())) if len(claims) else "0",
    }
    if len(claims):
        dates = [str(d) for d in claims[Claims.CLAIM_DATE].dropna().unique()]
        facts["Claim dates"] = f"{min(dates)} to {max(dates)}"
    facts["Data version"] = tables.version
    return facts
