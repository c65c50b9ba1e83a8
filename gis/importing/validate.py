"""Validate one chunk of an import: locations to RD New, every field parsed, every problem reported per row.

Vectorised throughout (numpy/pandas/shapely on whole columns), so a million rows go through in chunks.
A row with any problem is not accepted; it gets one refused line per problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
import shapely

from gis.clock import now_nl
from gis.domain.catalog import SOURCE_BY_CODE, Layer
from gis.importing import columns as col
from gis.importing.codes import Codes
from gis.importing.coords import CRS_LABELS, CrsGuess, crs_kind, detect_crs, to_rd
from gis.importing.fields import COORDINATE_SETS, TargetField, fields_of, store_fields
from gis.importing.mapping import check_mapping
from gis.importing.parse import empty_mask, parse_numbers, shown
from gis.importing.report import Refusals, refusal_messages

__all__ = ["ChunkResult", "CrsGuess", "detect_crs", "raw_coordinates", "refusal_messages", "validate_chunk"]

Reader = Callable[[pd.Series, TargetField, str, Refusals, col.Context], pd.Series]
READERS: dict[str, Reader] = {
    "date": col.read_date,
    "datetime": col.read_date,
    "time": col.read_time,
    "float": col.read_number,
    "int": col.read_number,
    "text": col.read_text,
    "choice": col.read_choice,
    "category": col.read_category,
    "org": col.read_org,
    "reference": col.read_reference,
    "bag_id": col.read_bag_id,
    "substances": col.read_substances,
}
GEOMETRY_FIELD = "geometrie"
WKT_EXAMPLE = "POINT (221000 455000)"


@dataclass
class ChunkResult:
    """``accepted``: x, y (RD New) and the layer's store fields, indexed by file row number.
    ``refused``: one line per problem with ``row``, ``field`` (the file's column), ``value`` (as typed)
    and ``reason`` (Dutch). ``notes``: Dutch remarks (e.g. blank rows skipped)."""

    accepted: pd.DataFrame
    refused: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _coordinate_set(mapping: Mapping[str, str | None], geometry: np.ndarray | None) -> tuple[str, ...]:
    for targets in COORDINATE_SETS:
        if all(mapping.get(t) for t in targets) and (targets != ("geometry",) or geometry is not None):
            return targets
    raise ValueError("Er is geen locatie gekoppeld (x/y, lat/lon, WKT of de geometrie van het bestand).")


def _points(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    a, b = np.full(len(geoms), np.nan), np.full(len(geoms), np.nan)
    if present.any():
        pts = shapely.point_on_surface(geoms[present])
        a[present], b[present] = shapely.get_x(pts), shapely.get_y(pts)
    return a, b


def _raw(
    frame: pd.DataFrame, geometry: np.ndarray | None, mapping: Mapping[str, str | None], out: Refusals | None
) -> tuple[np.ndarray, np.ndarray]:
    """The (x/lon, y/lat) numbers of every row as written; problems reported to ``out`` when given."""
    targets = _coordinate_set(mapping, geometry)
    if targets == ("geometry",):
        a, b = _points(np.asarray(geometry, dtype=object))
        if out is not None:
            out.add(np.isnan(a), GEOMETRY_FIELD, "", "geen geometrie (locatie ontbreekt).")
        return a, b
    if targets == ("wkt",):
        column = str(mapping["wkt"])
        text = frame[column].astype(object).where(~empty_mask(frame[column]), None)
        geoms = shapely.from_wkt(text.to_numpy(), on_invalid="ignore")
        a, b = _points(geoms)
        if out is not None:
            empty = text.isna().to_numpy()
            out.add(empty, column, "", "geen locatie (WKT ontbreekt).")
            out.add(~empty & np.isnan(a), column, shown(frame[column]), f"geen geldige WKT, zoals {WKT_EXAMPLE}.")
        return a, b
    first, second = ("x", "y") if targets == ("x", "y") else ("lon", "lat")
    numbers = []
    for target in (first, second):
        column = str(mapping[target])
        parsed = parse_numbers(frame[column])
        if out is not None:
            out.add(parsed.empty, column, "", "coördinaat ontbreekt.")
            out.add(parsed.bad, column, shown(frame[column]), "geen getal (een decimale komma mag).")
        numbers.append(parsed.values.to_numpy())
    return numbers[0], numbers[1]


def raw_coordinates(
    frame: pd.DataFrame, geometry: np.ndarray | None, mapping: Mapping[str, str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """The first (x or lon) and second (y or lat) coordinate of each row as numbers, NaN where unreadable.

    Feed them to ``detect_crs`` to choose the ``crs`` for ``validate_chunk``.
    """
    return _raw(frame, geometry, mapping, None)


def _locate(
    frame: pd.DataFrame, geometry: np.ndarray | None, mapping: Mapping[str, str | None], crs: str, out: Refusals
) -> tuple[np.ndarray, np.ndarray]:
    a, b = _raw(frame, geometry, mapping, out)
    x, y, inside = to_rd(a, b, crs)
    outside = np.isfinite(a) & np.isfinite(b) & ~inside
    if outside.any():
        targets = _coordinate_set(mapping, geometry)
        if targets in (("x", "y"), ("lat", "lon")):
            first, second = (frame[str(mapping[t])] for t in targets)
            typed = shown(first) + "; " + shown(second)
            names = [str(mapping[t]) for t in targets]
        else:
            typed = pd.Series(np.char.add(np.char.add(np.char.mod("%.6g", a), "; "), np.char.mod("%.6g", b)))
            names = [GEOMETRY_FIELD if targets == ("geometry",) else str(mapping["wkt"])]
        reason = f"ligt buiten Nederland (gelezen als {CRS_LABELS[crs_kind(crs)]})."
        out.add(outside, "/".join(names), typed, reason)
    return x, y


def validate_chunk(
    frame: pd.DataFrame,
    geometry: np.ndarray | None,
    mapping: Mapping[str, str | None],
    layer: str,
    crs: str,
    *,
    first_row: int,
    source_org: str | None = None,
    category_map: dict[str, str | None] | None = None,
    seen_references: set[str] | None = None,
    now: datetime | None = None,
    rows: np.ndarray | None = None,
    codes: Codes | None = None,
) -> ChunkResult:
    """Check and convert one chunk of rows for ``layer``.

    Parameters
    ----------
    frame, geometry
        The chunk (``Table.frame`` or a ``read_csv_chunks`` chunk) and its geometry (or ``None``).
    mapping
        Target field -> file column, as from ``propose_mapping``; it must pass ``check_mapping``.
    layer
        ``incidents``, ``barns`` or ``dumpings``.
    crs
        ``rd``, ``wgs84`` or ``wgs84_swapped`` (see ``detect_crs``), or ``EPSG:28992`` / ``EPSG:4326``.
    first_row
        Spreadsheet row number of the chunk's first row (2 for the first chunk; the header is row 1).
    source_org
        Organisation code used where the file has no organisation; also chooses the category list.
    category_map
        File value -> category (``propose_categories`` confirmed by the user). Values it does not map
        (or maps to ``None``) get the organisation's remembered mapping (``codes``), an exact name or a
        known synonym; a value still unknown keeps its row as ``overig`` with its text in
        ``category_original``.
    seen_references
        References already in the store; accepted references are added to it, so pass the same set
        for every chunk of a file to catch duplicates across chunks.
    now
        The current time (default: now); later dates are refused.
    rows
        The spreadsheet row number of every row of ``frame`` when they are not consecutive from
        ``first_row`` (rows picked out of a file); ``first_row`` is then ignored.
    codes
        The store's code lists for this organisation (``gis.importing.codes.codes_from_store``); the
        catalogue's when ``None``.

    Raises
    ------
    ValueError
        When the mapping itself is unusable (``check_mapping`` problems) or ``crs`` is unknown.
    """
    problems = check_mapping(mapping, layer, list(frame.columns))
    if problems:
        raise ValueError(" ".join(problems))
    crs_kind(crs)
    if source_org is not None and source_org not in SOURCE_BY_CODE:
        raise ValueError(f"Onbekende bronorganisatie '{source_org}'; kies uit: {', '.join(SOURCE_BY_CODE)}.")
    frame = frame.reset_index(drop=True)
    blank = np.logical_and.reduce([empty_mask(frame[c]) for c in frame.columns] + [np.ones(len(frame), bool)])
    if geometry is not None and mapping.get("geometry"):
        blank &= shapely.is_missing(np.asarray(geometry, dtype=object))
    numbers = np.arange(first_row, first_row + len(frame)) if rows is None else np.asarray(rows, dtype=np.int64)
    if len(numbers) != len(frame):
        raise ValueError(f"{len(numbers)} rijnummers voor {len(frame)} rijen.")
    rows = numbers[~blank]
    frame = frame[~blank].reset_index(drop=True)
    geometry = None if geometry is None else np.asarray(geometry, dtype=object)[~blank]
    out = Refusals(rows)
    ctx = col.Context(now or now_nl(), source_org, category_map, seen_references, rows, codes=codes)
    x, y = _locate(frame, geometry, mapping, crs, out)
    data: dict[str, pd.Series | np.ndarray] = {"x": x, "y": y}
    for f in fields_of(layer):
        if f.kind == "coord":
            continue
        column = mapping.get(f.name)
        values = frame[column] if column else pd.Series(np.nan, index=frame.index, dtype=object)
        reader = col.read_confidentiality if f.name == "confidentiality" else READERS[f.kind]
        data[f.name] = reader(values, f, column or f.label, out, ctx)
    if Layer(layer) is Layer.DUMPINGS:
        data["substances_other"] = ctx.substances_other
    if Layer(layer) is Layer.INCIDENTS:
        kept = ctx.category_original
        data["category_original"] = kept if kept is not None else pd.Series(pd.NA, index=frame.index, dtype="str")
    accepted = pd.DataFrame(data)[["x", "y", *store_fields(layer)]][~out.bad]
    accepted.index = pd.Index(rows[~out.bad], name="row")
    if seen_references is not None and "reference" in accepted:
        seen_references.update(accepted["reference"].dropna().to_numpy(dtype=object))
    notes = [f"{int(blank.sum())} lege rij(en) overgeslagen."] if blank.any() else []
    return ChunkResult(accepted, out.frame(), notes)
