"""Column mapping for an import: which file column fills which field, and which file value is which category.

Proposals come from Dutch and English synonyms; the user confirms them. Mappings are plain
``dict[str, str | None]`` (JSON-serialisable) so the store can remember them per source organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from gis.domain.catalog import SOURCE_ORGS
from gis.importing.fields import COORDINATE_SETS, GEOMETRY_SOURCE, field_names, fields_of, normalise

SYNONYMS: dict[str, tuple[str, ...]] = {
    "x": ("x", "x_rd", "xrd", "xcoord", "x_coord", "xcoordinaat", "x-coördinaat", "rd_x", "x_rdnew", "coord_x",
          "x_coordinate", "rdx", "easting", "oost"),
    "y": ("y", "y_rd", "yrd", "ycoord", "y_coord", "ycoordinaat", "y-coördinaat", "rd_y", "y_rdnew", "coord_y",
          "y_coordinate", "rdy", "northing", "noord"),
    "lat": ("lat", "latitude", "breedtegraad", "breedte", "lat_wgs84", "wgs84_lat", "latitude_wgs84", "gps_lat",
            "noorderbreedte", "nb"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad", "lengte", "lon_wgs84", "lng_wgs84", "wgs84_lon",
            "longitude_wgs84", "gps_lon", "gps_lng", "oosterlengte", "ol"),
    "wkt": ("wkt", "geometrie", "geometry_wkt", "geom_wkt", "wkt_geometrie", "geometrie_wkt", "the_geom", "geom",
            "shape", "locatie_wkt"),
    "occurred_on": ("date", "datum", "pleegdatum", "meldingsdatum", "incidentdatum", "occurred_on", "occurred",
                    "datum_incident", "datum_melding", "pleegdatum_begin", "begindatum", "startdatum",
                    "registratiedatum", "incident_date", "event_date", "datum_voorval", "datum_feit"),
    "occurred_time": ("pleegtijd", "tijd", "tijdstip", "time", "pleegtijd_begin", "begintijd", "starttijd",
                      "meldingstijd", "incidenttijd", "tijd_incident", "tijd_melding", "uur", "event_time"),
    "found_at": ("found_at", "gevonden_op", "datum_gevonden", "vonstdatum", "aantreffdatum", "datum_aangetroffen",
                 "aangetroffen_op", "datum", "date", "datum_tijd", "datumtijd", "meldingsdatum", "datum_melding",
                 "date_found", "found_date", "datetime", "tijdstip"),
    "vacant_since": ("vacant_since", "leeg_sinds", "leegstand_sinds", "leegstaand_sinds", "datum_leegstand",
                     "sinds", "vacant_from", "leegstand_vanaf"),
    "category": ("categorie", "soort", "type", "category", "incidenttype", "incident_type", "soort_incident",
                 "maatschappelijke_klasse", "mk", "feitcategorie", "feit", "delict", "incidentsoort",
                 "classificatie", "aard", "omschrijving_categorie"),
    "source_org": ("bron", "source", "organisatie", "bronorganisatie", "bron_organisatie", "source_org",
                   "partner", "aanleverende_partij", "aanlevering", "organisation", "organization", "dienst"),
    "reporter_org": ("reporter_org", "melder", "melder_organisatie", "gemeld_door", "bron", "organisatie",
                     "bronorganisatie", "source", "reporter", "reported_by", "instantie"),
    "reference": ("kenmerk", "referentie", "reference", "ref", "registratienummer", "registratienr", "regnr",
                  "registratie_nr", "zaaknummer", "bvh_nummer",
                  "bvh-nummer", "bvhnummer", "incidentnummer", "meldingsnummer", "dossiernummer", "id_bron",
                  "bron_id", "case_number", "case_id", "pv_nummer", "nummer"),
    "confidentiality": ("vertrouwelijkheid", "rubricering", "classificatie_vertrouwelijkheid", "confidentiality",
                        "vertrouwelijk", "geheimhouding", "openbaarheid"),
    "address": ("adres", "address", "locatie_adres", "straat_huisnummer", "straatnaam_huisnummer",
                "volledig_adres", "adresregel", "locatie", "street_address"),
    "bag_id": ("bag_id", "bagid", "bag", "pand_id", "pandid", "bag_pand_id", "bag_pandid", "identificatie",
               "pandidentificatie", "building_id"),
    "floor_area_m2": ("floor_area_m2", "oppervlakte", "oppervlak", "vloeroppervlak", "vloeroppervlakte",
                      "oppervlakte_m2", "m2", "bvo", "gebruiksoppervlakte", "floor_area", "area_m2"),
    "status": ("status", "stand", "toestand", "fase", "state"),
    "owner_contact": ("owner_contact", "eigenaar", "contact_eigenaar", "eigenaar_contact", "contactpersoon",
                      "contact", "owner", "telefoon_eigenaar"),
    "risk_notes": ("risk_notes", "risico", "risicos", "risico_opmerkingen", "risico_notities", "risks",
                   "opmerkingen_risico", "signalen"),
    "place_type": ("place_type", "soort_plek", "plek", "plaats_type", "type_locatie", "locatietype",
                   "vindplaats", "soort_locatie", "place", "terrein"),
    "waste_type": ("waste_type", "soort_afval", "afvalsoort", "afval", "type_afval", "verpakking", "waste"),
    "container_count": ("container_count", "aantal", "aantal_containers", "aantal_vaten", "aantal_jerrycans",
                        "aantal_verpakkingen", "count", "containers", "stuks"),
    "volume_l": ("volume_l", "volume", "liters", "liter", "volume_liter", "inhoud", "inhoud_l", "hoeveelheid",
                 "hoeveelheid_l"),
    "substances": ("substances", "stoffen", "stof", "inhoud_stoffen", "chemicalien", "chemicals", "substance",
                   "aangetroffen_stoffen"),
    "notes": ("notes", "opmerkingen", "opmerking", "toelichting", "omschrijving", "beschrijving", "description",
              "remarks", "memo", "notitie"),
}  # fmt: skip

# Words in a file's category value that point to a category (or code-list option).
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "hennepkwekerij": ("hennep", "hennepteelt", "cannabis", "wietkwekerij", "wiet", "kwekerij", "hemp"),
    "drugslab": ("drugslab", "druglab", "xtc", "xtclab", "synthetisch", "synthetische drugs", "amfetamine",
                 "methamfetamine", "crystal meth", "productielocatie drugs", "lab"),
    "inbraak schuur/erf": ("inbraak", "inbraak schuur", "inbraak erf", "burglary"),
    "diefstal landbouwvoertuig": ("landbouwvoertuig", "trekker", "tractor", "landbouwmachine", "gps diefstal"),
    "verdachte situatie": ("verdachte situatie", "verdacht", "suspicious"),
    "signaal ondermijning": ("ondermijning", "signaal"),
    "verdachte verhuur": ("verhuur", "verhuur schuur"),
    "witwassen vastgoed": ("witwassen", "vastgoed"),
    "brand schuur": ("schuurbrand", "brand schuur", "stalbrand", "loodsbrand"),
    "brand voertuig": ("voertuigbrand", "autobrand", "brand voertuig", "brand auto"),
    "gevaarlijke stoffen": ("gevaarlijke stof", "chemicalien", "gs incident"),
    "drugsafval aangetroffen": ("drugsafval", "drugsdumping", "dumping drugsafval"),
    "illegale lozing": ("lozing", "illegale lozing"),
    "afvaldumping overig": ("afvaldumping", "illegale stort", "stort", "zwerfafval"),
    "verdachte situatie natuurgebied": ("natuurgebied", "verdachte situatie", "natuur"),
    "dumping in bos": ("bosdumping", "dumping bos", "bos"),
    "melding leegstand": ("leegstand", "leegstaand"),
    "verdachte bewoning": ("bewoning", "illegale bewoning"),
    "overlast erf": ("overlast",),
    "lozing oppervlaktewater": ("oppervlaktewater", "lozing water"),
    "verdachte stoffen sloot": ("sloot", "stoffen sloot"),
    "akker": ("akker", "weiland", "veld", "grasland", "field", "perceel"),
    "bos": ("bos", "forest", "bosrand", "natuur"),
    "sloot/water": ("sloot", "water", "ditch", "vaart", "beek"),
    "bermen/wegkant": ("berm", "wegkant", "roadside", "parkeerplaats", "weg"),
    "schuur": ("schuur", "loods", "stal", "barn"),
    "voertuig": ("voertuig", "auto", "bus", "aanhanger", "vrachtwagen", "vehicle", "bestelbus"),
    "jerrycans": ("jerrycan", "jerrycans", "jerry can"),
    "vaten": ("vat", "vaten", "drum", "drums", "ton"),
    "IBC-containers": ("ibc", "ibc container", "kubus"),
    "losse vloeistof": ("vloeistof", "losse vloeistof", "liquid"),
    "zakken": ("zak", "zakken", "bags", "vuilniszak"),
    "productieapparatuur": ("apparatuur", "productieapparatuur", "ketel", "reactor", "equipment"),
    "amfetamine-afval": ("amfetamine", "amfetamineafval", "speed", "amphetamine"),
    "MDMA-afval": ("mdma", "mdmaafval", "xtc afval"),
    "zuren": ("zuur", "zoutzuur", "zwavelzuur", "mierenzuur", "acid", "acids"),
    "oplosmiddelen": ("oplosmiddel", "aceton", "methanol", "ethanol", "tolueen", "solvent", "solvents"),
}  # fmt: skip

# Words of category names too general to point to one category on their own.
_GENERIC = frozenset({"diefstal", "verdachte", "overig", "melding", "aangetroffen", "situatie"})
_MIN_CONTAINED = 4  # shorter synonyms ("x", "mk") only match a whole column name


def _columns_by_key(columns: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column in columns:
        found.setdefault(normalise(column), column)
    return found


def _synonyms(target: str) -> list[str]:
    return [normalise(s) for s in (*SYNONYMS.get(target, ()), target)]


def _whole(target: str, keys: dict[str, str], used: set[str]) -> str | None:
    """The first synonym (in list order) that is a whole column name."""
    return next((keys[s] for s in _synonyms(target) if s in keys and keys[s] not in used), None)


def _contained(target: str, keys: dict[str, str], used: set[str]) -> str | None:
    """The column containing the longest synonym (of at least four characters)."""
    scored = [
        (len(syn), column)
        for key, column in keys.items()
        if column not in used
        for syn in _synonyms(target)
        if len(syn) >= _MIN_CONTAINED and syn in key
    ]
    return max(scored, key=lambda s: s[0])[1] if scored else None


def _coordinates(keys: dict[str, str], used: set[str]) -> dict[str, str]:
    for finder in (_whole, _contained):
        for targets in COORDINATE_SETS[1:]:
            found = {t: finder(t, keys, used) for t in targets}
            if all(found.values()) and len(set(found.values())) == len(targets):
                return found  # type: ignore[return-value]
    return {}


def propose_mapping(columns: list[str], layer: str, *, has_geometry: bool = False) -> dict[str, str | None]:
    """A first guess of target field -> file column for every field of ``layer`` (``None``: not found).

    Whole column names (after ``normalise``) are matched for all fields before names that merely contain
    a synonym; a column is proposed once. Only one way of giving the location is proposed: the file's
    own geometry (``has_geometry``) first, then x/y, lat/lon, WKT.
    """
    keys = _columns_by_key(columns)
    mapping: dict[str, str | None] = dict.fromkeys(field_names(layer))
    coordinate_targets = {t for s in COORDINATE_SETS for t in s}
    if has_geometry:
        mapping["geometry"] = GEOMETRY_SOURCE
    else:
        mapping.update(_coordinates(keys, set()))
    used = {c for c in mapping.values() if c}
    others = [t for t in mapping if t not in coordinate_targets]
    for finder in (_whole, _contained):
        for target in others:
            if mapping[target] is None and (column := finder(target, keys, used)):
                mapping[target] = column
                used.add(column)
    return mapping


def check_mapping(mapping: Mapping[str, str | None], layer: str, columns: Sequence[str] | None = None) -> list[str]:
    """Dutch problems of a mapping: unknown field, required field or location not mapped, half a
    coordinate pair, more than one way to give the location, a column used twice, or (given the
    file's ``columns``) a column the file does not have. An empty list means the mapping can be used.
    """
    fields = {f.name: f for f in fields_of(layer)}
    problems = [f"Onbekend veld '{t}' in de koppeling." for t in mapping if t not in fields]
    for f in fields.values():
        if f.required and not mapping.get(f.name):
            problems.append(f"Verplicht veld '{f.label}' is niet aan een kolom gekoppeld.")
    complete = [s for s in COORDINATE_SETS if all(mapping.get(t) for t in s)]
    for s in COORDINATE_SETS:
        if 0 < sum(bool(mapping.get(t)) for t in s) < len(s):
            done, todo = (fields[t].label for t in sorted(s, key=lambda t: not mapping.get(t)))
            problems.append(f"'{done}' is gekoppeld maar '{todo}' niet; koppel ze allebei.")
    if not complete:
        problems.append(
            "Er is geen locatie gekoppeld: kies X en Y (RD New), breedte- en lengtegraad, een WKT-kolom "
            "of de geometrie van het bestand."
        )
    elif len(complete) > 1:
        shown = " en ".join("/".join(fields[t].label for t in s) for s in complete)
        problems.append(f"De locatie is op meer dan één manier gekoppeld ({shown}); kies er één.")
    by_column: dict[str, list[str]] = {}
    for target, column in mapping.items():
        if column and target in fields:
            by_column.setdefault(column, []).append(fields[target].label)
    for column, labels in by_column.items():
        if len(labels) > 1:
            problems.append(f"Kolom '{column}' is aan meer dan één veld gekoppeld: {', '.join(labels)}.")
        if columns is not None and column != GEOMETRY_SOURCE and column not in columns:
            problems.append(f"Kolom '{column}' ({labels[0]}) staat niet in het bestand.")
    return problems


def _keywords(category: str) -> set[str]:
    words = [w for w in category.replace("/", " ").split() if len(w) >= _MIN_CONTAINED and w not in _GENERIC]
    return {normalise(x) for x in (*CATEGORY_SYNONYMS.get(category, ()), category, *words)}


def _score(value: str, category: str, strict: bool) -> int:
    if value == normalise(category):
        return 10_000
    if value in {normalise(x) for x in CATEGORY_SYNONYMS.get(category, ())}:
        return 1_000 + len(value)
    if strict:
        return 0
    score = sum(len(s) for s in _keywords(category) if len(s) >= _MIN_CONTAINED and s in value)
    if len(value) >= _MIN_CONTAINED and value in normalise(category):
        score += len(value)
    return score


def propose_categories(
    values: Iterable[str], categories: Sequence[str], *, strict: bool = False
) -> dict[str, str | None]:
    """For each distinct non-empty file value, the category of ``categories`` it most likely means.

    Equal after ``normalise`` wins, then a synonym equal to the value; unless ``strict``, then the
    highest total length of synonyms and category words found inside the value (plus the value found
    inside the category name). No match, or a tie, is ``None``: the user chooses. ``strict`` is what
    validation uses when the user has not confirmed a mapping.
    """
    proposal: dict[str, str | None] = {}
    for raw in values:
        text = "" if raw is None else str(raw).strip()
        if not text or text in proposal:
            continue
        value = normalise(text)
        scores = sorted(((_score(value, c, strict), c) for c in categories), key=lambda s: -s[0])
        best = scores[0] if scores else (0, None)
        tie = len(scores) > 1 and scores[1][0] == best[0]
        proposal[text] = best[1] if best[0] > 0 and not tie else None
    return proposal


def org_codes() -> dict[str, str]:
    """Normalised code and name of each source organisation -> its code (``"Politie"`` -> ``"politie"``)."""
    codes: dict[str, str] = {}
    for org in SOURCE_ORGS:
        codes[normalise(org.code)] = org.code
        codes[normalise(org.name)] = org.code
    codes.update({"police": "politie", "firebrigade": "brandweer", "od": "omgevingsdienst", "gem": "gemeente"})
    return codes
