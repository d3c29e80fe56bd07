"""``python -m dashboard load``: the hosted service under load, as a script (not a unit test).

It starts gunicorn with the Procfile's own command (on a free loopback port), then drives it
with N concurrent clients for a fixed time, mixing page loads (the page, its layout and its
callback graph), filter changes (the callbacks one change fires, on the selections users make)
and CSV downloads. It does this on the data that ships and on a synthetic corpus of 100,000
claims, and prints requests per second, median and 95th percentile latency, and every error.
Traffic goes to 127.0.0.1 only; every loop is bounded in time and stops by itself.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from dashboard.measure.bench import PAGE_VALUES, callback_body, panel_callbacks, synthetic_frames, typical_queries
from dashboard.measure.served import Server, get
from dashboard.pipeline.build import write_tables
from dashboard.read.derive import disagreements
from dashboard.web import ids

MIX = (("page", 0.25), ("filter", 0.6), ("csv", 0.15))


def drive(port: int, queries: list[str], clients: int, seconds: float, seed: int = 1) -> dict:
    """``clients`` threads, each sending requests one after another until ``seconds`` have passed."""
    deps = json.loads(get(port, "/_dash-dependencies")[1])
    panel = panel_callbacks(deps)
    records: list[tuple[str, float, int, int]] = []  # (kind, seconds, status, requests)
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def one(kind: str, rng: random.Random) -> tuple[int, str, int]:
        """(status, what failed, requests sent) of one interaction."""
        query = rng.choice(queries)
        if kind == "page":
            for path in ("/" + query, "/_dash-layout", "/_dash-dependencies"):
                status, _ = get(port, path)
                if status != 200:
                    return status, path, 3
            return 200, "", 3
        if kind == "csv":
            status, _ = get(port, "/download/claims.csv" + query)
            return status, "/download/claims.csv" + query, 1
        values = {**PAGE_VALUES, f"{ids.FILTERS}.data": query, f"{ids.TIMELINE_BY}.value": rng.random() < 0.2}
        for dep in panel:
            status, _ = get(port, "/_dash-update-component", "POST", json.dumps(callback_body(dep, values)).encode())
            if status not in (200, 204):
                return status, dep["output"], len(panel)
        return 200, "", len(panel)

    def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        kinds, weights = zip(*MIX)
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            t = time.perf_counter()
            try:
                status, what, sent = one(kind, rng)
            except OSError as err:
                status, what, sent = 0, f"{type(err).__name__}: {err}", 1
            took = time.perf_counter() - t
            with lock:
                records.append((kind, took, status, sent))
                if status not in (200, 204):
                    errors.append(f"{kind} {status} {what}")

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 300)
    wall = time.monotonic() - started

    def stats(rows) -> dict:
        times = sorted(r[1] for r in rows)
        if not times:
            return {"n": 0}
        return {
            "n": len(times),
            "median_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1),
            "max_ms": round(1000 * times[-1], 1),
        }

    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "interactions": len(records),
        "interactions_per_second": round(len(records) / wall, 1),
        "requests_per_second": round(sum(r[3] for r in records) / wall, 1),
        "errors": len(errors),
        "error_samples": errors[:10],
        "all": stats(records),
        **{kind: stats([r for r in records if r[0] == kind]) for kind, _ in MIX},
    }


def run(clients: int = 50, seconds: float = 60, synthetic: int = 100_000) -> list[dict]:
    """Shipped data, then ``synthetic`` claims (0 to skip)."""
    results = []
    from dashboard.read.filters import Filters, allowed_values
    from dashboard.read.store import load_tables

    shipped = load_tables()
    allowed = allowed_values(shipped.claims)
    shipped_queries = [
        "",
        "?actor=United+States",
        "?topic=air_support",
        "?actor=United+States&topic=air_support",
        "?from=2025-06-01&to=2025-06-30",
        "?q=" + quote("air cover"),
    ]
    assert all(Filters.from_query(q, allowed)[1] == [] for q in shipped_queries)
    with Server(None) as server:
        results.append(
            {"data": f"shipped ({len(shipped.claims)} claims)", **drive(server.port, shipped_queries, clients, seconds)}
        )
    if synthetic:
        frames = synthetic_frames(synthetic)
        frames["disagreements"] = disagreements(frames["claims"])
        queries = list(typical_queries(frames["claims"]).values())
        with tempfile.TemporaryDirectory(prefix="load-") as tmp:
            write_tables(frames, Path(tmp))
            with Server(Path(tmp)) as server:
                results.append({"data": f"synthetic ({synthetic:,} claims)", **drive(server.port, queries, clients, seconds)})
    return results


def table(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"== {r['data']}: {r['clients']} clients for {r['seconds']} s: {r['interactions']:,} interactions, "
            f"{r['interactions_per_second']}/s ({r['requests_per_second']} HTTP requests/s), {r['errors']} errors"
        )
        lines.append(f"   {'interaction':11} {'count':>7} {'median ms':>10} {'p95 ms':>9} {'max ms':>9}")
        for kind in ["all", *(k for k, _ in MIX)]:
            s = r[kind]
            if s["n"]:
                lines.append(f"   {kind:11} {s['n']:>7} {s['median_ms']:>10} {s['p95_ms']:>9} {s['max_ms']:>9}")
        for e in r["error_samples"]:
            lines.append(f"   error: {e}")
    return "\n".join(lines)
