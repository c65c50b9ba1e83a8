"""Excel (.xlsx) for tables: numbers stay numbers (with a thousands format), dates are Excel dates, and text
that a spreadsheet would run as a formula is stored as inert text. Uses openpyxl; no Streamlit here.

``to_xlsx_bytes`` is the counts table (hidden counts as "<5"); ``table_xlsx`` is any shown table (register,
audit log) with per-column number formats and text kept as typed (a quote-prefixed string, not a formula).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gis.io.csv_export import safe_cell

__all__ = ["DATE", "DATETIME", "INT", "MONEY", "XLSX_MIME", "number_format", "table_xlsx", "to_xlsx_bytes"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel number format codes (written in Excel's neutral notation; Dutch Excel shows 1.234,50 and 12-03-2025).
INT = "#,##0"
MONEY = '"€" #,##0.00'
DATE = "dd-mm-yyyy"
DATETIME = "dd-mm-yyyy hh:mm"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NL_TZ = ZoneInfo("Europe/Amsterdam")
MAX_WIDTH = 60


def number_format(decimals: int) -> str:
    """``#,##0`` with ``decimals`` decimals (``#,##0.0`` for one)."""
    return INT if decimals <= 0 else INT + "." + "0" * decimals


def _cell(value: object, hidden: str) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return hidden
    if hasattr(value, "item"):  # numpy scalars as Python numbers
        value = value.item()
    return safe_cell(value)


def to_xlsx_bytes(frame: pd.DataFrame, decimals: dict[str, int] | None = None, hidden: str = "<5",
                  sheet: str = "Aantallen") -> bytes:  # fmt: skip
    """The frame as an .xlsx workbook; a missing value in a column of ``decimals`` is ``hidden`` (text), and
    the column gets a number format with that many decimals."""
    decimals = decimals or {}
    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([str(safe_cell(str(c))) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        ws.append(
            [_cell(v, hidden) if c in decimals else _cell(v, "") for c, v in zip(frame.columns, row, strict=True)]
        )
    for j, col in enumerate(frame.columns, start=1):
        if col in decimals:
            fmt = number_format(decimals[col])
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cell.value, int | float):
                    cell.number_format = fmt
        width = max([len(str(col)), *(len(str(v)) for v in frame[col].head(200))]) + 2
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(width, 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- any shown table -----------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    """A cell value as openpyxl writes it: Python numbers, naive local datetimes, text; missing as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    elif hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(NL_TZ).replace(tzinfo=None)  # Excel has no time zones: Dutch local time
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool | int | float | date):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _default_format(series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INT
    if pd.api.types.is_float_dtype(series):
        values = series.dropna()
        return INT if len(values) and bool((values == values.round()).all()) else number_format(2)
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATETIME
    return None


def _write(cell: Cell, value: object, fmt: str | None) -> None:
    """One data cell: text is always text (a leading = + - @ stays inert, shown as typed); numbers and dates
    get ``fmt`` (dates without one get ``DATETIME`` or ``DATE``)."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store '=...' as a formula
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel and LibreOffice keep it text when the cell is edited
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = fmt if fmt in (DATE, DATETIME) else DATETIME
    elif isinstance(value, date):
        cell.number_format = fmt if fmt in (DATE, DATETIME) else DATE
    elif isinstance(value, int | float) and not isinstance(value, bool) and fmt:
        cell.number_format = fmt


def _widths(ws: Worksheet, frame: pd.DataFrame) -> None:
    for j, col in enumerate(frame.columns, start=1):
        sample = [len(str(col)), *(min(len(str(v)), MAX_WIDTH) for v in frame[col].head(300))]
        ws.column_dimensions[get_column_letter(j)].width = min(max(sample) + 2, MAX_WIDTH)


def table_xlsx(frame: pd.DataFrame, sheet: str = "Tabel", formats: Mapping[str, str] | None = None) -> bytes:
    """A table as shown on a page (its headers are the column names) as an .xlsx workbook.

    Numbers are numbers with ``formats[column]`` (an Excel format code such as ``INT``, ``MONEY`` or
    ``number_format(1)``; integer columns default to ``INT``); dates and times are Excel dates (``DATE``,
    ``DATETIME``; times with a zone in Dutch local time); missing values are empty cells; every text cell,
    headers included, is stored as text (a leading ``=``, ``+``, ``-`` or ``@`` never becomes a formula).
    The header row is bold, frozen and has a filter.
    """
    formats = dict(formats or {})
    book = Workbook()
    ws = book.active
    ws.title = (ILLEGAL_CHARACTERS_RE.sub("", sheet).translate(str.maketrans("", "", "[]:*?/\\")) or "Tabel")[:31]
    column_formats = [formats.get(str(c)) or _default_format(frame[c]) for c in frame.columns]
    for j, col in enumerate(frame.columns, start=1):
        _write(ws.cell(row=1, column=j), str(_plain(col) or ""), None)
        ws.cell(row=1, column=j).font = Font(bold=True)
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for j, (value, fmt) in enumerate(zip(row, column_formats, strict=True), start=1):
            plain = _plain(value)
            if plain is not None:
                _write(ws.cell(row=i, column=j), plain, fmt)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{max(len(frame) + 1, 1)}"
    _widths(ws, frame)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
