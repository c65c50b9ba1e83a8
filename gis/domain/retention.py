"""Retention as rules: how long records of a layer are kept, and which of them a run would remove.

The administrator sets a rule per layer (years, and for dumpings whether only closed reports go) and
runs it from the Beheer page: first a dry run that lists what would go, then the run itself, which
is written to the audit log. Nothing is removed by a timer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gis.domain.catalog import Layer

MIN_YEARS, MAX_YEARS = 1, 30
CLOSED_STATUSES: tuple[str, ...] = ("geruimd", "gesloten")
# The date a record's age is counted from, per layer (barns have no event date and are not in the rules).
AGE_COLUMN: dict[Layer, str] = {Layer.INCIDENTS: "occurred_on", Layer.DUMPINGS: "found_at"}


@dataclass(frozen=True)
class RetentionRule:
    """Keep ``layer`` records for ``years``; with ``only_closed`` only closed dumpings go."""

    layer: Layer
    years: int
    only_closed: bool = False


DEFAULT_RULES: tuple[RetentionRule, ...] = (
    RetentionRule(Layer.INCIDENTS, 5, False),
    RetentionRule(Layer.DUMPINGS, 5, True),
)


def check_rule(layer: str, years: object, only_closed: bool) -> RetentionRule:
    """A rule from the form's values; ValueError with a Dutch message naming the field and value."""
    try:
        kind = Layer(layer)
    except ValueError:
        raise ValueError(f"Laag '{layer}': geen bewaartermijn mogelijk; kies incidenten of dumpingen.") from None
    if kind not in AGE_COLUMN:
        raise ValueError(f"Laag '{layer}': geen bewaartermijn mogelijk; kies incidenten of dumpingen.")
    try:
        whole = int(str(years).strip())
    except ValueError:
        raise ValueError(f"Bewaartermijn '{years}': geen geheel aantal jaren.") from None
    if not MIN_YEARS <= whole <= MAX_YEARS:
        raise ValueError(f"Bewaartermijn {whole} jaar: kies {MIN_YEARS} tot {MAX_YEARS} jaar.")
    return RetentionRule(kind, whole, bool(only_closed) and kind is Layer.DUMPINGS)


def cutoff(today: date, years: int) -> date:
    """The first day that is kept: records dated before it go (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
