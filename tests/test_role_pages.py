"""Role x page: every role opens exactly the pages of its policy. Allowed pages run without an error or a
refused store call; any other page, opened by its address, says "no access" and shows nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.auth import DEMO_ACCOUNTS
from gis.domain.roles import POLICIES, Access, Layer, Role
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = [
    "kaart", "gebieden", "dumpingen", "importeren", "hotspots", "aantallen", "maatregelen", "plan", "samenwerking",
    "keurmerk", "beheer", "audit", "over",
]  # fmt: skip
ACCOUNT = {role: name for name, _display, role in DEMO_ACCOUNTS}


# On PostGIS two roles cover the store's paths (records of every layer; counts only); every role runs on DuckDB
# (the page tests of each page run their write flows on PostGIS too).
POSTGIS_ROLES = (Role.ADMIN, Role.WORKGROUP)
CASES = [(backend, role) for backend in PAGE_BACKENDS for role in Role if backend == "duckdb" or role in POSTGIS_ROLES]


@pytest.fixture
def env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The small demo on DuckDB (read-only, shared) or a copy of it on PostGIS; ``VB_DB`` names it."""
    if request.param == "duckdb":
        monkeypatch.setenv("VB_DB", str(request.getfixturevalue("demo_db")))
    else:
        writable_demo(request)
    for name in ("show_map", "draw_map", "click_map", "static_map"):
        monkeypatch.setattr(f"gis.ui.map_widget.{name}", lambda *a, **k: {})
    monkeypatch.setattr("gis.ui.map_widget.last_click", lambda key: None)


@pytest.mark.parametrize(("env", "role"), CASES, indirect=["env"])
def test_each_role_opens_exactly_its_pages(env, role: Role) -> None:
    all_records = all(POLICIES[role].layers.get(layer) == Access.RAW for layer in Layer)
    for page in PAGE_FILES:
        at = sign_in(AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=120), ACCOUNT[role])
        at.run()
        assert not at.exception, (role, page, at.exception)
        errors = [e.value for e in at.error]
        refused = [e for e in errors if "geen toegang tot deze pagina" in e]
        denied_calls = [e for e in errors if e.startswith("Geen toegang")]
        if page in POLICIES[role].pages:
            assert not refused and not denied_calls, (role, page, errors)
            banner = [w.value for w in at.warning if w.value.startswith("DEMO:")]
            assert len(banner) == 1, (role, page)  # the seed regenerates the records: told to full-record roles only
            assert ("vaste seed" in banner[0]) == all_records and "?" not in banner[0], (role, banner)
        else:
            assert refused, (role, page, errors)
            assert not at.dataframe and not at.get("download_button"), (role, page)
