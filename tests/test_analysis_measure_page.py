"""The Analyse page's measurements tab (AppTest): a coordinator freezes a 0-meting and a 1-meting and sees the
comparison; an auditor gets the report downloads (and the report is what its guarded store returns); a
working-group member gets neither a freeze form nor a download. The hotspot map of the area is shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from gis.analysis.report import build_report
from gis.domain.roles import Principal, Role
from gis.reports.docx_writer import docx_bytes
from gis.store import open_store
from gis.store.guard import GuardedStore
from gis.ui.downloads import logged_export
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def _open(account: str) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/analyse.py").run()
    assert not at.exception, at.exception
    return at


def _shown(markdown: str) -> str:
    """Markdown as it reads (the page escapes Markdown characters)."""
    return markdown.replace("\\", "")


def _freeze(at: AppTest, kind: str, year: int, taken: date) -> None:
    at.selectbox(key="an_period").set_value(year).run()
    at.selectbox(key="me_kind").set_value(kind)
    at.date_input(key="me_taken").set_value(taken)
    next(b for b in at.button if b.label == "Vastleggen").click().run()
    assert not at.exception, at.exception


def test_coordinator_freezes_a_0_and_1_meting_and_sees_the_comparison(demo_copy: Path) -> None:
    at = _open("demo-coordinator")
    assert at.image and at.image[0].proto.imgs[0].url.endswith(".png"), "the area's hotspot map is shown"
    assert "Er is nog geen meting vastgelegd voor dit gebied." in [i.value for i in at.info]
    _freeze(at, "0-meting", 2024, date(2025, 1, 20))
    assert "0-meting van 20 januari 2025 is vastgelegd." in [_shown(s.value) for s in at.success]
    _freeze(at, "1-meting", 2025, date(2026, 1, 20))
    text = " ".join(_shown(m.value) for m in at.markdown)
    assert "0-meting van 20 januari 2025" in text and "tegenover 1-meting van 20 januari 2026" in text
    assert "Dumpingen: van" in text and ("binnen het toeval" in text or "meer dan toeval" in text)
    table = at.dataframe[-1].value
    assert {"voor", "na", "oordeel"} <= set(table.columns)
    dumpings = table[(table["onderwerp"] == "dumpingen") & (table["indeling"] == "totaal")].iloc[0]
    assert dumpings["oordeel"] in ("binnen het toeval", "meer dan toeval") and dumpings["voor"] >= 0
    store = open_store(str(demo_copy))
    try:
        listed = store.snapshots(1)
        assert list(listed["kind"]) == ["0-meting", "1-meting"]
        assert set(listed["created_by"]) == {"demo-coordinator"}
        assert "Rapport als Word (DOCX)" in [b.label for b in at.get("download_button")]
    finally:
        store.close()


def test_auditor_downloads_the_report(demo_copy: Path) -> None:
    at = _open("demo-auditor")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Rapport als Word (DOCX)", "Rapport als PDF"]
    assert not [b for b in at.button if b.label == "Vastleggen"], "an auditor freezes nothing"
    # the button's file: the report built from the auditor's guarded store, logged as an export when made
    store = open_store(str(demo_copy))
    try:
        auditor = GuardedStore(store, Principal("demo-auditor", Role.AUDITOR, frozenset({"*"})))
        make = logged_export(auditor, "analysis", "analyserapport als DOCX",
                             lambda: docx_bytes(build_report(auditor, 1, (date(2025, 1, 1), date(2025, 12, 31)),
                                                             date(2026, 1, 2))))  # fmt: skip
        data = make()
        assert data[:2] == b"PK" and len(data) > 10_000
        exports = store.audit_log(user="demo-auditor", action="export")
        assert list(exports["resource"]) == ["analysis"]
    finally:
        store.close()


def test_working_group_member_gets_no_freeze_and_no_download(demo_copy: Path) -> None:
    at = _open("demo-werkgroep")
    assert not [b for b in at.button if b.label == "Vastleggen"]
    assert not at.get("download_button")
    assert "Uw rol mag het rapport niet downloaden." in [c.value for c in at.caption]
    assert at.image and at.image[0].proto.imgs[0].url.endswith(".png"), (
        "the hotspot map is shown to every analysis role"
    )
