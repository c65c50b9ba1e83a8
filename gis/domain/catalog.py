"""Catalogues of the domain as data: layers, source organisations, categories and code lists.

Labels are Dutch (what users see); English labels live in the UI's translation table.
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


def category_options(source_codes: list[str] | None = None) -> list[str]:
    """All incident categories, or those of the given source organisations."""
    orgs = SOURCE_ORGS if not source_codes else [SOURCE_BY_CODE[c] for c in source_codes]
    return [c for o in orgs for c in o.categories]


# Owner types asked for by the provinces' drug-waste clean-up scheme (BIJ12).
OWNER_TYPES: tuple[str, ...] = (
    "particulier", "agrarisch bedrijf", "ander bedrijf", "gemeente", "provincie", "waterschap",
    "Staatsbosbeheer", "Natuurmonumenten / Landschap", "Rijkswaterstaat / ProRail", "overig",
)  # fmt: skip
