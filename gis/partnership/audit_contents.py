"""The files of each item of the certification file (``gis.partnership.audit_file``): CSVs, the covenant and
declaration DOCX, the area map, the analysis report and plan DOCX, evidence, evaluations and minutes.

Each builder takes the area's facts (``audit_file._Area``: ``get(method)``, ``store``, ``area_id``, ``name``,
``row``) and returns ``(name, bytes)`` pairs; names from user text only through ``entry_name``. No Streamlit here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from gis.io.attachments import safe_name
from gis.io.csv_export import to_csv_bytes
from gis.partnership.codes import ORGANISATION_KINDS, label
from gis.partnership.facts import chosen_measures, day, read

__all__ = ["FILES", "MAX_EVIDENCE_FILES", "entry_name", "plan_modules", "profile_table", "zero_meetings"]

MAX_EVIDENCE_FILES = 200
Area = Any  # audit_file._Area


def zero_meetings(a: Area) -> pd.DataFrame | None:
    snaps = a.get("snapshots")
    return None if snaps is None else snaps[snaps["kind"] == "0-meting"] if len(snaps) else snaps


def profile_table(a: Area) -> pd.DataFrame:
    from gis.analysis.profile import area_profile

    if a.profile is None:
        a.profile = area_profile(a.store, a.area_id).table("nl")
    return a.profile


def plan_modules() -> tuple[Any, Any] | None:
    try:
        from gis.measures.plan_data import collect_plan
        from gis.reports.plan import plan_docx
    except ImportError:
        return None
    return collect_plan, plan_docx


def _csv(frame: pd.DataFrame) -> bytes:
    return to_csv_bytes(frame)


def entry_name(name: object, default_ext: str = ".bin") -> str:
    """A user's file name made safe for the ZIP (no folders), keeping a plain extension."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    ext = m.group(0).lower() if (m := re.search(r"\.[A-Za-z0-9]{1,5}$", base)) else default_ext
    return safe_name(base, ext)


def _files_convenant(a: Area) -> list[tuple[str, bytes]]:
    from gis.reports.covenant import covenant_docx, declaration_docx

    sigs = a.get("signatures")
    assert sigs is not None
    table = pd.DataFrame({"organisatie": sigs["organisation"], "document": sigs["document"],
                          "getekend_op": [day(v) for v in sigs["signed_on"]]})  # fmt: skip
    out = [("ondertekeningen.csv", _csv(table)), ("convenant.docx", covenant_docx(a.store, a.area_id)),
           ("intentieverklaring.docx", declaration_docx(a.store, a.area_id))]  # fmt: skip
    out += _partnership_files(a, lambda row: bool(re.search(r"convenant|intentie", str(row.get("topic") or ""), re.I)))
    return out


def _partnership_files(a: Area, keep: Callable[[dict[str, Any]], bool]) -> list[tuple[str, bytes]]:
    files = a.get("partnership_files")
    if files is None or files.empty:
        return []
    out = []
    for row in files.to_dict("records"):
        if keep(row):
            name, _mime, data = a.store.partnership_file(int(row["id"]))
            out.append((f"bijlage_{int(row['id'])}_{entry_name(name)}", data))
    return out


def _files_participants(a: Area) -> list[tuple[str, bytes]]:
    parts = a.get("participants")
    assert parts is not None
    table = pd.DataFrame({"organisatie": parts["organisation"],
                          "soort": [label(ORGANISATION_KINDS, str(k)) for k in parts["kind"]],
                          "deelnemer_sinds": [day(v) for v in parts["joined_on"]],
                          "uitgetreden_op": [day(v) for v in parts["removed_at"]]})  # fmt: skip
    return [("deelnemers.csv", _csv(table))]


def _files_map(a: Area) -> list[tuple[str, bytes]]:
    import geopandas as gpd

    from gis.analysis.area_hotspots import area_map

    frame = gpd.GeoDataFrame({"naam": [a.name]}, geometry=[a.row.geometry], crs="EPSG:28992").to_crs("EPSG:4326")
    return [("kaart.png", area_map(a.store, a.area_id, None, a.name)), ("gebied.geojson", frame.to_json().encode())]


def _files_analysis(a: Area) -> list[tuple[str, bytes]]:
    from gis.analysis.report import build_report
    from gis.reports.docx_writer import docx_bytes

    zero = zero_meetings(a)
    assert zero is not None and len(zero)
    last = zero.iloc[-1]
    period = (day(last.get("period_from")), day(last.get("period_to")))
    return [("veiligheidsanalyse.docx", docx_bytes(build_report(a.store, a.area_id, period, date.today())))]


def _files_schouw(a: Area) -> list[tuple[str, bytes]]:
    from gis.analysis.snapshot import findings_summary

    walks = a.get("walks")
    found = read(a.store, "findings", a.area_id)
    assert walks is not None
    per_walk = found.groupby("walk_id").size() if found is not None and len(found) else pd.Series(dtype=int)
    table = pd.DataFrame({"datum": [day(v) for v in walks["walked_on"]], "dagdeel": walks["daypart"],
                          "bevindingen": [int(per_walk.get(w, 0)) for w in walks["id"]],
                          "notities": walks["notes"]})  # fmt: skip
    out = [("schouwen.csv", _csv(table))]
    if found is not None:
        cats = pd.DataFrame(findings_summary(found, walks)["categories"])
        out.append(("bevindingen_per_categorie.csv", _csv(cats)))
    return out


def _files_incidents(a: Area) -> list[tuple[str, bytes]]:
    table = profile_table(a)
    for col in ("gebied", "gemeente"):
        table[col] = [("<5" if hidden else v) for v, hidden in zip(table[col], table["verborgen"], strict=True)]
    return [("incidentcijfers.csv", _csv(table))]


def _files_measures(a: Area) -> list[tuple[str, bytes]]:
    chosen = chosen_measures(a.get("area_measures"))  # type: ignore[arg-type]
    table = pd.DataFrame({"maatregel": chosen["name"], "partner": [label(ORGANISATION_KINDS, p) if isinstance(p, str)
                                                                   else "" for p in chosen["partner"]],
                          "start": [day(v) for v in chosen["start_on"]], "einde": [day(v) for v in chosen["end_on"]],
                          "status": chosen["status"]})  # fmt: skip
    return [("maatregelenmatrix.csv", _csv(table))]


def _files_plan(a: Area) -> list[tuple[str, bytes]]:
    modules = plan_modules()
    assert modules is not None
    collect_plan, plan_docx = modules
    return [("plan_van_aanpak.docx", plan_docx(collect_plan(a.store, a.area_id)))]


def _files_evidence(a: Area) -> list[tuple[str, bytes]]:
    evidence = a.get("measure_evidence")
    assert evidence is not None
    keep = ["measure_id", "kind", "note", "evidence_on", "file_name"]
    out = [("overzicht.csv", _csv(evidence[[c for c in keep if c in evidence.columns]]))]
    with_file = evidence[evidence["file_name"].notna()] if "file_name" in evidence.columns else evidence.iloc[0:0]
    for row in with_file.head(MAX_EVIDENCE_FILES).to_dict("records"):
        name, _mime, data = a.store.measure_evidence_file(int(row["id"]))
        out.append((f"maatregel_{int(row['measure_id'])}_{int(row['id'])}_{entry_name(name)}", data))
    return out


def _files_evaluations(a: Area) -> list[tuple[str, bytes]]:
    evals = a.get("evaluations")
    assert evals is not None
    return [("evaluaties.csv", _csv(pd.DataFrame({"datum": [day(v) for v in evals["held_on"]],
                                                 "samenvatting": evals["summary"]})))]  # fmt: skip


def _action_line(r: dict[str, Any]) -> str:
    return (f"- {r['text']} (wie: {r['owner']}; uiterlijk {day(r.get('due_on')) or '–'}; "
            f"klaar: {day(r.get('done_on')) or 'nee'})")  # fmt: skip


def _files_minutes(a: Area) -> list[tuple[str, bytes]]:
    meetings, items = a.get("meetings"), a.get("action_items")
    assert meetings is not None
    out = []
    for row in meetings.to_dict("records"):
        mid = int(row["id"])
        actions = items[items["meeting_id"].astype(int) == mid] if items is not None and len(items) else None
        lines = [f"Vergadering: {row.get('title') or ''}", f"Datum: {day(row.get('held_on')) or '–'}", "",
                 "Notulen:", str(row.get("minutes") or ""), "", "Besluiten:",
                 str(row.get("decisions") or "")]  # fmt: skip
        if actions is not None and len(actions):
            lines += ["", "Actiepunten:", *(_action_line(r) for r in actions.to_dict("records"))]
        out.append((f"{day(row.get('held_on')) or 'zonder-datum'}_{mid}_notulen.txt", "\n".join(lines).encode()))
        out += _partnership_files(a, lambda r, m=mid: r.get("meeting_id") is not None and not pd.isna(r["meeting_id"])
                                  and int(r["meeting_id"]) == m)  # fmt: skip
    return out


FILES: dict[str, Callable[[Area], list[tuple[str, bytes]]]] = {
    "convenant": _files_convenant, "deelnemers": _files_participants, "kaart": _files_map,
    "analyse": _files_analysis, "schouw": _files_schouw, "incidenten": _files_incidents,
    "maatregelen": _files_measures, "plan": _files_plan, "bewijs": _files_evidence,
    "evaluaties": _files_evaluations, "notulen": _files_minutes,
}  # fmt: skip
