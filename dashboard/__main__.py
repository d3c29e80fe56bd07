"""Command line: ``python -m dashboard build|extract|add|serve|bench|load``. The only place that knows exit codes."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from . import config
from .errors import DashboardError


def _cmd_extract(args: argparse.Namespace) -> int:
    from .articles import parse_date, read_article
    from .codebook import load_codebook
    from .extract import extract_article
    from .schema import Claims

    text = read_article(Path(args.article))
    published = parse_date(args.published, "--published", None)
    result = extract_article(
        text,
        article_id=Path(args.article).stem,
        published=published,
        publisher=args.publisher,
        codebook=load_codebook(config.codebook_path()),
    )
    if args.format == "json":
        json.dump(
            {"claims": result.claims, "contributions": result.contributions, "coalition_counts": result.coalition_counts},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(Claims.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(result.claims)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    started = time.perf_counter()
    summary = build(config.seeds_dir(), config.data_dir(), config.codebook_path(), config.reviews_path())
    took = time.perf_counter() - started
    print(
        f"built {summary['articles']} articles: {summary['claims']} claims, {summary['contributions']} contributions, "
        f"{summary['coalition_counts']} reported totals, {summary['disagreements']} disagreements "
        f"({summary['reviewed']} reviewed, {summary['rejected']} rejected) in {took:.2f}s -> {config.data_dir()}"
    )
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    from .build import add_article

    name = add_article(
        Path(args.article),
        config.seeds_dir(),
        publisher=args.publisher,
        published=args.published,
        url=args.url or "",
        title=args.title or "",
    )
    print(f"added seeds/{name}")
    return _cmd_build(args)


def _cmd_train(args: argparse.Namespace) -> int:
    from .codebook import load_codebook
    from .extract.lexicon import load_lexicon
    from .train import train

    text, summary = train(
        Path(args.corpus),
        Path(args.articles),
        load_codebook(config.codebook_path()),
        load_lexicon(config.lexicon_path()),
        exclude=tuple(args.exclude),
    )
    out = Path(args.out)
    said = (
        f"{summary['sentences']} annotated sentences and {summary['articles']} annotated articles: "
        f"{summary['candidates']} (side, topic) candidates, {summary['claims']} of them claims"
        + (f"; left out: {', '.join(summary['excluded'])}" if summary["excluded"] else "")
    )
    if args.check:
        same = out.is_file() and out.read_text(encoding="utf-8") == text
        print(f"{out} {'is' if same else 'is NOT'} what training on {said} gives")
        return 0 if same else 1
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"trained on {said} -> {out}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .app import create_app
    from .store import settle

    app = create_app()
    settle()
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.render:
        r = bench.first_render()
        print(
            json.dumps(r)
            if args.json
            else f"first full render in headless Chromium: median {r['median_s']} s, slowest {r['max_s']} s of {r['loads']} cold loads"
        )
        return 0
    if args.build:
        b = bench.build_throughput(args.articles, passes=args.passes)
        print(json.dumps(b) if args.json else bench.build_line(b))
        return 0
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    results = bench.run(sizes, repeat=args.repeat, throughput_articles=args.articles, passes=args.passes)
    if args.json:
        for r in results:
            print(json.dumps(r))
    else:
        print(bench.table(results))
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from . import loadtest

    results = loadtest.run(clients=args.clients, seconds=args.seconds, synthetic=args.synthetic)
    if args.json:
        for r in results:
            print(json.dumps(r))
    else:
        print(loadtest.table(results))
    return 1 if any(r["errors"] for r in results) else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="print the claims of one article; changes nothing")
    e.add_argument("article")
    e.add_argument("--published", required=True, help="YYYY-MM-DD")
    e.add_argument("--publisher", required=True)
    e.add_argument("--format", choices=("json", "csv"), default="json")
    e.set_defaults(func=_cmd_extract)
    b = sub.add_parser("build", help="seeds/ -> data/ tables (atomic, deterministic)")
    b.set_defaults(func=_cmd_build)
    a = sub.add_parser("add", help="copy an article into seeds/, record its metadata and rebuild")
    a.add_argument("article")
    a.add_argument("--publisher", required=True)
    a.add_argument("--published", required=True, help="YYYY-MM-DD")
    a.add_argument("--url")
    a.add_argument("--title")
    a.set_defaults(func=_cmd_add)
    m = sub.add_parser("bench", help="measure load, memory, filter latency, response size, CSV and build speed")
    m.add_argument("--sizes", default="10000,100000", help="claims per synthetic corpus, comma-separated")
    m.add_argument("--repeat", type=int, default=20, help="runs of each interaction (median, 95th percentile, maximum)")
    m.add_argument("--articles", type=int, default=200, help="articles of each corpus for the build throughput")
    m.add_argument("--json", action="store_true", help="one JSON object per size")
    m.add_argument("--render", action="store_true", help="only the first full render of the page in headless Chromium")
    m.add_argument("--build", action="store_true", help="only the build throughput (extraction on every core)")
    m.add_argument("--passes", type=int, default=5, help="passes over each build corpus (the first is cold)")
    m.set_defaults(func=_cmd_bench)
    ld = sub.add_parser("load", help="start gunicorn as the Procfile does and drive it with concurrent clients on loopback")
    ld.add_argument("--clients", type=int, default=50)
    ld.add_argument("--seconds", type=float, default=60)
    ld.add_argument("--synthetic", type=int, default=100_000, help="claims in the synthetic run (0 to skip it)")
    ld.add_argument("--json", action="store_true", help="one JSON object per run")
    ld.set_defaults(func=_cmd_load)
    t = sub.add_parser(
        "train",
        help="fit the learned layer (data/model.json) from the annotated corpus and articles",
        description="Read every annotated sentence (data/corpus/*.jsonl) and annotated article (tests/fixtures/annotated/*/gold) "
        "as the extractor reads them, and fit the learned layer's weights on their (side, topic) candidates. "
        "The same inputs give the same file, byte for byte. Example: python -m dashboard train --exclude blind3",
    )
    t.add_argument("--corpus", default=str(config.ROOT / "data" / "corpus"), help="folder of annotated sentences (*.jsonl)")
    t.add_argument(
        "--articles", default=str(config.ROOT / "tests" / "fixtures" / "annotated"), help="folder of annotated article sets"
    )
    t.add_argument("--exclude", action="append", default=[], help="a set of annotated articles to leave out (repeatable)")
    t.add_argument("--out", default=str(config.ROOT / "data" / "model.json"), help="where to write the weights")
    t.add_argument("--check", action="store_true", help="write nothing; exit 1 unless --out is what training gives")
    t.set_defaults(func=_cmd_train)
    s = sub.add_parser("serve", help="run the dashboard locally on the tables in data/")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8050)
    s.set_defaults(func=_cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DashboardError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
