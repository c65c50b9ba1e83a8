"""The DuckDB store: owns the connection, the schema/migrations and every query of the app.

One connection per process (cached by the UI); each thread works through its own cursor, because a
shared DuckDB connection silently hands one thread's results to another. Every write runs in a
transaction. The spatial extension comes from the PyPI wheel and is loaded by path, never installed.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import duckdb_extension_spatial
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.config import database_memory
from gis.domain.catalog import Layer
from gis.geo.assign import GridAssigner, members
from gis.geo.crs import RD
from gis.store.accounts import AccountsMixin
from gis.store.area_versions import AreaVersionsMixin
from gis.store.arrays import ArraysMixin
from gis.store.bulk import BulkMixin
from gis.store.codelists import CodeListsMixin
from gis.store.drafts import DraftsMixin
from gis.store.dumpings import DumpingsMixin
from gis.store.errors import (
    ConflictError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    StoreWalError,
)
from gis.store.filters import LAYER_COLUMNS, BBox, Filters, where
from gis.store.frames import execute_with
from gis.store.imports import ImportsMixin
from gis.store.retention import RetentionMixin
from gis.store.schema import COMPUTED_GEOM, LATEST_VERSION, MIGRATIONS

Cursor = duckdb.DuckDBPyConnection
LOCAL_TIMEZONE = "Europe/Amsterdam"

# Columns a caller may write per point layer (besides x, y, precision_m).
POINT_FIELDS: dict[Layer, tuple[str, ...]] = {
    Layer.BARNS: (
        "address", "bag_id", "floor_area_m2", "vacant_since", "owner_contact", "owner_consent",
        "status", "last_inspection", "risk_notes", "source_org", "batch_id",
    ),
    Layer.DUMPINGS: (
        "found_at", "place_type", "waste_type", "container_count", "volume_l", "substances",
        "into_soil_water", "reporter_org", "reporter_name", "status", "cleanup_cost", "notes",
        "cleanup_date", "substances_other", "linked_to", "created_by", "police_report_no", "landowner",
        "owner_type", "amount_requested", "amount_granted", "batch_id",
    ),
    Layer.INCIDENTS: ("source_org", "category", "occurred_on", "reference", "confidentiality", "batch_id"),
}  # fmt: skip
# Columns written by imports but not read back with the layer's fields (migration 11): the partner's own
# category text of an "overig" incident, and the time of day when the file gave one.
WRITE_ONLY_FIELDS: dict[Layer, tuple[str, ...]] = {Layer.INCIDENTS: ("category_original", "occurred_time")}


def spatial_extension_path() -> Path:
    """Path of the spatial extension shipped in the ``duckdb-extension-spatial`` wheel."""
    root = Path(duckdb_extension_spatial.__file__).parent / "extensions"
    path = root / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if not path.exists():
        found = sorted(p.parent.name for p in root.glob("*/spatial.duckdb_extension"))
        raise StoreError(
            f"De ruimtelijke uitbreiding voor DuckDB {duckdb.__version__} ontbreekt "
            f"(gevonden: {', '.join(found) or 'geen'}). Installeer duckdb-extension-spatial "
            f"=={duckdb.__version__} uit requirements.txt."
        )
    return path


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file without ever creating over or truncating an existing file."""
    try:  # checked before the file is touched
        memory = database_memory()
    except ValueError as exc:
        raise StoreError(str(exc)) from exc
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if re.search(r"\b(could not set lock|conflicting lock|lock on file)\b", text, re.I):
            raise StoreLockedError(path, text) from exc
        if "replaying WAL" in text or ".wal" in text.lower():
            raise StoreWalError(path, text) from exc
        raise StoreCorruptError(path, text) from exc
    con.execute(f"LOAD '{spatial_extension_path()}'")
    con.execute("SET GLOBAL geometry_always_xy = true")
    # a bounded buffer pool: large imports and queries spill to '<database>.tmp' instead of growing
    con.execute("SET GLOBAL memory_limit = ?", [f"{memory}B"])
    # Times the database stamps (versions, history, batches) are Dutch wall-clock time, whatever the
    # server's zone; users read them as local time.
    con.execute(f"SET GLOBAL TimeZone = '{LOCAL_TIMEZONE}'")
    return con


class DuckDBStore(
    AreaVersionsMixin,
    DumpingsMixin,
    ImportsMixin,
    ArraysMixin,
    BulkMixin,
    AccountsMixin,
    RetentionMixin,
    DraftsMixin,
    CodeListsMixin,
):
    """Embedded store on one DuckDB file. The interface is what a PostGIS store must also offer."""

    backend = "duckdb"

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = _connect(self.path, read_only)
        self._local = threading.local()
        self._muni_cache: GridAssigner | None = None
        try:
            self._check_readable()
        except duckdb.Error as exc:
            self._con.close()
            raise StoreCorruptError(self.path, str(exc)) from exc

    # -- connection -----------------------------------------------------------------------------
    def _check_readable(self) -> None:
        self._con.execute("SELECT count(*) FROM information_schema.tables").fetchone()

    def cursor(self) -> Cursor:
        """This thread's cursor (created on first use)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cur = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """Run the block as one transaction: all of it is written, or none of it."""
        cur = self.cursor()
        cur.begin()
        try:
            yield cur
        except duckdb.TransactionException as exc:  # a write conflict: another transaction was first
            with contextlib.suppress(duckdb.Error):
                cur.rollback()
            raise exc if isinstance(exc, ConflictError) else ConflictError(str(exc)) from exc
        except BaseException:
            cur.rollback()
            raise
        try:
            cur.commit()
        except duckdb.TransactionException as exc:
            with contextlib.suppress(duckdb.Error):
                cur.rollback()
            raise ConflictError(str(exc)) from exc

    def query_df(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.cursor().execute(sql, params or []).df()

    def scalar(self, sql: str, params: list[object] | None = None) -> object:
        """Run a read query and return the first column of the first row."""
        row = self.cursor().execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        """Close the connection (all cursors with it)."""
        self._con.close()

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest applied migration, 0 for an empty database."""
        exists = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version") or 0)

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; return the versions applied."""
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise StoreVersionError(self.path, current, LATEST_VERSION)
        applied: list[int] = []
        for m in MIGRATIONS:
            if m.version <= current:
                continue
            with self.transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
                )
                for stmt in m.statements:
                    cur.execute(stmt)
                cur.execute(
                    "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                    [m.version, m.description],
                )
            applied.append(m.version)
        if applied:
            # Write the new schema into the file now: DuckDB 1.5.5 cannot replay an ALTER TABLE ... ADD
            # COLUMN with a default from its WAL after a server was stopped before its next checkpoint.
            with contextlib.suppress(duckdb.TransactionException):  # another writer: its commit checkpoints
                self._con.execute("CHECKPOINT")
        return applied

    # -- metadata -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """A metadata value (e.g. ``demo``), or None."""
        value = self.scalar("SELECT value FROM meta WHERE key = ?", [key])
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value."""
        with self.transaction() as cur:
            cur.execute("DELETE FROM meta WHERE key = ?", [key])
            cur.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [key, value])

    def is_demo(self) -> bool:
        """True when the database holds generated demo data."""
        return self.get_meta("demo") == "1"

    def is_empty(self) -> bool:
        """True when no boundaries, areas or records have been loaded yet."""
        total = self.scalar(
            "SELECT (SELECT count(*) FROM municipalities) + (SELECT count(*) FROM areas) "
            "+ (SELECT count(*) FROM incidents) + (SELECT count(*) FROM barns) "
            "+ (SELECT count(*) FROM dumpings)"
        )
        return not total

    # -- boundaries and areas -------------------------------------------------------------------
    def replace_boundaries(self, municipalities: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame) -> None:
        """Replace the CBS boundaries. Columns: code, name, geometry (+ province_code)."""
        for frame in (municipalities, provinces):
            if frame.crs is None or frame.crs.to_epsg() != 28992:
                raise StoreError(f"Grenzen moeten in RD New (EPSG:28992) staan, niet in {frame.crs}.")
        with self.transaction() as cur:
            cur.execute("DELETE FROM municipalities")
            cur.execute("DELETE FROM provinces")
            for row in provinces.itertuples():
                cur.execute(
                    "INSERT INTO provinces VALUES (?, ?, ST_GeomFromWKB(?))",
                    [row.code, row.name, shapely.to_wkb(row.geometry)],
                )
            for row in municipalities.itertuples():
                cur.execute(
                    "INSERT INTO municipalities VALUES (?, ?, ?, ST_GeomFromWKB(?))",
                    [row.code, row.name, row.province_code, shapely.to_wkb(row.geometry)],
                )
        self._muni_cache = None

    def _geoframe(self, sql: str, params: list[object] | None = None) -> gpd.GeoDataFrame:
        df = self.query_df(sql, params)
        geom = shapely.from_wkb([bytes(b) for b in df.pop("wkb")]) if len(df) else []
        return gpd.GeoDataFrame(df, geometry=list(geom), crs=RD)

    def municipalities(self, province_codes: list[str] | None = None) -> gpd.GeoDataFrame:
        """Municipality boundaries (RD New), optionally of the given provinces only."""
        sql = "SELECT code, name, province_code, ST_AsWKB(geom) AS wkb FROM municipalities"
        params: list[object] = []
        if province_codes:
            sql += f" WHERE province_code IN ({', '.join('?' for _ in province_codes)})"
            params = list(province_codes)
        return self._geoframe(sql + " ORDER BY name", params)

    def provinces(self) -> gpd.GeoDataFrame:
        """Province boundaries (RD New)."""
        return self._geoframe("SELECT code, name, ST_AsWKB(geom) AS wkb FROM provinces ORDER BY code")

    def add_area(
        self,
        name: str,
        geom: shapely.Geometry,
        activities: str = "",
        process_status: str = "afbakening",
        is_demo: bool = False,
        created_by: str = "systeem",
    ) -> int:
        """Store a PPS area (RD New polygon) and record which existing points lie inside it."""
        with self.transaction() as cur:
            area_id = int(cur.execute("SELECT nextval('areas_id_seq')").fetchone()[0])
            cur.execute(
                "INSERT INTO areas (id, name, activities, process_status, geom, is_demo, created_by) "
                "VALUES (?, ?, ?, ?, ST_GeomFromWKB(?), ?, ?)",
                [area_id, name, activities, process_status, shapely.to_wkb(geom), is_demo, created_by],
            )
            cur.execute(
                "INSERT INTO area_versions (area_id, version, name, activities, geom, changed_by, reason) "
                "VALUES (?, 1, ?, ?, ST_GeomFromWKB(?), ?, 'eerste versie')",
                [area_id, name, activities, shapely.to_wkb(geom), created_by],
            )
            self._refresh_members(cur, area_id, geom)
        return area_id

    def areas(self) -> gpd.GeoDataFrame:
        """The PPS areas that are not deleted (RD New)."""
        return self._geoframe(
            "SELECT id, name, activities, process_status, is_demo, ST_AsWKB(geom) AS wkb "
            "FROM areas WHERE deleted_at IS NULL ORDER BY name"
        )

    @staticmethod
    def _insert_members(cur: Cursor, layer: Layer, ids: np.ndarray, area_id: int) -> None:
        if len(ids) == 0:
            return
        frame = pd.DataFrame({"layer": layer.value, "record_id": ids, "area_id": area_id})
        execute_with(cur, "INSERT INTO area_members SELECT layer, record_id, area_id FROM _data", frame)

    # -- point layers ---------------------------------------------------------------------------
    def _municipality_index(self) -> GridAssigner:
        if self._muni_cache is None:
            m = self.municipalities()
            self._muni_cache = GridAssigner(list(m.geometry), list(m["code"]))
        return self._muni_cache

    def insert_points(self, layer: Layer, frame: pd.DataFrame, is_demo: bool = False) -> int:
        """Write records (RD New ``x``/``y`` plus the layer's fields) in one transaction.

        Each record gets its municipality and PPS areas here, once, so pages count with GROUP BY.
        """
        with self.transaction() as cur:
            return len(self._write_points(cur, Layer(layer), frame, is_demo))

    def _write_points(self, cur: Cursor, layer: Layer, frame: pd.DataFrame, is_demo: bool = False) -> np.ndarray:
        """Insert inside the caller's transaction; returns the new ids."""
        cols = [c for c in (*POINT_FIELDS[layer], *WRITE_ONLY_FIELDS.get(layer, ())) if c in frame.columns]
        data = frame[["x", "y", *cols]].copy()
        data["precision_m"] = frame.get("precision_m", None)
        data["municipality_code"] = self._municipality_index().assign(data["x"], data["y"])
        areas = self.areas()
        seq = f"nextval('{layer.value}_id_seq')"
        ids = cur.execute(f"SELECT {seq} AS id FROM range(?)", [len(data)]).fetchnumpy()["id"]
        data.insert(0, "id", np.asarray(ids, dtype=np.int64))
        data["is_demo"] = is_demo
        names = ", ".join(data.columns)
        if layer in COMPUTED_GEOM:  # geom is a generated column there (migration 8)
            execute_with(cur, f"INSERT INTO {layer.value} ({names}) SELECT {names} FROM _data", data)
        else:
            execute_with(cur, f"INSERT INTO {layer.value} ({names}, geom) SELECT {names}, ST_Point(x, y) "
                         "FROM _data", data)  # fmt: skip
        for area in areas.itertuples():
            idx = members(data["x"], data["y"], area.geometry)
            self._insert_members(cur, layer, data["id"].to_numpy()[idx], int(area.id))
        return data["id"].to_numpy()

    def layer_count(self, layer: Layer, f: Filters, bbox: BBox | None = None) -> int:
        """Number of records of ``layer`` in the selection."""
        clause, params = where(Layer(layer), f, bbox)
        return int(self.scalar(f"SELECT count(*) FROM {Layer(layer).value}{clause}", params) or 0)

    def counts_by(self, layer: Layer, f: Filters, by: str = "municipality") -> pd.DataFrame:
        """Counts per municipality (``code, name, n``), PPS area (``id, name, n``) or ``month``: GROUP BYs."""
        layer = Layer(layer)
        clause, params = where(layer, f)
        if by == "municipality":
            sql = (
                f"SELECT c.code, coalesce(m.name, '(buiten gemeentegrenzen)') AS name, c.n FROM "
                f"(SELECT municipality_code AS code, count(*) AS n FROM {layer.value}{clause} GROUP BY 1) c "
                "LEFT JOIN municipalities m ON m.code = c.code ORDER BY c.n DESC, name"
            )
        elif by == "area":
            sql = (
                f"SELECT a.id, a.name, count(*) AS n FROM area_members am "
                f"JOIN areas a ON a.id = am.area_id AND a.deleted_at IS NULL "
                f"WHERE am.layer = ? AND am.record_id IN (SELECT id FROM {layer.value}{clause}) "
                "GROUP BY a.id, a.name ORDER BY n DESC, a.name"
            )
            params = [layer.value, *params]
        elif by == "month":
            date_col = LAYER_COLUMNS[layer][0]
            if date_col is None:
                raise ValueError(f"De laag {layer.value} heeft geen datum; tellen per maand kan niet.")
            sql = (f"SELECT CAST(date_trunc('month', {date_col}) AS DATE) AS month, count(*) AS n "
                   f"FROM {layer.value}{clause} GROUP BY 1 ORDER BY 1")  # fmt: skip
        else:
            raise ValueError(f"Onbekende indeling: {by}")
        return self.query_df(sql, params)

    def grid_counts(self, layer: Layer, f: Filters, cell_m: float, bbox: BBox | None = None) -> pd.DataFrame:
        """Counts per square cell of ``cell_m`` metres in RD New: columns ``x0, y0, n``."""
        layer = Layer(layer)
        clause, params = where(layer, f, bbox)
        sql = (
            f"SELECT floor(x / {float(cell_m)}) * {float(cell_m)} AS x0, "
            f"floor(y / {float(cell_m)}) * {float(cell_m)} AS y0, count(*) AS n "
            f"FROM {layer.value}{clause} GROUP BY 1, 2"
        )
        return self.query_df(sql, params)

    def points(self, layer: Layer, f: Filters, bbox: BBox | None = None, limit: int = 5000) -> pd.DataFrame:
        """Records with their fields (no geometry column; ``x``/``y`` in RD New), at most ``limit``."""
        layer = Layer(layer)
        clause, params = where(layer, f, bbox)
        cols = ", ".join(["id", "x", "y", "municipality_code", *POINT_FIELDS[layer]])
        sql = f"SELECT {cols} FROM {layer.value}{clause} ORDER BY id LIMIT {int(limit)}"
        return self.query_df(sql, params)

    def date_span(self) -> tuple[object, object]:
        """Earliest and latest event date over incidents and dumpings."""
        row = (
            self.cursor()
            .execute(
                "SELECT min(d), max(d) FROM (SELECT occurred_on AS d FROM incidents UNION ALL "
                "SELECT CAST(found_at AS DATE) FROM dumpings)"
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else (None, None)
