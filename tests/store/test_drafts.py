"""Drafts of the field form in the store: one per user, overwritten, deleted on save, only one's own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Store
from gis.store.guard import GuardedStore
from gis.store.schema import MIGRATIONS

HOSTILE = "<img src=x onerror=\"document.title='XSS'\"> '; DROP TABLE form_drafts; -- \u202e"


@pytest.fixture
def bare(make_store: Callable[..., Store]) -> Store:
    return make_store("drafts.duckdb")


def _as(store: Store, user: str, role: Role = Role.INSPECTOR) -> GuardedStore:
    return GuardedStore(store, Principal(user, role, frozenset({"*"})))


def test_the_drafts_table_comes_with_its_own_migration(bare: Store) -> None:
    step = next(m for m in MIGRATIONS if any("form_drafts" in s for s in m.statements))
    assert step.version == MIGRATIONS[-1].version or step.version > 9
    assert bare.schema_version() >= step.version
    assert bare.scalar("SELECT count(*) FROM form_drafts") == 0


def test_a_draft_is_kept_overwritten_and_deleted(bare: Store) -> None:
    assert bare.draft("anna", "dumping") is None
    bare.save_draft("anna", "dumping", {"notes": "eerste", "volume_l": 600})
    bare.save_draft("anna", "dumping", {"notes": "tweede"})
    got = bare.draft("anna", "dumping")
    assert got is not None and got.data == {"notes": "tweede"}  # overwritten, not merged
    assert got.saved_at.year >= 2026 and got.saved_at.tzinfo is None
    assert bare.scalar("SELECT count(*) FROM form_drafts") == 1
    bare.delete_draft("anna", "dumping")
    assert bare.draft("anna", "dumping") is None


def test_hostile_text_is_kept_as_text(bare: Store) -> None:
    bare.save_draft("anna", "dumping", {"notes": HOSTILE, "substances": ["BMK", HOSTILE]})
    got = bare.draft("anna", "dumping")
    assert got is not None and got.data == {"notes": HOSTILE, "substances": ["BMK", HOSTILE]}
    assert bare.scalar("SELECT count(*) FROM form_drafts") == 1  # the table is still there


def test_only_ones_own_draft_whatever_name_is_sent(bare: Store) -> None:
    anna, bert = _as(bare, "anna"), _as(bare, "bert")
    anna.save_draft("bert", "dumping", {"notes": "van anna"})  # a name sent by the browser is ignored
    assert bare.draft("bert", "dumping") is None
    assert bare.draft("anna", "dumping").data == {"notes": "van anna"}  # type: ignore[union-attr]
    assert bert.draft("anna", "dumping") is None  # bert asks for anna's: gets his own (none)
    bert.save_draft("bert", "dumping", {"notes": "van bert"})
    assert anna.draft("bert", "dumping").data == {"notes": "van anna"}  # type: ignore[union-attr]
    bert.delete_draft("anna", "dumping")  # deletes bert's own, never anna's
    assert bare.draft("anna", "dumping") is not None and bare.draft("bert", "dumping") is None


def test_roles_that_may_not_report_have_no_drafts(bare: Store) -> None:
    viewer = _as(bare, "wim", Role.WORKGROUP)
    with pytest.raises(PermissionDenied):
        viewer.save_draft("wim", "dumping", {"notes": "x"})
    with pytest.raises(PermissionDenied):
        viewer.draft("wim", "dumping")
    assert bare.scalar("SELECT count(*) FROM form_drafts") == 0


def test_a_saved_report_deletes_the_draft(bare: Store) -> None:
    from datetime import datetime

    from gis.dumpings import Prepared, save_report

    bare.save_draft("anna", "dumping", {"notes": "half"})
    bare.save_draft("bert", "dumping", {"notes": "van bert"})
    record = {"x": 226500.0, "y": 470500.0, "found_at": datetime(2026, 5, 1, 10), "status": "gemeld"}
    save_report(_as(bare, "anna"), Prepared(record), "anna")
    assert bare.draft("anna", "dumping") is None
    assert bare.draft("bert", "dumping") is not None


def test_draft_data_needs_something_filled_in_and_comes_back_as_form_values() -> None:
    from datetime import date, time

    from gis.dumpings import draft_data, draft_filled, draft_values

    defaults = {"found_date": date(2026, 12, 7), "found_time": time(9, 5), "reporter_org": "omgevingsdienst",
                "place_type": None, "notes": "", "substances": [], "x": None}  # fmt: skip
    assert draft_data(defaults) is None  # the defaults alone are no draft
    data = draft_data({**defaults, "notes": HOSTILE, "substances": ["BMK"], "volume_l": 600.0, "x": 226500.0})
    assert data is not None and draft_filled(data) == 4
    assert (data["found_date"], data["found_time"]) == ("2026-12-07", "09:05")
    back = draft_values(data)
    assert back["found_date"] == date(2026, 12, 7) and back["found_time"] == time(9, 5)
    assert (back["notes"], back["substances"], back["volume_l"]) == (HOSTILE, ["BMK"], 600.0)


def test_a_draft_with_unknown_or_wrong_values_does_not_break_the_form() -> None:
    from gis.dumpings import draft_values

    odd = {"place_type": "maan", "waste_type": 3, "volume_l": -5, "container_count": "12", "substances": ["BMK", "x"],
           "into_soil_water": "ja", "notes": ["geen tekst"], "found_date": "31-12-2026", "reporter_org": "politie",
           "x": float("inf")}  # fmt: skip
    assert draft_values(odd) == {"substances": ["BMK"], "reporter_org": "politie"}


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "shown"),
    [(600.0, "nl", 2, "600"), (1250.5, "nl", 2, "1.250,5"), (1250.5, "en", 2, "1,250.5"), (1200, "nl", 0, "1.200"),
     (0.125, "nl", 2, "0,12"), (1_000_000.0, "en", 2, "1,000,000")],
)  # fmt: skip
def test_numbers_read_as_in_the_language(value: float, lang: str, decimals: int, shown: str) -> None:
    from gis.dumpings import fmt_money, fmt_number

    assert fmt_number(value, lang, decimals) == shown
    assert fmt_money(1500, "nl") == "€ 1.500,00" and fmt_money(1500, "en") == "€ 1,500.00"


def test_a_disabled_account_loses_its_draft_and_an_old_draft_expires(bare: Store) -> None:
    bare.create_account("anna", "Anna", "inspecteur", "*", "x", "test")
    bare.save_draft("anna", "dumping", {"notes": HOSTILE})
    bare.save_draft("bert", "dumping", {"notes": "blijft"})
    bare.set_account_disabled("anna", True)
    assert bare.draft("anna", "dumping") is None  # a disabled account's notes do not wait for its return
    assert bare.draft("bert", "dumping") is not None
    with bare.transaction() as cur:
        cur.execute("UPDATE form_drafts SET saved_at = saved_at - INTERVAL '31' DAY WHERE username = 'bert'")
    assert bare.draft("bert", "dumping") is None
    assert bare.scalar("SELECT count(*) FROM form_drafts") == 0  # deleted, not only hidden
