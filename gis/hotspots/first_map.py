"""The Hotspots page's first map: the Gi* result of the selected period and its PAI check (hotspots of the
period before, tested on the selected one) in two reads instead of three.

The same numbers as ``run_hotspots`` plus ``pai_check`` (tests/hotspots/test_first_map.py compares them):
the selected period is read and located once (``pai_check`` read and located it again as its test period),
the period before without sources, and the sources are counted without building a string Series. Cases this
shortcut does not cover go the long way. (One read of both periods with dates cost more CPU than two reads:
the dates and the sources of the period before are not needed.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gis.hotspots.analysis import HotspotQuery, HotspotResult, Study, analyse_counts, load_points, run_hotspots
from gis.hotspots.cells import CellSet
from gis.hotspots.gistar import HotspotError
from gis.hotspots.pai import pai
from gis.hotspots.periods import PaiCheck, pai_check, period_of, previous_period
from gis.store import Store


@dataclass(frozen=True, eq=False)
class FirstMap:
    """The Gi* result, and its PAI check or why there is none."""

    result: HotspotResult
    pai: PaiCheck | None
    pai_error: str  # Dutch
    pai_exc: HotspotError | None = None  # the error behind ``pai_error``, for ``pai_error_in``

    def pai_error_in(self, lang: str) -> str:
        """``pai_error`` in ``lang`` ("nl" or "en")."""
        return self.pai_exc.in_lang(lang) if self.pai_exc is not None else self.pai_error


def _long_way(store: Store, q: HotspotQuery, study: Study, cells: CellSet) -> FirstMap:
    result = run_hotspots(store, q, cells)
    try:
        return FirstMap(result, pai_check(store, q, study, cells), "")
    except HotspotError as exc:
        return FirstMap(result, None, str(exc), exc)


def _by_source(sources: np.ndarray, idx: np.ndarray, n: int) -> dict[str, np.ndarray]:
    """Counts per cell per source organisation, as ``count_points`` makes them (``idx`` >= 0 only; a missing
    source counts as "onbekend"). Factorised on the object array itself: no string Series is built."""
    if idx.size == 0:
        return {}
    codes, uniques = pd.factorize(np.asarray(sources, dtype=object), sort=True)
    names = [str(u) for u in uniques]
    if (codes < 0).any():  # no source: "onbekend", merged with a source of that name if there is one
        if "onbekend" not in names:
            names.append("onbekend")
        codes = np.where(codes < 0, names.index("onbekend"), codes)
    joint = np.bincount(codes * n + idx, minlength=len(names) * n).astype(np.float64)
    return {name: joint[i * n : (i + 1) * n] for i, name in enumerate(names)}


def first_map(store: Store, q: HotspotQuery, study: Study, cells: CellSet) -> FirstMap:
    """Gi* of ``q`` and the PAI of the period before it, as ``run_hotspots`` and ``pai_check`` give them.

    Raises ``HotspotError`` as ``run_hotspots`` does; a PAI that cannot be computed is told in ``pai_error``.
    """
    if q.date_from is None or q.date_to is None:  # no fixed period: records without a date take part
        return _long_way(store, q, study, cells)
    test = period_of(store, q)
    build = previous_period(*test)
    points = load_points(store, q, study)  # the period with sources, as run_hotspots reads it
    idx = cells.index_of(points["x"], points["y"])
    here = idx >= 0
    total = np.bincount(idx[here], minlength=cells.n).astype(np.float64)
    result = analyse_counts(q, study, cells, total, _by_source(points["source"][here], idx[here], cells.n))
    before = load_points(store, q, study, (), date_from=build[0], date_to=build[1])  # no sources: not needed
    built_idx = cells.index_of(before["x"], before["y"])
    built_counts = np.bincount(built_idx[built_idx >= 0], minlength=cells.n).astype(np.float64)
    try:
        if built_counts.sum() == 0:
            raise HotspotError("no records before")  # pai_check then splits the period: go the long way
        built = analyse_counts(q.shifted(*build), study, cells, built_counts, {})
    except HotspotError:
        try:
            return FirstMap(result, pai_check(store, q, study, cells), "")
        except HotspotError as exc:
            return FirstMap(result, None, str(exc), exc)
    return FirstMap(result, PaiCheck(pai(built.hot(), cells.area_m2, total), build, test), "")
