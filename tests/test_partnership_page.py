"""The Samenwerking page (AppTest) on the demo: the coordinator adds an organisation, a representative and a
signature through the forms; a future signing date is refused in words; the auditor sees the organisations but no
contact details; a representative erased on request is gone from the page; an action item without owner is
refused. One flow also on PostGIS."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
EMAIL = "jan.boer@example.nl"


@pytest.fixture(params=PAGE_BACKENDS)
def any_demo(request: pytest.FixtureRequest) -> str:
    return writable_demo(request)


def _open(account: str) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=90), account)
    at.run()
    at.switch_page("pages/samenwerking.py").run()
    assert not at.exception, at.exception
    return at


def _submit(at: AppTest, label: str) -> AppTest:
    button = next(b for b in at.button if b.label == label)
    return button.click().run()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in (*at.markdown, *at.caption, *at.info, *at.success, *at.error, *at.warning)]
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def _seed(db: str, area_id: int) -> tuple[int, int]:
    """Two organisations and a representative with contact details, written through the bare store."""
    store = open_store(db)
    try:
        gm = store.save_participant(area_id, {"organisation": "Gemeente Testdorp", "kind": "gemeente"}, "t")
        store.save_participant(area_id, {"organisation": "Politie Oost", "kind": "politie"}, "t")
        rep = store.save_representative(gm, {"name": "Jan Boer", "role_title": "wethouder", "email": EMAIL,
                                             "phone": "0612345678"}, "t")  # fmt: skip
        return gm, rep
    finally:
        store.close()


def test_coordinator_adds_organisation_representative_and_signature(any_demo: str) -> None:
    at = _open("demo-coordinator")
    assert [t.label for t in at.tabs][:4] == ["Deelnemers", "Doelen en afspraken", "Overleggen",
                                              "Intentieverklaring en convenant"]  # fmt: skip
    at.text_input(key="ps_pt_name").input("Gemeente <b>Testdorp</b>")
    at.selectbox(key="ps_pt_kind").set_value("gemeente")
    at = _submit(at, "Organisatie opslaan")
    assert not at.exception, at.exception
    assert any("Gemeente \\<b\\>Testdorp\\</b\\> is opgeslagen" in s.value for s in at.success), _texts(at)
    orgs = at.dataframe[0].value
    assert "Gemeente <b>Testdorp</b>" in list(orgs["Organisatie"])
    at.text_input(key="ps_rep_name").input("Jan Boer")
    at.text_input(key="ps_rep_email").input(EMAIL)
    at = _submit(at, "Vertegenwoordiger opslaan")
    assert not at.exception, at.exception
    assert EMAIL in _texts(at)
    at.date_input(key="ps_sign_date").set_value(date.today() + timedelta(days=3))
    at = _submit(at, "Ondertekening opslaan")
    assert any("toekomst" in e.value for e in at.error), _texts(at)  # refused in words, nothing written
    assert "Nog niets ondertekend." in _texts(at)
    at.date_input(key="ps_sign_date").set_value(date.today() - timedelta(days=1))
    at = _submit(at, "Ondertekening opslaan")
    assert not at.exception, at.exception
    assert any("ondertekening door" in s.value for s in at.success), _texts(at)
    assert "Intentieverklaring: getekend door Gemeente" in _texts(at)


def test_auditor_sees_organisations_but_no_contact_details(demo_copy: Path) -> None:
    at = _open("demo-auditor")
    area = int(at.session_state["ps_area"])
    before = _texts(at)  # no participants yet: said, without telling the auditor to add them
    assert "Er zijn nog geen deelnemers; zonder deelnemers" in before
    assert "Voeg eerst deelnemers toe" not in before and "koppelen" not in before
    store = open_store(str(demo_copy))
    try:  # the municipality alone: the covenant lacks the police, said without "add them"
        gm = store.save_participant(area, {"organisation": "Gemeente Testdorp", "kind": "gemeente"}, "t")
        store.save_representative(gm, {"name": "Jan Boer", "role_title": "wethouder", "email": EMAIL,
                                       "phone": "0612345678"}, "t")  # fmt: skip
    finally:
        store.close()
    at.run()
    assert "Een convenant vraagt ook: politie; die doen nog niet mee." in _texts(at)
    store = open_store(str(demo_copy))
    try:
        store.save_participant(area, {"organisation": "Politie Oost", "kind": "politie"}, "t")
    finally:
        store.close()
    at.run()
    text = _texts(at)
    assert "Gemeente Testdorp" in text and "Politie Oost" in text
    assert EMAIL not in text and "Jan Boer" not in text and "0612345678" not in text
    assert any("persoonsgegevens" in i.value for i in at.info)
    assert not [b for b in at.button if b.label in ("Organisatie opslaan", "Persoonsgegevens wissen")]


def test_representative_erased_on_request_is_gone(demo_copy: Path) -> None:
    at = _open("demo-coordinator")
    _gm, rep = _seed(str(demo_copy), int(at.session_state["ps_area"]))
    at.run()
    assert EMAIL in _texts(at)
    at.selectbox(key="ps_erase_which").set_value(rep)
    at = at.button(key="ps_erase_btn").click().run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert EMAIL not in text and "Jan Boer" not in text
    assert "(verwijderd op verzoek)" in text


def test_meeting_action_item_without_owner_is_refused(demo_copy: Path) -> None:
    at = _open("demo-coordinator")
    at.text_input(key="ps_mt_title").input("Startoverleg")
    at.text_area(key="ps_mt_decisions").input("Convenant voorbereiden")
    at = _submit(at, "Overleg opslaan")
    assert not at.exception, at.exception
    meeting = int(at.session_state["ps_meeting_which"])
    at.text_input(key=f"ps_ai_text_{meeting}").input("Concept rondsturen")
    at = _submit(at, "Actiepunt opslaan")
    assert any("eigenaar" in e.value.lower() for e in at.error), _texts(at)
    assert "Geen actiepunten." in _texts(at)
    at.text_input(key=f"ps_ai_text_{meeting}").input("Concept rondsturen")
    at.text_input(key=f"ps_ai_owner_{meeting}").input("gemeente")
    at = _submit(at, "Actiepunt opslaan")
    assert "Concept rondsturen" in _texts(at)
    # a meeting recorded afterwards (held earlier) is the one shown next, ready for its own action items
    at.date_input(key="ps_mt_date").set_value(date(2025, 1, 10))
    at.text_input(key="ps_mt_title").input("Kennismaking <b>x</b>")
    at = _submit(at, "Overleg opslaan")
    assert any("Overleg 'Kennismaking \\<b\\>x\\</b\\>' van 10-01-2025 is opgeslagen" in s.value
               for s in at.success), _texts(at)  # fmt: skip
    assert int(at.session_state["ps_meeting_which"]) != meeting
    assert "Geen actiepunten." in _texts(at)  # the new meeting's (none yet), not the first one's
    at.text_area(key="ps_ag_text").input("Besluiten bij meerderheid")
    at.selectbox(key="ps_ag_kind").set_value("besluitvorming")
    at = _submit(at, "Opslaan")
    assert "Besluiten bij meerderheid" in _texts(at)


def test_a_document_that_cannot_be_made_is_said_in_words(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Making the declaration or the covenant fails: the store's Dutch message for what is missing, a general
    Dutch message (no detail) for any other error; the page goes on, and a document that can be made is offered."""
    from gis.reports import covenant
    from gis.store.errors import StoreError

    at = _open("demo-coordinator")
    _seed(str(demo_copy), int(at.session_state["ps_area"]))
    at.run()

    def broken(store: object, area_id: int) -> bytes:
        raise RuntimeError("interne fout <script>geheim</script>")

    def refused(store: object, area_id: int) -> bytes:
        raise StoreError("Een convenant kan nog niet worden gemaakt: de deelnemers missen de <b>politie</b>.")

    with monkeypatch.context() as patch:  # only the documents; the demo copy's settings stay
        patch.setattr(covenant, "declaration_docx", broken)
        patch.setattr(covenant, "covenant_docx", refused)
        at = _submit(at, "Concept-intentieverklaring maken")
        assert not at.exception, at.exception
        errors = [e.value for e in at.error]
        assert any("Intentieverklaring kon niet worden gemaakt door een fout in het programma" in e for e in errors)
        assert "geheim" not in _texts(at) and "interne fout" not in _texts(at)
        assert not at.get("download_button")
        at = _submit(at, "Convenant maken")
        assert not at.exception, at.exception
        (error,) = [e.value for e in at.error]  # the store's words, escaped (markup shown as text)
        assert "\\<b\\>politie" in error
        words = "Een convenant kan nog niet worden gemaakt: de deelnemers missen de <b>politie</b>."
        assert error.replace("\\", "") == words
        assert [b for b in at.button if b.label == "Ondertekening opslaan"]  # the rest of the tab is still there
    at = _submit(at, "Concept-intentieverklaring maken")
    assert not at.exception and not at.error, at.error
    assert "Intentieverklaring is klaar om te downloaden." in _texts(at), _texts(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Concept-intentieverklaring (DOCX)"]
