"""Store methods for measures, rankings, objectives and evidence of the plan of action (B2–B3); both backends.

The catalogue is in ``gis.store.measures_catalogue``, an area's measures (decide, place, plan, rank) in
``gis.store.measures_plan``; here the evidence of measures carried out, and the area's SMART objectives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from gis.clock import now_nl
from gis.io.attachments import MAX_BYTES as ATTACHMENT_BYTES
from gis.io.attachments import safe_name, size_text, sniff_type
from gis.io.photos import PhotoError, check_photo
from gis.measures.codes import EVIDENCE_KINDS, INDICATORS
from gis.store.dumpings import StoredFile
from gis.store.errors import StoreError
from gis.store.measures_catalogue import CatalogueMixin
from gis.store.measures_common import (
    MAX_SHORT,
    UNSAFE_CHARACTERS,
    as_date,
    as_number,
    as_text,
    choose,
    compare_and_set,
    history,
    plain_dates,
    plain_texts,
    versioned_write,
)
from gis.store.measures_plan import PlanMixin

MAX_FILE_BYTES = ATTACHMENT_BYTES  # per file (photos: gis.io.photos.MAX_BYTES)
MAX_FILES = 10  # per piece of evidence
_TYPES = {"PDF": ("application/pdf", ".pdf"), "JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
OBJECTIVE_FIELDS: dict[str, str] = {  # the record ``save_objective`` takes, with the Dutch field name
    "text": "doel", "indicator": "indicator", "indicator_arg": "indicatorkeuze", "baseline": "nulmeting",
    "baseline_on": "datum nulmeting", "target": "streefwaarde", "target_on": "streefdatum",
}  # fmt: skip


def _file_row(f: StoredFile, measure_id: int) -> tuple[object, ...]:
    """A file as the store keeps it: only a real PDF, JPEG or PNG (by its bytes, whatever its claimed type), under
    a safe name with the real type's extension; a photo gets a copy without EXIF made here from its pixels
    (the caller's copy is not trusted), and one offered as a photo without such a copy is refused.
    Returns ``(file_name, mime, size, sha256, original, shared)``."""
    shown = " ".join(UNSAFE_CHARACTERS.sub("", str(f.name))[:100].split()) or "(naamloos)"
    where = f"Maatregel {measure_id}, bestand '{shown}'"
    if f.mime.startswith("image/") and not f.shared:
        raise StoreError(f"{where}: een foto heeft een kopie zonder locatiegegevens (EXIF) nodig; lees hem in via "
                         "het uploadformulier.")  # fmt: skip
    if not f.original:
        raise StoreError(f"{where} is leeg (0 bytes).")
    if len(f.original) > MAX_FILE_BYTES:
        raise StoreError(f"{where} is te groot ({size_text(len(f.original))}; maximaal {size_text(MAX_FILE_BYTES)}).")
    real = sniff_type(f.original)
    if real not in _TYPES:
        raise StoreError(f"{where} is geen PDF, JPEG of PNG: het is {real}.")
    mime, extension = _TYPES[real]
    name = safe_name(str(f.name), extension)
    try:
        shared = check_photo(name, f.original).stripped if real != "PDF" else None
    except PhotoError as exc:
        raise StoreError(f"{where}: {exc}") from None
    return name, mime, len(f.original), hashlib.sha256(f.original).hexdigest(), f.original, shared


def _objective(record: dict[str, Any], today: date, old_target_on: date | None) -> list[object]:
    """The objective ``record`` checked, as the values of ``OBJECTIVE_FIELDS``."""
    unknown = sorted(set(record) - set(OBJECTIVE_FIELDS))
    if unknown:
        raise StoreError(f"Het veld '{unknown[0]}' bestaat niet bij een doel.")
    f = OBJECTIVE_FIELDS
    text = as_text(record.get("text"), f["text"], required=True)
    indicator = choose(record.get("indicator"), INDICATORS, f["indicator"])
    arg = as_text(record.get("indicator_arg"), f["indicator_arg"], MAX_SHORT) or None
    baseline, target = as_number(record.get("baseline"), f["baseline"]), as_number(record.get("target"), f["target"])
    baseline_on = as_date(record.get("baseline_on"), f["baseline_on"], required=True)
    target_on = as_date(record.get("target_on"), f["target_on"], required=True)
    assert baseline_on is not None and target_on is not None
    for name, value in (("baseline", baseline), ("target", target)):
        if value < 0 or (indicator == "aandeel_benaderd" and value > 100):
            top = " en hoogstens 100 (procent)" if indicator == "aandeel_benaderd" else ""
            raise StoreError(f"Het veld '{f[name]}': {value:g} kan niet; de waarde is 0 of meer{top}.")
    if baseline_on > today:
        raise StoreError(f"De datum van de nulmeting ({baseline_on:%d-%m-%Y}) ligt in de toekomst.")
    if target_on <= baseline_on:
        raise StoreError(f"De streefdatum {target_on:%d-%m-%Y} ligt niet na de nulmeting ({baseline_on:%d-%m-%Y}).")
    if target_on < today and target_on != old_target_on:
        raise StoreError(f"De streefdatum {target_on:%d-%m-%Y} ligt in het verleden; kies een datum vanaf vandaag.")
    return [text, indicator, arg, baseline, baseline_on, target, target_on]


class MeasuresMixin(CatalogueMixin, PlanMixin):
    """Mixed into both backends (``DuckDBStore``, ``PostGISStore``)."""

    # -- evidence ---------------------------------------------------------------------------------
    def add_measure_evidence(self, measure_id: int, kind: str, note: str, evidence_on: date,
                             files: Sequence[StoredFile], user: str) -> int:  # fmt: skip
        """Evidence that a measure is carried out: a note, or files (a row per file; photos keep a copy without
        EXIF to show). Returns the id of the (first) row."""
        choose(kind, EVIDENCE_KINDS, "soort bewijs")
        note = as_text(note, "notitie")
        day = as_date(evidence_on, "datum", required=True)
        assert day is not None
        if day > now_nl().date():
            raise StoreError(f"De datum van het bewijsstuk ({day:%d-%m-%Y}) ligt in de toekomst.")
        if not files and not note:
            raise StoreError(f"Maatregel {measure_id}: een bewijsstuk zonder bestand heeft een notitie nodig.")
        if len(files) > MAX_FILES:
            raise StoreError(f"Maatregel {measure_id}: te veel bestanden ({len(files)}, maximaal {MAX_FILES}).")
        rows = [_file_row(f, int(measure_id)) for f in files] or [(None, None, None, None, None, None)]
        with self.transaction() as cur:  # type: ignore[attr-defined]
            if cur.execute("SELECT id FROM area_measures WHERE id = ?", [int(measure_id)]).fetchone() is None:
                raise StoreError(f"Maatregel {measure_id} bestaat niet (meer); er is niets opgeslagen.")
            ids = self._next_ids(cur, "measure_evidence_id_seq", max(1, len(files)))  # type: ignore[attr-defined]
            for eid, row in zip(ids, rows, strict=True):
                cur.execute(
                    "INSERT INTO measure_evidence (id, measure_id, kind, note, evidence_on, file_name, mime, size, "
                    "sha256, original, shared, uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [int(eid), int(measure_id), kind, note or None, day, *row, user],
                )
            history(cur, user, "bewijs", measure_id=int(measure_id), new=kind, note=note)
        return int(ids[0])

    def measure_evidence(self, area_id: int) -> pd.DataFrame:
        """The evidence of an area's measures (without the bytes), oldest first."""
        frame = self.query_df(  # type: ignore[attr-defined]
            "SELECT e.id, e.measure_id, e.kind, e.note, e.evidence_on, e.file_name, e.mime, e.size, e.uploaded_by, "
            "e.uploaded_at FROM measure_evidence e JOIN area_measures m ON m.id = e.measure_id "
            "WHERE m.area_id = ? ORDER BY e.id",
            [int(area_id)],
        )
        return plain_texts(plain_dates(frame, ("evidence_on",)), ("note", "file_name", "mime"))

    def measure_evidence_file(self, evidence_id: int) -> tuple[str, str, bytes]:
        """``(name, mime, bytes)`` of a piece of evidence's file: for photos the copy without EXIF."""
        cur = self.cursor()  # type: ignore[attr-defined]
        sql = "SELECT file_name, mime, original, shared FROM measure_evidence WHERE id = ?"
        row = cur.execute(sql, [int(evidence_id)]).fetchone()
        if row is None or row[2] is None:
            raise StoreError(f"Bewijsstuk {evidence_id} bestaat niet of heeft geen bestand.")
        name, mime, original, shared = row
        return str(name), str(mime), bytes(original if shared is None else shared)

    # -- objectives -------------------------------------------------------------------------------
    def objectives(self, area_id: int) -> pd.DataFrame:
        """The SMART objectives of an area (not deleted), oldest first."""
        frame = self.query_df(  # type: ignore[attr-defined]
            "SELECT id, area_id, text, indicator, indicator_arg, baseline, baseline_on, target, target_on, version, "
            "created_by, created_at FROM objectives WHERE area_id = ? AND deleted_at IS NULL ORDER BY id",
            [int(area_id)],
        )
        frame["version"] = frame["version"].astype(int)
        return plain_texts(plain_dates(frame, ("baseline_on", "target_on")), ("indicator_arg",))

    def save_objective(self, area_id: int, record: dict[str, Any], user: str, objective_id: int | None = None,
                       expected_version: int | None = None) -> int:  # fmt: skip
        """Add (``objective_id`` None) or change an objective of an area: text, indicator, baseline with its
        date, target with its date (not in the past). Returns its id."""
        today = now_nl().date()
        if objective_id is None:
            values = _objective(record, today, None)
            with self.transaction() as cur:  # type: ignore[attr-defined]
                if cur.execute("SELECT id FROM areas WHERE id = ? AND deleted_at IS NULL", [int(area_id)]).fetchone() \
                        is None:  # fmt: skip
                    raise StoreError(f"Gebied {area_id} bestaat niet (meer).")
                oid = int(self._next_ids(cur, "objectives_id_seq", 1)[0])  # type: ignore[attr-defined]
                cur.execute(
                    f"INSERT INTO objectives (id, area_id, {', '.join(OBJECTIVE_FIELDS)}, created_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [oid, int(area_id), *values, user],
                )
                history(cur, user, "doel toegevoegd", objective_id=oid, new=values[0])
            return oid
        oid = int(objective_id)
        with versioned_write(self, "objectives", oid) as cur:
            row = cur.execute("SELECT area_id, target_on, deleted_at FROM objectives WHERE id = ?", [oid]).fetchone()
            if row is None or row[2] is not None or int(row[0]) != int(area_id):
                raise StoreError(f"Doel {oid} bestaat niet (meer) in gebied {area_id}; er is niets opgeslagen.")
            values = _objective(record, today, as_date(row[1], "streefdatum"))
            compare_and_set(cur, "objectives", oid, expected_version, user,
                            ", ".join(f"{f} = ?" for f in OBJECTIVE_FIELDS), values)  # fmt: skip
            history(cur, user, "doel gewijzigd", objective_id=oid, new=values[0])
        return oid

    def delete_objective(self, objective_id: int, user: str) -> None:
        """Remove an objective from the plan (kept in the database as deleted, with who and when)."""
        oid = int(objective_id)
        with versioned_write(self, "objectives", oid) as cur:
            row = cur.execute("SELECT text, deleted_at FROM objectives WHERE id = ?", [oid]).fetchone()
            if row is None or row[1] is not None:
                raise StoreError(f"Doel {oid} bestaat niet (meer).")
            compare_and_set(cur, "objectives", oid, None, user, "deleted_at = current_timestamp, deleted_by = ?",
                            [user])  # fmt: skip
            history(cur, user, "doel verwijderd", objective_id=oid, old=row[0])


__all__ = ["MAX_FILES", "MAX_FILE_BYTES", "OBJECTIVE_FIELDS", "MeasuresMixin"]
