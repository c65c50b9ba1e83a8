"""The only place that talks to a database. ``open_store`` picks the backend from ``VB_DB``.

``VB_DB`` as a file path opens DuckDB (``gis.store.duck``); as ``postgresql://…`` the shared PostGIS
backend (``gis.store.pg``). Both implement ``Store``; callers only ever see this interface.
"""

from __future__ import annotations

import re
from pathlib import Path

from gis.config import database_url
from gis.store.base import Store
from gis.store.duck import DuckDBStore
from gis.store.dumpings import DumpingQuery, StoredFile, edit_stamp
from gis.store.errors import ConflictError, StoreError, UnsupportedBackendError
from gis.store.filters import BBox, Filters
from gis.store.imports import BatchInfo

__all__ = [
    "BBox", "BatchInfo", "ConflictError", "DumpingQuery", "Filters", "Store", "StoreError", "StoredFile", "edit_stamp",
    "open_store",
]  # fmt: skip


def open_store(url: str | None = None, read_only: bool = False, migrate: bool = True) -> Store:
    """Open the database named by ``url`` (default: the ``VB_DB`` setting) and migrate it."""
    url = url or database_url()
    if url.startswith(("postgresql://", "postgres://")):
        from gis.store.pg import PostGISStore

        pg: Store = PostGISStore(url)  # read-only is a matter of the role's grants there: no file to lock
        return _migrated(pg) if migrate and not read_only else pg
    if "://" in url and not url.startswith("duckdb:///"):
        raise UnsupportedBackendError(_without_password(url))
    if _KEY_VALUE.search(url):  # libpq's "host=… dbname=…" form: not a file name (it would be made, password and all)
        raise StoreError(
            "VB_DB lijkt verbindingsgegevens in de vorm 'host=… dbname=…' te bevatten. Schrijf ze als URL: "
            "postgresql://rol@server:5432/database (het wachtwoord via PGPASSWORD of ~/.pgpass). Er is niets "
            "aangemaakt."
        )
    path = url.removeprefix("duckdb:///") if url.startswith("duckdb:///") else url
    if read_only and not Path(path).exists():
        raise StoreError(f"De database '{path}' bestaat niet. Maak haar aan met: python -m gis init")
    store: Store = DuckDBStore(path, read_only=read_only)
    return _migrated(store) if migrate and not read_only else store


_KEY_VALUE = re.compile(r"(^|\s)(host|hostaddr|dbname|user|password|port|sslmode|service)\s*=", re.I)


def _without_password(url: str) -> str:
    """``url`` for a message: a password in its user part or its query replaced by ``***``."""
    url = re.sub(r"^([^:/?#]*://[^/?#@:]*):[^/?#]*@", r"\1:***@", url)
    return re.sub(r"([?&][^=&]*pass[^=&]*=)[^&]*", r"\1***", url, flags=re.I)


def _migrated(store: Store) -> Store:
    try:
        store.migrate()
    except Exception:
        store.close()
        raise
    return store
