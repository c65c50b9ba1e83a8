"""Who may call which store method: one rule per method (``RULES``), checked by ``gis.store.guard`` before the
database is touched. A method without a rule is refused, so a new store method is closed until someone decides
who may call it.

A rule names the check, what the audit log records of the call (writes), and what is done to the answer for
roles that may not see everything: aggregates of aggregate-only roles are answered by ``gis.privacy``;
reporters, photo positions and area authors are blanked; dates of aggregate-only layers widened to months.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import is_dataclass, replace
from typing import Any

import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.roles import (
    POLICIES,
    Access,
    Action,
    PermissionDenied,
    Principal,
    can,
    can_edit_record,
    layer_access,
    require,
    require_layer,
)
from gis.privacy.rules import month_end, month_start
from gis.store import guard_analysis as ga
from gis.store.arrays import SECRET_KEY
from gis.store.guard_measures import MEASURE_RULES
from gis.store.guard_partnership import PARTNERSHIP_RULES
from gis.store.guard_scope import Rule
from gis.store.guard_scope import arg as _arg
from gis.store.guard_scope import place_in_scope as _place_in_scope

Check = Callable[[Principal, Any, tuple, dict], None]


def layer_of(args: tuple, kwargs: dict) -> Layer:
    """The layer a call is about (its ``layer`` argument, or the layer of its ``BatchInfo``)."""
    value = _arg(args, kwargs, 0, "layer")
    if value is None or hasattr(value, "layer"):  # a BatchInfo
        value = getattr(_arg(args, kwargs, 0, "info"), "layer", None)
    if isinstance(value, Layer):
        return value
    if not isinstance(value, str):
        raise PermissionDenied(f"Geen toegang: '{value!r}' is geen laag.")
    return Layer(str.__str__(value))


def _open(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Geography and settings every signed-in role may read."""


def _layer(needed: Access) -> Check:
    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require_layer(p, layer_of(args, kwargs), needed)

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


def _code_admin(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Editing the code lists (and reading their history): administrators only. There is no resource of its
    own for code lists in the role table; ``admin`` on ``imports`` is held by the administrator alone."""
    require(p, Action.ADMIN, "imports")


def _value_mapping(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Reading and saving an organisation's own values: the right to import incidents (the only layer with
    categories per organisation)."""
    require(p, Action.IMPORT, Layer.INCIDENTS.value)


def _import_layer(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.IMPORT, layer_of(args, kwargs).value)


def _undo(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Undoing a batch, or recording its refused rows: the right to import into the batch's layer."""
    batch = store.batches().set_index("id")
    batch_id = int(_arg(args, kwargs, 0, "batch_id"))
    require(p, Action.IMPORT, str(batch.loc[batch_id, "layer"]) if batch_id in batch.index else "imports")


def _meta(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Settings every signed-in role may read, except the secrets (the salt of the record keys) and, for a
    role that sees layers as counts only, the demo's seed (from which the demo records could be rebuilt)."""
    key = str(_arg(args, kwargs, 0, "key"))
    if key.startswith(SECRET_KEY.split(":")[0] + ":") or (key == "demo_seed" and counts_only(p, *Layer)):
        raise PermissionDenied(f"Geen toegang: {p.user} mag deze instelling ('{key}') niet lezen.")


def _create_dumping(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """A new report needs the right to create one, at a place inside the principal's scope (outside it, new
    records would let a role re-draw the noise of counts it may only see released)."""
    require(p, Action.CREATE, "dumpings")
    ga.made_from_finding(p, store, args, kwargs, 5)  # a report made from a site-walk finding changes the finding
    if p.everywhere:
        return
    _place_in_scope(p, store, _arg(args, kwargs, 0, "record") or {}, "maken")
    linked = _arg(args, kwargs, 3, "linked_to")
    if linked is not None:  # linking writes a history line into the other report: it must be in scope too
        _in_scope(p, store, (int(linked),), {})


def _edit_dumping(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    _in_scope(p, store, args, kwargs)
    changes = _arg(args, kwargs, 1, "changes") or {}
    if not p.everywhere and ("x" in changes or "y" in changes):
        current = store.dumping(int(_arg(args, kwargs, 0, "dumping_id")))
        moved = {"x": changes.get("x", current.get("x")), "y": changes.get("y", current.get("y"))}
        _place_in_scope(p, store, moved, "verplaatsen")
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


def scoped_args(p: Principal, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
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


OPEN_METHODS: tuple[str, ...] = (
    "areas", "municipalities", "provinces", "is_demo", "is_empty", "schema_version", "date_span",
    "area_versions", "dumping_span", "server_version",
)  # fmt: skip
WRITER_FIELDS: tuple[str, ...] = ("user", "created_by")  # filled with the signed-in principal on every write

RULES: dict[str, Rule] = {
    # geography, settings and state: every signed-in role
    **{name: Rule(_open) for name in OPEN_METHODS},
    "get_meta": Rule(_meta),
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
    "add_dumping": Rule(_create_dumping, ("create", "dumpings")),
    "update_dumping": Rule(_edit_dumping, ("update", "dumpings")),
    "change_dumping_status": Rule(_edit_dumping, ("update", "dumpings")),
    "add_dumping_files": Rule(_edit_dumping, ("update", "dumpings")),
    "add_barn": Rule(ga.create_barn, ("create", "barns")),
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
    "set_batch_refused": Rule(_undo, ("update", "imports")),
    "undo_batch": Rule(_undo, ("delete", "imports")),
    # code lists: everyone reads the values (they are the labels of filters and forms); administrators edit
    "code_values": Rule(_open),
    "codes_version": Rule(_open),
    "add_code_value": Rule(_code_admin, ("update", "codelists")),
    "rename_code_value": Rule(_code_admin, ("update", "codelists")),
    "retire_code_value": Rule(_code_admin, ("update", "codelists")),
    "code_history": Rule(_code_admin),
    "value_mappings": Rule(_value_mapping),
    "save_value_mappings": Rule(_value_mapping, ("update", "codelists")),
    "remap_batch": Rule(_undo, ("update", "imports")),
    "other_values": Rule(_undo),
    # drafts of the field form: only one's own (``own``: the guard passes the principal as ``user``)
    "save_draft": Rule(_action(Action.CREATE, "dumpings"), own=True),
    "draft": Rule(_action(Action.CREATE, "dumpings"), own=True),
    "delete_draft": Rule(_action(Action.CREATE, "dumpings"), own=True),
    # administration
    "retention_rules": Rule(_action(Action.VIEW, "retention")),
    "set_retention_rule": Rule(_action(Action.UPDATE, "retention"), ("update", "retention")),
    "retention_candidates": Rule(_action(Action.VIEW, "retention")),
    "remove_records": Rule(_action(Action.DELETE, "retention"), ("delete", "retention")),
    "accounts": Rule(_action(Action.VIEW, "accounts")),
    "audit_log": Rule(_action(Action.VIEW, "audit")),
    # the safety analysis (B1): survey answers only for roles that read them; figures under the survey rule
    "survey_responses": Rule(ga.analysis(Action.VIEW, "survey")),
    "survey_imports": Rule(ga.analysis(Action.VIEW, "survey")),
    "add_survey_responses": Rule(ga.add_survey, ("create", "survey")),
    "undo_survey_import": Rule(ga.undo_import, ("delete", "survey")),
    "survey_summary": Rule(ga.survey_figures),
    "survey_approached": Rule(ga.survey_approached),
    "add_walk": Rule(ga.analysis(Action.CREATE, "schouw"), ("create", "schouw")),
    "walks": Rule(ga.analysis(Action.VIEW, "schouw")),
    "add_finding": Rule(ga.add_finding, ("create", "schouw")),
    "findings": Rule(ga.analysis(Action.VIEW, "schouw")),
    "finding_file": Rule(ga.finding(Action.VIEW)),
    "mark_finding": Rule(ga.finding(Action.UPDATE), ("update", "schouw")),
    "save_snapshot": Rule(ga.analysis(Action.CREATE, "analysis"), ("create", "analysis")),
    "area_denominators": Rule(ga.analysis(Action.VIEW, "analysis")),
    "set_area_denominators": Rule(ga.analysis(Action.CREATE, "analysis"), ("update", "analysis")),
    "area_postcodes": Rule(ga.analysis(Action.VIEW, "analysis")),
    "set_area_postcodes": Rule(ga.analysis(Action.CREATE, "analysis"), ("update", "analysis")),
    "snapshots": Rule(ga.analysis(Action.VIEW, "analysis")),
    "snapshot": Rule(ga.snapshot),
}
RULES.update(MEASURE_RULES)  # measures and the plan of action (B2–B3)
RULES.update(PARTNERSHIP_RULES)  # the partnership (A2–A5) and its certification (B4)


REPORTER_FIELDS: tuple[str, ...] = ("reporter_name",)
FILE_POSITION_FIELDS: tuple[str, ...] = ("lat", "lon")  # EXIF GPS of photo originals
AUTHOR_FIELDS: tuple[str, ...] = ("changed_by", "reason")


def _blank(result: Any, fields: tuple[str, ...]) -> Any:
    """``fields`` blanked in a dict of one record or a table of them."""
    if isinstance(result, dict):
        return {k: (None if k in fields else v) for k, v in result.items()}
    if isinstance(result, pd.DataFrame):
        present = [c for c in fields if c in result.columns]
        return result.assign(**{c: None for c in present}) if present else result
    return result


def counts_only(p: Principal, *layers: Layer) -> bool:
    """Whether ``p`` may see any of ``layers`` only as released counts: aggregate access, or raw access
    limited to a scope (outside it, the region's counts are released ones too)."""
    return any(layer_access(p, layer) < Access.RAW or not p.everywhere for layer in layers)


_COUNTED = {"incidents": Layer.INCIDENTS, "barns": Layer.BARNS, "dumpings": Layer.DUMPINGS}


def _audit_counts(p: Principal, log: pd.DataFrame) -> pd.DataFrame:
    """Audit lines without those about records of a layer the role sees only as counts (each line is one
    record or one import: counted per day they would tell counts below 5, and notes can name a place)."""
    if log.empty or not counts_only(p, *Layer):
        return log
    layers = [name for name, layer in _COUNTED.items() if counts_only(p, layer)]
    about = log["resource"].isin([*layers, "imports", "retention"]) | log["detail"].fillna("").str.contains(
        "|".join(layers) or "^$", regex=True
    )
    return log[~about].reset_index(drop=True)


def _coarse_span(span: Any) -> Any:
    lo, hi = span
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return span
    return month_start(pd.Timestamp(lo).date()), month_end(pd.Timestamp(hi).date())


def shape_answer(p: Principal, name: str, result: Any) -> Any:
    """What a role gets to see of ``result`` of ``name``: personal fields blanked, dates of aggregate-only
    layers widened to whole months."""
    policy = POLICIES[p.role]
    if RULES[name].personal and not policy.see_reporters:
        result = _blank(result, REPORTER_FIELDS)
    if name == "dumping_files" and not policy.see_photo_originals:
        result = _blank(result, FILE_POSITION_FIELDS)
    if name == "area_versions" and not (can(p, Action.UPDATE, "areas") or can(p, Action.VIEW, "audit")):
        result = _blank(result, AUTHOR_FIELDS)
    if name == "date_span" and counts_only(p, Layer.INCIDENTS, Layer.DUMPINGS):
        result = _coarse_span(result)
    if name == "dumping_span" and counts_only(p, Layer.DUMPINGS):
        result = _coarse_span(result)
    if name == "audit_log":
        result = _audit_counts(p, result)
    return result


def canonical(bound: dict[str, Any]) -> dict[str, Any]:
    """Arguments as the checks read them and the store gets them: a layer as a ``Layer`` made from the
    string's own characters, a settings key as a plain string (a ``str`` subclass cannot say one thing to
    the check and another to the store)."""
    out = dict(bound)
    if "layer" in out and out["layer"] is not None:
        value = out["layer"]
        out["layer"] = Layer(str.__str__(value) if isinstance(value, str) else _refuse_layer(value))
    if "key" in out:
        if not isinstance(out["key"], str):
            raise PermissionDenied("Geen toegang: een instelling wordt met een tekst opgevraagd.")
        out["key"] = str.__str__(out["key"])
    return out


def _refuse_layer(value: object) -> str:
    raise PermissionDenied(f"Geen toegang: '{value!r}' is geen laag.")


def with_writer(p: Principal, bound: dict[str, Any], parameters: Iterable[str]) -> dict[str, Any]:
    """The arguments of a write with the signed-in principal as the writer, whatever the caller passed (or
    left to a default); ``parameters``: the names the store method takes."""
    out = dict(bound)
    for field in WRITER_FIELDS:
        if field in parameters:
            out[field] = p.user
    info = out.get("info")
    if is_dataclass(info) and hasattr(info, "user"):
        out["info"] = replace(info, user=p.user)  # type: ignore[type-var]
    return out
