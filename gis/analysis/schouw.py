"""The site walk (schouw) of an area: checking a walk and a finding before they are stored, the route drawn on
the map as a line in RD New, and the summary the profile and report use (walks by day and night, findings
per category). No Streamlit; the store is the guarded one, so what a role may read is the guard's answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString

from gis.domain.roles import PermissionDenied
from gis.geo.crs import in_rd_bounds, wgs84_to_rd
from gis.store.analysis import DAYPARTS, FINDING_CATEGORIES

MAX_PARTICIPANTS_CHARS = 500
MAX_NOTE_CHARS = 4_000
EARLIEST_WALK = date(2000, 1, 1)


class SchouwError(ValueError):
    """One or more problems with a walk or a finding; ``errors`` holds one Dutch message per field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _line(coords: Sequence[Sequence[float]], n: int) -> LineString:
    if len(coords) < 2:
        raise SchouwError([f"Route: lijn {n} heeft maar {len(coords)} punt; teken minstens twee punten."])
    lon = [float(c[0]) for c in coords]
    lat = [float(c[1]) for c in coords]
    x, y = wgs84_to_rd(lon, lat)
    return LineString(list(zip(x.round(2), y.round(2), strict=True)))


def route_from_drawings(drawings: Sequence[Mapping[str, Any]] | None) -> LineString | MultiLineString | None:
    """The lines drawn on the map (GeoJSON features in WGS84) as one route in RD New; None when nothing was
    drawn. Anything but a line (a polygon, a marker) is refused with a message naming it."""
    lines: list[LineString] = []
    for i, feat in enumerate(drawings or (), start=1):
        geom = feat.get("geometry") or {}
        kind, coords = geom.get("type"), geom.get("coordinates") or []
        if kind == "LineString":
            lines.append(_line(coords, i))
        elif kind == "MultiLineString":
            lines.extend(_line(part, i) for part in coords)
        else:
            raise SchouwError([f"Route: figuur {i} is een {kind or 'onbekende vorm'}; teken de route als lijn."])
    if not lines:
        return None
    return lines[0] if len(lines) == 1 else MultiLineString(lines)


def check_walk(
    walked_on: date | None,
    daypart: str | None,
    participants: str,
    route: shapely.Geometry | None,
    today: date,
    land: shapely.Geometry | None = None,
) -> list[str]:
    """Every problem of a walk as a Dutch message naming the field and value (empty: fine)."""
    errors: list[str] = []
    if walked_on is None:
        errors.append("Datum: vul de datum van de schouw in.")
    elif walked_on > today:
        errors.append(f"Datum: {walked_on:%d-%m-%Y} ligt in de toekomst (vandaag is {today:%d-%m-%Y}).")
    elif walked_on < EARLIEST_WALK:
        errors.append(f"Datum: {walked_on.day:02d}-{walked_on.month:02d}-{walked_on.year:04d} ligt vóór 2000; "
                      "is dit een tikfout?")  # fmt: skip
    if daypart not in DAYPARTS:
        errors.append(f"Dagdeel: '{daypart or ''}' bestaat niet; kies dag of nacht.")
    text = (participants or "").strip()
    if not text:
        errors.append("Deelnemers: vul in welke organisaties of rollen meeliepen (bijv. gemeente, politie, LTO).")
    elif len(text) > MAX_PARTICIPANTS_CHARS:
        errors.append(f"Deelnemers: {len(text)} tekens; maximaal {MAX_PARTICIPANTS_CHARS}.")
    if route is not None:
        xy = shapely.get_coordinates(route)
        inside = bool(in_rd_bounds(xy[:, 0], xy[:, 1]).all())
        if not inside or (land is not None and not land.contains(route)):
            errors.append("Route: de getekende lijn ligt (deels) buiten Nederland; teken de route opnieuw.")
    return errors


def check_finding(category: str | None, note: str, x: float | None, y: float | None) -> list[str]:
    """Every problem of a finding as a Dutch message (empty: fine)."""
    errors: list[str] = []
    if x is None or y is None:
        errors.append("Plaats: tik op de kaart waar de bevinding is, of gebruik de plaats uit een foto.")
    elif not bool(in_rd_bounds(x, y)):
        errors.append(f"Plaats: RD ({x:.0f}, {y:.0f}) ligt buiten Nederland.")
    if category not in FINDING_CATEGORIES:
        shown = f"'{category}' bestaat niet" if category else "kies een soort"
        errors.append(f"Soort bevinding: {shown}; kies uit {', '.join(FINDING_CATEGORIES)}.")
    if len(note or "") > MAX_NOTE_CHARS:
        errors.append(f"Opmerking: {len(note)} tekens; maximaal {MAX_NOTE_CHARS}.")
    return errors


@dataclass(frozen=True)
class SchouwSummary:
    """The walks and findings of an area in numbers."""

    walks: int
    day: int
    night: int
    findings: int
    by_category: dict[str, int] = field(default_factory=dict)  # every category, in catalogue order
    converted: int = 0  # findings that became a dumping report or a barn record
    last_walk: date | None = None

    def table(self) -> pd.DataFrame:
        """Findings per category (``soort``, ``aantal``), categories without findings included (as 0)."""
        return pd.DataFrame({"soort": list(self.by_category), "aantal": list(self.by_category.values())})

    def sentence(self, lang: str = "nl") -> str:
        """The summary in one sentence."""
        if not self.walks:
            return "Er is nog geen schouw vastgelegd." if lang != "en" else "No site walk has been recorded yet."
        top = sorted(((n, c) for c, n in self.by_category.items() if n), reverse=True)[:3]
        if lang == "en":
            parts = ", ".join(f"{n}× {c}" for n, c in top)
            return (f"{self.walks} site walk(s) ({self.day} by day, {self.night} at night) with {self.findings} "
                    f"finding(s)" + (f", most often: {parts}." if parts else "."))  # fmt: skip
        parts = ", ".join(f"{n}× {c}" for n, c in top)
        walks = "schouw" if self.walks == 1 else "schouwen"
        found = "bevinding" if self.findings == 1 else "bevindingen"
        return (f"{self.walks} {walks} ({self.day} overdag, {self.night} 's nachts) met {self.findings} {found}"
                + (f", het vaakst: {parts}." if parts else "."))  # fmt: skip


def schouw_summary(walks: pd.DataFrame, findings: pd.DataFrame) -> SchouwSummary:
    """Summarise walks (``daypart``, ``walked_on``) and findings (``category``, ``became``) of an area."""
    parts = walks["daypart"].value_counts() if len(walks) else pd.Series(dtype=int)
    counts = findings["category"].value_counts() if len(findings) else pd.Series(dtype=int)
    by_category = {c: int(counts.get(c, 0)) for c in FINDING_CATEGORIES}
    by_category |= {str(c): int(n) for c, n in counts.items() if c not in by_category}
    became = findings["became"] if "became" in findings.columns else pd.Series(dtype=object)
    converted = int(became.fillna("").astype(str).str.len().gt(0).sum())
    last = pd.to_datetime(walks["walked_on"]).max() if len(walks) else None
    return SchouwSummary(
        walks=len(walks), day=int(parts.get("dag", 0)), night=int(parts.get("nacht", 0)), findings=len(findings),
        by_category=by_category, converted=converted, last_walk=None if last is None else last.date(),
    )  # fmt: skip


def area_schouw(store: Any, area_id: int) -> SchouwSummary:
    """The schouw summary of one area, read through ``store`` (the guard decides who may)."""
    return schouw_summary(store.walks(area_id), store.findings(area_id))


def findings_in_reach(store: Any) -> pd.DataFrame:
    """Every finding the signed-in role may see: all of them, or (a role bound to its own municipalities)
    those of the areas in its scope."""
    try:
        return store.findings()
    except PermissionDenied:
        pass
    parts = []
    for area_id in store.areas()["id"].astype(int):
        try:
            parts.append(store.findings(int(area_id)))
        except PermissionDenied:
            continue
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else store_empty_findings()


def filter_findings(
    findings: pd.DataFrame, area_id: int | None = None, municipality: str | None = None,
    date_from: date | None = None, date_to: date | None = None,
) -> pd.DataFrame:  # fmt: skip
    """The findings of one area and/or municipality whose walk lies in the period (empty bounds: no limit)."""
    keep = pd.Series(True, index=findings.index)
    if area_id is not None:
        keep &= findings["area_id"].astype(int) == int(area_id)
    if municipality:
        keep &= findings["municipality_code"].astype(str) == str(municipality)
    walked = pd.to_datetime(findings["walked_on"])
    if date_from is not None:
        keep &= walked >= pd.Timestamp(date_from)
    if date_to is not None:
        keep &= walked <= pd.Timestamp(date_to)
    return findings[keep].reset_index(drop=True)


def store_empty_findings() -> pd.DataFrame:
    """An empty findings table with the store's columns."""
    cols = ["id", "walk_id", "area_id", "walked_on", "daypart", "x", "y", "category", "note", "municipality_code",
            "became", "created_by", "created_at", "photos"]  # fmt: skip
    return pd.DataFrame(columns=cols)


def dumping_values(
    finding: Mapping[str, Any], place_type: str | None, waste_type: str | None, reporter_org: str | None
) -> dict[str, object]:
    """The form values of a dumping report made from a finding: its place, the walk's date as the found date,
    the chosen place and waste type, and the finding's note (for ``gis.dumpings.prepare_report``)."""
    walked = pd.Timestamp(finding["walked_on"]).date()
    note = str(finding.get("note") or "").strip()
    origin = f"Uit schouw van {walked:%d-%m-%Y} ({finding.get('daypart')}), bevinding {int(finding['id'])}"
    return {
        "found_at": datetime.combine(walked, datetime.min.time()),
        "x": float(finding["x"]), "y": float(finding["y"]),
        "place_type": place_type, "waste_type": waste_type, "reporter_org": reporter_org,
        "notes": f"{origin}: {note}" if note else origin + ".", "status": "gemeld",
    }  # fmt: skip


def converted_to(became: object) -> tuple[str, int] | None:
    """``("dumpings", 12)`` for a finding marked ``dumpings:12``; None when not converted."""
    text = "" if became is None or (isinstance(became, float) and pd.isna(became)) else str(became)
    if ":" not in text:
        return None
    kind, _, num = text.partition(":")
    return (kind, int(num)) if num.isdigit() else None


__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_PARTICIPANTS_CHARS",
    "SchouwError",
    "SchouwSummary",
    "area_schouw",
    "check_finding",
    "check_walk",
    "converted_to",
    "dumping_values",
    "filter_findings",
    "findings_in_reach",
    "route_from_drawings",
    "schouw_summary",
    "store_empty_findings",
]
