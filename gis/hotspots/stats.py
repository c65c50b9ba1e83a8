"""Multiple-testing correction of Gi* p-values and the hot/cold spot classes per grid cell.

A cell's class is the sign of its z-score times its confidence level: +3 hot spot at 99 %, +2 at 95 %,
+1 at 90 %, 0 not significant, -1/-2/-3 the cold spots. ``CLASS_LABELS`` and ``CLASS_COLOURS`` give the
Dutch/English legend texts and map colours for these classes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

METHODS: tuple[str, ...] = ("fdr", "holm", "none")

# (p-value threshold, level); checked from the strictest down, so p < 0.01 gives 3.
_LEVELS: tuple[tuple[float, int], ...] = ((0.01, 3), (0.05, 2), (0.10, 1))

CLASS_LABELS: dict[int, dict[str, str]] = {
    3: {"nl": "Hotspot, 99% betrouwbaar", "en": "Hot spot, 99% confidence"},
    2: {"nl": "Hotspot, 95% betrouwbaar", "en": "Hot spot, 95% confidence"},
    1: {"nl": "Hotspot, 90% betrouwbaar", "en": "Hot spot, 90% confidence"},
    0: {"nl": "Niet significant", "en": "Not significant"},
    -1: {"nl": "Coldspot, 90% betrouwbaar", "en": "Cold spot, 90% confidence"},
    -2: {"nl": "Coldspot, 95% betrouwbaar", "en": "Cold spot, 95% confidence"},
    -3: {"nl": "Coldspot, 99% betrouwbaar", "en": "Cold spot, 99% confidence"},
}

# Diverging red/blue ramp. The hot side and the darkest blue are ArcGIS's hot spot colours; ArcGIS's
# lighter cold colours (#849eba, #c0ccbe) are greyish and hard to tell from "not significant", so the
# cold side uses clearer blues that get lighter with the confidence level, mirroring the reds.
# Red versus blue stays distinguishable for the common (red-green) colour-vision deficiencies, and the
# lightness steps keep the order readable in greyscale too.
CLASS_COLOURS: dict[int, str] = {
    3: "#d62f27",
    2: "#ed7551",
    1: "#fab984",
    0: "#f0f0f0",
    -1: "#b6c9e0",
    -2: "#7fa3cc",
    -3: "#4575b5",
}


def adjust_pvalues(p: ArrayLike, method: str) -> NDArray[np.float64]:
    """P-values adjusted for multiple testing, same shape as ``p``.

    ``method``: ``"fdr"`` (Benjamini-Hochberg false discovery rate), ``"holm"`` (Holm step-down,
    family-wise error rate) or ``"none"`` (a copy). NaN entries are left out (they do not count in the
    number of tests m) and stay NaN. The results are monotone in the raw p-values and clipped to [0, 1],
    exactly as ``statsmodels.stats.multitest.multipletests`` with ``fdr_bh`` / ``holm``.
    """
    if method not in METHODS:
        raise ValueError(f"Onbekende correctiemethode {method!r}; kies uit {', '.join(METHODS)}.")
    values = np.array(p, dtype=np.float64)  # always a copy
    if method == "none" or values.size == 0:
        return values
    flat = values.reshape(-1)
    valid = np.flatnonzero(~np.isnan(flat))
    m = valid.size
    if m == 0:
        return values
    order = valid[np.argsort(flat[valid], kind="stable")]
    ranked = flat[order]  # ascending p, NaN left out
    if method == "fdr":
        # p_(i) * m / i, then the running minimum from the largest p down.
        scaled = ranked * m / np.arange(1, m + 1)
        adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    else:  # holm
        # p_(i) * (m - i + 1), then the running maximum from the smallest p up.
        scaled = ranked * np.arange(m, 0, -1)
        adjusted = np.maximum.accumulate(scaled)
    flat[order] = np.clip(adjusted, 0.0, 1.0)
    return values


def classify(z: ArrayLike, p: ArrayLike) -> NDArray[np.int8]:
    """Hot/cold spot class per cell: sign(z) times 3 (p < 0.01), 2 (p < 0.05), 1 (p < 0.10) or 0.

    The thresholds are strict: p exactly 0.05 is class ±1, not ±2. NaN in ``z`` or ``p`` gives 0.
    ``z`` and ``p`` are broadcast against each other.
    """
    z_arr, p_arr = np.broadcast_arrays(np.asarray(z, dtype=np.float64), np.asarray(p, dtype=np.float64))
    level = np.zeros(z_arr.shape, dtype=np.int8)
    for threshold, value in reversed(_LEVELS):  # loosest first, stricter levels overwrite
        level[p_arr < threshold] = value
    sign = np.sign(np.nan_to_num(z_arr, nan=0.0)).astype(np.int8)
    return (sign * level).astype(np.int8)
