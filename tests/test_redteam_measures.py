"""Red-team attacks on the measures store, its guard, the measure analytics and the plan document (issue 20), as
a partner with a limited role who scripts requests and forges what the browser sends (calls ``GuardedStore`` and
``gis.measures`` directly). A failing test here is a hole; the passing ones guard what held."""

from __future__ import annotations

import contextlib
import io
import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from PIL import Image

from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.measures.effect import measure_effect
from gis.measures.indicators import indicator_series
from gis.measures.plan_data import collect_plan
from gis.measures.proposals import area_signals
from gis.reports.plan import plan_docx, plan_pdf
from gis.store import Store, open_store
from gis.store.dumpings import StoredFile
from gis.store.errors import ConflictError, StoreError
from gis.store.guard import GuardedStore
from tests.pdf_text import pdf_text
from tests.photo_factory import GPS_IFD, jpeg

CENTRE = (230_500.0, 470_500.0)  # the middle of a 1 km cell in Overijssel
LONE = (233_500.0, 470_500.0)  # one incident alone in its 1 km cell
MB = "x" * 1_000_000
HOSTILE = "<script>alert('x')</script> $\\frac{1}{0}$ <b>vet</b> & {naam}"
FORMULA = "=cmd|' /C calc'!A0"
PDF = b"%PDF-1.4 bon\n%%EOF"
OBJECTIVE = {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 10,
             "baseline_on": date(2025, 12, 31), "target": 5,
             "target_on": date.today() + timedelta(days=400)}  # fmt: skip


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"}), user: str = "") -> GuardedStore:
    return GuardedStore(store, Principal(user or f"t-{role.value}", role, scope))


def _denied(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return True
    return False


def _refused(call) -> bool:
    try:
        call()
    except (StoreError, PermissionDenied):
        return True
    return False


def _incidents(points: list[tuple[float, float]], day: date, category: str = "drugslab") -> pd.DataFrame:
    return pd.DataFrame({"x": [p[0] for p in points], "y": [p[1] for p in points], "source_org": "politie",
                         "category": category, "occurred_on": pd.Timestamp(day)})  # fmt: skip


def _world(store: Store) -> dict:
    """Two areas in two municipalities (A around ``CENTRE``, B elsewhere), a chosen measure in each, incidents
    in 2023 and 2024: a cluster of 7-9 per year in the cell of ``CENTRE``, 6 per year in 30 other cells, and one
    lone incident in 2023."""
    munis = store.municipalities()
    here = munis[munis.contains(shapely.Point(CENTRE))].iloc[0]
    there = munis[(munis["code"] != here["code"]) & (munis["province_code"] == here["province_code"])].iloc[0]
    a = store.add_area("Gebied A", shapely.box(CENTRE[0] - 4_000, CENTRE[1] - 3_000, CENTRE[0] + 4_000,
                                               CENTRE[1] + 3_000).intersection(here.geometry))  # fmt: skip
    b_geom = there.geometry.representative_point().buffer(1_500).intersection(there.geometry)
    b = store.add_area("Gebied B", b_geom)
    rng = np.random.default_rng(3)
    frames = []
    for year, n in ((2023, 7), (2024, 9)):
        frames.append(_incidents([(CENTRE[0] + rng.uniform(-400, 400), CENTRE[1] + rng.uniform(-400, 400))
                                  for _ in range(n)], date(year, 6, 1)))  # fmt: skip
        for k in range(30):
            cx, cy = 215_500.0 + 2_000 * (k % 6), 460_500.0 + 2_000 * (k // 6)
            frames.append(_incidents([(cx + rng.uniform(-300, 300), cy + rng.uniform(-300, 300))
                                      for _ in range(6)], date(year, 3 if year == 2023 else 12, 1)))  # fmt: skip
    frames.append(_incidents([LONE], date(2023, 8, 8)))
    store.insert_points(Layer.INCIDENTS, pd.concat(frames, ignore_index=True))
    ma, mb = store.add_area_measure(a, "cameratoezicht", "seed"), store.add_area_measure(b, "cameratoezicht", "seed")
    for m in (ma, mb):
        store.decide_measure(m, "gekozen", "", "seed")
    ev_b = store.add_measure_evidence(mb, "bestand", "bon", date(2025, 1, 2),
                                      [StoredFile("bestand", "bon.pdf", "application/pdf", PDF, "")],
                                      "seed")  # fmt: skip
    ob = store.save_objective(b, OBJECTIVE, "seed")
    own = store.add_area_measure(a, None, "seed", title=HOSTILE, decision="gekozen", reason=HOSTILE)
    store.plan_measure(own, {"partner": FORMULA, "representative": HOSTILE, "start_on": date(2026, 2, 1)}, "seed")
    store.place_measure(own, "punt", shapely.Point(CENTRE), "seed")
    sheet = store.add_area_measure(a, None, "seed", title=FORMULA, decision="gekozen")
    store.add_measure_evidence(sheet, "notitie", "+" + FORMULA, date(2025, 3, 2), [], "seed")
    store.rank_measure(ma, 1, FORMULA, "lid.geheim")
    store.rank_measure(own, 2, HOSTILE, "lid.anoniem")
    store.add_measure_evidence(own, "notitie", HOSTILE, date(2025, 3, 1), [], "seed")
    store.save_objective(a, OBJECTIVE | {"text": HOSTILE, "indicator": "incidenten_per_jaar"}, "seed")
    return {"a": a, "b": b, "ma": ma, "mb": mb, "ev_b": ev_b, "ob": ob, "code_a": str(here["code"]),
            "code_b": str(there["code"])}  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The world built once (closed), copied for each use."""
    from gis.demo.seed import load_boundaries

    path = tmp_path_factory.mktemp("r2") / "template.duckdb"
    s = open_store(str(path))
    load_boundaries(s)
    info = _world(s)
    s.close()
    return path, info


@pytest.fixture(scope="module")
def world(template, tmp_path_factory: pytest.TempPathFactory):
    """One store for the read-only attacks (analytics, plan document)."""
    path = tmp_path_factory.mktemp("r2w") / "world.duckdb"
    shutil.copy(template[0], path)
    s = open_store(str(path))
    yield s, template[1]
    s.close()


@pytest.fixture
def fresh(template, tmp_path: Path):
    """A copy of the world for attacks that write."""
    path = tmp_path / "fresh.duckdb"
    shutil.copy(template[0], path)
    s = open_store(str(path))
    yield s, template[1]
    s.close()


# -- scope: ids of another area ---------------------------------------------------------------------------------
class Flip:
    """An id that says one thing to the guard's check and another to the store (``int()`` twice)."""

    def __init__(self, first: int, then: int) -> None:
        self.values, self.calls = (first, then), 0

    def __int__(self) -> int:
        value = self.values[min(self.calls, 1)]
        self.calls += 1
        return value

    __index__ = __int__


def _flip_int(first: int, then: int) -> int:
    """The same as a subclass of ``int`` (passes an ``isinstance(value, int)`` check)."""
    calls = [0]

    class FlipInt(int):
        def __int__(self) -> int:
            calls[0] += 1
            return first if calls[0] == 1 else then

        __index__ = __int__

    return FlipInt(first)


def test_an_id_that_changes_between_check_and_store_cannot_reach_another_area(fresh) -> None:
    """HOLE: the guard checks ``int(measure_id)`` and the store converts it again: a forged id (an object, or a
    subclass of ``int``, whose ``__int__`` answers the own measure first and the other area's next) passes the
    scope check as the coordinator's own measure and then writes the other municipality's."""
    store, w = fresh
    mine = _as(store, Role.COORDINATOR, frozenset({w["code_a"]}))
    for make in (Flip, _flip_int):
        with contextlib.suppress(PermissionDenied, StoreError, TypeError):
            mine.decide_measure(make(w["ma"], w["mb"]), "afgewezen", "overgenomen", "x")
        with contextlib.suppress(PermissionDenied, StoreError, TypeError):
            mine.add_area_measure(make(w["a"], w["b"]), None, "x", title="untergeschoben")
        theirs = store.area_measures(w["b"])
        row = theirs.set_index("id").loc[w["mb"]]
        assert (row["decision"], row["reason"]) == ("gekozen", None), f"{make.__name__}: B's measure rejected by A"
        assert theirs["id"].tolist() == [w["mb"]], f"{make.__name__}: a measure added to B by A's coordinator"


def test_scoped_roles_cannot_use_ids_of_another_area_through_their_own(fresh) -> None:
    store, w = fresh
    mine = _as(store, Role.COORDINATOR, frozenset({w["code_a"]}))
    calls = (
        lambda: mine.save_objective(w["a"], OBJECTIVE, "x", objective_id=w["ob"]),  # own area, their objective
        lambda: mine.delete_objective(w["ob"], "x"), lambda: mine.measure_evidence_file(w["ev_b"]),
        lambda: mine.measure_history(w["b"]), lambda: mine.measure_rankings(w["b"]),
        lambda: mine.rank_measure(w["mb"], 1, "", "x"), lambda: mine.place_measure(w["mb"], "punt", None, "x"),
        lambda: mine.add_measure_evidence(w["mb"], "notitie", "n", date(2025, 1, 3), [], "x"),
        lambda: mine.plan_measure(str(w["mb"]), {"partner": "politie"}, "x"),  # the id as text
        lambda: mine.decide_measure(float(w["mb"]), "afgewezen", "", "x"),  # the id as a float
        lambda: mine.objectives(np.int64(w["b"])),
    )  # fmt: skip
    for call in calls:
        assert _denied(call)
    assert store.objectives(w["b"])["id"].tolist() == [w["ob"]]
    assert store.area_measures(w["b"]).set_index("id").loc[w["mb"], "partner"] is None
    inspector = _as(store, Role.INSPECTOR, frozenset({w["code_a"]}))
    assert _denied(lambda: inspector.measure_evidence(w["b"]))


# -- rights -----------------------------------------------------------------------------------------------------
def test_roles_without_the_right_cannot_write_and_rank_only_in_their_own_name(fresh) -> None:
    store, w = fresh
    for role in (Role.WORKGROUP, Role.AUDITOR, Role.INSPECTOR, Role.ANALYST):
        g = _as(store, role)
        for call in (lambda g=g: g.add_area_measure(w["a"], "hekwerk_erf", "x"),
                     lambda g=g: g.decide_measure(w["ma"], "afgewezen", "", "x"),
                     lambda g=g: g.plan_measure(w["ma"], {"partner": "politie"}, "x"),
                     lambda g=g: g.save_objective(w["a"], OBJECTIVE, "x"),
                     lambda g=g: g.delete_objective(w["ob"], "x"),
                     lambda g=g: g.add_measure_evidence(w["ma"], "notitie", "n", date(2025, 1, 3), [], "x"),
                     lambda g=g: g.retire_catalogue_measure("cameratoezicht", "x")):  # fmt: skip
            assert _denied(call)
    wg = _as(store, Role.WORKGROUP, user="lid.a")
    store.rank_measure(w["ma"], 1, "van b", "lid.b")
    wg.rank_measure(w["ma"], 3, "<script>alert(1)</script>", "lid.b")  # forged writer: replaced
    wg.rank_measure(w["ma"], None, "", "lid.b")  # withdrawing someone else's: only one's own goes
    ranks = store.measure_rankings(w["a"]).set_index("user_name")
    assert ranks.loc["lid.b", "rank"] == 1 and ranks.loc["lid.b", "comment"] == "van b"
    assert "lid.a" not in ranks.index
    assert _denied(lambda: _as(store, Role.PUBLIC).measure_rankings(w["a"]))
    for bad in (0, 101, True, 1.5, -1):
        assert _refused(lambda bad=bad: wg.rank_measure(w["ma"], bad, "", "x"))


def test_public_gets_nothing_of_the_plan(fresh) -> None:
    store, w = fresh
    public = _as(store, Role.PUBLIC)
    for call in (lambda: public.measure_catalogue(), lambda: public.area_measures(w["b"]),
                 lambda: public.measure_evidence(w["b"]), lambda: public.measure_evidence_file(w["ev_b"]),
                 lambda: public.measure_history(w["b"]), lambda: public.objectives(w["b"]),
                 lambda: public.rank_measure(w["mb"], 1, "", "x")):  # fmt: skip
        assert _denied(call)
    with pytest.raises(PermissionDenied):
        collect_plan(public, w["b"])


# -- the catalogue ----------------------------------------------------------------------------------------------
def test_only_admins_edit_the_catalogue_and_a_used_measure_is_never_deleted(fresh) -> None:
    store, w = fresh
    before = store.measure_catalogue(include_retired=True)
    record = before.set_index("code").loc["cameratoezicht"].to_dict() | {"code": "cameratoezicht", "name": "pwned"}
    record = {k: v for k, v in record.items() if k not in ("retired_at", "version")}
    for role in set(Role) - {Role.ADMIN}:
        g = _as(store, role)
        for call in (lambda g=g: g.save_catalogue_measure(record, "x"),
                     lambda g=g: g.delete_catalogue_measure("cameratoezicht", "x"),
                     lambda g=g: g.restore_catalogue_measure("cameratoezicht", "x")):  # fmt: skip
            assert _denied(call)
    admin = _as(store, Role.ADMIN)
    with pytest.raises(StoreError, match="Gebied A"):
        admin.delete_catalogue_measure("cameratoezicht", "x")
    after = store.measure_catalogue(include_retired=True)
    assert len(after) == len(before) and "pwned" not in set(after["name"])
    assert store.area_measures(w["a"])["name"].notna().all()


def test_deleting_a_measure_while_a_plan_takes_it_leaves_no_measure_without_its_catalogue_entry(
    fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HOLE (race): ``delete_catalogue_measure`` checks that no plan uses the code, ``add_area_measure`` that the
    code exists; neither locks the other out and there is no foreign key, so when they meet both commit."""
    store, w = fresh
    import gis.store.measures_plan as plan_module

    real = plan_module.history
    outcome: list[object] = []

    def meanwhile(cur, user, action, **kw):  # the add has read the catalogue; the admin deletes now
        if action == "besluit" and not outcome:
            t = threading.Thread(target=lambda: outcome.append(_try_delete(store, "hekwerk_erf")))
            t.start()
            t.join()
        return real(cur, user, action, **kw)

    monkeypatch.setattr(plan_module, "history", meanwhile)
    try:
        mid = _as(store, Role.COORDINATOR).add_area_measure(w["a"], "hekwerk_erf", "x")
    except (StoreError, PermissionDenied):
        mid = None
    used = store.area_measures(w["a"])
    kept = "hekwerk_erf" in set(store.measure_catalogue(include_retired=True)["code"])
    assert kept or mid is None or "hekwerk_erf" not in set(used["code"]), (
        f"catalogue entry deleted ({outcome}) while area measure {mid} uses it: name now {used['name'].tolist()}"
    )


def _try_delete(store: Store, code: str) -> object:
    try:
        _as(store, Role.ADMIN).delete_catalogue_measure(code, "x")
        return "verwijderd"
    except Exception as exc:
        return exc


# -- evidence files ---------------------------------------------------------------------------------------------
def _has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        return bool(img.getexif().get_ifd(GPS_IFD))


def test_the_store_refuses_html_and_svg_evidence_whatever_mime_the_caller_claims(fresh) -> None:
    """HOLE: the store only checks size and that an ``image/`` has a shared copy; a forged ``StoredFile`` of HTML
    or SVG is stored and served back with its own mime type to every reader of the plan."""
    store, w = fresh
    coordinator = _as(store, Role.COORDINATOR)
    html = b"<!doctype html><script>fetch('/?'+document.cookie)</script>"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    forged = [StoredFile("bestand", "bon.html", "text/html", html, ""),
              StoredFile("bestand", "bon.pdf", "application/pdf", html, ""),  # HTML named and typed as PDF
              StoredFile("foto", "foto.svg", "image/svg+xml", svg, "", shared=svg)]  # fmt: skip
    served = []
    for f in forged:
        try:
            eid = coordinator.add_measure_evidence(w["ma"], "bestand", "", date(2025, 1, 3), [f], "x")
        except StoreError:
            continue
        served.append(_as(store, Role.WORKGROUP).measure_evidence_file(eid))
    assert served == [], f"stored and served: {[(n, m, d[:30]) for n, m, d in served]}"


def test_the_shared_copy_of_a_photo_never_carries_gps(fresh) -> None:
    """HOLE: the store trusts the caller's ``shared`` copy (and skips it for a non-image mime): a forged photo
    with GPS in its "shared" copy, or typed as octet-stream, is served with its position to every reader."""
    store, w = fresh
    coordinator = _as(store, Role.COORDINATOR)
    located = jpeg(gps=(52.1, 6.4))
    assert _has_gps(located)
    ids = [coordinator.add_measure_evidence(w["ma"], "foto", "", date(2025, 1, 3), [f], "x") for f in (
        StoredFile("foto", "erf.jpg", "image/jpeg", located, "", shared=located),
        StoredFile("foto", "erf.jpg", "application/octet-stream", located, ""),
    )]  # fmt: skip
    auditor = _as(store, Role.AUDITOR)
    leaks = [eid for eid in ids if _has_gps(auditor.measure_evidence_file(eid)[2])]
    assert leaks == [], f"evidence {leaks} served with GPS position"


def test_evidence_caps_hold_and_a_refused_batch_writes_nothing(fresh) -> None:
    store, w = fresh
    coordinator = _as(store, Role.COORDINATOR)
    ok = StoredFile("bestand", "bon.pdf", "application/pdf", PDF, "")
    big = StoredFile("bestand", "groot.pdf", "application/pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), "")
    empty = StoredFile("bestand", "leeg.pdf", "application/pdf", b"", "")
    bare_photo = StoredFile("foto", "erf.jpg", "image/jpeg", jpeg(), "")  # no copy without EXIF
    before, history = len(store.measure_evidence(w["a"])), len(store.measure_history(w["a"]))
    for files in ([ok, big], [ok, empty], [ok, bare_photo], [ok] * 11):
        with pytest.raises(StoreError):
            coordinator.add_measure_evidence(w["ma"], "bestand", "", date(2025, 1, 3), files, "x")
    for bad in (dict(note=MB), dict(evidence_on=date.today() + timedelta(days=2)), dict(kind="<b>x</b>"),
                dict(evidence_on="morgen")):  # fmt: skip
        args = {"kind": "notitie", "note": "n", "evidence_on": date(2025, 1, 3)} | bad
        with pytest.raises(StoreError):
            coordinator.add_measure_evidence(w["ma"], files=[], user="x", **args)
    assert len(store.measure_evidence(w["a"])) == before and len(store.measure_history(w["a"])) == history


def test_evidence_file_names_are_checked_by_the_store(fresh) -> None:
    """HOLE (minor): the file name of a piece of evidence is stored as given: a megabyte long, with control
    and bidi characters and a path, shown on the Plan page and in the plan document."""
    store, w = fresh
    coordinator = _as(store, Role.COORDINATOR)
    names = ["../../" + "a" * 1_000_000 + ".pdf", "bon\x1b[31m\u202efdp.exe", "bon\x00.pdf"]
    stored = []
    for name in names:
        try:
            eid = coordinator.add_measure_evidence(
                w["ma"], "bestand", "", date(2025, 1, 3), [StoredFile("bestand", name, "application/pdf", PDF, "")],
                "x")  # fmt: skip
        except StoreError:
            continue
        stored.append(store.measure_evidence_file(eid)[0])
    bad = [n[:40] for n in stored if len(n) > 255 or "/" in n or any(ord(c) < 32 or 0x202A <= ord(c) <= 0x202E
                                                                     for c in n)]  # fmt: skip
    assert bad == [], f"stored file names: {bad!r}"


# -- hostile text ---------------------------------------------------------------------------------------------
def test_megabyte_strings_are_refused_everywhere_and_nothing_is_half_written(fresh) -> None:
    store, w = fresh
    c = _as(store, Role.COORDINATOR)
    before = (store.area_measures(w["a"]).drop(columns="geometry").to_json(date_format="iso"),
              store.objectives(w["a"]).to_json(date_format="iso"),
              len(store.measure_history(w["a"])))  # fmt: skip
    calls = (
        lambda: c.add_area_measure(w["a"], None, "x", title=MB), lambda: c.add_area_measure(w["a"], MB, "x"),
        lambda: c.add_area_measure(w["a"], None, "x", title="t", reason=MB),
        lambda: c.decide_measure(w["ma"], "afgewezen", MB, "x"), lambda: c.rank_measure(w["ma"], 1, MB, "x"),
        lambda: c.plan_measure(w["ma"], {"partner": MB}, "x"),
        lambda: c.plan_measure(w["ma"], {"representative": MB}, "x"),
        lambda: c.plan_measure(w["ma"], {"partner": "politie", "status": MB}, "x"),  # good partner, bad status
        lambda: c.plan_measure(w["ma"], {"partner": "politie", "start_on": "2026-05-01", "end_on": "2026-01-01"}, "x"),
        lambda: c.plan_measure(w["ma"], {"partner": "politie", "status": "uitgevoerd"}, "x"),  # no evidence
        lambda: c.plan_measure(w["ma"], {"partner": "politie", "created_by": "admin"}, "x"),  # not a plan field
        lambda: c.save_objective(w["a"], OBJECTIVE | {"text": MB}, "x"),
        lambda: c.save_objective(w["a"], OBJECTIVE | {"indicator_arg": MB}, "x"),
        lambda: c.save_objective(w["a"], OBJECTIVE | {"baseline": float("nan")}, "x"),
        lambda: c.save_objective(w["a"], OBJECTIVE | {"area_id": w["b"]}, "x"),
    )  # fmt: skip
    for call in calls:
        assert _refused(call)
    after = (store.area_measures(w["a"]).drop(columns="geometry").to_json(date_format="iso"),
              store.objectives(w["a"]).to_json(date_format="iso"),
             len(store.measure_history(w["a"])))  # fmt: skip
    assert after == before


def test_control_characters_in_texts_are_refused_or_removed_by_the_store(fresh) -> None:
    """HOLE (minor): titles, reasons and comments keep ESC, bidi overrides and NUL (the partnership store
    refuses them); a bidi override reverses what the Plan page shows, and PostgreSQL refuses NUL with a raw
    driver error instead of a Dutch message."""
    store, w = fresh
    c = _as(store, Role.COORDINATOR)
    hostile = "slag\x00boom\x1b[2J \u202eneerwijs"
    for call in (lambda: c.add_area_measure(w["a"], None, "x", title=hostile),
                 lambda: c.decide_measure(w["ma"], "gekozen", hostile, "x"),
                 lambda: c.rank_measure(w["ma"], 2, hostile, "x")):  # fmt: skip
        with contextlib.suppress(StoreError):
            call()
    frame = store.area_measures(w["a"])
    texts = [v for v in [*frame["title"], *frame["reason"], *store.measure_rankings(w["a"])["comment"]]
             if isinstance(v, str)]  # fmt: skip
    dirty = [s for s in texts if any((ord(ch) < 32 and ch not in "\n\t") or 0x202A <= ord(ch) <= 0x202E for ch in s)]
    assert dirty == [], f"stored with control characters: {dirty!r}"


def test_stale_versions_are_refused_and_change_nothing(fresh) -> None:
    store, w = fresh
    c = _as(store, Role.COORDINATOR)
    v = int(store.area_measures(w["a"]).set_index("id").loc[w["ma"], "version"])
    c.plan_measure(w["ma"], {"partner": "politie"}, "x", expected_version=v)
    row = store.area_measures(w["a"]).set_index("id").loc[w["ma"]]
    for call in (lambda: c.decide_measure(w["ma"], "afgewezen", "oud", "x", expected_version=v),
                 lambda: c.plan_measure(w["ma"], {"partner": "gemeente"}, "x", expected_version=v),
                 lambda: c.place_measure(w["ma"], "punt", shapely.Point(CENTRE), "x", expected_version=v),
                 lambda: c.plan_measure(w["ma"], {"partner": "gemeente"}, "x", expected_version=-5)):  # fmt: skip
        with pytest.raises(ConflictError):
            call()
    assert store.area_measures(w["a"]).set_index("id").loc[w["ma"]].drop("geometry").equals(row.drop("geometry"))
    oid = c.save_objective(w["a"], OBJECTIVE, "x")
    c.save_objective(w["a"], OBJECTIVE | {"text": "nieuw"}, "x", objective_id=oid, expected_version=1)
    with pytest.raises(ConflictError):
        c.save_objective(w["a"], OBJECTIVE | {"text": "oud"}, "x", objective_id=oid, expected_version=1)
    assert store.objectives(w["a"]).set_index("id").loc[oid, "text"] == "nieuw"
    admin = _as(store, Role.ADMIN)
    cat = store.measure_catalogue().set_index("code").loc["anpr"]
    record = {k: v for k, v in cat.to_dict().items() if k not in ("retired_at", "version")} | {"code": "anpr"}
    admin.save_catalogue_measure(record | {"name": "ANPR 2"}, "x", expected_version=int(cat["version"]))
    with pytest.raises(ConflictError):
        admin.save_catalogue_measure(record | {"name": "ANPR oud"}, "x", expected_version=int(cat["version"]))
    assert store.measure_catalogue().set_index("code").loc["anpr", "name"] == "ANPR 2"


def test_crafted_places_are_refused(fresh) -> None:
    store, w = fresh
    c = _as(store, Role.COORDINATOR)
    far = shapely.Point(CENTRE[0] + 50_000, CENTRE[1])
    huge = shapely.box(0, 300_000, 300_000, 620_000)
    bow = shapely.Polygon([(CENTRE[0], CENTRE[1]), (CENTRE[0] + 10, CENTRE[1] + 10), (CENTRE[0] + 10, CENTRE[1]),
                           (CENTRE[0], CENTRE[1] + 10)])  # fmt: skip
    nan = shapely.Point(float("nan"), float("nan"))
    mixed = shapely.GeometryCollection([shapely.Point(CENTRE), shapely.box(*CENTRE, CENTRE[0] + 5, CENTRE[1] + 5)])
    for kind, geom in (("punt", far), ("zone", huge), ("zone", bow), ("punt", nan), ("zone", mixed),
                       ("weg", shapely.Point(CENTRE)), ("<script>", shapely.Point(CENTRE))):  # fmt: skip
        assert _refused(lambda kind=kind, geom=geom: c.place_measure(w["ma"], kind, geom, "x")), (kind, geom.wkt[:40])
    assert store.area_measures(w["a"]).set_index("id").loc[w["ma"], "geometry"] is None


# -- the analytics: a counts-only role learns no small count ----------------------------------------------------
class _Unmarked:
    """A counts-only role's guarded store with its principal hidden (so ``measure_effect`` takes the raw path)."""

    principal = None

    def __init__(self, guarded: GuardedStore) -> None:
        self._g = guarded

    def __getattr__(self, name: str):
        return getattr(self._g, name)


def _small(values) -> list[float]:
    """The values that would tell a count below 5 (1-4)."""
    return [float(v) for v in values if not pd.isna(v) and 0 < float(v) < 5]


def test_crafted_measure_zones_and_periods_tell_a_counts_only_role_no_small_count(world) -> None:
    store, w = world
    lone_cell = shapely.box(233_000, 470_000, 234_000, 471_000)
    zones = {
        "tiny zone on the lone incident": ("zone", shapely.box(LONE[0] - 1, LONE[1] - 1, LONE[0] + 1, LONE[1] + 1)),
        "point on the lone incident": ("punt", shapely.Point(LONE)),
        "three cells": ("zone", shapely.box(230_000, 470_000, 233_000, 471_000)),
        "the same and one cell more": ("zone", shapely.box(230_000, 470_000, 234_000, 471_000)),
        "the lone cell twice over": ("zone", shapely.MultiPolygon([lone_cell, shapely.box(230_000, 470_000, 231_000,
                                                                                          471_000)])),
    }  # fmt: skip
    roles = [_as(store, Role.WORKGROUP), _as(store, Role.COORDINATOR, frozenset({w["code_a"]}))]
    unmarked = _Unmarked(roles[0])  # the raw path, still through the guard: 10 m cells asked, 1 km released
    treated: dict[tuple[str, date], float] = {}
    runs = [(g, name) for g in roles for name in zones] + [(unmarked, n) for n in list(zones)[1:4]]
    for g, name in runs:
        kind, geom = zones[name]
        for start in (date(2024, 1, 1), date(2024, 1, 2), date(2023, 7, 1)):
            row = {"id": 999, "title": name, "place_kind": kind, "geometry": geom, "start_on": start}
            result = measure_effect(g, w["a"], row, Layer.INCIDENTS, permutations=20)
            assert _small(result.counts["n"]) == [], (name, start, result.counts)
            if g is not unmarked and result.periods is not None:
                p = result.periods
                assert (p[0].month, p[0].day, p[3].month, p[3].day) == (1, 1, 12, 31), (name, start, p)
            n = result.counts.loc[result.counts["treated"], "n"]
            treated[(name, start)] = float(n.sum(min_count=1)) if len(n) else float("nan")
    assert any(not pd.isna(v) for v in treated.values())  # the analysis did run on released counts
    for start in (date(2024, 1, 1), date(2023, 7, 1)):  # subtracting the tables tells nothing below 5
        diff = treated[("the same and one cell more", start)] - treated[("three cells", start)]
        assert _small([abs(diff)]) == [], (start, diff)


def test_indicators_and_signals_tell_a_counts_only_role_no_small_count(world) -> None:
    store, w = world
    wg = _as(store, Role.WORKGROUP)
    for arg in (None, "drugslab", "<script>", "drugslab' OR '1'='1"):
        series = indicator_series(wg, w["a"], "incidenten_per_jaar", arg, today=date(2026, 6, 1))
        assert _small(series["value"]) == [], (arg, series)
        assert series.loc[series["hidden"], "value"].isna().all()
    seen = []
    for period in ((date(2023, 1, 1), date(2023, 12, 31)), (date(2023, 1, 2), date(2023, 12, 31)),
                   (date(2023, 8, 8), date(2023, 8, 8))):  # fmt: skip
        signals = area_signals(wg, w["a"], period, hotspots=False)
        values = [s.values.get("n") for s in signals]
        assert _small(v for v in values if isinstance(v, int | float)) == [], (period, values)
        seen.append(sorted((s.rule, str(s.values.get("n"))) for s in signals))
    assert seen[0] == seen[1]  # a day's difference changes nothing


def test_the_plan_document_for_a_counts_only_role_names_no_ranker_and_keeps_hostile_text_literal(world) -> None:
    store, w = world
    data = collect_plan(_as(store, Role.WORKGROUP), w["a"])
    assert "user_name" not in data.rankings.columns and set(data.rankings["votes"]) == {1}
    docx, pdf = plan_docx(data), plan_pdf(data)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    text = pdf_text(pdf)
    for out in (xml, text):
        assert "lid.geheim" not in out and "lid.anoniem" not in out
    assert "&lt;script&gt;alert" in xml and "<script>" not in xml
    assert "<script>alert" in " ".join(text.split())  # literal text in the PDF, not markup
    fields = [part.split("</w:instrText>")[0] for part in xml.split("<w:instrText")[1:]]
    assert not any("cmd" in f for f in fields)  # no Word field code made of user text


class _TooMany(Exception):
    pass


def test_a_tiny_drawn_zone_does_not_make_the_effect_analysis_try_millions_of_comparison_zones(
    fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HOLE (denial of service): comparison zones are copies of the treated zone on a lattice 1.5 × its width
    apart over the whole municipality; a coordinator may place a zone of 1 m², and an analyst's or
    administrator's effect analysis (the exact path) then tries ~10^8 copies (hours of CPU per request)."""
    store, w = fresh
    tiny = shapely.box(CENTRE[0], CENTRE[1], CENTRE[0] + 1, CENTRE[1] + 1)
    _as(store, Role.COORDINATOR, frozenset({w["code_a"]})).place_measure(w["ma"], "zone", tiny, "x")
    row = store.area_measures(w["a"]).set_index("id").loc[w["ma"]].to_dict() | {
        "id": w["ma"],
        "start_on": date(2024, 1, 1),
    }
    real, calls = shapely.affinity.translate, [0]

    def counted(*args, **kwargs):
        calls[0] += 1
        if calls[0] > 50_000:
            raise _TooMany(calls[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(shapely.affinity, "translate", counted)
    with contextlib.suppress(_TooMany):
        measure_effect(_as(store, Role.ANALYST), w["a"], row, Layer.INCIDENTS, permutations=20)
    assert calls[0] <= 50_000, "more than 50,000 comparison zones tried for one 1 m² zone"


def test_csv_exports_of_measures_and_evidence_keep_formulas_inert(world) -> None:
    import csv

    from gis.partnership.audit_contents import FILES
    from gis.partnership.audit_file import _Area

    store, w = world
    area = _Area(_as(store, Role.AUDITOR), w["a"])
    out = dict(FILES["maatregelen"](area) + FILES["bewijs"](area))
    cells = []
    for name in ("maatregelenmatrix.csv", "overzicht.csv"):
        rows = list(csv.reader(io.StringIO(out[name].decode("utf-8-sig")), delimiter=";"))
        cells += [c for r in rows for c in r]
    assert any("cmd|" in c for c in cells)  # the hostile texts are there
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == []
