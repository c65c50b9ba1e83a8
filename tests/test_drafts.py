"""Drafts of the field form in the store: one per user, overwritten, deleted on save, only one's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Store, open_store
from gis.store.guard import GuardedStore
from gis.store.schema import MIGRATIONS

HOSTILE = "<img src=x onerror=\"document.title='XSS'\"> '; DROP TABLE form_drafts; -- \u202e"


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[Store]:
    s = open_store(str(tmp_path / "drafts.duckdb"))
    yield s
    s.close()


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
