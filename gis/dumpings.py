"""Logging drug-waste dumpings (issue 4): the field form's API, no Streamlit.

``prepare_report`` checks a form (fields, position, photos) and finds open reports within 100 m and
14 days; ``save_report`` writes it, linked to one of those when the user says it is the same site.
Errors are ``FormError``/``PhotoError``/``WorkflowError`` with Dutch messages; nothing is half-saved.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

import pandas as pd

from gis.domain.catalog import PLACE_TYPES, SOURCE_ORGS, SUBSTANCES, WASTE_TYPES
from gis.domain.dumping_form import FormError, validate_dumping
from gis.domain.duplicates import MAX_DISTANCE_M, find_duplicates
from gis.io.dossier_photos import PackPhoto
from gis.io.photos import Photo, check_photos
from gis.store import Store, StoredFile
from gis.store.codelists import active_codes
from gis.store.errors import DuplicateSiteError

DRAFT_FORM = "dumping"  # the field form's name in the drafts table


@dataclass
class Prepared:
    """A checked report, ready to save: store record, photos, possible duplicates (nearest first), and the ids
    of the reports near the spot that the check saw (the store checks again on saving; None: no check)."""

    record: dict[str, object]
    photos: list[Photo] = field(default_factory=list)
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)
    seen_nearby: tuple[int, ...] | None = None


def to_store_record(clean: Mapping[str, object]) -> dict[str, object]:
    """The validated form as store columns (substances as one ``; ``-separated text)."""
    record = dict(clean)
    subs = record.get("substances") or []
    record["substances"] = "; ".join(subs) if isinstance(subs, (list, tuple)) else subs
    return {k: v for k, v in record.items() if v is not None and v != ""}


def photo_files(photos: Sequence[Photo]) -> list[StoredFile]:
    """Photos as stored files: the original (evidence) and the copy without EXIF (to show others)."""
    return [StoredFile("foto", p.name, p.mime, p.original, p.sha256, shared=p.stripped,
                       lat=p.position[0] if p.position else None, lon=p.position[1] if p.position else None)
            for p in photos]  # fmt: skip


def _in_netherlands(store: Store, x: float, y: float) -> bool:
    import shapely

    from gis.delineation import netherlands

    land = netherlands(store)
    return True if land is None else bool(shapely.contains_xy(land, x, y))


CHOICE_LISTS: tuple[str, ...] = ("place_type", "waste_type")  # form fields that are code lists in the store


def dumping_choices(store: Store, keep: Mapping[str, object] | None = None) -> dict[str, list[str]]:
    """The codes the form offers and accepts per field: the active values of the store's lists; ``keep`` (a
    record being edited) adds its current value, so a retired one stays selectable on that record."""
    out: dict[str, list[str]] = {}
    for name in CHOICE_LISTS:
        codes = active_codes(store, name)
        current = (keep or {}).get(name)
        if isinstance(current, str) and current and current not in codes:
            codes.append(current)
        out[name] = codes
    return out


def prepare_report(
    store: Store, values: Mapping[str, object], photos: Sequence[tuple[str, bytes]], now: datetime
) -> Prepared:
    """Check the form (against the store's active code lists) and photos (all problems at once) and look for
    open reports nearby."""
    errors: list[str] = []
    clean: dict[str, object] = {}
    checked: list[Photo] = []
    try:
        clean = validate_dumping(values, now, choices=dumping_choices(store))
    except FormError as exc:
        errors += exc.errors
    try:
        checked = check_photos(list(photos))
    except ValueError as exc:  # PhotoError lists every problem
        errors += list(getattr(exc, "errors", [str(exc)]))
    if clean and not _in_netherlands(store, float(clean["x"]), float(clean["y"])):  # type: ignore[arg-type]
        errors.append(f"Locatie: RD ({float(clean['x']):.0f}, {float(clean['y']):.0f}) ligt buiten Nederland "  # type: ignore[arg-type]
                      "(over de grens of in zee). Kies de plek opnieuw.")  # fmt: skip
    if errors:
        raise FormError(errors)
    record = to_store_record(clean)
    dups, seen = _nearby(store, record)
    return Prepared(record, checked, dups, seen)


def _nearby(store: Store, record: Mapping[str, object]) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """Possible duplicates of ``record`` and the ids of every report the check saw near it."""
    x, y = float(record["x"]), float(record["y"])  # type: ignore[arg-type]
    nearby = store.open_dumpings_near(x, y, MAX_DISTANCE_M)
    dups = find_duplicates(x, y, record["found_at"], nearby) if len(nearby) else nearby  # type: ignore[arg-type]
    return dups, tuple(int(i) for i in nearby["id"]) if len(nearby) else ()


def recheck(prepared: Prepared, store: Store, refused: DuplicateSiteError) -> Prepared:
    """The report again after the store refused it (others were logged at the spot meanwhile): the duplicates
    as they are now, and as seen the fresh check plus the reports the refusal named (so a report the user may
    not see, outside their area, does not refuse every later save)."""
    dups, seen = _nearby(store, prepared.record)
    return Prepared(prepared.record, prepared.photos, dups, tuple(sorted({*seen, *refused.ids})))


def save_report(store: Store, prepared: Prepared, user: str, link_to: int | None = None) -> int:
    """Write a prepared report with its photos in one transaction and drop the user's draft; returns its id.

    A new site is checked again in the store's transaction against the reports the check saw
    (``prepared.seen_nearby``): ``DuplicateSiteError`` when others were logged at the spot since (see
    ``recheck``); nothing is saved then."""
    if not user.strip():
        raise FormError(["Vul in wie de melding doet (uw naam)."])
    new_id = store.add_dumping(prepared.record, user.strip(), photo_files(prepared.photos), linked_to=link_to,
                               seen_nearby=prepared.seen_nearby)  # fmt: skip
    store.delete_draft(user.strip(), DRAFT_FORM)  # the half-filled form is now a report
    return new_id


def add_photos(store: Store, dumping_id: int, photos: Sequence[tuple[str, bytes]], user: str) -> int:
    """Add photos to an existing report (at most 5 in all); returns how many were added."""
    existing = store.dumping_files(dumping_id)
    n = int((existing["kind"] == "foto").sum()) if len(existing) else 0
    checked = check_photos(list(photos), existing=n)
    store.add_dumping_files(dumping_id, photo_files(checked), user)
    return len(checked)


def change_status(
    store: Store, dumping_id: int, new_status: str, user: str, note: str = "",
    cleanup_cost: float | None = None, cleanup_date: date | None = None, today: date | None = None,
    seen: str | None = None,
) -> None:  # fmt: skip
    """Move a report along the workflow (checked in the store's transaction); ``seen``: the report's edit stamp
    as the user saw it (``ConflictError`` if another user changed it since)."""
    if not user.strip():
        raise FormError(["Vul in wie de status wijzigt (uw naam)."])
    store.change_dumping_status(dumping_id, new_status, user.strip(), note.strip(), cleanup_cost, cleanup_date, today,
                                seen=seen)  # fmt: skip


def dossier_maps(store: Store, record: Mapping[str, object]) -> tuple[bytes, bytes] | None:
    """The dossier's two maps (PNG): the find in its municipality, and its surroundings with other dumpings
    (``gis.maps.dossier_map``); None when the report has no position or there are no boundaries."""
    from gis.maps.dossier_map import FRAME_M, dossier_maps

    if record.get("x") is None or record.get("y") is None or pd.isna(record["x"]) or pd.isna(record["y"]):
        return None
    x, y = float(record["x"]), float(record["y"])  # type: ignore[arg-type]
    munis = store.municipalities()
    if munis.empty:
        return None
    nearby = store.open_dumpings_near(x, y, FRAME_M, exclude_id=int(record["id"]))  # type: ignore[call-overload]
    maps = dossier_maps(munis, x, y, record["id"], nearby)
    return maps.situation, maps.surroundings


def dossier_photos(store: Store, dumping_id: int) -> list[PackPhoto]:
    """The report's photos as copies without EXIF/GPS (``PackPhoto``), in upload order; a photo whose shared
    copy cannot be read is left out (the PDF lists what is in the pack)."""
    from gis.io.dossier_photos import pack_photo
    from gis.io.photos import PhotoError

    files = store.dumping_files(dumping_id)
    out: list[PackPhoto] = []
    for row in (files[files["kind"] == "foto"] if len(files) else files).itertuples():
        name, _mime, data = store.dumping_file(int(row.id))  # the shared copy; never the original
        with contextlib.suppress(PhotoError):
            out.append(pack_photo(str(name), data, str(row.sha256)))
    return out


def dossier_pack(store: Store, dumping_id: int, generated_at: datetime) -> bytes:
    """The BIJ12 application pack (ZIP: summary PDF with maps and photos, data CSV, maps, photos without
    EXIF/GPS, attachments)."""
    from gis.io.attachments import Attachment
    from gis.io.dossier import build_pack

    record = store.dumping(dumping_id)
    history = store.dumping_history(dumping_id).rename(columns={"changed_at": "at", "user_name": "user"})
    files = store.dumping_files(dumping_id)
    docs = files[files["kind"] != "foto"] if len(files) else files
    attachments = []
    for row in docs.itertuples():
        name, mime, data = store.dumping_file(int(row.id), original=True)
        attachments.append(Attachment(str(row.kind), name, mime, data, str(row.sha256), len(data)))
    maps = dossier_maps(store, record)
    situation, surroundings = maps if maps else (None, None)
    photos = dossier_photos(store, dumping_id)
    return build_pack(record, history.to_dict("records"), attachments, situation, generated_at,
                      surroundings_png=surroundings, photos=photos)  # fmt: skip


def dossier_attachments(store: Store, dumping_id: int) -> list[object]:
    """The dossier documents of a report as ``Attachment`` objects (for the completeness check)."""
    from gis.io.attachments import Attachment

    files = store.dumping_files(dumping_id)
    docs = files[files["kind"] != "foto"] if len(files) else files
    return [
        Attachment(str(r.kind), str(r.name), str(r.mime), b"", str(r.sha256), int(r.size)) for r in docs.itertuples()
    ]


def add_attachment(store: Store, dumping_id: int, kind: str, name: str, data: bytes, user: str) -> None:
    """Check a dossier document (type by content, size) and attach it to the report."""
    from gis.io.attachments import check_attachment

    doc = check_attachment(kind, name, data)
    store.add_dumping_files(dumping_id, [StoredFile(doc.kind, doc.name, doc.mime, doc.data, doc.sha256)], user)


# -- drafts of the field form (kept in the store per user; photos are never part of a draft) --------------
DRAFT_TEXTS: tuple[str, ...] = ("substances_other", "reporter_name", "notes", "coords", "pos_source")
DRAFT_CHOICES: dict[str, tuple[str, ...]] = {
    "place_type": PLACE_TYPES, "waste_type": WASTE_TYPES, "reporter_org": tuple(o.code for o in SOURCE_ORGS),
}  # fmt: skip
# What a user fills in; the found time and the reporting organisation have defaults and alone make no draft.
DRAFT_FILLED: tuple[str, ...] = ("place_type", "waste_type", "container_count", "volume_l", "substances",
                                 "substances_other", "into_soil_water", "reporter_name", "notes", "x")  # fmt: skip


def draft_data(values: Mapping[str, object]) -> dict[str, object] | None:
    """The form's values as JSON types for the drafts table, or None when nothing has been filled in yet."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, datetime):
            value = value.isoformat(timespec="minutes")
        elif isinstance(value, (date, time)):
            value = value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
        elif isinstance(value, (list, tuple)):
            value = [str(v) for v in value]
        out[key] = value
    return out if draft_filled(out) else None


def draft_filled(data: Mapping[str, object]) -> int:
    """How many fields of a draft the user filled in (the place counts as one)."""
    return sum(data.get(k) not in (None, "", []) for k in DRAFT_FILLED)


def draft_values(data: Mapping[str, object], choices: Mapping[str, Sequence[str]] | None = None) -> dict[str, object]:
    """A draft back as form values: only known fields of the right type (a draft from an older form version,
    or changed code lists, must not break the form). ``choices`` are the active codes per list field (see
    ``dumping_choices``); without them the catalogue tuples."""
    out: dict[str, object] = {}
    for key, allowed in {**DRAFT_CHOICES, **(choices or {})}.items():
        if data.get(key) in allowed:
            out[key] = data[key]
    for key in DRAFT_TEXTS:
        if isinstance(data.get(key), str):
            out[key] = data[key]
    for key in ("container_count", "volume_l", "x", "y"):
        value = data.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
            out[key] = int(value) if key == "container_count" else float(value)
    if isinstance(data.get("into_soil_water"), bool):
        out["into_soil_water"] = data["into_soil_water"]
    subs = data.get("substances")
    if isinstance(subs, list):
        out["substances"] = [s for s in SUBSTANCES if s in subs]
    with contextlib.suppress(TypeError, ValueError, KeyError):
        out["found_date"] = date.fromisoformat(str(data["found_date"]))
    with contextlib.suppress(TypeError, ValueError, KeyError):
        out["found_time"] = time.fromisoformat(str(data["found_time"]))
    return out


def fmt_number(value: float, lang: str = "nl", decimals: int = 2) -> str:
    """A number as people read it: no trailing ``.0`` (600, not 600.0), at most ``decimals`` decimals, thousands
    grouped; Dutch ``1.234,5`` in NL, English ``1,234.5`` in EN."""
    text = f"{float(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def fmt_money(value: float, lang: str = "nl") -> str:
    """An amount in euros with cents: ``€ 1.234,50`` (NL) / ``€ 1,234.50`` (EN)."""
    text = f"{float(value):,.2f}"
    return "€ " + (text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text)
