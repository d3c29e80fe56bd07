"""The selection as one value object: read from the URL or the controls, applied to the tables,
described in words, and named in file names. Used by callbacks, downloads and the JSON API, so
the CSV is exactly what is on screen.

URL parameters are a public interface: actor, affiliation, topic, source, stance (repeat a
parameter for several values), from, to (YYYY-MM-DD), q (text in quotes), officials=1 (a chosen
actor includes the people and bodies that speak for it: choosing "United States" keeps Trump, Vance
and the Pentagon too), reviewed=1 (only claims a person confirmed, corrected or added).

The address also carries how the view is shown, which is not a filter (``View``): by=source (the
timeline by source), sort (the table's order), page (its page), claim (the claim whose sentence is
open).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import numpy as np
import pandas as pd

from dashboard.read import labels
from dashboard.schema import ISO_DAY, Claims, Counts

MULTI = ("actor", "affiliation", "topic", "source", "stance")
VIEW_KEYS = ("by", "sort", "page", "claim")
CLAIM_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
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
    officials: bool = False
    reviewed: bool = False

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
            elif key in VIEW_KEYS:
                continue  # how the view is shown (``View``), not what it selects
            elif key == "reviewed":
                if value in ("1", "0"):
                    single["reviewed"] = value
                else:
                    notes.append(f'ignored reviewed "{value}" (expected 1 or 0)')
            elif key == "officials":
                if value in ("1", "0"):
                    single["officials"] = value
                else:
                    notes.append(f'ignored officials "{value}" (expected 1 or 0)')
            else:
                notes.append(f'ignored unknown parameter "{key}"')
        if len(pairs) > MAX_VALUES * 8:
            notes.append(f"ignored {len(pairs) - MAX_VALUES * 8} parameters beyond the first {MAX_VALUES * 8}")
        return cls(
            **{k: tuple(v) for k, v in values.items()},
            date_from=single.get("from"),
            date_to=single.get("to"),
            q=single.get("q", ""),
            officials=single.get("officials") == "1" and bool(values["actor"]),
            reviewed=single.get("reviewed") == "1",
        ), list(dict.fromkeys(notes))

    @classmethod
    def from_controls(
        cls,
        actor=None,
        affiliation=None,
        topic=None,
        source=None,
        stance=None,
        date_from=None,
        date_to=None,
        q=None,
        officials=False,
        reviewed=False,
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
            officials is True and bool(tup(actor)),
            reviewed is True,
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
        if self.officials:
            pairs.append(("officials", "1"))
        if self.reviewed:
            pairs.append(("reviewed", "1"))
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
                found = claims[_COLUMN[key]].isin(chosen).to_numpy()
                if key == "actor" and self.officials:  # and whoever speaks for a chosen actor
                    found = found | claims[Claims.AFFILIATION].isin(chosen).to_numpy()
                keep &= found
        if self.date_from:
            keep &= (claims["when"] >= pd.Timestamp(self.date_from)).to_numpy()
        if self.date_to:
            keep &= (claims["when"] <= pd.Timestamp(self.date_to)).to_numpy()
        if self.reviewed:
            keep &= (claims[Claims.METHOD] == "reviewed").to_numpy()
        if self.q:
            if search is not None:
                keep &= search(self.q)
            else:
                keep &= claims[Claims.QUOTE].astype(str).str.contains(self.q, case=False, regex=False).to_numpy()
        return keep

    def facet_counts(self, claims: pd.DataFrame, search=None) -> dict[str, dict[str, int]]:
        """For each multi-value filter, how many claims each of its values has in the selection made
        by all the *other* filters (so the options of a filter already in use still show what choosing
        another would give). Each filter's own mask is computed once."""
        own = {}
        for key in MULTI:
            chosen = getattr(self, key)
            if chosen:
                found = claims[_COLUMN[key]].isin(chosen).to_numpy()
                if key == "actor" and self.officials:
                    found = found | claims[Claims.AFFILIATION].isin(chosen).to_numpy()
                own[key] = found
        rest = Filters(date_from=self.date_from, date_to=self.date_to, q=self.q, reviewed=self.reviewed).mask(claims, search)
        counts = {}
        for key in MULTI:
            keep = rest.copy()
            for other, found in own.items():
                if other != key:
                    keep &= found
            cat = claims[_COLUMN[key]].astype("category").cat
            codes = cat.codes.to_numpy()[keep]
            n = np.bincount(codes[codes >= 0], minlength=len(cat.categories))
            counts[key] = {str(c): int(k) for c, k in zip(cat.categories, n)}
        return counts

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
        """The selection as a sentence: "14 claims by United States that oppose air support according
        to Bloomberg, dated 1 Jun 2025 to 31 Aug 2025" (labels, not codes; both ends of a date range
        included)."""
        text = labels.plural(n, noun)
        if self.reviewed:
            text = f"{n:,} reviewed {noun}{'' if n == 1 else 's'}"
        if self.stance and not self.topic:
            text += " of " + labels.join([STANCE_NOUN.get(s, labels.stance(s)) for s in self.stance], "or")
        if self.actor:
            text += (
                " by "
                + labels.join(self.actor)
                + (" or those who speak for it" if len(self.actor) == 1 else " or those who speak for them") * self.officials
            )
        if self.affiliation:
            text += " from " + labels.join(self.affiliation)
        topics = labels.join([labels.topic(t) for t in self.topic], "or")
        if self.stance and self.topic:
            text += " that " + labels.join([labels.stance_verb(s, n) for s in self.stance], "or") + " " + topics
        elif self.topic:
            text += " about " + topics
        if self.source:
            text += " according to " + labels.join(self.source, "or")
        if self.q:
            text += f' mentioning "{self.q}"'
        if self.date_from or self.date_to:
            bare = text in (labels.plural(n, noun), f"{n:,} reviewed {noun}{'' if n == 1 else 's'}")
            text += (" " if bare else ", ") + labels.period(self.date_from, self.date_to)
        return text

    def filename(self, table: str, data_date: str) -> str:
        """ "claims_United-States_air-support_from-2025-06-01_articles-to-2025-08-27.csv": what was selected,
        in words, and the day of the data it comes from (not the day of the download)."""
        bits = [table]
        for key in MULTI:
            values = getattr(self, key)
            if values:
                words = [labels.topic(v) if key == "topic" else labels.stance(v) if key == "stance" else v for v in values]
                bits.append("+".join(labels.slug(w) for w in words))
        if self.date_from:
            bits.append(f"from-{self.date_from}")
        if self.date_to:
            bits.append(f"to-{self.date_to}")
        if self.q:
            bits.append("q-" + labels.slug(self.q))
        if self.officials:
            bits.append("with-officials")
        if self.reviewed:
            bits.append("reviewed")
        name = re.sub(r"[^\w.+-]+", "-", "_".join(bits)).strip("-")[:150]
        return f"{name}_articles-to-{data_date}.csv" if data_date else f"{name}.csv"


# a stance on no particular topic: "12 claims of support or opposition"
STANCE_NOUN = {
    "supports": "support",
    "opposes": "opposition",
    "conditional": "conditional support",
    "calls_for": "calls for action",
    "undecided": "indecision",
}


@dataclass(frozen=True)
class Selection:
    """What one selection shows, table by table (see ``Filters.select``)."""

    filters: Filters
    claims: pd.DataFrame
    contributions: pd.DataFrame
    disagreements: pd.DataFrame
    counts: pd.DataFrame


@dataclass(frozen=True)
class View:
    """How a selection is shown, from the address: the timeline by source, the table's order and
    page, the claim whose sentence is open. Anything else than a known value is the default."""

    by_source: bool = False
    sort: str = ""
    page: int = 1
    claim: str = ""

    @classmethod
    def from_query(cls, query: str, sorts) -> View:
        pairs = dict(parse_qsl((query if isinstance(query, str) else "").lstrip("?")))
        page = pairs.get("page", "")
        claim = pairs.get("claim", "")
        return cls(
            by_source=pairs.get("by") == "source",
            sort=pairs.get("sort", "") if pairs.get("sort", "") in sorts else "",
            page=min(int(page), 10**9) if page.isdigit() and int(page) >= 1 else 1,
            claim=claim if CLAIM_ID.fullmatch(claim) else "",
        )


def _valid_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def allowed_values(claims: pd.DataFrame) -> dict[str, set[str]]:
    """The values each multi-value parameter accepts: those present in the claims."""
    return {k: set(claims[_COLUMN[k]].astype(str).unique()) for k in MULTI}
