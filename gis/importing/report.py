"""The refused-rows report of a validation: one line per problem (row, field, value, reason), in Dutch.

Row numbers are as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REFUSED_COLUMNS: tuple[str, ...] = ("row", "field", "value", "reason")


class Refusals:
    """Collects problems of one chunk; ``bad`` marks the rows with at least one problem."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = np.asarray(rows, dtype=np.int64)
        self.bad = np.zeros(len(self.rows), dtype=bool)
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray, field: str, values: pd.Series | str, reason: pd.Series | str) -> None:
        """Refuse the rows under ``mask``: ``values`` as typed (a column or one text), a reason per row or one."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        shown = values.to_numpy()[mask] if isinstance(values, pd.Series) else values
        why = reason.to_numpy()[mask] if isinstance(reason, pd.Series) else reason
        part = {"row": self.rows[mask], "field": field, "value": shown, "reason": why}
        self._parts.append(pd.DataFrame(part))

    def frame(self) -> pd.DataFrame:
        """All problems, by row (problems of one row in the order they were found)."""
        if not self._parts:
            return empty_refused()
        out = pd.concat(self._parts, ignore_index=True)
        out = out.sort_values("row", kind="stable").reset_index(drop=True)
        return out.astype({"row": "int64", "field": "str", "value": "str", "reason": "str"})


def empty_refused() -> pd.DataFrame:
    """A refused table without lines."""
    return pd.DataFrame({"row": pd.Series(dtype="int64"), **{c: pd.Series(dtype="str") for c in REFUSED_COLUMNS[1:]}})


def refusal_messages(refused: pd.DataFrame, limit: int | None = None) -> list[str]:
    """The refused lines as Dutch sentences: ``Rij 5, kolom 'Pleegdatum' ('31-02-2024'): geen geldige datum …``."""
    lines = refused if limit is None else refused.head(limit)
    messages = [
        f"Rij {r.row}, kolom '{r.field}'" + (f" ('{r.value}')" if r.value else " (leeg)") + f": {r.reason}"
        for r in lines.itertuples(index=False)
    ]
    if limit is not None and len(refused) > limit:
        messages.append(f"… en nog {len(refused) - limit} probleem/problemen.")
    return messages
