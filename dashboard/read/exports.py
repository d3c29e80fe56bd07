"""What the downloads and the JSON API send: the filtered rows, safe for spreadsheets (pure).

Used by the download buttons (callbacks) and the plain links (/download/*.csv, /api/claims.json),
so a script and a click get the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import weakref

import numpy as np
import pandas as pd

from dashboard.read.filters import Filters
from dashboard.read.store import Tables
from dashboard.schema import Articles, Claims, Contributions, Disagreements

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# what makes a claim row citable on its own: the article it was read from and its page here
ARTICLE_TITLE, ARTICLE_URL, CLAIM_URL = "article_title", "article_url", "claim_url"
TABLE_COLUMNS = {
    "claims": (*Claims.COLUMNS, ARTICLE_TITLE, ARTICLE_URL, CLAIM_URL),
    "contributions": Contributions.COLUMNS,
    "disagreements": Disagreements.COLUMNS,
}


def claim_path(claim_id: str) -> str:
    """The claim's own page, relative to the site: /claim/<claim_id>."""
    return f"/claim/{claim_id}"


def newest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Claims in the order the claims table shows by default: newest claim date first; claims of one
    date in the reverse of their order in the table (as the table reverses a stable ascending sort)."""
    order = np.argsort(rows["when"].to_numpy(), kind="stable")[::-1]
    return rows.iloc[order]


def with_citation(claims: pd.DataFrame, articles: pd.DataFrame, base: str = "") -> pd.DataFrame:
    """``claims`` with the article's title and address and the claim's page (``base`` is the site's
    address, e.g. "https://example.org"; without it the page is a path)."""
    out = claims.copy()
    by_id = articles.set_index(Articles.ARTICLE_ID)
    ids = out[Claims.ARTICLE_ID].astype(str)
    out[ARTICLE_TITLE] = ids.map(by_id[Articles.TITLE].astype(str)).fillna("").to_numpy()
    out[ARTICLE_URL] = ids.map(by_id[Articles.URL].astype(str)).fillna("").to_numpy()
    out[CLAIM_URL] = (base.rstrip("/") + "/claim/" + out[Claims.CLAIM_ID].astype(str)).to_numpy()
    return out


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def selected(tables: Tables, filters: Filters, table: str) -> pd.DataFrame:
    """The rows of ``table`` that the selection keeps (``Filters.select``'s, for that one table only:
    a claims download computes no contributions or disagreements)."""
    rows = getattr(tables, table)
    if filters.is_empty():
        return rows
    keep = filters.mask(tables.claims, tables.quotes.mask if tables.quotes is not None else None)
    if table == "claims":
        return rows[keep]
    return rows[Filters.contribution_mask(tables, keep) if table == "contributions" else Filters.disagreement_mask(tables, keep)]


def filtered(tables: Tables, filters: Filters, table: str, base: str = "") -> pd.DataFrame:
    """The rows of ``table`` that the selection shows, with exactly the table's columns; claims in the
    table's order, each with its article and its page (``with_citation``)."""
    if table not in TABLE_COLUMNS:
        raise KeyError(table)
    rows = selected(tables, filters, table)
    if table == "claims":
        rows = with_citation(newest_first(rows), tables.articles, base)
    return rows[list(TABLE_COLUMNS[table])]


CHUNK_ROWS = 20_000


def neutralise_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """``neutralise`` on every text cell, column by column (vectorised)."""
    out = rows.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, (pd.CategoricalDtype, pd.StringDtype)):
            text = out[col].astype(str)
            risky = text.str.startswith(FORMULA_START)
            if risky.any():
                out[col] = text.where(~risky, "'" + text)
    return out


def csv_chunks(rows: pd.DataFrame, chunk_rows: int = CHUNK_ROWS):
    """The CSV in pieces (byte-order mark and header first), so a large download streams."""
    for start in range(0, max(len(rows), 1), chunk_rows):
        part = neutralise_frame(rows.iloc[start : start + chunk_rows])
        buf = io.StringIO()
        part.to_csv(buf, index=False, header=start == 0, lineterminator="\r\n")
        yield (b"\xef\xbb\xbf" if start == 0 else b"") + buf.getvalue().encode("utf-8")


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads it right), formula cells neutralised."""
    return b"".join(csv_chunks(rows))


def download(tables: Tables, filters: Filters, table: str, base: str = "") -> tuple[bytes, str]:
    """(body, file name) of a CSV download; the name says what was selected and how recent the data is."""
    chunks, name = download_stream(tables, filters, table, base)
    return b"".join(chunks), name


def download_stream(tables: Tables, filters: Filters, table: str, base: str = ""):
    """(chunks, file name): the same CSV as ``download``, produced piece by piece."""
    name = filters.filename(table, tables.latest)
    if table == "claims" and claim_kinds(tables) is not None:
        return claims_csv_chunks(tables, filters, base), name
    return csv_chunks(filtered(tables, filters, table, base)), name


def claims_json_chunks(tables: Tables, filters: Filters, notes: list[str], chunk_rows: int = CHUNK_ROWS, base: str = ""):
    """The /api/claims.json payload in pieces, so a large selection streams like the CSV: the same bytes
    as ``json.dumps`` of {"count", "filters", "description", "ignored", "claims": [...]}, made
    ``chunk_rows`` claims at a time (a million claims at once took 3.8 GB at its peak)."""
    fast = claim_kinds(tables) is not None
    rows = claim_order(tables, filters) if fast else filtered(tables, filters, "claims", base)
    head = {
        "count": len(rows),
        "filters": filters.to_query().lstrip("?"),
        "description": filters.describe(len(rows)),
        "ignored": notes,
    }
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "claims": [').encode("utf-8")
    for start in range(0, len(rows), chunk_rows):
        if fast:
            records = claims_json_records(tables, rows[start : start + chunk_rows], base)
        else:
            part = rows.iloc[start : start + chunk_rows]
            dicts = part.astype(object).where(part.notna(), None).to_dict(orient="records")
            for r in dicts:
                r[Claims.CHAR_START] = int(r[Claims.CHAR_START])
                r[Claims.CHAR_END] = int(r[Claims.CHAR_END])
            records = json.dumps(dicts, ensure_ascii=False)[1:-1]
        yield ((", " if start else "") + records).encode("utf-8")
    yield b"]}"


# ---- claims straight from the tables ------------------------------------------------------------------
# A claims download (CSV or JSON) without a frame built per request, which cost more than the rows on a
# small selection (a mask, then a frame for the selection, a sorted copy, a copy with the citations, a
# neutralised copy, each column converted again by to_csv): the claims' positions in the table, newest
# first, and each column's values at them taken from the table's own arrays (a label's text once per
# distinct label, the article's title and address from ``Tables.citations``), written by the csv module
# as ``DataFrame.to_csv`` writes them. The bytes are those of ``filtered`` with ``csv_chunks`` (or the
# JSON records of ``filtered``), pinned by tests/test_exports.py; claims this path does not read
# (a missing value, a column of another type) go the frame's way.

LABEL, TEXT, NUMBER = "label", "text", "number"


def _per_tables(make):
    """``make(tables)``, computed once per ``Tables`` object and kept while that object lives."""
    kept: dict[int, tuple[weakref.ref, object]] = {}

    def get(tables: Tables):
        key = id(tables)
        hit = kept.get(key)
        if hit is not None and hit[0]() is tables:
            return hit[1]
        value = make(tables)
        kept[key] = (weakref.ref(tables, lambda _ref: kept.pop(key, None)), value)
        return value

    return get


@_per_tables
def claim_kinds(tables: Tables) -> dict[str, tuple[str, bool]] | None:
    """How each claims column is read on the direct path, with whether any of its values would be
    neutralised in a CSV (kind: LABEL, categories of text; TEXT, text; NUMBER, integers), the article's
    title and address included; None when the claims are not all of those kinds, or miss a value, or
    have no ``when``: then downloads go through ``filtered``."""
    claims = tables.claims
    if "when" not in claims.columns or not (isinstance(claims["when"].dtype, np.dtype) and claims["when"].dtype.kind == "M"):
        return None
    kinds = {}
    for col in Claims.COLUMNS:
        if col not in claims.columns:
            return None
        values = claims[col]
        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype) and isinstance(dtype.categories.dtype, pd.StringDtype):
            if (values.array.codes < 0).any():
                return None
            kinds[col] = (LABEL, bool(dtype.categories.str.startswith(FORMULA_START).any()))
        elif isinstance(dtype, pd.StringDtype) and not values.isna().any():
            kinds[col] = (TEXT, bool(values.str.startswith(FORMULA_START).any()))
        elif isinstance(dtype, np.dtype) and dtype.kind in "iu":
            kinds[col] = (NUMBER, False)
        else:
            return None
    if kinds[Claims.ARTICLE_ID][0] != LABEL or kinds[Claims.CLAIM_ID][0] == NUMBER:
        return None
    for col in (Articles.TITLE, Articles.URL):
        kinds[col] = (TEXT, bool(tables.citations[col].str.startswith(FORMULA_START).any()))
    return kinds


def claim_order(tables: Tables, filters: Filters) -> np.ndarray:
    """The positions in ``tables.claims`` of the claims the selection keeps, in ``newest_first``'s order."""
    claims = tables.claims
    if filters.is_empty():
        positions = np.arange(len(claims))
    else:
        positions = np.flatnonzero(filters.mask(claims, tables.quotes.mask if tables.quotes is not None else None))
    return positions[np.argsort(claims["when"].to_numpy()[positions], kind="stable")[::-1]]


def _neutralised(texts) -> list[str]:
    return [("'" + t) if t.startswith(FORMULA_START) else t for t in texts]


# what ``json.dumps(..., ensure_ascii=False)`` writes a string as
_json_string = json.encoder.encode_basestring


def _cells(texts, how: str, risky: bool) -> list[str]:
    """``texts`` as cells: of the CSV (``how="csv"``: neutralised, when any of the column's could need
    it) or of the JSON (``how="json"``: each as a JSON string)."""
    if how == "json":
        return [_json_string(t) for t in texts]
    return _neutralised(texts) if risky else list(texts)


def _label_cells(values: pd.Series, at: np.ndarray, how: str, risky: bool) -> np.ndarray:
    """The labels of the claims at ``at`` as cells, each distinct label's made once."""
    cat = values.array
    codes = cat.codes[at]
    if len(cat.categories) <= len(at):  # few labels (actors, topics): all of them
        inverse, texts = codes, cat.categories.to_numpy(dtype=object)
    else:  # many (the quotes): only those of these claims
        uniq, inverse = np.unique(codes, return_inverse=True)
        texts = cat.categories.take(uniq).to_numpy(dtype=object)
    return np.array(_cells(texts, how, risky), dtype=object)[inverse]


def _texts(values: pd.Series, at: np.ndarray) -> np.ndarray:
    return np.asarray(values.array.take(at), dtype=object)


def claim_cells(tables: Tables, at: np.ndarray, base: str = "", how: str = "csv") -> list:
    """The cells of the claims at positions ``at``, column by column in ``TABLE_COLUMNS["claims"]``'s
    order: of the CSV (text with formula cells neutralised as ``neutralise_frame`` does, numbers as
    they are) or of the JSON (each value as ``json.dumps`` writes it)."""
    claims, kinds = tables.claims, claim_kinds(tables)
    out = []
    for col in Claims.COLUMNS:
        values, (kind, risky) = claims[col], kinds[col]
        if kind == LABEL:
            out.append(_label_cells(values, at, how, risky))
        elif kind == TEXT:
            out.append(_cells(_texts(values, at), how, risky))
        else:
            numbers = values.to_numpy()[at].tolist()
            out.append(list(map(str, numbers)) if how == "json" else numbers)
    # the article's title and address, looked up once per distinct article
    articles = claims[Claims.ARTICLE_ID].array
    uniq, inverse = np.unique(articles.codes[at], return_inverse=True)
    citations = tables.citations
    where = citations.index.get_indexer(articles.categories.take(uniq).astype(str))
    found = where >= 0
    for col in (Articles.TITLE, Articles.URL):
        texts = np.full(len(uniq), "", dtype=object)
        texts[found] = np.asarray(citations[col].array.take(where[found]), dtype=object)
        out.append(np.array(_cells(texts, how, kinds[col][1]), dtype=object)[inverse])
    # the claim's page: its id (as it is) after the site's address
    prefix = base.rstrip("/") + "/claim/"
    ids = claims[Claims.CLAIM_ID]
    ids = _texts(ids, at) if kinds[Claims.CLAIM_ID][0] == TEXT else _label_cells(ids, at, "csv", False)
    out.append(_cells([prefix + i for i in ids], how, prefix.startswith(FORMULA_START)))
    return out


def claims_json_records(tables: Tables, at: np.ndarray, base: str = "") -> str:
    """``json.dumps(records, ensure_ascii=False)[1:-1]`` of the claims at positions ``at``, each record
    {column: value} in ``TABLE_COLUMNS["claims"]``'s order, written from cells made once per distinct value."""
    names = TABLE_COLUMNS["claims"]
    record = "{" + ", ".join(_json_string(n).replace("%", "%%") + ": %s" for n in names) + "}"
    return ", ".join(map(record.__mod__, zip(*claim_cells(tables, at, base, "json"))))


def claims_csv_chunks(tables: Tables, filters: Filters, base: str = "", chunk_rows: int = CHUNK_ROWS):
    """``csv_chunks(filtered(tables, filters, "claims", base))``, the same bytes, straight from the tables."""
    order = claim_order(tables, filters)
    for start in range(0, max(len(order), 1), chunk_rows):
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")  # as DataFrame.to_csv writes (QUOTE_MINIMAL, '"' doubled)
        if start == 0:
            writer.writerow(TABLE_COLUMNS["claims"])
        writer.writerows(zip(*claim_cells(tables, order[start : start + chunk_rows], base)))
        yield (b"\xef\xbb\xbf" if start == 0 else b"") + buf.getvalue().encode("utf-8")
