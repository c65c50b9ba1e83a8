"""Generate plausible, clustered, deterministic demo data (same seed, same data).

Points fall in the rural part of Gelderland and Overijssel (town centres excluded); part of each
layer clusters around hidden hotspots, some of which only start in a later year, so the hotspot and
trend analyses have something real to find. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.demo.places import TOWNS
from gis.geo.crs import RD, wgs84_to_rd

DEFAULT_SEED = 20261128
PERIOD_START = date(2023, 11, 1)
PERIOD_END = date(2026, 10, 31)  # fixed, so the data does not depend on today's date
SOURCE_WEIGHTS: dict[str, float] = {
    "politie": 0.34, "riec": 0.07, "brandweer": 0.10, "omgevingsdienst": 0.18,
    "natuur": 0.10, "gemeente": 0.13, "waterschap": 0.08,
}  # fmt: skip
STREETS = ("Esweg", "Bosweg", "Veldweg", "Broekweg", "Hengeloseweg", "Kerkpad", "Molenweg",
           "Schoolweg", "Heideweg", "Dijkweg", "Zandweg", "Beekweg")  # fmt: skip


@dataclass(frozen=True)
class Hotspot:
    """A hidden cluster centre (RD New), its spread in metres, weight and first active day."""

    x: float
    y: float
    sigma: float
    weight: float
    start: date


@dataclass
class DemoData:
    """All demo layers, RD New. Areas are a GeoDataFrame; point layers are DataFrames with x/y."""

    areas: gpd.GeoDataFrame
    barns: pd.DataFrame
    dumpings: pd.DataFrame
    incidents: pd.DataFrame
    hotspots: list[Hotspot]


def town_cores(seed: int = DEFAULT_SEED) -> gpd.GeoDataFrame:
    """Irregular built-up cores around the demo towns (RD New), kept free of demo points."""
    rng = np.random.default_rng([seed, 1])
    lat = np.array([t[1] for t in TOWNS])
    lon = np.array([t[2] for t in TOWNS])
    x, y = wgs84_to_rd(lon, lat)
    angles = np.linspace(0, 2 * np.pi, 20, endpoint=False)
    polys = []
    for (_, _, _, radius), cx, cy in zip(TOWNS, x, y, strict=True):
        r = radius * (1 + 0.25 * rng.uniform(-1, 1, angles.size))
        polys.append(shapely.Polygon(np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)])))
    return gpd.GeoDataFrame({"name": [t[0] for t in TOWNS]}, geometry=polys, crs=RD)


def rural_mask(region: shapely.Geometry, seed: int = DEFAULT_SEED) -> shapely.Geometry:
    """The region minus town cores: where demo points may fall."""
    mask = shapely.difference(region, town_cores(seed).union_all())
    shapely.prepare(mask)
    return mask


def _sample_uniform(rng: np.random.Generator, mask: shapely.Geometry, n: int) -> np.ndarray:
    minx, miny, maxx, maxy = mask.bounds
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        k = max(int((n - have) * 2.2), 64)
        pts = np.column_stack([rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)])
        pts = pts[shapely.contains_xy(mask, pts[:, 0], pts[:, 1])]
        out.append(pts)
        have += len(pts)
    return np.concatenate(out)[:n]


def _sample_clustered(
    rng: np.random.Generator, mask: shapely.Geometry, spots: list[Hotspot], n: int
) -> tuple[np.ndarray, np.ndarray]:
    """n points around hotspots (by weight); returns points and the hotspot index of each."""
    w = np.array([s.weight for s in spots])
    centre = np.array([[s.x, s.y] for s in spots])
    sigma = np.array([s.sigma for s in spots])
    pts_out, idx_out, have = [], [], 0
    while have < n:
        k = max(int((n - have) * 1.6), 64)
        idx = rng.choice(len(spots), size=k, p=w / w.sum())
        pts = centre[idx] + rng.normal(size=(k, 2)) * sigma[idx, None]
        ok = shapely.contains_xy(mask, pts[:, 0], pts[:, 1])
        pts_out.append(pts[ok])
        idx_out.append(idx[ok])
        have += int(ok.sum())
    return np.concatenate(pts_out)[:n], np.concatenate(idx_out)[:n]


def make_hotspots(rng: np.random.Generator, mask: shapely.Geometry, k: int = 16) -> list[Hotspot]:
    """Hidden cluster centres; a quarter start only in the last year (emerging hotspots)."""
    centres = _sample_uniform(rng, mask, k)
    late = PERIOD_END - timedelta(days=365)
    return [
        Hotspot(
            x=float(cx),
            y=float(cy),
            sigma=float(rng.uniform(900, 3000)),
            weight=float(rng.uniform(0.5, 2.0)),
            start=late if i % 4 == 3 else PERIOD_START,
        )
        for i, (cx, cy) in enumerate(centres)
    ]


def _dates(rng: np.random.Generator, starts: np.ndarray) -> np.ndarray:
    """Random days between each start and the period end (datetime64[D])."""
    start = starts.astype("datetime64[D]")
    span = (np.datetime64(PERIOD_END) - start).astype(int) + 1
    return start + (rng.random(len(starts)) * span).astype(int)


def _mixture(rng: np.random.Generator, mask, spots, n: int, share: float) -> tuple[np.ndarray, np.ndarray]:
    """Points (n x 2) and start dates: ``share`` clustered around hotspots, the rest background."""
    n_hot = round(n * share)
    hot, idx = _sample_clustered(rng, mask, spots, n_hot)
    back = _sample_uniform(rng, mask, n - n_hot)
    starts = np.array([spots[i].start for i in idx] + [PERIOD_START] * (n - n_hot), dtype="datetime64[D]")
    pts = np.vstack([hot, back])
    order = rng.permutation(n)
    return pts[order], starts[order]
