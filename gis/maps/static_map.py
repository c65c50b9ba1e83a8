"""Static report maps (PNG/PDF) with matplotlib: RD New layers, title, legend, scale bar and north arrow.

No tiles and no network: what is drawn is what the caller passes. No pyplot, so no global figure state.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import colors as mcolors
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path

from gis.maps.map_furniture import HALO, nice_scale_length, north_arrow, scale_bar

__all__ = ["FORMATS", "KINDS", "MapLayer", "build_figure", "nice_scale_length", "render_map"]

KINDS: tuple[str, ...] = ("polygon", "line", "point")
FORMATS: tuple[str, ...] = ("png", "pdf")
MIN_EXTENT_M = 500.0  # a single point gets a window of at least 500 m
PADDING = 0.08  # share of the data extent added on every side
LEGEND_WIDTH_IN = 2.0
CRS_NOTE = "Coördinaten: RD New (EPSG:28992)"
TEXT_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}

# shapely type ids: 0 Point, 1 LineString, 2 LinearRing, 3 Polygon, 4 MultiPoint, 5 MultiLineString, 6 MultiPolygon
_ALLOWED_TYPES: dict[str, frozenset[int]] = {
    "polygon": frozenset({3, 6}),
    "line": frozenset({1, 2, 3, 5, 6}),  # polygons are drawn by their outline
    "point": frozenset({0, 4}),
}


@dataclass(frozen=True, eq=False)
class MapLayer:
    """One layer of a static map.

    ``geoms`` is a GeoSeries or GeoDataFrame in RD New (EPSG:28992; a missing CRS is taken as RD New).
    ``colour`` is used for every feature unless ``colour_column`` names a column of matplotlib colours
    (empty cells fall back to ``colour``). ``label`` puts the layer in the legend. ``marker_size`` is in
    points² (as in ``scatter``). ``text_column`` writes that column's text at each feature: beside a point
    (or at ``text_offset``, in points), or, with ``text_centred``, in white bold on the marker (numbered markers).
    Text has a white halo (drawn as outlines in a PDF), or with ``text_halo=False`` a white box (stays text).
    """

    geoms: gpd.GeoSeries | gpd.GeoDataFrame
    kind: str
    colour: str = "#2b6cb0"
    colour_column: str | None = None
    edgecolour: str = "#333333"
    linewidth: float = 0.6
    alpha: float = 1.0
    label: str = ""
    zorder: int = 2
    marker_size: float = 36.0
    marker: str = "o"
    text_column: str | None = None
    text_size: float = 7.0
    text_centred: bool = False
    text_offset: tuple[float, float] | None = None
    text_halo: bool = True

    def __post_init__(self) -> None:
        name = f"Kaartlaag '{self.label}'" if self.label else "Kaartlaag"
        if self.kind not in KINDS:
            raise ValueError(f"{name}: onbekende soort '{self.kind}'; kies uit: {', '.join(KINDS)}.")
        if not isinstance(self.geoms, (gpd.GeoSeries, gpd.GeoDataFrame)):
            raise ValueError(f"{name}: verwacht een GeoSeries of GeoDataFrame, kreeg {type(self.geoms).__name__}.")
        crs = self.geoms.crs
        if crs is not None and crs.to_epsg() != 28992:
            raise ValueError(f"{name}: verwacht RD New (EPSG:28992), kreeg {crs.to_string()}.")
        for field, column in (("colour_column", self.colour_column), ("text_column", self.text_column)):
            if column is not None and (not isinstance(self.geoms, gpd.GeoDataFrame) or column not in self.geoms):
                raise ValueError(f"{name}: kolom '{column}' ({field}) bestaat niet.")


def _clean(layer: MapLayer, position: int) -> gpd.GeoDataFrame | None:
    """The layer's rows with a non-empty geometry (None when nothing is left); types checked per kind."""
    frame = layer.geoms.to_frame("geometry") if isinstance(layer.geoms, gpd.GeoSeries) else layer.geoms
    geoms = np.asarray(frame.geometry.values, dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not keep.any():
        return None
    frame = frame[keep]
    types = shapely.get_type_id(np.asarray(frame.geometry.values, dtype=object))
    bad = ~np.isin(types, list(_ALLOWED_TYPES[layer.kind]))
    if bad.any():
        row = frame.index[int(np.argmax(bad))]
        found = frame.geometry.iloc[int(np.argmax(bad))].geom_type
        name = f"'{layer.label}'" if layer.label else f"{position + 1}"
        raise ValueError(f"Kaartlaag {name} (soort '{layer.kind}'): rij {row} is een {found}; dat past niet.")
    return frame


def _blank(value: object) -> bool:
    """Whether a cell is empty: None, NaN/NA or an empty text."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value) == ""


def _colours(layer: MapLayer, frame: gpd.GeoDataFrame) -> np.ndarray:
    """RGBA per feature (n × 4)."""
    if layer.colour_column is None:
        values = [layer.colour] * len(frame)
    else:
        values = [layer.colour if _blank(v) else v for v in frame[layer.colour_column]]
    try:
        rgba = mcolors.to_rgba_array(values)
    except ValueError:
        wrong = next(v for v in values if not mcolors.is_color_like(v))
        raise ValueError(f"Kaartlaag '{layer.label}': '{wrong}' is geen kleur.") from None
    rgba[:, 3] *= layer.alpha
    return rgba


def _polygon_paths(geoms: np.ndarray) -> tuple[list[Path], np.ndarray]:
    """One compound path per polygon part (holes included), and the feature index of each part."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    parts = shapely.orient_polygons(parts)  # exterior counter-clockwise, holes clockwise: holes stay open
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    per_ring = np.bincount(coord_ring, minlength=len(rings))
    ring_end = np.cumsum(per_ring)
    codes = np.full(len(coords), Path.LINETO, dtype=Path.code_type)
    codes[ring_end - per_ring] = Path.MOVETO
    codes[ring_end - 1] = Path.CLOSEPOLY
    splits = np.cumsum(np.bincount(ring_part, weights=per_ring, minlength=len(parts)).astype(int))[:-1]
    paths = [Path(c, k) for c, k in zip(np.split(coords, splits), np.split(codes, splits), strict=True)]
    return paths, owner


def _line_segments(geoms: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Coordinate arrays per line part (polygons by their outline), and the feature index of each part."""
    polygonal = np.isin(shapely.get_type_id(geoms), [3, 6])
    geoms = np.where(polygonal, shapely.boundary(geoms), geoms)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    coords, coord_part = shapely.get_coordinates(parts, return_index=True)
    splits = np.cumsum(np.bincount(coord_part, minlength=len(parts)))[:-1]
    return np.split(coords, splits), owner


def _draw(ax: object, layer: MapLayer, frame: gpd.GeoDataFrame) -> None:
    """Draw one layer with one collection (polygons, lines) or one scatter (points)."""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    rgba = _colours(layer, frame)
    if layer.kind == "polygon":
        paths, owner = _polygon_paths(geoms)
        edge = "none" if layer.edgecolour in ("none", "") else layer.edgecolour
        coll = PathCollection(
            paths, facecolors=rgba[owner], edgecolors=edge, linewidths=layer.linewidth, zorder=layer.zorder
        )
        ax.add_collection(coll, autolim=False)  # type: ignore[attr-defined]
    elif layer.kind == "line":
        segments, owner = _line_segments(geoms)
        coll = LineCollection(segments, colors=rgba[owner], linewidths=layer.linewidth, zorder=layer.zorder)
        ax.add_collection(coll, autolim=False)  # type: ignore[attr-defined]
    else:
        parts, owner = shapely.get_parts(geoms, return_index=True)
        xy = shapely.get_coordinates(parts)
        ax.scatter(  # type: ignore[attr-defined]
            xy[:, 0], xy[:, 1], s=layer.marker_size, c=rgba[owner], marker=layer.marker,
            edgecolors="white", linewidths=0.7, zorder=layer.zorder,
        )  # fmt: skip
    if layer.text_column is not None:
        _draw_texts(ax, layer, frame)


def _draw_texts(ax: object, layer: MapLayer, frame: gpd.GeoDataFrame) -> None:
    anchors = shapely.point_on_surface(np.asarray(frame.geometry.values, dtype=object))
    point = layer.kind == "point" and not layer.text_centred
    offset = layer.text_offset or ((4, 3) if point else (0, 0))
    style: dict[str, object] = (
        {"color": "white", "weight": "bold", "ha": "center", "va": "center"}
        if layer.text_centred
        else {"ha": "left" if point else "center", "va": "bottom" if point else "center"}
    )
    if not layer.text_centred:
        style.update({"path_effects": HALO} if layer.text_halo else {"bbox": TEXT_BOX})
    for anchor, text in zip(anchors, frame[layer.text_column], strict=True):  # type: ignore[index]
        if _blank(text):
            continue
        ax.annotate(  # type: ignore[attr-defined]
            str(text), (anchor.x, anchor.y), xytext=offset, textcoords="offset points", fontsize=layer.text_size,
            zorder=layer.zorder + 0.5, annotation_clip=True, parse_math=False, **style,
        )  # fmt: skip


def _data_extent(frames: Sequence[gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    bounds = np.array([f.total_bounds for f in frames])
    x0, y0 = bounds[:, 0].min(), bounds[:, 1].min()
    x1, y1 = bounds[:, 2].max(), bounds[:, 3].max()
    pad = max(x1 - x0, y1 - y0) * PADDING
    return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _fit_extent(extent: Sequence[float], width_in: float, height_in: float) -> tuple[float, float, float, float]:
    """Grow the extent (at least ``MIN_EXTENT_M``) around its centre to the map frame's aspect ratio."""
    x0, y0, x1, y1 = (float(v) for v in extent)
    if not all(map(math.isfinite, (x0, y0, x1, y1))) or x1 < x0 or y1 < y0:
        raise ValueError(f"Ongeldige kaartuitsnede {tuple(extent)}; verwacht (xmin, ymin, xmax, ymax) in RD.")
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = max(x1 - x0, MIN_EXTENT_M), max(y1 - y0, MIN_EXTENT_M)
    frame_ratio = width_in / height_in
    if w / h < frame_ratio:
        w = h * frame_ratio
    else:
        h = w / frame_ratio
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _wrap(text: str, width_in: float, fontsize: float, max_lines: int, bold: bool = False) -> list[str]:
    """Wrap to the width in inches by an average glyph width (DejaVu Sans: ~0.55 em, bold ~0.63 em)."""
    chars = max(20, int(width_in * 72 / (fontsize * (0.63 if bold else 0.56))))
    lines = textwrap.wrap(" ".join(str(text).split()), chars) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1 :]), chars, placeholder=" …")]
    return lines


def _legend_handles(layers: Sequence[MapLayer], legend: Sequence[tuple[str, str]] | None) -> list[tuple[object, str]]:
    out: list[tuple[object, str]] = []
    for layer in layers:
        if not layer.label:
            continue
        if layer.kind == "polygon":
            face = "none" if layer.colour_column else mcolors.to_rgba(layer.colour, layer.alpha)
            out.append((Patch(facecolor=face, edgecolor=layer.edgecolour, linewidth=0.8), layer.label))
        elif layer.kind == "line":
            out.append((Line2D([], [], color=layer.colour, linewidth=max(layer.linewidth, 1.0)), layer.label))
        else:
            size = math.sqrt(layer.marker_size)
            marker = Line2D([], [], linestyle="", marker=layer.marker, markersize=size, markerfacecolor=layer.colour,
                            markeredgecolor="white")  # fmt: skip
            out.append((marker, layer.label))
    for label, colour in legend or ():
        out.append((Patch(facecolor=colour, edgecolor="#555555", linewidth=0.5), label))
    return out


def build_figure(
    layers: list[MapLayer],
    title: str,
    subtitle: str = "",
    extent_rd: tuple[float, float, float, float] | None = None,
    legend: list[tuple[str, str]] | None = None,
    size_in: tuple[float, float] = (8, 6),
    legend_title: str = "Legenda",
    side_title: str = "",
    side_list: Sequence[str] = (),
    mark: str = "",
    crs_note: str = CRS_NOTE,
) -> Figure:
    """The map as a matplotlib ``Figure`` (not attached to pyplot); see ``render_map`` for the arguments."""
    if not layers:
        raise ValueError("Geen kaartlagen opgegeven; geef minstens één MapLayer.")
    drawn = [(layer, frame) for i, layer in enumerate(layers) if (frame := _clean(layer, i)) is not None]
    if not drawn and extent_rd is None:
        raise ValueError("Niets om te tekenen: alle kaartlagen zijn leeg en er is geen kaartuitsnede (extent_rd).")
    handles = _legend_handles([layer for layer, _ in drawn], legend)
    fig_w, fig_h = (float(v) for v in size_in)
    fig = Figure(figsize=(fig_w, fig_h))
    fig.patch.set_facecolor("white")
    margin, right = 0.3, 0.3 + (LEGEND_WIDTH_IN if handles or side_list else 0.0)
    title_lines = _wrap(title, fig_w - 2 * margin - (1.0 if mark else 0.0), 13, 2, bold=True)
    sub_lines = _wrap(subtitle, fig_w - 2 * margin, 9, 2) if subtitle else []
    top_y = fig_h - 0.22
    fig.text(margin, top_y, "\n".join(title_lines), transform=fig.dpi_scale_trans, va="top", fontsize=13,
             weight="bold", linespacing=1.15, parse_math=False)  # fmt: skip
    top_y -= 0.24 * len(title_lines) + 0.04
    if sub_lines:
        fig.text(margin, top_y, "\n".join(sub_lines), transform=fig.dpi_scale_trans, va="top", fontsize=9,
                 color="#555555", linespacing=1.2, parse_math=False)  # fmt: skip
        top_y -= 0.18 * len(sub_lines)
    map_top, map_bottom = top_y - 0.12, 0.32
    map_w, map_h = fig_w - margin - right, map_top - map_bottom
    if map_w <= 0.5 or map_h <= 0.5:
        raise ValueError(f"Kaartformaat {size_in} inch is te klein voor titel, legenda en kaart.")
    ax = fig.add_axes((margin / fig_w, map_bottom / fig_h, map_w / fig_w, map_h / fig_h))
    extent = _fit_extent(extent_rd or _data_extent([f for _, f in drawn]), map_w, map_h)
    for layer, frame in sorted(drawn, key=lambda item: item[0].zorder):
        _draw(ax, layer, frame)
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="box")  # RD New is metric: one metre is one metre both ways
    ax.set_facecolor("#f6f6f2")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set(color="#777777", linewidth=0.6)
    width_m = extent[2] - extent[0]
    scale_bar(fig, margin + 0.2, map_bottom + 0.25, width_m / map_w, width_m)
    north_arrow(fig, margin + map_w - 0.25, map_top - 0.12)
    fig.text(margin + map_w, 0.12, crs_note, transform=fig.dpi_scale_trans, ha="right",
             fontsize=6.5, color="#777777")  # fmt: skip
    if handles:
        artists, labels = zip(*handles, strict=True)
        # legend texts are parsed as mathtext: an escaped "$" keeps user text literal
        wrapped = ["\n".join(textwrap.wrap(str(lab), 24)[:3]).replace("$", r"\$") or " " for lab in labels]
        fig.legend(artists, wrapped, loc="upper left", bbox_to_anchor=((fig_w - right + 0.15) / fig_w, map_top / fig_h),
                   frameon=False, fontsize=8, title=legend_title, title_fontsize=9, alignment="left",
                   handlelength=1.6, labelspacing=0.7)  # fmt: skip
    if side_list:
        _side_list(fig, fig_w - right + 0.2, map_bottom, side_title, side_list)
    if mark:
        _mark(fig, ax, fig_w - margin, fig_h - 0.22, mark)
    return fig


def _side_list(fig: Figure, x_in: float, bottom_in: float, title: str, lines: Sequence[str]) -> None:
    """A short list (e.g. the ranked hotspots) in the legend column, from the bottom of the map up."""
    wrapped = ["\n   ".join(textwrap.wrap(str(line), 30)[:2]) for line in lines]
    fig.text(x_in, bottom_in, "\n".join(wrapped), transform=fig.dpi_scale_trans, va="bottom", ha="left",
             fontsize=8, linespacing=1.35, parse_math=False)  # fmt: skip
    if title:
        height = (len(wrapped) + sum(w.count("\n") for w in wrapped)) * 8 * 1.35 / 72
        fig.text(x_in, bottom_in + height + 0.08, title, transform=fig.dpi_scale_trans, va="bottom", ha="left",
                 fontsize=9, weight="bold", parse_math=False)  # fmt: skip


def _mark(fig: Figure, ax: object, right_in: float, top_in: float, text: str) -> None:
    """A mark such as DEMO: in red at the top right, and faintly across the map."""
    fig.text(right_in, top_in, text, transform=fig.dpi_scale_trans, ha="right", va="top", fontsize=15,
             weight="bold", color="#c0392b", parse_math=False,
             bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "#c0392b"})  # fmt: skip
    ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=90,  # type: ignore[attr-defined]
        weight="bold",
        color="#c0392b",
        alpha=0.08,
        rotation=30,
        zorder=0.5,
        parse_math=False,
    )


def render_map(
    layers: list[MapLayer],
    title: str,
    subtitle: str = "",
    extent_rd: tuple[float, float, float, float] | None = None,
    legend: list[tuple[str, str]] | None = None,
    size_in: tuple[float, float] = (8, 6),
    dpi: int = 150,
    fmt: str = "png",
    legend_title: str = "Legenda",
    side_title: str = "",
    side_list: Sequence[str] = (),
    mark: str = "",
    crs_note: str = CRS_NOTE,
) -> bytes:
    """Render a static map of RD New layers to PNG or PDF bytes.

    Parameters
    ----------
    layers
        Drawn in ``zorder`` order. Layers whose geometries are all empty or missing are skipped (an area
        with no dumpings still gets its map); an empty *list* raises ``ValueError``, and so does a map
        where every layer is empty and no ``extent_rd`` is given.
    title, subtitle
        Above the map; wrapped to at most two lines each.
    extent_rd
        ``(xmin, ymin, xmax, ymax)`` in RD metres (as ``total_bounds``); default: the data plus a margin.
        The extent is grown to the frame's aspect ratio (and to at least ``MIN_EXTENT_M``), never shrunk.
    legend
        Extra ``(label, colour)`` entries (e.g. hotspot classes) after the labelled layers. The legend
        column appears only when there is at least one entry.
    size_in, dpi
        Figure size in inches; a PNG is ``size_in × dpi`` pixels.
    fmt
        ``"png"`` or ``"pdf"``.
    side_title, side_list
        A short titled list in the legend column, under the legend (e.g. the ranked hotspots).
    mark
        A word such as ``DEMO`` shown in red at the top right and faintly across the map.
    crs_note
        The line under the map that names the coordinate system.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Onbekend kaartformaat '{fmt}'; kies uit: {', '.join(FORMATS)}.")
    fig = build_figure(layers, title, subtitle, extent_rd, legend, size_in, legend_title, side_title, side_list, mark,
                       crs_note)  # fmt: skip
    out = io.BytesIO()
    metadata = {"Software": None} if fmt == "png" else {"Creator": "Veilig Buitengebied", "CreationDate": None}
    fig.savefig(out, format=fmt, dpi=dpi, facecolor="white", metadata=metadata)
    return out.getvalue()
