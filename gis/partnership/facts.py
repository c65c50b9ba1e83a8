"""What an area's progress is derived from: the frames the (guarded) store returns for it, read once
(``area_facts``; None where the role may not read), a digest of them for caches, and the small helpers that read
dates, current participants and signatures out of them. No Streamlit here.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pandas as pd

from gis.domain.roles import Action, PermissionDenied, can
from gis.partnership.codes import COVENANT_REQUIRED, ORGANISATION_KINDS, label

__all__ = [
    "Facts",
    "area_facts",
    "chosen_measures",
    "current_participants",
    "dates_in",
    "day",
    "facts_fingerprint",
    "kinds_signed",
    "read",
    "required_signed",
    "signed_by",
]


def read(store: Any, method: str, *args: Any) -> pd.DataFrame | None:
    """``store.method(*args)``, or None when the role may not call it."""
    try:
        return getattr(store, method)(*args)
    except PermissionDenied:
        return None


def day(value: object) -> date | None:
    """A date from a date, timestamp or text; None for missing values."""
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None


def dates_in(frame: pd.DataFrame, column: str) -> list[date]:
    """The dates in ``column`` (sorted, missing ones left out)."""
    if column not in frame.columns:
        return []
    return sorted(d for d in (day(v) for v in frame[column]) if d is not None)


def current_participants(frame: pd.DataFrame) -> pd.DataFrame:
    """Participants not removed."""
    if frame.empty or "removed_at" not in frame.columns:
        return frame
    return frame[frame["removed_at"].isna()]


def signed_by(signatures: pd.DataFrame, participants: pd.DataFrame, document: str) -> dict[int, date | None]:
    """Participant id -> date signed, for ``document`` (the latest signature of each)."""
    if signatures.empty:
        return {}
    rows = signatures[signatures["document"] == document]
    out: dict[int, date | None] = {}
    for pid, signed in zip(rows["participant_id"], rows["signed_on"], strict=True):
        if pid is not None and not pd.isna(pid):
            out[int(pid)] = max(filter(None, (out.get(int(pid)), day(signed))), default=None)
    return out


def kinds_signed(signed: dict[int, date | None], participants: pd.DataFrame) -> dict[str, date | None]:
    """Organisation kind -> the first date one participant of that kind signed."""
    kinds: dict[str, date | None] = {}
    for pid, kind in zip(participants["id"], participants["kind"], strict=True):
        if int(pid) in signed:
            when = signed[int(pid)]
            prior = kinds.get(str(kind))
            kinds[str(kind)] = min(filter(None, (prior, when)), default=None)
    return kinds


def required_signed(signatures: pd.DataFrame, participants: pd.DataFrame, document: str) -> list[str]:
    """The required parties (municipality, police) that have not signed ``document`` (Dutch labels)."""
    kinds = kinds_signed(signed_by(signatures, participants, document), participants)
    return [label(ORGANISATION_KINDS, k) for k in COVENANT_REQUIRED if k not in kinds]


Facts = dict[str, pd.DataFrame | None]  # what the store returned for the area (None: not visible to the role)
_READS: tuple[str, ...] = ("participants", "agreements", "signatures", "objectives", "snapshots", "walks",
                           "area_measures", "audits", "evaluations")  # fmt: skip


def _reads_answers(store: Any) -> bool:
    principal = getattr(store, "principal", None)  # a bare store (tests, scripts) reads everything
    return principal is None or can(principal, Action.VIEW, "survey")


def area_facts(store: Any, area_id: int) -> Facts:
    """What the store returns for the area (None: not visible to the role), all of it cheap to read.

    ``survey`` is empty exactly when the area has no survey answers. A role that reads the answers gets them
    here (one query); for any other role it is left out: only the released figures tell it (``survey_summary``,
    the whole privacy computation, slow with many answers), which ``area_progress`` reads when it is missing.
    The right is checked first, so no refused read lands in the audit log."""
    facts = {name: read(store, name, int(area_id)) for name in _READS}
    if _reads_answers(store):
        answers = read(store, "survey_responses", int(area_id))
        if answers is not None:
            facts["survey"] = answers
    return facts


def facts_fingerprint(facts: Facts) -> str:
    """A digest of ``facts`` that changes with any value in them (a cache key; geometries left out, and of the
    survey answers only their number: progress asks only whether there are any)."""
    digest = hashlib.sha256()
    for name in sorted(facts):
        frame = facts[name]
        if frame is None or name == "survey":
            digest.update(f"{name}:{'-' if frame is None else len(frame)};".encode())
            continue
        columns = [c for c in frame.columns if c != "geometry"]
        rows = frame[columns].to_numpy(dtype=object).tolist() if len(frame) else []
        digest.update(f"{name}:{columns}:{rows};".encode())
    return digest.hexdigest()


def chosen_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """The measures chosen in the meeting."""
    return measures[measures["decision"] == "gekozen"] if len(measures) else measures
