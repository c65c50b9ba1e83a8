"""Hand a pandas frame or Arrow table to one DuckDB statement without leaving anything behind.

``cursor.register`` creates a view; inside a transaction a dropped view stays in the catalog until
the commit, and with it the object it points to. An import that registered each chunk therefore
held every chunk it wrote (for Arrow strings: their buffers) until the end: memory grew with the
file. A replacement scan (DuckDB reads a Python variable named in the SQL) creates no catalog entry.
"""

from __future__ import annotations

from typing import Any


def execute_with(cur: Any, sql: str, data: object) -> Any:
    """Run ``sql``, which reads ``data`` (a pandas frame or Arrow table) under the name ``_data``.

    A PostGIS cursor has its own ``execute_with`` (the data go in with COPY into a temporary table)."""
    if hasattr(cur, "execute_with"):
        return cur.execute_with(sql, data)
    _data = data
    return cur.execute(sql)
