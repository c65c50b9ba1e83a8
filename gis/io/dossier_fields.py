"""The fields of a clean-up cost application (BIJ12 drug-waste scheme) as data, with Dutch formatting.

Used by ``gis.io.dossier`` for the summary PDF (``display_sections``) and ``gegevens.csv`` (``csv_rows``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from gis.domain.catalog import SOURCE_BY_CODE, label
from gis.geo.crs import rd_to_wgs84
from gis.io.attachments import Attachment

MISSING = "—"
NL_TZ = ZoneInfo("Europe/Amsterdam")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Field:
    """One record field: ``kind`` is text, int, number, money, date, datetime, bool, ``code`` (a code list
    value, shown as its label) or ``org`` (an organisation code, shown by name); ``unit`` goes in the CSV
    label (the PDF shows it with the value)."""

    key: str
    label: str
    kind: str = "text"
    unit: str = ""


SECTIONS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    (
        "Melding",
        (
            Field("id", "Dumpingnummer"),
            Field("found_at", "Gevonden op", "datetime"),
            Field("x", "X-coördinaat RD", "number", "m"),
            Field("y", "Y-coördinaat RD", "number", "m"),
            Field("municipality_name", "Gemeente"),
            Field("place_type", "Soort plek", "code"),
            Field("waste_type", "Soort afval", "code"),
            Field("container_count", "Aantal containers", "int"),
            Field("volume_l", "Volume", "number", "liter"),
            Field("substances", "Stoffen", "codes"),
            Field("into_soil_water", "In bodem/water geloosd", "bool"),
            Field("reporter_org", "Melder (organisatie)", "org"),
        ),
    ),
    (
        "Aangifte en eigendom",
        (
            Field("police_report_no", "Proces-verbaalnummer"),
            Field("landowner", "Grondeigenaar"),
            Field("owner_type", "Soort eigenaar", "code"),
        ),
    ),
    (
        "Opruiming en vergoeding",
        (
            Field("cleanup_cost", "Opruimkosten", "money", "€"),
            Field("cleanup_date", "Datum opruiming", "date"),
            Field("amount_requested", "Gevraagd bedrag", "money", "€"),
            Field("amount_granted", "Toegekend bedrag", "money", "€"),
            Field("status", "Status", "code"),
        ),
    ),
)
NOTES = Field("notes", "Opmerkingen")
FIELDS: tuple[Field, ...] = (*(f for _, fields in SECTIONS for f in fields), NOTES)

# What the scheme asks for (domain.md, "Dumping reports in practice"): record fields and attachment kinds.
REQUIRED_FIELDS: tuple[str, ...] = ("police_report_no", "x", "y", "landowner", "owner_type", "amount_requested")
REQUIRED_KINDS: tuple[str, ...] = ("factuur", "afvoerbon", "saneringsverslag")


def plain_text(value: object) -> str:
    """User text as plain text: no control characters (newlines kept, tabs become spaces), no bidi overrides."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


def _plain(value: object) -> object:
    """numpy/pandas scalars as Python values; None, NaN, NaT, pd.NA and blank text as None."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _grouped(number: float, decimals: int) -> str:
    """Dutch number: dot for thousands, comma for decimals."""
    return f"{number:,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _local(moment: datetime) -> datetime:
    return moment.astimezone(NL_TZ).replace(tzinfo=None) if moment.tzinfo else moment


def format_value(value: object, kind: str, for_csv: bool = False) -> str:
    """A value as Dutch text; missing is ``MISSING`` (PDF) or ``""`` (CSV, where numbers have no grouping
    and no unit, so that Dutch Excel reads them as numbers)."""
    value = _plain(value)
    if value is None:
        return "" if for_csv else MISSING
    if kind in ("int", "number", "money") and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        decimals = 2 if kind == "money" else 0 if kind == "int" or float(value) == int(value) else 1
        if for_csv:
            return f"{float(value):.{decimals}f}".replace(".", ",")
        text = _grouped(float(value), decimals)
        return f"€ {text}" if kind == "money" else text
    if kind in ("date", "datetime") and isinstance(value, date):
        if isinstance(value, datetime):
            value = _local(value)
            return f"{value:%d-%m-%Y %H:%M}" if kind == "datetime" else f"{value:%d-%m-%Y}"
        return f"{value:%d-%m-%Y}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if kind in ("code", "codes", "org"):
        return plain_text(code_name(value, kind))
    return plain_text(value)


def code_name(value: object, kind: str = "code") -> str:
    """A stored code as people read it: an organisation code by its name (``omgevingsdienst`` ->
    ``Omgevingsdienst``), a code list value by its Dutch label, a ``; ``-list (``codes``) item by item.
    Text that is no code is returned as it is."""
    text = str(value)
    if kind == "org":
        org = SOURCE_BY_CODE.get(text.strip().casefold())
        return org.name if org else text
    if kind == "codes":
        return "; ".join(label(v.strip(), "nl") for v in text.split(";") if v.strip())
    return label(text, "nl")


# Field names a history note may carry ("gewijzigd: amount_granted, landowner"), in Dutch.
_EXTRA_LABELS = {"precision_m": "Nauwkeurigheid", "substances_other": "Andere stoffen", "reporter_name": "Naam melder",
                 "x": "Locatie", "y": "Locatie"}  # fmt: skip
_CHANGED = re.compile(r"^(gewijzigd: )([a-z_, ]+)(;|$)")


def history_note(note: object) -> str:
    """A history note with the store's field names as their Dutch labels; other text as it is."""
    text = format_value(note, "text")
    match = _CHANGED.match(text)
    if not match:
        return text
    labels = {f.key: f.label for f in FIELDS} | _EXTRA_LABELS
    names = dict.fromkeys(labels.get(k.strip(), k.strip()) for k in match.group(2).split(","))
    return f"{match.group(1)}{', '.join(names)}{text[match.end(2) :]}"


def _with_unit(text: str, field: Field) -> str:
    return f"{text} {field.unit}" if text != MISSING and field.unit not in ("", "€") else text


def wgs84_position(record: Mapping[str, object]) -> tuple[float, float] | None:
    """``(lat, lon)`` in WGS84 from the record's RD ``x``/``y``, or None when either is missing."""
    x, y = _plain(record.get("x")), _plain(record.get("y"))
    if not isinstance(x, (int, float, Decimal)) or not isinstance(y, (int, float, Decimal)):
        return None
    lon, lat = rd_to_wgs84([float(x)], [float(y)])
    return float(lat[0]), float(lon[0])


def wgs84_text(record: Mapping[str, object]) -> str:
    """``'52,07123° N, 6,59321° O'`` (O for oost) from the record's RD x/y, or ``MISSING``."""
    position = wgs84_position(record)
    if position is None:
        return MISSING
    lat, lon = position
    ns, ew = ("N" if lat >= 0 else "Z"), ("O" if lon >= 0 else "W")
    return f"{abs(lat):.5f}° {ns}, {abs(lon):.5f}° {ew}".replace(".", ",")


def display_sections(record: Mapping[str, object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(section title, [(label, value text), ...]), ...]`` for the PDF, with WGS84 after the RD position."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for title, fields in SECTIONS:
        rows = [(f.label, _with_unit(format_value(record.get(f.key), f.kind), f)) for f in fields]
        if title == SECTIONS[0][0]:
            at = next(i for i, f in enumerate(fields) if f.key == "y") + 1
            rows.insert(at, ("Locatie (WGS84)", wgs84_text(record)))
        out.append((title, rows))
    return out


def csv_rows(record: Mapping[str, object]) -> list[tuple[str, str]]:
    """``(veld, waarde)`` rows for ``gegevens.csv``: every field, plus WGS84 latitude and longitude."""
    rows = [(f"{f.label} ({f.unit})" if f.unit else f.label, format_value(record.get(f.key), f.kind, True))
            for f in FIELDS]  # fmt: skip
    position = wgs84_position(record)
    lat, lon = (f"{v:.6f}".replace(".", ",") for v in position) if position else ("", "")
    at = next(i for i, f in enumerate(FIELDS) if f.key == "y") + 1
    rows[at:at] = [("Breedtegraad (WGS84)", lat), ("Lengtegraad (WGS84)", lon)]
    return rows


def missing_for_application(record: Mapping[str, object], attachments: Sequence[Attachment]) -> list[str]:
    """Dutch names of what the BIJ12 application still lacks (empty list: complete)."""
    by_key = {f.key: f.label for f in FIELDS}
    missing = [by_key[key] for key in REQUIRED_FIELDS if _plain(record.get(key)) is None]
    kinds = {a.kind for a in attachments}
    missing += [f"bijlage {kind.replace('_', '-')}" for kind in REQUIRED_KINDS if kind not in kinds]
    return missing
