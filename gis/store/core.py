"""What every store backend shares: metadata, boundaries, areas and the point layers' writes and counts.

The SQL here is the portable subset both DuckDB (spatial) and PostgreSQL/PostGIS accept; the PostGIS
cursor (``gis.store.pg_sql``) rewrites the few spellings that differ (``?`` placeholders, ``ST_Point``,
``ST_AsWKB``, ``ST_GeomFromWKB``). A backend supplies ``transaction``, ``cursor``, ``query_df``, ``scalar``
and ``_next_ids``.
"""

from __future__ import annotations

import time
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gis.domain.catalog import Layer
from gis.geo.assign import GridAssigner, members
from gis.geo.crs import RD
from gis.store.errors import StoreError
from gis.store.filters import LAYER_COLUMNS, BBox, Filters, where
from gis.store.frames import execute_with
from gis.store.schema import COMPUTED_GEOM

Cursor = Any

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


class CoreMixin:
    """Backend-agnostic store methods; the host provides the connection and ``_next_ids``."""

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

    def meta_first(self, key: str, value: str) -> str:
        """Set ``key`` to ``value`` unless it has a value already; return the value it has. Two app processes
        making a secret at the same moment both get the one that was stored first (the other's write conflicts,
        or finds the key, and stores nothing)."""
        try:
            with self.transaction() as cur:
                cur.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", [key, value])
        except Exception:  # a write conflict or (DuckDB, threads) a key violation: another one stores it first
            for _ in range(50):  # its transaction may not have committed yet: wait for it, briefly
                if self.get_meta(key) is not None:
                    break
                time.sleep(0.02)
            else:
                raise
        stored = self.get_meta(key)
        if stored is None:
            raise StoreError(f"De instelling '{key.split(':')[0]}' kon niet worden bewaard; probeer het opnieuw.")
        return stored

    def is_demo(self) -> bool:
        """True when the database holds generated demo data."""
        return self.get_meta("demo") == "1"

    def server_version(self) -> str:
        """The database software and its version, e.g. ``DuckDB 1.5.5`` or ``PostgreSQL 15.10`` (for the About
        page: never a host, role or password)."""
        text = str(self.scalar("SELECT version()") or "").strip()
        if text.startswith("PostgreSQL "):
            return " ".join(text.split()[:2])
        return f"DuckDB {text.removeprefix('v')}" if text else "onbekend"

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
            area_id = int(self._next_ids(cur, "areas_id_seq", 1)[0])  # type: ignore[attr-defined]
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
        data.insert(0, "id", self._next_ids(cur, f"{layer.value}_id_seq", len(data)))  # type: ignore[attr-defined]
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
                "SELECT CAST(found_at AS DATE) FROM dumpings) AS spans"
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else (None, None)
