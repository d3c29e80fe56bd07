"""Extraction quality on every annotated article the project keeps, scored as the project is judged.

The articles and their gold are under ``tests/fixtures/annotated/<set>/`` (``team``: written by the
team before the redesign; ``dev``: the seeds and the shared dev articles; ``blind1``...: written from
real reports by annotators who never saw the extractor, each kept after its first reading). The
scorer is ``../shared/eval/score.py``'s, run in this process on the extractor's output. The floors
are today's figures less a small margin: a change that loses claims on any set fails here, so no
set's gold can be silently lost. The honest measure of the extractor is not these (every set here
was seen, most were trained on) but each blind round's first reading, in docs/extraction.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections import Counter

import pytest

from dashboard.pipeline.extract import extract_article

from .conftest import ANNOTATED, ROOT

SCORE = ROOT.parent / "shared" / "eval" / "score.py"
# set: (precision, recall) floors for (affiliation, topic, stance) triples, and reported totals' recall.
# Today (trained on every set, so these are no measure of a new article): dev 0.88 / 0.84, team 0.91 /
# 0.94, blind1 0.81 / 0.57, blind2 0.82 / 0.64, train1 0.81 / 0.64, blind3 0.82 / 0.68, blind4 0.79 /
# 0.61. The floors
# leave about five points for retraining's drift.
FLOORS = {
    "dev": (0.80, 0.78, 0.95),
    "team": (0.85, 0.86, 0.95),
    "blind1": (0.70, 0.53, 0.95),  # 0.73 after retraining with blind12 (0.77 before)
    "blind2": (0.77, 0.58, 0.85),
    "train1": (0.76, 0.58, 0.52),
    "blind3": (0.76, 0.61, 0.75),
    "blind4": (0.74, 0.55, 0.80),
    "blind5": (0.68, 0.41, 0.70),
    "blind6": (0.66, 0.49, 0.85),
    "blind7": (0.58, 0.48, 0.68),
    "blind8": (0.66, 0.56, 0.85),
    "blind9": (0.68, 0.45, 0.75),
    "blind10": (0.76, 0.47, 0.74),
    "blind11": (0.80, 0.61, 0.30),
    "blind12": (0.80, 0.61, 0.70),
    "blind13": (0.79, 0.65, 0.60),
    "blind14": (0.77, 0.62, 0.95),
    "blind15": (0.77, 0.56, 0.55),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(name: str, codebook) -> dict:
    score = _scorer()
    total: Counter = Counter()
    for gold_path in sorted((ANNOTATED / name / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (ANNOTATED / name / "articles" / f"{gold['id']}.txt").read_text(encoding="utf-8")
        found = extract_article(
            text,
            article_id=gold["id"],
            published=dt.date.fromisoformat(gold["published"]),
            publisher=gold["publisher"],
            codebook=codebook,
        )
        got = {"claims": found.claims, "contributions": found.contributions, "coalition_counts": found.coalition_counts}
        total.update({k: v for k, v in score.score_article(gold, got, text).items() if isinstance(v, int)})
    ratio = score.ratio
    return {
        "precision": ratio(total["tp"], total["predicted"]),
        "recall": ratio(total["found"], total["required"]),
        "verbatim": ratio(total["verbatim"], total["rows"]),
        "counts_recall": ratio(total["counts_found"], total["counts_want"]),
        "articles": len(list((ANNOTATED / name / "gold").glob("*.json"))),
    }


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval001_every_annotated_set_keeps_its_claims(codebook, name):
    got = _score(name, codebook)
    precision, recall, counts = FLOORS[name]
    assert got["articles"] > 0 and got["verbatim"] == 1.0, got
    assert got["precision"] >= precision and got["recall"] >= recall, got
    assert got["counts_recall"] >= counts, got


def test_eval002_every_annotated_set_has_its_articles_and_floors():
    """Each kept set has one article per gold file, and a floor in this file."""
    sets = sorted(p.name for p in ANNOTATED.iterdir() if p.is_dir())
    assert sets == sorted(FLOORS), "a set under tests/fixtures/annotated needs its floor here"
    for name in sets:
        golds = {p.stem for p in (ANNOTATED / name / "gold").glob("*.json")}
        articles = {p.stem for p in (ANNOTATED / name / "articles").glob("*.txt")}
        assert golds and golds <= articles, name
