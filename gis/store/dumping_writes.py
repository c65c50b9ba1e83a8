"""Many writers on one dumping report: compare-and-set on its version, and new reports at one spot one at a time.

Every write of a report raises its ``version`` with ``UPDATE … WHERE id = ? AND version = ?`` inside the
transaction and checks that a row came back, so the second of two writers never overwrites the first (also
under PostgreSQL's READ COMMITTED). A conflict is told by name: which report, who saved first and when.
A new report with a duplicate check (``seen_nearby``) is written under the intake lock and refused when open
reports appeared at the spot that the user did not see (``DuplicateSiteError``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pandas as pd

from gis.domain.duplicates import MAX_DAYS, MAX_DISTANCE_M, find_duplicates
from gis.store.errors import ConflictError, DuplicateSiteError, StoreError
from gis.store.locks import process_lock

# PostgreSQL: the intake lock, the FIRST statement of a new report's transaction. REPEATABLE READ takes its
# snapshot at the first statement that is not a LOCK, so the duplicate check after it sees every report whose
# transaction held the lock before. SHARE UPDATE EXCLUSIVE conflicts with itself but not with the ROW
# EXCLUSIVE of inserts and updates: edits and imports go on; only new reports with a check wait for each other.
PG_INTAKE_LOCK = "LOCK TABLE dumpings IN SHARE UPDATE EXCLUSIVE MODE"


@contextmanager
def intake(store: Any) -> Iterator[Any]:
    """A transaction for a new report, serialised against other new reports of this database: threads of this
    process by a lock taken before the transaction starts (so its snapshot comes after the other's commit);
    other processes (PostgreSQL) by ``PG_INTAKE_LOCK``."""
    with process_lock(store, "new dumping"), store.transaction() as cur:
        if store.backend == "postgis":
            cur.execute(PG_INTAKE_LOCK)
        yield cur


def check_new_duplicates(cur: Any, record: dict[str, object], seen_nearby: Sequence[int]) -> None:
    """Refuse (``DuplicateSiteError``) when open, unlinked reports within the duplicate radius and period of
    ``record`` exist that are not in ``seen_nearby`` (what the user's check showed or was told)."""
    x, y = float(record["x"]), float(record["y"])  # type: ignore[arg-type]
    r = MAX_DISTANCE_M
    near = cur.execute(
        "SELECT id, x, y, found_at, status FROM dumpings WHERE linked_to IS NULL "
        "AND x BETWEEN ? AND ? AND y BETWEEN ? AND ?",
        [x - r, x + r, y - r, y + r],
    ).df()
    if near.empty:
        return
    found_at = record.get("found_at")
    days = MAX_DAYS if found_at is not None else float("inf")
    when = pd.Timestamp(found_at) if found_at is not None else pd.Timestamp.now()
    dups = find_duplicates(x, y, when.to_pydatetime(), near, max_days=days)
    new = sorted(set(int(i) for i in dups["id"]) - {int(i) for i in seen_nearby})
    if new:
        raise DuplicateSiteError(new, r)


def expected_version(seen: str | None, current: int) -> int:
    """The version a write must find: the one the editor saw (``edit_stamp``), else the one read just now."""
    if seen is None:
        return current
    try:
        return int(seen)
    except ValueError:  # a stamp of another form (before migration 12): it cannot match
        return -1


def current_row(cur: Any, dumping_id: int, columns: str = "status, version") -> tuple[Any, ...]:
    """The report's ``columns`` as this transaction reads them; ``StoreError`` when it does not exist."""
    row = cur.execute(f"SELECT {columns} FROM dumpings WHERE id = ?", [dumping_id]).fetchone()
    if row is None:
        raise StoreError(f"Dumpingmelding {dumping_id} bestaat niet (meer).")
    return tuple(row)


def compare_and_set(
    cur: Any, dumping_id: int, expected: int, user: str, sets: str = "", params: Sequence[object] = ()
) -> None:
    """``UPDATE dumpings SET <sets>, version = version + 1, updated_at, updated_by WHERE id = ? AND version = ?``;
    ``ConflictError`` when no row matched (another writer was first; the caller's transaction rolls back)."""
    head = f"{sets}, " if sets else ""
    done = cur.execute(
        f"UPDATE dumpings SET {head}version = version + 1, updated_at = current_timestamp, updated_by = ? "
        "WHERE id = ? AND version = ? RETURNING id",
        [*params, user, dumping_id, expected],
    ).fetchall()
    if not done:
        raise ConflictError(f"melding {dumping_id}: versie {expected} is niet meer de laatste")


@contextmanager
def report_write(store: Any, dumping_id: int) -> Iterator[Any]:
    """One transaction writing report ``dumping_id``, after other writers of it in this process (so the second
    one reads the first one's commit); any write conflict comes out named (who saved first, when), read after
    the rollback so it is what the database now holds."""
    try:
        with process_lock(store, "dumping", dumping_id), store.transaction() as cur:
            yield cur
    except ConflictError as exc:
        raise named_conflict(store, dumping_id, exc) from exc


def named_conflict(store: Any, dumping_id: int, exc: ConflictError) -> StoreError:
    """The conflict with the report's last writer and time; a ``StoreError`` if the report is gone."""
    if exc.named:
        return exc
    row = (
        store.cursor()
        .execute(
            "SELECT coalesce(updated_by, created_by), coalesce(updated_at, created_at) FROM dumpings WHERE id = ?",
            [dumping_id],
        )
        .fetchone()
    )
    if row is None:
        return StoreError(f"Dumpingmelding {dumping_id} bestaat niet (meer); er is niets opgeslagen.")
    who, when = row
    when = pd.Timestamp(when).to_pydatetime() if when is not None else None
    return ConflictError(exc.detail or str(exc), what=f"Melding {dumping_id}", what_en=f"Report {dumping_id}",
                         who=str(who) if who else None, when=when if isinstance(when, datetime) else None)  # fmt: skip


__all__ = [
    "PG_INTAKE_LOCK", "check_new_duplicates", "compare_and_set", "current_row", "expected_version", "intake",
    "named_conflict", "report_write",
]  # fmt: skip
