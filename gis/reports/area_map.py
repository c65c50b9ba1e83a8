"""The static map of an area for reports: the municipalities around it (named), the area outlined, its
hotspot cells (Gi* classes in the Hotspots colours) and point layers, with a scale bar and north arrow.

Drawn with ``gis.maps.static_map`` (the style of the hotspot export and the dumping dossier maps): RD New,
no tiles, no network. Callers pass what the role may see (aggregated cells instead of points, for example).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.figure import Figure

from gis.hotspots.stats import CLASS_COLOURS, CLASS_LABELS
from gis.maps.static_map import MapLayer, build_figure

__all__ = ["AREA_PAD", "MIN_SIDE_M", "area_extent", "area_map_figure", "area_map_png", "municipality_layers"]

RD = "EPSG:28992"
AREA_PAD = 0.15  # share of the area's extent added on every side
MIN_SIDE_M = 2_000.0
MUNI_FILL, MUNI_EDGE = "#f1f1ec", "#8c8c8c"
POINT_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
POINT_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
CELL_COLOUR = "#E69F00"


def area_extent(area: shapely.Geometry) -> tuple[float, float, float, float]:
    """The map frame around ``area`` (RD New): its bounds padded by ``AREA_PAD``, at least ``MIN_SIDE_M`` wide."""
    x0, y0, x1, y1 = area.bounds
    pad = max(x1 - x0, y1 - y0, MIN_SIDE_M) * AREA_PAD
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = max(x1 - x0, MIN_SIDE_M) / 2 + pad, max(y1 - y0, MIN_SIDE_M) / 2 + pad
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def _largest_part(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon"]
    return max(parts, key=lambda g: g.area) if parts else geom


def municipality_layers(munis: gpd.GeoDataFrame, view: shapely.Geometry, shown: shapely.Geometry) -> list[MapLayer]:
    """Municipal boundaries around the view, and each name in the largest part of the municipality inside the
    ``shown`` frame (so that every name lands on the map)."""
    near = munis[munis.intersects(view)]
    if near.empty:
        return []
    shapes = gpd.GeoSeries(near.geometry.intersection(view.buffer(view.length)).to_numpy(), crs=RD)
    layers = [MapLayer(shapes, "polygon", colour=MUNI_FILL, edgecolour=MUNI_EDGE, linewidth=0.8, zorder=1,
                       label="Gemeentegrens")]  # fmt: skip
    name_col = next((c for c in ("name", "naam", "statnaam", "gemeentenaam") if c in near.columns), None)
    if name_col is not None:
        inside = near.geometry.intersection(shown)
        labels = gpd.GeoDataFrame({"tekst": near[name_col].astype(str).to_numpy()},
                                  geometry=inside.to_numpy(), crs=RD)  # fmt: skip
        labels = labels[~labels.geometry.is_empty & (labels.geometry.area > shown.area * 0.02)]
        labels = labels.assign(geometry=labels.geometry.map(_largest_part))
        layers.append(MapLayer(labels, "polygon", colour="none", edgecolour="none", text_column="tekst",
                               text_size=8.5, zorder=6))  # fmt: skip
    return layers


def _cell_layers(cells: gpd.GeoDataFrame) -> tuple[list[MapLayer], list[tuple[str, str]]]:
    """Hotspot cells: coloured by Gi* ``class`` (non-significant cells left out) when present."""
    frame = gpd.GeoDataFrame(cells.drop(columns="geometry", errors="ignore"), geometry=cells.geometry.to_numpy(),
                             crs=RD)  # fmt: skip
    if "class" not in frame.columns:
        return [MapLayer(frame, "polygon", colour=CELL_COLOUR, edgecolour="none", alpha=0.75, zorder=2,
                         label="Hotspotcel")], []  # fmt: skip
    classes = frame["class"].astype(int)
    frame = frame[classes != 0].assign(kleur=[CLASS_COLOURS[int(c)] for c in classes[classes != 0]])
    present = set(frame["class"].astype(int))
    legend = [(CLASS_LABELS[c]["nl"], CLASS_COLOURS[c]) for c in (3, 2, 1, -1, -2, -3) if c in present]
    if frame.empty:
        return [], []
    return [MapLayer(frame, "polygon", colour_column="kleur", edgecolour="none", alpha=0.85, zorder=2)], legend


def _point_layers(points: Mapping[str, tuple[Sequence[float], Sequence[float]]]) -> list[MapLayer]:
    layers = []
    for i, (name, (xs, ys)) in enumerate(points.items()):
        x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        if x.shape != y.shape:
            raise ValueError(f"Kaartlaag '{name}': {x.size} x-waarden maar {y.size} y-waarden.")
        keep = np.isfinite(x) & np.isfinite(y)
        frame = gpd.GeoSeries(shapely.points(x[keep], y[keep]), crs=RD)
        layers.append(MapLayer(frame, "point", colour=POINT_COLOURS[i % len(POINT_COLOURS)],
                               marker=POINT_MARKERS[i % len(POINT_MARKERS)], marker_size=26, zorder=5 + i * 0.01,
                               label=f"{name} ({int(keep.sum())})"))  # fmt: skip
    return layers


def area_map_figure(
    area_geom: shapely.Geometry,
    municipalities_gdf: gpd.GeoDataFrame,
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None,
    hotspot_cells: gpd.GeoDataFrame | None,
    title: str,
    *,
    subtitle: str = "",
    area_label: str = "PPS-gebied",
    mark: str = "",
    size_in: tuple[float, float] = (8.0, 6.0),
) -> Figure:
    """The map as a matplotlib ``Figure``; see ``area_map_png``."""
    if area_geom is None or area_geom.is_empty:
        raise ValueError(f"Kaart '{title}': het gebied heeft geen geometrie.")
    crs = municipalities_gdf.crs
    if crs is not None and crs.to_epsg() != 28992:
        raise ValueError(
            f"Kaart '{title}': gemeentegrenzen moeten in RD New (EPSG:28992) zijn, niet {crs.to_string()}."
        )
    extent = area_extent(area_geom)
    view = shapely.box(*extent).buffer(max(extent[2] - extent[0], extent[3] - extent[1]) * 0.25, join_style="mitre")
    layers = municipality_layers(municipalities_gdf, view, shapely.box(*extent))
    legend: list[tuple[str, str]] = []
    if hotspot_cells is not None and not hotspot_cells.empty:
        cell_layers, legend = _cell_layers(hotspot_cells)
        layers += cell_layers
    area = gpd.GeoSeries([area_geom], crs=RD)
    layers.append(MapLayer(area, "line", colour="#111111", linewidth=2.0, zorder=4, label=area_label))
    layers += _point_layers(points or {})
    return build_figure(layers, title, subtitle, extent_rd=extent, legend=legend or None, size_in=size_in,
                        mark=mark)  # fmt: skip


def area_map_png(
    area_geom: shapely.Geometry,
    municipalities_gdf: gpd.GeoDataFrame,
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None,
    hotspot_cells: gpd.GeoDataFrame | None,
    title: str,
    *,
    subtitle: str = "",
    area_label: str = "PPS-gebied",
    mark: str = "",
    size_in: tuple[float, float] = (8.0, 6.0),
    dpi: int = 150,
) -> bytes:
    """PNG of the area (RD New geometry) among ``municipalities_gdf`` (RD New, names from a ``name`` column),
    with ``points`` (layer name -> (x, y) arrays in RD, shown with their count in the legend), and
    ``hotspot_cells`` (polygons; a Gi* ``class`` column colours them as on the Hotspots page, class 0 left
    out). ``mark`` (e.g. "DEMO") is shown in red. ``size_in × dpi`` pixels."""
    fig = area_map_figure(area_geom, municipalities_gdf, points, hotspot_cells, title, subtitle=subtitle,
                          area_label=area_label, mark=mark, size_in=size_in)  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return out.getvalue()
