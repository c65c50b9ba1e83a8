"""Place names for points without a network: the municipality a point lies in (CBS names from the store),
with the part of the municipality (north, south-east, ...) when the point lies away from its middle.

A meeting says "Apeldoorn (noord)" rather than ``E190000N475000``. A point outside every municipality gets
the nearest one. No gazetteer of towns is shipped: the CBS municipality names are what the store holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from numpy.typing import ArrayLike

from gis.geo.assign import assign_index

# Compass sectors of 45 degrees, counter-clockwise from east (the angle of atan2).
DIRECTIONS: dict[str, tuple[str, ...]] = {
    "nl": ("oost", "noordoost", "noord", "noordwest", "west", "zuidwest", "zuid", "zuidoost"),
    "en": ("east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"),
}
CENTRE_SHARE = 0.25  # within this share of the municipality's size (square root of its area) it is "the middle"


def direction(dx: float, dy: float, lang: str = "nl") -> str:
    """The compass direction (8 sectors) of a step ``dx``, ``dy`` (metres, RD New: y is north)."""
    sector = round(math.degrees(math.atan2(dy, dx)) / 45.0) % 8
    return DIRECTIONS.get(lang, DIRECTIONS["nl"])[sector]


def place_names(
    x: ArrayLike, y: ArrayLike, geoms: Sequence[shapely.Geometry], names: Sequence[str], lang: str = "nl"
) -> list[str]:
    """Per point (RD New) a name: the municipality it lies in (else the nearest), plus its part of the
    municipality in brackets when it lies away from the municipality's middle."""
    xa, ya = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xa.size == 0 or not len(geoms):
        return ["" for _ in range(xa.size)]
    polys = np.asarray(list(geoms), dtype=object)
    index = assign_index(xa, ya, list(polys)).astype(np.int64)
    points = shapely.points(xa, ya)
    for i in np.flatnonzero(index < 0):  # outside every municipality: the nearest
        index[i] = int(np.argmin(shapely.distance(polys, points[i])))
    middles = shapely.point_on_surface(polys[index])
    sizes = np.sqrt(shapely.area(polys[index]))
    out: list[str] = []
    for k in range(xa.size):
        name = str(names[int(index[k])])
        dx, dy = xa[k] - shapely.get_x(middles[k]), ya[k] - shapely.get_y(middles[k])
        if math.hypot(dx, dy) > CENTRE_SHARE * sizes[k]:
            name = f"{name} ({direction(dx, dy, lang)})"
        out.append(name)
    return out
