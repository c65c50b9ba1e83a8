"""Where a guarded call acts: its arguments, and whether a place or an area lies in the principal's scope.

Shared by the store's rules (``gis.store.guard_rules``) and the safety analysis's (``gis.store.guard_analysis``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shapely

from gis.domain.roles import PermissionDenied, Principal

Check = Callable[[Principal, Any, tuple, dict], None]


@dataclass(frozen=True)
class Rule:
    """Who may call a store method, and what the audit log records of it (``audit``: action, resource)."""

    check: Check
    audit: tuple[str, str] | None = None
    suppress: bool = False  # aggregate-only roles get the answer of gis.privacy instead of the store's
    personal: bool = False  # reporters' names are blanked for roles that may not see them
    scoped: bool = False  # records only inside the principal's municipalities and areas
    own: bool = False  # the principal's own record (a draft): ``user`` is always the signed-in principal


def arg(args: tuple, kwargs: dict, index: int, name: str) -> Any:
    """Argument ``name`` of a call, by keyword or at position ``index`` (None when absent)."""
    return kwargs[name] if name in kwargs else (args[index] if len(args) > index else None)


def place_in_scope(p: Principal, store: Any, record: dict, verb: str) -> None:
    """A report's place (``x``/``y`` in ``record``) must lie in the principal's scope: outside it, new or moved
    records would let a role re-draw the noise of counts it may only see released."""
    try:
        x, y = float(record["x"]), float(record["y"])
    except (KeyError, TypeError, ValueError):
        return  # the store refuses a report without a place
    munis, areas = store.municipalities(), store.areas()
    code = next((m.code for m in munis.itertuples() if shapely.contains_xy(m.geometry, x, y)), None)
    inside = [int(a.id) for a in areas.itertuples() if shapely.contains_xy(a.geometry, x, y)]
    if not p.covers(code, inside):
        raise PermissionDenied(f"Geen toegang: {p.user} mag alleen meldingen binnen het eigen werkgebied {verb}.")


def area_in_scope(p: Principal, store: Any, area_id: object) -> None:
    """A scoped role reads and writes the analysis of an area in its scope only (an area counts when it is in
    the scope itself, or when it overlaps one of the scope's municipalities); no area means all: everywhere only."""
    if p.everywhere:
        return
    if area_id is None:
        raise PermissionDenied(f"Geen toegang: {p.user} ziet alleen de gebieden van het eigen werkgebied; kies er een.")
    areas = store.areas()
    row = areas[areas["id"] == int(area_id)]  # type: ignore[arg-type]
    if row.empty:
        raise PermissionDenied(f"Geen toegang: gebied {area_id} is onbekend.")
    munis = store.municipalities()
    touched = munis[munis.geometry.intersects(row.geometry.iloc[0])]["code"].astype(str)
    if not any(p.covers(code, [int(area_id)]) for code in touched) and not p.covers(None, [int(area_id)]):
        raise PermissionDenied(f"Geen toegang: gebied {area_id} ligt buiten het werkgebied van {p.user}.")


__all__ = ["area_in_scope", "arg", "place_in_scope"]
