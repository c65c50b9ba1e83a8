"""The area profile on the demo: raw counts add up, rates and ratios follow from them, and a counts-only role
gets only released counts (no ratio from a hidden count)."""

from __future__ import annotations

from datetime import date

import pytest

from gis.analysis.profile import area_profile, summary
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, Principal, Role
from gis.store import Filters
from gis.store.guard import GuardedStore

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def test_profile_counts_match_the_store_and_rates_follow(demo_store) -> None:
    area_id = int(demo_store.areas()["id"].iloc[0])
    profile = area_profile(demo_store, area_id, *YEAR)
    total = next(ln for ln in profile.lines if ln.layer is Layer.INCIDENTS and ln.breakdown == "totaal")
    assert total.area == demo_store.layer_count(Layer.INCIDENTS, Filters(*YEAR, area_id=area_id))
    assert total.municipality == demo_store.layer_count(
        Layer.INCIDENTS, Filters(*YEAR, municipality=profile.municipality_code)
    )
    by_source = [ln.area for ln in profile.lines if ln.layer is Layer.INCIDENTS and ln.breakdown == "bron"]
    assert sum(by_source) == total.area
    by_category = {
        ln.value: ln.area for ln in profile.lines if ln.layer is Layer.INCIDENTS and ln.breakdown == "categorie"
    }
    assert by_category and sum(by_category.values()) <= total.area  # incidents without a category are not listed
    for code, n in list(by_category.items())[:3]:
        assert n == demo_store.layer_count(Layer.INCIDENTS, Filters(*YEAR, area_id=area_id, categories=(code,)))
    assert total.rate("area") == pytest.approx(total.area / total.area_ha * 1000)
    rest = total.region - total.area
    assert total.ratio.ratio == pytest.approx((total.area / total.area_ha) / (rest / (total.region_ha - total.area_ha)))
    assert total.ratio.low < total.ratio.ratio < total.ratio.high
    table = profile.table()
    assert table["gebied"].dtype.kind in "if" and table["verhouding"].dtype.kind == "f"
    text = summary(profile, Layer.INCIDENTS)
    assert text.startswith(f"In 2025 werden in {profile.area_name} {total.area} incidenten geteld")
    assert "95%:" in text


def test_a_counts_only_role_gets_released_counts_and_no_ratio_from_hidden_ones(demo_store) -> None:
    area_id = int(demo_store.areas()["id"].iloc[0])
    workgroup = GuardedStore(demo_store, Principal("wg", Role.WORKGROUP, frozenset({"*"})))
    profile = area_profile(workgroup, area_id)  # all data: the small demo has few records per year
    raw = area_profile(demo_store, area_id)
    # the area's count is the sum of its shown 1 km cells: a lower bound, so no ratio is claimed from it
    assert all(ln.lower_bound and ln.ratio is None for ln in profile.lines)
    for mine, exact in zip(profile.lines, raw.lines, strict=True):
        assert mine.area == SUPPRESSED or mine.area <= exact.area + 5  # perturbation is small; never the raw list
    # municipality counts are released (perturbed, <5 hidden) and never below 5 when shown
    shown = [ln.municipality for ln in profile.lines if ln.municipality not in (SUPPRESSED, 0)]
    assert shown and all(n >= 5 for n in shown)
    hidden = [ln for ln in profile.lines if ln.municipality == SUPPRESSED]
    assert hidden and all(ln.rate("municipality") is None for ln in hidden)
    table = profile.table()
    assert table.loc[table["gemeente"].isna(), "verborgen"].all() and table["ondergrens"].all()
    text = summary(profile, Layer.INCIDENTS)
    assert "minstens" in text or "vakken van 1 km met minstens 5" in text
    assert "95%" not in text


def test_unknown_area_is_refused_in_dutch(demo_store) -> None:
    with pytest.raises(ValueError, match="bestaat niet"):
        area_profile(demo_store, 9999)
