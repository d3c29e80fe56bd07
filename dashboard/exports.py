"""What the downloads and the JSON API send: the filtered rows, safe for spreadsheets (pure).

Used by the download buttons (callbacks) and the plain links (/download/*.csv, /api/claims.json),
so a script and a click get the same rows.
"""

from __future__ import annotations

import datetime as dt
import io

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
    if table == "claims":
        rows = filters.apply(tables.claims)
    elif table == "contributions":
        rows = filters.apply_contributions(tables.contributions, tables.claims)
    elif table == "disagreements":
        rows = filters.apply_disagreements(tables.disagreements, tables.claims)
    else:
        raise KeyError(table)
    return rows[list(TABLE_COLUMNS[table])]


def csv_bytes(rows: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads it right), formula cells neutralised."""
    safe = rows.astype(object).map(neutralise)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\r\n")
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def download(tables: Tables, filters: Filters, table: str, today: dt.date) -> tuple[bytes, str]:
    """(body, file name) of a CSV download."""
    return csv_bytes(filtered(tables, filters, table)), filters.filename(table, today)


def claims_json(tables: Tables, filters: Filters, notes: list[str]) -> dict:
    """The /api/claims.json payload: the filtered claims, their count and the filters applied."""
    rows = filtered(tables, filters, "claims")
    records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
    for r in records:
        r[Claims.CHAR_START] = int(r[Claims.CHAR_START])
        r[Claims.CHAR_END] = int(r[Claims.CHAR_END])
    return {
        "count": len(records),
        "filters": filters.to_query().lstrip("?"),
        "description": filters.describe(len(records)),
        "ignored": notes,
        "claims": records,
    }
