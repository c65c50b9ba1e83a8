"""Store methods for the partnership's agreements, meetings with minutes and action items, attached files and
annual evaluations (A3–A4, the cycle); part of ``PartnershipMixin``. One transaction per write."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from gis.io.attachments import ATTACHMENT_KINDS
from gis.partnership.codes import AGREEMENT_KINDS
from gis.store import partnership_checks as chk
from gis.store.errors import StoreError
from gis.store.files import check_file, shown_name

FILE_KINDS: tuple[str, ...] = ("bestand", "document", "foto", *ATTACHMENT_KINDS)  # what a StoredFile's kind may be


def _meeting_area(cur: Any, meeting_id: object) -> tuple[int, int]:
    """``(meeting id, area id)``; ``StoreError`` when the meeting does not exist."""
    mid = chk.whole(meeting_id, "Overleg")
    row = cur.execute("SELECT area_id FROM meetings WHERE id = ?", [mid]).fetchone()
    if row is None:
        raise StoreError(f"Overleg {meeting_id} bestaat niet.")
    return mid, int(row[0])


def _existing(cur: Any, table: str, row_id: object, field: str, area: int | None = None) -> int:
    """The id of a row of ``table`` (of area ``area`` when given); ``StoreError`` otherwise."""
    rid = chk.whole(row_id, field)
    row = cur.execute(f"SELECT area_id FROM {table} WHERE id = ?", [rid]).fetchone()
    if row is None or (area is not None and int(row[0]) != area):
        raise StoreError(f"{field} {row_id} bestaat niet" + ("." if area is None else f" in gebied {area}."))
    return rid


class MeetingsMixin:
    """Agreements, meetings, action items, files and evaluations of an area's partnership."""

    # -- agreements (A3, A4) ------------------------------------------------------------------------
    def agreements(self, area_id: int) -> pd.DataFrame:
        """Objectives in words and agreements on decision-making and communication."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, kind, text, objective_id, created_by, created_at, updated_by, updated_at "
            "FROM agreements WHERE area_id = ? ORDER BY kind, id",
            [chk.whole(area_id, "Gebied")],
        )

    def save_agreement(self, area_id: int, record: dict[str, Any], user: str, agreement_id: int | None = None) -> int:
        """Add or change an agreement (``record``: kind, text, objective_id of the plan or None)."""
        record = chk.fields(record, "de afspraak")
        kind = chk.code(record.get("kind"), AGREEMENT_KINDS, "Soort afspraak")
        text = chk.text(record, "text", "Tekst van de afspraak", required=True, limit=chk.MAX_TEXT_CHARS)
        raw = record.get("objective_id")
        objective = None if chk.missing(raw) or raw == "" else chk.whole(raw, "Doelstelling")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            if (
                objective is not None
                and cur.execute(
                    "SELECT id FROM objectives WHERE id = ? AND area_id = ? AND deleted_at IS NULL", [objective, area]
                ).fetchone()
                is None
            ):
                raise StoreError(f"Doelstelling {objective} bestaat niet (meer) in het plan van gebied {area}.")
            if agreement_id is None:
                aid = int(self._next_ids(cur, "agreements_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    "INSERT INTO agreements (id, area_id, kind, text, objective_id, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [aid, area, kind, text, objective, user],
                )
                return aid
            aid = _existing(cur, "agreements", agreement_id, "Afspraak", area)
            cur.execute(
                "UPDATE agreements SET kind = ?, text = ?, objective_id = ?, updated_by = ?, "
                "updated_at = current_timestamp WHERE id = ?",
                [kind, text, objective, user, aid],
            )
            return aid

    def delete_agreement(self, agreement_id: int, user: str) -> None:
        """Remove an agreement."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            aid = _existing(cur, "agreements", agreement_id, "Afspraak")
            cur.execute("DELETE FROM agreements WHERE id = ?", [aid])

    # -- meetings and action items ------------------------------------------------------------------
    def meetings(self, area_id: int) -> pd.DataFrame:
        """The meeting calendar with minutes and decisions, newest first."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, held_on, title, minutes, decisions, created_by, created_at "
            "FROM meetings WHERE area_id = ? ORDER BY held_on DESC, id DESC",
            [chk.whole(area_id, "Gebied")],
        )

    def save_meeting(self, area_id: int, record: dict[str, Any], user: str, meeting_id: int | None = None) -> int:
        """Add or change a meeting (``record``: held_on, title, minutes, decisions); a planned meeting may lie
        in the future."""
        record = chk.fields(record, "het overleg")
        held = chk.day(record.get("held_on"), "Datum van het overleg")
        title = chk.text(record, "title", "Titel van het overleg", required=True)
        minutes = chk.text(record, "minutes", "Verslag", limit=chk.MAX_TEXT_CHARS)
        decisions = chk.text(record, "decisions", "Besluiten", limit=chk.MAX_TEXT_CHARS)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            if meeting_id is None:
                mid = int(self._next_ids(cur, "meetings_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    "INSERT INTO meetings (id, area_id, held_on, title, minutes, decisions, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [mid, area, held, title, minutes, decisions, user],
                )
                return mid
            mid = _existing(cur, "meetings", meeting_id, "Overleg", area)
            cur.execute(
                "UPDATE meetings SET held_on = ?, title = ?, minutes = ?, decisions = ?, updated_by = ?, "
                "updated_at = current_timestamp WHERE id = ?",
                [held, title, minutes, decisions, user, mid],
            )
            return mid

    def action_items(self, area_id: int) -> pd.DataFrame:
        """The action items of the area's meetings (owner, due date, done)."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT a.id, a.meeting_id, a.text, a.owner, a.due_on, a.done_on, m.held_on AS meeting_on "
            "FROM action_items a JOIN meetings m ON m.id = a.meeting_id WHERE m.area_id = ? "
            "ORDER BY a.due_on NULLS LAST, a.id",
            [chk.whole(area_id, "Gebied")],
        )

    def save_action_item(self, meeting_id: int, record: dict[str, Any], user: str, item_id: int | None = None) -> int:
        """Add or change an action item of a meeting (``record``: text, owner, due_on, done_on); an owner is
        required, and done_on may not lie in the future."""
        record = chk.fields(record, "het actiepunt")
        text = chk.text(record, "text", "Actiepunt", required=True, limit=chk.MAX_TEXT_CHARS)
        owner = chk.text(record, "owner", "Eigenaar van het actiepunt", required=True)
        due = chk.day(record.get("due_on"), "Uiterste datum", required=False)
        done = chk.day(record.get("done_on"), "Datum afgerond", required=False, past=True)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            mid, _ = _meeting_area(cur, meeting_id)
            if item_id is None:
                iid = int(self._next_ids(cur, "action_items_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    "INSERT INTO action_items (id, meeting_id, text, owner, due_on, done_on, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [iid, mid, text, owner, due, done, user],
                )
                return iid
            iid = chk.whole(item_id, "Actiepunt")
            row = cur.execute("SELECT meeting_id FROM action_items WHERE id = ?", [iid]).fetchone()
            if row is None or int(row[0]) != mid:
                raise StoreError(f"Actiepunt {item_id} bestaat niet bij overleg {mid}.")
            cur.execute(
                "UPDATE action_items SET text = ?, owner = ?, due_on = ?, done_on = ?, updated_by = ?, "
                "updated_at = current_timestamp WHERE id = ?",
                [text, owner, due, done, user, iid],
            )
            return iid

    # -- files ----------------------------------------------------------------------------------------
    def add_partnership_file(
        self, area_id: int, file: Any, user: str, meeting_id: int | None = None, topic: str = ""
    ) -> int:
        """Attach a file (a ``StoredFile``) to the area, or to one of its meetings: only a real PDF, JPEG or PNG
        within the attachment caps (``gis.store.files.check_file``), its kind one of ``FILE_KINDS``; a photo's
        EXIF-free copy is made here and is what ``partnership_file`` serves."""
        about = chk.text({"topic": topic}, "topic", "Onderwerp")
        kind = getattr(file, "kind", None)
        kind = str.__str__(kind) if isinstance(kind, str) else None  # a str subclass cannot pass as another
        if kind not in FILE_KINDS:
            raise StoreError(f"Soort bestand '{shown_name(kind)[:40]}' bestaat niet; kies uit {', '.join(FILE_KINDS)}.")
        checked = check_file(file, "Samenwerking")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            meeting = None if meeting_id is None else _existing(cur, "meetings", meeting_id, "Overleg", area)
            fid = int(self._next_ids(cur, "partnership_files_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO partnership_files (id, area_id, meeting_id, topic, kind, name, mime, size, sha256, "
                "original, shared, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [fid, area, meeting, about, kind, checked.name, checked.mime, checked.size, checked.sha256,
                 checked.original, checked.shared, user],
            )  # fmt: skip
        return fid

    def partnership_files(self, area_id: int) -> pd.DataFrame:
        """The files of an area (without their bytes), newest first."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, meeting_id, topic, kind, name, mime, size, sha256, uploaded_by, uploaded_at "
            "FROM partnership_files WHERE area_id = ? ORDER BY uploaded_at DESC, id DESC",
            [chk.whole(area_id, "Gebied")],
        )

    def partnership_file(self, file_id: int) -> tuple[str, str, bytes]:
        """``(name, mime, bytes)`` of a file: the shared copy (photos without EXIF) when there is one."""
        fid = chk.whole(file_id, "Bestand")
        rows = self.query_df(  # type: ignore[attr-defined]
            "SELECT name, mime, original, shared FROM partnership_files WHERE id = ?", [fid]
        )
        if rows.empty:
            raise StoreError(f"Bestand {file_id} bestaat niet.")
        row = rows.iloc[0]
        data = row["original"] if chk.missing(row["shared"]) else row["shared"]
        return str(row["name"]), str(row["mime"]), bytes(data)

    # -- annual evaluations ---------------------------------------------------------------------------
    def evaluations(self, area_id: int) -> pd.DataFrame:
        """The area's evaluations, newest first."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, held_on, summary, created_by, created_at FROM evaluations WHERE area_id = ? "
            "ORDER BY held_on DESC, id DESC",
            [chk.whole(area_id, "Gebied")],
        )

    def save_evaluation(self, area_id: int, held_on: date, summary: str, user: str) -> int:
        """Record an evaluation that took place (not in the future) with its summary."""
        held = chk.day(held_on, "Datum van de evaluatie", past=True)
        text = chk.text({"summary": summary}, "summary", "Samenvatting", required=True, limit=chk.MAX_TEXT_CHARS)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = chk.area_row(cur, area_id)
            eid = int(self._next_ids(cur, "evaluations_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO evaluations (id, area_id, held_on, summary, created_by) VALUES (?, ?, ?, ?, ?)",
                [eid, area, held, text, user],
            )
        return eid


__all__ = ["FILE_KINDS", "MeetingsMixin"]
