"""Possible duplicates: open reports within 100 m and 14 days, nearest first; closed reports ignored."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest

from gis.domain.duplicates import find_duplicates

X, Y = 221_000.0, 455_000.0
WHEN = datetime(2024, 6, 15, 10, 0)


def reports(*rows: tuple[int, float, float, float, str]) -> pd.DataFrame:
    """Reports as ``(id, dx metres, dy metres, days after WHEN, status)`` relative to the new report."""
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "x": [X + r[1] for r in rows],
            "y": [Y + r[2] for r in rows],
            "found_at": [WHEN + timedelta(days=r[3]) for r in rows],
            "status": [r[4] for r in rows],
        }
    )


def ids(frame: pd.DataFrame) -> list[int]:
    return frame["id"].tolist()


def test_99_metres_is_a_duplicate_101_is_not() -> None:
    found = find_duplicates(X, Y, WHEN, reports((1, 99, 0, 0, "gemeld"), (2, 0, 101, 0, "gemeld")))
    assert ids(found) == [1] and found["distance_m"].tolist() == pytest.approx([99.0])


def test_distance_is_euclidean_in_rd_and_the_limit_inclusive() -> None:
    found = find_duplicates(X, Y, WHEN, reports((1, 60, 80, 0, "gemeld"), (2, 60.1, 80, 0, "gemeld")))
    assert ids(found) == [1] and found["distance_m"].iloc[0] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("days", "duplicate"), [(13, True), (-13, True), (14, True), (-14, True), (15, False), (-15, False)]
)
def test_13_days_either_way_is_a_duplicate_15_is_not(days: int, duplicate: bool) -> None:
    found = find_duplicates(X, Y, WHEN, reports((1, 10, 10, days, "in onderzoek")))
    assert ids(found) == ([1] if duplicate else [])
    if duplicate:
        assert found["days_apart"].iloc[0] == pytest.approx(abs(days))


def test_fractional_days_count() -> None:
    found = find_duplicates(X, Y, WHEN, reports((1, 0, 0, 14.25, "gemeld"), (2, 0, 0, -0.5, "gemeld")))
    assert ids(found) == [2] and found["days_apart"].iloc[0] == pytest.approx(0.5)


def test_closed_reports_are_ignored() -> None:
    frame = reports(
        (1, 5, 0, 0, "geruimd"),
        (2, 6, 0, 0, "gesloten"),
        (3, 7, 0, 0, "in onderzoek"),
        (4, 8, 0, 0, "gemeld"),
        (5, 9, 0, 0, None),  # unknown status counts as open
    )
    assert ids(find_duplicates(X, Y, WHEN, frame)) == [3, 4, 5]


def test_sorted_by_distance_then_time_with_all_columns_kept() -> None:
    frame = reports(
        (1, 90, 0, 1, "gemeld"), (2, 0, 30, 10, "gemeld"), (3, -30, 0, 2, "gemeld"), (4, 50, 0, 0, "gemeld")
    )
    frame["place_type"] = ["akker", "bos", "sloot/water", "akker"]
    found = find_duplicates(X, Y, WHEN, frame)
    assert ids(found) == [3, 2, 4, 1]  # 30 m (2 days) before 30 m (10 days), then 50 m, 90 m
    assert list(found.columns) == ["id", "x", "y", "found_at", "status", "place_type", "distance_m", "days_apart"]
    assert found.index.tolist() == [0, 1, 2, 3]


def test_the_report_itself_can_be_excluded() -> None:
    frame = reports((1, 0, 0, 0, "gemeld"), (2, 20, 0, 0, "gemeld"))
    assert ids(find_duplicates(X, Y, WHEN, frame, exclude_id=1)) == [2]


def test_limits_can_be_chosen() -> None:
    frame = reports((1, 150, 0, 20, "gemeld"))
    assert ids(find_duplicates(X, Y, WHEN, frame)) == []
    assert ids(find_duplicates(X, Y, WHEN, frame, max_distance_m=200, max_days=30)) == [1]


def test_found_at_as_text_and_input_not_modified() -> None:
    frame = reports((1, 10, 0, 3, "gemeld"))
    frame["found_at"] = frame["found_at"].astype(str)
    before = frame.copy()
    found = find_duplicates(X, Y, WHEN, frame)
    assert ids(found) == [1] and found["days_apart"].iloc[0] == pytest.approx(3.0)
    pd.testing.assert_frame_equal(frame, before)


def test_no_reports_gives_an_empty_frame_with_the_columns() -> None:
    empty = pd.DataFrame({"id": [], "x": [], "y": [], "found_at": pd.to_datetime([]), "status": []})
    found = find_duplicates(X, Y, WHEN, empty)
    assert found.empty and {"distance_m", "days_apart"} <= set(found.columns)


def test_missing_found_at_never_matches() -> None:
    frame = reports((1, 10, 0, 0, "gemeld"), (2, 10, 0, 0, "gemeld"))
    frame.loc[0, "found_at"] = pd.NaT
    assert ids(find_duplicates(X, Y, WHEN, frame)) == [2]


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match=r"missen kolom\(men\): found_at, status"):
        find_duplicates(X, Y, WHEN, pd.DataFrame({"id": [1], "x": [X], "y": [Y]}))


def test_many_reports_vectorised() -> None:
    n = 100_000
    frame = pd.DataFrame(
        {
            "id": range(n),
            "x": X + (pd.Series(range(n)) % 1000) * 10.0,
            "y": Y,
            "found_at": WHEN,
            "status": "gemeld",
        }
    )
    found = find_duplicates(X, Y, WHEN, frame)
    assert len(found) == 11 * 100 and found["distance_m"].max() == pytest.approx(100.0)  # 0..100 m, 100 copies each
