"""The Analyse page (AppTest): each analysis role opens it on the demo; the profile tab says the summary in
words and shows the table; a counts-only role sees lower bounds, no ratios; the public role has no page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def _open(account: str) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=90), account)
    at.run()
    at.switch_page("pages/analyse.py").run()
    return at


@pytest.mark.parametrize("account", ["demo-coordinator", "demo-analist", "demo-werkgroep", "demo-auditor"])
def test_analysis_roles_open_the_page_with_a_profile(demo_copy, account: str) -> None:
    at = _open(account)
    assert not at.exception, at.exception
    assert at.title[0].value == "Veiligheidsanalyse"
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(lines) == 3 and any("dumpingen" in line for line in lines)
    assert at.dataframe, "the profile table is shown"


def test_counts_only_role_gets_lower_bounds_and_no_ratio(demo_copy) -> None:
    at = _open("demo-werkgroep")
    text = " ".join(m.value for m in at.markdown)
    assert "minstens" in text or "minder dan 5" in text
    assert "95%:" not in text


def test_raw_role_gets_the_ratio_said_as_the_data_carry_it(demo_copy) -> None:
    at = _open("demo-analist")
    at.selectbox(key="an_period").set_value(None).run()
    text = " ".join(m.value for m in at.markdown)
    assert "95%:" in text and "rest van de regio" in text
