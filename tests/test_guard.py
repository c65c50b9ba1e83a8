"""The guarded store: every role x store call checked against the role table, refusals and writes in the
audit log, small counts hidden from aggregate-only roles, and no way around it to the bare store."""

from __future__ import annotations

import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import (
    SMALL_COUNT_SUPPRESSION,
    SUPPRESSED,
    Access,
    Action,
    PermissionDenied,
    Principal,
    Role,
    can,
    layer_access,
)
from gis.store import DumpingQuery, Filters, Store, StoredFile
from gis.store.guard import RULES, GuardedStore


def _as(store: Store, role: Role, user: str | None = None) -> GuardedStore:
    return GuardedStore(store, Principal(user or f"test-{role.value}", role, frozenset({"*"})))


def _allowed(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return False
    return True


READS = {
    "points": lambda g, layer: g.points(layer, Filters(), limit=5),
    "point_arrays": lambda g, layer: g.point_arrays(layer, Filters()),
    "grid_counts": lambda g, layer: g.grid_counts(layer, Filters(), 2500.0),
    "counts_by": lambda g, layer: g.counts_by(layer, Filters(), "municipality"),
    "layer_count": lambda g, layer: g.layer_count(layer, Filters()),
}


@pytest.mark.parametrize("role", list(Role))
def test_layer_reads_follow_the_role_table(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    for layer in Layer:
        access = layer_access(g.principal, layer)
        for name, call in READS.items():
            needed = Access.RAW if name in ("points", "point_arrays") else Access.AGGREGATE
            assert _allowed(lambda c=call, lay=layer: c(g, lay)) == (access >= needed), (role, layer, name)


@pytest.mark.parametrize("role", list(Role))
def test_writes_and_admin_calls_follow_the_role_table(shared: Store, role: Role) -> None:
    g = _as(shared, role)
    area = int(shared.areas().iloc[0]["id"])
    box = shapely.box(226000, 470000, 227000, 471000)
    cases = {
        (Action.CREATE, "areas"): lambda: g.add_area("Test", box, created_by=g.principal.user),
        (Action.UPDATE, "areas"): lambda: g.save_area_version(area, box, "Test", "", g.principal.user, "test"),
        (Action.DELETE, "areas"): lambda: g.delete_area(area, g.principal.user, "test"),
        (Action.VIEW, "accounts"): lambda: g.accounts(),
        (Action.VIEW, "audit"): lambda: g.audit_log(),
        (Action.VIEW, "imports"): lambda: g.batches(),
    }
    for (action, resource), call in cases.items():
        assert _allowed(call) == can(g.principal, action, resource), (role, action, resource)
    dumping = {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
               "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
    assert _allowed(lambda: g.add_dumping(dumping, g.principal.user)) == can(g.principal, Action.CREATE, "dumpings")


def test_calls_without_a_rule_are_refused_even_for_the_administrator(shared: Store) -> None:
    admin = _as(shared, Role.ADMIN)
    for name in ("query_df", "cursor", "transaction", "scalar", "set_password_hash", "account_secret",
                 "_write_points", "replace_boundaries", "set_meta"):  # fmt: skip
        assert name not in RULES
        with pytest.raises(PermissionDenied):
            getattr(admin, name)
    with pytest.raises(PermissionDenied):
        admin._store_is_private = 1  # nothing can be attached to a guarded store
    for name in ("_store", "_Bound__store", "store"):  # nor is the bare store behind any name
        with pytest.raises(PermissionDenied):
            getattr(admin, name)


def test_inspector_edits_only_own_dumpings(shared: Store) -> None:
    mine = _as(shared, Role.INSPECTOR, "insp-a")
    other = _as(shared, Role.INSPECTOR, "insp-b")
    record = {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
              "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
    new_id = mine.add_dumping(record, "insp-a")
    mine.update_dumping(new_id, {"notes": "eigen melding"}, "insp-a", note="aanvulling")
    with pytest.raises(PermissionDenied, match="eigen meldingen"):
        other.update_dumping(new_id, {"notes": "van een ander"}, "insp-b")
    assert shared.dumping(new_id)["notes"] == "eigen melding"


def test_writes_and_refusals_are_audited(shared: Store) -> None:
    coordinator = _as(shared, Role.COORDINATOR, "coord")
    area = int(shared.areas().iloc[0]["id"])
    with pytest.raises(PermissionDenied):
        coordinator.delete_area(area, "coord", "weg ermee")
    new = coordinator.add_area("Nieuw <b>gebied</b>", shapely.box(226000, 470000, 227000, 471000), created_by="coord")
    log = shared.audit_log(user="coord")
    lines = list(zip(log["action"], log["resource"], log["outcome"], log["record"], strict=True))
    assert ("delete", "areas", "geweigerd", str(area)) in lines
    assert any(a == "create" and r == "areas" and o == "ok" for a, r, o, _x in lines)
    assert any(f"nieuw id {new}" in d for d in log["detail"].dropna())


def test_aggregate_roles_get_released_counts_never_below_five(shared: Store) -> None:
    analyst, group = _as(shared, Role.ANALYST), _as(shared, Role.WORKGROUP)
    raw = analyst.grid_counts(Layer.INCIDENTS, Filters(), 1000.0)
    shown = group.grid_counts(Layer.INCIDENTS, Filters(), 250.0)  # asked finer than allowed: 1 km cells
    assert (raw["n"] < SMALL_COUNT_SUPPRESSION).any()
    assert len(shown) and (shown["n"] >= SMALL_COUNT_SUPPRESSION).all()
    assert ((shown["x0"] % 1000 == 0) & (shown["y0"] % 1000 == 0)).all()
    both = shown.merge(raw, on=["x0", "y0"], how="left", suffixes=("", "_raw")).fillna(0)
    assert (both["n"] != both["n_raw"]).any()  # perturbed, not the store's exact counts
    assert (abs(both["n"] - both["n_raw"]) <= 2 * both["n_raw"].clip(lower=1) + 2).all()
    table = group.counts_by(Layer.BARNS, Filters(), "municipality")
    assert ((table["n"] >= SMALL_COUNT_SUPPRESSION) | (table["n"] == SUPPRESSED)).all()
    assert (table["n"] == SUPPRESSED).any()
    full = analyst.counts_by(Layer.BARNS, Filters(), "municipality")
    assert full["n"].sum() == shared.scalar("SELECT count(*) FROM barns")  # raw roles stay exact


def test_photo_originals_only_for_roles_that_may_see_them(shared: Store) -> None:
    from tests.photo_factory import jpeg

    photo = jpeg(gps=(52.2, 6.4))
    stored = StoredFile("foto", "vondst.jpg", "image/jpeg", photo, "0" * 64, shared=b"stripped", lat=52.2, lon=6.4)
    admin = _as(shared, Role.ADMIN)
    dumping = {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
               "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
    new_id = admin.add_dumping(dumping, "ignored", files=[stored])
    file_id = int(shared.dumping_files(new_id)["id"].iloc[0])
    coordinator, analyst = _as(shared, Role.COORDINATOR), _as(shared, Role.ANALYST)
    with pytest.raises(PermissionDenied, match="originele bestanden"):
        coordinator.dumping_file(file_id, original=True)
    assert coordinator.dumping_file(file_id)[2] == b"stripped"
    assert analyst.dumping_file(file_id, original=True)[2] == photo
    listed = coordinator.dumping_files(new_id)  # the EXIF position of the original is not told either
    assert listed[["lat", "lon"]].isna().all().all()
    assert analyst.dumping_files(new_id)[["lat", "lon"]].iloc[0].tolist() == [52.2, 6.4]
    assert shared.dumping(new_id)["created_by"] == "test-beheerder"  # the principal, not the name passed


def test_downloads_are_logged_as_exports(shared: Store) -> None:
    from gis.ui.downloads import logged_export

    analyst = _as(shared, Role.ANALYST, "ana")
    make = logged_export(analyst, "dumpings", "register als csv (3 meldingen)", lambda: b"a;b")
    assert shared.audit_log(user="ana", action="export").empty  # nothing logged before the file is made
    assert make() == b"a;b"
    assert logged_export(shared, "dumpings", "x", b"z")() == b"z"  # the bare store logs nothing
    log = shared.audit_log(user="ana", action="export")
    assert log[["resource", "detail", "role"]].values.tolist() == [
        ["dumpings", "register als csv (3 meldingen)", "analist"]
    ]


def test_records_only_inside_the_principals_scope(shared: Store) -> None:
    everywhere = _as(shared, Role.COORDINATOR)
    one = GuardedStore(shared, Principal("coord-lochem", Role.COORDINATOR, frozenset({"GM0262"})))
    area = int(shared.areas().iloc[0]["id"])
    in_area = GuardedStore(shared, Principal("coord-area", Role.COORDINATOR, frozenset({f"area:{area}"})))
    allpts = everywhere.points(Layer.DUMPINGS, Filters(), limit=10**6)
    mine = one.points(Layer.DUMPINGS, Filters(), limit=10**6)
    assert 0 < len(mine) < len(allpts) and set(mine["municipality_code"]) == {"GM0262"}
    members = shared.query_df("SELECT record_id FROM area_members WHERE layer = 'dumpings' AND area_id = ?", [area])
    assert set(in_area.points(Layer.DUMPINGS, Filters(), limit=10**6)["id"]) == set(members["record_id"])
    register = one.dumping_register(DumpingQuery())
    assert len(register) and set(register["municipality_code"]) == {"GM0262"}
    outside = int(allpts[allpts["municipality_code"] != "GM0262"]["id"].iloc[0])
    inside = int(mine["id"].iloc[0])
    assert one.dumping(inside)["id"] == inside
    with pytest.raises(PermissionDenied, match="buiten het werkgebied"):
        one.dumping(outside)
    with pytest.raises(PermissionDenied, match="buiten het werkgebied"):
        one.dumping_history(outside)


def test_single_counts_in_a_chosen_box_or_shape_do_not_tell_single_records(shared: Store) -> None:
    from gis.store import BBox

    group, analyst = _as(shared, Role.WORKGROUP), _as(shared, Role.ANALYST)
    one = analyst.points(Layer.INCIDENTS, Filters(), limit=1).iloc[0]
    tiny = shapely.Point(float(one["x"]), float(one["y"])).buffer(1.0)
    box = BBox(float(one["x"]) - 1, float(one["y"]) - 1, float(one["x"]) + 1, float(one["y"]) + 1)
    assert (
        analyst.count_within(Layer.INCIDENTS, tiny) >= 1 and analyst.layer_count(Layer.INCIDENTS, Filters(), box) >= 1
    )
    assert group.count_within(Layer.INCIDENTS, tiny) == SUPPRESSED  # holds no 1 km cell centre
    assert group.layer_count(Layer.INCIDENTS, Filters(), box) in (SUPPRESSED, *range(5, 10_000))
    far = BBox(0, 300_000, 10, 300_010)  # nothing there: absence is not told either
    assert group.layer_count(Layer.INCIDENTS, Filters(), far) == SUPPRESSED
    total, shown = analyst.layer_count(Layer.INCIDENTS, Filters()), group.layer_count(Layer.INCIDENTS, Filters())
    assert abs(shown - total) <= 2  # one fixed table: the region, perturbed by at most 2
    assert group.count_within(Layer.BARNS, tiny) == SUPPRESSED and analyst.count_within(Layer.BARNS, tiny) >= 0


def test_hotspots_for_aggregate_roles_are_coarse_and_export_no_z(shared: Store) -> None:
    from gis.hotspots.analysis import HotspotQuery, run_hotspots
    from gis.hotspots.export import suppress_small, to_frame
    from gis.privacy.hotspots import coarse_hotspot_query

    q = coarse_hotspot_query(HotspotQuery(cell_m=100.0, distance_m=50.0, grid="h3"))
    assert (q.cell_m, q.distance_m, q.grid) == (1000.0, 2000.0, "square")
    assert coarse_hotspot_query(HotspotQuery(cell_m=1000.0, distance_m=5000.0)).distance_m == 5000.0
    assert coarse_hotspot_query(HotspotQuery(cell_m=2500.0)).cell_m == 5000.0  # whole 1 km cells only
    source = _as(shared, Role.WORKGROUP).aggregate_source(Layer.INCIDENTS)
    points = source.point_arrays(Layer.INCIDENTS, Filters(), ("date",))
    assert ((points["x"] % 1000 == 500) & (points["y"] % 1000 == 500)).all()  # cell centres, not records
    assert (points["date"].astype("datetime64[D]") == points["date"].astype("datetime64[M]")).all()
    frame = to_frame(run_hotspots(source, q))
    hidden = suppress_small(frame)
    assert not {"z", "p", "p_adj"} & set(hidden.columns) and "class" in hidden.columns
    small = frame["count"] < SMALL_COUNT_SUPPRESSION
    assert small.any() and hidden.loc[small, "count"].isna().all()
    assert (hidden.loc[~small, "count"] == frame.loc[~small, "count"]).all()


def test_nearby_open_reports_only_inside_the_scope(shared: Store) -> None:
    everywhere = _as(shared, Role.INSPECTOR)
    one = GuardedStore(shared, Principal("insp-lochem", Role.INSPECTOR, frozenset({"GM0262"})))
    allpts = everywhere.points(Layer.DUMPINGS, Filters(), limit=10**6)
    outside = allpts[allpts["municipality_code"] != "GM0262"].iloc[0]
    near = everywhere.open_dumpings_near(float(outside["x"]), float(outside["y"]), 5000.0)
    assert len(near)
    scoped = one.open_dumpings_near(float(outside["x"]), float(outside["y"]), 5000.0)
    codes = shared.query_df("SELECT id, municipality_code FROM dumpings").set_index("id")["municipality_code"]
    assert len(scoped) < len(near) and all(codes[int(i)] == "GM0262" for i in scoped["id"])


def test_the_aggregate_source_offers_only_what_hotspots_read(shared: Store) -> None:
    source = _as(shared, Role.WORKGROUP).aggregate_source(Layer.INCIDENTS)
    assert len(source.point_arrays(Layer.INCIDENTS, Filters())["x"]) > 0 and len(source.municipalities())
    for name in ("points", "dumping", "accounts", "account_secret", "query_df", "add_area", "audit"):
        with pytest.raises(PermissionDenied):
            getattr(source, name)
    with pytest.raises(PermissionDenied):
        _as(shared, Role.PUBLIC).aggregate_source(Layer.INCIDENTS).__getattr__("cursor")
