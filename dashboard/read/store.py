"""data/ -> validated in-memory tables: the only reader of data/ (and of article texts for the
provenance card). Loaded once per process; nothing here changes after loading."""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import gc
import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard import config
from dashboard.errors import InputError
from dashboard.pipeline.articles import read_article
from dashboard.read.derive import when
from dashboard.schema import Articles, Claims, Contributions, Counts, Disagreements

_CATEGORIES = (
    Claims.ACTOR,
    Claims.ACTOR_TYPE,
    Claims.AFFILIATION,
    Claims.TOPIC,
    Claims.STANCE,
    Claims.SOURCE,
    Claims.PUBLISHER,
    Claims.ARTICLE_ID,
    Claims.METHOD,
    Claims.DATE_PRECISION,
    Claims.QUOTE,  # a sentence gives several claims: one string per sentence, not per row
)


class QuoteIndex:
    """Case-insensitive substring search over the claims' quotes.

    The distinct quotes are lower-cased and joined once; a search is ``str.find`` over that one
    string (C speed) rather than a regular expression per row, and recent searches are remembered.
    Used by ``Filters.select`` for the ``q`` parameter."""

    def __init__(self, quotes: pd.Series):
        if isinstance(quotes.dtype, pd.CategoricalDtype):  # distinct already: no text copied per row
            codes, uniques = quotes.cat.codes.to_numpy(), quotes.cat.categories.astype(str)
        else:
            codes, uniques = pd.factorize(quotes.astype(str), sort=False)
        lowered = [u.casefold().replace("\n", " ") for u in uniques]
        self.codes = codes
        self._text = "\n".join(lowered) + "\n"
        self._starts = np.cumsum([0] + [len(u) + 1 for u in lowered])
        self._matching = lru_cache(maxsize=64)(self._find)

    def _find(self, needle: str) -> np.ndarray:
        hit = np.zeros(len(self._starts) - 1, dtype=bool)
        if not needle:
            hit[:] = True
            return hit
        text, starts = self._text, self._starts
        pos = text.find(needle)
        while pos != -1:
            i = int(np.searchsorted(starts, pos, side="right")) - 1
            hit[i] = True
            pos = text.find(needle, int(starts[i + 1]))
        return hit

    def mask(self, q: str) -> np.ndarray:
        """Rows whose quote contains ``q`` (any case)."""
        needle = " ".join(q.casefold().split())
        return self._matching(needle)[self.codes] if len(self.codes) else np.zeros(0, dtype=bool)


@dataclass(frozen=True)
class Tables:
    """The dashboard's tables, typed and indexed once when loaded.

    ``claims`` carries ``when`` (the claim date as a day) and labels as categories;
    ``contribution_rows`` and ``disagreement_rows`` give, for each row of those tables, the
    position of its claim(s) in ``claims`` (-1 when absent), so a selection of claims selects
    them with array indexing."""

    claims: pd.DataFrame
    contributions: pd.DataFrame
    counts: pd.DataFrame
    disagreements: pd.DataFrame
    articles: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    version: str = ""
    quotes: QuoteIndex | None = field(default=None, repr=False)
    contribution_rows: np.ndarray | None = field(default=None, repr=False)
    disagreement_rows: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @cached_property
    def latest(self) -> str:
        """The newest article's publication day (kept: the tables never change after loading)."""
        return str(self.articles[Articles.PUBLISHED].max()) if len(self.articles) else ""

    @cached_property
    def citations(self) -> pd.DataFrame:
        """Each article's title and address as text, indexed by its id: what a claims download joins to
        each claim (``exports.with_citation``). Made on first use and kept."""
        by_id = self.articles.set_index(Articles.ARTICLE_ID)
        return pd.DataFrame({Articles.TITLE: by_id[Articles.TITLE].astype(str), Articles.URL: by_id[Articles.URL].astype(str)})


@dataclass(frozen=True)
class ClaimInContext:
    """One claim as a reader opens it: its row (text values), its article's title and address, and its
    sentence cut out of its paragraph (before, quote, after)."""

    row: dict
    title: str
    url: str
    before: str
    quote: str
    after: str


def claim_in_context(tables: Tables, claim_id: str) -> ClaimInContext | None:
    """``claim_id``'s claim in its paragraph, or None when the data has no such claim (the provenance
    card and the claim's page both show this)."""
    match = tables.claims[tables.claims[Claims.CLAIM_ID] == claim_id]
    if match.empty:
        return None
    # a dict, not a row Series: making a Series of mixed columns hashes every category of every label
    # column to find a common type (0.4 s the first time at a million claims)
    row = {k: "" if v is None else str(v) for k, v in match.iloc[:1].to_dict("records")[0].items()}
    aid = row[Claims.ARTICLE_ID]
    known = aid in tables.citations.index
    text = tables.texts.get(aid, "")
    start, end = int(row[Claims.CHAR_START]), int(row[Claims.CHAR_END])
    before, quote, after = paragraph_of(text, start, end) if text[start:end] == row[Claims.QUOTE] else ("", row[Claims.QUOTE], "")
    return ClaimInContext(
        row=row,
        title=tables.citations.at[aid, Articles.TITLE] if known else aid,
        url=tables.citations.at[aid, Articles.URL] if known else "",
        before=before,
        quote=quote,
        after=after,
    )


def _shared_quotes(claims: pd.DataFrame, rows: np.ndarray) -> pd.Categorical:
    """The quotes of the claims at ``rows`` as codes into the claims' own quote categories: a table
    that repeats claim quotes (contributions, both sides of a disagreement) then stores no text."""
    quote = claims[Claims.QUOTE].cat
    codes = np.where(rows >= 0, quote.codes.to_numpy()[np.clip(rows, 0, None)], -1)
    return pd.Categorical.from_codes(codes, categories=quote.categories)


def make_tables(claims, contributions, counts, disagreements, articles, texts=None, version="", written_quotes=None) -> Tables:
    """Typed, indexed ``Tables`` from raw frames (as read from data/, or made by the benchmark), or from
    claims and disagreements already typed by ``prepare_claims`` and ``prepare_disagreements``.

    A side's quotes are its claims' quotes, stored once. Disagreements may come without their quote
    columns; ``written_quotes(columns)`` then gives the written ones, asked only for a side with a claim
    that is not in ``claims``."""
    claims = prepare_claims(claims).reset_index(drop=True)
    positions = pd.Index(claims[Claims.CLAIM_ID].astype(str))
    counts = counts.copy()
    counts[Counts.LOW] = pd.to_numeric(counts[Counts.LOW]).astype("Int64")
    counts[Counts.HIGH] = pd.to_numeric(counts[Counts.HIGH].replace("", None)).astype("Int64")
    disagreements = prepare_disagreements(disagreements)
    rows = (
        positions.get_indexer(disagreements["claim_id_a"].astype(str)),
        positions.get_indexer(disagreements["claim_id_b"].astype(str)),
    )
    unshared = []
    for side, where in zip(("a", "b"), rows):
        column = f"quote_{side}"
        if (where >= 0).all():
            disagreements[column] = _shared_quotes(claims, where)
        elif column not in disagreements.columns:
            unshared.append(column)
    if unshared:
        written = written_quotes(unshared)
        for column in unshared:
            disagreements[column] = written[column].to_numpy()
    contributions = contributions.reset_index(drop=True).astype(
        {c: "category" for c in (Contributions.CONTRIBUTOR, Contributions.CAPABILITY, Contributions.STATUS, Contributions.SOURCE)}
    )
    contribution_rows = positions.get_indexer(contributions[Contributions.CLAIM_ID].astype(str))
    if (contribution_rows >= 0).all():
        contributions[Contributions.QUOTE] = _shared_quotes(claims, contribution_rows)
    return Tables(
        claims=claims,
        contributions=contributions,
        counts=counts.reset_index(drop=True),
        disagreements=disagreements,
        articles=articles,
        texts=texts or {},
        version=version,
        quotes=QuoteIndex(claims[Claims.QUOTE]),
        contribution_rows=contribution_rows,
        disagreement_rows=rows,
    )


def _read(path: Path, columns: tuple[str, ...], only: tuple[str, ...] = ()) -> pd.DataFrame:
    """The table at ``path``, which must have ``columns``; of them, only ``only`` are read when given."""
    if not path.exists():
        raise InputError(str(path), "table is missing: run `python -m dashboard build`")
    with path.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f), [])
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(str(path), f"missing column(s) {', '.join(missing)}: rebuild with `python -m dashboard build`", 1)
    wanted = list(only or columns)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow", usecols=wanted)
    return contiguous(df[wanted])


def contiguous(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each text column in one piece. pyarrow reads a CSV in blocks, and a text column keeps
    them (300 at a million claims): picking rows out of such a column then costs time in proportion to
    the blocks, not the rows (20 rows: 3.4 ms instead of 0.15 ms), in every callback that takes rows."""
    whole = {
        col: pd.array(pa.chunked_array(pa.array(values)).combine_chunks(), dtype=values.dtype)
        for col, values in df.items()
        if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
    }
    return df.assign(**whole)  # the other columns are not copied


def prepare_disagreements(disagreements: pd.DataFrame) -> pd.DataFrame:
    """Typed disagreements: days apart as ints, labels (kind, affiliation, topic, each side's actor,
    stance and source) as categories. Typing what is typed already changes nothing."""
    out = disagreements.reset_index(drop=True)
    out[Disagreements.DAYS_APART] = pd.to_numeric(out[Disagreements.DAYS_APART]).astype("int64")
    labels = [c for c in out.columns if c.split("_")[0] in ("kind", "affiliation", "topic", "actor", "stance", "source")]
    return out.astype({c: "category" for c in labels})


def prepare_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Typed claims: offsets as ints, labels as categories, ``when`` for date filtering and plotting.
    Claims that have ``when`` are typed already and come back as they are."""
    if "when" in claims.columns:
        return claims
    out = claims.copy()
    out[Claims.CHAR_START] = pd.to_numeric(out[Claims.CHAR_START]).astype("int64")
    out[Claims.CHAR_END] = pd.to_numeric(out[Claims.CHAR_END]).astype("int64")
    for col in _CATEGORIES:
        out[col] = out[col].astype("category")
    out["when"] = when(out[Claims.CLAIM_DATE])
    return out


def release_memory() -> None:
    """Give memory freed by pandas and pyarrow back to the system: reading a million rows peaks far
    above what the tables keep, and both allocators hold on to freed pages (1.6 GB -> 1.1 GB resident
    at a million claims). Costs under a millisecond; called after loading and after each request."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def settle() -> None:
    """Before serving: collect once, then put every object alive now (the tables, the app, the views
    computed at start) out of the cyclic collector's reach (``gc.freeze``). Otherwise each full collection
    walks them all again in the middle of some request. Only for a process that keeps its app for life
    (a gunicorn worker, ``serve``, the bench worker): frozen objects are never freed."""
    gc.collect()
    gc.freeze()


def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # glibc only
    except OSError:
        return None


_LIBC = _libc()


def load_tables(data_dir: Path | None = None, seeds_dir: Path | None = None) -> Tables:
    """Read and validate every table in ``data_dir`` (default: config.data_dir())."""
    data_dir = Path(data_dir or config.data_dir())
    seeds_dir = Path(seeds_dir or config.seeds_dir())
    articles = _read(data_dir / "articles.csv", Articles.COLUMNS)
    texts = {}
    for row in articles.itertuples(index=False):
        path = seeds_dir / row.file
        if path.exists():
            texts[row.article_id] = read_article(path)
    # each large table is typed as soon as it is read, and the text it no longer needs given back, so
    # the raw tables are never all in memory at once (a million claims: 2.3 GB at the peak otherwise)
    claims = prepare_claims(_read(data_dir / "claims.csv", Claims.COLUMNS))
    release_memory()
    # both sides' quotes are their claims' quotes (``make_tables`` shares them): read from the file only
    # for a side with a claim that is not in claims.csv
    path = data_dir / "disagreements.csv"
    disagreements = _read(path, Disagreements.COLUMNS, tuple(c for c in Disagreements.COLUMNS if not c.startswith("quote_")))
    disagreements = prepare_disagreements(disagreements)
    release_memory()
    with (data_dir / "claims.csv").open("rb") as f:
        version = hashlib.file_digest(f, "sha256").hexdigest()[:8]  # read in blocks, not held whole
    tables = make_tables(
        claims,
        _read(data_dir / "contributions.csv", Contributions.COLUMNS),
        _read(data_dir / "coalition_counts.csv", Counts.COLUMNS),
        disagreements,
        articles,
        texts,
        version,
        written_quotes=lambda columns: _read(path, Disagreements.COLUMNS, tuple(columns)),
    )
    release_memory()
    return tables


def paragraph_of(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quote, after): the paragraph (text between blank-line or line breaks) holding
    ``text[start:end]``, cut around the quote so the card can highlight it."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return text[para_start:start], text[start:end], text[end:para_end]
