"""Everything the plan of action (step B3) of one PPS area holds, gathered from the (guarded) store: the analysis
summary, objectives, chosen measures with their catalogue facts and planning, evidence, rankings and working method.

Pure data, no Streamlit: ``gis.reports.plan`` writes a ``PlanData`` as DOCX/PDF and the Plan page can show it.
Effects of measures are not computed here; a caller passes them as text (``effects``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from gis.clock import now_nl
from gis.domain.catalog import Layer
from gis.domain.roles import ROLE_LABELS, PermissionDenied
from gis.measures.codes import EVIDENCE_STRENGTHS, MEASURE_KINDS, PLAN_STATUSES, PROBLEMS, label
from gis.partnership.codes import ORGANISATION_KINDS
from gis.reports.document import fmt_date_nl
from gis.store.errors import StoreError
from gis.store.guard_scope import holds_share

__all__ = ["MEASURE_COLUMNS", "NO_PARTNER", "WORKING_METHOD", "PlanData", "collect_plan", "number_measures"]

RD = "EPSG:28992"
NO_PARTNER = "nog niet toegewezen"
WORKING_METHOD: tuple[str, ...] = (
    "De partners van het PPS-gebied komen als werkgroep ten minste vier keer per jaar bijeen, onder leiding van de "
    "coördinator van de gemeente. De coördinator stuurt de agenda en de stukken een week vooraf rond.",
    "Besluiten over maatregelen, planning en budget neemt de werkgroep in de vergadering, bij voorkeur met "
    "instemming van alle aanwezige partners; lukt dat niet, dan beslissen de vertegenwoordigers van de gemeente en "
    "de politie samen. Besluiten en actiepunten staan in het verslag, dat binnen twee weken wordt rondgestuurd.",
    "Elke maatregel heeft één eigenaar (partner) met een vertegenwoordiger die de uitvoering trekt, de voortgang "
    "bijhoudt en bewijs van uitvoering (foto's, verslagen, notities) in het dashboard vastlegt.",
    "De coördinator rapporteert twee keer per jaar aan de deelnemende organisaties over de voortgang van de "
    "maatregelen en de doelen, en één keer per jaar met een nieuwe meting (1-meting) van de veiligheidsanalyse.",
    "Vertrouwelijke informatie (politie, RIEC) wordt alleen gedeeld volgens het convenant; naar buiten toe "
    "communiceren de partners alleen over afspraken die de werkgroep heeft vrijgegeven.",
)
# The columns of ``PlanData.measures`` besides those of ``area_measures``.
MEASURE_COLUMNS: tuple[str, ...] = ("nr", "name", "problems_text", "kind_label", "evidence", "evidence_label",
                                    "partner_label", "status_label", "evidence_count")  # fmt: skip


@dataclass(frozen=True, eq=False)
class PlanData:
    """The plan of action of one area. ``measures`` are the chosen measures, numbered ``nr`` 1, 2, … as in the
    matrix, Gantt chart and map (RD New geometry, may be None); ``considered`` the proposed and rejected ones;
    ``effects`` maps a measure id to an effect text; ``tasks`` is the task division (partner per measure)."""

    area_id: int
    area_name: str
    municipalities: tuple[str, ...]
    area_geom: shapely.Geometry
    generated_on: date
    generated_by: str
    analysis: tuple[str, ...]
    analysis_source: str
    objectives: pd.DataFrame
    measures: gpd.GeoDataFrame
    considered: pd.DataFrame
    evidence: pd.DataFrame
    rankings: pd.DataFrame
    tasks: pd.DataFrame
    effects: Mapping[int, str] = field(default_factory=dict)
    working_method: tuple[str, ...] = WORKING_METHOD
    municipality_shapes: gpd.GeoDataFrame | None = None
    is_demo: bool = False
    lang: str = "nl"


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple)) and bool(pd.isna(value)))  # type: ignore[arg-type]


def _problems(value: object) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # type: ignore[attr-defined]


def _partner(value: object, lang: str) -> str:
    return NO_PARTNER if _blank(value) or not str(value).strip() else label(ORGANISATION_KINDS, str(value), lang)


def _name(rec: Mapping[str, Any], fact: Mapping[str, Any], lang: str) -> str:
    """The catalogue name (in ``lang``) as the store names it, with an area's own title after it when that
    differs ("Cameratoezicht: camera bij de school"); an own measure by its title."""
    own = "" if _blank(rec.get("title")) else str(rec["title"]).strip()
    name = str((fact.get("name_en") if lang == "en" else None) or fact.get("name") or "")
    name = name or ("" if _blank(rec.get("name")) else str(rec["name"]).strip())
    if name and own and own != name:
        return f"{name}: {own}"
    return name or own or ("" if _blank(rec.get("code")) else str(rec["code"]))


def _join_catalogue(measures: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``measures`` with the catalogue's problems, kind, effect and evidence strength, and labels."""
    facts = catalogue.set_index("code") if "code" in catalogue.columns else pd.DataFrame()
    rows = []
    for rec in measures.to_dict("records"):
        code = None if _blank(rec.get("code")) else str(rec["code"])
        fact: Mapping[str, Any] = facts.loc[code].to_dict() if code is not None and code in facts.index else {}
        problems = _problems(fact.get("problems"))
        rows.append({
            "name": _name(rec, fact, lang),
            "problems": problems, "problems_text": ", ".join(label(PROBLEMS, p, lang) for p in problems),
            "kind": fact.get("kind"), "kind_label": label(MEASURE_KINDS, fact.get("kind"), lang),
            "effect": fact.get("effect"), "evidence": fact.get("evidence"),
            "evidence_label": label(EVIDENCE_STRENGTHS, fact.get("evidence"), lang),
            "partner_label": _partner(rec.get("partner"), lang),
            "status_label": label(PLAN_STATUSES, None if _blank(rec.get("status")) else str(rec["status"]), lang),
        })  # fmt: skip
    extra = pd.DataFrame(rows, index=measures.index, columns=list(rows[0]) if rows else None)
    return measures.drop(columns=[c for c in extra.columns if c in measures.columns]).join(extra)


def number_measures(measures: pd.DataFrame) -> pd.DataFrame:
    """The measures ordered by start date (undated last) and id, with ``nr`` 1, 2, … in that order."""
    if measures.empty:
        return measures.assign(nr=pd.Series(dtype="int64"))
    start = pd.to_datetime(measures["start_on"], errors="coerce") if "start_on" in measures else None
    order = measures.assign(_start=start).sort_values(["_start", "id"], na_position="last", kind="stable")
    return order.drop(columns="_start").assign(nr=range(1, len(order) + 1)).reset_index(drop=True)


def _measures(store: Any, area_id: int, lang: str) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """(chosen measures numbered, with catalogue facts; the other measures with decision and reason)."""
    frame = store.area_measures(area_id)
    catalogue = store.measure_catalogue(include_retired=True)
    joined = _join_catalogue(pd.DataFrame(frame), catalogue, lang) if len(frame) else pd.DataFrame(frame)
    evidence = store.measure_evidence(area_id)
    counts = evidence.groupby("measure_id").size() if len(evidence) else pd.Series(dtype="int64")
    if len(joined):
        joined["evidence_count"] = [int(counts.get(i, 0)) for i in joined["id"]]
    chosen = joined[joined["decision"] == "gekozen"] if len(joined) else joined
    others = joined[joined["decision"] != "gekozen"] if len(joined) else joined
    numbered = number_measures(chosen)
    geoms = numbered["geometry"] if "geometry" in numbered.columns else [None] * len(numbered)
    chosen_gdf = gpd.GeoDataFrame(numbered.drop(columns="geometry", errors="ignore"),
                                  geometry=gpd.GeoSeries(list(geoms), crs=RD), crs=RD)  # fmt: skip
    return chosen_gdf, pd.DataFrame(others.drop(columns="geometry", errors="ignore")).reset_index(drop=True)


def _rankings(store: Any, area_id: int, measures: pd.DataFrame, considered: pd.DataFrame) -> pd.DataFrame:
    """Per ranked measure: number of ranks given, mean rank and number of comments (never who gave them)."""
    columns = ["measure_id", "nr", "name", "votes", "mean_rank", "comments"]
    ranks = store.measure_rankings(area_id)
    if ranks.empty:
        return pd.DataFrame(columns=columns)
    names = {int(r["id"]): (r.get("nr"), r["name"]) for r in measures.to_dict("records")}
    names.update({int(r["id"]): (None, r["name"]) for r in considered.to_dict("records")})
    out = []
    for measure_id, group in ranks.groupby("measure_id"):
        given = pd.to_numeric(group["rank"], errors="coerce").dropna()
        comments = sum(1 for c in group["comment"] if not _blank(c) and str(c).strip())
        nr, name = names.get(int(measure_id), (None, f"maatregel {measure_id}"))
        out.append([int(measure_id), nr, name, len(given), float(given.mean()) if len(given) else None, comments])
    frame = pd.DataFrame(out, columns=columns)
    return frame.sort_values(["mean_rank", "measure_id"], na_position="last").reset_index(drop=True)


def _tasks(measures: pd.DataFrame) -> pd.DataFrame:
    """Task division: one row per chosen measure with its owner, representative and period."""
    columns = ["partner", "nr", "name", "representative", "start_on", "end_on", "status_label"]
    if measures.empty:
        return pd.DataFrame(columns=columns)
    rows = pd.DataFrame({
        "partner": list(measures["partner_label"]), "nr": list(measures["nr"]), "name": list(measures["name"]),
        "representative": ["" if _blank(v) else str(v) for v in measures.get("representative", [None] * len(measures))],
        "start_on": list(measures["start_on"]), "end_on": list(measures["end_on"]),
        "status_label": list(measures["status_label"]),
    })  # fmt: skip
    return rows[columns].sort_values(["partner", "nr"], kind="stable").reset_index(drop=True)


def _analysis(store: Any, area_id: int, lang: str) -> tuple[tuple[str, ...], str]:
    """Summary sentences from the latest 0-meting (as this role may see it), else from the current data."""
    from gis.analysis.snapshot import for_viewer

    try:
        listed = store.snapshots(area_id)
        zero = listed[listed["kind"] == "0-meting"] if len(listed) else listed
        if len(zero):
            snap = for_viewer(store.snapshot(int(zero["id"].iloc[-1])), getattr(store, "principal", None))
            taken = pd.Timestamp(snap.get("taken_on") or snap["data"].get("frozen_on")).date()
            return tuple(str(s) for s in snap["data"].get("summary", [])), f"de 0-meting van {fmt_date_nl(taken)}"
        from gis.analysis.profile import area_profile, summary

        profile = area_profile(store, area_id)
        sentences = tuple(summary(profile, lay, lang) for lay in (Layer.DUMPINGS, Layer.INCIDENTS, Layer.BARNS))
        return sentences, "de huidige gegevens (er is nog geen 0-meting vastgelegd)"
    except (PermissionDenied, StoreError, ValueError, KeyError) as exc:
        return (), f"geen analyse beschikbaar ({exc})"


def _area(store: Any, area_id: int) -> tuple[str, shapely.Geometry, bool]:
    areas = store.areas()
    row = areas[areas["id"] == int(area_id)]
    if row.empty:
        raise ValueError(f"Gebied {area_id} bestaat niet (meer).")
    demo = bool(row["is_demo"].iloc[0]) if "is_demo" in row.columns else False
    return str(row["name"].iloc[0]), row.geometry.iloc[0], demo


def _municipalities(store: Any, geom: shapely.Geometry) -> tuple[tuple[str, ...], gpd.GeoDataFrame | None]:
    """Names of the municipalities the area lies in (largest overlap first) and the shapes around it."""
    try:
        munis = store.municipalities()
    except (PermissionDenied, StoreError):
        return (), None
    if munis is None or munis.empty:
        return (), None
    overlap = munis.geometry.intersection(geom).area
    held = [holds_share(m, geom) for m in munis.geometry]  # as the regional overview: a sliver does not count
    inside = munis.assign(_overlap=overlap)[held].sort_values("_overlap", ascending=False)
    x0, y0, x1, y1 = geom.bounds
    around = munis[munis.intersects(shapely.box(*geom.bounds).buffer(max(x1 - x0, y1 - y0, 2_000.0)))]
    return tuple(str(n) for n in inside["name"]), around.reset_index(drop=True)


def collect_plan(
    store: Any, area_id: int, lang: str = "nl", effects: Mapping[int, str] | None = None, *,
    working_method: Sequence[str] | None = None, today: date | None = None,
) -> PlanData:  # fmt: skip
    """The plan of action of ``area_id`` from what ``store`` (the signed-in role's guarded store) returns.
    ``effects`` (measure id -> text) are shown in the Effect section; ``working_method`` replaces the default
    paragraphs (``WORKING_METHOD``); ``today`` defaults to the Dutch date now."""
    name, geom, demo = _area(store, area_id)
    measures, considered = _measures(store, area_id, lang)
    evidence = store.measure_evidence(area_id)
    principal = getattr(store, "principal", None)
    role = ROLE_LABELS[principal.role]["en" if lang == "en" else "nl"] if principal is not None else ""
    analysis, source = _analysis(store, area_id, lang)
    munis, shapes = _municipalities(store, geom)
    is_demo = demo or bool(getattr(store, "is_demo", lambda: False)())
    return PlanData(
        area_id=int(area_id), area_name=name, municipalities=munis, area_geom=geom,
        generated_on=today or now_nl().date(), generated_by=role, analysis=analysis, analysis_source=source,
        objectives=store.objectives(area_id).reset_index(drop=True), measures=measures, considered=considered,
        evidence=evidence.reset_index(drop=True), rankings=_rankings(store, area_id, measures, considered),
        tasks=_tasks(measures), effects=dict(effects or {}),
        working_method=tuple(working_method) if working_method is not None else WORKING_METHOD,
        municipality_shapes=shapes, is_demo=is_demo, lang=lang,
    )  # fmt: skip
