"""Interface text of signing in, accounts and the administration page (Dutch and English)."""

from __future__ import annotations

ACCOUNT_TEXT: dict[str, dict[str, str]] = {
    "lg_title": {"nl": "Inloggen", "en": "Sign in"},
    "lg_intro": {
        "nl": "Politie- en RIEC-gegevens zijn vertrouwelijk; wat u ziet hangt af van uw rol.",
        "en": "Police and RIEC data are confidential; what you see depends on your role.",
    },
    "lg_user": {"nl": "Gebruikersnaam", "en": "User name"},
    "lg_password": {"nl": "Wachtwoord", "en": "Password"},
    "lg_repeat": {"nl": "Herhaal het wachtwoord", "en": "Repeat the password"},
    "lg_submit": {"nl": "Inloggen", "en": "Sign in"},
    "lg_signed_in": {"nl": "Ingelogd als **{name}** ({role})", "en": "Signed in as **{name}** ({role})"},
    "lg_sign_out": {"nl": "Afmelden", "en": "Sign out"},
    "lg_signed_out": {"nl": "U bent afgemeld.", "en": "You have signed out."},
    "lg_expired": {
        "nl": "Uw sessie is verlopen of beëindigd; log opnieuw in.",
        "en": "Your session has expired or ended; please sign in again.",
    },
    "lg_demo": {"nl": "Demo: inloggen als", "en": "Demo: sign in as"},
    "lg_demo_note": {
        "nl": "Alleen in de demodatabase: demo-accounts zonder wachtwoord, één per rol. Verzonnen gegevens.",
        "en": "Demo database only: demo accounts without a password, one per role. Made-up data.",
    },
    "lg_setup": {"nl": "Eerste start: maak het beheerdersaccount", "en": "First start: create the administrator"},
    "lg_setup_intro": {
        "nl": "Er is nog geen account. Het eerste account is dat van de beheerder; die maakt daarna de "
        "accounts van partners aan. Kies een wachtwoord van minstens 12 tekens (een zin mag). Het setup-token "
        "staat in de uitvoer van de server bij het starten (of is de waarde van VB_SETUP_TOKEN); het werkt één keer.",
        "en": "There is no account yet. The first account is the administrator's, who then creates the "
        "partners' accounts. Choose a password of at least 12 characters (a sentence will do). The setup token "
        "is in the server's output at start (or is the value of VB_SETUP_TOKEN); it works once.",
    },
    "lg_token": {"nl": "Setup-token", "en": "Setup token"},
    "lg_refused": {
        "nl": "Aanmelden is niet gelukt. Controleer naam en wachtwoord; na herhaalde mislukte pogingen moet u "
        "enkele minuten wachten.",
        "en": "Signing in did not succeed. Check name and password; after repeated failed attempts you have to "
        "wait a few minutes.",
    },
    "lg_display": {"nl": "Naam (zoals collega's u kennen)", "en": "Name (as colleagues know you)"},
    "lg_create": {"nl": "Account aanmaken", "en": "Create account"},
    "lg_no_page": {
        "nl": "Uw rol ({role}) heeft geen toegang tot deze pagina.",
        "en": "Your role ({role}) has no access to this page.",
    },
    "nav_admin": {"nl": "Beheer", "en": "Administration"},
    "nav_audit": {"nl": "Auditlog", "en": "Audit log"},
    "ad_title": {"nl": "Beheer", "en": "Administration"},
    "ad_new": {"nl": "Nieuw account", "en": "New account"},
    "ad_role": {"nl": "Rol", "en": "Role"},
    "ad_scope": {"nl": "Werkgebied", "en": "Scope"},
    "ad_scope_help": {
        "nl": "* voor de hele regio, of gemeentecodes (GM0153) en gebieden (area:3), gescheiden door komma's.",
        "en": "* for the whole region, or municipality codes (GM0153) and areas (area:3), separated by commas.",
    },
    "ad_created": {"nl": "Account '{name}' aangemaakt.", "en": "Account '{name}' created."},
    "ad_disable": {"nl": "Account uitschakelen", "en": "Disable account"},
    "ad_enable": {"nl": "Account weer inschakelen", "en": "Enable account"},
    "ad_unlock": {"nl": "Blokkering opheffen", "en": "Lift the lock"},
    "ad_unlock_help": {
        "nl": "Na herhaalde mislukte aanmeldingen is het account vanaf een of meer adressen, of helemaal, even "
        "geblokkeerd. Opheffen geldt voor alle adressen en komt in de auditlog.",
        "en": "After repeated failed sign-ins the account is locked for a while from one or more addresses, or "
        "entirely. Lifting applies to all addresses and is written to the audit log.",
    },
    "ad_unlocked": {"nl": "Blokkering van '{name}' opgeheven.", "en": "Lock of '{name}' lifted."},
    "au_title": {"nl": "Auditlog", "en": "Audit log"},
    "au_intro": {
        "nl": "Elke wijziging, import, export en elke inlogpoging, met wie, wanneer, wat en waarom. "
        "Alleen toevoegen: niemand kan regels wijzigen of verwijderen.",
        "en": "Every change, import, export and sign-in attempt, with who, when, what and why. "
        "Append-only: nobody can change or delete lines.",
    },
    "au_user": {"nl": "Gebruiker", "en": "User"},
    "au_action": {"nl": "Handeling", "en": "Action"},
    "au_csv": {"nl": "Auditlog als CSV", "en": "Audit log as CSV"},
    "au_all": {"nl": "(alle)", "en": "(all)"},
    "ad_accounts": {"nl": "Accounts", "en": "Accounts"},
    "rt_title": {"nl": "Bewaartermijnen", "en": "Retention"},
    "rt_intro": {
        "nl": "Per laag hoe lang records bewaard blijven. Eerst ziet u wat er weg zou gaan (proefrun); "
        "verwijderen gebeurt pas na bevestiging en komt in de auditlog.",
        "en": "Per layer, how long records are kept. You first see what would go (dry run); removal only "
        "happens after confirmation and is written to the audit log.",
    },
    "rt_years": {"nl": "Bewaren (jaren)", "en": "Keep (years)"},
    "rt_closed": {"nl": "Alleen afgesloten meldingen", "en": "Closed reports only"},
    "rt_save": {"nl": "Regel opslaan", "en": "Save rule"},
    "rt_dry": {
        "nl": "Proefrun: {n} record(s) van vóór {date} zouden verwijderd worden.",
        "en": "Dry run: {n} record(s) dated before {date} would be removed.",
    },
    "rt_confirm": {
        "nl": "Ik wil deze {n} record(s) definitief verwijderen",
        "en": "Remove these {n} record(s) for good",
    },
    "rt_run": {"nl": "Bewaartermijn uitvoeren", "en": "Apply retention"},
    "rt_done": {"nl": "{n} record(s) verwijderd; vastgelegd in de auditlog.", "en": "{n} record(s) removed; logged."},
    "ad_cols": {
        "nl": "Gebruikersnaam|Naam|Rol|Werkgebied|Aangemaakt|Door|Mislukte pogingen|Geblokkeerd tot|"
        "Geblokkeerde adressen|Uitgeschakeld|Demo",
        "en": "User name|Name|Role|Scope|Created|By|Failed sign-ins|Locked until|Locked addresses|Disabled|Demo",
    },
    "au_cols": {
        "nl": "Nr|Tijd|Gebruiker|Rol|Handeling|Onderwerp|Record|Toelichting|Uitkomst",
        "en": "No|Time|User|Role|Action|Subject|Record|Detail|Outcome",
    },
    "lg_sso": {"nl": "Inloggen met uw organisatie-account", "en": "Sign in with your organisation account"},
}
