"""Red-team attacks on the features of issue 16, as a scripted partner with a counts-only role (or a scoped
inspector) who forges what the browser sends and subtracts tables.

1. form drafts (``save_draft``/``draft``/``delete_draft``, rule ``own``);
2. the sign-in cookie (signed value, one-time ticket route, resume of a kept cookie);
3. the shared cross-session cache of the home map (``gis.ui.cache``);
4. the Aantallen choropleth (rates, legend, tooltip, CSV/XLSX, area vs municipality tables);
5. hotspot place names and ranks for counts-only roles;
6. ``?lang=`` and other new URL/cookie input.

A test that fails shows a hole; the ones that pass are defences that held against the attack.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
import streamlit as st
from starlette.requests import Request

from gis import auth
from gis.counts import rate_breaks, region_counts, with_rates
from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied, Principal, Role
from gis.domain.session_cookie import COOKIE_NAME, SECRET_META_KEY, TicketBook, sign, verify
from gis.privacy.rules import MIN_SHOWN
from gis.store import Filters, Store, open_store
from gis.store.guard import GuardedStore

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
HOSTILE = "<img src=x onerror=alert(1)>'); DROP TABLE form_drafts; --\u202e</script>{{7*7}}"
LOCHEM = frozenset({"GM0262"})
IN_LOCHEM = (226_500.0, 470_500.0)
OUTSIDE_LOCHEM = (205_000.0, 445_000.0)
COUNTS_ONLY = (Role.WORKGROUP, Role.AUDITOR, Role.PUBLIC)


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"}), user: str = "") -> GuardedStore:
    return GuardedStore(store, Principal(user or f"t-{role.value}", role, scope))


def _report(x: float, y: float) -> dict[str, object]:
    return {"x": x, "y": y, "found_at": "2026-05-01 10:00", "place_type": "bos", "waste_type": "vaten",
            "status": "gemeld"}  # fmt: skip


# --- 1. form drafts ---------------------------------------------------------------------------------------


def test_drafts_are_always_the_signed_in_users_own(shared: Store) -> None:
    """Forged user names (positional, keyword) neither read, overwrite nor delete another user's draft."""
    anna, bert = _as(shared, Role.INSPECTOR, user="anna"), _as(shared, Role.INSPECTOR, user="bert")
    bert.save_draft("bert", "dumping", {"notes": "van bert", "reporter_name": "Jansen"})
    anna.save_draft("bert", "dumping", {"notes": "overschreven door anna"})
    anna.save_draft(user="bert", form="dumping", data={"notes": "nog eens"})
    assert anna.draft("bert", "dumping").data == {"notes": "nog eens"}  # type: ignore[union-attr]
    assert anna.draft(user="bert", form="dumping").data == {"notes": "nog eens"}  # type: ignore[union-attr]
    anna.delete_draft("bert", "dumping")
    anna.delete_draft(user="bert", form="dumping")
    assert shared.draft("bert", "dumping").data == {"notes": "van bert", "reporter_name": "Jansen"}  # type: ignore[union-attr]
    assert shared.draft("anna", "dumping") is None


@pytest.mark.parametrize("role", [Role.WORKGROUP, Role.AUDITOR, Role.PUBLIC, Role.COORDINATOR, Role.ANALYST])
def test_a_role_that_may_not_report_has_no_drafts(shared: Store, role: Role) -> None:
    shared.save_draft(f"t-{role.value}", "dumping", {"notes": "al aanwezig"})  # e.g. from before a demotion
    partner = _as(shared, role)
    for call in (lambda: partner.save_draft("x", "dumping", {"notes": "n"}), lambda: partner.draft("x", "dumping"),
                 lambda: partner.delete_draft("x", "dumping")):  # fmt: skip
        with pytest.raises(PermissionDenied):
            call()
    assert shared.scalar("SELECT count(*) FROM form_drafts") == 1
    assert shared.draft(f"t-{role.value}", "dumping").data == {"notes": "al aanwezig"}  # type: ignore[union-attr]


def test_hostile_draft_text_stays_inert_and_oversized_or_nan_drafts_are_refused(shared: Store) -> None:
    from gis.dumpings import draft_values

    anna = _as(shared, Role.INSPECTOR, user="anna")
    anna.save_draft("anna", HOSTILE, {"notes": HOSTILE, "substances": [HOSTILE], "x": HOSTILE, "volume_l": -1})
    got = anna.draft("anna", HOSTILE)
    assert got is not None and got.data["notes"] == HOSTILE
    values = draft_values(got.data)
    assert values.get("notes") == HOSTILE  # kept as text, escaped where shown
    assert "x" not in values and "volume_l" not in values and values.get("substances") == []
    assert shared.scalar("SELECT count(*) FROM form_drafts") == 1  # the table survived
    with pytest.raises(ValueError):
        anna.save_draft("anna", "dumping", {"notes": "x" * 70_000})
    with pytest.raises(ValueError):
        anna.save_draft("anna", "dumping", {"volume_l": float("nan")})


# --- 2. the sign-in cookie --------------------------------------------------------------------------------


def _post(body: bytes, headers: dict[str, str] | None = None) -> tuple[int, list[str]]:
    from gis.ui import session_cookie

    raw = [(k.lower().encode(), v.encode()) for k, v in {"host": "vb.example:8501", **(headers or {})}.items()]
    scope = {"type": "http", "method": "POST", "path": session_cookie.ROUTE, "headers": raw, "scheme": "http",
             "server": ("vb.example", 8501), "query_string": b""}  # fmt: skip

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    with ThreadPoolExecutor(1) as pool:
        response = pool.submit(asyncio.run, session_cookie.exchange(Request(scope, receive))).result(30)
    return response.status_code, [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]


def test_the_ticket_route_refuses_other_origins_replays_guesses_and_late_tickets() -> None:
    from gis.ui import session_cookie

    now = time.time()
    ticket = session_cookie.BOOK.issue("v1.tok.1.mac", 3600, now)
    for origin in (
        "https://evil.example",
        "null",
        "http://vb.example:8501.evil.example",
        "http://evil/vb.example:8501",
    ):
        assert _post(ticket.encode(), {"origin": origin}) == (403, []), origin
    assert _post(b"x" * 5000) == (403, [])
    assert _post(ticket.encode() + b"\x00", {"origin": "http://vb.example:8501"})[0] == 403
    status, cookies = _post(ticket.encode(), {"origin": "http://vb.example:8501"})  # the refusals used nothing
    assert status == 204 and "httponly" in cookies[0].lower() and "samesite=strict" in cookies[0].lower()
    assert _post(ticket.encode(), {"origin": "http://vb.example:8501"}) == (403, [])  # a ticket works once
    book = TicketBook(seconds=30)
    late = book.issue("v", 1, now)
    assert book.redeem(late, now + 31) is None


@pytest.mark.parametrize("value", [
    "v1.tok.\u00b2.0000",  # '²'.isdigit() is True, int('²') raises
    "v1.tok.99999999999.\u00e9\u00e9",  # compare_digest raises on non-ASCII text
    "v1.tok.99999999999.\u0663" + "0" * 63,
])  # fmt: skip
def test_a_hostile_cookie_value_is_refused_not_raised(value: str) -> None:
    """LEAK (robustness): a forged cookie crashes the first page run (traceback to the browser) instead of
    being refused."""
    assert verify(value, "s" * 64, 1.0) is None


def test_a_cookie_cannot_be_stretched_or_moved_to_another_token() -> None:
    secret, now = "s" * 64, 1_800_000_000.0
    value = sign("tokA", secret, now, max_age=60)
    _, token, expires, mac = value.split(".")
    for forged in (f"v1.tokB.{expires}.{mac}", f"v1.{token}.{int(expires) + 1}.{mac}",
                   f"v1.{token}.{expires}.{mac.upper()}", f"v1.{token}.{expires}.{mac[:32]}",
                   f"v1.{token}. {expires}.{mac}", f"v1.{token}.-{expires}.{mac}"):  # fmt: skip
        assert verify(forged, secret, now) is None, forged
    assert verify(value, secret, now + 60) is None  # expired
    # a leading zero on the expiry still verifies (the MAC is over int(expiry)): malleable, but the same
    # token and the same expiry, so it buys nothing
    assert verify(f"v1.{token}.0{expires}.{mac}", secret, now) == "tokA"


def test_the_cookie_secret_is_readable_by_no_role(shared: Store) -> None:
    from gis.ui.session_cookie import cookie_secret

    assert cookie_secret(shared)
    for role in Role:
        for key in (SECRET_META_KEY, "secret:cell_key"):
            with pytest.raises(PermissionDenied):
                _as(shared, role).get_meta(key)


def test_a_signed_out_or_disabled_session_in_a_kept_cookie_gives_nothing(shared: Store) -> None:
    from gis.ui.session_cookie import cookie_secret

    auth.ensure_demo_accounts(shared)
    secret = cookie_secret(shared)
    first = auth.demo_sign_in(shared, "demo-werkgroep").token
    second = auth.demo_sign_in(shared, "demo-werkgroep").token
    assert first != second  # a new token per sign-in: nothing to fix beforehand
    kept = sign(first, secret, time.time())
    auth.sign_out(shared, first)
    assert verify(kept, secret, time.time()) == first  # the signature still holds...
    assert auth.resume(shared, first) is None  # ...but the session does not
    assert auth.resume(shared, second) is not None
    shared.set_account_disabled("demo-werkgroep", True)
    assert auth.resume(shared, second) is None


@pytest.fixture
def app_db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda *a, **k: None)
    return demo_copy


def _cookie_for(path: Path, account: str, signed_out: bool) -> str:
    from gis.ui.session_cookie import cookie_secret

    store = open_store(str(path))
    try:
        auth.ensure_demo_accounts(store)
        token = auth.demo_sign_in(store, account).token
        value = sign(str(token), cookie_secret(store), time.time())
        if signed_out:
            auth.sign_out(store, token)
    finally:
        store.close()
    return value


def _run_with_cookie(monkeypatch: pytest.MonkeyPatch, value: str, lang: str | None = None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr("gis.ui.session_cookie._cookies", lambda: {COOKIE_NAME: value})
    at = AppTest.from_file(APP, default_timeout=90)
    if lang is not None:
        at.query_params["lang"] = lang
    return at.run()


def test_the_app_resumes_a_valid_cookie_and_refuses_a_signed_out_one(app_db: Path, monkeypatch) -> None:
    at = _run_with_cookie(monkeypatch, _cookie_for(app_db, "demo-werkgroep", signed_out=True))
    assert not at.exception, at.exception
    assert "vb_token" not in at.session_state  # the signed-out session is not resumed
    at = _run_with_cookie(monkeypatch, _cookie_for(app_db, "demo-werkgroep", signed_out=False))
    assert not at.exception, at.exception
    assert at.session_state["vb_token"]


def test_the_app_survives_a_hostile_cookie(app_db: Path, monkeypatch) -> None:
    """LEAK (robustness): the forged cookie raises in ``verify`` and the page shows a traceback."""
    at = _run_with_cookie(monkeypatch, "v1.tok.\u00b2.00")
    assert not at.exception, at.exception


# --- 3. the shared cache of the home map ------------------------------------------------------------------


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, shared: Store) -> Iterator[None]:
    from gis.ui import cache

    monkeypatch.setattr(cache, "database_url", lambda: str(shared.path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.mark.parametrize("role", COUNTS_ONLY)
def test_a_counts_only_role_never_gets_a_raw_roles_cached_answer(shared: Store, fresh_cache: None, role: Role) -> None:
    from gis.ui import cache
    from gis.ui.state import raw_layers

    bounds = {"_southWest": {"lat": 52.0, "lng": 6.0}, "_northEast": {"lat": 52.3, "lng": 6.6}}
    for raw_role in (Role.ADMIN, Role.ANALYST):
        raw = _as(shared, raw_role)
        totals = cache.shared_counts(raw, Filters())
        cache.shared_overview(raw, Filters(), list(Layer), bounds, 13, raw_layers(raw), totals)
    partner = _as(shared, role)
    counted = cache.shared_counts(partner, Filters())
    assert counted == {lay: partner.layer_count(lay, Filters()) for lay in Layer}
    # the raw layers are decided on the server (raw_layers); even if a page passed the raw roles' set, the
    # key is the partner's audience, so nothing cached is served and the guard refuses the points
    with pytest.raises(PermissionDenied):
        cache.shared_overview(partner, Filters(), list(Layer), bounds, 13, frozenset(Layer), counted)
    views = cache.shared_overview(partner, Filters(), list(Layer), bounds, 13, raw_layers(partner), counted)
    for v in views:
        assert v.mode == "cells" or v.points.empty  # points only from what the guard gives this role
        assert v.cells.empty or (v.cells["n"] >= MIN_SHOWN).all()
    audience = cache._audience(partner)
    assert all(str(ver).endswith("|vrijgegeven") for ver in audience[2])  # no raw data version in the key


@pytest.mark.parametrize("zoom", [9, 13])
def test_home_map_cells_are_drawn_at_the_size_they_were_released(shared: Store, fresh_cache: None, zoom: int) -> None:
    """FALSE PRECISION: the guard snaps a counts-only role's grid to 1/2/5/10 km cells, but the LayerView keeps
    the zoom's size (250 m at zoom 13, 2.5 km at 9), so the map draws each 1 km (5 km) cell's count as a
    250 m (2.5 km) square in the cell's south-west corner and the caption says '250 m': a released count
    shown as if its records lay in one corner."""
    from gis.privacy.rules import allowed_cell
    from gis.ui import cache

    partner = _as(shared, Role.WORKGROUP)
    counted = cache.shared_counts(partner, Filters())
    (view,) = cache.shared_overview(partner, Filters(), [Layer.INCIDENTS], None, zoom, frozenset(), counted)
    assert view.mode == "cells" and len(view.cells)
    assert ((view.cells["x0"] % allowed_cell(view.cell_m)) == 0).all()  # the cells are on the released grid...
    assert view.cell_m == allowed_cell(view.cell_m)  # ...and must be drawn at that size


def test_a_scoped_role_never_gets_the_region_wide_answer(shared: Store, fresh_cache: None) -> None:
    from gis.ui import cache

    wide = _as(shared, Role.COORDINATOR)
    exact = cache.shared_counts(wide, Filters())
    local = _as(shared, Role.COORDINATOR, LOCHEM, user="lochem")
    counted = cache.shared_counts(local, Filters())
    assert counted == {lay: local.layer_count(lay, Filters()) for lay in Layer}
    assert exact[Layer.BARNS] == shared.layer_count(Layer.BARNS, Filters())  # the region-wide one: exact
    (view,) = cache.shared_overview(local, Filters(), [Layer.DUMPINGS], None, 9, frozenset({Layer.DUMPINGS}),
                                    counted)  # fmt: skip
    if view.mode == "points" and len(view.points):
        codes = shared.query_df("SELECT id, municipality_code FROM dumpings").set_index("id")["municipality_code"]
        assert set(codes.loc[view.points["id"].astype(int)]) <= set(LOCHEM)


# --- 4. the Aantallen choropleth --------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["municipality", "area"])
def test_rates_legend_tooltip_and_exports_come_from_released_counts_only(shared: Store, by: str) -> None:
    from openpyxl import load_workbook

    from gis.io.csv_export import to_csv_bytes
    from gis.io.xlsx_export import to_xlsx_bytes
    from gis.maps.counts_map import HIDDEN_FILL, choropleth_geojson
    from gis.ui.counts_page import area_decimals, area_table
    from gis.ui.table import HIDDEN, export_frame

    partner = _as(shared, Role.WORKGROUP)
    layers = tuple(Layer)
    frame = with_rates(region_counts(partner, Filters(), by, layers), layers)  # type: ignore[arg-type]
    assert len(frame)
    for lay in layers:
        n, rate = frame[lay.value], frame[f"{lay.value}_rate"]
        assert ((n == SUPPRESSED) | (n >= MIN_SHOWN)).all()
        assert rate[n == SUPPRESSED].isna().all()  # no rate from a hidden count
        known = n != SUPPRESSED
        assert np.allclose(rate[known], n[known] / frame.loc[known, "area_ha"] * 1000)
        gj = choropleth_geojson(frame, lay, rate_breaks(rate.to_numpy()))
        for feat, hidden in zip(gj["features"], (n == SUPPRESSED), strict=True):
            props = feat["properties"]
            if hidden:
                assert props["fill"] == HIDDEN_FILL and props["rate"] == HIDDEN and props["count"] == HIDDEN
    table = area_table(frame, layers, Layer.INCIDENTS, "nl")
    decimals = area_decimals(table)
    csv = to_csv_bytes(export_frame(table, decimals, "nl"), "nl").decode("utf-8-sig")
    assert "-1" not in csv.replace("-", " -").split() and ";-1" not in csv
    book = load_workbook(io.BytesIO(to_xlsx_bytes(table, decimals, HIDDEN)))
    cells = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    assert SUPPRESSED not in cells and -1.0 not in cells


def test_area_and_municipality_tables_and_the_map_add_nothing_after_a_record_in_a_hidden_cell(shared: Store) -> None:
    """Subtraction: a record in an otherwise empty 1 km cell must not change any view that sums cells
    (area table, map cells, month table of a PPS area), so before/after says nothing."""
    from gis.privacy.units import clear_cache

    partner = _as(shared, Role.WORKGROUP)
    x, y = _empty_cell_in_an_area(shared)
    area = _area_at(shared, x, y)
    before = (partner.counts_by(Layer.INCIDENTS, Filters(), "area"),
              partner.grid_counts(Layer.INCIDENTS, Filters(), 1000.0),
              partner.counts_by(Layer.INCIDENTS, Filters(area_id=area), "month"),
              partner.counts_by(Layer.INCIDENTS, Filters(area_id=area), "municipality"),
              partner.layer_count(Layer.INCIDENTS, Filters(area_id=area)))  # fmt: skip
    shared.insert_points(Layer.INCIDENTS, pd.DataFrame({"x": [x], "y": [y], "source_org": ["politie"],
                         "category": ["drugslab"], "occurred_on": [date(2025, 6, 5)]}))  # fmt: skip
    clear_cache()
    after = (partner.counts_by(Layer.INCIDENTS, Filters(), "area"),
             partner.grid_counts(Layer.INCIDENTS, Filters(), 1000.0),
             partner.counts_by(Layer.INCIDENTS, Filters(area_id=area), "month"),
             partner.counts_by(Layer.INCIDENTS, Filters(area_id=area), "municipality"),
             partner.layer_count(Layer.INCIDENTS, Filters(area_id=area)))  # fmt: skip
    assert before[0].equals(after[0]) and before[1].equals(after[1]) and before[2].equals(after[2])
    assert before[3].equals(after[3]) and before[4] == after[4]


def _empty_cell_in_an_area(store: Store) -> tuple[float, float]:
    pts = store.query_df("SELECT x, y FROM incidents")
    taken = set(zip(np.floor(pts["x"] / 1000).astype(int), np.floor(pts["y"] / 1000).astype(int), strict=True))
    for a in store.areas().itertuples():
        minx, miny, maxx, maxy = a.geometry.bounds
        for cx in range(int(minx // 1000), int(maxx // 1000) + 1):
            for cy in range(int(miny // 1000), int(maxy // 1000) + 1):
                px, py = cx * 1000 + 300.0, cy * 1000 + 700.0
                if (cx, cy) not in taken and shapely.contains_xy(a.geometry, cx * 1000 + 500, cy * 1000 + 500) \
                        and shapely.contains_xy(a.geometry, px, py):  # fmt: skip
                    return px, py
    pytest.skip("no empty 1 km cell inside a PPS area in the demo")


def _area_at(store: Store, x: float, y: float) -> int:
    areas = store.areas()
    return int(next(a.id for a in areas.itertuples() if shapely.contains_xy(a.geometry, x, y)))


def test_month_table_and_map_of_one_month_are_each_fixed_tables(shared: Store) -> None:
    """Day ranges inside one month, several sources and several municipalities give the same tables."""
    partner = _as(shared, Role.PUBLIC)
    ref = partner.counts_by(Layer.INCIDENTS, Filters(date(2025, 3, 1), date(2025, 3, 31)), "municipality")
    for d0, d1 in ((date(2025, 3, 3), date(2025, 3, 4)), (date(2025, 3, 31), date(2025, 3, 1))):
        assert partner.counts_by(Layer.INCIDENTS, Filters(d0, d1), "municipality").equals(ref)
    months = partner.counts_by(Layer.INCIDENTS, Filters(date(2025, 1, 2), date(2025, 12, 30)), "month")
    assert len(months) == 12 and ((months["n"] == SUPPRESSED) | (months["n"] >= MIN_SHOWN)).all()


# --- 5. hotspot place names and ranks ---------------------------------------------------------------------


def _hotspot_top(store: Store) -> pd.DataFrame:
    from gis.hotspots.analysis import HotspotQuery, run_hotspots
    from gis.privacy.hotspots import coarse_hotspot_query

    partner = _as(store, Role.WORKGROUP)
    source = partner.aggregate_source(Layer.INCIDENTS)
    q = coarse_hotspot_query(HotspotQuery(), source.date_span())
    result = run_hotspots(source, q)
    top = result.top(partner, 10, "nl")
    top.attrs["cell_m"] = result.cells.size_m if hasattr(result.cells, "size_m") else q.cell_m
    top.attrs["xy"] = [tuple(map(float, c)) for c in zip(*result.cells.centres(), strict=True)]
    return top


def test_hotspot_places_and_ranks_are_functions_of_released_cells_only(shared: Store) -> None:
    from gis.geo.places import place_names
    from gis.hotspots.labels import ranked_table
    from gis.privacy.units import clear_cache

    top = _hotspot_top(shared)
    if top.empty:
        pytest.skip("no hotspots in the small demo")
    xy = np.asarray(top.attrs["xy"])[top.attrs["index"]]
    assert ((xy % 1000) == 500).all()  # each peak is a whole >= 1 km cell on the fixed grid
    munis = shared.municipalities()
    assert list(top["place"]) == place_names(xy[:, 0], xy[:, 1], list(munis.geometry), list(munis["name"]))
    shown = ranked_table(top, "nl", aggregate_only=True)
    assert not ({"politie", "gemeente", "omgevingsdienst", "onbekend"} & set(shown.columns))
    assert all(v == "<5" or int(v) >= MIN_SHOWN for v in shown.iloc[:, 4])
    # a record in a hidden cell changes no name, rank, count or z
    x, y = _empty_cell_in_an_area(shared)
    shared.insert_points(Layer.INCIDENTS, pd.DataFrame({"x": [x], "y": [y], "source_org": ["politie"],
                         "category": ["drugslab"], "occurred_on": [date(2025, 6, 5)]}))  # fmt: skip
    clear_cache()
    again = _hotspot_top(shared)
    cols = ["rank", "cell_id", "place", "cells", "count", "z", "class"]
    assert again[cols].reset_index(drop=True).equals(top[cols].reset_index(drop=True))


# --- side doors of the scoped inspector (the counts' 'no side doors' rule) --------------------------------


def test_a_scoped_inspector_cannot_move_an_own_report_out_of_the_scope(shared: Store) -> None:
    """LEAK: ``add_dumping`` keeps new reports inside the werkgebied, but ``update_dumping`` lets the
    inspector move an own report anywhere, so a hidden cell's noise is re-drawn at will (report, move out,
    report again, move out...). Reproduction: add at (226500, 470500) in Lochem, then
    update_dumping(id, {'x': 205000, 'y': 445000})."""
    lochem = _as(shared, Role.INSPECTOR, LOCHEM, user="lochem")
    new = lochem.add_dumping(_report(*IN_LOCHEM), "x")
    with pytest.raises(PermissionDenied):
        lochem.update_dumping(new, {"x": OUTSIDE_LOCHEM[0], "y": OUTSIDE_LOCHEM[1]}, "x")
    assert shared.dumping(new)["municipality_code"] == "GM0262"


def test_a_scoped_inspector_cannot_touch_a_report_outside_the_scope_by_linking(shared: Store) -> None:
    """LEAK (minor): ``linked_to`` is not checked against the scope: the inspector learns whether any
    report id exists (StoreError or not) and writes a history line into a report outside the werkgebied."""
    outside = int(shared.query_df(
        "SELECT id FROM dumpings WHERE municipality_code IS NOT NULL AND municipality_code <> 'GM0262' LIMIT 1"
    )["id"].iloc[0])  # fmt: skip
    history = len(shared.dumping_history(outside))
    lochem = _as(shared, Role.INSPECTOR, LOCHEM, user="lochem")
    with pytest.raises(PermissionDenied):
        lochem.add_dumping(_report(*IN_LOCHEM), "x", linked_to=outside)
    assert len(shared.dumping_history(outside)) == history


# --- 6. language and other URL input ----------------------------------------------------------------------


@pytest.mark.parametrize("asked", ["en\"><script>alert(1)</script>", "../../etc/passwd", "nl; samesite=none",
                                   "e\u0301n", "x" * 10_000, "EN "])  # fmt: skip
def test_a_forged_language_is_never_used_as_given(asked: str) -> None:
    from gis.ui.state import _valid

    assert _valid(asked) in (None, "nl", "en")
    assert _valid(asked) is None or _valid(asked) == asked.strip().lower()


def test_a_forged_lang_parameter_renders_the_dutch_sign_in_page(app_db: Path, monkeypatch) -> None:
    at = _run_with_cookie(monkeypatch, "", lang="en';document.cookie='vb_session=x")
    assert not at.exception, at.exception
    assert at.session_state["lang"] == "nl"
    html = " ".join(json.dumps(getattr(e, "proto", None) and str(e.proto)) for e in at.get("html"))
    assert "document.cookie='vb_session" not in html
