"""The Plan van aanpak page: the pure parts (Gantt and "wie doet wat wanneer" frames, file names, evidence files,
zone measures) on hand-made frames, and the page in AppTest on the demo: a coordinator writes an objective (and is
refused one without a target), plans a measure, records evidence and marks it done, and downloads the plan;
a working-group member reads without controls; one flow on PostGIS."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely
from PIL import Image
from streamlit.testing.v1 import AppTest

from gis.io.attachments import AttachmentError
from gis.io.photos import PhotoError
from gis.ui.plan_effect import zone_measures
from gis.ui.plan_measures import evidence_files
from gis.ui.plan_page import file_stem, plan_file_names
from gis.ui.plan_schedule import gantt_frame, who_what_when
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def _png(size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _measures() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3], "name": ["Camera's", "Slagbomen", "Buurtpreventie"], "title": ["", "", ""],
        "partner": ["gemeente", "Stichting Wegwijs", None], "representative": ["A", "", None],
        "start_on": [date(2027, 1, 1), pd.Timestamp("2027-03-01"), None],
        "end_on": [date(2027, 6, 30), pd.Timestamp("2027-04-30"), None],
        "status": ["lopend", "uitgevoerd", None], "place_kind": ["punt", "zone", "zone"],
        "geometry": [shapely.Point(0, 0), shapely.box(0, 0, 10, 10), shapely.box(0, 0, 5, 5)],
    })  # fmt: skip


def test_gantt_frame_has_the_dated_measures_by_start_with_the_end_day_included() -> None:
    frame = gantt_frame(_measures())
    assert list(frame["measure"]) == ["Camera's", "Slagbomen"]  # the undated one is left out
    assert frame["end"].iloc[1] == pd.Timestamp("2027-05-01")  # 30 April is a planned day
    assert list(frame["status"]) == ["lopend", "uitgevoerd"]
    assert frame["partner"].iloc[0] == "gemeente" and frame["partner"].iloc[1] == "Stichting Wegwijs"
    assert frame["period"].iloc[0] == "1 januari 2027 tot en met 30 juni 2027"


def test_who_what_when_puts_each_period_in_its_partners_row() -> None:
    matrix = who_what_when(_measures())
    assert list(matrix["Partner"]) == ["gemeente", "Stichting Wegwijs", "(nog niet gekozen)"]
    assert matrix.loc[0, "Camera's"] == "1 januari 2027 tot en met 30 juni 2027"
    assert matrix.loc[1, "Camera's"] == "" and matrix.loc[1, "Slagbomen"] == "1 maart 2027 tot en met 30 april 2027"
    assert matrix.loc[2, "Buurtpreventie"] == "nog niet gepland"
    english = who_what_when(_measures(), "en")
    assert "municipality" in set(english["Partner"])


def test_file_names_are_dutch_and_safe() -> None:
    assert file_stem("KIEK UUT Achterhoek-Oost", 3) == "KIEK_UUT_Achterhoek_Oost"
    assert file_stem("Één/../<script>", 3) == "Een_script"
    assert file_stem("???", 7) == "gebied_7"
    docx, pdf = plan_file_names("Grensstreek ’t Woud", 1)
    assert docx.startswith("plan_van_aanpak_Grensstreek_t_Woud_") and docx.endswith(".docx")
    assert pdf == docx[:-5] + ".pdf"


def test_evidence_files_check_what_is_uploaded() -> None:
    assert evidence_files("notitie", "hek geplaatst", None) == []
    with pytest.raises(ValueError, match="vul de notitie in"):
        evidence_files("notitie", "  ", None)
    with pytest.raises(ValueError, match="Kies een bestand bij soort 'foto'"):
        evidence_files("foto", "", None)
    (photo,) = evidence_files("foto", "", ("hek.png", _png()))
    assert photo.kind == "foto" and photo.mime == "image/png" and photo.shared  # a copy without EXIF to share
    (doc,) = evidence_files("bestand", "", ("bon.jpg", _png()))
    assert doc.kind == "bestand" and doc.name == "bon.png" and doc.shared  # the type is what the bytes are
    with pytest.raises(PhotoError, match="geen JPEG of PNG"):
        evidence_files("foto", "", ("x.png", b"%PDF-1.4 nep"))
    with pytest.raises(AttachmentError, match="geen PDF, JPEG of PNG"):
        evidence_files("bestand", "", ("x.pdf", b"MZ\x90\x00"))


def test_only_carried_out_zone_measures_get_an_effect() -> None:
    zones = zone_measures(_measures())
    assert list(zones["id"]) == [2]


def test_partner_choice_offers_the_partnership_then_the_kinds_and_keeps_free_text() -> None:
    from gis.ui.plan_measures import partner_choice

    options, index, free = partner_choice("Politie Oost-Nederland", ["Politie Oost-Nederland", "LTO Noord"])
    assert options[:3] == ["", "Politie Oost-Nederland", "LTO Noord"] and "gemeente" in options
    assert (index, free) == (1, "")
    assert partner_choice("politie", [])[1:] == (options.index("politie") - 2, "")
    assert partner_choice("Stichting Wegwijs", [])[1:] == (0, "Stichting Wegwijs")


# -- the page (AppTest) -----------------------------------------------------------------------------------------


def _prepare(db: str) -> tuple[int, str, list[int]]:
    """The coordinator's first area with two chosen measures (a catalogue one and an own one); their ids."""
    from gis import auth
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(db)
    try:
        auth.ensure_demo_accounts(store)
        areas = areas_for(GuardedStore(store, auth.demo_sign_in(store, "demo-coordinator").principal))
        area_id, name = int(areas["id"].iloc[0]), str(areas["name"].iloc[0])
        code = str(store.measure_catalogue()["code"].iloc[0])
        own = "Buurtapp <b>Oost</b>"
        ids = [store.add_area_measure(area_id, code, "test", decision="gekozen"),
               store.add_area_measure(area_id, None, "test", title=own, decision="gekozen")]  # fmt: skip
        return area_id, name, ids
    finally:
        store.close()


def _open(account: str, tab: str = "Doelen") -> AppTest:
    """The page as ``account`` with ``tab`` open (only the open tab is drawn)."""
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/plan.py")
    at.session_state["pl_tabs"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def _tab(at: AppTest, tab: str) -> AppTest:
    at.session_state["pl_tabs"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in [*at.error, *at.success, *at.info, *at.warning, *at.markdown, *at.caption]]
    return " ".join(parts).replace("\\", "")


def _submit(at: AppTest, label: str, form: str) -> AppTest:
    """Click the submit button ``label`` of the form whose key starts with ``form``."""
    buttons = [b for b in at.button if b.label == label and str(b.proto.form_id).startswith(form)]
    assert len(buttons) == 1, [(b.label, b.proto.form_id) for b in at.button]
    return buttons[0].click().run()


@pytest.fixture(params=PAGE_BACKENDS[:1])
def db(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    url = writable_demo(request)
    monkeypatch.setenv("VB_DB", url)
    return url


@pytest.fixture(params=PAGE_BACKENDS)
def db_both(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    url = writable_demo(request)
    monkeypatch.setenv("VB_DB", url)
    return url


def _measure(db: str, measure_id: int) -> dict:
    from gis.store import open_store

    store = open_store(db)
    try:
        frame = store.area_measures(int(store.areas()["id"].iloc[0]))
        return frame[frame["id"] == measure_id].iloc[0].to_dict()
    finally:
        store.close()


def test_coordinator_plans_a_measure_records_evidence_and_marks_it_done(db_both: str) -> None:
    from gis.store import open_store

    _area, _name, (first, second) = _prepare(db_both)
    at = _open("demo-coordinator", "Plan")
    at.selectbox(key=f"pl_partner_{first}_0").set_value("gemeente")
    at.text_input(key=f"pl_rep_{first}_0").input("J. de Vries")
    at.date_input(key=f"pl_start_{first}_0").set_value(date(2026, 3, 1))
    at.date_input(key=f"pl_end_{first}_0").set_value(date(2026, 1, 1))  # before the start: refused
    at = _submit(at, "Planning opslaan", f"pl_plan_form_{first}_0")
    assert "Niet gelukt" in _texts(at) and _measure(db_both, first)["partner"] is None  # nothing written
    at.date_input(key=f"pl_end_{first}_0").set_value(date(2026, 6, 30))  # the form kept what was typed
    at.selectbox(key=f"pl_status_{first}_0").set_value("uitgevoerd")  # no evidence yet: refused
    at = _submit(at, "Planning opslaan", f"pl_plan_form_{first}_0")
    assert "pas 'uitgevoerd'" in _texts(at), _texts(at)
    at.selectbox(key=f"pl_status_{first}_0").set_value("lopend")
    at = _submit(at, "Planning opslaan", f"pl_plan_form_{first}_0")
    assert not at.exception and "is bijgewerkt" in _texts(at), _texts(at)
    row = _measure(db_both, first)
    assert (row["partner"], row["representative"], row["status"]) == ("gemeente", "J. de Vries", "lopend")
    at.text_area(key=f"pl_ev_note_{first}_0").input("Slagboom geplaatst")
    at = _submit(at, "Bewijs toevoegen", f"pl_ev_form_{first}_0")
    assert "Bewijs" in _texts(at) and "is vastgelegd" in _texts(at), _texts(at)
    at.selectbox(key=f"pl_status_{first}_1").set_value("uitgevoerd")  # a fresh form after the save
    at = _submit(at, "Planning opslaan", f"pl_plan_form_{first}_1")
    assert _measure(db_both, first)["status"] == "uitgevoerd", _texts(at)
    assert "Slagboom geplaatst" in _texts(at)
    assert "Buurtapp \\<b\\>Oost\\</b\\>" in " ".join(e.label for e in at.expander)  # shown as typed
    other = open_store(db_both)  # another user changes the second measure after this page showed it
    try:
        other.plan_measure(second, {"representative": "B. Bakker"}, "collega")
    finally:
        other.close()
    at.text_input(key=f"pl_rep_{second}_0").input("C. de Wit")
    at = _submit(at, "Planning opslaan", f"pl_plan_form_{second}_0")
    assert not at.exception, at.exception
    conflict = " ".join(e.value for e in at.error).replace("\\", "")
    assert "collega" in conflict, conflict  # who saved first
    assert _measure(db_both, second)["representative"] == "B. Bakker"  # nothing of this edit was written
    assert at.text_input(key=f"pl_rep_{second}_1").value == "B. Bakker"  # the form shows what is stored
    at = _tab(at, "Planning")
    (matrix,) = [d.value for d in at.dataframe if "Partner" in d.value.columns]
    assert list(matrix["Partner"]) == ["gemeente", "(nog niet gekozen)"]
    assert matrix.iloc[0, 1] == "1 maart 2026 tot en met 30 juni 2026"


def test_coordinator_sets_an_objective_and_sees_its_progress(db: str) -> None:
    from gis import auth
    from gis.analysis.snapshot import freeze
    from gis.measures.indicators import baseline_from_0meting
    from gis.store import open_store
    from gis.store.guard import GuardedStore

    area_id, _name, _ids = _prepare(db)
    store = open_store(db)
    try:  # a 0-meting of 2025, taken by the coordinator
        guarded = GuardedStore(store, auth.demo_sign_in(store, "demo-coordinator").principal)
        freeze(guarded, area_id, "0-meting", (date(2025, 1, 1), date(2025, 12, 31)), date(2026, 1, 15))
        expected = baseline_from_0meting(guarded, area_id, "dumpingen_per_jaar")
    finally:
        store.close()
    assert expected is not None and expected[1] == date(2026, 1, 15)
    at = _open("demo-coordinator")
    assert "Er zijn nog geen doelen" in _texts(at)
    assert "Nulwaarde uit de 0-meting" in _texts(at)
    base = at.number_input(key="pl_obj_base_0_0_dumpingen_per_jaar_None")
    assert base.value == pytest.approx(expected[0])  # prefilled, and editable:
    assert at.date_input(key="pl_obj_base_on_0_0_dumpingen_per_jaar_None").value == date(2026, 1, 15)
    at.text_input(key="pl_obj_text_0_0").input("Minder dumpingen van drugsafval")
    base.set_value(12.0)
    at = _submit(at, "Doel opslaan", "pl_obj_form_0_0")
    assert "streefwaarde" in " ".join(e.value for e in at.error).lower(), _texts(at)  # no target: refused
    at.number_input(key="pl_obj_target_0_0").set_value(6.0)
    at.date_input(key="pl_obj_target_on_0_0").set_value(date(2020, 12, 31))  # in the past: refused
    at = _submit(at, "Doel opslaan", "pl_obj_form_0_0")
    assert "Niet gelukt" in _texts(at)
    at.date_input(key="pl_obj_target_on_0_0").set_value(date(2030, 12, 31))
    at = _submit(at, "Doel opslaan", "pl_obj_form_0_0")
    assert not at.exception, at.exception
    text = _texts(at)
    assert re.search(r"Doel \d+ is opgeslagen", text), text
    assert "Minder dumpingen van drugsafval" in text
    assert "van 12 (15 januari 2026) naar 6 op 31 december 2030" in text, text
    assert "nulmeting 12, doel 6" in text  # the progress sentence
    (chart,) = at.get("vega_lite_chart")
    spec = chart.proto.spec
    assert spec.count('"type": "rule"') == 2  # the baseline and target lines (their labels: the pure test below)


def test_a_workgroup_member_reads_the_plan_without_controls_and_an_analyst_may_export(db: str) -> None:
    from gis.store import open_store

    area_id, _name, (first, _second) = _prepare(db)
    store = open_store(db)
    try:
        record = {"text": "Minder incidenten", "indicator": "incidenten_per_jaar", "indicator_arg": None,
                  "baseline": 40, "baseline_on": date(2025, 1, 1), "target": 30,
                  "target_on": date(2029, 1, 1)}  # fmt: skip
        store.save_objective(area_id, record, "test")
        store.plan_measure(first, {"partner": "politie", "start_on": date(2026, 1, 1), "end_on": date(2026, 12, 31)},
                           "test")  # fmt: skip
    finally:
        store.close()
    wg = _open("demo-werkgroep")
    assert "Minder incidenten" in _texts(wg) and "U kunt het plan lezen" in _texts(wg)
    assert not wg.get("form"), "no forms for a reader"
    wg = _tab(wg, "Plan")
    assert "Partner: politie" in _texts(wg) and not wg.get("form")
    wg = _tab(wg, "Exporteren")
    assert "mag het plan niet exporteren" in _texts(wg) and not wg.get("download_button")
    analyst = _open("demo-analist", "Exporteren")
    labels = [b.proto.label for b in analyst.get("download_button")]
    assert {"Plan als Word (DOCX)", "Plan als PDF"} <= set(labels), labels
    assert not [f for f in analyst.get("form")]


def test_the_progress_chart_shows_a_hidden_year_as_a_tick_never_as_zero() -> None:
    import json

    from gis.ui.plan_objectives import progress_chart

    series = pd.DataFrame({"year": [2024, 2025, 2026], "value": [8.0, float("nan"), 6.0],
                           "hidden": [False, True, False], "lower_bound": [True, False, True]})  # fmt: skip
    objective = pd.Series({"indicator": "incidenten_per_jaar", "indicator_arg": "diefstal", "baseline": 8.0,
                           "target": 4.0})  # fmt: skip
    spec = progress_chart(series, objective, "nl").to_dict()
    rows = next(iter(spec["datasets"].values()))
    hidden = next(r for r in rows if r["jaar"] == "2025")
    assert hidden["hidden"] is True and hidden["value"] is None and hidden["shown"] == "<5"
    assert [r["shown"] for r in rows if r["jaar"] != "2025"] == ["minstens 8", "minstens 6"]
    assert spec["title"] == "incidenten per jaar (categorie): diefstal"
    text = json.dumps(spec)
    assert "nulwaarde: 8" in text and "streefwaarde: 4" in text


def test_the_effect_of_a_measure_carried_out_in_a_zone_is_said_with_its_interval_or_as_too_few(db: str) -> None:
    from gis.domain.catalog import Layer
    from gis.store import open_store

    area_id, _name, (first, _second) = _prepare(db)
    store = open_store(db)
    try:
        area = store.areas().set_index("id").loc[area_id, "geometry"]
        store.place_measure(first, "zone", area.centroid.buffer(1500).intersection(area), "test")
        store.add_measure_evidence(first, "notitie", "camera's hangen", date(2025, 6, 1), [], "test")
        store.plan_measure(first, {"partner": "gemeente", "start_on": date(2025, 1, 1), "end_on": date(2025, 6, 1),
                                   "status": "uitgevoerd"}, "test")  # fmt: skip
    finally:
        store.close()
    at = _open("demo-coordinator", "Effect")  # dumpings: none in the zone in the small demo
    assert at.selectbox(key=f"pl_eff_measure_{area_id}").value == first
    at = at.button(key=f"pl_eff_go_{area_id}").click().run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning if "Te weinig gegevens" in w.value] and not at.metric
    assert "te weinig om een effect te zien" in _texts(at)
    raw = _open("demo-analist", "Effect")  # incidents as records: an estimate
    raw.selectbox(key=f"pl_eff_layer_{area_id}").set_value(Layer.INCIDENTS)
    raw = raw.button(key=f"pl_eff_go_{area_id}").click().run()
    assert not raw.exception, raw.exception
    assert "Vergelijking: 20 zones" in _texts(raw)  # the design said in words
    frame = raw.dataframe[-1].value
    frame = getattr(frame, "data", frame)
    assert list(frame.columns) == ["Zone", "Met maatregel", "Na de start", "Aantal", "Dagen"]
    assert set(frame["Met maatregel"]) == {"ja", "nee"} and (frame["Zone"] == "maatregel").sum() == 2
    raw = _tab(raw, "Effect")  # the result stays with its question
    assert raw.dataframe


def test_effect_counts_table_keeps_a_hidden_count_hidden() -> None:
    from gis.domain.roles import SUPPRESSED
    from gis.ui.plan_effect import counts_table

    counts = pd.DataFrame({"zone": ["maatregel", "maatregel"], "treated": [True, True], "after": [False, True],
                           "n": [SUPPRESSED, 12], "exposure": [365.0, 365.0]})  # fmt: skip
    table = counts_table(counts, "nl")
    assert pd.isna(table["Aantal"].iloc[0]) and table["Aantal"].iloc[1] == 12
    assert list(table["Na de start"]) == ["nee", "ja"]


def _effect_app(lang: str) -> None:
    import pandas as pd

    from gis.measures.effect import EffectResult
    from gis.ui.plan_effect import show_effect

    counts = pd.DataFrame({"zone": ["maatregel"] * 2 + ["vergelijking 1"] * 2,
                           "treated": [True, True, False, False], "after": [False, True, False, True],
                           "n": [20, 8, 18, 17], "exposure": [365.0] * 4})  # fmt: skip
    show_effect(EffectResult(0.6, 0.4, 0.9, 0.012, 0.03, 0.55, False, "Na de maatregel 40% minder.", "40% fewer.",
                             counts), lang)  # fmt: skip


def test_an_estimate_is_shown_with_its_interval_p_placebo_and_smallest_detectable_effect() -> None:
    at = AppTest.from_function(_effect_app, args=("nl",)).run()
    assert not at.exception, at.exception
    (metric,) = at.metric
    assert metric.value == "0,60"
    text = _texts(at)
    assert "95%-interval: 0,40 – 0,90 · p = 0,012 · placebotoets: p = 0,030" in text, text
    assert "Na de maatregel 40% minder." in text and "aantonen: een daling van 45%" in text
    assert not at.warning


def test_every_tab_opens_in_english(db: str) -> None:
    _prepare(db)
    at = sign_in(AppTest.from_file(APP, default_timeout=120), "demo-coordinator")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/plan.py").run()
    for tab in ("Objectives", "Plan", "Schedule", "Effect", "Export"):
        at = _tab(at, tab)
        assert not at.error, [e.value for e in at.error]
    assert "Plan as Word (DOCX)" in [b.proto.label for b in at.get("download_button")]
    at = _tab(at, "Plan")
    assert "Save planning" in [b.label for b in at.button]
