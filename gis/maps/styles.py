"""Colours and symbols of the map layers, and the class breaks of count cells."""

from __future__ import annotations

import numpy as np

from gis.domain.catalog import Layer

LAYER_COLOURS: dict[Layer, str] = {
    Layer.BARNS: "#7b3294",  # purple
    Layer.DUMPINGS: "#e6550d",  # orange
    Layer.INCIDENTS: "#1f78b4",  # blue
}
AREA_COLOUR = "#1a9850"
MUNICIPALITY_COLOUR = "#555555"
PROVINCE_COLOUR = "#222222"

# Sequential ramps (ColorBrewer, colour-blind safe, the darkest 5 of 6 classes) for count cells, light to
# dark, one hue per layer so the layers can be told apart: Blues, Oranges, Purples.
CELL_RAMPS: dict[Layer, tuple[str, ...]] = {
    Layer.INCIDENTS: ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"),
    Layer.DUMPINGS: ("#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"),
    Layer.BARNS: ("#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"),
}


def count_breaks(counts: np.ndarray, classes: int = 5) -> list[int]:
    """Upper bounds of up to ``classes`` count classes (rounded, strictly increasing)."""
    counts = np.asarray(counts)
    if counts.size == 0:
        return []
    qs = np.quantile(counts, np.linspace(0, 1, classes + 1)[1:])
    out: list[int] = []
    for q in np.ceil(qs).astype(int):
        if not out or q > out[-1]:
            out.append(int(q))
    return out


def class_index(counts: np.ndarray, breaks: list[int]) -> np.ndarray:
    """Index of the class each count falls in (0 = lowest)."""
    return np.searchsorted(np.asarray(breaks), np.asarray(counts), side="left")
