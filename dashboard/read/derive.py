"""Claims -> disagreements, distinct positions (pure; used by the build and the dashboard callbacks).

Two claims disagree when they concern the same affiliation (or the same actor, for actors of
affiliation Other) and topic, one ``supports``/``conditional`` and the other ``opposes``, from
different sources. Reports within ``CONTRADICTION_DAYS`` of each other contradict; further apart
they record a shift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.schema import AGAINST_STANCES, CONTRADICTION_DAYS, FOR_STANCES, STANCES, Claims, Disagreements

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


def position_paths(claims: pd.DataFrame, limit: int = 20, max_steps: int = 8) -> tuple[list[dict], int]:
    """Who changed their mind: for each actor and topic whose stance changes over the claims given,
    its stances over time as steps (a run of claims with one stance), the latest changes first; at
    most ``limit`` paths, and how many there are in all.

    A step is {stance, first, last (claim dates), sources, claims, claim_id (its first claim)}; each
    step after the first carries how it followed the one before: ``kind`` "contradiction" (opposite
    stances from different sources within CONTRADICTION_DAYS), "shift" (opposite stances further
    apart, or from one source) or "" (a move between stances that are not opposite), and ``days``.
    Claims of one day are taken in stance order, so one article's mixed wording is not read as a
    change back and forth. A path keeps its latest ``max_steps`` steps; ``earlier`` says how many
    came before them. Vectorised over the claims: only the paths returned are built in Python."""
    if claims.empty:
        return [], 0
    day = claims["when"].to_numpy(dtype="datetime64[D]")
    rows = np.flatnonzero(~np.isnat(day))
    if not len(rows):
        return [], 0
    days = day.astype(np.int64)
    actor = _codes(claims[Claims.ACTOR])
    topic = _codes(claims[Claims.TOPIC])
    stance_cat = claims[Claims.STANCE].astype("category").cat
    stance_names = [str(c) for c in stance_cat.categories]
    rank = np.array([STANCES.index(c) if c in STANCES else len(STANCES) for c in stance_names] + [len(STANCES) + 1])
    stance = rank[stance_cat.codes.to_numpy()]  # code -1 (missing) takes the last rank
    # one integer key, sorted once (stable: the claims' own order breaks ties)
    span = int(days[rows].max() - days[rows].min()) + 1
    key = ((actor[rows] * (int(topic.max()) + 1) + topic[rows]) * span + (days[rows] - days[rows].min())) * (
        len(STANCES) + 2
    ) + stance[rows]
    order = rows[np.argsort(key, kind="stable")]
    a, t, s = actor[order], topic[order], stance[order]
    n = len(order)
    new_group = np.r_[True, (a[1:] != a[:-1]) | (t[1:] != t[:-1])]
    new_step = new_group | np.r_[True, s[1:] != s[:-1]]
    group_of_step = np.cumsum(new_group)[new_step] - 1
    steps_in_group = np.bincount(group_of_step)
    changed = np.flatnonzero(steps_in_group >= 2)
    if not len(changed):
        return [], 0
    step_start = np.flatnonzero(new_step)
    step_end = np.r_[step_start[1:], n]
    group_last_step = np.cumsum(steps_in_group) - 1
    latest = days[order][step_start[group_last_step[changed]]]  # when each path's last change came
    picked = changed[np.lexsort((changed, -latest))][:limit]
    # text only for the claims of the paths returned
    firsts = group_last_step[picked] - steps_in_group[picked] + 1
    froms = np.maximum(firsts, group_last_step[picked] - max_steps)  # one step before those shown: how the first came
    needed = np.unique(
        np.concatenate(
            [order[step_start[f] : step_end[group_last_step[g]]] for f, g in zip(froms, picked)]
            + [order[step_start[firsts]]]  # each path's first claim names it
        )
    )
    text = claims.iloc[needed][
        [Claims.ACTOR, Claims.AFFILIATION, Claims.TOPIC, Claims.STANCE, Claims.SOURCE, Claims.CLAIM_DATE, Claims.CLAIM_ID]
    ].astype(str)
    col = {c: dict(zip(needed.tolist(), text[c].tolist())) for c in text.columns}
    stance_text = col[Claims.STANCE]
    paths = []
    for g in picked:
        first_step = group_last_step[g] - steps_in_group[g] + 1
        shown_from = max(first_step, group_last_step[g] - max_steps + 1)
        steps: list[dict] = []
        for k in range(shown_from, group_last_step[g] + 1):
            members = order[step_start[k] : step_end[k]]
            step = {
                "stance": stance_text[members[0]],
                "first": col[Claims.CLAIM_DATE][members[0]],
                "last": col[Claims.CLAIM_DATE][members[-1]],
                "sources": list(dict.fromkeys(col[Claims.SOURCE][m] for m in members)),
                "claims": len(members),
                "claim_id": col[Claims.CLAIM_ID][members[0]],
            }
            if k > first_step:
                before = order[step_end[k - 1] - 1]
                gap = int(days[members[0]] - days[before])
                pair = {stance_text[before], step["stance"]}
                opposite = bool(pair & set(FOR_STANCES)) and bool(pair & set(AGAINST_STANCES))
                other_source = col[Claims.SOURCE][before] != col[Claims.SOURCE][members[0]]
                kind = "contradiction" if opposite and other_source and gap <= CONTRADICTION_DAYS else "shift" if opposite else ""
                step.update(kind=kind, days=gap)
            steps.append(step)
        head = order[step_start[first_step]]
        paths.append(
            {
                "actor": col[Claims.ACTOR][head],
                "affiliation": col[Claims.AFFILIATION][head],
                "topic": col[Claims.TOPIC][head],
                "steps": steps,
                "earlier": int(shown_from - first_step),
            }
        )
    return paths, len(changed)


def _codes(column: pd.Series) -> np.ndarray:
    """A label column's category codes as int64 (a missing label is one more code)."""
    codes = column.astype("category").cat.codes.to_numpy().astype(np.int64)
    return np.where(codes < 0, codes.max() + 1, codes)
