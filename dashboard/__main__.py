"""Command line: ``python -m dashboard build|extract|add|review|serve|bench|load|train``. The only place that knows exit codes."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from dashboard import config
from dashboard.errors import DashboardError


def _cmd_extract(args: argparse.Namespace) -> int:
    from dashboard.pipeline.articles import parse_date, read_article
    from dashboard.pipeline.codebook import load_codebook
    from dashboard.pipeline.extract import extract_article
    from dashboard.schema import Claims

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
    from tqdm import tqdm

    from dashboard.pipeline.build import build

    def progress(items, total):
        return tqdm(items, total=total, desc="reading articles", unit="article", file=sys.stderr, disable=None, leave=False)

    started = time.perf_counter()
    summary = build(config.seeds_dir(), config.data_dir(), config.codebook_path(), config.reviews_path(), progress)
    took = time.perf_counter() - started
    print(
        f"built {summary['articles']} articles: {summary['claims']} claims, {summary['contributions']} contributions, "
        f"{summary['coalition_counts']} reported totals, {summary['disagreements']} disagreements "
        f"({summary['reviewed']} reviewed, {summary['rejected']} rejected) in {took:.2f}s -> {config.data_dir()}"
    )
    for orphan in summary["orphan_reviews"]:  # kept in reviews.csv, applied to nothing: say which and why
        print(f"warning: {config.reviews_path()}, {orphan}", file=sys.stderr)
    if summary["silent"]:  # worth a look: off-topic, or what the reading misses
        shown = ", ".join(summary["silent"][:10]) + (
            f" and {len(summary['silent']) - 10} more" if len(summary["silent"]) > 10 else ""
        )
        print(f"{len(summary['silent'])} article(s) gave no claim: {shown}", file=sys.stderr)
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    from dashboard.web.review_app import serve

    serve(host=args.host, port=args.port)
    return 0


def _progress(items):
    """A progress bar on stderr while a batch is read; tqdm draws it only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(items, desc="reading", unit="file", file=sys.stderr, disable=None, leave=False)


def _cmd_add(args: argparse.Namespace) -> int:
    from dashboard.pipeline.adding import add_articles, expand_sources

    sources = expand_sources(args.paths)
    report = add_articles(
        sources,
        config.seeds_dir(),
        publisher=args.publisher or "",
        published=args.published or "",
        url=args.url or "",
        title=args.title or "",
        keep_going=args.keep_going,
        progress=_progress if len(sources) > 1 else None,
    )
    for a in report.added:
        row = a.row
        title = f' "{row["title"]}"' if row["title"] else ""
        print(f"added seeds/{a.name}{title} ({row['publisher']}, {row['published']})" + (f" from {a.source}" if a.page else ""))
    for err in report.refused:
        print(f"refused: {err}", file=sys.stderr)
    if len(sources) > 1:
        print(f"added {len(report.added)} of {len(sources)} files, refused {len(report.refused)}")
    return _cmd_build(args) or (1 if report.refused else 0)


def _cmd_train(args: argparse.Namespace) -> int:
    from dashboard.pipeline.codebook import load_codebook
    from dashboard.pipeline.extract.lexicon import load_lexicon
    from dashboard.pipeline.train import train

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
    from dashboard.read.store import settle
    from dashboard.web.app import create_app

    app = create_app()
    settle()
    app.run(host=args.host, port=args.port, debug=False)
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from dashboard.measure import bench

    if args.render:
        r = bench.first_render()
        print(
            json.dumps(r)
            if args.json
            else f"first full render in headless Chromium: median {r['median_s']} s, slowest {r['max_s']} s of {r['loads']} cold loads"
        )
        return 0
    if args.build:
        # a pass starts its worker processes (about 2 s), as a build does once: 1,000 articles a pass
        # keep that to a few per cent, as in a real rebuild
        b = bench.build_throughput(args.articles or 1000, passes=args.passes or 3)
        print(json.dumps(b) if args.json else bench.build_line(b))
        return 0
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    if args.datasette:  # exit 0 without Datasette installed: the table says it was not compared
        compared = [bench.datasette_compare(n, repeat=args.repeat) for n in sizes]
        print("\n".join(json.dumps(r) for r in compared) if args.json else bench.datasette_table(compared))
        return 0
    results = bench.run(sizes, repeat=args.repeat, throughput_articles=args.articles or 200, passes=args.passes or 5)
    if args.json:
        for r in results:
            print(json.dumps(r))
    else:
        print(bench.table(results))
    return 0


def _cmd_load(args: argparse.Namespace) -> int:
    from dashboard.measure import loadtest

    results = loadtest.run(clients=args.clients, seconds=args.seconds, synthetic=args.synthetic)
    if args.json:
        for r in results:
            print(json.dumps(r))
    else:
        print(loadtest.table(results))
    return 1 if any(r["errors"] for r in results) else 0


def parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        formatter_class=raw,
        description="Security guarantees for Ukraine: read news articles into a claims table (who takes which\n"
        "position on what, when, according to whom) and serve the dashboard over it.",
        epilog="""\
the loop:
  python -m dashboard add ~/Downloads/page.html   # an article in; the tables are rebuilt
  python -m dashboard review                      # check and correct what was read (127.0.0.1:8051)
  python -m dashboard serve                       # the dashboard (127.0.0.1:8050)

Run it with the project's Python (.venv/bin/python -m dashboard ..., or after source .venv/bin/activate).
'python -m dashboard COMMAND --help' explains a command. Bad input stops with exit code 2 and a
message that names the file, the line and the problem; data/ is then left as it was.""",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    e = sub.add_parser(
        "extract",
        help="print the claims one article gives; changes nothing",
        formatter_class=raw,
        description="Read one article as the build would and print its claims, contributions and reported totals.\n"
        "Nothing is written. This is what ../shared/eval/score.py runs on each gold article.",
        epilog="example:\n  python -m dashboard extract seeds/004_03d7dc0ff398e5df.txt --published 2025-06-04 --publisher UNN --format csv",
    )
    e.add_argument("article", help="a UTF-8 text file: headline first, then paragraphs")
    e.add_argument("--published", required=True, metavar="YYYY-MM-DD", help="the article's publication date")
    e.add_argument("--publisher", required=True, help="who published it (the source of claims the text credits to no one)")
    e.add_argument(
        "--format", choices=("json", "csv"), default="json", help="json: all three tables; csv: the claims (default json)"
    )
    e.set_defaults(func=_cmd_extract)
    b = sub.add_parser(
        "build",
        help="read every article in seeds/ and write the tables in data/",
        formatter_class=raw,
        description="Read every article listed in seeds/articles.csv, apply the analysts' decisions in\n"
        "data/reviews.csv, and write data/{articles,claims,contributions,coalition_counts,disagreements}.csv.\n"
        "The same inputs give the same tables byte for byte, on one core or many; the tables are written\n"
        "all together or not at all. Prints what it built, the reviews it could not place and the articles\n"
        "that gave no claim. DASHBOARD_SEEDS_DIR, DASHBOARD_DATA_DIR and DASHBOARD_REVIEWS move the folders.",
        epilog="example:\n  python -m dashboard build",
    )
    b.set_defaults(func=_cmd_build)
    a = sub.add_parser(
        "add",
        help="add articles (saved web pages, text files, web addresses) to seeds/ and rebuild",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="""\
Add articles to seeds/, record them in seeds/articles.csv and rebuild the tables in data/.

Each PATH is a saved web page (.html, .htm), a plain-text file (UTF-8, .txt), a folder
(every .html, .htm and .txt file in it, in name order) or a web address (http:// or
https://, fetched once). From a page, the article's text is kept as seeds/NAME.txt (menus,
cookie banners, related links and footers are left out) and the page itself beside it as
seeds/NAME.html; its title, publication date, publisher (site name) and canonical address
are read from the page. A text file is copied unchanged and needs --publisher and
--published. A value given on the command line wins over what a page says, and applies
to every PATH.

An article already in seeds/ (the same file name, the same canonical address, or the same
text however it is spaced), or twice in one batch, is refused with the name of the one
already there. If any input is refused, nothing is added, and every problem is listed.""",
        epilog="""\
examples:
  python -m dashboard add ~/Downloads/norway-troops.html
  python -m dashboard add ~/Downloads/pages/ --keep-going
  python -m dashboard add reuters-0905.txt --publisher Reuters --published 2025-09-05 --url https://www.reuters.com/...
  python -m dashboard add https://www.example.com/world/norway-ready-to-send-troops-to-ukraine

exit codes: 0 all added; 1 --keep-going added some and refused others; 2 nothing added (the error says why)""",
    )
    a.add_argument("paths", nargs="+", metavar="PATH", help="a saved page, a text file, a folder of them, or a web address")
    a.add_argument("--publisher", help="who published it (default: the site name the page states; required for text files)")
    a.add_argument(
        "--published", metavar="YYYY-MM-DD", help="publication date (default: the date the page states; required for text files)"
    )
    a.add_argument("--url", help="the article's address (default: the page's canonical address); only with a single article")
    a.add_argument("--title", help="the article's title (default: the page's headline; for a text file, its first line)")
    a.add_argument(
        "--keep-going", action="store_true", help="add the inputs that pass and list the refused ones (exit code 1 if any)"
    )
    a.set_defaults(func=_cmd_add)
    m = sub.add_parser(
        "bench",
        help="measure load, memory, filter latency, response size, CSV and build speed",
        formatter_class=raw,
        description="Measure the dashboard on synthetic claims at each size: load time and memory, every typical\n"
        "interaction's latency (median, 95th percentile, maximum), response sizes, downloads, and the build's\n"
        "throughput. Prints figures; asserts nothing.",
        epilog="examples:\n  python -m dashboard bench --sizes 10000,100000,1000000\n  python -m dashboard bench --build"
        "\n  python -m dashboard bench --datasette --sizes 100000   # needs: .venv/bin/pip install datasette",
    )
    m.add_argument("--sizes", default="10000,100000", help="claims per synthetic corpus, comma-separated")
    m.add_argument("--repeat", type=int, default=20, help="runs of each interaction (median, 95th percentile, maximum)")
    m.add_argument(
        "--articles",
        type=int,
        default=None,
        help="articles of each corpus for the build throughput (1000 with --build, else 200)",
    )
    m.add_argument("--json", action="store_true", help="one JSON object per size")
    m.add_argument("--render", action="store_true", help="only the first full render of the page in headless Chromium")
    m.add_argument("--build", action="store_true", help="only the build throughput (extraction on every core)")
    m.add_argument(
        "--passes", type=int, default=None, help="passes over each build corpus, the first cold (3 with --build, else 5)"
    )
    m.add_argument(
        "--datasette",
        action="store_true",
        help="only the plain download links against Datasette on the same claims over HTTP (needs datasette installed)",
    )
    m.set_defaults(func=_cmd_bench)
    ld = sub.add_parser(
        "load",
        help="start gunicorn as the Procfile does and drive it with concurrent clients on loopback",
        description="Serve the app as the Procfile does and drive it with concurrent clients (page loads, filter "
        "changes, CSV downloads) on the shipped data and on a synthetic corpus; prints throughput, latencies and "
        "errors, and exits 1 if any request failed. Example: python -m dashboard load --clients 20 --seconds 30",
    )
    ld.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    ld.add_argument("--seconds", type=float, default=60, help="how long each run lasts (default 60)")
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
    s = sub.add_parser(
        "serve",
        help="run the dashboard locally on the tables in data/",
        description="Serve the dashboard on the tables in data/ (read once at start: restart after a build). For a "
        "hosted deployment use the Procfile's gunicorn command. Example: python -m dashboard serve --port 8050",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    s.set_defaults(func=_cmd_serve)
    r = sub.add_parser(
        "review",
        help="the analyst's review page: accept, reject, correct and add claims (writes data/reviews.csv, rebuilds)",
        description="Serve the review page on 127.0.0.1 (only: it writes data/reviews.csv and rebuilds data/). "
        "Each decision is saved at once and the tables rebuilt; restart a running `serve` to see them there. "
        "Example: python -m dashboard review --port 8051",
    )
    r.add_argument("--host", default="127.0.0.1", help="127.0.0.1 only; any other address is refused")
    r.add_argument("--port", type=int, default=8051, help="port (default 8051)")
    r.set_defaults(func=_cmd_review)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DashboardError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as err:  # a Python without the project's packages (outside .venv)
        print(
            f"error: {err.msg} in {sys.executable}: run the project's Python, .venv/bin/python -m dashboard "
            f"{args.command} (set it up with: python3 -m venv .venv && .venv/bin/pip install -e .)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
