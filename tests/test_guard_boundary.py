"""The guard is a boundary: no attribute of a guarded store leads to the bare store, every write needs its
right and is audited in the signed-in principal's name, and the refusals the role table promises hold."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import Action, PermissionDenied, Principal, Role, can
from gis.store import BatchInfo, Filters, Store, StoredFile
from gis.store.duck import DuckDBStore
from gis.store.guard import AggregateSource, GuardedStore
from gis.store.guard_rules import RULES

ROOT = Path(__file__).resolve().parents[1]
DUMPING = {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
           "waste_type": "vaten", "status": "gemeld"}  # fmt: skip


def _as(store: Store, role: Role, user: str | None = None, scope: frozenset[str] = frozenset({"*"})) -> GuardedStore:
    return GuardedStore(store, Principal(user or f"test-{role.value}", role, scope))


def _reachable(obj: object, depth: int = 3) -> list[tuple[str, object]]:
    """Every object reachable from ``obj`` through attributes (names in ``dir``, ``__dict__``, slots)."""
    found: list[tuple[str, object]] = []
    todo, seen = [("g", obj, 0)], set()
    while todo:
        path, here, level = todo.pop()
        if id(here) in seen or level > depth:
            continue
        seen.add(id(here))
        found.append((path, here))
        names = set(dir(here)) | set(getattr(type(here), "__slots__", ())) | set(getattr(here, "__dict__", {}) or {})
        for name in names:
            if name in ("__class__", "__doc__", "__module__", "__init_subclass__", "__subclasshook__"):
                continue
            try:
                value = object.__getattribute__(here, name)
            except (AttributeError, PermissionDenied, TypeError):
                try:
                    value = getattr(here, name)
                except (AttributeError, PermissionDenied, TypeError):
                    continue
            if isinstance(value, str | int | float | bool | bytes | type(None)):
                continue
            todo.append((f"{path}.{name}", value, level + 1))
    return found


@pytest.mark.parametrize("role", list(Role))
def test_no_attribute_of_a_guarded_store_is_the_bare_store(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    objects = _reachable(g)
    assert len(objects) > 20  # the walk did go somewhere
    leaks = [path for path, value in objects if isinstance(value, DuckDBStore)]
    assert not leaks, leaks
    for name in ("_store", "store", "_bare", "__dict__", "__wrapped__"):
        with pytest.raises((PermissionDenied, AttributeError)):
            getattr(g, name)
    # the private slots are the checked paths themselves: no more than the public calls allow
    with pytest.raises(PermissionDenied):
        g._reach("_cell_key_salt")
    with pytest.raises(PermissionDenied):
        g._call("get_meta", ("secret:cell_key",), {})
    if role is not Role.ADMIN:
        with pytest.raises(PermissionDenied):
            g._unguarded(Action.CREATE, "accounts")
    with pytest.raises(PermissionDenied):
        g.principal = Principal("x", Role.ADMIN, frozenset({"*"}))  # the principal cannot be swapped either
    assert g.principal.role is role


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_unguarded_is_for_account_administration_only(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    for action, resource in ((Action.CREATE, "accounts"), (Action.UPDATE, "accounts"), (Action.VIEW, "incidents")):
        with pytest.raises(PermissionDenied):
            g.unguarded(action, resource)
    admin = _as(shared, Role.ADMIN)
    assert isinstance(admin.unguarded(Action.CREATE, "accounts"), DuckDBStore)
    with pytest.raises(PermissionDenied, match="accountbeheer"):
        admin.unguarded(Action.VIEW, "incidents")


@pytest.mark.parametrize("role", list(Role))
def test_the_aggregate_source_is_no_way_round_either(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    try:
        source = g.aggregate_source(Layer.INCIDENTS)
    except PermissionDenied:
        return
    assert isinstance(source, AggregateSource)
    assert not [p for p, v in _reachable(source) if isinstance(v, DuckDBStore)]
    with pytest.raises(PermissionDenied, match="niet gekozen"):
        source.point_arrays(Layer.BARNS, Filters())


def test_pages_and_widgets_never_open_the_bare_store() -> None:
    allowed = {ROOT / "gis/ui/state.py", ROOT / "dashboard.py"}  # the store for sign-in, and page_start
    offenders = []
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "gis/ui").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if path not in allowed and re.search(r"\b(open_store|get_store|DuckDBStore)\b", text):
            offenders.append(path.name)
        if re.search(r"\._store\b|object\.__getattribute__", text):
            offenders.append(f"{path.name} (private attribute)")
    assert not offenders


def _writes(g: GuardedStore, shared: Store) -> dict[str, object]:
    area = int(shared.areas().iloc[0]["id"])
    box = shapely.box(226000, 470000, 227000, 471000)
    batch = int(shared.batches()["id"].iloc[0]) if len(shared.batches()) else 1
    info = BatchInfo("incidents", "x.csv", "f" * 64, "someone-else", "politie")
    return {
        "add_area": lambda: g.add_area("Grens <b>", box, created_by="someone-else"),
        "save_area_version": lambda: g.save_area_version(area, box, "Nieuw", "", "someone-else", "test"),
        "delete_area": lambda: g.delete_area(area, "someone-else", "test"),
        "add_dumping": lambda: g.add_dumping(DUMPING, "someone-else"),
        "import_batch": lambda: g.import_batch(
            info,
            [
                pd.DataFrame(
                    {
                        "x": [226500.0],
                        "y": [470500.0],
                        "occurred_on": [date(2026, 1, 5)],
                        "category": ["drugslab"],
                        "source_org": ["politie"],
                    }
                )
            ],
        ),
        "save_mapping": lambda: g.save_mapping("politie", "incidents", {"x": "X"}, "someone-else"),
        "set_batch_refused": lambda: g.set_batch_refused(batch, 3),
        "undo_batch": lambda: g.undo_batch(batch, "someone-else"),
    }


@pytest.mark.parametrize("role", list(Role))
def test_every_write_needs_its_right_and_is_audited_in_the_principals_name(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    needs = {"add_area": (Action.CREATE, "areas"), "save_area_version": (Action.UPDATE, "areas"),
             "delete_area": (Action.DELETE, "areas"), "add_dumping": (Action.CREATE, "dumpings"),
             "import_batch": (Action.IMPORT, "incidents"), "save_mapping": (Action.IMPORT, "incidents"),
             "set_batch_refused": (Action.IMPORT, "incidents"), "undo_batch": (Action.IMPORT, "incidents")}  # fmt: skip
    for name, call in _writes(g, shared).items():
        before = len(shared.audit_log(user=g.principal.user))
        try:
            call()
            done = True
        except PermissionDenied:
            done = False
        assert done == can(g.principal, *needs[name]), (role, name)
        log = shared.audit_log(user=g.principal.user)
        if RULES[name].audit or not done:
            assert len(log) == before + 1, (role, name)
            assert log["outcome"].iloc[0] == ("ok" if done else "geweigerd")
    assert shared.audit_log(user="someone-else").empty  # nobody writes in another's name
    if can(g.principal, Action.CREATE, "areas"):
        assert set(shared.area_versions(int(shared.areas()["id"].max()))["changed_by"]) == {g.principal.user}


def test_another_inspector_changes_neither_status_nor_files(shared: Store) -> None:
    mine, other = _as(shared, Role.INSPECTOR, "insp-a"), _as(shared, Role.INSPECTOR, "insp-b")
    new_id = mine.add_dumping(DUMPING, "insp-a")
    photo = StoredFile("foto", "x.jpg", "image/jpeg", b"jpeg", "0" * 64, shared=b"copy")
    with pytest.raises(PermissionDenied, match="eigen meldingen"):
        other.change_dumping_status(new_id, "in onderzoek", "insp-b")
    with pytest.raises(PermissionDenied, match="eigen meldingen"):
        other.add_dumping_files(new_id, [photo], "insp-b")
    mine.change_dumping_status(new_id, "in onderzoek", "insp-a")
    assert shared.dumping(new_id)["status"] == "in onderzoek" and shared.dumping_files(new_id).empty


def test_photos_of_a_partly_scoped_user_only_inside_the_scope(shared: Store) -> None:
    admin = _as(shared, Role.ADMIN)
    photo = StoredFile("foto", "x.jpg", "image/jpeg", b"original", "0" * 64, shared=b"copy")
    inside = admin.add_dumping(DUMPING, "a", files=[photo])  # Lochem, GM0262
    outside = admin.add_dumping({**DUMPING, "x": 205000.0, "y": 445000.0}, "a", files=[photo])
    assert shared.dumping(outside)["municipality_code"] != "GM0262"
    lochem = _as(shared, Role.INSPECTOR, "insp-lochem", frozenset({"GM0262"}))
    file_in = int(shared.dumping_files(inside)["id"].iloc[0])
    file_out = int(shared.dumping_files(outside)["id"].iloc[0])
    assert lochem.dumping_file(file_in, original=True)[2] == b"original"
    with pytest.raises(PermissionDenied, match="buiten het werkgebied"):
        lochem.dumping_file(file_out)
    with pytest.raises(PermissionDenied, match="onbekend"):
        lochem.dumping_file(10**9)
