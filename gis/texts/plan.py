"""Interface text for the Plan van aanpak page (step B3: objectives, plan of action, evidence, effect, export). Keys
start with ``pl_``. Dutch and English.
"""

PLAN_TEXT: dict[str, dict[str, str]] = {
    "nav_plan": {"nl": "Plan van aanpak", "en": "Plan of action"},
    # page
    "pl_area": {"nl": "PPS-gebied", "en": "Partnership area"},
    "pl_no_areas": {
        "nl": "Er is nog geen gebied waarvan u het plan van aanpak mag zien.",
        "en": "There is no area yet whose plan of action you may see.",
    },
    "pl_intro": {
        "nl": "Stap B3: de doelen van het gebied, wie welke maatregel uitvoert en wanneer, het bewijs dat het is "
        "gedaan en of het werkte. Maatregelen kiest u op de pagina Maatregelen.",
        "en": "Step B3: the area's objectives, who carries out which measure and when, the evidence that it was "
        "done and whether it worked. Measures are chosen on the Measures page.",
    },
    "pl_read_only": {
        "nl": "U kunt het plan lezen; alleen de coördinator van het gebied wijzigt het.",
        "en": "You can read the plan; only the area's coordinator changes it.",
    },
    "pl_tab_objectives": {"nl": "Doelen", "en": "Objectives"},
    "pl_tab_plan": {"nl": "Plan", "en": "Plan"},
    "pl_tab_schedule": {"nl": "Planning", "en": "Schedule"},
    "pl_tab_effect": {"nl": "Effect", "en": "Effect"},
    "pl_tab_export": {"nl": "Exporteren", "en": "Export"},
    "pl_failed": {"nl": "Niet gelukt: {error}", "en": "Not done: {error}"},
    # objectives
    "pl_obj_intro": {
        "nl": "Een SMART-doel hoort bij een indicator die het dashboard uit de gegevens berekent. De nulwaarde komt "
        "uit de 0-meting; de voortgang werkt zichzelf bij als er gegevens bijkomen.",
        "en": "A SMART objective belongs to an indicator the dashboard computes from the data. The baseline comes "
        "from the baseline measurement; progress updates itself as data arrive.",
    },
    "pl_obj_none": {"nl": "Er zijn nog geen doelen voor dit gebied.", "en": "No objectives for this area yet."},
    "pl_obj_new": {"nl": "Nieuw doel", "en": "New objective"},
    "pl_obj_edit": {"nl": "Doel wijzigen", "en": "Change objective"},
    "pl_obj_text": {"nl": "Doel (wat wilt u bereiken?)", "en": "Objective (what do you want to achieve?)"},
    "pl_obj_indicator": {"nl": "Indicator", "en": "Indicator"},
    "pl_obj_category": {"nl": "Incidentcategorie", "en": "Incident category"},
    "pl_obj_all_categories": {"nl": "alle categorieën", "en": "all categories"},
    "pl_obj_baseline": {"nl": "Nulmeting", "en": "Baseline"},  # the names the store's messages use
    "pl_obj_baseline_on": {"nl": "Datum nulmeting", "en": "Baseline date"},
    "pl_obj_target": {"nl": "Streefwaarde", "en": "Target value"},
    "pl_obj_target_on": {"nl": "Streefdatum", "en": "Target date"},
    "pl_obj_from_0meting": {
        "nl": "Nulwaarde uit de 0-meting: {value} (op {day}). U kunt hem aanpassen.",
        "en": "Baseline from the baseline measurement: {value} (on {day}). You may change it.",
    },
    "pl_obj_no_0meting": {
        "nl": "Geen 0-meting gevonden voor deze indicator; vul de nulwaarde zelf in.",
        "en": "No baseline measurement found for this indicator; enter the baseline yourself.",
    },
    "pl_obj_save": {"nl": "Doel opslaan", "en": "Save objective"},
    "pl_obj_saved": {"nl": "Doel {id} is opgeslagen.", "en": "Objective {id} has been saved."},
    "pl_obj_delete": {"nl": "Doel verwijderen", "en": "Delete objective"},
    "pl_obj_deleted": {"nl": "Doel {id} is verwijderd.", "en": "Objective {id} has been deleted."},
    "pl_obj_line": {
        "nl": "{indicator}: van {baseline} ({baseline_on}) naar {target} op {target_on}",
        "en": "{indicator}: from {baseline} ({baseline_on}) to {target} by {target_on}",
    },
    "pl_obj_year": {"nl": "Jaar", "en": "Year"},
    "pl_obj_value": {"nl": "Waarde", "en": "Value"},
    "pl_obj_baseline_rule": {"nl": "nulwaarde", "en": "baseline"},
    "pl_obj_target_rule": {"nl": "streefwaarde", "en": "target"},
    "pl_obj_no_series": {
        "nl": "Nog geen gegevens voor deze indicator in dit gebied.",
        "en": "No data yet for this indicator in this area.",
    },
    "pl_obj_at_least": {"nl": "minstens {n}", "en": "at least {n}"},
    "pl_obj_hidden_note": {
        "nl": "Grijze streepjes: minder dan 5 (verborgen voor uw rol), niet 0.",
        "en": "Grey ticks: fewer than 5 (hidden for your role), not 0.",
    },
    # plan of measures
    "pl_plan_intro": {
        "nl": "Per gekozen maatregel: de verantwoordelijke partner en vertegenwoordiger, begin en einde, en de status. "
        "'Uitgevoerd' kan pas als er bewijs is (een notitie, bestand of foto met datum).",
        "en": "Per chosen measure: the responsible partner and representative, start and end, and the status. "
        "'Carried out' needs evidence first (a note, file or photo with a date).",
    },
    "pl_plan_none": {
        "nl": "Er zijn nog geen gekozen maatregelen voor dit gebied; kies ze op de pagina Maatregelen.",
        "en": "No measures have been chosen for this area yet; choose them on the Measures page.",
    },
    "pl_partner": {"nl": "Verantwoordelijke partner", "en": "Responsible partner"},
    "pl_partner_none": {"nl": "(nog niet gekozen)", "en": "(not chosen yet)"},
    "pl_partner_other": {
        "nl": "Of een andere partner (vrije tekst)",
        "en": "Or another partner (free text)",
    },
    "pl_representative": {"nl": "Vertegenwoordiger", "en": "Representative"},
    "pl_start": {"nl": "Begin", "en": "Start"},
    "pl_end": {"nl": "Einde", "en": "End"},
    "pl_status": {"nl": "Status", "en": "Status"},
    "pl_status_none": {"nl": "nog niet gepland", "en": "not planned yet"},
    "pl_plan_save": {"nl": "Planning opslaan", "en": "Save planning"},
    "pl_plan_saved": {"nl": "Maatregel '{name}' is bijgewerkt.", "en": "Measure '{name}' has been updated."},
    "pl_summary": {
        "nl": "Partner: {partner} · vertegenwoordiger: {representative} · {period}",
        "en": "Partner: {partner} · representative: {representative} · {period}",
    },
    "pl_period": {"nl": "{start} tot en met {end}", "en": "{start} to {end}"},
    "pl_no_date": {"nl": "geen datum", "en": "no date"},
    "pl_evidence": {"nl": "Bewijs", "en": "Evidence"},
    "pl_evidence_none": {"nl": "Nog geen bewijs vastgelegd.", "en": "No evidence recorded yet."},
    "pl_evidence_kind": {"nl": "Soort bewijs", "en": "Kind of evidence"},
    "pl_evidence_note": {"nl": "Notitie", "en": "Note"},
    "pl_evidence_on": {"nl": "Datum", "en": "Date"},
    "pl_evidence_file": {
        "nl": "Bestand of foto (PDF, JPEG of PNG)",
        "en": "File or photo (PDF, JPEG or PNG)",
    },
    "pl_evidence_add": {"nl": "Bewijs toevoegen", "en": "Add evidence"},
    "pl_evidence_added": {"nl": "Bewijs {id} is vastgelegd.", "en": "Evidence {id} has been recorded."},
    "pl_evidence_needs_file": {
        "nl": "Kies een bestand bij soort '{kind}', of kies soort 'notitie'.",
        "en": "Choose a file for kind '{kind}', or choose kind 'note'.",
    },
    "pl_evidence_needs_note": {
        "nl": "Een notitie zonder tekst is geen bewijs: vul de notitie in.",
        "en": "A note without text is no evidence: fill in the note.",
    },
    "pl_evidence_line": {"nl": "{day} · {kind} · {who}", "en": "{day} · {kind} · {who}"},
    "pl_download": {"nl": "{name} downloaden", "en": "Download {name}"},
    # schedule
    "pl_sched_intro": {
        "nl": "De tijdlijn van het plan en wie wat wanneer doet. Maatregelen zonder begin en einde staan er nog "
        "niet in.",
        "en": "The plan's timeline and who does what when. Measures without a start and end are not in it yet.",
    },
    "pl_sched_none": {
        "nl": "Nog geen maatregel heeft een begin- en einddatum.",
        "en": "No measure has a start and end date yet.",
    },
    "pl_gantt_title": {"nl": "Tijdlijn van het plan", "en": "Timeline of the plan"},
    "pl_matrix": {"nl": "Wie doet wat wanneer", "en": "Who does what when"},
    "pl_matrix_partner": {"nl": "Partner", "en": "Partner"},
    "pl_unplanned": {
        "nl": "Nog zonder begin en einde: {names}.",
        "en": "Still without start and end: {names}.",
    },
    "pl_measure": {"nl": "Maatregel", "en": "Measure"},
    # effect
    "pl_eff_intro": {
        "nl": "Voor een uitgevoerde maatregel op de kaart: het aantal voor en na de start in zijn zone (bij een punt "
        "of wegvak de strook eromheen), vergeleken met vergelijkbare zones zonder de maatregel "
        "(verschil-in-verschillen op aantallen, met 95%-interval).",
        "en": "For a measure carried out on the map: the count before and after its start in its zone (around a "
        "point or road segment: the strip around it), compared with comparable zones without the measure "
        "(difference-in-differences on counts, with a 95% interval).",
    },
    "pl_eff_none": {
        "nl": "Er is nog geen uitgevoerde maatregel die op de kaart staat.",
        "en": "There is no carried-out measure placed on the map yet.",
    },
    "pl_eff_measure": {"nl": "Maatregel", "en": "Measure"},
    "pl_eff_layer": {"nl": "Wat telt", "en": "What is counted"},
    "pl_eff_start": {"nl": "Vanaf (start van de maatregel)", "en": "From (start of the measure)"},
    "pl_eff_go": {"nl": "Effect berekenen", "en": "Compute the effect"},
    "pl_eff_busy": {"nl": "Effect berekenen…", "en": "Computing the effect…"},
    "pl_eff_too_few": {"nl": "Te weinig gegevens om een effect te zien.", "en": "Too few data to see an effect."},
    "pl_eff_ratio": {"nl": "Verhouding na/voor t.o.v. vergelijking", "en": "Ratio after/before vs. comparison"},
    "pl_eff_interval": {"nl": "95%-interval: {low} – {high}", "en": "95% interval: {low} – {high}"},
    "pl_eff_p": {"nl": "p = {p}", "en": "p = {p}"},
    "pl_eff_placebo": {"nl": "placebotoets: p = {p}", "en": "placebo check: p = {p}"},
    "pl_eff_mde": {
        "nl": "Het kleinste effect dat deze gegevens hadden kunnen aantonen: een daling van {pct}%.",
        "en": "The smallest effect these data could have shown: a decrease of {pct}%.",
    },
    "pl_eff_counts": {"nl": "Aantallen", "en": "Counts"},
    "pl_eff_col_zone": {"nl": "Zone", "en": "Zone"},
    "pl_eff_col_treated": {"nl": "Met maatregel", "en": "With the measure"},
    "pl_eff_col_after": {"nl": "Na de start", "en": "After the start"},
    "pl_eff_col_n": {"nl": "Aantal", "en": "Count"},
    "pl_eff_col_exposure": {"nl": "Dagen", "en": "Days"},
    # export
    "pl_exp_intro": {
        "nl": "Het hele plan in het Nederlands: samenvatting van de analyse, doelen met nulwaarden, maatregelen, "
        "kaart van de maatregelen, planning en werkwijze.",
        "en": "The whole plan in Dutch: analysis summary, objectives with baselines, measures, map of the "
        "measures, schedule and working method.",
    },
    "pl_exp_none": {
        "nl": "Uw rol mag het plan niet exporteren.",
        "en": "Your role may not export the plan.",
    },
    "pl_docx": {"nl": "Plan als Word (DOCX)", "en": "Plan as Word (DOCX)"},
    "pl_pdf": {"nl": "Plan als PDF", "en": "Plan as PDF"},
}
