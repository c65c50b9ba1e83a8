"""The Keurmerk page (AppTest) on the demo with areas built step by step (``tests.partnership.build``): the stage
and the missing steps of an area, the audit checklist (no ZIP for an area without participants), the auditor
recording a result, the application once the conditions are met, the regional overview, and the public role
that sees only the holders and the active municipalities. One flow also on PostGIS."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo
from tests.partnership import build

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture(params=PAGE_BACKENDS)
def any_demo(request: pytest.FixtureRequest) -> str:
    return writable_demo(request)


def _build(db: str, upto: str, name: str) -> int:
    store = open_store(db)
    try:
        return build.build(store, upto, name)[0]
    finally:
        store.close()


def _open(account: str, area: int | None = None) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/keurmerk.py").run()
    assert not at.exception, at.exception
    if area is not None:
        at.selectbox(key="km_area").set_value(area).run()
        assert not at.exception, at.exception
    return at


def _tab(at: AppTest, label: str) -> AppTest:
    """Choose a tab (only the chosen tab's content runs)."""
    at.session_state["km_tabs"] = label
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.success, *at.error, *at.warning)]
    parts += [frame.value.to_string() for frame in at.dataframe]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The (first) table with ``column`` (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_stage_missing_steps_and_overview(any_demo: str) -> None:
    ready = _build(any_demo, "covenant", "Kiek Uut Klaar")
    fresh = _build(any_demo, "A2", "Kiek Uut Nieuw")
    at = _open("demo-coordinator", ready)
    assert [t.label for t in at.tabs][:4] == ["Voortgang", "Auditdossier", "Regionaal overzicht", "Keurmerk aanvragen"]
    assert "Fase: **klaar voor audit**" in [m.value for m in at.markdown]
    assert not at.dataframe  # the overview tab has not run
    overview = _table(_tab(at, "Regionaal overzicht"), "Fase")
    rows = dict(zip(overview["Gebied"], overview["Fase"], strict=True))
    assert rows["Kiek Uut Klaar"] == "klaar voor audit" and rows["Kiek Uut Nieuw"] == "doelstelling"
    at.multiselect(key="km_filter_stage").set_value(["doelstelling"]).run()
    assert list(_table(at, "Fase")["Gebied"]) == ["Kiek Uut Nieuw"]
    at.selectbox(key="km_area").set_value(fresh).run()
    text = _texts(_tab(at, "Voortgang"))
    assert "Fase: **doelstelling**" in text
    assert "een vastgelegde doelstelling" in text  # what is missing for A3, said in words


def test_progress_checklist_and_conditions_in_english(demo_copy: Path) -> None:
    """With the interface in English the missing steps, the checklist and the conditions are English sentences,
    not their Dutch twins."""
    fresh = _build(str(demo_copy), "A2", "Kiek Uut Engels")
    at = _open("demo-coordinator", fresh)
    at.session_state["lang"] = "en"
    at = _tab(at, "Progress")
    text = _texts(at)
    assert "a recorded objective" in text, text  # what is missing for A3
    assert "een vastgelegde doelstelling" not in text
    assert "3 participants" in text and "deelnemer(s)" not in text
    assert "the certification (B4) first" in text and "eerst de certificering" not in text
    text = _texts(_tab(at, "Audit file"))
    assert "not signed yet on behalf of the municipality and the police" in text, text
    assert "nog niet getekend" not in text
    text = _texts(_tab(at, "Apply for the Keurmerk"))
    assert "a covenant signed by the municipality and the police" in text, text
    assert "een convenant getekend" not in text


def test_audit_checklist_and_the_auditor_records_a_result(demo_copy: Path) -> None:
    bare = _build(str(demo_copy), "A1", "Kiek Uut Leeg")
    at = _tab(_open("demo-coordinator", bare), "Auditdossier")
    assert any("kan nog niet worden gemaakt" in w.value for w in at.warning), _texts(at)
    assert not [b for b in at.get("download_button") if b.proto.label.startswith("Auditdossier")]
    area = _build(str(demo_copy), "evidence", "Kiek Uut Compleet")
    at = _open("demo-auditor", area)
    assert "Fase: **klaar voor audit**" in _texts(at)
    at = _tab(at, "Auditdossier")
    assert [b for b in at.get("download_button") if b.proto.label.startswith("Auditdossier als ZIP")]
    assert "Jan" not in _texts(at)  # no representatives' data on this page at all
    at.selectbox(key="km_audit_result").set_value("toegekend")
    at.text_area(key="km_audit_notes").input("Dossier compleet")
    at = next(b for b in at.button if b.label == "Uitslag opslaan").click().run()
    assert not at.exception, at.exception
    assert any("is vastgelegd" in s.value for s in at.success)
    assert "Dossier compleet" in _texts(at)
    assert "Fase: **gecertificeerd**" in _texts(_tab(at, "Voortgang"))


def test_application_once_conditions_are_met(demo_copy: Path) -> None:
    early = _build(str(demo_copy), "A3", "Kiek Uut Vroeg")
    done = _build(str(demo_copy), "evidence", "Kiek Uut Aanvraag")
    at = _tab(_open("demo-coordinator", early), "Keurmerk aanvragen")
    assert any("Nog niet aan alle voorwaarden" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Aanvraag vastleggen"]
    at.selectbox(key="km_area").set_value(done).run()
    assert any("Aan alle voorwaarden is voldaan" in s.value for s in at.success), _texts(at)
    at = at.button(key="km_apply").click().run()
    assert not at.exception, at.exception
    assert any("De aanvraag is vastgelegd" in s.value for s in at.success)
    assert len(_table(at, "Pakket (SHA-256)")) == 1
    assert [b for b in at.get("download_button") if b.proto.label.startswith("Aanvraagpakket")]


def test_public_sees_only_the_holders_and_active_municipalities(demo_copy: Path) -> None:
    _build(str(demo_copy), "B4", "Kiek Uut Houder")
    _build(str(demo_copy), "A2", "Kiek Uut Bezig")
    at = _open("demo-publiek")
    assert not at.tabs and not at.selectbox
    holders = _table(at, "Gebied")
    assert list(holders["Gebied"]) == ["Kiek Uut Houder"]
    text = _texts(at)
    assert "Kiek Uut Bezig" not in text and "Fase" not in text and "Politie" not in text
    assert "Actieve gemeenten" in [s.value for s in at.subheader]
    assert [m for m in at.markdown if m.value.startswith("- ")], "the active municipalities are listed"


def test_a_link_opens_its_tab_and_other_pages_tabs_are_named(demo_copy: Path) -> None:
    """A "Naar Keurmerk › Auditdossier" link opens that tab (``?tab=`` once, then gone); a link to a page whose tabs
    keep no state names the tab in words instead of promising to open it (a UX review: they opened the first)."""
    fresh = _build(str(demo_copy), "A2", "Kiek Uut Link")
    at = _open("demo-coordinator", fresh)
    links = [el.proto.label for el in at.get("page_link")]
    assert "Naar Samenwerking (tabblad Doelen en afspraken)" in links, links
    assert not [x for x in links if "Samenwerking ›" in x]
    at.query_params["tab"] = "km_tab_audit"
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["km_tabs"] == "Auditdossier"
    assert "tab" not in at.query_params
    assert any("Ondertekend convenant" in m.value for m in at.markdown), _texts(at)  # the checklist ran
