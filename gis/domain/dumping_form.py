"""Validation of the drug-waste dumping field form (and of imported rows): raw values in, clean dict out.

Every problem becomes a Dutch message naming the field and value (and row); all are raised together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gis.domain.catalog import DUMPING_STATUSES, PLACE_TYPES, SOURCE_ORGS, SUBSTANCES, WASTE_TYPES
from gis.geo.crs import in_rd_bounds

NL_TZ = ZoneInfo("Europe/Amsterdam")
FUTURE_GRACE = timedelta(minutes=5)  # tablet and phone clocks drift a little
EARLIEST_FOUND = datetime(2000, 1, 1)  # older dates are typing errors ("0224")
NEW_STATUS = DUMPING_STATUSES[0]

FIELD_LABELS: dict[str, str] = {
    "found_at": "Gevonden op",
    "x": "X (RD)",
    "y": "Y (RD)",
    "precision_m": "Nauwkeurigheid (m)",
    "place_type": "Soort plek",
    "waste_type": "Soort afval",
    "container_count": "Aantal containers",
    "volume_l": "Volume (liter)",
    "substances": "Stoffen",
    "substances_other": "Overige stoffen",
    "into_soil_water": "In bodem/water geloosd",
    "reporter_org": "Melder (organisatie)",
    "reporter_name": "Naam melder",
    "status": "Status",
    "cleanup_cost": "Opruimkosten (€)",
    "notes": "Opmerkingen",
}
TEXT_LIMITS: dict[str, int] = {"notes": 4000, "substances_other": 200, "reporter_name": 200}
NUMBER_LIMITS: dict[str, float] = {
    "container_count": 10_000,
    "volume_l": 1_000_000,
    "precision_m": 100_000,
    "cleanup_cost": 10_000_000,
}
_YES = {"ja", "j", "yes", "true", "waar", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}
_UNKNOWN = {"", "onbekend", "?"}
# Control characters except tab and newline, and bidirectional overrides (text spoofing).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_REQUIRED = "niet ingevuld (verplicht)."
_DATE_FORMATS = ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y")


class FormError(ValueError):
    """A form with problems: ``errors`` lists Dutch messages, ``by_field`` maps field -> its message."""

    def __init__(self, errors: list[str], by_field: dict[str, str] | None = None) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.by_field = by_field or {}


class _Invalid(Exception):
    """One field's problem; the message has no field label yet."""


def clean_text(value: object) -> str:
    """Free text as typed, minus control characters; ``\\r\\n`` becomes ``\\n``; outer whitespace trimmed.

    HTML is *not* escaped here: that happens where the text is rendered.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _plain(value: object) -> object:
    """numpy/pandas scalars as Python values; NaN/NaT as None."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, float) and math.isnan(value):
        return None
    return None if type(value).__name__ == "NaTType" else value


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object, field: str, integer: bool) -> float | int | None:
    """A number >= 0 (Dutch decimal comma allowed in text); messages show the value as typed."""
    if _missing(value):
        return None
    shown = value.strip() if isinstance(value, str) else value
    if isinstance(value, bool):
        raise _Invalid(f"'{shown}' is geen getal.")
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _DUTCH_THOUSANDS.match(text):
            raise _Invalid(f"'{shown}' is dubbelzinnig (punt als duizendtal of decimaal?); schrijf het zonder punt.")
        text = text.replace(".", "").replace(",", ".") if "," in text else text
        try:
            value = float(text)
        except ValueError:
            raise _Invalid(f"'{shown}' is geen getal.") from None
    if not isinstance(value, (int, float)):
        raise _Invalid(f"'{shown}' is geen getal.")
    if not math.isfinite(value):
        raise _Invalid(f"'{shown}' is geen eindig getal.")
    if integer and value != int(value):
        raise _Invalid(f"'{shown}' is geen geheel getal.")
    if value < 0:
        raise _Invalid(f"'{shown}' moet 0 of meer zijn.")
    limit = NUMBER_LIMITS.get(field)
    if limit is not None and value > limit:
        raise _Invalid(f"'{shown}' is meer dan het maximum van {f'{limit:,.0f}'.replace(',', '.')}.")
    return int(value) if integer else float(value)


def _choice(value: object, options: tuple[str, ...] | list[str], required: bool = True) -> str | None:
    if _missing(value):
        if required:
            raise _Invalid(_REQUIRED)
        return None
    text = clean_text(value)
    match = {o.casefold(): o for o in options}.get(text.casefold())
    if match is None:
        raise _Invalid(f"'{text}' is geen geldige keuze; kies uit: {', '.join(options)}.")
    return match


def _found_at(values: Mapping[str, object], now: datetime) -> datetime:
    value = _plain(values.get("found_at"))
    if _missing(value) and not _missing(values.get("found_date")):
        day, clock = values.get("found_date"), values.get("found_time") or time(0, 0)
        if not isinstance(day, date) or not isinstance(clock, time):
            raise _Invalid(f"'{day} {clock}' is geen datum en tijd.")
        value = datetime.combine(day, clock)
    if _missing(value):
        raise _Invalid(_REQUIRED)
    if isinstance(value, str):
        value = _parse_datetime(value.strip())
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if not isinstance(value, datetime):
        raise _Invalid(f"'{value}' is geen datum en tijd.")
    local = value.astimezone(NL_TZ).replace(tzinfo=None) if value.tzinfo else value
    reference = now.astimezone(NL_TZ).replace(tzinfo=None) if now.tzinfo else now
    if local > reference + FUTURE_GRACE:
        raise _Invalid(f"{local:%d-%m-%Y %H:%M} ligt in de toekomst (het is nu {reference:%d-%m-%Y %H:%M}).")
    if local < EARLIEST_FOUND:
        day = f"{local.day:02d}-{local.month:02d}-{local.year:04d}"  # strftime drops leading zeros of a year
        raise _Invalid(f"{day} ligt vóór {EARLIEST_FOUND.year}; is dit een tikfout?")
    return local


def _parse_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise _Invalid(f"'{text}' is geen datum en tijd (bijvoorbeeld 31-12-2024 14:30).")


def _substances(value: object) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        items = [p for p in re.split(r"[,;\n]", value) if p.strip()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
    else:
        raise _Invalid(f"'{value}' is geen lijst van stoffen.")
    known = {s.casefold(): s for s in SUBSTANCES}
    unknown = [clean_text(i) for i in items if clean_text(i).casefold() not in known]
    if unknown:
        raise _Invalid(
            f"'{', '.join(unknown)}' staat niet in de lijst ({', '.join(SUBSTANCES)}); "
            f"vul andere stoffen in bij {FIELD_LABELS['substances_other']}."
        )
    chosen = {known[clean_text(i).casefold()] for i in items}
    return [s for s in SUBSTANCES if s in chosen]


def _yes_no(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    if text in _UNKNOWN:
        return None
    raise _Invalid(f"'{value}' is geen ja, nee of onbekend.")


def _text(value: object, field: str) -> str:
    text = clean_text(value)
    limit = TEXT_LIMITS[field]
    if len(text) > limit:
        raise _Invalid(f"{len(text):,} tekens; maximaal {limit:,}.".replace(",", "."))
    return text


def _status(value: object, new: bool) -> str:
    status = _choice(value, DUMPING_STATUSES, required=not new) or NEW_STATUS
    if new and status != NEW_STATUS:
        raise _Invalid(f"een nieuwe melding begint als '{NEW_STATUS}', niet als '{status}'.")
    return status


def _reporter(value: object) -> str:
    by_name = {o.name.casefold(): o.code for o in SOURCE_ORGS}
    text = clean_text(value)
    return _choice(by_name.get(text.casefold(), text), [o.code for o in SOURCE_ORGS])  # type: ignore[return-value]


def validate_dumping(
    values: Mapping[str, object],
    now: datetime,
    *,
    new: bool = True,
    row: int | None = None,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, object]:
    """Check and clean one dumping report from the form (or an imported row).

    Parameters
    ----------
    values
        Raw values keyed as in ``FIELD_LABELS``; ``found_at`` may also come as ``found_date`` +
        ``found_time``. ``x``/``y`` are RD New metres (see ``gis.geo.coords.parse_position``).
        Unknown keys are ignored.
    now
        The current time; found times after ``now`` (plus ``FUTURE_GRACE``) are refused.
    new
        A new report must have status "gemeld" (the default); existing ones any known status.
        Status *changes* are checked by ``gis.domain.dumping_workflow.check_move``.
    row
        Row number for messages when validating an import ("Rij 3: ...").
    choices
        The allowed codes of ``place_type`` and ``waste_type`` (the code lists in the store, read by the
        caller); a list not given is checked against the catalogue tuples.

    Returns
    -------
    dict
        One key per field of ``FIELD_LABELS``; ``found_at`` naive Dutch local time, ``substances`` a list
        in catalogue order, empty optional numbers ``None``, free text cleaned but not escaped.

    Raises
    ------
    FormError
        With every problem found, each a Dutch message naming the field and value.
    """
    raw = {k: _plain(v) for k, v in values.items()}
    places = list((choices or {}).get("place_type") or PLACE_TYPES)
    wastes = list((choices or {}).get("waste_type") or WASTE_TYPES)
    checks: dict[str, Callable[[object], object]] = {
        "found_at": lambda _: _found_at(values, now),
        "x": lambda v: _required(_number(v, "x", integer=False)),
        "y": lambda v: _required(_number(v, "y", integer=False)),
        "precision_m": lambda v: _number(v, "precision_m", integer=False),
        "place_type": lambda v: _choice(v, places),
        "waste_type": lambda v: _choice(v, wastes),
        "container_count": lambda v: _number(v, "container_count", integer=True),
        "volume_l": lambda v: _number(v, "volume_l", integer=False),
        "substances": _substances,
        "substances_other": lambda v: _text(v, "substances_other"),
        "into_soil_water": _yes_no,
        "reporter_org": _reporter,
        "reporter_name": lambda v: _text(v, "reporter_name"),
        "status": lambda v: _status(v, new),
        "cleanup_cost": lambda v: _number(v, "cleanup_cost", integer=False),
        "notes": lambda v: _text(v, "notes"),
    }
    clean: dict[str, object] = {}
    by_field: dict[str, str] = {}
    for field, check in checks.items():
        try:
            clean[field] = check(raw.get(field))
        except _Invalid as err:
            by_field[field] = f"{FIELD_LABELS[field]}: {err}"
    if "x" in clean and "y" in clean and not bool(in_rd_bounds(clean["x"], clean["y"])):
        by_field["x"] = f"Locatie: RD ({clean['x']:.0f}, {clean['y']:.0f}) ligt buiten Nederland."
    if by_field:
        prefix = f"Rij {row}: " if row is not None else ""
        raise FormError([prefix + m for m in by_field.values()], {k: prefix + m for k, m in by_field.items()})
    return clean


def _required(value: float | int | None) -> float | int:
    if value is None:
        raise _Invalid(_REQUIRED)
    return value
