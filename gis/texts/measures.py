"""Interface text for the Maatregelen page (step B2: measure catalogue, proposals, choosing and placing measures).
Keys start with ``ms_`` (catalogue editor: ``mc_``). Dutch and English.
"""

MEASURES_TEXT: dict[str, dict[str, str]] = {
    "nav_measures": {"nl": "Maatregelen", "en": "Measures"},
    # page
    "ms_area": {"nl": "Gebied", "en": "Area"},
    "ms_no_areas": {
        "nl": "U heeft nog geen gebied om maatregelen voor te kiezen. De catalogus kunt u wel bekijken.",
        "en": "You have no area to choose measures for yet. You can browse the catalogue.",
    },
    "ms_read_only": {
        "nl": "U kunt de maatregelen en de besluiten lezen; u wijzigt hier niets.",
        "en": "You can read the measures and the decisions; you change nothing here.",
    },
    "ms_read_only_rank": {
        "nl": "U geeft maatregelen een rang en commentaar; de coördinator legt de besluiten vast.",
        "en": "You rank and comment on measures; the coordinator records the decisions.",
    },
    "ms_tab_proposals": {"nl": "Voorstellen", "en": "Proposals"},
    "ms_tab_discuss": {"nl": "Bespreken", "en": "Discuss"},
    "ms_tab_map": {"nl": "Op de kaart", "en": "On the map"},
    "ms_tab_catalogue": {"nl": "Catalogus", "en": "Catalogue"},
    "ms_not_saved": {"nl": "Niet opgeslagen:", "en": "Not saved:"},
    # proposals
    "ms_proposals_help": {
        "nl": "Voorstellen volgen uit de analyse van het gebied: elke bevinding leidt via een vaste regel tot "
        "maatregelen tegen dat probleem. Het bewijs komt uit de Crime Reduction Toolkit (EMMIE).",
        "en": "Proposals follow from the area's analysis: each finding leads by a fixed rule to measures against "
        "that problem. The evidence comes from the Crime Reduction Toolkit (EMMIE).",
    },
    "ms_signals": {"nl": "Wat de analyse laat zien", "en": "What the analysis shows"},
    "ms_no_proposals": {
        "nl": "De analyse van dit gebied leidt (nog) niet tot voorstellen. U kunt zelf een maatregel toevoegen.",
        "en": "The analysis of this area leads to no proposals (yet). You can add a measure yourself.",
    },
    "ms_no_proposals_view": {
        "nl": "De analyse van dit gebied leidt voor uw rol (nog) niet tot voorstellen: uw rol ziet aantallen alleen "
        "als vakken van 1 km met minstens 5, en een verborgen aantal leidt nooit tot een voorstel. De maatregelen die "
        "de werkgroep bespreekt, staan onder Bespreken.",
        "en": "The analysis of this area leads to no proposals for your role (yet): your role sees counts only as "
        "1 km cells of at least 5, and a hidden count never leads to a proposal. The measures the working group "
        "discusses are under Discuss.",
    },
    "ms_proposals_busy": {"nl": "De analyse van het gebied wordt gelezen…", "en": "Reading the area's analysis…"},
    "ms_more_proposals": {"nl": "Meer voorstellen ({n})", "en": "More proposals ({n})"},
    "ms_problems": {"nl": "Werkt tegen", "en": "Addresses"},
    "ms_listed": {"nl": "Staat op de lijst van dit gebied: {decision}.", "en": "On this area's list: {decision}."},
    "ms_choose": {"nl": "Kies deze maatregel", "en": "Choose this measure"},
    "ms_to_discuss": {"nl": "Ter bespreking", "en": "To discuss"},
    "ms_added": {"nl": "{name} staat op de lijst ({decision}).", "en": "{name} is on the list ({decision})."},
    "ms_own": {"nl": "Zelf een maatregel toevoegen", "en": "Add a measure yourself"},
    "ms_own_code": {"nl": "Uit de catalogus", "en": "From the catalogue"},
    "ms_own_title": {"nl": "Of een eigen maatregel (titel)", "en": "Or a measure of your own (title)"},
    "ms_own_title_help": {
        "nl": "Bij een maatregel uit de catalogus is dit een eigen titel; zonder catalogusmaatregel is dit de "
        "maatregel zelf.",
        "en": "With a catalogue measure this is an own title; without one this is the measure itself.",
    },
    "ms_own_add": {"nl": "Toevoegen", "en": "Add"},
    "ms_own_missing": {
        "nl": "Niet opgeslagen: kies een maatregel uit de catalogus of geef een eigen titel.",
        "en": "Not saved: choose a measure from the catalogue or give a title of your own.",
    },
    "ms_reason": {"nl": "Reden", "en": "Reason"},
    "ms_decision": {"nl": "Besluit", "en": "Decision"},
    # evidence (shared with the catalogue)
    "ms_effect": {"nl": "Effect", "en": "Effect"},
    "ms_evidence": {"nl": "Bewijs", "en": "Evidence"},
    "ms_cost": {"nl": "Kosten", "en": "Cost"},
    "ms_effort": {"nl": "Inspanning", "en": "Effort"},
    "ms_weak_zwak": {
        "nl": "Het bewijs voor deze maatregel is zwak: er is weinig of alleen kleinschalig onderzoek. Het effect "
        "is dus onzeker; volg het na invoering.",
        "en": "The evidence for this measure is weak: there is little or only small-scale research. The effect is "
        "uncertain; follow it up after introduction.",
    },
    "ms_weak_geen": {
        "nl": "Naar het effect van deze maatregel is geen onderzoek gedaan. Of hij werkt, is niet bekend.",
        "en": "The effect of this measure has not been researched. Whether it works is not known.",
    },
    "ms_emmie": {"nl": "Meer over het bewijs (EMMIE)", "en": "More on the evidence (EMMIE)"},
    "ms_emmie_mechanism": {"nl": "Werking (mechanisme)", "en": "Mechanism"},
    "ms_emmie_moderators": {"nl": "Waar het werkt (omstandigheden)", "en": "Where it works (moderators)"},
    "ms_emmie_implementation": {"nl": "Wat invoering vraagt", "en": "What implementation needs"},
    "ms_emmie_economy": {"nl": "Kosten (economie)", "en": "Cost (economy)"},
    "ms_emmie_source": {"nl": "Bron", "en": "Source"},
    "ms_unknown": {"nl": "onbekend", "en": "unknown"},
    # discussion
    "ms_no_measures": {
        "nl": "Dit gebied heeft nog geen maatregelen. Kies ze op het tabblad Voorstellen.",
        "en": "This area has no measures yet. Choose them on the Proposals tab.",
    },
    "ms_discuss_help": {
        "nl": "Elk lid geeft de maatregelen een rang (1 = belangrijkst) en commentaar; de gemiddelde rang helpt "
        "het overleg kiezen. De coördinator legt het besluit en de reden vast.",
        "en": "Each member ranks the measures (1 = most important) and comments; the average rank helps the meeting "
        "choose. The coordinator records the decision and its reason.",
    },
    "ms_discuss_pick": {"nl": "Maatregel", "en": "Measure"},
    "ms_col_id": {"nl": "Nr.", "en": "No."},
    "ms_col_name": {"nl": "Maatregel", "en": "Measure"},
    "ms_col_decision": {"nl": "Besluit", "en": "Decision"},
    "ms_col_mean_rank": {"nl": "Gemiddelde rang", "en": "Average rank"},
    "ms_col_n_ranked": {"nl": "Aantal rangen", "en": "Ranks given"},
    "ms_col_reason": {"nl": "Reden", "en": "Reason"},
    "ms_col_decided_by": {"nl": "Besloten door", "en": "Decided by"},
    "ms_col_decided_at": {"nl": "Besloten op", "en": "Decided on"},
    "ms_col_member": {"nl": "Lid", "en": "Member"},
    "ms_col_rank": {"nl": "Rang", "en": "Rank"},
    "ms_col_comment": {"nl": "Commentaar", "en": "Comment"},
    "ms_col_ranked_at": {"nl": "Op", "en": "On"},
    "ms_col_place": {"nl": "Op de kaart als", "en": "On the map as"},
    "ms_col_size": {"nl": "Lengte of oppervlakte", "en": "Length or area"},
    "ms_decision_now": {"nl": "**Besluit:** {decision}.", "en": "**Decision:** {decision}."},
    "ms_decided_by": {"nl": "Vastgelegd door {who} op {when}.", "en": "Recorded by {who} on {when}."},
    "ms_reason_is": {"nl": "**Reden:**", "en": "**Reason:**"},
    "ms_no_rankings": {
        "nl": "Nog niemand heeft deze maatregel een rang of commentaar gegeven.",
        "en": "Nobody has ranked or commented on this measure yet.",
    },
    "ms_mean_rank": {
        "nl": "**Gemiddelde rang:** {mean} (van {n} leden; 1 = belangrijkst).",
        "en": "**Average rank:** {mean} (from {n} members; 1 = most important).",
    },
    "ms_your_rank": {"nl": "Uw rang en commentaar", "en": "Your rank and comment"},
    "ms_rank": {"nl": "Rang (1 = belangrijkst)", "en": "Rank (1 = most important)"},
    "ms_no_rank": {"nl": "geen rang", "en": "no rank"},
    "ms_comment": {"nl": "Commentaar", "en": "Comment"},
    "ms_rank_save": {"nl": "Rang en commentaar bewaren", "en": "Save rank and comment"},
    "ms_rank_saved": {"nl": "Uw rang en commentaar zijn bewaard.", "en": "Your rank and comment are saved."},
    "ms_decide": {"nl": "Besluit van het overleg", "en": "The meeting's decision"},
    "ms_decide_save": {"nl": "Besluit vastleggen", "en": "Record the decision"},
    "ms_decided": {"nl": "Besluit over {name}: {decision}.", "en": "Decision on {name}: {decision}."},
    # map
    "ms_map_none": {
        "nl": "Nog geen gekozen maatregel om op de kaart te zetten. Kies maatregelen op het tabblad Voorstellen "
        "of Bespreken.",
        "en": "No chosen measure to put on the map yet. Choose measures on the Proposals or Discuss tab.",
    },
    "ms_map_pick": {"nl": "Gekozen maatregel", "en": "Chosen measure"},
    "ms_map_kind": {"nl": "Op de kaart als", "en": "On the map as"},
    "ms_map_help_punt": {
        "nl": "Kies het gereedschap 'Punt plaatsen' links op de kaart en klik op de plek. Bewaar daarna.",
        "en": "Pick the circle-marker tool on the left of the map and click the spot. Then save.",
    },
    "ms_map_help_weg": {
        "nl": "Kies 'Wegvak tekenen' links op de kaart, klik langs de weg en klik op het laatste punt om af te "
        "ronden. Bewaar daarna.",
        "en": "Pick the line tool on the left of the map, click along the road and click the last point to finish. "
        "Then save.",
    },
    "ms_map_help_zone": {
        "nl": "Kies 'Zone tekenen' of 'Zone als rechthoek' links op de kaart en teken de zone. Bewaar daarna.",
        "en": "Pick the polygon or rectangle tool on the left of the map and draw the zone. Then save.",
    },
    "ms_map_layer": {"nl": "Maatregelen", "en": "Measures"},
    "ms_map_drawing": {"nl": "Nieuwe tekening", "en": "New drawing"},
    "ms_map_drawn": {
        "nl": "Getekend: {what}. Klik op 'Op de kaart zetten' om het te bewaren.",
        "en": "Drawn: {what}. Click 'Put on the map' to save it.",
    },
    "ms_map_save": {"nl": "Op de kaart zetten", "en": "Put on the map"},
    "ms_map_clear": {"nl": "Van de kaart halen", "en": "Take off the map"},
    "ms_map_saved": {"nl": "{name} staat op de kaart als {kind}.", "en": "{name} is on the map as {kind}."},
    "ms_map_cleared": {"nl": "{name} staat niet meer op de kaart.", "en": "{name} is no longer on the map."},
    "ms_map_nothing_drawn": {
        "nl": "Niet opgeslagen: er is nog niets getekend. Teken eerst een {kind} op de kaart.",
        "en": "Not saved: nothing has been drawn yet. Draw a {kind} on the map first.",
    },
    "ms_map_nothing_placed": {
        "nl": "Nog geen maatregel van dit gebied staat op de kaart.",
        "en": "No measure of this area is on the map yet.",
    },
    # catalogue
    "mc_show_retired": {"nl": "Ook ingetrokken maatregelen", "en": "Include retired measures"},
    "mc_filter_problem": {"nl": "Probleem", "en": "Problem"},
    "mc_filter_kind": {"nl": "Soort", "en": "Kind"},
    "mc_filter_evidence": {"nl": "Sterkte van het bewijs", "en": "Strength of evidence"},
    "mc_all": {"nl": "Alle", "en": "All"},
    "mc_search": {"nl": "Zoeken in naam en beschrijving", "en": "Search name and description"},
    "mc_count": {"nl": "{n} van {total} maatregelen.", "en": "{n} of {total} measures."},
    "mc_pick": {"nl": "Maatregel bekijken", "en": "View measure"},
    "mc_col_name": {"nl": "Maatregel", "en": "Measure"},
    "mc_col_kind": {"nl": "Soort", "en": "Kind"},
    "mc_col_problems": {"nl": "Werkt tegen", "en": "Addresses"},
    "mc_col_effect": {"nl": "Effect", "en": "Effect"},
    "mc_col_evidence": {"nl": "Bewijs", "en": "Evidence"},
    "mc_col_cost": {"nl": "Kosten", "en": "Cost"},
    "mc_col_effort": {"nl": "Inspanning", "en": "Effort"},
    "mc_col_owner": {"nl": "Gebruikelijke eigenaar", "en": "Usual owner"},
    "mc_col_retired": {"nl": "Ingetrokken op", "en": "Retired on"},
    "mc_editor": {"nl": "Catalogus beheren", "en": "Manage the catalogue"},
    "mc_edit_pick": {"nl": "Maatregel om te wijzigen", "en": "Measure to change"},
    "mc_new": {"nl": "Nieuwe maatregel", "en": "New measure"},
    "mc_f_code": {"nl": "Code", "en": "Code"},
    "mc_code_help": {
        "nl": "Verplicht: een korte vaste code van 2 tot 40 tekens (kleine letters, cijfers, liggend streepje; "
        "begint met een letter). Hij verandert daarna niet.",
        "en": "Required: a short fixed code of 2 to 40 characters (lower case, digits, underscore; starts with a "
        "letter). It does not change afterwards.",
    },
    "mc_f_name": {"nl": "Naam", "en": "Name (Dutch)"},
    "mc_f_name_en": {"nl": "Naam (Engels)", "en": "Name (English)"},
    "mc_f_description": {"nl": "Beschrijving", "en": "Description (Dutch)"},
    "mc_f_description_en": {"nl": "Beschrijving (Engels)", "en": "Description (English)"},
    "mc_f_problems": {"nl": "Werkt tegen (problemen)", "en": "Addresses (problems)"},
    "mc_f_kind": {"nl": "Soort", "en": "Kind"},
    "mc_f_owner": {"nl": "Gebruikelijke eigenaar", "en": "Usual owner"},
    "mc_f_cost": {"nl": "Kosten", "en": "Cost"},
    "mc_f_effort": {"nl": "Inspanning", "en": "Effort"},
    "mc_f_effect": {"nl": "Effect", "en": "Effect"},
    "mc_f_evidence": {"nl": "Sterkte van het bewijs", "en": "Strength of evidence"},
    "mc_f_mechanism": {"nl": "Werking (mechanisme)", "en": "Mechanism"},
    "mc_f_moderators": {"nl": "Waar het werkt (omstandigheden)", "en": "Where it works (moderators)"},
    "mc_f_implementation": {"nl": "Wat invoering vraagt", "en": "What implementation needs"},
    "mc_f_economy": {"nl": "Kosten (economie)", "en": "Cost (economy)"},
    "mc_f_source": {"nl": "Bron", "en": "Source"},
    "mc_save": {"nl": "Maatregel opslaan", "en": "Save measure"},
    "mc_saved": {"nl": "Maatregel {code} is opgeslagen.", "en": "Measure {code} is saved."},
    "mc_retire": {"nl": "Intrekken", "en": "Retire"},
    "mc_retired_done": {
        "nl": "Maatregel {code} is ingetrokken: hij wordt niet meer voorgesteld; plannen houden hem.",
        "en": "Measure {code} is retired: it is no longer proposed; plans keep it.",
    },
    "mc_restore": {"nl": "Terugzetten", "en": "Restore"},
    "mc_restored": {
        "nl": "Maatregel {code} is teruggezet: hij kan weer worden gekozen.",
        "en": "Measure {code} is restored: it can be chosen again.",
    },
    "mc_delete_sure": {"nl": "Ja, verwijderen", "en": "Yes, delete"},
    "mc_delete": {"nl": "Verwijderen", "en": "Delete"},
    "mc_deleted": {"nl": "Maatregel {code} is verwijderd.", "en": "Measure {code} is deleted."},
}
