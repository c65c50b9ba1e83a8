"""Single sign-on: the secrets' mapping of claims to roles and scopes, accounts made and updated by it,
refusals logged, and the sign-in page offering it only when configured. (The round trip to a real
identity provider needs the network and is not tested here.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis import auth
from gis.domain.roles import Principal, Role
from gis.domain.sso import principal_from_claims, sso_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))


def test_the_example_secrets_file_is_a_valid_configuration() -> None:
    cfg = sso_config(EXAMPLE)
    assert cfg is not None and cfg.provider == "microsoft" and cfg.claim == "roles"
    assert cfg.roles["VB.Analist"] is Role.ANALYST and sso_config({}) is None


@pytest.mark.parametrize(
    ("change", "match"),
    [({"provider": "google"}, r"\[auth.google\] ontbreekt"), ({"roles": {}}, "is leeg"),
     ({"roles": {"X": "baas"}}, "Onbekende rol 'baas'"), ({"default_scope": "Lochem"}, "Werkgebied 'Lochem'")],
)  # fmt: skip
def test_wrong_settings_are_named_in_dutch(change: dict, match: str) -> None:
    secrets = {**EXAMPLE, "vb_sso": {**EXAMPLE["vb_sso"], **change}}
    with pytest.raises(ValueError, match=match):
        sso_config(secrets)


def test_claims_become_a_principal() -> None:
    cfg = sso_config(EXAMPLE)
    assert cfg is not None
    p = principal_from_claims({"email": "A.Jansen@Lochem.nl", "roles": ["VB.Coordinator", "VB.Werkgroep"]}, cfg)
    assert p == Principal("a.jansen@lochem.nl", Role.COORDINATOR, frozenset({"GM0262", "GM1859"}))
    both = principal_from_claims({"preferred_username": "r@politie.nl", "roles": ["VB.Werkgroep", "VB.Analist"]}, cfg)
    assert both is not None and both.role is Role.ANALYST and both.scope == frozenset({"*"})
    assert principal_from_claims({"email": "x@y.nl", "roles": ["Iets anders"]}, cfg) is None
    assert principal_from_claims({"roles": ["VB.Analist"]}, cfg) is None  # no user name in the token


def test_sso_sign_in_makes_and_updates_the_account(make_store) -> None:
    store = make_store()
    cfg = sso_config(EXAMPLE)
    assert cfg is not None
    first = auth.sso_sign_in(store, {"email": "r@politie.nl", "name": "R. Agent", "roles": ["VB.Analist"]}, cfg)
    assert first.principal is not None and first.principal.role is Role.ANALYST
    assert auth.sign_in(store, "r@politie.nl", "").principal is None  # no password exists for it here
    later = auth.sso_sign_in(store, {"email": "r@politie.nl", "roles": ["VB.Werkgroep"]}, cfg)
    assert later.principal is not None and later.principal.role is Role.WORKGROUP
    assert store.accounts().set_index("username").loc["r@politie.nl", "role"] == "werkgroeplid"
    refused = auth.sso_sign_in(store, {"email": "z@elders.nl", "roles": ["Gast"]}, cfg)
    assert refused.principal is None and "geen rol" in refused.message
    admin = Principal("beheer", Role.ADMIN, frozenset({"*"}))
    auth.set_disabled(store, admin, "r@politie.nl", True)
    assert auth.resume(store, later.token) is None  # disabling ends the session at once
    assert auth.sso_sign_in(store, {"email": "r@politie.nl", "roles": ["VB.Analist"]}, cfg).principal is None
    words = "een lange zin hier"
    assert auth.create_account(store, admin, "beheer@gemeente.nl", "Beheer", "beheerder", "*", words, words) == []
    taken = auth.sso_sign_in(store, {"email": "Beheer@gemeente.nl", "roles": ["VB.Werkgroep"]}, cfg)
    assert taken.principal is None and "lokaal account" in taken.message
    assert store.accounts().set_index("username").loc["beheer@gemeente.nl", "role"] == "beheerder"  # untouched
    failures = store.audit_log(action="login").query("outcome == 'mislukt'")["detail"].tolist()
    assert any("geen rol in claim 'roles'" in d for d in failures) and any("uitgeschakeld" in d for d in failures)


def test_sign_in_page_offers_single_sign_on_only_when_configured(demo_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("VB_DB", str(demo_db))
    plain = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not any(b.label == "Inloggen met uw organisatie-account" for b in plain.button)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in EXAMPLE.items():
        at.secrets[key] = value
    at.run()
    assert not at.exception
    assert any(b.label == "Inloggen met uw organisatie-account" for b in at.button)
