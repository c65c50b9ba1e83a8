"""The fast lane of the CSV import gives exactly what the normal lane gives, and takes the normal lane
when it cannot be sure (blank lines, Windows-1252, unreadable lines)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import shapely

from gis.geo.assign import GridAssigner, assign_codes
from gis.importing import pipeline
from gis.importing.errors import ImportFileError
from gis.importing.fastpath import has_blank_lines
from gis.importing.pipeline import ImportOptions, run_import
from gis.store import Store

HEADER = "Zaaknummer;Pleegdatum;Soort incident;X;Y;Bron;Vertrouwelijkheid\n"
ROWS = [
    "F-1;01-03-2026;hennepkwekerij;226500,5;470500;politie;intern",  # straight in
    "F-2;2026-03-02;drugslab;226600.25;470600;;",  # ISO date, empty org and level: defaults
    "F-3;03/03/2026;Hennep;226700;470700;Politie;Vertrouwelijk",  # synonym, name, case
    "F-4;1-3-2026;drugslab;226800;470800;politie;",  # one-digit day: the normal lane reads it
    "F-5;2026-03-04 10:15;drugslab;226900;470900;politie;",  # date with a time: normal lane
    "F-6;31-02-2026;drugslab;227000;471000;politie;",  # no such date
    "F-7;01-03-2099;drugslab;227100;471100;politie;",  # future
    "F-8;01-03-1850;drugslab;227200;471200;politie;",  # before 1900
    "F-9;;drugslab;227300;471300;politie;",  # date missing
    "F-10;01-03-2026;drugslab;221.000,5;471400;politie;",  # thousands separator: normal lane
    "F-11;01-03-2026;drugslab;;471500;politie;",  # x missing
    "F-12;01-03-2026;drugslab;abc;471600;politie;",  # x not a number
    "F-13;01-03-2026;drugslab;50000;550000;politie;",  # North Sea: in the box, not on land
    "F-14;01-03-2026;drugslab;77000;335000;politie;",  # Belgium
    "F-15;01-03-2026;drugslab;-500000;471700;politie;",  # outside the RD box
    "F-16;01-03-2026;xyz;227400;471800;politie;",  # unknown category
    "F-17;01-03-2026;;227500;471900;politie;",  # no category: allowed
    "F-18;01-03-2026;drugslab ;227600;472000;politie;",  # trailing space: cleaned by the normal lane
    "F-19;01-03-2026;drugslab;227700;472100;politie;",
    "F-19;02-03-2026;drugslab;227800;472200;politie;",  # duplicate reference
    " F-20;01-03-2026;drugslab;227900;472300;politie;",
    "F-20;02-03-2026;drugslab;228000;472400;politie;",  # duplicate after cleaning
    "OUD-1;01-03-2026;drugslab;228100;472500;politie;",  # already in the store
    "F-\x0721;01-03-2026;drugslab;228200;472600;politie;",  # control character in the reference
    "R" * 101 + ";01-03-2026;drugslab;228300;472700;politie;",  # too long
    "<script>alert(1)</script>;01-03-2026;drugslab;228400;472800;politie;",  # stays text
    "=1+1;01-03-2026;drugslab;228500;472900;politie;",  # formula stays text
    ";;;;;;",  # empty row: skipped with a note
    '"F-\n22";01-03-2026;drugslab;228600;473000;politie;',  # newline inside quotes
    "F-23;01-03-2026;drugslab;228700;473100;onbekend;",  # unknown organisation
    "F-24;01-03-2026;drugslab;228800;473200;politie;geheim",  # unknown level
    "F-25;01-03-2026;drugslab;228900;473300;brandweer;",  # other organisation: its level
    ";01-03-2026;drugslab;229000;473400;politie;",  # no reference: allowed
]
MAPPING = {"reference": "Zaaknummer", "occurred_on": "Pleegdatum", "category": "Soort incident", "x": "X",
           "y": "Y", "source_org": "Bron", "confidentiality": "Vertrouwelijkheid"}  # fmt: skip
COLUMNS = "x, y, source_org, category, occurred_on, reference, confidentiality, municipality_code, batch_id"


def _write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _prepare(store: Store) -> None:
    store.add_area("Proefgebied", shapely.box(226000, 470000, 228000, 472000), created_by="test")
    old = pd.DataFrame({"x": [230000.0], "y": [470000.0], "source_org": ["politie"], "category": ["drugslab"],
                        "occurred_on": [pd.Timestamp("2025-01-01")], "reference": ["OUD-1"],
                        "confidentiality": ["vertrouwelijk"]})  # fmt: skip
    store.insert_points("incidents", old)


def _spy(monkeypatch: pytest.MonkeyPatch, store: Store) -> list[object]:
    seen: list[object] = []
    original = store.bulk_import_csv  # type: ignore[attr-defined]

    def wrapped(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        seen.append(result)
        return result

    monkeypatch.setattr(store, "bulk_import_csv", wrapped)
    return seen


def _stored(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = store.query_df(f"SELECT {COLUMNS} FROM incidents WHERE batch_id IS NOT NULL ORDER BY reference, x")
    members = store.query_df(
        "SELECT i.reference, m.area_id FROM area_members m JOIN incidents i ON i.id = m.record_id "
        "WHERE m.layer = 'incidents' AND i.batch_id IS NOT NULL ORDER BY 1"
    )
    return rows.drop(columns="batch_id"), members


def _both(make_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[str], **opts: object):
    path = _write(tmp_path / "politie.csv", rows)
    fast_store, slow_store = make_store("fast.duckdb", boundaries=True), make_store("slow.duckdb", boundaries=True)
    for s in (fast_store, slow_store):
        _prepare(s)
    options = {"layer": "incidents", "source_org": "politie", "user": "test", "mapping": MAPPING, **opts}
    spy = _spy(monkeypatch, fast_store)
    fast = run_import(fast_store, path, ImportOptions(**options))  # type: ignore[arg-type]
    with monkeypatch.context() as m:
        m.setattr(pipeline, "_run_bulk", lambda *a, **k: None)
        slow = run_import(slow_store, path, ImportOptions(**options))  # type: ignore[arg-type]
    return fast, slow, spy, fast_store, slow_store


def test_fast_lane_gives_the_same_report_and_records_as_the_normal_lane(make_store, tmp_path, monkeypatch) -> None:
    fast, slow, spy, fast_store, slow_store = _both(make_store, tmp_path, monkeypatch, ROWS)
    assert len(spy) == 1 and spy[0].fast_rows >= 8 and spy[0].other_rows >= 2  # both lanes were used
    assert (fast.rows_total, fast.accepted, fast.refused_count) == (slow.rows_total, slow.accepted, slow.refused_count)
    pd.testing.assert_frame_equal(fast.refused, slow.refused)
    assert fast.notes == slow.notes and "1 lege rij(en) overgeslagen." in fast.notes
    a, am = _stored(fast_store)
    b, bm = _stored(slow_store)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(am, bm)
    assert len(am) > 0  # some records lie in the test area
    by_ref = a.set_index("reference")
    assert by_ref.loc["F-2", "confidentiality"] == "vertrouwelijk" and by_ref.loc["F-25", "confidentiality"] == "intern"
    assert by_ref.loc["F-3", "category"] == "hennepkwekerij" and by_ref.loc["=1+1", "category"] == "drugslab"
    reasons = dict(zip(fast.refused["row"], fast.refused["reason"], strict=False))
    assert "over de grens of in zee" in reasons[14] and "geen geldige datum" in reasons[7]
    b_count = fast_store.batches().iloc[0]
    assert (b_count["rows_imported"], b_count["rows_refused"]) == (fast.accepted, fast.refused_count)


def test_fast_lane_dry_run_writes_nothing_and_cleans_up(make_store, tmp_path, monkeypatch) -> None:
    fast, slow, spy, fast_store, _ = _both(make_store, tmp_path, monkeypatch, ROWS, dry_run=True)
    assert spy and fast.batch_id is None and fast.accepted == slow.accepted > 0
    pd.testing.assert_frame_equal(fast.refused, slow.refused)
    assert fast_store.query_df("SELECT count(*) AS n FROM incidents WHERE batch_id IS NOT NULL")["n"][0] == 0
    assert fast_store.batches().empty
    temp = fast_store.query_df("SELECT table_name FROM duckdb_tables() WHERE temporary")
    assert not temp["table_name"].str.startswith("_bulk").any()
    attached = fast_store.query_df("SELECT database_name FROM duckdb_databases()")["database_name"]
    assert not attached.str.startswith("bulk_").any()  # the scratch database is detached
    assert not fast.preview.empty and {"x", "y"} <= set(fast.preview.columns)


def test_many_rows_keep_their_row_numbers_across_chunks(make_store, tmp_path, monkeypatch) -> None:
    rng = np.random.default_rng(3)
    rows = [f"M-{i};01-03-2025;drugslab;{rng.uniform(200000, 240000):.1f};{rng.uniform(440000, 480000):.1f};;"
            for i in range(30_000)]  # fmt: skip
    bad = {700: "31-02-2025", 12_345: "morgen", 29_999: "00-00-0000"}
    for i, value in bad.items():
        rows[i] = rows[i].replace("01-03-2025", value)
    fast, slow, spy, fast_store, slow_store = _both(make_store, tmp_path, monkeypatch, rows, chunk_rows=7_000)
    assert spy and spy[0].fast_rows > 25_000 and fast.accepted == slow.accepted  # an empty Bron is the import's
    pd.testing.assert_frame_equal(fast.refused, slow.refused)
    assert set(fast.refused[fast.refused["field"] == "Pleegdatum"]["row"]) == {i + 2 for i in bad}
    pd.testing.assert_frame_equal(_stored(fast_store)[0], _stored(slow_store)[0])
    # ids follow the file, as in the normal lane, although DuckDB parses the chunks in a worker thread
    order = fast_store.query_df("SELECT reference FROM incidents WHERE batch_id IS NOT NULL ORDER BY id")
    numbers = order["reference"].str.removeprefix("M-").astype(int)
    assert numbers.is_monotonic_increasing and len(numbers) == fast.accepted
    assert list(fast.preview.index[:3]) == [2, 3, 4]  # the preview shows the first rows of the file


def test_blank_lines_and_windows_1252_take_the_normal_lane(store, tmp_path, monkeypatch) -> None:
    spy = _spy(monkeypatch, store)
    blank = tmp_path / "blank.csv"
    blank.write_text(HEADER + ROWS[0] + "\n\n" + ROWS[1] + "\n", encoding="utf-8")
    assert has_blank_lines(blank)
    report = run_import(store, blank, ImportOptions(layer="incidents", source_org="politie", mapping=MAPPING))
    assert report.accepted == 2 and spy == []  # the blank line is row 3; F-2 is row 4 in either lane
    cp = tmp_path / "cp.csv"
    cp.write_bytes((HEADER + "F-€30;01-03-2026;drugslab;226500;470500;Politie;\n").encode("cp1252"))
    report = run_import(store, cp, ImportOptions(layer="incidents", source_org="politie", mapping=MAPPING))
    assert report.accepted == 1 and spy == []
    assert "F-€30" in store.query_df("SELECT reference FROM incidents")["reference"].tolist()
    assert not has_blank_lines(_write(tmp_path / "ok.csv", ROWS[:3]))


def test_a_line_with_too_many_fields_gets_the_normal_lanes_message(store, tmp_path) -> None:
    path = _write(tmp_path / "kapot.csv", [ROWS[0], ROWS[1] + ";extra;veld"])
    with pytest.raises(ImportFileError, match="regel 3"):
        run_import(store, path, ImportOptions(layer="incidents", source_org="politie", mapping=MAPPING))
    assert store.batches().empty


def test_grid_assigner_equals_assign_codes(store) -> None:
    m = store.municipalities()
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(0, 300_000, 20_000), [np.nan, 1e9]])
    y = np.concatenate([rng.uniform(280_000, 630_000, 20_000), [np.nan, 1e9]])
    expected = assign_codes(x, y, list(m.geometry), list(m["code"]))
    got = GridAssigner(list(m.geometry), list(m["code"]), cell=2000).assign(x, y)
    assert (got == expected).all() and (expected != None).sum() > 5_000  # noqa: E711


def test_dry_run_with_every_row_refused_still_reports_them(make_store, tmp_path, monkeypatch) -> None:
    rows = [ROWS[5], ROWS[11]]  # no such date; x not a number
    fast, slow, spy, *_ = _both(make_store, tmp_path, monkeypatch, rows, dry_run=True)
    assert spy and fast.accepted == slow.accepted == 0
    pd.testing.assert_frame_equal(fast.refused, slow.refused)
    assert fast.refused_count == 2


def test_grid_covered_equals_contains_xy(store) -> None:
    land = shapely.union_all(list(store.provinces().geometry)).buffer(100.0)
    rng = np.random.default_rng(8)
    x, y = rng.uniform(0, 300_000, 20_000), rng.uniform(280_000, 630_000, 20_000)
    got = GridAssigner([land], ["NL"], cell=4000).covered(x, y)
    assert (got == shapely.contains_xy(land, x, y)).all() and 1_000 < got.sum() < 19_000


def test_written_chunks_are_released_before_the_commit(store, tmp_path) -> None:
    """Each chunk's Arrow data is freed once written: memory does not grow with the number of chunks.

    (A view registered per chunk kept every chunk's strings alive until the commit: 1 MB per chunk here.)
    """
    rng = np.random.default_rng(4)
    rows = [f"LANG-REFERENTIE-{i:09d};01-03-2025;verdachte situatie;{rng.uniform(200000, 240000):.1f};"
            f"{rng.uniform(440000, 480000):.1f};politie;" for i in range(80_000)]  # fmt: skip
    path = _write(tmp_path / "lang.csv", rows)
    held: list[int] = []
    report = run_import(store, path, ImportOptions(layer="incidents", source_org="politie", mapping=MAPPING,
                                                   chunk_rows=10_000),
                        lambda rows, accepted: held.append(pa.total_allocated_bytes()))  # fmt: skip
    assert report.accepted == 80_000 and len(held) == 8
    assert held[-1] - held[1] < 1_000_000, held


def test_level_follows_each_rows_organisation_when_no_level_column_is_mapped(make_store, tmp_path, monkeypatch) -> None:
    """No Vertrouwelijkheid column, a Bron column: each row gets its own organisation's level in both lanes."""
    rows = ["L-1;01-03-2026;drugslab;226500;470500;politie;geheim", "L-2;01-03-2026;drugslab;226600;470600;brandweer;",
            "L-3;01-03-2026;drugslab;226700;470700;;", "L-4;01-03-2026;drugslab;226800;470800;RIEC;"]  # fmt: skip
    mapping = {k: v for k, v in MAPPING.items() if k != "confidentiality"}
    fast, slow, spy, fast_store, slow_store = _both(make_store, tmp_path, monkeypatch, rows, mapping=mapping)
    assert spy and spy[0].fast_rows == 4 and fast.refused_count == slow.refused_count == 0
    a, b = _stored(fast_store)[0], _stored(slow_store)[0]
    pd.testing.assert_frame_equal(a, b)
    levels = dict(zip(a["reference"], a["confidentiality"], strict=True))
    assert levels["L-1"] == "vertrouwelijk" and levels["L-2"] == "intern" and levels["L-3"] == "vertrouwelijk"


def test_barns_with_empty_status_and_organisation_get_the_same_defaults(make_store, tmp_path, monkeypatch) -> None:
    path = tmp_path / "schuren.csv"
    path.write_text("Adres;X;Y;Status;Bron;Oppervlak\nDorpsweg 1;226500;470500;;;450\n"
                    "Dorpsweg 2;226600;470600;gecontroleerd;gemeente;\n"
                    "Dorpsweg 3;226700;470700;;omgevingsdienst;12,5\n", encoding="utf-8")  # fmt: skip
    mapping = {"address": "Adres", "x": "X", "y": "Y", "status": "Status", "source_org": "Bron",
               "floor_area_m2": "Oppervlak"}  # fmt: skip
    stores = make_store("fast.duckdb", boundaries=True), make_store("slow.duckdb", boundaries=True)
    spy = _spy(monkeypatch, stores[0])
    options = ImportOptions(layer="barns", source_org="gemeente", user="test", mapping=mapping)
    fast = run_import(stores[0], path, options)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "_run_bulk", lambda *a, **k: None)
        slow = run_import(stores[1], path, options)
    assert spy and spy[0].fast_rows == fast.accepted == slow.accepted == 3
    cols = "address, status, source_org, floor_area_m2, municipality_code"
    a, b = (s.query_df(f"SELECT {cols} FROM barns WHERE batch_id IS NOT NULL ORDER BY address") for s in stores)
    pd.testing.assert_frame_equal(a, b)
    assert a["status"].tolist()[0] == "geregistreerd" and a["source_org"].tolist()[0] == "gemeente"
