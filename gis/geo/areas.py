"""Area geometry: from Draw-plugin GeoJSON to RD New, validation and repair, size and shares.

Pure functions (no Streamlit, no database). Errors are ``AreaError`` with a Dutch message that
names the problem; repairs are reported as Dutch notes so the user is told what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.geo.crs import in_rd_bounds, wgs84_to_rd

MIN_PART_M2 = 100.0  # parts and holes smaller than this are slivers
MIN_AREA_M2 = 10_000.0  # an area of less than a hectare is not a PPS area
MAX_OUTSIDE_SHARE = 0.05  # at most 5% of an area may lie outside the Netherlands (coast, border lines)


class AreaError(ValueError):
    """A geometry that cannot be an area; ``str(err)`` is Dutch and names the problem."""


@dataclass
class Checked:
    """A valid area polygon (RD New) and the Dutch notes on what was repaired."""

    geometry: shapely.MultiPolygon
    notes: list[str] = field(default_factory=list)


def _ring_rd(coords: list) -> np.ndarray:
    arr = np.asarray(coords, dtype=float)
    if arr.ndim != 2 or arr.shape[1] < 2:
        raise AreaError("De tekening bevat geen geldige coördinaten.")
    x, y = wgs84_to_rd(arr[:, 0], arr[:, 1])
    return np.column_stack([x, y])


def drawing_to_rd(feature: dict) -> shapely.Geometry:
    """One Draw-plugin GeoJSON Feature (WGS84 lon/lat) as an RD New polygon."""
    geom = feature.get("geometry") if isinstance(feature, dict) else None
    if not geom:
        raise AreaError("De tekening is leeg.")
    kind = geom.get("type")
    if kind == "Point" and (feature.get("properties") or {}).get("radius"):
        x, y = wgs84_to_rd(*geom["coordinates"][:2])
        return shapely.Point(float(x), float(y)).buffer(float(feature["properties"]["radius"]), 64)
    if kind == "Polygon":
        rings = [_ring_rd(r) for r in geom["coordinates"]]
        if len(rings[0]) < 4 or len(np.unique(rings[0][:-1].round(3), axis=0)) < 3:
            raise AreaError("Een vlak heeft minstens drie verschillende hoekpunten nodig.")
        return shapely.Polygon(rings[0], rings[1:])
    if kind == "MultiPolygon":
        return shapely.unary_union([drawing_to_rd({"geometry": {"type": "Polygon", "coordinates": p}})
                                    for p in geom["coordinates"]])  # fmt: skip
    raise AreaError(f"Alleen vlakken kunnen een gebied zijn; de tekening is een {kind or 'onbekend type'}.")


def drawings_to_rd(features: list[dict]) -> shapely.Geometry:
    """All drawn shapes together (multiple parts allowed) as one RD New geometry."""
    if not features:
        raise AreaError("Er is niets getekend. Teken eerst een vlak of rechthoek op de kaart.")
    return shapely.unary_union([drawing_to_rd(f) for f in features])


def _polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    if isinstance(geom, shapely.Polygon):
        return [geom]
    if isinstance(geom, (shapely.MultiPolygon, shapely.GeometryCollection)):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def check_area(geom: shapely.Geometry | None, netherlands: shapely.Geometry | None = None) -> Checked:
    """Validate and repair an RD New area; raise ``AreaError`` for what cannot be repaired."""
    if geom is None or geom.is_empty:
        raise AreaError("Het gebied is leeg.")
    notes: list[str] = []
    x, y = shapely.get_coordinates(geom).T
    if not in_rd_bounds(x, y).all():
        raise AreaError(
            f"Het gebied ligt (deels) buiten Nederland: coördinaat ({x[0]:.0f}, {y[0]:.0f}) valt buiten RD New."
        )
    cleaned = shapely.remove_repeated_points(geom, 0.01)
    if shapely.get_num_coordinates(cleaned) < shapely.get_num_coordinates(geom):
        notes.append("Dubbele hoekpunten zijn verwijderd.")
    if not cleaned.is_valid:
        reason = shapely.is_valid_reason(cleaned)
        cleaned = shapely.make_valid(cleaned)
        notes.append(f"De grens kruiste zichzelf ({reason}); ze is hersteld met make_valid.")
    parts = _polygons(cleaned)
    kept = [p for p in parts if p.area >= MIN_PART_M2]
    if len(kept) < len(parts):
        notes.append(f"{len(parts) - len(kept)} splinter(s) kleiner dan {MIN_PART_M2:.0f} m² verwijderd.")
    fixed = []
    for p in kept:
        holes = [h for h in p.interiors if shapely.Polygon(h).area >= MIN_PART_M2]
        if len(holes) < len(p.interiors):
            notes.append(f"{len(p.interiors) - len(holes)} gat(en) kleiner dan {MIN_PART_M2:.0f} m² gedicht.")
        fixed.append(shapely.Polygon(p.exterior, holes))
    result = shapely.MultiPolygon(fixed) if fixed else shapely.MultiPolygon()
    if result.area < MIN_AREA_M2:
        raise AreaError(f"Het gebied is te klein ({result.area / 10_000:.2f} ha); minimaal 1 ha.")
    if netherlands is not None:
        outside = result.difference(netherlands).area / result.area
        if outside > MAX_OUTSIDE_SHARE:
            raise AreaError(f"{outside:.0%} van het gebied ligt buiten Nederland; teken het binnen de grens.")
    if len(fixed) > 1:
        notes.append(f"Het gebied bestaat uit {len(fixed)} delen.")
    return Checked(result, notes)


def hectares(geom: shapely.Geometry) -> float:
    """Area in hectares, computed in RD New (metres)."""
    return float(geom.area) / 10_000.0


def municipality_shares(geom: shapely.Geometry, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """The municipalities an area touches: ``code, name, ha`` and ``share`` of the area (0..1)."""
    hits = municipalities[municipalities.intersects(geom)]
    ha = hits.geometry.intersection(geom).area / 10_000.0
    out = pd.DataFrame({"code": hits["code"], "name": hits["name"], "ha": ha.round(1)})
    out["share"] = (ha / hectares(geom)).round(4) if hectares(geom) else 0.0
    return out[out["ha"] > 0].sort_values("ha", ascending=False).reset_index(drop=True)


def union_of(municipalities: gpd.GeoDataFrame, codes: list[str]) -> shapely.Geometry:
    """The union of the chosen municipalities (CBS codes); refuses unknown codes."""
    sel = municipalities[municipalities["code"].isin(codes)]
    missing = sorted(set(codes) - set(sel["code"]))
    if missing:
        raise AreaError(f"Onbekende gemeentecode(s): {', '.join(missing)}.")
    if sel.empty:
        raise AreaError("Kies minstens één gemeente.")
    return sel.union_all()


def buffer_area(geom: shapely.Geometry, metres: float) -> shapely.Geometry:
    """Grow (positive) or shrink (negative) an area by ``metres``."""
    if not np.isfinite(metres) or abs(metres) > 20_000:
        raise AreaError(f"Buffer van {metres} m valt buiten het bereik -20.000 tot 20.000 m.")
    return geom.buffer(metres, 16)
