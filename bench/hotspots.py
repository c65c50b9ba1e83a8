"""Hotspots (Getis-Ord Gi*) over Gelderland and Overijssel at 250 m cells: ours vs. esda on the same grid.

Both work on the same run's data: N incidents (uniform background plus gaussian clusters, seeded) in a
fresh DuckDB store, the square study cells of 250 m over PV25+PV23 and a 500 m binary distance band.

- Ours, full path: ``gis.hotspots.analysis.run_hotspots`` from the store (study area, grid, reading
  the points, counts in total and per source, Gi*, FDR, classes), with the grid built inside the call
  and with the grid passed in (cached, as the Hotspots page does).
- Ours, core: ``CellSet.gi_star`` on the counted cells (the distance band is a stencil convolution, so
  this includes the weights-equivalent work) + ``adjust_pvalues(fdr)`` + ``classify``.
- esda: ``libpysal.graph.Graph.build_distance_band`` on the cell centres (the weights), then
  ``esda.getisord.G_Local(y, graph, transform="B", star=True, permutations=0)``; same cells, same counts.

The 10x target is judged on esda (weights + G_Local) / ours core (Gi* + FDR + classes): the comparable
pair, ours doing slightly more. The z-scores must agree to 1e-9, otherwise the exit code is 1.

``--backend postgis`` runs the store path on a PostGIS store (a throwaway cluster the bench starts, or
``--pg-url``); ``--backend both`` loads the same points into both stores and prints them side by side (the
hotspots must be the same).

Run from the repository root: ``python -m bench.hotspots [--rows N] [--repeats R] [--backend both]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import shapely

from bench.pg import Databases, add_backend_args, chosen, environment, postgis
from gis.demo.seed import load_boundaries
from gis.domain.catalog import SOURCE_BY_CODE
from gis.hotspots import analysis
from gis.hotspots.analysis import HotspotQuery, run_hotspots
from gis.hotspots.cells import CellSet, make_cells
from gis.hotspots.stats import adjust_pvalues, classify
from gis.io.reference import REGION_PROVINCES
from gis.store import Store, open_store
from gis.store.frames import execute_with

CELL_M = 250.0
DISTANCE_M = 500.0
TARGET_RATIO = 10.0
TARGET_FULL_S = 2.0
Z_TOLERANCE = 1e-9
CLUSTER_SHARE = 0.3
N_CLUSTERS = 60
SOURCE_WEIGHTS = {"politie": 0.5, "gemeente": 0.2, "omgevingsdienst": 0.15, "brandweer": 0.1, "riec": 0.05}
T = TypeVar("T")


def study_geometry(store: Store) -> shapely.Geometry:
    """Gelderland and Overijssel as one polygon (RD New), as ``run_hotspots`` builds it by default."""
    provs = store.provinces()
    return shapely.union_all(provs[provs["code"].isin(REGION_PROVINCES)].geometry.to_numpy())


def make_points(study: shapely.Geometry, rows: int, seed: int = 11) -> pd.DataFrame:
    """``rows`` incidents inside ``study`` (tested after rounding to 0.1 m): uniform background plus gaussian
    clusters, dates over 3 years."""
    rng = np.random.default_rng(seed)
    shapely.prepare(study)
    minx, miny, maxx, maxy = study.bounds
    n_cluster = int(rows * CLUSTER_SHARE)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    while have < rows - n_cluster:  # background: rejection sampling in the bounding box
        x, y = rng.uniform(minx, maxx, 2 * rows).round(1), rng.uniform(miny, maxy, 2 * rows).round(1)
        keep = shapely.contains_xy(study, x, y)
        xs.append(x[keep])
        ys.append(y[keep])
        have += int(keep.sum())
    bx, by = np.concatenate(xs)[: rows - n_cluster], np.concatenate(ys)[: rows - n_cluster]
    centre = rng.choice(bx.size, N_CLUSTERS, replace=False)
    sigma = rng.uniform(200.0, 2_500.0, N_CLUSTERS)
    share = rng.dirichlet(np.full(N_CLUSTERS, 2.0))
    cx_parts: list[np.ndarray] = []
    cy_parts: list[np.ndarray] = []
    have = 0
    while have < n_cluster:  # clusters: points falling outside the study area are drawn again
        pick = rng.choice(N_CLUSTERS, 2 * n_cluster, p=share)
        x = (bx[centre][pick] + rng.normal(0.0, sigma[pick])).round(1)
        y = (by[centre][pick] + rng.normal(0.0, sigma[pick])).round(1)
        keep = shapely.contains_xy(study, x, y)
        cx_parts.append(x[keep])
        cy_parts.append(y[keep])
        have += int(keep.sum())
    x = np.concatenate([bx, *cx_parts])[:rows]
    y = np.concatenate([by, *cy_parts])[:rows]
    codes = list(SOURCE_WEIGHTS)
    src = rng.choice(len(codes), rows, p=np.array(list(SOURCE_WEIGHTS.values())))
    category = np.empty(rows, dtype=object)
    pick = rng.random(rows)
    for i, code in enumerate(codes):
        cats = np.array(SOURCE_BY_CODE[code].categories, dtype=object)
        sel = src == i
        category[sel] = cats[(pick[sel] * len(cats)).astype(int)]
    days = np.datetime64("2023-01-01") + rng.integers(0, 3 * 365, rows).astype("timedelta64[D]")
    return pd.DataFrame({"x": x, "y": y, "source_org": np.array(codes, dtype=object)[src],
                         "category": category, "occurred_on": days})  # fmt: skip


def load_incidents(store: Store, frame: pd.DataFrame) -> None:
    """Bulk INSERT into ``incidents`` (setup, untimed). Skips what ``insert_points`` adds per record
    (municipality code, PPS-area membership): the default hotspot query uses neither."""
    with store.transaction() as cur:  # geom is computed from x/y (migration 8)
        execute_with(cur, "INSERT INTO incidents (x, y, source_org, category, occurred_on) "
                     "SELECT x, y, source_org, category, occurred_on FROM _data", frame)  # fmt: skip


def timed(fn: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Median wall time of ``repeats`` calls (garbage collected in between, untimed) and the last result."""
    times: list[float] = []
    out: Any = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def ours_core(cells: CellSet, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gi* on the counted cells, FDR-corrected p-values and classes: the z-scores and the classes."""
    gi = cells.gi_star(counts, DISTANCE_M)
    return gi.z, classify(gi.z, adjust_pvalues(gi.p, "fdr"))


def esda_weights(cells: CellSet, limit: int | None = None) -> Any:
    """libpysal's binary distance-band graph on the (first ``limit``) cell centres, in our cell order."""
    from libpysal.graph import Graph

    cx, cy = cells.centres()
    return Graph.build_distance_band(np.column_stack([cx[:limit], cy[:limit]]), DISTANCE_M, binary=True)


def esda_glocal(counts: np.ndarray, graph: Any) -> np.ndarray:
    """esda's Gi* (self-weight 1 filled in by G_Local), analytical inference only: the z-scores."""
    from esda.getisord import G_Local

    return np.asarray(G_Local(counts, graph, transform="B", star=True, permutations=0).Zs)


def stages(store: Store, q: HotspotQuery, cells: CellSet) -> dict[str, float]:
    """One cached-grid ``run_hotspots`` split into its steps (same calls, in the same order)."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    study = analysis.study_area(store, q)
    out["gebied"] = time.perf_counter() - start
    points = analysis.load_points(store, q, study)
    out["punten lezen"] = time.perf_counter() - start - sum(out.values())
    total, by_source = analysis.count_points(cells, points)
    out["tellen (totaal + per bron)"] = time.perf_counter() - start - sum(out.values())
    analysis.analyse_counts(q, study, cells, total, by_source)
    out["Gi* + FDR + klassen"] = time.perf_counter() - start - sum(out.values())
    return out


def load_store(store: Store, frame: pd.DataFrame) -> dict[str, Any]:
    """Boundaries and ``frame`` into ``store`` (untimed setup); warms the hotspot path up once."""
    load_boundaries(store)
    start = time.perf_counter()
    load_incidents(store, frame)
    return {"setup": time.perf_counter() - start, "study": study_geometry(store)}


def interleaved(fns: dict[str, Callable[[], T]], reps: int) -> dict[str, tuple[float, T]]:
    """Like ``timed`` for several stores at once: repeat i of each store right after the others' (same load)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    last: dict[str, Any] = {}
    for _ in range(reps):
        for key, fn in fns.items():
            gc.collect()
            start = time.perf_counter()
            last[key] = fn()
            times[key].append(time.perf_counter() - start)
    return {k: (statistics.median(v), last[k]) for k, v in times.items()}


def measure_stores(stores: dict[str, Store], q: HotspotQuery, study: shapely.Geometry, reps: int) -> dict[str, Any]:
    """The full path with and without a cached grid, and its steps, per store, interleaved."""
    grid_s, cells = timed(lambda: make_cells(study, CELL_M, "square"), reps)
    for store in stores.values():
        run_hotspots(store, q)  # warm-up: imports, caches
    full = interleaved({b: (lambda s=s: run_hotspots(s, q)) for b, s in stores.items()}, reps)
    cached = interleaved({b: (lambda s=s: run_hotspots(s, q, cells=cells)) for b, s in stores.items()}, reps)
    split = interleaved({b: (lambda s=s: stages(s, q, cells)) for b, s in stores.items()}, reps)
    out: dict[str, Any] = {}
    for b in stores:
        out[b] = {"grid": grid_s, "cells": cells, "full": full[b][0], "cached": cached[b][0],
                  "result": cached[b][1], "split": split[b][1]}  # fmt: skip
    return out


def open_backend(backend: str, tmp: str, pg: Databases | None) -> tuple[Store, dict[str, str]]:
    """A fresh store of ``backend`` and the environment it was opened with."""
    if backend == "duckdb":
        return open_store(str(Path(tmp) / "bench.duckdb")), {}
    assert pg is not None
    url, env = pg.new()
    with environment(env):
        return open_store(url), env


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hotspots", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    add_backend_args(parser)
    args = parser.parse_args()
    reps = max(args.repeats, 1)
    q = HotspotQuery(cell_m=CELL_M, distance_m=DISTANCE_M)
    backends = chosen(args.backend)
    got: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="vb-bench-") as tmp, postgis(args.pg_url, "postgis" in backends) as pg:
        stores: dict[str, Store] = {}
        setup: dict[str, dict[str, Any]] = {}
        try:
            frame: pd.DataFrame | None = None
            for backend in backends:
                stores[backend], env = open_backend(backend, tmp, pg)
                os.environ.update(env)  # the PostGIS store's owner role, for the whole run
                if frame is None:
                    load_boundaries(stores[backend])
                    frame = make_points(study_geometry(stores[backend]), args.rows)
                setup[backend] = load_store(stores[backend], frame)
            del frame
            got = measure_stores(stores, q, setup[backends[0]]["study"], reps)
            for backend in backends:
                got[backend]["setup"] = setup[backend]["setup"]
        finally:
            for store in stores.values():
                store.close()
    first = got[backends[0]]
    cells, counts = first["cells"], first["result"].counts
    same = all(np.array_equal(g["result"].counts, counts) for g in got.values())
    gi_s, _ = timed(lambda: cells.gi_star(counts, DISTANCE_M), reps)
    core_s, (z_ours, classes) = timed(lambda: ours_core(cells, counts), reps)
    esda_glocal(counts[:2000], esda_weights(cells, 2000))  # warm-up (untimed): imports
    weights_s, graph = timed(lambda: esda_weights(cells), reps)
    glocal_s, z_esda = timed(lambda: esda_glocal(counts, graph), reps)
    esda_s = weights_s + glocal_s
    diff = float(np.nanmax(np.abs(z_ours - z_esda)))
    same_nan = bool(np.array_equal(np.isnan(z_ours), np.isnan(z_esda)))
    equal = diff < Z_TOLERANCE and same_nan and same

    print(f"gebied: Gelderland + Overijssel, {cells.n:,} cellen van {CELL_M:.0f} m, buurafstand {DISTANCE_M:.0f} m, "
          f"gemiddeld {graph.cardinalities.mean() + 1:.1f} buren (cel zelf meegeteld)")  # fmt: skip
    hot = int((classes >= 2).sum())
    loads = ", ".join(f"{b} {g['setup']:.1f} s" for b, g in got.items())
    print(f"meldingen: {args.rows:,} gemaakt en geladen ({loads}; niet getimed), "
          f"{int(counts.sum()):,} geteld in het gebied, {hot:,} hotspotcellen (95%+)")  # fmt: skip
    if len(got) > 1:
        print(f"zelfde tellingen per cel in beide opslagen: {'ja' if same else 'NEE'}")
    print(f"mediaan van {reps} herhaling(en):")
    rows: list[tuple[str, float]] = []
    for backend, g in got.items():
        rows += [
            (f"ons volledig ({backend}): run_hotspots, grid in de aanroep", g["full"]),
            ("  waarvan grid bouwen (make_cells, apart gemeten)", g["grid"]),
            (f"ons volledig ({backend}): run_hotspots, grid gecachet", g["cached"]),
            *((f"  waarvan {k}", v) for k, v in g["split"].items()),
        ]
    rows += [
        ("ons kern: Gi* (stencil)", gi_s),
        ("ons kern: Gi* + FDR + klassen", core_s),
        ("esda: gewichten (Graph.build_distance_band)", weights_s),
        ("esda: G_Local (permutations=0)", glocal_s),
        ("esda totaal (gewichten + G_Local)", esda_s),
    ]
    for label, seconds in rows:
        print(f"  {label:<60}{seconds:8.3f} s")
    verdict_eq = "gelijk" if diff < Z_TOLERANCE and same_nan else "NIET gelijk"
    print(f"gelijkheid: max |z_ons - z_esda| = {diff:.2e} (grens {Z_TOLERANCE:.0e}: {verdict_eq})")
    ratio = esda_s / core_s
    verdict = "gehaald" if ratio >= TARGET_RATIO else "NIET gehaald"
    print(f"verhouding esda totaal / ons kern (Gi* + FDR + klassen): {ratio:.1f}x sneller "
          f"(doel >= {TARGET_RATIO:.0f}x: {verdict})")  # fmt: skip
    for backend, g in got.items():
        print(f"{backend}: verhouding esda totaal / ons volledig (grid in de aanroep): {esda_s / g['full']:.1f}x; "
              f"met grid gecachet: {esda_s / g['cached']:.1f}x (ter informatie, ons pad doet veel meer)")  # fmt: skip
        full_ok = "gehaald" if g["full"] < TARGET_FULL_S else "NIET gehaald"
        print(f"{backend}: volledig pad uit de opslag: {g['full']:.2f} s met grid, {g['cached']:.2f} s gecachet "
              f"(doel < {TARGET_FULL_S:.0f} s met grid: {full_ok})")  # fmt: skip
    if len(got) > 1:
        side_by_side(got)
    return 0 if equal else 1


def side_by_side(got: dict[str, dict[str, Any]]) -> None:
    """The store path on DuckDB and PostGIS, same points, same run (target: PostGIS within 2x)."""
    d, p = got["duckdb"], got["postgis"]
    print(f"\n{'zelfde punten, zelfde run':<42}{'DuckDB':>9}{'PostGIS':>9}{'PostGIS/DuckDB':>16}")
    rows = [("run_hotspots, grid in de aanroep (s)", d["full"], p["full"]),
            ("run_hotspots, grid gecachet (s)", d["cached"], p["cached"]),
            *((f"  {k} (s)", d["split"][k], p["split"][k]) for k in d["split"])]  # fmt: skip
    for label, a, b in rows:
        print(f"{label:<42}{a:>9.3f}{b:>9.3f}{b / a:>15.2f}x")
    for key, label in (("full", "grid in de aanroep"), ("cached", "grid gecachet")):
        ratio = p[key] / d[key]
        print(f"PostGIS / DuckDB, {label}: {ratio:.2f}x (doel <= 2x: {'gehaald' if ratio <= 2 else 'NIET gehaald'})")


if __name__ == "__main__":
    sys.exit(main())
