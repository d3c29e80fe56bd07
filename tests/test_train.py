"""The learned layer's weights are reproduced from the committed corpus and articles, byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys

from dashboard.pipeline.extract.learned import LABELS, Model, dump_model, load_model

from .conftest import ROOT


def test_train001_the_committed_model_is_what_training_gives():
    """``python -m dashboard train --check`` retrains on data/corpus and tests/fixtures/annotated and
    compares the bytes with data/model.json (a lexicon or reading change without retraining fails here)."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "train", "--check"], capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "data/model.json is what training on 3050 annotated sentences and" in done.stdout


def test_train002_the_model_file_round_trips(tmp_path):
    model = Model(index={"a": 0, "b": 1}, weights=((0.5,) * 6, (-0.25,) * 6), bias=(0.1,) * 6, threshold=-0.2)
    path = tmp_path / "model.json"
    path.write_text(dump_model(model, {"note": "test"}), encoding="utf-8")
    again = load_model(path)
    assert again == model
    assert json.loads(path.read_text(encoding="utf-8"))["labels"] == list(LABELS)
    # the probabilities of a candidate with feature "a": the labels share the weights, so they tie
    assert [round(p, 6) for p in again.probabilities(["a", "unknown"])] == [round(1 / 6, 6)] * 6


def test_train003_the_model_is_in_use_and_changes_what_is_read(codebook):
    """The shipped model decides: where the rules read a position into background, it reads none."""
    import datetime as dt

    from dashboard.pipeline.extract import extract_article

    kwargs = dict(article_id="t", published=dt.date(2025, 6, 4), publisher="Wire", codebook=codebook)
    background = [
        "Britain has trained more than 50,000 Ukrainian recruits since 2022 under Operation Interflex.",
        "Germany has been building up a permanent armoured brigade in Lithuania, a NATO member on the alliance's eastern flank.",
    ]
    for text in background:
        assert extract_article(text, **kwargs, model=None).claims, "the rules alone read a claim here"
        assert extract_article(text, **kwargs).claims == [], "the learned layer reads none"
    text = "The UK and France still hope that the US will continue to provide intelligence."
    learned = {(c["affiliation"], c["topic"], c["stance"]) for c in extract_article(text, **kwargs).claims}
    assert learned == {("United Kingdom", "intelligence", "calls_for"), ("France", "intelligence", "calls_for")}
