"""The map of an area's measures for the plan of action: points, road segments and zones drawn on the area, each
with its number from the plan's matrix (and a numbered list beside the map), the municipalities around it.

Drawn with ``gis.maps.static_map`` in the style of the analysis map (``gis.reports.area_map``): RD New, no tiles,
no network. Measures without a place are not drawn; the subtitle says how many.
"""

from __future__ import annotations

import io
import textwrap

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.figure import Figure

from gis.maps.static_map import MapLayer, build_figure
from gis.reports.area_map import area_extent, municipality_layers
from gis.reports.document import clean_text

__all__ = ["KIND_COLOURS", "measures_map_figure", "measures_map_png"]

RD = "EPSG:28992"
# Okabe–Ito colours per way a measure sits on the map.
KIND_COLOURS = {"punt": "#0072B2", "weg": "#D55E00", "zone": "#CC79A7"}
KIND_LABELS = {"punt": "Maatregel op een punt", "weg": "Maatregel op een wegvak", "zone": "Maatregel in een zone"}
SIDE_ROWS = 18  # numbered lines beside the map; more are summarised in one line
NAME_CHARS = 34


def _kind_of(geom: shapely.Geometry) -> str | None:
    """``punt``, ``weg`` or ``zone`` by geometry type (the type decides, so a mislabelled row still draws)."""
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind in ("Point", "MultiPoint"):
        return "punt"
    if kind in ("LineString", "MultiLineString", "LinearRing"):
        return "weg"
    if kind in ("Polygon", "MultiPolygon"):
        return "zone"
    return None


def _anchor(geom: shapely.Geometry) -> shapely.Geometry:
    """Where a number stands: the point itself, the middle of a road segment, a point inside a zone."""
    if geom.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        return shapely.line_interpolate_point(shapely.line_merge(geom), 0.5, normalized=True)
    if geom.geom_type == "MultiPoint":
        return shapely.get_geometry(geom, 0)
    return geom.point_on_surface()


def _placed(measures: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The measures with a drawable geometry, in RD New, with ``nr`` (text), ``kind`` and ``anchor``."""
    frame = measures.reset_index(drop=True)
    if frame.crs is not None and frame.crs.to_epsg() != 28992:
        frame = frame.to_crs(RD)
    numbers = frame["nr"] if "nr" in frame.columns else pd.Series(np.arange(1, len(frame) + 1))
    geoms = list(frame.geometry) if "geometry" in frame.columns else [None] * len(frame)
    kinds = [_kind_of(g) for g in geoms]
    keep = [k is not None for k in kinds]
    names = frame["name"] if "name" in frame.columns else pd.Series([""] * len(frame))
    out = gpd.GeoDataFrame(
        {"nr": [str(n) for n in numbers], "kind": kinds, "name": [clean_text(n or "") for n in names]},
        geometry=gpd.GeoSeries(geoms, crs=RD),
        crs=RD,
    )
    out = out[np.asarray(keep, dtype=bool)]
    return out.assign(anchor=[_anchor(g) for g in out.geometry])


def _layers(placed: gpd.GeoDataFrame) -> list[MapLayer]:
    layers: list[MapLayer] = []
    zones, roads = placed[placed["kind"] == "zone"], placed[placed["kind"] == "weg"]
    if len(zones):
        layers.append(MapLayer(zones[["geometry"]], "polygon", colour=KIND_COLOURS["zone"], alpha=0.3, zorder=3,
                               edgecolour=KIND_COLOURS["zone"], linewidth=1.2, label=KIND_LABELS["zone"]))  # fmt: skip
    if len(roads):
        layers.append(MapLayer(roads[["geometry"]], "line", colour=KIND_COLOURS["weg"], linewidth=3.0, zorder=4,
                               label=KIND_LABELS["weg"]))  # fmt: skip
    for kind in ("punt", "weg", "zone"):
        part = placed[placed["kind"] == kind]
        if part.empty:
            continue
        marks = gpd.GeoDataFrame({"nr": part["nr"].to_numpy()}, geometry=list(part["anchor"]), crs=RD)
        layers.append(MapLayer(marks, "point", colour=KIND_COLOURS[kind], marker_size=150, zorder=6,
                               text_column="nr", text_centred=True, text_size=7,
                               label=KIND_LABELS[kind] if kind == "punt" else ""))  # fmt: skip
    return layers


def _side_list(placed: gpd.GeoDataFrame) -> list[str]:
    lines = [f"{nr}. {textwrap.shorten(' '.join(name.split()) or '–', NAME_CHARS, placeholder='…')}"
             for nr, name in zip(placed["nr"], placed["name"], strict=True)]  # fmt: skip
    if len(lines) > SIDE_ROWS:
        rest = len(lines) - SIDE_ROWS + 1
        lines = [*lines[: SIDE_ROWS - 1], f"… en nog {rest} (zie de tabel)"]
    return lines


def measures_map_figure(
    area_geom: shapely.Geometry,
    measures: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame | None = None,
    *,
    title: str = "Maatregelen in het gebied",
    mark: str = "",
    size_in: tuple[float, float] = (8.0, 6.0),
) -> Figure:
    """The map as a matplotlib ``Figure``; see ``measures_map_png``."""
    if area_geom is None or area_geom.is_empty:
        raise ValueError(f"Kaart '{title}': het gebied heeft geen geometrie.")
    placed = _placed(measures)
    extent = area_extent(area_geom)
    layers: list[MapLayer] = []
    if municipalities is not None and not municipalities.empty:
        view = shapely.box(*extent).buffer(max(extent[2] - extent[0], extent[3] - extent[1]) * 0.25)
        layers += municipality_layers(municipalities.to_crs(RD), view, shapely.box(*extent))
    layers.append(MapLayer(gpd.GeoSeries([area_geom], crs=RD), "line", colour="#111111", linewidth=2.0, zorder=4,
                           label="PPS-gebied"))  # fmt: skip
    layers += _layers(placed)
    unplaced = len(measures) - len(placed)
    if len(measures) == 0:
        subtitle = "Er staan nog geen maatregelen in het plan."
    elif unplaced:
        verb = "heeft" if unplaced == 1 else "hebben"
        subtitle = f"{unplaced} van de {len(measures)} maatregelen {verb} geen plek op de kaart (niet getekend)."
    else:
        subtitle = "Nummers zoals in de tabel van de maatregelen."
    return build_figure(layers, title, subtitle, extent_rd=extent, size_in=size_in, side_title="Maatregelen" if
                        len(placed) else "", side_list=_side_list(placed), mark=mark)  # fmt: skip


def measures_map_png(
    area_geom: shapely.Geometry,
    measures: gpd.GeoDataFrame,
    municipalities: gpd.GeoDataFrame | None = None,
    *,
    title: str = "Maatregelen in het gebied",
    mark: str = "",
    size_in: tuple[float, float] = (8.0, 6.0),
    dpi: int = 150,
) -> bytes:
    """PNG of ``area_geom`` (RD New) with ``measures`` (a GeoDataFrame with ``geometry`` (RD New, may be None),
    ``name`` and ``nr`` (the number in the plan's matrix; default 1, 2, … in row order)): points as numbered
    markers, road segments as thick lines and zones as shaded polygons, each numbered, with the numbered names
    beside the map. ``municipalities`` (RD New, ``name``) are drawn and named around the area when given.
    ``mark`` (e.g. "DEMO") is shown in red. ``size_in × dpi`` pixels."""
    fig = measures_map_figure(area_geom, measures, municipalities, title=title, mark=mark, size_in=size_in)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return out.getvalue()
