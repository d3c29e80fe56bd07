"""The About page reports the extractor's first readings on blind articles, not its dev score."""

from __future__ import annotations

import json

import pytest

from dashboard import config
from dashboard.errors import InputError
from dashboard.web import about
from dashboard.web.app import create_app

from .conftest import ROOT


def test_about001_first_readings_match_the_recorded_readings():
    """Each round in data/first_readings.csv read with the learned layer carries the figures that
    docs/first-readings/ recorded when that round was first scored."""
    readings = {r.round: r for r in about.read_first_readings(config.first_readings_path())}
    assert list(readings)[-1] == "blind15"
    for name in (
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
    ):
        recorded = json.loads((ROOT / "docs" / "first-readings" / f"{name}-C-learned.json").read_text())
        for key in ("precision", "recall", "f1", "actor_accuracy", "contributions_precision", "contributions_recall"):
            assert readings[name].scores[key] == pytest.approx(recorded[key], abs=0.0015), (name, key)
    assert readings["blind1"].scores["f1"] == 0.33


def test_about002_bad_row_names_file_and_line(tmp_path):
    path = tmp_path / "first_readings.csv"
    header = ",".join(about.COLUMNS)
    path.write_text(header + "\nb9,2026-12-05,10,9,x,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,1.5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"first_readings.csv, line 2: source_accuracy is not between 0 and 1"):
        about.read_first_readings(path)
    path.write_text(header + "\nb9,2026-12-05,ten,9,x,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: invalid literal"):
        about.read_first_readings(path)
    path.write_text("round,f1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: the columns must be"):
        about.read_first_readings(path)


def test_about003_page_states_latest_blind_score_and_escapes(tmp_path):
    header = ",".join(about.COLUMNS)
    path = tmp_path / "r.csv"
    path.write_text(
        header + "\nold,2026-01-01,20,20,<b>regex</b>,0.9,0.1,0.18,0.5,0.5,0.5,0.5,0.5,0.5"
        "\nnew,2026-02-01,30,25,parse,0.7,0.6,0.646,0.8,0.4,0.2,0.9,0.5,0.9\n",
        encoding="utf-8",
    )
    readings = about.read_first_readings(path)
    html = about.about_html(readings, "T", {"Claims": "<7>"}, "Cite <me>")
    assert "found 60% of the claims and 70% of what it found was right (F1 0.65)" in html
    assert "On 30 articles it had never seen" in html
    assert "<b>regex</b>" not in html and "&lt;b&gt;regex&lt;/b&gt;" in html
    assert "&lt;7&gt;" in html and "Cite &lt;me&gt;" in html
    # contributions F1 from P 0.4 / R 0.2 is 0.27; the latest round is the highlighted row
    assert "<tr class='table-primary'><td>new</td>" in html and "<td>0.27</td>" in html


def test_about004_route_serves_the_shipped_figures_with_the_security_headers(shipped):
    client = create_app(shipped).server.test_client()
    r = client.get("/about")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    text = r.get_data(as_text=True)
    assert "found 52% of the claims and 68% of what it found was right (F1 0.59)" in text
    assert f"<li>Claims: <strong>{len(shipped.claims)}</strong></li>" in text
    assert "<dt>air support</dt>" in text and "<dt>calls for</dt>" in text
    # the dev score is not what the page reports
    assert "0.98" not in text
