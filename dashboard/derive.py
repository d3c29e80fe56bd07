"""Claims -> disagreements, distinct positions (pure; used by the build and the dashboard callbacks).

Two claims disagree when they concern the same affiliation (or the same actor, for actors of
affiliation Other) and topic, one ``supports``/``conditional`` and the other ``opposes``, from
different sources. Reports within ``CONTRADICTION_DAYS`` of each other contradict; further apart
they record a shift.
"""

from __future__ import annotations

import pandas as pd

from .schema import AGAINST_STANCES, CONTRADICTION_DAYS, FOR_STANCES, Claims, Disagreements

_SIDE = ("claim_id", "actor", "stance", "source", "claim_date", "article_id", "quote")


def when(dates: pd.Series) -> pd.Series:
    """Claim dates (YYYY-MM-DD, YYYY-MM or YYYY) as days: a month stands for its 15th, a year for
    July 1. Used for the 14-day rule, date filters and the time axes."""
    text = dates.astype(str)
    filled = text.where(text.str.len() != 7, text + "-15").where(text.str.len() != 4, text + "-07-01")
    return pd.to_datetime(filled, format="%Y-%m-%d", errors="coerce")


def distinct_positions(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, actor, topic, stance, source): the first sentence that says it.

    The dashboard counts positions this way (CODEBOOK.md: the same position repeated in one
    article counts once)."""
    keys = [Claims.ARTICLE_ID, Claims.ACTOR, Claims.TOPIC, Claims.STANCE, Claims.SOURCE]
    ordered = claims.sort_values([Claims.ARTICLE_ID, Claims.CHAR_START, Claims.CLAIM_ID], kind="stable")
    return ordered.drop_duplicates(keys, keep="first")


def disagreements(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of claims from different sources that take opposite stances on the same subject."""
    if claims.empty:
        return pd.DataFrame(columns=list(Disagreements.COLUMNS))
    positions = distinct_positions(claims).copy()
    positions["_key"] = (
        positions[Claims.AFFILIATION]
        .astype(str)
        .where(positions[Claims.AFFILIATION].astype(str) != "Other", "actor:" + positions[Claims.ACTOR].astype(str))
    )
    positions["_when"] = when(positions[Claims.CLAIM_DATE])
    pro = positions[positions[Claims.STANCE].isin(FOR_STANCES)]
    con = positions[positions[Claims.STANCE].isin(AGAINST_STANCES)]
    pairs = pro.merge(con, on=["_key", Claims.TOPIC], suffixes=("_p", "_c"))
    pairs = pairs[pairs[f"{Claims.SOURCE}_p"].astype(str) != pairs[f"{Claims.SOURCE}_c"].astype(str)]
    if pairs.empty:
        return pd.DataFrame(columns=list(Disagreements.COLUMNS))
    p_first = (pairs["_when_p"] < pairs["_when_c"]) | (
        (pairs["_when_p"] == pairs["_when_c"]) & (pairs["claim_id_p"] < pairs["claim_id_c"])
    )
    out = pd.DataFrame(
        {
            Disagreements.AFFILIATION: pairs[f"{Claims.AFFILIATION}_p"].where(
                pairs[f"{Claims.AFFILIATION}_p"].astype(str) == pairs[f"{Claims.AFFILIATION}_c"].astype(str), pairs["_key"]
            ),
            Disagreements.TOPIC: pairs[Claims.TOPIC],
        }
    )
    for col in _SIDE:
        out[f"{col}_a"] = pairs[f"{col}_p"].where(p_first, pairs[f"{col}_c"]).values
        out[f"{col}_b"] = pairs[f"{col}_c"].where(p_first, pairs[f"{col}_p"]).values
    days = (pairs["_when_p"] - pairs["_when_c"]).abs().dt.days.values
    out[Disagreements.DAYS_APART] = days
    out[Disagreements.KIND] = ["contradiction" if d <= CONTRADICTION_DAYS else "shift" for d in days]
    out = out[list(Disagreements.COLUMNS)]
    return out.sort_values(
        [Disagreements.AFFILIATION, Disagreements.TOPIC, "claim_date_a", "claim_id_a", "claim_id_b"]
    ).reset_index(drop=True)
