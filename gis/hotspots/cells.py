"""One interface over square grids and H3 hexagons: the study cells, counting points, Gi* on counts.

Analysis code works on flat arrays over the study cells (``n`` of them) and does not care which kind
of cell it has; the square grid computes Gi* by convolution, hexagons by a sparse weights matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray

from gis.hotspots.gistar import GiStar, distance_weights, gi_star_raster, gi_star_sparse
from gis.hotspots.grid import Grid, cell_index, make_grid
from gis.hotspots.hexgrid import HexGrid, hex_index, make_hexgrid

GRIDS: dict[str, dict[str, str]] = {
    "square": {"nl": "Vierkante cellen (RD)", "en": "Square cells (RD)"},
    "h3": {"nl": "Zeshoeken (H3)", "en": "Hexagons (H3)"},
}


@dataclass(eq=False)
class CellSet:
    """The study cells of one grid; every array is flat over the ``n`` cells."""

    kind: str
    cell_m: float
    square: Grid | None = None
    hexes: HexGrid | None = None
    _weights: dict[float, object] = field(default_factory=dict)

    @property
    def study(self) -> shapely.Geometry:
        return self.square.study if self.square is not None else self.hexes.study  # type: ignore[union-attr]

    @property
    def n(self) -> int:
        return self.square.n_cells if self.square is not None else self.hexes.n_cells  # type: ignore[union-attr]

    @property
    def area_m2(self) -> NDArray[np.float64]:
        if self.square is not None:
            return self.square.area_m2[self.square.mask]
        return self.hexes.area_m2  # type: ignore[union-attr]

    @property
    def label(self) -> str:
        if self.hexes is not None:
            return f"H3-resolutie {self.hexes.resolution}"
        return f"{self.cell_m:g} m"

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        if self.square is not None:
            return self.square.centres()
        return self.hexes.cx, self.hexes.cy  # type: ignore[union-attr]

    def ids(self) -> NDArray[np.object_]:
        if self.square is not None:
            return self.square.cell_ids()
        return self.hexes.ids  # type: ignore[union-attr]

    def polygons(self, index: ArrayLike | None = None) -> NDArray[np.object_]:
        """Cell polygons (RD New) clipped to the study area; all cells when ``index`` is None."""
        idx = np.arange(self.n) if index is None else np.asarray(index, dtype=np.int64)
        if self.square is not None:
            return self.square.cell_polygons(idx)
        return self.hexes.polygons[idx]  # type: ignore[union-attr]

    def index_of(self, x: ArrayLike, y: ArrayLike) -> NDArray[np.int64]:
        """For each point (RD New) the index of its study cell, or -1 outside the study area."""
        if self.square is None:
            return hex_index(self.hexes, x, y)  # type: ignore[arg-type]
        g = self.square
        flat = cell_index(g, x, y)
        lookup = np.full(g.nx * g.ny, -1, dtype=np.int64)
        lookup[np.flatnonzero(g.mask.ravel())] = np.arange(g.n_cells)
        return np.where(flat >= 0, lookup[np.maximum(flat, 0)], -1)

    def counts(self, x: ArrayLike, y: ArrayLike, weights: ArrayLike | None = None) -> NDArray[np.float64]:
        """Points counted per cell; points outside the study area are not counted."""
        idx = self.index_of(x, y)
        keep = idx >= 0
        w = None if weights is None else np.asarray(weights, dtype=np.float64)[keep]
        return np.bincount(idx[keep], weights=w, minlength=self.n).astype(np.float64)

    def gi_star(self, values: ArrayLike, distance_m: float) -> GiStar:
        """Gi* of ``values`` (one per cell) with a binary distance band of ``distance_m``."""
        y = np.asarray(values, dtype=np.float64)
        if self.square is not None:
            raster = np.zeros((self.square.ny, self.square.nx))
            raster[self.square.mask] = y
            return gi_star_raster(raster, self.square.mask, self.cell_m, distance_m)
        if distance_m not in self._weights:
            self._weights[distance_m] = distance_weights(self.hexes.cx, self.hexes.cy, distance_m)  # type: ignore[union-attr]
        return gi_star_sparse(y, self._weights[distance_m])  # type: ignore[arg-type]


def make_cells(study: shapely.Geometry, cell_m: float, kind: str = "square") -> CellSet:
    """The study cells of ``kind`` (``square`` or ``h3``) and size ``cell_m`` over ``study`` (RD New)."""
    if kind == "square":
        return CellSet("square", float(cell_m), square=make_grid(study, cell_m))
    if kind == "h3":
        return CellSet("h3", float(cell_m), hexes=make_hexgrid(study, cell_m))
    raise ValueError(f"Onbekend soort cellen '{kind}'; kies uit: {', '.join(GRIDS)}.")
