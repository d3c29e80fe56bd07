"""Codes in plain words, once (pure): what the controls, the summary sentence, hovers, cards, the
table, the claim page and the file names show instead of "air_support" or "calls_for"."""

from __future__ import annotations

import datetime as dt

TOPIC = {
    "security_guarantees": "security guarantees",
    "ground_troops": "ground troops",
    "coalition_force": "the coalition force",
    "air_support": "air support",
    "air_defense": "air defence",
    "intelligence": "intelligence",
    "logistics": "logistics",
    "naval": "naval support",
    "training": "training",
    "burden_sharing": "burden sharing",
    "russia_role": "Russia's role",
    "peace_process": "the peace process",
}
STANCE = {
    "supports": "supports",
    "opposes": "opposes",
    "conditional": "conditional",
    "calls_for": "calls for",
    "undecided": "undecided",
}
# the stance as the verb of "N claims that ... <topic>": (one claim, several claims)
STANCE_VERB = {
    "supports": ("supports", "support"),
    "opposes": ("opposes", "oppose"),
    "conditional": ("conditionally supports", "conditionally support"),
    "calls_for": ("calls for", "call for"),
    "undecided": ("is undecided on", "are undecided on"),
}
CAPABILITY = {
    "troops": "troops",
    "aircraft": "aircraft",
    "naval": "ships",
    "air_defense": "air defence",
    "intelligence": "intelligence",
    "logistics": "logistics",
    "command_and_control": "command",
    "equipment": "equipment",
    "training": "training",
    "funding": "funding",
    "radar": "radar",
}
STATUS = {
    "offered": "offered",
    "committed": "committed",
    "conditional": "on conditions",
    "refused": "refused",
    "sought": "asked for",
}
PRECISION = {"day": "", "month": "month stated", "year": "year stated"}
METRIC = {
    "coalition_members": "coalition members",
    "countries_offering_forces": "countries offering forces",
    "countries_committed_troops": "countries committed to send troops",
    "countries_involved": "countries involved",
    "countries_attending": "countries attending",
    "troops_required": "troops required",
    "troops_offered": "troops offered",
    "force_size": "force size",
}


def _plain(code) -> str:
    return str(code).replace("_", " ")


def topic(code) -> str:
    """ "air_support" -> "air support"; an unknown code loses its underscores."""
    return TOPIC.get(str(code), _plain(code))


def topic_title(code) -> str:
    """A topic at the head of a line: "Air support", "The coalition force", "Russia's role"."""
    text = topic(code)
    return text[:1].upper() + text[1:]


def stance(code) -> str:
    return STANCE.get(str(code), _plain(code))


def stance_verb(code, n: int = 1) -> str:
    singular, plural = STANCE_VERB.get(str(code), (_plain(code), _plain(code)))
    return singular if n == 1 else plural


def capability(code) -> str:
    return CAPABILITY.get(str(code), _plain(code))


def status(code) -> str:
    return STATUS.get(str(code), _plain(code))


def metric(code) -> str:
    return METRIC.get(str(code), _plain(code))


def actor(actor: str, affiliation: str) -> str:
    """ "Keir Starmer (United Kingdom)", and a country or bloc alone when it is its own affiliation."""
    actor, affiliation = str(actor), str(affiliation)
    return actor if actor == affiliation or not affiliation else f"{actor} ({affiliation})"


def day(iso: str) -> str:
    """ "2025-08-01" -> "1 Aug 2025"; "2025-08" -> "Aug 2025"; anything else as given."""
    text = str(iso)
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01").strftime("%b %Y")
        d = dt.date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{d.day} {d.strftime('%b %Y')}"


def claim_date(iso: str, precision: str) -> str:
    """A claim's date as the article states it: "4 Jun 2025", "Jun 2025 (month stated)"."""
    text = str(iso)
    if precision == "month":
        return f"{day(text[:7])} (only the month is stated)"
    if precision == "year":
        return f"{text[:4]} (only the year is stated)"
    return day(text)


def period(date_from: str | None, date_to: str | None) -> str:
    """The dates a filter keeps, both ends included: "dated 1 Jun 2025 to 1 Aug 2025"."""
    if date_from and date_to:
        if date_from == date_to:
            return f"dated {day(date_from)}"
        return f"dated {day(date_from)} to {day(date_to)}"
    if date_from:
        return f"dated {day(date_from)} or later"
    if date_to:
        return f"dated {day(date_to)} or earlier"
    return ""


def join(values, word: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    values = [str(v) for v in values]
    if not values:
        return ""
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + f" {word} {values[-1]}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """ "1 claim", "2,345 claims"."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def slug(text: str) -> str:
    """A label made safe for a file name: "air support" -> "air-support"."""
    out = "".join(c if c.isalnum() or c in ".+" else "-" for c in str(text))
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")
