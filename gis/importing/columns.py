"""Readers per field kind for ``validate_chunk``: a file column in, a clean store column out, problems reported.

Each reader works on the whole column (vectorised); problems go to ``Refusals`` with a Dutch reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from gis.domain.catalog import OTHER_CATEGORY, SOURCE_BY_CODE, SUBSTANCES
from gis.importing.codes import Codes, catalogue_codes, resolve_category
from gis.importing.fields import TargetField, normalise
from gis.importing.mapping import org_codes, propose_categories
from gis.importing.parse import (
    DATE_EXAMPLES,
    TIME_EXAMPLES,
    clean_text,
    clock_times,
    empty_mask,
    parse_dates,
    parse_numbers,
    parse_times,
    shown,
)
from gis.importing.report import Refusals

EARLIEST = pd.Timestamp("1900-01-01")
FUTURE_GRACE = timedelta(minutes=5)
_BAG_PREFIX = re.compile(r"^nl\.imbag\.pand\.", re.IGNORECASE)


@dataclass
class Context:
    """What the readers need besides the column: time, default organisation, category map, references."""

    now: datetime
    source_org: str | None
    category_map: dict[str, str | None] | None
    seen_references: set[str] | None
    rows: np.ndarray
    orgs: pd.Series | None = None  # the rows' organisation codes, once read
    substances_other: pd.Series | None = None  # substances not in the catalogue, once read
    codes: Codes | None = None  # the store's code lists for this import (the catalogue's when None)
    times: pd.Series | None = None  # time of day inside the date values ("HH:MM:SS"), once the date is read
    category_original: pd.Series | None = None  # the file's text of rows kept as "overig", once read

    def lists(self) -> Codes:
        """The code lists this import checks against."""
        if self.codes is None:
            self.codes = catalogue_codes(self.source_org)
        return self.codes


def _per_value(text: pd.Series, resolve: Callable[[str], str | None]) -> pd.Series:
    """``resolve`` applied once per distinct value, then spread over the rows by a dict lookup."""
    table = {v: resolve(v) for v in text.dropna().unique()}
    return text.map(table).astype(object).where(text.notna(), None)


def _choices(text: pd.Series, lookup: dict[str, str | None]) -> pd.Series:
    by_key = {normalise(k): v for k, v in lookup.items()}
    return _per_value(text, lambda v: lookup.get(v) or by_key.get(normalise(v)))


def _options_text(options: tuple[str, ...] | list[str], most: int = 12) -> str:
    listed = ", ".join(options[:most])
    return listed + (", …" if len(options) > most else "")


def read_date(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Dates (``date``: midnight) and datetimes; unreadable, future and pre-1900 values are refused."""
    parsed = parse_dates(values)
    typed = shown(values)
    out.add(parsed.bad, column, typed, f"geen geldige datum; gebruik bijvoorbeeld {DATE_EXAMPLES}.")
    dates = parsed.values.dt.normalize() if f.kind == "date" else parsed.values
    now = pd.Timestamp(ctx.now)
    now = now.tz_convert("Europe/Amsterdam").tz_localize(None) if now.tzinfo else now
    limit = now.normalize() if f.kind == "date" else now + FUTURE_GRACE
    future = (dates > limit).to_numpy()
    out.add(future, column, typed, f"ligt in de toekomst (het is nu {now:%d-%m-%Y %H:%M}).")
    out.add((dates < EARLIEST).to_numpy(), column, typed, f"ligt vóór {EARLIEST.year}; is dit een tikfout?")
    if f.required:
        out.add(parsed.empty, column, typed, f"niet ingevuld; '{f.label}' is verplicht.")
    if f.name == "occurred_on":  # a time inside the date (KML's 2024-05-03T14:20:00+02:00) is kept as well
        ctx.times = clock_times(values, parsed.values)
    return dates.astype("datetime64[ns]")


def read_time(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Time of day as ``HH:MM:SS`` (``14:20``, ``14.20``, ``1420``, Excel fractions); where the cell is empty or
    the field not mapped, the time found inside the date value, if any."""
    parsed = parse_times(values)
    out.add(parsed.bad, column, shown(values), f"geen geldige tijd; gebruik bijvoorbeeld {TIME_EXAMPLES}.")
    times = parsed.values.astype(object)
    if ctx.times is not None:
        times = times.where(times.notna(), ctx.times.reindex(times.index))
    return times.where(times.notna(), None)


def read_number(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Numbers >= 0 up to the field's limit; ``int`` fields must be whole numbers (nullable ``Int64``)."""
    parsed = parse_numbers(values)
    typed = shown(values)
    number = parsed.values
    out.add(parsed.bad, column, typed, "geen getal.")
    out.add((number < 0).to_numpy(), column, typed, "moet 0 of meer zijn.")
    if f.limit is not None:
        out.add(
            (number > f.limit).to_numpy(), column, typed, f"meer dan het maximum van {f.limit:,.0f}.".replace(",", ".")
        )
    if f.kind == "int":
        fraction = (number.notna() & number.ne(number.round())).to_numpy()
        out.add(fraction, column, typed, "geen geheel getal.")
        return number.where(~fraction).round().astype("Int64")
    return number.astype("float64")


def read_text(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Cleaned text (no control characters; formulas stay text) within the field's length."""
    text = clean_text(values)
    if f.limit is not None:
        length = text.str.len().fillna(0)
        out.add((length > f.limit).to_numpy(), column, length.astype(int).astype(str) + " tekens",
                f"te lang; maximaal {f.limit:.0f} tekens.")  # fmt: skip
    return text.astype("str")


def read_choice(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """One of the field's options (case, accents and known synonyms forgiven); empty gets the default."""
    text = clean_text(values)
    options = (ctx.codes.choices.get(f.name) if ctx.codes is not None else None) or f.options  # the store's list
    chosen = _choices(text, propose_categories(text.dropna().unique(), options, strict=True))
    out.add((text.notna() & chosen.isna()).to_numpy(), column, shown(values),
            f"geen geldige keuze voor '{f.label}'; kies uit: {_options_text(options)}.")  # fmt: skip
    return chosen.where(text.notna(), f.default).astype("str")


def read_confidentiality(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Like ``read_choice``; empty is "vertrouwelijk" for confidential organisations, else "intern"."""
    chosen = read_choice(values, f, column, out, ctx)
    orgs = ctx.orgs if ctx.orgs is not None else pd.Series(ctx.source_org, index=values.index)
    levels = {code: "vertrouwelijk" if org.confidential else "intern" for code, org in SOURCE_BY_CODE.items()}
    default = orgs.map(levels).fillna("vertrouwelijk")
    return chosen.fillna(default).astype("str")


def read_org(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """A source organisation code from a code or name; empty gets the organisation chosen for the import."""
    text = clean_text(values)
    codes = org_codes()
    code = _per_value(text, lambda v: codes.get(normalise(v)))
    out.add((text.notna() & code.isna()).to_numpy(), column, shown(values),
            f"onbekende organisatie; kies uit: {', '.join(SOURCE_BY_CODE)}.")  # fmt: skip
    code = code.where(text.notna(), ctx.source_org)
    if not f.nullable and ctx.source_org is None:  # incidents cannot be stored without a source
        out.add(text.isna().to_numpy(), column, shown(values), "geen bronorganisatie; kies er een bij het importeren.")
    ctx.orgs = code
    return code.astype("str")


def read_category(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """A category of the organisation's list: the user's choice, the remembered mapping of the organisation, or
    an exact name or synonym. A value still unknown keeps its row as ``overig``, its text in
    ``ctx.category_original`` (the import report lists these values)."""
    text = clean_text(values)
    codes = ctx.lists()
    strict = propose_categories(text.dropna().unique(), codes.categories, strict=True)
    chosen = _per_value(text, lambda v: resolve_category(v, codes, ctx.category_map, strict))
    unknown = text.notna() & chosen.isna()
    ctx.category_original = text.where(unknown).astype("str")
    return chosen.where(~unknown, OTHER_CATEGORY).astype("str")


def read_reference(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Reference numbers; a value seen before (earlier in the file or in the store) is refused."""
    ref = read_text(values, f, column, out, ctx)
    present = ref.notna()
    first_row = pd.Series(ctx.rows, index=ref.index)[present].groupby(ref[present]).transform("min")
    dup = (present & ref.duplicated(keep="first")).to_numpy()
    out.add(dup, column, shown(values), "komt al voor in rij " + first_row.reindex(ref.index).fillna(0)
            .astype(int).astype(str) + " van dit bestand.")  # fmt: skip
    if ctx.seen_references:  # intersect from the chunk's side: cost follows the chunk, not the store
        known = ctx.seen_references.intersection(ref[present].to_numpy(dtype=object))
        seen = (present & ref.isin(list(known))).to_numpy()
        out.add(seen & ~dup, column, shown(values), "bestaat al (in de database of eerder in dit bestand).")
    return ref


def read_bag_id(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """A BAG building id of 16 digits (a leading zero lost by Excel is restored)."""
    numbers = parse_numbers(values)
    text = clean_text(values).str.replace(_BAG_PREFIX, "", regex=True).str.replace(" ", "")
    whole = ~numbers.bad & ~numbers.empty & ~values.map(type).eq(str).to_numpy()
    text[whole] = numbers.values[whole].astype("int64").astype(str)
    text = text.where(~text.str.fullmatch(r"\d{15}").fillna(False), "0" + text)
    wrong = (text.notna() & ~text.str.fullmatch(r"\d{16}").fillna(False)).to_numpy()
    out.add(wrong, column, shown(values), "geen BAG-pandnummer (16 cijfers, bijvoorbeeld 0153100000123456).")
    return text.astype("str")


def read_substances(values: pd.Series, f: TargetField, column: str, out: Refusals, ctx: Context) -> pd.Series:
    """Known substances as ``"; "``-joined text in catalogue order; the rest goes to ``substances_other``."""
    if empty_mask(values).all():  # not mapped, or an empty column
        ctx.substances_other = pd.Series(pd.NA, index=values.index, dtype="str")
        return pd.Series(pd.NA, index=values.index, dtype="str")
    parts = clean_text(values).str.split(r"\s*[,;/\n]\s*", regex=True).explode().str.strip()
    parts = parts[parts.notna() & parts.ne("")]
    known = _choices(parts, propose_categories(parts.unique(), SUBSTANCES, strict=True))
    order = known.map({s: i for i, s in enumerate(SUBSTANCES)})
    found = pd.DataFrame({"name": known, "order": order}).dropna().sort_values("order", kind="stable")
    joined = found.groupby(level=0)["name"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    other = parts[known.isna()].groupby(level=0).agg("; ".join)
    ctx.substances_other = other.reindex(values.index).astype("str")
    return joined.reindex(values.index).astype("str")
