"""What each view of the Hotspots page draws, as plain data: groups of cells with a key, label and colour.

Cells of one group are merged into one polygon before they go to the browser, so a province-wide map
at 250 m sends a few dozen shapes, not a hundred thousand squares (and never any record's location).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from gis.hotspots.analysis import HotspotResult
from gis.hotspots.cells import CellSet
from gis.hotspots.gistar import HotspotError
from gis.hotspots.kde import default_bandwidth, kernel_density
from gis.hotspots.periods import CHANGES, Comparison, Emerging
from gis.hotspots.stats import CLASS_COLOURS, CLASS_LABELS
from gis.hotspots.trends import EMERGING_COLOURS, EMERGING_LABELS

DENSITY_COLOURS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # [0] unused: lower half
CHANGE_COLOURS: dict[str, str] = {"new": "#d62f27", "gone": "#4575b5", "kept": "#7b3294"}


@dataclass(frozen=True, eq=False)
class CellGroup:
    """Cells drawn in one colour, merged into one shape (RD New)."""

    key: str
    label: str
    colour: str
    cells: int
    geometry: shapely.Geometry


def _group(cells: CellSet, index: np.ndarray, key: str, label: str, colour: str) -> CellGroup | None:
    if index.size == 0:
        return None
    geoms = cells.polygons(index)
    merged = shapely.coverage_union_all(geoms) if cells.kind == "square" else shapely.union_all(geoms)
    return CellGroup(key, label, colour, int(index.size), merged)


def class_groups(result: HotspotResult, lang: str = "nl") -> list[CellGroup]:
    """One group per significant Gi* class, strongest hot first."""
    out = []
    for cls in (3, 2, 1, -1, -2, -3):
        g = _group(result.cells, np.flatnonzero(result.classes == cls), str(cls), CLASS_LABELS[cls][lang],
                   CLASS_COLOURS[cls])  # fmt: skip
        if g:
            out.append(g)
    return out


def density_groups(
    result: HotspotResult, bandwidth_m: float | None = None, lang: str = "nl"
) -> tuple[list[CellGroup], float]:
    """Kernel density in classes at the 50/75/90/97th percentile of the cells with any density (the lower
    half is left out, so the map shows where it is dense); returns the groups and the bandwidth."""
    cells = result.cells
    if cells.square is None:
        raise HotspotError("hs_err_density_square")
    grid = cells.square
    minx, miny, maxx, maxy = grid.study.bounds
    bw = float(bandwidth_m or default_bandwidth(grid.cell, max(maxx - minx, maxy - miny)))
    raster = np.zeros((grid.ny, grid.nx))
    raster[grid.mask] = result.counts
    density = kernel_density(raster, grid.mask, grid.cell, bw)[grid.mask]
    positive = density > 0
    if not positive.any():
        return [], bw
    edges = np.quantile(density[positive], [0.5, 0.75, 0.9, 0.97])
    level = np.searchsorted(edges, density, side="right")
    out = []
    bounds = [0.0, *edges, float(density.max())]
    for k in range(1, 5):
        idx = np.flatnonzero(positive & (level == k))
        label = f"{bounds[k]:.2f} – {bounds[k + 1]:.2f} per km²"
        label = label.replace(".", ",") if lang == "nl" else label
        g = _group(cells, idx, f"d{k}", label, DENSITY_COLOURS[k])
        if g:
            out.append(g)
    return out, bw


def change_groups(comp: Comparison, lang: str = "nl") -> list[CellGroup]:
    """Hot spots that are new, gone or kept between two periods."""
    out = []
    for key in ("new", "kept", "gone"):
        g = _group(comp.after.cells, np.flatnonzero(comp.change == key), key, CHANGES[key][lang], CHANGE_COLOURS[key])
        if g:
            out.append(g)
    return out


def emerging_groups(em: Emerging, cells: CellSet, lang: str = "nl") -> list[CellGroup]:
    """One group per emerging-hotspot pattern that occurs."""
    out = []
    for key in EMERGING_LABELS:
        if key == "none":
            continue
        g = _group(cells, np.flatnonzero(em.pattern == key), key, EMERGING_LABELS[key][lang], EMERGING_COLOURS[key])
        if g:
            out.append(g)
    return out
