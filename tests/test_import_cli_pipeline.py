"""Partner import end to end: the pipeline (analyse, check, store, duplicates, undo) and the CLI's exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from gis.__main__ import main
from gis.demo.seed import load_boundaries
from gis.domain.catalog import Layer
from gis.importing.errors import ImportFileError
from gis.importing.mapping import GEOMETRY_SOURCE
from gis.importing.pipeline import ImportOptions, analyse, run_import
from gis.store import DumpingQuery, Filters, Store, open_store
from tests.page_backends import PAGE_BACKENDS, empty_database

CSV = (
    "Zaaknummer;Pleegdatum;Soort incident;X-coördinaat;Y-coördinaat;Opmerking\n"
    "Z-1;01-03-2026;Hennep;226500,5;470500;ok\n"
    "Z-2;31-02-2026;hennepkwekerij;226600;470600;foute datum\n"
    "Z-3;02-03-2026;drugslab;;;geen coördinaten\n"
    "Z-1;03-03-2026;drugslab;226700;470700;dubbel kenmerk\n"
    "Z-5;04-03-2030;drugslab;226800;470800;toekomst\n"
    "Z-6;05-03-2026;drugslab;77000;335000;Brussel\n"
    'Z-7;06-03-2026;=HYPERLINK("x");226900;470900;formule\n'
)


@pytest.fixture(params=PAGE_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on either backend (DuckDB file or PostGIS)."""
    return empty_database(request, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh store with the boundaries, on either backend."""
    s = open_store(db_url)
    load_boundaries(s)
    yield s
    s.close()


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "politie.csv"
    path.write_bytes(CSV.encode("cp1252"))
    return path


def test_analyse_proposes_mapping_crs_and_categories(store, csv_file: Path) -> None:
    a = analyse(store, csv_file, ImportOptions(layer="incidents", source_org="politie"))
    assert a.kind == "csv" and not a.mapping_problems
    assert (a.mapping["x"], a.mapping["occurred_on"], a.mapping["reference"]) == (
        "X-coördinaat", "Pleegdatum", "Zaaknummer")  # fmt: skip
    assert a.crs.kind == "rd"
    assert a.categories["Hennep"] == "hennepkwekerij"


def test_report_names_row_field_value_and_reason_and_only_good_rows_are_stored(store, csv_file: Path) -> None:
    opts = ImportOptions(layer="incidents", source_org="politie", user="analist")
    dry = run_import(store, csv_file, ImportOptions(**{**opts.__dict__, "dry_run": True}))
    assert (dry.accepted, dry.refused_count, dry.batch_id) == (2, 5, None)
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 0
    lines = {(r.row, r.field): r.reason for r in dry.refused.itertuples()}
    assert "geen geldige datum" in lines[(3, "Pleegdatum")]
    assert "ontbreekt" in lines[(4, "X-coördinaat")]
    assert "rij 2" in lines[(5, "Zaaknummer")]
    assert "toekomst" in lines[(6, "Pleegdatum")]
    assert "buiten Nederland" in lines[(7, "X-coördinaat")]
    assert 8 not in set(dry.refused["row"])  # an unknown category keeps its row as "overig", its text listed
    assert dry.other_values.values.tolist() == [['=HYPERLINK("x")', 1]]
    done = run_import(store, csv_file, opts)
    assert done.batch_id is not None and done.accepted == 2
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 2
    assert store.batches().iloc[0][["rows_imported", "rows_refused"]].tolist() == [2, 5]
    with pytest.raises(ImportFileError, match="al ingelezen als partij"):
        run_import(store, csv_file, opts)
    again = run_import(
        store, csv_file, ImportOptions(**{**opts.__dict__, "allow_duplicate_file": True, "dry_run": True})
    )
    assert again.accepted == 0  # its good rows' references are now in the store
    assert (again.refused["value"] == "Z-1").any()


def test_reference_already_in_the_store_is_refused(store, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("kenmerk;datum;x;y\nPL-1;01-01-2026;226500;470500\n", encoding="utf-8")
    run_import(store, first, ImportOptions(layer="incidents", source_org="politie"))
    second = tmp_path / "b.csv"
    second.write_text("kenmerk;datum;x;y\nPL-1;02-01-2026;226600;470600\nPL-2;02-01-2026;226600;470600\n")
    report = run_import(store, second, ImportOptions(layer="incidents", source_org="politie", dry_run=True))
    assert report.accepted == 1 and report.refused["value"].tolist() == ["PL-1"]


def test_geojson_polygons_become_points_for_dumpings(store, tmp_path: Path) -> None:
    box = shapely.box(226_000, 470_000, 226_100, 470_100)
    frame = gpd.GeoDataFrame({"gevonden": ["2026-05-01 10:00"], "afval": ["vaten"]}, geometry=[box], crs=28992)
    frame = frame.to_crs(4326)
    path = tmp_path / "od.geojson"
    path.write_text(frame.to_json())
    mapping = {"geometry": GEOMETRY_SOURCE, "found_at": "gevonden", "waste_type": "afval"}
    opts = ImportOptions(layer="dumpings", source_org="omgevingsdienst", mapping=mapping)
    report = run_import(store, path, opts)
    assert report.accepted == 1
    rec = store.dumping_register(DumpingQuery()).iloc[0]
    assert shapely.box(226_000, 470_000, 226_100, 470_100).contains(shapely.Point(rec["x"], rec["y"]))


def test_undo_removes_the_batch(store, csv_file: Path) -> None:
    report = run_import(store, csv_file, ImportOptions(layer="incidents", source_org="politie"))
    assert store.undo_batch(report.batch_id, "beheerder") == 2
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 0


def _db(db: str) -> str:
    assert main(["--db", db, "init", "--no-demo"]) == 0
    return db


def test_cli_import_exit_codes(tmp_path: Path, db_url: str, csv_file: Path, capsys) -> None:
    db = _db(db_url)
    capsys.readouterr()
    assert main(["--db", db, "import", "--layer", "incidents", str(csv_file), "--source", "politie", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "Goed: 2 rijen. Geweigerd: 5 rijen." in out and "Rij 3, kolom 'Pleegdatum'" in out and "niets opgeslagen" in out
    )
    assert main(["--db", db, "import", "--layer", "incidents", str(csv_file), "--source", "politie"]) == 0
    assert "Opgeslagen als partij 1" in capsys.readouterr().out
    assert main(["--db", db, "import", "--layer", "incidents", str(csv_file), "--source", "politie"]) == 2
    assert "al ingelezen" in capsys.readouterr().err
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert main(["--db", db, "import", "--layer", "incidents", str(empty)]) == 2
    binary = tmp_path / "data.csv"
    binary.write_bytes(bytes(range(256)) * 50)
    assert main(["--db", db, "import", "--layer", "barns", str(binary)]) == 2
    assert "Er is niets ingelezen" in capsys.readouterr().err
    assert main(["--db", db, "import", "--layer", "incidents", str(tmp_path / "weg.csv")]) == 2


def test_cli_export_writes_each_format(tmp_path: Path, db_url: str, csv_file: Path, capsys) -> None:
    db = _db(db_url)
    main(["--db", db, "import", "--layer", "incidents", str(csv_file), "--source", "politie"])
    for fmt in ("gpkg", "geojson", "csv"):
        out = tmp_path / f"incidenten.{fmt}"
        assert main(["--db", db, "export", "--layer", "incidents", "--format", fmt, str(out)]) == 0
        assert "2 records van laag 'incidents' geschreven" in capsys.readouterr().out
    assert json.loads((tmp_path / "incidenten.geojson").read_text())["features"][0]["properties"]["reference"] == "Z-1"
    assert gpd.read_file(tmp_path / "incidenten.gpkg", layer="incidents").crs.to_epsg() == 28992
    assert "Z-1" in (tmp_path / "incidenten.csv").read_text(encoding="utf-8-sig")
    assert main(["--db", db, "export", "--layer", "areas", "--format", "csv", str(tmp_path / "g.csv")]) == 2
    assert "gebieden zijn vlakken; kies gpkg of geojson" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()  # refused: nothing written
    s = open_store(db)  # the CLI let go of the database, and exporting changed nothing in it
    try:
        assert s.layer_count(Layer.INCIDENTS, Filters()) == 2
        assert s.query_df("SELECT reference FROM incidents ORDER BY 1")["reference"].tolist() == ["Z-1", "Z-7"]
    finally:
        s.close()
