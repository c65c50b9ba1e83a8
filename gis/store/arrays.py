"""Bulk reads for analysis: the coordinates (and dates, sources, categories) of a whole selection as
numpy arrays, straight from the column store without building a DataFrame per row.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import numpy as np
import pandas as pd

from gis.domain.catalog import Layer
from gis.store.filters import CATEGORY_COLUMNS, LAYER_COLUMNS, BBox, Filters, where

EXTRA_FIELDS: tuple[str, ...] = ("date", "source", "category")
BASE_CELL_M = 1000  # the finest cell (metres, RD New, aligned to the origin) of ``disclosure_units``
KEY_MODULUS = 1 << 20  # record keys and cell keys are integers below this
SECRET_KEY = "secret:cell_key"  # meta key of the salt of the record keys; never shown to a page


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
        cur = self.cursor()  # type: ignore[attr-defined]
        sql = f"SELECT {', '.join(cols)} FROM {layer.value}{clause}"
        # a backend may read big results faster than row by row (PostGIS: COPY, see gis.store.pg_copy)
        data = cur.numpy(sql, params) if hasattr(cur, "numpy") else cur.execute(sql, params).fetchnumpy()
        out: dict[str, np.ndarray] = {"x": np.asarray(data["x"], dtype=np.float64),
                                      "y": np.asarray(data["y"], dtype=np.float64)}  # fmt: skip
        for e in extra:
            values = data[e]
            if e == "date":
                # fetchnumpy gives a masked array for a column with NULLs; keep them as NaT, not 1970-01-01
                days = np.ma.asarray(values).astype("datetime64[D]")
                out[e] = np.ma.filled(days, np.datetime64("NaT"))
            else:
                out[e] = np.asarray(values, dtype=object)
        return out

    def data_version(self, layer: Layer) -> str:
        """A cheap fingerprint of a layer's records (count, highest id, coordinate sum in whole centimetres:
        an integer sum, so the same records give the same fingerprint whatever order threads add them in)."""
        row = (
            self.cursor()
            .execute(  # type: ignore[attr-defined]
                f"SELECT count(*), max(id), sum(CAST(round(x * 100) AS BIGINT) + CAST(round(y * 100) AS BIGINT)) "
                f"FROM {Layer(layer).value}"
            )
            .fetchone()
        )
        return f"{row[0]}-{row[1]}-{row[2]!r}"

    def _cell_key_salt(self) -> str:
        """The database's secret salt for record keys (made once, at first use)."""
        salt = self.get_meta(SECRET_KEY)  # type: ignore[attr-defined]
        if salt is None:
            salt = self.meta_first(SECRET_KEY, secrets.token_hex(16))  # type: ignore[attr-defined]
        return str(salt)

    def disclosure_units(self, layer: Layer) -> pd.DataFrame:
        """The finest units counts are released in to aggregate-only roles: records per 1 km cell (``cx``, ``cy``:
        cell indices), month, municipality, source, category and (dumpings) status, with ``n`` records and
        ``key``: the sum of the records' secret keys modulo ``KEY_MODULUS`` (the cell key of the record set).

        Only ``gis.privacy`` calls this; it perturbs ``n`` with ``key`` before anything is shown.
        """
        layer = Layer(layer)
        date_col, source_col = LAYER_COLUMNS[layer]
        month = f"CAST(date_trunc('month', {date_col}) AS DATE)" if date_col else "CAST(NULL AS DATE)"
        category = CATEGORY_COLUMNS.get(layer, "CAST(NULL AS VARCHAR)")
        status = "status" if layer is Layer.DUMPINGS else "CAST(NULL AS VARCHAR)"
        where_sql = " WHERE linked_to IS NULL" if layer is Layer.DUMPINGS else ""
        sql = (
            f"SELECT CAST(floor(x / {BASE_CELL_M}) AS BIGINT) AS cx, CAST(floor(y / {BASE_CELL_M}) AS BIGINT) AS cy, "
            f"{month} AS month, municipality_code, {source_col} AS source, {category} AS category, "
            f"{status} AS status, count(*) AS n, "
            f"CAST(sum({self._record_hash('id')} % {KEY_MODULUS}) % {KEY_MODULUS} AS BIGINT) AS key "  # type: ignore[attr-defined]
            f"FROM {layer.value}{where_sql} GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
        params: list[object] = [f"{self._cell_key_salt()}:{layer.value}"]
        cur = self.cursor()  # type: ignore[attr-defined]
        return cur.frame(sql, params) if hasattr(cur, "frame") else self.query_df(sql, params)  # type: ignore[attr-defined]
