"""Hotspot settings for roles that may only see aggregates: whole allowed cells, a band of two cells or more,
square cells on the fixed grid, whole months. The points such a role's analysis reads are already the released
pseudo-points (``gis.privacy.release.pseudo_points``); this keeps the cells aligned to them."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from gis.hotspots.analysis import HotspotQuery
from gis.privacy.rules import BASE_CELL_M, allowed_cell, coarse_period

__all__ = ["coarse_hotspot_query"]


def coarse_hotspot_query(q: HotspotQuery, span: tuple[object, object] = (None, None)) -> HotspotQuery:
    """``q`` on square cells of an allowed size (at least ``BASE_CELL_M``), a distance band of at least two
    cells and a fixed period (month, quarter, year; else all data: ``span``, the data's first and last month)."""
    cell = float(allowed_cell(max(float(q.cell_m or BASE_CELL_M), BASE_CELL_M)))
    start, end = coarse_period(q.date_from, q.date_to)
    if start is None and span[0] is not None and span[1] is not None:
        start, end = pd.Timestamp(span[0]).date(), pd.Timestamp(span[1]).date()  # type: ignore[arg-type]
    return replace(q, cell_m=cell, distance_m=max(float(q.distance_m or 0.0), 2 * cell), grid="square",
                   date_from=start, date_to=end)  # fmt: skip
