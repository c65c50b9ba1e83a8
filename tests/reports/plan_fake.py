"""A small stand-in store offering the read methods ``collect_plan`` calls, returning frames in the contract's
columns (issue 20), with hostile text in user fields; shared by the plan report and plan data tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

RD = "EPSG:28992"
AREA = shapely.box(250_000, 480_000, 256_000, 485_000)
HOSTILE = "<script>alert('x')</script> =cmd|' /C calc'!A0 \x07\x1b[31m \u202eomgekeerd"
LONG_NAME = "Cameratoezicht op de parkeerplaats bij de kruising " * 12  # ~600 characters
SECRET_RANKER = "Piet Rangschikker"

MEASURE_COLUMNS = ["id", "area_id", "code", "name", "title", "decision", "reason", "decided_by", "decided_at",
                   "partner", "representative", "start_on", "end_on", "status", "place_kind", "geometry", "version",
                   "created_by", "created_at"]  # fmt: skip


def catalogue() -> pd.DataFrame:
    rows = [
        {"code": "slagboom_zandpad", "name": "Slagboom op onverharde wegen", "name_en": "Barrier on dirt roads",
         "problems": ["drugsafval", "afval_overig"], "kind": "fysiek", "effect": "vermindert", "evidence": "matig"},
        {"code": "camera", "name": "Cameratoezicht", "name_en": "CCTV", "problems": ["drugsafval"], "kind": "fysiek",
         "effect": "gemengd", "evidence": "sterk"},
        {"code": "voorlichting", "name": "Voorlichting aan boeren", "name_en": "Informing farmers",
         "problems": ["benadering"], "kind": "organisatorisch", "effect": "onbekend", "evidence": "zwak"},
    ]  # fmt: skip
    return pd.DataFrame(rows)


def measure(i: int, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {c: None for c in MEASURE_COLUMNS}
    base.update(id=i, area_id=1, decision="gekozen", reason="", version=1, created_by="coco",
                created_at=datetime(2026, 1, 1))  # fmt: skip
    base.update(kw)
    return base


def plan_measures() -> list[dict[str, Any]]:
    """Four chosen measures (a point, a road, a zone with a very long own title, one without place and dates),
    one rejected (a catalogue measure with an own title)."""
    return [
        measure(11, code="slagboom_zandpad", name="Slagboom op onverharde wegen", partner="gemeente",
                representative="Gemeente Oost", start_on=date(2026, 3, 1), end_on=date(2026, 9, 30), status="lopend",
                place_kind="weg", geometry=shapely.LineString([(251_000, 481_000), (253_000, 482_000)])),
        measure(12, code="camera", name="Cameratoezicht", partner="politie",
                representative=HOSTILE, start_on=date(2026, 1, 15), end_on=date(2026, 6, 1), status="uitgevoerd",
                place_kind="punt", geometry=shapely.Point(254_000, 483_000)),
        measure(13, code=None, name=LONG_NAME, title=LONG_NAME, partner="lto", start_on=date(2026, 5, 1),
                end_on=date(2027, 4, 30), status="gepland", place_kind="zone",
                geometry=shapely.box(252_000, 480_500, 255_000, 482_000)),
        measure(14, code="voorlichting", name="Voorlichting aan boeren"),
        measure(15, code="camera", name="Cameratoezicht", title="camera bij de school", decision="afgewezen",
                reason="Te duur voor het effect"),
    ]  # fmt: skip


class FakePlanStore:
    """Offers exactly the store methods ``collect_plan`` reads; ``empty=True`` gives an area without a plan."""

    def __init__(self, empty: bool = False, zero_meting: bool = True) -> None:
        self.empty = empty
        self.zero_meting = zero_meting

    def is_demo(self) -> bool:
        return False

    def areas(self) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame({"id": [1], "name": ["Achterveld <Oost>"], "is_demo": [False]}, geometry=[AREA],
                                crs=RD)  # fmt: skip

    def municipalities(self, province_codes: list[str] | None = None) -> gpd.GeoDataFrame:
        shapes = [shapely.box(240_000, 470_000, 253_000, 495_000), shapely.box(253_000, 470_000, 270_000, 495_000),
                  shapely.box(300_000, 470_000, 310_000, 480_000)]  # fmt: skip
        return gpd.GeoDataFrame({"code": ["GM0001", "GM0002", "GM0003"], "name": ["Westdorp", "Oostdorp", "Ver weg"],
                                 "province_code": ["PV25"] * 3}, geometry=shapes, crs=RD)  # fmt: skip

    def measure_catalogue(self, include_retired: bool = False) -> pd.DataFrame:
        return catalogue()

    def area_measures(self, area_id: int) -> gpd.GeoDataFrame:
        rows = [] if self.empty else plan_measures()
        frame = pd.DataFrame(rows, columns=MEASURE_COLUMNS)
        return gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=list(frame["geometry"]), crs=RD)

    def measure_evidence(self, area_id: int) -> pd.DataFrame:
        cols = ["id", "measure_id", "kind", "note", "evidence_on", "file_name", "mime", "size", "uploaded_by",
                "uploaded_at"]  # fmt: skip
        if self.empty:
            return pd.DataFrame(columns=cols)
        rows = [[1, 12, "foto", "Camera hangt", date(2026, 6, 1), "camera.jpg", "image/jpeg", 1000, "coco", None],
                [2, 12, "notitie", HOSTILE, date(2026, 6, 2), None, None, None, "coco", None]]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def measure_rankings(self, area_id: int) -> pd.DataFrame:
        cols = ["measure_id", "user_name", "rank", "comment", "ranked_at"]
        if self.empty:
            return pd.DataFrame(columns=cols)
        rows = [[11, SECRET_RANKER, 1, "Belangrijk", None], [11, "b", 2, "", None], [12, SECRET_RANKER, 3, None, None],
                [15, "b", 1, "", None]]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def objectives(self, area_id: int) -> pd.DataFrame:
        cols = ["id", "area_id", "text", "indicator", "indicator_arg", "baseline", "baseline_on", "target",
                "target_on", "version", "created_by", "created_at"]  # fmt: skip
        if self.empty:
            return pd.DataFrame(columns=cols)
        rows = [[1, 1, "Minder dumpingen van drugsafval", "dumpingen_per_jaar", None, 17.0, date(2025, 1, 15), 10.0,
                 date(2027, 12, 31), 1, "coco", None],
                [2, 1, "Minder boeren benaderd", "aandeel_benaderd", "agrariër", 23.5, date(2025, 1, 15), 15.0,
                 date(2028, 6, 30), 1, "coco", None]]  # fmt: skip
        return pd.DataFrame(rows, columns=cols)

    def snapshots(self, area_id: int) -> pd.DataFrame:
        cols = ["id", "kind", "taken_on", "period_from", "period_to", "created_by", "created_at"]
        if not self.zero_meting:
            return pd.DataFrame(columns=cols)
        return pd.DataFrame([[7, "0-meting", date(2025, 1, 15), date(2024, 1, 1), date(2024, 12, 31), "coco", None],
                             [8, "1-meting", date(2026, 1, 15), date(2025, 1, 1), date(2025, 12, 31), "coco", None]],
                            columns=cols)  # fmt: skip

    def snapshot(self, snapshot_id: int) -> dict[str, Any]:
        assert snapshot_id == 7, "the plan uses the 0-meting"
        data = {"summary": ["In 2024 werden 17 dumpingen gevonden in Achterveld.", "Nu 4 leegstaande schuren."],
                "role": {"access": {}}, "profile": [], "hotspots": {}, "frozen_on": "2025-01-15"}  # fmt: skip
        return {"id": 7, "kind": "0-meting", "taken_on": date(2025, 1, 15), "data": data, "map_png": None}
