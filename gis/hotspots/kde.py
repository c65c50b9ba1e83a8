"""Kernel density of incident counts on a grid (quartic kernel), in incidents per km².

Counts sit at the cell centres and the density is evaluated at the cell centres. The quartic (biweight)
kernel K(d) = 3 / (pi h²) * (1 - d²/h²)² for d < h is sampled on the grid and normalised so the weights
sum to exactly 1: every incident then spreads exactly one incident over the cells within the bandwidth,
so the total mass is preserved (apart from what falls off the edge of the raster).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import signal

BANDWIDTH_STEP_M = 50.0  # default bandwidths are rounded up to a multiple of this
MIN_BANDWIDTH_CELLS = 3.0  # default bandwidth at least this many cells
EXTENT_DIVISOR = 30.0  # default bandwidth at least the extent divided by this
ROUND_OFF = 1e-12  # densities below this fraction of the maximum are FFT noise and set to 0


def _check_sizes(cell_m: float, bandwidth_m: float) -> None:
    if not (math.isfinite(cell_m) and cell_m > 0):
        raise ValueError(f"Celgrootte moet een positief getal zijn (meters), maar is {cell_m}.")
    if not math.isfinite(bandwidth_m) or bandwidth_m <= 0:
        raise ValueError(f"Bandbreedte moet een positief getal zijn (meters), maar is {bandwidth_m}.")
    if bandwidth_m < cell_m / 2:
        raise ValueError(
            f"Bandbreedte {bandwidth_m:g} m is kleiner dan een halve cel ({cell_m / 2:g} m); "
            "kies een grotere bandbreedte."
        )


def quartic_kernel(cell_m: float, bandwidth_m: float) -> NDArray[np.float64]:
    """The quartic kernel sampled at the cell centres around one cell, (2r+1, 2r+1), summing to 1."""
    _check_sizes(cell_m, bandwidth_m)
    radius = math.floor(bandwidth_m / cell_m)
    offsets = np.arange(-radius, radius + 1, dtype=np.float64) * cell_m
    d2 = offsets[:, np.newaxis] ** 2 + offsets[np.newaxis, :] ** 2
    u = d2 / bandwidth_m**2
    weights = np.where(u < 1.0, (1.0 - u) ** 2, 0.0)  # the 3/(pi h²) factor cancels in the normalisation
    return weights / weights.sum()


def kernel_density(counts: ArrayLike, mask: ArrayLike, cell_m: float, bandwidth_m: float) -> NDArray[np.float64]:
    """Quartic kernel density of ``counts`` (ny, nx) in incidents per km², NaN outside ``mask``.

    ``mask`` (ny, nx, bool) marks the cells in the study area; the density is clipped to it (counts
    outside the mask, if any, still contribute to cells inside). ``cell_m`` is the cell size and
    ``bandwidth_m`` the kernel radius h, both in metres; h must be at least half a cell.
    """
    _check_sizes(cell_m, bandwidth_m)
    grid = np.asarray(counts, dtype=np.float64)
    inside = np.asarray(mask, dtype=bool)
    if grid.ndim != 2:
        raise ValueError(f"Verwacht een raster (rijen × kolommen) met aantallen, maar kreeg vorm {grid.shape}.")
    if inside.shape != grid.shape:
        raise ValueError(f"Masker heeft vorm {inside.shape}, maar het raster met aantallen heeft vorm {grid.shape}.")
    if not np.isfinite(grid).all():
        raise ValueError("Het raster met aantallen bevat lege of oneindige waarden (NaN/inf).")
    if (grid < 0).any():
        raise ValueError("Het raster met aantallen bevat negatieve waarden.")
    kernel = quartic_kernel(cell_m, bandwidth_m)
    if grid.size == 0:
        return np.full(grid.shape, np.nan)
    # The kernel is odd-sized and symmetric, so "same" centres it on each cell; "auto" picks direct
    # summation for small problems and FFT for large ones.
    spread = signal.convolve(grid, kernel, mode="same", method="auto")
    # FFT round-off leaves values of about 1e-16 × the maximum (also negative) where the density is 0.
    spread[spread < ROUND_OFF * spread.max(initial=0.0)] = 0.0
    density = spread / (cell_m * cell_m / 1e6)  # incidents per cell -> incidents per km²
    density[~inside] = np.nan
    return density


def default_bandwidth(cell_m: float, extent_m: float) -> float:
    """Default kernel bandwidth in metres: max(3 × cell size, extent / 30), rounded up to a multiple of 50 m.

    Three cells keeps the kernel smooth on the grid; extent / 30 (extent = the longer side of the
    study area) scales it with the area, so a municipality gets a few hundred metres. Rounding up to
    50 m gives a round number for the legend and never drops below the three cells.
    """
    if not (math.isfinite(cell_m) and cell_m > 0):
        raise ValueError(f"Celgrootte moet een positief getal zijn (meters), maar is {cell_m}.")
    if not (math.isfinite(extent_m) and extent_m >= 0):
        raise ValueError(f"Omvang van het gebied moet een getal van 0 of meer zijn (meters), maar is {extent_m}.")
    raw = max(MIN_BANDWIDTH_CELLS * cell_m, extent_m / EXTENT_DIVISOR)
    return float(math.ceil(raw / BANDWIDTH_STEP_M - 1e-9) * BANDWIDTH_STEP_M)
