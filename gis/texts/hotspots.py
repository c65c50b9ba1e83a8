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
    # errors of the analysis (gis.hotspots.messages: HotspotError / GridError with a key and parameters)
    "hs_err_one_cell": {
        "nl": "Er is maar één cel in het gebied; kies kleinere cellen of een groter gebied.",
        "en": "There is only one cell in the area; choose smaller cells or a larger area.",
    },
    "hs_err_no_records": {
        "nl": "Er zijn geen meldingen in deze selectie; kies een andere periode, laag of gebied.",
        "en": "There are no records in this selection; choose another period, layer or area.",
    },
    "hs_err_flat": {
        "nl": "Alle cellen hebben hetzelfde aantal meldingen; er is geen patroon om te toetsen.",
        "en": "All cells have the same number of records; there is no pattern to test.",
    },
    "hs_err_cell_nan": {
        "nl": "Celgrootte '{cell}' is geen getal; kies {lo} tot {hi} m.",
        "en": "Cell size '{cell}' is not a number; choose {lo} to {hi} m.",
    },
    "hs_err_cell_range": {
        "nl": "Celgrootte {cell} m kan niet: kies een waarde van {lo} tot {hi} m "
        "(kleinere cellen bevatten te weinig meldingen, grotere verbergen waar het gebeurt).",
        "en": "A cell size of {cell} m is not possible: choose a value from {lo} to {hi} m "
        "(smaller cells hold too few records, larger ones hide where it happens).",
    },
    "hs_err_empty_area": {
        "nl": "Het gebied is leeg of heeft geen oppervlakte; kies of teken een gebied.",
        "en": "The area is empty or has no surface; choose or draw an area.",
    },
    "hs_err_raster_too_big": {
        "nl": "Het gebied is te groot voor cellen van {cell} m ({n} cellen in het kader); "
        "kies grotere cellen of een kleiner gebied.",
        "en": "The area is too large for cells of {cell} m ({n} cells in the bounding box); "
        "choose larger cells or a smaller area.",
    },
    "hs_err_too_many_hex": {
        "nl": "Te veel zeshoeken (ongeveer {n}); kies grotere cellen.",
        "en": "Too many hexagons (about {n}); choose larger cells.",
    },
    "hs_err_no_hex": {
        "nl": "Geen zeshoeken in dit gebied; kies kleinere cellen.",
        "en": "No hexagons in this area; choose smaller cells.",
    },
    "hs_err_density_square": {
        "nl": "Dichtheid kan alleen op vierkante cellen; kies 'Vierkante cellen' als celvorm.",
        "en": "Density works on square cells only; choose 'Square cells' as the cell shape.",
    },
    "hs_err_no_dates": {
        "nl": "Er zijn nog geen gedateerde meldingen; een periode kan niet worden bepaald.",
        "en": "There are no dated records yet; a period cannot be determined.",
    },
    "hs_err_period_order": {
        "nl": "De periode begint ({start}) na het einde ({end}).",
        "en": "The period starts ({start}) after its end ({end}).",
    },
    "hs_err_step": {
        "nl": "Onbekende tijdstap '{step}'; kies uit: {choices}.",
        "en": "Unknown time step '{step}'; choose from: {choices}.",
    },
    "hs_err_no_records_period": {
        "nl": "Geen meldingen van {start} tot en met {end} in deze selectie.",
        "en": "No records from {start} to {end} inclusive in this selection.",
    },
    "hs_err_few_steps": {
        "nl": "De periode heeft maar {n} {step}(en); voor een trend zijn er minstens "
        "3 nodig (10 of meer is beter). Kies een langere periode of een kleinere tijdstap.",
        "en": "The period has only {n} {step}(s); a trend needs at least "
        "3 (10 or more is better). Choose a longer period or a smaller time step.",
    },
    "hs_err_undated_layers": {
        "nl": "De gekozen lagen hebben geen datum (schuren); kies incidenten of dumpingen.",
        "en": "The chosen layers have no date (barns); choose incidents or dumpings.",
    },
    "hs_err_no_area": {
        "nl": "PPS-gebied {area} bestaat niet (meer).",
        "en": "PPS area {area} does not exist (any more).",
    },
    "hs_err_no_municipality": {
        "nl": "Gemeente {code} bestaat niet.",
        "en": "Municipality {code} does not exist.",
    },
    "hs_err_no_provinces": {
        "nl": "Geen provincies gekozen of de provinciegrenzen ontbreken in de database.",
        "en": "No provinces chosen, or the province boundaries are missing from the database.",
    },
    "hs_err_no_layer": {
        "nl": "Geen laag gekozen; kies incidenten, dumpingen en/of schuren.",
        "en": "No layer chosen; choose incidents, dumpings and/or barns.",
    },
    "hs_err_distance_zero": {
        "nl": "Buurafstand {distance} m kan niet; kies een afstand groter dan 0.",
        "en": "A neighbourhood distance of {distance} m is not possible; choose a distance greater than 0.",
    },
    "hs_err_distance_large": {
        "nl": "Buurafstand {distance} m is te groot: die omvat (bijna) het hele gebied. Kies hoogstens "
        "{reach} m; gebruikelijk is twee tot vijf cellen.",
        "en": "A neighbourhood distance of {distance} m is too large: it covers (almost) the whole area. Choose "
        "at most {reach} m; two to five cells is usual.",
    },
    "hs_err_correction": {
        "nl": "Onbekende correctie '{correction}'; kies uit: {choices}.",
        "en": "Unknown correction '{correction}'; choose from: {choices}.",
    },
    "hs_err_few_records": {
        "nl": "Er zijn minder dan {n} meldingen in deze selectie (laag, categorie, periode en gebied); een "
        "hotspotkaart vraagt om meer. Kies een langere periode, een andere laag of een groter gebied.",
        "en": "There are fewer than {n} records in this selection (layer, category, period and area); a "
        "hot-spot map needs more. Choose a longer period, another layer or a larger area.",
    },
    "hs_err_whole_area": {
        "nl": "De buurafstand omvat het hele gebied; kies een kleinere afstand.",
        "en": "The neighbourhood distance covers the whole area; choose a smaller distance.",
    },
    # why the PAI cannot be computed (gis.hotspots.pai.PaiResult.note)
    "hs_pai_no_hot": {
        "nl": "Er zijn geen hotspotcellen, dus de PAI is niet te berekenen.",
        "en": "There are no hot-spot cells, so the PAI cannot be computed.",
    },
    "hs_pai_no_area": {
        "nl": "De hotspotcellen hebben geen oppervlak binnen het studiegebied, dus de PAI is niet te berekenen.",
        "en": "The hot-spot cells have no area inside the study area, so the PAI cannot be computed.",
    },
    "hs_pai_no_test": {
        "nl": "Er zijn geen incidenten in de testperiode, dus de PAI is niet te berekenen.",
        "en": "There are no incidents in the test period, so the PAI cannot be computed.",
    },
}
