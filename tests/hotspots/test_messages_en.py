"""Hotspot and grid errors and the PAI note in English: each carries a text key, ``str()`` stays the Dutch
sentence (the CLI shows it), ``in_lang("en")`` is English, and the page shows the interface language."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from gis.hotspots.gistar import HotspotError, distance_weights, gi_star_sparse
from gis.hotspots.grid import GridError, check_cell, make_grid
from gis.hotspots.hexgrid import make_hexgrid
from gis.hotspots.pai import pai
from gis.hotspots.periods import bins
from gis.ui.state import LANG_KEY
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
DUTCH = ("meldingen", "kies", "minstens", "gebied", "niet", "kan ", "zeshoek", "buurafstand", "hoogstens", " en ")

# Every keyed error as its raise site makes it, with the Dutch sentence the old code gave (unchanged).
CASES: list[tuple[type[ValueError], str, dict[str, object], str]] = [
    (HotspotError, "hs_err_one_cell", {},
     "Er is maar één cel in het gebied; kies kleinere cellen of een groter gebied."),
    (HotspotError, "hs_err_no_records", {},
     "Er zijn geen meldingen in deze selectie; kies een andere periode, laag of gebied."),
    (HotspotError, "hs_err_flat", {},
     "Alle cellen hebben hetzelfde aantal meldingen; er is geen patroon om te toetsen."),
    (GridError, "hs_err_cell_nan", {"cell": "x", "lo": 100.0, "hi": 2000.0},
     "Celgrootte 'x' is geen getal; kies 100 tot 2000 m."),
    (GridError, "hs_err_cell_range", {"cell": 5.0, "lo": 100.0, "hi": 2000.0},
     "Celgrootte 5 m kan niet: kies een waarde van 100 tot 2000 m (kleinere cellen bevatten te weinig meldingen, "
     "grotere verbergen waar het gebeurt)."),
    (GridError, "hs_err_empty_area", {}, "Het gebied is leeg of heeft geen oppervlakte; kies of teken een gebied."),
    (GridError, "hs_err_raster_too_big", {"cell": 100.0, "n": 7_200_000},
     "Het gebied is te groot voor cellen van 100 m (7.200.000 cellen in het kader); kies grotere cellen of een "
     "kleiner gebied."),
    (GridError, "hs_err_too_many_hex", {"n": 312_346}, "Te veel zeshoeken (ongeveer 312.346); kies grotere cellen."),
    (GridError, "hs_err_no_hex", {}, "Geen zeshoeken in dit gebied; kies kleinere cellen."),
    (HotspotError, "hs_err_density_square", {},
     "Dichtheid kan alleen op vierkante cellen; kies 'Vierkante cellen' als celvorm."),
    (HotspotError, "hs_err_no_dates", {},
     "Er zijn nog geen gedateerde meldingen; een periode kan niet worden bepaald."),
    (HotspotError, "hs_err_period_order", {"start": date(2025, 3, 1), "end": date(2024, 1, 31)},
     "De periode begint (01-03-2025) na het einde (31-01-2024)."),
    (HotspotError, "hs_err_step", {"step": "week", "choices": ("month", "quarter", "year")},
     "Onbekende tijdstap 'week'; kies uit: month, quarter, year."),
    (HotspotError, "hs_err_no_records_period", {"start": date(2025, 1, 1), "end": date(2025, 12, 31)},
     "Geen meldingen van 01-01-2025 tot en met 31-12-2025 in deze selectie."),
    (HotspotError, "hs_err_few_steps", {"n": 2, "step": {"nl": "kwartaal", "en": "quarter"}},
     "De periode heeft maar 2 kwartaal(en); voor een trend zijn er minstens 3 nodig (10 of meer is beter). Kies "
     "een langere periode of een kleinere tijdstap."),
    (HotspotError, "hs_err_undated_layers", {},
     "De gekozen lagen hebben geen datum (schuren); kies incidenten of dumpingen."),
    (HotspotError, "hs_err_no_area", {"area": "12"}, "PPS-gebied 12 bestaat niet (meer)."),
    (HotspotError, "hs_err_no_municipality", {"code": "GM0200"}, "Gemeente GM0200 bestaat niet."),
    (HotspotError, "hs_err_no_provinces", {},
     "Geen provincies gekozen of de provinciegrenzen ontbreken in de database."),
    (HotspotError, "hs_err_no_layer", {}, "Geen laag gekozen; kies incidenten, dumpingen en/of schuren."),
    (HotspotError, "hs_err_distance_zero", {"distance": 0.0},
     "Buurafstand 0 m kan niet; kies een afstand groter dan 0."),
    (HotspotError, "hs_err_distance_large", {"distance": 30000.0, "reach": 12_500},
     "Buurafstand 30000 m is te groot: die omvat (bijna) het hele gebied. Kies hoogstens 12.500 m; gebruikelijk "
     "is twee tot vijf cellen."),
    (HotspotError, "hs_err_correction", {"correction": "x", "choices": ("fdr", "bonferroni")},
     "Onbekende correctie 'x'; kies uit: fdr, bonferroni."),
    (HotspotError, "hs_err_few_records", {"n": 10},
     "Er zijn minder dan 10 meldingen in deze selectie (laag, categorie, periode en gebied); een hotspotkaart "
     "vraagt om meer. Kies een langere periode, een andere laag of een groter gebied."),
    (HotspotError, "hs_err_whole_area", {}, "De buurafstand omvat het hele gebied; kies een kleinere afstand."),
]  # fmt: skip


def assert_english(text: str) -> None:
    assert text and not any(word in text.lower() for word in DUTCH), text


@pytest.mark.parametrize(("kind", "key", "params", "dutch"), CASES, ids=[c[1] for c in CASES])
def test_each_error_is_dutch_in_str_and_english_in_lang(
    kind: type[HotspotError], key: str, params: dict[str, object], dutch: str
) -> None:
    exc = kind(key, **params)
    assert str(exc) == dutch
    assert exc.in_lang("nl") == dutch
    assert_english(exc.in_lang("en"))
    back = pickle.loads(pickle.dumps(exc))  # a cached error keeps its language
    assert type(back) is kind and back.in_lang("en") == exc.in_lang("en") and str(back) == dutch


def test_english_numbers_and_dates_are_english() -> None:
    big = GridError("hs_err_raster_too_big", cell=100.0, n=7_200_000).in_lang("en")
    assert "7,200,000" in big
    period = HotspotError("hs_err_period_order", start=date(2025, 3, 1), end=date(2024, 1, 31)).in_lang("en")
    assert "2025-03-01" in period and "2024-01-31" in period
    steps = HotspotError("hs_err_few_steps", n=2, step={"nl": "kwartaal", "en": "quarter"})
    assert steps.in_lang("en").startswith("The period has only 2 quarter(s);")


def test_real_raise_sites_carry_keys() -> None:
    with pytest.raises(GridError) as grid_nan:
        check_cell("x")
    assert str(grid_nan.value) == "Celgrootte 'x' is geen getal; kies 100 tot 2000 m."
    assert grid_nan.value.in_lang("en") == "Cell size 'x' is not a number; choose 100 to 2000 m."
    with pytest.raises(GridError) as grid_range:
        check_cell(5)
    assert_english(grid_range.value.in_lang("en"))
    for make in (make_grid, make_hexgrid):
        with pytest.raises(GridError) as empty:
            make(shapely.Polygon(), 500)
        assert str(empty.value) == "Het gebied is leeg of heeft geen oppervlakte; kies of teken een gebied."
        assert_english(empty.value.in_lang("en"))
    with pytest.raises(HotspotError) as step:
        bins(date(2025, 1, 1), date(2025, 12, 31), "week")
    assert str(step.value) == "Onbekende tijdstap 'week'; kies uit: month, quarter, year."
    assert step.value.in_lang("en") == "Unknown time step 'week'; choose from: month, quarter, year."
    with pytest.raises(HotspotError) as none:
        x = np.array([0.0, 500.0, 1000.0])
        gi_star_sparse(np.zeros(3), distance_weights(x, np.zeros(3), 600))
    assert str(none.value).startswith("Er zijn geen meldingen in deze selectie")
    assert_english(none.value.in_lang("en"))


def test_pai_note_in_english() -> None:
    result = pai([False, False], [1.0, 1.0], [0.0, 0.0])
    assert result.note == (
        "Er zijn geen hotspotcellen, dus de PAI is niet te berekenen. "
        "Er zijn geen incidenten in de testperiode, dus de PAI is niet te berekenen."
    )
    assert result.note_in("nl") == result.note
    assert result.note_in("en") == (
        "There are no hot-spot cells, so the PAI cannot be computed. "
        "There are no incidents in the test period, so the PAI cannot be computed."
    )


def test_page_shows_a_too_small_selection_in_english(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VB_DB", str(demo_db))
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda *args, **kwargs: None)
    at = sign_in(AppTest.from_file(APP, default_timeout=120))
    at.session_state[LANG_KEY] = "en"
    at.run()
    at.switch_page("pages/hotspots.py").run()
    assert not at.exception, at.exception
    at.multiselect(key="hs_cats").set_value(["vaten"]).run()  # a waste type: no incident has it
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("fewer than 10 records in this selection" in e for e in errors), errors
    for e in errors:
        assert_english(e)
