"""The register map coloured by status (a colour and a legend line per status), values in the interface
language, and reports without a found time (NaT) drawn without crashing."""

from __future__ import annotations

import json

import pandas as pd

from gis.maps.dumping_map import _rows, register_map
from tests.maps.test_dumping_map import MUNICIPALITIES, elements, point_layers, reports


def test_each_status_has_its_own_colour_and_legend_line() -> None:
    frame = pd.concat([reports(), reports().assign(id=[4, 5, 6], status=["gesloten", "gemeld", "gemeld"])])
    m = register_map(MUNICIPALITIES, frame, 2, "nl")
    layers = point_layers(m)
    by_title = {lay["title"]: lay for lay in layers}
    # drawn from closed to new, so open reports lie on top; the opened one above all
    assert list(by_title) == ["gesloten", "geruimd", "in onderzoek", "gemeld", "Geopende melding"]
    colours = [lay["colour"] for lay in layers[:4]][::-1]
    assert len(set(colours)) == 4 and "#ffd92f" not in colours  # distinct, and not the opened report's yellow
    assert sorted(r[2] for r in by_title["gemeld"]["rows"]) == [1, 5, 6]
    assert [r[2] for r in by_title["gesloten"]["rows"]] == [4]
    (legend,) = elements(m, "HtmlLegend")
    payload = json.loads(legend.payload)
    assert payload["title"] == "Status"
    assert [(i[0], i[1]) for i in payload["items"]] == [
        (colours[0], "gemeld"), (colours[1], "in onderzoek"), (colours[2], "geruimd"), (colours[3], "gesloten"),
        ("#ffd92f", "Geopende melding")]  # fmt: skip


def test_in_english_statuses_and_waste_types_are_translated_codes_are_not() -> None:
    frame = reports()
    m = register_map(MUNICIPALITIES, frame, None, "en")
    layers = point_layers(m)
    assert [lay["title"] for lay in layers] == ["cleared", "under investigation", "reported"]
    assert layers[2]["rows"][0][2:] == [1, "28-11-2026 09:05", "reported", "drums", "lekkende vaten"]
    legend = json.loads(elements(m, "HtmlLegend")[0].payload)
    assert [i[1] for i in legend["items"]] == ["reported", "under investigation", "cleared"]
    assert frame["status"].tolist() == ["gemeld", "in onderzoek", "geruimd"]  # the data keep their codes


def test_a_report_without_a_found_time_does_not_crash_the_rows() -> None:
    frame = reports()
    frame.loc[1, "found_at"] = pd.NaT
    rows = _rows(frame, ["id", "found_at", "status"])
    assert [r[2:] for r in rows] == [[1, "28-11-2026 09:05", "gemeld"], [2, None, "in onderzoek"],
                                     [3, "01-12-2026 08:00", "geruimd"]]  # fmt: skip
    m = register_map(MUNICIPALITIES, frame, 2, "nl")  # the whole map too
    assert sum(len(lay["rows"]) for lay in point_layers(m)) == 4


def test_a_status_outside_the_workflow_still_gets_a_group() -> None:
    frame = reports().assign(status=["gemeld", None, "oud"])
    titles = [lay["title"] for lay in point_layers(register_map(MUNICIPALITIES, frame, None, "nl"))]
    assert titles == ["oud", "—", "gemeld"]
