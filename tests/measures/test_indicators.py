"""Objective indicators (gis.measures.indicators): the yearly series and the progress of an objective follow the
data (a dumping added changes both), the baseline comes from the frozen 0-meting, and hidden counts stay hidden."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from gis.domain.catalog import Layer
from gis.domain.roles import Principal, Role
from gis.measures.indicators import baseline_from_0meting, indicator_series, progress
from gis.store.guard import GuardedStore

TODAY = date(2026, 6, 1)
OBJECTIVE = {"indicator": "dumpingen_per_jaar", "indicator_arg": None, "baseline": 10.0,
             "baseline_on": date(2023, 1, 1), "target": 2.0, "target_on": date(2027, 12, 31)}  # fmt: skip


def _dumpings(x: float, y: float, days: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"x": [x + 3.0 * i for i in range(len(days))], "y": [y] * len(days),
                         "found_at": pd.to_datetime(days), "waste_type": "vaten", "status": "gemeld"})  # fmt: skip


@pytest.fixture
def area_store(make_store):
    """A store with one area in Berkelland: 5 dumpings in 2023, 3 in 2024 inside, 4 outside it."""
    store = make_store(boundaries=True)
    munis = store.municipalities()
    muni = munis[munis["name"] == "Berkelland"].geometry.iloc[0]
    c = muni.representative_point()
    cx, cy = np.floor(c.x / 1000) * 1000 + 500, np.floor(c.y / 1000) * 1000 + 500  # a 1 km cell's centre
    area_id = store.add_area("Testgebied", c.buffer(2500).intersection(muni))
    inside = ["2023-02-01", "2023-04-01", "2023-06-01", "2023-08-01", "2023-10-01", "2024-03-01", "2024-05-01",
              "2024-07-01"]  # fmt: skip
    store.insert_points(Layer.DUMPINGS, _dumpings(cx, cy, inside))
    store.insert_points(Layer.DUMPINGS, _dumpings(cx + 20_000, cy, ["2023-03-01", "2024-03-01"] * 2))
    return store, area_id, (cx, cy)


def test_series_and_progress_follow_the_data(area_store) -> None:
    store, area_id, (cx, cy) = area_store
    series = indicator_series(store, area_id, "dumpingen_per_jaar", None, today=TODAY)
    assert series["year"].tolist() == [2023, 2024]
    assert series["value"].tolist() == [5.0, 3.0]
    assert not series["hidden"].any() and not series["partial"].any() and not series["lower_bound"].any()
    before = progress(OBJECTIVE, series, today=TODAY)
    assert before.current == 3.0 and before.year == 2024
    assert before.share_done == pytest.approx((10 - 3) / (10 - 2))
    assert before.on_track is True
    assert "3 in 2024 (nulmeting 10, doel 2 op 31-12-2027); 88% van de weg: op koers" in before.text
    store.insert_points(
        Layer.DUMPINGS,
        _dumpings(cx + 50, cy + 50, ["2024-11-15", "2024-11-20", "2024-12-01", "2024-12-02", "2024-12-03"]),
    )
    after_series = indicator_series(store, area_id, "dumpingen_per_jaar", None, today=TODAY)
    assert after_series["value"].tolist() == [5.0, 8.0]
    after = progress(OBJECTIVE, after_series, today=TODAY)
    assert after.current == 8.0 and after.share_done == pytest.approx(0.25)
    assert after.expected_share == pytest.approx((date(2024, 12, 31) - date(2023, 1, 1)).days / 1825)
    assert after.on_track is False and "achter op schema" in after.text and "behind schedule" in after.text_en


def test_running_year_is_partial_and_not_the_current_value(area_store) -> None:
    store, area_id, (cx, cy) = area_store
    store.insert_points(Layer.DUMPINGS, _dumpings(cx, cy, ["2026-02-01"]))
    series = indicator_series(store, area_id, "dumpingen_per_jaar", None, today=TODAY)
    assert series["year"].tolist() == [2023, 2024, 2025, 2026]
    assert series["partial"].tolist() == [False, False, False, True]
    assert series.loc[series["year"] == 2025, "value"].item() == 0.0  # a whole year without dumpings: truly 0
    assert progress(OBJECTIVE, series, today=TODAY).year == 2025


def test_hidden_counts_stay_hidden_for_a_counts_only_role(area_store) -> None:
    store, area_id, (cx, cy) = area_store
    store.insert_points(Layer.DUMPINGS, _dumpings(cx, cy, [f"2024-{m:02d}-10" for m in range(1, 13)] * 2))
    store.insert_points(Layer.DUMPINGS, _dumpings(cx + 20_000, cy, ["2022-05-01"]))  # 2022: none in the area
    guarded = GuardedStore(store, Principal("t-werkgroep", Role.WORKGROUP, frozenset({"*"})))
    series = indicator_series(guarded, area_id, "dumpingen_per_jaar", None, today=TODAY)
    assert series["year"].tolist() == [2022, 2023, 2024]
    y2022 = series[series["year"] == 2022].iloc[0]
    assert bool(y2022["hidden"]) and math.isnan(y2022["value"])  # released as "<5": hidden, never 0
    y2024 = series[series["year"] == 2024].iloc[0]
    assert bool(y2024["lower_bound"]) and y2024["value"] >= 5
    hidden_last = series.assign(hidden=True, value=np.nan)
    state = progress(OBJECTIVE, hidden_last, today=TODAY)
    assert state.hidden and state.current is None and state.on_track is None
    assert "verborgen" in state.text and "hidden" in state.say("en")
    # the counts-only role's figure is a sum of shown cells: hidden says so, and never claims "fewer than 5"
    assert "het werkelijke aantal kan hoger zijn" in state.text and "minder dan 5)" not in state.text
    full_role = progress(OBJECTIVE, hidden_last.assign(lower_bound=False), today=TODAY)
    assert "verborgen (minder dan 5)" in full_role.text
    missing = progress({**OBJECTIVE, "baseline": None}, hidden_last, today=TODAY)
    assert missing.current is None and "mist een nulmeting" in missing.text


def _snapshot_data(area_n: int | None, days: int, share: float | None) -> dict:
    line = {"layer": "dumpings", "breakdown": "totaal", "value": None, "area": area_n, "hidden": area_n is None}
    cat = {"layer": "incidents", "breakdown": "categorie", "value": "hennepkwekerij", "area": 4, "hidden": False}
    barns = {"layer": "barns", "breakdown": "totaal", "value": None, "area": 7, "hidden": False}
    return {"period": {"days": days}, "profile": [line, cat, barns], "role": {"access": {}},
            "survey": {"approached": {"share": share}}, "hotspots": {"aggregate_only": True}}  # fmt: skip


def test_baseline_from_the_0_meting(area_store) -> None:
    store, area_id, _ = area_store
    assert baseline_from_0meting(store, area_id, "dumpingen_per_jaar") is None  # no 0-meting yet
    store.save_snapshot(area_id, "0-meting", date(2025, 1, 15), (date(2023, 1, 1), date(2024, 12, 31)),
                        _snapshot_data(8, 731, 0.25), None, "tester")  # fmt: skip
    value, day = baseline_from_0meting(store, area_id, "dumpingen_per_jaar")
    assert value == pytest.approx(round(8 * 365.25 / 731, 1)) and day == date(2025, 1, 15)
    assert baseline_from_0meting(store, area_id, "incidenten_per_jaar", "hennepkwekerij")[0] == pytest.approx(2.0)
    assert baseline_from_0meting(store, area_id, "aandeel_benaderd") == (25.0, date(2025, 1, 15))
    assert baseline_from_0meting(store, area_id, "schuren_geregistreerd") == (7.0, date(2025, 1, 15))
    store.save_snapshot(area_id, "0-meting", date(2025, 2, 1), (None, None), _snapshot_data(None, 731, None), None,
                        "tester")  # fmt: skip
    assert baseline_from_0meting(store, area_id, "dumpingen_per_jaar") is None  # hidden: no baseline, not 0
    assert baseline_from_0meting(store, area_id, "aandeel_benaderd") is None


def test_stock_indicators_from_measurements_and_now(area_store) -> None:
    store, area_id, (cx, cy) = area_store
    store.save_snapshot(area_id, "0-meting", date(2025, 1, 15), (None, None), _snapshot_data(8, 731, 0.25), None,
                        "tester")  # fmt: skip
    store.insert_points(Layer.BARNS, pd.DataFrame({"x": [cx, cx + 10], "y": [cy, cy], "status": "geregistreerd"}))
    barns = indicator_series(store, area_id, "schuren_geregistreerd", None, today=TODAY)
    assert barns[["year", "value", "source"]].values.tolist() == [[2025, 7.0, "0-meting"], [2026, 2.0, "nu"]]
    share = indicator_series(store, area_id, "aandeel_benaderd", None, today=TODAY)
    assert share["value"].iloc[0] == 25.0
    assert bool(share["hidden"].iloc[-1]) and math.isnan(share["value"].iloc[-1])  # no survey now: hidden, not 0
    with pytest.raises(ValueError, match="Indicator 'onzin' bestaat niet"):
        indicator_series(store, area_id, "onzin", None)
