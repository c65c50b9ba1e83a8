"""Selections (period, sources, area) turned into SQL WHERE clauses, with no database or web code.

Parameters use ``?`` placeholders, as DuckDB takes them. There is no PostgreSQL backend yet; one would
need ``%s`` placeholders (psycopg) or a small dialect hook here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gis.domain.catalog import Layer

# Per layer: (date column or None, source-organisation column). Barns have no event date:
# a period filter does not hide them.
LAYER_COLUMNS: dict[Layer, tuple[str | None, str]] = {
    Layer.BARNS: (None, "source_org"),
    Layer.DUMPINGS: ("CAST(found_at AS DATE)", "reporter_org"),
    Layer.INCIDENTS: ("occurred_on", "source_org"),
}
# The column a category filter applies to (barns have none: the filter does not hide them).
CATEGORY_COLUMNS: dict[Layer, str] = {Layer.DUMPINGS: "waste_type", Layer.INCIDENTS: "category"}


@dataclass(frozen=True)
class Filters:
    """A selection of records. Empty fields select everything. Hashable, so it can key caches."""

    date_from: date | None = None
    date_to: date | None = None
    sources: tuple[str, ...] | None = None
    area_id: int | None = None
    municipality: str | None = None
    categories: tuple[str, ...] | None = None
    scope: tuple[str, ...] | None = None  # where a role applies: municipality codes and "area:N"; None = all


@dataclass(frozen=True)
class BBox:
    """A rectangle in RD New metres."""

    minx: float
    miny: float
    maxx: float
    maxy: float


def scope_clause(layer: Layer, scope: tuple[str, ...], prefix: str = "") -> tuple[str, list[object]]:
    """SQL selecting the records of ``layer`` inside ``scope`` (municipality codes, ``area:N``); FALSE if empty."""
    codes = [s for s in scope if not s.startswith("area:")]
    areas = [int(s.removeprefix("area:")) for s in scope if s.startswith("area:")]
    parts, params = [], []
    if codes:
        parts.append(f"{prefix}municipality_code IN ({', '.join('?' for _ in codes)})")
        params.extend(codes)
    if areas:
        parts.append(f"{prefix}id IN (SELECT record_id FROM area_members WHERE layer = ? "
                     f"AND area_id IN ({', '.join('?' for _ in areas)}))")  # fmt: skip
        params.extend([Layer(layer).value, *areas])
    return ("(" + " OR ".join(parts) + ")" if parts else "FALSE"), params


def where(layer: Layer, f: Filters, bbox: BBox | None = None) -> tuple[str, list[object]]:
    """Return ``(sql, params)`` for the WHERE clause selecting ``f`` (and ``bbox``) in ``layer``."""
    date_col, source_col = LAYER_COLUMNS[layer]
    # A dumping report linked to an earlier one at the same site is not counted twice.
    parts: list[str] = ["linked_to IS NULL"] if layer == Layer.DUMPINGS else []
    params: list[object] = []
    if date_col and f.date_from:
        parts.append(f"{date_col} >= ?")
        params.append(f.date_from)
    if date_col and f.date_to:
        parts.append(f"{date_col} <= ?")
        params.append(f.date_to)
    if f.sources is not None:
        if not f.sources:
            parts.append("FALSE")
        else:
            parts.append(f"{source_col} IN ({', '.join('?' for _ in f.sources)})")
            params.extend(f.sources)
    if f.categories is not None and layer in CATEGORY_COLUMNS:
        if not f.categories:
            parts.append("FALSE")
        else:
            parts.append(f"{CATEGORY_COLUMNS[layer]} IN ({', '.join('?' for _ in f.categories)})")
            params.extend(f.categories)
    if f.municipality:
        parts.append("municipality_code = ?")
        params.append(f.municipality)
    if f.area_id is not None:
        parts.append("id IN (SELECT record_id FROM area_members WHERE layer = ? AND area_id = ?)")
        params.extend([layer.value, f.area_id])
    if f.scope is not None:
        clause, values = scope_clause(layer, f.scope)
        parts.append(clause)
        params.extend(values)
    if bbox is not None:
        parts.append("x BETWEEN ? AND ? AND y BETWEEN ? AND ?")
        params.extend([bbox.minx, bbox.maxx, bbox.miny, bbox.maxy])
    return (" WHERE " + " AND ".join(parts)) if parts else "", params
