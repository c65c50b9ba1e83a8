"""The disclosure rules for roles that may only see aggregates: fixed geography, fixed periods, small counts.

What such a role may ask is snapped to these before anything is counted, so that no request (forged map
bounds, a drawn shape, a day range, hotspot settings) can change which records are counted together:

* **Geography**: square cells of at least ``BASE_CELL_M`` metres on the RD New grid aligned to the origin
  (cells of ``AGGREGATE_CELLS``), municipalities, saved PPS areas. A box or a drawn shape only sums
  cells already shown; a PPS area or a municipality chosen as a filter takes the 1 km cells whose centre
  lies inside it.
* **Periods**: fixed windows that nest: a calendar month, quarter or year, or all data.
* **Filters**: one source (category, status) or all of them.
* **Small counts**: every released count is perturbed by the cell key of its own set of records
  (``gis.privacy.cellkey``), and a count below ``MIN_SHOWN`` is shown as "<5".
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
           "coarse_period", "month_end", "month_start", "one_or_all", "snap_bbox"]  # fmt: skip


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
    """The fixed period a request falls in: the calendar month, else quarter, else year that holds the whole
    request, else all data (``(None, None)``). Fixed windows that nest, so that no two allowed periods differ
    by a free stretch of days or months."""
    if date_from is None or date_to is None:
        return None, None
    start, end = (date_from, date_to) if date_from <= date_to else (date_to, date_from)
    if (start.year, start.month) == (end.year, end.month):
        return month_start(start), month_end(start)
    quarter = (start.month - 1) // 3
    if start.year == end.year and quarter == (end.month - 1) // 3:
        return date(start.year, 3 * quarter + 1, 1), month_end(date(start.year, 3 * quarter + 3, 1))
    if start.year == end.year:
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return None, None


def one_or_all(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A choice of sources, categories or statuses as an aggregate-only role may make it: one value, or all
    (``None``); several but not all counts as all, so that subsets cannot be subtracted from each other."""
    if values is None or len(values) <= 1:
        return values
    return None


def coarse_filters(f: Filters) -> Filters:
    """``f`` as an aggregate-only role may ask it: a fixed period, one or all sources and categories."""
    start, end = coarse_period(f.date_from, f.date_to)
    return replace(f, date_from=start, date_to=end, sources=one_or_all(f.sources), categories=one_or_all(f.categories))


def snap_bbox(bbox: BBox, cell_m: float) -> BBox:
    """``bbox`` widened to whole cells of ``cell_m`` on the grid aligned to the origin."""
    values = [bbox.minx, bbox.miny, bbox.maxx, bbox.maxy]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("Een kaartuitsnede met ongeldige coördinaten kan niet.")
    return BBox(math.floor(bbox.minx / cell_m) * cell_m, math.floor(bbox.miny / cell_m) * cell_m,
                math.ceil(bbox.maxx / cell_m) * cell_m, math.ceil(bbox.maxy / cell_m) * cell_m)  # fmt: skip
