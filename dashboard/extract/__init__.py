"""Article text -> claims, contributions and reported totals (pure: no file I/O).

``extract_article`` is what ``python -m dashboard extract`` prints and what the build runs on
every article. Rows use the column names of ``dashboard.schema``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from ..codebook import Codebook
from ..schema import Claims, Contributions, Counts
from .attribution import default_source
from .claims import ClaimEngine, sentence_source
from .attribution import outlet_spans
from .contributions import STATUS_BY_STANCE, capabilities_in, capability_matches, contribution_status, contributor_of
from .counts import find_counts
from .dates import find_dates
from .sentences import Sentence, by_sentence, split_sentences

_REPORTED_DATE_GAP = 25  # a date phrase this close after "reported"/"said" dates the whole sentence
_REPORTED_BEFORE = re.compile(r"\b(?:reported|said|says|announced|wrote|stated|told)\s*(?:on\s*)?$")
# a wire dateline's date ("BERLIN, Sept 18 (Reuters) -"): when the story was filed, not when a position was taken
_DATELINE_AFTER = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?[-–—]\s")
_DATELINE_WITHIN = 40


@dataclass(frozen=True)
class Extraction:
    """Everything one article yields, as lists of row dicts."""

    claims: list[dict]
    contributions: list[dict]
    coalition_counts: list[dict]


def claim_id(article_id: str, start: int, end: int, actor: str, topic: str, stance: str) -> str:
    """Stable id: the same article text gives the same id on every build."""
    key = "|".join([article_id, str(start), str(end), actor, topic, stance])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def sentence_date(sent: Sentence, until: int, published: dt.date, dates: list | None = None) -> tuple[str, str]:
    """(claim_date, precision) for a claim whose scope ends at ``until`` in ``sent``; ``dates`` are
    the sentence's ``find_dates`` when the caller already has them."""
    for d in find_dates(sent.text, published) if dates is None else dates:
        if d.start < _DATELINE_WITHIN and _DATELINE_AFTER.match(sent.text, d.end):
            continue
        before = sent.text[max(0, d.start - _REPORTED_DATE_GAP) : d.start].lower()
        attributed = _REPORTED_BEFORE.search(before)
        if d.start < until or attributed:
            if d.value > published.isoformat():
                continue
            return d.value, d.precision
    return published.isoformat(), "day"


def extract_article(text: str, *, article_id: str, published: dt.date, publisher: str, codebook: Codebook) -> Extraction:
    """Claims, contributions and reported totals of one article.

    Every ``quote`` is ``text[char_start:char_end]``: the sentence the row was read from.
    """
    import os

    if os.environ.get("DASHBOARD_ENGINE", "regex") == "reading":
        return _extract_read(text, article_id=article_id, published=published, publisher=publisher, codebook=codebook)
    sentences = split_sentences(text)
    default = default_source(text, sentences, publisher, codebook)
    engine = ClaimEngine(codebook)
    claims, contributions = [], []
    capabilities_of = by_sentence(capability_matches(text, codebook), sentences)  # in codebook order
    dates_of: dict[int, list] = {}  # a sentence's dates, found once for all its claims
    for sent, raw in engine.run(sentences, text):
        source = sentence_source(sent, default, codebook, engine.outlets(sent))
        if sent.index not in dates_of:
            dates_of[sent.index] = find_dates(sent.text, published)
        claim_date, precision = sentence_date(sent, raw.scope[1], published, dates_of[sent.index])
        actor = codebook.actors[raw.actor]
        cid = claim_id(article_id, sent.start, sent.end, raw.actor, raw.topic, raw.stance)
        claims.append(
            {
                Claims.CLAIM_ID: cid,
                Claims.ARTICLE_ID: article_id,
                Claims.PUBLISHED: published.isoformat(),
                Claims.CLAIM_DATE: claim_date,
                Claims.DATE_PRECISION: precision,
                Claims.PUBLISHER: publisher,
                Claims.SOURCE: source,
                Claims.ACTOR: raw.actor,
                Claims.ACTOR_TYPE: actor.type,
                Claims.AFFILIATION: actor.affiliation,
                Claims.TOPIC: raw.topic,
                Claims.STANCE: raw.stance,
                Claims.QUOTE: sent.text,
                Claims.CHAR_START: sent.start,
                Claims.CHAR_END: sent.end,
                Claims.METHOD: "rule",
            }
        )
        status = contribution_status(raw.stance, sent.text[raw.cue_start : raw.scope[0]])
        contributor = raw.addressee[0] if raw.stance == "calls_for" and raw.addressee else raw.actor
        if status is None or (raw.stance == "calls_for" and not raw.addressee):
            continue
        for capability in capabilities_in(sent.text, codebook, raw.scope, capabilities_of.get(sent.index, [])):
            contributions.append(
                {
                    Contributions.CONTRIBUTOR: contributor_of(contributor, codebook),
                    Contributions.CAPABILITY: capability,
                    Contributions.STATUS: status,
                    Contributions.ARTICLE_ID: article_id,
                    Contributions.SOURCE: source,
                    Contributions.CLAIM_DATE: claim_date,
                    Contributions.QUOTE: sent.text,
                    Contributions.CLAIM_ID: cid,
                }
            )
    counts = []
    for sent in sentences:
        for found in find_counts(sent.text):
            claim_date, precision = sentence_date(sent, len(sent.text), published)
            counts.append(
                {
                    Counts.METRIC: found.metric,
                    Counts.LOW: found.figure.low,
                    Counts.HIGH: found.figure.high,
                    Counts.AS_WRITTEN: found.figure.as_written,
                    Counts.ARTICLE_ID: article_id,
                    Counts.SOURCE: sentence_source(sent, default, codebook, engine.outlets(sent)),
                    Counts.CLAIM_DATE: claim_date,
                    Counts.DATE_PRECISION: precision,
                    Counts.QUOTE: sent.text,
                    Counts.CHAR_START: sent.start,
                    Counts.CHAR_END: sent.end,
                }
            )
    return Extraction(claims, _dedupe(contributions), counts)


def _dedupe(rows: list[dict]) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        key = (r[Contributions.CONTRIBUTOR], r[Contributions.CAPABILITY], r[Contributions.STATUS], r[Contributions.QUOTE])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


_COMMITTING = {"pledge", "commit", "agree", "decide", "promise", "vow", "sign", "approve", "announce", "confirm"}
_OFFERING = {"ready", "willing", "prepared", "open", "offer", "could", "can", "might", "may", "consider", "able", "propose"}


def capability_of(topic: str, words: str) -> str | None:
    """The contribution capability a claim's topic names (None for topics that are no contribution)."""
    low = words.lower()
    if topic == "ground_troops":
        return "troops"
    if topic == "air_support":
        return "aircraft"
    if topic == "air_defense":
        return "radar" if "radar" in low else "air_defense"
    if topic in ("intelligence", "naval", "training"):
        return topic
    if topic == "logistics":
        if "command" in low or "headquarter" in low:
            return "command_and_control"
        if any(w in low for w in ("equipment", "weapon", "arms", "ammunition", "munition")):
            return "equipment"
        return "logistics"
    if topic == "burden_sharing" and any(w in low for w in ("fund", "financ", "money", "pay", "cost", "bill", "budget")):
        return "funding"
    return None


def _status(stance: str, predicate: str) -> str | None:
    words = {w.lower().strip(".,") for w in predicate.split()}
    if stance == "supports":
        if words & _OFFERING:
            return "offered"
        if words & {"will", "would", "shall", "'ll"} or any(w.startswith(tuple(_COMMITTING)) for w in words):
            return "committed"
        return "offered"
    return STATUS_BY_STANCE.get(stance)


def _date_like_the_lede(claims: list[dict], published: dt.date) -> None:
    """The headline, and what the lede's speaker says elsewhere without a date of its own, took place
    when the lede says ("Vance said on Wednesday ..." dates "He added ..." and the headline)."""
    pub = published.isoformat()
    lede = next((c for c in claims if c[Claims.CLAIM_DATE] != pub and c[Claims.DATE_PRECISION] == "day" and c[Claims.CHAR_START] > 0), None)
    if lede is None or claims.index(lede) > 6:
        return
    first_body = min((c[Claims.CHAR_START] for c in claims if c[Claims.CHAR_START] > 0), default=0)
    for c in claims:
        if c[Claims.CLAIM_DATE] != pub:
            continue
        headline = c[Claims.CHAR_START] < first_body
        if headline or c[Claims.ACTOR] == lede[Claims.ACTOR]:
            c[Claims.CLAIM_DATE], c[Claims.DATE_PRECISION] = lede[Claims.CLAIM_DATE], "day"


def _extract_read(text: str, *, article_id: str, published: dt.date, publisher: str, codebook: Codebook) -> Extraction:
    """``extract_article`` by the sentence reading (``reader``)."""
    from .lexicon import default_lexicon
    from .reader import read_article

    sentences = split_sentences(text)
    default = default_source(text, sentences, publisher, codebook)
    lexicon = default_lexicon()
    claims, contributions = [], []
    dates_of: dict[int, list] = {}
    sources: dict[int, str] = {}
    import os as _os

    from .learned import load_model

    model = load_model(_os.environ["DASHBOARD_MODEL"]) if _os.environ.get("DASHBOARD_MODEL") else None
    for c in read_article(sentences, codebook, lexicon, model):
        sent = c.sentence
        if sent.index not in sources:
            sources[sent.index] = sentence_source(sent, default, codebook, list(outlet_spans(sent.text, codebook)))
            dates_of[sent.index] = find_dates(sent.text, published)
        source = sources[sent.index]
        claim_date, precision = sentence_date(sent, c.scope_end, published, dates_of[sent.index])
        cid = claim_id(article_id, sent.start, sent.end, c.actor, c.topic, c.stance)
        claims.append(
            {
                Claims.CLAIM_ID: cid,
                Claims.ARTICLE_ID: article_id,
                Claims.PUBLISHED: published.isoformat(),
                Claims.CLAIM_DATE: claim_date,
                Claims.DATE_PRECISION: precision,
                Claims.PUBLISHER: publisher,
                Claims.SOURCE: source,
                Claims.ACTOR: c.actor,
                Claims.ACTOR_TYPE: c.actor_type,
                Claims.AFFILIATION: c.affiliation,
                Claims.TOPIC: c.topic,
                Claims.STANCE: c.stance,
                Claims.QUOTE: sent.text,
                Claims.CHAR_START: sent.start,
                Claims.CHAR_END: sent.end,
                Claims.METHOD: "rule",
            }
        )
        capability = capability_of(c.topic, c.topic_words)
        status = _status(c.stance, c.predicate)
        if capability is None or status is None:
            continue
        parties = list(c.addressees) if c.stance == "calls_for" else [(c.actor, c.actor_type, c.affiliation)]
        # a country contributes, through its people and institutions; an unnamed group has no capabilities to count
        contributors = [name if kind == "country" else aff for name, kind, aff in parties if kind != "group" and aff not in ("", "Other", "Coalition")]
        if c.stance == "calls_for" and not c.addressees:
            contributors = []
        for contributor in dict.fromkeys(contributors):
            if contributor == "Europe":
                contributor = "European Union"
            contributions.append(
                {
                    Contributions.CONTRIBUTOR: contributor,
                    Contributions.CAPABILITY: capability,
                    Contributions.STATUS: status,
                    Contributions.ARTICLE_ID: article_id,
                    Contributions.SOURCE: source,
                    Contributions.CLAIM_DATE: claim_date,
                    Contributions.QUOTE: sent.text,
                    Contributions.CLAIM_ID: cid,
                }
            )
    _date_like_the_lede(claims, published)
    counts = []
    for sent in sentences:
        for found in find_counts(sent.text):
            claim_date, precision = sentence_date(sent, len(sent.text), published)
            counts.append(
                {
                    Counts.METRIC: found.metric,
                    Counts.LOW: found.figure.low,
                    Counts.HIGH: found.figure.high,
                    Counts.AS_WRITTEN: found.figure.as_written,
                    Counts.ARTICLE_ID: article_id,
                    Counts.SOURCE: sentence_source(sent, default, codebook, list(outlet_spans(sent.text, codebook))),
                    Counts.CLAIM_DATE: claim_date,
                    Counts.DATE_PRECISION: precision,
                    Counts.QUOTE: sent.text,
                    Counts.CHAR_START: sent.start,
                    Counts.CHAR_END: sent.end,
                }
            )
    return Extraction(claims, _dedupe(contributions), counts)
