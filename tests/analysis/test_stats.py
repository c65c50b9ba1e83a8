"""The analysis statistics against statsmodels/scipy reference implementations and hand-worked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.proportion import proportion_confint

from gis.analysis.stats import (
    binomial_test,
    compare_counts,
    compare_means,
    compare_shares,
    mean_interval,
    rate_ratio,
    wilson,
)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (15, 100), (1, 1), (57, 412)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    s = wilson(k, n)
    low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert s.share == pytest.approx(k / n)
    assert (s.low, s.high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_wilson_refuses_nonsense_and_says_nothing_for_no_answers() -> None:
    assert wilson(0, 0).share is None and wilson(0, 0).low is None
    with pytest.raises(ValueError, match="groter dan het totaal"):
        wilson(5, 3)
    with pytest.raises(ValueError, match="aantal van 0 of meer"):
        wilson(-1, 3)


@pytest.mark.parametrize(
    ("a", "ea", "b", "eb"), [(14, 2000.0, 60, 20000.0), (3, 500.0, 40, 9000.0), (0, 800, 25, 9000)]
)
def test_rate_ratio_interval_is_the_exact_conditional_one(a: int, ea: float, b: int, eb: float) -> None:
    rr = rate_ratio(a, ea, b, eb)
    assert rr.ratio == pytest.approx((a / ea) / (b / eb))
    # conditional on a + b, a is binomial: Clopper-Pearson (statsmodels "beta") on p, mapped to the ratio
    p_low, p_high = proportion_confint(a, a + b, alpha=0.05, method="beta")
    assert rr.low == pytest.approx(p_low / (1 - p_low) * eb / ea, rel=1e-6, abs=1e-12)
    assert rr.high == pytest.approx(p_high / (1 - p_high) * eb / ea, rel=1e-6)
    ref = sm_rates.test_poisson_2indep(a, ea, b, eb, method="exact-cond")
    assert rr.p_value == pytest.approx(ref.pvalue, rel=1e-6)


def test_twice_the_rate_is_significant_only_when_the_data_carry_it() -> None:
    strong = rate_ratio(140, 1000, 700, 10000)  # 2x with many events
    weak = rate_ratio(2, 100, 10, 1000)  # 2x with a handful
    assert strong.ratio == pytest.approx(2.0) and strong.significant and strong.low > 1
    assert weak.ratio == pytest.approx(2.0) and not weak.significant and weak.low < 1 < weak.high


def test_rate_ratio_edges() -> None:
    none = rate_ratio(0, 100, 0, 1000)
    assert none.ratio is None and none.low is None and not none.significant
    only_area = rate_ratio(4, 100, 0, 1000)
    assert only_area.ratio == math.inf and only_area.high == math.inf and only_area.low > 0
    assert rate_ratio(3, 0, 5, 100).ratio is None


def test_mean_interval_matches_scipy_t() -> None:
    values = [6, 7, 7, 8, 5, 9, 6, float("nan")]
    m = mean_interval(values)
    data = np.array(values[:-1], dtype=float)
    half = 2.446911851144969 * data.std(ddof=1) / math.sqrt(7)  # t(0.975, 6)
    assert m.n == 7 and m.mean == pytest.approx(data.mean())
    assert (m.low, m.high) == (pytest.approx(data.mean() - half), pytest.approx(data.mean() + half))
    assert mean_interval([]).mean is None and mean_interval([4]).low is None


def test_binomial_test_against_the_regional_fifteen_percent() -> None:
    assert binomial_test(15, 100, 0.15).direction == "gelijk"
    assert binomial_test(35, 100, 0.15).direction == "hoger"
    assert binomial_test(3, 100, 0.15).direction == "lager"
    assert binomial_test(0, 0, 0.15).p_value is None
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        binomial_test(1, 2, 15)


def test_changes_between_measurements() -> None:
    fewer = compare_counts(40, 1.0, 15, 1.0)  # dumpings per year: 40 then 15
    assert fewer.ratio == pytest.approx(15 / 40) and fewer.beyond_chance
    same = compare_counts(10, 1.0, 8, 1.0)
    assert not same.beyond_chance
    shares = compare_shares(30, 100, 12, 100)
    assert shares.difference == pytest.approx(-0.18) and shares.beyond_chance
    assert compare_shares(0, 0, 1, 5).p_value is None
    calm = compare_means(mean_interval([5, 6, 5, 6, 5, 6]), mean_interval([7, 8, 7, 8, 7, 8]))
    assert calm.difference == pytest.approx(2.0) and calm.beyond_chance
