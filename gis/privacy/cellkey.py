"""Consistent perturbation of counts by the cell-key method (Australian Bureau of Statistics, UK 2021 Census).

Each record has a fixed secret key (``gis.store.arrays.disclosure_units``: a salted hash of its id); a
unit's cell key is the sum of its records' keys modulo ``KEY_MODULUS``. The perturbation of a count ``n``
is read from a table row for ``n`` at the column the cell key points to, so:

* the same set of records always gets the same noise: repeating a request averages nothing out;
* one record more or less gives another, unrelated cell key: before/after differences tell nothing exact;
* the noise has mean 0 (sums stay unbiased) and an empty unit stays 0 (no records, no key).

Perturbed values are whole numbers >= 0; for ``n = 1`` they are 0, 1 or 2, for larger ``n`` one of
``n - 2 .. n + 2``, so a released value never pins down a count below ``MIN_SHOWN``.
"""

from __future__ import annotations

import numpy as np

from gis.store.arrays import KEY_MODULUS

# Per row (n = 1, n >= 2): the offsets and their probabilities; each row has mean 0.
_OFFSETS: dict[int, tuple[tuple[int, ...], tuple[float, ...]]] = {
    1: ((-1, 0, 1), (0.25, 0.5, 0.25)),
    2: ((-2, -1, 0, 1, 2), (0.1, 0.2, 0.4, 0.2, 0.1)),
}

__all__ = ["KEY_MODULUS", "noise_table", "perturb"]


def noise_table() -> dict[int, tuple[tuple[int, ...], tuple[float, ...]]]:
    """The perturbation table: per row (1: ``n = 1``; 2: ``n >= 2``) the offsets and their probabilities."""
    return dict(_OFFSETS)


def _offsets(row: int, u: np.ndarray) -> np.ndarray:
    values, probs = _OFFSETS[row]
    edges = np.cumsum(probs)[:-1]
    return np.asarray(values, dtype=np.int64)[np.searchsorted(edges, u, side="right")]


def perturb(n: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Perturbed counts for counts ``n`` (>= 0) with cell keys ``key`` (integers in ``[0, KEY_MODULUS)``)."""
    n = np.asarray(n, dtype=np.int64)
    u = (np.asarray(key, dtype=np.int64) % KEY_MODULUS + 0.5) / KEY_MODULUS
    out = n.copy()
    one, more = n == 1, n >= 2
    out[one] = n[one] + _offsets(1, u[one])
    out[more] = n[more] + _offsets(2, u[more])
    return np.maximum(out, 0)
