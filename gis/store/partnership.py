"""Store methods for the partnership (A2–A5) and its certification (B4); both backends."""

from __future__ import annotations


class PartnershipMixin:
    """Mixed into both backends (``DuckDBStore``, ``PostGISStore``)."""
