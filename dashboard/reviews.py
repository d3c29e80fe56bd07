"""Analyst corrections (``data/reviews.csv``): reject a claim or correct its actor, topic or stance.

Rows refer to claims by ``claim_id``, which is stable across builds, so corrections survive
rebuilds. ``read_reviews`` validates the file; ``apply_reviews`` is pure.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .codebook import Codebook
from .errors import InputError
from .schema import STANCES, TOPICS, Claims, Reviews


@dataclass(frozen=True)
class Review:
    claim_id: str
    action: str
    actor: str
    topic: str
    stance: str
    line: int


def read_reviews(path: Path, codebook: Codebook) -> list[Review]:
    """The reviews file's rows; a missing file means no reviews. Unknown labels name file and line."""
    label = str(path)
    if not Path(path).exists():
        return []
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(label, "the reviews file is not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in (Reviews.CLAIM_ID, Reviews.ACTION) if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(label, f"missing column(s) {', '.join(missing)} (expected {', '.join(Reviews.COLUMNS)})", 1)
    out, seen = [], {}
    for row in reader:
        line = reader.line_num
        cid = (row.get(Reviews.CLAIM_ID) or "").strip()
        action = (row.get(Reviews.ACTION) or "").strip()
        actor = (row.get(Reviews.ACTOR) or "").strip()
        topic = (row.get(Reviews.TOPIC) or "").strip()
        stance = (row.get(Reviews.STANCE) or "").strip()
        if not cid:
            raise InputError(label, "claim_id is empty", line)
        if cid in seen:
            raise InputError(label, f'claim "{cid}" is reviewed twice (also on line {seen[cid]})', line)
        seen[cid] = line
        if action not in Reviews.ACTIONS:
            raise InputError(label, f'unknown action "{action}" (allowed: {", ".join(Reviews.ACTIONS)})', line)
        if topic and topic not in TOPICS:
            raise InputError(label, f'unknown topic "{topic}" (allowed: {", ".join(TOPICS)})', line)
        if stance and stance not in STANCES:
            raise InputError(label, f'unknown stance "{stance}" (allowed: {", ".join(STANCES)})', line)
        if actor and actor not in codebook.actors:
            raise InputError(label, f'unknown actor "{actor}": add it to data/codebook.yaml first', line)
        if action == "correct" and not (actor or topic or stance):
            raise InputError(label, "a correction must set actor, topic or stance", line)
        out.append(Review(cid, action, actor, topic, stance, line))
    return out


def apply_reviews(claims: pd.DataFrame, reviews: list[Review], codebook: Codebook) -> tuple[pd.DataFrame, list[Review]]:
    """Claims with rejections removed and corrections applied (``method`` = reviewed), and the
    reviews whose claim no longer exists (to report, not to fail on)."""
    if not reviews:
        return claims, []
    out = claims.copy()
    known = set(out[Claims.CLAIM_ID])
    orphans = [r for r in reviews if r.claim_id not in known]
    rejected = {r.claim_id for r in reviews if r.action == "reject"}
    out = out[~out[Claims.CLAIM_ID].isin(rejected)].copy()
    for r in reviews:
        if r.action != "correct" or r.claim_id not in known:
            continue
        mask = out[Claims.CLAIM_ID] == r.claim_id
        if r.actor:
            info = codebook.actors[r.actor]
            out.loc[mask, [Claims.ACTOR, Claims.ACTOR_TYPE, Claims.AFFILIATION]] = [info.name, info.type, info.affiliation]
        if r.topic:
            out.loc[mask, Claims.TOPIC] = r.topic
        if r.stance:
            out.loc[mask, Claims.STANCE] = r.stance
        out.loc[mask, Claims.METHOD] = "reviewed"
    return out, orphans
