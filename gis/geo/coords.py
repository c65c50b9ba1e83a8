"""Typed coordinates from a form (RD New or WGS84, Dutch or English notation) and GPS from photo EXIF.

Errors are ``CoordError`` with a Dutch message that shows the value; fixes are reported as Dutch notes.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

from gis.geo.crs import in_rd_bounds, rd_to_wgs84, wgs84_to_rd

System = Literal["rd", "wgs84", "auto"]
SYSTEMS: tuple[str, ...] = ("rd", "wgs84", "auto")

# WGS84 box around the Netherlands (degrees); together with RD_BOUNDS it defines "in Nederland".
LAT_RANGE: tuple[float, float] = (50.7, 53.7)
LON_RANGE: tuple[float, float] = (3.2, 7.3)
MAX_DEGREES = 180.0  # numbers up to this size are read as degrees, larger ones as RD metres
MIN_DECIMALS = 4  # 4 decimals of a degree is about 10 m; fewer gets a note on precision

GPS_IFD = 0x8825  # EXIF tag of the GPS sub-IFD
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4

_LABELED = re.compile(r"\b(x|y|lat|lon|lng|breedte|lengte)\s*[=:]\s*(-?[\d.,]+)", re.IGNORECASE)
_HEMISPHERE = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*°?\s*(NB|OL|N|E|O|S|W|Z)\b", re.IGNORECASE)
_LABEL_AXIS = {"x": 0, "lon": 0, "lng": 0, "lengte": 0, "y": 1, "lat": 1, "breedte": 1}
_HEMI_AXIS = {"nb": 1, "n": 1, "s": 1, "z": 1, "ol": 0, "e": 0, "o": 0, "w": 0}
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_HINT = "Voorbeelden: '52.27, 6.12', '52,27; 6,12', '221000 455000' of 'x=221000 y=455000'."


class CoordError(ValueError):
    """Coordinates that cannot be read or lie outside the Netherlands; ``str(err)`` is Dutch."""


@dataclass
class Position:
    """A checked point in the Netherlands in both systems, the system it was typed in, and Dutch notes."""

    x_rd: float
    y_rd: float
    lat: float
    lon: float
    system: str
    notes: list[str] = field(default_factory=list)


def _number(token: str, value: str) -> float:
    """One number; a comma is a decimal comma here (separators are handled by the caller)."""
    text = token.strip().replace("°", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise CoordError(f"'{value}': '{token.strip()}' is geen getal. {_HINT}") from None
    if not math.isfinite(number):
        raise CoordError(f"'{value}': '{token.strip()}' is geen eindig getal.")
    return number


def _split(text: str) -> list[str]:
    """Two number tokens from free text, telling a Dutch decimal comma from a comma separator."""
    for sep in (";", "\t", "|", "/"):
        if sep in text:
            return [p for p in text.split(sep) if p.strip()]
    words = [w.rstrip(",") for w in text.split()]
    if len(words) == 2:
        return words
    if len(words) == 1:
        word = words[0]
        commas = word.count(",")
        if commas == 1:  # "52.27,6.12" or "221000,455000": the comma separates
            return word.split(",")
        if commas == 3 and "." not in word:  # "52,27,6,12": decimal commas and a separator
            a, b, c, d = word.split(",")
            return [f"{a}.{b}", f"{c}.{d}"]
    return words


def _pair_from_text(text: str) -> tuple[float, float, bool]:
    """``(first, second, axes_known)``; with labels (x=, lat=, N/E) the pair is returned as (x/lon, y/lat)."""
    labeled = _LABELED.findall(text)
    hemis = _HEMISPHERE.findall(text) if not labeled else []
    if len(labeled) == 2 or len(hemis) == 2:
        pairs = [(_LABEL_AXIS[k.lower()], v.rstrip(",")) for k, v in labeled] or [
            (_HEMI_AXIS[h.lower()], f"-{v}" if h.lower() in {"s", "z", "w"} else v) for v, h in hemis
        ]
        axes = {axis for axis, _ in pairs}
        if axes != {0, 1}:
            raise CoordError(f"'{text}': twee keer dezelfde as; geef één x/lengte en één y/breedte.")
        by_axis = dict(pairs)
        return _number(by_axis[0], text), _number(by_axis[1], text), True
    tokens = _split(text)
    if len(tokens) != 2:
        raise CoordError(f"'{text}' is niet te lezen als twee coördinaten. {_HINT}")
    return _number(tokens[0], text), _number(tokens[1], text), False


def _thousands_variant(text: str) -> tuple[float, float] | None:
    """``'221.000 455.000'`` read with Dutch thousands dots, if every number is written that way."""
    tokens = _split(text)
    if len(tokens) == 2 and all(_THOUSANDS.match(t.strip()) for t in tokens):
        return tuple(float(t.strip().replace(".", "").replace(",", ".")) for t in tokens)  # type: ignore[return-value]
    return None


def _decimals(text: str) -> int:
    found = re.findall(r"\d[.,](\d+)", text)
    return min((len(d) for d in found), default=0)


def _in_wgs84_box(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]


def _outside(value: str, detail: str) -> CoordError:
    return CoordError(f"'{value}' ligt buiten Nederland ({detail}).")


def _from_rd(x: float, y: float, value: str, notes: list[str]) -> Position:
    if not bool(in_rd_bounds(x, y)):
        raise _outside(value, f"RD x {x:.0f}, y {y:.0f}; verwacht x 0–300.000 en y 300.000–625.000")
    lon, lat = (float(v) for v in rd_to_wgs84(x, y))
    if not _in_wgs84_box(lat, lon):
        raise _outside(value, f"RD x {x:.0f}, y {y:.0f} is breedte {lat:.5f}, lengte {lon:.5f}")
    return Position(float(x), float(y), lat, lon, "rd", notes)


def _from_wgs84(lat: float, lon: float, value: str, notes: list[str]) -> Position:
    if not _in_wgs84_box(lat, lon):
        raise _outside(value, f"breedte {lat}, lengte {lon}; verwacht breedte 50,7–53,7 en lengte 3,2–7,3")
    x, y = (float(v) for v in wgs84_to_rd(lon, lat))
    if not bool(in_rd_bounds(x, y)):
        raise _outside(value, f"breedte {lat}, lengte {lon} valt buiten RD New")
    return Position(x, y, float(lat), float(lon), "wgs84", notes)


def _kind(a: float, b: float) -> str:
    if abs(a) <= MAX_DEGREES and abs(b) <= MAX_DEGREES:
        return "wgs84"
    if abs(a) > MAX_DEGREES and abs(b) > MAX_DEGREES:
        return "rd"
    return "mixed"


def _resolve(a: float, b: float, axes_known: bool, system: str, value: str) -> Position:
    """Decide system and axis order of a pair; ``a, b`` are (x/lon, y/lat) when ``axes_known``."""
    kind = _kind(a, b)
    if kind == "mixed":
        raise CoordError(f"'{value}': {a:g} en {b:g} horen niet bij hetzelfde stelsel (graden en meters door elkaar).")
    if system != "auto" and kind != system:
        typed = "RD-meters" if kind == "rd" else "graden (WGS84)"
        raise CoordError(f"'{value}' lijkt in {typed} te staan, maar gekozen is {system.upper()}.")
    notes: list[str] = []
    if kind == "rd":
        x, y = a, b
        if not bool(in_rd_bounds(a, b)) and bool(in_rd_bounds(b, a)):
            x, y = b, a
            notes.append(f"X en Y waren omgewisseld; gelezen als x {x:.0f}, y {y:.0f}.")
        return _from_rd(x, y, value, notes)
    lon, lat = (a, b) if axes_known else (b, a)  # typed text is "breedte, lengte" (Google Maps order)
    if not _in_wgs84_box(lat, lon) and _in_wgs84_box(lon, lat):
        lat, lon = lon, lat
        notes.append(
            f"Breedte- en lengtegraad waren omgewisseld; gelezen als breedte {lat}, lengte {lon} "
            "(in Nederland is de breedte 50–54 en de lengte 3–7)."
        )
    return _from_wgs84(lat, lon, value, notes)


def parse_position(value: str | Sequence[float], system: System = "auto") -> Position:
    """Read one point typed in a form and check that it lies in the Netherlands.

    Parameters
    ----------
    value
        Text such as ``"52.27, 6.12"``, ``"52,27; 6,12"``, ``"52.27 6.12"``, ``"52.27N 6.12E"``,
        ``"x=221000 y=455000"``, ``"221000, 455000"``, ``"221000;455000"``, ``"221.000 455.000"``;
        or a pair of numbers. Unlabelled degrees are read as (latitude, longitude), RD as (x, y);
        swapped axes are detected by range and reported in ``notes``.
    system
        ``"rd"``, ``"wgs84"`` or ``"auto"`` (degrees up to 180, metres above).

    Raises
    ------
    CoordError
        Unreadable text, mixed or wrong system, or a point outside the Netherlands.
    """
    if system not in SYSTEMS:
        raise CoordError(f"Onbekend coördinatenstelsel '{system}'; kies uit: {', '.join(SYSTEMS)}.")
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-").replace("\u00a0", " ").strip("()[] ")
        if not text:
            raise CoordError(f"Er zijn geen coördinaten ingevuld. {_HINT}")
        a, b, axes_known = _pair_from_text(text)
        thousands = _thousands_variant(text) if system != "wgs84" else None
        if thousands and not _fits(a, b) and _fits(*thousands):
            a, b = thousands  # "221.000 455.000": Dutch thousands dots, not decimals
        position = _resolve(a, b, axes_known, system, value)
        if position.system == "wgs84" and (decimals := _decimals(text)) < MIN_DECIMALS:
            metres = 111_320 * 10.0**-decimals / 2
            size = f"{metres / 1000:.0f} km" if metres >= 1000 else f"{metres:.0f} m"
            position.notes.append(
                f"Let op: met {decimals} decimalen is de positie maar op ± {size} nauwkeurig; "
                f"geef minstens {MIN_DECIMALS} decimalen."
            )
        return position
    if isinstance(value, (bytes, bytearray)) or len(value) != 2 or any(isinstance(v, bool) for v in value):
        raise CoordError(f"'{value}' is geen paar van twee getallen.")
    a, b = (_number(str(v), str(tuple(value))) for v in value)
    return _resolve(a, b, False, system, f"{value[0]}, {value[1]}")


def _fits(a: float, b: float) -> bool:
    """Whether a pair is a point in the Netherlands in some system and axis order."""
    return _in_wgs84_box(a, b) or _in_wgs84_box(b, a) or bool(in_rd_bounds(a, b)) or bool(in_rd_bounds(b, a))


def _rational(value: object) -> float:
    if isinstance(value, tuple) and len(value) == 2:  # (numerator, denominator) in old-style EXIF
        return float(value[0]) / float(value[1])
    return float(value)  # type: ignore[arg-type]


def _dms(values: object, ref: object, negative: str) -> float:
    if not isinstance(values, (tuple, list)) or not 1 <= len(values) <= 3:
        raise ValueError("GPS-waarde heeft geen graden/minuten/seconden")
    parts = [_rational(v) for v in values] + [0.0] * (3 - len(values))
    degrees = parts[0] + parts[1] / 60 + parts[2] / 3600
    ref_text = ref.decode(errors="ignore") if isinstance(ref, bytes) else str(ref or "")
    return -degrees if ref_text.strip().upper().startswith(negative) else degrees


def exif_position(image_bytes: bytes) -> tuple[float, float] | None:
    """``(lat, lon)`` from a photo's EXIF GPS, or ``None`` if absent, garbled or not a position (0, 0)."""
    try:
        with Image.open(io.BytesIO(image_bytes)) as img:
            gps = img.getexif().get_ifd(GPS_IFD)
        if not gps or _GPS_LAT not in gps or _GPS_LON not in gps:
            return None
        lat = _dms(gps[_GPS_LAT], gps.get(_GPS_LAT_REF), "S")
        lon = _dms(gps[_GPS_LON], gps.get(_GPS_LON_REF), "W")
    except (OSError, ValueError, TypeError, ZeroDivisionError, SyntaxError, KeyError, Image.DecompressionBombError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
        return None
    return lat, lon
