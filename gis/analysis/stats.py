"""The statistics of the safety analysis (step B1), with no database or web code.

Rates per exposure (hectares, farms, residents) with the rate ratio of an area against the rest of the
region and its exact 95% interval (conditional on the total, a binomial: Clopper-Pearson); shares with the
Wilson interval; means with the t interval; the exact binomial test of a share against a regional figure;
and the comparison of two measurements (0-meting against 1-meting) for counts and shares.
Every function says "too few data" (``None`` bounds, ``enough=False``) rather than inventing precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

Z95 = 1.959963984540054  # the two-sided 95% normal quantile
ALPHA = 0.05


@dataclass(frozen=True)
class RateRatio:
    """The rate of an area against a reference (rest of the region), with an exact 95% interval."""

    events: int
    exposure: float
    ref_events: int
    ref_exposure: float
    ratio: float | None  # None when undefined (no exposure, or no events anywhere)
    low: float | None
    high: float | None  # math.inf when the reference had no events
    p_value: float | None  # two-sided exact test of "the same rate"

    @property
    def rate(self) -> float:
        """Events per unit of exposure in the area."""
        return self.events / self.exposure if self.exposure > 0 else math.nan

    @property
    def ref_rate(self) -> float:
        """Events per unit of exposure in the reference."""
        return self.ref_events / self.ref_exposure if self.ref_exposure > 0 else math.nan

    @property
    def significant(self) -> bool:
        """Whether the 95% interval excludes 1 (the data carry "more" or "fewer" than elsewhere)."""
        return self.low is not None and self.high is not None and (self.low > 1 or self.high < 1)


def rate_ratio(events: int, exposure: float, ref_events: int, ref_exposure: float) -> RateRatio:
    """Rate ratio (events/exposure) of the area against the reference, with the exact conditional interval:
    given ``n = events + ref_events``, ``events ~ Binomial(n, p)`` with ``p = RR*E / (RR*E + E_ref)``."""
    _check_count("events", events)
    _check_count("ref_events", ref_events)
    n = events + ref_events
    if exposure <= 0 or ref_exposure <= 0 or n == 0:
        return RateRatio(events, exposure, ref_events, ref_exposure, None, None, None, None)
    scale = ref_exposure / exposure
    ratio = (events / ref_events) * scale if ref_events else math.inf
    p_low = stats.beta.ppf(ALPHA / 2, events, n - events + 1) if events > 0 else 0.0
    p_high = stats.beta.ppf(1 - ALPHA / 2, events + 1, n - events) if events < n else 1.0
    low = p_low / (1 - p_low) * scale if p_low < 1 else math.inf
    high = p_high / (1 - p_high) * scale if p_high < 1 else math.inf
    expected = exposure / (exposure + ref_exposure)
    p_value = float(stats.binomtest(events, n, expected).pvalue)
    return RateRatio(events, exposure, ref_events, ref_exposure, float(ratio), float(low), float(high), p_value)


@dataclass(frozen=True)
class Share:
    """A share (k of n) with its Wilson 95% interval."""

    k: int
    n: int
    share: float | None
    low: float | None
    high: float | None


def wilson(k: int, n: int) -> Share:
    """The share ``k/n`` with the Wilson score interval (95%); all None when ``n`` is 0."""
    _check_count("k", k)
    _check_count("n", n)
    if k > n:
        raise ValueError(f"Aantal {k} is groter dan het totaal {n}.")
    if n == 0:
        return Share(k, n, None, None, None)
    p = k / n
    denom = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denom
    return Share(k, n, p, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Mean:
    """A mean with its t-based 95% interval (None bounds with fewer than two values)."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def mean_interval(values: np.ndarray | list[float]) -> Mean:
    """The mean of ``values`` (NaN ignored) with the 95% t interval."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    n = len(data)
    if n == 0:
        return Mean(0, None, None, None, None)
    m = float(data.mean())
    if n < 2:
        return Mean(1, m, None, None, None)
    sd = float(data.std(ddof=1))
    half = float(stats.t.ppf(1 - ALPHA / 2, n - 1)) * sd / math.sqrt(n)
    return Mean(n, m, sd, m - half, m + half)


@dataclass(frozen=True)
class BinomialTest:
    """An exact two-sided binomial test of a share against a reference share."""

    k: int
    n: int
    reference: float
    p_value: float | None

    @property
    def direction(self) -> str:
        """``hoger``, ``lager`` or ``gelijk`` (not distinguishable from the reference at 5%)."""
        if self.p_value is None or self.p_value >= ALPHA or self.n == 0:
            return "gelijk"
        return "hoger" if self.k / self.n > self.reference else "lager"


def binomial_test(k: int, n: int, reference: float) -> BinomialTest:
    """Test ``k`` of ``n`` against the share ``reference`` (e.g. 0.15 farmers approached in the region)."""
    _check_count("k", k)
    _check_count("n", n)
    if not 0 < reference < 1:
        raise ValueError(f"Het referentiepercentage moet tussen 0 en 1 liggen, niet {reference}.")
    if n == 0:
        return BinomialTest(k, n, reference, None)
    return BinomialTest(k, n, reference, float(stats.binomtest(k, n, reference).pvalue))


@dataclass(frozen=True)
class Change:
    """A change between two measurements and whether it is more than chance (two-sided, 5%)."""

    before: float | None
    after: float | None
    ratio: float | None  # after/before for rates; None for shares
    difference: float | None  # after - before for shares and means
    p_value: float | None

    @property
    def beyond_chance(self) -> bool:
        """Whether the change is more than chance at the 5% level."""
        return self.p_value is not None and self.p_value < ALPHA


def compare_counts(before: int, before_exposure: float, after: int, after_exposure: float) -> Change:
    """Two counts over (possibly different) exposures, e.g. dumpings per year before and after: the rate
    ratio after/before and the exact conditional test of equal rates."""
    rr = rate_ratio(after, after_exposure, before, before_exposure)
    rb = before / before_exposure if before_exposure > 0 else None
    ra = after / after_exposure if after_exposure > 0 else None
    return Change(rb, ra, rr.ratio, None if rb is None or ra is None else ra - rb, rr.p_value)


def compare_shares(k_before: int, n_before: int, k_after: int, n_after: int) -> Change:
    """Two shares (e.g. farmers approached at the 0- and 1-meting): Fisher's exact test."""
    if n_before == 0 or n_after == 0:
        return Change(None, None, None, None, None)
    table = [[k_before, n_before - k_before], [k_after, n_after - k_after]]
    p = float(stats.fisher_exact(table).pvalue)
    b, a = k_before / n_before, k_after / n_after
    return Change(b, a, None, a - b, p)


def compare_means(before: Mean, after: Mean) -> Change:
    """Two means (e.g. feeling of safety 1-10): Welch's t-test from the summary figures."""
    if before.mean is None or after.mean is None or before.sd is None or after.sd is None:
        return Change(before.mean, after.mean, None, None, None)
    if before.sd == 0 and after.sd == 0:
        p = 1.0 if before.mean == after.mean else 0.0
    else:
        p = float(stats.ttest_ind_from_stats(before.mean, before.sd, before.n, after.mean, after.sd, after.n,
                                             equal_var=False).pvalue)  # fmt: skip
    return Change(before.mean, after.mean, None, after.mean - before.mean, p)


def _check_count(name: str, value: int) -> None:
    if int(value) != value or value < 0:
        raise ValueError(f"{name} moet een aantal van 0 of meer zijn, niet {value!r}.")


__all__ = [
    "ALPHA", "BinomialTest", "Change", "Mean", "RateRatio", "Share", "binomial_test", "compare_counts",
    "compare_means", "compare_shares", "mean_interval", "rate_ratio", "wilson",
]  # fmt: skip
