"""CSV for spreadsheets: semicolon-separated UTF-8 with BOM and decimal commas (Dutch Excel), formula-injection safe.

In English (``lang="en"``) the file is comma-separated with decimal points, as an English spreadsheet reads it.
"""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading quote; anything else as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_guard = safe_cell  # the name other modules used before


def to_csv_bytes(frame: pd.DataFrame, lang: str = "nl") -> bytes:
    """The frame as CSV bytes; text cells that a spreadsheet would run as a formula get a leading quote."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(safe_cell)
    safe.columns = [safe_cell(c) for c in safe.columns]
    sep, decimal = (",", ".") if lang == "en" else (";", ",")
    return safe.to_csv(index=False, sep=sep, decimal=decimal).encode("utf-8-sig")
