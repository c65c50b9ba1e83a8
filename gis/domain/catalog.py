"""Catalogues of the domain as data: layers, source organisations, categories and code lists.

Codes are Dutch and are what the store keeps; ``label`` shows a code in the interface language
(``VALUE_LABELS_EN`` for English), so stored codes never change with the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Layer(StrEnum):
    """The point layers of the map (areas and boundaries are polygon layers of their own)."""

    BARNS = "barns"
    DUMPINGS = "dumpings"
    INCIDENTS = "incidents"


POINT_LAYERS: tuple[Layer, ...] = (Layer.BARNS, Layer.DUMPINGS, Layer.INCIDENTS)


@dataclass(frozen=True)
class SourceOrg:
    """A partner organisation that supplies records, with its incident categories."""

    code: str
    name: str
    confidential: bool
    categories: tuple[str, ...]


SOURCE_ORGS: tuple[SourceOrg, ...] = (
    SourceOrg(
        "politie",
        "Politie",
        True,
        (
            "hennepkwekerij",
            "drugslab",
            "inbraak schuur/erf",
            "diefstal landbouwvoertuig",
            "verdachte situatie",
        ),
    ),
    SourceOrg("riec", "RIEC", True, ("signaal ondermijning", "verdachte verhuur", "witwassen vastgoed")),
    SourceOrg("brandweer", "Brandweer", False, ("brand schuur", "brand voertuig", "gevaarlijke stoffen")),
    SourceOrg(
        "omgevingsdienst",
        "Omgevingsdienst",
        False,
        ("drugsafval aangetroffen", "illegale lozing", "afvaldumping overig"),
    ),
    SourceOrg("natuur", "Natuurbeheerder", False, ("verdachte situatie natuurgebied", "dumping in bos")),
    SourceOrg("gemeente", "Gemeente", False, ("melding leegstand", "verdachte bewoning", "overlast erf")),
    SourceOrg("waterschap", "Waterschap", False, ("lozing oppervlaktewater", "verdachte stoffen sloot")),
)

SOURCE_BY_CODE: dict[str, SourceOrg] = {s.code: s for s in SOURCE_ORGS}

PLACE_TYPES: tuple[str, ...] = ("akker", "bos", "sloot/water", "bermen/wegkant", "schuur", "voertuig")
WASTE_TYPES: tuple[str, ...] = (
    "jerrycans",
    "vaten",
    "IBC-containers",
    "losse vloeistof",
    "zakken",
    "productieapparatuur",
)
SUBSTANCES: tuple[str, ...] = (
    "BMK",
    "PMK",
    "APAAN",
    "amfetamine-afval",
    "MDMA-afval",
    "zuren",
    "oplosmiddelen",
)
DUMPING_STATUSES: tuple[str, ...] = ("gemeld", "in onderzoek", "geruimd", "gesloten")
BARN_STATUSES: tuple[str, ...] = ("geregistreerd", "gecontroleerd", "herbestemd", "gesloopt")
CONFIDENTIALITY: tuple[str, ...] = ("openbaar", "intern", "vertrouwelijk")


# English labels of the code lists shown to users (statuses, place, waste and owner types, substances).
VALUE_LABELS_EN: dict[str, str] = {
    "gemeld": "reported", "in onderzoek": "under investigation", "geruimd": "cleared", "gesloten": "closed",
    "akker": "field", "bos": "forest", "sloot/water": "ditch/water", "bermen/wegkant": "verge/roadside",
    "schuur": "barn", "voertuig": "vehicle",
    "jerrycans": "jerrycans", "vaten": "drums", "IBC-containers": "IBC containers", "losse vloeistof": "loose liquid",
    "zakken": "bags", "productieapparatuur": "production equipment",
    "amfetamine-afval": "amphetamine waste", "MDMA-afval": "MDMA waste", "zuren": "acids", "oplosmiddelen": "solvents",
    "Politie": "Police", "Brandweer": "Fire brigade", "Omgevingsdienst": "Environmental service",
    "Natuurbeheerder": "Nature manager", "Gemeente": "Municipality", "Waterschap": "Water board",
}  # fmt: skip


def label(value: object, lang: str = "nl") -> str:
    """A code as users read it: the Dutch code itself, or its English label when ``lang`` is ``en``.

    Unknown values (free text, old codes) are shown as they are.
    """
    text = "" if value is None else str(value)
    return VALUE_LABELS_EN.get(text, text) if lang == "en" else text


def labels(values: str, lang: str = "nl", sep: str = "; ") -> str:
    """A ``sep``-separated list of codes (substances as stored) with each code as ``label``."""
    return sep.join(label(v, lang) for v in values.split(sep)) if values else values


# The category of an incident whose file value is not (yet) mapped to the organisation's list: the row is kept,
# its original text stored beside it (``category_original``), and it can be re-mapped later.
OTHER_CATEGORY = "overig"

# Code lists kept in the store (``code_values``) and edited by an administrator; seeded from the tuples above.
# Statuses stay fixed here: the dumping workflow (``gis.domain.dumping_workflow``) and the barn register depend
# on their meaning, so a new status is a change of code, not of data.
CODE_LISTS: tuple[str, ...] = ("category", "waste_type", "place_type")
CODE_LIST_LABELS: dict[str, dict[str, str]] = {
    "category": {"nl": "Incidentcategorieën (per bronorganisatie)", "en": "Incident categories (per source)"},
    "waste_type": {"nl": "Soorten afval", "en": "Waste types"},
    "place_type": {"nl": "Soorten plek", "en": "Place types"},
}


def code_list_seed() -> list[tuple[str, str, str, str, str | None, int]]:
    """Today's lists as rows ``(list, owner, code, Dutch label, English label, order)``; ``owner`` is the source
    organisation for categories (each also gets ``overig``) and empty for the other lists."""
    rows: list[tuple[str, str, str, str, str | None, int]] = []
    for org in SOURCE_ORGS:
        for i, code in enumerate((*org.categories, OTHER_CATEGORY)):
            rows.append(("category", org.code, code, code, "other" if code == OTHER_CATEGORY else None, i))
    for name, values in (("waste_type", WASTE_TYPES), ("place_type", PLACE_TYPES)):
        rows += [(name, "", v, v, VALUE_LABELS_EN.get(v), i) for i, v in enumerate(values)]
    return rows


def category_options(source_codes: list[str] | None = None) -> list[str]:
    """All incident categories, or those of the given source organisations."""
    orgs = SOURCE_ORGS if not source_codes else [SOURCE_BY_CODE[c] for c in source_codes]
    return [c for o in orgs for c in o.categories]


# Owner types asked for by the provinces' drug-waste clean-up scheme (BIJ12).
OWNER_TYPES: tuple[str, ...] = (
    "particulier", "agrarisch bedrijf", "ander bedrijf", "gemeente", "provincie", "waterschap",
    "Staatsbosbeheer", "Natuurmonumenten / Landschap", "Rijkswaterstaat / ProRail", "overig",
)  # fmt: skip
