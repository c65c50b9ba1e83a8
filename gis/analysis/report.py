"""The analysis report of one PPS area (step B1) as a ``ReportDocument`` (Dutch), written as DOCX or PDF by
``gis.reports``: summary, the area map with its hotspots, the profile table, trend charts, the comparison with
the rest of the region, survey results, site-walk findings, the measurements (and the comparison of the first
and the last) and method notes.

Disclosure control: everything comes from the signed-in role's guarded store, so a counts-only role gets the
released counts ("<5" where hidden, lower bounds for areas), survey figures are the released ones (the <10 rule,
no open answers), findings are counted (no notes, no photos, no names), and measurements are shown as the role
may see them (``gis.analysis.snapshot.for_viewer``). No Streamlit here.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from gis.analysis.area_hotspots import AreaHotspots, area_hotspots, area_map
from gis.analysis.profile import LAYER_NOUN, AreaProfile, area_profile, summary
from gis.analysis.snapshot import area_findings, compare, compare_summary, for_viewer, period_days
from gis.analysis.survey_results import REGIONAL_APPROACHED
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED
from gis.privacy.survey import REASON_SMALL
from gis.reports.charts import comparison_png, survey_share_png, trend_png
from gis.reports.document import (
    HIDDEN,
    HIDDEN_SURVEY,
    Bullets,
    Cell,
    Figure,
    Note,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    fmt_date_nl,
    fmt_decimal,
)
from gis.store import Filters, Store

__all__ = ["METHOD_NOTES", "SECTION_TITLES", "build_report", "period_text"]

SECTION_TITLES: tuple[str, ...] = ("Samenvatting", "Kaart van het gebied", "Gebiedsprofiel", "Trends",
                                   "Vergelijking met de regio", "Enquête", "Schouw", "Metingen", "Methode")  # fmt: skip
METHOD_NOTES: tuple[str, ...] = (
    "Bronnen: incidenten van politie, RIEC, brandweer, omgevingsdienst, natuurbeheerders, gemeente en waterschap; "
    "dumpingmeldingen en leegstaande schuren uit het register van het dashboard; de enquête onder agrariërs, "
    "bewoners en ondernemers; de schouwen (dag en nacht).",
    "Aantallen per 1.000 ha: het aantal in het gebied gedeeld door de oppervlakte. De verhouding is het aantal per "
    "hectare in het gebied gedeeld door dat in de rest van de regio (Gelderland en Overijssel zonder het gebied), "
    "met het exacte 95%-betrouwbaarheidsinterval voor Poisson-aantallen (voorwaardelijk op het totaal).",
    "Enquête: aandelen met het Wilson-95%-interval, gemiddelden met het t-interval; het aandeel benaderde "
    "agrariërs is getoetst tegen het regionale cijfer van ongeveer 15% (exacte binomiale toets).",
    "Bij minder dan 10 respondenten (of antwoorden op een vraag) staan er geen percentages of gemiddelden (<10). "
    "Aantallen onder de 5 zijn verborgen (<5), en waar nodig nog één aantal, zodat een verborgen aantal niet "
    "uit andere af te leiden is. Open antwoorden staan nooit in dit rapport.",
    "Een rol die alleen geaggregeerde aantallen ziet, krijgt vrijgegeven aantallen (vaste vakken en perioden, "
    "kleine ruis, niets onder de 5): voor een gebied is dat een ondergrens (≥, de som van de getoonde vakken "
    "van 1 km) en er is dan geen vergelijking met de regio.",
    "Metingen: twee metingen worden vergeleken met de exacte toets voor twee Poisson-aantallen (per dag van de "
    "periode; schuren als voorraad), Fisher's exacte toets voor aandelen en Welch' t-toets voor gemiddelden. "
    "'Meer dan toeval' betekent p < 0,05 zonder correctie voor meervoudig toetsen. Metingen van rollen die een "
    "laag verschillend zien (ruwe tegen vrijgegeven aantallen) worden voor die laag niet vergeleken.",
    "Hotspots: Getis-Ord Gi* op een regelmatig raster met FDR-correctie, zoals op de pagina Hotspots.",
)


def period_text(period: tuple[date | None, date | None]) -> str:
    """``2025`` for a calendar year, ``1 maart 2025 – 31 mei 2025``, or ``alle beschikbare gegevens``."""
    a, b = period
    if a and b and (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return str(a.year)
    if a and b:
        return f"{fmt_date_nl(a)} – {fmt_date_nl(b)}"
    return "alle beschikbare gegevens"


def _count(n: int | None, lower: bool = False) -> Cell:
    if n is None:
        return None
    if n == SUPPRESSED:
        return HIDDEN
    return f"≥{n}" if lower else int(n)


def _interval(low: float | None, high: float | None) -> Cell:
    if low is None or high is None or not math.isfinite(low):
        return None
    return f"{fmt_decimal(low, 2)}–{'∞' if not math.isfinite(high) else fmt_decimal(high, 2)}"


def _profile_table(profile: AreaProfile) -> Table:
    values = profile.table()["waarde"].tolist()
    rows: list[list[Cell]] = []
    for ln, value in zip(profile.lines, values, strict=True):
        rr = ln.ratio
        rows.append([LAYER_NOUN[ln.layer][0], ln.breakdown, value,
                     _count(ln.area, ln.lower_bound and ln.area != SUPPRESSED), _count(ln.municipality),
                     ln.region, ln.rate("area"), ln.rate("rest"), rr.ratio if rr else None,
                     _interval(rr.low, rr.high) if rr else None])  # fmt: skip
    return Table("Gebiedsprofiel: aantallen, per 1.000 ha en verhouding met de rest van de regio",
                 ["Laag", "Indeling", "Waarde", "Gebied", "Gemeente", "Regio", "Gebied per 1.000 ha",
                  "Rest regio per 1.000 ha", "Verhouding", "95%-interval"], rows, frozenset(range(3, 10)),
                 note="<5: minder dan 5, verborgen. ≥: ondergrens (vrijgegeven aantallen). –: niet te berekenen.",
                 decimals={6: 2, 7: 2, 8: 2})  # fmt: skip


def _months(store: Store, layer: Layer, area_id: int, first: date, last: date) -> tuple[list[date], list[Cell]]:
    frame = store.counts_by(layer, Filters(date_from=first, date_to=last, area_id=int(area_id)), "month")
    got = {pd.Timestamp(m).date().replace(day=1): int(n) for m, n in zip(frame["month"], frame["n"], strict=True)}
    months = [d.date() for d in pd.date_range(first.replace(day=1), last, freq="MS")]
    return months, [HIDDEN if got.get(m, 0) == SUPPRESSED else got.get(m, 0) for m in months]


def _trends(store: Store, area_id: int, first: date, last: date) -> list[Figure | Paragraph]:
    blocks: list[Figure | Paragraph] = []
    for layer in (Layer.DUMPINGS, Layer.INCIDENTS):
        months, values = _months(store, layer, area_id, first, last)
        if not months:
            continue
        noun = LAYER_NOUN[layer][0]
        png = trend_png(months, {noun.capitalize(): values}, f"{noun.capitalize()} per maand in het gebied")
        blocks.append(Figure(f"{noun.capitalize()} per maand", png))
    return blocks or [Paragraph("Geen gegevens per maand in deze periode.")]


def _ratio_chart(profile: AreaProfile) -> Figure:
    labels, values, lows, highs = [], [], [], []
    for ln in profile.lines:
        if ln.breakdown != "totaal":
            continue
        rr = ln.ratio
        labels.append(LAYER_NOUN[ln.layer][0])
        values.append(HIDDEN if ln.area == SUPPRESSED else (rr.ratio if rr and rr.ratio is not None else None))
        lows.append(rr.low if rr else None)
        highs.append(rr.high if rr else None)
    png = comparison_png(labels, values, lows, highs, "Verhouding gebied / rest van de regio (per hectare)",
                         ylabel="Verhouding", decimals=2)  # fmt: skip
    return Figure("Verhouding met de rest van de regio; 1 = even vaak per hectare", png)


def _survey_cell(row: dict[str, Any], column: str, scale: float = 1.0) -> Cell:
    value = row.get(column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        reason = str(row.get("reason") or "")
        if row.get("hidden") and reason:
            return HIDDEN if reason == REASON_SMALL or column == "count" else HIDDEN_SURVEY
        return None
    return int(value) if column in ("answered", "count") else float(value) * scale


def _survey(store: Store, area_id: int) -> list[Any]:
    frame = store.survey_summary(area_id)
    approached = store.survey_approached(area_id)
    if frame.empty:
        return [Paragraph("Er zijn (nog) geen enquêteantwoorden voor dit gebied."), Paragraph(approached.sentence)]
    total = frame[frame["group_kind"] == "totaal"]
    blocks: list[Any] = [Paragraph(approached.sentence)]
    asked = total[(total["question_id"] == "benaderd") & (total["option"] == "ja")]
    if len(asked):
        n = [0 if pd.isna(v) else int(v) for v in asked["answered"]]
        png = survey_share_png([str(v) for v in asked["respondent_type"]], [_f(v) for v in asked["share"]],
                               [_f(v) for v in asked["share_low"]], [_f(v) for v in asked["share_high"]], n,
                               "Benaderd door criminelen", reference=REGIONAL_APPROACHED,
                               reference_label="Regionaal cijfer (ongeveer 15%)")  # fmt: skip
        blocks.append(Figure("Aandeel benaderd door criminelen per soort respondent (95%-interval, Wilson)", png))
    rows = []
    for rec in total.to_dict("records"):
        mean = rec["kind"] in ("schaal", "getal")
        rows.append([str(rec["question"]), str(rec["respondent_type"]), str(rec["option_label"] or ""),
                     _survey_cell(rec, "answered"), None if mean else _survey_cell(rec, "count"),
                     None if mean else _survey_cell(rec, "share", 100.0),
                     _interval_pct(rec) if not mean else _mean_interval(rec),
                     _survey_cell(rec, "mean") if mean else None])  # fmt: skip
    blocks.append(Table("Enquêteresultaten (vrijgegeven cijfers)", ["Vraag", "Respondent", "Antwoord", "Beantwoord",
                                                                     "Aantal", "Aandeel %", "95%-interval",
                                                                     "Gemiddelde"], rows,
                        frozenset({3, 4, 5, 6, 7}),
                        note="<10: minder dan 10 respondenten of antwoorden, geen percentage. <5: verborgen aantal.",
                        decimals={5: 0, 7: 1}))  # fmt: skip
    return blocks


def _f(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _interval_pct(rec: dict[str, Any]) -> Cell:
    low, high = _f(rec.get("share_low")), _f(rec.get("share_high"))
    return None if low is None or high is None else f"{fmt_decimal(100 * low, 0)}–{fmt_decimal(100 * high, 0)}%"


def _mean_interval(rec: dict[str, Any]) -> Cell:
    low, high = _f(rec.get("mean_low")), _f(rec.get("mean_high"))
    return None if low is None or high is None else f"{fmt_decimal(low, 1)}–{fmt_decimal(high, 1)}"


def _walk_sentence(found: dict[str, Any]) -> str:
    walks, n = found["walks"], found["total"]
    if not sum(walks.values()):
        return "Er is nog geen schouw vastgelegd."
    return (f"Schouwen: {walks.get('dag', 0)} overdag en {walks.get('nacht', 0)} 's nachts, met {n} "
            f"{'bevinding' if n == 1 else 'bevindingen'}.")  # fmt: skip


def _schouw(found: dict[str, Any]) -> list[Any]:
    head = Paragraph(_walk_sentence(found))
    if not found["categories"]:
        return [head]
    rows = [[r["category"], r["dag"], r["nacht"], r["totaal"]] for r in found["categories"]]
    return [head, Table("Bevindingen per soort", ["Soort bevinding", "Dag", "Nacht", "Totaal"], rows,
                        frozenset({1, 2, 3}), note="Alleen aantallen: geen notities, namen of foto's.")]  # fmt: skip


def _measurements(store: Store, area_id: int) -> list[Any]:
    listed = store.snapshots(area_id)
    if listed.empty:
        return [Paragraph("Er is nog geen meting vastgelegd.")]
    rows = [[str(r.kind), fmt_date_nl(pd.Timestamp(r.taken_on).date()),
             period_text((_day(r.period_from), _day(r.period_to)))] for r in listed.itertuples()]  # fmt: skip
    blocks: list[Any] = [Table("Vastgelegde metingen", ["Soort", "Datum", "Periode"], rows)]
    if len(listed) < 2:
        return blocks
    principal = getattr(store, "principal", None)
    a = for_viewer(store.snapshot(int(listed["id"].iloc[0])), principal)
    b = for_viewer(store.snapshot(int(listed["id"].iloc[-1])), principal)
    table = compare(a, b)
    blocks += [Paragraph(s) for s in compare_summary(a, b, table)]
    names = {"onderwerp": "Onderwerp", "indeling": "Indeling", "waarde": "Waarde", "voor": "Eerste meting",
             "na": "Laatste meting", "verschil": "Verschil", "p": "p-waarde", "oordeel": "Oordeel"}  # fmt: skip
    shown = table[list(names)].rename(columns=names)
    blocks.append(Table.from_frame(shown, "Vergelijking van de eerste en de laatste meting", decimals={6: 3}))
    return blocks


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]


def build_report(
    store: Store, area_id: int, period: tuple[date | None, date | None], today: date,
    hotspots: AreaHotspots | None = None,
) -> ReportDocument:  # fmt: skip
    """The report of ``area_id`` for ``period`` from what ``store`` (the signed-in role's guarded store)
    returns; ``hotspots`` may be passed when already computed."""
    profile = area_profile(store, area_id, *period)
    first, last, _days = period_days(period, store.date_span())
    hot = hotspots or area_hotspots(store, area_id, period)
    found = area_findings(store, area_id)
    sentences = [summary(profile, lay, "nl") for lay in (Layer.DUMPINGS, Layer.INCIDENTS, Layer.BARNS)]
    approached = store.survey_approached(area_id)
    sections = [
        Section(SECTION_TITLES[0], [*(Paragraph(s) for s in sentences), Paragraph(approached.sentence),
                                    Paragraph(_walk_sentence(found))]),
        Section(SECTION_TITLES[1], [Figure(f"{profile.area_name} met de gemeenten eromheen en de hotspots",
                                           area_map(store, area_id, hot, f"{profile.area_name}")), Note(hot.note)]),
        Section(SECTION_TITLES[2], [Paragraph(f"Vergeleken met de gemeente {profile.municipality_name} (waar het "
                                              "grootste deel van het gebied ligt) en de rest van de regio."),
                                    _profile_table(profile)]),
        Section(SECTION_TITLES[3], _trends(store, area_id, first, last)),
        Section(SECTION_TITLES[4], [_ratio_chart(profile)]),
        Section(SECTION_TITLES[5], _survey(store, area_id)),
        Section(SECTION_TITLES[6], _schouw(found)),
        Section(SECTION_TITLES[7], _measurements(store, area_id)),
        Section(SECTION_TITLES[8], [Bullets(list(METHOD_NOTES)),
                                    Note(f"Periode van de cijfers: {period_text(period)} ({fmt_date_nl(first)} – "
                                         f"{fmt_date_nl(last)}).")]),
    ]  # fmt: skip
    return ReportDocument("Veiligheidsanalyse", "Gebiedsanalyse voor de 0-/1-meting (stap B1)", profile.area_name,
                          period_text(period), today, bool(store.is_demo()), sections)  # fmt: skip
