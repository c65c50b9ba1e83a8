"""Dumping reports in the store (both backends): log, edit, status history, files, register and nearby reports.

Every write is one transaction: a report, its first history row and its photos go in together or
not at all. Status moves are checked against the workflow table (``gis.domain.dumping_workflow``)
inside the transaction, on the status the database holds at that moment. Every change of a report is a
compare-and-set on its ``version`` (``gis.store.dumping_writes``): a second writer gets a ``ConflictError``
naming who saved first and when, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.dumping_workflow import check_move
from gis.store.dumping_writes import (
    check_new_duplicates,
    compare_and_set,
    current_row,
    expected_version,
    intake,
    report_write,
)
from gis.store.errors import StoreError
from gis.store.filters import scope_clause

# Fields a user may change on an existing report (status only through ``change_dumping_status``).
EDITABLE: frozenset[str] = frozenset({
    "x", "y", "precision_m", "found_at", "place_type", "waste_type", "container_count", "volume_l",
    "substances", "substances_other", "into_soil_water", "reporter_org", "reporter_name", "notes",
    "police_report_no", "landowner", "owner_type", "amount_requested", "amount_granted", "cleanup_cost",
    "cleanup_date",
})  # fmt: skip
_HISTORY_SQL = (
    "INSERT INTO dumping_history (dumping_id, user_name, from_status, to_status, note) VALUES (?, ?, ?, ?, ?)"
)
FILE_KINDS: tuple[str, ...] = ("foto", "factuur", "afvoerbon", "saneringsverslag", "proces_verbaal", "overig")


@dataclass(frozen=True)
class StoredFile:
    """A file for a report: the original, and for photos a copy without EXIF to show others."""

    kind: str
    name: str
    mime: str
    original: bytes
    sha256: str
    shared: bytes | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class DumpingQuery:
    """A register selection; empty fields select everything."""

    statuses: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    municipalities: tuple[str, ...] | None = None
    area_id: int | None = None
    waste_types: tuple[str, ...] | None = None
    include_linked: bool = False
    scope: tuple[str, ...] | None = None  # where the role applies (municipality codes, "area:N"); None = all


def edit_stamp(record: dict[str, object]) -> str:
    """What an editor saw of a report: its version (every write raises it; a save with an older one is refused
    with a ``ConflictError`` naming who changed the report and when)."""
    version = record.get("version")
    return str(int(version)) if version is not None and not pd.isna(version) else ""  # type: ignore[call-overload]


def _in(column: str, values: Sequence[object]) -> str:
    return f"{column} IN ({', '.join('?' for _ in values)})" if values else "FALSE"


class DumpingsMixin:
    """Dumping methods; the host provides ``transaction``, ``query_df``, ``_write_points`` and members."""

    def _insert_files(self, cur, dumping_id: int, files: Sequence[StoredFile], user: str) -> None:
        for f in files:
            if f.kind not in FILE_KINDS:
                raise StoreError(f"Onbekende soort bijlage '{f.kind}'; kies uit {', '.join(FILE_KINDS)}.")
            cur.execute(
                "INSERT INTO dumping_files (dumping_id, kind, name, mime, size, sha256, original, shared, lat, lon, "
                "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [dumping_id, f.kind, f.name, f.mime, len(f.original), f.sha256, f.original, f.shared, f.lat, f.lon,
                 user],
            )  # fmt: skip

    def add_dumping(
        self, record: dict[str, object], user: str, files: Sequence[StoredFile] = (), linked_to: int | None = None,
        seen_nearby: Sequence[int] | None = None, from_finding: int | None = None,
    ) -> int:  # fmt: skip
        """Log a new report (status ``gemeld`` unless given) with its photos; returns its id. ``from_finding``: a
        site-walk finding this report is made from, marked in the same transaction.

        ``seen_nearby``: the ids of the reports near the spot that the user's duplicate check showed. The check
        is made again inside the transaction, one new report at a time; open, unlinked reports within the
        duplicate radius and period that are not among them raise ``DuplicateSiteError`` (nothing saved).
        None (imports, linked reports): no check."""
        if linked_to is not None:
            self.dumping(linked_to)  # raises when it does not exist
        row = {**record, "created_by": user, "linked_to": linked_to}
        row.setdefault("status", "gemeld")
        check = seen_nearby is not None and linked_to is None
        with intake(self) if check else self.transaction() as cur:  # type: ignore[attr-defined]
            if check:
                check_new_duplicates(cur, row, seen_nearby or ())
            new_id = int(self._write_points(cur, Layer.DUMPINGS, pd.DataFrame([row]))[0])  # type: ignore[attr-defined]
            note = f"gekoppeld aan melding {linked_to} (zelfde plek)" if linked_to else "melding aangemaakt"
            cur.execute(
                _HISTORY_SQL,
                [new_id, user, None, row["status"], note],
            )
            if linked_to:
                cur.execute(
                    "INSERT INTO dumping_history (dumping_id, user_name, from_status, to_status, note) "
                    "SELECT id, ?, status, status, ? FROM dumpings WHERE id = ?",
                    [user, f"nieuwe melding {new_id} op dezelfde plek gekoppeld", linked_to],
                )
            self._insert_files(cur, new_id, files, user)
            if from_finding is not None:
                self._mark_finding_in(cur, from_finding, f"dumpings:{new_id}")  # type: ignore[attr-defined]
        return new_id

    def dumping(self, dumping_id: int) -> dict[str, object]:
        """One report with its municipality name; raises ``StoreError`` when it does not exist."""
        cur = self.cursor()  # type: ignore[attr-defined]
        row = cur.execute(
            "SELECT d.*, m.name AS municipality_name FROM dumpings d "
            "LEFT JOIN municipalities m ON m.code = d.municipality_code WHERE d.id = ?",
            [int(dumping_id)],
        ).fetchone()
        if row is None:
            raise StoreError(f"Dumpingmelding {dumping_id} bestaat niet.")
        record = dict(zip([c[0] for c in cur.description], row, strict=True))
        record.pop("geom", None)  # x/y say where it is; the geometry's spelling differs per backend
        return record

    def update_dumping(
        self, dumping_id: int, changes: dict[str, object], user: str, note: str = "", seen: str | None = None
    ) -> None:
        """Change fields of a report (not its status); a move re-assigns municipality and areas. ``seen``: the
        ``edit_stamp`` of the report as the editor loaded it; ``ConflictError`` if it changed since."""
        bad = sorted(set(changes) - EDITABLE)
        if bad:
            raise StoreError(f"Het veld '{bad[0]}' kan hier niet worden gewijzigd.")
        if not changes:
            return
        dumping_id = int(dumping_id)
        sets = ", ".join(f"{k} = ?" for k in changes)
        what = ", ".join(sorted(changes))
        with report_write(self, dumping_id) as cur:
            status, version = current_row(cur, dumping_id)
            compare_and_set(cur, dumping_id, expected_version(seen, version), user, sets, list(changes.values()))
            if "x" in changes or "y" in changes:
                self._relocate(cur, dumping_id)
            text = f"gewijzigd: {what}" + (f"; {note}" if note else "")
            cur.execute(_HISTORY_SQL, [dumping_id, user, status, status, text])

    def _relocate(self, cur, dumping_id: int) -> None:
        from gis.geo.assign import members

        x, y = cur.execute("SELECT x, y FROM dumpings WHERE id = ?", [dumping_id]).fetchone()
        code = self._municipality_index().assign([x], [y])[0]  # type: ignore[attr-defined]
        cur.execute("UPDATE dumpings SET geom = ST_Point(x, y), municipality_code = ? WHERE id = ?", [code, dumping_id])
        cur.execute("DELETE FROM area_members WHERE layer = 'dumpings' AND record_id = ?", [dumping_id])
        for area in self.areas().itertuples():  # type: ignore[attr-defined]
            if len(members([x], [y], area.geometry)):
                cur.execute("INSERT INTO area_members VALUES ('dumpings', ?, ?)", [dumping_id, int(area.id)])

    def change_dumping_status(
        self,
        dumping_id: int,
        new_status: str,
        user: str,
        note: str = "",
        cleanup_cost: float | None = None,
        cleanup_date: date | None = None,
        today: date | None = None,
        seen: str | None = None,
    ) -> None:
        """Move a report to ``new_status`` if the workflow allows it; appends to its history. ``seen``: as in
        ``update_dumping``."""
        dumping_id = int(dumping_id)
        with report_write(self, dumping_id) as cur:
            current, found_at, version = current_row(cur, dumping_id, "status, found_at, version")
            expected = expected_version(seen, version)
            if expected != version:  # the editor saw an older report: told by name, before the workflow check
                compare_and_set(cur, dumping_id, expected, user)
            check_move(current, new_status, cleanup_cost, cleanup_date, note, found_at=found_at, today=today)
            if new_status == "geruimd":
                compare_and_set(cur, dumping_id, expected, user, "status = ?, cleanup_cost = ?, cleanup_date = ?",
                                [new_status, cleanup_cost, cleanup_date])  # fmt: skip
            else:
                compare_and_set(cur, dumping_id, expected, user, "status = ?", [new_status])
            cur.execute(_HISTORY_SQL, [dumping_id, user, current, new_status, note])

    def dumping_history(self, dumping_id: int) -> pd.DataFrame:
        """The append-only history of a report, oldest first."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT changed_at, user_name, from_status, to_status, note FROM dumping_history "
            "WHERE dumping_id = ? ORDER BY changed_at, id",
            [int(dumping_id)],
        )

    def add_dumping_files(
        self, dumping_id: int, files: Sequence[StoredFile], user: str, seen: str | None = None
    ) -> None:
        """Attach photos or dossier documents to an existing report (a change of the report: its version goes
        up). ``seen``: as in ``update_dumping``."""
        dumping_id = int(dumping_id)
        with report_write(self, dumping_id) as cur:
            (version,) = current_row(cur, dumping_id, "version")
            compare_and_set(cur, dumping_id, expected_version(seen, version), user)
            self._insert_files(cur, dumping_id, files, user)

    def dumping_files(self, dumping_id: int) -> pd.DataFrame:
        """The files of a report, without their bytes."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, kind, name, mime, size, sha256, lat, lon, uploaded_by, uploaded_at FROM dumping_files "
            "WHERE dumping_id = ? ORDER BY kind, id",
            [int(dumping_id)],
        )

    def dumping_file(self, file_id: int, original: bool = False) -> tuple[str, str, bytes]:
        """``(name, mime, bytes)`` of a file: the shared copy (EXIF removed) unless ``original``."""
        row = (
            self.cursor()  # type: ignore[attr-defined]
            .execute("SELECT name, mime, original, shared FROM dumping_files WHERE id = ?", [int(file_id)])
            .fetchone()
        )
        if row is None:
            raise StoreError(f"Bijlage {file_id} bestaat niet.")
        name, mime, orig, shared = row
        return name, mime, bytes(orig if original or shared is None else shared)

    def open_dumpings_near(self, x: float, y: float, radius_m: float, exclude_id: int | None = None) -> pd.DataFrame:
        """Reports (not linked ones) within a square of ``radius_m`` around (x, y): for duplicate checks."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, x, y, found_at, status, place_type, waste_type FROM dumpings "
            "WHERE linked_to IS NULL AND x BETWEEN ? AND ? AND y BETWEEN ? AND ? AND id <> ?",
            [x - radius_m, x + radius_m, y - radius_m, y + radius_m, exclude_id or -1],
        )

    def dumping_register(self, q: DumpingQuery) -> pd.DataFrame:
        """The register: one row per report in the selection, newest first."""
        parts, params = self._register_where(q)
        sql = (
            "SELECT d.id, d.found_at, d.status, m.name AS municipality, d.place_type, d.waste_type, "
            "d.container_count, d.volume_l, d.substances, d.reporter_org, d.cleanup_cost, d.linked_to, "
            "(SELECT count(*) FROM dumpings l WHERE l.linked_to = d.id) AS linked_reports, "
            "(SELECT count(*) FROM dumping_files f WHERE f.dumping_id = d.id AND f.kind = 'foto') AS photos, "
            "d.notes, d.x, d.y, d.municipality_code FROM dumpings d "
            "LEFT JOIN municipalities m ON m.code = d.municipality_code"
            + (" WHERE " + " AND ".join(parts) if parts else "")
            + " ORDER BY d.found_at DESC, d.id DESC"
        )
        return self.query_df(sql, params)  # type: ignore[attr-defined]

    @staticmethod
    def _register_where(q: DumpingQuery) -> tuple[list[str], list[object]]:
        parts: list[str] = [] if q.include_linked else ["d.linked_to IS NULL"]
        params: list[object] = []
        for column, values in (("d.status", q.statuses), ("d.municipality_code", q.municipalities),
                               ("d.waste_type", q.waste_types)):  # fmt: skip
            if values is not None:
                parts.append(_in(column, values))
                params.extend(values)
        if q.date_from:
            parts.append("CAST(d.found_at AS DATE) >= ?")
            params.append(q.date_from)
        if q.date_to:
            parts.append("CAST(d.found_at AS DATE) <= ?")
            params.append(q.date_to)
        if q.area_id is not None:
            parts.append("d.id IN (SELECT record_id FROM area_members WHERE layer = 'dumpings' AND area_id = ?)")
            params.append(q.area_id)
        if q.scope is not None:
            clause, values = scope_clause(Layer.DUMPINGS, q.scope, "d.")
            parts.append(clause)
            params.extend(values)
        return parts, params

    def dumping_span(self) -> tuple[date | None, date | None]:
        """First and last found date of all reports (for the register's period)."""
        row = (
            self.cursor()
            .execute(  # type: ignore[attr-defined]
                "SELECT min(CAST(found_at AS DATE)), max(CAST(found_at AS DATE)) FROM dumpings"
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else (None, None)

    def dumping_counts(self, by: str, q: DumpingQuery | None = None) -> pd.DataFrame:
        """Counts of sites (linked reports not counted again) per ``month``, ``municipality`` or ``area``."""
        parts, params = self._register_where(q or DumpingQuery())
        where_sql = " WHERE " + " AND ".join(parts) if parts else ""
        if by == "month":
            sql = (f"SELECT CAST(date_trunc('month', d.found_at) AS DATE) AS month, count(*) AS n FROM dumpings d"
                   f"{where_sql} GROUP BY 1 ORDER BY 1")  # fmt: skip
        elif by == "municipality":
            sql = ("SELECT d.municipality_code AS code, coalesce(m.name, '(buiten gemeentegrenzen)') AS name, "
                   f"count(*) AS n FROM dumpings d LEFT JOIN municipalities m ON m.code = d.municipality_code"
                   f"{where_sql} GROUP BY 1, 2 ORDER BY n DESC, name")  # fmt: skip
        elif by == "area":
            sql = ("SELECT a.id, a.name, count(*) AS n FROM dumpings d JOIN area_members am "
                   "ON am.layer = 'dumpings' AND am.record_id = d.id JOIN areas a ON a.id = am.area_id "
                   f"AND a.deleted_at IS NULL{where_sql} GROUP BY 1, 2 ORDER BY n DESC, a.name")  # fmt: skip
        else:
            raise ValueError(f"Onbekende indeling '{by}'; kies month, municipality of area.")
        return self.query_df(sql, params)  # type: ignore[attr-defined]


__all__ = ["EDITABLE", "FILE_KINDS", "DumpingQuery", "DumpingsMixin", "StoredFile", "edit_stamp"]
