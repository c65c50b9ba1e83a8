"""Getis-Ord Gi* (the local statistic with the cell itself included), vectorised.

Binary distance-band weights: a cell's neighbours are the cells whose centres lie within the distance,
the cell itself included. The formula is esda's ``G_Local(y, w, transform="B", star=True)``:

    G_i = Σ_j w_ij y_j / Σ_j y_j,  E[G_i] = W_i / N,
    Var[G_i] = W_i (N - W_i) / (N - 1) / N² · s² / ȳ²,   z_i = (G_i - E[G_i]) / √Var[G_i]

with ``W_i`` the number of neighbours, ``ȳ`` and ``s²`` the mean and (population) variance of ``y``.
On a square grid the neighbour sums are a convolution of the count raster with a disc-shaped
stencil (``gi_star_raster``); for any other cells (H3 hexagons) a sparse matrix from a k-d tree
(``distance_weights`` + ``gi_star_sparse``). p-values are two-sided (normal approximation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage, signal, sparse, special
from scipy.spatial import cKDTree

from gis.hotspots.messages import KeyedError

FFT_ABOVE = 15 * 15  # stencils larger than this are convolved by FFT (then rounded: counts are integers)


class HotspotError(KeyedError):
    """An analysis that cannot be done on this selection: a text key and parameters; ``str()`` is the Dutch
    sentence that says why, ``in_lang`` gives it in the interface language."""


@dataclass(frozen=True)
class GiStar:
    """Per cell: z-score, two-sided p-value and number of neighbours (itself included)."""

    z: NDArray[np.float64]
    p: NDArray[np.float64]
    neighbours: NDArray[np.int64]


def stencil(cell_m: float, distance_m: float) -> NDArray[np.float64]:
    """The 0/1 disc of cell offsets whose centres lie within ``distance_m`` (the centre included)."""
    radius = math.floor(distance_m / cell_m + 1e-9)
    offsets = np.arange(-radius, radius + 1)
    di, dj = np.meshgrid(offsets, offsets, indexing="ij")
    limit = (distance_m / cell_m) ** 2 * (1 + 1e-12)
    return ((di * di + dj * dj) <= limit).astype(np.float64)


def _neighbour_sum(raster: NDArray[np.float64], kernel: NDArray[np.float64]) -> NDArray[np.float64]:
    if kernel.size <= FFT_ABOVE:
        return ndimage.correlate(raster, kernel, mode="constant", cval=0.0)
    out = signal.fftconvolve(raster, kernel, mode="same")  # the disc is symmetric: convolution = correlation
    return np.rint(out) if np.array_equal(raster, np.rint(raster)) else out


def _z_scores(y: NDArray[np.float64], wy: NDArray[np.float64], card: NDArray[np.float64]) -> GiStar:
    n = y.size
    total = y.sum()
    if n < 2:
        raise HotspotError("hs_err_one_cell")
    if total <= 0:
        raise HotspotError("hs_err_no_records")
    mean = total / n
    variance = (y * y).sum() / n - mean * mean
    if variance <= 0:
        raise HotspotError("hs_err_flat")
    g = wy / total
    expected = card / n
    var_g = card * (n - card) / (n - 1) / (n * n) * variance / (mean * mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (g - expected) / np.sqrt(var_g)
    z = np.where(var_g > 0, z, np.nan)
    p = 2.0 * special.ndtr(-np.abs(z))
    return GiStar(z, p, card.astype(np.int64))


def gi_star_raster(counts: ArrayLike, mask: ArrayLike, cell_m: float, distance_m: float) -> GiStar:
    """Gi* of the cells in ``mask`` of a count raster (ny, nx); results in ``mask`` order (row-major)."""
    raster = np.asarray(counts, dtype=np.float64)
    inside = np.asarray(mask, dtype=bool)
    raster = np.where(inside, raster, 0.0)
    kernel = stencil(cell_m, distance_m)
    wy = _neighbour_sum(raster, kernel)[inside]
    card = _neighbour_sum(inside.astype(np.float64), kernel)[inside]
    return _z_scores(raster[inside], wy, np.rint(card))


def distance_weights(x: ArrayLike, y: ArrayLike, distance_m: float) -> sparse.csr_array:
    """Binary weights (self included) between points whose distance is at most ``distance_m``."""
    pts = np.column_stack([np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)])
    tree = cKDTree(pts)
    pairs = tree.query_pairs(distance_m * (1 + 1e-12), output_type="ndarray")
    n = len(pts)
    rows = np.concatenate([pairs[:, 0], pairs[:, 1], np.arange(n)])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0], np.arange(n)])
    return sparse.csr_array((np.ones(rows.size), (rows, cols)), shape=(n, n))


def gi_star_sparse(values: ArrayLike, weights: sparse.csr_array | sparse.csr_matrix) -> GiStar:
    """Gi* with a given binary weights matrix whose diagonal is 1 (see ``distance_weights``)."""
    y = np.asarray(values, dtype=np.float64)
    w = sparse.csr_array(weights)
    wy = w @ y
    card = np.asarray(w.sum(axis=1)).ravel()
    return _z_scores(y, wy, card)


_NL_DIGITS = str.maketrans(",.", ".,")


def design_warnings(
    n_cells: int, cell_m: float, distance_m: float, n_events: int, neighbours_mean: float, lang: str = "nl"
) -> list[str]:
    """Warnings (Dutch, or English with ``lang="en"``) about choices that make the map unreliable (shown, not
    refused)."""
    en = lang == "en"
    num = (lambda v, d=0: f"{v:,.{d}f}") if en else (lambda v, d=0: f"{v:,.{d}f}".translate(_NL_DIGITS))
    out: list[str] = []
    if distance_m < cell_m:
        out.append(
            f"The neighbourhood distance ({num(distance_m)} m) is smaller than a cell ({num(cell_m)} m): every cell "
            "is compared with itself only. Choose a distance of at least one cell, preferably two."
            if en
            else f"De buurafstand ({num(distance_m)} m) is kleiner dan een cel ({num(cell_m)} m): elke cel wordt "
            "alleen met zichzelf vergeleken. Kies een afstand van minstens één cel, liefst twee."
        )
    if n_cells < 30:
        out.append(
            f"Only {n_cells} cells: too few for a reliable test. Choose smaller cells."
            if en
            else f"Maar {n_cells} cellen: te weinig voor een betrouwbare toets. Kies kleinere cellen."
        )
    if n_cells > 400_000:
        out.append(f"{num(n_cells)} cells: the map gets slow and most cells are empty. Choose larger cells." if en
                   else f"{num(n_cells)} cellen: de kaart wordt traag en de meeste cellen zijn leeg. Kies grotere "
                   "cellen.")  # fmt: skip
    if n_cells and n_events / n_cells < 0.5:
        out.append(
            f"On average {num(n_events / n_cells, 2)} records per cell: most cells are empty, so small chance hits "
            "stand out. Choose larger cells or a longer period."
            if en
            else f"Gemiddeld {num(n_events / n_cells, 2)} meldingen per cel: de meeste cellen zijn leeg, dus kleine "
            "toevalstreffers vallen op. Kies grotere cellen of een langere periode."
        )
    if n_cells and neighbours_mean > 0.5 * n_cells:
        out.append(
            "The neighbourhood distance covers most of the area; choose a smaller distance."
            if en
            else "De buurafstand omvat het grootste deel van het gebied; kies een kleinere afstand."
        )
    return out
