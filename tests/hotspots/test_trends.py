"""Mann-Kendall trend test (against a plain reference) and the emerging hot spot patterns."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import kendalltau, norm

from gis.hotspots.trends import EMERGING_COLOURS, EMERGING_LABELS, emerging_classes, mann_kendall


def reference_mk(x: np.ndarray) -> tuple[float, float, float]:
    """Textbook Mann-Kendall for one series: double loop, tie groups counted with np.unique."""
    n = len(x)
    s = 0.0
    for i in range(n - 1):
        for j in range(i + 1, n):
            s += float(np.sign(x[j] - x[i]))
    _, group_sizes = np.unique(x, return_counts=True)
    ties = sum(t * (t - 1) * (2 * t + 5) for t in group_sizes)
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18
    if var == 0 or s == 0:
        return s, 0.0, 1.0
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var)
    return s, z, 2 * norm.sf(abs(z))


@pytest.mark.parametrize("steps", [3, 4, 8, 15, 40])
def test_mann_kendall_matches_reference(steps: int) -> None:
    rng = np.random.default_rng(steps)
    trend = np.linspace(0, 1, steps)[:, None] * rng.normal(0, 2, 60)[None, :]
    series = trend + rng.normal(0, 1, (steps, 60))
    series[:, :20] = np.round(series[:, :20])  # plenty of ties
    series[:, 20] = 5.0  # constant cell
    s, z, p = mann_kendall(series)
    assert s.shape == z.shape == p.shape == (60,)
    for cell in range(60):
        expected = reference_mk(series[:, cell])
        np.testing.assert_allclose((s[cell], z[cell], p[cell]), expected, rtol=0, atol=1e-12)


def test_mann_kendall_agrees_with_kendalltau_without_ties() -> None:
    rng = np.random.default_rng(3)
    steps = 12
    series = rng.normal(0, 1, (steps, 25)) + np.arange(steps)[:, None] * rng.normal(0, 0.3, 25)
    s, z, _ = mann_kendall(series)
    for cell in range(25):
        tau = kendalltau(np.arange(steps), series[:, cell]).statistic
        assert s[cell] / (steps * (steps - 1) / 2) == pytest.approx(tau, abs=1e-12)
        assert np.sign(z[cell]) == np.sign(tau)


def test_mann_kendall_hand_example() -> None:
    s, z, p = mann_kendall([1.0, 2.0, 3.0, 4.0])
    var = 4 * 3 * 13 / 18
    assert s[0] == 6
    assert z[0] == pytest.approx(5 / math.sqrt(var))
    assert p[0] == pytest.approx(2 * norm.sf(5 / math.sqrt(var)))


def test_mann_kendall_constant_and_nan_cells() -> None:
    series = np.array([[1.0, 2.0, 3.0], [1.0, np.nan, 2.0], [1.0, 2.0, 1.0]])
    s, z, p = mann_kendall(series)
    assert (s[0], z[0], p[0]) == (0.0, 0.0, 1.0)
    assert np.isnan([s[1], z[1], p[1]]).all()
    assert np.isfinite([s[2], z[2], p[2]]).all()


def test_mann_kendall_needs_three_periods() -> None:
    with pytest.raises(ValueError, match="minstens 3 perioden"):
        mann_kendall(np.zeros((2, 5)))


SIG_UP, SIG_DOWN, FLAT = (3.0, 0.001), (-3.0, 0.001), (0.4, 0.7)

# name -> (classes over T = 10 steps, (trend z, trend p), expected pattern)
CASES: dict[str, tuple[list[int], tuple[float, float], str]] = {
    "new": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 2], FLAT, "new"),
    "consecutive": ([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], SIG_UP, "consecutive"),
    "intensifying": ([3] * 10, SIG_UP, "intensifying"),
    "persistent": ([3] * 10, FLAT, "persistent"),
    "diminishing": ([3] * 10, SIG_DOWN, "diminishing"),
    "sporadic": ([1, 0, 2, 0, 0, 1, 0, 0, 0, 3], FLAT, "sporadic"),
    "oscillating": ([-2, 0, 0, 1, 0, 0, 0, 0, 0, 2], FLAT, "oscillating"),
    "historical": ([3, 3, 3, 3, 3, 3, 3, 3, 3, 0], SIG_DOWN, "historical"),
    "new_cold": ([0, 0, 0, 0, 0, 0, 0, 0, 0, -2], FLAT, "new_cold"),
    "consecutive_cold": ([0, 0, 0, 0, 0, 0, -1, -2, -3, -3], SIG_DOWN, "consecutive_cold"),
    "intensifying_cold": ([-3] * 10, SIG_DOWN, "intensifying_cold"),
    "persistent_cold": ([-2] * 10, FLAT, "persistent_cold"),
    "diminishing_cold": ([-3] * 10, SIG_UP, "diminishing_cold"),
    "sporadic_cold": ([0, -1, 0, -2, 0, 0, 0, 0, 0, -1], FLAT, "sporadic_cold"),
    "oscillating_cold": ([0, 0, 2, 0, 0, 0, 0, 0, -1, -1], FLAT, "oscillating_cold"),
    "historical_cold": ([-1, -1, -1, -1, -1, -1, -1, -1, -1, 0], FLAT, "historical_cold"),
    "all_zero": ([0] * 10, FLAT, "none"),
    "hot_earlier_only": ([0, 2, 2, 0, 0, 0, 0, 0, 0, 0], FLAT, "none"),
    # 90 % boundary with T = 10: 9 hot steps including the final one is the persistent family ...
    "nine_hot_one_run": ([0, 1, 1, 1, 1, 1, 1, 1, 1, 1], FLAT, "persistent"),
    "nine_hot_with_gap": ([1, 0, 1, 1, 1, 1, 1, 1, 1, 1], SIG_UP, "intensifying"),
    "nine_hot_one_cold": ([-1, 1, 1, 1, 1, 1, 1, 1, 1, 1], FLAT, "persistent"),
    # ... 8 hot steps is consecutive (one final run) or sporadic (a gap), or oscillating after a cold step.
    "eight_hot_one_run": ([0, 0, 1, 1, 1, 1, 1, 1, 1, 1], SIG_UP, "consecutive"),
    "eight_hot_with_gap": ([1, 0, 0, 1, 1, 1, 1, 1, 1, 1], SIG_UP, "sporadic"),
    "eight_hot_one_cold": ([-1, 0, 1, 1, 1, 1, 1, 1, 1, 1], SIG_UP, "oscillating"),
    "historical_boundary": ([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], FLAT, "historical"),
    "below_historical": ([1, 1, 1, 1, 1, 1, 1, 1, 0, 0], FLAT, "none"),
    # Cold before the final hot steps is oscillating, not new or consecutive.
    "cold_then_new": ([0, 0, -3, 0, 0, 0, 0, 0, 0, 1], FLAT, "oscillating"),
    "cold_then_run": ([-1, 0, 0, 0, 0, 0, 0, 0, 2, 2], FLAT, "oscillating"),
    # The final step decides the side: a long-time hot spot that is cold now oscillates (cold).
    "hot_history_cold_now": ([2, 2, 2, 2, 2, 2, 2, 2, 2, -1], FLAT, "oscillating_cold"),
}


def test_each_pattern_from_one_matrix() -> None:
    names = list(CASES)
    classes = np.array([CASES[n][0] for n in names], dtype=np.int8).T  # (T, N)
    z = np.array([CASES[n][1][0] for n in names])
    p = np.array([CASES[n][1][1] for n in names])
    result = emerging_classes(classes, z, p)
    assert result.dtype == object
    assert dict(zip(names, result.tolist(), strict=True)) == {n: CASES[n][2] for n in names}


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ([0, 0, 2], "new"),
        ([0, 2, 2], "consecutive"),
        ([2, 0, 2], "sporadic"),
        ([1, 1, 1], "persistent"),
        ([1, 1, 0], "none"),  # 2 of 3 is below 90 %
        ([-1, 0, 3], "oscillating"),
        ([0, 0, 0], "none"),
        ([-1, -1, -1], "persistent_cold"),
    ],
)
def test_three_periods(column: list[int], expected: str) -> None:
    classes = np.array(column, dtype=np.int8)[:, None]
    assert emerging_classes(classes, [0.0], [1.0]).tolist() == [expected]


def test_alpha_decides_significance_of_trend() -> None:
    classes = np.full((10, 2), 3, dtype=np.int8)
    assert emerging_classes(classes, [2.0, 2.0], [0.04, 0.06]).tolist() == ["intensifying", "persistent"]
    assert emerging_classes(classes, [2.0, 2.0], [0.04, 0.06], alpha=0.1).tolist() == ["intensifying"] * 2
    assert emerging_classes(classes, [2.0, 2.0], [0.04, np.nan]).tolist() == ["intensifying", "persistent"]


def test_emerging_errors() -> None:
    with pytest.raises(ValueError, match="minstens 2 perioden"):
        emerging_classes(np.zeros((1, 3)), np.zeros(3), np.ones(3))
    with pytest.raises(ValueError, match="Aantal cellen klopt niet"):
        emerging_classes(np.zeros((5, 3)), np.zeros(2), np.ones(3))
    with pytest.raises(ValueError, match="tijdstappen × cellen"):
        emerging_classes(np.zeros(5), np.zeros(1), np.ones(1))


def reference_pattern(column: np.ndarray, z: float, p: float, alpha: float = 0.05) -> str:
    """One cell, plain Python, following the documented precedence."""
    steps = len(column)
    for sign, suffix in ((1, ""), (-1, "_cold")):
        spot = [c * sign > 0 for c in column]
        opposite = [c * sign < 0 for c in column]
        share = sum(spot) / steps
        if spot[-1]:
            if share >= 0.9 - 1e-12:
                if p < alpha and z * sign > 0:
                    return "intensifying" + suffix
                if p < alpha and z * sign < 0:
                    return "diminishing" + suffix
                return "persistent" + suffix
            if any(opposite[:-1]):
                return "oscillating" + suffix
            run = 0
            while run < steps and spot[steps - 1 - run]:
                run += 1
            if run == sum(spot):
                return ("new" if run == 1 else "consecutive") + suffix
            return "sporadic" + suffix
    for sign, suffix in ((1, ""), (-1, "_cold")):
        if column[-1] * sign <= 0 and sum(c * sign > 0 for c in column) / steps >= 0.9 - 1e-12:
            return "historical" + suffix
    return "none"


@pytest.mark.parametrize("steps", [2, 3, 10, 21])
def test_random_cells_match_reference(steps: int) -> None:
    rng = np.random.default_rng(steps)
    cells = 3000
    weights = rng.dirichlet([1, 1, 1], cells)  # per cell chance of cold / nothing / hot
    draws = np.array([rng.choice([-2, 0, 2], size=steps, p=w) for w in weights]).T.astype(np.int8)
    z = rng.normal(0, 2, cells)
    p = rng.uniform(0, 0.2, cells)
    result = emerging_classes(draws, z, p)
    expected = [reference_pattern(draws[:, i], z[i], p[i]) for i in range(cells)]
    assert result.tolist() == expected
    assert set(result.tolist()) <= set(EMERGING_LABELS)


def test_labels_and_colours() -> None:
    assert set(EMERGING_LABELS) == set(EMERGING_COLOURS)
    assert len(EMERGING_LABELS) == 17
    assert EMERGING_LABELS["new"]["nl"] == "Nieuwe hotspot"
    assert EMERGING_LABELS["intensifying_cold"] == {"nl": "Toenemende coldspot", "en": "Intensifying cold spot"}
    assert EMERGING_LABELS["historical"]["nl"] == "Voormalige hotspot"
    assert EMERGING_LABELS["none"]["nl"] == "Geen patroon"
    assert len(set(EMERGING_COLOURS.values())) == 17
