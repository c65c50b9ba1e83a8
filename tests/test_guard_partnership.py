"""Who may call the partnership's store methods (A2–A5, B4): contact details (personal data) only for the
partnership's members in their own areas, the auditor records the audit, the public sees only the list of
Keurmerk holders; every write in the name of the signed-in user and logged; erased contacts stay erased."""

from __future__ import annotations

import inspect
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Store, StoreError
from gis.store.dumpings import StoredFile
from gis.store.guard import GuardedStore
from gis.store.guard_partnership import PARTNERSHIP_RULES
from gis.store.guard_scope import MAX_ID, holds_share, plain_id
from gis.store.partnership import PartnershipMixin
from tests.partnership.build import pdf

MEMBERS = {Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.INSPECTOR, Role.WORKGROUP}


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"})) -> GuardedStore:
    return GuardedStore(store, Principal(f"t-{role.value}", role, scope))


def _denied(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return True
    return False


@pytest.fixture
def a2(shared: Store):
    """The demo with a partnership in its first area: a participant, a representative, a meeting, a file."""
    area = int(shared.areas()["id"].iloc[0])
    gm = shared.save_participant(area, {"organisation": "Gemeente", "kind": "gemeente"}, "seed")
    rep = shared.save_representative(gm, {"name": "Jan de Vries", "email": "jan@gemeente.nl"}, "seed")
    meeting = shared.save_meeting(area, {"held_on": date(2026, 1, 5), "title": "Start"}, "seed")
    file_id = shared.add_partnership_file(
        area, StoredFile("document", "v.pdf", "application/pdf", pdf("verslag"), "s"), "seed", meeting_id=meeting
    )
    shared.record_audit(area, date(2026, 1, 15), "toegekend", "", "seed")
    return shared, area, gm, rep, meeting, file_id


def _codes(store: Store, area: int) -> tuple[str, str]:
    """A municipality the area lies in, and one it does not touch."""
    geom = store.areas().set_index("id").geometry.loc[area]
    munis = store.municipalities()
    touched = munis.geometry.intersects(geom)
    return str(munis[touched]["code"].iloc[0]), str(munis[~touched]["code"].iloc[0])


def test_every_public_method_of_the_partnership_store_has_a_rule() -> None:
    public = {name for name, _ in inspect.getmembers(PartnershipMixin, inspect.isfunction) if not name.startswith("_")}
    assert public == set(PARTNERSHIP_RULES)


def test_contact_details_only_for_the_partnerships_members(a2) -> None:
    store, area, *_ = a2
    readers = {r for r in Role if not _denied(lambda r=r: _as(store, r).representatives(area))}
    assert readers == MEMBERS  # not the auditor, not the public
    assert "Jan de Vries" in _as(store, Role.WORKGROUP).representatives(area)["name"].tolist()
    assert "Gemeente" in _as(store, Role.AUDITOR).participants(area)["organisation"].tolist()  # organisations: yes


def test_a_workgroup_of_another_municipality_cannot_read_this_areas_contacts(a2) -> None:
    store, area, gm, rep, meeting, file_id = a2
    inside, outside = _codes(store, area)
    mine = _as(store, Role.WORKGROUP, frozenset({inside}))
    other = _as(store, Role.WORKGROUP, frozenset({outside}))
    assert "jan@gemeente.nl" in mine.representatives(area)["email"].tolist()
    for call in (lambda: other.representatives(area), lambda: other.participants(area), lambda: other.meetings(area),
                 lambda: other.partnership_file(file_id), lambda: other.audits(), lambda: mine.audits()):  # fmt: skip
        assert _denied(call)
    coordinator = _as(store, Role.COORDINATOR, frozenset({outside}))
    assert _denied(lambda: coordinator.erase_representative(rep, "x"))  # a row is judged by its area
    assert _denied(lambda: coordinator.save_action_item(meeting, {"text": "t", "owner": "o"}, "x"))
    assert _denied(lambda: coordinator.remove_participant(gm, "x", "weg"))
    assert _denied(lambda: coordinator.erase_representative(99_999, "x"))  # unknown rows too
    assert "Jan de Vries" in store.representatives(area)["name"].tolist()


def test_the_public_may_call_only_the_list_of_keurmerk_holders(a2) -> None:
    store, area, *_ = a2
    public = _as(store, Role.PUBLIC)
    for name in sorted(set(PARTNERSHIP_RULES) - {"keurmerk_overview"}):
        assert _denied(lambda name=name: getattr(public, name)(area)), name
    got = public.keurmerk_overview()
    assert list(got.columns) == ["area_id", "area_name", "municipalities", "granted_on", "expires_on"]
    assert area in got["area_id"].tolist()
    assert {r for r in Role if not _denied(lambda r=r: _as(store, r).keurmerk_overview())} == set(Role)


def test_the_auditor_records_the_result_and_the_coordinator_applies(a2) -> None:
    store, area, *_ = a2
    day = date(2026, 2, 1)
    recorders = {
        r for r in Role if not _denied(lambda r=r: _as(store, r).record_audit(area, day, "afgewezen", "", "x"))
    }
    assert recorders == {Role.ADMIN, Role.AUDITOR}
    applicants = {r for r in Role if not _denied(lambda r=r: _as(store, r).apply_keurmerk(area, "x", "a" * 64))}
    assert applicants == {Role.ADMIN, Role.COORDINATOR}
    assert _denied(lambda: _as(store, Role.AUDITOR).save_participant(area, {"organisation": "A", "kind": "riec"}, "x"))
    assert {"seed", "t-beheerder", "t-auditor"} <= set(store.audits(area)["auditor"])


def test_the_guard_writes_in_the_name_of_the_signed_in_user_and_logs_it(a2) -> None:
    store, area, *_ = a2
    inside, _ = _codes(store, area)
    coordinator = _as(store, Role.COORDINATOR, frozenset({inside}))
    pid = coordinator.save_participant(area, {"organisation": "Politie", "kind": "politie"}, "forged")
    coordinator.record_signature(area, "intentieverklaring", pid, date(2026, 1, 10), "forged")
    created = store.query_df("SELECT created_by FROM participants WHERE id = ?", [pid])["created_by"].iloc[0]
    assert created == "t-coordinator"
    assert store.signatures(area).set_index("participant_id").loc[pid, "recorded_by"] == "t-coordinator"
    log = store.audit_log()
    mine = log[(log["resource"] == "partnership") & (log["user_name"] == "t-coordinator")]
    assert set(mine["action"]) == {"update", "create"} and set(mine["outcome"]) == {"ok"}


def test_erased_contacts_stay_erased(a2) -> None:
    store, area, gm, rep, *_ = a2
    coordinator = _as(store, Role.COORDINATOR)
    assert _denied(lambda: _as(store, Role.WORKGROUP).erase_representative(rep, "x"))  # members read, do not erase
    coordinator.erase_representative(rep, "forged")
    got = coordinator.representatives(area).set_index("id").loc[rep]
    assert got[["name", "email", "phone"]].isna().all() and not pd.isna(got["erased_at"])
    assert store.query_df("SELECT erased_by FROM representatives WHERE id = ?", [rep])["erased_by"].iloc[0] == (
        "t-coordinator"
    )
    with pytest.raises(StoreError, match="op verzoek gewist"):
        coordinator.save_representative(gm, {"name": "Jan de Vries"}, "x", representative_id=rep)
    assert pd.isna(coordinator.representatives(area).set_index("id").loc[rep, "name"])
    coordinator.save_representative(gm, {"name": "Marieke Jansen", "email": "m@lto.nl"}, "x")
    log = store.audit_log()
    assert ((log["resource"] == "contacts") & (log["action"] == "delete")).any()
    text = " ".join(log["detail"].fillna("").astype(str))
    assert "Marieke" not in text and "m@lto.nl" not in text  # the audit log keeps no contact details


def test_ids_reach_the_store_as_plain_checked_ints() -> None:
    class Sly(int):
        def __int__(self) -> int:
            return 7

    got = plain_id(Sly(3), "gebied")
    assert got == 3 and type(got) is int and type(plain_id(np.int64(5), "gebied")) is int
    for bad in (True, 3.0, "3", None, [3], 0, -1, MAX_ID + 1, 10**40):
        with pytest.raises(PermissionDenied, match="Geen toegang: gebied"):
            plain_id(bad, "gebied")


def test_a_municipality_counts_for_an_area_only_with_a_real_share_of_it() -> None:
    muni = shapely.box(0, 0, 1000, 1000)
    assert not holds_share(muni, shapely.box(1000, 0, 2000, 1000))  # edge on the border
    assert not holds_share(muni, shapely.box(995, 0, 1995, 1000))  # 0.5 % inside
    assert holds_share(muni, shapely.box(980, 0, 1980, 1000))  # 2 % inside
    assert holds_share(muni, shapely.Point(10, 10)) and not holds_share(muni, shapely.Point(2000, 10))
