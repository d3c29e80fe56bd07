"""The command line as a user runs it: output, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd

from .conftest import ROOT

SEED = ROOT / "seeds" / "004_03d7dc0ff398e5df.txt"


def run(*args, env=None, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_cli001_extract_json_is_what_score_reads():
    done = run("extract", str(SEED), "--published", "2025-06-04", "--publisher", "UNN", "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"claims", "contributions", "coalition_counts"}
    first = out["claims"][0]
    assert (first["actor"], first["topic"], first["stance"], first["source"]) == (
        "United States",
        "air_support",
        "opposes",
        "Bloomberg",
    )
    assert {c["metric"] for c in out["coalition_counts"]} == {
        "coalition_members",
        "countries_offering_forces",
        "countries_committed_troops",
    }


def test_cli002_extract_csv():
    done = run("extract", str(SEED), "--published", "2025-06-04", "--publisher", "UNN", "--format", "csv")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0].startswith("claim_id,article_id,published,claim_date")


def test_cli003_bad_input_exits_2_with_the_file_named(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    done = run("extract", str(empty), "--published", "2025-06-04", "--publisher", "X")
    assert done.returncode == 2 and done.stderr.strip() == f"error: {empty}: article is empty"
    done = run("extract", str(SEED), "--published", "04/06/2025", "--publisher", "X")
    assert done.returncode == 2 and 'published "04/06/2025" is not YYYY-MM-DD' in done.stderr


def test_cli004_build_honours_data_dir(tmp_path):
    done = run("build", env={"DASHBOARD_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built 2 articles:") and "disagreements" in done.stdout
    assert (tmp_path / "claims.csv").read_bytes() == (ROOT / "data" / "claims.csv").read_bytes()


def test_cli005_add_copies_records_and_rebuilds(tmp_path):
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    for p in (ROOT / "seeds").iterdir():
        (seeds / p.name).write_bytes(p.read_bytes())
    article = tmp_path / "tass-meloni.txt"
    article.write_text(
        "Meloni confirms Italy will not send troops to Ukraine\n\nItaly does not intend to send its troops to Ukraine.\n"
    )
    env = {"DASHBOARD_SEEDS_DIR": str(seeds), "DASHBOARD_DATA_DIR": str(data)}
    done = run("add", str(article), "--publisher", "TASS", "--published", "2025-09-04", "--url", "https://tass.com/x", env=env)
    assert done.returncode == 0, done.stderr
    assert (seeds / "tass-meloni.txt").read_bytes() == article.read_bytes()
    meta = pd.read_csv(seeds / "articles.csv", dtype=str)
    assert meta.iloc[-1][["file", "publisher", "published", "url"]].tolist() == [
        "tass-meloni.txt",
        "TASS",
        "2025-09-04",
        "https://tass.com/x",
    ]
    claims = pd.read_csv(data / "claims.csv")
    assert ((claims.actor == "Italy") & (claims.topic == "ground_troops") & (claims.stance == "opposes")).any()
    again = run("add", str(article), "--publisher", "TASS", "--published", "2025-09-04", env=env)
    assert again.returncode == 2 and 'an article named "tass-meloni.txt" is already in' in again.stderr


def test_cli006_load_test_runs_the_procfile_command(monkeypatch):
    from dashboard.measure.served import procfile_command

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert procfile_command(9123) == [
        "gunicorn",
        "dashboard.web.wsgi:server",
        "--bind",
        "0.0.0.0:9123",
        "--workers",
        "2",
        "--timeout",
        "60",
    ]
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert procfile_command(9123)[5] == "4"


def test_cli007_bench_build_reads_the_seed_articles_and_dense_synthetic_ones():
    """``bench --build`` times the build's extraction on every core, on the shipped seeds (read anew
    each time) and on synthetic articles; the claims it counts are the seeds' own, and it says how long
    10,000 articles of the seeds' size would take."""
    done = run("bench", "--build", "--articles", "4", "--passes", "2", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    shipped = len(pd.read_csv(ROOT / "data" / "claims.csv"))
    assert out["seeds"]["articles"] == 4 and out["seeds"]["claims"] == 2 * shipped
    assert out["synthetic"]["articles"] == 4 and out["synthetic"]["claims"] > 0
    assert len(out["seeds"]["passes"]) == 2 and out["seeds"]["articles_per_second"] == max(out["seeds"]["passes"])
    assert (
        abs(out["seeds"]["ten_thousand_seconds"] - 10_000 / out["seeds"]["articles_per_second"])
        <= 1 + 0.01 * out["seeds"]["ten_thousand_seconds"]
    )
    assert out["processes"] >= 1
    done = run("bench", "--build", "--articles", "2", "--passes", "1", env={"DASHBOARD_WORKERS": "2"})
    assert done.stdout.startswith("== build with 2 processes, best (median) of 1 passes: "), done.stdout
    assert f"articles/s on the seed articles (2 read anew, {shipped} claims): 10,000 of them in " in done.stdout


def test_cli009_bench_measures_every_typical_interaction_at_a_size():
    """``bench --sizes N`` loads a synthetic corpus in a fresh worker and times each typical selection
    through Dash's endpoint: median, 95th percentile and maximum of the runs, and the largest response."""
    from dashboard.measure.bench import p95_ms

    # of 20 runs, one slow one weighs a twentieth in the 95th percentile and is the maximum
    assert p95_ms([0.010] * 19 + [0.250]) == 22.0 and p95_ms([0.010, 0.020]) == 19.5
    done = run("bench", "--sizes", "3000", "--repeat", "4", "--articles", "2", "--passes", "1", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[0])
    assert out["size"] == out["claims"] == 3000 and 0 < out["rss_mb"] <= out["rss_peak_while_loading_mb"]
    names = ["none", "one actor", "one topic", "actor and topic", "date window", "text search"]
    assert list(out["interactions"]) == names
    for m in out["interactions"].values():
        assert 0 < m["total_ms_median"] <= m["total_ms_p95"] <= m["total_ms_max"]
        assert 0 < m["slowest_callback_ms_p95"] <= m["slowest_callback_ms_max"] <= m["total_ms_max"]
        assert 0 < m["largest_response_gzip_kb"] < m["largest_response_kb"]
    assert out["csv_all"]["mb"] > 0.5 and out["csv_all"]["seconds"] > out["csv_typical"]["seconds"] > 0


def test_cli008_the_procfile_app_is_out_of_the_collectors_reach():
    """``dashboard.web.wsgi`` freezes what it built (``store.settle``): a full collection during a request no
    longer walks the app, its tables and its first views (spikes of 50-75 ms at 100,000 claims)."""
    code = (
        "import gc, json; import dashboard.web.wsgi as w; seen = {id(o) for o in gc.get_objects()}; "
        "print(json.dumps({'frozen': gc.get_freeze_count(), 'app': id(w.app) in seen, 'views': id(w.app.views) in seen, "
        "'layout': id(w.app.layout) in seen}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["frozen"] > 10_000
    assert out == {**out, "app": False, "views": False, "layout": False}


def test_cli010_every_command_explains_itself_with_an_example():
    """Each command's --help says what it does and shows an example (not internal notes)."""
    import argparse

    from dashboard.__main__ import parser

    p = parser()
    assert "Security guarantees for Ukraine" in p.format_help() and "exit codes" not in p.description
    (sub,) = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) == {"extract", "build", "add", "review", "serve", "bench", "load", "train"}
    for name, command in sub.choices.items():
        text = command.format_help()
        assert command.description and len(command.description) > 60, name
        assert "example" in text.lower(), name


def test_cli011_a_python_without_the_packages_is_told_which_to_use(monkeypatch, capsys):
    import builtins

    from dashboard.__main__ import main

    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    for mod in [m for m in __import__("sys").modules if m.startswith("dashboard.pipeline.build")]:
        monkeypatch.delitem(__import__("sys").modules, mod)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: No module named 'pandas' in ") and ".venv/bin/python -m dashboard build" in err
