"""What a plan of action holds: measures numbered by start date with their catalogue facts, the others apart,
rankings as counts (never who), the task division, the area's municipalities and the analysis from the 0-meting;
in English labels on request; and once on a real DuckDB store through the coordinator's guarded store."""

from __future__ import annotations

import io
from datetime import date

import shapely
from docx import Document

from gis.domain.roles import Principal, Role
from gis.measures.plan_data import NO_PARTNER, WORKING_METHOD, collect_plan
from gis.reports.plan import plan_docx
from gis.store.guard import GuardedStore
from tests.reports.plan_fake import LONG_NAME, FakePlanStore

TODAY = date(2026, 4, 1)


def test_chosen_measures_numbered_by_start_with_catalogue_facts() -> None:
    plan = collect_plan(FakePlanStore(), 1, today=TODAY)
    m = plan.measures
    assert list(m["id"]) == [12, 11, 13, 14] and list(m["nr"]) == [1, 2, 3, 4], "by start date, undated last"
    first = m.iloc[0]
    assert (first["name"], first["kind_label"], first["evidence_label"], first["evidence_count"]) == (
        "Cameratoezicht", "fysiek", "sterk bewijs", 2)  # fmt: skip
    assert m.iloc[1]["problems_text"] == "dumping van drugsafval, overige afvaldumping"
    own = m.iloc[2]
    assert own["name"] == LONG_NAME.strip() and own["kind_label"] == "" and own["problems"] == []
    assert m.iloc[3]["partner_label"] == NO_PARTNER and m.crs.to_epsg() == 28992
    assert [g is None for g in m.geometry] == [False, False, False, True]
    assert list(plan.considered["id"]) == [15]
    assert plan.considered.iloc[0]["name"] == "Cameratoezicht: camera bij de school"


def test_rankings_tasks_municipalities_and_analysis() -> None:
    plan = collect_plan(FakePlanStore(), 1, today=TODAY, working_method=["Eigen werkwijze."])
    ranks = plan.rankings.set_index("measure_id")
    assert "user_name" not in plan.rankings.columns
    assert (ranks.loc[11, "votes"], ranks.loc[11, "mean_rank"], ranks.loc[11, "comments"]) == (2, 1.5, 1)
    assert ranks.loc[11, "nr"] == 2 and list(plan.rankings["measure_id"]) == [15, 11, 12]
    assert list(plan.tasks["partner"]) == ["agrarische organisatie (LTO)", "gemeente", NO_PARTNER, "politie"]
    assert plan.municipalities == ("Westdorp", "Oostdorp")
    assert set(plan.municipality_shapes["name"]) == {"Westdorp", "Oostdorp"}
    assert plan.analysis[0].startswith("In 2024 werden 17 dumpingen")
    assert plan.analysis_source == "de 0-meting van 15 januari 2025"
    assert plan.working_method == ("Eigen werkwijze.",) and plan.generated_on == TODAY
    assert collect_plan(FakePlanStore(), 1, today=TODAY).working_method == WORKING_METHOD


def test_english_labels() -> None:
    plan = collect_plan(FakePlanStore(), 1, lang="en", today=TODAY)
    row = plan.measures.set_index("id").loc[11]
    assert (row["name"], row["partner_label"], row["status_label"]) == ("Barrier on dirt roads", "municipality",
                                                                        "in progress")  # fmt: skip


def test_a_real_store_through_the_coordinators_guard(make_store) -> None:
    raw = make_store(boundaries=True)
    munis = raw.municipalities()
    berkelland = munis[munis["name"] == "Berkelland"].geometry.iloc[0]
    centre = berkelland.representative_point()
    area_id = raw.add_area("Plangebied", centre.buffer(2500).intersection(berkelland), created_by="t")
    store = GuardedStore(raw, Principal("coco", Role.COORDINATOR, frozenset({"*"})))
    chosen = store.add_area_measure(area_id, "slagboom_zandpad", "coco", decision="gekozen", reason="Past")
    store.add_area_measure(area_id, None, "coco", title="Eigen <b>idee</b>", decision="afgewezen", reason="Later")
    store.place_measure(chosen, "punt", shapely.Point(centre.x, centre.y), "coco")
    store.add_measure_evidence(chosen, "notitie", "Slagboom geplaatst", date(2025, 6, 1), [], "coco")
    store.plan_measure(chosen, {"partner": "gemeente", "representative": "Wethouder", "start_on": date(2025, 3, 1),
                                "end_on": date(2030, 12, 31), "status": "lopend"}, "coco")  # fmt: skip
    store.rank_measure(chosen, 1, "", "coco")
    store.save_objective(area_id, {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 12,
                                   "baseline_on": date(2025, 1, 1), "target": 6, "target_on": date(2030, 12, 31)},
                         "coco")  # fmt: skip
    plan = collect_plan(store, area_id, today=TODAY)
    assert plan.area_name == "Plangebied" and "Berkelland" in plan.municipalities
    assert plan.generated_by == "Coördinator (gemeente)"
    assert list(plan.measures["nr"]) == [1] and plan.measures.iloc[0]["partner_label"] == "gemeente"
    assert plan.measures.iloc[0]["evidence_count"] == 1 and plan.measures.geometry.iloc[0].geom_type == "Point"
    assert list(plan.considered["name"]) == ["Eigen <b>idee</b>"]
    assert plan.rankings.iloc[0]["votes"] == 1 and plan.objectives.iloc[0]["baseline"] == 12
    assert plan.analysis_source.startswith("de huidige gegevens") and len(plan.analysis) == 3
    doc = Document(io.BytesIO(plan_docx(plan)))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["1. Slagboom of afsluiting op onverharde wegen", "gemeente", "Wethouder", "1-3-2025", "31-12-2030",
            "lopend"] in cells  # fmt: skip


def test_a_municipality_the_area_only_grazes_is_not_named() -> None:
    """As in the regional overview (``holds_share``): a neighbour holding under 1% of the area is not one of its
    municipalities (the plan named four where the overview named three)."""
    import geopandas as gpd
    import shapely

    from gis.measures.plan_data import _municipalities

    class Munis:
        def municipalities(self) -> gpd.GeoDataFrame:
            return gpd.GeoDataFrame({"name": ["Berkelland", "Haaksbergen", "Oost Gelre"]}, geometry=[
                shapely.box(0, 0, 10_000, 10_000), shapely.box(10_000, 0, 20_000, 10_000),
                shapely.box(0, 10_000, 10_000, 20_000)], crs="EPSG:28992")  # fmt: skip

    area = shapely.box(1_000, 1_000, 10_050, 9_000)  # 50 m into Haaksbergen: about 0.6% of the area
    names, around = _municipalities(Munis(), area)
    assert names == ("Berkelland",)
    assert around is not None and "Haaksbergen" in set(around["name"])  # still drawn around it on the map
