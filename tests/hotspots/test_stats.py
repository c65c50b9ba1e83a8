"""Multiple-testing correction (against statsmodels) and hot/cold spot classes."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from gis.hotspots.stats import CLASS_COLOURS, CLASS_LABELS, adjust_pvalues, classify

SM_METHOD = {"fdr": "fdr_bh", "holm": "holm"}


@pytest.mark.parametrize("method", ["fdr", "holm"])
@pytest.mark.parametrize("size", [1, 2, 7, 100, 2500])
def test_adjust_matches_statsmodels(method: str, size: int) -> None:
    rng = np.random.default_rng(size)
    p = rng.uniform(0, 1, size) ** 3  # skewed towards small p-values
    p[: size // 4] = np.round(p[: size // 4], 2)  # ties
    rng.shuffle(p)
    expected = multipletests(p, method=SM_METHOD[method])[1]
    np.testing.assert_allclose(adjust_pvalues(p, method), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", ["fdr", "holm"])
def test_adjust_many_ties_and_extremes(method: str) -> None:
    p = np.array([0.0, 0.01, 0.01, 0.01, 0.5, 0.5, 1.0, 0.04, 0.04, 0.0])
    expected = multipletests(p, method=SM_METHOD[method])[1]
    np.testing.assert_allclose(adjust_pvalues(p, method), expected, rtol=0, atol=1e-12)


def test_adjust_hand_computed() -> None:
    p = [0.01, 0.04, 0.03, 0.20]
    # BH: sorted 0.01, 0.03, 0.04, 0.20 -> 0.04, 0.06, 0.0533.., 0.20 -> running min from the top.
    np.testing.assert_allclose(adjust_pvalues(p, "fdr"), [0.04, 0.0533333333333, 0.0533333333333, 0.20])
    # Holm: 0.01*4, 0.03*3, 0.04*2, 0.20*1 = 0.04, 0.09, 0.08, 0.20 -> running max 0.04, 0.09, 0.09, 0.20.
    np.testing.assert_allclose(adjust_pvalues(p, "holm"), [0.04, 0.09, 0.09, 0.20])


@pytest.mark.parametrize("method", ["fdr", "holm"])
def test_adjust_ignores_nan(method: str) -> None:
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 0.2, 30)
    with_nan = p.copy()
    with_nan[[3, 11, 29]] = np.nan
    result = adjust_pvalues(with_nan, method)
    assert np.isnan(result[[3, 11, 29]]).all()
    kept = ~np.isnan(with_nan)
    expected = multipletests(with_nan[kept], method=SM_METHOD[method])[1]  # m = 27, not 30
    np.testing.assert_allclose(result[kept], expected, rtol=0, atol=1e-12)


def test_adjust_clipped_monotone_and_shape() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0, 1, (20, 15))
    for method in ("fdr", "holm"):
        result = adjust_pvalues(p, method)
        assert result.shape == p.shape
        assert (result >= p - 1e-15).all()
        assert ((result >= 0) & (result <= 1)).all()
        order = np.argsort(p, axis=None)
        assert (np.diff(result.reshape(-1)[order]) >= 0).all()


def test_adjust_none_is_copy_and_edge_inputs() -> None:
    p = np.array([0.2, np.nan, 0.01])
    result = adjust_pvalues(p, "none")
    np.testing.assert_array_equal(result, p)
    result[0] = 0.9
    assert p[0] == 0.2
    assert adjust_pvalues([], "fdr").shape == (0,)
    assert np.isnan(adjust_pvalues([np.nan, np.nan], "holm")).all()


def test_adjust_unknown_method() -> None:
    with pytest.raises(ValueError, match="Onbekende correctiemethode 'bonferroni'"):
        adjust_pvalues([0.1], "bonferroni")


def test_classify_levels_and_boundaries() -> None:
    z = np.array([3.0, 2.0, 1.7, 1.0, -3.0, -2.0, -1.7, -1.0, 2.0, 2.0, 2.0, 0.0])
    p = np.array([0.001, 0.03, 0.07, 0.5, 0.001, 0.03, 0.07, 0.5, 0.01, 0.05, 0.10, 0.001])
    np.testing.assert_array_equal(classify(z, p), [3, 2, 1, 0, -3, -2, -1, 0, 2, 1, 0, 0])
    assert classify(z, p).dtype == np.int8


def test_classify_nan_is_zero() -> None:
    result = classify([np.nan, 2.5, np.nan], [0.001, np.nan, np.nan])
    np.testing.assert_array_equal(result, [0, 0, 0])


def test_classify_keeps_shape() -> None:
    z = np.full((3, 4), -2.7)
    assert classify(z, 0.004).shape == (3, 4)
    assert (classify(z, 0.004) == -3).all()


def test_labels_and_colours_cover_all_classes() -> None:
    assert set(CLASS_LABELS) == set(range(-3, 4)) == set(CLASS_COLOURS)
    assert CLASS_LABELS[3]["nl"] == "Hotspot, 99% betrouwbaar"
    assert CLASS_LABELS[-1]["nl"] == "Coldspot, 90% betrouwbaar"
    assert CLASS_LABELS[0] == {"nl": "Niet significant", "en": "Not significant"}
    assert all(set(labels) == {"nl", "en"} for labels in CLASS_LABELS.values())
    assert all(len(c) == 7 and c.startswith("#") for c in CLASS_COLOURS.values())
    assert len(set(CLASS_COLOURS.values())) == 7
