"""The fast lane of a CSV import: DuckDB reads and parses the file, the normal validation sees only the rest.

``bulk_plan`` says whether a file can take the fast lane (a UTF-8 CSV without blank lines, x/y or
lat/lon columns, fields of kinds the plan can express) and how its columns map to the store.
``run_bulk`` then imports it through ``Store.bulk_import_csv``: rows that match the plan exactly go
straight in; every other row goes through ``validate_chunk`` as before, so a refused row gets the
same Dutch reason in either lane, and the report is the same as the normal lane's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from gis.clock import now_nl
from gis.domain.catalog import SOURCE_BY_CODE, Layer
from gis.geo.assign import GridAssigner
from gis.importing import columns as col
from gis.importing.codes import Codes
from gis.importing.coords import to_rd
from gis.importing.csvfile import CsvFormat
from gis.importing.fields import TargetField, fields_of
from gis.importing.report import Refusals
from gis.importing.validate import READERS, ChunkResult, validate_chunk
from gis.store.bulk import BulkPlan, BulkResult, FieldRule

FAST_ENCODINGS = ("utf-8", "utf-8-sig")
FAST_KINDS: dict[str, str] = {
    "date": "date", "text": "text", "reference": "text", "category": "lookup", "org": "lookup",
    "choice": "lookup", "float": "number", "int": "int",
}  # fmt: skip
_BLOCK = 1 << 20
LAND_CELL_M = 4000.0  # land grid: 15 ms to build for the Netherlands, most points need no polygon test


def has_blank_lines(path: Path) -> bool:
    """True when the file has an empty line (DuckDB skips those, which would shift the row numbers)."""
    tail = np.empty(0, dtype=np.uint8)
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            b = np.concatenate([tail, np.frombuffer(block, dtype=np.uint8)])
            lf, cr = b == 10, b == 13
            if (lf[1:] & lf[:-1]).any() or (cr[1:] & cr[:-1]).any() or (lf[2:] & cr[1:-1] & lf[:-2]).any():
                return True
            tail = b[-2:]
    return False


def _rule(f: TargetField, columns: list[str], mapping: Mapping[str, str | None], default: object) -> FieldRule | None:
    column = mapping.get(f.name)
    if not column:
        return FieldRule(f.name, "const", None, default)
    kind = "confidentiality" if f.name == "confidentiality" else FAST_KINDS.get(f.kind)
    if kind is None or column not in columns:
        return None
    return FieldRule(f.name, kind, columns.index(column), default, f.limit,
                     required=f.required or not f.nullable, unique=f.kind == "reference")  # fmt: skip


def _context(
    source_org: str | None, category_map: dict[str, str | None] | None, now: datetime, n: int, codes: Codes | None
) -> col.Context:
    return col.Context(now, source_org, category_map, None, np.arange(n), codes=codes)


def _read(f: TargetField, values: list[object], ctx: col.Context) -> tuple[pd.Series, np.ndarray]:
    """The normal reader of ``f`` on ``values``: the results and which of them it refused (or, for a category,
    kept as "overig" with its text: those rows take the normal lane, which stores the text)."""
    series = pd.Series(values, dtype=object if any(v is None for v in values) else "str")
    out = Refusals(np.arange(len(values)))
    reader = READERS["choice"] if f.name == "confidentiality" else READERS[f.kind]
    result = reader(series, f, f.label, out, ctx)
    if f.kind == "category" and ctx.category_original is not None:
        return result, out.bad | ctx.category_original.notna().to_numpy()
    return result, out.bad


def bulk_plan(
    path: Path,
    fmt: CsvFormat,
    columns: list[str],
    mapping: Mapping[str, str | None],
    layer: str,
    crs: str,
    *,
    source_org: str | None,
    category_map: dict[str, str | None] | None,
    now: datetime,
    codes: Codes | None = None,
) -> BulkPlan | None:
    """The plan for the fast lane, or ``None`` when this file or mapping must take the normal lane."""
    if fmt.encoding not in FAST_ENCODINGS or Layer(layer) not in (Layer.INCIDENTS, Layer.BARNS):
        return None
    coords = ("x", "y") if mapping.get("x") and mapping.get("y") else ("lon", "lat")
    if mapping.get("geometry") or mapping.get("wkt") or not all(mapping.get(c) in columns for c in coords):
        return None
    rules: list[FieldRule] = []
    ctx = _context(source_org, category_map, now, 1, codes)
    for f in fields_of(layer):
        if f.kind == "coord":
            continue
        if f.name == "confidentiality":
            if not mapping.get(f.name) and mapping.get("source_org"):  # each row gets its organisation's level
                rules.append(FieldRule(f.name, "confidentiality"))
                continue
            level = SOURCE_BY_CODE[source_org].confidential if source_org in SOURCE_BY_CODE else True
            default: object = "vertrouwelijk" if level else "intern"
        else:  # what the normal reader makes of an empty cell (a mapped column's empty cells get it too)
            values, bad = _read(f, [None], ctx)
            default = None if bad.any() or pd.isna(values.iloc[0]) else values.iloc[0]
            if mapping.get(f.name) and default is not None and FAST_KINDS.get(f.kind) != "lookup":
                return None  # an empty cell that becomes a value the plan cannot express
            if not mapping.get(f.name) and bad.any():
                return None
        rule = _rule(f, columns, mapping, default)
        if rule is None:
            return None
        rules.append(rule)
    if not rules or has_blank_lines(path):
        return None
    levels = tuple((code, "vertrouwelijk" if o.confidential else "intern") for code, o in SOURCE_BY_CODE.items())
    today = now.date() if isinstance(now, datetime) else now_nl().date()
    return BulkPlan(layer, str(path), fmt.delimiter, len(columns),
                    (columns.index(str(mapping[coords[0]])), columns.index(str(mapping[coords[1]]))),
                    tuple(rules), today, levels)  # fmt: skip


def resolver(
    layer: str,
    source_org: str | None,
    category_map: dict[str, str | None] | None,
    now: datetime,
    codes: Codes | None = None,
) -> Callable[[str, list[str]], dict[str, str]]:
    """For a lookup field, the cells the normal reader accepts as they are, with what it makes of them."""
    by_name = {f.name: f for f in fields_of(layer)}

    def resolve(name: str, cells: list[str]) -> dict[str, str]:
        f = by_name[name]
        ctx = _context(source_org, category_map, now, len(cells), codes)
        values, bad = _read(f, list(cells), ctx)
        return {c: str(v) for c, v, b in zip(cells, values, bad, strict=True) if not b and not pd.isna(v)}

    return resolve


def land_lines(rows: np.ndarray, x: np.ndarray, y: np.ndarray, column: str) -> pd.DataFrame:
    """Refused lines for points in the Dutch box that are not on Dutch land."""
    xs = pd.Series(np.rint(np.asarray(x, float)).astype(np.int64)).astype(str)  # whole metres, vectorised
    ys = pd.Series(np.rint(np.asarray(y, float)).astype(np.int64)).astype(str)
    return pd.DataFrame({
        "row": np.asarray(rows, dtype="int64"), "field": str(column), "value": ("RD " + xs + ", " + ys).to_numpy(),
        "reason": "ligt buiten Nederland (over de grens of in zee).",
    })  # fmt: skip


def location_column(mapping: Mapping[str, str | None]) -> str:
    """The file column named in a location refusal."""
    return str(mapping.get("x") or mapping.get("lon") or mapping.get("wkt") or mapping.get("geometry") or "locatie")


def locator(
    crs: str, land: shapely.Geometry | None, refuse: Callable[[np.ndarray, np.ndarray, np.ndarray], None]
) -> Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """``locate`` for ``bulk_import_csv``: RD New, on land (else ``refuse(rows, x, y)``), or leftover."""
    # a coarse grid answers for the cells wholly on land or wholly off it; only the rest meet the polygon
    grid = GridAssigner([land], ["NL"], cell=LAND_CELL_M) if land is not None else None

    def locate(rows: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
        x, y, inside = to_rd(a, b, crs)
        keep = inside.copy()
        if grid is not None and inside.any():
            keep[inside] = grid.covered(x[inside], y[inside])
            off = inside & ~keep
            if off.any():
                refuse(rows[off], x[off], y[off])
        return x, y, keep, ~inside

    return locate  # type: ignore[return-value]


def validator(
    layer: str, crs: str, mapping: Mapping[str, str | None], *, check: Callable[[ChunkResult], ChunkResult],
    collect: Callable[[ChunkResult], None], seen: set[str], known: Callable[[list[str]], set[str]],
    source_org: str | None, category_map: dict[str, str | None] | None, now: datetime, codes: Codes | None = None,
) -> Callable[[pd.DataFrame], pd.DataFrame]:  # fmt: skip
    """``validate`` for ``bulk_import_csv``: the normal validation of the leftover rows."""
    ref_col = mapping.get("reference")

    def validate(frame: pd.DataFrame) -> pd.DataFrame:
        if ref_col and ref_col in frame.columns:
            seen.update(known(frame[ref_col].replace("", None).dropna().unique().tolist()))
        result = validate_chunk(frame, None, mapping, layer, crs, first_row=0, rows=frame.index.to_numpy(),
                                source_org=source_org, category_map=category_map, seen_references=seen,
                                now=now, codes=codes)  # fmt: skip
        result = check(result)
        collect(result)
        return result.accepted

    return validate


__all__ = ["BulkResult", "bulk_plan", "has_blank_lines", "land_lines", "locator", "resolver", "validator"]
