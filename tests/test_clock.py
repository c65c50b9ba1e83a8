"""The app's clock is Dutch wall-clock time whatever the server's own zone is."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gis.clock import now_nl


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_now_is_dutch_time_on_a_server_in_any_zone(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        ours = now_nl()
        dutch = datetime.now(UTC).astimezone(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
        assert ours.tzinfo is None and abs(ours - dutch) < timedelta(seconds=5)
        assert abs(ours - datetime.now()) > timedelta(minutes=30) or zone == "UTC"  # not the server's local time
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert os.environ.get("TZ") is None
