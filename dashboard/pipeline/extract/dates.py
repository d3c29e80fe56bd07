"""When a claim was made: stated dates resolved against the publication date (used by claims/counts).

"on Tuesday" is the last Tuesday on or before publication; "in April" is the last April on or before
it (month precision); "on April 9" a day; "last month" the month before; "in 2022" a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ahocorasick_rs import AhoCorasick

from dashboard.pipeline.extract.numbers import has_digit

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# a date phrase; "since", "until", "by" and the like introduce background, not the claim's date
DATE = re.compile(
    rf"""(?x)
    (?<!since\s)(?<!until\s)(?<!before\s)(?<!by\s)(?<!from\s)
    (?:
      \b(?:on\s)?{_MONTH}\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<dyear>\d{{4}}))?
    | \b(?P<day2>\d{{1,2}})\s(?P<month2>January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s(?P<dyear2>\d{{4}}))?
    | \b(?:on\s|last\s|this\s)?{_WEEKDAY}\b(?:'s)?
    | \b(?:[Ii]n|[Ee]arlier\sin|[Ll]ate|[Ee]arly|[Mm]id-?|[Aa]t\sthe\send\sof)\s(?P<mmonth>January|February|March|April|May|June|July|August|September|October|November|December)\b(?:\s(?P<myear>\d{{4}}))?
    | \b(?P<rel>(?i:yesterday|today|last\smonth|last\sweek|last\syear|earlier\sthis\smonth|this\smonth|this\sweek|a\sday\s(?:after|before|earlier)|the\sday\sbefore))\b
    | \bon\sthe\s(?P<dom>[1-3]?\d)(?:st|nd|rd|th)\b
    | \b[Ii]n\s(?P<year>(?:19|20)\d{{2}})\b
    )
    """
)


@dataclass(frozen=True)
class StatedDate:
    """A date phrase at ``start:end`` of the text it was found in, resolved to ``value``."""

    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year


def _month_on_or_before(month: int, published: dt.date, year: int | None) -> int:
    if year is not None:
        return year
    return published.year if month <= published.month else published.year - 1


def resolve(match: re.Match, published: dt.date) -> tuple[str, str] | None:
    """The (value, precision) a DATE match stands for, seen from ``published``."""
    g = match.groupdict()
    if g["month"] and g["day"]:
        month = MONTHS[g["month"].lower().rstrip(".")]
        year = _month_on_or_before(month, published, int(g["dyear"]) if g["dyear"] else None)
        try:
            return dt.date(year, month, int(g["day"])).isoformat(), "day"
        except ValueError:
            return None
    if g["month2"]:
        month = MONTHS[g["month2"].lower()]
        year = _month_on_or_before(month, published, int(g["dyear2"]) if g["dyear2"] else None)
        try:
            return dt.date(year, month, int(g["day2"])).isoformat(), "day"
        except ValueError:
            return None
    if g["weekday"]:
        back = (published.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7
        return (published - dt.timedelta(days=back)).isoformat(), "day"
    if g["mmonth"]:
        month = MONTHS[g["mmonth"].lower()]
        year = _month_on_or_before(month, published, int(g["myear"]) if g["myear"] else None)
        return f"{year:04d}-{month:02d}", "month"
    if g["rel"]:
        rel = " ".join(g["rel"].lower().split())
        if rel in ("yesterday", "a day after", "a day before", "a day earlier", "the day before"):
            return (published - dt.timedelta(days=1)).isoformat(), "day"
        if rel == "today":
            return published.isoformat(), "day"
        if rel in ("last month",):
            first = published.replace(day=1) - dt.timedelta(days=1)
            return f"{first.year:04d}-{first.month:02d}", "month"
        if rel in ("earlier this month", "this month"):
            return f"{published.year:04d}-{published.month:02d}", "month"
        if rel in ("last week", "this week"):
            return None  # a week is no calendar unit of the codebook: keep the publication date
        if rel == "last year":
            return f"{published.year - 1:04d}", "year"
    if g["dom"]:
        # "on the 20th": that day of the publication's month, or of the month before when still to come
        day = int(g["dom"])
        month_start = published.replace(day=1)
        if day > published.day:
            month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
        try:
            return month_start.replace(day=day).isoformat(), "day"
        except ValueError:
            return None
    if g["year"]:
        return g["year"], "year"
    return None


# besides a digit, every date phrase holds one of these: a month's first three letters (as DATE
# writes months, capitalised), the "day" of weekdays, today and yesterday, or month, week, year
_DATE_WORDS = AhoCorasick(
    sorted({m[:3].capitalize() for m in MONTHS}) + ["day", "month", "week", "year", "Day", "Month", "Week", "Year"]
)


def may_hold_date(text: str) -> bool:
    """False when ``text`` has no digit and none of the words every date phrase holds (most sentences)."""
    return has_digit(text) or bool(_DATE_WORDS.find_matches_as_indexes(text))


def find_dates(text: str, published: dt.date) -> list[StatedDate]:
    """Every resolvable date phrase in ``text`` in order of appearance."""
    if not may_hold_date(text):
        return []
    found = []
    for m in DATE.finditer(text):
        resolved = resolve(m, published)
        if resolved:
            found.append(StatedDate(m.start(), m.end(), *resolved))
    return found
