"""What the home map shows for a selection and a view: points when few, count cells when many.

The map never receives one marker per record once a layer has more than ``POINT_CAP`` records in
view; counts come from GROUP BYs in the store. Pure: store in, frames out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from gis.domain.catalog import Layer
from gis.geo.crs import wgs84_to_rd
from gis.store import BBox, Filters, Store

POINT_CAP = 3000
MAX_CELLS = 4000
NICE_CELLS: tuple[int, ...] = (250, 500, 1000, 2000, 2500, 5000, 10000, 20000)
# Metres per screen pixel at zoom 0 at ~52° N (Web Mercator): 156543 * cos(52°).
_M_PER_PX_Z0 = 96_378.0


@dataclass
class LayerView:
    """One point layer as the map should draw it."""

    layer: Layer
    total: int
    in_view: int
    mode: Literal["points", "cells"]
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    cell_m: float = 0.0


def cell_size_for_zoom(zoom: float, pixels: int = 12) -> int:
    """A round cell size (m) that spans about ``pixels`` screen pixels at ``zoom``."""
    target = pixels * _M_PER_PX_Z0 / 2 ** max(float(zoom), 0.0)
    for size in NICE_CELLS:
        if size >= target:
            return size
    return NICE_CELLS[-1]


def bbox_from_bounds(bounds: dict | None) -> BBox | None:
    """RD New box around a Leaflet ``bounds`` dict (``_southWest``/``_northEast`` lat/lng)."""
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]  # type: ignore[index]
        lats = [float(sw["lat"]), float(ne["lat"])]
        lngs = [float(sw["lng"]), float(ne["lng"])]
    except (TypeError, KeyError, ValueError):
        return None
    if lats[0] == lats[1] or lngs[0] == lngs[1] or not np.isfinite([*lats, *lngs]).all():
        return None  # a forged or broken view: the whole region
    x, y = wgs84_to_rd([lngs[0], lngs[1], lngs[0], lngs[1]], [lats[0], lats[0], lats[1], lats[1]])
    return BBox(float(np.min(x)), float(np.min(y)), float(np.max(x)), float(np.max(y)))


def layer_view(
    store: Store, layer: Layer, f: Filters, bbox: BBox | None, zoom: float, total: int, points: bool = True
) -> LayerView:
    """Decide points or cells for one layer and fetch what the map needs (never points when ``points`` is False:
    roles that may only see aggregates get count cells at every zoom)."""
    in_view = store.layer_count(layer, f, bbox) if bbox else total
    if points and in_view <= POINT_CAP:
        pts = store.points(layer, f, bbox, limit=POINT_CAP) if in_view else pd.DataFrame()
        return LayerView(layer, total, in_view, "points", points=pts)
    cell = cell_size_for_zoom(zoom)
    cells = store.grid_counts(layer, f, cell, bbox)
    while len(cells) > MAX_CELLS and cell < NICE_CELLS[-1]:
        cell = next(s for s in NICE_CELLS if s > cell)
        cells = store.grid_counts(layer, f, cell, bbox)
    # a counts-only answer comes on a coarser released grid (gis.privacy): draw the cells at that size
    released = float(cells.attrs.get("cell_m", cell))
    return LayerView(layer, total, in_view, "cells", cells=cells, cell_m=released)


def overview(
    store: Store,
    f: Filters,
    layers: list[Layer],
    bounds: dict | None = None,
    zoom: float = 8,
    point_layers: frozenset[Layer] | None = None,
    totals: dict[Layer, int] | None = None,
) -> list[LayerView]:
    """The map content for the selected layers in the current view (whole region if no view).

    ``point_layers``: the layers that may be drawn as points (default all); the others are always cells.
    ``totals``: each layer's count in the selection when the caller has it already (not counted again).
    """
    bbox = bbox_from_bounds(bounds)
    allowed = frozenset(Layer) if point_layers is None else point_layers
    known = totals or {}
    return [
        layer_view(store, lay, f, bbox, zoom, known[lay] if lay in known else store.layer_count(lay, f), lay in allowed)
        for lay in layers
    ]


def zoom_for_bounds(bounds: list[list[float]], width_px: int = 900, height_px: int = 620) -> int:
    """The Web Mercator zoom at which ``[[south, west], [north, east]]`` fits a map of this size (max 15)."""
    (south, west), (north, east) = bounds
    width_m = max(abs(east - west), 1e-6) * 111_320 * np.cos(np.radians((south + north) / 2))
    height_m = max(abs(north - south), 1e-6) * 111_320
    scale = max(width_m / width_px, height_m / height_px)  # metres per pixel needed
    zoom = int(np.floor(np.log2(_M_PER_PX_Z0 / scale)))
    return int(min(max(zoom, 6), 15))


def monthly_counts(store: Store, f: Filters) -> pd.DataFrame:
    """Dumpings (sites) and incidents per month in the selection: ``month`` + one column per dated layer."""
    out: pd.DataFrame | None = None
    for lay in (Layer.DUMPINGS, Layer.INCIDENTS):
        part = store.counts_by(lay, f, "month").rename(columns={"n": lay.value})
        part["month"] = pd.to_datetime(part["month"])
        out = part if out is None else out.merge(part, on="month", how="outer")
    assert out is not None
    cols = [Layer.DUMPINGS.value, Layer.INCIDENTS.value]
    out[cols] = out[cols].fillna(0).astype(int)
    return out.sort_values("month").reset_index(drop=True)
