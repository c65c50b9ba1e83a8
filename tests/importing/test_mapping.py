"""Column and category mapping: proposals from Dutch and English headers, checks, JSON round trip."""

from __future__ import annotations

import json

import pytest

from gis.domain.catalog import PLACE_TYPES, WASTE_TYPES, category_options
from gis.importing.fields import GEOMETRY_SOURCE, field_names, normalise
from gis.importing.mapping import check_mapping, propose_categories, propose_mapping


def test_normalise() -> None:
    assert normalise("X-coördinaat") == "xcoordinaat"
    assert normalise(" Pleeg_datum. ") == "pleegdatum"


def test_dutch_police_export() -> None:
    columns = ["BVH-nummer", "Pleegdatum", "Maatschappelijke klasse", "X-coördinaat", "Y-coördinaat", "Bron"]
    mapping = propose_mapping(columns, "incidents")
    assert mapping == {
        "x": "X-coördinaat", "y": "Y-coördinaat", "lat": None, "lon": None, "wkt": None, "geometry": None,
        "occurred_on": "Pleegdatum", "occurred_time": None, "category": "Maatschappelijke klasse",
        "source_org": "Bron",
        "reference": "BVH-nummer", "confidentiality": None,
    }  # fmt: skip
    assert check_mapping(mapping, "incidents", columns) == []
    assert json.loads(json.dumps(mapping)) == mapping


def test_english_headers_with_lat_lon() -> None:
    mapping = propose_mapping(["Date", "Latitude", "Longitude", "Category", "Reference", "Source"], "incidents")
    assert (mapping["lat"], mapping["lon"], mapping["x"]) == ("Latitude", "Longitude", None)
    assert (mapping["occurred_on"], mapping["category"], mapping["reference"]) == ("Date", "Category", "Reference")


def test_barns_and_dumpings() -> None:
    barns = propose_mapping(["Adres", "BAG pand id", "Oppervlakte (m2)", "Leegstand sinds", "Status", "x_rd", "y_rd"],
                            "barns")  # fmt: skip
    assert (barns["address"], barns["bag_id"], barns["floor_area_m2"]) == ("Adres", "BAG pand id", "Oppervlakte (m2)")
    assert (barns["vacant_since"], barns["status"], barns["x"]) == ("Leegstand sinds", "Status", "x_rd")
    dumpings = propose_mapping(["Datum gevonden", "Soort plek", "Soort afval", "Aantal vaten", "Liters", "WKT"],
                               "dumpings")  # fmt: skip
    assert (dumpings["found_at"], dumpings["place_type"], dumpings["waste_type"]) == (
        "Datum gevonden", "Soort plek", "Soort afval")  # fmt: skip
    assert (dumpings["container_count"], dumpings["volume_l"], dumpings["wkt"]) == ("Aantal vaten", "Liters", "WKT")


def test_geometry_of_the_file_comes_first() -> None:
    mapping = propose_mapping(["datum", "x", "y"], "incidents", has_geometry=True)
    assert mapping["geometry"] == GEOMETRY_SOURCE and mapping["x"] is None
    assert check_mapping(mapping, "incidents", ["datum", "x", "y"]) == []
    assert list(mapping) == field_names("incidents")


def test_check_mapping_problems() -> None:
    problems = check_mapping({"x": "a", "lat": "b", "lon": "c", "category": "b", "foo": "d"}, "incidents", ["a", "b"])
    assert problems == [
        "Onbekend veld 'foo' in de koppeling.",
        "Verplicht veld 'Datum' is niet aan een kolom gekoppeld.",
        "'X (RD New)' is gekoppeld maar 'Y (RD New)' niet; koppel ze allebei.",
        "Kolom 'b' is aan meer dan één veld gekoppeld: Breedtegraad (WGS84), Categorie.",
        "Kolom 'c' (Lengtegraad (WGS84)) staat niet in het bestand.",
    ]
    assert check_mapping({"occurred_on": "d"}, "incidents")[-1].startswith("Er is geen locatie gekoppeld")
    both = check_mapping({"x": "a", "y": "b", "lat": "c", "lon": "e", "found_at": "d"}, "dumpings")
    assert both == ["De locatie is op meer dan één manier gekoppeld (X (RD New)/Y (RD New) en "
                    "Breedtegraad (WGS84)/Lengtegraad (WGS84)); kies er één."]  # fmt: skip
    with pytest.raises(ValueError, match="Onbekende laag 'wegen'"):
        check_mapping({}, "wegen")


def test_category_proposals() -> None:
    values = ["Hennep", "XTC-lab", "drugslab synthetisch", "HENNEPKWEKERIJ", "Diefstal trekker", "fietsdiefstal",
              "Hennep", ""]  # fmt: skip
    assert propose_categories(values, category_options()) == {
        "Hennep": "hennepkwekerij", "XTC-lab": "drugslab", "drugslab synthetisch": "drugslab",
        "HENNEPKWEKERIJ": "hennepkwekerij", "Diefstal trekker": "diefstal landbouwvoertuig", "fietsdiefstal": None,
    }  # fmt: skip
    strict = propose_categories(["Hennep", "drugslab synthetisch"], category_options(), strict=True)
    assert strict == {"Hennep": "hennepkwekerij", "drugslab synthetisch": None}


def test_code_list_proposals() -> None:
    assert propose_categories(["IBC", "drums", "jerrycan"], WASTE_TYPES) == {
        "IBC": "IBC-containers", "drums": "vaten", "jerrycan": "jerrycans"}  # fmt: skip
    assert propose_categories(["Berm", "weiland", "Sloot"], PLACE_TYPES) == {
        "Berm": "bermen/wegkant", "weiland": "akker", "Sloot": "sloot/water"}  # fmt: skip
