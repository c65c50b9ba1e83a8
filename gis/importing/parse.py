"""Vectorised reading of cell values: numbers (decimal comma), dates (many notations, Excel serials) and text.

Every function takes a whole column (strings from CSV, native values from Excel or GIS files) and
returns arrays plus masks of empty and unreadable cells: no Python loop per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

EXCEL_ORIGIN = "1899-12-30"  # Excel's day 0 (with its 1900 leap-year bug folded in)
EXCEL_SERIALS: tuple[float, float] = (20_000, 60_000)  # 1954-10-03 .. 2064-04-09
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f", "%d-%m-%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S",
    "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%Y %H:%M", "%Y/%m/%d", "%Y%m%d",
)  # fmt: skip
DATE_EXAMPLES = "2024-03-31, 31-03-2024, 31/03/2024 of 20240331"
TIME_EXAMPLES = "14:20, 14:20:05, 14.20 of 1420"
_TIME = re.compile(r"^(\d{1,2})[:.]?(\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?$")
_CLOCK = re.compile(r"\d[T ]\d{1,2}:\d{2}")
# Control characters except tab and newline, and bidirectional overrides (text spoofing).
# Literal characters (not escapes), so both Python's re and Arrow's RE2 read the pattern.
CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_TZ = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_NL = "Europe/Amsterdam"


@dataclass
class Parsed:
    """Values of a column, with masks: ``empty`` (nothing filled in) and ``bad`` (filled in, unreadable)."""

    values: pd.Series
    empty: np.ndarray
    bad: np.ndarray


def _is_string_column(values: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(values.dtype) and values.dtype != object


def shown(values: pd.Series) -> pd.Series:
    """Cell values as the user typed them, as text (empty cells ``""``), for refusal reports."""
    if _is_string_column(values):
        return values.fillna("").str.strip()
    out = values.astype(object).where(values.notna(), "")
    return out.astype(str).str.strip()


def empty_mask(values: pd.Series) -> np.ndarray:
    """True where a cell is missing or only whitespace."""
    if _is_string_column(values):
        return (values.isna() | values.str.strip().eq("")).to_numpy(dtype=bool)
    text = values.astype(object).where(values.notna(), "").astype(str)
    return (values.isna() | text.str.strip().eq("")).to_numpy(dtype=bool)


def per_unique(values: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``parse`` run on the distinct values only, spread back over the rows (dates and codes repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) * 2 > len(values):
        return parse(values)
    parsed = parse(pd.Series(uniques, dtype=values.dtype)).to_numpy()
    out = pd.Series(parsed[np.maximum(codes, 0)], index=values.index)
    return out.where(codes >= 0)


def _number_text(text: pd.Series) -> pd.Series:
    """Text with thousands separators removed and a decimal comma turned into a point."""
    t = text.str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.removeprefix("'")
    last_comma, last_point = t.str.rfind(","), t.str.rfind(".")
    both = (last_comma >= 0) & (last_point >= 0)
    comma_decimal = (both & (last_comma > last_point)) | ((last_point < 0) & (t.str.count(",") == 1))
    t = t.mask(comma_decimal, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    t = t.mask(~comma_decimal & (last_comma >= 0), t.str.replace(",", "", regex=False))
    return t.mask((last_comma < 0) & (t.str.count(r"\.") > 1), t.str.replace(".", "", regex=False))


def _text_to_numbers(text: pd.Series) -> pd.Series:
    """Plain numbers first (fast), then a lone decimal comma, then the general separator rules."""
    simple = text.str.replace(",", ".", regex=False).where(~text.str.contains(".", regex=False), text)
    numbers = pd.to_numeric(simple, errors="coerce").astype(float)
    rest = numbers.isna().to_numpy()
    if rest.any():
        numbers[rest] = pd.to_numeric(_number_text(text[rest]), errors="coerce").astype(float)
    return numbers


def parse_numbers(values: pd.Series) -> Parsed:
    """Floats from numbers or text: ``221000,5``, ``221.000,5``, ``221,000.5`` and ``221000.5`` all read.

    Booleans, formulas (``=1+1``) and other text are unreadable (``bad``); nothing is evaluated.
    """
    empty = empty_mask(values)
    if pd.api.types.is_bool_dtype(values.dtype):
        return Parsed(pd.Series(np.nan, index=values.index), empty, ~empty)
    if pd.api.types.is_numeric_dtype(values.dtype):
        numbers = values.astype(float)
    else:
        objects = values.astype(object)
        native = np.zeros(len(values), dtype=bool)
        if not _is_string_column(values):  # Excel and GIS files mix numbers and text in one column
            native = objects.map(type).isin((int, float, np.int64, np.float64)).to_numpy()
        numbers = pd.Series(np.nan, index=values.index)
        numbers[native] = objects[native].astype(float)
        text = ~native & ~empty
        if text.any():
            numbers[text] = _text_to_numbers(values[text].astype(str).str.strip())
    result = numbers.to_numpy(dtype=float, copy=True)
    bad = ~empty & ~np.isfinite(result)
    result[~np.isfinite(result)] = np.nan
    return Parsed(pd.Series(result, index=values.index), empty, bad)


def _from_serial(numbers: pd.Series) -> pd.Series:
    """Excel serial day numbers and yyyymmdd integers as datetimes (NaT when neither)."""
    out = pd.Series(pd.NaT, index=numbers.index, dtype="datetime64[ns]")
    serial = numbers.between(*EXCEL_SERIALS)
    if serial.any():
        out[serial] = pd.to_datetime(numbers[serial], unit="D", origin=EXCEL_ORIGIN).dt.round("s")
    ymd = numbers.between(19_000_101, 21_001_231) & numbers.eq(numbers.round())
    if ymd.any():
        text = numbers[ymd].astype("int64").astype(str)
        out[ymd] = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    return out


def _from_text(text: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    aware = text.str.contains(_TZ) & text.str.contains("T|:", regex=True)
    if aware.any():
        parsed = pd.to_datetime(text[aware], utc=True, format="ISO8601", errors="coerce")
        out[aware] = parsed.dt.tz_convert(_NL).dt.tz_localize(None)
    serial = ~aware & text.str.fullmatch(r"\d{5}([.,]\d+)?")
    if serial.any():
        out[serial] = _from_serial(pd.to_numeric(text[serial].str.replace(",", "."), errors="coerce"))
    todo = ~aware & ~serial
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        hit = parsed.notna()
        out[hit[hit].index] = parsed[hit]
        todo[hit[hit].index] = False
    return out


def parse_dates(values: pd.Series) -> Parsed:
    """Datetimes (``datetime64[ns]``, naive Dutch local time) from text, Excel serials or native dates.

    Text: ISO (with time and zone), ``dd-mm-yyyy``, ``dd/mm/yyyy``, ``dd.mm.yyyy``, ``yyyymmdd``, each
    with an optional time. Numbers: Excel serials 20000..60000 (origin 1899-12-30) and ``yyyymmdd``.
    Day-first throughout: ``03-04-2024`` is 3 April.
    """
    empty = empty_mask(values)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        series = values.dt.tz_convert(_NL).dt.tz_localize(None) if values.dt.tz is not None else values
        out[:] = series.astype("datetime64[ns]")
    elif pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        out = _from_serial(values.astype(float))
    else:
        objects = values.astype(object)
        kinds = objects.map(lambda v: type(v).__name__) if not _is_string_column(values) else None
        text = ~empty.copy()
        if kinds is not None:
            native = kinds.isin(("datetime", "date", "Timestamp")).to_numpy()
            number = kinds.isin(("int", "float", "int64", "float64")).to_numpy() & ~empty
            if native.any():
                out[native] = pd.to_datetime(objects[native].astype(str), format="ISO8601", errors="coerce")
            if number.any():
                out[number] = _from_serial(objects[number].astype(float))
            text &= ~native & ~number & kinds.eq("str").to_numpy()
        if text.any():
            strings = values[text] if kinds is None else objects[text].astype(str)
            out[text] = per_unique(strings.str.strip(), _from_text).astype("datetime64[ns]")
    bad = ~empty & out.isna().to_numpy()
    return Parsed(out, empty, bad)


def clean_text(values: pd.Series) -> pd.Series:
    """Text without control characters, ``\\r\\n`` as ``\\n``, trimmed; empty cells become missing.

    Text starting with ``=``, ``+``, ``-`` or ``@`` stays as typed: it is data, never a formula.
    """
    if _is_string_column(values):
        text = values.fillna("")
        floats = np.zeros(len(values), dtype=bool)
    else:
        objects = values.astype(object)
        floats = objects.map(type).eq(float).to_numpy() & ~values.isna().to_numpy()
        text = objects.where(values.notna(), "").astype(str)
    if floats.any():  # 12.0 from Excel is "12"
        text[floats] = objects[floats].map(lambda v: f"{v:.15g}")
    text = text.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
    control = text.str.contains(CONTROL, regex=True).to_numpy(dtype=bool)
    if control.any():
        text[control] = text[control].str.replace(CONTROL, "", regex=True)
    text = text.str.strip()
    return text.mask(text.eq(""))


def _time_text(text: pd.Series) -> pd.Series:
    """``HH:MM:SS`` of ``14:20``, ``14:20:05``, ``14.20``, ``1420``, or of a date-time's time; NaN otherwise."""
    parts = text.str.extract(_TIME)
    hours, minutes = pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")
    seconds = pd.to_numeric(parts[2], errors="coerce").fillna(0)
    ok = hours.between(0, 23) & minutes.between(0, 59) & seconds.between(0, 59)
    out = pd.Series(np.nan, index=text.index, dtype=object)
    if ok.any():
        out[ok] = (hours[ok].astype(int).astype(str).str.zfill(2) + ":" + minutes[ok].astype(int).astype(str)
                   .str.zfill(2) + ":" + seconds[ok].astype(int).astype(str).str.zfill(2))  # fmt: skip
    rest = ~ok & text.str.contains(_CLOCK)
    if rest.any():  # a whole date-time in the time column: its time of day
        stamps = parse_dates(text[rest]).values
        out[rest] = stamps.dt.strftime("%H:%M:%S").where(stamps.notna(), np.nan)
    return out


def parse_times(values: pd.Series) -> Parsed:
    """Times of day as ``HH:MM:SS`` text from text, Excel fractions of a day, or native times/date-times."""
    empty = empty_mask(values)
    out = pd.Series(np.nan, index=values.index, dtype=object)
    if empty.all():
        return Parsed(out, empty, np.zeros(len(values), dtype=bool))
    objects = values.astype(object)
    kinds = objects.map(lambda v: type(v).__name__)
    native = kinds.isin(("time", "datetime", "Timestamp")).to_numpy() & ~empty
    if native.any():
        out[native] = objects[native].map(lambda v: v.strftime("%H:%M:%S"))
    fraction = kinds.isin(("float", "float64")).to_numpy() & ~empty
    if fraction.any():
        secs = (objects[fraction].astype(float) * 86_400).round()
        inside = secs.between(0, 86_399)
        stamp = pd.to_datetime(secs[inside], unit="s")
        out[inside[inside].index] = stamp.dt.strftime("%H:%M:%S")
    text = ~empty & ~native & ~fraction
    if text.any():
        out[text] = per_unique(objects[text].astype(str).str.strip(), _time_text)
    return Parsed(out, empty, ~empty & out.isna().to_numpy())


def clock_times(values: pd.Series, stamps: pd.Series) -> pd.Series:
    """The time of day (``HH:MM:SS``) of date values that give one (``2024-05-03T14:20:00+02:00``,
    ``03-05-2024 14:20``, a spreadsheet date-time not at midnight); missing for plain dates."""
    given = stamps.notna() & stamps.ne(stamps.dt.normalize())
    if _is_string_column(values) or values.dtype == object:  # text: a written clock time, midnight too
        written = (
            values.str.contains(_CLOCK)
            if _is_string_column(values)
            else values.map(type).eq(str)
            & (values.astype(object).where(values.notna(), "").astype(str).str.contains(_CLOCK))
        )
        given |= stamps.notna() & written.fillna(False).astype(bool)
    return stamps.dt.strftime("%H:%M:%S").where(given, None).astype(object)
