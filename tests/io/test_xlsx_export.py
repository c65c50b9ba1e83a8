"""XLSX of shown tables (register, audit log): read back with openpyxl, numbers stay numbers, dates are dates,
text that starts like a formula stays inert text, headers as shown (Dutch)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from gis.io.xlsx_export import DATETIME, INT, MONEY, table_xlsx, to_xlsx_bytes
from gis.store import DumpingQuery
from gis.ui.admin_page import audit_xlsx
from gis.ui.dumping_register import _table, register_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example","klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def _read(data: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def test_formula_text_is_kept_as_typed_but_stored_as_text() -> None:
    frame = pd.DataFrame({"Toelichting": HOSTILE, "=kop": range(len(HOSTILE))})
    data = table_xlsx(frame)
    ws = _read(data)
    assert [c.value for c in ws[1]] == ["Toelichting", "=kop"] and ws["B1"].data_type == "s"
    for i, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row=i, column=1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    xml = _sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the file


def test_numbers_stay_numbers_and_dates_are_dates() -> None:
    frame = pd.DataFrame({
        "Nr": np.array([7, 1234], dtype="int64"),
        "Gevonden": pd.to_datetime(["2025-03-12 07:45", None]),
        "Volume": [2800.0, np.nan],
        "Kosten": [18450.5, 0.25],
        "Dag": [date(2025, 3, 20), None],
        "Ja": [True, False],
    })  # fmt: skip
    ws = _read(table_xlsx(frame, "Dumpingen", {"Kosten": MONEY}))
    assert ws.title == "Dumpingen" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:F3"
    assert ws["A3"].value == 1234 and ws["A3"].data_type == "n" and ws["A3"].number_format == INT
    assert ws["B2"].value == datetime(2025, 3, 12, 7, 45) and ws["B2"].is_date and ws["B2"].number_format == DATETIME
    assert ws["B3"].value is None and ws["C3"].value is None  # missing is an empty cell, not "nan" or "NaT"
    assert ws["C2"].value == 2800 and ws["C2"].number_format == INT  # whole litres without decimals
    assert ws["D2"].value == 18450.5 and ws["D2"].number_format == MONEY
    assert ws["E2"].is_date and ws["E2"].number_format == "dd-mm-yyyy"
    assert ws["F2"].value is True


def test_times_with_a_zone_are_dutch_local_time_and_control_characters_go() -> None:
    frame = pd.DataFrame({"Tijd": [pd.Timestamp(datetime(2025, 6, 1, 12, 0, tzinfo=UTC))], "Tekst": ["a\x00b\x1bc"]})
    ws = _read(table_xlsx(frame))
    assert ws["A2"].value == datetime(2025, 6, 1, 14, 0) and ws["B2"].value == "abc"


def test_the_counts_export_keeps_its_format() -> None:
    ws = _read(to_xlsx_bytes(pd.DataFrame({"n": [None, 1234]}), {"n": 0}))
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["n"], ["<5"], [1234]]


def test_register_xlsx_is_the_table_as_shown_with_dutch_headers(store) -> None:
    from gis.dumpings import prepare_report, save_report
    from tests.test_dumpings_service import NOW, form

    hostile = {"notes": '=HYPERLINK("http://x")', "substances": ["BMK"], "volume_l": 1250.5}
    new = save_report(store, prepare_report(store, form(**hostile), [], NOW), "inspecteur")
    store.change_dumping_status(new, "in onderzoek", "a", "kijken")
    frame = store.dumping_register(DumpingQuery(statuses=("in onderzoek",)))
    ws = _read(register_xlsx(frame, "nl"))
    header = [c.value for c in ws[1]]
    assert header == list(_table(frame, "nl").columns)
    assert header == ["Nr.", "Gevonden", "Status", "Gemeente", "Soort plek", "Soort afval", "Aantal verpakkingen",
                      "Volume (l)", "Stoffen", "Gemeld door", "Opruimkosten (€)", "Gekoppeld", "Foto's"]  # fmt: skip
    row = dict(zip(header, ws[2], strict=True))
    assert row["Nr."].value == new and row["Nr."].data_type == "n"
    assert row["Gevonden"].is_date and row["Gevonden"].value == datetime(2026, 11, 27, 10, 15)
    assert row["Gemeente"].value == "Lochem" and row["Status"].value == "in onderzoek"
    assert row["Gemeld door"].value == "Omgevingsdienst"  # the name, not the code
    assert row["Volume (l)"].value == 1250.5 and row["Volume (l)"].data_type == "n"
    assert row["Aantal verpakkingen"].value == 3 and row["Foto's"].value == 0
    assert not {"notes", "x", "y", "reporter_name", "Opmerkingen"} & set(header)  # nothing the page does not show
    en = [c.value for c in _read(register_xlsx(frame, "en"))[1]]
    assert en == list(_table(frame, "en").columns) and en != header


def test_audit_xlsx_has_the_page_headers_and_real_times() -> None:
    log = pd.DataFrame({
        "id": [12], "logged_at": [datetime(2025, 5, 1, 9, 30)], "user_name": ["=evil"], "role": ["beheerder"],
        "action": ["export"], "resource": ["audit"], "record": [None], "detail": ["@SUM(1)"], "outcome": ["ok"],
    })  # fmt: skip
    ws = _read(audit_xlsx(log, "nl"))
    heads = ["Nr", "Tijd", "Gebruiker", "Rol", "Handeling", "Onderwerp", "Record", "Toelichting", "Uitkomst"]
    assert [c.value for c in ws[1]] == heads
    assert ws["A2"].value == 12 and ws["A2"].data_type == "n" and ws["A2"].number_format == "0"
    assert ws["B2"].is_date and ws["B2"].value == datetime(2025, 5, 1, 9, 30)
    assert ws["C2"].value == "=evil" and ws["C2"].data_type == "s" and ws["H2"].value == "@SUM(1)"
    assert ws.title == "Auditlog"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_empty_tables_still_give_a_header(lang: str) -> None:
    ws = _read(audit_xlsx(pd.DataFrame(columns=["id", "logged_at", "user_name", "role", "action", "resource",
                                               "record", "detail", "outcome"]), lang))  # fmt: skip
    assert ws.max_row == 1 and ws["A1"].value in ("Nr", "No")
