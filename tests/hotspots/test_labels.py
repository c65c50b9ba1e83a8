"""Hotspot figures as read: Dutch and English decimals, classes in words, the ranked table's columns and
what an aggregate-only role is not shown."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gis.hotspots.labels import class_label, fmt_decimal, fmt_p, ranked_table


@pytest.mark.parametrize(
    ("value", "digits", "nl", "en"),
    [(42.68, 1, "42,7", "42.7"), (1234.5, 1, "1.234,5", "1,234.5"), (7.0, 0, "7", "7"), (0.0421, 3, "0,042", "0.042")],
)
def test_decimals(value: float, digits: int, nl: str, en: str) -> None:
    assert fmt_decimal(value, digits, "nl") == nl and fmt_decimal(value, digits, "en") == en


def test_p_and_classes() -> None:
    assert fmt_p(0.0004) == "< 0,001" and fmt_p(0.0004, "en") == "< 0.001" and fmt_p(0.0123) == "0,012"
    assert class_label(3) == "Hotspot, 99% betrouwbaar" and class_label(2, "en") == "Hot spot, 95% confidence"


def _top() -> pd.DataFrame:
    top = pd.DataFrame({
        "rank": [1, 2], "cell_id": ["E180000N425000", "E161000N441000"], "place": ["Wijchen (oost)", "Buren"],
        "municipality": ["Wijchen", "Buren"], "cells": [47, 3], "count": [36560, 4], "z": [52.13, 9.04],
        "p_adj": [0.0001, 0.0123], "class": [3, 2], "politie": [30000, 3], "gemeente": [6560, 1],
    })  # fmt: skip
    top.attrs["index"] = np.array([5, 9])
    return top


def test_ranked_table_in_dutch() -> None:
    table = ranked_table(_top(), "nl")
    assert list(table.columns) == ["Nr.", "Plaats", "Klasse", "Cellen", "Aantal", "z (max)", "p", "Politie",
                                   "Gemeente (bron)", "Kerncel (RD-code)"]  # fmt: skip
    assert list(table["Klasse"]) == ["Hotspot, 99% betrouwbaar", "Hotspot, 95% betrouwbaar"]
    assert list(table["z (max)"]) == ["52,1", "9,0"] and list(table["p"]) == ["< 0,001", "0,012"]
    assert list(table["Plaats"]) == ["Wijchen (oost)", "Buren"] and not table.attrs


def test_ranked_table_for_counts_only_roles_in_english() -> None:
    table = ranked_table(_top(), "en", aggregate_only=True)
    assert list(table.columns) == ["No.", "Place", "Class", "Cells", "Count", "z (max)", "p", "Peak cell (RD code)"]
    assert list(table["Count"]) == [36560, "<5"]  # no split per source, no count below 5
    assert list(table["z (max)"]) == ["52.1", "9.0"] and table["Class"][0] == "Hot spot, 99% confidence"


def test_design_warnings_in_dutch_and_english() -> None:
    from gis.hotspots.gistar import design_warnings

    nl = design_warnings(500_000, 100, 50, 1000, 3)
    en = design_warnings(500_000, 100, 50, 1000, 3, "en")
    assert nl[1] == "500.000 cellen: de kaart wordt traag en de meeste cellen zijn leeg. Kies grotere cellen."
    assert en[1] == "500,000 cells: the map gets slow and most cells are empty. Choose larger cells."
    assert en[2].startswith("On average 0.00 records per cell") and nl[2].startswith("Gemiddeld 0,00 meldingen")
    assert en[0].startswith("The neighbourhood distance (50 m) is smaller than a cell (100 m)")
