"""The schouw findings on the home map (AppTest; streamlit-folium replaced by a recorder): a switch and a layer
with a legend item for a role that sees site walks (coordinator), nothing for the public role; the switch turns it
off; the finding's note reaches the map as JSON data only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import folium
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from gis.store import open_store
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
HOSTILE = "<img src=x onerror=alert(1)> erf"


@pytest.fixture
def maps(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    store = open_store(str(demo_copy))
    p = store.areas().geometry.iloc[0].representative_point()
    walk = store.add_walk(1, date(2026, 2, 1), "nacht", "gemeente", shapely.LineString([(p.x, p.y), (p.x + 90, p.y)]),
                          "", "seed")  # fmt: skip
    store.add_finding(walk, p.x, p.y, "onverlicht erf", HOSTILE, "seed")
    store.close()
    calls: list[dict] = []

    def fake_show_map(base, groups, key, height=600, center=None, zoom=None):
        calls.append({"groups": groups, "key": key})
        return {}

    monkeypatch.setattr("gis.ui.map_widget.show_map", fake_show_map)
    return calls


def _home(account: str) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=90), account)
    at.run()
    assert not at.exception, at.exception
    return at


def _rendered(groups: list[folium.FeatureGroup]) -> str:
    m = folium.Map()
    for g in groups:
        g.add_to(m)
    return m.get_root().render()


def test_coordinator_gets_the_findings_layer_with_a_switch_and_legend(maps: list[dict]) -> None:
    at = _home("demo-coordinator")
    switch = at.sidebar.checkbox(key="show_findings")
    assert switch.label == "Schouwbevindingen (1)" and switch.value is True
    groups = maps[-1]["groups"]
    assert "Schouwbevindingen" in [g.layer_name for g in groups]
    html = _rendered(groups)
    assert "onverlicht erf" in html and '"Schouwbevindingen","circle"' in html.replace(" ", "")  # legend item
    assert "<img src=x" not in html and "\\u003cimg src=x onerror=alert(1)\\u003e erf" in html  # data, not markup
    assert any("Schouwbevindingen" in c.value and "1 punt" in c.value and "punten" not in c.value for c in at.caption)
    switch.uncheck().run()
    assert "Schouwbevindingen" not in [g.layer_name for g in maps[-1]["groups"]]


def test_public_role_gets_no_findings_layer(maps: list[dict]) -> None:
    at = _home("demo-publiek")
    assert "show_findings" not in {c.key for c in at.sidebar.checkbox}
    groups = maps[-1]["groups"]
    assert "Schouwbevindingen" not in [g.layer_name for g in groups]
    assert "onverlicht erf" not in _rendered(groups)
