"""Two imports of the same file at the same time (two sessions, or a session and the command line): exactly one
is stored, the other is refused in Dutch with nothing written; once undone, the file may come in again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gis.domain.catalog import Layer
from gis.importing.pipeline import ImportOptions, run_import
from gis.store import Filters, StoreError
from tests.importing.test_fastpath import HEADER, MAPPING


def test_two_imports_of_one_file_at_once_store_it_once(make_store, backend: str, tmp_path: Path) -> None:
    csv = tmp_path / "politie.csv"
    rows = [f"R-{i};01-03-2026;drugslab;{226000 + i};{470000 + i};politie;intern" for i in range(300)]
    csv.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    stores = [make_store("race.duckdb", boundaries=True)]
    stores.append(stores[0] if backend == "duckdb" else make_store_same(stores[0]))
    outcome: list[object] = []
    # both pass the pipeline's early check, as two imports started at the same moment do: the import itself
    # must then refuse the second one
    patched = list({id(s): s for s in stores}.values())
    for s in patched:
        s.find_batch = lambda *a, **k: None  # type: ignore[method-assign]

    def one(store) -> None:
        try:
            outcome.append(run_import(store, csv, _options()))
        except StoreError as exc:
            outcome.append(exc)

    threads = [threading.Thread(target=one, args=(s,)) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    refused = [o for o in outcome if isinstance(o, Exception)]
    assert len(refused) == 1 and "intussen al ingelezen" in str(refused[0]), outcome
    assert stores[0].layer_count(Layer.INCIDENTS, Filters()) == 300
    assert len(stores[0].batches()) == 1
    for s in patched:
        del s.find_batch  # the class's method again
    stores[0].undo_batch(int(stores[0].batches()["id"].iloc[0]), "a")  # undone: the file may come in again
    run_import(stores[0], csv, _options())
    assert stores[0].layer_count(Layer.INCIDENTS, Filters()) == 300


def _options(**extra: object) -> ImportOptions:
    return ImportOptions(layer="incidents", source_org="politie", user="a", mapping=MAPPING, **extra)  # type: ignore[arg-type]


def make_store_same(store):
    from gis.store import open_store

    return open_store(store.url)  # a second store (its own pool) on the same PostGIS database


pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
