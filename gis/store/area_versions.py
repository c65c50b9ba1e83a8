"""Area versions for the DuckDB store: every save keeps the old boundary (who, when, why).

Restoring a version saves it again as the newest one, so history is never rewritten; deleting
an area is soft (``deleted_at``) and can be undone. Each call is one transaction.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from gis.domain.catalog import POINT_LAYERS
from gis.geo.assign import members
from gis.store.errors import StoreError


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
        self, area_id: int, geom: shapely.Geometry, name: str, activities: str, user: str, reason: str
    ) -> int:
        """Store a new boundary/description as the newest version; returns its version number."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            version = self._next_version(cur, area_id)
            wkb = shapely.to_wkb(geom)
            cur.execute(
                "INSERT INTO area_versions (area_id, version, name, activities, geom, changed_by, reason) "
                "VALUES (?, ?, ?, ?, ST_GeomFromWKB(?), ?, ?)",
                [area_id, version, name, activities, wkb, user, reason],
            )
            cur.execute(
                "UPDATE areas SET name = ?, activities = ?, geom = ST_GeomFromWKB(?) WHERE id = ?",
                [name, activities, wkb, area_id],
            )
            self._refresh_members(cur, area_id, geom)
        return version

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
        """Soft-delete an area (reversible). ``user`` and ``reason`` go to the audit log (issue 7)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE areas SET deleted_at = current_timestamp WHERE id = ?", [area_id])

    def undelete_area(self, area_id: int) -> None:
        """Bring a soft-deleted area back."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE areas SET deleted_at = NULL WHERE id = ?", [area_id])
