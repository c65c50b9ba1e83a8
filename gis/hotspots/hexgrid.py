"""H3 hexagons over a study area, as an alternative to the square grid.

Hexagons have six equal neighbours and no orientation, which some working groups prefer to read.
The resolution is the one whose average cell (√area) is closest to the chosen cell size. Cells that
overlap the study area are used, clipped to it. H3 indexes points one at a time (no vectorised call in
h3-py), so hexagons are slower than squares on a million points; squares are the default.
"""

from __future__ import annotations

from dataclasses import dataclass

import h3
import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from gis.geo.crs import rd_to_wgs84, wgs84_to_rd
from gis.hotspots.grid import GridError, check_cell

RESOLUTIONS: tuple[int, ...] = (6, 7, 8, 9, 10)
MAX_HEX_CELLS = 250_000


@dataclass(frozen=True, eq=False)
class HexGrid:
    """H3 cells of one resolution over ``study``: ids, RD centres, clipped polygons and areas."""

    resolution: int
    ids: NDArray[np.object_]
    cx: NDArray[np.float64]
    cy: NDArray[np.float64]
    polygons: NDArray[np.object_]
    area_m2: NDArray[np.float64]
    edge: NDArray[np.bool_]
    study: shapely.Geometry

    @property
    def n_cells(self) -> int:
        return len(self.ids)


def resolution_for(cell_m: float) -> int:
    """The H3 resolution whose average hexagon (√area) is closest to ``cell_m``."""
    cell = check_cell(cell_m)
    sizes = {r: h3.average_hexagon_area(r, "m^2") ** 0.5 for r in RESOLUTIONS}
    return min(sizes, key=lambda r: abs(np.log(sizes[r] / cell)))


def _to_wgs84(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.column_stack(rd_to_wgs84(xy[:, 0], xy[:, 1])))


def _to_rd(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.column_stack(wgs84_to_rd(xy[:, 0], xy[:, 1])))


def make_hexgrid(study: shapely.Geometry, cell_m: float) -> HexGrid:
    """The H3 cells (resolution from ``cell_m``) overlapping ``study`` (RD New), clipped to it."""
    res = resolution_for(cell_m)
    if study is None or study.is_empty or shapely.area(study) <= 0:
        raise GridError("hs_err_empty_area")
    expected = shapely.area(study) / h3.average_hexagon_area(res, "m^2")
    if expected > MAX_HEX_CELLS:
        raise GridError("hs_err_too_many_hex", n=round(expected))
    shape = h3.geo_to_h3shape(shapely.geometry.mapping(_to_wgs84(study)))
    ids = np.array(sorted(h3.h3shape_to_cells_experimental(shape, res, contain="overlap")), dtype=object)
    if ids.size == 0:
        raise GridError("hs_err_no_hex")
    rings = [[(lng, lat) for lat, lng in h3.cell_to_boundary(c)] for c in ids]
    hexes = np.array([_to_rd(shapely.Polygon(r)) for r in rings], dtype=object)
    shapely.prepare(study)
    boundary = study.boundary
    shapely.prepare(boundary)
    edge = shapely.intersects(boundary, hexes)
    polygons = hexes.copy()
    if edge.any():
        polygons[edge] = shapely.intersection(hexes[edge], study)
    area = shapely.area(polygons)
    keep = area > 0
    centres = shapely.centroid(hexes[keep])
    return HexGrid(res, ids[keep], shapely.get_x(centres), shapely.get_y(centres), polygons[keep], area[keep],
                   edge[keep], study)  # fmt: skip


def hex_index(grid: HexGrid, x: ArrayLike, y: ArrayLike) -> NDArray[np.int64]:
    """Per point (RD New) the index of its hexagon, or -1 outside the study area."""
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xa.size == 0:
        return np.empty(0, dtype=np.int64)
    lon, lat = rd_to_wgs84(xa, ya)
    index = {c: i for i, c in enumerate(grid.ids)}
    res = grid.resolution
    pos = np.fromiter((index.get(h3.latlng_to_cell(la, lo, res), -1) for la, lo in zip(lat, lon, strict=True)),
                      dtype=np.int64, count=xa.size)  # fmt: skip
    keep = pos >= 0
    on_edge = np.zeros_like(keep)
    on_edge[keep] = grid.edge[pos[keep]]
    if on_edge.any():
        keep[on_edge] = shapely.contains_xy(grid.study, xa[on_edge], ya[on_edge])
    return np.where(keep, pos, -1)
