"""Migration 14: measures and the plan of action (steps B2–B3): the measure catalogue (seeded), the measures
chosen for an area (placed as a point, road segment or zone), rankings and comments, objectives, evidence.
Portable SQL, as in ``gis.store.schema``.
"""

from __future__ import annotations

B2_VERSION = 14
B2_DESCRIPTION = "maatregelen en plan van aanpak (B2–B3)"
B2_STATEMENTS: tuple[str, ...] = ()
# PostGIS only (``gis.store.pg_sql.PG_EXTRA``).
B2_PG_EXTRA: tuple[str, ...] = ()

# Every table of this migration with its Dutch name (for ``python -m gis copy``), and those it seeds.
B2_TABLES: dict[str, str] = {}
B2_SEEDED: frozenset[str] = frozenset()

__all__ = ["B2_DESCRIPTION", "B2_PG_EXTRA", "B2_SEEDED", "B2_STATEMENTS", "B2_TABLES", "B2_VERSION"]
