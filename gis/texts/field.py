"""Interface text for the phone form, drafts and the dumping register: Dutch and English."""

FIELD_TEXT: dict[str, dict[str, str]] = {
    "hf_no_position": {"nl": "Locatie: nog niet gekozen", "en": "Location: not chosen yet"},
    "hf_draft_restored": {
        "nl": "Concept hersteld van {when}: u kunt verder waar u was.",
        "en": "Draft restored from {when}: you can continue where you left off.",
    },
    "hf_draft_saved": {
        "nl": "Concept bewaard om {when} ({n} ingevuld).",
        "en": "Draft kept at {when} ({n} filled in).",
    },
    "hf_draft_failed": {
        "nl": "Concept nu niet bewaard ({why}). Het formulier werkt gewoon; bij de volgende wijziging probeert de "
        "app het opnieuw.",
        "en": "Draft not kept just now ({why}). The form works as usual; the next change tries again.",
    },
    "hf_draft_conflict": {
        "nl": "tegelijk gewijzigd, bijvoorbeeld op een tweede apparaat",
        "en": "changed at the same time, for instance on a second device",
    },
    "hf_draft_discard": {"nl": "Concept weggooien", "en": "Discard the draft"},
    "hf_draft_discarded": {"nl": "Het concept is weggegooid.", "en": "The draft was discarded."},
    "hf_draft_note": {
        "nl": "Wat u invult blijft als concept bewaard, ook als de pagina herlaadt; foto's niet: voeg die vlak "
        "voor het opslaan toe.",
        "en": "What you fill in is kept as a draft, also when the page reloads; photos are not: add those just "
        "before saving.",
    },
    "hf_check_failed": {"nl": "Niet opgeslagen: verbeter dit eerst.", "en": "Not saved: please correct this first."},
    "hf_choose_duplicate": {
        "nl": "Nog niet opgeslagen: kies hieronder.",
        "en": "Not saved yet: choose below.",
    },
    "hf_cancelled": {
        "nl": "Niet opgeslagen; uw invoer staat er nog.",
        "en": "Not saved; what you entered is still there.",
    },
    "hf_new_report": {"nl": "Nieuwe melding", "en": "New report"},
}
