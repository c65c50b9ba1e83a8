"""CSV: encodings, delimiters, decimal comma, streaming in chunks, and the Dutch errors for bad files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.importing.csvfile import detect_csv_format, read_csv_chunks
from gis.importing.errors import ImportFileError
from gis.importing.readers import read_table
from tests.importing.files import csv_file

HEADER_NL = "Straatnaam ü;Pleegdatum;X-coördinaat;Y-coördinaat\n"
ROW_NL = "Kerkstraat;01-03-2024;221000,5;455000,25\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16")],
)
def test_encodings_give_the_right_headers(tmp_path: Path, encoding: str, expected: str) -> None:
    path = csv_file(tmp_path, HEADER_NL + ROW_NL, encoding=encoding)
    fmt = detect_csv_format(path)
    assert (fmt.encoding, fmt.delimiter, fmt.decimal_comma) == (expected, ";", True)
    table = read_table(path)
    assert list(table.frame.columns) == ["Straatnaam ü", "Pleegdatum", "X-coördinaat", "Y-coördinaat"]
    assert table.frame.iloc[0].tolist() == ["Kerkstraat", "01-03-2024", "221000,5", "455000,25"]
    assert any("decimale komma" in n and "221000,5" in n for n in table.notes)
    if encoding == "cp1252":
        assert any("Windows-1252" in n for n in table.notes)


@pytest.mark.parametrize(
    ("text", "delimiter", "decimal_comma"),
    [
        ("datum,x,y\n2024-03-01,221000.5,455000\n2024-03-02,221001,455001\n", ",", False),
        ('datum,x,y\n2024-03-01,"221000,5","455000,0"\n', ",", True),
        ("datum\tx\ty\n2024-03-01\t221000,5\t455000\n", "\t", True),
        ("datum;omschrijving;x;y\n2024-03-01;hennep, veel planten;221000;455000\n", ";", False),
    ],
)
def test_delimiter_and_decimal_comma(tmp_path: Path, text: str, delimiter: str, decimal_comma: bool) -> None:
    fmt = detect_csv_format(csv_file(tmp_path, text))
    assert (fmt.delimiter, fmt.decimal_comma) == (delimiter, decimal_comma)


def test_cells_stay_strings_and_are_never_interpreted(tmp_path: Path) -> None:
    path = csv_file(tmp_path, 'kenmerk;opmerking;x\n007;=HYPERLINK("http://x");NA\n;@SUM(A1);\n')
    frame = read_table(path).frame
    assert frame["kenmerk"].tolist() == ["007", ""]
    assert frame["opmerking"].tolist() == ['=HYPERLINK("http://x")', "@SUM(A1)"]
    assert frame["x"].tolist() == ["NA", ""]


def test_chunks_stream_with_continuing_index(tmp_path: Path) -> None:
    lines = "".join(f"{i};{i * 10}\n" for i in range(25))
    path = csv_file(tmp_path, "a;b\n" + lines)
    chunks = list(read_csv_chunks(path, chunk_rows=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    assert chunks[2].index[0] == 20 and chunks[2]["a"].iloc[0] == "20"  # spreadsheet row = index + 2


def test_blank_lines_keep_row_numbers(tmp_path: Path) -> None:
    frame = read_table(csv_file(tmp_path, "a;b\n1;2\n\n3;4\n")).frame
    assert frame["a"].tolist() == ["1", "", "3"]


def test_empty_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=re.escape("'leeg.csv' is leeg")):
        read_table(csv_file(tmp_path, "", name="leeg.csv"))
    with pytest.raises(ImportFileError, match=re.escape("'kop.csv' bevat alleen een kopregel, geen gegevens")):
        read_table(csv_file(tmp_path, "datum;x;y\n", name="kop.csv"))
    with pytest.raises(ImportFileError, match="bevat alleen een kopregel"):
        list(read_csv_chunks(csv_file(tmp_path, "datum;x;y\n;;\n", name="kop2.csv")))


def test_line_with_too_many_fields_names_the_line(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "datum;x\n2024-03-01;1\n2024-03-02;2;3\n")
    with pytest.raises(ImportFileError, match="regel 3: 3 velden, terwijl de kopregel er 2 heeft"):
        read_table(path)


def test_binary_file_named_csv_is_refused_by_chunk_reader(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(b"%PDF-1.4\n" + bytes(200))
    with pytest.raises(
        ImportFileError, match=re.escape("'export.csv' is geen tekstbestand (het lijkt op een PDF-document)")
    ):
        list(read_csv_chunks(path))
