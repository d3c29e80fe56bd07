"""The selection as one value object: read from the URL or the controls, applied to the tables,
described in words, and named in file names. Used by callbacks, downloads and the JSON API, so
the CSV is exactly what is on screen.

URL parameters are a public interface: actor, affiliation, topic, source, stance (repeat a
parameter for several values), from, to (YYYY-MM-DD), q (text in quotes).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd

from .schema import ISO_DAY, Claims, Counts

MULTI = ("actor", "affiliation", "topic", "source", "stance")
MAX_VALUES = 50
MAX_VALUE_CHARS = 200
_COLUMN = {
    "actor": Claims.ACTOR,
    "affiliation": Claims.AFFILIATION,
    "topic": Claims.TOPIC,
    "source": Claims.SOURCE,
    "stance": Claims.STANCE,
}


@dataclass(frozen=True)
class Filters:
    """What the user selected. Empty tuples and None mean "no filter"."""

    actor: tuple[str, ...] = ()
    affiliation: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    stance: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    q: str = ""

    # ---- in ---------------------------------------------------------------------------------
    @classmethod
    def from_query(cls, query: str, allowed: dict[str, set[str]]) -> tuple[Filters, list[str]]:
        """Parse a query string; unknown values are dropped and reported in the returned notes."""
        query = query if isinstance(query, str) else ""
        pairs = parse_qsl(query.lstrip("?"), keep_blank_values=False, max_num_fields=None)
        values: dict[str, list[str]] = {k: [] for k in MULTI}
        single: dict[str, str] = {}
        notes: list[str] = []
        for key, value in pairs[: MAX_VALUES * 8]:
            value = value.strip()
            if len(value) > MAX_VALUE_CHARS:
                notes.append(f"ignored an overlong {key} value ({len(value)} characters)")
                continue
            if key in values:
                if value in allowed.get(key, set()):
                    if value not in values[key] and len(values[key]) < MAX_VALUES:
                        values[key].append(value)
                else:
                    notes.append(f'ignored unknown {key} "{value}"')
            elif key in ("from", "to"):
                if ISO_DAY.fullmatch(value) and _valid_day(value):
                    single[key] = value
                else:
                    notes.append(f'ignored {key} "{value}" (expected YYYY-MM-DD)')
            elif key == "q":
                single["q"] = value
            else:
                notes.append(f'ignored unknown parameter "{key}"')
        if len(pairs) > MAX_VALUES * 8:
            notes.append(f"ignored {len(pairs) - MAX_VALUES * 8} parameters beyond the first {MAX_VALUES * 8}")
        return cls(
            **{k: tuple(v) for k, v in values.items()},
            date_from=single.get("from"),
            date_to=single.get("to"),
            q=single.get("q", ""),
        ), list(dict.fromkeys(notes))

    @classmethod
    def from_controls(
        cls, actor=None, affiliation=None, topic=None, source=None, stance=None, date_from=None, date_to=None, q=None
    ) -> Filters:
        """From the dashboard's control values (None for an empty control). Values of the wrong
        type are dropped; ``from_query`` then checks what is left against the data."""

        def tup(v):
            items = v if isinstance(v, (list, tuple)) else (v,)
            return tuple(str(x) for x in items if isinstance(x, (str, int, float)) and str(x))

        def day(v):
            return v[:10] if isinstance(v, str) and v else None

        return cls(
            tup(actor),
            tup(affiliation),
            tup(topic),
            tup(source),
            tup(stance),
            day(date_from),
            day(date_to),
            q.strip() if isinstance(q, str) else "",
        )

    # ---- out --------------------------------------------------------------------------------
    def to_query(self) -> str:
        """The query string that reopens this view ("" for no filter), in a stable order."""
        pairs = [(k, v) for k in MULTI for v in getattr(self, k)]
        if self.date_from:
            pairs.append(("from", self.date_from))
        if self.date_to:
            pairs.append(("to", self.date_to))
        if self.q:
            pairs.append(("q", self.q))
        return ("?" + urlencode(pairs)) if pairs else ""

    def is_empty(self) -> bool:
        return self == Filters()

    # ---- apply ------------------------------------------------------------------------------
    def mask(self, claims: pd.DataFrame, search=None) -> np.ndarray:
        """Boolean mask of the claims this selection keeps. ``search(q)`` answers the text filter
        from an index (``QuoteIndex.mask``); without one the quotes are scanned."""
        keep = np.ones(len(claims), dtype=bool)
        for key in MULTI:
            chosen = getattr(self, key)
            if chosen:
                keep &= claims[_COLUMN[key]].isin(chosen).to_numpy()
        if self.date_from:
            keep &= (claims["when"] >= pd.Timestamp(self.date_from)).to_numpy()
        if self.date_to:
            keep &= (claims["when"] <= pd.Timestamp(self.date_to)).to_numpy()
        if self.q:
            if search is not None:
                keep &= search(self.q)
            else:
                keep &= claims[Claims.QUOTE].astype(str).str.contains(self.q, case=False, regex=False).to_numpy()
        return keep

    def apply(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims this selection keeps (a plain frame, no index needed)."""
        return claims[self.mask(claims)]

    def select(self, tables) -> Selection:
        """Every table narrowed to this selection, the claim mask computed once.

        Contributions follow the claims they were read from; a disagreement is kept when either
        of its claims is selected; reported totals follow the source and date filters only."""
        if self.is_empty():
            return Selection(self, tables.claims, tables.contributions, tables.disagreements, tables.counts)
        return self.select_by_mask(
            tables, self, self.mask(tables.claims, tables.quotes.mask if tables.quotes is not None else None)
        )

    @staticmethod
    def select_by_mask(tables, filters: Filters, keep: np.ndarray) -> Selection:
        """``select`` for a claim mask already computed (the dashboard remembers masks per query)."""
        if filters.is_empty():
            return Selection(filters, tables.claims, tables.contributions, tables.disagreements, tables.counts)
        return Selection(
            filters,
            tables.claims[keep],
            tables.contributions[Filters.contribution_mask(tables, keep)],
            tables.disagreements[Filters.disagreement_mask(tables, keep)],
            filters._counts(tables.counts),
        )

    @staticmethod
    def contribution_mask(tables, keep: np.ndarray) -> np.ndarray:
        """The contributions read from the claims ``keep`` selects."""
        return np.append(keep, False)[tables.contribution_rows]  # position -1 (claim not present) selects nothing

    @staticmethod
    def disagreement_mask(tables, keep: np.ndarray) -> np.ndarray:
        """The disagreements either of whose claims ``keep`` selects."""
        padded = np.append(keep, False)
        rows_a, rows_b = tables.disagreement_rows
        return padded[rows_a] | padded[rows_b]

    def counts_key(self) -> tuple:
        """What the reported totals depend on (the source and the dates, not the actor or topic)."""
        return (self.source, self.date_from, self.date_to)

    def _counts(self, counts: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=counts.index)
        if self.source:
            keep &= counts[Counts.SOURCE].isin(self.source)
        dates = counts[Counts.CLAIM_DATE].astype(str)
        if self.date_from:
            keep &= dates.str[:10] >= self.date_from[:10]
        if self.date_to:
            keep &= dates.str[: len(self.date_to)] <= self.date_to
        return counts[keep]

    # ---- words ------------------------------------------------------------------------------
    def describe(self, n: int, noun: str = "claim") -> str:
        """ "14 claims by United States about air_support, Jun 2025 to Aug 2025"."""
        parts = [f"{n:,} {noun}{'' if n == 1 else 's'}"]
        if self.actor:
            parts.append("by " + _join(self.actor))
        if self.affiliation:
            parts.append("from " + _join(self.affiliation))
        if self.stance:
            parts.append("that " + _join(self.stance, "or"))
        if self.topic:
            parts.append("about " + _join(self.topic, "or"))
        if self.source:
            parts.append("according to " + _join(self.source, "or"))
        if self.q:
            parts.append(f'mentioning "{self.q}"')
        text = " ".join(parts)
        if self.date_from or self.date_to:
            text += ", " + _period(self.date_from, self.date_to)
        return text

    def filename(self, table: str, today: dt.date) -> str:
        """ "claims_actor-United-States_topic-air_support_2026-11-21.csv": what was filtered, and when."""
        bits = [table]
        for f in fields(self):
            value = getattr(self, f.name)
            if not value:
                continue
            label = {"date_from": "from", "date_to": "to"}.get(f.name, f.name)
            text = "+".join(value) if isinstance(value, tuple) else str(value)
            bits.append(f"{label}-{text}")
        name = "_".join(bits)
        name = re.sub(r"[^\w.+-]+", "-", name).strip("-")[:150]
        return f"{name}_{today.isoformat()}.csv"


@dataclass(frozen=True)
class Selection:
    """What one selection shows, table by table (see ``Filters.select``)."""

    filters: Filters
    claims: pd.DataFrame
    contributions: pd.DataFrame
    disagreements: pd.DataFrame
    counts: pd.DataFrame


def _valid_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _join(values: tuple[str, ...], word: str = "and") -> str:
    values = tuple(values)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + f" {word} {values[-1]}"


def _month(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%b %Y")


def _period(date_from: str | None, date_to: str | None) -> str:
    if date_from and date_to:
        return f"{_month(date_from)} to {_month(date_to)}"
    return f"from {_month(date_from)}" if date_from else f"until {_month(date_to)}"


def allowed_values(claims: pd.DataFrame) -> dict[str, set[str]]:
    """The values each multi-value parameter accepts: those present in the claims."""
    return {k: set(claims[_COLUMN[k]].astype(str).unique()) for k in MULTI}
