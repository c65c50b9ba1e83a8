"""Status workflow of dumping reports: every pair of statuses, notes, clean-up cost and date."""

from __future__ import annotations

import dataclasses
import itertools
import math
from datetime import date, datetime

import pytest

from gis.domain.catalog import DUMPING_STATUSES
from gis.domain.dumping_workflow import (
    ALLOWED_MOVES,
    CLOSED_STATUSES,
    NOTE_REQUIRED,
    StatusChange,
    WorkflowError,
    allowed_moves,
    change_status,
    check_move,
)

TODAY = date(2024, 6, 15)
FOUND = datetime(2024, 6, 1, 9, 30)

# The specification, written out independently of the table in the module.
EXPECTED: set[tuple[str, str]] = {
    ("gemeld", "in onderzoek"),
    ("in onderzoek", "gemeld"),
    ("in onderzoek", "geruimd"),
    ("in onderzoek", "gesloten"),
    ("geruimd", "gesloten"),
    ("geruimd", "in onderzoek"),
    ("gesloten", "in onderzoek"),
}
ALL_PAIRS = list(itertools.product(DUMPING_STATUSES, repeat=2))


def move(current: str, new: str, **overrides) -> None:
    """A move with everything filled in correctly unless overridden."""
    args = {"cleanup_cost": 1250.0, "cleanup_date": date(2024, 6, 10), "note": "reden", "found_at": FOUND}
    args |= overrides
    return check_move(current, new, args["cleanup_cost"], args["cleanup_date"], args["note"],
               found_at=args["found_at"], today=TODAY)  # fmt: skip


def test_table_is_data_over_the_catalogue_statuses() -> None:
    assert set(ALLOWED_MOVES) == set(DUMPING_STATUSES)
    assert all(isinstance(v, frozenset) and v <= set(DUMPING_STATUSES) for v in ALLOWED_MOVES.values())
    assert {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets} == EXPECTED
    assert NOTE_REQUIRED <= EXPECTED
    assert {"geruimd", "gesloten"} == CLOSED_STATUSES


@pytest.mark.parametrize(("current", "new"), sorted(EXPECTED))
def test_allowed_move(current: str, new: str) -> None:
    assert move(current, new) is None  # no WorkflowError
    assert new in allowed_moves(current)


# Every forbidden move with its message, written out (the allowed targets in workflow order).
FORBIDDEN: dict[tuple[str, str], str] = {
    ("gemeld", "geruimd"): "Van 'gemeld' naar 'geruimd' mag niet; toegestaan: in onderzoek.",
    ("gemeld", "gesloten"): "Van 'gemeld' naar 'gesloten' mag niet; toegestaan: in onderzoek.",
    ("geruimd", "gemeld"): "Van 'geruimd' naar 'gemeld' mag niet; toegestaan: in onderzoek, gesloten.",
    ("gesloten", "gemeld"): "Van 'gesloten' naar 'gemeld' mag niet; toegestaan: in onderzoek.",
    ("gesloten", "geruimd"): "Van 'gesloten' naar 'geruimd' mag niet; toegestaan: in onderzoek.",
}


def test_forbidden_table_covers_every_other_pair() -> None:
    assert set(FORBIDDEN) == {p for p in ALL_PAIRS if p not in EXPECTED and p[0] != p[1]}


@pytest.mark.parametrize(("current", "new"), sorted(FORBIDDEN))
def test_forbidden_move(current: str, new: str) -> None:
    with pytest.raises(WorkflowError) as info:
        move(current, new)
    assert str(info.value) == FORBIDDEN[(current, new)]


@pytest.mark.parametrize("status", DUMPING_STATUSES)
def test_staying_put_is_not_a_move(status: str) -> None:
    with pytest.raises(WorkflowError, match=f"staat al op '{status}'"):
        move(status, status)


def test_message_from_the_brief() -> None:
    with pytest.raises(WorkflowError) as info:
        check_move("gemeld", "gesloten")
    assert str(info.value) == "Van 'gemeld' naar 'gesloten' mag niet; toegestaan: in onderzoek."


def test_allowed_moves_in_workflow_order() -> None:
    assert allowed_moves("gemeld") == ["in onderzoek"]
    assert allowed_moves("in onderzoek") == ["gemeld", "geruimd", "gesloten"]
    assert allowed_moves("geruimd") == ["in onderzoek", "gesloten"]
    assert allowed_moves("gesloten") == ["in onderzoek"]


@pytest.mark.parametrize(
    ("current", "new", "bad"),
    [("onbekend", "gemeld", "onbekend"), ("gemeld", "opgelost", "opgelost"), ("Gemeld", "gemeld", "Gemeld")],
)
def test_unknown_status(current: str, new: str, bad: str) -> None:
    with pytest.raises(WorkflowError) as info:
        check_move(current, new)
    assert str(info.value) == f"Onbekende status '{bad}'; kies uit: gemeld, in onderzoek, geruimd, gesloten."


def test_allowed_moves_of_unknown_status() -> None:
    with pytest.raises(WorkflowError, match="Onbekende status 'opgelost'"):
        allowed_moves("opgelost")


@pytest.mark.parametrize(("current", "new"), sorted(NOTE_REQUIRED))
@pytest.mark.parametrize("note", ["", "   ", None])
def test_back_moves_and_reopening_need_a_reason(current: str, new: str, note: str | None) -> None:
    with pytest.raises(WorkflowError) as info:
        move(current, new, note=note)
    assert str(info.value) == f"Geef in de toelichting de reden op om van '{current}' naar '{new}' te gaan."


@pytest.mark.parametrize(("current", "new"), sorted(EXPECTED - NOTE_REQUIRED))
def test_forward_moves_need_no_note(current: str, new: str) -> None:
    assert move(current, new, note="") is None


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        (None, "Vul de opruimkosten in voordat de melding op 'geruimd' gaat"),
        (-1.0, "Opruimkosten: '-1.0' moet een bedrag van 0 of meer zijn."),
        (math.nan, "Opruimkosten: 'nan' moet een bedrag van 0 of meer zijn."),
        (math.inf, "Opruimkosten: 'inf' moet een bedrag van 0 of meer zijn."),
        ("1250", "Opruimkosten: '1250' is geen bedrag."),
        (True, "Opruimkosten: 'True' is geen bedrag."),
    ],
)
def test_cleanup_cost_rules(cost, message: str) -> None:
    with pytest.raises(WorkflowError) as info:
        assert move("in onderzoek", "geruimd", cleanup_cost=cost) is None
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("cost", [0, 0.0, 1250, 48_000.5])
def test_zero_or_positive_cost_is_fine(cost: float) -> None:
    assert move("in onderzoek", "geruimd", cleanup_cost=cost) is None


@pytest.mark.parametrize(
    ("cleanup_date", "found_at", "message"),
    [
        (None, FOUND, "Vul de opruimdatum in voordat de melding op 'geruimd' gaat."),
        (date(2024, 6, 16), FOUND, "Opruimdatum 16-06-2024 ligt in de toekomst (vandaag is 15-06-2024)."),
        (date(2024, 5, 31), FOUND, "Opruimdatum 31-05-2024 ligt vóór de vondstdatum 01-06-2024;"),
        (date(2024, 5, 31), date(2024, 6, 1), "Opruimdatum 31-05-2024 ligt vóór de vondstdatum 01-06-2024;"),
        ("2024-06-10", FOUND, "Opruimdatum: '2024-06-10' is geen datum."),
    ],
)
def test_cleanup_date_rules(cleanup_date, found_at, message: str) -> None:
    with pytest.raises(WorkflowError) as info:
        assert move("in onderzoek", "geruimd", cleanup_date=cleanup_date, found_at=found_at) is None
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("cleanup_date", "found_at"),
    [(date(2024, 6, 1), FOUND), (TODAY, FOUND), (datetime(2024, 6, 15, 23, 59), FOUND), (date(2020, 1, 1), None)],
)
def test_cleanup_on_the_found_day_today_or_without_found_date(cleanup_date: date, found_at) -> None:
    assert move("in onderzoek", "geruimd", cleanup_date=cleanup_date, found_at=found_at) is None


def test_cost_and_date_are_only_needed_to_enter_geruimd() -> None:
    assert move("geruimd", "gesloten", cleanup_cost=None, cleanup_date=None) is None
    note = "geen drugsafval, gewoon zwerfvuil"
    assert move("in onderzoek", "gesloten", cleanup_cost=None, cleanup_date=None, note=note) is None


def test_change_status_returns_a_history_entry() -> None:
    at = datetime(2024, 6, 15, 14, 0)
    change = change_status("geruimd", "in onderzoek", user=" inspecteur ", at=at, note="  meer vaten gevonden ")
    assert change == StatusChange("geruimd", "in onderzoek", "inspecteur", at, "meer vaten gevonden")
    with pytest.raises(dataclasses.FrozenInstanceError):
        change.note = "anders"  # type: ignore[misc]


def test_change_status_checks_the_move_with_the_date_of_at() -> None:
    at = datetime(2024, 6, 15, 14, 0)
    with pytest.raises(WorkflowError, match="ligt in de toekomst"):
        change_status("in onderzoek", "geruimd", user="a", at=at, cleanup_cost=10.0, cleanup_date=date(2024, 6, 16))
    with pytest.raises(WorkflowError, match="mag niet"):
        change_status("gemeld", "geruimd", user="a", at=at, cleanup_cost=10.0, cleanup_date=date(2024, 6, 15))
    with pytest.raises(WorkflowError, match="gebruiker"):
        change_status("gemeld", "in onderzoek", user=" ", at=at)
