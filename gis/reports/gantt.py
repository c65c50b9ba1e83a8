"""The planning of an area's measures as a Gantt chart (PNG) for the plan of action and the Plan page: one bar per
measure from start to end, coloured by plan status, a line at today, month labels in Dutch (or English).

Measures without dates are listed on the chart as "niet gepland"; a measure with only a start or only an end
gets a hatched open bar to the edge of the chart. matplotlib's object API (no pyplot state), no network.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from gis.measures.codes import PLAN_STATUSES, label
from gis.reports.charts import DPI, GREY, figure_png
from gis.reports.document import MONTHS_NL_SHORT, clean_text

__all__ = ["MONTHS_EN_SHORT", "STATUS_COLOURS", "gantt_figure", "gantt_png"]

MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Okabe–Ito colours per plan status; no status yet: grey.
STATUS_COLOURS: dict[str | None, str] = {
    "gepland": "#56B4E9",
    "lopend": "#E69F00",
    "uitgevoerd": "#009E73",
    "gestopt": "#CC79A7",
    None: "#999999",
}
WORDS = {
    "unplanned": {"nl": "niet gepland", "en": "not planned"},
    "today": {"nl": "vandaag", "en": "today"},
    "none": {"nl": "geen status", "en": "no status"},
    "open_end": {"nl": "geen einddatum", "en": "no end date"},
    "open_start": {"nl": "geen startdatum", "en": "no start date"},
    "empty": {"nl": "Geen maatregelen in het plan.", "en": "No measures in the plan."},
    "title": {"nl": "Planning van de maatregelen", "en": "Schedule of the measures"},
}
LABEL_CHARS = 38
TODAY_COLOUR = "#D55E00"
NOTE_BOX = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _w(key: str, lang: str) -> str:
    return WORDS[key]["en" if lang == "en" else "nl"]


def _day(value: object) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    try:
        return pd.Timestamp(value).date()  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None


def _status(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    return str(value) if str(value) in PLAN_STATUSES else None


def _row_label(row: pd.Series, i: int) -> str:
    nr = row.get("nr", i + 1)
    name = " ".join(clean_text(row.get("name") or row.get("title") or "").split()) or "–"
    return f"{nr}. {textwrap.shorten(name, LABEL_CHARS, placeholder='…')}"


def _month_formatter(lang: str) -> FuncFormatter:
    months = MONTHS_EN_SHORT if lang == "en" else MONTHS_NL_SHORT

    def fmt(value: float, _pos: object = None) -> str:
        day = mdates.num2date(value)
        return f"{months[day.month - 1]}\n{day.year}" if day.month == 1 or _pos == 0 else months[day.month - 1]

    return FuncFormatter(fmt)


def _span(rows: list[tuple[date | None, date | None]], today: date) -> tuple[date, date]:
    days = [d for pair in rows for d in pair if d is not None] or [today]
    first, last = min([*days, today]), max([*days, today])
    first, last = first.replace(day=1), last + timedelta(days=31)
    return first, last.replace(day=1)


def _bar(ax: Axes, i: int, span: tuple[date | None, date | None], status: str | None, edges: tuple[float, float],
         lang: str) -> None:  # fmt: skip
    """One measure's bar; an open side (no start or no end) runs hatched to the chart's edge."""
    start, end = span
    a = mdates.date2num(start) if start else edges[0]
    b = mdates.date2num(end + timedelta(days=1)) if end else edges[1]
    hatch = None if start and end else "///"
    ax.barh(i, max(b - a, 1.0), left=a, height=0.6, color=STATUS_COLOURS[status], edgecolor="#333333",
            linewidth=0.4, hatch=hatch)  # fmt: skip
    if hatch:
        word = _w("open_end" if not end else "open_start", lang)
        ax.text(b if not end else a, i, f" {word} ", va="center", ha="right" if not end else "left", fontsize=6.5,
                color=GREY, parse_math=False, bbox=NOTE_BOX)  # fmt: skip


def _axes(fig: Figure, rows: pd.DataFrame, edges: tuple[float, float], lang: str) -> Axes:
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7.5)
    ax.set_yticks(list(range(len(rows))), [_row_label(r, i) for i, (_, r) in enumerate(rows.iterrows())])
    for text in ax.get_yticklabels():
        text.set_parse_math(False)  # user text: "$" stays a dollar sign
    ax.set_ylim(len(rows) - 0.5 if len(rows) else 0.5, -0.6)
    ax.set_xlim(*edges)
    months = max(1, round((edges[1] - edges[0]) / 30 / 12))
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=months))
    ax.xaxis.set_major_formatter(_month_formatter(lang))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_title(_w("title", lang), fontsize=10, loc="left")
    return ax


def gantt_figure(measures: pd.DataFrame, lang: str = "nl", today: date | None = None) -> Figure:
    """The chart as a matplotlib ``Figure``; see ``gantt_png``."""
    today = today or date.today()
    rows = measures.reset_index(drop=True)
    dates = [(_day(r.get("start_on")), _day(r.get("end_on"))) for _, r in rows.iterrows()]
    fig = Figure(figsize=(6.3, min(1.3 + 0.32 * max(len(rows), 1), 12.0)), layout="constrained")
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    first, last = _span(dates, today)
    edges = (float(mdates.date2num(first)), float(mdates.date2num(last)))
    ax = _axes(fig, rows, edges, lang)
    if rows.empty:
        ax.text(0.5, 0.5, _w("empty", lang), transform=ax.transAxes, ha="center", va="center", fontsize=9,
                color=GREY, parse_math=False)  # fmt: skip
    statuses: set[str | None] = set()
    for i, (span, (_, row)) in enumerate(zip(dates, rows.iterrows(), strict=True)):
        if span == (None, None):
            ax.text(edges[0], i, "  " + _w("unplanned", lang), va="center", ha="left", fontsize=7, style="italic",
                    color=GREY, parse_math=False)  # fmt: skip
            continue
        status = _status(row.get("status"))
        statuses.add(status)
        _bar(ax, i, span, status, edges, lang)
    if first <= today <= last:
        ax.axvline(mdates.date2num(today), color=TODAY_COLOUR, linewidth=1.2, linestyle="--")
        ax.text(mdates.date2num(today), -0.55, " " + _w("today", lang), color=TODAY_COLOUR, fontsize=7, va="bottom",
                parse_math=False)  # fmt: skip
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor="#333333", linewidth=0.4,
                     label=label(PLAN_STATUSES, s, lang) if s else _w("none", lang))
               for s in (*PLAN_STATUSES, None) if s in statuses]  # fmt: skip
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7, frameon=False)
    return fig


def gantt_png(measures: pd.DataFrame, lang: str = "nl", today: date | None = None) -> bytes:
    """PNG (6,3 inch wide, 200 dpi; taller with more measures) of ``measures`` with columns ``name`` (or
    ``title``), ``start_on``, ``end_on``, ``status`` (PLAN_STATUSES or None) and optionally ``nr`` (the number
    in the plan's matrix; default the row order). Rows in the given order, top to bottom."""
    return figure_png(gantt_figure(measures, lang, today), dpi=DPI)
