"""Tables whose numeric columns stay numeric: hidden counts are missing values shown as "<5" (so they sort as
missing, never as text, and the column stays right-aligned), numbers in Dutch (1.234; 16.865,1) or English.

``numeric_counts`` turns ``SUPPRESSED`` into NaN; ``styled`` formats for the screen (a pandas Styler: the value
underneath stays a number); ``export_frame`` makes the text version for a CSV, where "<5" is a text cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from gis.counts import fmt_number
from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED

HIDDEN = f"<{SMALL_COUNT_SUPPRESSION}"


def numeric_counts(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``frame`` with ``SUPPRESSED`` in ``columns`` as NaN (float columns), other values unchanged."""
    out = frame.copy()
    for col in columns:
        values = pd.to_numeric(out[col])
        out[col] = values.astype("float64").where(values != SUPPRESSED, np.nan)
    return out


def _formatter(lang: str, decimals: int) -> Callable[[object], str]:
    def fmt(value: object) -> str:
        return fmt_number(float(value), lang, decimals)  # type: ignore[arg-type]

    return fmt


def styled(frame: pd.DataFrame, decimals: dict[str, int], lang: str = "nl", hidden: str = HIDDEN) -> Styler:
    """A Styler that shows the ``decimals`` columns in the language's number format and NaN as ``hidden``."""
    style = frame.style
    for col, n in decimals.items():
        style = style.format(_formatter(lang, n), subset=[col], na_rep=hidden)
    return style


def export_frame(frame: pd.DataFrame, decimals: dict[str, int], lang: str = "nl", hidden: str = HIDDEN) -> pd.DataFrame:
    """The text an export shows: the ``decimals`` columns rounded, without thousands separators, with the
    language's decimal mark, and ``hidden`` where the value is missing (text only in the export)."""
    out = frame.copy()
    for col, n in decimals.items():
        texts = [hidden if pd.isna(v) else f"{float(v):.{n}f}" for v in out[col]]
        out[col] = [v.replace(".", ",") if lang == "nl" else v for v in texts]
    return out


def show_table(frame: pd.DataFrame, decimals: dict[str, int], lang: str = "nl", key: str | None = None,
               height: int | str = "auto") -> None:  # fmt: skip
    """``st.dataframe`` of ``frame`` with numeric columns that sort as numbers and read in the language; a
    missing value (a hidden count) shows as "<5" (Streamlit's ``placeholder``; the Styler's ``na_rep`` is not
    used for missing cells) and sorts as missing."""
    st.dataframe(styled(frame, decimals, lang), hide_index=True, width="stretch", key=key, height=height,
                 placeholder=HIDDEN)  # fmt: skip
