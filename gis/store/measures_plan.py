"""The measures of an area in the store (B2–B3): proposed, chosen or rejected with a reason; placed on the map as
a point, road segment or zone inside the area; planned with a partner, dates and status; ranked by members.
Every change raises the measure's ``version`` and writes a line in ``measure_history``; one transaction each.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from gis.measures.codes import DECISIONS, PLACE_KINDS, PLAN_STATUSES
from gis.store.errors import StoreError
from gis.store.locks import process_lock
from gis.store.measures_common import (
    MAX_SHORT,
    as_date,
    as_text,
    choose,
    compare_and_set,
    history,
    missing,
    plain_dates,
    plain_texts,
    versioned_write,
)

MAX_CODE = 40  # as gis.measures.catalogue
PLACE_TOLERANCE_M = 50.0  # a place may stick out of the area by this much (a road on the boundary)
PLACE_TYPES: dict[str, tuple[str, ...]] = {
    "punt": ("Point", "MultiPoint"),
    "weg": ("LineString", "MultiLineString"),
    "zone": ("Polygon", "MultiPolygon"),
}
PLAN_FIELDS: dict[str, str] = {  # what ``plan_measure`` changes, with the Dutch field name
    "partner": "verantwoordelijke partner", "representative": "vertegenwoordiger", "start_on": "startdatum",
    "end_on": "einddatum", "status": "status",
}  # fmt: skip
_NEEDS_PARTNER = ("lopend", "uitgevoerd", "gestopt")
_TEXTS = ("code", "name", "title", "decision", "reason", "decided_by", "partner", "representative", "status",
          "place_kind")  # fmt: skip
_SELECT = (
    "SELECT m.id, m.area_id, m.code, coalesce(c.name, m.title) AS name, m.title, m.decision, m.reason, "
    "m.decided_by, m.decided_at, m.partner, m.representative, m.start_on, m.end_on, m.status, m.place_kind, "
    "ST_AsWKB(m.geom) AS wkb, m.version, m.created_by, m.created_at "
    "FROM area_measures m LEFT JOIN measure_catalogue c ON c.code = m.code"
)


def _area_geometry(cur: Any, area_id: int) -> shapely.Geometry:
    row = cur.execute("SELECT ST_AsWKB(geom) FROM areas WHERE id = ? AND deleted_at IS NULL", [area_id]).fetchone()
    if row is None:
        raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
    return shapely.from_wkb(bytes(row[0]))


def _measure(cur: Any, measure_id: int, columns: str) -> tuple[Any, ...]:
    row = cur.execute(f"SELECT {columns} FROM area_measures WHERE id = ?", [measure_id]).fetchone()
    if row is None:
        raise StoreError(f"Maatregel {measure_id} bestaat niet (meer); er is niets opgeslagen.")
    return tuple(row)


def _take_catalogue_measure(cur: Any, code: str, area_id: int) -> None:
    """Check that ``code`` can be chosen for ``area_id`` (in the catalogue, not retired, not on the list yet),
    and write its catalogue row without changing it: an administrator deleting or retiring it at the same
    moment then meets this transaction (a write conflict) instead of leaving a measure without its entry."""
    row = cur.execute("SELECT name, retired_at FROM measure_catalogue WHERE code = ?", [code]).fetchone()
    if row is None:
        raise StoreError(f"Maatregel '{code}' staat niet in de catalogus.")
    if row[1] is not None:
        raise StoreError(f"Maatregel '{row[0]}' ({code}) is ingetrokken en kan niet meer worden gekozen.")
    twice = cur.execute("SELECT id FROM area_measures WHERE area_id = ? AND code = ?", [area_id, code]).fetchone()
    if twice is not None:
        raise StoreError(f"Maatregel '{row[0]}' staat al op de lijst van dit gebied (nummer {twice[0]}).")
    if not cur.execute("UPDATE measure_catalogue SET version = version WHERE code = ? AND retired_at IS NULL "
                       "RETURNING code", [code]).fetchall():  # fmt: skip
        raise StoreError(f"Maatregel '{code}' is intussen uit de catalogus gehaald; er is niets opgeslagen.")


def check_place(place_kind: str, geom: shapely.Geometry | None, area: shapely.Geometry, measure_id: int) -> None:
    """A place of kind ``place_kind`` (``PLACE_TYPES``), valid, inside ``area`` give or take 50 m."""
    choose(place_kind, PLACE_KINDS, "soort plaats")
    if geom is None:
        return
    if geom.is_empty or geom.geom_type not in PLACE_TYPES[place_kind]:
        want = {"punt": "een punt", "weg": "een lijn (wegvak)", "zone": "een vlak (zone)"}[place_kind]
        raise StoreError(f"Maatregel {measure_id}: een plaats van soort '{place_kind}' moet {want} zijn, niet "
                         f"{'een lege geometrie' if geom.is_empty else geom.geom_type}.")  # fmt: skip
    if not geom.is_valid:
        raise StoreError(f"Maatregel {measure_id}: de getekende {place_kind} is geen geldige geometrie "
                         f"({shapely.is_valid_reason(geom)}); teken hem opnieuw.")  # fmt: skip
    if not area.buffer(PLACE_TOLERANCE_M).covers(geom):
        x, y = geom.representative_point().coords[0]
        raise StoreError(f"Maatregel {measure_id}: de plaats (bij x={x:.0f}, y={y:.0f} in RD New) ligt buiten het "
                         f"gebied (meer dan {PLACE_TOLERANCE_M:.0f} m); er is niets opgeslagen.")  # fmt: skip


class PlanMixin:
    """Area-measure methods; the host provides ``transaction``, ``query_df``, ``cursor`` and ``_next_ids``."""

    def area_measures(self, area_id: int) -> gpd.GeoDataFrame:
        """The measures of an area (proposed, chosen, rejected) with their plan and place (RD New), oldest first."""
        df = self.query_df(_SELECT + " WHERE m.area_id = ? ORDER BY m.id", [int(area_id)])  # type: ignore[attr-defined]
        geoms = [None if missing(b) else shapely.from_wkb(bytes(b)) for b in df.pop("wkb")]
        df["version"] = df["version"].astype(int)
        plain_texts(df, _TEXTS)
        return gpd.GeoDataFrame(plain_dates(df, ("start_on", "end_on")), geometry=geoms, crs="EPSG:28992")

    def add_area_measure(self, area_id: int, code: str | None, user: str, title: str = "",
                         decision: str = "voorgesteld", reason: str = "") -> int:  # fmt: skip
        """Put a catalogue measure (``code``) or an own one (``title``) on an area's list; returns its id."""
        choose(decision, DECISIONS, "besluit")
        title = as_text(title, "titel", MAX_SHORT)
        reason = as_text(reason, "reden")
        if not code and not title:
            raise StoreError("Kies een maatregel uit de catalogus of geef een eigen maatregel een titel.")
        if code and (not isinstance(code, str) or len(code) > MAX_CODE):
            raise StoreError(f"Maatregel '{str(code)[:MAX_CODE]}…' staat niet in de catalogus.")
        with process_lock(self, "measure_code"), self.transaction() as cur:  # type: ignore[attr-defined]
            _area_geometry(cur, int(area_id))
            if code:
                _take_catalogue_measure(cur, code, int(area_id))
            mid = int(self._next_ids(cur, "area_measures_id_seq", 1)[0])  # type: ignore[attr-defined]
            decided = decision != "voorgesteld"
            cur.execute(
                "INSERT INTO area_measures (id, area_id, code, title, decision, reason, decided_by, decided_at, "
                f"created_by) VALUES (?, ?, ?, ?, ?, ?, ?, {'current_timestamp' if decided else 'NULL'}, ?)",
                [mid, int(area_id), code or None, title or None, decision, reason or None,
                 user if decided else None, user],
            )  # fmt: skip
            history(cur, user, "besluit", measure_id=mid, new=decision, note=reason)
        return mid

    def decide_measure(self, measure_id: int, decision: str, reason: str, user: str,
                       expected_version: int | None = None) -> None:  # fmt: skip
        """Record the meeting's choice (``DECISIONS``) with its reason, by whom and when. A measure that is
        running or carried out stays chosen (stop it: status "gestopt"); one only planned or stopped leaves the
        plan (its status is cleared) when it is no longer chosen."""
        choose(decision, DECISIONS, "besluit")
        reason = as_text(reason, "reden")
        with versioned_write(self, "area_measures", int(measure_id)) as cur:
            old, status = _measure(cur, int(measure_id), "decision, status")
            if decision != "gekozen" and status in ("lopend", "uitgevoerd"):
                raise StoreError(f"Maatregel {measure_id} is {status} en blijft gekozen; zet de status op 'gestopt' "
                                 "als hij niet doorgaat. Er is niets opgeslagen.")  # fmt: skip
            cleared = decision != "gekozen" and not missing(status)
            compare_and_set(cur, "area_measures", int(measure_id), expected_version, user,
                            "decision = ?, reason = ?, decided_by = ?, decided_at = current_timestamp"
                            + (", status = NULL" if cleared else ""), [decision, reason or None, user])  # fmt: skip
            history(cur, user, "besluit", measure_id=int(measure_id), old=old, new=decision, note=reason)
            if cleared:
                history(cur, user, "status", measure_id=int(measure_id), old=status, new=None)

    def place_measure(self, measure_id: int, place_kind: str, geom: shapely.Geometry | None, user: str,
                      expected_version: int | None = None) -> None:  # fmt: skip
        """Place a measure on the map (RD New): a point, a road segment (line) or a zone (polygon) inside its
        area, give or take 50 m; ``geom`` None takes it off the map."""
        with versioned_write(self, "area_measures", int(measure_id)) as cur:
            area_id, old = _measure(cur, int(measure_id), "area_id, place_kind")
            check_place(place_kind, geom, _area_geometry(cur, int(area_id)), int(measure_id))
            wkb = None if geom is None else shapely.to_wkb(geom)
            compare_and_set(cur, "area_measures", int(measure_id), expected_version, user,
                            "place_kind = ?, geom = ST_GeomFromWKB(?)", [place_kind, wkb])  # fmt: skip
            new = f"{place_kind}: {'geen' if geom is None else geom.geom_type}"
            history(cur, user, "plaats", measure_id=int(measure_id), old=old, new=new)

    def plan_measure(self, measure_id: int, changes: dict[str, Any], user: str,
                     expected_version: int | None = None) -> None:  # fmt: skip
        """Change a chosen measure's plan (``PLAN_FIELDS``): a status other than gepland needs a responsible
        partner, the end may not lie before the start, and "uitgevoerd" needs at least one piece of evidence."""
        unknown = sorted(set(changes) - set(PLAN_FIELDS))
        if unknown:
            raise StoreError(f"Het veld '{unknown[0]}' bestaat niet in het plan; kies uit {', '.join(PLAN_FIELDS)}.")
        with versioned_write(self, "area_measures", int(measure_id)) as cur:
            names = ", ".join(PLAN_FIELDS)
            row = dict(zip(PLAN_FIELDS, _measure(cur, int(measure_id), names), strict=True))
            decision = _measure(cur, int(measure_id), "decision")[0]
            new = _planned(int(measure_id), decision, {**row, **changes})
            evidence = "SELECT 1 FROM measure_evidence WHERE measure_id = ? LIMIT 1"
            if new["status"] == "uitgevoerd" and not cur.execute(evidence, [int(measure_id)]).fetchone():
                raise StoreError(f"Maatregel {measure_id} kan pas 'uitgevoerd' zijn met ten minste één bewijsstuk "
                                 "(notitie, bestand of foto); voeg dat eerst toe. Er is niets opgeslagen.")  # fmt: skip
            compare_and_set(cur, "area_measures", int(measure_id), expected_version, user,
                            ", ".join(f"{f} = ?" for f in PLAN_FIELDS), list(new.values()))  # fmt: skip
            for field in PLAN_FIELDS:
                before = as_date(row[field], field) if field in ("start_on", "end_on") else row[field]
                before = None if missing(before) else before
                if before != new[field]:
                    history(cur, user, field, measure_id=int(measure_id), old=before, new=new[field])

    def rank_measure(self, measure_id: int, rank: int | None, comment: str, user: str) -> None:
        """A member's rank (1 = most important) and comment on a measure; one per member, the newest counts.
        No rank and no comment withdraws the member's."""
        if rank is not None and (isinstance(rank, bool) or int(rank) != rank or not 1 <= int(rank) <= 100):
            raise StoreError(f"Het veld 'rangorde': '{rank}' is geen geheel getal van 1 tot en met 100.")
        comment = as_text(comment, "commentaar")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            _measure(cur, int(measure_id), "id")
            cur.execute("DELETE FROM measure_rankings WHERE measure_id = ? AND user_name = ?", [int(measure_id), user])
            if rank is not None or comment:
                cur.execute(
                    "INSERT INTO measure_rankings (measure_id, user_name, rank, comment) VALUES (?, ?, ?, ?)",
                    [int(measure_id), user, None if rank is None else int(rank), comment or None],
                )

    def measure_rankings(self, area_id: int) -> pd.DataFrame:
        """Every member's rank and comment on the measures of an area."""
        frame = self.query_df(  # type: ignore[attr-defined]
            "SELECT r.measure_id, r.user_name, r.rank, r.comment, r.ranked_at FROM measure_rankings r "
            "JOIN area_measures m ON m.id = r.measure_id WHERE m.area_id = ? ORDER BY r.measure_id, r.user_name",
            [int(area_id)],
        )
        return plain_texts(frame, ("comment",))

    def measure_history(self, area_id: int) -> pd.DataFrame:
        """Who changed which measure of an area (decision, place, plan fields, evidence) and when, oldest first."""
        frame = self.query_df(  # type: ignore[attr-defined]
            "SELECT h.id, h.measure_id, h.changed_at, h.user_name, h.action, h.old_value, h.new_value, h.note "
            "FROM measure_history h JOIN area_measures m ON m.id = h.measure_id WHERE m.area_id = ? ORDER BY h.id",
            [int(area_id)],
        )
        return plain_texts(frame, ("old_value", "new_value", "note"))


def _planned(measure_id: int, decision: str, row: dict[str, Any]) -> dict[str, Any]:
    """The plan fields of ``row`` checked and made plain (dates as dates, empty texts as None)."""
    where = f"Maatregel {measure_id}"
    status = None if missing(row["status"]) or row["status"] == "" else choose(row["status"], PLAN_STATUSES, "status")
    partner = as_text(row["partner"], PLAN_FIELDS["partner"], MAX_SHORT) or None
    start = as_date(row["start_on"], PLAN_FIELDS["start_on"])
    end = as_date(row["end_on"], PLAN_FIELDS["end_on"])
    if status is not None and decision != "gekozen":
        raise StoreError(f"{where} is niet gekozen (besluit: {decision}); alleen gekozen maatregelen krijgen een "
                         "status in het plan.")  # fmt: skip
    if status in _NEEDS_PARTNER and partner is None:
        raise StoreError(f"{where}: status '{status}' kan alleen met een verantwoordelijke partner; vul het veld "
                         "'verantwoordelijke partner' in.")  # fmt: skip
    if start is not None and end is not None and end < start:
        raise StoreError(f"{where}: de einddatum {end:%d-%m-%Y} ligt voor de startdatum {start:%d-%m-%Y}.")
    return {
        "partner": partner,
        "representative": as_text(row["representative"], PLAN_FIELDS["representative"], MAX_SHORT) or None,
        "start_on": start,
        "end_on": end,
        "status": status,
    }


__all__ = ["PLACE_TOLERANCE_M", "PLACE_TYPES", "PLAN_FIELDS", "PlanMixin", "check_place"]
