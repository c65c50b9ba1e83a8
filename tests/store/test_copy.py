"""``python -m gis copy``: DuckDB → PostGIS → DuckDB keeps every row, id, file and version; refusals; role copies."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import shapely

from gis.__main__ import main
from gis.domain.catalog import Layer
from gis.domain.roles import SMALL_COUNT_SUPPRESSION
from gis.store import Filters, StoredFile, open_store
from gis.store.copy import CopyError, CopyRefused, check_databases, copy_database
from gis.store.copy_rules import NOT_COPIED, RELEASED_TABLE, TABLES
from tests.pg_cluster import Cluster

PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg \x00\x01\x02" * 50


@pytest.fixture
def source(demo_db: Path, tmp_path: Path) -> Path:
    """The small demo with what it lacks: a photo, a status change, a second area version, a secret, an audit line."""
    path = tmp_path / "source.duckdb"
    shutil.copy(demo_db, path)
    s = open_store(str(path))
    try:
        first = int(s.scalar("SELECT min(id) FROM dumpings WHERE status = 'gemeld' AND linked_to IS NULL"))
        photo = StoredFile(kind="foto", name="vat.jpg", mime="image/jpeg", original=PHOTO,
                           sha256=hashlib.sha256(PHOTO).hexdigest(), shared=PHOTO[:100], lat=52.1, lon=6.5)  # fmt: skip
        s.add_dumping_files(first, [photo], "test")
        s.change_dumping_status(first, "in onderzoek", "test", note="opgepakt")
        area = s.areas().iloc[0]
        s.save_area_version(int(area["id"]), area.geometry.buffer(10), "Nieuwe naam", "", "test", "grens aangepast")
        s.disclosure_units(Layer.INCIDENTS)  # makes the cell-key secret
        s.audit("test", "update", "dumpings", first, "proef")  # type: ignore[attr-defined]
    finally:
        s.close()
    return path


def _all_ok(checks: list) -> None:
    bad = [(c.table, c.source_rows, c.target_rows) for c in checks if not c.ok]
    assert not bad, bad


def test_duckdb_to_postgis_and_back(source: Path, pg_url: str, tmp_path: Path) -> None:
    checks = copy_database(str(source), pg_url, say=lambda _: None)
    _all_ok(checks)
    src = duckdb.connect(str(source), read_only=True)
    tables = {r[0] for r in src.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    src.close()
    assert {c.table for c in checks} == tables - NOT_COPIED and tables - NOT_COPIED <= set(TABLES)
    by = {c.table: c for c in checks}
    assert by["incidents"].target_rows == 2000 and by["dumping_files"].target_rows == 1
    assert by["meta"].target_rows >= 3 and by["audit_log"].target_rows >= 1

    back = tmp_path / "back.duckdb"
    _all_ok(copy_database(pg_url, str(back), say=lambda _: None))
    # the round trip: every table equal to the original (counts and checksums)
    final = check_databases(str(source), str(back))
    _all_ok(final)
    assert {c.table: c.target_sum for c in final} == {c.table: c.target_sum for c in checks}

    a, b = open_store(str(source), read_only=True), open_store(str(back))
    try:
        dumping = int(a.query_df("SELECT dumping_id FROM dumping_files")["dumping_id"].iloc[0])
        file_id = int(b.dumping_files(dumping)["id"].iloc[0])
        assert b.dumping_file(file_id, original=True)[2] == PHOTO
        assert b.dumping_history(dumping)["to_status"].tolist() == a.dumping_history(dumping)["to_status"].tolist()
        area_id = int(a.scalar("SELECT area_id FROM area_versions WHERE version = 2"))
        va, vb = a.area_versions(area_id), b.area_versions(area_id)
        assert sorted(vb["version"]) == sorted(va["version"]) == [1, 2]
        assert all(shapely.equals(g, h) for g, h in zip(va.geometry, vb.geometry, strict=True))
        for layer in Layer:  # a sample of records, field by field, ids kept
            pa_, pb = a.points(layer, Filters(), limit=50), b.points(layer, Filters(), limit=50)
            assert len(pa_) == 50
            pd.testing.assert_frame_equal(pb, pa_)
        assert b.get_meta("secret:cell_key") == a.get_meta("secret:cell_key")
        top = int(a.scalar("SELECT max(id) FROM dumpings"))
        new_id = b.add_dumping(
            {"x": 230000.0, "y": 480000.0, "found_at": "2026-01-01 10:00", "waste_type": "vaten"}, "test"
        )
        assert new_id == top + 1
    finally:
        a.close()
        b.close()


def test_ids_and_sequences_on_postgis(source: Path, pg_url: str) -> None:
    copy_database(str(source), pg_url, say=lambda _: None)
    a, pg = open_store(str(source), read_only=True), open_store(pg_url)
    try:
        ids = [s.points(Layer.BARNS, Filters(), limit=10)["id"].tolist() for s in (a, pg)]
        assert ids[0] == ids[1] and len(ids[0]) == 10
        top = int(a.scalar("SELECT max(id) FROM areas"))
        assert pg.add_area("Na de kopie", shapely.box(230000, 480000, 231000, 481000)) == top + 1
        frame = a.points(Layer.INCIDENTS, Filters(), limit=2).drop(columns="id")
        assert pg.insert_points(Layer.INCIDENTS, frame) == 2
        assert int(pg.scalar("SELECT max(id) FROM incidents")) == int(a.scalar("SELECT max(id) FROM incidents")) + 2
    finally:
        a.close()
        pg.close()


def test_non_empty_target_refused_and_untouched(source: Path, demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "filled.duckdb"
    shutil.copy(demo_db, target)
    before = target.read_bytes()
    with pytest.raises(CopyRefused, match="niet leeg"):
        copy_database(str(source), str(target), say=lambda _: None)
    assert target.read_bytes() == before
    # through the command line: exit 2, Dutch message
    assert main(["copy", "--from", str(source), "--to", str(target)]) == 2
    assert target.read_bytes() == before


def test_fresh_schema_with_seed_rows_counts_as_empty(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    target = tmp_path / "fresh.duckdb"
    open_store(str(target)).close()  # migrated: only the code lists' seed rows
    assert main(["copy", "--from", str(source), "--to", str(target)]) == 0
    out = capsys.readouterr()
    assert "incidents" in out.out and "ja" in out.out and "NEE" not in out.out
    assert "vertrouwelijke" in out.err  # a full copy to a file warns


def test_an_edited_measure_catalogue_is_not_taken_for_its_seed(tmp_path: Path) -> None:
    """A target whose only change is the administrator's edit of one catalogue measure is not empty."""
    from gis.store.copy_sides import Side, filled_tables

    target = tmp_path / "catalogue.duckdb"
    store = open_store(str(target))
    side = Side(str(target), store)
    assert filled_tables(side) == []
    row = store.measure_catalogue().iloc[0].to_dict()
    store.save_catalogue_measure({**row, "name": row["name"] + " (aangepast)"}, "beheerder", int(row["version"]))
    assert "measure_catalogue" in [t for t, _n in filled_tables(side)]  # (and the edit in measure_history)
    side.close()


def test_copy_for_counts_only_role(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "werkgroep.duckdb"
    checks = copy_database(str(source), str(target), role="werkgroeplid", say=lambda _: None)
    _all_ok(checks)
    con = duckdb.connect(str(target), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert RELEASED_TABLE in tables
        for table in ("incidents", "barns", "dumpings", "dumping_files", "area_members", "accounts", "audit_log",
                      "sessions", "login_throttle", "form_drafts"):  # fmt: skip
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
        keys = [r[0] for r in con.execute("SELECT key FROM meta").fetchall()]
        assert keys and not [k for k in keys if k.startswith("secret:")] and "demo_seed" not in keys
        released = con.execute("SELECT layer, division, unit, n, hidden FROM released_counts").fetchall()
    finally:
        con.close()
    assert {r[0] for r in released} == {"incidents", "barns", "dumpings"}
    # the counts are those the app shows the role: the guarded store's released counts, small ones hidden
    from gis.domain.roles import Principal, Role
    from gis.store.guard import GuardedStore

    s = open_store(str(source), read_only=True)
    try:
        app = GuardedStore(s, Principal("x", Role.WORKGROUP, frozenset({"*"}))).counts_by(
            Layer.INCIDENTS, Filters(), "municipality"
        )
    finally:
        s.close()
    mine = {r[2]: r[3] for r in released if r[0] == "incidents" and r[1] == "municipality"}
    assert mine == dict(zip(app["code"].astype(str), app["n"].astype(int), strict=True))
    assert all(r[4] == (r[3] == -1) for r in released)
    assert any(r[4] for r in released) and not any(0 < r[3] < SMALL_COUNT_SUPPRESSION for r in released)


def test_copy_for_coordinator_keeps_dumpings_without_reporters(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "coordinator.duckdb"
    _all_ok(copy_database(str(source), str(target), role="coordinator", say=lambda _: None))
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM dumpings").fetchone()[0] == 500
        assert con.execute("SELECT count(*) FROM dumpings WHERE reporter_name IS NOT NULL").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
        files = con.execute("SELECT original, lat FROM dumping_files").fetchall()
        assert files == [(PHOTO[:100], None)]  # the shared copy only, no position
        assert {r[0] for r in con.execute("SELECT DISTINCT layer FROM released_counts").fetchall()} == {"incidents"}
    finally:
        con.close()


def test_checksum_mismatch_detected(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "tampered.duckdb"
    _all_ok(copy_database(str(source), str(target), say=lambda _: None))
    con = duckdb.connect(str(target))
    con.execute("UPDATE barns SET address = 'elders' WHERE id = (SELECT min(id) FROM barns)")
    con.close()
    checks = check_databases(str(source), str(target))
    bad = [c for c in checks if not c.ok]
    assert [c.table for c in bad] == ["barns"] and bad[0].source_rows == bad[0].target_rows


def test_unknown_table_refused(source: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(source))
    con.execute("CREATE TABLE surveys (id INTEGER)")
    con.close()
    target = tmp_path / "t.duckdb"
    with pytest.raises(CopyError, match="surveys"):
        copy_database(str(source), str(target), say=lambda _: None)
    assert not target.exists()  # refused before the target was opened


def test_cli_to_postgis(source: Path, pg_url: str, pg_cluster: Cluster, capsys: pytest.CaptureFixture) -> None:
    assert main(["copy", "--from", str(source), "--to", pg_url]) == 0
    assert "Gekopieerd en gecontroleerd" in capsys.readouterr().out
    assert main(["copy", "--from", str(source), "--to", pg_url]) == 2  # now it is not empty
    assert "niet leeg" in capsys.readouterr().err


def test_laptop_copy_from_postgis_for_role(pg_demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "laptop.duckdb"
    assert main(["copy", "--from", pg_demo_url, "--to", str(target), "--for-role", "publiek"]) == 0
    out = capsys.readouterr()
    assert "released_counts" in out.out and "vertrouwelijke" not in out.err
    con = duckdb.connect(str(target), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM incidents").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
        n = con.execute("SELECT count(*) FROM released_counts WHERE role = 'publiek' AND layer = 'incidents'")
        assert n.fetchone()[0] > 0
    finally:
        con.close()
    # a copy for a role only goes to a DuckDB file
    assert main(["copy", "--from", pg_demo_url, "--to", "postgresql://vb_app@/elders", "--for-role", "publiek"]) == 2
