"""The conditions for the Keurmerk Veilig Buitengebied (what an area still lacks before it may apply, in Dutch or
English) and
the application package: the certification file with a cover letter PDF, as one ZIP.

Derived from the signed-in role's guarded store (``gis.partnership.progress``, ``gis.partnership.audit_file``).
No Streamlit here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gis.partnership.audit_file import MIN_CARRIED_OUT, audit_files, carried_out, write_zip
from gis.partnership.audit_index import index_pdf, letter_pdf
from gis.partnership.facts import read
from gis.partnership.progress import HIDDEN_TEXT, area_progress
from gis.partnership.progress_en import HIDDEN_TEXT_EN
from gis.store.errors import StoreError

__all__ = ["application_package", "keurmerk_conditions", "package_filename"]

# The steps whose completion the Keurmerk asks, with the condition in words (Dutch, English).
_STEP_CONDITIONS: tuple[tuple[str, str, str], ...] = (
    ("A1", "een afgebakend gebied", "a delineated area"),
    ("A2", "deelnemers: de gemeente en ten minste twee andere organisaties",
     "participants: the municipality and at least two other organisations"),
    ("A3", "vastgelegde doelstellingen", "recorded objectives"),
    ("A4", "afspraken over besluitvorming en communicatie", "agreements on decision-making and communication"),
    ("A5", "een getekende intentieverklaring", "a signed declaration of intent"),
    ("B1", "een veiligheidsanalyse: bevroren 0-meting met enquête en schouw",
     "a safety analysis: a frozen baseline measurement with a survey and a site walk"),
    ("B2", "gekozen maatregelen", "chosen measures"),
    ("B3", "een plan van aanpak: maatregelen met partner en data, doelstellingen met nul- en streefwaarde",
     "a plan of action: measures with partner and dates, objectives with baseline and target"),
)  # fmt: skip


def keurmerk_conditions(store: Any, area_id: int, lang: str = "nl") -> list[str]:
    """What ``area_id`` still lacks for a Keurmerk application (sentences in ``lang``: "nl" or "en"); empty when
    it may apply."""
    en = lang == "en"
    hidden, needed = (HIDDEN_TEXT_EN, "still needed") if en else (HIDDEN_TEXT, "nog nodig")
    progress = area_progress(store, area_id)
    missing = []
    for code, nl_words, en_words in _STEP_CONDITIONS:
        step, words = progress.step(code), en_words if en else nl_words
        if step.hidden:
            missing.append(f"{words}: {hidden}")
        elif not step.done:
            missing.append(f"{words} ({needed}: {'; '.join(step.missing_en if en else step.missing)})")
    if not progress.covenant_signed:
        missing.append("a covenant signed by the municipality and the police" if en
                       else "een convenant getekend door de gemeente en de politie")  # fmt: skip
    what = (f"at least {MIN_CARRIED_OUT} measures carried out with evidence" if en
            else f"ten minste {MIN_CARRIED_OUT} uitgevoerde maatregelen met bewijs")  # fmt: skip
    measures, evidence = read(store, "area_measures", int(area_id)), read(store, "measure_evidence", int(area_id))
    if measures is None or evidence is None:
        missing.append(f"{what}: {hidden}")
    elif (n := len(carried_out(measures, evidence))) < MIN_CARRIED_OUT:
        missing.append(f"{what} ({'now' if en else 'nu'} {n})")
    return missing


def package_filename(area_name: str, when: datetime) -> str:
    """``aanvraag_keurmerk_<area>_<yyyymmdd>.zip`` (letters, digits and dashes only)."""
    from gis.io.area_export import slug

    return f"aanvraag_keurmerk_{slug(area_name)}_{when:%Y%m%d}.zip"


def application_package(store: Any, area_id: int) -> bytes:
    """The Keurmerk application of ``area_id`` as ZIP bytes: ``00_aanvraagbrief.pdf`` and the certification file
    under ``auditdossier/`` (its index and every item). Refused (``StoreError``, Dutch, listing what is
    missing) while a condition is not met."""
    areas = store.areas()
    row = areas[areas["id"].astype(int) == int(area_id)]
    if row.empty:
        raise StoreError(f"Gebied {area_id} bestaat niet (meer) of valt buiten uw bereik.")
    name = str(row["name"].iloc[0])
    if missing := keurmerk_conditions(store, area_id):
        raise StoreError(f"{name} kan het keurmerk nog niet aanvragen. Nog nodig: " + "; ".join(missing) + ".")
    items, files = audit_files(store, area_id)
    now = datetime.now()
    demo = bool(store.is_demo())
    progress = area_progress(store, area_id)
    parties = read(store, "participants", int(area_id))
    n_parties = 0 if parties is None else int(parties["removed_at"].isna().sum())
    text = [
        "Geachte auditor,",
        f"Namens de {n_parties} partners van de samenwerking Veilig Buitengebied in het gebied {name} vragen wij "
        "een audit aan voor het Keurmerk Veilig Buitengebied.",
        "Aan de voorwaarden is voldaan: het convenant is getekend door de gemeente en de politie, de "
        "veiligheidsanalyse (0-meting met enquête en schouw) is vastgelegd, het plan van aanpak is vastgesteld en "
        f"ten minste {MIN_CARRIED_OUT} maatregelen zijn aantoonbaar uitgevoerd.",
        f"Stand van het proces: {progress.stage}.",
        "Het auditdossier is bijgevoegd; de index (00_index.pdf) noemt elk onderdeel en waar het ontbreekt.",
    ]
    enclosed = [f"{i.title}: {'aanwezig' if i.present else 'ontbreekt'}" for i in items]
    letter = letter_pdf(name, text, enclosed, now, demo)
    index = index_pdf(name, items, now, demo=demo)
    bundle = [("00_aanvraagbrief.pdf", letter), ("auditdossier/00_index.pdf", index)]
    bundle += [(f"auditdossier/{path}", data) for path, data in files]
    return write_zip(bundle, now)
