"""``python -m dashboard bench``: size as a measured property.

For each size it generates a synthetic corpus of realistic shape (hundreds of actors, every topic
and stance, dozens of sources, several years, quotes of real length, repeated as real sentences
yield several claims), writes it as the build does, then in a fresh process (the way one gunicorn
worker starts) loads it through the same store and app, and drives the real Dash endpoint with
the callbacks a filter change fires. It also measures CSV production and build throughput on
synthetic articles of the seeds' size. Timings live here, not in tests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import config
from dashboard.pipeline.build import write_tables
from dashboard.pipeline.codebook import load_codebook
from dashboard.read.derive import disagreements
from dashboard.schema import STANCES, STATUSES, TOPICS, Articles, Claims, Contributions, Counts
from dashboard.web import ids
from dashboard.web.components import DEFAULT_SORT

WORDS = (
    "the united states said it would provide air support for a european led force in ukraine after a ceasefire "
    "while officials insisted that security guarantees were needed to deter russia from attacking again and "
    "london and paris have been trying to persuade washington to offer intelligence border surveillance and "
    "aircraft as part of the coalition of the willing which includes countries such as canada and japan"
).split()
TYPICAL = ("none", "one actor", "one topic", "actor and topic", "date window", "text search")


def synthetic_frames(n: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Raw tables of ``n`` claims with the shape of real ones."""
    rng = np.random.default_rng(seed)
    cb = load_codebook(config.codebook_path())
    known = list(cb.actors.values())
    countries = sorted({a.affiliation for a in known})
    names = [a.name for a in known] + [f"Official {i:03d}" for i in range(300 - len(known))]
    affiliation = {a.name: a.affiliation for a in known}
    kinds = {a.name: a.type for a in known}
    for i, name in enumerate(names[len(known) :]):
        affiliation[name], kinds[name] = countries[i % len(countries)], "person"
    sources = sorted(set(cb.outlets.values()))[:40]
    # a few actors say most things, as in the news
    weights = 1 / np.arange(1, len(names) + 1) ** 0.8
    actor = np.array(names)[rng.choice(len(names), n, p=weights / weights.sum())]
    n_articles = max(1, n // 20)
    article = rng.integers(0, n_articles, n)
    published = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 5 * 365, n_articles), unit="D")
    day = published[article] - pd.to_timedelta(rng.integers(0, 30, n), unit="D")
    claim_date = day.strftime("%Y-%m-%d").to_numpy().astype(object)
    monthly = rng.random(n) < 0.1
    claim_date[monthly] = day[monthly].strftime("%Y-%m")
    n_quotes = max(1, n // 2)
    lengths = rng.integers(18, 42, n_quotes)
    quotes = np.array([" ".join(rng.choice(WORDS, k)).capitalize() + "." for k in lengths], dtype=object)
    claims = pd.DataFrame(
        {
            Claims.CLAIM_ID: [f"{i:012x}" for i in range(n)],
            Claims.ARTICLE_ID: [f"art{a:07d}" for a in article],
            Claims.PUBLISHED: published[article].strftime("%Y-%m-%d"),
            Claims.CLAIM_DATE: claim_date,
            Claims.DATE_PRECISION: np.where(monthly, "month", "day"),
            Claims.PUBLISHER: np.array(sources)[article % len(sources)],
            Claims.SOURCE: np.array(sources)[rng.integers(0, len(sources), n)],
            Claims.ACTOR: actor,
            Claims.ACTOR_TYPE: [kinds[a] for a in actor],
            Claims.AFFILIATION: [affiliation[a] for a in actor],
            Claims.TOPIC: np.array(TOPICS)[rng.integers(0, len(TOPICS), n)],
            Claims.STANCE: np.array(STANCES)[rng.choice(len(STANCES), n, p=[0.35, 0.25, 0.1, 0.25, 0.05])],
            Claims.QUOTE: quotes[rng.integers(0, n_quotes, n)],
            Claims.CHAR_START: rng.integers(0, 3000, n),
            Claims.METHOD: "rule",
        }
    )
    claims[Claims.CHAR_END] = claims[Claims.CHAR_START] + claims[Claims.QUOTE].str.len()
    claims = claims[list(Claims.COLUMNS)]
    pick = rng.random(n) < 0.5
    contributions = pd.DataFrame(
        {
            Contributions.CONTRIBUTOR: claims[Claims.AFFILIATION][pick],
            Contributions.CAPABILITY: np.array(["troops", "aircraft", "naval", "air_defense", "intelligence", "logistics"])[
                rng.integers(0, 6, pick.sum())
            ],
            Contributions.STATUS: np.array(STATUSES)[rng.integers(0, len(STATUSES), pick.sum())],
            Contributions.ARTICLE_ID: claims[Claims.ARTICLE_ID][pick],
            Contributions.SOURCE: claims[Claims.SOURCE][pick],
            Contributions.CLAIM_DATE: claims[Claims.CLAIM_DATE][pick],
            Contributions.QUOTE: claims[Claims.QUOTE][pick],
            Contributions.CLAIM_ID: claims[Claims.CLAIM_ID][pick],
        }
    )
    k = max(1, n // 200)
    low = rng.integers(5, 40, k)
    counts = pd.DataFrame(
        {
            Counts.METRIC: np.array(["coalition_members", "countries_offering_forces", "countries_committed_troops"])[
                rng.integers(0, 3, k)
            ],
            Counts.LOW: low,
            Counts.HIGH: low + rng.integers(0, 5, k),
            Counts.AS_WRITTEN: [str(x) for x in low],
            Counts.ARTICLE_ID: claims[Claims.ARTICLE_ID][:k].to_numpy(),
            Counts.SOURCE: claims[Claims.SOURCE][:k].to_numpy(),
            Counts.CLAIM_DATE: claims[Claims.CLAIM_DATE][:k].to_numpy(),
            Counts.DATE_PRECISION: "day",
            Counts.QUOTE: claims[Claims.QUOTE][:k].to_numpy(),
            Counts.CHAR_START: 0,
            Counts.CHAR_END: 10,
        }
    )
    articles = pd.DataFrame(
        {
            Articles.ARTICLE_ID: [f"art{a:07d}" for a in range(n_articles)],
            Articles.FILE: [f"art{a:07d}.txt" for a in range(n_articles)],
            Articles.TITLE: "synthetic",
            Articles.PUBLISHER: np.array(sources)[np.arange(n_articles) % len(sources)],
            Articles.PUBLISHED: published.strftime("%Y-%m-%d"),
            Articles.URL: "",
            Articles.CHARS: 3000,
            Articles.SHA256: "",
        }
    )
    return {"claims": claims, "contributions": contributions, "coalition_counts": counts, "articles": articles}


def typical_queries(claims: pd.DataFrame) -> dict[str, str]:
    """The selections a user makes, chosen from the data: a mid-ranked actor, a topic, three months, a word."""
    counts = claims[Claims.ACTOR].value_counts()
    actor = counts.index[min(10, len(counts) - 1)]
    topic = "air_support"
    end = pd.Timestamp(str(claims[Claims.CLAIM_DATE].max())[:7] + "-01")
    start = end - pd.DateOffset(months=3)
    from urllib.parse import urlencode

    return {
        "none": "",
        "one actor": "?" + urlencode({"actor": actor}),
        "one topic": "?" + urlencode({"topic": topic}),
        "actor and topic": "?" + urlencode({"actor": actor, "topic": topic}),
        "date window": "?" + urlencode({"from": start.date().isoformat(), "to": end.date().isoformat()}),
        "text search": "?q=border+surveillance",
    }


def callback_body(dep: dict, values: dict) -> dict:
    """The body the page posts to /_dash-update-component for callback ``dep`` (an entry of
    /_dash-dependencies), with ``values`` by "id.property". Used by the benchmark and the load test."""
    outputs = dep["output"]
    outs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs.strip(".").split("...")]
    first = dep["inputs"][0]
    return {
        "output": outputs,
        "outputs": outs if len(outs) > 1 else outs[0],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
        "changedPropIds": [f"{first['id']}.{first['property']}"],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dep.get("state", [])],
    }


def panel_callbacks(deps: list[dict]) -> list[dict]:
    """The server callbacks a filter change fires (panels and the table's first page), from /_dash-dependencies."""
    return [d for d in deps if any(i["id"] == ids.FILTERS for i in d["inputs"]) and not d.get("clientside_function")]


# the values of the other inputs of those callbacks, as the page holds them
PAGE_VALUES = {f"{ids.TIMELINE_BY}.value": False, f"{ids.TABLE_SORT}.value": DEFAULT_SORT, f"{ids.TABLE_PAGER}.active_page": 1}


def synthetic_article(rng: np.random.Generator, names: list[str]) -> str:
    """An article of about the seeds' size (3,000 characters) in their sentence patterns."""
    templates = [
        "{a} said it would provide air support for a European-led force in Ukraine after a ceasefire.",
        "While {a} does not plan to deploy ground troops, it is open to providing intelligence.",
        "{a} and {b} have been trying to persuade {c} to offer air power, as well as border surveillance.",
        "{a} insisted that security guarantees were needed to deter Russia, Bloomberg reported in April.",
        "{a} has ruled out sending troops to Ukraine, according to officials.",
        "Of the 30 members of the coalition, fifteen have offered their forces, including aircraft.",
        "{a} said the offer is contingent upon European countries committing tens of thousands of troops.",
        "The talks were held in {b} on Tuesday and are expected to continue next week.",
    ]
    out = [f"{rng.choice(names)} backs security guarantees for Ukraine", ""]
    while sum(len(s) for s in out) < 3000:
        t = templates[int(rng.integers(0, len(templates)))]
        a, b, c = rng.choice(names, 3)
        out.append(t.format(a=a, b=b, c=c))
    return "\n\n".join(out)


def build_throughput(articles: int = 200, seed: int = 3, passes: int = 5, processes: int | None = None) -> dict:
    """Articles per second through the build's extraction (``build.extract_many``: every core, or
    ``processes``), on two corpora of the seeds' size: the shipped seed articles, each read anew
    (decoded from bytes, so no text is shared between articles), and synthetic articles in the seeds'
    sentence patterns where every sentence carries claims (the dense case). ``ten_thousand_seconds``
    is what rebuilding 10,000 articles of the seeds' size takes at the best pass's rate.

    Each corpus is read ``passes`` times, the first cold (it starts the worker processes too); the
    best and the median pass are given. This machine's speed moves by a fifth or more from one pass
    to the next (wall and CPU time agree, so it is the processor's pace, not waiting)."""
    from dashboard.pipeline.build import extract_many, workers

    cb = load_codebook(config.codebook_path())
    procs = workers() if processes is None else processes
    rng = np.random.default_rng(seed)
    names = [a.name for a in cb.actors.values() if a.type in ("country", "person")]
    synthetic = [synthetic_article(rng, names).encode("utf-8") for _ in range(articles)]
    shipped = sorted(config.seeds_dir().glob("*.txt"))
    seeds = [shipped[i % len(shipped)].read_bytes() for i in range(articles)]

    def measure(corpus: list[bytes]) -> dict:
        rates = []
        for _ in range(passes):
            started = time.perf_counter()
            jobs = [(raw.decode("utf-8"), f"a{i}", dt.date(2025, 6, 4), "Bench") for i, raw in enumerate(corpus)]
            found = extract_many(jobs, cb, config.codebook_path(), procs)
            claims = sum(len(f.claims) for f in found)
            rates.append(len(corpus) / (time.perf_counter() - started))
        return {
            "articles": len(corpus),
            "claims": claims,
            "passes": [round(r, 1) for r in rates],
            "articles_per_second": round(max(rates), 1),
            "articles_per_second_median": round(statistics.median(rates), 1),
            "ten_thousand_seconds": round(10_000 / max(rates)),
        }

    return {"processes": procs, "seeds": measure(seeds), "synthetic": measure(synthetic)}


def p95_ms(seconds: list[float]) -> float:
    """The 95th percentile in milliseconds, interpolated between the two nearest runs (numpy's default,
    as a spreadsheet's PERCENTILE): of 20 runs, 0.95 of the 19th and 0.05 of the 20th. Picking the run at
    ``int(0.95 * n)`` instead gives the slowest of up to 20 runs, which is the maximum, not a percentile;
    the maximum is reported beside it."""
    return round(1000 * float(np.percentile(seconds, 95)), 1)


def peak_rss() -> int:
    """This process's highest resident size so far, in bytes (Linux's VmHWM, which starts afresh at
    exec; ``ru_maxrss`` would carry the parent's peak into a child), else the resident size now."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import psutil

    return psutil.Process().memory_info().rss


def _worker(data_dir: str, repeat: int) -> dict:
    """In a fresh process: load through the store and app, then time the real endpoints."""
    import psutil

    from dashboard.read.store import load_tables, release_memory, settle
    from dashboard.web.app import create_app

    proc = psutil.Process()
    rss0 = proc.memory_info().rss
    t0 = time.perf_counter()
    tables = load_tables(Path(data_dir), Path(data_dir))
    load_s = time.perf_counter() - t0
    app = create_app(tables)
    rss = proc.memory_info().rss
    peak = peak_rss()
    client = app.server.test_client()
    client.get("/")
    settle()  # as wsgi.py does once the app is built
    panel = panel_callbacks(client.get("/_dash-dependencies").get_json())
    queries = typical_queries(tables.claims.astype({Claims.ACTOR: str}))
    result = {
        "load_seconds": round(load_s, 3),
        "rss_mb": round(rss / 2**20, 1),
        "rss_before_load_mb": round(rss0 / 2**20, 1),
        "rss_peak_while_loading_mb": round(peak / 2**20, 1),
        "claims": len(tables.claims),
        "interactions": {},
    }

    def request(dep: dict, values: dict) -> tuple[float, int, int]:
        t = time.perf_counter()
        resp = client.post("/_dash-update-component", json=callback_body(dep, values))
        took = time.perf_counter() - t
        assert resp.status_code == 200, resp.data[:300]
        return took, len(resp.data), len(gzip.compress(resp.data, 6))

    for name, query in queries.items():
        totals, slowest, sizes, gz = [], [], [], []
        for _ in range(repeat):
            app.views.forget()
            values = {**PAGE_VALUES, f"{ids.FILTERS}.data": query}
            runs = [request(d, values) for d in panel]
            totals.append(sum(r[0] for r in runs))
            slowest.append(max(r[0] for r in runs))
            sizes.append(max(r[1] for r in runs))
            gz.append(max(r[2] for r in runs))
        result["interactions"][name] = {
            "query": query,
            "total_ms_median": round(1000 * statistics.median(totals), 1),
            "total_ms_p95": p95_ms(totals),
            "total_ms_max": round(1000 * max(totals), 1),
            "slowest_callback_ms_p95": p95_ms(slowest),
            "slowest_callback_ms_max": round(1000 * max(slowest), 1),
            "largest_response_kb": round(max(sizes) / 1024, 1),
            "largest_response_gzip_kb": round(max(gz) / 1024, 1),
        }
    release_memory()
    result["rss_after_mb"] = round(proc.memory_info().rss / 2**20, 1)
    for name, query in (("csv_typical", queries["actor and topic"]), ("csv_all", "")):
        t = time.perf_counter()
        resp = client.get("/download/claims.csv" + query, buffered=False)
        size = sum(len(chunk) for chunk in resp.response)  # streamed, as a browser receives it
        resp.close()
        result[name] = {"seconds": round(time.perf_counter() - t, 3), "mb": round(size / 2**20, 1)}
    release_memory()
    result["rss_after_csv_mb"] = round(proc.memory_info().rss / 2**20, 1)
    return result


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def first_render(loads: int = 9, chromium: str = "/usr/bin/chromium") -> dict:
    """Seconds from navigation to a complete page (timeline points, disagreement cards, contributions
    and the table's first rows all drawn) in headless Chromium, against gunicorn started from the
    Procfile on loopback with the shipped data. Each load uses a fresh browser context (cold cache)."""
    from playwright.sync_api import sync_playwright

    from dashboard.measure.served import Server

    times = []
    with Server(None) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.port}/")
            page.wait_for_selector("#timeline-graph .scatterlayer .point")
            page.wait_for_selector(".disagreement-card")
            page.wait_for_selector("#contributions-graph .scatterlayer .point")
            page.wait_for_selector("#claims-table tbody tr")
            times.append(time.perf_counter() - started)
            context.close()
        browser.close()
    times.sort()
    return {"loads": loads, "median_s": round(statistics.median(times), 2), "max_s": round(times[-1], 2)}


def run(sizes: list[int], repeat: int = 20, throughput_articles: int = 200, passes: int = 5) -> list[dict]:
    """Measure every size; returns one object per size."""
    results = []
    throughput = build_throughput(throughput_articles, passes=passes)
    for n in sizes:
        frames = synthetic_frames(n)
        t = time.perf_counter()
        frames["disagreements"] = disagreements(frames["claims"])
        derive_s = time.perf_counter() - t
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            write_tables(frames, Path(tmp))
            done = subprocess.run(
                [sys.executable, "-m", "dashboard.measure.bench", tmp, str(repeat)],
                capture_output=True,
                text=True,
                env={**os.environ, "DASHBOARD_DATA_DIR": tmp},
            )
            if done.returncode != 0:
                raise RuntimeError(f"bench worker failed for {n:,} claims:\n{done.stderr[-3000:]}")
            worker = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(
            {
                "size": n,
                "derive_disagreements_seconds": round(derive_s, 2),
                "disagreements": len(frames["disagreements"]),
                **worker,
                "build": throughput,
            }
        )
    return results


def build_line(b: dict) -> str:
    """The build throughput, as ``table`` prints it."""
    seeds, synthetic = b["seeds"], b["synthetic"]
    return (
        f"== build with {b['processes']} processes, best (median) of {len(seeds['passes'])} passes: "
        f"{seeds['articles_per_second']} ({seeds['articles_per_second_median']}) articles/s on the seed articles "
        f"({seeds['articles']} read anew, {seeds['claims']} claims): 10,000 of them in {seeds['ten_thousand_seconds']} s; "
        f"{synthetic['articles_per_second']} ({synthetic['articles_per_second_median']}) articles/s on dense synthetic ones "
        f"({synthetic['articles']}, {synthetic['claims']} claims)"
    )


def table(results: list[dict]) -> str:
    """The measurements as a plain-text table."""
    lines = []
    for r in results:
        lines.append(
            f"== {r['size']:,} claims: load {r['load_seconds']} s, one worker {r['rss_mb']} MB resident "
            f"({r['rss_peak_while_loading_mb']} MB at the peak while loading, {r['rss_after_mb']} MB after the runs, "
            f"{r['rss_after_csv_mb']} MB after the CSVs); disagreements derived in {r['derive_disagreements_seconds']} s "
            f"({r['disagreements']:,} rows)"
        )
        lines.append(
            f"   {'interaction':16} {'total ms p50':>12} {'total ms p95':>12} {'total ms max':>12} "
            f"{'slowest cb p95':>15} {'slowest cb max':>15} {'largest KB':>11} {'gzip KB':>8}"
        )
        for name, m in r["interactions"].items():
            lines.append(
                f"   {name:16} {m['total_ms_median']:>12} {m['total_ms_p95']:>12} {m['total_ms_max']:>12} "
                f"{m['slowest_callback_ms_p95']:>15} {m['slowest_callback_ms_max']:>15} "
                f"{m['largest_response_kb']:>11} {m['largest_response_gzip_kb']:>8}"
            )
        lines.append(
            f"   CSV of a typical selection: {r['csv_typical']['seconds']} s ({r['csv_typical']['mb']} MB); "
            f"of everything: {r['csv_all']['seconds']} s ({r['csv_all']['mb']} MB)"
        )
    b = results[0]["build"] if results else build_throughput()
    lines.append(build_line(b))
    return "\n".join(lines)


# ---- against Datasette ------------------------------------------------------------------------------
# ``python -m dashboard bench --datasette``: the plain download links against Datasette serving the
# same claims from SQLite, both over real HTTP on loopback. Datasette is installed for the measurement
# only (``.venv/bin/pip install datasette``); it is no dependency of the project.

DATASETTE_CASES = (
    # (name, our path, Datasette's path, format), the selection filled in from the data. Datasette is asked
    # for the same rows the cheapest way it offers them: in one page (``_size=max``) when they fit in its
    # largest page, else streamed (``_stream=on``, page after page); in its own order (the primary key: it
    # sorts nothing, where ours puts the newest claim first); the JSON with its count, as ours has one,
    # but without the suggested facets ours has no equivalent of (``_nofacet=1``).
    ("one-actor CSV", "/download/claims.csv?actor={actor}", "/bench/claims.csv?actor={actor}&_size=max", "csv"),
    (
        "one-actor JSON",
        "/api/claims.json?actor={actor}",
        "/bench/claims.json?actor={actor}&_size=max&_shape=objects&_nofacet=1",
        "json",
    ),
    ("one-topic CSV", "/download/claims.csv?topic={topic}", "/bench/claims.csv?topic={topic}&_stream=on", "csv"),
)
INDEXED = (Claims.ACTOR, Claims.AFFILIATION, Claims.TOPIC, Claims.SOURCE, Claims.STANCE, Claims.CLAIM_DATE)


def datasette_version() -> str | None:
    """The installed Datasette's version, or None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("datasette")
    except PackageNotFoundError:
        return None


def write_sqlite(claims: pd.DataFrame, articles: pd.DataFrame, path: Path, base: str) -> None:
    """The claims as one SQLite table with the columns of our claims CSV (the article's title and address
    and the claim's page, ``base`` + /claim/<id>, stored in each row, as one would publish them), the claim
    id as its primary key and an index on each filtered column and on the date, analysed, as a Datasette
    user would make it with sqlite-utils (``insert --pk``, ``create-index``, ``analyze``)."""
    import sqlite3

    from dashboard.read.exports import ARTICLE_TITLE, ARTICLE_URL, CLAIM_URL

    by_id = articles.set_index(Articles.ARTICLE_ID)
    table = claims[list(Claims.COLUMNS)].astype({Claims.CHAR_START: "int64", Claims.CHAR_END: "int64"})
    table = table.assign(
        **{
            ARTICLE_TITLE: claims[Claims.ARTICLE_ID].map(by_id[Articles.TITLE]).fillna("").to_numpy(),
            ARTICLE_URL: claims[Claims.ARTICLE_ID].map(by_id[Articles.URL]).fillna("").to_numpy(),
            CLAIM_URL: (base.rstrip("/") + "/claim/" + claims[Claims.CLAIM_ID]).to_numpy(),
        }
    )
    columns = list(table.columns)
    kinds = {Claims.CHAR_START: "INTEGER", Claims.CHAR_END: "INTEGER"}
    con = sqlite3.connect(path)
    try:
        con.execute(
            "CREATE TABLE claims ("
            + ", ".join(f"[{c}] {kinds.get(c, 'TEXT')}" + (" PRIMARY KEY" if c == Claims.CLAIM_ID else "") for c in columns)
            + ")"
        )
        rows = (tuple(int(v) if isinstance(v, np.integer) else v for v in r) for r in table.itertuples(index=False, name=None))
        con.executemany(f"INSERT INTO claims VALUES ({', '.join('?' * len(columns))})", rows)
        for c in INDEXED:
            con.execute(f"CREATE INDEX idx_claims_{c} ON claims ([{c}])")
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


def datasette_server(db: Path, max_returned_rows: int, ready_seconds: float = 60):
    """``datasette serve DB --immutable`` (its uvicorn) on a free loopback port, stopped on exit."""
    from dashboard.measure.served import HOST, Served, free_port

    port = free_port()
    cmd = [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--host", HOST, "--port", str(port)]
    cmd += ["--setting", "max_returned_rows", str(max_returned_rows)]
    return Served(cmd, "/-/versions.json", ready_seconds, port=port, name="datasette")


def fetch(port: int, path: str) -> tuple[float, bytes]:
    """(seconds, body) of one GET on a fresh connection, from connecting to the last byte, as a script
    downloading a link gets it (no compression asked for)."""
    import http.client

    from dashboard.measure.served import HOST

    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        took = time.perf_counter() - started
        if resp.status != 200:
            raise RuntimeError(f"GET {path} on port {port} answered {resp.status}: {body[:300]!r}")
        return took, body
    finally:
        conn.close()


def answer_rows(body: bytes, fmt: str) -> int:
    """The rows of a CSV (less its header) or a JSON answer (ours: "claims"; Datasette's: "rows")."""
    if fmt == "csv":
        import csv
        import io

        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
    data = json.loads(body)
    return len(data["claims"] if "claims" in data else data["rows"]) if isinstance(data, dict) else len(data)


def datasette_compare(n: int, repeat: int = 20, rounds: int = 3) -> dict:
    """Our plain download links against Datasette's on the same ``n`` synthetic claims, over HTTP on
    loopback: ours from gunicorn started as the Procfile does, Datasette's from its own server on a
    SQLite copy (``write_sqlite``). ``rounds`` rounds of ``repeat`` requests of each case, ours and
    Datasette's taking turns; each side's median per round is kept, and the row counts of both answers
    must agree. Without Datasette installed, says so (``{"skipped": ...}``)."""
    from urllib.parse import unquote_plus

    from dashboard.measure.served import Server

    version = datasette_version()
    if version is None:
        return {"size": n, "skipped": "datasette is not installed (for this measurement only: .venv/bin/pip install datasette)"}
    frames = synthetic_frames(n)
    frames["disagreements"] = disagreements(frames["claims"])
    claims = frames["claims"]
    queries = typical_queries(claims)
    actor = queries["one actor"].split("=", 1)[1]
    topic = queries["one topic"].split("=", 1)[1]
    actor_rows = int((claims[Claims.ACTOR] == unquote_plus(actor)).sum())
    max_rows = max(1000, actor_rows)  # Datasette's largest page (default 1,000): the one-actor JSON in one answer
    result = {"size": n, "datasette": version, "max_returned_rows": max_rows, "rounds": rounds, "repeat": repeat, "cases": {}}
    with tempfile.TemporaryDirectory(prefix="bench-datasette-") as tmp:
        data = Path(tmp) / "data"
        write_tables(frames, data)
        with Server(data) as ours:
            base = f"http://127.0.0.1:{ours.port}/"
            write_sqlite(claims, frames["articles"], Path(tmp) / "bench.db", base)
            with datasette_server(Path(tmp) / "bench.db", max_rows) as theirs:
                cases = [
                    (name, o.format(actor=actor, topic=topic), d.format(actor=actor, topic=topic), fmt)
                    for name, o, d, fmt in DATASETTE_CASES
                ]
                for name, o, d, fmt in cases:  # warm both, and check they answer with the same rows
                    for _ in range(3):
                        _, mine = fetch(ours.port, o)
                        _, other = fetch(theirs.port, d)
                    rows = (answer_rows(mine, fmt), answer_rows(other, fmt))
                    if rows[0] != rows[1]:
                        raise RuntimeError(f"{name}: ours has {rows[0]} rows, Datasette's {rows[1]}")
                    result["cases"][name] = {
                        "rows": rows[0],
                        "ours_path": o,
                        "datasette_path": d,
                        "ours_kb": round(len(mine) / 1024, 1),
                        "datasette_kb": round(len(other) / 1024, 1),
                        "ours_ms": [],
                        "datasette_ms": [],
                    }
                for _ in range(rounds):
                    for name, o, d, _fmt in cases:
                        mine, other = [], []
                        for _ in range(repeat):
                            mine.append(fetch(ours.port, o)[0])
                            other.append(fetch(theirs.port, d)[0])
                        result["cases"][name]["ours_ms"].append(round(1000 * statistics.median(mine), 2))
                        result["cases"][name]["datasette_ms"].append(round(1000 * statistics.median(other), 2))
    for c in result["cases"].values():
        c["ours_ms_median"] = round(statistics.median(c["ours_ms"]), 2)
        c["datasette_ms_median"] = round(statistics.median(c["datasette_ms"]), 2)
        c["ratio"] = round(c["ours_ms_median"] / c["datasette_ms_median"], 2)
    return result


def datasette_table(results: list[dict]) -> str:
    """``datasette_compare``'s results as a plain-text table: the median over all rounds, the range of
    the rounds' medians in brackets."""
    lines = []
    for r in results:
        if "skipped" in r:
            lines.append(f"== {r['size']:,} claims: not compared, {r['skipped']}")
            continue
        lines.append(
            f"== {r['size']:,} claims, ours (gunicorn as the Procfile starts it) against Datasette {r['datasette']} "
            f"(immutable SQLite, indexed, max_returned_rows {r['max_returned_rows']:,}) over HTTP on loopback: "
            f"{r['rounds']} rounds of {r['repeat']} requests, median ms [range of the rounds' medians]"
        )
        lines.append(
            f"   {'request':15} {'rows':>7} {'ours ms':>22} {'Datasette ms':>22} {'ours/Datasette':>15} {'ours KB':>9} {'theirs KB':>10}"
        )
        for name, c in r["cases"].items():
            ours = f"{c['ours_ms_median']} [{min(c['ours_ms'])}-{max(c['ours_ms'])}]"
            theirs = f"{c['datasette_ms_median']} [{min(c['datasette_ms'])}-{max(c['datasette_ms'])}]"
            lines.append(
                f"   {name:15} {c['rows']:>7,} {ours:>22} {theirs:>22} {c['ratio']:>15} {c['ours_kb']:>9} {c['datasette_kb']:>10}"
            )
    return "\n".join(lines)


if __name__ == "__main__":  # the worker: python -m dashboard.measure.bench DATA_DIR REPEAT
    print(json.dumps(_worker(sys.argv[1], int(sys.argv[2]))))
