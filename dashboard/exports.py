"""What the downloads and the JSON API send: the filtered rows, safe for spreadsheets (pure).

Used by the download buttons (callbacks) and the plain links (/download/*.csv, /api/claims.json),
so a script and a click get the same rows.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from .filters import Filters
from .schema import Articles, Claims, Contributions, Disagreements
from .store import Tables

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


def filtered(tables: Tables, filters: Filters, table: str, base: str = "") -> pd.DataFrame:
    """The rows of ``table`` that the selection shows, with exactly the table's columns; claims in the
    table's order, each with its article and its page (``with_citation``)."""
    if table not in TABLE_COLUMNS:
        raise KeyError(table)
    rows = getattr(filters.select(tables), table)
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
    return csv_bytes(filtered(tables, filters, table, base)), filters.filename(table, tables.latest)


def download_stream(tables: Tables, filters: Filters, table: str, base: str = ""):
    """(chunks, file name): the same CSV as ``download``, produced piece by piece."""
    return csv_chunks(filtered(tables, filters, table, base)), filters.filename(table, tables.latest)


def claims_json_chunks(tables: Tables, filters: Filters, notes: list[str], chunk_rows: int = CHUNK_ROWS, base: str = ""):
    """The /api/claims.json payload in pieces, so a large selection streams like the CSV: the same bytes
    as ``json.dumps`` of {"count", "filters", "description", "ignored", "claims": [...]}, made
    ``chunk_rows`` claims at a time (a million claims at once took 3.8 GB at its peak)."""
    rows = filtered(tables, filters, "claims", base)
    head = {
        "count": len(rows),
        "filters": filters.to_query().lstrip("?"),
        "description": filters.describe(len(rows)),
        "ignored": notes,
    }
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "claims": [').encode("utf-8")
    for start in range(0, len(rows), chunk_rows):
        part = rows.iloc[start : start + chunk_rows]
        records = part.astype(object).where(part.notna(), None).to_dict(orient="records")
        for r in records:
            r[Claims.CHAR_START] = int(r[Claims.CHAR_START])
            r[Claims.CHAR_END] = int(r[Claims.CHAR_END])
        yield ((", " if start else "") + json.dumps(records, ensure_ascii=False)[1:-1]).encode("utf-8")
    yield b"]}"
