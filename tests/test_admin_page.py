"""The Beheer and Auditlog pages (AppTest): an administrator creates an account that can then sign in,
bad input gets Dutch messages, and the audit log lists the sign-ins with a CSV export."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis import auth
from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture(params=PAGE_BACKENDS)
def db(request: pytest.FixtureRequest) -> str:
    return writable_demo(request)


def _page(name: str, account: str = "demo-beheerder") -> AppTest:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60), account)
    return at.run()


def _fill(at: AppTest, user: str, password: str, repeat: str) -> AppTest:
    form = {t.label: t for t in at.text_input}
    form["Gebruikersnaam"].input(user)
    form["Naam (zoals collega's u kennen)"].input("Anna Analist")
    form["Wachtwoord"].input(password)
    form["Herhaal het wachtwoord"].input(repeat)
    at.selectbox[0].set_value("analist")
    return next(b for b in at.button if b.label == "Account aanmaken").click().run()


def test_administrator_creates_an_account_that_can_sign_in(db: str) -> None:
    at = _page("beheer")
    assert not at.exception and [t.label for t in at.tabs] == ["Accounts", "Bewaartermijnen", "Codelijsten"]
    at = _fill(at, "anna", "kort", "kort")
    assert any("te kort" in e.value for e in at.error)
    at = _fill(at, "anna", PASSWORD, PASSWORD)
    assert not at.exception and any("'anna' aangemaakt" in s.value for s in at.success)
    store = open_store(str(db))
    try:
        signed = auth.sign_in(store, "anna", PASSWORD)
        assert signed.principal is not None and signed.principal.role.value == "analist"
        assert "create" in set(store.audit_log(user="demo-beheerder")["action"])
    finally:
        store.close()


def test_audit_log_page_lists_sign_ins_and_offers_csv(db: str) -> None:
    at = _page("audit", "demo-auditor")
    assert not at.exception
    table = at.dataframe[0].value
    assert "Handeling" in table.columns and "login" in set(table["Handeling"])
    assert [b.label for b in at.get("download_button")] == ["Auditlog als CSV", "Auditlog (Excel)"]
    refused = _page("beheer", "demo-auditor")  # the auditor reads the log but manages nothing
    assert any("geen toegang tot deze pagina" in e.value for e in refused.error)


def test_administrator_lifts_a_sign_in_lock(db: str) -> None:
    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        for i in range(5):
            auth.sign_in(store, "demo-analist", f"geraden {i}", source="203.0.113.5")
        assert store.accounts().set_index("username").loc["demo-analist", "locked_sources"] == 1
    finally:
        store.close()
    at = _page("beheer")
    table = at.dataframe[0].value.set_index("Gebruikersnaam")
    assert table.loc["demo-analist", "Geblokkeerde adressen"] == 1
    at.selectbox(key="ad_who").set_value("demo-analist").run()
    unlock = next(b for b in at.button if b.label == "Blokkering opheffen")
    assert not unlock.disabled
    at = unlock.click().run()
    assert not at.exception and any("'demo-analist' opgeheven" in s.value for s in at.success)
    store = open_store(str(db))
    try:
        assert store.accounts().set_index("username").loc["demo-analist", "locked_sources"] == 0
        line = store.audit_log(user="demo-beheerder", action="update").iloc[0]
        assert line["record"] == "demo-analist" and "blokkering opgeheven (1 actief)" in line["detail"]
    finally:
        store.close()
