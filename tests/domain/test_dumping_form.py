"""Field form of a dumping report: every field's rule, Dutch messages naming field and value, clean output."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from gis.domain.dumping_form import FIELD_LABELS, FormError, clean_text, validate_dumping

NOW = datetime(2024, 6, 15, 14, 0)


def form(**overrides: object) -> dict[str, object]:
    """A complete, valid form as the page would hand it over; override fields per test."""
    values: dict[str, object] = {
        "found_at": datetime(2024, 6, 15, 9, 30),
        "x": 221_000.0,
        "y": 455_000.0,
        "precision_m": 10.0,
        "place_type": "sloot/water",
        "waste_type": "vaten",
        "container_count": 12,
        "volume_l": 2400.0,
        "substances": ["PMK", "BMK"],
        "substances_other": "",
        "into_soil_water": True,
        "reporter_org": "omgevingsdienst",
        "reporter_name": "J. de Vries",
        "status": "gemeld",
        "cleanup_cost": None,
        "notes": "Vaten lekken in de sloot; waterschap gebeld.",
    }
    return values | overrides


def errors_of(values: dict[str, object], **kwargs: object) -> FormError:
    with pytest.raises(FormError) as info:
        validate_dumping(values, NOW, **kwargs)  # type: ignore[arg-type]
    return info.value


def test_valid_form_comes_back_clean() -> None:
    clean = validate_dumping(form(), NOW)
    assert set(clean) == set(FIELD_LABELS)
    assert clean["found_at"] == datetime(2024, 6, 15, 9, 30)
    assert clean["substances"] == ["BMK", "PMK"]  # catalogue order
    assert clean["container_count"] == 12 and isinstance(clean["container_count"], int)
    assert clean["volume_l"] == 2400.0 and clean["status"] == "gemeld" and clean["into_soil_water"] is True


def test_unknown_keys_are_ignored_and_optional_fields_may_be_empty() -> None:
    values = form(extra="x", precision_m=None, container_count="", volume_l=None, substances=None, notes=None)
    clean = validate_dumping(values, NOW)
    assert "extra" not in clean
    assert (clean["precision_m"], clean["container_count"], clean["volume_l"]) == (None, None, None)
    assert clean["substances"] == [] and clean["notes"] == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("place_type", "weiland", "Soort plek: 'weiland' is geen geldige keuze; kies uit: akker, bos,"),
        ("place_type", None, "Soort plek: niet ingevuld (verplicht)."),
        ("waste_type", "tonnen", "Soort afval: 'tonnen' is geen geldige keuze; kies uit: jerrycans, vaten,"),
        ("container_count", "2,5", "Aantal containers: '2,5' is geen geheel getal."),
        ("container_count", 2.5, "Aantal containers: '2.5' is geen geheel getal."),
        ("container_count", -1, "Aantal containers: '-1' moet 0 of meer zijn."),
        ("container_count", "drie", "Aantal containers: 'drie' is geen getal."),
        ("container_count", True, "Aantal containers: 'True' is geen getal."),
        ("container_count", 20_000, "Aantal containers: '20000' is meer dan het maximum van 10.000."),
        ("volume_l", -0.5, "Volume (liter): '-0.5' moet 0 of meer zijn."),
        ("volume_l", math.inf, "Volume (liter): 'inf' is geen eindig getal."),
        ("volume_l", math.nan, None),  # NaN from a table is an empty optional field, not an error
        ("volume_l", "1.000", "Volume (liter): '1.000' is dubbelzinnig (punt als duizendtal of decimaal?)"),
        ("volume_l", [5], "Volume (liter): '[5]' is geen getal."),
        ("substances", ["PMK", "XTC", "lachgas"], "Stoffen: 'XTC, lachgas' staat niet in de lijst (BMK, PMK,"),
        ("substances", 42, "Stoffen: '42' is geen lijst van stoffen."),
        ("into_soil_water", "misschien", "In bodem/water geloosd: 'misschien' is geen ja, nee of onbekend."),
        ("reporter_org", "buurman", "Melder (organisatie): 'buurman' is geen geldige keuze; kies uit: politie, riec,"),
        ("reporter_org", "", "Melder (organisatie): niet ingevuld (verplicht)."),
        ("reporter_name", "a" * 201, "Naam melder: 201 tekens; maximaal 200."),
        ("notes", "a" * 4001, "Opmerkingen: 4.001 tekens; maximaal 4.000."),
        ("status", "geruimd", "Status: een nieuwe melding begint als 'gemeld', niet als 'geruimd'."),
        ("cleanup_cost", -10, "Opruimkosten (€): '-10' moet 0 of meer zijn."),
        ("x", None, "X (RD): niet ingevuld (verplicht)."),
        ("y", "vijf", "Y (RD): 'vijf' is geen getal."),
    ],
)
def test_field_rules(field: str, value: object, message: str | None) -> None:
    if message is None:
        assert validate_dumping(form(**{field: value}), NOW)[field] is None
        return
    err = errors_of(form(**{field: value}))
    assert err.errors == [err.by_field[field]]
    assert err.by_field[field].startswith(message)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("container_count", "3", 3),
        ("container_count", 3.0, 3),
        ("container_count", np.int64(7), 7),
        ("volume_l", "12,5", 12.5),
        ("volume_l", "1.000,5", 1000.5),
        ("volume_l", np.float64(3.5), 3.5),
        ("cleanup_cost", "0", 0.0),
        ("place_type", "Sloot/Water", "sloot/water"),
        ("substances", "pmk, zuren", ["PMK", "zuren"]),
        ("substances", ("APAAN", "APAAN"), ["APAAN"]),
        ("into_soil_water", "ja", True),
        ("into_soil_water", "Nee", False),
        ("into_soil_water", None, None),
        ("into_soil_water", "onbekend", None),
        ("into_soil_water", np.bool_(False), False),
        ("reporter_org", "Politie", "politie"),
        ("reporter_org", "Natuurbeheerder", "natuur"),
    ],
)
def test_accepted_spellings_are_normalised(field: str, value: object, expected: object) -> None:
    assert validate_dumping(form(**{field: value}), NOW)[field] == expected


def test_found_in_the_future_is_refused() -> None:
    err = errors_of(form(found_at=NOW + timedelta(hours=1)))
    assert err.by_field["found_at"] == "Gevonden op: 15-06-2024 15:00 ligt in de toekomst (het is nu 15-06-2024 14:00)."


def test_a_few_minutes_of_clock_drift_are_tolerated() -> None:
    assert validate_dumping(form(found_at=NOW), NOW)["found_at"] == NOW
    assert validate_dumping(form(found_at=NOW + timedelta(minutes=4)), NOW)["found_at"] == NOW + timedelta(minutes=4)
    assert "found_at" in errors_of(form(found_at=NOW + timedelta(minutes=6))).by_field


def test_typing_error_in_the_year_is_refused() -> None:
    err = errors_of(form(found_at="15-06-0224 10:00"))
    assert err.by_field["found_at"] == "Gevonden op: 15-06-0224 ligt vóór 2000; is dit een tikfout?"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-14T22:15", datetime(2024, 6, 14, 22, 15)),
        ("14-06-2024 22:15", datetime(2024, 6, 14, 22, 15)),
        ("14-06-2024", datetime(2024, 6, 14)),
        (date(2024, 6, 14), datetime(2024, 6, 14)),
        (datetime(2024, 6, 14, 20, 15, tzinfo=UTC), datetime(2024, 6, 14, 22, 15)),  # summer time: UTC+2
    ],
)
def test_found_at_spellings_become_naive_dutch_time(value: object, expected: datetime) -> None:
    assert validate_dumping(form(found_at=value), NOW)["found_at"] == expected


def test_found_date_and_time_from_separate_widgets() -> None:
    values = form(found_at=None, found_date=date(2024, 6, 14), found_time=time(7, 45))
    assert validate_dumping(values, NOW)["found_at"] == datetime(2024, 6, 14, 7, 45)


def test_aware_now_is_compared_in_dutch_time() -> None:
    now = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)  # 14:00 in the Netherlands
    assert validate_dumping(form(found_at=datetime(2024, 6, 15, 13, 30)), now)["found_at"].hour == 13
    with pytest.raises(FormError, match="ligt in de toekomst"):
        validate_dumping(form(found_at=datetime(2024, 6, 15, 14, 30)), now)


@pytest.mark.parametrize(("value", "message"), [(None, "niet ingevuld"), ("gisteren", "'gisteren' is geen datum")])
def test_found_at_missing_or_unreadable(value: object, message: str) -> None:
    assert message in errors_of(form(found_at=value)).by_field["found_at"]


def test_location_outside_rd_new_names_the_value() -> None:
    err = errors_of(form(x=1_000_000.0, y=455_000.0))
    assert err.errors == ["Locatie: RD (1000000, 455000) ligt buiten Nederland."]


def test_existing_report_may_have_any_known_status() -> None:
    assert validate_dumping(form(status="geruimd", cleanup_cost=1200), NOW, new=False)["status"] == "geruimd"
    assert "Status: 'opgelost' is geen geldige keuze" in errors_of(form(status="opgelost"), new=False).errors[0]
    assert "Status: niet ingevuld" in errors_of(form(status=None), new=False).errors[0]


def test_new_report_without_status_starts_as_gemeld() -> None:
    assert validate_dumping(form(status=None), NOW)["status"] == "gemeld"


def test_all_problems_are_reported_together_with_the_row() -> None:
    err = errors_of(form(place_type="weiland", container_count=-2, notes="ok"), row=7)
    assert err.errors == [
        "Rij 7: Soort plek: 'weiland' is geen geldige keuze; kies uit: akker, bos, sloot/water, bermen/wegkant, "
        "schuur, voertuig.",
        "Rij 7: Aantal containers: '-2' moet 0 of meer zijn.",
    ]
    assert set(err.by_field) == {"place_type", "container_count"} and str(err) == "\n".join(err.errors)


def test_notes_at_the_limit_and_free_text_kept_as_typed() -> None:
    assert len(validate_dumping(form(notes="a" * 4000), NOW)["notes"]) == 4000
    text = "<script>alert('x')</script> & \"vaten\"\r\nregel 2\ttab\x00\x07\u202e"
    assert validate_dumping(form(notes=text), NOW)["notes"] == "<script>alert('x')</script> & \"vaten\"\nregel 2\ttab"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [(None, ""), ("  spaties  ", "spaties"), ("a\x1bb", "ab"), ("r1\rr2", "r1\nr2"), ("é ü ß 🚜", "é ü ß 🚜")],
)
def test_clean_text(raw: object, clean: str) -> None:
    assert clean_text(raw) == clean


def test_other_substances_are_free_text() -> None:
    clean = validate_dumping(form(substances=[], substances_other="onbekende olieachtige vloeistof"), NOW)
    assert clean["substances"] == [] and clean["substances_other"] == "onbekende olieachtige vloeistof"
