"""Reported totals (coalition members, countries offering forces, troops required ...): pure.

A figure counts when the words around it say what it counts: "30 members of the coalition",
"15 of them are ready to contribute troops", "the number of countries that have firmly committed
to sending troops is in the single digits", "committing tens of thousands of troops".
Figures that are dates, years, durations, percentages or plan numbers ("28-point") are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.pipeline.extract.numbers import Figure, find_figures

_NOT_A_COUNT = re.compile(
    r"^(?:-point|-year|-day|%|\s*(?:per\s*cent|percent|days?|weeks?|months?|years?|hours?|minutes?|km|kilomet\w+|miles?|"
    r"a\.m\.|p\.m\.|billion|euros?|dollars?|pounds?|times|points?|th|st|nd|rd|-\w+))",
    re.IGNORECASE,
)
_GROUP = r"(?:countries|nations|states|allies|members|partners|governments|leaders|delegations|capitals|participants|signatories|contributors|of\s+them)"
_TROOPS = r"(?:troops|soldiers|personnel|servicemen|service\s+members|peacekeepers|military\s+personnel)"
# what a figure counts: the noun right after it, through "of the (roughly 30)", adjectives and a hyphen
_COUNTED = re.compile(
    r"^(?:-(?:member|nation|strong))?\s*(?:of\s+(?:the\s+|its\s+|their\s+|ukraine's\s+|kyiv's\s+|europe's\s+)?(?:(?:some|about|around|roughly|nearly)\s+)?(?:\d+\s+|\w+\s+)??)?"
    r"(?:[a-z][\w'-]*\s+){0,2}?(?P<group>" + _GROUP + r")\b"
    r"|^\s*(?:more\s+|additional\s+|extra\s+)?(?:[a-z][\w'-]*\s+){0,2}?(?P<troops>" + _TROOPS + r")\b",
    re.IGNORECASE,
)
# not a coalition's total: another body's members ("all 32 members of the alliance", "240 members" of a parliament)
_OTHER_BODY = re.compile(
    r"\b(?:alliance|nato|parliament|assembly|senate|bundestag|congress|lawmakers|legislators|mps|eu\s+member|european\s+union|g7|g20|un\s+security\s+council|cabinet|votes?|voted)\b",
    re.IGNORECASE,
)
_METRIC_WORDS = (
    (
        "countries_committed_troops",
        re.compile(r"\b(?:firmly|formally)\s+committed\b|\bcommitted\s+to\s+(?:send|deploy)", re.IGNORECASE),
    ),
    (
        "coalition_members",
        re.compile(
            r"\bjoin\w*\s+(?:the\s+)?coalition|\bsigned\s+(?:up|on)\s+to\s+the\s+coalition|\bcoalition\s+members\b|-member\b",
            re.IGNORECASE,
        ),
    ),
    (
        "countries_offering_forces",
        re.compile(
            r"\b(?:offer\w*|pledg\w*|ready|willing|prepared|volunteer\w*|agreed\s+to\s+(?:send|contribute|deploy|join|take\s+part|provide)|"
            r"join(?:ed)?\s+(?:a|the)\s+(?:reassurance|multinational|european)|sign\w*\s+up|contribut\w*|commit\w*|provide\s+(?:troops|forces|soldiers)|"
            r"indicated|would\s+(?:send|contribute|deploy|join))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "countries_involved",
        re.compile(
            r"\b(?:involved|involvement|planning|part\s+of|take\s+part|taking\s+part|taken\s+part|joined\s+(?:the\s+)?talks)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "countries_attending",
        re.compile(
            r"\b(?:attend\w*|took\s+part\s+in\s+(?:the\s+|a\s+|\w+'s\s+)?(?:\w+\s+)?(?:meeting|summit|call|conference)|met|meet\w*|gather\w*|brought\s+together|summit|conference|video\s*(?:link|call|conference)|"
            r"participat\w*|representatives|delegations|joined\s+(?:the\s+)?(?:call|meeting|summit))\b",
            re.IGNORECASE,
        ),
    ),
    ("coalition_members", re.compile(r"\b(?:members?|coalition|group|bloc|made\s+up|comprises?|consists?)\b", re.IGNORECASE)),
)
_REQUIRED = re.compile(
    r"\b(?:need\w*|requir\w*|would\s+take|at\s+least|minimum|call\w*\s+for|envisag\w*|plan\w*|commit\w*)\b", re.IGNORECASE
)
_FORCE_SIZE = re.compile(
    r"\b(?:force|mission|contingent|deployment)(?:'s\s+size)?\b[^.;]{0,30}\b(?:of|number\w*|comprising|with|total\w*|size|range\w*|between)\s+(?:\w+\s+)?$"
    r"|\bsize\s+of\s+(?:the\s+)?(?:force|mission)[^.;]{0,30}$",
    re.IGNORECASE,
)


_GROUP_IN = re.compile(r"\b(?:countries|nations|states|members|coalition|allies|partners)\b", re.IGNORECASE)
_BARE = re.compile(
    r"^\s*(?:,[^,]{0,50},\s*|\s*[—–-][^—–]{0,50}[—–-]\s*)?(?:so\s+far\s+|now\s+|already\s+|have\s+|has\s+|had\s+)*"
    r"(?:have|has|had|are|were|said|say|pledged|offered|signed|agreed|committed|indicated|volunteered|joined)\b",
    re.IGNORECASE,
)
_NUMBER_OF = re.compile(
    r"\bnumber\s+of\s+(?:countries|nations|states|allies|members)\b[^.;]{0,80}\b(?:is|are|was|were|stands|remains)\s+(?:in\s+the\s+|at\s+)?$",
    re.IGNORECASE,
)
_AS_COUNTRIES = re.compile(r"(?P<group>countries)(?P<troops>)")
_AFTER_MONTH = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.?\s+$"
)
_OWN_ARMY = re.compile(r"\b(?:ukrainian|ukraine's|armed\s+forces|army|russian|peacetime)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ReportedFigure:
    metric: str
    figure: Figure


def find_counts(text: str) -> list[ReportedFigure]:
    """Reported totals in one sentence, in order of appearance: a figure that counts countries, allies,
    members, leaders or troops, named by what the sentence says about them."""
    out = []
    for fig in find_figures(text):
        after, before = text[fig.end : fig.end + 80], text[max(0, fig.start - 120) : fig.start]
        if _NOT_A_COUNT.match(after) or (fig.high == fig.low and 1900 <= fig.low <= 2100 and "," not in fig.as_written):
            continue
        if _AFTER_MONTH.search(before):  # "June 15": a day, not a count
            continue
        counted = _COUNTED.match(after)
        if counted is None and fig.low >= 1000 and _FORCE_SIZE.search(before[-70:]):
            out.append(ReportedFigure("force_size", fig))  # "the force would number between 10,000 and 30,000"
            continue
        bare = None
        if counted is None and _GROUP_IN.search(text):
            if _BARE.match(after):
                bare = after  # "fifteen have offered their forces"
            elif _NUMBER_OF.search(before):
                bare = before  # "the number of countries that have firmly committed ... is in the single digits"
            if bare is not None:
                counted = _AS_COUNTRIES.match("countries")
        if counted is None or fig.as_written.lower() in ("one", "a handful"):
            continue
        if bare is None and fig.low == fig.high and fig.low <= 4 and re.search(r"\b(?:the|both|all|these|those)\s+$", before):
            continue  # "the three countries announced": the ones just named, not a total
        if _OTHER_BODY.search(before[-30:] + " " + after[: counted.end() + 40]):
            continue
        metric = _metric(text, fig, counted, before, after, bare)
        if metric:
            out.append(ReportedFigure(metric, fig))
    return out


def _metric(text: str, fig, counted, before: str, after: str, bare: str | None = None) -> str | None:
    if counted.group("troops"):
        if _OWN_ARMY.search(text[max(0, fig.start - 25) : fig.end + counted.end()]):
            return None  # Ukraine's or Russia's own army
        if _FORCE_SIZE.search(before[-70:]):
            return "force_size"
        if _REQUIRED.search(before[-60:]) or _REQUIRED.search(after[:40]):
            return "troops_required"
        return "troops_offered"
    group = counted.group("group").lower()
    if group in ("leaders", "delegations", "participants") or "attend" in after.lower():
        return "leaders_attending" if group == "leaders" else "countries_attending"
    rest = after[counted.end() :]
    if group == "members" and re.match(r"^\s+(?:of\s+(?:the\s+)?(?:coalition|group)|in\s+the\s+coalition)", rest, re.IGNORECASE):
        return "coalition_members"
    if re.search(r"\bcoalition(?:'s)?\s+(?:of\s+)?(?:some\s+|about\s+|around\s+)?$", before, re.IGNORECASE):
        return "coalition_members"
    clause = re.split(r"[,;:—–]", rest, maxsplit=1)[0]
    words = clause[:100] + " " + before[-40:] if bare is None else bare[-120:] + " " + bare[:100]
    for metric, rule in _METRIC_WORDS:
        if rule.search(words):
            return metric
    return "countries_involved"
