"""Reported totals (coalition members, countries offering forces, troops required ...): pure.

A figure counts when the words around it say what it counts: "30 members of the coalition",
"15 of them are ready to contribute troops", "the number of countries that have firmly committed
to sending troops is in the single digits", "committing tens of thousands of troops".
Figures that are dates, years, durations, percentages or plan numbers ("28-point") are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import Figure, find_figures

_NOT_A_COUNT = re.compile(
    r"^(?:-point|-year|-day|%|\s*(?:per\s*cent|percent|days?|weeks?|months?|years?|hours?|minutes?|km|kilomet\w+|miles?|"
    r"a\.m\.|p\.m\.|billion|euros?|dollars?|pounds?|times|points?|th|st|nd|rd|-\w+))",
    re.IGNORECASE,
)
_COUNTRIES = r"(?:countries|nations|states|governments|members|allies|partners)"
_TROOPS = r"(?:troops|soldiers|personnel|servicemen|service\s+members)"

# (metric, text right after the figure, text before it): the first rule that fits wins
RULES: tuple[tuple[str, str | None, str | None], ...] = (
    (
        "coalition_members",
        r"^\s+(?:members\s+of\s+the\s+coalition|coalition\s+members|members\b|-member\s+coalition|-nation\s+coalition)",
        None,
    ),
    (
        "coalition_members",
        r"^\s+"
        + _COUNTRIES
        + r"\s+(?:have\s+|had\s+)?(?:now\s+|so\s+far\s+|already\s+)?(?:joined|signed\s+up\s+(?:to|for)|signed\s+on\s+to)\s+the\s+coalition",
        None,
    ),
    (
        "coalition_members",
        r"^\s+" + _COUNTRIES + r"\b",
        r"coalition\s+(?:of|includes?|comprises?|now\s+has|has)\s+(?:some\s+|about\s+|around\s+|more\s+than\s+)?$",
    ),
    (
        "countries_committed_troops",
        None,
        r"(?:firmly\s+)?committed\s+to\s+(?:send(?:ing)?|deploy(?:ing)?)\s+(?:their\s+own\s+)?troops\s+(?:is|was|are|were|stands\s+at|remains)\s+(?:in\s+the\s+|at\s+)?$",
    ),
    (
        "countries_offering_forces",
        r"^\s+(?:of\s+them\s+|"
        + _COUNTRIES
        + r"\s+)?(?:have\s+|had\s+|are\s+|were\s+)?(?:reportedly\s+|already\s+|so\s+far\s+)?(?:offered|indicated\s+(?:that\s+)?they\s+(?:would|could)\s+(?:contribute|send|deploy)|"
        r"(?:said\s+(?:that\s+)?they\s+(?:are|were|would\s+be)\s+)?ready\s+to\s+(?:contribute|send|deploy)|willing\s+to\s+(?:contribute|send|deploy)|pledged|prepared\s+to\s+(?:contribute|send|deploy)|agreed\s+to\s+(?:contribute|send|deploy))",
        None,
    ),
    (
        "countries_committed_troops",
        r"^\s+(?:of\s+them\s+|"
        + _COUNTRIES
        + r"\s+)?(?:have\s+|had\s+)?(?:firmly\s+|formally\s+)?committed\s+(?:to\s+)?(?:send(?:ing)?\s+|deploy(?:ing)?\s+)?troops",
        None,
    ),
    (
        "countries_attending",
        r"^\s+" + _COUNTRIES + r"\b",
        r"(?:representatives\s+of|attended\s+by|leaders\s+of|delegations\s+from|officials\s+from|ministers\s+from)\s+(?:some\s+|about\s+|around\s+|more\s+than\s+|nearly\s+)?$",
    ),
    (
        "countries_attending",
        r"^\s+" + _COUNTRIES + r"\s+(?:attended|took\s+part|were\s+represented|joined\s+the\s+(?:meeting|summit|call))",
        None,
    ),
    (
        "countries_involved",
        r"^\s+"
        + _COUNTRIES
        + r"\s+(?:have\s+|had\s+|are\s+|were\s+)?(?:been\s+)?(?:expected\s+to\s+|set\s+to\s+|likely\s+to\s+)?"
        r"(?:involved|taking\s+part|take\s+part|taken\s+part|participat\w+|part\s+of|joined\s+(?:the\s+)?(?:talks|discussions|planning))",
        None,
    ),
    (
        "force_size",
        r"^\s+(?:of\s+)?" + _TROOPS,
        r"\b(?:force|mission|contingent)(?:'s)?\s+(?:\w+\s+){0,3}(?:number|of|include|comprise|total|be|range|ranges)\s+(?:\w+\s+){0,1}$",
    ),
    (
        "troops_offered",  # one party's offer ("pledged to contribute up to 500 soldiers"), not what the force needs
        r"^\s+(?:of\s+)?" + _TROOPS,
        r"\b(?:pledged|offered|promised|agreed|ready|willing|prepared|plans?|planning)\s+to\s+(?:contribute|send|deploy|provide|commit)\s+$",
    ),
    (
        "troops_required",
        r"^\s+(?:of\s+)?" + _TROOPS,
        r"\b(?:committing|commit|required|needed|need|needs|require|requires|send|sending|deploy|deploying|contribute|contributing|provide|providing)\s+(?:\w+\s+){0,2}$",
    ),
)


_COMPILED_RULES = tuple(
    (metric, after and re.compile(after, re.IGNORECASE), before and re.compile(before, re.IGNORECASE))
    for metric, after, before in RULES
)
_AFTER_MONTH = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.?\s+$"
)


@dataclass(frozen=True)
class ReportedFigure:
    metric: str
    figure: Figure


def find_counts(text: str) -> list[ReportedFigure]:
    """Reported totals in one sentence, in order of appearance."""
    out = []
    for fig in find_figures(text):
        after, before = text[fig.end : fig.end + 80], text[max(0, fig.start - 120) : fig.start]
        if _NOT_A_COUNT.match(after) or (fig.high == fig.low and 1900 <= fig.low <= 2100 and "," not in fig.as_written):
            continue
        if _AFTER_MONTH.search(before):  # "June 15": a day, not a count
            continue
        for metric, after_rule, before_rule in _COMPILED_RULES:
            if after_rule and not after_rule.search(after):
                continue
            if before_rule and not before_rule.search(before):
                continue
            out.append(ReportedFigure(metric, fig))
            break
    return out
