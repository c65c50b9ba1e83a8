"""Import of a large partner CSV in RD New: our streaming import vs. a plain geopandas pipeline.

Both read the same file in the same run. Ours: ``gis.importing.pipeline.run_import`` (sniffing,
column mapping, per-row validation with a report, RD/WGS84 handling, municipality and PPS-area
assignment, one transaction into the store), reading in chunks. Baseline: ``pandas.read_csv`` ->
``geopandas.points_from_xy`` -> ``to_crs(EPSG:4326)`` -> ``to_file`` (GeoPackage), no validation.
Each run happens in a fresh subprocess so its peak memory (ru_maxrss) is its own.

``--backend postgis`` imports into a PostGIS store instead (a fresh database per run, from a throwaway
cluster the bench starts, or ``--pg-url``); ``--backend both`` runs both stores on the same file in the same
run, interleaved with the baseline, and prints them side by side.

Run from the repository root: ``python -m bench.import_csv [--rows N] [--repeats R] [--backend both]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.pg import Databases, add_backend_args, chosen, postgis

CATEGORIES = ("hennepkwekerij", "drugslab", "inbraak schuur/erf", "verdachte situatie")
TARGET_RATIO = 3.0


def make_csv(path: Path, rows: int, seed: int = 7) -> None:
    """A police-style export: semicolon, decimal comma, RD New x/y, Dutch dates, unique references."""
    rng = np.random.default_rng(seed)
    chunk = 250_000
    with path.open("w", encoding="utf-8") as out:
        out.write("Registratienummer;Pleegdatum;Soort incident;X-coördinaat;Y-coördinaat\n")
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            x = rng.uniform(180_000, 260_000, n).round(1)
            y = rng.uniform(430_000, 520_000, n).round(1)
            days = rng.integers(0, 1000, n)
            dates = (pd.Timestamp("2023-11-01") + pd.to_timedelta(days, unit="D")).strftime("%d-%m-%Y")
            cats = np.asarray(CATEGORIES)[rng.integers(0, len(CATEGORIES), n)]
            refs = [f"PL06-{start + i:08d}" for i in range(n)]
            frame = pd.DataFrame({"r": refs, "d": dates, "c": cats,
                                  "x": [f"{v:.1f}".replace(".", ",") for v in x],
                                  "y": [f"{v:.1f}".replace(".", ",") for v in y]})  # fmt: skip
            frame.to_csv(out, sep=";", header=False, index=False)


def run_ours(csv: Path, db: str) -> dict[str, float]:
    from gis.demo.seed import load_boundaries
    from gis.importing.pipeline import ImportOptions, run_import
    from gis.store import open_store

    store = open_store(str(db))
    load_boundaries(store)
    start = time.perf_counter()
    report = run_import(store, csv, ImportOptions(layer="incidents", source_org="politie", user="bench"))
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "rows": float(report.accepted), "refused": float(report.refused_count)}


def run_baseline(csv: Path, out: Path) -> dict[str, float]:
    import geopandas as gpd

    start = time.perf_counter()
    frame = pd.read_csv(csv, sep=";", decimal=",")
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["X-coördinaat"], frame["Y-coördinaat"]),
                           crs="EPSG:28992").to_crs("EPSG:4326")  # fmt: skip
    gdf.to_file(out, driver="GPKG", engine="pyogrio")
    return {"seconds": time.perf_counter() - start, "rows": float(len(gdf)), "refused": 0.0}


def _child(kind: str, csv: str, target: str) -> None:
    result = run_baseline(Path(csv), Path(target)) if kind == "baseline" else run_ours(Path(csv), target)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, csv: Path, workdir: Path, i: int, memory: str | None = None,
            pg: Databases | None = None) -> dict[str, float]:  # fmt: skip
    """One run in a fresh subprocess: ``baseline``, ``duckdb`` or ``postgis`` (a fresh database each time)."""
    env = {**os.environ, "VB_DB_MEMORY": memory} if memory else dict(os.environ)
    if kind == "postgis":
        assert pg is not None
        target, extra = pg.new()
        env.update(extra)
    else:
        target = str(workdir / (f"ours_{i}.duckdb" if kind == "duckdb" else f"base_{i}.gpkg"))
    out = subprocess.run([sys.executable, "-m", "bench.import_csv", "--child", kind, str(csv), target],
                         capture_output=True, text=True, check=True, env=env)  # fmt: skip
    if kind == "duckdb":
        for leftover in workdir.glob(f"ours_{i}.duckdb*"):
            leftover.unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


LABEL = {"duckdb": "ons, DuckDB (stroomsgewijs, met controle)", "postgis": "ons, PostGIS (stroomsgewijs, met controle)",
         "baseline": "geopandas (read_csv->to_crs->gpkg)"}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--memory", default="256MB", help="VB_DB_MEMORY for the DuckDB memory runs")
    parser.add_argument("--sizes", default="0.25,1,3", help="file sizes of the memory runs, as fractions of --rows")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CSV", "TARGET"), help=argparse.SUPPRESS)
    add_backend_args(parser)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    backends = chosen(args.backend)
    with tempfile.TemporaryDirectory() as tmp, postgis(args.pg_url, "postgis" in backends) as pg:
        work = Path(tmp)
        results: dict[str, list[dict[str, float]]] = {k: [] for k in ("baseline", *backends)}
        csv = work / "partner.csv"
        make_csv(csv, args.rows)
        print(f"bestand: {args.rows:,} rijen, {csv.stat().st_size / 1e6:.0f} MB")
        for i in range(args.repeats):
            for kind in results:
                results[kind].append(measure(kind, csv, work, i, pg=pg))
        med = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
        peak = {k: statistics.median(r["peak_mb"] for r in v) for k, v in results.items()}
        for kind in results:
            rows = results[kind][0]["rows"]
            print(f"{LABEL[kind] + ':':<44}{med[kind]:7.2f} s  {rows / med[kind]:>10,.0f} rijen/s  "
                  f"piekgeheugen {peak[kind]:.0f} MB")  # fmt: skip
        for kind in backends:
            pairs = [b["seconds"] / o["seconds"] for b, o in zip(results["baseline"], results[kind], strict=True)]
            print(f"{kind}: per herhaling (geopandas / ons, direct na elkaar gedraaid): "
                  + ", ".join(f"{b['seconds']:.2f} / {o['seconds']:.2f} s = {p:.1f}x"
                              for b, o, p in zip(results["baseline"], results[kind], pairs, strict=True)))  # fmt: skip
            ratio = med["baseline"] / med[kind]
            target = TARGET_RATIO if kind == "duckdb" else 1.0
            verdict = "gehaald" if ratio >= target else "NIET gehaald"
            print(f"{kind}: verhouding {ratio:.1f}x sneller (mediaan per herhaling {statistics.median(pairs):.1f}x; "
                  f"doel >= {target:.0f}x: {verdict})")  # fmt: skip
        if len(backends) == 2:
            side_by_side(results, med, peak)
        sizes = sorted({max(int(args.rows * float(f)), 1000) for f in args.sizes.split(",")})
        for kind in backends:
            memory_runs(work, csv, args.rows, sizes, kind, args.memory, pg)
    return 0


def side_by_side(results: dict[str, list[dict[str, float]]], med: dict[str, float], peak: dict[str, float]) -> None:
    """DuckDB and PostGIS on the same file in the same run."""
    print(f"\n{'zelfde bestand, zelfde run':<34}{'DuckDB':>12}{'PostGIS':>12}{'PostGIS/DuckDB':>16}")
    rows = [("tijd (mediaan, s)", med["duckdb"], med["postgis"]),
            ("piekgeheugen Python (MB)", peak["duckdb"], peak["postgis"]),
            ("geopandas / ons (x)", med["baseline"] / med["duckdb"], med["baseline"] / med["postgis"])]  # fmt: skip
    for label, a, b in rows:
        print(f"{label:<34}{a:>12.2f}{b:>12.2f}{b / a:>15.2f}x")
    print(f"{'rijen ingelezen':<34}{results['duckdb'][0]['rows']:>12,.0f}{results['postgis'][0]['rows']:>12,.0f}")


def memory_runs(work: Path, csv: Path, rows: int, sizes: list[int], kind: str, memory: str,
                pg: Databases | None) -> None:  # fmt: skip
    """Ours on files of ``sizes`` rows: the peak memory of the importing process as the file grows (for DuckDB
    with its memory limit at ``memory``; PostGIS's server processes are not counted, they have their own)."""
    limit = f" met VB_DB_MEMORY={memory} (DuckDB schrijft daarboven naar schijf)" if kind == "duckdb" else (
        " (het Python-proces; de PostgreSQL-server is een eigen proces)")  # fmt: skip
    print(f"{kind}: geheugen{limit}:")
    peaks: dict[int, float] = {}
    for n in sizes:
        path = csv
        if n != rows:
            path = work / f"partner_{n}.csv"
            make_csv(path, n)
        got = measure(kind, path, work, 100 + len(peaks), memory if kind == "duckdb" else None, pg)
        peaks[n] = got["peak_mb"]
        print(f"  {n:>10,} rijen: piek {got['peak_mb']:5.0f} MB in {got['seconds']:6.2f} s")
        if path != csv:
            path.unlink()
    small, big = sizes[0], sizes[-1]
    print(f"  verhouding piek {big:,} / {small:,} rijen: {peaks[big] / peaks[small]:.2f} "
          "(1,00 = groeit niet mee met het bestand)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
