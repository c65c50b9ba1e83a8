"""Shared steps of the measures store (B2–B3): reading values as the forms give them (dates, numbers, texts),
versioned writes that refuse a stale edit by name, and the append-only history of measures and the catalogue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pandas as pd

from gis.store.errors import ConflictError, StoreError
from gis.store.locks import process_lock

MAX_TEXT = 2000  # reasons, comments, notes
MAX_SHORT = 200  # titles, partners, representatives
# Control characters (not tab, line feed, carriage return) and bidirectional overrides and isolates.
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")

# What each versioned table is called in a conflict message (Dutch, English) and its key column.
_KINDS: dict[str, tuple[str, str, str]] = {
    "area_measures": ("Maatregel {}", "Measure {}", "id"),
    "objectives": ("Doel {}", "Objective {}", "id"),
    "measure_catalogue": ("Catalogusmaatregel '{}'", "Catalogue measure '{}'", "code"),
}


def missing(value: object) -> bool:
    """A NULL as a backend's frame gives it: None, pandas' NA or NaT, or NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def as_date(value: object, field: str, required: bool = False) -> date | None:
    """``value`` (a date, a timestamp or ``jjjj-mm-dd`` text) as a date; None when empty and not ``required``."""
    if missing(value) or value == "":
        if required:
            raise StoreError(f"Het veld '{field}' is leeg; vul een datum in.")
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return pd.Timestamp(value).date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise StoreError(f"Het veld '{field}': '{value}' is geen datum (jjjj-mm-dd).") from None


def as_number(value: object, field: str) -> float:
    """``value`` as a finite number (a required field)."""
    if missing(value) or value == "":
        raise StoreError(f"Het veld '{field}' is leeg; vul een getal in.")
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise StoreError(f"Het veld '{field}': '{value}' is geen getal.") from None
    if not math.isfinite(number):
        raise StoreError(f"Het veld '{field}': '{value}' is geen eindig getal.")
    return number


def as_text(value: object, field: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    """``value`` as stripped text of at most ``limit`` characters, without control characters (other than line
    breaks and tabs) or bidirectional overrides, which would change what a page or document shows."""
    text = "" if missing(value) else str(value).strip()
    bad = UNSAFE_CHARACTERS.search(text)
    if bad is not None or not _encodable(text):
        code = f"U+{ord(bad.group(0)):04X}" if bad is not None else "een los surrogaat"
        raise StoreError(f"Het veld '{field}' bevat een onzichtbaar stuurteken ({code}); haal het weg.")
    if required and not text:
        raise StoreError(f"Het veld '{field}' is leeg.")
    if len(text) > limit:
        raise StoreError(f"Het veld '{field}' is te lang ({len(text)} tekens, maximaal {limit}).")
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no database takes it
        return False
    return True


def plain_dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``columns`` of ``frame`` as Python dates (or None), the same on both backends."""
    for column in columns:
        if column in frame.columns:
            days = [None if missing(v) else as_date(v, column) for v in frame[column]]
            frame[column] = pd.Series(days, index=frame.index, dtype=object)
    return frame


def plain_texts(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``columns`` of ``frame`` with NULL as None (not NaN), the same on both backends and pandas versions."""
    for column in columns:
        if column in frame.columns:
            values = [None if missing(v) else v for v in frame[column]]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def history(
    cur: Any, user: str, action: str, *, measure_id: int | None = None, code: str | None = None,
    objective_id: int | None = None, old: object = None, new: object = None, note: str = "",
) -> None:  # fmt: skip
    """One line in the append-only ``measure_history``, inside the caller's transaction."""
    cur.execute(
        "INSERT INTO measure_history (measure_id, catalogue_code, objective_id, user_name, action, old_value, "
        "new_value, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [measure_id, code, objective_id, user, action, None if old is None else str(old),
         None if new is None else str(new), note or None],
    )  # fmt: skip


def current_version(cur: Any, table: str, key: object) -> int:
    """The version of row ``key`` of ``table`` as this transaction reads it; ``StoreError`` when it is gone."""
    what_nl, _, column = _KINDS[table]
    row = cur.execute(f"SELECT version FROM {table} WHERE {column} = ?", [key]).fetchone()
    if row is None:
        raise StoreError(f"{what_nl.format(key)} bestaat niet (meer); er is niets opgeslagen.")
    return int(row[0])


def compare_and_set(cur: Any, table: str, key: object, expected: int | None, user: str, sets: str,
                    params: list[object]) -> int:  # fmt: skip
    """``UPDATE <table> SET <sets>, version + 1`` only when the row still has version ``expected`` (None: the
    version read now); ``ConflictError`` when another writer was first. Returns the new version."""
    if expected is None:
        expected = current_version(cur, table, key)
    column = _KINDS[table][2]
    done = cur.execute(
        f"UPDATE {table} SET {sets}, version = version + 1, updated_at = current_timestamp, updated_by = ? "
        f"WHERE {column} = ? AND version = ? RETURNING version",
        [*params, user, key, int(expected)],
    ).fetchall()
    if not done:
        current_version(cur, table, key)  # gone: a StoreError
        raise ConflictError(f"{table} {key}: versie {expected} is niet meer de laatste")
    return int(done[0][0])


@contextmanager
def versioned_write(store: Any, table: str, key: object) -> Iterator[Any]:
    """One transaction writing row ``key`` of ``table``, after other writers of it in this process; a write
    conflict comes out named (who saved first, and when), read after the rollback."""
    what_nl, what_en, column = _KINDS[table]
    try:
        with process_lock(store, table, hash(str(key)) % 1_000_003), store.transaction() as cur:
            yield cur
    except ConflictError as exc:
        if exc.named:
            raise
        row = store.cursor().execute(
            f"SELECT coalesce(updated_by, created_by), coalesce(updated_at, created_at) FROM {table} "
            f"WHERE {column} = ?" if table != "measure_catalogue" else
            "SELECT updated_by, updated_at FROM measure_catalogue WHERE code = ?",
            [key],
        ).fetchone()  # fmt: skip
        if row is None:
            raise StoreError(f"{what_nl.format(key)} bestaat niet (meer); er is niets opgeslagen.") from exc
        who, when = row
        when = pd.Timestamp(when).to_pydatetime() if not missing(when) else None
        raise ConflictError(exc.detail or str(exc), what=what_nl.format(key), what_en=what_en.format(key),
                            who=str(who) if who else None, when=when) from exc  # fmt: skip


def choose(value: object, table: dict[str, Any], field: str) -> str:
    """``value`` as a code of ``table``; a Dutch error naming the field and the choices otherwise."""
    if value not in table:
        raise StoreError(f"Het veld '{field}': '{value}' bestaat niet; kies uit {', '.join(table)}.")
    return str(value)


__all__ = [
    "MAX_SHORT", "MAX_TEXT", "UNSAFE_CHARACTERS", "as_date", "as_number", "as_text", "choose", "compare_and_set",
    "current_version", "history", "missing", "plain_dates", "plain_texts", "versioned_write",
]  # fmt: skip
