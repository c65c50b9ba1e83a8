"""Difference-in-differences of a measure's effect (gis.measures.effect): a known effect recovered on simulated
counts, "too few data" on a small case, the placebo check, and the store path on a small DuckDB store."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.measures.effect import did, measure_effect, minimal_detectable_ratio
from gis.measures.effect_zones import treated_zone


def simulate(ratio: float, treated: int = 10, comparison: int = 60, mean: float = 20.0, seed: int = 1,
             overdispersion: float = 0.0) -> pd.DataFrame:  # fmt: skip
    """Poisson (gamma-mixed when ``overdispersion``) counts per zone and period; the treated zones' rate
    after is multiplied by ``ratio``; every zone has its own level and all share a trend of 1.2."""
    rng = np.random.default_rng(seed)
    rows = []
    for z in range(treated + comparison):
        is_treated = z < treated
        level = mean * rng.uniform(0.5, 1.5)
        for after in (False, True):
            mu = level * (1.2 if after else 1.0) * (ratio if is_treated and after else 1.0)
            if overdispersion:
                mu *= rng.gamma(1 / overdispersion, overdispersion)
            rows.append((f"z{z}", is_treated, after, int(rng.poisson(mu)), 365.0))
    return pd.DataFrame(rows, columns=["zone", "treated", "after", "n", "exposure"])


def test_did_recovers_a_halving() -> None:
    result = did(simulate(0.5))
    assert not result.too_few
    assert result.low < 0.5 < result.high
    assert result.high < 1
    assert result.p < 0.001
    assert result.placebo_p is not None and result.placebo_p < 0.05
    assert result.mde is not None and result.mde > 0.5  # a halving was well within reach
    assert "daalde" in result.message_nl and "fell" in result.message_en


def test_did_no_effect_gives_a_large_placebo_p() -> None:
    result = did(simulate(1.0, seed=7))
    assert result.low < 1 < result.high
    assert result.placebo_p is not None and result.placebo_p > 0.2
    assert result.message_nl.startswith("Geen aantoonbaar effect")


def test_overdispersed_counts_use_negative_binomial_and_still_cover() -> None:
    data = simulate(0.5, treated=20, comparison=80, overdispersion=0.3, seed=3)
    result = did(data)
    assert result.model.startswith("negatief binomiaal")
    assert result.low < 0.5 < result.high


def test_too_few_data_says_the_smallest_visible_effect() -> None:
    counts = pd.DataFrame(
        [("maatregel", True, False, 4, 365.0), ("maatregel", True, True, 2, 365.0),
         ("v1", False, False, 3, 365.0), ("v1", False, True, 4, 365.0),
         ("v2", False, False, 5, 365.0), ("v2", False, True, 3, 365.0),
         ("v3", False, False, 2, 365.0), ("v3", False, True, 2, 365.0)],
        columns=["zone", "treated", "after", "n", "exposure"],
    )  # fmt: skip
    result = did(counts)
    assert result.too_few
    expected = minimal_detectable_ratio(4, 365, 2, 365, 10, 3 * 365, 9, 3 * 365)
    assert result.mde == pytest.approx(expected)
    fall = round((1 - expected) * 100)
    assert f"alleen een daling van meer dan {fall}%" in result.message_nl
    assert "te weinig" in result.message_nl and "too few" in result.message_en


def test_hidden_counts_are_left_out_not_zero() -> None:
    data = simulate(0.5)
    data.loc[(data["zone"] == "z30") & data["after"], "n"] = np.nan  # a hidden count ("<5")
    result = did(data)
    assert "z30" in set(result.counts["zone"])  # the table that went in is kept
    full = did(simulate(0.5).query("zone != 'z30'"))
    assert result.ratio == pytest.approx(full.ratio)


def test_zero_after_uses_the_exact_interval() -> None:
    counts = simulate(1.0, treated=1, comparison=30)
    counts.loc[(counts["zone"] == "z0") & counts["after"], "n"] = 0
    result = did(counts)
    assert result.ratio == 0 and result.low == 0 and result.high < 1
    assert result.model.startswith("exact")


def test_treated_zone_buffers() -> None:
    assert treated_zone(shapely.Point(0, 0), "punt").area == pytest.approx(np.pi * 250**2, rel=0.01)
    road = treated_zone(shapely.LineString([(0, 0), (1000, 0)]), "weg")
    assert road.contains(shapely.Point(500, 99)) and not road.contains(shapely.Point(500, 101))
    square = shapely.box(0, 0, 100, 100)
    assert treated_zone(square, "zone").equals(square)


# -- the store path ----------------------------------------------------------------------------------------------
START = date(2024, 1, 1)


def _spot(store, x: float, y: float, n: int, first: date, days: int) -> pd.DataFrame:
    step = max(days // max(n, 1), 1)
    return pd.DataFrame({"x": [x + (i % 7) * 5.0 for i in range(n)], "y": [y + (i % 5) * 5.0 for i in range(n)],
                         "found_at": [pd.Timestamp(first + timedelta(days=i * step)) for i in range(n)],
                         "waste_type": "vaten", "status": "gemeld"})  # fmt: skip


@pytest.fixture
def effect_store(make_store):
    """A small store: an area in Berkelland with dumpings around a measure's point and at comparison spots."""
    store = make_store(boundaries=True)
    munis = store.municipalities()
    muni = munis[munis["name"] == "Berkelland"].geometry.iloc[0]
    centre = muni.representative_point()
    area = centre.buffer(3000).intersection(muni)
    area_id = store.add_area("Testgebied", area)
    rng = np.random.default_rng(5)
    frames = [_spot(store, centre.x, centre.y, 40, START - timedelta(days=300), 290),  # all inside the periods
              _spot(store, centre.x, centre.y, 8, START, 290)]  # fmt: skip
    minx, miny, maxx, maxy = muni.bounds
    placed = 0
    while placed < 40:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if not muni.contains(shapely.Point(x, y)) or shapely.Point(x, y).distance(centre) < 1500:
            continue
        n = int(rng.integers(15, 30))
        frames += [_spot(store, x, y, n, START - timedelta(days=365), 360), _spot(store, x, y, n, START, 360)]
        placed += 1
    store.insert_points(Layer.DUMPINGS, pd.concat(frames, ignore_index=True))
    return store, area_id, centre


def test_measure_effect_on_a_store_finds_the_fall(effect_store) -> None:
    store, area_id, centre = effect_store
    row = {"id": 1, "title": "Camera", "place_kind": "punt", "geometry": centre, "start_on": START}
    result = measure_effect(store, area_id, row, Layer.DUMPINGS, max_days=365)
    table = result.counts
    treated = table[table["treated"]].set_index("after")["n"]
    assert treated[False] == 40 and treated[True] == 8
    assert table["zone"].nunique() == 21  # the zone and 20 comparison zones
    assert result.high < 1 and not result.too_few
    assert "Vergelijking: 20 zones" in result.design_nl and "Berkelland" in result.design_nl


def test_measure_effect_without_data_after_says_so(effect_store) -> None:
    store, area_id, centre = effect_store
    row = {"id": 1, "title": "Camera", "place_kind": "punt", "geometry": centre, "start_on": date(2030, 1, 1)}
    result = measure_effect(store, area_id, row, Layer.DUMPINGS)
    assert result.too_few and result.ratio is None
    assert "nog geen gegevens van na de maatregel 'Camera'" in result.message_nl
    unplaced = measure_effect(store, area_id, {**row, "geometry": None}, Layer.DUMPINGS)
    assert unplaced.too_few and "staat niet op de kaart" in unplaced.message_nl


def test_measure_effect_for_a_counts_only_role_uses_released_year_cells(effect_store) -> None:
    from gis.domain.roles import Principal, Role
    from gis.store.guard import GuardedStore

    store, area_id, centre = effect_store
    guarded = GuardedStore(store, Principal("t-werkgroep", Role.WORKGROUP, frozenset({"*"})))
    row = {"id": 1, "title": "Camera", "place_kind": "punt", "geometry": centre, "start_on": START}
    result = measure_effect(guarded, area_id, row, Layer.DUMPINGS)
    assert result.periods == (date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1), date(2024, 12, 31))
    assert "vakken van 1 km" in result.design_nl and "vrijgegeven aantallen per kalenderjaar" in result.design_nl
    shown = result.counts.dropna(subset=["n"])
    assert (shown.loc[~shown["treated"], "n"] >= 5).all()  # comparison cells: only those shown (5 or more)
    treated = result.counts[result.counts["treated"]]
    assert len(treated) == 2  # the zone before and after, released (or hidden), never counted from records
    late = measure_effect(guarded, area_id, {**row, "start_on": date(2024, 3, 1)}, Layer.DUMPINGS)
    assert late.too_few and "per heel kalenderjaar" in late.message_nl
