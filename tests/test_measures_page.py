"""The Maatregelen page (AppTest; the maps replaced by what the Draw plugin would return): the coordinator chooses
proposed measures (the reason is kept), members rank and comment, the coordinator decides (who and when shown);
a chosen measure is placed as a road segment, one outside the area or of the wrong shape is refused in Dutch;
read-only roles get no write controls; the administrator edits the catalogue (delete of a used one refused).
DuckDB, and the choosing and placing flow once on PostGIS."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from gis.geo.crs import rd_to_wgs84
from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
HOSTILE = "<img src=x onerror=alert(1)> **vet** `code`"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict:
    state: dict = {"drawings": None, "maps": []}
    monkeypatch.setattr("gis.ui.map_widget.draw_map", lambda base, groups, key, height=560: state["drawings"])
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: state["maps"].append(base))
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    return state


@pytest.fixture
def duck(demo_copy: Path, env: dict) -> str:
    return str(demo_copy)


def first_area(db: str, account: str = "demo-coordinator") -> int:
    """The area the page opens on for ``account`` (the first it may see, by name)."""
    from gis import auth
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(db)
    try:
        auth.ensure_demo_accounts(store)
        principal = auth.demo_sign_in(store, account).principal
        return int(areas_for(GuardedStore(store, principal))["id"].iloc[0])
    finally:
        store.close()


def choose_measures(db: str, n: int = 2, account: str = "demo-coordinator") -> tuple[int, list[int]]:
    """Put ``n`` catalogue measures on the list of ``account``'s first area as chosen (as the page's button does);
    returns the area and the measures' ids. Other tests (the Plan page) may use this to start from chosen ones."""
    area_id = first_area(db, account)
    store = open_store(db)
    try:
        codes = store.measure_catalogue()["code"].head(n).tolist()
        codes += [None] * (n - len(codes))  # a short catalogue: own measures (a title) for the rest
        ids = [store.add_area_measure(area_id, code, "test", title="" if code else f"Eigen maatregel {i}",
                                      decision="gekozen", reason="gekozen in de test")
               for i, code in enumerate(codes, start=1)]  # fmt: skip
        return area_id, ids
    finally:
        store.close()


def _open(account: str, area_id: int | None = None) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/maatregelen.py").run()
    assert not at.exception, at.exception
    if area_id is not None and at.selectbox(key="ms_area").value != area_id:
        at.selectbox(key="ms_area").set_value(area_id).run()
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in [*at.error, *at.success, *at.info, *at.warning, *at.markdown, *at.caption]]
    return " ".join(parts).replace("\\", "")


def _success(at: AppTest) -> str:
    return " ".join(e.value for e in at.success).replace("\\", "")


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def _submit(at: AppTest, label: str) -> AppTest:
    button = next(b for b in at.button if b.label == label)
    at = button.click().run()
    assert not at.exception, at.exception
    return at


def _keys(at: AppTest, prefix: str) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(prefix)]


def _wgs_line(coords: list[tuple[float, float]]) -> dict:
    lon, lat = rd_to_wgs84([x for x, _ in coords], [y for _, y in coords])
    line = {"type": "LineString", "coordinates": [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]}
    return {"type": "Feature", "properties": {}, "geometry": line}


def _inside_line(db: str, area_id: int) -> list[tuple[float, float]]:
    store = open_store(db)
    try:
        areas = store.areas()
        inner = areas[areas["id"] == area_id].geometry.iloc[0].buffer(-200)
    finally:
        store.close()
    p = inner.representative_point()
    return [(p.x - 40, p.y), (p.x, p.y + 30), (p.x + 40, p.y)]


def _choose_two_and_place(db: str, env: dict) -> None:
    at = _open("demo-coordinator")
    text = _texts(at)
    assert "Voorgesteld omdat" in text and "regel:" in text, "each proposal says why, with its rule"
    for _ in range(2):
        at = at.button(key=_keys(at, "ms_choose_")[0]).click().run()
        assert not at.exception, at.exception
        assert "staat op de lijst (gekozen)" in _success(at)
    area_id = first_area(db)
    store = open_store(db)
    try:
        chosen = store.area_measures(area_id)
    finally:
        store.close()
    assert list(chosen["decision"]) == ["gekozen", "gekozen"]
    assert all(r.startswith("Voorgesteld omdat") for r in chosen["reason"])
    assert set(chosen["decided_by"]) == {"demo-coordinator"}
    first = int(chosen["id"].iloc[0])
    env["drawings"] = [_wgs_line(_inside_line(db, area_id))]
    at.radio(key=f"ms_map_kind_{first}").set_value("weg").run()
    at = at.button(key="ms_map_save").click().run()
    assert not at.exception, at.exception
    assert "staat op de kaart als wegvak" in _success(at), _texts(at)
    store = open_store(db)
    try:
        placed = store.area_measures(area_id).set_index("id").loc[first]
    finally:
        store.close()
    assert placed["place_kind"] == "weg" and placed.geometry.geom_type == "LineString"


def test_coordinator_chooses_two_proposals_and_places_one_as_a_road_segment(duck: str, env: dict) -> None:
    _choose_two_and_place(duck, env)


@pytest.fixture(params=["postgis"])
def pg(request: pytest.FixtureRequest, env: dict, monkeypatch: pytest.MonkeyPatch) -> str:
    url = writable_demo(request)
    monkeypatch.setenv("VB_DB", url)
    return url


def test_choosing_and_placing_on_postgis(pg: str, env: dict) -> None:
    _choose_two_and_place(pg, env)


def test_a_place_outside_the_area_or_of_the_wrong_shape_is_refused_in_dutch(duck: str, env: dict) -> None:
    area_id, (first,) = choose_measures(duck, n=1)
    at = _open("demo-coordinator")
    at.radio(key=f"ms_map_kind_{first}").set_value("weg").run()
    store = open_store(duck)
    try:
        minx, miny, maxx, maxy = store.areas().set_index("id").loc[area_id].geometry.bounds
    finally:
        store.close()
    env["drawings"] = [_wgs_line([(maxx + 5_000, maxy), (maxx + 6_000, maxy + 500)])]
    at = at.button(key="ms_map_save").click().run()
    assert "ligt buiten het gebied" in _errors(at) and "niets opgeslagen" in _errors(at)
    square = shapely.box(minx, miny, minx + 100, miny + 100).exterior.coords
    polygon = _wgs_line(list(square))
    polygon["geometry"] = {"type": "Polygon", "coordinates": [polygon["geometry"]["coordinates"]]}
    env["drawings"] = [polygon]
    at = at.button(key="ms_map_save").click().run()
    assert "Tekening 1 is een vlak; een wegvak teken je als lijn" in _errors(at)
    env["drawings"] = []
    at = at.button(key="ms_map_save").click().run()
    assert "er is nog niets getekend" in _errors(at)
    store = open_store(duck)
    try:
        placed = store.area_measures(area_id).set_index("id").loc[first]
    finally:
        store.close()
    assert placed.geometry is None and placed["place_kind"] is None


def test_members_rank_and_comment_and_the_coordinator_decides(duck: str, env: dict) -> None:
    area_id, (first, second) = choose_measures(duck)
    wg = _open("demo-werkgroep", area_id)
    assert not _keys(wg, "ms_choose_") and not _keys(wg, "ms_map_save"), "no write buttons for the working group"
    assert not [b for b in wg.button if b.label == "Besluit vastleggen"]
    told = " ".join(i.value for i in wg.info)  # the small demo's counts are all hidden from the working group
    assert "leidt voor uw rol (nog) niet tot voorstellen" in told and "zelf een maatregel toevoegen" not in told
    wg.selectbox(key="ms_discuss_pick").set_value(second).run()
    wg.selectbox(key=f"ms_rank_{second}_0").set_value(1)
    wg.text_area(key=f"ms_comment_{second}_0").input(HOSTILE)
    wg = _submit(wg, "Rang en commentaar bewaren")
    assert "Uw rang en commentaar zijn bewaard" in _success(wg)
    shown = wg.dataframe[1].value  # the overview, then this measure's rankings
    assert HOSTILE in shown.iloc[:, 2].tolist()
    assert "Gemiddelde rang:** 1,0 (van 1 leden" in " ".join(m.value for m in wg.markdown)
    auditor = _open("demo-auditor", area_id)
    assert not [b for b in auditor.button if b.label in ("Rang en commentaar bewaren", "Besluit vastleggen")]
    assert not _keys(auditor, "ms_choose_") and not _keys(auditor, "ms_map_save")
    at = _open("demo-coordinator")
    at.selectbox(key="ms_discuss_pick").set_value(second).run()
    at.radio(key=f"ms_decision_{second}_0").set_value("afgewezen")
    at.text_area(key=f"ms_decide_reason_{second}_0").input("te duur voor dit jaar")
    at = _submit(at, "Besluit vastleggen")
    assert "afgewezen" in _success(at)
    assert "Vastgelegd door demo-coordinator op" in _texts(at) and "te duur voor dit jaar" in _texts(at)
    at.selectbox(key="ms_discuss_pick").set_value(first).run()
    store = open_store(duck)  # another member of the meeting decides first
    try:
        store.decide_measure(first, "voorgesteld", "eerst nog overleggen", "demo-analist")
    finally:
        store.close()
    at.radio(key=f"ms_decision_{first}_1").set_value("afgewezen")
    at = _submit(at, "Besluit vastleggen")
    assert "Niet opgeslagen" in _errors(at) and "demo-analist" in _errors(at), _errors(at)
    assert at.radio(key=f"ms_decision_{first}_2").value == "voorgesteld", "the form reloads what was saved"
    store = open_store(duck)
    try:
        measures = store.area_measures(area_id).set_index("id")
        ranks = store.measure_rankings(area_id)
    finally:
        store.close()
    assert measures.loc[second, "decision"] == "afgewezen" and measures.loc[first, "decision"] == "voorgesteld"
    assert ranks[["measure_id", "user_name", "rank", "comment"]].values.tolist() == [
        [second, "demo-werkgroep", 1, HOSTILE]]  # fmt: skip


def test_the_administrator_edits_the_catalogue_and_a_used_measure_is_not_deleted(duck: str, env: dict) -> None:
    _, _ = choose_measures(duck, n=1)
    store = open_store(duck)
    try:
        used = str(store.area_measures(first_area(duck))["code"].iloc[0])
    finally:
        store.close()
    at = _open("demo-beheerder")
    at.text_input(key="mc_f_name_0").input("Wildcamera bij de sloot")
    at.text_area(key="mc_f_description_0").input(HOSTILE)
    at.multiselect(key="mc_f_problems_0").set_value(["drugsafval"])
    at.text_input(key="mc_f_source_0").input("eigen ervaring")
    at.text_input(key="mc_f_code_0").input("wildcamera_sloot")
    at = _submit(at, "Maatregel opslaan")
    assert "wildcamera_sloot is opgeslagen" in _success(at), _texts(at)
    assert at.session_state["mc_edit_pick"] == "wildcamera_sloot"
    at = at.button(key="mc_retire_wildcamera_sloot").click().run()
    assert "is ingetrokken" in _success(at)
    at.selectbox(key="mc_edit_pick").set_value(used).run()
    at.checkbox(key=f"mc_delete_sure_{used}").check().run()
    at = at.button(key=f"mc_delete_{used}").click().run()
    assert "kan niet worden verwijderd" in _errors(at)
    store = open_store(duck)
    try:
        catalogue = store.measure_catalogue(include_retired=True).set_index("code")
    finally:
        store.close()
    assert used in catalogue.index
    assert catalogue.loc["wildcamera_sloot", "description"] == HOSTILE
    assert catalogue.loc["wildcamera_sloot", "retired_at"] is not None


def test_drawings_become_one_rd_geometry_of_the_kind_or_a_dutch_refusal() -> None:
    from gis.ui.measures_map import PlaceError, drawn_geometry

    road = _wgs_line([(240_000.0, 443_000.0), (240_300.0, 443_400.0)])
    line = drawn_geometry([road], "weg")
    assert line.geom_type == "LineString"
    assert line.coords[0] == pytest.approx((240_000.0, 443_000.0), abs=0.01)
    assert line.length == pytest.approx(500.0, abs=0.05)
    assert drawn_geometry([road, road], "weg").geom_type == "MultiLineString"
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": road["geometry"]["coordinates"][0]}}
    assert drawn_geometry([point], "punt").distance(shapely.Point(240_000, 443_000)) < 0.01
    assert drawn_geometry(None, "zone") is None and drawn_geometry([], "punt") is None
    with pytest.raises(PlaceError, match="Tekening 1 is een lijn; een zone teken je als vlak"):
        drawn_geometry([road], "zone")
    with pytest.raises(PlaceError, match="Er staan 2 punten op de kaart"):
        drawn_geometry([point, point], "punt")


def test_labels_cannot_leave_the_tooltip_and_rankings_average_per_measure() -> None:
    import pandas as pd

    from gis.ui.measures_choose import ranking_summary
    from gis.ui.measures_map import label_text

    text = label_text("a`);alert(1);(`${x}\\ <b>")
    assert not set("`$\\<>") & set(text) and "&lt;b&gt;" in text
    measures = pd.DataFrame({"id": [1, 2, 3]})
    rankings = pd.DataFrame({"measure_id": [1, 1, 2, 2], "user_name": ["a", "b", "a", "b"],
                             "rank": [1, 2, 3, None], "comment": ["", "ok", None, "alleen commentaar"],
                             "ranked_at": [None] * 4})  # fmt: skip
    summary = ranking_summary(measures, rankings).set_index("id")
    assert summary.loc[1, "mean_rank"] == 1.5 and summary.loc[2, "mean_rank"] == 3.0
    assert summary["n_ranked"].tolist() == [2, 1, 0] and summary["n_comments"].tolist() == [1, 1, 0]
    assert pd.isna(summary.loc[3, "mean_rank"])
