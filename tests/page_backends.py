"""The page and command-line tests that write data run on both backends: a DuckDB file in the test's
``tmp_path`` or a PostGIS database of the throwaway cluster (``tests/pg_cluster.py``). Either way the fixture
gives the database's location as a string ``open_store`` and ``--db`` take; the writable demo is also named by
``VB_DB`` for the app under test. Each test file parametrises its own fixture with ``PAGE_BACKENDS``."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGE_BACKENDS = ("duckdb", "postgis")


def writable_demo(request: pytest.FixtureRequest) -> str:
    """``VB_DB`` of a fresh writable copy of the small demo on the backend of ``request.param``."""
    if request.param == "postgis":
        return str(request.getfixturevalue("pg_demo_url"))
    return str(request.getfixturevalue("demo_copy"))


def empty_database(request: pytest.FixtureRequest, tmp_path: Path, name: str = "cli.duckdb") -> str:
    """A fresh migrated database without data on the backend of ``request.param`` (a DuckDB path not yet made)."""
    if request.param == "postgis":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / name)
