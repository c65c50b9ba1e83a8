"""The disclosure rules for roles that may only see aggregates: fixed geography, fixed periods, small counts.

What such a role may ask is snapped to these before anything is counted, so that no request (forged map
bounds, a drawn shape, a day range, hotspot settings) can change which records are counted together:

* **Geography**: square cells of at least ``BASE_CELL_M`` metres on the RD New grid aligned to the origin
  (cells of ``AGGREGATE_CELLS``), municipalities, PPS areas. A box is widened to whole cells; a shape
  (a drawn boundary, a PPS area) counts the 1 km cells whose centre lies inside it.
* **Periods**: whole calendar months.
* **Small counts**: every count is the sum of cell-key-perturbed base units (``gis.privacy.cellkey``), and
  a total below ``MIN_SHOWN`` is shown as "<5".
"""

from __future__ import annotations

import calendar
import math
from dataclasses import replace
from datetime import date

from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED
from gis.store.arrays import BASE_CELL_M
from gis.store.filters import BBox, Filters

MIN_SHOWN = SMALL_COUNT_SUPPRESSION
"""Counts below this are not shown to aggregate-only roles (shown as "<5"; the role table keeps the number)."""
AGGREGATE_CELLS: tuple[int, ...] = (1000, 2000, 5000, 10000, 20000, 50000)
"""Cell sizes (m) an aggregate-only role may see: each a whole number of base cells, aligned to the origin."""

__all__ = ["AGGREGATE_CELLS", "BASE_CELL_M", "MIN_SHOWN", "SUPPRESSED", "allowed_cell", "coarse_filters",
           "coarse_period", "month_end", "month_start", "snap_bbox"]  # fmt: skip


def allowed_cell(cell_m: float | None) -> int:
    """The smallest allowed aggregate cell size of at least ``cell_m`` (the largest if none is that large)."""
    wanted = float(cell_m or 0.0)
    if not math.isfinite(wanted):
        return AGGREGATE_CELLS[-1]
    return next((c for c in AGGREGATE_CELLS if c >= wanted), AGGREGATE_CELLS[-1])


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def coarse_period(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """A period widened to whole months (open ends stay open)."""
    return (month_start(date_from) if date_from else None, month_end(date_to) if date_to else None)


def coarse_filters(f: Filters) -> Filters:
    """``f`` with its period widened to whole months (all other fields select whole base units already)."""
    start, end = coarse_period(f.date_from, f.date_to)
    return replace(f, date_from=start, date_to=end)


def snap_bbox(bbox: BBox, cell_m: float) -> BBox:
    """``bbox`` widened to whole cells of ``cell_m`` on the grid aligned to the origin."""
    values = [bbox.minx, bbox.miny, bbox.maxx, bbox.maxy]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("Een kaartuitsnede met ongeldige coördinaten kan niet.")
    return BBox(math.floor(bbox.minx / cell_m) * cell_m, math.floor(bbox.miny / cell_m) * cell_m,
                math.ceil(bbox.maxx / cell_m) * cell_m, math.ceil(bbox.maxy / cell_m) * cell_m)  # fmt: skip
