"""Drafts of half-filled forms in the store: one per signed-in user and form, kept as JSON text.

A draft survives a reload of the page (a phone reloads the tab when the camera app takes over). The guard
always passes the signed-in principal as ``user``, so a draft is read and written only by its owner.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from gis import clock

DRAFT_DAYS = 30  # a draft not touched for a month is deleted when it is next read
MAX_DRAFT_CHARS = 64_000  # the form's texts are at most a few thousand characters; photos are never kept


@dataclass(frozen=True)
class Draft:
    """A saved draft: the form's values (JSON types only) and when they were saved (Dutch local time)."""

    data: dict[str, Any]
    saved_at: datetime


class DraftsMixin:
    """Save, read and delete one draft per (user, form)."""

    def save_draft(self, user: str, form: str, data: dict[str, Any]) -> None:
        """Keep ``data`` as the draft of ``form`` for ``user`` (replacing the one before)."""
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        if len(text) > MAX_DRAFT_CHARS:
            raise ValueError(f"Concept van {len(text)} tekens is te groot (maximaal {MAX_DRAFT_CHARS}).")
        when = clock.now_nl().replace(tzinfo=None, microsecond=0)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("DELETE FROM form_drafts WHERE username = ? AND form = ?", [user, form])
            cur.execute(
                "INSERT INTO form_drafts (username, form, data, saved_at) VALUES (?, ?, ?, ?)",
                [user, form, text, when],
            )

    def draft(self, user: str, form: str) -> Draft | None:
        """The draft of ``form`` for ``user``, or None (also for a draft older than ``DRAFT_DAYS``, deleted)."""
        rows = self.query_df(  # type: ignore[attr-defined]
            "SELECT data, saved_at FROM form_drafts WHERE username = ? AND form = ?", [user, form]
        )
        if rows.empty:
            return None
        try:
            data = json.loads(str(rows["data"].iloc[0]))
        except ValueError:
            return None
        when = rows["saved_at"].iloc[0]
        if pd.Timestamp(when) < pd.Timestamp(clock.now_nl().replace(tzinfo=None)) - pd.Timedelta(days=DRAFT_DAYS):
            self.delete_draft(user, form)  # a draft left for a month is gone: it is nobody's report
            return None
        return Draft(
            data if isinstance(data, dict) else {}, when.to_pydatetime() if hasattr(when, "to_pydatetime") else when
        )

    def delete_draft(self, user: str, form: str) -> None:
        """Remove the draft of ``form`` for ``user`` (nothing happens when there is none)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("DELETE FROM form_drafts WHERE username = ? AND form = ?", [user, form])
