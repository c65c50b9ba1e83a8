"""Hotspot analysis of a selection: the study area, its cells, counts, Gi*, a multiple-testing
correction and classes; shared by the Hotspots page and ``python -m gis hotspots``.

Zero-count cells take part (they are the contrast), counts outside the study area do not. Which
layers, categories and period went in is kept with the result, so every map and export can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import ndimage

from gis.domain.catalog import Layer
from gis.geo.assign import assign_codes
from gis.geo.crs import RD
from gis.geo.places import place_names
from gis.hotspots.cells import CellSet, make_cells
from gis.hotspots.gistar import HotspotError, design_warnings
from gis.hotspots.grid import default_cell
from gis.hotspots.stats import CLASS_LABELS, adjust_pvalues, classify
from gis.io.reference import REGION_PROVINCES
from gis.store import BBox, Filters, Store

CORRECTIONS: dict[str, dict[str, str]] = {
    "fdr": {"nl": "FDR (Benjamini-Hochberg)", "en": "FDR (Benjamini-Hochberg)"},
    "holm": {"nl": "Holm (strenger)", "en": "Holm (stricter)"},
    "none": {"nl": "Geen correctie", "en": "No correction"},
}
MAX_DISTANCE_M = 25_000.0
MIN_EVENTS = 10  # fewer records make any 'hotspot' an accident of one or two records
HOT_LEVEL = 2  # class >= 2 (95 %) counts as a hotspot for the ranked table and the PAI
TOP_COLUMNS: tuple[str, ...] = ("rank", "cell_id", "place", "municipality", "cells", "count", "z", "p_adj", "class")


@dataclass(frozen=True)
class HotspotQuery:
    """What to analyse. Hashable: pages cache results per query."""

    layers: tuple[str, ...] = ("incidents",)
    categories: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    area_id: int | None = None
    municipality: str | None = None
    provinces: tuple[str, ...] = REGION_PROVINCES
    cell_m: float | None = None
    distance_m: float | None = None
    grid: str = "square"
    correction: str = "fdr"

    def filters(self, date_from: date | None = None, date_to: date | None = None) -> Filters:
        return Filters(date_from or self.date_from, date_to or self.date_to, self.sources, self.area_id,
                       self.municipality, self.categories)  # fmt: skip

    def shifted(self, date_from: date, date_to: date) -> HotspotQuery:
        return replace(self, date_from=date_from, date_to=date_to)


@dataclass(frozen=True, eq=False)
class Study:
    """The study area (RD New) and its name."""

    geom: shapely.Geometry
    label: str
    label_en: str = ""

    def name(self, lang: str = "nl") -> str:
        """The label in ``lang`` (PPS-area names are the same in both)."""
        return self.label_en if lang == "en" and self.label_en else self.label


def study_area(store: Store, q: HotspotQuery) -> Study:
    """The PPS area, municipality or provinces of the query as one polygon."""
    if q.area_id is not None:
        areas = store.areas()
        hit = areas[areas["id"] == q.area_id]
        if hit.empty:
            raise HotspotError("hs_err_no_area", area=str(q.area_id))
        return Study(hit.geometry.iloc[0], str(hit["name"].iloc[0]))
    if q.municipality:
        munis = store.municipalities()
        hit = munis[munis["code"] == q.municipality]
        if hit.empty:
            raise HotspotError("hs_err_no_municipality", code=str(q.municipality))
        name = hit["name"].iloc[0]
        return Study(hit.geometry.iloc[0], f"gemeente {name}", f"municipality of {name}")
    provs = store.provinces()
    hit = provs[provs["code"].isin(q.provinces)]
    if hit.empty:
        raise HotspotError("hs_err_no_provinces")
    names = list(hit["name"])
    return Study(shapely.union_all(hit.geometry.to_numpy()), " en ".join(names), " and ".join(names))


def cell_size(q: HotspotQuery, study: Study) -> float:
    """The query's cell size, or the default for the study area's size."""
    return float(q.cell_m) if q.cell_m is not None else float(default_cell(study.geom.area))


def distance_for(q: HotspotQuery, cell_m: float) -> float:
    """The neighbourhood distance: the query's, or two cells."""
    return float(q.distance_m) if q.distance_m is not None else 2.0 * cell_m


def load_points(
    store: Store, q: HotspotQuery, study: Study, extra: tuple[str, ...] = ("source",),
    date_from: date | None = None, date_to: date | None = None,
) -> dict[str, np.ndarray]:  # fmt: skip
    """The selected records of every layer in the query, within the study area's bounding box."""
    if not q.layers:
        raise HotspotError("hs_err_no_layer")
    box = BBox(*study.geom.bounds)
    parts = [store.point_arrays(Layer(layer), q.filters(date_from, date_to), extra, box) for layer in q.layers]
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    names = [np.full(len(p["x"]), layer, dtype=object) for p, layer in zip(parts, q.layers, strict=True)]
    out["layer"] = np.concatenate(names)
    return out


@dataclass(eq=False)
class HotspotResult:
    """The outcome per study cell (flat arrays over ``cells.n``) and what it was made of."""

    query: HotspotQuery
    study: Study
    cells: CellSet
    distance_m: float
    counts: np.ndarray
    by_source: dict[str, np.ndarray]
    z: np.ndarray
    p: np.ndarray
    p_adj: np.ndarray
    classes: np.ndarray
    neighbours: np.ndarray
    n_events: int
    warnings: list[str] = field(default_factory=list)

    def warnings_in(self, lang: str = "nl") -> list[str]:
        """The design warnings in ``lang`` (``warnings`` holds them in Dutch)."""
        if lang == "nl" or not self.warnings:
            return list(self.warnings)
        mean = float(self.neighbours.mean()) if self.neighbours.size else 0.0
        return design_warnings(self.cells.n, self.cells.cell_m, self.distance_m, self.n_events, mean, lang)

    def class_counts(self) -> dict[int, int]:
        values, counts = np.unique(self.classes, return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts, strict=True)}

    def hot(self) -> np.ndarray:
        return self.classes >= HOT_LEVEL

    def frame(self, significant_only: bool = False, lang: str = "nl", geometry: bool = True) -> pd.DataFrame:
        """One row per cell: id, count, rate per km², z, p, corrected p, class and its label (+ polygon)."""
        idx = np.flatnonzero(self.classes != 0) if significant_only else np.arange(self.cells.n)
        area_km2 = self.cells.area_m2[idx] / 1e6
        data = pd.DataFrame({
            "cell_id": self.cells.ids()[idx], "count": self.counts[idx].astype(np.int64),
            "rate_km2": np.round(self.counts[idx] / area_km2, 3), "area_km2": np.round(area_km2, 4),
            "z": self.z[idx], "p": self.p[idx], "p_adj": self.p_adj[idx], "class": self.classes[idx],
            "class_label": [CLASS_LABELS[int(c)][lang] for c in self.classes[idx]],
        })  # fmt: skip
        if not geometry:
            return data
        return gpd.GeoDataFrame(data, geometry=self.cells.polygons(idx), crs=RD)

    def clusters(self) -> np.ndarray:
        """Per cell the number of its hotspot cluster (touching hotspot cells, 95 %+), 0 elsewhere."""
        hot = self.hot()
        labels = np.zeros(self.cells.n, dtype=np.int64)
        grid = self.cells.square
        if grid is None:  # hexagons: every hot cell is its own place
            labels[hot] = np.arange(1, int(hot.sum()) + 1)
            return labels
        raster = np.zeros((grid.ny, grid.nx), dtype=bool)
        raster[grid.mask] = hot
        labelled, _ = ndimage.label(raster, structure=np.ones((3, 3)))
        return labelled[grid.mask].astype(np.int64)

    def top(self, store: Store, n: int = 10, lang: str = "nl") -> pd.DataFrame:
        """The strongest hotspots as places: touching hotspot cells (95 %+) form one cluster, ranked by
        the z-score of its peak cell; with its place name (``gis.geo.places``), municipality, cells, and
        counts in total and per source."""
        labels = self.clusters()
        k = int(labels.max())
        if k == 0:
            empty = pd.DataFrame(columns=list(TOP_COLUMNS))
            empty.attrs["index"] = np.empty(0, dtype=np.int64)
            return empty
        order = np.lexsort((-self.z, labels))  # per cluster, the highest z first
        first = order[np.r_[True, labels[order][1:] != labels[order][:-1]]]
        peaks = first[labels[first] > 0]
        peaks = peaks[np.argsort(-self.z[peaks], kind="stable")][:n]
        size = np.bincount(labels, minlength=k + 1)
        total = np.bincount(labels, weights=self.counts, minlength=k + 1)
        cx, cy = self.cells.centres()
        munis = store.municipalities()
        codes = assign_codes(cx[peaks], cy[peaks], list(munis.geometry), list(munis["code"]))
        names = dict(zip(munis["code"], munis["name"], strict=True))
        lab = labels[peaks]
        table = pd.DataFrame({
            "rank": np.arange(1, len(peaks) + 1), "cell_id": self.cells.ids()[peaks],
            "place": place_names(cx[peaks], cy[peaks], list(munis.geometry), list(munis["name"]), lang),
            "municipality": [names.get(c, "") if c else "" for c in codes], "cells": size[lab],
            "count": total[lab].astype(np.int64), "z": np.round(self.z[peaks], 1),
            "p_adj": self.p_adj[peaks], "class": self.classes[peaks],
        })  # fmt: skip
        for source, values in sorted(self.by_source.items()):
            table[source] = np.bincount(labels, weights=values, minlength=k + 1)[lab].astype(np.int64)
        table.attrs["index"] = peaks
        return table


def analyse_counts(
    q: HotspotQuery, study: Study, cells: CellSet, counts: np.ndarray, by_source: dict[str, np.ndarray]
) -> HotspotResult:
    """Gi*, correction and classes on given counts per cell (also used per period by trends)."""
    distance = distance_for(q, cells.cell_m)
    if not distance > 0:
        raise HotspotError("hs_err_distance_zero", distance=float(distance))
    minx, miny, maxx, maxy = study.geom.bounds
    reach = min(MAX_DISTANCE_M, float(np.hypot(maxx - minx, maxy - miny)) / 2, 100 * cells.cell_m)
    if distance > reach:
        raise HotspotError("hs_err_distance_large", distance=float(distance), reach=round(reach))
    if q.correction not in CORRECTIONS:
        raise HotspotError("hs_err_correction", correction=str(q.correction), choices=tuple(CORRECTIONS))
    n_events = int(counts.sum())
    if n_events < MIN_EVENTS:  # the number itself is not told: for aggregate-only roles it could be below 5
        raise HotspotError("hs_err_few_records", n=MIN_EVENTS)
    gi = cells.gi_star(counts, distance)
    if np.isnan(gi.z).all():
        raise HotspotError("hs_err_whole_area")
    p_adj = adjust_pvalues(gi.p, q.correction)
    classes = classify(gi.z, p_adj)
    warnings = design_warnings(cells.n, cells.cell_m, distance, n_events, float(gi.neighbours.mean()))
    return HotspotResult(q, study, cells, distance, counts, by_source, np.nan_to_num(gi.z),
                         np.nan_to_num(gi.p, nan=1.0), np.nan_to_num(p_adj, nan=1.0), classes, gi.neighbours,
                         n_events, warnings)  # fmt: skip


def count_points(cells: CellSet, points: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Counts per cell, in total and per source organisation (each point is located once)."""
    idx = cells.index_of(points["x"], points["y"])
    keep = idx >= 0
    total = np.bincount(idx[keep], minlength=cells.n).astype(np.float64)
    by_source: dict[str, np.ndarray] = {}
    if "source" in points and keep.any():
        codes, names = pd.factorize(pd.Series(points["source"][keep]).fillna("onbekend"), sort=True)
        joint = np.bincount(codes * cells.n + idx[keep], minlength=len(names) * cells.n).astype(np.float64)
        by_source = {str(name): joint[i * cells.n : (i + 1) * cells.n] for i, name in enumerate(names)}
    return total, by_source


def run_hotspots(store: Store, q: HotspotQuery, cells: CellSet | None = None) -> HotspotResult:
    """The hotspot analysis of ``q``; ``cells`` may be passed in when cached (same study and size)."""
    study = study_area(store, q)
    cells = cells or make_cells(study.geom, cell_size(q, study), q.grid)
    points = load_points(store, q, study)
    total, by_source = count_points(cells, points)
    return analyse_counts(q, study, cells, total, by_source)
