"""Who may call the safety analysis's store methods (step B1): survey answers, survey figures, site walks and
findings, frozen measurements. ``RULES`` of ``gis.store.guard_rules`` takes these checks.

Survey answers (and open answers above all) are personal data: only roles with ``view`` on ``survey`` read them;
every role that sees the analysis gets the survey figures under the survey rule (``gis.privacy.survey``).
A scoped role works on the areas of its own municipalities (or areas) only.
"""

from __future__ import annotations

from typing import Any

from gis.domain.roles import POLICIES, Action, PermissionDenied, Principal, require
from gis.store.guard_scope import area_in_scope, arg, place_in_scope

Check = Any


def analysis(action: Action, resource: str, area_index: int | None = 0) -> Check:
    """The safety analysis: the right on ``resource`` and, for a scoped role, an area inside its scope."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, action, resource)
        if area_index is not None:
            area_in_scope(p, store, arg(args, kwargs, area_index, "area_id"))

    return check


def _figures(open_at: int | None, small_at: int) -> Check:
    """Survey results: released figures (<10 rule, small counts hidden, no open answers) for every role that
    sees the analysis. Asking for open answers, or for small counts unhidden, in any spelling other than the
    defaults (``open_answers=False``, ``small_counts=True``) needs the right to read the answers."""

    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        require(p, Action.VIEW, "analysis")
        area_in_scope(p, store, arg(args, kwargs, 0, "area_id"))
        wants_open = open_at is not None and arg(args, kwargs, open_at, "open_answers") not in (None, False)
        small = arg(args, kwargs, small_at, "small_counts")
        small_given = "small_counts" in kwargs or len(args) > small_at
        if wants_open or (small_given and small is not True):
            require(p, Action.VIEW, "survey")

    return check


survey_figures = _figures(2, 3)  # survey_summary(area_id, by, open_answers, small_counts)
survey_approached = _figures(None, 2)  # survey_approached(area_id, respondent_type, small_counts)


def add_survey(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Entering interviews (``CREATE``) or reading in a survey file (``IMPORT``) on the survey; scoped roles
    only for areas in their scope (and not by postcode alone)."""
    require(p, Action.IMPORT if arg(args, kwargs, 2, "file_name") else Action.CREATE, "survey")
    for row in arg(args, kwargs, 0, "responses") or ():
        area_in_scope(p, store, row.get("area_id") if isinstance(row, dict) else None)


def walk_of_finding(p: Principal, store: Any, walk_id: object) -> None:
    walks = store.walks()
    row = walks[walks["id"] == int(walk_id)]  # type: ignore[arg-type]
    if row.empty:
        raise PermissionDenied(f"Geen toegang: schouw {walk_id} is onbekend.")
    area_in_scope(p, store, int(row["area_id"].iloc[0]))


def add_finding(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.CREATE, "schouw")
    walk_of_finding(p, store, arg(args, kwargs, 0, "walk_id"))
    if not p.everywhere:
        place_in_scope(p, store, {"x": arg(args, kwargs, 1, "x"), "y": arg(args, kwargs, 2, "y")}, "maken")


def finding_in_reach(p: Principal, store: Any, finding_id: int, action: Action, original: bool = False) -> None:
    """The right ``action`` on "schouw", a finding in an area of the principal's scope, and for an original
    photo (with its location) the right to see originals."""
    require(p, action, "schouw")
    found = store.findings()
    row = found[found["id"] == int(finding_id)]
    if row.empty:
        raise PermissionDenied(f"Geen toegang: bevinding {finding_id} is onbekend.")
    area_in_scope(p, store, int(row["area_id"].iloc[0]))
    if original and not POLICIES[p.role].see_photo_originals:
        raise PermissionDenied(f"Geen toegang: {p.user} mag de originele foto's (met locatiegegevens) niet zien.")


def finding(action: Action) -> Check:
    def check(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
        original = action is Action.VIEW and bool(arg(args, kwargs, 2, "original"))
        finding_in_reach(p, store, int(arg(args, kwargs, 0, "finding_id")), action, original)

    return check


def made_from_finding(p: Principal, store: Any, args: tuple, kwargs: dict, index: int) -> None:
    """A report or barn made from a finding (``from_finding``) also changes the finding: update on "schouw"."""
    source = arg(args, kwargs, index, "from_finding")
    if source is not None:
        finding_in_reach(p, store, int(source), Action.UPDATE)


def undo_import(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """Undoing a survey file: delete on "survey", and for a scoped role a file of an area in its scope."""
    require(p, Action.DELETE, "survey")
    if p.everywhere:
        return
    import_id = int(arg(args, kwargs, 0, "import_id"))
    rows = store.query_df("SELECT area_id FROM survey_imports WHERE id = ?", [import_id])
    area = None if rows.empty or rows["area_id"].isna().iloc[0] else int(rows["area_id"].iloc[0])
    area_in_scope(p, store, area)


def create_barn(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    """One barn: the right to create barns, at a place inside the principal's scope."""
    require(p, Action.CREATE, "barns")
    if not p.everywhere:
        place_in_scope(p, store, arg(args, kwargs, 0, "record") or {}, "maken")
    made_from_finding(p, store, args, kwargs, 2)


def snapshot(p: Principal, store: Any, args: tuple, kwargs: dict) -> None:
    require(p, Action.VIEW, "analysis")
    snapshot_id = int(arg(args, kwargs, 0, "snapshot_id"))
    rows = store.query_df("SELECT area_id FROM analysis_snapshots WHERE id = ?", [snapshot_id])
    if rows.empty:
        raise PermissionDenied(f"Geen toegang: meting {snapshot_id} is onbekend.")
    area_in_scope(p, store, int(rows["area_id"].iloc[0]))


__all__ = [
    "add_finding", "add_survey", "analysis", "create_barn", "finding", "finding_in_reach", "made_from_finding",
    "snapshot", "survey_approached", "survey_figures", "undo_import",
]  # fmt: skip
