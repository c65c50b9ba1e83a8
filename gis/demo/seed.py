"""Fill a database: reference boundaries always, demo layers when asked. Reports progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from gis.clock import now_nl
from gis.demo.generator import DEFAULT_SEED
from gis.demo.layers import generate
from gis.demo.process import DEMO_PARTNERSHIPS, seed_demo_partnerships
from gis.domain.catalog import Layer
from gis.i18n import fmt_int
from gis.io.reference import load_reference
from gis.store import Store

Progress = Callable[[float, str], None]
CHUNK = 100_000


def _quiet(_: float, __: str) -> None:
    return None


def load_boundaries(store: Store) -> None:
    """Load the CBS municipality and province boundaries from ``data/``."""
    munis, provs = load_reference()
    store.replace_boundaries(munis, provs)


def seed_demo(
    store: Store,
    seed: int = DEFAULT_SEED,
    n_incidents: int = 5000,
    progress: Progress = _quiet,
) -> dict[str, int]:
    """Write boundaries, demo areas and demo layers; mark the database as demo. Returns counts."""
    progress(0.02, "Gemeentegrenzen laden")
    munis, provs = load_reference()
    store.replace_boundaries(munis, provs)
    progress(0.08, "Demogegevens maken")
    data = generate(munis, provs, seed=seed, n_incidents=n_incidents)
    for row in data.areas.itertuples():
        store.add_area(row.name, row.geometry, row.activities, row.process_status, is_demo=True)
    counts = {"areas": len(data.areas)}
    progress(0.2, "Schuren en dumpingen opslaan")
    counts[Layer.BARNS.value] = store.insert_points(Layer.BARNS, data.barns, is_demo=True)
    counts[Layer.DUMPINGS.value] = store.insert_points(Layer.DUMPINGS, data.dumpings, is_demo=True)
    n = len(data.incidents)
    written = 0
    for start in range(0, n, CHUNK):
        chunk = data.incidents.iloc[start : start + CHUNK]
        written += store.insert_points(Layer.INCIDENTS, chunk, is_demo=True)
        progress(0.25 + 0.7 * written / max(n, 1), f"Incidenten opslaan ({fmt_int(written)} van {fmt_int(n)})")
    counts[Layer.INCIDENTS.value] = written
    progress(0.97, "Samenwerkingen vastleggen")
    counts["partnerships"] = seed_demo_partnerships(store, DEMO_PARTNERSHIPS, now_nl().date() - timedelta(days=90))
    store.set_meta("demo", "1")
    store.set_meta("demo_seed", str(seed))
    from gis.auth import ensure_demo_accounts  # demo accounts (no password, one per role) only in a demo database

    ensure_demo_accounts(store)
    progress(1.0, "Klaar")
    return counts


def initialise(store: Store, demo: bool, progress: Progress = _quiet) -> bool:
    """Prepare an empty database (boundaries, and demo data if ``demo``). True if it was empty."""
    if not store.is_empty():
        return False
    if demo:
        seed_demo(store, progress=progress)
    else:
        load_boundaries(store)
        store.set_meta("demo", "0")
    return True
