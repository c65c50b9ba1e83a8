"""Excel (.xlsx) for a table: numbers stay numbers (with a thousands format), hidden counts as the text "<5",
text cells that a spreadsheet would run as a formula quoted. Uses openpyxl; no Streamlit here."""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from gis.io.csv_export import safe_cell


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
            fmt = "#,##0" if decimals[col] == 0 else "#,##0." + "0" * decimals[col]
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                if isinstance(cell.value, int | float):
                    cell.number_format = fmt
        width = max([len(str(col)), *(len(str(v)) for v in frame[col].head(200))]) + 2
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = min(width, 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
