"""The store as one signed-in user may use it: every call is checked against the role table first.

Pages never get the bare store; ``gis.ui.state.page_start`` hands them ``GuardedStore(store, principal)``.
Each store method the app uses has a rule here (``RULES``); a method without a rule is refused, so a new
store method is closed until someone decides who may call it. A call the role does not allow raises
``PermissionDenied`` (Dutch) before the database is touched, whatever the page shows or hides.

Writes, imports and undos are written to the audit log after they succeed (who, role, what, which
record, why); a refused call is logged as refused. Aggregate reads of a role with ``Access.AGGREGATE``
come back with small counts (fewer than ``SMALL_COUNT_SUPPRESSION``) suppressed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, is_dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.roles import (
    POLICIES,
    SMALL_COUNT_SUPPRESSION,
    SUPPRESSED,
    Access,
    Action,
    PermissionDenied,
    Principal,
    can_edit_record,
    layer_access,
    require,
    require_layer,
)

Check = Callable[[Principal, Any, tuple, dict], None]


def _arg(args: tuple, kwargs: dict, index: int, name: str) -> Any:
    return kwargs[name] if name in kwargs else (args[index] if len(args) > index else None)


def _layer_of(args: tuple, kwargs: dict) -> Layer:
    value = _arg(args, kwargs, 0, "layer")
    if value is None or hasattr(value, "layer"):  # a BatchInfo
        value = getattr(_arg(args, kwargs, 0, "info"), "layer", None)
    return Layer(str(getattr(value, "value", value)))


def _open(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Geography and settings every signed-in role may read."""


def _layer(needed: Access) -> Check:
    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require_layer(p, _layer_of(args, kwargs), needed)

    return check


def _dumpings(needed: Access) -> Check:
    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require_layer(p, Layer.DUMPINGS, needed)

    return check


def _action(action: Action, resource: str) -> Check:
    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)

    return check


def _mapping(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.IMPORT, Layer(str(_arg(args, kwargs, 1, "layer"))).value)


def _import_layer(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.IMPORT, _layer_of(args, kwargs).value)


def _undo(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    batch = store.batches().set_index("id")
    batch_id = int(_arg(args, kwargs, 0, "batch_id"))
    require(p, Action.IMPORT, str(batch.loc[batch_id, "layer"]) if batch_id in batch.index else "imports")


def _edit_dumping(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    _in_scope(p, store, args, kwargs)
    record = store.dumping(int(_arg(args, kwargs, 0, "dumping_id")))
    if not can_edit_record(p, Layer.DUMPINGS, str(record.get("created_by") or ""), Action.UPDATE):
        raise PermissionDenied(
            f"Geen toegang: {p.user} mag deze dumpingmelding niet wijzigen (alleen eigen meldingen, of geen "
            "wijzigrecht)."
        )


def _in_scope(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require_layer(p, Layer.DUMPINGS, Access.RAW)
    if p.everywhere:
        return
    dumping_id = int(_arg(args, kwargs, 0, "dumping_id"))
    record = store.dumping(dumping_id)
    areas = store.query_df("SELECT area_id FROM area_members WHERE layer = 'dumpings' AND record_id = ?", [dumping_id])
    if not p.covers(str(record.get("municipality_code") or ""), areas["area_id"].astype(int).tolist()):
        raise PermissionDenied(f"Geen toegang: melding {dumping_id} ligt buiten het werkgebied van {p.user}.")


def _scoped(p: Principal, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """The call's selection (``Filters`` or ``DumpingQuery``) narrowed to the principal's scope."""
    scope = tuple(sorted(p.scope))
    args = tuple(replace(a, scope=scope) if hasattr(a, "scope") and is_dataclass(a) else a for a in args)
    kwargs = {k: replace(v, scope=scope) if hasattr(v, "scope") and is_dataclass(v) else v for k, v in kwargs.items()}
    return args, kwargs


def _photo(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require_layer(p, Layer.DUMPINGS, Access.RAW)
    if not p.everywhere:
        owner = store.query_df(
            "SELECT dumping_id FROM dumping_files WHERE id = ?", [int(_arg(args, kwargs, 0, "file_id"))]
        )
        if owner.empty:
            raise PermissionDenied(f"Geen toegang: bijlage {_arg(args, kwargs, 0, 'file_id')} is onbekend.")
        _in_scope(p, store, (int(owner["dumping_id"].iloc[0]),), {})
    if not POLICIES[p.role].see_photo_originals:
        file_id = int(_arg(args, kwargs, 0, "file_id"))
        stripped = store.query_df("SELECT shared IS NOT NULL AS ok FROM dumping_files WHERE id = ?", [file_id])
        if _arg(args, kwargs, 1, "original") or stripped.empty or not bool(stripped["ok"].iloc[0]):
            raise PermissionDenied(
                f"Geen toegang: {p.user} mag de originele bestanden (met locatiegegevens) niet zien."
            )


@dataclass(frozen=True)
class Rule:
    """Who may call a store method, and what the audit log records of it (``audit``: action, resource)."""

    check: Check
    audit: tuple[str, str] | None = None
    suppress: bool = False  # small counts of aggregate-only roles are hidden
    personal: bool = False  # reporters' names are blanked for roles that may not see them
    scoped: bool = False  # records only inside the principal's municipalities and areas


OPEN_METHODS: tuple[str, ...] = (
    "areas", "municipalities", "provinces", "is_demo", "is_empty", "get_meta", "schema_version", "date_span",
    "area_versions", "dumping_span",
)  # fmt: skip

RULES: dict[str, Rule] = {
    # geography, settings and state: every signed-in role
    **{name: Rule(_open) for name in OPEN_METHODS},
    # aggregates: at least aggregate access to the layer; small counts hidden for aggregate-only roles
    "layer_count": Rule(_layer(Access.AGGREGATE), suppress=True),
    "count_within": Rule(_layer(Access.AGGREGATE), suppress=True),
    "counts_by": Rule(_layer(Access.AGGREGATE), suppress=True),
    "grid_counts": Rule(_layer(Access.AGGREGATE), suppress=True),
    "dumping_counts": Rule(_dumpings(Access.AGGREGATE), suppress=True),
    # records: raw access
    "data_version": Rule(_layer(Access.RAW)),  # counts and coordinate sums: a cache key, not for pages
    "points": Rule(_layer(Access.RAW), scoped=True),
    "point_arrays": Rule(_layer(Access.RAW), scoped=True),
    "dumping_register": Rule(_dumpings(Access.RAW), personal=True, scoped=True),
    "dumping": Rule(_in_scope, personal=True),
    "dumping_history": Rule(_in_scope),
    "dumping_files": Rule(_in_scope),
    "open_dumpings_near": Rule(_dumpings(Access.RAW), scoped=True),
    "dumping_file": Rule(_photo),
    # writes
    "add_dumping": Rule(_action(Action.CREATE, "dumpings"), ("create", "dumpings")),
    "update_dumping": Rule(_edit_dumping, ("update", "dumpings")),
    "change_dumping_status": Rule(_edit_dumping, ("update", "dumpings")),
    "add_dumping_files": Rule(_edit_dumping, ("update", "dumpings")),
    "add_area": Rule(_action(Action.CREATE, "areas"), ("create", "areas")),
    "save_area_version": Rule(_action(Action.UPDATE, "areas"), ("update", "areas")),
    "restore_area_version": Rule(_action(Action.UPDATE, "areas"), ("update", "areas")),
    "delete_area": Rule(_action(Action.DELETE, "areas"), ("delete", "areas")),
    "undelete_area": Rule(_action(Action.DELETE, "areas"), ("update", "areas")),
    "deleted_areas": Rule(_action(Action.DELETE, "areas")),
    # imports
    "batches": Rule(_action(Action.VIEW, "imports")),
    "find_batch": Rule(_import_layer),
    "known_references": Rule(_import_layer),
    "load_mapping": Rule(_mapping),
    "save_mapping": Rule(_mapping),
    "import_batch": Rule(_import_layer, ("import", "layer")),
    "bulk_import_csv": Rule(_import_layer, ("import", "layer")),
    "set_batch_refused": Rule(_action(Action.VIEW, "imports")),
    "undo_batch": Rule(_undo, ("delete", "imports")),
    # administration
    "retention_rules": Rule(_action(Action.VIEW, "retention")),
    "set_retention_rule": Rule(_action(Action.UPDATE, "retention"), ("update", "retention")),
    "retention_candidates": Rule(_action(Action.VIEW, "retention")),
    "remove_records": Rule(_action(Action.DELETE, "retention"), ("delete", "retention")),
    "accounts": Rule(_action(Action.VIEW, "accounts")),
    "audit_log": Rule(_action(Action.VIEW, "audit")),
}


def _suppress(result: Any) -> Any:
    """Hide counts below ``SMALL_COUNT_SUPPRESSION``: grid cells are dropped, table counts become ``SUPPRESSED``.

    A single count (records in a box or a drawn polygon, which the user chooses freely) is also rounded
    down to a multiple of ``SMALL_COUNT_SUPPRESSION``, so that two nearly equal shapes cannot be
    subtracted to find one record; 0 is hidden too, so that absence is not told either.
    """
    if isinstance(result, int | np.integer) and not isinstance(result, bool):
        n = int(result)
        return SUPPRESSED if n < SMALL_COUNT_SUPPRESSION else n - n % SMALL_COUNT_SUPPRESSION
    if not isinstance(result, pd.DataFrame) or result.empty:
        return result
    if {"x0", "y0", "n"} <= set(result.columns):
        return result[result["n"] >= SMALL_COUNT_SUPPRESSION].reset_index(drop=True)
    out = result.copy()
    for column in out.columns:
        if column in ("n", "count", "aantal") and pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].where(out[column] >= SMALL_COUNT_SUPPRESSION, SUPPRESSED)
    return out


REPORTER_FIELDS: tuple[str, ...] = ("reporter_name",)


def _hide_reporters(result: Any) -> Any:
    """Reporters' names blanked (a dict of one record, or a table of them)."""
    if isinstance(result, dict):
        return {k: (None if k in REPORTER_FIELDS else v) for k, v in result.items()}
    if isinstance(result, pd.DataFrame):
        present = [c for c in REPORTER_FIELDS if c in result.columns]
        return result.assign(**{c: None for c in present}) if present else result
    return result


class _Bound:
    """A store bound to one principal."""

    def __init__(self, store: Any, principal: Principal) -> None:
        self._store = store
        self.principal = principal

    @property
    def path(self) -> str:
        """The database path (for cache keys)."""
        return str(self._store.path)


class GuardedStore(_Bound):
    """A store bound to one principal: only the calls its role allows, audited, small counts hidden."""

    @property
    def backend(self) -> str:
        """The backend name."""
        return str(self._store.backend)

    def __getattr__(self, name: str) -> Any:
        rule = RULES.get(name)
        if rule is None or name.startswith("_"):
            raise PermissionDenied(f"Geen toegang: '{name}' is niet beschikbaar voor {self.principal.user}.")
        method = getattr(self._store, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            if rule.scoped and not self.principal.everywhere:
                args, kwargs = _scoped(self.principal, args, kwargs)
            try:
                rule.check(self.principal, self._store, args, kwargs)
            except PermissionDenied as exc:
                self._log(rule, name, args, kwargs, str(exc), "geweigerd")
                raise
            result = method(*args, **kwargs)
            if rule.audit:
                self._log(rule, name, args, kwargs, _detail(name, _bound(method, args, kwargs), result), "ok")
            if rule.scoped and not self.principal.everywhere and name == "open_dumpings_near":
                result = self._within_scope(result)
            if rule.personal and not POLICIES[self.principal.role].see_reporters:
                result = _hide_reporters(result)
            needs_hiding = rule.suppress and self._aggregate_only(name, args, kwargs)
            return _suppress(result) if needs_hiding else result

        return call

    def _within_scope(self, found: pd.DataFrame) -> pd.DataFrame:
        """Rows (dumpings with ``id``) of ``found`` inside the principal's scope."""
        if found.empty:
            return found
        ids = ", ".join(str(int(i)) for i in found["id"])
        codes = self._store.query_df(f"SELECT id, municipality_code FROM dumpings WHERE id IN ({ids})")
        areas = self._store.query_df(
            f"SELECT record_id, area_id FROM area_members WHERE layer = 'dumpings' AND record_id IN ({ids})"
        )
        keep = {
            int(row.id) for row in codes.itertuples()
            if self.principal.covers(row.municipality_code, areas.loc[areas["record_id"] == row.id, "area_id"].tolist())
        }  # fmt: skip
        return found[found["id"].astype(int).isin(keep)].reset_index(drop=True)

    def _aggregate_only(self, name: str, args: tuple, kwargs: dict) -> bool:
        layer = Layer.DUMPINGS if name == "dumping_counts" else _layer_of(args, kwargs)
        return layer_access(self.principal, layer) < Access.RAW

    def _log(self, rule: Rule, name: str, args: tuple, kwargs: dict, detail: str, outcome: str) -> None:
        action, resource = rule.audit or ("view", name)
        if resource == "layer":
            resource = _layer_of(args, kwargs).value
        record = _record(_bound(getattr(self._store, name), args, kwargs))
        self._store.audit(self.principal.user, action, resource, record, f"{name}: {detail}"[:2000],
                          role=self.principal.role.value, outcome=outcome)  # fmt: skip

    def log(self, action: str, resource: str, record: object = None, detail: str = "") -> None:
        """Write an audit line for something done outside the store (an export, a download)."""
        self._store.audit(self.principal.user, action, resource, record, detail, role=self.principal.role.value)

    def unguarded(self, action: Action, resource: str) -> Any:
        """The bare store for a service that checks and logs by itself (accounts), after checking that the
        role may do ``action`` on ``resource``."""
        require(self.principal, action, resource)
        return self._store

    def aggregate_source(self, *layers: Layer) -> Any:
        """The store for a computation whose output is aggregates only (hotspot cells), after checking
        aggregate access to each layer: it offers only what such a computation reads (``AggregateSource``);
        the caller must never hand records from it to the page."""
        for layer in layers:
            require_layer(self.principal, Layer(layer), Access.AGGREGATE)
        return AggregateSource(self._store, self.principal)


def _bound(method: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    try:
        return dict(inspect.signature(method).bind_partial(*args, **kwargs).arguments)
    except (TypeError, ValueError):
        return dict(kwargs)


AGGREGATE_SOURCE_METHODS: frozenset[str] = frozenset(
    {"point_arrays", "areas", "municipalities", "provinces", "data_version", "date_span"}
)


class AggregateSource(_Bound):
    """The store as a hotspot computation may read it: the points of a selection as arrays (to count
    them per cell) and the geography; nothing else (no records with fields, no accounts, no writes)."""

    def __getattr__(self, name: str) -> Any:
        if name not in AGGREGATE_SOURCE_METHODS:
            raise PermissionDenied(f"Geen toegang: '{name}' hoort niet bij een berekening van aggregaten.")
        return getattr(self._store, name)


def _record(bound: dict[str, Any]) -> object:
    for key in ("dumping_id", "area_id", "batch_id", "file_id"):
        if bound.get(key) is not None:
            return bound[key]
    return None


def _detail(name: str, bound: dict[str, Any], result: Any) -> str:
    parts = [str(bound[k]) for k in ("reason", "note", "new_status") if bound.get(k)]
    if bound.get("rule") is not None:
        rule = bound["rule"]
        parts.append(f"{rule.layer.value}: {rule.years} jaar" + (", alleen afgesloten" if rule.only_closed else ""))
    if bound.get("ids") is not None:
        parts.append(f"{len(bound['ids'])} records van {Layer(bound['layer']).value}")
    info = bound.get("info")
    if hasattr(info, "file_name"):
        parts.append(f"bestand '{info.file_name}'")
    if isinstance(bound.get("name"), str):
        parts.append(f"naam '{bound['name']}'")
    if isinstance(result, int | np.integer) and not isinstance(result, bool):
        parts.append(f"nieuw id {result}" if name.startswith("add") else f"{result} rijen")
    if isinstance(result, tuple) and len(result) == 2:
        parts.append(f"partij {result[0]}, {result[1]} rijen")
    return "; ".join(parts)
