"""Hotspot results out of the app: a GeoPackage with one row per cell, and a static map (PNG/PDF) for
the minutes of a meeting, with boundaries, classes, legend, title, period, scale bar and north arrow.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.domain.roles import SMALL_COUNT_SUPPRESSION
from gis.geo.crs import RD
from gis.hotspots.analysis import CORRECTIONS, HotspotResult
from gis.hotspots.cells import CellSet
from gis.hotspots.stats import CLASS_COLOURS, CLASS_LABELS
from gis.i18n import fmt_int, t
from gis.io.gpkg import LayerStyle, write_layers
from gis.maps.static_map import MapLayer, render_map
from gis.store import Store

LAYER_NAMES: dict[str, dict[str, str]] = {
    "incidents": {"nl": "incidenten", "en": "incidents"},
    "dumpings": {"nl": "dumpingen", "en": "dumpings"},
    "barns": {"nl": "schuren", "en": "barns"},
}


def describe(result: HotspotResult, lang: str = "nl") -> str:
    """One line saying what went in: layers, categories, period, cells, distance, correction, count."""
    q = result.query
    layers = ", ".join(LAYER_NAMES.get(layer, {}).get(lang, layer) for layer in q.layers)
    cats = ", ".join(q.categories) if q.categories else t("hs_all_categories", lang)
    start = f"{q.date_from:%d-%m-%Y}" if q.date_from else ("begin" if lang == "nl" else "start")
    end = f"{q.date_to:%d-%m-%Y}" if q.date_to else ("nu" if lang == "nl" else "now")
    if result.cells.kind == "square":
        cells = f"{fmt_int(round(result.cells.cell_m), lang)} m"
    else:
        cells = result.cells.label if lang == "nl" else result.cells.label.replace("H3-resolutie", "H3 resolution")
    return t("hs_describe", lang, layers=layers, cats=cats, start=start, end=end, study=result.study.name(lang),
             cells=cells, distance=fmt_int(round(result.distance_m), lang), correction=CORRECTIONS[q.correction][lang],
             n=fmt_int(result.n_events, lang))  # fmt: skip


def to_frame(result: HotspotResult) -> gpd.GeoDataFrame:
    """Every study cell with polygon (RD New), count, rate, z, p, corrected p and class."""
    frame = result.frame(significant_only=False)
    assert isinstance(frame, gpd.GeoDataFrame)
    return frame


def suppress_small(frame: pd.DataFrame, below: int = SMALL_COUNT_SUPPRESSION) -> pd.DataFrame:
    """For roles that may only see aggregates: counts (and rates) of fewer than ``below`` records blanked,
    and no z or p per cell (with the total they would give the counts back); the class stays."""
    out = frame.drop(columns=[c for c in ("z", "p", "p_adj") if c in frame.columns])
    counted = [c for c in out.columns if c == "count" or str(c).startswith("rate")]
    if "count" in out.columns:
        small = out["count"].astype(float) < below
        for column in counted:
            out[column] = out[column].astype(float).where(~small)
    return out


def gpkg_bytes(result: HotspotResult, layer_name: str = "hotspots", suppress: bool = False) -> bytes:
    """The cells as a GeoPackage (RD New), as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hotspots.gpkg"
        write_gpkg(result, path, layer_name, suppress)
        return path.read_bytes()


HOTSPOT_STYLE = LayerStyle(
    "polygon", field="class", name="Gi*-klassen",
    categories=tuple((str(c), CLASS_LABELS[c]["nl"], CLASS_COLOURS[c]) for c in (3, 2, 1, 0, -1, -2, -3)),
)  # fmt: skip


def write_gpkg(result: HotspotResult, path: Path, layer_name: str = "hotspots", suppress: bool = False) -> int:
    """Write the cells to a GeoPackage 1.2 with the class colours as QGIS style (counts below 5 blanked when
    ``suppress``); returns the number of rows."""
    frame = suppress_small(to_frame(result)) if suppress else to_frame(result)
    path.unlink(missing_ok=True)
    write_layers(path, [(layer_name, frame, HOTSPOT_STYLE)])
    return len(frame)


def _rank_layers(top: pd.DataFrame, cells: CellSet) -> list[MapLayer]:
    """Numbered black circles on the peak cells and the place names beside them."""
    if top.empty:
        return []
    cx, cy = cells.centres()
    idx = np.asarray(top.attrs["index"], dtype=np.int64)
    points = gpd.GeoDataFrame({"rank": [str(int(r)) for r in top["rank"]], "place": list(top["place"])},
                              geometry=gpd.points_from_xy(cx[idx], cy[idx]), crs=RD)  # fmt: skip
    return [
        MapLayer(points, "point", colour="#111111", marker_size=150, zorder=5, text_column="rank", text_size=8,
                 text_centred=True),
        MapLayer(points, "point", colour="#111111", marker_size=0.0, zorder=5, text_column="place", text_size=7.5,
                 text_offset=(8, -4), text_halo=False),
    ]  # fmt: skip


def rank_lines(top: pd.DataFrame) -> list[str]:
    """The ranked list for a static map: ``1. Apeldoorn (noord)`` per hotspot."""
    return [f"{int(r)}. {p}" for r, p in zip(top["rank"], top["place"], strict=True)]


def map_image(
    result: HotspotResult, store: Store, fmt: str = "png", lang: str = "nl", title: str | None = None,
    size_in: tuple[float, float] = (11.0, 8.0), dpi: int = 150, top: pd.DataFrame | None = None,
    demo: bool | None = None,
) -> bytes:  # fmt: skip
    """The hotspot map as PNG or PDF bytes (no tiles: boundaries, classes, numbered hotspots with place names,
    legend, ranked list, scale, north arrow, and a DEMO mark when the store holds demo data: ``demo``, or when
    None, ``store.is_demo()``). ``top`` is the ranked table when the caller has it already."""
    sig = result.frame(significant_only=True, lang=lang)
    assert isinstance(sig, gpd.GeoDataFrame)
    sig["colour"] = [CLASS_COLOURS[int(c)] for c in sig["class"]]
    study = gpd.GeoSeries([result.study.geom], crs=RD)
    munis = store.municipalities()
    munis = munis[munis.intersects(result.study.geom.buffer(-1))]
    ranked = top if top is not None else result.top(store, 10, lang)
    layers = [
        MapLayer(gpd.GeoSeries(munis.geometry.to_numpy(), crs=RD), "line", colour="#9a9a9a", linewidth=0.4,
                 zorder=1, label=t("hs_export_boundaries", lang)),
        MapLayer(sig, "polygon", colour_column="colour", edgecolour="none", linewidth=0.0, zorder=2),
        MapLayer(study, "line", colour="#111111", linewidth=1.2, zorder=3, label=t("hs_export_study", lang)),
        *_rank_layers(ranked, result.cells),
    ]  # fmt: skip
    present = set(np.unique(result.classes).tolist()) - {0}
    legend = [(CLASS_LABELS[c][lang], CLASS_COLOURS[c]) for c in (3, 2, 1, -1, -2, -3) if c in present]
    if not legend:
        legend = [(CLASS_LABELS[0][lang], CLASS_COLOURS[0])]
    heading = title or t("hs_export_title", lang)
    return render_map(layers, heading, describe(result, lang), extent_rd=tuple(study.total_bounds),
                      legend=legend, size_in=size_in, dpi=dpi, fmt=fmt, legend_title=t("hs_export_class", lang),
                      side_title=t("hs_list_title", lang) if not ranked.empty else "", side_list=rank_lines(ranked),
                      mark=t("hs_demo_mark", lang) if (store.is_demo() if demo is None else demo) else "",
                      crs_note=t("hs_export_crs", lang))  # fmt: skip
