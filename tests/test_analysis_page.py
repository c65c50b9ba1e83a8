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
    assert at.title[0].value.replace("\u00ad", "") == "Veiligheidsanalyse"
    lines = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(lines) == 4 and any("dumpingen" in line for line in lines)  # three layers and the site walks
    assert "Er is nog geen schouw vastgelegd" in lines[-1].replace("\\", "")
    assert at.dataframe, "the profile table is shown"


def test_counts_only_role_gets_lower_bounds_and_no_ratio(demo_copy) -> None:
    at = _open("demo-werkgroep")
    text = " ".join(m.value for m in at.markdown)
    assert "minstens" in text
    assert "95%:" not in text


def test_raw_role_gets_the_ratio_said_as_the_data_carry_it(demo_copy) -> None:
    at = _open("demo-analist")
    at.selectbox(key="an_period").set_value(None).run()
    text = " ".join(m.value for m in at.markdown)
    assert "95%:" in text and "rest van de regio" in text


def test_yearly_counts_are_one_released_count_per_year(demo_copy) -> None:
    from gis.domain.catalog import Layer
    from gis.domain.roles import SUPPRESSED, Principal, Role
    from gis.store import Filters, open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import yearly_counts

    store = open_store(str(demo_copy))
    try:
        area = int(store.areas()["id"].iloc[0])
        raw = yearly_counts(GuardedStore(store, Principal("a", Role.ANALYST, frozenset({"*"}))), Layer.INCIDENTS, area)
        assert raw["n"].sum() == store.layer_count(Layer.INCIDENTS, Filters(area_id=area))
        released = yearly_counts(GuardedStore(store, Principal("w", Role.WORKGROUP, frozenset({"*"}))),
                                 Layer.INCIDENTS, area)  # fmt: skip
        assert list(released["year"]) == list(raw["year"])
        assert all(n == SUPPRESSED or n >= 5 or n == 0 for n in released["n"])
    finally:
        store.close()


def test_site_walks_count_in_the_profile(demo_copy) -> None:
    from datetime import date

    from gis.store import open_store

    store = open_store(str(demo_copy))
    area = int(store.areas()["id"].iloc[0])
    store.add_walk(area, date(2026, 2, 1), "nacht", "gemeente", None, "", "t")
    store.close()
    at = _open("demo-coordinator")
    lines = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- ")]
    assert len(lines) == 4 and "1 schouw" in lines[-1], lines


def test_a_coordinator_enters_farms_and_residents_and_gets_rates_per_thousand(demo_copy) -> None:
    at = _open("demo-coordinator")
    area = at.session_state["an_area"]
    at.number_input(key=f"an_farms_{area}").set_value(250)
    at.number_input(key=f"an_residents_{area}").set_value(4000)
    at = at.button(key=f"an_den_save_{area}").click().run()
    assert not at.exception, at.exception
    assert any("Aantallen opgeslagen" in s.value for s in at.success)
    at.run()
    frame = at.dataframe[0].value
    frame = getattr(frame, "data", frame)  # a Styler: its frame
    assert {"Gebied per 1.000 bedrijven", "Gebied per 1.000 inwoners"} <= set(frame.columns)
    barns = frame[frame["Laag"] == "leegstaande schuren"].iloc[0]
    assert barns["Gebied per 1.000 bedrijven"] == pytest.approx(barns["Gebied"] / 250 * 1000)
    wg = _open("demo-werkgroep")  # reads the profile, enters nothing
    assert not [n for n in wg.number_input if n.key and n.key.startswith("an_farms")]


def test_denominators_are_checked_in_dutch(demo_copy) -> None:
    from gis.store import StoreError, open_store

    store = open_store(str(demo_copy))
    try:
        area = int(store.areas()["id"].iloc[0])
        with pytest.raises(StoreError, match="geheel getal boven 0"):
            store.set_area_denominators(area, -3, None, "t")
        with pytest.raises(StoreError, match="Gebied 999"):
            store.set_area_denominators(999, 10, None, "t")
        store.set_area_denominators(area, 10, None, "t")
        assert store.area_denominators(area) == {"farms": 10}
    finally:
        store.close()
