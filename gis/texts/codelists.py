"""Text of the code-list editor (Beheer: categories, waste and place types) for administrators."""

from __future__ import annotations

CODELIST_TEXT: dict[str, dict[str, str]] = {
    "cl_title": {"nl": "Codelijsten", "en": "Code lists"},
    "cl_intro": {
        "nl": "De keuzelijsten van het dashboard. Een waarde wordt nooit verwijderd: records houden hun code. "
        "Trek een waarde in om haar uit de keuzes te halen; elke wijziging komt in de geschiedenis.",
        "en": "The dashboard's lists of choices. A value is never deleted: records keep their code. Retire a value "
        "to take it out of the choices; every change is kept in the history.",
    },
    "cl_list": {"nl": "Lijst", "en": "List"},
    "cl_owner": {"nl": "Bronorganisatie", "en": "Source organisation"},
    "cl_cols": {"nl": "Code|Label (NL)|Label (EN)|Ingetrokken op", "en": "Code|Label (NL)|Label (EN)|Retired on"},
    "cl_add": {"nl": "Waarde toevoegen", "en": "Add a value"},
    "cl_code": {"nl": "Code (zoals opgeslagen)", "en": "Code (as stored)"},
    "cl_label_nl": {"nl": "Label (Nederlands)", "en": "Label (Dutch)"},
    "cl_label_en": {"nl": "Label (Engels)", "en": "Label (English)"},
    "cl_add_go": {"nl": "Toevoegen", "en": "Add"},
    "cl_edit": {"nl": "Waarde hernoemen of intrekken", "en": "Rename or retire a value"},
    "cl_which": {"nl": "Waarde", "en": "Value"},
    "cl_rename_go": {"nl": "Label opslaan", "en": "Save label"},
    "cl_retire_go": {"nl": "Intrekken", "en": "Retire"},
    "cl_done": {"nl": "Opgeslagen: {code}.", "en": "Saved: {code}."},
    "cl_history": {"nl": "Geschiedenis", "en": "History"},
    "cl_hist_cols": {
        "nl": "Wanneer|Wie|Lijst|Organisatie|Code|Wijziging|Was|Wordt",
        "en": "When|Who|List|Organisation|Code|Change|Was|Becomes",
    },
}
