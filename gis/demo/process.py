"""The partnership of the demo areas (steps A2–A5), so the Samenwerking and Keurmerk pages show a partnership at
work: participants with made-up representatives, objectives and agreements, a meeting with minutes and action
items, and a signed declaration of intent. Written through the store's own checked writes."""

from __future__ import annotations

from datetime import date

from gis.store import Store

DEMO_USER = "demo"
# The demo areas with a partnership (area -> its main municipality); the first demo area (by name) has none yet,
# so a user can also start one from scratch.
DEMO_PARTNERSHIPS: dict[str, str] = {
    "KIEK UUT Noordoost-Twente": "Dinkelland",
    "Veilig Buitengebied Salland": "Raalte",
}
# (organisation, kind, made-up representative, role title); every name is invented and marked "(demo)"
PARTIES: tuple[tuple[str, str, str, str], ...] = (
    ("Gemeente {muni}", "gemeente", "J. de Vries (demo)", "beleidsadviseur openbare orde"),
    ("Politie Oost-Nederland", "politie", "A. Jansen (demo)", "wijkagent buitengebied"),
    ("Omgevingsdienst {muni} e.o.", "omgevingsdienst", "M. Bakker (demo)", "toezichthouder"),
    ("LTO Noord, afdeling {muni}", "lto", "H. Wolters (demo)", "bestuurslid"),
)
AGREEMENTS: tuple[tuple[str, str], ...] = (
    ("doel", "Minder dumpingen van drugsafval in het buitengebied, en elke dumping binnen een week geruimd."),
    ("doel", "Boeren weten waar ze een verdachte benadering of leegstand kunnen melden."),
    ("besluitvorming", "De werkgroep besluit bij meerderheid; de gemeente zit voor en legt besluiten vast."),
    ("intern", "De werkgroep komt elk kwartaal bij elkaar; tussendoor via de contactpersonen."),
    ("extern", "Alleen de gemeente communiceert naar buiten, na overleg met de politie."),
)


def seed_partnership(store: Store, area_id: int, municipality: str, signed_on: date) -> dict[str, int]:
    """One demo area's partnership up to a signed declaration of intent (A2–A5); returns participant ids."""
    ids: dict[str, int] = {}
    for organisation, kind, person, role in PARTIES:
        name = organisation.format(muni=municipality)
        pid = store.save_participant(area_id, {"organisation": name, "kind": kind, "joined_on": signed_on}, DEMO_USER)
        store.save_representative(pid, {"name": person, "role_title": role}, DEMO_USER)
        ids[kind] = pid
    for kind, text in AGREEMENTS:
        store.save_agreement(area_id, {"kind": kind, "text": text}, DEMO_USER)
    meeting = store.save_meeting(
        area_id,
        {"held_on": signed_on, "title": "Startoverleg (demo)",
         "minutes": "Kennismaking; het gebied en de aanpak besproken.",
         "decisions": "De intentieverklaring wordt getekend; de gemeente start de veiligheidsanalyse."},
        DEMO_USER,
    )  # fmt: skip
    store.save_action_item(meeting, {"text": "Enquête onder boeren voorbereiden", "owner": "Gemeente",
                                     "due_on": signed_on}, DEMO_USER)  # fmt: skip
    for pid in ids.values():
        store.record_signature(area_id, "intentieverklaring", pid, signed_on, DEMO_USER)
    return ids


def seed_demo_partnerships(store: Store, municipalities: dict[str, str], signed_on: date) -> int:
    """The partnership of each demo area named in ``municipalities`` (area name -> main municipality); returns how
    many areas got one."""
    areas = store.areas()
    done = 0
    for row in areas.itertuples():
        if row.name in municipalities:
            seed_partnership(store, int(row.id), municipalities[row.name], signed_on)
            done += 1
    return done
