"""Assign points to the polygons that contain them (municipality, PPS area) when they are written.

A bounding-box prefilter plus shapely's vectorised ``contains_xy`` per polygon: 1M points against
the 342 generalised CBS municipalities in well under a second, with no spatial join per query.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray


def assign_index(x: ArrayLike, y: ArrayLike, geoms: Sequence[shapely.Geometry]) -> NDArray[np.int32]:
    """Return, per point, the index of the first polygon containing it, or -1."""
    xa, ya = np.asarray(x, float), np.asarray(y, float)
    out = np.full(len(xa), -1, dtype=np.int32)
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        minx, miny, maxx, maxy = geom.bounds
        cand = np.flatnonzero((out < 0) & (xa >= minx) & (xa <= maxx) & (ya >= miny) & (ya <= maxy))
        if cand.size == 0:
            continue
        shapely.prepare(geom)
        out[cand[shapely.contains_xy(geom, xa[cand], ya[cand])]] = i
    return out


def assign_codes(
    x: ArrayLike, y: ArrayLike, geoms: Sequence[shapely.Geometry], codes: Sequence[str]
) -> NDArray[np.object_]:
    """Return, per point, the code of the first polygon containing it, or ``None``."""
    return _codes_of(assign_index(x, y, geoms), codes)


def _codes_of(index: NDArray[np.int32], codes: Sequence[str]) -> NDArray[np.object_]:
    out = np.full(len(index), None, dtype=object)
    hit = index >= 0
    out[hit] = np.asarray(list(codes), dtype=object)[index[hit]]
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


class GridAssigner:
    """``assign_codes`` for non-overlapping polygons (municipalities), fast on millions of points.

    A grid of ``cell`` metres remembers, per cell, the one polygon whose interior holds the whole
    cell; only points in cells that a boundary crosses are tested against the polygons themselves.
    The result equals ``assign_codes`` (a test checks it).
    """

    def __init__(self, geoms: Sequence[shapely.Geometry], codes: Sequence[str], cell: float = 1000.0) -> None:
        self.geoms, self.codes = list(geoms), list(codes)
        self.cell = float(cell)
        usable = [i for i, g in enumerate(self.geoms) if g is not None and not g.is_empty]
        if not usable:
            self.origin, self.table = (0.0, 0.0), np.full((0, 0), -1, dtype=np.int32)
            return
        bounds = np.array([self.geoms[i].bounds for i in usable])
        x0, y0 = np.floor(bounds[:, :2].min(axis=0) / self.cell) * self.cell
        nx = int(np.ceil((bounds[:, 2].max() - x0) / self.cell)) + 1
        ny = int(np.ceil((bounds[:, 3].max() - y0) / self.cell)) + 1
        self.origin = (float(x0), float(y0))
        table = np.full((ny, nx), -1, dtype=np.int32)  # -1 no polygon, -2 crossed by a boundary
        crossed = np.zeros((ny, nx), dtype=bool)
        for i in usable:
            geom = self.geoms[i]
            shapely.prepare(geom)
            minx, miny, maxx, maxy = geom.bounds
            cx = np.arange(int((minx - x0) // self.cell), int((maxx - x0) // self.cell) + 1)
            cy = np.arange(int((miny - y0) // self.cell), int((maxy - y0) // self.cell) + 1)
            gx, gy = (a.ravel() for a in np.meshgrid(cx, cy))
            boxes = shapely.box(x0 + gx * self.cell, y0 + gy * self.cell,
                                x0 + (gx + 1) * self.cell, y0 + (gy + 1) * self.cell)  # fmt: skip
            inside = shapely.contains_properly(geom, boxes)
            table[gy[inside], gx[inside]] = i
            touched = ~inside & shapely.intersects(geom, boxes)
            crossed[gy[touched], gx[touched]] = True
        table[crossed & (table < 0)] = -2
        self.table = table

    def _slots(self, xa: NDArray[np.float64], ya: NDArray[np.float64]) -> NDArray[np.int32]:
        """Per point its cell's entry: a polygon index, -1 (no polygon) or -2 (a boundary crosses it)."""
        slot = np.full(len(xa), -1, dtype=np.int32)
        if self.table.size == 0 or xa.size == 0:
            return slot
        ny, nx = self.table.shape
        with np.errstate(invalid="ignore"):
            ix = np.floor((xa - self.origin[0]) / self.cell)
            iy = np.floor((ya - self.origin[1]) / self.cell)
        ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        slot[ok] = self.table[iy[ok].astype(np.int64), ix[ok].astype(np.int64)]
        return slot

    def indices(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.int32]:
        """Per point the index (into ``codes``) of the polygon containing it, or -1."""
        xa, ya = np.asarray(x, float), np.asarray(y, float)
        slot = self._slots(xa, ya)
        out = np.where(slot >= 0, slot, -1).astype(np.int32)
        edge = np.flatnonzero(slot == -2)
        if edge.size:
            out[edge] = assign_index(xa[edge], ya[edge], self.geoms)
        return out

    def assign(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.object_]:
        """Per point the code of the polygon containing it, or ``None`` (as ``assign_codes``)."""
        return _codes_of(self.indices(x, y), self.codes)

    def covered(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.bool_]:
        """Per point whether a polygon contains it (``assign(...) != None``, without the codes)."""
        return self.indices(x, y) >= 0
