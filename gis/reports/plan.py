"""The plan of action of a PPS area (step B3) as a ``ReportDocument`` in Dutch, written as DOCX or PDF by
``gis.reports``: analysis summary, SMART objectives, the matrix of measures, their map, the planning (Gantt),
who does what when, the working method and, when given, the effects.

Everything comes from a ``PlanData`` (``gis.measures.plan_data.collect_plan``), gathered through the signed-in
role's guarded store; rankings are shown as counts and mean ranks only (never who ranked). No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd

from gis.measures.codes import DECISIONS, EVIDENCE_KINDS, INDICATORS, label
from gis.measures.plan_data import PlanData
from gis.reports.document import (
    MISSING,
    MONTHS_NL_SHORT,
    Block,
    Cell,
    Figure,
    Note,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    clean_text,
    fmt_date_nl,
)
from gis.reports.docx_writer import docx_bytes
from gis.reports.gantt import gantt_png
from gis.reports.measures_map import measures_map_png
from gis.reports.pdf_writer import pdf_bytes

__all__ = [
    "MATRIX_COLUMNS",
    "PLANNING_COLUMNS",
    "SECTION_TITLES",
    "period_text",
    "plan_docx",
    "plan_pdf",
    "plan_report",
]

SECTION_TITLES: tuple[str, ...] = ("Samenvatting van de analyse", "Doelen", "Maatregelen", "Kaart van de maatregelen",
                                   "Planning", "Wie doet wat wanneer", "Werkwijze", "Effect")  # fmt: skip
# The matrix of measures, in two tables that fit an A4 page: what each measure is, and how it is carried out.
MATRIX_COLUMNS: tuple[str, ...] = ("Maatregel", "Probleem", "Soort", "Bewijs")
PLANNING_COLUMNS: tuple[str, ...] = ("Maatregel", "Eigenaar/partner", "Vertegenwoordiger", "Start", "Eind", "Status")
CROSS_MAX = 6  # up to this many measures the task division is a partner × measure matrix; above it a list
NOT_PLANNED = "niet gepland"
SHORT = 80  # characters of a measure's name in the tables after the first


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple)) and bool(pd.isna(value)))  # type: ignore[arg-type]


def _day(value: object) -> date | None:
    return None if _blank(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def _short(value: object) -> Cell:
    """``7-12-2026`` (narrow matrix columns), None when missing."""
    day = _day(value)
    return None if day is None else f"{day.day}-{day.month}-{day.year}"


def _month(day: date) -> str:
    return f"{MONTHS_NL_SHORT[day.month - 1]} {day.year}"


def period_text(start: object, end: object) -> str:
    """``mrt 2026 – dec 2026``, ``vanaf mrt 2026``, ``tot dec 2026`` or ``niet gepland``."""
    a, b = _day(start), _day(end)
    if a and b:
        return f"{_month(a)} – {_month(b)}"
    if a:
        return f"vanaf {_month(a)}"
    if b:
        return f"tot {_month(b)}"
    return NOT_PLANNED


def _text(value: object) -> str:
    return "" if _blank(value) else clean_text(value)


def _summary(data: PlanData) -> list[Block]:
    where = ", ".join(clean_text(m) for m in data.municipalities) or MISSING
    blocks: list[Block] = [Paragraph(f"Gebied: {clean_text(data.area_name)}; gemeente(n): {where}.")]
    if data.analysis:
        blocks.append(Paragraph(f"Uit {data.analysis_source}:"))
        blocks += [Paragraph(clean_text(s)) for s in data.analysis]
    else:
        blocks.append(Paragraph(f"Er is geen samenvatting van de analyse: {data.analysis_source}."))
    blocks.append(Note("De volledige analyse staat in het rapport Veiligheidsanalyse (stap B1)."))
    return blocks


def _indicator(rec: dict[str, Any], lang: str) -> str:
    name = label(INDICATORS, None if _blank(rec.get("indicator")) else str(rec["indicator"]), lang)
    arg = _text(rec.get("indicator_arg"))
    return f"{name}: {arg}" if arg else name


def _number(value: object) -> Cell:
    if _blank(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return clean_text(value)
    return int(number) if number.is_integer() else number


def _objectives(data: PlanData) -> list[Block]:
    if data.objectives.empty:
        return [Paragraph("Er zijn nog geen doelen vastgesteld.")]
    rows = [[i, _text(r.get("text")), _indicator(r, data.lang), _number(r.get("baseline")),
             _short(r.get("baseline_on")), _number(r.get("target")), _short(r.get("target_on"))]
            for i, r in enumerate(data.objectives.to_dict("records"), start=1)]  # fmt: skip
    table = Table("Doelen (SMART)", ["Nr", "Doel", "Indicator", "0-meting", "Datum 0-meting", "Streefwaarde",
                                     "Streefdatum"], rows, frozenset({0, 3, 5}),
                  note="Elk doel is meetbaar: het dashboard berekent de indicator uit de gegevens; de 0-meting is de "
                       "uitgangswaarde op de genoemde datum.")  # fmt: skip
    return [table]


def _evidence_cell(rec: dict[str, Any]) -> str:
    n = 0 if _blank(rec.get("evidence_count")) else int(rec["evidence_count"])
    strength = _text(rec.get("evidence_label")) or "eigen maatregel, geen onderzoek bekend"
    return f"{strength}; {n} {'bewijsstuk' if n == 1 else 'bewijsstukken'}"


def numbered(nr: object, name: object, limit: int | None = None) -> str:
    """``3. Slagboom op onverharde wegen``: a measure as it is named in every table, on the map and the chart;
    cut to ``limit`` characters with "…" (tables after the first, which holds the whole name)."""
    text = _text(name) or MISSING
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text if _blank(nr) else f"{int(nr)}. {text}"  # type: ignore[call-overload]


def _matrix(data: PlanData) -> list[Table]:
    records = data.measures.to_dict("records")
    what = [[numbered(r["nr"], r.get("name")), _text(r.get("problems_text")) or None,
             _text(r.get("kind_label")) or None, _evidence_cell(r)] for r in records]  # fmt: skip
    how = [[numbered(r["nr"], r.get("name"), SHORT), _text(r.get("partner_label")),
            _text(r.get("representative")) or None, _short(r.get("start_on")), _short(r.get("end_on")),
            _text(r.get("status_label")) or None]
           for r in records]  # fmt: skip
    return [
        Table("Gekozen maatregelen: probleem, soort en bewijs", list(MATRIX_COLUMNS), what,
              note="Bewijs: de sterkte van het onderzoek naar de maatregel (EMMIE, Crime Reduction Toolkit) en het "
                   "aantal vastgelegde bewijsstukken van de uitvoering."),
        Table("Gekozen maatregelen: eigenaar, vertegenwoordiger, periode en status", list(PLANNING_COLUMNS), how,
              note="Eigenaar/partner: de organisatie die de maatregel uitvoert; –: nog niet ingevuld."),
    ]  # fmt: skip


def _considered(data: PlanData) -> list[Section]:
    if data.considered.empty:
        return []
    rows = [[_text(r.get("name")), label(DECISIONS, _text(r.get("decision")) or None, data.lang),
             _text(r.get("reason")) or None] for r in data.considered.to_dict("records")]  # fmt: skip
    return [Section("Overwogen maatregelen", [Table("Voorgestelde en afgewezen maatregelen",
                                                    ["Maatregel", "Besluit", "Reden"], rows)], level=2)]  # fmt: skip


def _rankings(data: PlanData) -> list[Section]:
    if data.rankings.empty:
        return []
    rows = [[numbered(r.get("nr"), r.get("name"), SHORT), int(r["votes"]),
             None if _blank(r.get("mean_rank")) else float(r["mean_rank"]), int(r["comments"])]
            for r in data.rankings.to_dict("records")]  # fmt: skip
    table = Table("Rangorde door de werkgroep", ["Maatregel", "Rangen gegeven", "Gemiddelde rang", "Opmerkingen"],
                  rows, frozenset({1, 2, 3}),
                  note="Rang 1 is de hoogste prioriteit. Alleen aantallen: niet wie welke rang gaf.")  # fmt: skip
    return [Section("Rangorde", [table], level=2)]


def _evidence(data: PlanData) -> list[Section]:
    if data.evidence.empty:
        return []
    names = {int(r["id"]): numbered(r["nr"], r.get("name"), SHORT) for r in data.measures.to_dict("records")}
    rows = []
    for r in data.evidence.to_dict("records"):
        name = names.get(int(r["measure_id"]), f"maatregel {int(r['measure_id'])}")
        kind = label(EVIDENCE_KINDS, _text(r.get("kind")) or None, data.lang)
        rows.append([name, kind, _short(r.get("evidence_on")), _text(r.get("note")) or None,
                     _text(r.get("file_name")) or None])  # fmt: skip
    table = Table("Bewijs van uitvoering", ["Maatregel", "Soort", "Datum", "Toelichting", "Bestand"], rows)
    return [Section("Bewijs van uitvoering", [table], level=2)]


def _measures(data: PlanData) -> list[Block]:
    if data.measures.empty:
        return [Paragraph("Er zijn nog geen maatregelen gekozen.")]
    n = len(data.measures)
    noun = "maatregel" if n == 1 else "maatregelen"
    intro = f"De werkgroep koos {n} {noun}; de nummers staan ook op de kaart en in de planning."
    return [Paragraph(intro), *_matrix(data)]


def _map(data: PlanData) -> list[Block]:
    title = f"Maatregelen in {clean_text(data.area_name)}"
    png = measures_map_png(data.area_geom, data.measures, data.municipality_shapes, title=title,
                           mark="DEMO" if data.is_demo else "")  # fmt: skip
    figure = Figure("Maatregelen op de kaart, genummerd zoals in de tabel", png)
    if data.measures.empty:
        return [figure, Note("Er staan nog geen maatregelen op de kaart: er zijn geen gekozen maatregelen.")]
    placed = int(sum(g is not None and not g.is_empty for g in data.measures.geometry))
    verb = "heeft" if placed == 1 else "hebben"
    return [figure, Note(f"{placed} van de {len(data.measures)} gekozen maatregelen {verb} een plek op de kaart.")]


def _planning(data: PlanData) -> list[Block]:
    if data.measures.empty:
        return [Paragraph("Er is nog niets te plannen: er zijn geen gekozen maatregelen.")]
    frame = pd.DataFrame(data.measures[["nr", "name", "start_on", "end_on", "status"]])
    blocks: list[Block] = [Figure("Planning van de maatregelen (uitvoeringsschema)",
                                  gantt_png(frame, data.lang, data.generated_on))]  # fmt: skip
    undated = [
        f"{int(r.nr)}. {clean_text(r.name)}"
        for r in frame.itertuples()
        if period_text(r.start_on, r.end_on) == NOT_PLANNED
    ]
    if undated:
        blocks.append(Note(f"Nog niet gepland (geen start- en einddatum): {'; '.join(undated)}."))
    return blocks


def _cross(tasks: pd.DataFrame, numbers: Sequence[int]) -> Table:
    partners = list(dict.fromkeys(str(p) for p in tasks["partner"]))
    rows: list[list[Cell]] = []
    for partner in partners:
        mine = tasks[tasks["partner"] == partner]
        cells = {int(r.nr): period_text(r.start_on, r.end_on) for r in mine.itertuples()}
        rows.append([partner, *(cells.get(nr) for nr in numbers)])
    return Table("Taakverdeling: partner × maatregel (periode)", ["Partner", *(f"Nr {nr}" for nr in numbers)], rows,
                 note="Een leeg vak (–): de partner is geen eigenaar van die maatregel.")  # fmt: skip


def _who(data: PlanData) -> list[Block]:
    tasks = data.tasks
    if tasks.empty:
        return [Paragraph("Er is nog geen taakverdeling: er zijn geen gekozen maatregelen.")]
    rows: list[list[Cell]] = [[_text(r.partner), numbered(r.nr, r.name, SHORT), _text(r.representative) or None,
                               period_text(r.start_on, r.end_on), _text(r.status_label) or None]
                              for r in tasks.itertuples()]  # fmt: skip
    listing = Table(
        "Taakverdeling per partner", ["Partner", "Maatregel", "Vertegenwoordiger", "Periode", "Status"], rows
    )
    if len(data.measures) > CROSS_MAX:
        return [listing]
    return [_cross(tasks, [int(n) for n in data.measures["nr"]]), listing]


def _effects(data: PlanData) -> list[Section]:
    if not data.effects:
        return []
    names = {int(r["id"]): numbered(r["nr"], r.get("name")) for r in data.measures.to_dict("records")}
    blocks: list[Block] = [Paragraph(f"{names.get(int(mid), f'Maatregel {int(mid)}')}: {clean_text(text)}")
                           for mid, text in data.effects.items()]  # fmt: skip
    blocks.append(Note("Effect: vergelijking van de aantallen voor en na de start van de maatregel met die in een "
                       "vergelijkingsgebied (verschil-in-verschillen); zie de pagina Plan van aanpak."))  # fmt: skip
    return [Section(SECTION_TITLES[7], blocks)]


def _plan_period(data: PlanData) -> str:
    days = [d for col in ("start_on", "end_on") if col in data.measures.columns
            for d in (_day(v) for v in data.measures[col]) if d is not None]  # fmt: skip
    return f"{fmt_date_nl(min(days))} – {fmt_date_nl(max(days))}" if days else "nog geen planning"


def plan_report(data: PlanData) -> ReportDocument:
    """The plan of action of ``data`` as a report: the sections of ``SECTION_TITLES`` (Effect only when effects
    are given), each saying so when there is nothing yet (no objectives, no measures)."""
    made_by = f"Gemaakt door: {clean_text(data.generated_by)}." if data.generated_by else ""
    sections = [
        Section(SECTION_TITLES[0], [*_summary(data), *([Note(made_by)] if made_by else [])]),
        Section(SECTION_TITLES[1], _objectives(data)),
        Section(SECTION_TITLES[2], _measures(data)),
        *_considered(data), *_rankings(data), *_evidence(data),
        Section(SECTION_TITLES[3], _map(data)),
        Section(SECTION_TITLES[4], _planning(data)),
        Section(SECTION_TITLES[5], _who(data)),
        Section(SECTION_TITLES[6], [Paragraph(clean_text(p)) for p in data.working_method if clean_text(p)]
                or [Paragraph("De werkwijze is nog niet beschreven.")]),
        *_effects(data),
    ]  # fmt: skip
    return ReportDocument("Plan van aanpak", "Doelen, maatregelen, planning en taakverdeling (stap B3)",
                          data.area_name, _plan_period(data), data.generated_on, data.is_demo, sections)  # fmt: skip


def plan_docx(data: PlanData) -> bytes:
    """The plan of action as DOCX bytes (opens in Word and LibreOffice)."""
    return docx_bytes(plan_report(data))


def plan_pdf(data: PlanData) -> bytes:
    """The plan of action as PDF bytes."""
    return pdf_bytes(plan_report(data))
