"""Import of a large partner CSV in RD New: our streaming import vs. a plain geopandas pipeline.

Both read the same file in the same run. Ours: ``gis.importing.pipeline.run_import`` (sniffing,
column mapping, per-row validation with a report, RD/WGS84 handling, municipality and PPS-area
assignment, one transaction into the store), reading in chunks. Baseline: ``pandas.read_csv`` ->
``geopandas.points_from_xy`` -> ``to_crs(EPSG:4326)`` -> ``to_file`` (GeoPackage), no validation.
Each run happens in a fresh subprocess so its peak memory (ru_maxrss) is its own.

Run from the repository root: ``python -m bench.import_csv [--rows N] [--repeats R]``.
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


def run_ours(csv: Path, db: Path) -> dict[str, float]:
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
    result = run_ours(Path(csv), Path(target)) if kind == "ours" else run_baseline(Path(csv), Path(target))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, csv: Path, workdir: Path, i: int, memory: str | None = None) -> dict[str, float]:
    target = workdir / (f"ours_{i}.duckdb" if kind == "ours" else f"base_{i}.gpkg")
    env = {**os.environ, "VB_DB_MEMORY": memory} if memory else None
    out = subprocess.run([sys.executable, "-m", "bench.import_csv", "--child", kind, str(csv), str(target)],
                         capture_output=True, text=True, check=True, env=env)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--memory", default="256MB", help="VB_DB_MEMORY for the memory runs")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CSV", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results: dict[str, list[dict[str, float]]] = {"ours": [], "baseline": []}
        csv = work / "partner.csv"
        make_csv(csv, args.rows)
        print(f"bestand: {args.rows:,} rijen, {csv.stat().st_size / 1e6:.0f} MB")
        for i in range(args.repeats):
            for kind in ("baseline", "ours"):
                results[kind].append(measure(kind, csv, work, i))
        med = {k: statistics.median(r["seconds"] for r in v) for k, v in results.items()}
        peak = {k: statistics.median(r["peak_mb"] for r in v) for k, v in results.items()}
        ours_rows = results["ours"][0]["rows"]
        print(
            f"ons (stroomsgewijs, met controle):  {med['ours']:6.2f} s  {ours_rows / med['ours']:>10,.0f} rijen/s  "
            f"piekgeheugen {peak['ours']:.0f} MB"
        )
        print(
            f"geopandas (read_csv->to_crs->gpkg): {med['baseline']:6.2f} s  "
            f"{results['baseline'][0]['rows'] / med['baseline']:>10,.0f} rijen/s  "
            f"piekgeheugen {peak['baseline']:.0f} MB"
        )
        pairs = [b["seconds"] / o["seconds"] for b, o in zip(results["baseline"], results["ours"], strict=True)]
        print("per herhaling (geopandas / ons, direct na elkaar gedraaid): "
              + ", ".join(f"{b['seconds']:.2f} / {o['seconds']:.2f} s = {p:.1f}x"
                          for b, o, p in zip(results["baseline"], results["ours"], pairs, strict=True)))  # fmt: skip
        ratio = med["baseline"] / med["ours"]
        verdict = "gehaald" if ratio >= TARGET_RATIO else "NIET gehaald"
        print(f"verhouding: {ratio:.1f}x sneller (mediaan per herhaling {statistics.median(pairs):.1f}x; "
              f"doel >= {TARGET_RATIO:.0f}x: {verdict})")  # fmt: skip
        memory_runs(work, csv, args.rows, args.memory)
    return 0


def memory_runs(work: Path, csv: Path, rows: int, memory: str) -> None:
    """Ours on a quarter, the whole and three times the file, with DuckDB held to ``memory``."""
    print(f"geheugen met VB_DB_MEMORY={memory} (DuckDB schrijft daarboven naar schijf):")
    peaks: dict[int, float] = {}
    for n in (max(rows // 4, 1000), rows, rows * 3):
        path = csv
        if n != rows:
            path = work / f"partner_{n}.csv"
            make_csv(path, n)
        got = measure("ours", path, work, 100 + len(peaks), memory)
        peaks[n] = got["peak_mb"]
        print(f"  {n:>10,} rijen: piek {got['peak_mb']:5.0f} MB in {got['seconds']:6.2f} s")
        if path != csv:
            path.unlink()
    print(f"  verhouding piek {rows * 3:,} / {rows:,} rijen: {peaks[rows * 3] / peaks[rows]:.2f} "
          "(1,00 = groeit niet mee met het bestand)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
