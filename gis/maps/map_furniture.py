"""Map furniture for static maps: a round scale-bar length with a Dutch label, the scale bar, a north arrow.

Everything is placed in figure inches (``fig.dpi_scale_trans``), so it never moves with the data.
"""

from __future__ import annotations

import math

from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]


def nice_scale_length(width_m: float) -> tuple[float, str]:
    """A round scale-bar length (1, 2 or 5 × 10ⁿ m) of at most a fifth of ``width_m``, with a Dutch label.

    >>> nice_scale_length(1_000)
    (200.0, '200 m')
    >>> nice_scale_length(30_000)
    (5000.0, '5 km')
    """
    if not math.isfinite(width_m) or width_m <= 0:
        raise ValueError(f"Kaartbreedte moet een positief aantal meters zijn, kreeg {width_m!r}.")
    target = width_m / 5
    power = 10.0 ** math.floor(math.log10(target))
    step = max(s for s in (1, 2, 5, 10) if s * power <= target * (1 + 1e-9))
    metres = float(step * power)
    if metres >= 1000:
        value, unit = metres / 1000, "km"
    else:
        value, unit = metres, "m"
    return metres, f"{value:g}".replace(".", ",") + f" {unit}"


def scale_bar(fig: Figure, x_in: float, y_in: float, metres_per_inch: float, width_m: float) -> None:
    """Draw a two-segment black/white bar with '0' and the length under it, in figure inches."""
    metres, label = nice_scale_length(width_m)
    length, height = metres / metres_per_inch, 0.06
    tr = fig.dpi_scale_trans
    for i, face in enumerate(("black", "white")):
        seg = Rectangle((x_in + i * length / 2, y_in), length / 2, height, transform=tr, zorder=5)
        seg.set(facecolor=face, edgecolor="black", linewidth=0.6)
        fig.add_artist(seg)
    for x, text in ((x_in, "0"), (x_in + length, label)):
        fig.text(x, y_in - 0.04, text, transform=tr, ha="center", va="top", fontsize=7.5, path_effects=HALO)


def north_arrow(fig: Figure, x_in: float, y_in: float) -> None:
    """Draw a classic half-black, half-white arrow with 'N' under it; (x_in, y_in) is the tip, in figure inches."""
    w, h, notch = 0.11, 0.34, 0.09
    tr = fig.dpi_scale_trans
    left = [(x_in, y_in), (x_in - w, y_in - h), (x_in, y_in - h + notch)]
    right = [(x_in, y_in), (x_in + w, y_in - h), (x_in, y_in - h + notch)]
    for pts, face in ((left, "black"), (right, "white")):
        fig.add_artist(Polygon(pts, closed=True, facecolor=face, edgecolor="black", lw=0.7, transform=tr, zorder=5))
    fig.text(x_in, y_in - h - 0.03, "N", transform=tr, ha="center", va="top", fontsize=10, weight="bold",
             path_effects=HALO)  # fmt: skip
