"""The survey tab of the Analyse page (AppTest): questionnaires to download; a coordinator reads in a good CSV
and sees the results, a broken file is refused row by row and nothing is stored; the interview form saves one
respondent and refuses a missing answer in Dutch; a working-group member sees figures only (no open answers,
no import, interview or export); hostile open text is shown as text."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis import auth
from gis.analysis.survey import AGRARIERS, SurveyResponse
from gis.analysis.survey_template import responses_frame
from gis.analysis.survey_values import to_record
from gis.privacy.survey import SurveyDisclosure
from gis.store import open_store
from gis.store.guard import GuardedStore
from gis.ui.analysis_page import areas_for
from tests.analysis.survey_factory import make_responses
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
HOSTILE = "<script>alert(1)</script> <b>vet</b> **sterk** [klik](http://x.invalid)"


@pytest.fixture(params=PAGE_BACKENDS)
def db(request: pytest.FixtureRequest) -> str:
    """A writable demo on each backend, named by ``VB_DB`` (for the tests that write)."""
    return writable_demo(request)


def _first_area(db: Path | str, account: str) -> tuple[int, str]:
    """The area the Analyse page opens on for ``account`` (the first it may analyse, by name)."""
    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        principal = auth.demo_sign_in(store, account).principal
        areas = areas_for(GuardedStore(store, principal))
        return int(areas["id"].iloc[0]), str(areas["name"].iloc[0])
    finally:
        store.close()


def _responses(area_id: int, n: int, seed: int = 3, open_text: str | None = None) -> list[SurveyResponse]:
    out = []
    for r in make_responses(["agrariër"] * n, seed=seed):
        answers = dict(r.answers)
        if open_text is not None:
            answers["opmerkingen"] = open_text
        ref = f"T{seed}-{r.respondent_ref}"
        out.append(replace(r, area_id=area_id, postcode4=None, answers=answers, respondent_ref=ref))
    return out


def _seed(db: Path | str, responses: list[SurveyResponse]) -> None:
    store = open_store(str(db))
    try:
        store.add_survey_responses([to_record(r) for r in responses], "tester")
    finally:
        store.close()


def _stored(db: Path | str) -> pd.DataFrame:
    store = open_store(str(db))
    try:
        return store.survey_responses()
    finally:
        store.close()


def _csv(responses: list[SurveyResponse]) -> bytes:
    frame = responses_frame(responses, AGRARIERS, SurveyDisclosure(open_answers=True, small_counts=False))
    out = io.StringIO()
    frame.to_csv(out, sep=";", index=False)
    return out.getvalue().encode("utf-8")


def _open(account: str, part: str | None = None) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/analyse.py").run()
    assert not at.exception, at.exception
    if part is not None:
        at.segmented_control(key="sv_part").set_value(part).run()
        assert not at.exception, at.exception
    return at


def _frame(at: AppTest, *columns: str, first: str | None = None) -> pd.DataFrame:
    """The first table shown with these columns (and, with ``first``, that first cell): st.dataframe carries no
    key in AppTest."""
    for element in at.dataframe:
        frame = element.value
        if set(columns) <= set(frame.columns) and (first is None or (len(frame) and str(frame.iloc[0, 0]) == first)):
            return frame
    raise AssertionError(f"no table with {columns} ({first})")


def _texts(at: AppTest) -> str:
    """Everything the page shows as text or markdown (not tables)."""
    parts = [*at.markdown, *at.text, *at.caption, *at.success, *at.error, *at.info, *at.warning]
    return "\n".join(str(p.value) for p in parts)


def test_questionnaires_download_for_every_analysis_role(demo_copy) -> None:
    for account in ("demo-coordinator", "demo-werkgroep"):
        at = _open(account, "forms")
        labels = [b.label for b in at.get("download_button")]
        assert labels.count("Excel-sjabloon") == 2 and labels.count("Vragenlijst (PDF)") == 2, (account, labels)


def test_coordinator_imports_a_good_csv_and_sees_the_results(db) -> None:
    area_id, area_name = _first_area(db, "demo-coordinator")
    data = _csv(_responses(area_id, 12))
    at = _open("demo-coordinator", "import")
    at.file_uploader(key="sv_upload_0").set_value(("antwoorden.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    assert "12 respondenten gelezen zonder problemen" in _texts(at)
    at.button(key="sv_store").click().run()
    assert not at.exception, at.exception
    assert "12 respondenten ingelezen uit" in _texts(at)
    stored = _stored(db)
    assert len(stored) == 12 and set(stored["area_id"]) == {area_id} and set(stored["source"]) == {"import"}
    imports = _frame(at, "inlezing", "bestand")
    assert list(imports["respondenten"]) == [12] and list(imports["bestand"]) == ["antwoorden.csv"]
    at.segmented_control(key="sv_part").set_value("results").run()
    text = _texts(at)
    assert f"Respondenten in {area_name}: 12" in text
    assert "van de 12 agrariërs" in text or "benaderden niet getoond" in text
    table = _frame(at, "gebied: gemiddelde", first="gemiddelde")
    assert table["gebied: gemiddelde"].dtype.kind == "f" and table["gebied: beantwoord"].iloc[0] == 12
    benaderd = _frame(at, "gebied: aandeel %", first="ja")
    assert benaderd["gebied: aandeel %"].dtype.kind == "f"


def test_an_import_is_undone_after_confirmation(db) -> None:
    area_id, _ = _first_area(db, "demo-coordinator")
    at = _open("demo-coordinator", "import")
    at.file_uploader(key="sv_upload_0").set_value(("eerste.csv", _csv(_responses(area_id, 11)), "text/csv")).run()
    at.button(key="sv_store").click().run()
    assert len(_stored(db)) == 11
    at.selectbox(key="sv_undo_pick").set_value(1).run()
    assert at.button(key="sv_undo").disabled  # not before the confirmation
    at.checkbox(key="sv_undo_sure_1").check().run()
    at.button(key="sv_undo").click().run()
    assert not at.exception, at.exception
    assert "Inlezing 1 teruggedraaid: 11 respondenten verwijderd." in [s.value for s in at.success]
    assert _stored(db).empty
    at.file_uploader(key="sv_upload_1").set_value(("eerste.csv", _csv(_responses(area_id, 11)), "text/csv")).run()
    assert "11 respondenten gelezen zonder problemen" in _texts(at)  # the numbers are free again


def test_broken_file_lists_row_field_value_and_stores_nothing(demo_copy) -> None:
    area_id, _ = _first_area(demo_copy, "demo-coordinator")
    good = _responses(area_id, 4)
    frame = responses_frame(good, AGRARIERS, SurveyDisclosure(open_answers=True, small_counts=False))
    frame.loc[0, "veiligheidsgevoel"] = "11"
    frame.loc[1, "respondent_type"] = None
    frame.loc[2, "melden_bereid"] = "misschien"
    frame.loc[3, "respondent_ref"] = frame.loc[0, "respondent_ref"]
    out = io.StringIO()
    frame.to_csv(out, sep=";", index=False)
    at = _open("demo-coordinator", "import")
    at.file_uploader(key="sv_upload_0").set_value(("kapot.csv", out.getvalue().encode(), "text/csv")).run()
    assert not at.exception, at.exception
    assert "er is niets ingelezen" in _texts(at)
    problems = _frame(at, "rij", "veld", "waarde", "melding")
    rows = {(int(r.rij), r.veld, r.waarde) for r in problems.itertuples()}
    assert (2, "veiligheidsgevoel", "11") in rows
    assert (3, "respondent_type", "") in rows
    assert (4, "melden_bereid", "misschien") in rows
    assert (5, "respondent_ref", frame.loc[0, "respondent_ref"]) in rows
    assert all(" " in m for m in problems["melding"])  # a sentence, not a code
    assert not [b for b in at.button if b.key == "sv_store"]
    assert _stored(demo_copy).empty


def test_other_area_rows_are_named(demo_copy) -> None:
    area_id, area_name = _first_area(demo_copy, "demo-coordinator")
    store = open_store(str(demo_copy))
    try:
        other_id, other_name = next((int(a.id), str(a.name)) for a in store.areas().itertuples() if a.id != area_id)
    finally:
        store.close()
    rows = _responses(area_id, 2)
    rows[1] = replace(rows[1], area_id=other_id)
    frame = responses_frame(rows, AGRARIERS, SurveyDisclosure(open_answers=True, small_counts=False))
    frame["gebied"] = [area_id, other_id]
    at = _open("demo-coordinator", "import")
    data = frame.to_csv(sep=";", index=False).encode()
    at.file_uploader(key="sv_upload_0").set_value(("twee.csv", data, "text/csv")).run()
    problems = _frame(at, "rij", "veld", "waarde", "melding")
    assert list(problems["rij"]) == [3] and list(problems["veld"]) == ["gebied"]
    assert other_name in problems["melding"].iloc[0] and area_name in problems["melding"].iloc[0]
    assert _stored(demo_copy).empty


def _answer_required(at: AppTest, gen: int = 0) -> None:
    at.segmented_control(key=f"sv_f{gen}_veiligheidsgevoel").set_value(7)
    at.segmented_control(key=f"sv_f{gen}_benaderd").set_value("nee")
    at.segmented_control(key=f"sv_f{gen}_aanbod").set_value("nee")
    at.segmented_control(key=f"sv_f{gen}_verdacht").set_value("ja")
    at.radio(key=f"sv_f{gen}_melden_bereid").set_value("waarschijnlijk")
    at.segmented_control(key=f"sv_f{gen}_leegstand_bekend").set_value("nee")
    at.segmented_control(key=f"sv_f{gen}_eigen_leegstand").set_value("nee")


def test_interview_form_saves_one_respondent_and_refuses_a_missing_answer(db) -> None:
    at = _open("demo-coordinator", "interview")
    assert "Kies eerst de soort respondent." in _texts(at)
    at.segmented_control(key="sv_f0_type").set_value("agrariër").run()
    assert not at.exception, at.exception
    keys = {w.key for w in at.get("button_group")}
    assert "sv_f0_verdacht" in keys and "sv_f0_verdacht_wat" not in keys  # follow-up only after "ja"
    at.button(key="sv_f0_save").click().run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # markdown escapes
    assert "Niet opgeslagen" in errors and "deze vraag is verplicht en is niet beantwoord" in errors
    assert "Vraag 1 (Hoe veilig voelt u zich" in errors
    assert _stored(db).empty
    _answer_required(at)
    at.run()
    assert "sv_f0_verdacht_wat" in {w.key for w in at.get("button_group")}
    at.button(key="sv_f0_save").click().run()  # the follow-up after "ja" is required too
    assert "Vraag 8 (Wat heeft u opgemerkt?)" in " ".join(e.value for e in at.error).replace("\\", "")
    at.pills(key="sv_f0_verdacht_wat").set_value(["geur", "nacht"]).run()
    at.button(key="sv_f0_save").click().run()
    assert not at.exception, at.exception
    stored = _stored(db)
    assert len(stored) == 1
    row = stored.iloc[0]
    assert row["source"] == "interview" and row["entered_by"] == "demo-coordinator"
    assert row["answers"]["verdacht_wat"] == ["geur", "nacht"] and row["answers"]["veiligheidsgevoel"] == 7
    assert f"Interview opgeslagen (respondent {int(row['id'])})." in [s.value for s in at.success]
    assert at.segmented_control(key="sv_f1_type").value is None  # the form is cleared


def test_workgroup_sees_results_without_open_answers_or_team_controls(demo_copy) -> None:
    area_id, _ = _first_area(demo_copy, "demo-werkgroep")
    _seed(demo_copy, _responses(area_id, 40, open_text=HOSTILE))
    at = _open("demo-werkgroep")
    assert at.segmented_control(key="sv_part").options == ["Resultaten", "Vragenlijsten"]
    benaderd = _frame(at, "gebied: aandeel %", "gebied: 95% laag", "gebied: reden verborgen", first="ja")
    assert benaderd["gebied: aandeel %"].notna().any()  # released shares are shown
    assert "Respondenten in" in _texts(at)
    text = _texts(at)
    assert "Open antwoorden (vertrouwelijk)" not in text and "alert(1)" not in text
    for frame in at.dataframe:
        assert not frame.value.astype(str).apply(lambda c: c.str.contains("alert(1)", regex=False)).any().any()
    assert not [b for b in at.get("download_button") if b.key and b.key.startswith("sv_export")]
    assert not at.file_uploader


def test_hostile_open_text_is_shown_as_text_to_the_survey_team(demo_copy) -> None:
    area_id, _ = _first_area(demo_copy, "demo-coordinator")
    _seed(demo_copy, _responses(area_id, 12, open_text=HOSTILE))
    at = _open("demo-coordinator")
    shown = _frame(at, "respondent", "vraag", "antwoord")
    assert HOSTILE in set(shown["antwoord"])
    assert "alert(1)" not in _texts(at) and not at.get("html")
    labels = [b.label for b in at.get("download_button")]
    assert "Antwoorden agrariërs en ondernemers (Excel)" in labels


def _scoped_tab(db: str, area_id: int) -> None:
    """The survey tab alone, for a coordinator bound to one area (no such demo account)."""
    from gis.domain.roles import Principal, Role
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_survey import survey_tab

    store = open_store(db)
    survey_tab(
        GuardedStore(store, Principal("gebonden", Role.COORDINATOR, frozenset({f"area:{area_id}"}))), area_id, "nl"
    )


def test_a_scoped_role_sees_its_area_without_the_region_and_nothing_refused(demo_copy) -> None:
    area_id, area_name = _first_area(demo_copy, "demo-coordinator")
    _seed(demo_copy, _responses(area_id, 20))
    at = AppTest.from_function(_scoped_tab, args=(str(demo_copy), area_id), default_timeout=60).run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert f"Respondenten in {area_name}: 20" in text
    assert "In de hele regio:" not in text and "in de hele regio:" not in text
    assert "de cijfers van de hele regio zijn niet voor uw rol" in text
    assert not [c for c in _frame(at, "gebied: aandeel %", first="ja").columns if c.startswith("regio")]
    store = open_store(str(demo_copy))
    try:
        refused = store.query_df("SELECT * FROM audit_log WHERE user_name = 'gebonden' AND outcome <> 'ok'")
    finally:
        store.close()
    assert refused.empty, refused


def test_a_postcode_outside_the_areas_listed_postcodes_is_named(demo_copy) -> None:
    area_id, area_name = _first_area(demo_copy, "demo-coordinator")
    store = open_store(str(demo_copy))
    try:
        store.set_area_postcodes(area_id, ["7101", "7102"], "t")
    finally:
        store.close()
    rows = _responses(area_id, 3)
    rows = [replace(r, area_id=None, postcode4=pc) for r, pc in zip(rows, ["7101", "9999", "7102"], strict=True)]
    frame = responses_frame(rows, AGRARIERS, SurveyDisclosure(open_answers=True, small_counts=False))
    at = _open("demo-coordinator", "import")
    data = frame.to_csv(sep=";", index=False).encode()
    at.file_uploader(key="sv_upload_0").set_value(("postcodes.csv", data, "text/csv")).run()
    problems = _frame(at, "rij", "veld", "waarde", "melding")
    assert list(problems["rij"]) == [3] and list(problems["veld"]) == ["postcode"]
    assert list(problems["waarde"]) == ["9999"] and area_name in problems["melding"].iloc[0]
    assert _stored(demo_copy).empty
