"""Maps of the dumping pages (gis.maps.dumping_map): which reports become markers, in which colour and
size, what their popups hold, where the map is fitted, and that hostile text in a note stays text."""

from __future__ import annotations

import json

import folium
import numpy as np
import pandas as pd
import pytest
from branca.element import Element
from pyproj import Transformer

from gis.maps.dumping_map import form_map, register_map

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>&amp;\u2028'
FIELDS = ["Nr.", "Gevonden", "Status", "Soort afval", "Opmerkingen"]
RED, ORANGE, YELLOW, BLACK = "#d7301f", "#ff7f00", "#ffd92f", "#1a1a1a"
GREEN, PURPLE = "#33a02c", "#6a3d9a"  # cleared, under investigation
MUNICIPALITIES = {
    "type": "FeatureCollection",
    "features": [{"type": "Feature", "properties": {"name": "Lochem"}, "geometry": {
        "type": "Polygon", "coordinates": [[[6.3, 52.1], [6.4, 52.1], [6.4, 52.2], [6.3, 52.1]]]}}],
}  # fmt: skip
_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def lat_lon(x: float, y: float) -> list[float]:
    lon, lat = _TO_WGS84.transform(x, y)
    return [lat, lon]


def reports(notes: tuple[object, object, object] = ("lekkende vaten", None, "bij de sloot")) -> pd.DataFrame:
    """Three reports: 1 and 2 half a kilometre apart, 3 about 25 km away."""
    return pd.DataFrame({
        "id": [1, 2, 3],
        "x": [221_000.0, 221_500.0, 240_000.0],
        "y": [455_000.0, 455_500.0, 470_000.0],
        "found_at": pd.to_datetime(["2026-11-28 09:05", "2026-11-29 17:30", "2026-12-01 08:00"]),
        "status": ["gemeld", "in onderzoek", "geruimd"],
        "waste_type": ["vaten", None, "jerrycans"],
        "notes": list(notes),
    })  # fmt: skip


def elements(m: folium.Map, kind: str) -> list[Element]:
    """Every element of class ``kind`` anywhere in the map, in drawing order."""
    found: list[Element] = []

    def walk(el: Element) -> None:
        for child in el._children.values():
            if type(child).__name__ == kind:
                found.append(child)
            walk(child)

    walk(m)
    return found


def point_layers(m: folium.Map) -> list[dict]:
    return [json.loads(el.payload) for el in elements(m, "PointLayer")]


def test_register_map_draws_every_report_and_the_opened_one_on_top() -> None:
    m = register_map(MUNICIPALITIES, reports(), 2, "nl")
    layers = point_layers(m)
    # one layer per status, closed ones drawn first so open reports lie on top, then the opened report
    assert [(lay["title"], lay["colour"], lay["radius"]) for lay in layers] == [
        ("geruimd", GREEN, 6), ("in onderzoek", PURPLE, 6), ("gemeld", RED, 6),
        ("Geopende melding", YELLOW, 11)]  # fmt: skip
    assert all(lay["fields"] == FIELDS for lay in layers)
    by_status, opened = layers[:3], layers[3]["rows"]
    every = sorted((r for lay in by_status for r in lay["rows"]), key=lambda r: r[2])
    assert [[r[4] for r in lay["rows"]] for lay in by_status] == [["geruimd"], ["in onderzoek"], ["gemeld"]]
    assert [r[2:] for r in every] == [
        [1, "28-11-2026 09:05", "gemeld", "vaten", "lekkende vaten"],
        [2, "29-11-2026 17:30", "in onderzoek", None, None],
        [3, "01-12-2026 08:00", "geruimd", "jerrycans", "bij de sloot"],
    ]
    expected = [lat_lon(221_000, 455_000), lat_lon(221_500, 455_500), lat_lon(240_000, 470_000)]
    assert np.array([r[:2] for r in every]) == pytest.approx(np.array(expected), abs=1e-6)  # rounded to 6 decimals
    assert every[0][:2] == pytest.approx([52.079333, 6.350017], abs=1e-5)  # RD 221000, 455000 near Zutphen
    assert opened == [every[1]]


def test_register_map_fits_to_the_opened_report_and_its_surroundings() -> None:
    (fit,) = elements(register_map(MUNICIPALITIES, reports(), 2, "nl"), "FitBounds")
    (lat1, lon1), (lat2, lon2) = lat_lon(221_000, 455_000), lat_lon(221_500, 455_500)
    assert np.array(fit.bounds) == pytest.approx(
        np.array([[lat1, lon1], [lat2, lon2]]), abs=1e-9
    )  # not report 3, 25 km away
    assert fit.options["maxZoom"] == 15


def test_register_map_without_an_opened_report_fits_the_whole_selection() -> None:
    m = register_map(MUNICIPALITIES, reports(), None, "nl")
    assert [lay["title"] for lay in point_layers(m)] == ["geruimd", "in onderzoek", "gemeld"]
    (fit,) = elements(m, "FitBounds")
    (lat1, lon1), (lat3, lon3) = lat_lon(221_000, 455_000), lat_lon(240_000, 470_000)
    assert np.array(fit.bounds) == pytest.approx(np.array([[lat1, lon1], [lat3, lon3]]), abs=1e-9)
    # an id that is not in the selection opens nothing
    assert [lay["title"] for lay in point_layers(register_map(MUNICIPALITIES, reports(), 99, "nl"))] == [
        "geruimd", "in onderzoek", "gemeld"
    ]  # fmt: skip


def test_empty_register_has_no_markers_and_keeps_the_region_view() -> None:
    m = register_map(MUNICIPALITIES, reports().iloc[0:0], None, "nl")
    assert point_layers(m) == [] and elements(m, "FitBounds") == []


def test_form_map_marks_the_place_nearby_reports_and_possible_matches() -> None:
    m = form_map(MUNICIPALITIES, (52.08, 6.35), reports(), [2], "nl")
    layers = point_layers(m)
    assert [(lay["title"], lay["colour"], lay["radius"]) for lay in layers] == [
        ("Drugsafvaldumpingen", RED, 6), ("Mogelijk dezelfde plek", ORANGE, 9)]  # fmt: skip
    assert [r[2] for r in layers[0]["rows"]] == [1, 3] and [r[2] for r in layers[1]["rows"]] == [2]
    (here,) = elements(m, "CircleMarker")
    assert here.location == [52.08, 6.35]
    assert (here.options["fillColor"], here.options["radius"]) == (BLACK, 8)
    assert elements(here, "Tooltip")[0].text == "Plaats van de melding"
    (legend,) = elements(m, "HtmlLegend")
    assert json.loads(legend.payload) == {"title": "Legenda", "items": [
        [BLACK, "Plaats van de melding", "circle"], [RED, "Open meldingen in de buurt", "circle"],
        [ORANGE, "Mogelijk dezelfde plek", "circle"]]}  # fmt: skip
    (locate,) = elements(m, "LocateButton")
    assert json.loads(locate.payload) == {"title": "Mijn locatie", "error": "Locatie niet beschikbaar"}


def test_form_map_before_a_place_is_chosen() -> None:
    m = form_map(MUNICIPALITIES, None, reports().iloc[0:0], [], "nl")
    assert point_layers(m) == [] and elements(m, "CircleMarker") == []
    assert len(elements(m, "LocateButton")) == 1  # the way to choose a place is there
    only_matches = point_layers(form_map(MUNICIPALITIES, None, reports(), [1, 2, 3], "nl"))
    assert [(lay["colour"], [r[2] for r in lay["rows"]]) for lay in only_matches] == [(ORANGE, [1, 2, 3])]


def test_english_labels() -> None:
    layers = point_layers(register_map(MUNICIPALITIES, reports(), 1, "en"))
    assert layers[0]["fields"] == ["No.", "Found", "Status", "Waste type", "Notes"]
    assert [lay["title"] for lay in layers] == ["cleared", "under investigation", "reported", "Opened report"]


@pytest.mark.parametrize("build", ["register", "form"])
def test_hostile_note_is_shown_as_text_and_never_runs(build: str) -> None:
    def render(note: str) -> tuple[folium.Map, str]:
        frame = reports((note, "gewoon", "gewoon"))
        m = register_map(MUNICIPALITIES, frame, 1, "nl") if build == "register" else form_map(
            MUNICIPALITIES, (52.08, 6.35), frame, [1], "nl")  # fmt: skip
        return m, m.get_root().render()

    m, html = render(HOSTILE)
    # the exact text reaches the popup data ...
    notes = [row[6] for lay in point_layers(m) for row in lay["rows"] if row[2] == 1]
    assert notes and all(n == HOSTILE for n in notes)
    # ... but not the page as markup: no tag of it survives, and it opens no script block
    for raw in ("<img", "</script><script>alert(2)", 'onerror="alert(1)"', "</script>&amp;", "\u2028"):
        assert raw not in html, raw
    assert "\\u0026amp;\\u2028" in html
    assert '\\u003cimg src=x onerror=\\"alert(1)\\"\\u003e\\u003c/script\\u003e\\u003cscript\\u003e' in html
    _, plain = render("gewoon")
    assert html.count("<script") == plain.count("<script") and html.count("</script>") == plain.count("</script>")
    # the popup puts values in with textContent, never innerHTML
    assert "td.textContent = String(values[i])" in html and "innerHTML = values" not in html
