"""seeds/ -> data/: the only writer of the tables. Deterministic and atomic.

Load inputs (metadata, articles, codebook, reviews) / process (extract, review, derive) / save
(every table is written to a temporary folder first; only when all are written and checked do
they replace the previous ones, so a failed build leaves data/ as it was).
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from dashboard import config
from dashboard.errors import InputError
from dashboard.pipeline.articles import read_article, read_metadata, sha256
from dashboard.pipeline.codebook import Codebook, load_codebook
from dashboard.pipeline.extract import extract_article
from dashboard.pipeline.extract.learned import load_model
from dashboard.pipeline.extract.lexicon import Lexicon, load_lexicon
from dashboard.pipeline.reviews import ArticleText, apply_reviews, read_reviews
from dashboard.read.derive import disagreements
from dashboard.schema import Articles, Claims, Contributions, Counts

TABLES = ("articles", "claims", "contributions", "coalition_counts", "disagreements")
METADATA = "articles.csv"
PARALLEL_FROM = 24  # fewer articles are read in this process: starting workers would take longer


def workers() -> int:
    """Processes the build reads articles with: every core (``DASHBOARD_WORKERS`` overrides)."""
    return max(1, int(os.environ.get("DASHBOARD_WORKERS", "0")) or os.cpu_count() or 1)


_WORKER: dict = {}


def _start_worker(codebook_path: str) -> None:
    # one thread of linear algebra per process: the processes share the cores
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
    _WORKER["codebook"] = load_codebook(Path(codebook_path))
    _WORKER["lexicon"] = load_lexicon(config.lexicon_path())
    _WORKER["model"] = read_model()


def _extract_job(job: tuple[str, str, dt.date, str]):
    text, article_id, published, publisher = job
    w = _WORKER
    return extract_article(
        text,
        article_id=article_id,
        published=published,
        publisher=publisher,
        codebook=w["codebook"],
        lexicon=w["lexicon"],
        model=w["model"],
    )


def read_model():
    """The learned layer's weights (``config.model_path``), or None; a broken file is an error that names it."""
    path = config.model_path()
    if path is None:
        return None
    try:
        return load_model(path)
    except (ValueError, KeyError, TypeError) as err:
        raise InputError(str(path), f"not a model file ({err}); rebuild it with python -m dashboard train") from None


def extract_many(
    jobs: list[tuple[str, str, dt.date, str]],
    codebook: Codebook,
    codebook_path: Path | None = None,
    processes: int | None = None,
    lexicon: Lexicon | None = None,
    model=True,
    progress=None,
):
    """``extract_article`` on each (text, article_id, published, publisher), in order. With a codebook
    file and many articles, a pool of processes reads them (each loads the codebook, lexicon and
    model once, from the files the configuration names); the results are the same, in the same
    order, as reading them one by one. ``progress(iterable, total)`` wraps the results as they come
    (a progress bar)."""
    processes = workers() if processes is None else processes
    progress = progress or (lambda items, total: items)
    if codebook_path is None or processes < 2 or len(jobs) < PARALLEL_FROM:
        return list(
            progress(
                (
                    extract_article(
                        text, article_id=aid, published=pub, publisher=who, codebook=codebook, lexicon=lexicon, model=model
                    )
                    for text, aid, pub, who in jobs
                ),
                len(jobs),
            )
        )
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads inherited mid-flight
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=(str(codebook_path),)) as pool:
        chunks = max(1, min(32, len(jobs) // (processes * 8)))
        return list(progress(pool.map(_extract_job, jobs, chunksize=chunks), len(jobs)))


def build_tables(
    seeds: Path, codebook: Codebook, reviews_path: Path | None = None, codebook_path: Path | None = None, progress=None
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every table from the articles in ``seeds`` (no writing). Returns (tables, summary).
    ``codebook_path`` (the file ``codebook`` was read from) lets a large build use every core.
    The lexicon and the model are read from the files the configuration names (a broken one stops
    the build before anything is written)."""
    metas = read_metadata(seeds / METADATA, seeds)
    lexicon, model = load_lexicon(config.lexicon_path()), read_model()
    claims, contributions, counts, articles = [], [], [], []
    texts = [read_article(seeds / meta.file) for meta in metas]
    results = extract_many(
        [(text, m.article_id, m.published, m.publisher) for text, m in zip(texts, metas, strict=True)],
        codebook,
        codebook_path,
        lexicon=lexicon,
        model=model,
        progress=progress,
    )
    silent = [meta.file for meta, result in zip(metas, results, strict=True) if not result.claims]
    for meta, text, result in zip(metas, texts, results, strict=True):
        path = seeds / meta.file
        for row in result.claims + result.coalition_counts:
            if text[row["char_start"] : row["char_end"]] != row["quote"]:
                raise InputError(str(path), f"internal check failed: quote at {row['char_start']} is not verbatim")
        claims += result.claims
        contributions += result.contributions
        counts += result.coalition_counts
        title = meta.title or text.strip().splitlines()[0].strip()
        articles.append(
            {
                Articles.ARTICLE_ID: meta.article_id,
                Articles.FILE: meta.file,
                Articles.TITLE: title,
                Articles.PUBLISHER: meta.publisher,
                Articles.PUBLISHED: meta.published.isoformat(),
                Articles.URL: meta.url,
                Articles.CHARS: len(text),
                Articles.SHA256: sha256(text),
            }
        )

    claims_df = pd.DataFrame(claims, columns=list(Claims.COLUMNS))
    reviews = read_reviews(reviews_path, codebook) if reviews_path else []
    texts_by_id = {
        m.article_id: ArticleText(text, m.publisher, m.published.isoformat()) for m, text in zip(metas, texts, strict=True)
    }
    applied = apply_reviews(claims_df, reviews, codebook, texts_by_id)
    claims_df = applied.claims
    claims_df = claims_df.sort_values(
        [Claims.ARTICLE_ID, Claims.CHAR_START, Claims.ACTOR, Claims.TOPIC, Claims.STANCE]
    ).reset_index(drop=True)
    kept = set(claims_df[Claims.CLAIM_ID])
    contrib_df = pd.DataFrame(contributions, columns=list(Contributions.COLUMNS))
    contrib_df = contrib_df[contrib_df[Contributions.CLAIM_ID].isin(kept)].reset_index(drop=True)
    counts_df = pd.DataFrame(counts, columns=list(Counts.COLUMNS))
    counts_df[Counts.LOW] = counts_df[Counts.LOW].astype("Int64")
    counts_df[Counts.HIGH] = counts_df[Counts.HIGH].astype("Int64")
    tables = {
        "articles": pd.DataFrame(articles, columns=list(Articles.COLUMNS))
        .sort_values(Articles.ARTICLE_ID)
        .reset_index(drop=True),
        "claims": claims_df,
        "contributions": contrib_df,
        "coalition_counts": counts_df,
        "disagreements": disagreements(claims_df),
    }
    summary = {
        "articles": len(articles),
        "claims": len(claims_df),
        "contributions": len(contrib_df),
        "coalition_counts": len(counts_df),
        "disagreements": len(tables["disagreements"]),
        "reviewed": int((claims_df[Claims.METHOD] == "reviewed").sum()),
        "rejected": sum(1 for r in reviews if r.action == "reject" and r.line in applied.placed),
        "added": sum(1 for r in reviews if r.action == "add" and r.line in applied.placed),
        # reviews that found no claim, each named (line, action, claim, reading, quote) with the reason
        "orphan_reviews": [u.message() for u in applied.unplaced],
        "placed_reviews": applied.placed,  # reviews.csv line -> the claim id it decides
        "silent": silent,  # articles that gave no claim: worth a look
    }
    return tables, summary


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The byte-identical CSV form of a table (UTF-8, LF line ends, no index)."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def write_tables(tables: dict[str, pd.DataFrame], data_dir: Path) -> None:
    """Write every table next to ``data_dir`` first, then move them in; nothing changes on failure."""
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=data_dir))
    try:
        for name in TABLES:
            (staging / f"{name}.csv").write_bytes(to_csv_bytes(tables[name]))
        for name in TABLES:
            os.replace(staging / f"{name}.csv", data_dir / f"{name}.csv")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(seeds: Path, data_dir: Path, codebook_path: Path, reviews_path: Path | None, progress=None) -> dict:
    """``python -m dashboard build``: returns the summary it prints; ``progress`` as ``extract_many``'s."""
    codebook = load_codebook(codebook_path)
    tables, summary = build_tables(seeds, codebook, reviews_path, codebook_path, progress)
    write_tables(tables, data_dir)
    return summary
