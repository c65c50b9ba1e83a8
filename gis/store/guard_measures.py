"""Who may call the store methods of measures and the plan of action (B2–B3). ``RULES`` of
``gis.store.guard_rules`` takes these."""

from __future__ import annotations

from gis.store.guard_scope import Rule

MEASURE_RULES: dict[str, Rule] = {}
