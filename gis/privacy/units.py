"""The base units of a layer: records per 1 km cell, month, municipality, source, category and status, with the
sum of their record keys. Never shown themselves: ``gis.privacy.release`` sums them into the fixed cells and
tables an aggregate-only role may see, and perturbs each of those by the summed key (keys add up).

The units of incidents and barns are kept per process until the layer changes (``data_version``); dumpings
(few, and their status changes) are read each time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np
import pandas as pd
import shapely

from gis.domain.catalog import Layer
from gis.privacy.rules import BASE_CELL_M, coarse_filters, one_or_all
from gis.store.filters import CATEGORY_COLUMNS, BBox, Filters

_CACHE: OrderedDict[tuple[str, str, str], pd.DataFrame] = OrderedDict()
_CACHE_SIZE = 6
_LOCK = threading.Lock()
_DIMENSIONS = ("municipality_code", "source", "category", "status")


def base_units(store: Any, layer: Layer) -> pd.DataFrame:
    """The layer's base units (kept per process until the layer changes).

    Columns: ``cx``, ``cy`` (1 km cell indices), ``month`` (datetime64, NaT for barns), ``municipality_code``,
    ``source``, ``category``, ``status`` (categoricals), ``n`` (records) and ``key`` (cell key of the records).
    Only sums of ``n`` with their summed ``key`` are ever released (``gis.privacy.release``).
    """
    layer = Layer(layer)
    key = (str(store.path), layer.value, "" if layer is Layer.DUMPINGS else str(store.data_version(layer)))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    raw = store.disclosure_units(layer)
    units = pd.DataFrame({
        "cx": raw["cx"].to_numpy(dtype=np.int64), "cy": raw["cy"].to_numpy(dtype=np.int64),
        "month": pd.to_datetime(raw["month"]),
        **{c: raw[c].astype("category") for c in _DIMENSIONS},
        "n": raw["n"].to_numpy(dtype=np.int64), "key": raw["key"].to_numpy(dtype=np.int64),
    })  # fmt: skip
    if layer is not Layer.DUMPINGS:
        with _LOCK:
            _CACHE[key] = units
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return units


def clear_cache() -> None:
    """Forget the kept units (tests; a changed secret)."""
    with _LOCK:
        _CACHE.clear()


def centres(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """RD New centres of the units' 1 km cells."""
    return ((units["cx"].to_numpy() + 0.5) * BASE_CELL_M, (units["cy"].to_numpy() + 0.5) * BASE_CELL_M)


def inside(units: pd.DataFrame, geom: shapely.Geometry | None) -> np.ndarray:
    """Which units' cell centres lie inside ``geom`` (the cell-centre rule for shapes)."""
    if geom is None or geom.is_empty:
        return np.zeros(len(units), dtype=bool)
    cells = units[["cx", "cy"]].drop_duplicates()
    x, y = centres(cells)
    keep = cells[shapely.contains_xy(geom, x, y)]
    return pd.MultiIndex.from_frame(units[["cx", "cy"]]).isin(pd.MultiIndex.from_frame(keep))


def in_box(units: pd.DataFrame, bbox: BBox) -> np.ndarray:
    """Which units' cell centres lie in ``bbox``."""
    x, y = centres(units)
    return (x > bbox.minx) & (x < bbox.maxx) & (y > bbox.miny) & (y < bbox.maxy)


def select(
    units: pd.DataFrame, layer: Layer, f: Filters, area: shapely.Geometry | None = None,
    municipality: shapely.Geometry | None = None, statuses: tuple[str, ...] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The units a fixed selection covers: its fixed period, one or all sources (categories, statuses), and
    a PPS area or municipality by the 1 km cells whose centre lies inside it (``area``, ``municipality``:
    their geometries, when ``f`` names them)."""
    f = coarse_filters(f)
    mask = np.ones(len(units), dtype=bool)
    month = units["month"]
    if f.date_from is not None:
        mask &= ~(month < pd.Timestamp(f.date_from)).to_numpy()
    if f.date_to is not None:
        mask &= ~(month > pd.Timestamp(f.date_to)).to_numpy()
    chosen = {"source": f.sources, "category": f.categories if Layer(layer) in CATEGORY_COLUMNS else None,
              "status": one_or_all(statuses) if Layer(layer) is Layer.DUMPINGS else None}  # fmt: skip
    for column, values in chosen.items():
        if values is not None:
            mask &= units[column].isin(list(values)).to_numpy()
    if f.municipality:
        mask &= inside(units, municipality)
    if f.area_id is not None:
        mask &= inside(units, area)
    return units[mask]
