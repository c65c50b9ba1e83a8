"""A regular square grid in RD New over a study area: which cells lie in it, how much of each, counts per cell.

The grid is a raster (row 0 at the bottom) aligned to multiples of the cell size, so the same cell has
the same corner in every analysis. A cell belongs to the study area when any part of it overlaps the
area; its ``area_m2`` is the overlapping part (cells at the edge are clipped). The work is done per
tile of ``TILE_CELLS`` × ``TILE_CELLS`` cells on the tile's piece of the area, so a province-wide
grid at 250 m (hundreds of thousands of cells) takes a fraction of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from gis.hotspots.messages import KeyedError

MIN_CELL_M = 100.0
MAX_CELL_M = 2_000.0
MAX_RASTER_CELLS = 6_000_000  # bounding raster (ny × nx) above which a grid is refused
TILE_CELLS = 32


class GridError(KeyedError):
    """A grid that cannot be made: a text key and parameters; ``str()`` is the Dutch sentence that says what
    to change, ``in_lang`` gives it in the interface language."""


@dataclass(frozen=True, eq=False)
class Grid:
    """Square cells of ``cell`` metres; cell (row, col) spans x0+col·cell .. and y0+row·cell ...

    ``area_m2`` (ny, nx) is the part of each cell inside the study area (0 = outside); ``mask`` is
    ``area_m2 > 0``; ``edge`` marks cells the area boundary crosses (points there need a containment test).
    """

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int
    area_m2: NDArray[np.float64]
    edge: NDArray[np.bool_]
    study: shapely.Geometry

    @property
    def mask(self) -> NDArray[np.bool_]:
        return self.area_m2 > 0

    @property
    def n_cells(self) -> int:
        return int(np.count_nonzero(self.area_m2 > 0))

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Cell-centre coordinates of the cells in the study area (flat, in ``mask`` order)."""
        rows, cols = np.nonzero(self.mask)
        return self.x0 + (cols + 0.5) * self.cell, self.y0 + (rows + 0.5) * self.cell

    def cell_boxes(self, flat_index: ArrayLike) -> NDArray[np.object_]:
        """Full square polygons of the given study cells (indices into the ``mask`` order)."""
        cx, cy = self.centres()
        idx = np.asarray(flat_index, dtype=np.int64)
        h = self.cell / 2
        return shapely.box(cx[idx] - h, cy[idx] - h, cx[idx] + h, cy[idx] + h)

    def cell_polygons(self, flat_index: ArrayLike) -> NDArray[np.object_]:
        """Cells clipped to the study area (only cells on the boundary are intersected)."""
        idx = np.asarray(flat_index, dtype=np.int64)
        boxes = self.cell_boxes(idx)
        on_edge = self.edge[self.mask][idx]
        if on_edge.any():
            shapely.prepare(self.study)
            boxes[on_edge] = shapely.intersection(boxes[on_edge], self.study)
        return boxes

    def cell_ids(self) -> NDArray[np.object_]:
        """Stable names of the study cells: ``E<x km>N<y km>`` of the lower-left corner in metres."""
        cx, cy = self.centres()
        h = self.cell / 2
        return np.char.add(np.char.add("E", (cx - h).astype(np.int64).astype(str)),
                           np.char.add("N", (cy - h).astype(np.int64).astype(str))).astype(object)  # fmt: skip


def default_cell(area_m2: float) -> int:
    """A cell size giving roughly 2,000-20,000 cells: 100 m for a village area, 500 m for a province."""
    for cell in (100, 250, 500, 1000):
        if area_m2 / (cell * cell) <= 20_000:
            return cell
    return 2000


def check_cell(cell_m: float) -> float:
    """``cell_m`` as a float, or ``GridError`` (Dutch) when it is not a usable cell size."""
    try:
        cell = float(cell_m)
    except (TypeError, ValueError):
        raise GridError("hs_err_cell_nan", cell=str(cell_m), lo=MIN_CELL_M, hi=MAX_CELL_M) from None
    if not math.isfinite(cell) or cell < MIN_CELL_M or cell > MAX_CELL_M:
        raise GridError("hs_err_cell_range", cell=cell, lo=MIN_CELL_M, hi=MAX_CELL_M)
    return cell


def make_grid(study: shapely.Geometry, cell_m: float) -> Grid:
    """The grid of ``cell_m`` metres over ``study`` (a polygon in RD New), clipped to it."""
    cell = check_cell(cell_m)
    if study is None or study.is_empty or shapely.area(study) <= 0:
        raise GridError("hs_err_empty_area")
    minx, miny, maxx, maxy = study.bounds
    x0, y0 = math.floor(minx / cell) * cell, math.floor(miny / cell) * cell
    nx, ny = max(1, math.ceil((maxx - x0) / cell)), max(1, math.ceil((maxy - y0) / cell))
    if nx * ny > MAX_RASTER_CELLS:
        raise GridError("hs_err_raster_too_big", cell=cell, n=int(nx * ny))
    area = np.zeros((ny, nx), dtype=np.float64)
    edge = np.zeros((ny, nx), dtype=bool)
    full = cell * cell
    for r0 in range(0, ny, TILE_CELLS):
        for c0 in range(0, nx, TILE_CELLS):
            r1, c1 = min(r0 + TILE_CELLS, ny), min(c0 + TILE_CELLS, nx)
            tile = (x0 + c0 * cell, y0 + r0 * cell, x0 + c1 * cell, y0 + r1 * cell)
            piece = shapely.clip_by_rect(study, *tile)
            if piece.is_empty or piece.area <= 0:
                continue
            if abs(piece.area - (r1 - r0) * (c1 - c0) * full) < 1e-6 * full:
                area[r0:r1, c0:c1] = full
                continue
            _fill_tile(piece, tile[0], tile[1], cell, area[r0:r1, c0:c1], edge[r0:r1, c0:c1])
    return Grid(x0, y0, cell, nx, ny, area, edge, study)


def _fill_tile(
    piece: shapely.Geometry, tx: float, ty: float, cell: float, area: NDArray[np.float64], edge: NDArray[np.bool_]
) -> None:
    rows, cols = np.indices(area.shape)
    left, bottom = tx + cols.ravel() * cell, ty + rows.ravel() * cell
    boxes = shapely.box(left, bottom, left + cell, bottom + cell)
    boundary = piece.boundary
    shapely.prepare(boundary)
    crossing = shapely.intersects(boundary, boxes)
    shapely.prepare(piece)
    inside = ~crossing & shapely.contains_xy(piece, left + cell / 2, bottom + cell / 2)
    flat = np.where(inside, cell * cell, 0.0)
    if crossing.any():
        flat[crossing] = shapely.area(shapely.intersection(boxes[crossing], piece))
    area[:] = flat.reshape(area.shape)
    edge[:] = (crossing & (flat > 0)).reshape(edge.shape)


def cell_index(grid: Grid, x: ArrayLike, y: ArrayLike) -> NDArray[np.int64]:
    """Per point the flat raster index (row * nx + col) of its cell, or -1 outside the study area."""
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    col = np.floor((xa - grid.x0) / grid.cell).astype(np.int64)
    row = np.floor((ya - grid.y0) / grid.cell).astype(np.int64)
    keep = (col >= 0) & (col < grid.nx) & (row >= 0) & (row < grid.ny)
    keep[keep] = grid.mask[row[keep], col[keep]]
    on_edge = np.zeros_like(keep)
    on_edge[keep] = grid.edge[row[keep], col[keep]]
    if on_edge.any():
        shapely.prepare(grid.study)
        keep[on_edge] = shapely.contains_xy(grid.study, xa[on_edge], ya[on_edge])
    return np.where(keep, row * grid.nx + col, -1)


def raster_counts(grid: Grid, x: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None) -> NDArray[np.float64]:
    """Points counted per cell (ny, nx); points outside the study area are not counted."""
    flat = cell_index(grid, x, y)
    keep = flat >= 0
    w = None if weights is None else np.asarray(weights, dtype=np.float64)[keep]
    return np.bincount(flat[keep], weights=w, minlength=grid.nx * grid.ny).astype(np.float64).reshape(grid.ny, grid.nx)
