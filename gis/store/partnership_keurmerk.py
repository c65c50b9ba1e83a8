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
from gis.store.guard_scope import MIN_SHARE, holds_share

GRANTED: tuple[str, ...] = ("toegekend", "voorwaardelijk")


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
    rows = (municipalities.iloc[int(i)] for i in municipalities.sindex.query(area, predicate="intersects"))
    return sorted(str(row["name"]) for row in rows if holds_share(row.geometry, area))


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

    def keurmerk_overview(self, today: date | None = None) -> pd.DataFrame:
        """The areas that hold the Keurmerk ``today`` (default: today in the Netherlands): those whose latest
        audit granted it (with or without conditions) less than ``KEURMERK_YEARS`` ago. Columns area_id,
        area_name, municipalities (list of names), granted_on, expires_on; nothing else about the area. An area
        whose latest audit refused it, or whose Keurmerk expired, is not listed."""
        day = chk.today() if today is None else chk.day(today, "Peildatum")
        audits = self.query_df("SELECT id, area_id, audited_on, result FROM audits")  # type: ignore[attr-defined]
        columns = ["area_id", "area_name", "municipalities", "granted_on", "expires_on"]
        when: dict[int, date] = {}
        if not audits.empty:
            audits["audited_on"] = [pd.Timestamp(v).date() for v in audits["audited_on"]]
            latest = audits.sort_values(["audited_on", "id"]).groupby("area_id").tail(1)
            when = {int(r.area_id): r.audited_on for r in latest.itertuples() if r.result in GRANTED}
            when = {a: on for a, on in when.items() if expiry(on) > day}  # type: ignore[operator]
        if not when:
            return pd.DataFrame(columns=columns)
        munis = self.municipalities()  # type: ignore[attr-defined]
        rows = [
            {
                "area_id": int(a.id),
                "area_name": str(a.name),
                "municipalities": municipality_names(a.geometry, munis),
                "granted_on": when[int(a.id)],
                "expires_on": expiry(when[int(a.id)]),
            }
            for a in self.areas().itertuples()  # type: ignore[attr-defined]
            if int(a.id) in when
        ]
        return pd.DataFrame(rows, columns=columns).sort_values(["area_name", "area_id"], ignore_index=True)


__all__ = ["GRANTED", "MIN_SHARE", "KeurmerkMixin", "expiry", "municipality_names"]
