"""What the downloads and the JSON API send: the filtered rows, safe for spreadsheets (pure).

Used by the download buttons (callbacks) and the plain links (/download/*.csv, /api/claims.json),
so a script and a click get the same rows.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd

from .filters import Filters
from .schema import Claims, Contributions, Disagreements
from .store import Tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TABLE_COLUMNS = {
    "claims": Claims.COLUMNS,
    "contributions": Contributions.COLUMNS,
    "disagreements": Disagreements.COLUMNS,
}


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe; others pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def filtered(tables: Tables, filters: Filters, table: str) -> pd.DataFrame:
    """The rows of ``table`` that the selection shows, with exactly the table's columns."""
    if table not in TABLE_COLUMNS:
        raise KeyError(table)
    return getattr(filters.select(tables), table)[list(TABLE_COLUMNS[table])]


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


def download(tables: Tables, filters: Filters, table: str, today: dt.date) -> tuple[bytes, str]:
    """(body, file name) of a CSV download."""
    return csv_bytes(filtered(tables, filters, table)), filters.filename(table, today)


def download_stream(tables: Tables, filters: Filters, table: str, today: dt.date):
    """(chunks, file name): the same CSV as ``download``, produced piece by piece."""
    return csv_chunks(filtered(tables, filters, table)), filters.filename(table, today)


def claims_json_chunks(tables: Tables, filters: Filters, notes: list[str], chunk_rows: int = CHUNK_ROWS):
    """The /api/claims.json payload in pieces, so a large selection streams like the CSV: the same bytes
    as ``json.dumps`` of {"count", "filters", "description", "ignored", "claims": [...]}, made
    ``chunk_rows`` claims at a time (a million claims at once took 3.8 GB at its peak)."""
    rows = filtered(tables, filters, "claims")
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
