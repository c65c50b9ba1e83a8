"""Who may call the measures store (B2–B3): members read the plan and rank, the working group ranks but does not
plan, the auditor only reads, a scoped coordinator keeps to its own areas, the public gets nothing, only the
administrator edits the catalogue; writes are in the signed-in user's name and in the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Store
from gis.store.dumpings import StoredFile
from gis.store.guard import GuardedStore
from gis.store.guard_measures import MEASURE_RULES
from gis.store.measures_store import MeasuresMixin

CODE = "slagboom_zandpad"
PDF = b"%PDF-1.4 bon\n%%EOF"
OBJECTIVE = {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 10,
             "baseline_on": date(2025, 12, 31), "target": 5,
             "target_on": date.today() + timedelta(days=400)}  # fmt: skip


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"})) -> GuardedStore:
    return GuardedStore(store, Principal(f"t-{role.value}", role, scope))


def _denied(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return True
    return False


@pytest.fixture
def plan(shared: Store):
    area = int(shared.areas()["id"].iloc[0])
    mid = shared.add_area_measure(area, CODE, "seed")
    shared.decide_measure(mid, "gekozen", "", "seed")
    pdf = StoredFile("bestand", "bon.pdf", "application/pdf", PDF, "")
    shared.add_measure_evidence(mid, "bestand", "geplaatst", date(2026, 1, 2), [pdf], "seed")
    oid = shared.save_objective(area, OBJECTIVE, "seed")
    evidence = int(shared.measure_evidence(area)["id"].iloc[0])
    return shared, area, mid, oid, evidence


def test_every_public_method_has_a_rule() -> None:
    public = {n for n in dir(MeasuresMixin) if not n.startswith("_") and callable(getattr(MeasuresMixin, n))}
    assert public == set(MEASURE_RULES)


def test_readers_writers_and_rankers_per_role(plan) -> None:
    store, area, mid, *_ = plan
    readers = {r for r in Role if not _denied(lambda r=r: _as(store, r).area_measures(area))}
    assert readers == set(Role) - {Role.PUBLIC}
    planners = {r for r in Role if not _denied(lambda r=r: _as(store, r).plan_measure(mid, {"partner": "gemeente"},
                                                                                       "x"))}  # fmt: skip
    assert planners == {Role.ADMIN, Role.COORDINATOR}
    rankers = {r for r in Role if not _denied(lambda r=r: _as(store, r).rank_measure(mid, 1, "ja", "x"))}
    assert rankers == set(Role) - {Role.PUBLIC, Role.AUDITOR}
    ranks = store.measure_rankings(area)
    assert set(ranks["user_name"]) == {f"t-{r.value}" for r in rankers}  # each in its own name, whatever was passed


def test_workgroup_ranks_but_does_not_plan_and_auditor_only_reads(plan) -> None:
    store, area, mid, oid, evidence = plan
    wg, auditor = _as(store, Role.WORKGROUP), _as(store, Role.AUDITOR)
    wg.rank_measure(mid, 2, "graag", "iemand anders")
    assert _denied(lambda: wg.add_area_measure(area, "cameratoezicht", "x"))
    assert _denied(lambda: wg.decide_measure(mid, "afgewezen", "", "x"))
    assert _denied(lambda: wg.save_objective(area, OBJECTIVE, "x"))
    assert len(auditor.objectives(area)) == 1 and len(auditor.measure_evidence(area)) == 1
    assert auditor.measure_evidence_file(evidence) == ("bon.pdf", "application/pdf", PDF)
    assert len(auditor.measure_catalogue()) >= 30
    assert _denied(lambda: auditor.place_measure(mid, "punt", None, "x"))
    assert _denied(lambda: auditor.add_measure_evidence(mid, "notitie", "n", date(2026, 1, 3), [], "x"))
    assert _denied(lambda: auditor.delete_objective(oid, "x"))
    assert _denied(lambda: auditor.rank_measure(mid, 1, "", "x"))


def test_scoped_coordinator_cannot_touch_another_municipalitys_area(plan) -> None:
    store, area, mid, oid, evidence = plan
    geom = store.areas().geometry.iloc[0]
    munis = store.municipalities()
    inside = str(munis[munis.geometry.intersects(geom)]["code"].iloc[0])
    outside = str(munis[~munis.geometry.intersects(geom)]["code"].iloc[0])
    mine, other = _as(store, Role.COORDINATOR, frozenset({inside})), _as(store, Role.COORDINATOR, frozenset({outside}))
    mine.plan_measure(mid, {"partner": "politie"}, "x")
    assert mine.objectives(area)["id"].tolist() == [oid]
    assert _denied(lambda: mine.plan_measure(str(mid), {"partner": "politie"}, "x"))  # an id must be a number
    assert _denied(lambda: mine.objectives(float(area)))
    for call in (
        lambda: other.area_measures(area), lambda: other.add_area_measure(area, "cameratoezicht", "x"),
        lambda: other.decide_measure(mid, "afgewezen", "", "x"), lambda: other.place_measure(mid, "punt", None, "x"),
        lambda: other.plan_measure(mid, {"partner": "gemeente"}, "x"), lambda: other.rank_measure(mid, 1, "", "x"),
        lambda: other.measure_evidence_file(evidence), lambda: other.save_objective(area, OBJECTIVE, "x"),
        lambda: other.save_objective(area, OBJECTIVE, "x", objective_id=oid), lambda: other.delete_objective(oid, "x"),
        lambda: other.add_measure_evidence(mid, "notitie", "n", date(2026, 1, 3), [], "x"),
    ):  # fmt: skip
        assert _denied(call)
    assert store.area_measures(area).set_index("id").loc[mid, "partner"] == "politie"
    assert _denied(lambda: mine.plan_measure(10_000, {"partner": "x"}, "x"))  # unknown measure: refused, no hint


def test_public_is_refused_and_only_the_administrator_edits_the_catalogue(plan) -> None:
    store, area, *_ = plan
    public = _as(store, Role.PUBLIC)
    for call in (lambda: public.measure_catalogue(), lambda: public.area_measures(area),
                 lambda: public.objectives(area), lambda: public.measure_rankings(area)):  # fmt: skip
        assert _denied(call)
    record = store.measure_catalogue().set_index("code").loc[CODE].to_dict()
    record = {k: v for k, v in record.items() if k not in ("retired_at", "version")} | {"code": CODE}
    editors = {r for r in Role if not _denied(lambda r=r: _as(store, r).save_catalogue_measure(record, "x"))}
    assert editors == {Role.ADMIN}
    for role in set(Role) - {Role.ADMIN}:
        assert _denied(lambda role=role: _as(store, role).retire_catalogue_measure(CODE, "x"))
        assert _denied(lambda role=role: _as(store, role).delete_catalogue_measure(CODE, "x"))
    log = store.audit_log()
    saved = log[log["detail"].str.startswith("save_catalogue_measure")]
    assert set(zip(saved["user_name"], saved["outcome"], strict=True)) == {("t-beheerder", "ok")} | {
        (f"t-{r.value}", "geweigerd") for r in set(Role) - {Role.ADMIN}
    }
