"""A corpus of broken inputs, fed to ``python -m dashboard build`` as a user would run it.

Each must stop with exit code 2 and one line that names the file (and the line where there is
one) and the problem, and leave the tables already in data/ byte for byte as they were.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import config
from dashboard.__main__ import main
from dashboard.pipeline.build import TABLES

from .conftest import ROOT

GOOD = b"Italy rules out troops\n\nItaly has ruled out sending troops to Ukraine.\n"
HEADER = "file,title,publisher,published,url\n"
ROW = "a.txt,,Wire,2025-01-02,\n"
TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()
CODEBOOK = config.codebook_path().read_text(encoding="utf-8")

# name: ({file: bytes}, articles.csv, codebook text or None, reviews.csv text or None, expected message)
CORPUS = {
    "empty": ({"a.txt": b""}, HEADER + ROW, None, None, "a.txt: article is empty"),
    "whitespace only": ({"a.txt": b" \n\t\r\n \n"}, HEADER + ROW, None, None, "a.txt: article is empty"),
    "binary": ({"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, HEADER + ROW, None, None, "a.txt: article is binary"),
    "latin-1": (
        {"a.txt": "Caf\u00e9 line\nna\u00efve\n".encode("latin-1")},
        HEADER + ROW,
        None,
        None,
        "a.txt, line 1: article is not UTF-8",
    ),
    "html page": (
        {"a.txt": b"\n<!DOCTYPE html>\n<html><body><p>Italy has ruled out troops.</p></body></html>"},
        HEADER + ROW,
        None,
        None,
        "a.txt, line 1: article is an HTML page, not text",
    ),
    "page fragment without <html>": (
        {"a.txt": b'<div class="story">\n' + b"<p>Italy has ruled out <a href='#'>troops</a>.</p>\n" * 6 + b"</div>\n"},
        HEADER + ROW,
        None,
        None,
        "a.txt, line 1: article is an HTML page, not text",
    ),
    "50 MB article": (
        {"a.txt": GOOD * (50_000_000 // len(GOOD) + 1)},
        HEADER + ROW,
        None,
        None,
        "bytes, more than the 5,000,000 allowed",
    ),
    "a line of 1 MB": (
        {"a.txt": GOOD + b"word " * 200_000 + b"\nlast line\n"},
        HEADER + ROW,
        None,
        None,
        "a.txt, line 4: line is 1,000,000 characters long",
    ),
    "missing date": ({"a.txt": GOOD}, HEADER + "a.txt,,Wire,,\n", None, None, "articles.csv, line 2: published is missing"),
    "malformed date": (
        {"a.txt": GOOD},
        HEADER + "a.txt,,Wire,02/01/2025,\n",
        None,
        None,
        'line 2: published "02/01/2025" is not YYYY-MM-DD',
    ),
    "impossible date": (
        {"a.txt": GOOD},
        HEADER + "a.txt,,Wire,2025-13-01,\n",
        None,
        None,
        'line 2: published "2025-13-01" is not a real date',
    ),
    "future date": (
        {"a.txt": GOOD},
        HEADER + f"a.txt,,Wire,{TOMORROW},\n",
        None,
        None,
        f'line 2: published "{TOMORROW}" is in the future',
    ),
    "duplicate file": (
        {"a.txt": GOOD},
        HEADER + ROW + ROW,
        None,
        None,
        'articles.csv, line 3: duplicate article "a.txt" (also on line 2)',
    ),
    "duplicate id": (
        {"a.txt": GOOD, "a.text": GOOD.replace(b"Italy", b"Spain")},
        HEADER + ROW + "a.text,,Wire,2025-01-03,\n",
        None,
        None,
        'articles.csv, line 3: "a.text" has the same id "a" as "a.txt" on line 2',
    ),
    "metadata row for a missing file": (
        {"a.txt": GOOD},
        HEADER + ROW + "b.txt,,Wire,2025-01-02,\n",
        None,
        None,
        'line 3: metadata for a missing file: "b.txt"',
    ),
    "metadata with a path": (
        {"a.txt": GOOD},
        HEADER + "../a.txt,,Wire,2025-01-02,\n",
        None,
        None,
        'line 2: file "../a.txt" must be a plain file name',
    ),
    "metadata with a script address": (
        {"a.txt": GOOD},
        HEADER + "a.txt,,Wire,2025-01-02,javascript:alert(1)\n",
        None,
        None,
        'line 2: url "javascript:alert(1)" must start with https:// or http://',
    ),
    "metadata not UTF-8": (
        {"a.txt": GOOD},
        (HEADER + "a.txt,Caf\u00e9,Wire,2025-01-02,\n").encode("cp1252"),
        None,
        None,
        "articles.csv: the metadata file is not UTF-8",
    ),
    "codebook unknown actor type": (
        {"a.txt": GOOD},
        HEADER + ROW,
        CODEBOOK.replace("{name: Poland, type: country,", "{name: Poland, type: nation,"),
        None,
        "codebook.yaml: actors[",
    ),
    "codebook not YAML": ({"a.txt": GOOD}, HEADER + ROW, CODEBOOK + "\n  - {broken: [\n", None, "codebook.yaml, line"),
    "reviews unknown stance": (
        {"a.txt": GOOD},
        HEADER + ROW,
        None,
        "claim_id,action,actor,topic,stance,note\nabc,correct,,,maybe,\n",
        'reviews.csv, line 2: unknown stance "maybe"',
    ),
    "reviews unknown actor": (
        {"a.txt": GOOD},
        HEADER + ROW,
        None,
        "claim_id,action,actor,topic,stance,note\nabc,correct,Nobody Known,,,\n",
        'reviews.csv, line 2: unknown actor "Nobody Known"',
    ),
}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """seeds/, data/ (holding the previous tables), codebook and reviews paths, set as a user would."""
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    seeds.mkdir()
    data.mkdir()
    previous = {f"{name}.csv": f"previous {name}\n".encode() for name in TABLES}
    for name, body in previous.items():
        (data / name).write_bytes(body)
    monkeypatch.setenv("DASHBOARD_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.setenv("DASHBOARD_REVIEWS", str(tmp_path / "reviews.csv"))
    monkeypatch.setenv("DASHBOARD_CODEBOOK", str(config.codebook_path()))
    return tmp_path, previous


@pytest.mark.parametrize("case", list(CORPUS))
def test_bad_input001_each_broken_file_is_named_and_data_survives(workspace, capsys, monkeypatch, case):
    root, previous = workspace
    files, metadata, codebook, reviews, message = CORPUS[case]
    for name, body in files.items():
        (root / "seeds" / name).write_bytes(body)
    meta = metadata if isinstance(metadata, bytes) else metadata.encode("utf-8")
    (root / "seeds" / "articles.csv").write_bytes(meta)
    if codebook is not None:
        (root / "codebook.yaml").write_text(codebook, encoding="utf-8")
        monkeypatch.setenv("DASHBOARD_CODEBOOK", str(root / "codebook.yaml"))
    if reviews is not None:
        (root / "reviews.csv").write_text(reviews, encoding="utf-8")

    assert main(["build"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {root}") and message in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in (root / "data").iterdir()} == previous


def test_bad_input002_windows_line_ends_build_with_verbatim_quotes(workspace, capsys):
    root, _ = workspace
    seed = sorted((ROOT / "seeds").glob("*.txt"))[1]
    crlf = seed.read_bytes().replace(b"\n", b"\r\n")
    (root / "seeds" / "a.txt").write_bytes(crlf)
    (root / "seeds" / "articles.csv").write_text(HEADER + "a.txt,,UNN,2025-06-04,\n", encoding="utf-8")
    assert main(["build"]) == 0, capsys.readouterr().err
    import pandas as pd

    claims = pd.read_csv(root / "data" / "claims.csv", dtype=str, keep_default_na=False)
    text = crlf.decode("utf-8")
    assert len(claims) > 10
    for row in claims.itertuples():
        assert text[int(row.char_start) : int(row.char_end)] == row.quote
        assert "\r" not in row.quote
    lf = pd.read_csv(ROOT / "data" / "claims.csv", dtype=str, keep_default_na=False)
    lf = lf[lf.article_id == seed.stem]
    assert sorted(zip(claims.actor, claims.topic, claims.stance)) == sorted(zip(lf.actor, lf.topic, lf.stance))


def test_bad_input003_extract_refuses_a_page_source_line(tmp_path, capsys):
    page = tmp_path / "dump.txt"
    page.write_text("headline\n" + "x" * 150_000 + "\n", encoding="utf-8")
    assert main(["extract", str(page), "--published", "2025-06-04", "--publisher", "Wire"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {page}, line 2: line is 150,000 characters long, more than the 100,000 allowed "
        "(is this a data file or a page's source?); break it into paragraphs"
    )
