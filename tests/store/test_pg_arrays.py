"""The PostGIS store's bulk paths (``gis.store.pg_copy``: packed reads, CSV COPY in and out) give exactly what
the ordinary row-by-row paths and the DuckDB store give, for awkward data: NULLs, quotes, unicode, 0 rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gis.domain.catalog import Layer
from gis.store import Filters, Store, open_store, pg_copy
from gis.store.frames import execute_with

AWKWARD = ["politie", 'zei "hoi"', "a,b;c", "Zuid-Holland é ü 北", "", "regel\nnieuw", "back\\slash", "  spatie "]


def _incidents(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({
        "x": rng.uniform(150_000, 250_000, n),  # full-precision doubles: both ways must be exact
        "y": rng.uniform(420_000, 520_000, n),
        "source_org": [AWKWARD[i % len(AWKWARD)] for i in range(n)],
        "category": [None if i % 5 == 0 else AWKWARD[(i * 3) % len(AWKWARD)] for i in range(n)],
        "occurred_on": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D"),
        "reference": [f"R-{i}" for i in range(n)],
    })  # fmt: skip


def _barns(n: int = 50) -> pd.DataFrame:
    return pd.DataFrame({"x": np.linspace(200_000.5, 201_000.25, n), "y": np.linspace(450_000.125, 451_000, n),
                         "source_org": [None if i % 3 else "gemeente 'x'" for i in range(n)],
                         "address": [f"Weg {i}" for i in range(n)]})  # fmt: skip


@pytest.fixture
def both(tmp_path: Path, pg_url: str) -> tuple[Store, Store]:
    """A DuckDB store and a PostGIS store holding the same incidents and barns."""
    duck, pg = open_store(str(tmp_path / "a.duckdb")), open_store(pg_url)
    for s in (duck, pg):
        s.insert_points(Layer.INCIDENTS, _incidents())
        s.insert_points(Layer.BARNS, _barns())
    yield duck, pg
    duck.close()
    pg.close()


def _sorted(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    order = np.lexsort((arrays["y"], arrays["x"]))
    return {k: np.asarray(v)[order] for k, v in arrays.items()}


def _assert_same_arrays(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert list(a) == list(b)
    a, b = _sorted(a), _sorted(b)
    for key in a:
        assert a[key].dtype == b[key].dtype, key
        if a[key].dtype.kind == "M":
            np.testing.assert_array_equal(np.isnat(a[key]), np.isnat(b[key]))
            np.testing.assert_array_equal(a[key][~np.isnat(a[key])], b[key][~np.isnat(b[key])])
        else:
            assert a[key].tolist() == b[key].tolist(), key


@pytest.mark.parametrize("layer", [Layer.INCIDENTS, Layer.BARNS])
@pytest.mark.parametrize(
    "f",
    [
        Filters(),
        Filters(sources=()),
        Filters(sources=('zei "hoi"', "Zuid-Holland é ü 北")),
        Filters(date_from=pd.Timestamp("2026-01-01").date()),
    ],
)
def test_point_arrays_match_duckdb(both: tuple[Store, Store], layer: Layer, f: Filters) -> None:
    duck, pg = both
    extra = ("date", "source", "category")
    expected, got = duck.point_arrays(layer, f, extra), pg.point_arrays(layer, f, extra)
    _assert_same_arrays(expected, got)
    if f == Filters() and layer is Layer.INCIDENTS:
        assert len(got["x"]) == 400 and set(got["source"]) == set(AWKWARD)
        assert sum(v is None for v in got["category"]) == 80
    if layer is Layer.BARNS:
        assert np.isnat(got["date"]).all() and all(v is None for v in got["category"])


def test_point_arrays_of_an_empty_table(tmp_path: Path, pg_url: str) -> None:
    duck, pg = open_store(str(tmp_path / "e.duckdb")), open_store(pg_url)
    try:
        for layer in (Layer.INCIDENTS, Layer.DUMPINGS):
            expected = duck.point_arrays(layer, Filters(), ("date", "source", "category"))
            got = pg.point_arrays(layer, Filters(), ("date", "source", "category"))
            assert all(len(v) == 0 for v in got.values())
            _assert_same_arrays(expected, got)
    finally:
        duck.close()
        pg.close()


QUERY = (
    "SELECT * FROM (VALUES (1, CAST(2.5 AS DOUBLE PRECISION), DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.25', "
    "true, 'a,\"b\"', CAST(10.25 AS NUMERIC)), "
    "(NULL, NULL, NULL, NULL, NULL, NULL, NULL), (3, -0.1, DATE '1969-12-31', TIMESTAMP '1960-05-06 07:08:09', false, "
    "'', 1), (4, 1e300, DATE '2100-01-01', TIMESTAMP '2024-06-01 00:00:00', true, 'é\nü', NULL)) "
    "AS t(i, f, d, ts, b, s, n)"
)


def _check_cursor_paths(pg: Store, sql: str) -> None:
    cur = pg.cursor()
    slow = cur.execute(sql).fetchnumpy()
    fast = cur.numpy(sql)
    assert list(fast) == list(slow)
    for key in slow:
        a, b = slow[key], fast[key]
        assert type(a) is type(b) and a.dtype == b.dtype, key
        if np.ma.isMaskedArray(a):
            np.testing.assert_array_equal(np.ma.getmaskarray(a), np.ma.getmaskarray(b))
            assert a.compressed().tolist() == b.compressed().tolist(), key
        elif a.dtype.kind == "M":
            np.testing.assert_array_equal(a, b)
        else:
            assert [None if isinstance(v, float) and np.isnan(v) else v for v in a.tolist()] == [
                None if isinstance(v, float) and np.isnan(v) else v for v in b.tolist()
            ], key
    pd.testing.assert_frame_equal(cur.frame(sql), cur.execute(sql).df())


@pytest.mark.parametrize("where", ["", " WHERE i = 3", " WHERE i IS NULL", " WHERE false"])
def test_bulk_reads_match_the_row_by_row_fetch(pg_url: str, where: str) -> None:
    pg = open_store(pg_url)
    try:
        _check_cursor_paths(pg, f"SELECT * FROM ({QUERY}) AS q{where}")
        with pg.transaction() as cur:  # inside a write transaction too
            assert cur.numpy(f"SELECT i FROM ({QUERY}) AS q WHERE i = ?", [4])["i"].tolist() == [4]
    finally:
        pg.close()


def test_many_distinct_texts_fall_back_to_csv(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg_copy, "MAX_WORDS", 2)
    pg = open_store(pg_url)
    try:
        _check_cursor_paths(pg, f"SELECT * FROM ({QUERY}) AS q")
        assert pg.cursor().numpy(f"SELECT s FROM ({QUERY}) AS q")["s"].tolist() == ['a,"b"', None, "", "é\nü"]
    finally:
        pg.close()


def test_csv_copy_writes_exactly_what_it_is_given(pg_url: str) -> None:
    pg = open_store(pg_url)
    frame = _incidents(300).assign(category_original=lambda d: d["source_org"])
    try:
        pg.insert_points(Layer.INCIDENTS, frame)  # the direct COPY into incidents
        got = pg.query_df("SELECT x, y, source_org, category, occurred_on, reference, category_original "
                          "FROM incidents ORDER BY id")  # fmt: skip
        assert got["x"].tolist() == frame["x"].tolist() and got["y"].tolist() == frame["y"].tolist()
        assert got["source_org"].tolist() == frame["source_org"].tolist()
        expected = [None if pd.isna(v) else v for v in frame["category"]]
        assert [None if pd.isna(v) else v for v in got["category"]] == expected  # NULL stays NULL, "" stays ""
        assert "" in expected and None in expected
        assert (got["occurred_on"] == frame["occurred_on"]).all()
        with pg.transaction() as cur:  # a temporary table filled by CSV COPY, then a join
            rows = execute_with(cur, "SELECT count(*) FROM incidents i JOIN _data d ON d.s = i.source_org",
                                pd.DataFrame({"s": ["", 'zei "hoi"', None]})).fetchall()  # fmt: skip
        assert rows[0][0] == sum(v in ("", 'zei "hoi"') for v in frame["source_org"])
    finally:
        pg.close()


def test_a_frame_csv_cannot_carry_goes_row_by_row(pg_url: str) -> None:
    pg = open_store(pg_url)
    try:
        assert not pg_copy.copy_csv(None, "t", ["b"], pd.DataFrame({"b": [b"\x00\x01", b"x"]}))  # type: ignore[arg-type]
        with pg.transaction() as cur:
            got = execute_with(
                cur, "SELECT length(b) FROM _data ORDER BY 1", pd.DataFrame({"b": [b"\x00\x01", b"xyz"]})
            )
            assert [r[0] for r in got.fetchall()] == [2, 3]
    finally:
        pg.close()


def test_an_import_chunk_the_database_refuses_leaves_nothing(pg_url: str) -> None:
    """The PostGIS import writes chunk k on a worker thread while chunk k+1 is read: a refused write still
    undoes the whole batch, and the reference lookup in between runs on a connection of its own."""
    import psycopg

    from gis.store import BatchInfo

    pg = open_store(pg_url)
    looked_up: list[set[str]] = []

    def chunks():
        yield _incidents(50)
        looked_up.append(pg.known_references("incidents", ["R-1", "R-999"]))  # while chunk 1 may be in flight
        yield _incidents(50).assign(occurred_on="geen datum")

    try:
        info = BatchInfo("incidents", "f.csv", "h1", "analist", "politie")
        with pytest.raises(psycopg.errors.InvalidDatetimeFormat, match="geen datum"):
            pg.import_batch(info, chunks())
        assert looked_up == [set()]  # the unfinished batch is not visible outside its transaction
        assert pg.layer_count(Layer.INCIDENTS, Filters()) == 0 and pg.batches().empty
        _batch, rows = pg.import_batch(info, [_incidents(30), _incidents(20)])
        assert rows == 50 and pg.layer_count(Layer.INCIDENTS, Filters()) == 50
    finally:
        pg.close()
