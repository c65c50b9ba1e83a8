"""The dumping pages offer the code lists of the store (issue 17, item 3): a waste type an administrator adds is
offered and accepted, a retired place type no longer offered but kept (and editable) on the reports that have it."""

from __future__ import annotations

from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from gis.domain.catalog import PLACE_TYPES
from gis.domain.dumping_form import FormError, validate_dumping
from gis.domain.roles import Principal, Role
from gis.dumpings import draft_values, dumping_choices
from gis.store import open_store
from gis.store.codelists import code_label
from gis.store.guard import GuardedStore
from tests.test_dumping_page import env, open_page  # noqa: F401  (the page fixture and helper)

NOW = datetime(2026, 12, 1, 12, 0)
FORM = {"found_at": "2026-11-30 10:00", "x": 226_500.0, "y": 470_500.0, "place_type": "bos",
        "waste_type": "vaten", "reporter_org": "omgevingsdienst", "status": "gemeld"}  # fmt: skip
ADMIN = Principal("beheer", Role.ADMIN, frozenset({"*"}))


def as_admin(db, change) -> None:
    store = open_store(str(db))
    try:
        change(GuardedStore(store, ADMIN))
    finally:
        store.close()


def box(at: AppTest, label: str):
    return next(s for s in at.selectbox if s.label == label)


def send(at: AppTest, place: str, waste: str, notes: str) -> int:
    box(at, "Soort plek").set_value(place)
    box(at, "Soort afval").set_value(waste)
    next(t for t in at.text_area if t.label == "Opmerkingen").input(notes)
    at = next(b for b in at.button if b.label == "Controleren en opslaan").click().run()
    assert not at.exception, at.exception
    saved = [s.value for s in at.success if "is opgeslagen" in s.value]
    assert saved, [e.value for e in at.error] + [w.value for w in at.warning]
    return int(saved[0].split()[1])


def test_a_waste_type_an_administrator_adds_is_offered_and_saved(env) -> None:  # noqa: F811
    as_admin(env["db"], lambda s: s.add_code_value("waste_type", None, "xtc-tabletten", "xtc-tabletten",
                                                   "ecstasy tablets", "beheer"))  # fmt: skip
    at = open_page()
    assert not at.exception, at.exception
    assert "xtc-tabletten" in box(at, "Soort afval").options
    new_id = send(at, "bos", "xtc-tabletten", "nieuwe soort")
    s = open_store(str(env["db"]))
    assert s.dumping(new_id)["waste_type"] == "xtc-tabletten"
    s.close()
    at.session_state["dp_view"] = "register"
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if list(d.value.columns) == ["Field", "Value"])
    assert dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))["Waste type"] == "ecstasy tablets"
    assert "ecstasy tablets" in box(at, "Waste type").options  # the edit form, in English
    assert "ecstasy tablets" in next(m for m in at.multiselect if m.label == "Waste type").options  # the filter
    register = next(d.value for d in at.dataframe if "Waste type" in d.value.columns)  # the register table
    assert "ecstasy tablets" in set(register["Waste type"]) and "xtc-tabletten" not in set(register["Waste type"])


def test_a_retired_place_type_is_not_offered_but_stays_on_its_reports(env) -> None:  # noqa: F811
    at = open_page()
    old_id = send(at, "schuur", "vaten", "in de schuur")
    as_admin(env["db"], lambda s: s.retire_code_value("place_type", None, "schuur", "beheer"))
    at = open_page()
    assert "schuur" not in box(at, "Soort plek").options
    assert "bos" in box(at, "Soort plek").options
    at.session_state["dp_view"] = "register"
    at.session_state["dp_open"] = old_id
    at.run()
    assert not at.exception, at.exception
    assert any(h.value.startswith(f"Melding {old_id}") for h in at.subheader)
    place = box(at, "Soort plek")  # the edit form: the record's own value kept and chosen
    assert place.value == "schuur" and "schuur" in place.options
    form_notes = [t for t in at.text_area if t.label == "Opmerkingen" and t.value == "in de schuur"]
    form_notes[0].input("nog steeds in de schuur")
    at = next(b for b in at.button if b.label == "Wijzigingen opslaan").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    s = open_store(str(env["db"]))
    rec = s.dumping(old_id)
    s.close()
    assert (rec["place_type"], rec["notes"]) == ("schuur", "nog steeds in de schuur")


def test_validation_takes_the_allowed_codes_from_the_caller() -> None:
    with pytest.raises(FormError):
        validate_dumping({**FORM, "waste_type": "xtc-tabletten"}, NOW)  # the catalogue alone: unknown
    clean = validate_dumping({**FORM, "waste_type": "XTC-tabletten"}, NOW,
                             choices={"waste_type": ["vaten", "xtc-tabletten"]})  # fmt: skip
    assert clean["waste_type"] == "xtc-tabletten"
    with pytest.raises(FormError, match="schuur"):
        validate_dumping({**FORM, "place_type": "schuur"}, NOW, choices={"place_type": ["bos"]})
    assert "schuur" in PLACE_TYPES and validate_dumping({**FORM, "place_type": "schuur"}, NOW)["place_type"]


def test_choices_and_labels_follow_the_store_for_every_role(store) -> None:
    GuardedStore(store, ADMIN).add_code_value("waste_type", None, "xtc-tabletten", "xtc-tabletten", "ecstasy", "b")
    GuardedStore(store, ADMIN).retire_code_value("place_type", None, "schuur", "b")
    for role in Role:
        guarded = GuardedStore(store, Principal("x", role, frozenset({"*"})))
        choices = dumping_choices(guarded)
        assert "xtc-tabletten" in choices["waste_type"] and "schuur" not in choices["place_type"], role
        assert code_label(guarded, "waste_type", "xtc-tabletten", "en") == "ecstasy"
    assert "schuur" in dumping_choices(store, keep={"place_type": "schuur"})["place_type"]
    assert code_label(store, "waste_type", "vaten", "en") == "drums"
    assert code_label(store, "place_type", "schuur", "en") == "barn"  # retired: records keep their label
    assert code_label(store, "waste_type", "iets anders", "en") == "iets anders"
    draft = {"waste_type": "xtc-tabletten", "place_type": "schuur"}
    assert draft_values(draft, dumping_choices(store)) == {"waste_type": "xtc-tabletten"}
