"""The fields an import can fill, per layer, as data: name, Dutch label, kind, required, options, limits.

A mapping (target field -> file column) is checked against these, and ``validate_chunk`` parses by kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gis.domain.catalog import BARN_STATUSES, CONFIDENTIALITY, DUMPING_STATUSES, PLACE_TYPES, WASTE_TYPES, Layer
from gis.domain.dumping_form import NUMBER_LIMITS

# The mapping value that means "the geometry of the file itself" (GeoJSON, GeoPackage, Shapefile, KML).
GEOMETRY_SOURCE = "(geometrie van het bestand)"
# Ways to give a location, in order of preference when several are mapped.
COORDINATE_SETS: tuple[tuple[str, ...], ...] = (("geometry",), ("x", "y"), ("lat", "lon"), ("wkt",))
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class TargetField:
    """One field an import can fill.

    ``kind`` tells how values are read: ``coord``, ``date``, ``datetime``, ``float``, ``int``, ``text``,
    ``time`` (time of day), ``choice`` (one of ``options``), ``category`` (via the category mapping), ``org`` (a source
    organisation code), ``reference`` (text, unique), ``bag_id`` or ``substances``.
    """

    name: str
    label: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    limit: float | None = None  # largest number, or longest text
    default: str | None = None
    nullable: bool = True  # False: every row needs a value, from the file or from the import's defaults


COORDINATE_FIELDS: tuple[TargetField, ...] = (
    TargetField("x", "X (RD New)", "coord"),
    TargetField("y", "Y (RD New)", "coord"),
    TargetField("lat", "Breedtegraad (WGS84)", "coord"),
    TargetField("lon", "Lengtegraad (WGS84)", "coord"),
    TargetField("wkt", "Geometrie als WKT", "coord"),
    TargetField("geometry", "Geometrie van het bestand", "coord"),
)

FIELDS: dict[Layer, tuple[TargetField, ...]] = {
    Layer.INCIDENTS: (
        *COORDINATE_FIELDS,
        TargetField("occurred_on", "Datum", "date", required=True),
        TargetField("occurred_time", "Tijd", "time"),
        TargetField("category", "Categorie", "category"),
        TargetField("source_org", "Bronorganisatie", "org", nullable=False),
        TargetField("reference", "Kenmerk", "reference", limit=100),
        TargetField("confidentiality", "Vertrouwelijkheid", "choice", options=CONFIDENTIALITY),
    ),
    Layer.BARNS: (
        *COORDINATE_FIELDS,
        TargetField("address", "Adres", "text", limit=300),
        TargetField("bag_id", "BAG-pandnummer", "bag_id"),
        TargetField("floor_area_m2", "Vloeroppervlak (m²)", "float", limit=1_000_000),
        TargetField("vacant_since", "Leeg sinds", "date"),
        TargetField("status", "Status", "choice", options=BARN_STATUSES, default=BARN_STATUSES[0]),
        TargetField("owner_contact", "Contact eigenaar", "text", limit=300),
        TargetField("risk_notes", "Risico-opmerkingen", "text", limit=4000),
        TargetField("source_org", "Bronorganisatie", "org"),
    ),
    Layer.DUMPINGS: (
        *COORDINATE_FIELDS,
        TargetField("found_at", "Gevonden op", "datetime", required=True),
        TargetField("place_type", "Soort plek", "choice", options=PLACE_TYPES),
        TargetField("waste_type", "Soort afval", "choice", options=WASTE_TYPES),
        TargetField("container_count", "Aantal containers", "int", limit=NUMBER_LIMITS["container_count"]),
        TargetField("volume_l", "Volume (liter)", "float", limit=NUMBER_LIMITS["volume_l"]),
        TargetField("substances", "Stoffen", "substances"),
        TargetField("status", "Status", "choice", options=DUMPING_STATUSES, default=DUMPING_STATUSES[0]),
        TargetField("reporter_org", "Melder (organisatie)", "org"),
        TargetField("notes", "Opmerkingen", "text", limit=4000),
    ),
}


def fields_of(layer: str) -> tuple[TargetField, ...]:
    """The target fields of a layer (``incidents``, ``barns`` or ``dumpings``); ValueError otherwise."""
    try:
        return FIELDS[Layer(layer)]
    except ValueError:
        raise ValueError(f"Onbekende laag '{layer}'; kies uit: {', '.join(v.value for v in Layer)}.") from None


def field_names(layer: str) -> list[str]:
    """Names of the target fields of a layer, coordinates first."""
    return [f.name for f in fields_of(layer)]


def store_fields(layer: str) -> list[str]:
    """Names of the non-coordinate fields that ``validate_chunk`` puts in its accepted frame."""
    extra = {Layer.DUMPINGS: ["substances_other"], Layer.INCIDENTS: ["category_original"]}.get(Layer(layer), [])
    return [f.name for f in fields_of(layer) if f.kind != "coord"] + extra


def normalise(text: object) -> str:
    """Compare key: casefolded, accents stripped, everything but letters and digits removed.

    ``"X-coördinaat"`` -> ``"xcoordinaat"``, ``"Pleeg_datum "`` -> ``"pleegdatum"``.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", plain.replace("ß", "ss"))
