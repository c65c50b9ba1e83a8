"""What an aggregate-only role gets for each aggregate call of the store: counts of fixed cells and tables
(``gis.privacy.rules``), each perturbed by the cell key of its own records and hidden below ``MIN_SHOWN``.

A count is released for a *fixed* set of records only: a grid cell, a municipality, a saved PPS area, the
region, in a fixed period, for one or all sources and categories. Views that are not fixed (the map's
box, a drawn shape) get only the sum of cells that are shown anyway, so they add nothing to subtract.
``gis.store.guard`` sends every aggregate call of such a role here (``answer``); hotspot computations read
``pseudo_points``. Raw-data roles keep exact counts from the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.domain.catalog import Layer
from gis.io.reference import REGION_PROVINCES
from gis.privacy.cellkey import KEY_MODULUS, perturb
from gis.privacy.rules import BASE_CELL_M, MIN_SHOWN, SUPPRESSED, allowed_cell, coarse_period, snap_bbox
from gis.privacy.units import base_units, centres, select
from gis.store.dumpings import DumpingQuery
from gis.store.filters import BBox, Filters

__all__ = ["AGGREGATE_CALLS", "answer", "hide_small", "pseudo_points", "released", "shown"]


def shown(n: int) -> int:
    """A released count as shown: ``SUPPRESSED`` below ``MIN_SHOWN``."""
    return int(n) if n >= MIN_SHOWN else SUPPRESSED


def hide_small(frame: pd.DataFrame, column: str = "n") -> pd.DataFrame:
    """``frame`` with counts below ``MIN_SHOWN`` in ``column`` set to ``SUPPRESSED``."""
    out = frame.copy()
    out[column] = out[column].where(out[column] >= MIN_SHOWN, SUPPRESSED).astype(np.int64)
    return out


def released(units: pd.DataFrame, by: list[str] | list[np.ndarray] | None = None) -> pd.DataFrame:
    """The released count ``v`` per group of ``units`` (or of all of them): the records' count perturbed by
    the sum of their keys, so the same records always give the same number."""
    if by is None:
        n, key = np.array([units["n"].sum()]), np.array([units["key"].sum() % KEY_MODULUS])
        return pd.DataFrame({"v": perturb(n, key)})
    groups = units.groupby(by, observed=True, dropna=False)
    sums = groups.agg(n=("n", "sum"), key=("key", "sum")).reset_index()
    sums["v"] = perturb(sums["n"].to_numpy(), sums["key"].to_numpy() % KEY_MODULUS)
    return sums.drop(columns=["n", "key"])


def _geometry(store: Any, f: Filters) -> tuple[shapely.Geometry | None, shapely.Geometry | None]:
    area = muni = None
    if f.area_id is not None:
        areas = store.areas()
        row = areas[areas["id"] == int(f.area_id)]
        area = row.geometry.iloc[0] if len(row) else shapely.Polygon()
    if f.municipality:
        munis = store.municipalities()
        row = munis[munis["code"] == f.municipality]
        muni = row.geometry.iloc[0] if len(row) else shapely.Polygon()
    return area, muni


def _selected(store: Any, layer: Layer, f: Filters, statuses: tuple[str, ...] | None = None) -> pd.DataFrame:
    return select(base_units(store, Layer(layer)), Layer(layer), f, *_geometry(store, f), statuses)


def _cells(units: pd.DataFrame, cell: float) -> pd.DataFrame:
    """Released counts per grid cell of ``cell`` metres (``x0, y0, n``), every cell with records."""
    x, y = centres(units)
    keyed = units.assign(x0=np.floor(x / cell) * cell, y0=np.floor(y / cell) * cell)
    return released(keyed, ["x0", "y0"]).rename(columns={"v": "n"})


def _shown_base_cells(store: Any, layer: Layer, f: Filters, statuses: tuple[str, ...] | None = None,
                      by_month: bool = False) -> pd.DataFrame:  # fmt: skip
    """The shown 1 km cells (``x0, y0`` corner, ``n`` >= 5; per ``month`` too when asked) of the selection
    without its PPS area; with an area, only those whose centre lies inside it. A saved area is drawn by a
    user, so it only sums cells that are shown anyway: many areas that differ by one cell tell nothing."""
    units = _selected(store, Layer(layer), replace(f, area_id=None), statuses)
    x, y = centres(units)
    keyed = units.assign(x0=x - BASE_CELL_M / 2, y0=y - BASE_CELL_M / 2)
    cells = released(keyed, ["x0", "y0", "month"] if by_month else ["x0", "y0"]).rename(columns={"v": "n"})
    cells = cells[cells["n"] >= MIN_SHOWN]
    if f.area_id is not None:
        area = _geometry(store, f)[0]
        cells = cells[shapely.contains_xy(area, cells["x0"] + BASE_CELL_M / 2, cells["y0"] + BASE_CELL_M / 2)]
    return cells.reset_index(drop=True)


def grid_counts(store: Any, layer: Layer, f: Filters, cell_m: float, bbox: BBox | None = None) -> pd.DataFrame:
    """Released counts per allowed cell (``x0, y0, n``) with a centre in ``bbox``; cells below 5 left out."""
    cell = float(allowed_cell(cell_m))
    if f.area_id is not None:  # sums of shown 1 km cells in the area
        base = _shown_base_cells(store, layer, f)
        cells = base.assign(x0=np.floor(base["x0"] / cell) * cell, y0=np.floor(base["y0"] / cell) * cell)
        cells = cells.groupby(["x0", "y0"], as_index=False)["n"].sum()
    else:
        cells = _cells(_selected(store, Layer(layer), f), cell)
    if bbox is not None:
        box = snap_bbox(bbox, cell)
        cx, cy = cells["x0"] + cell / 2, cells["y0"] + cell / 2
        cells = cells[(cx > box.minx) & (cx < box.maxx) & (cy > box.miny) & (cy < box.maxy)]
    out = cells[cells["n"] >= MIN_SHOWN].reset_index(drop=True).astype({"n": np.int64})
    out.attrs["cell_m"] = cell  # the size released, which a map must draw (not the size asked for)
    return out


def layer_count(store: Any, layer: Layer, f: Filters, bbox: BBox | None = None) -> int:
    """The released count of the selection; in a box or a PPS area, the sum of the 1 km cells shown there."""
    if bbox is not None:
        return shown(int(grid_counts(store, layer, f, BASE_CELL_M, bbox)["n"].sum()))
    if f.area_id is not None:
        return shown(int(_shown_base_cells(store, layer, f)["n"].sum()))
    return shown(int(released(_selected(store, Layer(layer), f))["v"].iloc[0]))


def count_within(store: Any, layer: Layer, geom: shapely.Geometry) -> int:
    """For a drawn or uploaded shape: the sum of the shown 1 km cells (whole period) whose centre lies inside."""
    cells = grid_counts(store, layer, Filters(), BASE_CELL_M)
    x, y = cells["x0"].to_numpy() + BASE_CELL_M / 2, cells["y0"].to_numpy() + BASE_CELL_M / 2
    hit = shapely.contains_xy(geom, x, y) if geom is not None and not geom.is_empty else np.zeros(len(cells), bool)
    return shown(int(cells.loc[hit, "n"].sum()))


def _months(store: Any, layer: Layer, f: Filters) -> pd.DatetimeIndex:
    """Every month of the fixed period (else of the layer's data): absent months are listed, as "<5"."""
    start, end = coarse_period(f.date_from, f.date_to)
    if start is None:
        span = base_units(store, Layer(layer))["month"]
        if span.isna().all():
            return pd.DatetimeIndex([])
        start, end = span.min(), span.max()
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="MS")


def _municipality_of(store: Any, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    codes = np.full(len(x), None, dtype=object)
    for m in store.municipalities(list(REGION_PROVINCES)).itertuples():
        codes[shapely.contains_xy(m.geometry, x, y)] = m.code
    return codes


def _by(store: Any, layer: Layer, f: Filters, by: str, statuses: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Released counts per municipality, saved PPS area or month of the selection (absent ones as 0)."""
    in_area = f.area_id is not None
    if by == "municipality":
        munis = store.municipalities(list(REGION_PROVINCES))
        if in_area:
            cells = _shown_base_cells(store, layer, f, statuses)
            half = BASE_CELL_M / 2
            code = _municipality_of(store, cells["x0"].to_numpy() + half, cells["y0"].to_numpy() + half)
            sums = cells.assign(code=code).groupby("code")["n"].sum()
        else:
            units = _selected(store, Layer(layer), f, statuses)
            sums = released(units, ["municipality_code"]).set_index("municipality_code")["v"]
        frame = pd.DataFrame({"code": munis["code"].astype(str), "name": munis["name"].astype(str)})
        frame["n"] = frame["code"].map(sums).fillna(0).astype(np.int64)  # every municipality: absence is not told
        return frame.sort_values(["n", "name"], ascending=[False, True])
    if by == "area":
        cells = _shown_base_cells(store, layer, f, statuses)
        x, y = cells["x0"].to_numpy() + BASE_CELL_M / 2, cells["y0"].to_numpy() + BASE_CELL_M / 2
        rows = [(int(a.id), str(a.name), int(cells.loc[shapely.contains_xy(a.geometry, x, y), "n"].sum()))
                for a in store.areas().itertuples()]  # fmt: skip
        return pd.DataFrame(rows, columns=["id", "name", "n"]).sort_values(["n", "name"], ascending=[False, True])
    if by == "month":
        if Layer(layer) is Layer.BARNS:
            raise ValueError(f"De laag {Layer(layer).value} heeft geen datum; tellen per maand kan niet.")
        if in_area:
            sums = _shown_base_cells(store, layer, f, statuses, by_month=True).groupby("month")["n"].sum()
        else:
            sums = released(_selected(store, Layer(layer), f, statuses), ["month"]).dropna(subset=["month"])
            sums = sums.set_index("month")["v"]
        months = _months(store, layer, f)
        values = pd.Series(sums.to_numpy(), index=pd.to_datetime(sums.index)).reindex(months, fill_value=0)
        return pd.DataFrame({"month": months.date, "n": values.to_numpy(dtype=np.int64)})
    raise ValueError(f"Onbekende indeling: {by}")


def counts_by(store: Any, layer: Layer, f: Filters, by: str = "municipality") -> pd.DataFrame:
    """Released counts per municipality (of the region), saved PPS area or month (every one listed); small
    ones ``SUPPRESSED``."""
    return hide_small(_by(store, Layer(layer), f, by).reset_index(drop=True))


def dumping_counts(store: Any, by: str, q: DumpingQuery | None = None) -> pd.DataFrame:
    """Released dumping sites per month, municipality or area for a register selection."""
    q = q or DumpingQuery()
    muni = q.municipalities[0] if q.municipalities and len(q.municipalities) == 1 else None
    f = Filters(q.date_from, q.date_to, None, q.area_id, muni, q.waste_types)
    return hide_small(_by(store, Layer.DUMPINGS, f, by, q.statuses).reset_index(drop=True))


def pseudo_points(
    store: Any, layer: Layer, f: Filters, extra: Sequence[str] = (), bbox: BBox | None = None
) -> dict[str, np.ndarray]:
    """What a computation on points (hotspots) gets instead of records: per shown 1 km cell (per calendar
    quarter when ``date`` is asked), as many points at its centre as its released count, dated the first day
    of the quarter."""
    units = _selected(store, Layer(layer), replace(f, area_id=None))
    x, y = centres(units)
    quarter = units["month"].dt.to_period("Q").dt.start_time
    keyed = units.assign(x0=x, y0=y, month=quarter)
    groups = ["x0", "y0", "month"] if "date" in extra else ["x0", "y0"]
    cells = released(keyed, groups)
    cells = cells[cells["v"] >= MIN_SHOWN]
    if f.area_id is not None:  # shown cells whose centre lies in the area, as everywhere for saved areas
        cells = cells[shapely.contains_xy(_geometry(store, f)[0], cells["x0"], cells["y0"])]
    if bbox is not None:
        cells = cells[(cells["x0"] > bbox.minx) & (cells["x0"] < bbox.maxx) & (cells["y0"] > bbox.miny)
                      & (cells["y0"] < bbox.maxy)]  # fmt: skip
    reps = cells["v"].to_numpy(dtype=np.int64)
    out: dict[str, np.ndarray] = {"x": np.repeat(cells["x0"].to_numpy(), reps),
                                  "y": np.repeat(cells["y0"].to_numpy(), reps)}  # fmt: skip
    for e in extra:
        if e == "date":
            out[e] = np.repeat(cells["month"].to_numpy(dtype="datetime64[D]"), reps)
        elif e in ("source", "category"):  # no split: one value when the selection names one, else unknown
            chosen = {"source": f.sources, "category": f.categories}[e]
            value = chosen[0] if chosen and len(chosen) == 1 else ""
            out[e] = np.full(int(reps.sum()), value, dtype=object)
        else:
            raise ValueError(f"Onbekend veld {e!r}; kies uit: date, source, category.")
    return out


AGGREGATE_CALLS = {
    "layer_count": layer_count,
    "grid_counts": grid_counts,
    "count_within": count_within,
    "counts_by": counts_by,
    "dumping_counts": dumping_counts,
}


def answer(store: Any, name: str, args: tuple, kwargs: dict) -> Any:
    """The released answer to the aggregate store call ``name(*args, **kwargs)`` of an aggregate-only role."""
    return AGGREGATE_CALLS[name](store, *args, **kwargs)
