"""Static charts (PNG) for reports, with matplotlib's object API (Agg canvas, no pyplot state).

Dutch labels and month names, numbers with a decimal comma, the Okabe–Ito palette (safe for colour-vision
deficiencies), sized for the text width of an A4 page (16 cm). Hidden counts (``Hidden``) are never drawn
as zero: a bar or line point is left out and a "<5" marker stands at its place. ``*_figure`` functions
return the ``Figure`` (tests read its axes); ``*_png`` functions return PNG bytes of ``size_in × dpi`` pixels.
The static map of an area is ``area_map_png`` (in ``gis.reports.area_map``, re-exported here).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from gis.reports.area_map import area_map_png
from gis.reports.document import MONTHS_NL_SHORT, Hidden, fmt_decimal

__all__ = ["DPI", "PALETTE", "SIZE_IN", "area_map_png", "comparison_figure", "comparison_png", "figure_png",
           "survey_share_figure", "survey_share_png", "trend_figure", "trend_png"]  # fmt: skip

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies and in greyscale order.
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GREY = "#555555"
SIZE_IN = (6.3, 3.2)  # 16 × 8 cm: the text width of A4 with 2,5 cm margins
DPI = 200
Value = int | float | Hidden | None


def _new_figure(size_in: tuple[float, float]) -> tuple[Figure, Axes]:
    fig = Figure(figsize=size_in, layout="constrained")
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return fig, ax


def _footnote(fig: Figure, text: str) -> None:
    """A small note under the chart; the constrained layout keeps room for it under the axis labels."""
    fig.supxlabel(text, x=0.99, ha="right", fontsize=6.5, color=GREY, style="italic")


def figure_png(fig: Figure, dpi: int = DPI) -> bytes:
    """PNG bytes of exactly ``figsize × dpi`` pixels, without a software stamp (same input, same bytes)."""
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return out.getvalue()


def _number(value: float, _pos: object = None) -> str:
    return fmt_decimal(value, 0) if float(value).is_integer() else fmt_decimal(value, 1)


def _shown(value: Value) -> float:
    """The value to draw, NaN for hidden or missing (NaN is a gap, never a zero)."""
    if value is None or isinstance(value, Hidden):
        return math.nan
    number = float(value)
    return number if math.isfinite(number) else math.nan


def period_labels(periods: Sequence[date], freq: str) -> list[str]:
    """``jan 2025`` per month or ``2025`` per year."""
    if freq == "year":
        return [str(p.year) for p in periods]
    return [f"{MONTHS_NL_SHORT[p.month - 1]} {p.year}" for p in periods]


def trend_figure(
    periods: Sequence[date],
    series: Mapping[str, Sequence[Value]],
    title: str,
    ylabel: str = "Aantal",
    freq: str = "month",
    kind: str = "bar",
    size_in: tuple[float, float] = SIZE_IN,
) -> Figure:
    """Counts per month (``freq='month'``) or year (``'year'``) as bars (grouped when several series) or
    lines. A ``Hidden`` value is a gap with its "<5" marker in the series' colour; ``None`` is a gap."""
    if freq not in ("month", "year") or kind not in ("bar", "line"):
        raise ValueError(f"Trendgrafiek: freq '{freq}' / kind '{kind}' onbekend; kies month/year en bar/line.")
    if not series:
        raise ValueError(f"Trendgrafiek '{title}': geen reeksen.")
    for name, values in series.items():
        if len(values) != len(periods):
            raise ValueError(
                f"Trendgrafiek '{title}', reeks '{name}': {len(values)} waarden voor {len(periods)} perioden."
            )
    fig, ax = _new_figure(size_in)
    x = np.arange(len(periods), dtype=float)
    k = len(series)
    width = 0.8 / k
    drawn = np.array([_shown(v) for values in series.values() for v in values], dtype=float)
    drawn = drawn[np.isfinite(drawn)]
    shown_max = float(drawn.max()) if drawn.size and drawn.max() > 0 else 1.0
    hidden_any = False
    for i, (name, values) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        y = np.array([_shown(v) for v in values])
        xs = x + (i - (k - 1) / 2) * width if kind == "bar" else x
        if kind == "bar":
            keep = np.isfinite(y)
            ax.bar(xs[keep], y[keep], width=width * 0.92, color=colour, label=name, zorder=2)
        else:
            ax.plot(xs, y, color=colour, marker="o", markersize=3.5, linewidth=1.6, label=name, zorder=2)
        for j, v in enumerate(values):
            if isinstance(v, Hidden):
                hidden_any = True
                ax.text(xs[j], shown_max * 0.02 + i * shown_max * 0.06, str(v), ha="center", va="bottom",
                        fontsize=6.5, color=colour, style="italic", gid="hidden", parse_math=False)  # fmt: skip
    ax.set_title(title, fontsize=10, loc="left", fontweight="bold")
    ax.set_ylabel(ylabel, fontsize=8.5)
    ax.set_ylim(0, shown_max * 1.12 + (0.06 * shown_max * k if hidden_any else 0))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_number))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    labels = period_labels(periods, freq)
    step = max(1, math.ceil(len(labels) / 12))
    ax.set_xticks(x[::step], labels[::step], rotation=45 if freq == "month" and len(labels) > 6 else 0,
                  ha="right" if freq == "month" and len(labels) > 6 else "center")  # fmt: skip
    ax.set_xlim(-0.6, len(periods) - 0.4)
    if k > 1:
        ax.legend(fontsize=7.5, frameon=False, ncols=min(k, 4), loc="upper left")
    if hidden_any:
        _footnote(fig, "<5: minder dan 5, niet getoond (geen nul)")
    return fig


def trend_png(
    periods: Sequence[date],
    series: Mapping[str, Sequence[Value]],
    title: str,
    ylabel: str = "Aantal",
    freq: str = "month",
    kind: str = "bar",
    size_in: tuple[float, float] = SIZE_IN,
    dpi: int = DPI,
) -> bytes:
    """``trend_figure`` as PNG bytes."""
    return figure_png(trend_figure(periods, series, title, ylabel, freq, kind, size_in), dpi)


def _whiskers(ax: Axes, x: float, low: float | None, high: float | None, value: float, top: float, colour: str,
              horizontal: bool = False) -> None:  # fmt: skip
    """A 95% interval line with caps; an open upper end (∞) runs to ``top`` with an arrow head."""
    lo = value if low is None or not math.isfinite(low) else low
    open_end = high is None or not math.isfinite(high)
    hi = top if open_end else min(float(high), top)
    if horizontal:
        ax.errorbar([value], [x], xerr=[[value - lo], [max(hi - value, 0)]], fmt="none", ecolor=colour,
                    elinewidth=1.1, capsize=3, zorder=3, gid="interval")  # fmt: skip
        if open_end:
            ax.plot([hi], [x], marker=">", color=colour, markersize=4, zorder=3)
    else:
        ax.errorbar([x], [value], yerr=[[value - lo], [max(hi - value, 0)]], fmt="none", ecolor=colour,
                    elinewidth=1.1, capsize=4, zorder=3, gid="interval")  # fmt: skip
        if open_end:
            ax.plot([x], [hi], marker="^", color=colour, markersize=4, zorder=3)


def comparison_figure(
    labels: Sequence[str],
    rates: Sequence[Value],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    title: str,
    ylabel: str = "Per 1.000 ha",
    decimals: int = 1,
    size_in: tuple[float, float] = SIZE_IN,
) -> Figure:
    """Rates side by side (e.g. the area, its municipality, the rest of the region) with 95% interval
    whiskers and the value over each bar. A hidden rate gets no bar, only its marker ("<5"); ``None``: "–"."""
    if not len(labels) == len(rates) == len(lower) == len(upper):
        raise ValueError(f"Vergelijkingsgrafiek '{title}': labels, waarden en grenzen verschillen in lengte.")
    fig, ax = _new_figure(size_in)
    values = np.array([_shown(r) for r in rates])
    finite_hi = [float(h) for h in upper if h is not None and math.isfinite(h)]
    top = max([*finite_hi, *values[np.isfinite(values)].tolist(), 1e-9]) * 1.18
    x = np.arange(len(labels), dtype=float)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    keep = np.isfinite(values)
    ax.bar(x[keep], values[keep], width=0.6, color=[c for c, k in zip(colours, keep, strict=True) if k], zorder=2)
    for i, rate in enumerate(rates):
        if keep[i]:
            _whiskers(ax, x[i], lower[i], upper[i], values[i], top, "#222222")
            ax.text(x[i] + 0.32, values[i], fmt_decimal(values[i], decimals), ha="left", va="center", fontsize=7.5)
        else:
            ax.text(x[i], top * 0.02, str(rate) if isinstance(rate, Hidden) else "–", ha="center", va="bottom",
                    fontsize=8, color=GREY, style="italic", gid="hidden", parse_math=False)  # fmt: skip
    ax.set_ylim(0, top)
    ax.set_xlim(-0.5, len(labels) - 0.2)
    ax.set_xticks(x, [str(label) for label in labels], fontsize=8)
    ax.set_title(title, fontsize=10, loc="left", fontweight="bold")
    ax.set_ylabel(ylabel, fontsize=8.5)
    ax.yaxis.set_major_formatter(FuncFormatter(_number))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    _footnote(fig, "Strepen: 95%-betrouwbaarheidsinterval")
    return fig


def comparison_png(labels: Sequence[str], rates: Sequence[Value], lower: Sequence[float | None],
                   upper: Sequence[float | None], title: str, ylabel: str = "Per 1.000 ha", decimals: int = 1,
                   size_in: tuple[float, float] = SIZE_IN, dpi: int = DPI) -> bytes:  # fmt: skip
    """``comparison_figure`` as PNG bytes."""
    return figure_png(comparison_figure(labels, rates, lower, upper, title, ylabel, decimals, size_in), dpi)


def survey_share_figure(
    labels: Sequence[str],
    shares: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    n: Sequence[int],
    title: str,
    reference: float | None = None,
    reference_label: str = "",
    min_n: int = 10,
    size_in: tuple[float, float] | None = None,
) -> Figure:
    """Shares (0–1) per answer or group as horizontal bars in percent with Wilson 95% whiskers and ``n``.
    Groups with fewer than ``min_n`` respondents get no bar and no percentage, only "n<10". ``reference``
    (e.g. 0.15, the regional share of farmers approached) is a dashed line."""
    if not len(labels) == len(shares) == len(lower) == len(upper) == len(n):
        raise ValueError(f"Enquêtegrafiek '{title}': labels, aandelen, grenzen en n verschillen in lengte.")
    size = size_in or (SIZE_IN[0], max(1.6, 0.9 + 0.38 * len(labels)))
    fig, ax = _new_figure(size)
    y = np.arange(len(labels), dtype=float)[::-1]
    for i, share in enumerate(shares):
        small = n[i] < min_n
        if small or share is None or not math.isfinite(share):
            text = f"n<{min_n}: geen percentage" if small else "–"
            ax.text(0.005, y[i], text, ha="left", va="center", fontsize=7.5, color=GREY, style="italic",
                    gid="hidden", parse_math=False)  # fmt: skip
            continue
        ax.barh([y[i]], [share], height=0.6, color=PALETTE[0], zorder=2)
        _whiskers(ax, y[i], lower[i], upper[i], share, 1.0, "#222222", horizontal=True)
        hi = upper[i] if upper[i] is not None else share
        ax.text(min(hi + 0.015, 0.9), y[i], f"{fmt_decimal(share * 100, 0)}% (n={n[i]})", ha="left", va="center",
                fontsize=7.5)  # fmt: skip
    if reference is not None:
        ax.axvline(reference, color=PALETTE[5], linestyle="--", linewidth=1.2, zorder=4,
                   label=reference_label or f"Referentie {fmt_decimal(reference * 100, 0)}%")  # fmt: skip
        ax.legend(fontsize=7.5, frameon=False, loc="lower right")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_yticks(y, [str(label) for label in labels], fontsize=8)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, fontsize=10, loc="left", fontweight="bold")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6, zorder=0)
    _footnote(fig, "Strepen: 95%-interval (Wilson)")
    return fig


def survey_share_png(labels: Sequence[str], shares: Sequence[float | None], lower: Sequence[float | None],
                     upper: Sequence[float | None], n: Sequence[int], title: str, reference: float | None = None,
                     reference_label: str = "", min_n: int = 10, size_in: tuple[float, float] | None = None,
                     dpi: int = DPI) -> bytes:  # fmt: skip
    """``survey_share_figure`` as PNG bytes."""
    fig = survey_share_figure(labels, shares, lower, upper, n, title, reference, reference_label, min_n, size_in)
    return figure_png(fig, dpi)
