"""Coordinates of imported rows: recognise the system by its ranges and bring everything to RD New.

RD New and WGS84 ranges for the Netherlands do not overlap, so the numbers themselves tell the system,
including latitude and longitude written the wrong way round. All work is on whole arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gis.geo.crs import RD, RD_BOUNDS, WGS84, in_rd_bounds, wgs84_to_rd

CrsKind = Literal["rd", "wgs84", "wgs84_swapped", "unknown"]
LAT_RANGE: tuple[float, float] = (50.5, 53.8)
LON_RANGE: tuple[float, float] = (3.0, 7.5)
CRS_LABELS: dict[str, str] = {
    "rd": "RD New (EPSG:28992)",
    "wgs84": "WGS84 (EPSG:4326, lengte- en breedtegraad)",
    "wgs84_swapped": "WGS84 met breedte- en lengtegraad verwisseld",
}
_ALIASES: dict[str, str] = {
    "rd": "rd", RD.casefold(): "rd", "28992": "rd", "wgs84": "wgs84", WGS84.casefold(): "wgs84", "4326": "wgs84",
    "wgs84_swapped": "wgs84_swapped",
}  # fmt: skip


@dataclass
class CrsGuess:
    """The recognised system of a coordinate pair, an example coordinate as text, and Dutch notes.

    For ``kind == "unknown"`` the first note is the refusal message (it shows the example).
    """

    kind: CrsKind
    example: str
    notes: list[str] = field(default_factory=list)


def _in(values: NDArray[np.float64], bounds: tuple[float, float]) -> NDArray[np.bool_]:
    return (values >= bounds[0]) & (values <= bounds[1])


def classify(a: ArrayLike, b: ArrayLike) -> dict[str, NDArray[np.bool_]]:
    """Per pair ``(a, b)``: does it fit RD New, WGS84 (lon, lat) or swapped WGS84 (lat, lon)?"""
    av, bv = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return {
        "rd": in_rd_bounds(av, bv),
        "wgs84": _in(av, LON_RANGE) & _in(bv, LAT_RANGE),
        "wgs84_swapped": _in(av, LAT_RANGE) & _in(bv, LON_RANGE),
    }


def _fmt(value: float) -> str:
    return f"{value:.10g}"


def detect_crs(a: np.ndarray, b: np.ndarray) -> CrsGuess:
    """Recognise the coordinate system from the values of the first (x/lon) and second (y/lat) coordinate.

    The system that fits most of the finite pairs wins, provided it fits at least half of them; the
    rows that do not fit are refused later as lying outside the Netherlands.
    """
    av, bv = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    finite = np.isfinite(av) & np.isfinite(bv)
    if not finite.any():
        return CrsGuess("unknown", "", ["Er staan geen leesbare coördinaten in de gekoppelde kolommen."])
    av, bv = av[finite], bv[finite]
    fits = {kind: int(mask.sum()) for kind, mask in classify(av, bv).items()}
    kind = max(fits, key=lambda k: fits[k])
    if fits[kind] * 2 < av.size:
        shown = f"({_fmt(av[0])}, {_fmt(bv[0])})"
        x0, x1, y0, y1 = RD_BOUNDS
        return CrsGuess(
            "unknown",
            shown,
            [
                f"Onbekend coördinatenstelsel: bijvoorbeeld {shown} is geen RD New (x {x0:.0f}–{x1:.0f}, "
                f"y {y0:.0f}–{y1:.0f}) en geen WGS84 binnen Nederland (breedte {LAT_RANGE[0]}–{LAT_RANGE[1]}, "
                f"lengte {LON_RANGE[0]}–{LON_RANGE[1]}). Lever RD New (EPSG:28992) of WGS84 (EPSG:4326)."
            ],
        )
    index = int(np.argmax(classify(av, bv)[kind]))
    shown = f"({_fmt(av[index])}, {_fmt(bv[index])})"
    notes = [f"Coördinaten herkend als {CRS_LABELS[kind]}, bijvoorbeeld {shown}."]
    if kind == "wgs84_swapped":
        notes.append(
            f"De kolommen lijken verwisseld: {shown} is breedtegraad, lengtegraad. Ze zijn omgedraaid gelezen."
        )
    if fits[kind] < av.size:
        notes.append(f"{av.size - fits[kind]} rij(en) passen daar niet in en worden geweigerd.")
    return CrsGuess(kind, shown, notes)


def crs_kind(crs: str) -> str:
    """``rd``, ``wgs84`` or ``wgs84_swapped`` for a kind or EPSG code; ValueError (Dutch) for anything else."""
    kind = _ALIASES.get(str(crs).strip().casefold())
    if kind is None:
        raise ValueError(f"Coördinatenstelsel '{crs}' wordt niet ondersteund; gebruik RD New of WGS84.")
    return kind


def to_rd(
    a: NDArray[np.float64], b: NDArray[np.float64], crs: str
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """RD New ``(x, y)`` for the pairs, and a mask of pairs inside the Netherlands (NaN pairs are not).

    WGS84 pairs outside the box around the Netherlands are not projected (they come back as NaN).
    """
    kind = crs_kind(crs)
    av, bv = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if kind == "rd":
        x, y = av, bv
    else:
        lon, lat = (av, bv) if kind == "wgs84" else (bv, av)
        box = _in(lon, LON_RANGE) & _in(lat, LAT_RANGE)
        x = np.full(av.shape, np.nan)
        y = np.full(av.shape, np.nan)
        if box.any():
            x[box], y[box] = wgs84_to_rd(lon[box], lat[box])
    inside = np.isfinite(x) & np.isfinite(y) & in_rd_bounds(x, y)
    return x, y, inside
