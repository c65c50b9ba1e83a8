"""validate_chunk: coordinates to RD New, parsed fields, and one refused line per problem with its row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gis.importing.csvfile import read_csv_chunks
from gis.importing.mapping import propose_mapping
from gis.importing.parse import DATE_EXAMPLES
from gis.importing.readers import read_table
from gis.importing.validate import detect_crs, raw_coordinates, refusal_messages, validate_chunk
from tests.importing.files import csv_file, geo_file, points_frame, xlsx_file

NOW = datetime(2024, 6, 1, 12, 0)
AMERSFOORT_RD = (155_000.0, 463_000.0)
AMERSFOORT_WGS84 = (5.387204, 52.155172)  # lon, lat of the RD origin


def refused(result, row: int) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    lines = result.refused[result.refused["row"] == row]
    return list(zip(lines["field"], lines["value"], lines["reason"], strict=True))


@pytest.mark.parametrize(
    ("a", "b", "kind", "example"),
    [
        ([221000, 155000], [455000, 463000], "rd", "(221000, 455000)"),
        ([6.12, 5.39], [52.27, 52.16], "wgs84", "(6.12, 52.27)"),
        ([52.27, 52.16], [6.12, 5.39], "wgs84_swapped", "(52.27, 6.12)"),
        ([1234.5, 99.0], [12.0, 7.0], "unknown", "(1234.5, 12)"),
    ],
)
def test_detect_crs(a: list[float], b: list[float], kind: str, example: str) -> None:
    guess = detect_crs(np.array(a), np.array(b))
    assert (guess.kind, guess.example) == (kind, example)
    assert example in guess.notes[0]
    if kind == "unknown":
        assert guess.notes[0].startswith(f"Onbekend coördinatenstelsel: bijvoorbeeld {example} is geen RD New")
    if kind == "wgs84_swapped":
        assert "verwisseld" in guess.notes[1]


def test_detect_crs_by_majority_and_without_numbers() -> None:
    guess = detect_crs(np.array([221000, 155000, np.nan, 5.0]), np.array([455000, 463000, 1.0, 52.0]))
    assert guess.kind == "rd" and guess.notes[1] == "1 rij(en) passen daar niet in en worden geweigerd."
    assert detect_crs(np.array([np.nan]), np.array([np.nan])).kind == "unknown"


def test_incidents_csv_row_numbers_and_reasons(tmp_path: Path) -> None:
    text = (
        "Pleegdatum;X;Y;Soort;Kenmerk;Opmerking\n"
        "01-03-2024;221000,5;455000;Hennep;PL-1;ok\n"           # row 2: accepted
        "2024-03-02;221.000,5;455000;XTC-lab;PL-2;ok\n"         # row 3: accepted (Dutch thousands)
        "31-02-2024;22a000;455000;Hennep;PL-3;\n"               # row 4: bad date and bad number
        ";;455000;Hennep;PL-4;\n"                               # row 5: no date, no x
        "01-01-2099;10;10;fietsendiefstal;PL-1;\n"              # row 6: future, outside NL, category, duplicate
        ";;;;;\n"                                               # row 7: blank, skipped
        "45352;221000;455000;hennep;PL-9;\n"                    # row 8: Excel serial in text, known in store
    )  # fmt: skip
    table = read_table(csv_file(tmp_path, text))
    mapping = propose_mapping(list(table.frame.columns), "incidents")
    guess = detect_crs(*raw_coordinates(table.frame, None, mapping))
    seen = {"PL-9"}
    result = validate_chunk(table.frame, None, mapping, "incidents", guess.kind, first_row=2, source_org="politie",
                            seen_references=seen, now=NOW)  # fmt: skip
    accepted = result.accepted
    assert accepted.index.tolist() == [2, 3]
    assert accepted["x"].tolist() == [221000.5, 221000.5] and accepted["y"].dtype == np.float64
    assert accepted["occurred_on"].tolist() == [pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-02")]
    assert accepted["category"].tolist() == ["hennepkwekerij", "drugslab"]
    assert accepted["source_org"].tolist() == ["politie"] * 2
    assert accepted["confidentiality"].tolist() == ["vertrouwelijk"] * 2
    assert list(accepted.columns) == ["x", "y", "occurred_on", "occurred_time", "category", "source_org", "reference",
                                      "confidentiality", "category_original"]  # fmt: skip
    assert refused(result, 4) == [
        ("X", "22a000", "geen getal (een decimale komma mag)."),
        ("Pleegdatum", "31-02-2024", f"geen geldige datum; gebruik bijvoorbeeld {DATE_EXAMPLES}."),
    ]  # fmt: skip
    assert [(f, r) for f, _, r in refused(result, 5)] == [
        ("X", "coördinaat ontbreekt."), ("Pleegdatum", "niet ingevuld; 'Datum' is verplicht.")]  # fmt: skip
    assert refused(result, 6) == [
        ("X/Y", "10; 10", "ligt buiten Nederland (gelezen als RD New (EPSG:28992))."),
        ("Pleegdatum", "01-01-2099", "ligt in de toekomst (het is nu 01-06-2024 12:00)."),
        ("Kenmerk", "PL-1", "komt al voor in rij 2 van dit bestand."),
    ]
    assert refused(result, 8) == [("Kenmerk", "PL-9", "bestaat al (in de database of eerder in dit bestand).")]
    assert 7 not in set(result.refused["row"]) and result.notes == ["1 lege rij(en) overgeslagen."]
    assert seen == {"PL-1", "PL-2", "PL-9"}
    assert refusal_messages(result.refused)[0] == "Rij 4, kolom 'X' ('22a000'): geen getal (een decimale komma mag)."
    assert refusal_messages(result.refused, limit=2)[-1] == "… en nog 6 probleem/problemen."


def test_duplicates_across_chunks(tmp_path: Path) -> None:
    rows = "".join(f"2024-03-0{i % 3 + 1};{221000 + i};455000;K-{i % 4}\n" for i in range(6))
    path = csv_file(tmp_path, "datum;x;y;kenmerk\n" + rows)
    seen: set[str] = set()
    results = [
        validate_chunk(chunk, None, propose_mapping(list(chunk.columns), "incidents"), "incidents", "rd",
                       first_row=int(chunk.index[0]) + 2, source_org="brandweer", seen_references=seen, now=NOW)
        for chunk in read_csv_chunks(path, chunk_rows=3)
    ]  # fmt: skip
    assert [r.accepted.index.tolist() for r in results] == [[2, 3, 4], [5]]
    assert results[1].refused["row"].tolist() == [6, 7]
    assert results[0].accepted["confidentiality"].iloc[0] == "intern"


def test_wgs84_and_swapped_are_projected_to_rd() -> None:
    lon, lat = AMERSFOORT_WGS84
    frame = pd.DataFrame({"datum": ["2024-03-01"] * 2, "lat": [f"{lat}".replace(".", ","), "53.9"],
                          "lon": [str(lon), "6.0"]})  # fmt: skip
    mapping = propose_mapping(list(frame.columns), "incidents")
    result = validate_chunk(frame, None, mapping, "incidents", "wgs84", first_row=2, source_org="riec", now=NOW)
    assert result.accepted[["x", "y"]].iloc[0].tolist() == pytest.approx(AMERSFOORT_RD, abs=1.0)
    assert refused(result, 3) == [("lat/lon", "53.9; 6.0", "ligt buiten Nederland (gelezen als WGS84 (EPSG:4326, "
                                   "lengte- en breedtegraad)).")]  # fmt: skip
    swapped = pd.DataFrame({"datum": ["2024-03-01"], "x": [str(lat)], "y": [str(lon)]})
    mapping = propose_mapping(list(swapped.columns), "incidents")
    guess = detect_crs(*raw_coordinates(swapped, None, mapping))
    result = validate_chunk(swapped, None, mapping, "incidents", guess.kind, first_row=2, source_org="riec", now=NOW)
    assert guess.kind == "wgs84_swapped"
    assert result.accepted[["x", "y"]].iloc[0].tolist() == pytest.approx(AMERSFOORT_RD, abs=1.0)


def test_excel_dumpings_serial_dates_and_formula_text(tmp_path: Path) -> None:
    rows = [
        ["Gevonden op", "X", "Y", "Soort plek", "Soort afval", "Aantal", "Liters", "Stoffen", "Opmerkingen", "Status"],
        [datetime(2024, 3, 1, 14, 30), 221000, 455000, "Berm", "IBC", 3, 3000, "BMK; zoutzuur; koffie", "=1+1", ""],
        [45352.5, 221000, 455000, "bos", "drums", 2.5, "1.000,5", "PMK", "@melding", "geruimd"],
        ["2024-03-01 08:00", 221000, 455000, "maan", "vaten", "", "", "", "-", "weg"],
    ]
    table = read_table(xlsx_file(tmp_path, rows))
    mapping = propose_mapping(list(table.frame.columns), "dumpings")
    assert mapping["found_at"] == "Gevonden op" and mapping["container_count"] == "Aantal"
    result = validate_chunk(table.frame, None, mapping, "dumpings", "rd", first_row=2, source_org="omgevingsdienst",
                            now=NOW)  # fmt: skip
    row = result.accepted.loc[2]
    assert row["found_at"] == pd.Timestamp("2024-03-01 14:30")
    assert (row["place_type"], row["waste_type"], row["container_count"]) == ("bermen/wegkant", "IBC-containers", 3)
    assert (row["substances"], row["substances_other"], row["notes"]) == ("BMK; zuren", "koffie", "=1+1")
    assert (row["status"], row["reporter_org"]) == ("gemeld", "omgevingsdienst")
    assert result.accepted["container_count"].dtype == "Int64"
    assert refused(result, 3) == [("Aantal", "2.5", "geen geheel getal.")]
    assert [(f, v) for f, v, _ in refused(result, 4)] == [("Soort plek", "maan"), ("Status", "weg")]
    assert refused(result, 4)[0][2].startswith("geen geldige keuze voor 'Soort plek'; kies uit: akker, bos")


def test_serial_date_parsed_for_incidents_from_excel(tmp_path: Path) -> None:
    rows = [["datum", "x", "y"], [45352, 221000, 455000], [20240302, 221000, 455000], [datetime(2024, 3, 3), 221000,
            455000], [5, 221000, 455000]]  # fmt: skip
    table = read_table(xlsx_file(tmp_path, rows))
    mapping = propose_mapping(list(table.frame.columns), "incidents")
    result = validate_chunk(table.frame, None, mapping, "incidents", "rd", first_row=2, source_org="politie", now=NOW)
    assert result.accepted["occurred_on"].dt.day.tolist() == [1, 2, 3]
    assert refused(result, 5)[0][:2] == ("datum", "5")


def test_barns(tmp_path: Path) -> None:
    text = ("adres;bag_id;oppervlakte;leeg sinds;x;y\n"
            "Dorpsweg 1;0153100000123456;1200,5;2023-01-01;221000;455000\n"
            "Dorpsweg 2;153100000123457;-4;1-2-2022;221000;455000\n"
            "Dorpsweg 3;12345;80;;221000;455000\n")  # fmt: skip
    table = read_table(csv_file(tmp_path, text))
    mapping = propose_mapping(list(table.frame.columns), "barns")
    result = validate_chunk(table.frame, None, mapping, "barns", "rd", first_row=2, now=NOW)
    row = result.accepted.loc[2]
    assert (row["bag_id"], row["floor_area_m2"], row["status"]) == ("0153100000123456", 1200.5, "geregistreerd")
    assert refused(result, 3) == [("oppervlakte", "-4", "moet 0 of meer zijn.")]
    assert refused(result, 4)[0][:2] == ("bag_id", "12345")


def test_geometry_and_wkt_sources(tmp_path: Path) -> None:
    table = read_table(geo_file(tmp_path, points_frame(mixed=True), "gemengd.gpkg", "GPKG"))
    mapping = propose_mapping(list(table.frame.columns), "incidents", has_geometry=True)
    result = validate_chunk(table.frame, table.geometry, mapping, "incidents", table.crs or "rd", first_row=2,
                            source_org="politie", now=NOW)  # fmt: skip
    assert result.refused.empty and len(result.accepted) == 3
    assert result.accepted["x"].iloc[0] == 221000.0
    wkt = pd.DataFrame({"datum": ["2024-03-01"] * 3, "wkt": ["POINT (221000 455000)", "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                        "geen wkt"]})  # fmt: skip
    result = validate_chunk(wkt, None, propose_mapping(list(wkt.columns), "incidents"), "incidents", "rd",
                            first_row=2, source_org="politie", now=NOW)  # fmt: skip
    assert result.accepted.index.tolist() == [2]
    assert [r for _, _, r in refused(result, 3)] == ["ligt buiten Nederland (gelezen als RD New (EPSG:28992))."]
    assert refused(result, 4) == [("wkt", "geen wkt", "geen geldige WKT, zoals POINT (221000 455000).")]


def test_user_category_map_and_missing_source() -> None:
    frame = pd.DataFrame({"datum": ["2024-03-01"] * 3, "x": ["221000"] * 3, "y": ["455000"] * 3,
                          "soort": ["Wiet", "fiets", "Hennep"]})  # fmt: skip
    mapping = propose_mapping(list(frame.columns), "incidents")
    category_map = {"Wiet": "hennepkwekerij", "fiets": None}
    result = validate_chunk(frame, None, mapping, "incidents", "rd", first_row=2, category_map=category_map, now=NOW)
    assert result.accepted.empty
    assert refused(result, 2) == [("Bronorganisatie", "", "geen bronorganisatie; kies er een bij het importeren.")]
    assert [f for f, _, _ in refused(result, 3)] == ["Bronorganisatie"]  # an unknown category refuses no row
    assert [f for f, _, _ in refused(result, 4)] == ["Bronorganisatie"]
    ok = validate_chunk(frame, None, mapping, "incidents", "rd", first_row=2, source_org="politie",
                        category_map=category_map, now=NOW)  # fmt: skip
    # the user's map, then the synonym ("Hennep"); "fiets" (mapped to nothing) is kept as "overig" with its text
    assert ok.accepted["category"].tolist() == ["hennepkwekerij", "overig", "hennepkwekerij"]
    assert ok.accepted["category_original"].tolist()[1] == "fiets"
    assert ok.accepted["category_original"].isna().tolist() == [True, False, True]


def test_unusable_mapping_or_crs_raises() -> None:
    frame = pd.DataFrame({"datum": ["2024-03-01"], "x": ["1"], "y": ["2"]})
    with pytest.raises(ValueError, match="Verplicht veld 'Datum'"):
        validate_chunk(frame, None, {"x": "x", "y": "y"}, "incidents", "rd", first_row=2, source_org="politie")
    with pytest.raises(ValueError, match="Coördinatenstelsel 'unknown' wordt niet ondersteund"):
        validate_chunk(frame, None, {"x": "x", "y": "y", "occurred_on": "datum"}, "incidents", "unknown",
                       first_row=2, source_org="politie")  # fmt: skip
