"""Process-level locks per database, for writes that must not meet inside one app process.

DuckDB is held by one process, so a lock here serialises all its writers of one kind; on PostgreSQL the
database's own locks serialise other processes, and this lock spares the threads of one process a write
conflict (the second writer then finds the first one's commit and is told by name who saved first).
"""

from __future__ import annotations

import threading
from typing import Any

STRIPES = 64  # per-record locks are striped: records whose id differs by a multiple of this share one

_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_GUARD = threading.Lock()


def process_lock(store: Any, kind: str, record: int | None = None) -> threading.Lock:
    """The lock of ``kind`` (for ``record``, striped) on ``store``'s database in this process."""
    name = kind if record is None else f"{kind}:{int(record) % STRIPES}"
    key = (str(store.path), name)
    with _GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


__all__ = ["STRIPES", "process_lock"]
