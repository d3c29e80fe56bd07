"""data/ -> validated in-memory tables: the only reader of data/ (and of article texts for the
provenance card). Loaded once per process; nothing here changes after loading."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import config
from .articles import read_article
from .derive import when
from .errors import InputError
from .schema import Articles, Claims, Contributions, Counts, Disagreements

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
)


@dataclass(frozen=True)
class Tables:
    """The dashboard's tables. ``claims`` carries a ``when`` column: the claim date as a day."""

    claims: pd.DataFrame
    contributions: pd.DataFrame
    counts: pd.DataFrame
    disagreements: pd.DataFrame
    articles: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    version: str = ""

    @property
    def latest(self) -> str:
        return str(self.articles[Articles.PUBLISHED].max()) if len(self.articles) else ""


def _read(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.exists():
        raise InputError(str(path), "table is missing: run `python -m dashboard build`")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(str(path), f"missing column(s) {', '.join(missing)}: rebuild with `python -m dashboard build`", 1)
    return df[list(columns)]


def prepare_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Typed claims: offsets as ints, labels as categories, ``when`` for date filtering and plotting."""
    out = claims.copy()
    out[Claims.CHAR_START] = pd.to_numeric(out[Claims.CHAR_START]).astype("int64")
    out[Claims.CHAR_END] = pd.to_numeric(out[Claims.CHAR_END]).astype("int64")
    for col in _CATEGORIES:
        out[col] = out[col].astype("category")
    out["when"] = when(out[Claims.CLAIM_DATE])
    return out


def load_tables(data_dir: Path | None = None, seeds_dir: Path | None = None) -> Tables:
    """Read and validate every table in ``data_dir`` (default: config.data_dir())."""
    data_dir = Path(data_dir or config.data_dir())
    seeds_dir = Path(seeds_dir or config.seeds_dir())
    claims = _read(data_dir / "claims.csv", Claims.COLUMNS)
    contributions = _read(data_dir / "contributions.csv", Contributions.COLUMNS)
    counts = _read(data_dir / "coalition_counts.csv", Counts.COLUMNS)
    counts[Counts.LOW] = pd.to_numeric(counts[Counts.LOW]).astype("Int64")
    counts[Counts.HIGH] = pd.to_numeric(counts[Counts.HIGH].replace("", None)).astype("Int64")
    disagreements = _read(data_dir / "disagreements.csv", Disagreements.COLUMNS)
    disagreements[Disagreements.DAYS_APART] = pd.to_numeric(disagreements[Disagreements.DAYS_APART]).astype("int64")
    articles = _read(data_dir / "articles.csv", Articles.COLUMNS)
    texts = {}
    for row in articles.itertuples(index=False):
        path = seeds_dir / row.file
        if path.exists():
            texts[row.article_id] = read_article(path)
    version = hashlib.sha256((data_dir / "claims.csv").read_bytes()).hexdigest()[:8]
    return Tables(prepare_claims(claims), contributions, counts, disagreements, articles, texts, version)


def paragraph_of(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quote, after): the paragraph (text between blank-line or line breaks) holding
    ``text[start:end]``, cut around the quote so the card can highlight it."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return text[para_start:start], text[start:end], text[end:para_end]
