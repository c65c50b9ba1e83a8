"""Trends over time per grid cell: the Mann-Kendall test and ArcGIS-style emerging hot spot patterns.

Both work on arrays shaped (T, N): T time steps (oldest first) by N cells, vectorised over the cells.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import norm

_PATTERNS: tuple[tuple[str, str, str], ...] = (
    # key, Dutch adjective, English adjective
    ("new", "Nieuwe", "New"),
    ("consecutive", "Aaneengesloten", "Consecutive"),
    ("intensifying", "Toenemende", "Intensifying"),
    ("persistent", "Blijvende", "Persistent"),
    ("diminishing", "Afnemende", "Diminishing"),
    ("sporadic", "Sporadische", "Sporadic"),
    ("oscillating", "Wisselende", "Oscillating"),
    ("historical", "Voormalige", "Historical"),
)

EMERGING_LABELS: dict[str, dict[str, str]] = {
    **{key: {"nl": f"{nl} hotspot", "en": f"{en} hot spot"} for key, nl, en in _PATTERNS},
    **{f"{key}_cold": {"nl": f"{nl} coldspot", "en": f"{en} cold spot"} for key, nl, en in _PATTERNS},
    "none": {"nl": "Geen patroon", "en": "No pattern detected"},
}

# Hot patterns in reds/oranges/pinks (darkest = strongest), cold patterns in blues, no pattern light grey.
EMERGING_COLOURS: dict[str, str] = {
    "new": "#c51b7d",
    "consecutive": "#f1b6da",
    "intensifying": "#a50f15",
    "persistent": "#de2d26",
    "diminishing": "#fb6a4a",
    "sporadic": "#fdae61",
    "oscillating": "#fee08b",
    "historical": "#f4a582",
    "new_cold": "#253494",
    "consecutive_cold": "#41b6c4",
    "intensifying_cold": "#08306b",
    "persistent_cold": "#2171b5",
    "diminishing_cold": "#6baed6",
    "sporadic_cold": "#9ecae1",
    "oscillating_cold": "#c6dbef",
    "historical_cold": "#a6bddb",
    "none": "#f0f0f0",
}


def _as_series(series: ArrayLike) -> NDArray[np.float64]:
    values = np.asarray(series, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, np.newaxis]
    if values.ndim != 2:
        raise ValueError(f"Verwacht een tabel van tijdstappen × cellen, maar kreeg vorm {values.shape}.")
    if values.shape[0] < 3:
        raise ValueError(f"Voor een trendtoets zijn minstens 3 perioden nodig, maar er zijn er {values.shape[0]}.")
    return values


def mann_kendall(series: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Mann-Kendall trend test per cell: (S, z, two-sided p), each of length N.

    ``series`` is (T, N) with T >= 3 (a 1-D series is one cell). S = sum over i < j of sign(x_j - x_i).
    Var(S) has the tie correction [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18 over the groups of t equal
    values; z has the continuity correction (S - 1) / sqrt(Var) for S > 0, (S + 1) / sqrt(Var) for S < 0
    and 0 for S = 0. A cell whose values are all equal (Var = 0) gets z = 0, p = 1. A cell with a NaN
    anywhere in its series gets NaN for all three.
    """
    x = _as_series(series)
    n = x.shape[0]
    s = np.zeros(x.shape[1], dtype=np.float64)
    # Sum over tie groups of t(t-1)(2t+5) equals the sum over values of (c-1)(2c+5), with c the number
    # of values in the same column equal to it (each value of a group of t contributes (t-1)(2t+5)).
    equal = np.zeros(x.shape, dtype=np.float64)
    for i in range(n):  # loop over time steps only
        s += np.sign(x[i + 1 :] - x[i]).sum(axis=0)
        equal += x == x[i]
    ties = ((equal - 1) * (2 * equal + 5)).sum(axis=0)
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(s > 0, (s - 1) / np.sqrt(var), np.where(s < 0, (s + 1) / np.sqrt(var), 0.0))
    z = np.where(var > 0, z, 0.0)
    p = 2.0 * norm.sf(np.abs(z))
    bad = np.isnan(x).any(axis=0)
    s[bad], z[bad], p[bad] = np.nan, np.nan, np.nan
    return s, z, p


def _trailing_run(flags: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Length of the uninterrupted run of True ending at the last time step, per cell."""
    run = np.zeros(flags.shape[1], dtype=np.int64)
    alive = np.ones(flags.shape[1], dtype=bool)
    for t in range(flags.shape[0] - 1, -1, -1):
        alive &= flags[t]
        run += alive
    return run


def _side(
    spot: NDArray[np.bool_], other: NDArray[np.bool_], strengthening: NDArray[np.bool_], weakening: NDArray[np.bool_]
) -> NDArray[np.object_]:
    """Pattern keys (without suffix) for one side: ``spot`` = significant hot (or cold), ``other`` the opposite.

    Precedence for a cell that is a spot in the final step: >= 90 % of steps a spot -> intensifying /
    diminishing (significant trend) or persistent; else a significant opposite spot earlier ->
    oscillating; else only the final run of spots -> new (run of 1) or consecutive (run >= 2); else
    sporadic. Not significant at all in the final step: historical when >= 90 % of steps were spots.
    """
    steps, cells = spot.shape
    out = np.full(cells, "", dtype=object)
    final = spot[-1]
    count = spot.sum(axis=0)
    mostly = count * 10 >= steps * 9  # ArcGIS: at least 90 % of the steps; integer test, exact at the boundary
    run = _trailing_run(spot)
    opposite_before = other[:-1].any(axis=0)
    rest = final & ~mostly
    out[final & mostly] = "persistent"
    out[final & mostly & strengthening] = "intensifying"
    out[final & mostly & weakening] = "diminishing"
    out[rest & ~opposite_before & (run < count)] = "sporadic"
    out[rest & ~opposite_before & (run == count) & (run == 1)] = "new"
    out[rest & ~opposite_before & (run == count) & (run >= 2)] = "consecutive"
    out[rest & opposite_before] = "oscillating"
    out[~final & ~other[-1] & mostly] = "historical"  # an opposite spot now gets the other side's pattern
    return out


def emerging_classes(
    classes: ArrayLike, trend_z: ArrayLike, trend_p: ArrayLike, alpha: float = 0.05
) -> NDArray[np.object_]:
    """Emerging hot spot pattern per cell (keys of ``EMERGING_LABELS``), after ArcGIS Pro's definitions.

    ``classes`` is (T, N) with the Gi* class per time step (see ``stats.classify``); any nonzero class
    counts as significant (as ArcGIS's 90 % level). ``trend_z`` / ``trend_p`` (length N) are the
    Mann-Kendall z and p of each cell's Gi* z-score series; a trend is significant when p < ``alpha``.

    Hot spots (mirrored with suffix ``_cold`` for cold spots, where "intensifying" means getting colder,
    i.e. a significant decreasing trend): new, consecutive, intensifying, persistent, diminishing,
    sporadic, oscillating, historical; otherwise "none". Choices where ArcGIS's texts overlap: a cell
    that was a significant cold spot before its final hot run is "oscillating", not "new"/"consecutive"
    (as the R package sfdep does); the final step decides the side, so a former hot spot that is a cold
    spot in the final step gets a cold pattern ("oscillating_cold"), not "historical".
    """
    c = np.asarray(classes)
    if c.ndim != 2:
        raise ValueError(f"Verwacht klassen als tabel van tijdstappen × cellen, maar kreeg vorm {c.shape}.")
    if c.shape[0] < 2:
        raise ValueError(f"Voor opkomende hotspots zijn minstens 2 perioden nodig, maar er zijn er {c.shape[0]}.")
    z = np.asarray(trend_z, dtype=np.float64).reshape(-1)
    p = np.asarray(trend_p, dtype=np.float64).reshape(-1)
    if z.size != c.shape[1] or p.size != c.shape[1]:
        raise ValueError(
            f"Aantal cellen klopt niet: klassen hebben {c.shape[1]} cellen, trend-z {z.size} en trend-p {p.size}."
        )
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"Significantieniveau alpha moet tussen 0 en 1 liggen, maar is {alpha}.")
    hot, cold = c > 0, c < 0
    significant = p < alpha  # NaN p is never significant
    rising, falling = significant & (z > 0), significant & (z < 0)
    hot_keys = _side(hot, cold, strengthening=rising, weakening=falling)
    cold_keys = _side(cold, hot, strengthening=falling, weakening=rising)
    out = np.full(c.shape[1], "none", dtype=object)
    has_hot, has_cold = hot_keys != "", cold_keys != ""  # never both: the final step picks the side
    out[has_hot] = hot_keys[has_hot]
    out[has_cold] = cold_keys[has_cold] + "_cold"
    return out
