"""Hotspots over time: two periods compared cell by cell, emerging hotspots from a space-time cube
(Gi* per time step, Mann-Kendall on each cell's z-scores), and the Predictive Accuracy Index of the
hotspots of the previous period on the selected one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from gis.hotspots.analysis import (
    MIN_EVENTS,
    HotspotQuery,
    HotspotResult,
    Study,
    analyse_counts,
    count_points,
    load_points,
)
from gis.hotspots.cells import CellSet
from gis.hotspots.gistar import HotspotError
from gis.hotspots.pai import PaiResult, pai
from gis.hotspots.stats import adjust_pvalues, classify
from gis.hotspots.trends import emerging_classes, mann_kendall
from gis.store import Store

STEPS: dict[str, dict[str, str]] = {
    "month": {"nl": "Maand", "en": "Month"},
    "quarter": {"nl": "Kwartaal", "en": "Quarter"},
    "year": {"nl": "Jaar", "en": "Year"},
}
_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}
CHANGES: dict[str, dict[str, str]] = {
    "new": {"nl": "Nieuwe hotspot", "en": "New hot spot"},
    "gone": {"nl": "Verdwenen hotspot", "en": "Hot spot gone"},
    "kept": {"nl": "Blijvende hotspot", "en": "Hot spot in both"},
    "none": {"nl": "Geen hotspot", "en": "No hot spot"},
}


def period_of(store: Store, q: HotspotQuery) -> tuple[date, date]:
    """The query's period, or the span of the data when it has none."""
    first, last = store.date_span()
    start, end = q.date_from or first, q.date_to or last
    if start is None or end is None:
        raise HotspotError("hs_err_no_dates")
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if start > end:
        raise HotspotError("hs_err_period_order", start=start, end=end)
    return start, end


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``start``..``end``."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def bins(start: date, end: date, step: str) -> list[tuple[date, date]]:
    """Consecutive calendar periods (month, quarter or year) covering ``start``..``end``."""
    if step not in _FREQ:
        raise HotspotError("hs_err_step", step=str(step), choices=tuple(STEPS))
    starts = pd.date_range(pd.Timestamp(start).to_period(_FREQ[step][0]).start_time, end, freq=_FREQ[step])
    edges = [*(s.date() for s in starts), end + timedelta(days=1)]
    return [(max(a, start), b - timedelta(days=1)) for a, b in itertools.pairwise(edges)]


@dataclass(eq=False)
class Comparison:
    """Two periods' hotspots side by side, per cell."""

    before: HotspotResult
    after: HotspotResult
    change: np.ndarray  # keys of CHANGES
    difference: np.ndarray  # count after - count before

    def summary(self) -> dict[str, int]:
        values, counts = np.unique(self.change, return_counts=True)
        return {str(v): int(c) for v, c in zip(values, counts, strict=True)}


def _result_for(store: Store, q: HotspotQuery, study: Study, cells: CellSet, start: date, end: date) -> HotspotResult:
    points = load_points(store, q, study, date_from=start, date_to=end)
    total, by_source = count_points(cells, points)
    if total.sum() == 0:
        raise HotspotError("hs_err_no_records_period", start=start, end=end)
    return analyse_counts(q.shifted(start, end), study, cells, total, by_source)


def compare_periods(
    store: Store, q: HotspotQuery, study: Study, cells: CellSet, before: tuple[date, date]
) -> Comparison:
    """The selected period against ``before`` (e.g. the same months a year earlier)."""
    after_period = period_of(store, q)
    b = _result_for(store, q, study, cells, *before)
    a = _result_for(store, q, study, cells, *after_period)
    hot_b, hot_a = b.hot(), a.hot()
    change = np.full(cells.n, "none", dtype=object)
    change[hot_a & ~hot_b] = "new"
    change[hot_b & ~hot_a] = "gone"
    change[hot_a & hot_b] = "kept"
    return Comparison(b, a, change, a.counts - b.counts)


@dataclass(eq=False)
class Emerging:
    """The space-time cube and its patterns: counts and classes per step (T, N), trend and pattern per cell."""

    periods: list[tuple[date, date]]
    counts: np.ndarray
    classes: np.ndarray
    trend_z: np.ndarray
    trend_p: np.ndarray
    pattern: np.ndarray

    def summary(self) -> dict[str, int]:
        values, counts = np.unique(self.pattern, return_counts=True)
        return {str(v): int(c) for v, c in zip(values, counts, strict=True)}


def emerging(store: Store, q: HotspotQuery, study: Study, cells: CellSet, step: str = "quarter") -> Emerging:
    """Emerging-hotspot patterns over the selected period in steps of a month, quarter or year."""
    periods = bins(*period_of(store, q), step)
    if len(periods) < 3:
        raise HotspotError(
            "hs_err_few_steps", n=len(periods), step={lang: name.lower() for lang, name in STEPS[step].items()}
        )
    start, end = periods[0][0], periods[-1][1]
    points = load_points(store, q, study, extra=("date",), date_from=start, date_to=end)
    dates = points["date"]
    known = ~np.isnat(dates)
    if not known.any():
        raise HotspotError("hs_err_undated_layers")
    starts = np.array([np.datetime64(p[0]) for p in periods])
    step_of = np.searchsorted(starts, dates[known], side="right") - 1
    x, y = points["x"][known], points["y"][known]
    counts = np.vstack([cells.counts(x[step_of == t], y[step_of == t]) for t in range(len(periods))])
    z = np.zeros(counts.shape, dtype=np.float64)
    classes = np.zeros(counts.shape, dtype=np.int8)
    distance = float(q.distance_m) if q.distance_m is not None else 2.0 * cells.cell_m
    for t in range(len(periods)):
        if counts[t].sum() < MIN_EVENTS or counts[t].std() == 0:
            continue  # an empty step has no hotspots (and z 0)
        gi = cells.gi_star(counts[t], distance)
        z[t] = np.nan_to_num(gi.z)
        classes[t] = classify(z[t], np.nan_to_num(adjust_pvalues(gi.p, q.correction), nan=1.0))
    _, trend_z, trend_p = mann_kendall(z)
    return Emerging(periods, counts, classes, trend_z, trend_p, emerging_classes(classes, trend_z, trend_p))


@dataclass(frozen=True)
class PaiCheck:
    """PAI of the hotspots built on ``build`` and tested on ``test``."""

    result: PaiResult
    build: tuple[date, date]
    test: tuple[date, date]


def pai_check(store: Store, q: HotspotQuery, study: Study, cells: CellSet) -> PaiCheck:
    """Build the hotspots on the period before the selected one and test them on the selected period.

    When there are no records before the selected period, its first half builds and its second half tests.
    """
    test = period_of(store, q)
    build = previous_period(*test)
    try:
        built = _result_for(store, q, study, cells, *build)
    except HotspotError:
        middle = test[0] + timedelta(days=((test[1] - test[0]).days + 1) // 2)
        if middle <= test[0] or middle > test[1]:
            raise
        build, test = (test[0], middle - timedelta(days=1)), (middle, test[1])
        built = _result_for(store, q, study, cells, *build)
    tested = load_points(store, q, study, extra=(), date_from=test[0], date_to=test[1])
    test_counts = cells.counts(tested["x"], tested["y"])
    return PaiCheck(pai(built.hot(), cells.area_m2, test_counts), build, test)
