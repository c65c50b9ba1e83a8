"""Predictive Accuracy Index: hand-made cases, clipped cells and the cases without a PAI."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from gis.hotspots.pai import PaiResult, pai


def test_hand_made_case() -> None:
    hot = np.zeros(100, dtype=bool)
    hot[[3, 17, 42, 60, 99]] = True
    counts = np.zeros(100)
    counts[hot] = 8  # 40 incidents inside the hotspots
    counts[[0, 1, 2]] = [20, 20, 20]  # 60 outside
    result = pai(hot, np.full(100, 250_000.0), counts)
    assert result.hit_rate == pytest.approx(0.40)
    assert result.area_share == pytest.approx(0.05)
    assert result.pai == pytest.approx(8.0)
    assert (result.hotspot_cells, result.test_total, result.note) == (5, 100, "")


def test_clipped_cells_count_with_their_area() -> None:
    # 4 cells of 1 ha, the two edge cells clipped to a quarter; the one hot cell is a clipped one.
    area = np.array([10_000.0, 10_000.0, 2_500.0, 2_500.0])
    hot = [False, False, True, False]
    counts = [3, 3, 2, 2]
    result = pai(hot, area, counts)
    assert result.area_share == pytest.approx(2_500 / 25_000)
    assert result.hit_rate == pytest.approx(0.2)
    assert result.pai == pytest.approx(2.0)


def test_no_hotspot_cells() -> None:
    result = pai(np.zeros(10, dtype=bool), np.ones(10), np.ones(10))
    assert result.pai is None
    assert (result.hit_rate, result.area_share, result.hotspot_cells, result.test_total) == (0.0, 0.0, 0, 10)
    assert "geen hotspotcellen" in result.note


def test_no_test_incidents() -> None:
    result = pai([True, False, False], [1.0, 1.0, 2.0], [0, 0, 0])
    assert result.pai is None
    assert result.hit_rate == 0.0
    assert result.area_share == pytest.approx(0.25)
    assert result.test_total == 0
    assert "geen incidenten in de testperiode" in result.note


def test_neither_hotspots_nor_incidents() -> None:
    result = pai([False, False], [1.0, 1.0], [0, 0])
    assert result.pai is None
    assert "hotspotcellen" in result.note
    assert "testperiode" in result.note


def test_result_is_frozen() -> None:
    result = pai([True, False], [1.0, 1.0], [1, 1])
    assert isinstance(result, PaiResult)
    assert result.pai == pytest.approx(1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pai = 2.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("hot", "area", "counts", "message"),
    [
        ([True, False], [1.0], [1, 1], "Celoppervlak heeft 1 waarden"),
        ([True, False], [1.0, 1.0], [1, 1, 1], "testincidenten heeft 3 waarden"),
        ([True, False], [1.0, -1.0], [1, 1], "negatieve"),
        ([True, False], [1.0, np.nan], [1, 1], "NaN"),
        ([True, False], [0.0, 0.0], [1, 1], "geen oppervlak"),
    ],
)
def test_invalid_input(hot: list[bool], area: list[float], counts: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pai(hot, area, counts)
