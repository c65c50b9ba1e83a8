"""Assign points to the polygons that contain them (municipality, PPS area) when they are written.

A bounding-box prefilter plus shapely's vectorised ``contains_xy`` per polygon: 1M points against
the 342 generalised CBS municipalities in well under a second, with no spatial join per query.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray


def assign_codes(
    x: ArrayLike, y: ArrayLike, geoms: Sequence[shapely.Geometry], codes: Sequence[str]
) -> NDArray[np.object_]:
    """Return, per point, the code of the first polygon containing it, or ``None``."""
    xa, ya = np.asarray(x, float), np.asarray(y, float)
    out = np.full(len(xa), None, dtype=object)
    free = np.ones(len(xa), dtype=bool)
    for geom, code in zip(geoms, codes, strict=True):
        if geom is None or geom.is_empty:
            continue
        minx, miny, maxx, maxy = geom.bounds
        cand = np.flatnonzero(free & (xa >= minx) & (xa <= maxx) & (ya >= miny) & (ya <= maxy))
        if cand.size == 0:
            continue
        shapely.prepare(geom)
        hit = cand[shapely.contains_xy(geom, xa[cand], ya[cand])]
        out[hit] = code
        free[hit] = False
    return out


def members(x: ArrayLike, y: ArrayLike, geom: shapely.Geometry) -> NDArray[np.int64]:
    """Indices of the points inside ``geom`` (for overlapping areas: one call per area)."""
    xa, ya = np.asarray(x, float), np.asarray(y, float)
    if geom is None or geom.is_empty or xa.size == 0:
        return np.empty(0, dtype=np.int64)
    minx, miny, maxx, maxy = geom.bounds
    cand = np.flatnonzero((xa >= minx) & (xa <= maxx) & (ya >= miny) & (ya <= maxy))
    shapely.prepare(geom)
    return cand[shapely.contains_xy(geom, xa[cand], ya[cand])].astype(np.int64)
