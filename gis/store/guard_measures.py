"""Who may call the store methods of measures and the plan of action (B2–B3). ``RULES`` of
``gis.store.guard_rules`` takes these.

The catalogue: every member reads it (``measures`` VIEW), only the administrator edits it. An area's measures,
objectives and evidence: VIEW on ``plans`` to read, CREATE/UPDATE/DELETE to write, ranking: CREATE on
``ranking``; a scoped role only for areas in its scope (a measure, piece of evidence or objective counts as its
area's). Ids must be whole numbers; the checks hand the store the plain ``int`` they checked.
"""

from __future__ import annotations

from typing import Any

from gis.domain.roles import Action, PermissionDenied, Principal, require
from gis.store.guard_scope import Check, Rule, area_in_scope, plain_arg, plain_id


def _plain(kwargs: dict, name: str, what: str) -> int:
    """The id argument ``name`` made plain, and handed to the store as checked (the guard calls the store with
    these arguments, by name)."""
    return plain_arg(kwargs, name, what)  # type: ignore[return-value]


def _area_of(store: Any, table: str, key: int, what: str) -> int:
    """The area of row ``key`` of ``table`` (evidence via its measure); refused when unknown."""
    sql = {
        "area_measures": "SELECT area_id FROM area_measures WHERE id = ?",
        "objectives": "SELECT area_id FROM objectives WHERE id = ?",
        "measure_evidence": "SELECT m.area_id FROM measure_evidence e JOIN area_measures m ON m.id = e.measure_id "
        "WHERE e.id = ?",
    }[table]
    rows = store.query_df(sql, [key])
    if rows.empty:
        raise PermissionDenied(f"Geen toegang: {what} {key} is onbekend.")
    return int(rows.iloc[0, 0])


def on_area(action: Action, resource: str = "plans") -> Check:
    """The right ``action`` on ``resource`` and the call's ``area_id`` in the principal's scope."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)
        area_in_scope(p, store, _plain(kwargs, "area_id", "gebied"))

    return check


def on_row(action: Action, table: str, name: str, what: str, resource: str = "plans") -> Check:
    """The right ``action`` on ``resource`` and the area of the row named by argument ``name`` in scope."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)
        area = _area_of(store, table, _plain(kwargs, name, what), what)
        area_in_scope(p, store, area)

    return check


def save_objective(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """A new objective: CREATE; a change: UPDATE, and the objective must be of the area named (in scope)."""
    objective_id = kwargs.get("objective_id")
    require(p, Action.CREATE if objective_id is None else Action.UPDATE, "plans")
    area_id = _plain(kwargs, "area_id", "gebied")
    area_in_scope(p, store, area_id)
    if objective_id is not None and _area_of(store, "objectives", _plain(kwargs, "objective_id", "doel"),
                                             "doel") != area_id:  # fmt: skip
        raise PermissionDenied(f"Geen toegang: doel {objective_id} hoort niet bij gebied {area_id}.")


def catalogue_admin(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.ADMIN, "measures")


def catalogue_view(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.VIEW, "measures")


_MEASURE = ("area_measures", "measure_id", "maatregel")
MEASURE_RULES: dict[str, Rule] = {
    # the catalogue: read by every member, edited by the administrator only
    "measure_catalogue": Rule(catalogue_view),
    "save_catalogue_measure": Rule(catalogue_admin, ("update", "measures")),
    "retire_catalogue_measure": Rule(catalogue_admin, ("update", "measures")),
    "restore_catalogue_measure": Rule(catalogue_admin, ("update", "measures")),
    "delete_catalogue_measure": Rule(catalogue_admin, ("delete", "measures")),
    # an area's measures, their plan, place and history
    "area_measures": Rule(on_area(Action.VIEW)),
    "measure_history": Rule(on_area(Action.VIEW)),
    "add_area_measure": Rule(on_area(Action.CREATE), ("create", "plans")),
    "decide_measure": Rule(on_row(Action.UPDATE, *_MEASURE), ("update", "plans")),
    "place_measure": Rule(on_row(Action.UPDATE, *_MEASURE), ("update", "plans")),
    "plan_measure": Rule(on_row(Action.UPDATE, *_MEASURE), ("update", "plans")),
    # ranking and comments in the meeting: every member
    "rank_measure": Rule(on_row(Action.CREATE, *_MEASURE, resource="ranking"), ("create", "ranking")),
    "measure_rankings": Rule(on_area(Action.VIEW)),
    # evidence of measures carried out
    "add_measure_evidence": Rule(on_row(Action.UPDATE, *_MEASURE), ("create", "plans")),
    "measure_evidence": Rule(on_area(Action.VIEW)),
    "measure_evidence_file": Rule(on_row(Action.VIEW, "measure_evidence", "evidence_id", "bewijsstuk")),
    # objectives
    "objectives": Rule(on_area(Action.VIEW)),
    "save_objective": Rule(save_objective, ("update", "plans")),
    "delete_objective": Rule(on_row(Action.DELETE, "objectives", "objective_id", "doel"), ("delete", "plans")),
}

__all__ = ["MEASURE_RULES", "catalogue_admin", "catalogue_view", "on_area", "on_row", "plain_id", "save_objective"]
