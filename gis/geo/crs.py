"""RD New (EPSG:28992) <-> WGS84 (EPSG:4326) with pyproj, always in (x/lon, y/lat) order.

The store keeps RD New metres; the browser map wants WGS84 degrees.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

RD = "EPSG:28992"
WGS84 = "EPSG:4326"

# Plausible RD New extent of the Netherlands (domain.md): x 0..300 km, y 300..625 km.
RD_BOUNDS: tuple[float, float, float, float] = (0.0, 300_000.0, 300_000.0, 625_000.0)


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def rd_to_wgs84(x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Transform RD New metres to WGS84; returns ``(lon, lat)`` arrays."""
    lon, lat = _transformer(RD, WGS84).transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon), np.asarray(lat)


def wgs84_to_rd(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Transform WGS84 ``(lon, lat)`` to RD New metres; returns ``(x, y)`` arrays."""
    x, y = _transformer(WGS84, RD).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.asarray(x), np.asarray(y)


def in_rd_bounds(x: ArrayLike, y: ArrayLike) -> NDArray[np.bool_]:
    """True where ``(x, y)`` lies within the plausible RD New extent of the Netherlands."""
    xa, ya = np.asarray(x, float), np.asarray(y, float)
    x0, x1, y0, y1 = RD_BOUNDS
    return (xa >= x0) & (xa <= x1) & (ya >= y0) & (ya <= y1)
