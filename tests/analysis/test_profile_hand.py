"""The area profile on a hand-made area against hand computation: a 10 x 10 km square in Enschede with 8
incidents in it and 40 elsewhere in the region; counts, rates per 1,000 ha and the exact rate ratio."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import shapely
from scipy import stats

from gis.analysis.profile import area_profile, summary
from gis.domain.catalog import Layer
from gis.io.reference import REGION_PROVINCES


def _incidents(points: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame({"x": [p[0] for p in points], "y": [p[1] for p in points], "source_org": "politie",
                         "category": "drugslab", "occurred_on": pd.Timestamp("2025-06-01")})  # fmt: skip


def test_profile_counts_rates_and_ratio_by_hand(store) -> None:
    square = shapely.box(252_000, 466_000, 262_000, 476_000)  # 10,000 ha in and around Enschede
    area_id = store.add_area("Handgebied", square, created_by="t")
    inside = [(253_000 + 1000 * i, 467_000 + 1000 * i) for i in range(8)]
    outside = [(200_000 + 500 * i, 450_000 + 300 * (i % 7)) for i in range(40)]  # Gelderland, well outside
    store.insert_points(Layer.INCIDENTS, _incidents(inside + outside))
    profile = area_profile(store, area_id, date(2025, 1, 1), date(2025, 12, 31))
    line = next(ln for ln in profile.lines if ln.layer is Layer.INCIDENTS and ln.breakdown == "totaal")
    region_ha = store.municipalities(list(REGION_PROVINCES)).geometry.area.sum() / 10_000
    area_ha = 10_000.0
    assert (line.area, line.region) == (8, 48)
    assert line.area_ha == pytest.approx(area_ha) and line.region_ha == pytest.approx(region_ha)
    assert line.rate("area") == pytest.approx(8 / area_ha * 1000)
    assert line.rate("rest") == pytest.approx(40 / (region_ha - area_ha) * 1000)
    ratio = (8 / area_ha) / (40 / (region_ha - area_ha))
    assert line.ratio.ratio == pytest.approx(ratio)
    # exact interval by hand: 8 of 48 events in the area; Clopper-Pearson on that share, mapped to the ratio
    scale = (region_ha - area_ha) / area_ha
    p_low, p_high = stats.beta.ppf(0.025, 8, 41), stats.beta.ppf(0.975, 9, 40)
    assert line.ratio.low == pytest.approx(p_low / (1 - p_low) * scale)
    assert line.ratio.high == pytest.approx(p_high / (1 - p_high) * scale)
    assert line.ratio.significant and line.ratio.low > 1  # far denser than the rest of the region
    text = summary(profile, Layer.INCIDENTS)
    shown = f"{ratio:.1f}".replace(".", ",")
    assert text.startswith("In 2025 werden in Handgebied 8 incidenten geteld, " + shown + " keer het gemiddelde")
