"""Retention in the store: the rules per layer, the records a rule would remove, and their removal.

Removal takes a record with everything that hangs on it (PPS-area membership; for dumpings the
history and files) in one transaction. The guarded store writes the audit line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from gis.domain.catalog import Layer
from gis.domain.retention import AGE_COLUMN, CLOSED_STATUSES, DEFAULT_RULES, RetentionRule


class RetentionMixin:
    """Retention methods; the host provides ``transaction`` and ``query_df``."""

    def retention_rules(self) -> list[RetentionRule]:
        """The rule of every layer that has one (the defaults where none was set)."""
        stored = self.query_df("SELECT layer, years, only_closed FROM retention_rules")  # type: ignore[attr-defined]
        rules = {r.layer: r for r in DEFAULT_RULES}
        for row in stored.itertuples():
            rules[Layer(row.layer)] = RetentionRule(Layer(row.layer), int(row.years), bool(row.only_closed))
        return [rules[layer] for layer in AGE_COLUMN]

    def set_retention_rule(self, rule: RetentionRule, user: str) -> None:
        """Store the rule of one layer (replacing the previous one)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("DELETE FROM retention_rules WHERE layer = ?", [rule.layer.value])
            cur.execute("INSERT INTO retention_rules (layer, years, only_closed, updated_by) VALUES (?, ?, ?, ?)",
                        [rule.layer.value, rule.years, rule.only_closed, user])  # fmt: skip

    def retention_candidates(self, rule: RetentionRule, before: date) -> pd.DataFrame:
        """The records ``rule`` would remove: dated before ``before`` (and closed, if the rule says so)."""
        column = AGE_COLUMN[rule.layer]
        extra = ", status" if rule.layer is Layer.DUMPINGS else ", reference, category"
        where = f"CAST({column} AS DATE) < ?"
        params: list[object] = [before]
        if rule.only_closed:
            where += f" AND status IN ({', '.join('?' for _ in CLOSED_STATUSES)})"
            params += list(CLOSED_STATUSES)
        return self.query_df(  # type: ignore[attr-defined]
            f"SELECT id, CAST({column} AS DATE) AS dated, municipality_code{extra} FROM {rule.layer.value} "
            f"WHERE {where} ORDER BY {column}, id",
            params,
        )

    def remove_records(self, layer: Layer, ids: Sequence[int], reason: str) -> int:
        """Remove records of ``layer`` and what hangs on them, in one transaction; returns how many."""
        layer = Layer(layer)
        if not ids:
            return 0
        frame = pd.DataFrame({"id": pd.Series(list(ids), dtype="int64")})
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.register("_gone", frame)
            try:
                cur.execute("DELETE FROM area_members WHERE layer = ? AND record_id IN (SELECT id FROM _gone)",
                            [layer.value])  # fmt: skip
                if layer is Layer.DUMPINGS:
                    cur.execute("DELETE FROM dumping_history WHERE dumping_id IN (SELECT id FROM _gone)")
                    cur.execute("DELETE FROM dumping_files WHERE dumping_id IN (SELECT id FROM _gone)")
                gone = cur.execute(f"DELETE FROM {layer.value} WHERE id IN (SELECT id FROM _gone) RETURNING id")
                n = len(gone.fetchall())
            finally:
                cur.unregister("_gone")
        return n
