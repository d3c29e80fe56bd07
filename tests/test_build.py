"""The build: what it finds in the seeds, determinism, atomicity, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import config
from dashboard.errors import InputError
from dashboard.pipeline.build import TABLES, build, build_tables, to_csv_bytes

from .conftest import ROOT

SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def tables(codebook):
    tables, _ = build_tables(SEEDS, codebook, config.reviews_path())
    return tables


def test_build001_committed_data_equals_a_fresh_build(tables):
    for name in TABLES:
        assert (ROOT / "data" / f"{name}.csv").read_bytes() == to_csv_bytes(tables[name]), f"data/{name}.csv is stale: rebuild"


def test_build002_deterministic(codebook, tables):
    again, _ = build_tables(SEEDS, codebook, config.reviews_path())
    for name in TABLES:
        assert to_csv_bytes(again[name]) == to_csv_bytes(tables[name])


@pytest.mark.parametrize(
    "actor, topic, stance, source, date",
    [
        ("United States", "air_support", "supports", "Gaya One", "2025-08-27"),
        ("United States", "air_support", "opposes", "Bloomberg", "2025-06-04"),
        ("United States", "air_defense", "supports", "Financial Times", "2025-08-27"),
        ("United States", "air_defense", "opposes", "Bloomberg", "2025-06-04"),
        ("United States", "ground_troops", "opposes", "Gaya One", "2025-08-27"),
        ("JD Vance", "burden_sharing", "calls_for", "Gaya One", "2025-08-27"),
        ("Volodymyr Zelensky", "russia_role", "opposes", "Gaya One", "2025-08-27"),
        ("Pentagon", "security_guarantees", "undecided", "Gaya One", "2025-08-27"),
        ("Keir Starmer", "security_guarantees", "calls_for", "Bloomberg", "2025-06-04"),
        ("United Kingdom", "intelligence", "calls_for", "Bloomberg", "2025-06-04"),
        ("France", "intelligence", "calls_for", "Bloomberg", "2025-06-04"),
    ],
)
def test_build003_seed_claims(tables, actor, topic, stance, source, date):
    c = tables["claims"]
    hit = c[(c.actor == actor) & (c.topic == topic) & (c.stance == stance) & (c.source == source) & (c.claim_date == date)]
    assert len(hit) >= 1


@pytest.mark.parametrize(
    "metric, low, high, as_written, date, precision",
    [
        ("coalition_members", 30, 30, "30", "2025-04", "month"),
        ("countries_offering_forces", 15, 15, "fifteen", "2025-04", "month"),
        ("countries_committed_troops", 1, 9, "single digits", "2025-06-04", "day"),
        ("troops_required", 20_000, 99_999, "tens of thousands", "2025-08-27", "day"),
    ],
)
def test_build004_seed_totals(tables, metric, low, high, as_written, date, precision):
    rows = tables["coalition_counts"]
    (row,) = rows[rows.metric == metric].to_dict("records")
    assert (row["low"], row["high"], row["as_written"], row["claim_date"], row["date_precision"]) == (
        low,
        high,
        as_written,
        date,
        precision,
    )


@pytest.mark.parametrize("topic", ["air_support", "air_defense"])
def test_build005_us_shift_between_bloomberg_and_ft_era(tables, topic):
    d = tables["disagreements"]
    rows = d[(d.affiliation == "United States") & (d.topic == topic)]
    assert len(rows) >= 1
    assert set(rows.kind) == {"shift"}
    assert set(rows.source_a) == {"Bloomberg"} and set(rows.claim_date_a) == {"2025-06-04"}
    assert set(rows.claim_date_b) == {"2025-08-27"}


def test_build006_quotes_are_verbatim(tables):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    for row in tables["claims"].itertuples():
        assert texts[row.article_id][row.char_start : row.char_end] == row.quote


# ---- bad input: a clear error, and the previous tables intact --------------------------------


def make_seeds(tmp_path: Path, files: dict[str, bytes], metadata: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, body in files.items():
        (seeds / name).write_bytes(body)
    (seeds / "articles.csv").write_text(metadata, encoding="utf-8")
    return seeds


GOOD = b"Italy rules out troops\n\nItaly has ruled out sending troops to Ukraine.\n"
HEADER = "file,title,publisher,published,url\n"


@pytest.mark.parametrize(
    "files, metadata, message",
    [
        ({"a.txt": b""}, HEADER + "a.txt,,Wire,2025-01-02,\n", "a.txt: article is empty"),
        ({"a.txt": b"  \n\n \t\n"}, HEADER + "a.txt,,Wire,2025-01-02,\n", "a.txt: article is empty"),
        ({"a.txt": b"\x89PNG\x00\x01"}, HEADER + "a.txt,,Wire,2025-01-02,\n", "a.txt: article is binary"),
        ({"a.txt": b"caf\xe9 au lait\n"}, HEADER + "a.txt,,Wire,2025-01-02,\n", "a.txt, line 1: article is not UTF-8"),
        (
            {"a.txt": b"<!DOCTYPE html><html><body>x</body></html>"},
            HEADER + "a.txt,,Wire,2025-01-02,\n",
            "article is an HTML page",
        ),
        ({"a.txt": GOOD}, HEADER + "a.txt,,Wire,,\n", "articles.csv, line 2: published is missing (expected YYYY-MM-DD)"),
        ({"a.txt": GOOD}, HEADER + "a.txt,,Wire,March 1,\n", 'articles.csv, line 2: published "March 1" is not YYYY-MM-DD'),
        (
            {"a.txt": GOOD},
            HEADER + "a.txt,,Wire,2025-02-30,\n",
            'articles.csv, line 2: published "2025-02-30" is not a real date',
        ),
        ({"a.txt": GOOD}, HEADER + "a.txt,,Wire,2999-01-01,\n", 'articles.csv, line 2: published "2999-01-01" is in the future'),
        (
            {"a.txt": GOOD},
            HEADER + "a.txt,,Wire,2025-01-02,\na.txt,,Wire,2025-01-02,\n",
            'articles.csv, line 3: duplicate article "a.txt" (also on line 2)',
        ),
        (
            {"a.txt": GOOD},
            HEADER + "a.txt,,Wire,2025-01-02,\nb.txt,,Wire,2025-01-02,\n",
            'articles.csv, line 3: metadata for a missing file: "b.txt"',
        ),
        ({"a.txt": GOOD}, HEADER + "a.txt,,,2025-01-02,\n", "articles.csv, line 2: publisher is empty"),
        ({"a.txt": GOOD}, "file,publisher\na.txt,Wire\n", "articles.csv, line 1: missing column(s) published"),
    ],
)
def test_build007_bad_input_names_the_problem_and_keeps_data(tmp_path, files, metadata, message):
    data = tmp_path / "data"
    data.mkdir()
    before = {name: f"previous {name}\n".encode() for name in TABLES}
    for name, body in before.items():
        (data / f"{name}.csv").write_bytes(body)
    seeds = make_seeds(tmp_path, files, metadata)
    with pytest.raises(InputError) as err:
        build(seeds, data, config.codebook_path(), None)
    assert message in str(err.value)
    assert {p.name for p in data.iterdir()} == {f"{n}.csv" for n in TABLES}
    for name, body in before.items():
        assert (data / f"{name}.csv").read_bytes() == body


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda s: s.replace("\noutlets:\n", "\nwires:\n", 1), "missing section 'outlets'"),
        (
            lambda s: s.replace("type: country, affiliation: Spain", "type: nation, affiliation: Spain"),
            "actors[",
        ),
        (lambda s: s + "\n  - {broken: [\n", "not valid YAML"),
    ],
)
def test_build008_codebook_errors(tmp_path, edit, message):
    path = tmp_path / "codebook.yaml"
    path.write_text(edit(config.codebook_path().read_text(encoding="utf-8")), encoding="utf-8")
    seeds = make_seeds(tmp_path, {"a.txt": GOOD}, HEADER + "a.txt,,Wire,2025-01-02,\n")
    with pytest.raises(InputError) as err:
        build(seeds, tmp_path / "data", path, None)
    assert str(err.value).startswith(str(path)) and message in str(err.value)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda s: s.replace("  naval:\n", "  navy:\n", 1), "topics: unknown topic 'navy'"),
        (lambda s: s.replace("  call:\n", "  demand:\n", 1), "stance_classes: unknown class 'demand'"),
        (lambda s: s + "\n  - {broken: [\n", "not valid YAML"),
    ],
)
def test_build010_lexicon_errors(tmp_path, monkeypatch, edit, message):
    """A broken lexicon stops the build before anything is written, naming the file and the entry."""
    path = tmp_path / "lexicon.yaml"
    path.write_text(edit(config.lexicon_path().read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_LEXICON", str(path))
    seeds = make_seeds(tmp_path, {"a.txt": GOOD}, HEADER + "a.txt,,Wire,2025-01-02,\n")
    with pytest.raises(InputError) as err:
        build(seeds, tmp_path / "data", config.codebook_path(), None)
    assert str(err.value).startswith(str(path)) and message in str(err.value)
    assert not (tmp_path / "data").exists()


def test_build011_a_broken_model_stops_the_build(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    path.write_text('{"features": ["x"]}', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_MODEL", str(path))
    seeds = make_seeds(tmp_path, {"a.txt": GOOD}, HEADER + "a.txt,,Wire,2025-01-02,\n")
    with pytest.raises(InputError) as err:
        build(seeds, tmp_path / "data", config.codebook_path(), None)
    assert str(err.value).startswith(str(path)) and "python -m dashboard train" in str(err.value)
    assert not (tmp_path / "data").exists()


def test_build012_many_articles_build_on_every_core_with_the_same_bytes(tmp_path, monkeypatch):
    """A build of enough articles to use the process pool writes the same tables as one process."""
    texts = sorted((config.ROOT / "seeds").glob("*.txt"))
    files = {f"a{i:02d}.txt": texts[i % len(texts)].read_bytes() + f"\nNote {i}.\n".encode() for i in range(26)}
    rows = "".join(f"a{i:02d}.txt,,Wire,2025-01-{1 + i % 28:02d},\n" for i in range(26))
    seeds = make_seeds(tmp_path, files, HEADER + rows)
    monkeypatch.setenv("DASHBOARD_WORKERS", "2")
    build(seeds, tmp_path / "pool", config.codebook_path(), None)
    monkeypatch.setenv("DASHBOARD_WORKERS", "1")
    build(seeds, tmp_path / "one", config.codebook_path(), None)
    for name in TABLES:
        assert (tmp_path / "pool" / f"{name}.csv").read_bytes() == (tmp_path / "one" / f"{name}.csv").read_bytes(), name
    claims = (tmp_path / "one" / "claims.csv").read_text(encoding="utf-8").count("\n") - 1
    assert claims > 26 * 10


def test_build009_reviews_survive_rebuilds(tmp_path, codebook):
    seeds = make_seeds(tmp_path, {"a.txt": GOOD}, HEADER + "a.txt,,Wire,2025-01-02,\n")
    first, _ = build_tables(seeds, codebook, None)
    cid = first["claims"].claim_id.iloc[0]
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(f"claim_id,action,actor,topic,stance,note\n{cid},correct,Giorgia Meloni,,conditional,\n", encoding="utf-8")
    for _ in range(2):
        tables, summary = build_tables(seeds, codebook, reviews)
        row = tables["claims"][tables["claims"].claim_id == cid].iloc[0]
        assert (row.actor, row.affiliation, row.stance, row.method) == ("Giorgia Meloni", "Italy", "conditional", "reviewed")
        assert summary["reviewed"] == 1


def test_build010_writes_every_table(tmp_path):
    seeds = make_seeds(tmp_path, {"a.txt": GOOD}, HEADER + "a.txt,,Wire,2025-01-02,\n")
    summary = build(seeds, tmp_path / "data", config.codebook_path(), None)
    assert summary["articles"] == 1 and summary["claims"] == 2  # headline and body
    claims = pd.read_csv(tmp_path / "data" / "claims.csv")
    assert set(claims.actor) == {"Italy"} and set(claims.topic) == {"ground_troops"} and set(claims.stance) == {"opposes"}
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == sorted(f"{n}.csv" for n in TABLES)


def test_build011_seeds_are_the_shared_texts_byte_for_byte():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    for path in shared.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


def test_build_summary_names_articles_that_gave_no_claim_and_progress_sees_each(tmp_path):
    """The build's summary lists the articles that gave no claim (worth a look), and a progress
    callback sees every article read."""
    import shutil

    from dashboard import config
    from dashboard.pipeline.build import build

    seeds = tmp_path / "seeds"
    shutil.copytree(config.seeds_dir(), seeds)
    (seeds / "recipe.txt").write_text(
        "How to bake bread\\n\\nMix flour, water and salt, then bake for an hour.\\n", encoding="utf-8"
    )
    with (seeds / "articles.csv").open("a", encoding="utf-8") as f:
        f.write("recipe.txt,How to bake bread,Kitchen Weekly,2025-05-01,,,\\n")
    seen = []

    def progress(items, total):
        for item in items:
            seen.append(total)
            yield item

    summary = build(seeds, tmp_path / "data", config.codebook_path(), None, progress)
    assert summary["silent"] == ["recipe.txt"] and seen == [3, 3, 3]
