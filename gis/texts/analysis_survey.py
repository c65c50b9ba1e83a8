"""Interface text for the Analyse page (analysis_survey): Dutch and English."""

SURVEY_TEXT: dict[str, dict[str, str]] = {
    # parts of the tab
    "sv_part": {"nl": "Onderdeel", "en": "Part"},
    "sv_part_results": {"nl": "Resultaten", "en": "Results"},
    "sv_part_interview": {"nl": "Interview invoeren", "en": "Enter interview"},
    "sv_part_import": {"nl": "Bestand inlezen", "en": "Import file"},
    "sv_part_forms": {"nl": "Vragenlijsten", "en": "Questionnaires"},
    # downloads
    "sv_forms_intro": {
        "nl": "Download de vragenlijsten om te printen, of de Excel-sjabloon om antwoorden in te vullen en daarna "
        "in te lezen. Elke vragenlijst heeft een eigen sjabloon.",
        "en": "Download the questionnaires to print, or the Excel template to fill in answers and import them "
        "afterwards. Each questionnaire has its own template.",
    },
    "sv_template": {"nl": "Excel-sjabloon", "en": "Excel template"},
    "sv_pdf": {"nl": "Vragenlijst (PDF)", "en": "Questionnaire (PDF)"},
    "sv_q_agrariers": {"nl": "Agrariërs en ondernemers", "en": "Farmers and entrepreneurs"},
    "sv_q_bewoners": {"nl": "Bewoners", "en": "Residents"},
    # results
    "sv_none": {
        "nl": "Voor dit gebied zijn nog geen enquêteantwoorden ingelezen of ingevoerd.",
        "en": "No survey answers have been imported or entered for this area yet.",
    },
    "sv_respondents": {"nl": "Respondenten in {area}: {n}", "en": "Respondents in {area}: {n}"},
    "sv_respondents_region": {"nl": "in de hele regio: {n}", "en": "in the whole region: {n}"},
    "sv_few": {"nl": "minder dan 5", "en": "fewer than 5"},
    "sv_type": {"nl": "Respondenten", "en": "Respondents"},
    "sv_type_all": {"nl": "alle soorten samen", "en": "all kinds together"},
    "sv_approached": {"nl": "Benaderd door criminelen", "en": "Approached by criminals"},
    "sv_in_area": {"nl": "In {area}: ", "en": "In {area}: "},
    "sv_in_region": {"nl": "In de hele regio: ", "en": "In the whole region: "},
    "sv_scoped": {
        "nl": "U ziet de resultaten van dit gebied; de cijfers van de hele regio zijn niet voor uw rol.",
        "en": "You see the results of this area; the figures of the whole region are not available to your role.",
    },
    "sv_rule_note": {
        "nl": "Aandelen met 95%-betrouwbaarheidsinterval (Wilson), gemiddelden met 95%-interval. Groepen met "
        "minder dan 10 respondenten of antwoorden krijgen geen percentage of gemiddelde; aantallen onder 5 "
        "zijn verborgen (lege cel, de reden staat erbij). Open antwoorden staan niet in deze cijfers.",
        "en": "Shares with 95% confidence interval (Wilson), means with 95% interval. Groups of fewer than 10 "
        "respondents or answers get no percentage or mean; counts under 5 are hidden (empty cell, with the "
        "reason). Open answers are not in these figures.",
    },
    "sv_where_area": {"nl": "gebied", "en": "area"},
    "sv_where_region": {"nl": "regio", "en": "region"},
    "sv_col_answer": {"nl": "antwoord", "en": "answer"},
    "sv_col_answered": {"nl": "{w}: beantwoord", "en": "{w}: answered"},
    "sv_col_count": {"nl": "{w}: aantal", "en": "{w}: count"},
    "sv_col_share": {"nl": "{w}: aandeel %", "en": "{w}: share %"},
    "sv_col_low": {"nl": "{w}: 95% laag", "en": "{w}: 95% low"},
    "sv_col_high": {"nl": "{w}: 95% hoog", "en": "{w}: 95% high"},
    "sv_col_mean": {"nl": "{w}: gemiddelde", "en": "{w}: mean"},
    "sv_col_reason": {"nl": "{w}: reden verborgen", "en": "{w}: reason hidden"},
    "sv_mean_row": {"nl": "gemiddelde", "en": "mean"},
    "sv_axis_share": {"nl": "aandeel (%) met 95%-interval", "en": "share (%) with 95% interval"},
    "sv_axis_mean": {"nl": "gemiddelde met 95%-interval", "en": "mean with 95% interval"},
    "sv_chart_empty": {
        "nl": "Geen grafiek: alle aandelen zijn verborgen (zie de reden in de tabel).",
        "en": "No chart: every share is hidden (see the reason in the table).",
    },
    "sv_open_title": {"nl": "Open antwoorden (vertrouwelijk)", "en": "Open answers (confidential)"},
    "sv_open_note": {
        "nl": "Alleen voor uw rol zichtbaar; de tekst staat er zoals ingevuld (niet opgemaakt).",
        "en": "Visible to your role only; the text is shown as typed (not formatted).",
    },
    "sv_open_none": {"nl": "Er zijn geen open antwoorden.", "en": "There are no open answers."},
    "sv_col_type": {"nl": "respondent", "en": "respondent"},
    "sv_col_postcode": {"nl": "postcode", "en": "postcode"},
    "sv_col_question": {"nl": "vraag", "en": "question"},
    "sv_col_text": {"nl": "antwoord", "en": "answer"},
    "sv_export": {"nl": "Antwoorden {q} (Excel)", "en": "Answers {q} (Excel)"},
    "sv_export_note": {
        "nl": "Individuele antwoorden, met open antwoorden: alleen voor het enquêteteam, niet doorsturen.",
        "en": "Individual answers, with open answers: for the survey team only, do not forward.",
    },
    # import
    "sv_import_intro": {
        "nl": "Lees een ingevuld bestand (.xlsx of .csv, ten hoogste {size}) in voor {area}. Het bestand wordt "
        "eerst gecontroleerd; alleen een bestand zonder problemen kan worden opgeslagen, in zijn geheel.",
        "en": "Import a filled-in file (.xlsx or .csv, at most {size}) for {area}. The file is checked first; "
        "only a file without problems can be stored, as a whole.",
    },
    "sv_questionnaire": {"nl": "Vragenlijst van het bestand", "en": "Questionnaire of the file"},
    "sv_file": {"nl": "Bestand met antwoorden", "en": "File with answers"},
    "sv_too_big": {
        "nl": "'{name}' is {size}; de grens is {limit} per bestand. Splits het bestand.",
        "en": "'{name}' is {size}; the limit is {limit} per file. Split the file.",
    },
    "sv_problems": {"nl": "Problemen (rij, veld, waarde)", "en": "Problems (row, field, value)"},
    "sv_col_row": {"nl": "rij", "en": "row"},
    "sv_col_field": {"nl": "veld", "en": "field"},
    "sv_col_value": {"nl": "waarde", "en": "value"},
    "sv_col_message": {"nl": "melding", "en": "message"},
    "sv_other_area": {
        "nl": "respondent hoort bij PPS-gebied '{other}', niet bij '{area}'; lees alleen respondenten van dit "
        "gebied in (een eigen bestand per gebied)",
        "en": "respondent belongs to PPS area '{other}', not to '{area}'; import respondents of this area only "
        "(one file per area)",
    },
    "sv_assigned": {
        "nl": "{n} respondent(en) zonder PPS-gebied (alleen een postcode) worden aan {area} toegekend. De postcode "
        "wordt niet tegen de gebiedsgrens gecontroleerd: controleer zelf dat ze in het gebied liggen.",
        "en": "{n} respondent(s) without a PPS area (a postcode only) are assigned to {area}. The postcode is not "
        "checked against the area's boundary: check yourself that they lie in the area.",
    },
    "sv_store": {"nl": "{n} respondenten opslaan", "en": "Store {n} respondents"},
    "sv_stored": {
        "nl": "{n} respondenten ingelezen uit '{name}' (inlezing {id}).",
        "en": "{n} respondents imported from '{name}' (import {id}).",
    },
    "sv_imports": {"nl": "Ingelezen bestanden van dit gebied", "en": "Files imported for this area"},
    "sv_imports_none": {
        "nl": "Nog geen bestanden ingelezen voor dit gebied.",
        "en": "No files imported for this area yet.",
    },
    "sv_col_id": {"nl": "inlezing", "en": "import"},
    "sv_col_file": {"nl": "bestand", "en": "file"},
    "sv_col_user": {"nl": "door", "en": "by"},
    "sv_col_when": {"nl": "op", "en": "at"},
    "sv_col_rows": {"nl": "respondenten", "en": "respondents"},
    "sv_col_undone": {"nl": "teruggedraaid op", "en": "undone at"},
    "sv_undo_pick": {"nl": "Inlezing terugdraaien", "en": "Undo an import"},
    "sv_undo_confirm": {
        "nl": "Ja, verwijder de {n} respondenten van '{name}' (inlezing {id})",
        "en": "Yes, remove the {n} respondents of '{name}' (import {id})",
    },
    "sv_undo": {"nl": "Terugdraaien", "en": "Undo"},
    "sv_undone": {
        "nl": "Inlezing {id} teruggedraaid: {n} respondenten verwijderd.",
        "en": "Import {id} undone: {n} respondents removed.",
    },
    # interview
    "sv_form_intro": {
        "nl": "Interview aan de keukentafel in {area}. Kies eerst de soort respondent; vervolgvragen verschijnen "
        "alleen na 'ja'. Noteer geen namen.",
        "en": "Kitchen-table interview in {area}. First choose the kind of respondent; follow-up questions appear "
        "only after 'yes'. Do not write down names.",
    },
    "sv_form_type": {"nl": "Soort respondent", "en": "Kind of respondent"},
    "sv_form_choose_type": {"nl": "Kies eerst de soort respondent.", "en": "First choose the kind of respondent."},
    "sv_form_date": {"nl": "Datum van het interview", "en": "Date of the interview"},
    "sv_form_postcode": {"nl": "Postcode (4 cijfers, mag leeg)", "en": "Postcode (4 digits, may be empty)"},
    "sv_form_ref": {"nl": "Respondentnummer (geen naam, mag leeg)", "en": "Respondent number (no name, may be empty)"},
    "sv_form_required": {"nl": "verplicht", "en": "required"},
    "sv_form_save": {"nl": "Interview opslaan", "en": "Save interview"},
    "sv_form_refused": {
        "nl": "Niet opgeslagen; verbeter het volgende:",
        "en": "Not saved; please correct the following:",
    },
    "sv_form_saved": {"nl": "Interview opgeslagen (respondent {n}).", "en": "Interview saved (respondent {n})."},
    "sv_yes": {"nl": "ja", "en": "yes"},
    "sv_no": {"nl": "nee", "en": "no"},
    "sv_postcode_outside": {
        "nl": "postcode {postcode} hoort niet bij {area} (de postcodes van het gebied staan op het tabblad "
        "Gebiedsprofiel)",
        "en": "postcode {postcode} is not one of {area}'s postcodes (see the area's postcodes on the profile tab)",
    },
}
