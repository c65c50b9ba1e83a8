"""Who may call the store methods of the partnership (A2–A5) and its certification (B4). ``RULES`` of
``gis.store.guard_rules`` takes these.

The partnership's records are for its members (``partnership``); representatives' contact details are personal
data (``contacts``: members and administrators, not the auditor, not the public); the auditor records the
audit's result (``certification`` update); the public sees the list of Keurmerk holders only (``keurmerk``).
A scoped role reads and writes the areas of its own municipalities (or areas) only; a call naming a row (a
participant, meeting, file ...) is checked against that row's area. Every ``*_id`` argument is made a plain,
range-checked ``int`` once (``guard_scope.plain_id``), and the store gets that very value: an id cannot say
one thing to the check and another to the store.
"""

from __future__ import annotations

from typing import Any

from gis.domain.roles import Action, PermissionDenied, Principal, require
from gis.store.guard_scope import Check, Rule, area_in_scope, plain_arg, plain_id

# Where a row of each kind lives: SQL giving its area (one ``?``: the row's id), and its Dutch name.
_AREA_OF: dict[str, tuple[str, str]] = {
    "participant": ("SELECT area_id FROM participants WHERE id = ?", "deelnemer"),
    "representative": (
        "SELECT p.area_id FROM representatives r JOIN participants p ON p.id = r.participant_id WHERE r.id = ?",
        "vertegenwoordiger",
    ),
    "agreement": ("SELECT area_id FROM agreements WHERE id = ?", "afspraak"),
    "meeting": ("SELECT area_id FROM meetings WHERE id = ?", "overleg"),
    "file": ("SELECT area_id FROM partnership_files WHERE id = ?", "bestand"),
    "obligation": ("SELECT area_id FROM obligations WHERE id = ?", "verplichting"),
}
# The Dutch name of every id argument of the partnership's store methods.
_IDS: dict[str, str] = {
    "area_id": "gebied", "participant_id": "deelnemer", "representative_id": "vertegenwoordiger",
    "agreement_id": "afspraak", "meeting_id": "overleg", "item_id": "actiepunt", "file_id": "bestand",
    "obligation_id": "verplichting",
}  # fmt: skip


def plain_ids(kwargs: dict, required: tuple[str, ...] = ()) -> None:
    """Every ``*_id`` argument of the call made a plain checked ``int`` in place (``required``: None refused
    too; the others may be None)."""
    for name in sorted({k for k in kwargs if k.endswith("_id")} | set(required)):
        plain_arg(kwargs, name, _IDS.get(name, name), optional=name not in required)


def row_in_scope(p: Principal, store: Any, kind: str, row_id: object) -> None:
    """The area of row ``row_id`` of ``kind`` must lie in the principal's scope (everywhere: the store itself
    answers for unknown rows)."""
    if p.everywhere:
        return
    sql, name = _AREA_OF[kind]
    rows = store.query_df(sql, [plain_id(row_id, name)])
    if rows.empty:
        raise PermissionDenied(f"Geen toegang: {name} {row_id} is onbekend.")
    area_in_scope(p, store, int(rows["area_id"].iloc[0]))


def on_area(action: Action, resource: str = "partnership") -> Check:
    """``action`` on ``resource`` for the area named by the first argument (``area_id``)."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)
        plain_ids(kwargs, ("area_id",))
        area_in_scope(p, store, kwargs["area_id"])

    return check


def on_row(action: Action, kind: str, name: str, resource: str = "partnership") -> Check:
    """``action`` on ``resource`` for the row (``kind``) named by the first argument ``name``."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)
        plain_ids(kwargs, (name,))
        row_in_scope(p, store, kind, kwargs[name])

    return check


def save_on_area(id_name: str, kind: str) -> Check:
    """Adding (no ``id_name``: create) or changing (update) a row of an area; a changed row must lie in the
    area the call names, and that area in scope."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        row_id = kwargs.get(id_name)
        require(p, Action.CREATE if row_id is None else Action.UPDATE, "partnership")
        plain_ids(kwargs, ("area_id",))
        row_id = kwargs.get(id_name)
        area_in_scope(p, store, kwargs["area_id"])
        if row_id is not None:
            row_in_scope(p, store, kind, row_id)

    return check


def save_on_row(parent: str, parent_kind: str, id_name: str, resource: str) -> Check:
    """Adding or changing a row under a parent row (a representative of a participant, an action item of a
    meeting): the parent's area in scope."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, Action.CREATE if kwargs.get(id_name) is None else Action.UPDATE, resource)
        plain_ids(kwargs, (parent,))
        row_in_scope(p, store, parent_kind, kwargs[parent])

    return check


def audits(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """The audits of one area in scope; of all areas only for a role that works everywhere."""
    require(p, Action.VIEW, "certification")
    plain_ids(kwargs)
    area_in_scope(p, store, kwargs.get("area_id"))


def keurmerk(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """The public list of Keurmerk holders: every role."""
    require(p, Action.VIEW, "keurmerk")


_V, _C, _U, _D = Action.VIEW, Action.CREATE, Action.UPDATE, Action.DELETE
_CREATE, _UPDATE, _DELETE = ("create", "partnership"), ("update", "partnership"), ("delete", "partnership")

PARTNERSHIP_RULES: dict[str, Rule] = {
    # participants (A2): organisations, no personal data
    "participants": Rule(on_area(_V)),
    "save_participant": Rule(save_on_area("participant_id", "participant"), ("update", "partnership")),
    "remove_participant": Rule(on_row(_D, "participant", "participant_id"), _DELETE),
    # representatives: personal data, members and administrators only
    "representatives": Rule(on_area(_V, "contacts")),
    "save_representative": Rule(
        save_on_row("participant_id", "participant", "representative_id", "contacts"), ("update", "contacts")
    ),
    "erase_representative": Rule(on_row(_D, "representative", "representative_id", "contacts"), ("delete", "contacts")),
    # signatures, agreements, meetings, files, obligations, evaluations (A3–A5, the cycle)
    "record_signature": Rule(on_area(_C), _CREATE),
    "signatures": Rule(on_area(_V)),
    "agreements": Rule(on_area(_V)),
    "save_agreement": Rule(save_on_area("agreement_id", "agreement"), _UPDATE),
    "delete_agreement": Rule(on_row(_D, "agreement", "agreement_id"), _DELETE),
    "meetings": Rule(on_area(_V)),
    "save_meeting": Rule(save_on_area("meeting_id", "meeting"), _UPDATE),
    "action_items": Rule(on_area(_V)),
    "save_action_item": Rule(save_on_row("meeting_id", "meeting", "item_id", "partnership"), _UPDATE),
    "add_partnership_file": Rule(on_area(_C), _CREATE),
    "partnership_files": Rule(on_area(_V)),
    "partnership_file": Rule(on_row(_V, "file", "file_id")),
    "obligations": Rule(on_area(_V)),
    "save_obligation": Rule(on_area(_C), _CREATE),
    "delete_obligation": Rule(on_row(_D, "obligation", "obligation_id"), _DELETE),
    "evaluations": Rule(on_area(_V)),
    "save_evaluation": Rule(on_area(_C), _CREATE),
    # certification (B4): the auditor records the result, the coordinator applies
    "audits": Rule(audits),
    "record_audit": Rule(on_area(_U, "certification"), ("update", "certification")),
    "keurmerk_applications": Rule(on_area(_V, "certification")),
    "apply_keurmerk": Rule(on_area(_C, "certification"), ("create", "certification")),
    # the public list: every role
    "keurmerk_overview": Rule(keurmerk),
}

__all__ = ["PARTNERSHIP_RULES", "plain_ids", "row_in_scope"]
