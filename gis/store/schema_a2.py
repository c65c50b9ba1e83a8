"""Migration 15: the partnership and the Keurmerk (steps A2–A5, B4): participants and representatives,
signatures, agreements, meetings with minutes and action items, files, obligations, evaluations, audits and
Keurmerk applications. Portable SQL, as in ``gis.store.schema``.
"""

from __future__ import annotations

A2_VERSION = 15
A2_DESCRIPTION = "samenwerking en keurmerk (A2–A5, B4)"
A2_STATEMENTS: tuple[str, ...] = ()
# PostGIS only (``gis.store.pg_sql.PG_EXTRA``).
A2_PG_EXTRA: tuple[str, ...] = ()

# Every table of this migration with its Dutch name (for ``python -m gis copy``), and those it seeds.
A2_TABLES: dict[str, str] = {}
A2_SEEDED: frozenset[str] = frozenset()

__all__ = ["A2_DESCRIPTION", "A2_PG_EXTRA", "A2_SEEDED", "A2_STATEMENTS", "A2_TABLES", "A2_VERSION"]
