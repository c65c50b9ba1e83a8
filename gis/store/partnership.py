"""Store methods for the partnership (A2–A5) and its certification (B4); both backends. This module holds
the participants, their representatives (personal data), signatures and obligations; meetings and files are
in ``partnership_meetings``, audits and the Keurmerk in ``partnership_keurmerk``. Every write is one
transaction; bad input raises ``StoreError`` (Dutch, naming field and value) before anything is written."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from gis.partnership.codes import DOCUMENTS, ORGANISATION_KINDS
from gis.store import partnership_checks as chk
from gis.store.errors import ConflictError, StoreError
from gis.store.locks import process_lock
from gis.store.partnership_checks import active_participant, area_row, claim_area, participant_row
from gis.store.partnership_keurmerk import KeurmerkMixin
from gis.store.partnership_meetings import MeetingsMixin

COVENANT = "convenant"
ERASED = "(verwijderd op verzoek)"  # in place of an erased person's name in signatures and action items


def _blank_name(cur: Any, name: str, participant_id: int, area_id: int) -> None:
    """``name`` (as a whole word, any case) replaced by ``ERASED`` in the signatories of the participant and
    the owners of the action items of the area's meetings, inside the caller's transaction."""
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    places = (
        ("signatures", "signatory", "SELECT id, signatory FROM signatures WHERE participant_id = ? "
         "AND strpos(lower(signatory), lower(?)) > 0", participant_id),
        ("action_items", "owner", "SELECT a.id, a.owner FROM action_items a JOIN meetings m ON m.id = a.meeting_id "
         "WHERE m.area_id = ? AND strpos(lower(a.owner), lower(?)) > 0", area_id),
    )  # fmt: skip
    for table, column, sql, key in places:
        for row_id, text in cur.execute(sql, [key, name]).fetchall():
            blanked = word.sub(ERASED, str(text))
            if blanked != text:
                cur.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", [blanked, row_id])


class PartnershipMixin(MeetingsMixin, KeurmerkMixin):
    """Mixed into both backends (``DuckDBStore``, ``PostGISStore``); the host provides ``transaction``,
    ``query_df`` and ``_next_ids``."""

    # -- participants (A2) --------------------------------------------------------------------------
    def participants(self, area_id: int) -> pd.DataFrame:
        """The organisations of an area's partnership (removed ones too, with ``removed_at``); no personal data."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, organisation, kind, joined_on, removed_at, removed_reason, version "
            "FROM participants WHERE area_id = ? ORDER BY organisation, id",
            [chk.whole(area_id, "Gebied")],
        )

    def save_participant(
        self,
        area_id: int,
        record: dict[str, Any],
        user: str,
        participant_id: int | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Add an organisation to an area's partnership, or change one (``participant_id``); returns its id.
        ``expected_version``: the version the editor saw (``ConflictError`` when someone changed it since)."""
        record = chk.fields(record, "de deelnemer")
        organisation = chk.text(record, "organisation", "Organisatie", required=True)
        kind = chk.code(record.get("kind"), ORGANISATION_KINDS, "Soort organisatie")
        joined = chk.day(record.get("joined_on"), "Datum van deelname", required=False) or chk.today()
        # One check-then-write per area at a time, so an organisation is never added twice: the process lock
        # serialises this process (all of DuckDB's writers), the claimed area row the processes of PostgreSQL.
        with process_lock(self, "participants", chk.whole(area_id, "Gebied")), self.transaction() as cur:  # type: ignore[attr-defined]
            area = area_row(cur, area_id)
            claim_area(cur, area)
            same = cur.execute(
                "SELECT id FROM participants WHERE area_id = ? AND lower(organisation) = lower(?) "
                "AND removed_at IS NULL AND id <> ?",
                [area, organisation, 0 if participant_id is None else chk.whole(participant_id, "Deelnemer")],
            ).fetchone()
            if same is not None:
                raise StoreError(f"Organisatie '{organisation}' doet al mee in gebied {area} (deelnemer {same[0]}).")
            if participant_id is None:
                pid = int(self._next_ids(cur, "participants_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    "INSERT INTO participants (id, area_id, organisation, kind, joined_on, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [pid, area, organisation, kind, joined, user],
                )
                return pid
            return self._update_participant(cur, area, participant_id, (organisation, kind, joined), user,
                                            expected_version)  # fmt: skip

    @staticmethod
    def _update_participant(
        cur: Any, area: int, participant_id: object, values: tuple[str, str, date], user: str,
        expected_version: int | None,
    ) -> int:  # fmt: skip
        """Change a participant inside the caller's transaction, if it still has the version the editor saw."""
        organisation, kind, joined = values
        pid, owner, _, removed_at, version = participant_row(cur, participant_id)
        if owner != area:
            raise StoreError(f"Deelnemer {pid} hoort bij gebied {owner}, niet bij gebied {area}.")
        if removed_at is not None:
            raise StoreError(f"Deelnemer {pid} is uit de samenwerking gehaald en kan niet meer worden gewijzigd.")
        expected = version if expected_version is None else chk.whole(expected_version, "Versie")
        done = cur.execute(
            "UPDATE participants SET organisation = ?, kind = ?, joined_on = ?, version = version + 1, "
            "updated_by = ?, updated_at = current_timestamp WHERE id = ? AND version = ? RETURNING id",
            [organisation, kind, joined, user, pid, expected],
        ).fetchall()
        if not done:
            raise ConflictError(
                f"deelnemer {pid}: versie {expected} is niet meer de nieuwste",
                what=f"Deelnemer {organisation}",
                what_en=f"Participant {organisation}",
            )
        return pid

    def remove_participant(self, participant_id: int, user: str, reason: str) -> None:
        """Take an organisation out of the partnership (kept, marked removed). Refused when it signed the
        covenant: a party to the covenant in force cannot simply leave the record."""
        why = chk.text({"reason": reason}, "reason", "Reden", required=True, limit=chk.MAX_NAME_CHARS * 5)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            pid, _, name, removed_at, _ = participant_row(cur, participant_id)
            if removed_at is not None:
                raise StoreError(f"{name} (deelnemer {pid}) is al uit de samenwerking gehaald.")
            signed = cur.execute(
                "SELECT document, signed_on FROM signatures WHERE participant_id = ? AND document = ? "
                "ORDER BY signed_on DESC",
                [pid, COVENANT],
            ).fetchone()
            if signed is not None:
                raise StoreError(
                    f"{name} (deelnemer {pid}) heeft het {signed[0]} ondertekend op {signed[1]:%d-%m-%Y} en kan "
                    "daarom niet uit de samenwerking worden gehaald. Er is niets gewijzigd."
                )
            cur.execute(
                "UPDATE participants SET removed_at = current_timestamp, removed_by = ?, removed_reason = ?, "
                "version = version + 1 WHERE id = ?",
                [user, why, pid],
            )

    # -- representatives (personal data) ------------------------------------------------------------
    def representatives(self, area_id: int) -> pd.DataFrame:
        """The people who represent the area's organisations, with their contact details (personal data; those
        erased on request keep their row with empty name, e-mail and phone)."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT r.id, r.participant_id, p.organisation, r.name, r.role_title, r.email, r.phone, r.erased_at "
            "FROM representatives r JOIN participants p ON p.id = r.participant_id WHERE p.area_id = ? "
            "ORDER BY p.organisation, r.id",
            [chk.whole(area_id, "Gebied")],
        )

    def save_representative(
        self, participant_id: int, record: dict[str, Any], user: str, representative_id: int | None = None
    ) -> int:
        """Add a representative of a participant, or change one; returns its id. Erased ones stay erased."""
        record = chk.fields(record, "de vertegenwoordiger")
        name = chk.text(record, "name", "Naam", required=True)
        role = chk.text(record, "role_title", "Functie")
        email = chk.email(chk.text(record, "email", "E-mailadres"))
        phone = chk.phone(chk.text(record, "phone", "Telefoonnummer"))
        with self.transaction() as cur:  # type: ignore[attr-defined]
            pid, _, _ = active_participant(cur, participant_id)
            if representative_id is None:
                rid = int(self._next_ids(cur, "representatives_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    "INSERT INTO representatives (id, participant_id, name, role_title, email, phone, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [rid, pid, name, role, email, phone, user],
                )
                return rid
            rid = chk.whole(representative_id, "Vertegenwoordiger")
            row = cur.execute("SELECT participant_id, erased_at FROM representatives WHERE id = ?", [rid]).fetchone()
            if row is None or int(row[0]) != pid:
                raise StoreError(f"Vertegenwoordiger {representative_id} bestaat niet bij deelnemer {pid}.")
            if row[1] is not None:
                raise StoreError(f"Vertegenwoordiger {rid} is op verzoek gewist; voeg zo nodig een nieuwe toe.")
            cur.execute(
                "UPDATE representatives SET name = ?, role_title = ?, email = ?, phone = ?, updated_by = ?, "
                "updated_at = current_timestamp WHERE id = ?",
                [name, role, email, phone, user, rid],
            )
            return rid

    def erase_representative(self, representative_id: int, user: str) -> None:
        """Removal on request (AVG): name, function, e-mail and phone wiped, the row marked erased; where the
        name was written as a signatory of the participant or as an owner of an action item of its area, it
        reads ``ERASED`` instead. DuckDB then writes its file (``CHECKPOINT``; see ``_checkpoint``)."""
        rid = chk.whole(representative_id, "Vertegenwoordiger")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute(
                "SELECT r.erased_at, r.name, r.participant_id, p.area_id FROM representatives r "
                "JOIN participants p ON p.id = r.participant_id WHERE r.id = ?",
                [rid],
            ).fetchone()
            if row is None:
                raise StoreError(f"Vertegenwoordiger {representative_id} bestaat niet.")
            if row[0] is not None:
                raise StoreError(f"Vertegenwoordiger {rid} is al gewist (op {row[0]:%d-%m-%Y}).")
            cur.execute(
                "UPDATE representatives SET name = NULL, role_title = NULL, email = NULL, phone = NULL, "
                "erased_at = current_timestamp, erased_by = ? WHERE id = ?",
                [user, rid],
            )
            if not chk.missing(row[1]) and str(row[1]).strip():
                _blank_name(cur, str(row[1]).strip(), int(row[2]), int(row[3]))
        self._checkpoint()

    def _checkpoint(self) -> None:
        """DuckDB: write the committed state into the database file now, so wiped values leave the WAL. DuckDB
        may keep the old bytes in freed blocks of the file until they are reused (see the README); PostgreSQL
        reclaims them by (auto)vacuum."""
        if getattr(self, "backend", "") != "duckdb":
            return
        with contextlib.suppress(duckdb.Error):  # another writer's open transaction: its commit checkpoints
            self._con.execute("CHECKPOINT")  # type: ignore[attr-defined]

    # -- signatures (A5, covenant) ------------------------------------------------------------------
    def record_signature(
        self, area_id: int, document: str, participant_id: int, signed_on: date, user: str, signatory: str = ""
    ) -> int:
        """Record that a participant signed the declaration of intent or the covenant on ``signed_on``."""
        doc = chk.code(document, DOCUMENTS, "Document")
        when = chk.day(signed_on, "Datum van ondertekening", past=True)
        who = chk.text({"signatory": signatory}, "signatory", "Ondertekenaar")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = area_row(cur, area_id)
            pid, _, name = active_participant(cur, participant_id, area)
            twice = cur.execute(
                "SELECT id FROM signatures WHERE participant_id = ? AND document = ? AND signed_on = ?",
                [pid, doc, when],
            ).fetchone()
            if twice is not None:
                raise StoreError(f"De ondertekening van het {doc} door {name} op {when:%d-%m-%Y} staat er al.")
            sid = int(self._next_ids(cur, "signatures_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO signatures (id, area_id, document, participant_id, signed_on, signatory, recorded_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [sid, area, doc, pid, when, who, user],
            )
        return sid

    def signatures(self, area_id: int) -> pd.DataFrame:
        """Who signed which document when (with the organisation's kind, for the covenant's conditions)."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT s.id, s.document, s.participant_id, p.organisation, p.kind, s.signed_on, s.signatory, "
            "s.recorded_by, s.recorded_at FROM signatures s JOIN participants p ON p.id = s.participant_id "
            "WHERE s.area_id = ? ORDER BY s.signed_on, s.id",
            [chk.whole(area_id, "Gebied")],
        )

    # -- obligations per party (covenant) -----------------------------------------------------------
    def obligations(self, area_id: int) -> pd.DataFrame:
        """What each party committed to in the covenant."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT o.id, o.area_id, o.participant_id, p.organisation, o.text, o.created_by, o.created_at "
            "FROM obligations o JOIN participants p ON p.id = o.participant_id WHERE o.area_id = ? "
            "ORDER BY p.organisation, o.id",
            [chk.whole(area_id, "Gebied")],
        )

    def save_obligation(self, area_id: int, participant_id: int, text: str, user: str) -> int:
        """Record an obligation of a participant of the area; returns its id."""
        what = chk.text({"text": text}, "text", "Verplichting", required=True, limit=chk.MAX_TEXT_CHARS)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            area = area_row(cur, area_id)
            pid, _, _ = active_participant(cur, participant_id, area)
            oid = int(self._next_ids(cur, "obligations_id_seq", 1)[0])  # type: ignore[attr-defined]
            cur.execute(
                "INSERT INTO obligations (id, area_id, participant_id, text, created_by) VALUES (?, ?, ?, ?, ?)",
                [oid, area, pid, what, user],
            )
        return oid

    def delete_obligation(self, obligation_id: int, user: str) -> None:
        """Remove an obligation."""
        oid = chk.whole(obligation_id, "Verplichting")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            if not cur.execute("DELETE FROM obligations WHERE id = ? RETURNING id", [oid]).fetchall():
                raise StoreError(f"Verplichting {obligation_id} bestaat niet.")


__all__ = ["COVENANT", "ERASED", "PartnershipMixin"]
