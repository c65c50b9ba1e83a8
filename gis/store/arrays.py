"""Bulk reads for analysis: the coordinates (and dates, sources, categories) of a whole selection as
numpy arrays, straight from the column store without building a DataFrame per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gis.domain.catalog import Layer
from gis.store.filters import CATEGORY_COLUMNS, LAYER_COLUMNS, BBox, Filters, where

EXTRA_FIELDS: tuple[str, ...] = ("date", "source", "category")


class ArraysMixin:
    """``point_arrays``; the host provides ``cursor``."""

    def point_arrays(
        self, layer: Layer, f: Filters, extra: Sequence[str] = (), bbox: BBox | None = None
    ) -> dict[str, np.ndarray]:
        """``x``, ``y`` (RD New) of every record in the selection, plus any of ``date`` (datetime64[D]),
        ``source`` and ``category`` (object arrays) asked for in ``extra``."""
        layer = Layer(layer)
        unknown = [e for e in extra if e not in EXTRA_FIELDS]
        if unknown:
            raise ValueError(f"Onbekend veld {unknown[0]!r}; kies uit: {', '.join(EXTRA_FIELDS)}.")
        date_col, source_col = LAYER_COLUMNS[layer]
        exprs = {"date": date_col or "CAST(NULL AS DATE)", "source": source_col,
                 "category": CATEGORY_COLUMNS.get(layer, "CAST(NULL AS VARCHAR)")}  # fmt: skip
        cols = ["x", "y", *(f"{exprs[e]} AS {e}" for e in extra)]
        clause, params = where(layer, f, bbox)
        data = self.cursor().execute(f"SELECT {', '.join(cols)} FROM {layer.value}{clause}", params).fetchnumpy()  # type: ignore[attr-defined]
        out: dict[str, np.ndarray] = {"x": np.asarray(data["x"], dtype=np.float64),
                                      "y": np.asarray(data["y"], dtype=np.float64)}  # fmt: skip
        for e in extra:
            values = data[e]
            if e == "date":
                out[e] = np.asarray(values, dtype="datetime64[D]")
            else:
                out[e] = np.asarray(values, dtype=object)
        return out

    def data_version(self, layer: Layer) -> str:
        """A cheap fingerprint of a layer's records (count, highest id, coordinate sum) for cache keys."""
        row = (
            self.cursor()
            .execute(  # type: ignore[attr-defined]
                f"SELECT count(*), max(id), sum(x + y) FROM {Layer(layer).value}"
            )
            .fetchone()
        )
        return f"{row[0]}-{row[1]}-{row[2]!r}"
