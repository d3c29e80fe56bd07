"""Extraction quality, measured with the scorer the project is judged by."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT

SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def score(*args) -> dict:
    done = subprocess.run([sys.executable, str(SCORE), "--json", *args], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
def test_eval001_seeds_and_dev_articles():
    got = score()
    # the issue asked for 0.85 and 0.80; today 0.984 and 0.969, kept from sliding back
    assert got["precision"] >= 0.95 and got["recall"] >= 0.95 and got["verbatim_quotes"] == 1.0, got


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
def test_eval002_our_own_unseen_style_articles():
    got = score("--gold", str(FIXTURES / "gold"), "--articles", str(FIXTURES / "articles"))
    # today 0.973 and 0.962 over thirty-two articles (the misses: a "force of 25,000 troops" read as
    # ground_troops, two weak coalition_force topics beside strong ones, "Democrats, led by Chuck Schumer,
    # urged", a mission called "unrealistic"); the margin is for a claim, not for a rule lost
    assert got["precision"] >= 0.95 and got["recall"] >= 0.94 and got["verbatim_quotes"] == 1.0, got
    # every figure the gold lists is found; the two found beyond them, which our annotation (written before the
    # extractor first read the articles) left out: Canada's "up to 500 soldiers" (AP) and the UK's "plans to
    # deploy thousands of troops" (Ukrainska Pravda)
    assert got["counts_recall"] == 1.0 and got["counts_precision"] >= 0.85, got
