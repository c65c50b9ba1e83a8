"""Aantallen: region-only counts with rates per 1,000 ha, the choropleth (hidden counts hatched, never a rate),
numeric tables shown in Dutch/English with "<5", exports, the month charts' locale, and the page itself."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis import auth
from gis.counts import fmt_number, rate_breaks, rate_class, rate_per_1000_ha, region_counts, with_rates
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED
from gis.io.csv_export import to_csv_bytes
from gis.io.reference import REGION_PROVINCES
from gis.io.xlsx_export import to_xlsx_bytes
from gis.maps.counts_map import HIDDEN_FILL, choropleth_geojson, counts_map, legend_items
from gis.store import Filters, open_store
from gis.store.guard import GuardedStore
from gis.ui.charts import month_chart, month_frame, vega_locale
from gis.ui.counts_page import area_table, month_table
from gis.ui.table import export_frame, numeric_counts, styled
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "pages" / "aantallen.py")
LAYERS = tuple(Layer)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_db: Path):
    store = open_store(str(demo_db))
    auth.ensure_demo_accounts(store)
    yield store
    store.close()


def guarded(store, account: str) -> GuardedStore:
    return GuardedStore(store, auth.demo_sign_in(store, account).principal)


# --- counts of the region --------------------------------------------------------------------------------------


def test_only_the_regions_municipalities_are_counted(demo) -> None:
    raw = demo.counts_by(Layer.INCIDENTS, Filters(), "municipality")
    region = demo.municipalities(list(REGION_PROVINCES))
    outside = set(raw["code"]) - set(region["code"])
    assert outside, "the demo has incidents just outside the region (the old table listed them)"
    frame = region_counts(demo, Filters(), "municipality")
    assert sorted(frame["key"]) == sorted(region["code"]) and len(frame) == len(region)
    assert not set(frame["name"]) & set(raw.loc[raw["code"].isin(outside), "name"])
    inside = raw[raw["code"].isin(region["code"])]
    assert int(frame["incidents"].sum()) == int(inside["n"].sum()) < int(raw["n"].sum())


def test_rate_is_count_per_1000_ha_of_the_geometry(demo) -> None:
    frame = with_rates(region_counts(demo, Filters(), "municipality"), LAYERS)
    region = demo.municipalities(list(REGION_PROVINCES)).set_index("code")
    row = frame.sort_values("incidents").iloc[-1]
    area_ha = region.loc[row["key"]].geometry.area / 10_000
    assert row["area_ha"] == pytest.approx(area_ha)
    assert row["incidents_rate"] == pytest.approx(row["incidents"] / area_ha * 1000)


def test_a_hidden_count_gives_no_rate() -> None:
    rates = rate_per_1000_ha(pd.Series([SUPPRESSED, 0, 42]), pd.Series([500.0, 500.0, 21_000.0]))
    assert math.isnan(rates[0]) and rates[1] == 0 and rates[2] == pytest.approx(2.0)


def test_counts_only_role_gets_the_guarded_counts_with_hidden_cells(demo) -> None:
    werkgroep = guarded(demo, "demo-werkgroep")
    frame = with_rates(region_counts(werkgroep, Filters(), "area"), LAYERS)
    released = werkgroep.counts_by(Layer.BARNS, Filters(), "area")
    assert dict(zip(frame["key"], frame["barns"], strict=True)) == {
        str(k): int(n) for k, n in zip(released["id"], released["n"], strict=True)
    }
    hidden = frame["barns"] == SUPPRESSED
    assert hidden.any(), "the demo's PPS areas have fewer than 5 released barns for the working group"
    assert frame.loc[hidden, "barns_rate"].isna().all()
    exact = region_counts(demo, Filters(), "area")
    assert (exact.loc[hidden.to_numpy(), "barns"] > 0).any()  # the exact count is there, the role does not get it


def test_rate_classes() -> None:
    assert rate_breaks(np.array([np.nan, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0])) == [1.8, 2.6, 3.4, 4.2, 5.0]  # quintiles, >0
    assert rate_breaks(np.array([0.01, 0.01, 0.01])) == [0.1]  # rounded up, duplicates merged
    assert rate_breaks(np.array([np.nan, 0.0])) == []
    breaks = [1.0, 2.5]
    assert [rate_class(v, breaks) for v in (float("nan"), 0.0, 0.4, 1.0, 1.01, 9.0)] == [None, 0, 1, 1, 2, 2]


@pytest.mark.parametrize(("lang", "expected"), [("nl", "16.865,1"), ("en", "16,865.1")])
def test_number_format(lang: str, expected: str) -> None:
    assert fmt_number(16865.06, lang, 1) == expected
    assert fmt_number(90164, lang) == ("90.164" if lang == "nl" else "90,164")


# --- the map ---------------------------------------------------------------------------------------------------


def test_choropleth_draws_hidden_counts_hatched_and_never_as_a_rate(demo) -> None:
    frame = with_rates(region_counts(guarded(demo, "demo-werkgroep"), Filters(), "municipality"), LAYERS)
    breaks = rate_breaks(frame["barns_rate"].to_numpy())
    features = choropleth_geojson(frame, Layer.BARNS, breaks, "nl")["features"]
    assert len(features) == len(frame) == len(demo.municipalities(list(REGION_PROVINCES)))
    hidden = [f["properties"] for f in features if f["properties"]["fill"] == HIDDEN_FILL]
    assert len(hidden) == int((frame["barns"] == SUPPRESSED).sum()) > 0
    assert all(p["count"] == "<5" and p["rate"] == "<5" for p in hidden)
    shown = [f["properties"] for f in features if f["properties"]["fill"] != HIDDEN_FILL]
    assert all(p["rate"] != "<5" and p["count"] != "<5" for p in shown)
    html = counts_map(frame, Layer.BARNS, "nl").get_root().render()
    assert 'id="vb-hatch"' in html and "vb-count-legend" in html and "Leegstaande schuren per 1.000 ha" in html


def test_legend_lists_the_classes_in_the_language() -> None:
    items = legend_items(Layer.DUMPINGS, [0.5, 1.3], "nl", hidden=True)
    assert [label for _, label in items] == ["0", "> 0 – 0,5", "0,5 – 1,3", "<5 (verborgen)"]
    items = legend_items(Layer.DUMPINGS, [0.5, 1.3], "en", hidden=False)
    assert [label for _, label in items] == ["0", "> 0 – 0.5", "0.5 – 1.3"]


def test_names_are_escaped_in_the_map_data(demo) -> None:
    frame = with_rates(region_counts(demo, Filters(), "municipality"), LAYERS).head(2).copy()
    frame.loc[frame.index[0], "name"] = "<img src=x onerror=alert(1)>"
    props = choropleth_geojson(frame, Layer.INCIDENTS, [1.0], "nl")["features"][0]["properties"]
    assert props["name"] == "&lt;img src=x onerror=alert(1)&gt;"


# --- tables and exports ----------------------------------------------------------------------------------------


def test_table_columns_stay_numeric_and_show_dutch_or_english() -> None:
    frame = numeric_counts(pd.DataFrame({"naam": ["a", "b", "c"], "n": [SUPPRESSED, 0, 1234],
                                         "r": [np.nan, 0.0, 16865.06]}), ["n"])  # fmt: skip
    assert frame["n"].dtype == "float64" and math.isnan(frame["n"][0])
    assert list(frame.sort_values("n", na_position="first")["naam"]) == ["a", "b", "c"]  # hidden sorts as missing
    nl = styled(frame, {"n": 0, "r": 1}, "nl").to_html()
    assert ">1.234</td>" in nl and ">16.865,1</td>" in nl and "><5</td>" in nl and ">0</td>" in nl
    en = styled(frame, {"n": 0, "r": 1}, "en").to_html()
    assert ">1,234</td>" in en and ">16,865.1</td>" in en


def test_exports_mark_hidden_cells_as_text_only_there() -> None:
    frame = numeric_counts(pd.DataFrame({"Naam": ["=cmd", "b"], "n": [SUPPRESSED, 1234],
                                         "r": [np.nan, 16865.06]}), ["n"])  # fmt: skip
    decimals = {"n": 0, "r": 1}
    nl = to_csv_bytes(export_frame(frame, decimals, "nl"), "nl").decode("utf-8-sig").splitlines()
    assert nl == ["Naam;n;r", "'=cmd;<5;<5", "b;1234;16865,1"]
    en = to_csv_bytes(export_frame(frame, decimals, "en"), "en").decode("utf-8-sig").splitlines()
    assert en == ["Naam,n,r", "'=cmd,<5,<5", "b,1234,16865.1"]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, decimals))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [["Naam", "n", "r"], ["'=cmd", "<5", "<5"], ["b", 1234, 16865.06]]
    assert sheet["B3"].number_format == "#,##0" and sheet["C3"].number_format == "#,##0.0"


def test_area_table_sorts_by_the_chosen_layer_with_hidden_last(demo) -> None:
    frame = with_rates(region_counts(guarded(demo, "demo-werkgroep"), Filters(), "municipality"), LAYERS)
    table = area_table(frame, LAYERS, Layer.BARNS, "nl")
    assert list(table.columns) == ["Naam", "Oppervlakte (ha)", "Leegstaande schuren", "Drugsafvaldumpingen",
                                   "Incidenten", "Leegstaande schuren per 1.000 ha"]  # fmt: skip
    barns = table["Leegstaande schuren"]
    assert barns.dtype == "float64" and barns.isna().any()
    known = barns.dropna()
    assert known.is_monotonic_decreasing and barns.isna().to_numpy()[len(known) :].all()


def test_month_table_keeps_numbers() -> None:
    months = pd.DataFrame({"month": pd.to_datetime(["2025-01-01", "2025-02-01"]), "dumpings": [SUPPRESSED, 12],
                           "incidents": [140, 1234]})  # fmt: skip
    table = month_table(months, "en")
    assert list(table.columns) == ["Month", "Drug-waste dumpings", "Incidents"]
    assert list(table["Month"]) == ["2025-01", "2025-02"] and table["Drug-waste dumpings"].dtype == "float64"


# --- charts ----------------------------------------------------------------------------------------------------


def test_month_chart_speaks_the_language_and_keeps_hidden_months_apart() -> None:
    data = month_frame(pd.Series(pd.to_datetime(["2025-03-01", "2025-10-01"])), pd.Series([SUPPRESSED, 1234]), "nl")
    assert list(data["label"]) == ["maart 2025", "oktober 2025"] and list(data["shown"]) == ["<5", "1.234"]
    assert math.isnan(data["n"][0]) and list(data["hidden"]) == [True, False]
    spec = month_chart(data, "Dumpingen", "#d7301f", "nl").to_dict()
    assert spec["config"]["locale"] == vega_locale("nl")
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "mrt"
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert vega_locale("en")["time"]["shortMonths"][2] == "Mar"
    filters = [layer["transform"][0]["filter"] for layer in spec["layer"]]
    assert filters == ["!datum.hidden", "datum.hidden"]  # no bar for a hidden month, a grey tick instead


# --- the page --------------------------------------------------------------------------------------------------


@pytest.fixture
def page_env(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    monkeypatch.setenv("VB_DB", str(demo_db))
    maps: list[dict] = []
    monkeypatch.setattr("gis.ui.map_widget.static_map",
                        lambda base, key, height=420: maps.append({"map": base, "key": key}))  # fmt: skip
    return maps


def test_page_as_working_group_shows_the_map_and_numeric_tables(page_env) -> None:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), "demo-werkgroep")
    at.run()
    assert not at.exception, at.exception
    assert page_env and page_env[-1]["key"] == "cnt_map_municipality_dumpings"
    html = page_env[-1]["map"].get_root().render()
    assert "vb-count-legend" in html and "Drugsafvaldumpingen per 1.000 ha" in html
    table = at.dataframe[0].value
    assert "Renswoude" not in set(table["Naam"])
    assert pd.api.types.is_float_dtype(table["Leegstaande schuren"]) and table["Leegstaande schuren"].isna().any()
    assert len(at.dataframe) == 2 and pd.api.types.is_numeric_dtype(at.dataframe[1].value["Incidenten"])
    at.segmented_control(key="cnt_by").set_value("area").run()
    at.segmented_control(key="cnt_layer").set_value("incidents").run()
    assert not at.exception, at.exception
    assert page_env[-1]["key"] == "cnt_map_area_incidents"
    assert list(at.dataframe[0].value.columns)[-1] == "Incidenten per 1.000 ha"
