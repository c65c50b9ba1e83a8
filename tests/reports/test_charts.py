"""Report charts and the area map: PNG size, hidden months drawn as gaps with "<5" (never as zero),
interval whiskers, survey groups under 10 without percentages, the map with and without points."""

from __future__ import annotations

import io
import math
from datetime import date

import geopandas as gpd
import numpy as np
import pytest
import shapely
from matplotlib.container import BarContainer, ErrorbarContainer
from PIL import Image

from gis.reports.area_map import area_map_figure
from gis.reports.charts import (
    DPI,
    PALETTE,
    SIZE_IN,
    area_map_png,
    comparison_figure,
    comparison_png,
    survey_share_figure,
    survey_share_png,
    trend_figure,
    trend_png,
)
from gis.reports.document import HIDDEN

MONTHS = [date(2025, m, 1) for m in range(1, 13)]
COUNTS = [7, HIDDEN, 9, 12, None, 6, HIDDEN, 8, 10, 11, 5, 6]


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as img:
        return img.size


def _texts(fig: object, gid: str | None = None) -> list[str]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return [t.get_text() for t in ax.texts if gid is None or t.get_gid() == gid]


def test_trend_png_has_the_a4_text_width_size() -> None:
    png = trend_png(MONTHS, {"Dumpingen": COUNTS}, "Dumpingen per maand")
    assert _size(png) == (round(SIZE_IN[0] * DPI), round(SIZE_IN[1] * DPI)) == (1260, 640)
    assert _size(trend_png(MONTHS, {"Dumpingen": COUNTS}, "x", size_in=(4, 2), dpi=100)) == (400, 200)


def test_hidden_month_is_a_gap_with_a_marker_not_a_zero_bar() -> None:
    fig = trend_figure(MONTHS, {"Dumpingen": COUNTS}, "Dumpingen per maand")
    ax = fig.axes[0]
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 1
    centres = [round(p.get_x() + p.get_width() / 2, 6) for p in bars[0].patches]
    heights = [p.get_height() for p in bars[0].patches]
    assert centres == [0, 2, 3, 5, 7, 8, 9, 10, 11]  # no bar for february, may (unknown) and july
    assert heights == [7, 9, 12, 6, 8, 10, 11, 5, 6]
    hidden = [t for t in ax.texts if t.get_gid() == "hidden"]
    assert [(t.get_text(), t.get_position()[0]) for t in hidden] == [("<5", 1.0), ("<5", 6.0)]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:3] == ["jan 2025", "feb 2025", "mrt 2025"] and labels[9] == "okt 2025"
    assert "<5: minder dan 5" in fig._supxlabel.get_text()


def test_line_trend_breaks_at_hidden_months_and_uses_a_colour_blind_palette() -> None:
    series = {"Politie": [3, 4, HIDDEN, 6], "Brandweer": [HIDDEN, 2, 2, 1]}
    years = [date(y, 1, 1) for y in range(2022, 2026)]
    fig = trend_figure(years, series, "Incidenten per jaar", freq="year", kind="line")
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if line.get_label() in series]
    police, fire = lines
    assert np.isnan(police.get_ydata()[2]) and list(police.get_ydata()[[0, 1, 3]]) == [3, 4, 6]
    assert np.isnan(fire.get_ydata()[0])
    assert (police.get_color(), fire.get_color()) == (PALETTE[0], PALETTE[1])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023", "2024", "2025"]
    assert sorted(t.get_position()[0] for t in ax.texts if t.get_gid() == "hidden") == [0.0, 2.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Politie", "Brandweer"]


def test_trend_rejects_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="reeks 'Dumpingen': 2 waarden voor 12 perioden"):
        trend_figure(MONTHS, {"Dumpingen": [1, 2]}, "x")


def test_comparison_bars_with_interval_whiskers() -> None:
    labels = ["Gebied Oost", "Gemeente Berkelland", "Rest van de regio"]
    fig = comparison_figure(labels, [2.3, HIDDEN, 1.0], [1.4, None, 0.8], [3.8, None, 1.2], "Dumpingen per 1.000 ha")
    ax = fig.axes[0]
    bars = [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]
    assert [round(p.get_height(), 6) for p in bars] == [2.3, 1.0]
    whiskers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    spans = sorted(tuple(np.round(seg[:, 1], 6)) for c in whiskers for seg in c.lines[2][0].get_segments())
    assert spans == [(0.8, 1.2), (1.4, 3.8)]
    assert _texts(fig, "hidden") == ["<5"]
    assert {"2,3", "1,0"} <= set(_texts(fig))
    assert [t.get_text() for t in ax.get_xticklabels()] == labels
    assert _size(comparison_png(labels, [2.3, 1.5, 1.0], [1, 1, 1], [3, 2, math.inf], "x")) == (1260, 640)


def test_survey_shares_with_wilson_whiskers_and_no_percentage_under_10() -> None:
    labels = ["Agrariërs", "Bewoners", "Ondernemers"]
    fig = survey_share_figure(labels, [0.233, 0.08, 0.5], [0.15, 0.04, 0.2], [0.33, 0.15, 0.8], [60, 120, 4],
                              "Benaderd door criminelen", reference=0.15, reference_label="Regio ≈ 15%")  # fmt: skip
    ax = fig.axes[0]
    bars = [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]
    assert [round(p.get_width(), 3) for p in bars] == [0.233, 0.08]  # no bar for the 4 entrepreneurs
    whiskers = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    spans = [tuple(np.round(seg[:, 0], 6)) for c in whiskers for seg in c.lines[2][0].get_segments()]
    assert spans == [(0.15, 0.33), (0.04, 0.15)]
    assert _texts(fig, "hidden") == ["n<10: geen percentage"]
    assert {"23% (n=60)", "8% (n=120)"} <= set(_texts(fig))
    assert not any("50%" in t for t in _texts(fig))
    reference = [line for line in ax.get_lines() if line.get_label() == "Regio ≈ 15%"]
    assert len(reference) == 1 and list(reference[0].get_xdata()) == [0.15, 0.15]
    png = survey_share_png(labels, [0.2, 0.1, None], [0.1, 0.05, None], [0.3, 0.2, None], [50, 40, 30], "x")
    assert _size(png) == (1260, round((0.9 + 0.38 * 3) * DPI))


def _munis() -> gpd.GeoDataFrame:
    boxes = [shapely.box(200_000, 440_000, 210_000, 450_000), shapely.box(210_000, 440_000, 220_000, 450_000)]
    return gpd.GeoDataFrame({"code": ["GM0001", "GM0002"], "name": ["Westdorp", "Oostwoude"]}, geometry=boxes,
                            crs="EPSG:28992")  # fmt: skip


AREA = shapely.Polygon([(205_000, 443_000), (214_000, 443_000), (214_000, 448_000), (205_000, 448_000)])


def test_area_map_with_points_cells_and_names() -> None:
    rng = np.random.default_rng(7)
    points = {"Dumpingen": (rng.uniform(206_000, 213_000, 12), rng.uniform(444_000, 447_000, 12)),
              "Schouwbevindingen": (np.array([207_500.0, np.nan]), np.array([445_500.0, 445_000.0]))}  # fmt: skip
    cells = gpd.GeoDataFrame({"class": [3, 0, -2]}, crs="EPSG:28992",
                             geometry=[shapely.box(208_000 + i * 500, 445_000, 208_500 + i * 500, 445_500)
                                       for i in range(3)])  # fmt: skip
    fig = area_map_figure(AREA, _munis(), points, cells, "Gebied Oost", mark="DEMO")
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"Westdorp", "Oostwoude"} <= texts
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "PPS-gebied" in legend and "Dumpingen (12)" in legend and "Schouwbevindingen (1)" in legend
    assert any(label.startswith("Hotspot, 99%") for label in legend)
    assert any(label.startswith("Coldspot, 95%") for label in legend)
    assert not any(label.startswith("Niet significant") for label in legend)
    assert "DEMO" in {t.get_text() for t in fig.texts}
    x0, x1 = fig.axes[0].get_xlim()
    assert x0 < 205_000 and x1 > 214_000  # the whole area is in view
    png = area_map_png(AREA, _munis(), points, cells, "Gebied Oost", size_in=(8, 6), dpi=100)
    assert _size(png) == (800, 600)


def test_area_map_without_points_or_cells() -> None:
    fig = area_map_figure(AREA, _munis(), None, None, "Gebied Oost")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Gemeentegrens", "PPS-gebied"]
    assert "DEMO" not in {t.get_text() for t in fig.texts}
    assert _size(area_map_png(AREA, _munis(), {}, None, "Gebied Oost")) == (1200, 900)


def test_area_map_refuses_wgs84_and_empty_areas() -> None:
    with pytest.raises(ValueError, match="RD New"):
        area_map_png(AREA, _munis().to_crs(4326), None, None, "x")
    with pytest.raises(ValueError, match="geen geometrie"):
        area_map_png(shapely.Polygon(), _munis(), None, None, "x")


def test_charts_and_map_go_into_both_documents() -> None:
    from gis.reports.document import Figure, ReportDocument, Section
    from gis.reports.docx_writer import docx_bytes
    from gis.reports.pdf_writer import pdf_bytes

    figures = (Figure("Figuur 1. Kaart", area_map_png(AREA, _munis(), None, None, "Gebied Oost", dpi=80), 16),
               Figure("Figuur 2. Trend", trend_png(MONTHS, {"Dumpingen": COUNTS}, "Trend", dpi=80), 16))  # fmt: skip
    report = ReportDocument(
        "Analyse", "", "Gebied Oost", "2025", date(2026, 1, 5), sections=(Section("Kaart", figures),)
    )
    import docx

    assert len(docx.Document(io.BytesIO(docx_bytes(report))).inline_shapes) == 2
    assert pdf_bytes(report).count(b"/Subtype /Image") == 2
