"""The one clock of the app: Dutch wall-clock time.

The database keeps times without a time zone (DuckDB ``TIMESTAMP``); they are Dutch local time, as the
partners read them. Every "now" in the app comes from here, made from an aware time in Europe/Amsterdam,
so a server whose own zone is UTC still writes and compares Dutch times.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

NL_TZ = ZoneInfo("Europe/Amsterdam")


def now_nl() -> datetime:
    """The current Dutch local time, without a time zone attached (as the database keeps it)."""
    return datetime.now(NL_TZ).replace(tzinfo=None)
