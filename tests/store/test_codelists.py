"""Code lists as data (issue 17, item 3): lists in the store with a history, partners' own values mapped once per
organisation and remembered, unknown values kept as "overig" with their text, time of day kept."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gis.__main__ import main
from gis.domain.catalog import OTHER_CATEGORY, SOURCE_BY_CODE, WASTE_TYPES
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.importing.codes import codes_from_store
from gis.importing.mapping import propose_mapping
from gis.importing.pipeline import ImportOptions, analyse, run_import
from gis.store import StoreError
from gis.store.codelists import active_codes
from gis.store.guard import GuardedStore

HEADER = "Registratienr;Pleegdatum;Pleegtijd;Soort incident;X;Y\n"
KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
 <Placemark><name>Vaten</name><TimeStamp><when>2024-05-03T14:20:00+02:00</when></TimeStamp>
  <ExtendedData><Data name="Categorie"><value>drugslab</value></Data></ExtendedData>
  <Point><coordinates>6.5921,52.1503,0</coordinates></Point></Placemark>
 <Placemark><name>Zakken</name><TimeStamp><when>2024-05-04</when></TimeStamp>
  <Point><coordinates>6.60,52.16</coordinates></Point></Placemark>
</Document></kml>"""


def police_csv(tmp_path: Path, rows: list[str], name: str = "politie.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def stored(store) -> pd.DataFrame:
    return store.query_df(
        "SELECT reference, source_org, category, category_original, occurred_on, CAST(occurred_time AS VARCHAR) "
        "AS occurred_time FROM incidents ORDER BY reference"
    )


def test_migration_seeds_todays_lists(store) -> None:
    police = store.code_values("category", "politie")["code"].tolist()
    assert police == [*SOURCE_BY_CODE["politie"].categories, OTHER_CATEGORY]
    assert store.code_values("waste_type")["code"].tolist() == list(WASTE_TYPES)
    assert active_codes(store, "category", "brandweer")[-1] == OTHER_CATEGORY


def test_unknown_category_is_kept_as_overig_with_its_text_and_reported(store, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>'
    path = police_csv(tmp_path, [
        "A1;01-03-2024;;hennepkwekerij;221000;455000", "A2;02-03-2024;;brand;221000;455000",
        "A3;03-03-2024;;brand;221000;455000", f"A4;04-03-2024;;{hostile};221000;455000",
    ])  # fmt: skip
    report = run_import(store, path, ImportOptions(layer="incidents", source_org="politie"))
    assert report.accepted == 4 and report.refused_count == 0
    assert report.other_values.to_dict("records") == [{"value": "brand", "rows": 2}, {"value": hostile, "rows": 1}]
    rows = stored(store)
    assert rows["category"].tolist() == ["hennepkwekerij", OTHER_CATEGORY, OTHER_CATEGORY, OTHER_CATEGORY]
    assert rows["category_original"].tolist()[1:] == ["brand", "brand", hostile]  # stored as text, as typed
    assert store.other_values(report.batch_id)["rows"].tolist() == [2, 1]


def test_remembered_mapping_applies_to_the_same_organisation_only(store, tmp_path: Path) -> None:
    store.save_value_mappings("politie", "category", {"Hennep (kweek)": "hennepkwekerij"}, "analist")
    path = police_csv(tmp_path, ["B1;01-03-2024;;Hennep (kweek);221000;455000"])
    police = analyse(store, path, ImportOptions(layer="incidents", source_org="politie"))
    assert police.categories == {"Hennep (kweek)": "hennepkwekerij"}
    assert police.categories_remembered == ["Hennep (kweek)"]
    assert analyse(store, path, ImportOptions(layer="incidents", source_org="riec")).categories == {
        "Hennep (kweek)": None
    }
    run_import(store, path, ImportOptions(layer="incidents", source_org="politie"))
    other = police_csv(tmp_path, ["B2;01-03-2024;;Hennep (kweek);221000;455000"], "riec.csv")
    run_import(store, other, ImportOptions(layer="incidents", source_org="riec"))
    assert stored(store)[["reference", "category"]].values.tolist() == [
        ["B1", "hennepkwekerij"], ["B2", OTHER_CATEGORY]]  # fmt: skip


def test_batch_is_remapped_later(store, tmp_path: Path) -> None:
    path = police_csv(
        tmp_path, ["C1;01-03-2024;;Hennep - teelt binnen;221000;455000", "C2;01-03-2024;;x;221000;455000"]
    )
    batch = run_import(store, path, ImportOptions(layer="incidents", source_org="politie")).batch_id
    assert store.remap_batch(batch, "beheer") == 0
    store.save_value_mappings("politie", "category", {"hennep - teelt binnen": "hennepkwekerij"}, "beheer")
    assert store.remap_batch(batch, "beheer") == 1
    rows = stored(store)
    assert rows["category"].tolist() == ["hennepkwekerij", OTHER_CATEGORY]
    assert rows["category_original"].tolist() == ["Hennep - teelt binnen", "x"]  # the original text stays


def test_time_of_day_from_pleegtijd_and_from_a_date_time(store, tmp_path: Path) -> None:
    path = police_csv(tmp_path, [
        "D1;01-03-2024;14:20;drugslab;221000;455000", "D2;02-03-2024 09:15;;drugslab;221000;455000",
        "D3;03-03-2024;;drugslab;221000;455000", "D4;04-03-2024;2130;drugslab;221000;455000",
    ])  # fmt: skip
    mapping = analyse(store, path, ImportOptions(layer="incidents", source_org="politie")).mapping
    assert (mapping["occurred_time"], mapping["reference"]) == ("Pleegtijd", "Registratienr")
    run_import(store, path, ImportOptions(layer="incidents", source_org="politie"))
    assert stored(store)["occurred_time"].fillna("").tolist() == ["14:20:00", "09:15:00", "", "21:30:00"]


def test_time_of_day_from_a_kml_timestamp(store, tmp_path: Path) -> None:
    path = tmp_path / "google_earth.kml"
    path.write_text(KML, encoding="utf-8")
    report = run_import(store, path, ImportOptions(layer="incidents", source_org="politie"))
    assert report.accepted == 2
    rows = store.query_df("SELECT occurred_on, CAST(occurred_time AS VARCHAR) AS t FROM incidents ORDER BY 1")
    assert rows["t"].fillna("").tolist() == ["14:20:00", ""]  # 14:20 Dutch time kept; a plain date has no time
    assert pd.Timestamp(rows["occurred_on"].iloc[0]) == pd.Timestamp("2024-05-03")


@pytest.mark.parametrize("column", ["Registratienr", "registratienummer", "Registratie nr."])
def test_registration_number_is_proposed_as_reference(column: str) -> None:
    assert propose_mapping([column, "Pleegdatum", "X", "Y"], "incidents")["reference"] == column


def test_administrator_edits_a_list_with_history(store) -> None:
    admin = GuardedStore(store, Principal("beheer", Role.ADMIN, frozenset({"*"})))
    admin.add_code_value("category", "politie", "mensenhandel", "mensenhandel", "human trafficking", "iemand")
    admin.rename_code_value("category", "politie", "mensenhandel", "arbeidsuitbuiting", "labour exploitation", "x")
    admin.retire_code_value("category", "politie", "mensenhandel", "x")
    history = admin.code_history("category")
    assert history["action"].tolist() == ["ingetrokken", "hernoemd", "toegevoegd"]
    assert set(history["user_name"]) == {"beheer"}  # the signed-in administrator, whatever was passed
    assert history["new_value"].iloc[1] == "arbeidsuitbuiting / labour exploitation"
    assert "mensenhandel" not in active_codes(store, "category", "politie")
    assert "mensenhandel" in store.code_values("category", "politie", include_retired=True)["code"].tolist()
    with pytest.raises(StoreError, match="kan niet worden ingetrokken"):
        admin.retire_code_value("category", "politie", OTHER_CATEGORY, "x")
    log = store.query_df("SELECT resource, detail FROM audit_log WHERE resource = 'codelists'")
    assert len(log) == 3 and "mensenhandel" in log["detail"].iloc[0]


@pytest.mark.parametrize("role", [Role.WORKGROUP, Role.PUBLIC, Role.ANALYST, Role.COORDINATOR, Role.INSPECTOR])
def test_only_administrators_edit_code_lists(store, role: Role) -> None:
    guarded = GuardedStore(store, Principal("x", role, frozenset({"*"})))
    assert "drugslab" in guarded.code_values("category", "politie")["code"].tolist()  # reading is open
    for call in (
        lambda: guarded.add_code_value("waste_type", "", "kratten", "kratten", "crates", "x"),
        lambda: guarded.rename_code_value("waste_type", "", "vaten", "tonnen", None, "x"),
        lambda: guarded.retire_code_value("waste_type", "", "vaten", "x"),
        lambda: guarded.code_history(),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert store.code_history().empty and "vaten" in store.code_values("waste_type")["code"].tolist()


def test_importers_save_mappings_counts_only_roles_cannot(store) -> None:
    analyst = GuardedStore(store, Principal("a", Role.ANALYST, frozenset({"*"})))
    assert analyst.save_value_mappings("politie", "category", {"Hennep": "hennepkwekerij"}, "x") == 1
    assert analyst.value_mappings("politie") == {"Hennep": "hennepkwekerij"}
    workgroup = GuardedStore(store, Principal("w", Role.WORKGROUP, frozenset({"*"})))
    with pytest.raises(PermissionDenied):
        workgroup.value_mappings("politie")
    with pytest.raises(PermissionDenied):
        workgroup.save_value_mappings("politie", "category", {"x": "drugslab"}, "w")
    with pytest.raises(StoreError, match="Onbekende waarde"):
        store.save_value_mappings("politie", "category", {"brand": "brand schuur"}, "x")  # the fire brigade's


def test_cli_values_file_maps_and_remembers(store, tmp_path: Path, capsys) -> None:
    path = police_csv(tmp_path, ["E1;01-03-2024;;Hennep - kwekerij binnen;221000;455000", "E2;01-03-2024;;?;1;1"])
    values = tmp_path / "waarden.csv"
    values.write_text("bronwaarde;categorie\nHennep - kwekerij binnen;Hennepkwekerij\n", encoding="utf-8")
    db = store.path
    store.close()
    code = main(
        ["--db", db, "import", "--layer", "incidents", "--source", "politie", "--values", str(values), str(path)]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Goed: 1 rijen" in out
    from gis.store import open_store

    again = open_store(db)
    try:
        assert stored(again)["category"].tolist() == ["hennepkwekerij"]
        assert again.value_mappings("politie") == {"Hennep - kwekerij binnen": "hennepkwekerij"}
        assert codes_from_store(again, "politie").remembered  # used by the next import without --values
    finally:
        again.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "bronwaarde;categorie\nbrand;hennepkwekerij\nvuurwerk;knallen\n",
            "rij 3: categorie 'knallen' (voor 'vuurwerk')",
        ),
        ("brand;hennepkwekerij;extra\n", "rij 1 ('brand;hennepkwekerij;extra'): verwacht twee velden"),
        ("bronwaarde;categorie\n;drugslab\n", "rij 2: de bronwaarde is leeg"),
    ],
)
def test_cli_broken_values_file_is_refused_in_dutch(store, tmp_path: Path, capsys, text: str, message: str) -> None:
    path = police_csv(tmp_path, ["F1;01-03-2024;;brand;221000;455000"])
    values = tmp_path / "waarden.csv"
    values.write_text(text, encoding="utf-8")
    db = store.path
    store.close()
    code = main(
        ["--db", db, "import", "--layer", "incidents", "--source", "politie", "--values", str(values), str(path)]
    )
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Er is niets ingelezen" in err


def test_cli_remap_command(store, tmp_path: Path, capsys) -> None:
    path = police_csv(tmp_path, ["G1;01-03-2024;;DA-vondst;221000;455000"])
    batch = run_import(store, path, ImportOptions(layer="incidents", source_org="omgevingsdienst")).batch_id
    values = tmp_path / "waarden.csv"
    values.write_text("DA-vondst;drugsafval aangetroffen\n", encoding="utf-8")
    db = store.path
    store.close()
    assert main(["--db", db, "remap", str(batch), "--values", str(values)]) == 0
    assert "1 rij(en) van 'overig' naar een categorie gezet" in capsys.readouterr().out


def test_migration_11_keeps_existing_incidents(tmp_path: Path) -> None:
    from gis.store import open_store
    from tests.conftest import database_at_version

    con = database_at_version(tmp_path / "v10.duckdb", 10)
    con.execute("INSERT INTO incidents (x, y, source_org, category, occurred_on) "
                "VALUES (226500, 470500, 'politie', 'drugslab', '2025-05-01')")  # fmt: skip
    con.close()
    s = open_store(str(tmp_path / "v10.duckdb"))
    try:
        row = s.query_df("SELECT category, category_original, occurred_time FROM incidents").iloc[0]
        assert row["category"] == "drugslab" and pd.isna(row["category_original"]) and pd.isna(row["occurred_time"])
        assert "drugslab" in s.code_values("category", "politie")["code"].tolist()
    finally:
        s.close()
