"""Hotspot figures as people read them: decimals in Dutch (42,7) or English (42.7), class labels in words,
and the ranked table of places with the cell code kept as a secondary column. No Streamlit here.
"""

from __future__ import annotations

import pandas as pd

from gis.domain.catalog import SOURCE_ORGS
from gis.domain.roles import SMALL_COUNT_SUPPRESSION
from gis.hotspots.stats import CLASS_LABELS
from gis.i18n import t


def fmt_decimal(value: float, digits: int = 1, lang: str = "nl") -> str:
    """``42,7`` in Dutch, ``42.7`` in English; thousands grouped (``1.234,5`` / ``1,234.5``)."""
    text = f"{float(value):,.{digits}f}"
    if lang == "nl":
        return text.translate(str.maketrans(",.", ".,"))
    return text


def fmt_p(value: float, lang: str = "nl") -> str:
    """A corrected p-value: three decimals, or ``< 0,001``."""
    return f"< {fmt_decimal(0.001, 3, lang)}" if value < 0.001 else fmt_decimal(value, 3, lang)


def class_label(cls: int, lang: str = "nl") -> str:
    """The Gi* class in words (``Hotspot, 99% betrouwbaar``)."""
    return CLASS_LABELS[int(cls)][lang if lang in ("nl", "en") else "nl"]


def ranked_table(top: pd.DataFrame, lang: str = "nl", aggregate_only: bool = False) -> pd.DataFrame:
    """The ranked places for the page and the CSV: rank, place, class in words, cells, count, z, p, counts
    per source (not for aggregate-only roles: a total minus the shown parts tells), and the peak cell's code.
    Counts below 5 are shown as "<5" to aggregate-only roles."""
    top = top.copy()
    top.attrs.clear()  # the peak-cell index is for the map, not for the browser table
    sources = [o.code for o in SOURCE_ORGS if o.code in top.columns]
    if aggregate_only:
        top = top.drop(columns=[c for c in top.columns if c in {*sources, "onbekend"}])
        top["count"] = [v if v >= SMALL_COUNT_SUPPRESSION else f"<{SMALL_COUNT_SUPPRESSION}" for v in top["count"]]
        sources = []
    top["z"] = [fmt_decimal(v, 1, lang) for v in top["z"]]
    top["p_adj"] = [fmt_p(v, lang) for v in top["p_adj"]]
    top["class"] = [class_label(c, lang) for c in top["class"]]
    cols = {"rank": t("hs_rank", lang), "place": t("hs_place", lang), "class": t("hs_class", lang),
            "cells": t("hs_cells", lang), "count": t("hs_count", lang), "z": "z (max)", "p_adj": "p"}  # fmt: skip
    taken = set(cols.values()) | {t("f_municipality", lang)}
    for org in SOURCE_ORGS:  # the source "gemeente" must not clash with a municipality column
        if org.code in sources:
            cols[org.code] = f"{org.name} ({t('hs_source', lang)})" if org.name in taken else org.name
    if "onbekend" in top.columns:
        cols["onbekend"] = "onbekend" if lang == "nl" else "unknown"
    cols["cell_id"] = t("hs_cell_code", lang)
    order = [c for c in cols if c in top.columns]
    return top[order].rename(columns=cols)
