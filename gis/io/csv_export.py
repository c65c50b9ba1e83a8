"""CSV for spreadsheets: semicolon-separated UTF-8 with BOM and decimal commas (Dutch Excel), formula-injection safe."""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV bytes; text cells that a spreadsheet would run as a formula get a leading quote."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(_guard)
    safe.columns = [_guard(c) for c in safe.columns]
    return safe.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
