"""What disclosure control costs: the home map, the counts table and a drawn shape for an aggregate-only role
(released, perturbed base units; ``gis.privacy``) against the same calls for a raw-data role (exact GROUP BYs),
on the same database in the same run.

Run from the repository root: ``python -m bench.disclosure [--incidents N] [--keep DB]`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import shapely

from gis.demo.seed import seed_demo
from gis.domain.catalog import Layer
from gis.domain.roles import Principal, Role
from gis.overview import counts_table, overview
from gis.privacy.units import clear_cache
from gis.store import Filters, open_store
from gis.store.guard import GuardedStore

REPEATS = 5
BOUNDS = {"_southWest": {"lat": 52.0, "lng": 6.2}, "_northEast": {"lat": 52.4, "lng": 6.9}}
SHAPE = shapely.box(220_000, 460_000, 240_000, 480_000).difference(shapely.box(225_000, 465_000, 230_000, 470_000))


def _page(store: GuardedStore) -> None:
    """What one run of the Kaart and Aantallen pages and a Gebieden description asks of the store."""
    f = Filters()
    overview(store, f, list(Layer), BOUNDS, 10, frozenset())
    counts_table(store, f, "municipality")
    for layer in Layer:
        store.count_within(layer, SHAPE)


def _median(run: Callable[[], None], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(REPEATS):
        before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="database to reuse (made if missing)")
    args = parser.parse_args(argv)
    path = args.keep or Path(tempfile.mkdtemp()) / "bench_disclosure.duckdb"
    store = open_store(str(path))
    if store.is_empty():
        print(f"building a demo database with {args.incidents:,} incidents ...")
        seed_demo(store, n_incidents=args.incidents)
    raw = GuardedStore(store, Principal("bench-analist", Role.ANALYST, frozenset({"*"})))
    released = GuardedStore(store, Principal("bench-werkgroep", Role.WORKGROUP, frozenset({"*"})))
    n = store.layer_count(Layer.INCIDENTS, Filters())
    units = len(store.disclosure_units(Layer.INCIDENTS))
    print(f"{n:,} incidents in {units:,} base units (1 km cell x month x municipality x source x category)")
    exact = _median(lambda: _page(raw))
    cold = _median(lambda: _page(released), before=clear_cache)
    warm = _median(lambda: _page(released))
    print(f"raw role (exact GROUP BYs):          {exact:6.3f} s per page run (median of {REPEATS})")
    print(f"aggregate role, units kept (warm):  {warm:6.3f} s  ratio {warm / exact:4.2f}x the raw role")
    print(f"aggregate role, first run (cold):    {cold:6.3f} s  ratio {cold / exact:4.2f}x the raw role")
    store.close()


if __name__ == "__main__":
    main()
