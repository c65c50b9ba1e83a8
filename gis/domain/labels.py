"""Vocabularies with Dutch and English labels: the shared type and the one lookup every vocabulary uses."""

from __future__ import annotations

Labels = dict[str, dict[str, str]]


def label(table: Labels, code: str | None, lang: str = "nl") -> str:
    """The label of ``code`` in ``table`` (the code itself when unknown; "" for None)."""
    if code is None:
        return ""
    entry = table.get(str(code))
    return (entry.get(lang) or entry["nl"]) if entry else str(code)
