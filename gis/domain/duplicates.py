"""Possible duplicates of a new dumping report: open reports close by in place and time.

Pure pandas/numpy: the caller passes the open reports (RD New metres); nothing here reads a database.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from gis.domain.dumping_workflow import CLOSED_STATUSES

MAX_DISTANCE_M = 100.0
MAX_DAYS = 14.0
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "x", "y", "found_at", "status")
_DAY = np.timedelta64(1, "D")


def find_duplicates(
    x: float,
    y: float,
    found_at: datetime,
    open_reports: pd.DataFrame,
    *,
    max_distance_m: float = MAX_DISTANCE_M,
    max_days: float = MAX_DAYS,
    exclude_id: object = None,
) -> pd.DataFrame:
    """Open reports within ``max_distance_m`` metres and ``max_days`` days (either direction), nearest first.

    Parameters
    ----------
    x, y
        The new report's position, RD New metres.
    found_at
        When the new report's dumping was found (naive local time, like the store).
    open_reports
        Candidate reports with at least ``id, x, y, found_at, status``. Reports whose status is in
        ``CLOSED_STATUSES`` (geruimd, gesloten) are ignored; a missing status counts as open.
    max_distance_m, max_days
        Inclusive limits (100 m and 14 days by default).
    exclude_id
        The report itself when an existing report is edited.

    Returns
    -------
    pandas.DataFrame
        The matching rows with all their columns plus ``distance_m`` and ``days_apart`` (absolute,
        fractional days), sorted by distance then time; empty (same columns) when there are none.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in open_reports.columns]
    if missing:
        raise ValueError(f"Meldingen voor de dubbelcontrole missen kolom(men): {', '.join(missing)}.")
    frame = open_reports
    keep = ~frame["status"].isin(CLOSED_STATUSES).to_numpy()
    if exclude_id is not None:
        keep &= (frame["id"] != exclude_id).to_numpy()
    frame = frame[keep]
    dx = frame["x"].to_numpy(dtype=float) - float(x)
    dy = frame["y"].to_numpy(dtype=float) - float(y)
    distance = np.hypot(dx, dy)
    when = pd.to_datetime(frame["found_at"]).to_numpy(dtype="datetime64[ns]")
    days = np.abs(when - np.datetime64(pd.Timestamp(found_at).to_datetime64(), "ns")) / _DAY
    hit = (distance <= max_distance_m) & (days <= max_days)
    out = frame[hit].copy()
    out["distance_m"] = distance[hit]
    out["days_apart"] = days[hit]
    return out.sort_values(["distance_m", "days_apart"], kind="stable").reset_index(drop=True)
