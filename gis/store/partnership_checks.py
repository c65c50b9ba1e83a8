"""Checks of the partnership's input (A2–A5, B4) before anything is written: texts, dates, codes, e-mail
addresses. Every refusal is a ``StoreError`` with a Dutch sentence naming the field and the value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from gis.clock import now_nl
from gis.store.errors import StoreError

MAX_NAME_CHARS = 200  # organisation, person, role, title, topic
MAX_TEXT_CHARS = 20_000  # minutes, decisions, agreements, summaries, notes
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9 ()\-]{6,20}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def today() -> date:
    """Today in the Netherlands (dates in the future are refused against this)."""
    return now_nl().date()


def missing(value: object) -> bool:
    """A NULL as a backend's frame gives it: None, pandas' NA or NaT, or NaN."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value))


def text(
    record: Mapping[str, Any], key: str, field: str, *, required: bool = False, limit: int = MAX_NAME_CHARS
) -> str:
    """``record[key]`` as stripped text (``field``: its Dutch name); empty refused when ``required``."""
    value = record.get(key)
    value = "" if missing(value) else str(value).strip()
    if _CONTROL.search(value) or not _encodable(value):
        raise StoreError(f"{field} bevat een teken dat niet kan worden opgeslagen (een stuurteken); haal het weg.")
    if required and not value:
        raise StoreError(f"{field} is leeg; vul {field} in.")
    if len(value) > limit:
        raise StoreError(f"{field} is te lang ({len(value)} tekens, maximaal {limit}).")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not text any database takes
        return False
    return True


def fields(record: object, what: str) -> Mapping[str, Any]:
    """The fields of a form (a mapping); anything else is refused."""
    if not isinstance(record, Mapping):
        raise StoreError(f"De gegevens van {what} ontbreken of zijn geen formulier.")
    return record


def code(value: object, table: Mapping[str, Any], field: str) -> str:
    """A code of one of the vocabularies of ``gis.partnership.codes``."""
    if not isinstance(value, str) or value not in table:
        raise StoreError(f"{field} '{value}' bestaat niet; kies uit {', '.join(table)}.")
    return value


def day(value: object, field: str, *, required: bool = True, past: bool = False) -> date | None:
    """A date (``date``, ``datetime`` or ISO text); ``past``: today or earlier."""
    if missing(value) or value == "":
        if required:
            raise StoreError(f"{field} ontbreekt; vul een datum in.")
        return None
    if isinstance(value, datetime | pd.Timestamp):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise StoreError(f"{field} '{value}' is geen datum (jjjj-mm-dd).") from None
    if not isinstance(value, date):
        raise StoreError(f"{field} '{value}' is geen datum.")
    if not 1900 <= value.year <= 2200:
        raise StoreError(f"{field} {value:%d-%m-%Y} is geen geldige datum (jaartal {value.year}).")
    if past and value > today():
        raise StoreError(f"{field} {value:%d-%m-%Y} ligt in de toekomst; dat kan niet.")
    return value


def email(value: str) -> str:
    if value and not _EMAIL.fullmatch(value):
        raise StoreError(f"E-mailadres '{value}' is geen e-mailadres (bijvoorbeeld naam@gemeente.nl).")
    return value


def phone(value: str) -> str:
    if value and not _PHONE.fullmatch(value):
        raise StoreError(f"Telefoonnummer '{value}' is geen telefoonnummer (cijfers, spaties, + en -).")
    return value


def sha256(value: object) -> str:
    if not isinstance(value, str) or not _SHA256.fullmatch(value.strip().lower()):
        raise StoreError(f"Controlegetal (sha256) '{value}' van het aanvraagpakket is geen sha256 (64 tekens).")
    return value.strip().lower()


def whole(value: object, field: str) -> int:
    """An id: a positive whole number that fits the database's INTEGER."""
    try:
        if isinstance(value, bool) or missing(value):
            raise TypeError
        number = int(value)  # type: ignore[call-overload]
        if number != value and not isinstance(value, str):
            raise TypeError
    except (TypeError, ValueError):
        raise StoreError(f"{field} '{value}' is geen geheel getal.") from None
    if not 0 < number < 2**31:
        raise StoreError(f"{field} {value} bestaat niet.")
    return number


def area_row(cur: Any, area_id: object) -> int:
    """The id of an existing (not deleted) area; ``StoreError`` otherwise."""
    area = whole(area_id, "Gebied")
    if cur.execute("SELECT id FROM areas WHERE id = ? AND deleted_at IS NULL", [area]).fetchone() is None:
        raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
    return area


def claim_area(cur: Any, area: int) -> None:
    """Take the area's row for the rest of the caller's transaction (a write that changes nothing), so two
    PostgreSQL transactions that check-then-insert for the same area cannot both pass the check: the second waits
    and ends as a ``ConflictError`` instead of writing a second copy. DuckDB ignores a write that changes nothing:
    there the caller holds ``gis.store.locks.process_lock`` (DuckDB has one writing process)."""
    cur.execute("UPDATE areas SET name = name WHERE id = ?", [area])


def participant_row(cur: Any, participant_id: object) -> tuple[int, int, str, Any, int]:
    """``(id, area_id, organisation, removed_at, version)`` of a participant; ``StoreError`` when unknown."""
    pid = whole(participant_id, "Deelnemer")
    row = cur.execute(
        "SELECT id, area_id, organisation, removed_at, version FROM participants WHERE id = ?", [pid]
    ).fetchone()
    if row is None:
        raise StoreError(f"Deelnemer {participant_id} bestaat niet.")
    return int(row[0]), int(row[1]), str(row[2]), row[3], int(row[4])


def active_participant(cur: Any, participant_id: object, area_id: int | None = None) -> tuple[int, int, str]:
    """A participant that takes part now (not removed), of ``area_id`` when given."""
    pid, area, name, removed_at, _ = participant_row(cur, participant_id)
    if removed_at is not None:
        raise StoreError(f"{name} (deelnemer {pid}) is geen deelnemer meer; het is uit de samenwerking gehaald.")
    if area_id is not None and area != area_id:
        raise StoreError(f"{name} (deelnemer {pid}) is geen deelnemer van gebied {area_id}.")
    return pid, area, name


__all__ = [
    "MAX_NAME_CHARS",
    "MAX_TEXT_CHARS",
    "active_participant",
    "area_row",
    "code",
    "day",
    "email",
    "fields",
    "missing",
    "participant_row",
    "phone",
    "sha256",
    "text",
    "today",
    "whole",
]
