"""The two static maps of a BIJ12 dossier: where the find lies in its municipality (names of it and its
neighbours), and its surroundings in a 500 m frame (municipal boundary, 100 m ring, other dumpings).

No cadastral parcels are in the data, so the second map is "de omgeving", not a parcel map. Pure
matplotlib through ``gis.maps.static_map.render_map``; no tiles, no network, no Streamlit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure

from gis.geo.places import place_names
from gis.maps.static_map import MapLayer, build_figure

FRAME_M = 500.0  # side of the surroundings frame
RING_M = 100.0  # the ring around the find (the distance within which reports count as the same site)
SIZE_IN = (8.0, 4.9)
DPI = 170
OWN_FILL, OTHER_FILL = "#fff1c1", "#ececE6"
FIND, OTHERS = "#d7301f", "#6a51a3"
NO_PARCELS = "geen kadastrale percelen in de gegevens: de kaart toont de omgeving"


@dataclass(frozen=True)
class DossierMaps:
    """PNG bytes of both maps, and the place name (``'Berkelland (noordwest)'``) for the PDF."""

    situation: bytes
    surroundings: bytes
    place: str
    municipality: str


def _rd(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _own(munis: gpd.GeoDataFrame, x: float, y: float) -> int:
    """Position in ``munis`` of the municipality holding (x, y), else the nearest one."""
    geoms = np.asarray(munis.geometry.values, dtype=object)
    point = shapely.Point(x, y)
    inside = np.flatnonzero(shapely.contains_xy(geoms, x, y))
    return int(inside[0]) if len(inside) else int(np.argmin(shapely.distance(geoms, point)))


def _labels(munis: gpd.GeoDataFrame, box: shapely.Geometry, size: float, keep_free: shapely.Geometry) -> MapLayer:
    """Municipality names in the part of each municipality inside ``box`` (so they show) and outside
    ``keep_free`` (the find and its label)."""
    clipped = munis.assign(geometry=munis.geometry.intersection(box).difference(keep_free))
    clipped = clipped[~clipped.geometry.is_empty & (clipped.geometry.area > box.area * 0.01)]
    clipped = clipped.assign(geometry=clipped.geometry.map(_largest_part))
    return MapLayer(clipped[["name", "geometry"]], "polygon", colour="none", edgecolour="none", text_column="name",
                    text_size=size, zorder=4)  # fmt: skip


def _largest_part(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
    return max(parts, key=lambda g: g.area) if parts else geom


def _find(x: float, y: float, name: str, crs: object, size: float = 110) -> MapLayer:
    point = gpd.GeoDataFrame({"tekst": [name]}, geometry=[shapely.Point(x, y)], crs=crs)
    return MapLayer(point, "point", colour=FIND, marker_size=size, label="Vindplaats", text_column="tekst",
                    text_size=8, zorder=7)  # fmt: skip


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return out.getvalue()


def situation_figure(
    munis: gpd.GeoDataFrame, x: float, y: float, title: str, place: str, frame: tuple[float, float, float, float]
) -> Figure:
    """The find in its municipality (filled) among its neighbours, all named, with the box of ``frame`` (the
    surroundings map's extent)."""
    own = munis.iloc[[_own(munis, x, y)]]
    x0, y0, x1, y1 = own.total_bounds
    pad = max(x1 - x0, y1 - y0) * 0.06
    extent = (min(x0, x) - pad, min(y0, y) - pad, max(x1, x) + pad, max(y1, y) + pad)
    view = shapely.box(*extent).buffer(max(x1 - x0, y1 - y0) * 0.5, join_style="mitre")
    near = munis[munis.intersects(view)]
    fill = np.where(near["code"] == own["code"].iloc[0], OWN_FILL, OTHER_FILL)
    box = gpd.GeoSeries([shapely.box(*frame)], crs=munis.crs)
    free = shapely.Point(x, y).buffer(max(x1 - x0, y1 - y0) * 0.12)
    others = near[near["code"] != own["code"].iloc[0]]
    layers = [
        MapLayer(near.assign(fill=fill), "polygon", colour_column="fill", edgecolour="#555555", linewidth=0.9),
        _labels(others, shapely.box(*extent), 7.5, free),
        _labels(own, shapely.box(*extent), 10.5, free),
        MapLayer(box, "line", colour="#111111", linewidth=1.3, label="Uitsnede van de omgevingskaart", zorder=6),
        _find(x, y, "", munis.crs, 90),
    ]
    legend = [(f"Gemeente {own['name'].iloc[0]}", OWN_FILL), ("Buurgemeenten", OTHER_FILL)]
    return build_figure(layers, f"Ligging van {title} in de gemeente", f"{place} · RD {_rd(x)}, {_rd(y)}",
                        extent_rd=extent, legend=legend, size_in=SIZE_IN)  # fmt: skip


def _nearby_layer(nearby: pd.DataFrame, crs: object) -> MapLayer | None:
    if nearby is None or nearby.empty:
        return None
    found = pd.to_datetime(nearby["found_at"], errors="coerce")
    text = [f"{int(i)} · {f:%m-%Y}" if pd.notna(f) else f"{int(i)}" for i, f in zip(nearby["id"], found, strict=True)]
    frame = gpd.GeoDataFrame({"tekst": text}, geometry=shapely.points(nearby["x"], nearby["y"]), crs=crs)
    return MapLayer(frame, "point", colour=OTHERS, marker="s", marker_size=40, text_column="tekst", text_size=7,
                    label="Andere dumping (nummer · maand)", zorder=5)  # fmt: skip


def surroundings_figure(
    munis: gpd.GeoDataFrame, x: float, y: float, title: str, place: str, nearby: pd.DataFrame | None = None
) -> Figure:
    """The surroundings of the find, at least ``FRAME_M / 2`` on every side: municipal boundaries and names,
    a ``RING_M`` ring, other dumpings (``nearby``: ``id``, ``x``, ``y``, ``found_at``) and a scale bar."""
    half = FRAME_M / 2
    frame = shapely.box(x - half, y - half, x + half, y + half)
    wide = shapely.box(x - 6 * half, y - 6 * half, x + 6 * half, y + 6 * half)  # clip edges stay out of view
    near = munis[munis.intersects(wide)]
    own_code = munis["code"].iloc[_own(munis, x, y)]
    shapes = near.assign(geometry=near.geometry.intersection(wide),
                         fill=np.where(near["code"] == own_code, OWN_FILL, OTHER_FILL))  # fmt: skip
    ring = gpd.GeoSeries([shapely.Point(x, y).buffer(RING_M, 64).exterior], crs=munis.crs)
    layers = [
        MapLayer(shapes, "polygon", colour_column="fill", edgecolour="#333333", linewidth=1.6, label="Gemeentegrens"),
        _labels(near, frame, 9.5, shapely.Point(x, y).buffer(RING_M * 1.4)),
        MapLayer(
            ring, "line", colour=FIND, linewidth=0.9, alpha=0.8, label=f"{_rd(RING_M)} m rond de vindplaats", zorder=3
        ),
        _find(x, y, title, munis.crs, 130),
    ]
    if (others := _nearby_layer(nearby, munis.crs)) is not None:
        layers.insert(3, others)
    subtitle = f"{place} · RD {_rd(x)}, {_rd(y)} · {NO_PARCELS}"
    return build_figure(layers, f"Omgeving van de vindplaats (minstens {_rd(FRAME_M / 2)} m rondom)", subtitle,
                        extent_rd=frame.bounds, size_in=SIZE_IN)  # fmt: skip


def shown_extent(fig: Figure) -> tuple[float, float, float, float]:
    """``(xmin, ymin, xmax, ymax)`` in RD of the map in ``fig`` (grown to the frame's shape)."""
    (left, right), (bottom, top) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    return left, bottom, right, top


def dossier_maps(
    munis: gpd.GeoDataFrame, x: float, y: float, dumping_id: object, nearby: pd.DataFrame | None = None
) -> DossierMaps:
    """Both maps of dumping ``dumping_id`` at RD (x, y); ``munis`` needs ``code``, ``name`` and geometry (RD)."""
    if munis.empty:
        raise ValueError("Geen gemeentegrenzen in de gegevens; de dossierkaart kan niet worden gemaakt.")
    place = place_names([x], [y], list(munis.geometry.values), list(munis["name"]))[0]
    municipality = str(munis["name"].iloc[_own(munis, x, y)])
    surroundings = surroundings_figure(munis, x, y, f"Dumping {dumping_id}", place, nearby)
    situation = situation_figure(munis, x, y, f"dumping {dumping_id}", place, shown_extent(surroundings))
    return DossierMaps(_png(situation), _png(surroundings), place, municipality)
