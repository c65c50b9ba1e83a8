"""Who may call the safety analysis's store methods: survey answers only for roles that read them, survey
figures under the survey rule for every role that sees the analysis (forged flags refused), site walks and
findings per role and scope, measurements; writes logged in the audit log."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Store
from gis.store.analysis import FindingFile
from gis.store.guard import GuardedStore

ANSWERS = {"benaderd": True, "veiligheidsgevoel": 6, "opmerkingen": "mijn buurman op nr. 4 doet raar"}


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"})) -> GuardedStore:
    return GuardedStore(store, Principal(f"t-{role.value}", role, scope))


def _denied(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return True
    return False


@pytest.fixture
def b1(shared: Store):
    area = int(shared.areas()["id"].iloc[0])
    rows = [{"respondent_type": "agrariër", "area_id": area, "answers": ANSWERS, "respondent_ref": f"R{i}"}
            for i in range(12)]  # fmt: skip
    shared.add_survey_responses(rows, "seed", file_name="e.csv", file_bytes=b"e")
    walk = shared.add_walk(area, date(2026, 2, 1), "nacht", "gemeente", None, "", "seed")
    centre = shared.areas().geometry.iloc[0].representative_point()
    finding = shared.add_finding(walk, centre.x, centre.y, "onverlicht erf", "", "seed",
                                 [FindingFile("f.jpg", "image/jpeg", b"orig", b"shared")])  # fmt: skip
    snap = shared.save_snapshot(area, "0-meting", date(2026, 1, 1), (None, None), {"a": 1}, None, "seed")
    return shared, area, walk, finding, snap


def test_only_administrator_and_coordinator_read_individual_answers(b1) -> None:
    store, area, *_ = b1
    readers = {r for r in Role if not _denied(lambda r=r: _as(store, r).survey_responses(area))}
    assert readers == {Role.ADMIN, Role.COORDINATOR}


def test_figures_for_every_analysis_role_without_open_answers_and_forged_flags_refused(b1) -> None:
    store, area, *_ = b1
    for role in (Role.ANALYST, Role.INSPECTOR, Role.WORKGROUP, Role.AUDITOR):
        figures = _as(store, role).survey_summary(area)
        assert "opmerkingen" not in set(figures["question_id"])  # the open question never comes out
        assert _denied(lambda role=role: _as(store, role).survey_summary(area, "gebied", True))
        assert _denied(lambda role=role: _as(store, role).survey_summary(area, open_answers=1))
        assert _denied(lambda role=role: _as(store, role).survey_summary(area, small_counts=False))
        assert _denied(lambda role=role: _as(store, role).survey_summary(area, small_counts=None))
        assert _denied(lambda role=role: _as(store, role).survey_approached(area, "agrariër", False))
    assert _denied(lambda: _as(store, Role.PUBLIC).survey_summary(area))
    with_open = _as(store, Role.COORDINATOR).survey_summary(area, open_answers=True)
    assert "opmerkingen" in set(with_open["question_id"])


def test_a_scoped_coordinator_works_only_on_areas_of_its_municipalities(b1) -> None:
    store, area, *_ = b1
    geom = store.areas().geometry.iloc[0]
    munis = store.municipalities()
    inside = str(munis[munis.geometry.intersects(geom)]["code"].iloc[0])
    outside = str(munis[~munis.geometry.intersects(geom)]["code"].iloc[0])
    mine = _as(store, Role.COORDINATOR, frozenset({inside}))
    other = _as(store, Role.COORDINATOR, frozenset({outside}))
    assert len(mine.survey_responses(area)) == 12
    assert _denied(lambda: other.survey_responses(area))
    assert _denied(lambda: other.survey_summary(area))
    assert _denied(lambda: mine.survey_responses())  # "all areas" is for roles that work everywhere
    assert _denied(lambda: other.add_walk(area, date(2026, 3, 1), "dag", "", None, "", "x"))


def test_walks_findings_photos_and_measurements_per_role(b1) -> None:
    store, area, _walk, finding, snap = b1
    box = shapely.LineString([(0, 0), (1, 1)])
    walkers = {r for r in Role if not _denied(lambda r=r: _as(store, r).add_walk(area, date(2026, 3, 1), "dag",
                                                                                  "", box, "", "x"))}  # fmt: skip
    assert walkers == {Role.ADMIN, Role.COORDINATOR, Role.INSPECTOR}
    viewers = {r for r in Role if not _denied(lambda r=r: _as(store, r).findings(area))}
    assert viewers == set(Role) - {Role.PUBLIC}
    assert _as(store, Role.WORKGROUP).finding_file(finding)[2] == b"shared"
    assert _denied(lambda: _as(store, Role.COORDINATOR).finding_file(finding, 0, True))  # no originals
    assert _as(store, Role.INSPECTOR).finding_file(finding, 0, True)[2] == b"orig"
    freezers = {r for r in Role if not _denied(lambda r=r: _as(store, r).save_snapshot(
        area, "1-meting", date(2026, 6, 1), (None, None), {}, None, "x"))}  # fmt: skip
    assert freezers == {Role.ADMIN, Role.COORDINATOR}
    assert _as(store, Role.AUDITOR).snapshot(snap)["data"] == {"a": 1}
    assert _denied(lambda: _as(store, Role.PUBLIC).snapshot(snap))


def test_writes_are_logged_in_the_name_of_the_signed_in_user(b1) -> None:
    store, area, _walk, *_ = b1
    coordinator = _as(store, Role.COORDINATOR)
    coordinator.add_survey_responses([{"respondent_type": "bewoner", "area_id": area, "answers": {}}], "forged")
    log = store.audit_log()
    line = log[(log["resource"] == "survey")].iloc[-1]
    assert line["user_name"] == "t-coordinator" and line["action"] == "create"
    mine = coordinator.survey_responses(area)
    assert mine["entered_by"].iloc[-1] == "t-coordinator"


def test_making_a_barn_or_report_from_a_finding_needs_both_rights(b1) -> None:
    store, area, _walk, finding, _snap = b1
    centre = store.areas().geometry.iloc[0].representative_point()
    record = {"x": centre.x, "y": centre.y}
    # the coordinator may not create barns: refused before anything is written
    assert _denied(lambda: _as(store, Role.COORDINATOR).add_barn(record, "x", from_finding=finding))
    # the analyst may neither create reports nor change findings (view only on schouw)
    assert _denied(lambda: _as(store, Role.ANALYST).add_dumping({**record, "found_at": "2026-02-01"}, "x",
                                                               from_finding=finding))  # fmt: skip
    barn = _as(store, Role.INSPECTOR).add_barn(record, "forged", from_finding=finding)
    assert store.findings(area).set_index("id").loc[finding, "became"] == f"barns:{barn}"
    log = store.audit_log()
    assert ((log["resource"] == "barns") & (log["user_name"] == "t-inspecteur")).any()


def test_a_scoped_coordinator_lists_and_undoes_only_the_survey_files_of_its_areas(b1) -> None:
    store, area, *_ = b1
    geom = store.areas().geometry.iloc[0]
    munis = store.municipalities()
    outside = str(munis[~munis.geometry.intersects(geom)]["code"].iloc[0])
    imports = store.survey_imports(area)
    assert list(imports["area_id"]) == [area] and imports["file_name"].iloc[0] == "e.csv"
    other = _as(store, Role.COORDINATOR, frozenset({outside}))
    assert _denied(lambda: other.survey_imports())  # all files: only for roles that work everywhere
    assert _denied(lambda: other.survey_imports(area))
    assert _denied(lambda: other.undo_survey_import(int(imports["id"].iloc[0]), "x"))
    assert len(store.survey_responses(area)) == 12  # nothing undone
