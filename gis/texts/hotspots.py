"""Text of the Hotspots page (significant hotspots, density, trends, meeting view)."""

from __future__ import annotations

HOTSPOT_TEXT: dict[str, dict[str, str]] = {
    "nav_hotspots": {"nl": "Hotspots", "en": "Hot spots"},
    "hs_title": {"nl": "Hotspots voor de werkgroep", "en": "Hot spots for the working group"},
    "hs_intro": {
        "nl": "Waar liggen significant meer meldingen dan toeval verklaart? Getis-Ord Gi* per cel, met correctie "
        "voor het grote aantal toetsen. Een warme vlek op een dichtheidskaart is nog geen hotspot.",
        "en": "Where are there significantly more records than chance explains? Getis-Ord Gi* per cell, corrected "
        "for the many tests. A warm blur on a density map is not yet a hot spot.",
    },
    "hs_meeting": {"nl": "Vergaderweergave (beamer)", "en": "Meeting view (projector)"},
    "hs_settings": {"nl": "Selectie en methode", "en": "Selection and method"},
    "hs_study": {"nl": "Gebied", "en": "Area"},
    "hs_region": {"nl": "Hele regio (Gelderland en Overijssel)", "en": "Whole region (Gelderland and Overijssel)"},
    "hs_layers": {"nl": "Lagen", "en": "Layers"},
    "hs_categories": {"nl": "Categorieën (leeg = alle)", "en": "Categories (empty = all)"},
    "hs_period": {"nl": "Periode", "en": "Period"},
    "hs_p_12m": {"nl": "Laatste 12 maanden", "en": "Last 12 months"},
    "hs_p_prev": {"nl": "12 maanden daarvoor", "en": "12 months before"},
    "hs_p_year": {"nl": "Dit kalenderjaar", "en": "This calendar year"},
    "hs_p_all": {"nl": "Alles", "en": "Everything"},
    "hs_p_last_year": {"nl": "Vorig kalenderjaar", "en": "Last calendar year"},
    "hs_p_custom": {"nl": "Zelf kiezen", "en": "Custom"},
    "hs_cell": {"nl": "Celgrootte (m)", "en": "Cell size (m)"},
    "hs_distance": {"nl": "Buurafstand (m)", "en": "Neighbourhood distance (m)"},
    "hs_distance_help": {
        "nl": "Cellen binnen deze afstand (hartafstand) tellen mee als buren, de cel zelf ook. Gebruikelijk: "
        "twee tot vijf cellen.",
        "en": "Cells within this distance (centre to centre) count as neighbours, the cell itself too. Usual: "
        "two to five cells.",
    },
    "hs_correction": {"nl": "Correctie voor veel toetsen", "en": "Multiple-testing correction"},
    "hs_grid": {"nl": "Celvorm", "en": "Cell shape"},
    "hs_view": {"nl": "Weergave", "en": "View"},
    "hs_v_gi": {"nl": "Hotspots (Gi*)", "en": "Hot spots (Gi*)"},
    "hs_v_kde": {"nl": "Dichtheid", "en": "Density"},
    "hs_v_compare": {"nl": "Twee perioden", "en": "Two periods"},
    "hs_v_trend": {"nl": "Opkomende hotspots", "en": "Emerging hot spots"},
    "hs_busy": {"nl": "Hotspots berekenen…", "en": "Computing hot spots…"},
    "hs_pai": {"nl": "Voorspellende waarde (PAI)", "en": "Predictive accuracy (PAI)"},
    "hs_pai_help": {
        "nl": "Hotspots van {build} voorspelden {hit} van de meldingen van {test}, op {area} van het gebied. "
        "PAI 1 = niet beter dan toeval; hoe hoger, hoe beter de kaart voorspelt.",
        "en": "Hot spots of {build} captured {hit} of the records of {test}, on {area} of the area. PAI 1 = no "
        "better than chance; higher is better.",
    },
    "hs_pai_none": {"nl": "PAI niet te berekenen: {why}", "en": "PAI cannot be computed: {why}"},
    "hs_hot_cells": {"nl": "Hotspotcellen (95%+)", "en": "Hot spot cells (95%+)"},
    "hs_records": {"nl": "Meldingen", "en": "Records"},
    "hs_cells": {"nl": "Cellen", "en": "Cells"},
    "hs_top": {
        "nl": "Sterkste hotspots (aaneengesloten cellen samen)",
        "en": "Strongest hot spots (touching cells together)",
    },
    "hs_top_none": {"nl": "Geen hotspots met 95% of meer betrouwbaarheid.", "en": "No hot spots at 95% or more."},
    "hs_rank": {"nl": "Nr.", "en": "No."},
    "hs_cell_id": {"nl": "Cel", "en": "Cell"},
    "hs_source": {"nl": "bron", "en": "source"},
    "hs_peak": {"nl": "Kern (cel)", "en": "Peak cell"},
    "hs_count": {"nl": "Aantal", "en": "Count"},
    "hs_class": {"nl": "Klasse", "en": "Class"},
    "hs_legend": {"nl": "Gi*-klasse (na correctie)", "en": "Gi* class (corrected)"},
    "hs_legend_note": {
        "nl": "Rood: significant meer meldingen dan toeval, blauw: minder. Het percentage is de betrouwbaarheid.",
        "en": "Red: significantly more records than chance, blue: fewer. The percentage is the confidence.",
    },
    "hs_png": {"nl": "Kaart als PNG", "en": "Map as PNG"},
    "hs_pdf": {"nl": "Kaart als PDF", "en": "Map as PDF"},
    "hs_gpkg": {"nl": "Cellen als GeoPackage", "en": "Cells as GeoPackage"},
    "hs_xlsx": {"nl": "Ranglijst als Excel", "en": "Ranking as Excel"},
    "hs_csv": {"nl": "Ranglijst als CSV", "en": "Ranking as CSV"},
    "hs_bandwidth": {"nl": "Bandbreedte (m)", "en": "Bandwidth (m)"},
    "hs_kde_note": {
        "nl": "Kerndichtheid (quartic), bandbreedte {bw} m, meldingen per km², afgekapt op het gebied. Alleen "
        "voor het beeld: een dichtheidskaart toetst niets.",
        "en": "Kernel density (quartic), bandwidth {bw} m, records per km², clipped to the area. For looks only: "
        "a density map tests nothing.",
    },
    "hs_before": {"nl": "Vergelijken met", "en": "Compare with"},
    "hs_b_prev": {"nl": "De periode ervoor", "en": "The period before"},
    "hs_b_year": {"nl": "Dezelfde periode een jaar eerder", "en": "The same period a year earlier"},
    "hs_compare_note": {
        "nl": "{before} tegen {after}: hotspots (95%+) die nieuw zijn, verdwenen of bleven.",
        "en": "{before} against {after}: hot spots (95%+) that are new, gone or kept.",
    },
    "hs_step": {"nl": "Tijdstap", "en": "Time step"},
    "hs_trend_note": {
        "nl": "{n} tijdstappen; Gi* per stap, Mann-Kendall-trend per cel. Tien of meer stappen geven een "
        "betrouwbaarder beeld.",
        "en": "{n} time steps; Gi* per step, Mann-Kendall trend per cell. Ten or more steps are more reliable.",
    },
    "hs_no_dates": {"nl": "Er zijn nog geen gedateerde meldingen.", "en": "There are no dated records yet."},
    "hs_used": {"nl": "Gebruikt", "en": "Used"},
    "hs_police_note": {
        "nl": "Politiecijfers tellen delicten: één voorval kan onder meerdere categorieën staan.",
        "en": "Police figures count offences: one event can appear under several categories.",
    },
    "hs_coarse": {
        "nl": "Voor uw rol (alleen geaggregeerde gegevens): vaste cellen van {cell} m, een afstand van minstens "
        "{distance} m en een vaste periode (maand, kwartaal, jaar of alles; nu {period}); de aantallen zijn licht "
        "verstoord en aantallen onder 5 worden niet getoond.",
        "en": "For your role (aggregates only): fixed cells of {cell} m, a distance of at least {distance} m and "
        "a fixed period (month, quarter, year or all; now {period}); counts are slightly perturbed and counts "
        "below 5 are not shown.",
    },
    "hs_controls": {
        "nl": "Periode, selectie, methode en meldingen",
        "en": "Period, selection, method and messages",
    },
    "hs_place": {"nl": "Plaats", "en": "Place"},
    "hs_cell_code": {"nl": "Kerncel (RD-code)", "en": "Peak cell (RD code)"},
    "hs_list_title": {"nl": "Sterkste hotspots", "en": "Strongest hot spots"},
    "hs_demo_mark": {"nl": "DEMO", "en": "DEMO"},
    "hs_export_title": {"nl": "Hotspots (Getis-Ord Gi*)", "en": "Hot spots (Getis-Ord Gi*)"},
    "hs_export_class": {"nl": "Klasse", "en": "Class"},
    "hs_export_boundaries": {"nl": "Gemeentegrenzen", "en": "Municipal boundaries"},
    "hs_export_study": {"nl": "Studiegebied", "en": "Study area"},
    "hs_export_crs": {"nl": "Coördinaten: RD New (EPSG:28992)", "en": "Coordinates: RD New (EPSG:28992)"},
    "hs_all_categories": {"nl": "alle categorieën", "en": "all categories"},
    "hs_describe": {
        "nl": "{layers} ({cats}), {start} t/m {end}, {study}; cellen {cells}, buurafstand {distance} m, "
        "{correction}; {n} meldingen",
        "en": "{layers} ({cats}), {start} to {end}, {study}; cells {cells}, distance {distance} m, {correction}; "
        "{n} records",
    },
}
