"""Area versions for the DuckDB store: every save keeps the old boundary (who, when, why).

Restoring a version saves it again as the newest one, so history is never rewritten; deleting
an area is soft (``deleted_at``) and can be undone. Each call is one transaction.
"""

from __future__ import annotations

import duckdb
import geopandas as gpd
import numpy as np
import shapely

from gis.domain.catalog import POINT_LAYERS, Layer
from gis.geo.assign import members
from gis.store.errors import ConflictError, StoreError
from gis.store.locks import process_lock


def _taken(exc: BaseException) -> bool:
    """A unique key already taken by a transaction that committed meanwhile (PostgreSQL 23505, DuckDB)."""
    if getattr(exc, "sqlstate", None) == "23505":
        return True
    return isinstance(exc, duckdb.ConstraintException) and "Duplicate key" in str(exc)


class AreaVersionsMixin:
    """Versioning methods; the host class provides ``transaction``, ``_geoframe``, ``_insert_members``."""

    def _next_version(self, cur, area_id: int) -> int:
        row = cur.execute("SELECT max(version) FROM area_versions WHERE area_id = ?", [area_id]).fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"Gebied {area_id} bestaat niet.")
        return int(row[0]) + 1

    def _refresh_members(self, cur, area_id: int, geom: shapely.Geometry) -> None:
        cur.execute("DELETE FROM area_members WHERE area_id = ?", [area_id])
        for layer in POINT_LAYERS:
            pts = cur.execute(f"SELECT id, x, y FROM {layer.value}").fetchnumpy()
            idx = members(pts["x"], pts["y"], geom)
            self._insert_members(cur, layer, np.asarray(pts["id"])[idx], area_id)  # type: ignore[attr-defined]

    def save_area_version(
        self, area_id: int, geom: shapely.Geometry, name: str, activities: str, user: str, reason: str,
        expected_version: int | None = None,
    ) -> int:  # fmt: skip
        """Store a new boundary/description as the newest version; returns its version number.

        Two saves of one area at once: in one process they take turns; across processes (PostgreSQL) the area's
        row is written first, so the second waits for the first and then fails (REPEATABLE READ) before it
        numbers a version. That, a version number taken meanwhile, and a newer version than ``expected_version``
        (the newest one the user's edit started from; None: not checked) are a ``ConflictError`` naming who
        saved first and when; nothing of the second save is written."""
        wkb = shapely.to_wkb(geom)
        try:
            with process_lock(self, "area", area_id), self.transaction() as cur:  # type: ignore[attr-defined]
                done = cur.execute(
                    "UPDATE areas SET name = ?, activities = ?, geom = ST_GeomFromWKB(?) WHERE id = ? RETURNING id",
                    [name, activities, wkb, area_id],
                ).fetchall()
                if not done:
                    raise StoreError(f"Gebied {area_id} bestaat niet.")
                version = self._next_version(cur, area_id)
                if expected_version is not None and version != int(expected_version) + 1:
                    raise ConflictError(f"gebied {area_id}: versie {expected_version} is niet meer de nieuwste")
                cur.execute(
                    "INSERT INTO area_versions (area_id, version, name, activities, geom, changed_by, reason) "
                    "VALUES (?, ?, ?, ?, ST_GeomFromWKB(?), ?, ?)",
                    [area_id, version, name, activities, wkb, user, reason],
                )
                self._refresh_members(cur, area_id, geom)
        except Exception as exc:
            if isinstance(exc, ConflictError) or _taken(exc):
                raise self._area_conflict(area_id, exc) from exc
            raise
        return version

    def _area_conflict(self, area_id: int, exc: Exception) -> ConflictError:
        """Who saved the area's newest version, and when (read after the rollback)."""
        row = (
            self.cursor()  # type: ignore[attr-defined]
            .execute(
                "SELECT changed_by, changed_at FROM area_versions WHERE area_id = ? ORDER BY version DESC LIMIT 1",
                [area_id],
            )
            .fetchone()
        )
        who, when = row if row else (None, None)
        return ConflictError(str(exc), what=f"Gebied {area_id}", what_en=f"Area {area_id}",
                             who=str(who) if who else None, when=when)  # fmt: skip

    def area_versions(self, area_id: int) -> gpd.GeoDataFrame:
        """All versions of an area, newest first (RD New)."""
        return self._geoframe(  # type: ignore[attr-defined]
            "SELECT version, name, activities, changed_by, changed_at, reason, ST_AsWKB(geom) AS wkb "
            "FROM area_versions WHERE area_id = ? ORDER BY version DESC",
            [area_id],
        )

    def restore_area_version(self, area_id: int, version: int, user: str, reason: str = "") -> int:
        """Save an old version again as the newest; returns the new version number."""
        old = self.area_versions(area_id)
        row = old[old["version"] == version]
        if row.empty:
            raise StoreError(f"Gebied {area_id} heeft geen versie {version}.")
        r = row.iloc[0]
        why = reason or f"versie {version} teruggezet"
        return self.save_area_version(area_id, r.geometry, r["name"], r["activities"] or "", user, why)

    def delete_area(self, area_id: int, user: str, reason: str) -> None:
        """Soft-delete an area (reversible), recording who and why."""
        if not reason.strip():
            raise StoreError("Geef een reden op voor het verwijderen van het gebied.")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            done = cur.execute(
                "UPDATE areas SET deleted_at = current_timestamp, deleted_by = ?, delete_reason = ? "
                "WHERE id = ? AND deleted_at IS NULL RETURNING id",
                [user, reason.strip(), area_id],
            ).fetchall()
            if not done:
                raise StoreError(f"Gebied {area_id} bestaat niet of is al verwijderd.")

    def undelete_area(self, area_id: int) -> None:
        """Bring a soft-deleted area back."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "UPDATE areas SET deleted_at = NULL, deleted_by = NULL, delete_reason = NULL WHERE id = ?", [area_id]
            )

    def deleted_areas(self) -> gpd.GeoDataFrame:
        """Soft-deleted areas with who deleted them, when and why (RD New), newest first."""
        return self._geoframe(  # type: ignore[attr-defined]
            "SELECT id, name, deleted_at, deleted_by, delete_reason, ST_AsWKB(geom) AS wkb "
            "FROM areas WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC"
        )

    def count_within(self, layer: Layer, geom: shapely.Geometry) -> int:
        """Records of ``layer`` inside ``geom`` (RD New), e.g. for a boundary not yet saved."""
        if geom is None or geom.is_empty:
            return 0
        minx, miny, maxx, maxy = geom.bounds
        pts = (
            self.cursor()
            .execute(  # type: ignore[attr-defined]
                f"SELECT x, y FROM {Layer(layer).value} WHERE x BETWEEN ? AND ? AND y BETWEEN ? AND ?",
                [minx, maxx, miny, maxy],
            )
            .fetchnumpy()
        )
        return len(members(pts["x"], pts["y"], geom))
