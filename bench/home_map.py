"""Home map at region zoom on a big demo database: our count cells vs. a FastMarkerCluster of every incident.

Run from the repository root: ``python -m bench.home_map [--incidents N] [--keep DB] [--backend both]``
(see bench/README.md). ``--backend postgis`` seeds and measures a PostGIS store (a throwaway cluster the
bench starts, or ``--pg-url``); ``both`` measures the two stores with the same seed, side by side.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import numpy as np
import streamlit_folium

from bench.pg import Databases, add_backend_args, chosen, environment, postgis
from gis.demo.seed import seed_demo
from gis.domain.catalog import Layer
from gis.geo.crs import rd_to_wgs84
from gis.io.reference import REGION_PROVINCES
from gis.maps.home import REGION_ZOOM, base_map, boundary_geojson, data_groups
from gis.overview import LayerView, overview
from gis.store import Filters, Store, open_store
from gis.ui.map_widget import show_map

DEFAULT_INCIDENTS = 1_000_000
REPEATS = 3
MB = 1_000_000  # payload sizes are in decimal megabytes
TARGET_PAYLOAD_MB = 1.5
TARGET_BUILD_S = 1.0
TARGET_RATIO = 10.0
MAP_KEY = "bench"
MAP_HEIGHT = 620  # what pages/kaart.py passes to show_map
LANG = "nl"
RETURNED = ["bounds", "zoom"]
# folium's default callback wants L.AwesomeMarkers, which the app's local assets (gis/maps/assets.py)
# do not load; a plain marker keeps the usual map working in this app at the same payload.
PLAIN_MARKER = "function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"


@dataclass(frozen=True)
class Boundaries:
    """WGS84 GeoJSON under the data; prepared once, untimed (the page builds it outside the map fragment)."""

    municipalities: dict
    provinces: dict
    areas: dict
    seconds: float


@dataclass
class Run:
    """One measured build: wall time per stage, and the bytes streamlit-folium sends to the browser."""

    stages: dict[str, float]
    payload: int
    parts: dict[str, int]
    detail: str = ""

    @property
    def seconds(self) -> float:
        """Total build time over all stages."""
        return sum(self.stages.values())


@dataclass
class Result:
    """The repeated runs of one approach; reported as medians."""

    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Median build time."""
        return statistics.median(r.seconds for r in self.runs)

    @property
    def payload(self) -> float:
        """Median payload in bytes."""
        return statistics.median(r.payload for r in self.runs)

    def stage_medians(self) -> dict[str, float]:
        """Median time per stage, in stage order."""
        return {k: statistics.median(r.stages[k] for r in self.runs) for k in self.runs[0].stages}


class Stopwatch:
    """Consecutive lap times, named by the stage that just ended."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        """Close the current stage as ``name`` and start the next one."""
        now = time.perf_counter()
        self.stages[name] = now - self._last
        self._last = now


@contextmanager
def captured_component() -> Iterator[dict[str, Any]]:
    """Swap streamlit-folium's frontend component for one that records the arguments sent to it."""
    sent: dict[str, Any] = {}

    def fake_component(**kwargs: Any) -> Any:
        sent.update(kwargs)
        return kwargs.get("default")

    original = streamlit_folium._component_func
    streamlit_folium._component_func = fake_component
    try:
        yield sent
    finally:
        streamlit_folium._component_func = original


def payload_bytes(sent: dict[str, Any]) -> int:
    """Size of the component arguments as Streamlit serialises them (JSON), without callbacks."""
    return len(json.dumps({k: v for k, v in sent.items() if not callable(v)}).encode())


def payload_parts(sent: dict[str, Any]) -> dict[str, int]:
    """Bytes of the big arguments: the base map's script and the data layers' feature groups."""
    return {k: len(json.dumps(sent.get(k)).encode()) for k in ("script", "feature_group", "header")}


def region_boundaries(store: Store) -> Boundaries:
    """Boundaries exactly as ``gis.ui.cache`` prepares them for the home map."""
    start = time.perf_counter()
    munis = store.municipalities(list(REGION_PROVINCES))
    provs = store.provinces()
    provs = provs[provs["code"].isin(REGION_PROVINCES)]
    areas = store.areas()
    return Boundaries(
        boundary_geojson(munis, ["name"]),
        boundary_geojson(provs, ["name"]),
        boundary_geojson(areas, ["name", "process_status"], tolerance_m=10.0),
        time.perf_counter() - start,
    )


def _describe(views: list[LayerView]) -> str:
    parts = []
    for v in views:
        if v.mode == "cells":
            parts.append(f"{v.layer.value} {v.in_view:,} as {len(v.cells):,} cells of {v.cell_m:g} m")
        else:
            parts.append(f"{v.layer.value} {len(v.points):,} points")
    return "; ".join(parts)


def measure_ours(store: Store, b: Boundaries) -> Run:
    """The home map as pages/kaart.py builds it at region zoom: overview, base map, data groups."""
    watch = Stopwatch()
    views = overview(store, Filters(), list(Layer), None, REGION_ZOOM)
    watch.lap("overview")
    base = base_map(b.municipalities, b.provinces, b.areas, LANG)
    watch.lap("base_map")
    groups = data_groups(views, LANG)
    watch.lap("data_groups")
    with captured_component() as sent:
        show_map(base, groups, key=MAP_KEY, height=MAP_HEIGHT)
    watch.lap("st_folium")
    return Run(watch.stages, payload_bytes(sent), payload_parts(sent), _describe(views))


def measure_cluster(store: Store, b: Boundaries) -> Run:
    """The usual approach: every incident into a FastMarkerCluster on the same base map."""
    watch = Stopwatch()
    frame = store.query_df("SELECT x, y FROM incidents")
    watch.lap("read points")
    lon, lat = rd_to_wgs84(frame["x"], frame["y"])
    watch.lap("to WGS84")
    base = base_map(b.municipalities, b.provinces, b.areas, LANG)
    watch.lap("base_map")
    markers = np.column_stack([lat, lon])
    folium.plugins.FastMarkerCluster(markers, callback=PLAIN_MARKER, name="Incidenten").add_to(base)
    watch.lap("FastMarkerCluster")
    with captured_component() as sent:
        streamlit_folium.st_folium(
            base, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True, returned_objects=RETURNED
        )
    watch.lap("st_folium")
    return Run(watch.stages, payload_bytes(sent), payload_parts(sent), f"{len(frame):,} incident markers")


def repeat(name: str, fn: Callable[[Store, Boundaries], Run], store: Store, b: Boundaries) -> Result:
    """Run ``fn`` ``REPEATS`` times (collecting garbage in between, untimed) and print each run."""
    result = Result(name)
    for i in range(REPEATS):
        gc.collect()
        run = fn(store, b)
        result.runs.append(run)
        print(f"  {name} run {i + 1}: {run.seconds:7.2f} s, {run.payload / MB:8.2f} MB", flush=True)
    gc.collect()
    return result


def _progress(fraction: float, message: str) -> None:
    print(f"  {fraction:4.0%}  {message}", flush=True)


def prepare_database(path: Path | str, n_incidents: int) -> tuple[Store, float | None]:
    """Open (create + migrate) the database (a DuckDB file or a PostGIS URL) and seed it; reuse it if it
    already holds data."""
    store = open_store(str(path))
    if not store.is_empty():
        have = int(store.scalar("SELECT count(*) FROM incidents") or 0)
        note = "" if have == n_incidents else f" (not the {n_incidents:,} asked for)"
        print(f"Reusing {path}: {have:,} incidents{note}; seeding skipped.")
        return store, None
    print(f"Seeding {n_incidents:,} demo incidents into {path} ...", flush=True)
    start = time.perf_counter()
    seed_demo(store, n_incidents=n_incidents, progress=_progress)
    seconds = time.perf_counter() - start
    print(f"Seeding took {seconds:.1f} s.")
    return store, seconds


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(ours: Result, cluster: Result) -> None:
    """Print the medians, the ratios and the targets."""
    size_ratio = cluster.payload / ours.payload
    time_ratio = cluster.seconds / ours.seconds
    print(f"\nMedians of {REPEATS} runs (build = server time incl. st_folium serialisation; MB = 10^6 bytes)")
    print(f"{'approach':<34}{'build s':>10}{'payload MB':>13}")
    for r in (ours, cluster):
        print(f"{r.name:<34}{r.seconds:>10.2f}{r.payload / MB:>13.2f}")
    print(f"{'ratio FastMarkerCluster / ours':<34}{time_ratio:>9.1f}x{size_ratio:>12.1f}x")
    for r in (ours, cluster):
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r.stage_medians().items())
        parts = ", ".join(f"{k} {v / MB:.3f}" for k, v in r.runs[-1].parts.items())
        print(f"\n{r.name}\n  stages (s): {stages}\n  payload parts (MB): {parts}")
        print(f"  shows: {r.runs[-1].detail}")
    print("\nTargets")
    ours_mb = ours.payload / MB
    checks = (
        (f"our payload < {TARGET_PAYLOAD_MB} MB", f"{ours_mb:.2f} MB", ours_mb < TARGET_PAYLOAD_MB),
        (f"our build < {TARGET_BUILD_S:g} s", f"{ours.seconds:.2f} s", ours.seconds < TARGET_BUILD_S),
        (f"payload ratio >= {TARGET_RATIO:g}x", f"{size_ratio:.1f}x", size_ratio >= TARGET_RATIO),
    )
    for label, value, ok in checks:
        print(f"  {label:<26}{value:>12}   {_verdict(ok)}")


def open_backend(backend: str, args: argparse.Namespace, tmp: str, pg: Databases | None) -> tuple[Store, dict]:
    """Seed (or reuse) one store; returns it and the environment it was opened with."""
    env: dict[str, str] = {}
    if backend == "duckdb":
        target: Path | str = args.keep or Path(tmp) / "bench.duckdb"
    else:
        assert pg is not None
        target, env = pg.new()
    with environment(env):
        store, _ = prepare_database(target, args.incidents)
    return store, env


def measure_interleaved(stores: dict[str, Store]) -> dict[str, tuple[Result, Result]]:
    """Both approaches on every store; run i of each store directly after run i of the other (same load)."""
    bounds = {}
    for backend, store in stores.items():
        bounds[backend] = region_boundaries(store)
        print(f"{backend}: boundary GeoJSON prepared in {bounds[backend].seconds:.2f} s (not part of the build time:",
              "the page prepares it outside the map fragment).")  # fmt: skip
    out: dict[str, tuple[Result, Result]] = {}
    for name, fn in (("ours (count cells)", measure_ours), ("FastMarkerCluster (all incidents)", measure_cluster)):
        results = {b: Result(name) for b in stores}
        print(f"\nMeasuring {name} ({REPEATS} runs per store, interleaved) ...", flush=True)
        for i in range(REPEATS):
            for backend, store in stores.items():
                gc.collect()
                run = fn(store, bounds[backend])
                results[backend].runs.append(run)
                print(f"  {backend} run {i + 1}: {run.seconds:7.2f} s, {run.payload / MB:8.2f} MB", flush=True)
        gc.collect()
        for backend, result in results.items():
            out[backend] = (*out.get(backend, ()), result)  # type: ignore[assignment]
    return out


def side_by_side(got: dict[str, tuple[Result, Result]]) -> None:
    """Both stores, same seed, same run (target: PostGIS's home map within 2x of DuckDB's)."""
    (d_ours, d_cluster), (p_ours, p_cluster) = got["duckdb"], got["postgis"]
    print(f"\nSame seed, same run{'':<16}{'DuckDB':>10}{'PostGIS':>10}{'PostGIS/DuckDB':>16}")
    rows = [("ours: build s", d_ours.seconds, p_ours.seconds),
            *((f"  {k} s", v, p_ours.stage_medians()[k]) for k, v in d_ours.stage_medians().items()),
            ("ours: payload MB", d_ours.payload / MB, p_ours.payload / MB),
            ("FastMarkerCluster: build s", d_cluster.seconds, p_cluster.seconds)]  # fmt: skip
    for label, a, b in rows:
        print(f"{label:<35}{a:>10.2f}{b:>10.2f}{b / a:>15.2f}x")
    ratio = p_ours.seconds / d_ours.seconds
    print(f"  PostGIS home map within 2x of DuckDB  {ratio:.2f}x   {_verdict(ratio <= 2)}")


def main(argv: list[str] | None = None) -> int:
    """Seed, measure both approaches, print the table. Always returns 0 (a benchmark, not a test)."""
    parser = argparse.ArgumentParser(prog="python -m bench.home_map", description=__doc__)
    parser.add_argument("--incidents", type=int, default=DEFAULT_INCIDENTS, help="demo incidents to seed")
    parser.add_argument(
        "--keep", metavar="DB", type=Path, help="use and keep this DuckDB file (reused if it holds data)"
    )
    add_backend_args(parser)
    args = parser.parse_args(argv)
    backends = chosen(args.backend)
    with tempfile.TemporaryDirectory(prefix="vb-bench-") as tmp, postgis(args.pg_url, "postgis" in backends) as pg:
        stores: dict[str, Store] = {}
        try:
            for backend in backends:
                stores[backend], env = open_backend(backend, args, tmp, pg)
                os.environ.update(env)  # the PostGIS store's owner role, for the whole run
            got = measure_interleaved(stores)
        finally:
            for store in stores.values():
                store.close()
    for backend, (ours, cluster) in got.items():
        print(f"\n=== {backend} ===")
        report(ours, cluster)
    if len(got) > 1:
        side_by_side(got)
    return 0


if __name__ == "__main__":
    sys.exit(main())
