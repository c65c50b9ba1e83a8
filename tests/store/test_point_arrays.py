"""The point arrays behind the hotspot analysis keep a missing date missing."""

from __future__ import annotations

import numpy as np

from gis.domain.catalog import Layer
from gis.store import Filters, Store


def test_a_layer_without_dates_gives_nat_not_1970(shared: Store) -> None:
    barns = shared.point_arrays(Layer.BARNS, Filters(), ["date"])
    assert len(barns["date"]) > 0 and np.isnat(barns["date"]).all()  # barns have no event date
    incidents = shared.point_arrays(Layer.INCIDENTS, Filters(), ["date"])
    assert not np.isnat(incidents["date"]).any() and (incidents["date"] > np.datetime64("2000-01-01")).all()
