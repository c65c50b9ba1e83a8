"""Interface text for the Analyse page (analysis_measure: measurements 0-/1-meting and the report): Dutch and
English."""

MEASURE_TEXT: dict[str, dict[str, str]] = {
    "me_intro": {
        "nl": "Een meting legt de analyse van dit gebied vast zoals die nu is: het gebiedsprofiel voor de gekozen "
        "periode, de enquêtecijfers, de bevindingen van de schouwen en de hotspotkaart. Vergelijk een 0-meting met "
        "een 1-meting om te zien wat veranderde, en of dat meer dan toeval is.",
        "en": "A measurement freezes the analysis of this area as it is now: the area profile for the chosen "
        "period, the survey figures, the site-walk findings and the hotspot map. Compare a baseline with a repeat "
        "measurement to see what changed, and whether that is more than chance.",
    },
    "me_map": {"nl": "Het gebied en zijn hotspots", "en": "The area and its hotspots"},
    "me_map_busy": {"nl": "Hotspotkaart van het gebied maken…", "en": "Drawing the area's hotspot map…"},
    "me_list": {"nl": "Vastgelegde metingen", "en": "Measurements taken"},
    "me_none": {"nl": "Er is nog geen meting vastgelegd voor dit gebied.", "en": "No measurement yet for this area."},
    "me_col_kind": {"nl": "Soort", "en": "Kind"},
    "me_col_taken": {"nl": "Datum", "en": "Date"},
    "me_col_period": {"nl": "Periode", "en": "Period"},
    "me_col_role": {"nl": "Vastgelegd met rol", "en": "Taken with role"},
    "me_freeze": {"nl": "Meting vastleggen", "en": "Take a measurement"},
    "me_kind": {"nl": "Soort meting", "en": "Kind of measurement"},
    "me_taken": {"nl": "Datum van de meting", "en": "Date of the measurement"},
    "me_freeze_help": {
        "nl": "De meting bevat de cijfers van de periode hierboven ({period}), zoals uw rol ze ziet.",
        "en": "The measurement holds the figures of the period above ({period}), as your role sees them.",
    },
    "me_freeze_go": {"nl": "Vastleggen", "en": "Freeze"},
    "me_freeze_busy": {"nl": "Meting vastleggen…", "en": "Freezing the measurement…"},
    "me_frozen": {"nl": "{kind} van {day} is vastgelegd.", "en": "{kind} of {day} has been saved."},
    "me_freeze_failed": {"nl": "De meting is niet vastgelegd: {error}", "en": "The measurement was not saved: {error}"},
    "me_compare": {"nl": "Twee metingen vergelijken", "en": "Compare two measurements"},
    "me_before": {"nl": "Eerste meting", "en": "First measurement"},
    "me_after": {"nl": "Tweede meting", "en": "Second measurement"},
    "me_compare_one": {
        "nl": "Leg een tweede meting vast om te kunnen vergelijken.",
        "en": "Take a second measurement to compare.",
    },
    "me_same": {"nl": "Kies twee verschillende metingen.", "en": "Choose two different measurements."},
    "me_compare_note": {
        "nl": "Oordeel: 'meer dan toeval' bij p < 0,05 (aantallen: exacte Poisson-toets per dag van de periode; "
        "aandelen: Fisher; gemiddelden: Welch). Aandelen in procenten, verschil in procentpunten. De oordelen "
        "staan in het Nederlands.",
        "en": "Verdict ('meer dan toeval' = more than chance) at p < 0.05 (counts: exact Poisson test per day of "
        "the period; shares: Fisher; means: Welch). Shares in percent, difference in percentage points. The "
        "verdicts are in Dutch.",
    },
    "me_frozen_map": {"nl": "Hotspotkaart van {name}", "en": "Hotspot map of {name}"},
    "me_report": {"nl": "Rapport", "en": "Report"},
    "me_report_intro": {
        "nl": "Het rapport van dit gebied (samenvatting, kaart, profiel, trends, enquête, schouw, metingen en "
        "methode), in het Nederlands, met alleen wat uw rol mag zien.",
        "en": "The report of this area (summary, map, profile, trends, survey, site walk, measurements and "
        "method), in Dutch, with only what your role may see.",
    },
    "me_docx": {"nl": "Rapport als Word (DOCX)", "en": "Report as Word (DOCX)"},
    "me_pdf": {"nl": "Rapport als PDF", "en": "Report as PDF"},
    "me_no_export": {
        "nl": "Uw rol mag het rapport niet downloaden.",
        "en": "Your role may not download the report.",
    },
}
