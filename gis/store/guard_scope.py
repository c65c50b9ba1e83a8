"""Where a guarded call acts: its arguments, and whether a place or an area lies in the principal's scope.

Shared by the store's rules (``gis.store.guard_rules``) and the safety analysis's (``gis.store.guard_analysis``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from gis.domain.roles import PermissionDenied, Principal

Check = Callable[[Principal, Any, tuple, dict], None]
MIN_SHARE = 0.01  # a municipality counts for an area when it holds at least 1 % of the area's surface
MAX_ID = 2**31 - 1  # ids are the databases' INTEGER


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


def plain_id(value: object, what: str) -> int:
    """``value`` as a plain ``int`` id (1 … ``MAX_ID``), only when it is a whole number already (``int`` or a
    NumPy integer); a subclass of ``int`` gives its own value, never what its ``__int__`` says (which could name
    another record to the store than to the check). Anything else: ``PermissionDenied`` naming ``what``."""
    if type(value) is int:
        number = value
    elif isinstance(value, np.integer) and type(value).__module__ == "numpy":
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = int.__int__(value)
    else:
        raise PermissionDenied(f"Geen toegang: {what} '{str(value)[:40]}' is geen nummer.")
    if not 0 < number <= MAX_ID:
        raise PermissionDenied(f"Geen toegang: {what} {str(number)[:40]} bestaat niet.")
    return number


def plain_arg(kwargs: dict, name: str, what: str, optional: bool = False) -> int | None:
    """Argument ``name`` made a plain checked id (``plain_id``) and handed to the store as checked: the guard
    calls the store with these very arguments, by name. ``optional``: None stays None."""
    if optional and kwargs.get(name) is None:
        kwargs[name] = None
        return None
    kwargs[name] = plain_id(kwargs.get(name), what)
    return kwargs[name]


def holds_share(municipality: shapely.Geometry, area: shapely.Geometry) -> bool:
    """Whether ``municipality`` holds at least ``MIN_SHARE`` of ``area``'s surface (an area drawn along the
    border only touches its neighbour: that does not count); an area without surface counts where it lies."""
    if area is None or area.is_empty or not municipality.intersects(area):
        return False
    if area.area <= 0:
        return True
    return municipality.intersection(area).area >= MIN_SHARE * area.area


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
    the scope itself, or when one of the scope's municipalities holds at least ``MIN_SHARE`` of its surface; a
    mere touch of the border does not count); no area means all: everywhere only."""
    if p.everywhere:
        return
    if area_id is None:
        raise PermissionDenied(f"Geen toegang: {p.user} ziet alleen de gebieden van het eigen werkgebied; kies er een.")
    area = plain_id(area_id, "gebied")
    areas = store.areas()
    row = areas[areas["id"] == area]
    if row.empty:
        raise PermissionDenied(f"Geen toegang: gebied {area} is onbekend.")
    if p.covers(None, [area]):
        return
    geom = row.geometry.iloc[0]
    munis = store.municipalities()
    for m in munis[munis.geometry.intersects(geom)].itertuples():
        if p.covers(str(m.code), [area]) and holds_share(m.geometry, geom):
            return
    raise PermissionDenied(f"Geen toegang: gebied {area} ligt buiten het werkgebied van {p.user}.")


__all__ = ["MAX_ID", "MIN_SHARE", "area_in_scope", "arg", "holds_share", "place_in_scope", "plain_arg", "plain_id"]
