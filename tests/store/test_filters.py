"""Selections to SQL, without a database."""

from datetime import date

import pytest

from gis.domain.catalog import Layer
from gis.store.filters import BBox, Filters, where


def test_empty_selection_has_no_where() -> None:
    assert where(Layer.INCIDENTS, Filters()) == ("", [])


def test_period_applies_to_incidents_not_barns() -> None:
    f = Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31))
    sql, params = where(Layer.INCIDENTS, f)
    assert "occurred_on >= ?" in sql and "occurred_on <= ?" in sql
    assert params == [date(2024, 1, 1), date(2024, 12, 31)]
    assert where(Layer.BARNS, f) == ("", [])


@pytest.mark.parametrize(("layer", "column"), [(Layer.INCIDENTS, "source_org"), (Layer.DUMPINGS, "reporter_org")])
def test_sources(layer: Layer, column: str) -> None:
    sql, params = where(layer, Filters(sources=("politie", "riec")))
    assert f"{column} IN (?, ?)" in sql
    assert params == ["politie", "riec"]


def test_no_sources_selects_nothing() -> None:
    sql, _ = where(Layer.INCIDENTS, Filters(sources=()))
    assert "FALSE" in sql


def test_area_and_bbox() -> None:
    sql, params = where(Layer.DUMPINGS, Filters(area_id=3), BBox(1, 2, 3, 4))
    assert "area_members" in sql and "x BETWEEN ? AND ?" in sql
    assert params == ["dumpings", 3, 1, 3, 2, 4]


def test_values_never_enter_sql_text() -> None:
    hostile = "x'); DROP TABLE incidents; --"
    sql, params = where(Layer.INCIDENTS, Filters(sources=(hostile,), municipality=hostile))
    assert hostile not in sql and params.count(hostile) == 2
