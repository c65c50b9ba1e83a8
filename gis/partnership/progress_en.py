"""The English side of the progress sentences (``gis.partnership.progress`` makes every sentence as a Dutch and
English pair): the hidden-step text, dates as dd-mm-yyyy, singular/plural counts and organisation kinds."""

from __future__ import annotations

from datetime import date

from gis.partnership.codes import ORGANISATION_KINDS, label

__all__ = ["HIDDEN_TEXT_EN", "Text", "count", "day_en", "kind_en"]

HIDDEN_TEXT_EN = "not visible to your role"
Text = tuple[str, str]  # (Dutch, English): every sentence is made in both languages at once


def day_en(value: date | None) -> str:
    """``value`` as dd-mm-yyyy ("" for none)."""
    return f"{value:%d-%m-%Y}" if value else ""


def count(n: int, one: str, many: str) -> str:
    """ "1 participant", "2 participants" (English only; the Dutch keeps its "(s)")."""
    return f"{n} {one if n == 1 else many}"


def kind_en(dutch: str) -> str:
    """The English label of an organisation kind given by its Dutch label (``required_signed`` gives those)."""
    key = next((k for k, v in ORGANISATION_KINDS.items() if v["nl"] == dutch), dutch)
    return label(ORGANISATION_KINDS, key, "en")
