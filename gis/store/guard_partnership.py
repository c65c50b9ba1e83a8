"""Who may call the store methods of the partnership (A2–A5) and its certification (B4). ``RULES`` of
``gis.store.guard_rules`` takes these."""

from __future__ import annotations

from gis.store.guard_scope import Rule

PARTNERSHIP_RULES: dict[str, Rule] = {}
