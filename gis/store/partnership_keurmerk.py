"""Store methods for the certification (B4): audits and their results, Keurmerk applications, and the public
list of Keurmerk holders (area, municipalities, granted and expiry dates; nothing behind them). Part of
``PartnershipMixin``; one transaction per write."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import shapely

from gis.partnership.codes import AUDIT_RESULTS, KEURMERK_YEARS
from gis.store import partnership_checks as chk

GRANTED: tuple[str, ...] = ("toegekend", "voorwaardelijk")
MIN_SHARE = 0.01  # a municipality counts for an area when it holds at least 1 % of the area's surface


def expiry(granted_on: date, years: int = KEURMERK_YEARS) -> date:
    """The day a Keurmerk granted on ``granted_on`` expires (29 February becomes 28 February)."""
    try:
        return granted_on.replace(year=granted_on.year + years)
    except ValueError:
        return granted_on.replace(year=granted_on.year + years, day=28)  # from 29 February


def municipality_names(area: shapely.Geometry, municipalities: Any) -> list[str]:
    """Names of the municipalities an area lies in (sorted); a mere touch of the boundary does not count."""
    if area is None or area.is_empty:
        return []
    names = []
    for i in municipalities.sindex.query(area, predicate="intersects"):
        row = municipalities.iloc[int(i)]
        share = row.geometry.intersection(area).area / area.area if area.area > 0 else 1.0
        if share >= MIN_SHARE:
            names.append(str(row["name"]))
    return sorted(names)


class KeurmerkMixin:
    """Audits, Keurmerk applications and the list of holders."""

    def audits(self, area_id: int | None = None) -> pd.DataFrame:
        """The audits (of one area, or all), newest first."""
        sql = "SELECT id, area_id, audited_on, result, notes, auditor, recorded_at FROM audits"
        params: list[object] = []
        if area_id is not None:
            sql += " WHERE area_id = ?"
            params.append(chk.whole(area_id, "Gebied"))
        return self.query_df(sql + " ORDER BY audited_on DESC, id DESC", params)  # type: ignore[attr-defined]

    def record_audit(self, area_id: int, audited_on: date, result: str, notes: str, user: str) -> int:
        """Record an audit's result (``AUDIT_RESULTS``) and date (not in the future); the auditor is ``user``."""
        when = chk.day(audited_on, "Datum van de audit", past=True)
        outcome = chk.code(result, AUDIT_RESULTS, "Uitslag van de audit")
        text = chk.text({"notes": notes}, "notes", "Toelichting", limit=chk.MAX_TEXT_CHARS)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            aid = int(self._next_ids(cur, "audits_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO audits (id, area_id, audited_on, result, notes, auditor) VALUES (?, ?, ?, ?, ?, ?)",
                [aid, area, when, outcome, text, user],
            )
        return aid

    def keurmerk_applications(self, area_id: int) -> pd.DataFrame:
        """The area's Keurmerk applications (with the application package's sha256), newest first."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, package_sha256, applied_by, applied_at FROM keurmerk_applications "
            "WHERE area_id = ? ORDER BY applied_at DESC, id DESC",
            [chk.whole(area_id, "Gebied")],
        )

    def apply_keurmerk(self, area_id: int, user: str, package_sha256: str) -> int:
        """Record that the area applied for the Keurmerk with the package of this sha256; returns its id."""
        digest = chk.sha256(package_sha256)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            kid = int(self._next_ids(cur, "keurmerk_applications_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO keurmerk_applications (id, area_id, package_sha256, applied_by) VALUES (?, ?, ?, ?)",
                [kid, area, digest, user],
            )
        return kid

    def keurmerk_overview(self) -> pd.DataFrame:
        """Per area with a granted Keurmerk (the latest audit that granted it, with or without conditions):
        area_id, area_name, municipalities (list of names), granted_on, expires_on. Expired ones are listed too
        (``expires_on`` in the past); nothing else about the area."""
        marks = ", ".join(f"'{g}'" for g in GRANTED)
        granted = self.query_df(  # type: ignore[attr-defined]
            f"SELECT area_id, max(audited_on) AS granted_on FROM audits WHERE result IN ({marks}) GROUP BY area_id"
        )
        columns = ["area_id", "area_name", "municipalities", "granted_on", "expires_on"]
        if granted.empty:
            return pd.DataFrame(columns=columns)
        areas = self.areas()  # type: ignore[attr-defined]
        munis = self.municipalities()  # type: ignore[attr-defined]
        when = {int(r.area_id): pd.Timestamp(r.granted_on).date() for r in granted.itertuples()}
        rows = [
            {
                "area_id": int(a.id),
                "area_name": str(a.name),
                "municipalities": municipality_names(a.geometry, munis),
                "granted_on": when[int(a.id)],
                "expires_on": expiry(when[int(a.id)]),
            }
            for a in areas.itertuples()
            if int(a.id) in when
        ]
        return pd.DataFrame(rows, columns=columns).sort_values(["area_name", "area_id"], ignore_index=True)


__all__ = ["GRANTED", "KeurmerkMixin", "expiry", "municipality_names"]
