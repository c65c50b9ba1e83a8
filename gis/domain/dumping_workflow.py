"""Status workflow of a drug-waste dumping report, as a table (like Amsterdam/signals' ALLOWED_STATUS_CHANGES).

``check_move`` is called on every status change; errors are ``WorkflowError`` with a Dutch message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from gis.clock import now_nl
from gis.domain.catalog import DUMPING_STATUSES

GEMELD, IN_ONDERZOEK, GERUIMD, GESLOTEN = DUMPING_STATUSES

# Forward: gemeld -> in onderzoek -> geruimd -> gesloten. Decisions on the other moves:
# - gemeld may only go to "in onderzoek": nothing is cleared or closed before someone has looked.
# - in onderzoek -> gemeld: undo when the wrong report was picked up (note required).
# - in onderzoek -> gesloten: no clean-up needed (false alarm, duplicate, already removed; note required).
# - geruimd -> in onderzoek and gesloten -> in onderzoek: re-open, e.g. soil measurement shows more
#   pollution or more waste turns up (note required). A re-opened report goes through "geruimd" again.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    GEMELD: frozenset({IN_ONDERZOEK}),
    IN_ONDERZOEK: frozenset({GEMELD, GERUIMD, GESLOTEN}),
    GERUIMD: frozenset({GESLOTEN, IN_ONDERZOEK}),
    GESLOTEN: frozenset({IN_ONDERZOEK}),
}

# Moves that need a reason in the note (back-moves, re-opening, closing without clean-up).
NOTE_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {(IN_ONDERZOEK, GEMELD), (IN_ONDERZOEK, GESLOTEN), (GERUIMD, IN_ONDERZOEK), (GESLOTEN, IN_ONDERZOEK)}
)

# Statuses that need a clean-up cost and date when entered.
NEEDS_CLEANUP: frozenset[str] = frozenset({GERUIMD})

# Reports in these statuses are finished; they are no longer "open" (duplicate checks, work lists).
CLOSED_STATUSES: frozenset[str] = frozenset({GERUIMD, GESLOTEN})


class WorkflowError(ValueError):
    """A status change that is not allowed; ``str(err)`` is Dutch and names the statuses and values."""


@dataclass(frozen=True)
class StatusChange:
    """One entry of the append-only status history of a report."""

    from_status: str
    to_status: str
    user: str
    at: datetime
    note: str = ""


def _check_known(status: str) -> None:
    if status not in ALLOWED_MOVES:
        raise WorkflowError(f"Onbekende status '{status}'; kies uit: {', '.join(DUMPING_STATUSES)}.")


def allowed_moves(current: str) -> list[str]:
    """The statuses a report in ``current`` may move to, in workflow order."""
    _check_known(current)
    return [s for s in DUMPING_STATUSES if s in ALLOWED_MOVES[current]]


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _check_cleanup(
    cleanup_cost: float | None,
    cleanup_date: date | None,
    found_at: date | datetime | None,
    today: date,
) -> None:
    if cleanup_cost is None:
        raise WorkflowError("Vul de opruimkosten in voordat de melding op 'geruimd' gaat (0 als er geen kosten waren).")
    if isinstance(cleanup_cost, bool) or not isinstance(cleanup_cost, (int, float)):
        raise WorkflowError(f"Opruimkosten: '{cleanup_cost}' is geen bedrag.")
    if not math.isfinite(cleanup_cost) or cleanup_cost < 0:
        raise WorkflowError(f"Opruimkosten: '{cleanup_cost}' moet een bedrag van 0 of meer zijn.")
    if cleanup_date is None:
        raise WorkflowError("Vul de opruimdatum in voordat de melding op 'geruimd' gaat.")
    if not isinstance(cleanup_date, date):
        raise WorkflowError(f"Opruimdatum: '{cleanup_date}' is geen datum.")
    day = _as_date(cleanup_date)
    if day > today:
        raise WorkflowError(f"Opruimdatum {day:%d-%m-%Y} ligt in de toekomst (vandaag is {today:%d-%m-%Y}).")
    if found_at is not None and day < _as_date(found_at):
        raise WorkflowError(
            f"Opruimdatum {day:%d-%m-%Y} ligt vóór de vondstdatum {_as_date(found_at):%d-%m-%Y}; "
            "er kan niet geruimd zijn voordat de dumping gevonden werd."
        )


def check_move(
    current: str,
    new: str,
    cleanup_cost: float | None = None,
    cleanup_date: date | None = None,
    note: str = "",
    *,
    found_at: date | datetime | None = None,
    today: date | None = None,
) -> None:
    """Refuse a status change that the workflow does not allow.

    Parameters
    ----------
    current, new
        The report's status now and the status asked for.
    cleanup_cost, cleanup_date
        Required (cost >= 0 euro, date not in the future and not before ``found_at``) to enter "geruimd".
    note
        Required for back-moves, re-opening and closing without clean-up (see ``NOTE_REQUIRED``).
    found_at
        When the dumping was found, if known.
    today
        The current date (defaults to today in the Netherlands); pass it in tests.

    Raises
    ------
    WorkflowError
        With a Dutch message naming the statuses or the offending value.
    """
    _check_known(current)
    _check_known(new)
    if new == current:
        raise WorkflowError(f"De melding staat al op '{current}'.")
    if new not in ALLOWED_MOVES[current]:
        raise WorkflowError(f"Van '{current}' naar '{new}' mag niet; toegestaan: {', '.join(allowed_moves(current))}.")
    if (current, new) in NOTE_REQUIRED and not (note or "").strip():
        raise WorkflowError(f"Geef in de toelichting de reden op om van '{current}' naar '{new}' te gaan.")
    if new in NEEDS_CLEANUP:
        _check_cleanup(cleanup_cost, cleanup_date, found_at, today or now_nl().date())


def change_status(
    current: str,
    new: str,
    *,
    user: str,
    at: datetime,
    cleanup_cost: float | None = None,
    cleanup_date: date | None = None,
    note: str = "",
    found_at: date | datetime | None = None,
) -> StatusChange:
    """Check a move (see ``check_move``; ``at`` gives today's date) and return its history entry."""
    if not (user or "").strip():
        raise WorkflowError("Een statuswijziging heeft een gebruiker nodig.")
    check_move(current, new, cleanup_cost, cleanup_date, note, found_at=found_at, today=at.date())
    return StatusChange(current, new, user.strip(), at, (note or "").strip())
