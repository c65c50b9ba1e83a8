"""The store as one signed-in user may use it: every call is checked against the role table first.

Pages never get the bare store; ``gis.ui.state.page_start`` hands them ``GuardedStore(store, principal)``.
The bare store is held in a closure, not in an attribute, so no attribute of a guarded store leads to it;
each method has a rule in ``gis.store.guard_rules`` (a method without one is refused). A call the role does
not allow raises ``PermissionDenied`` (Dutch) before the database is touched, whatever the page shows.

* Aggregates of a layer the role may only see aggregated are answered by ``gis.privacy`` (fixed cells,
  whole months, cell-key perturbation, nothing below 5), never by the store's exact counts.
* Every write is made in the name of the signed-in principal (its ``user``/``created_by`` arguments are
  replaced) and written to the audit log after it succeeds; a refused call is logged as refused.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from gis import privacy
from gis.domain.catalog import Layer
from gis.domain.roles import Access, Action, PermissionDenied, Principal, require, require_layer
from gis.store.guard_rules import (
    RULES,
    Rule,
    canonical,
    counts_only,
    layer_of,
    scoped_args,
    shape_answer,
    with_writer,
)

__all__ = ["AGGREGATE_SOURCE_METHODS", "AggregateSource", "GuardedStore"]

Caller = Callable[[str], Any]


class _Bound:
    """A store bound to one principal; the store itself lives only in the ``_reach`` closure."""

    __slots__ = ("_reach", "principal")

    def __init__(self, reach: Caller, principal: Principal) -> None:
        object.__setattr__(self, "_reach", reach)
        object.__setattr__(self, "principal", principal)

    def __setattr__(self, name: str, value: Any) -> None:
        raise PermissionDenied(f"Geen toegang: '{name}' van een beveiligde opslag kan niet worden veranderd.")

    @property
    def path(self) -> str:
        """The database path (for cache keys)."""
        return str(self._reach("path"))

    @property
    def backend(self) -> str:
        """The backend name."""
        return str(self._reach("backend"))


def _reacher(store: Any) -> Caller:
    """Plain attributes (``path``, ``backend``) of the store and nothing else."""

    def reach(name: str) -> Any:
        if name not in ("path", "backend"):
            raise PermissionDenied(f"Geen toegang: '{name}' is niet beschikbaar.")
        return getattr(store, name)

    return reach


class GuardedStore(_Bound):
    """A store bound to one principal: only the calls its role allows, audited, aggregates through privacy."""

    __slots__ = ("_aggregate", "_call", "_log_line", "_unguarded")

    def __init__(self, store: Any, principal: Principal) -> None:
        super().__init__(_reacher(store), principal)
        object.__setattr__(self, "_call", _caller(store, principal))
        object.__setattr__(self, "_log_line", _logger(store, principal))

        def unguarded(action: Action, resource: str) -> Any:  # every closure checks by itself
            require(principal, action, resource)
            if resource != "accounts":
                raise PermissionDenied(
                    f"Geen toegang: de onbewaakte opslag is alleen voor accountbeheer, niet {resource}."
                )
            return store

        def aggregate(layers: tuple[Layer, ...]) -> AggregateSource:
            for layer in layers:
                require_layer(principal, layer, Access.AGGREGATE)
            return AggregateSource(store, principal, layers)

        object.__setattr__(self, "_unguarded", unguarded)
        object.__setattr__(self, "_aggregate", aggregate)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # Python's own protocol names (copy, pickle, dir): not there
            raise AttributeError(name)
        if name.startswith("_") or name not in RULES:
            raise PermissionDenied(f"Geen toegang: '{name}' is niet beschikbaar voor {self.principal.user}.")
        call = self._call

        def method(*args: Any, **kwargs: Any) -> Any:
            return call(name, args, kwargs)

        method.__name__ = name
        return method

    def log(self, action: str, resource: str, record: object = None, detail: str = "") -> None:
        """Write an audit line for something done outside the store (an export, a download)."""
        self._log_line(action, resource, record, detail)

    def unguarded(self, action: Action, resource: str) -> Any:
        """The bare store for the accounts service (``gis.auth``), which checks and logs by itself: only for a
        role that may administer accounts (``action`` on ``resource``, and ``resource`` must be accounts)."""
        return self._unguarded(action, resource)

    def aggregate_source(self, *layers: Layer) -> AggregateSource:
        """The store for a computation whose output is aggregates only (hotspot cells), after checking
        aggregate access to each layer: see ``AggregateSource``."""
        return self._aggregate(tuple(Layer(layer) for layer in layers))


def _caller(store: Any, principal: Principal) -> Callable[[str, tuple, dict], Any]:
    """The checked call of store method ``name`` for ``principal``."""

    def call(name: str, args: tuple, kwargs: dict) -> Any:
        rule = RULES[name]
        method = getattr(store, name)
        args, kwargs = (), canonical(_bound(method, args, kwargs))  # by name, layers and keys made plain
        if rule.scoped and not principal.everywhere:
            args, kwargs = scoped_args(principal, args, kwargs)
        try:
            rule.check(principal, store, args, kwargs)
        except PermissionDenied as exc:
            _audit(store, principal, rule, name, args, kwargs, str(exc), "geweigerd")
            raise
        if rule.audit or rule.own:  # a write, or one's own draft: the signed-in principal, whatever was passed
            kwargs = with_writer(principal, kwargs, inspect.signature(method).parameters)
        if rule.suppress and counts_only(
            principal, Layer.DUMPINGS if name == "dumping_counts" else layer_of(args, kwargs)
        ):
            return privacy.answer(store, name, args, kwargs)
        result = method(*args, **kwargs)
        if rule.audit:
            _audit(store, principal, rule, name, args, kwargs, _detail(name, kwargs, result), "ok")
        if rule.scoped and not principal.everywhere and name == "open_dumpings_near":
            result = _within_scope(store, principal, result)
        return shape_answer(principal, name, result)

    return call


def _logger(store: Any, principal: Principal) -> Callable[[str, str, object, str], None]:
    def log(action: str, resource: str, record: object = None, detail: str = "") -> None:
        store.audit(principal.user, action, resource, record, detail, role=principal.role.value)

    return log


def _within_scope(store: Any, principal: Principal, found: pd.DataFrame) -> pd.DataFrame:
    """Rows (dumpings with ``id``) of ``found`` inside the principal's scope."""
    if found.empty:
        return found
    ids = ", ".join(str(int(i)) for i in found["id"])
    codes = store.query_df(f"SELECT id, municipality_code FROM dumpings WHERE id IN ({ids})")
    areas = store.query_df(
        f"SELECT record_id, area_id FROM area_members WHERE layer = 'dumpings' AND record_id IN ({ids})"
    )
    keep = {
        int(row.id) for row in codes.itertuples()
        if principal.covers(row.municipality_code, areas.loc[areas["record_id"] == row.id, "area_id"].tolist())
    }  # fmt: skip
    return found[found["id"].astype(int).isin(keep)].reset_index(drop=True)


def _audit(store: Any, principal: Principal, rule: Rule, name: str, args: tuple, kwargs: dict, detail: str,
           outcome: str) -> None:  # fmt: skip
    action, resource = rule.audit or ("view", name)
    if resource == "layer":
        resource = layer_of(args, kwargs).value
    record = _record(_bound(getattr(store, name), args, kwargs))
    store.audit(principal.user, action, resource, record, f"{name}: {detail}"[:2000], role=principal.role.value,
                outcome=outcome)  # fmt: skip


def _bound(method: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """The call's arguments by name (a call that does not fit the method raises ``TypeError`` here)."""
    return dict(inspect.signature(method).bind_partial(*args, **kwargs).arguments)


AGGREGATE_SOURCE_METHODS: frozenset[str] = frozenset(
    {"point_arrays", "areas", "municipalities", "provinces", "data_version", "date_span"}
)


class AggregateSource(_Bound):
    """The store as a hotspot computation may read it: the points of a selection as arrays (to count them per
    cell) and the geography; nothing else (no records with fields, no accounts, no writes). For a layer the
    role may only see aggregated, the points are the released pseudo-points of ``gis.privacy`` (cell centres,
    first of the month), never the records."""

    __slots__ = ("_read",)

    def __init__(self, store: Any, principal: Principal, layers: tuple[Layer, ...]) -> None:
        super().__init__(_reacher(store), principal)

        def read(name: str, args: tuple, kwargs: dict) -> Any:
            if name not in AGGREGATE_SOURCE_METHODS:
                raise PermissionDenied(f"Geen toegang: '{name}' hoort niet bij een berekening van aggregaten.")
            kwargs = canonical(_bound(getattr(store, name), args, kwargs))
            if name in ("point_arrays", "data_version"):
                layer = layer_of((), kwargs)
                if layer not in layers:
                    raise PermissionDenied(f"Geen toegang: de laag {layer.value} is niet gekozen voor deze berekening.")
                if counts_only(principal, layer):
                    if name == "point_arrays":
                        return privacy.pseudo_points(store, **kwargs)
                    return _opaque(store, layer)  # a cache key that tells no count, id or coordinate
            result = getattr(store, name)(**kwargs)
            return shape_answer(principal, name, result) if name == "date_span" else result

        object.__setattr__(self, "_read", read)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name not in AGGREGATE_SOURCE_METHODS:
            raise PermissionDenied(f"Geen toegang: '{name}' hoort niet bij een berekening van aggregaten.")
        read = self._read

        def method(*args: Any, **kwargs: Any) -> Any:
            return read(name, args, kwargs)

        return method


def _opaque(store: Any, layer: Layer) -> str:
    """The layer's data version hashed with the database's secret: it changes when the data change, and
    says nothing else."""
    secret = store._cell_key_salt()
    return hashlib.sha256(f"{secret}|{store.data_version(layer)}".encode()).hexdigest()[:24] + "|vrijgegeven"


# The argument naming the changed row, for the audit log (the first one present).
RECORD_KEYS: tuple[str, ...] = (
    "dumping_id", "measure_id", "objective_id", "evidence_id", "representative_id", "participant_id", "item_id",
    "meeting_id", "agreement_id", "obligation_id", "area_id", "batch_id", "file_id",
)  # fmt: skip


def _record(bound: dict[str, Any]) -> object:
    for key in RECORD_KEYS:
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
    if bound.get("list_name") and bound.get("code"):
        parts.append(f"{bound['list_name']} {bound.get('owner') or ''}: '{bound['code']}'".replace(" :", ":"))
    if name == "save_value_mappings" and isinstance(bound.get("mapping"), dict):
        parts.append(f"{bound.get('source_org')}: {len(bound['mapping'])} eigen waarde(n)")
    if name == "set_batch_refused" and bound.get("refused") is not None:
        parts.append(f"{int(bound['refused'])} rijen geweigerd")
    if isinstance(result, int | np.integer) and not isinstance(result, bool):
        parts.append(f"nieuw id {result}" if name.startswith("add") else f"{result} rijen")
    if isinstance(result, tuple) and len(result) == 2:
        parts.append(f"partij {result[0]}, {result[1]} rijen")
    return "; ".join(parts)
