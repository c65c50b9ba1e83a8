"""The site walk's logic (gis.analysis.schouw): the summary per area against hand counts, the route from what
the Draw plugin returns, the checks of a walk and a finding (Dutch, naming the field), a dumping made from a
finding, and the findings a scoped role may see."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import shapely

from gis.analysis.schouw import (
    SchouwError,
    area_schouw,
    check_finding,
    check_walk,
    converted_to,
    dumping_values,
    filter_findings,
    findings_in_reach,
    route_from_drawings,
    schouw_summary,
)
from gis.domain.roles import Principal, Role
from gis.geo.crs import rd_to_wgs84
from gis.store import Store
from gis.store.analysis import FINDING_CATEGORIES
from gis.store.guard import GuardedStore

TODAY = date(2026, 3, 10)


def _feature(kind: str, coords: list) -> dict:
    return {"type": "Feature", "properties": {}, "geometry": {"type": kind, "coordinates": coords}}


def _lonlat(x: float, y: float) -> list[float]:
    lon, lat = rd_to_wgs84(x, y)
    return [float(lon), float(lat)]


def test_summary_counts_walks_by_daypart_and_findings_per_category() -> None:
    walks = pd.DataFrame({"id": [1, 2, 3], "daypart": ["dag", "nacht", "nacht"],
                          "walked_on": [date(2026, 1, 5), date(2026, 2, 1), date(2025, 12, 1)]})  # fmt: skip
    findings = pd.DataFrame({
        "walk_id": [1, 1, 2, 2, 2],
        "category": ["onverlicht erf", "onverlicht erf", "leegstaande schuur", "onverlicht erf", "overig"],
        "became": [None, "dumpings:4", None, "", "barns:2"],
    })  # fmt: skip
    s = schouw_summary(walks, findings)
    assert (s.walks, s.day, s.night, s.findings, s.converted) == (3, 1, 2, 5, 2)
    assert s.last_walk == date(2026, 2, 1)
    assert list(s.by_category) == list(FINDING_CATEGORIES)  # every category, in catalogue order
    assert s.by_category["onverlicht erf"] == 3 and s.by_category["leegstaande schuur"] == 1
    assert s.by_category["overig"] == 1 and s.by_category["spoor van dumping"] == 0
    assert s.table()["aantal"].sum() == 5 and s.table()["aantal"].dtype.kind == "i"
    assert s.sentence() == ("3 schouwen (1 overdag, 2 's nachts) met 5 bevindingen, het vaakst: 3× onverlicht erf, "
                            "1× overig, 1× leegstaande schuur.")  # fmt: skip
    assert s.sentence("en").startswith("3 site walk(s) (1 by day, 2 at night) with 5 finding(s)")


def test_summary_of_an_area_without_walks() -> None:
    empty = schouw_summary(pd.DataFrame(columns=["daypart", "walked_on"]), pd.DataFrame(columns=["category"]))
    assert (empty.walks, empty.findings, empty.converted, empty.last_walk) == (0, 0, 0, None)
    assert set(empty.by_category.values()) == {0}
    assert empty.sentence() == "Er is nog geen schouw vastgelegd."


def test_area_summary_reads_the_store(shared: Store) -> None:
    area = int(shared.areas()["id"].iloc[0])
    p = shared.areas().geometry.iloc[0].representative_point()
    route = shapely.LineString([(p.x, p.y), (p.x + 100, p.y)])  # (a walk without a route: see the report)
    walk = shared.add_walk(area, date(2026, 2, 1), "nacht", "gemeente", route, "", "t")
    shared.add_walk(area, date(2026, 2, 2), "dag", "politie", route, "", "t")
    for category in ("onverlicht erf", "onverlicht erf", "spoor van dumping"):
        shared.add_finding(walk, p.x, p.y, category, "", "t")
    s = area_schouw(shared, area)
    assert (s.walks, s.day, s.night, s.findings) == (2, 1, 1, 3)
    assert s.by_category["onverlicht erf"] == 2 and s.by_category["spoor van dumping"] == 1


def test_route_from_drawn_lines_in_rd() -> None:
    one = route_from_drawings([_feature("LineString", [_lonlat(240_000, 443_000), _lonlat(241_000, 443_100)])])
    assert one is not None and one.geom_type == "LineString"
    assert shapely.get_coordinates(one)[0] == pytest.approx([240_000, 443_000], abs=0.05)
    two = route_from_drawings([
        _feature("LineString", [_lonlat(240_000, 443_000), _lonlat(241_000, 443_100)]),
        _feature("LineString", [_lonlat(241_000, 443_100), _lonlat(241_500, 443_900)]),
    ])  # fmt: skip
    assert two.geom_type == "MultiLineString" and len(two.geoms) == 2
    assert route_from_drawings(None) is None and route_from_drawings([]) is None


def test_a_drawn_polygon_or_a_one_point_line_is_refused() -> None:
    ring = [_lonlat(240_000, 443_000), _lonlat(241_000, 443_000), _lonlat(241_000, 444_000), _lonlat(240_000, 443_000)]
    with pytest.raises(SchouwError, match="figuur 1 is een Polygon; teken de route als lijn"):
        route_from_drawings([_feature("Polygon", [ring])])
    with pytest.raises(SchouwError, match="lijn 1 heeft maar 1 punt"):
        route_from_drawings([_feature("LineString", [_lonlat(240_000, 443_000)])])


def test_walk_checks_name_field_and_value() -> None:
    land = shapely.box(200_000, 400_000, 280_000, 500_000)
    ok = check_walk(date(2026, 3, 1), "nacht", "gemeente, politie", shapely.LineString([(240_000, 443_000),
                    (241_000, 443_100)]), TODAY, land)  # fmt: skip
    assert ok == []
    errors = check_walk(date(2026, 3, 11), "avond", "  ", None, TODAY)
    assert errors == [
        "Datum: 11-03-2026 ligt in de toekomst (vandaag is 10-03-2026).",
        "Dagdeel: 'avond' bestaat niet; kies dag of nacht.",
        "Deelnemers: vul in welke organisaties of rollen meeliepen (bijv. gemeente, politie, LTO).",
    ]
    assert check_walk(None, "dag", "x", None, TODAY) == ["Datum: vul de datum van de schouw in."]
    abroad = shapely.LineString([(240_000, 443_000), (290_000, 443_000)])  # leaves ``land`` to the east
    assert check_walk(TODAY, "dag", "x", abroad, TODAY, land) == [
        "Route: de getekende lijn ligt (deels) buiten Nederland; teken de route opnieuw."
    ]
    sea = shapely.LineString([(-10_000, 443_000), (1_000, 443_000)])  # outside RD's bounds, no land known
    assert check_walk(TODAY, "dag", "x", sea, TODAY) != []
    assert "Deelnemers: 501 tekens" in check_walk(TODAY, "dag", "x" * 501, None, TODAY)[0]


def test_finding_checks() -> None:
    assert check_finding("onverlicht erf", "", 240_000, 443_000) == []
    errors = check_finding(None, "", None, None)
    assert errors[0].startswith("Plaats: tik op de kaart")
    assert errors[1].startswith("Soort bevinding: kies een soort; kies uit onverlicht erf")
    assert check_finding("ufo", "", 240_000, 443_000)[0].startswith("Soort bevinding: 'ufo' bestaat niet")
    assert check_finding("overig", "x" * 4001, 240_000, 443_000) == ["Opmerking: 4001 tekens; maximaal 4000."]
    assert check_finding("overig", "", 900_000, 443_000) == ["Plaats: RD (900000, 443000) ligt buiten Nederland."]


def test_dumping_values_from_a_finding() -> None:
    finding = {"id": 7, "walked_on": pd.Timestamp("2026-02-01"), "daypart": "nacht", "x": 240_000.5, "y": 443_000.0,
               "note": "  jerrycans achter de schuur "}  # fmt: skip
    v = dumping_values(finding, "akker", "jerrycans", "omgevingsdienst")
    assert v["found_at"] == datetime(2026, 2, 1) and (v["x"], v["y"]) == (240_000.5, 443_000.0)
    assert v["notes"] == "Uit schouw van 01-02-2026 (nacht), bevinding 7: jerrycans achter de schuur"
    chosen = (v["place_type"], v["waste_type"], v["reporter_org"], v["status"])
    assert chosen == ("akker", "jerrycans", "omgevingsdienst", "gemeld")
    assert dumping_values({**finding, "note": None}, None, None, None)["notes"].endswith("bevinding 7.")


def test_converted_to() -> None:
    assert converted_to("dumpings:12") == ("dumpings", 12) and converted_to("barns:3") == ("barns", 3)
    assert converted_to(None) is None and converted_to(float("nan")) is None and converted_to("") is None


def test_a_scoped_role_sees_the_findings_of_its_own_areas_only(shared: Store) -> None:
    areas = shared.areas()
    ids = []
    for row in areas.itertuples():
        p = row.geometry.representative_point()
        walk = shared.add_walk(
            int(row.id), date(2026, 2, 1), "dag", "gemeente", shapely.LineString([(p.x, p.y), (p.x + 50, p.y)]), "", "t"
        )
        ids.append(shared.add_finding(walk, p.x, p.y, "overig", f"in {row.name}", "t"))
    first = areas.geometry.iloc[0].representative_point()
    munis = shared.municipalities()
    code = next(m.code for m in munis.itertuples() if m.geometry.contains(first))
    scoped = GuardedStore(shared, Principal("c", Role.COORDINATOR, frozenset({code})))
    seen = findings_in_reach(scoped)
    assert ids[0] in set(seen["id"]) and len(seen) < len(ids)
    assert set(seen["area_id"]) <= {int(a) for a in areas["id"] if not areas.geometry[areas["id"] == a].iloc[0]
                                    .intersection(munis.geometry[munis["code"] == code].iloc[0]).is_empty}  # fmt: skip
    everyone = findings_in_reach(GuardedStore(shared, Principal("a", Role.ADMIN, frozenset({"*"}))))
    assert sorted(everyone["id"]) == sorted(ids)


def test_filter_findings_by_area_municipality_and_period() -> None:
    f = pd.DataFrame({"id": [1, 2, 3], "area_id": [1, 1, 2], "municipality_code": ["GM0001", "GM0002", "GM0001"],
                      "walked_on": [date(2025, 5, 1), date(2026, 1, 2), date(2026, 3, 1)]})  # fmt: skip
    assert filter_findings(f)["id"].tolist() == [1, 2, 3]
    assert filter_findings(f, area_id=1)["id"].tolist() == [1, 2]
    assert filter_findings(f, municipality="GM0001")["id"].tolist() == [1, 3]
    assert filter_findings(f, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))["id"].tolist() == [2]
