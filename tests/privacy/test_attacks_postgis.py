"""Red team (issue 18): the privacy attacks again, on a PostGIS copy of the demo, plus attacks that only the shared
backend opens (its SQL dialect step, COPY, the connection settings, the laptop copy). Attacks with several app
processes are in test_attacks_postgis_processes.py.

The attack suites of tests/privacy are written against the ``shared`` fixture; the store-level ones are collected
here a second time with ``shared`` a writable PostGIS copy of the same small demo, so every attack runs on both
backends (the app-level ones, which start the app on a DuckDB file, are not repeated).
"""

from __future__ import annotations

import logging
import random
import shutil
import traceback
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import shapely
from psycopg.conninfo import conninfo_to_dict

from gis import auth
from gis.demo.seed import load_boundaries
from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Filters, Store, StoreError, open_store
from gis.store.arrays import SECRET_KEY
from gis.store.copy import copy_database
from gis.store.guard import GuardedStore
from gis.store.pg import redacted
from tests.pg_cluster import OWNER
from tests.privacy import test_attacks, test_attacks_issue16, test_attacks_review
from tests.privacy.test_attacks_issue16 import fresh_cache  # noqa: F401  (a fixture the repeated tests use)

COUNTS_ONLY_ROLES = (Role.WORKGROUP, Role.PUBLIC, Role.AUDITOR)
_APP_LEVEL = {"app_db", "monkeypatch"}  # these start the app (DuckDB file) or need no store: not repeated here


def _store_level(module: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in dir(module):
        fn = getattr(module, name)
        if not name.startswith("test_") or not callable(fn):
            continue
        code = getattr(fn, "__code__", None)
        args = set(code.co_varnames[: code.co_argcount]) if code else set()
        if "shared" in args and not args & _APP_LEVEL:
            out[name] = fn
    return out


for _module in (test_attacks, test_attacks_issue16, test_attacks_review):
    for _name, _fn in _store_level(_module).items():
        globals()[f"{_name}__on_postgis"] = _fn


@pytest.fixture
def shared(pg_demo_url: str) -> Iterator[Store]:
    """A writable PostGIS copy of the small demo (the same data as the DuckDB ``shared`` fixture)."""
    s = open_store(pg_demo_url)
    yield s
    s.close()


# -- the same data gives the same released counts on both backends ----------------------------------------------


@pytest.fixture
def both(demo_db: Path, pg_demo_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """The small demo on DuckDB and on PostGIS (seeded alike), the PostGIS one given DuckDB's salt."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, path)
    duck, pg = open_store(str(path)), open_store(pg_demo_url)
    with pg.transaction() as cur:  # the record keys are salted per database: one salt, so one key per record
        cur.execute("DELETE FROM meta WHERE key = ?", [SECRET_KEY])
        cur.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [SECRET_KEY, duck._cell_key_salt()])
    yield duck, pg
    duck.close()
    pg.close()


def _records(store: Store, table: str, columns: str) -> pd.DataFrame:
    return store.query_df(f"SELECT {columns} FROM {table} ORDER BY id").reset_index(drop=True)


@pytest.mark.parametrize("role", COUNTS_ONLY_ROLES)
def test_released_counts_are_the_same_on_both_backends(both: tuple[Store, Store], role: Role) -> None:
    duck, pg = both
    tables = (("incidents", "id, x, y, occurred_on, source_org"), ("dumpings", "id, x, y, found_at, status"))
    for table, columns in tables:
        a, b = _records(duck, table, columns), _records(pg, table, columns)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)  # the same records: the test compares like with like
    views = [GuardedStore(s, Principal(f"rt-{role.value}", role, frozenset({"*"}))) for s in both]
    periods = [Filters(), Filters(date(2023, 1, 1), date(2023, 12, 31)), Filters(date(2024, 2, 29), date(2024, 3, 1))]
    compared = 0
    for layer in (Layer.INCIDENTS, Layer.DUMPINGS, Layer.BARNS):
        for f in periods:
            got = [v.layer_count(layer, f) for v in views]
            assert got[0] == got[1], (layer, f)
            compared += got[0] > 0
            for cell in (1000.0, 2000.0, 5000.0):
                a, b = (v.grid_counts(layer, f, cell).reset_index(drop=True) for v in views)
                pd.testing.assert_frame_equal(a, b)  # values and dtypes
                compared += len(a) > 0
            for by in ("municipality", "month", "area", "source"):
                try:
                    a, b = (v.counts_by(layer, f, by).reset_index(drop=True) for v in views)
                except (PermissionDenied, ValueError, KeyError):
                    continue
                pd.testing.assert_frame_equal(a, b)  # values and dtypes
                compared += len(a) > 0
    assert compared > 20  # most of what was asked had counts to compare


# -- user-typed text through the dialect step and COPY ----------------------------------------------------------

HOSTILE = ["?", "??", "%s", "%", "%(x)s", "%%", "'", "''", "' OR 1=1 --", "\\", "\\'", "$$", "$1", "-- c", "/*", "*/",
           "\\.", "a\n\\.\nb", "\r\n", "\r", "\u2028", "é🐄", "E'\\x41'", "\\x00", ";DROP TABLE accounts;--", "{}",
           "NULL", "", " ", "\\N", "\t", '"', '","', "\x7f\x1b[31m", "\ufeff"]  # fmt: skip
LOCHEM = (226_500.0, 470_500.0)


def _report(x: float, notes: str) -> dict[str, object]:
    return {"x": x, "y": LOCHEM[1], "found_at": datetime(2026, 10, 1, 9, 30), "place_type": "bos",
            "waste_type": "vaten", "notes": notes}  # fmt: skip


def _typed_everywhere(store: Store, area_id: int, i: int, text: str) -> None:
    store.add_area(
        text or "leeg", shapely.box(250_000 + i, 465_000, 265_000, 478_000), activities=text, created_by=text
    )
    store.add_dumping({"x": LOCHEM[0] + 50 * i, "y": LOCHEM[1], "found_at": datetime(2026, 10, 1, 9, 30),
                       "place_type": "bos", "waste_type": "vaten", "notes": text}, text or "leeg")  # fmt: skip
    store.audit(text, "test", "rt", text, text)
    store.add_survey_responses([{"respondent_type": "bewoner", "area_id": area_id, "answers": {"open": text},
                                 "respondent_ref": text}], text or "leeg", file_name="enquete.csv")  # fmt: skip


def _what_was_kept(store: Store) -> list[object]:
    return [
        store.query_df("SELECT name, activities, created_by FROM areas ORDER BY id").values.tolist(),
        store.query_df("SELECT notes, created_by FROM dumpings ORDER BY id").values.tolist(),
        store.query_df(
            "SELECT user_name, record, detail FROM audit_log WHERE action = 'test' ORDER BY id"
        ).values.tolist(),
        [(r, a) for r, a in store.survey_responses()[["respondent_ref", "answers"]].itertuples(index=False)],
    ]


def test_hostile_text_is_kept_as_typed_and_alike_on_both_backends(pg_url: str, tmp_path: Path) -> None:
    """Placeholders, percent signs, quotes, comment starts, COPY's end marker and escapes in every kind of typed text
    (area names, notes, reporter names, audit details, survey answers) go through ``to_pg`` and COPY as plain text."""
    kept = []
    for url in (str(tmp_path / "a.duckdb"), pg_url):
        store = open_store(url)
        load_boundaries(store)
        area_id = store.add_area("Enquêtegebied", shapely.box(250_000, 465_000, 265_000, 478_000), created_by="t")
        for i, text in enumerate(HOSTILE):
            _typed_everywhere(store, area_id, i, text)
        kept.append(_what_was_kept(store))
        store.close()
    assert kept[0] == kept[1]
    assert [n for n, _c in kept[1][1]] == HOSTILE  # every note exactly as typed


def test_a_nul_character_is_a_dutch_error_naming_the_field_and_writes_nothing(pg_url: str) -> None:
    """DuckDB keeps a NUL character, PostgreSQL cannot. A forged form value with one used to end in psycopg's
    English DataError (or 'invalid byte sequence … COPY _data, line 1') on the page; now a StoreError."""
    store = open_store(pg_url)
    try:
        load_boundaries(store)
        with pytest.raises(StoreError, match=r"NUL-teken.*rij 1, veld 'notes'"):
            store.add_dumping(_report(LOCHEM[0], "a\x00b"), "inspecteur")
        with pytest.raises(StoreError, match=r"NUL-teken.*'a\\x00b'"):
            store.add_area("a\x00b", shapely.box(250_000, 465_000, 265_000, 478_000), created_by="t")
        with pytest.raises(StoreError, match="NUL-teken"):
            store.audit("x\x00", "test", "rt")
        assert store.scalar("SELECT count(*) FROM dumpings") == 0
        assert store.scalar("SELECT count(*) FROM areas") == 0
    finally:
        store.close()


# -- a password with an unescaped URL character ------------------------------------------------------------------

SECRET = "Geheim{c}Wachtw00rd7f3a"  # the part after {c} is what libpq misreads as a host, port or database


@pytest.mark.parametrize("char", ["@", "/"])
@pytest.mark.parametrize(
    "template",
    [
        "postgresql://vb_app:{pw}@127.0.0.1:{port}/db",
        "postgresql://vb_app:{pw}@/db?host={sock}&port={port}",
        "postgresql://vb_app:{pw}@localhost/db",
    ],
)
def test_a_password_with_an_unescaped_at_or_slash_shows_nowhere(
    pg_cluster, char: str, template: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An administrator pastes a password with '@' or '/' into VB_DB unescaped. libpq then reads its tail as the
    host ('Wachtw00rd7f3a@127.0.0.1'), the port or the database name, and that went into ``store.path`` (the
    About page, every message naming the database) and the pool's log lines. Now: the Dutch 'not a valid URL'."""
    password = SECRET.format(c=char)
    tail = password.split(char, 1)[1]
    url = template.format(pw=password, sock=pg_cluster.socket_dir, port=pg_cluster.port)
    monkeypatch.setattr("gis.store.pg.CONNECT_TIMEOUT_S", 1)
    caplog.set_level(logging.DEBUG)
    assert tail not in redacted(url)
    try:
        opened = open_store(url)  # libpq may drop the tail (a host in the query wins): then it must not show either
    except StoreError as exc:
        assert tail not in "".join(traceback.format_exception(exc)) + caplog.text
        assert "geen geldige PostgreSQL-URL" in str(exc) or tail not in str(conninfo_to_dict(url))
    else:
        assert tail not in opened.path + caplog.text
        opened.close()
    monkeypatch.setenv("VB_DB_OWNER", url)
    empty = pg_cluster.empty_database()
    try:
        with pytest.raises(StoreError) as err:
            open_store(pg_cluster.url(empty))  # migrating needs the owner's URL: the same reading, the same refusal
        assert tail not in "".join(traceback.format_exception(err.value)) + caplog.text
    finally:
        pg_cluster.drop_database(empty)


# -- the laptop copy for a role ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", COUNTS_ONLY_ROLES)
def test_a_copy_for_a_role_from_postgis_holds_no_secret_records_or_people(pg_demo_url: str, tmp_path: Path,
                                                                          role: Role) -> None:  # fmt: skip
    """From the shared database to a laptop for a counts-only role: no records of counted layers, no accounts,
    sessions, audit lines or drafts, no survey answers or walks, no secret settings (the record-key salt, the
    cookie secret, nor the hash of a setup token that is waiting), and only released counts (none under 5)."""
    source = open_store(pg_demo_url)
    try:
        auth.ensure_demo_accounts(source)
        source.set_setup_token("5e" * 32)  # a region whose administrator has not signed up yet
        source.set_meta("secret:session_cookie", "koekjesgeheim")
        assert source._cell_key_salt() and source.get_meta("setup_token")
        source.audit("beheer", "test", "incidents", 1, "een incident in Lochem")
    finally:
        source.close()
    target = tmp_path / f"laptop-{role.value}.duckdb"
    copy_database(pg_demo_url, str(target), role=role.value, say=lambda _: None)
    laptop = open_store(str(target), migrate=False)
    try:
        for table in ("incidents", "dumpings", "barns", "accounts", "sessions", "login_throttle", "audit_log",
                      "form_drafts", "survey_responses", "schouw_walks", "dumping_files", "dumping_history",
                      "area_members", "import_batches"):  # fmt: skip
            assert laptop.scalar(f"SELECT count(*) FROM {table}") == 0, table
        assert laptop.query_df("SELECT key FROM meta")["key"].tolist() == ["demo"]
        released = laptop.query_df("SELECT n, hidden FROM released_counts")
        assert len(released) > 0 and not ((released["n"] >= 0) & (released["n"] < 5)).any()
        assert (released["hidden"] == (released["n"] < 0)).all()
    finally:
        laptop.close()


def test_moving_a_region_with_a_nul_in_a_note_names_the_record_and_can_be_retried(
    pg_cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB kept a NUL character a forged form sent in a note; ``python -m gis copy`` to PostGIS then stopped on
    psycopg's English 'PostgreSQL text fields cannot contain NUL (0x00) bytes', naming no table or record."""
    source = tmp_path / "regio.duckdb"
    duck = open_store(str(source))
    load_boundaries(duck)
    new = duck.add_dumping(_report(LOCHEM[0], "vaten\x00olie"), "inspecteur")
    duck.close()
    target = pg_cluster.empty_database()
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(target, OWNER))
    try:
        with pytest.raises(StoreError, match=rf"dumpings \(dumpingen\): id {new}, veld 'notes' bevat een NUL-teken"):
            copy_database(str(source), pg_cluster.url(target), say=lambda _: None)
        duck = open_store(str(source))
        duck.update_dumping(new, {"notes": "vaten olie"}, "beheer")
        duck.close()
        checks = copy_database(str(source), pg_cluster.url(target), say=lambda _: None)  # nothing was left behind
        assert all(c.ok for c in checks)
    finally:
        pg_cluster.drop_database(target)


def test_literals_and_placeholders_mixed_at_random_read_back_alike_on_both_backends(
    pg_url: str, tmp_path: Path
) -> None:
    """The dialect step (``to_pg``) against 300 random statements of string literals holding ?, %, %s, quotes and
    comment starts, mixed with ? placeholders whose values hold the same: each column reads back exactly what was
    written, on DuckDB and PostGIS alike (a ? inside a literal never became a parameter, a % never a marker)."""
    pieces = ["?", "%", "%s", "%%", "''", "--", "/*", "$$", "\\", ":x", "%(a)s", "é", " ", "a"]
    rng = random.Random(18)
    statements: list[tuple[str, list[object], list[str]]] = []
    for _ in range(300):
        exprs, params, expected = [], [], []
        for i in range(rng.randint(1, 6)):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
            if rng.random() < 0.5:
                exprs.append(f"CAST(? AS VARCHAR) AS c{i}")
                params.append(text)
            else:
                exprs.append(f"'{text.replace(chr(39), chr(39) * 2)}' AS c{i}")
            expected.append(text)
        statements.append(("SELECT " + ", ".join(exprs), params, expected))
    for url in (str(tmp_path / "d.duckdb"), pg_url):
        store = open_store(url)
        try:
            for sql, params, expected in statements:
                assert list(store.cursor().execute(sql, params).fetchone()) == expected, (store.backend, sql)
        finally:
            store.close()
