"""Predictive Accuracy Index (PAI): how well hotspots from one period capture the incidents of a later one.

PAI = hit rate / area share, with hit rate = share of the test incidents inside hotspot cells and area
share = share of the study area covered by those cells (Chainey, Tompson & Uhlig 2008). PAI 1 is no
better than chance; higher is better.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gis.i18n import t


@dataclass(frozen=True)
class PaiResult:
    """Outcome of ``pai``; ``note`` explains in Dutch why ``pai`` is None (else it is empty), ``note_in`` in
    the interface language (from the text keys in ``note_keys``)."""

    hit_rate: float  # share of the test incidents inside hotspot cells, 0..1
    area_share: float  # share of the study area covered by hotspot cells, 0..1
    pai: float | None  # hit_rate / area_share; None without hotspot cells or test incidents
    hotspot_cells: int
    test_total: int
    note: str
    note_keys: tuple[str, ...] = ()

    def note_in(self, lang: str) -> str:
        """``note`` in ``lang`` ("nl" or "en")."""
        return " ".join(t(key, lang) for key in self.note_keys) if self.note_keys else self.note


def _vector(values: ArrayLike, name: str, size: int | None) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=np.float64).reshape(-1)
    if size is not None and arr.size != size:
        raise ValueError(f"{name} heeft {arr.size} waarden, maar er zijn {size} cellen.")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} bevat lege of oneindige waarden (NaN/inf).")
    if (arr < 0).any():
        raise ValueError(f"{name} bevat negatieve waarden.")
    return arr


def pai(hot: ArrayLike, cell_area: ArrayLike, test_counts: ArrayLike) -> PaiResult:
    """PAI of the hotspot cells ``hot`` (bool, length N) against the incidents of a test period.

    ``cell_area`` is the area of each study-area cell in m² (smaller for cells clipped at the edge of
    the area); ``test_counts`` the number of test-period incidents per cell. ``pai`` is None, with a
    Dutch ``note``, when there are no hotspot cells or no test incidents.
    """
    hot_arr = np.asarray(hot).reshape(-1).astype(bool)
    area = _vector(cell_area, "Celoppervlak", hot_arr.size)
    counts = _vector(test_counts, "Aantal testincidenten", hot_arr.size)
    total_area = float(area.sum())
    if total_area <= 0:
        raise ValueError("Het studiegebied heeft geen oppervlak; PAI is niet te berekenen.")
    hotspot_cells = int(hot_arr.sum())
    total = float(counts.sum())
    area_share = float(area[hot_arr].sum()) / total_area
    hit_rate = float(counts[hot_arr].sum()) / total if total > 0 else 0.0
    notes = []
    if hotspot_cells == 0:
        notes.append("hs_pai_no_hot")
    elif area_share == 0:
        notes.append("hs_pai_no_area")
    if total == 0:
        notes.append("hs_pai_no_test")
    value = None if notes else hit_rate / area_share
    return PaiResult(
        hit_rate=hit_rate,
        area_share=area_share,
        pai=value,
        hotspot_cells=hotspot_cells,
        test_total=round(total),
        note=" ".join(t(key, "nl") for key in notes),
        note_keys=tuple(notes),
    )
