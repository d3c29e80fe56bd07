"""Claims -> disagreements, distinct positions (pure; used by the build and the dashboard callbacks).

Two claims disagree when they concern the same affiliation (or the same actor, for actors of
affiliation Other) and topic, one ``supports``/``conditional`` and the other ``opposes``, from
different sources. Reports within ``CONTRADICTION_DAYS`` of each other contradict; further apart
they record a shift.
"""

from __future__ import annotations

import numpy as np
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
    """Pairs of claims from different sources that take opposite stances on the same subject.

    For each subject (affiliation, or actor when the affiliation is Other; and topic) and each
    pair of sources that disagree on it, the row is the two reports closest in time: that is
    what tells a contradiction (within 14 days) from a shift. One row per pair of sources keeps
    the table linear in the number of claims (a million claims would otherwise pair into
    billions). Ties go to the earlier claim ids, so the output is deterministic."""
    if claims.empty:
        return pd.DataFrame(columns=list(Disagreements.COLUMNS))
    positions = distinct_positions(claims)[
        [
            Claims.AFFILIATION,
            Claims.ACTOR,
            Claims.SOURCE,
            Claims.TOPIC,
            Claims.STANCE,
            Claims.CLAIM_ID,
            Claims.CLAIM_DATE,
            Claims.ARTICLE_ID,
            Claims.QUOTE,
        ]
    ].copy()
    for col in (Claims.AFFILIATION, Claims.ACTOR, Claims.SOURCE, Claims.TOPIC, Claims.STANCE, Claims.CLAIM_ID):
        positions[col] = positions[col].astype(str)
    positions["_key"] = positions[Claims.AFFILIATION].where(
        positions[Claims.AFFILIATION] != "Other", "actor:" + positions[Claims.ACTOR]
    )
    positions["_when"] = when(positions[Claims.CLAIM_DATE])
    positions = positions.dropna(subset=["_when"]).sort_values(["_when", Claims.CLAIM_ID], kind="stable")
    slim = ["_key", Claims.TOPIC, "_when", Claims.SOURCE, Claims.CLAIM_ID]
    pro = positions[positions[Claims.STANCE].isin(FOR_STANCES)][slim]
    con = positions[positions[Claims.STANCE].isin(AGAINST_STANCES)][slim]
    subject = ["_key", Claims.TOPIC, Claims.SOURCE, "source_c"]
    found = []
    for source, against in con.groupby(Claims.SOURCE, sort=True):
        others = pro[pro[Claims.SOURCE] != source]
        if others.empty:
            continue
        right = against.rename(columns={"_when": "_when_c", Claims.SOURCE: "source_c", Claims.CLAIM_ID: "claim_id_c"})
        pairs = pd.merge_asof(others, right, left_on="_when", right_on="_when_c", by=["_key", Claims.TOPIC], direction="nearest")
        pairs = pairs.dropna(subset=["claim_id_c"])
        pairs["_gap"] = (pairs["_when"] - pairs["_when_c"]).abs()
        # keep, per subject and pair of sources, only the closest reports (as we go: memory stays small)
        pairs = pairs.sort_values(["_gap", Claims.CLAIM_ID, "claim_id_c"], kind="stable").drop_duplicates(subject, keep="first")
        found.append(pairs)
    if not found:
        return pd.DataFrame(columns=list(Disagreements.COLUMNS))
    pairs = pd.concat(found, ignore_index=True)
    pairs = pairs.sort_values(["_gap", Claims.CLAIM_ID, "claim_id_c"], kind="stable").drop_duplicates(subject, keep="first")
    side = positions.drop_duplicates(Claims.CLAIM_ID).set_index(Claims.CLAIM_ID)
    for col in (Claims.ACTOR, Claims.STANCE, Claims.CLAIM_DATE, Claims.ARTICLE_ID, Claims.QUOTE, Claims.AFFILIATION):
        pairs[col] = side[col].reindex(pairs[Claims.CLAIM_ID]).to_numpy()
        pairs[f"{col}_c"] = side[col].reindex(pairs["claim_id_c"]).to_numpy()
    p_first = (pairs["_when"] < pairs["_when_c"]) | (
        (pairs["_when"] == pairs["_when_c"]) & (pairs["claim_id"] < pairs["claim_id_c"])
    )
    out = pd.DataFrame(
        {
            Disagreements.AFFILIATION: pairs[Claims.AFFILIATION].where(
                pairs[Claims.AFFILIATION] == pairs[f"{Claims.AFFILIATION}_c"], pairs["_key"]
            ),
            Disagreements.TOPIC: pairs[Claims.TOPIC],
        }
    )
    for col in _SIDE:
        out[f"{col}_a"] = pairs[col].where(p_first, pairs[f"{col}_c"]).values
        out[f"{col}_b"] = pairs[f"{col}_c"].where(p_first, pairs[col]).values
    days = pairs["_gap"].dt.days.to_numpy()
    out[Disagreements.DAYS_APART] = days
    out[Disagreements.KIND] = np.where(days <= CONTRADICTION_DAYS, "contradiction", "shift")
    out = out[list(Disagreements.COLUMNS)]
    return out.sort_values(
        [Disagreements.AFFILIATION, Disagreements.TOPIC, "claim_date_a", "claim_id_a", "claim_id_b"]
    ).reset_index(drop=True)
