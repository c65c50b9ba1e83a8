"""The Gantt chart of an area's measures: a PNG of sensible size, bars coloured by plan status, a line at today,
Dutch (or English) month labels, user text kept literal, and measures without dates noted as "niet gepland"."""

from __future__ import annotations

import io
from datetime import date

import matplotlib.dates as mdates
import pandas as pd
from matplotlib import colors as mcolors
from PIL import Image

from gis.reports.gantt import STATUS_COLOURS, gantt_figure, gantt_png

TODAY = date(2026, 4, 15)


def _measures(n_dated: int = 3) -> pd.DataFrame:
    rows = [
        {"nr": 1, "name": "Slagboom $x$ op zandpaden", "start_on": date(2026, 1, 1), "end_on": date(2026, 6, 30),
         "status": "lopend"},
        {"nr": 2, "name": "Cameratoezicht", "start_on": pd.Timestamp("2026-03-01"), "end_on": pd.NaT,
         "status": "gepland"},
        {"nr": 3, "name": "Voorlichting", "start_on": date(2025, 11, 1), "end_on": date(2026, 2, 1),
         "status": "uitgevoerd"},
        {"nr": 4, "name": "Schurenregister", "start_on": None, "end_on": None, "status": None},
    ]  # fmt: skip
    extra = [{"nr": 5 + i, "name": f"Extra {i}", "start_on": date(2026, 5, 1), "end_on": date(2026, 8, 1),
              "status": "gestopt"} for i in range(max(0, n_dated - 3))]  # fmt: skip
    return pd.DataFrame(rows + extra)


def test_png_has_sensible_size_and_grows_with_the_number_of_measures() -> None:
    small = Image.open(io.BytesIO(gantt_png(_measures(), today=TODAY)))
    large = Image.open(io.BytesIO(gantt_png(_measures(20), today=TODAY)))
    assert small.format == "PNG" and small.width == 1260  # 6,3 inch at 200 dpi: the text width of A4
    assert 400 <= small.height <= 1200
    assert large.width == 1260 and small.height < large.height <= 12 * 200


def test_bars_by_status_today_line_and_undated_measure_noted() -> None:
    fig = gantt_figure(_measures(), today=TODAY)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_width() > 0]
    assert len(bars) == 3, "one bar per dated measure; none for the undated one"
    colours = {mcolors.to_hex(b.get_facecolor()) for b in bars}
    assert colours == {STATUS_COLOURS[s].lower() for s in ("lopend", "gepland", "uitgevoerd")}
    texts = [t.get_text() for t in ax.texts]
    assert any("niet gepland" in t for t in texts)
    assert any("geen einddatum" in t for t in texts), "measure 2 has a start but no end"
    today_lines = [ln for ln in ax.lines if list(ln.get_xdata()) == [mdates.date2num(TODAY)] * 2]
    assert len(today_lines) == 1 and any("vandaag" in t for t in texts)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "1. Slagboom $x$ op zandpaden" and labels[3] == "4. Schurenregister"
    fig.canvas.draw()  # the "$" pair must not be parsed as mathematics (it would fail or vanish)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["gepland", "lopend", "uitgevoerd"]


def test_month_labels_follow_the_language() -> None:
    for lang, march in (("nl", "mrt"), ("en", "Mar")):
        fig = gantt_figure(_measures(), lang=lang, today=TODAY)
        fig.canvas.draw()
        ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert march in ticks, ticks
    fig = gantt_figure(_measures(), lang="en", today=TODAY)
    assert any("not planned" in t.get_text() for t in fig.axes[0].texts)


def test_no_measures_still_gives_a_chart_saying_so() -> None:
    empty = pd.DataFrame(columns=["nr", "name", "start_on", "end_on", "status"])
    fig = gantt_figure(empty, today=TODAY)
    assert any(t.get_text() == "Geen maatregelen in het plan." for t in fig.axes[0].texts)
    assert Image.open(io.BytesIO(gantt_png(empty, today=TODAY))).width == 1260
