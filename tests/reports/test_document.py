"""The document model: Dutch number formatting, hidden cells, clean text, table checks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gis.domain.roles import SUPPRESSED
from gis.reports.document import (
    HIDDEN,
    HIDDEN_SURVEY,
    MISSING,
    Section,
    Table,
    cell_text,
    clean_text,
    fmt_date_nl,
    fmt_decimal,
)


def test_fmt_decimal_uses_comma_and_thousands_dot() -> None:
    assert fmt_decimal(2.345) == "2,3"
    assert fmt_decimal(1234567.891, 2) == "1.234.567,89"
    assert fmt_decimal(-0.04) == "0,0"  # no "-0,0"
    assert fmt_decimal(-12.25, 1) == "-12,2"  # banker's rounding of the float, as Python does
    assert fmt_decimal(15, 0) == "15"


def test_cell_text_numbers_missing_and_hidden() -> None:
    assert cell_text(12345) == "12.345"
    assert cell_text(np.int64(7)) == "7"
    assert cell_text(0.5) == "0,5"
    assert cell_text(2.3456, 2) == "2,35"
    assert cell_text(None) == MISSING == "–"
    assert cell_text(math.nan) == "–"
    assert cell_text(pd.NA) == "–"
    assert cell_text(HIDDEN) == "<5"
    assert cell_text(HIDDEN_SURVEY) == "<10"
    assert cell_text("  ") == "–"


def test_clean_text_keeps_html_literal_and_drops_control_characters() -> None:
    text = clean_text("<b>a</b>\x00\x07\x0b\x0c\x1b\ufffe\uffff\ud800 b\r\nc\td\u202e")
    assert text == "<b>a</b> b\nc d"


def test_fmt_date_nl() -> None:
    from datetime import date

    assert fmt_date_nl(date(2026, 3, 14)) == "14 maart 2026"


def test_table_rejects_ragged_rows_and_unknown_numeric_columns() -> None:
    with pytest.raises(ValueError, match="Tabel 'T', rij 2: 1 cellen, verwacht 2"):
        Table("T", ["a", "b"], [[1, 2], [3]])
    with pytest.raises(ValueError, match="numerieke kolom 5 bestaat niet"):
        Table("T", ["a", "b"], [[1, 2]], numeric={5})
    with pytest.raises(ValueError, match="niveau 3"):
        Section("Kop", (), level=3)


def test_table_from_frame_keeps_numbers_and_hides_suppressed_counts() -> None:
    frame = pd.DataFrame({"gemeente": ["A", "B", "C"], "n": [12, SUPPRESSED, 0], "per_1000_ha": [1.25, np.nan, 0.0]})
    table = Table.from_frame(frame, "Dumpingen", count_columns=["n"], decimals={2: 2})
    assert table.numeric == frozenset({1, 2})
    assert table.rows[1][1] is HIDDEN
    assert table.rows[1][2] is None
    assert isinstance(table.rows[0][1], int)
    assert table.text_rows() == [["A", "12", "1,25"], ["B", "<5", "–"], ["C", "0", "0,00"]]
