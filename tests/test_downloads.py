"""The download helper: the file is made on the click and the export logged then, from the server's own
thread (as Streamlit runs a deferred download), never before and never for a failed export."""

from __future__ import annotations

import threading

import pytest

from gis.domain.roles import Principal, Role
from gis.store import Store
from gis.store.guard import GuardedStore
from gis.ui.downloads import logged_export


def _exports(store: Store, user: str) -> list[list[str]]:
    return store.audit_log(user=user, action="export")[["resource", "detail", "role"]].values.tolist()


def test_the_export_is_logged_when_the_file_is_made_not_before(shared: Store) -> None:
    analyst = GuardedStore(shared, Principal("ana", Role.ANALYST, frozenset({"*"})))
    make = logged_export(analyst, "areas", "Lochem als gpkg (rd)", lambda: b"GPKG")
    assert _exports(shared, "ana") == []  # drawing the button logs nothing
    made: list[bytes | str] = []
    worker = threading.Thread(target=lambda: made.append(make()))  # Streamlit calls it outside the script
    worker.start()
    worker.join(30)
    assert made == [b"GPKG"]
    assert _exports(shared, "ana") == [["areas", "Lochem als gpkg (rd)", "analist"]]
    assert logged_export(analyst, "audit", "auditlog als CSV", "a;b\n")() == "a;b\n"  # plain data too
    assert len(_exports(shared, "ana")) == 2


def test_a_failed_export_and_the_bare_store_log_nothing(shared: Store) -> None:
    analyst = GuardedStore(shared, Principal("ana", Role.ANALYST, frozenset({"*"})))

    def broken() -> bytes:
        raise OSError("schijf vol")

    with pytest.raises(OSError, match="schijf vol"):
        logged_export(analyst, "areas", "x", broken)()
    before = len(shared.audit_log(action="export"))
    assert logged_export(shared, "areas", "x", b"data")() == b"data"
    assert _exports(shared, "ana") == [] and len(shared.audit_log(action="export")) == before
