"""Store methods for measures, rankings, objectives and evidence of the plan of action (B2–B3); both backends."""

from __future__ import annotations


class MeasuresMixin:
    """Mixed into both backends (``DuckDBStore``, ``PostGISStore``)."""
