"""Import of filled-in survey responses (.xlsx, .csv), as survey tools export them or as the template is filled.

Column headers are field ids or question texts (Dutch or English, case and spaces ignored); answers are codes
or labels (see ``gis.analysis.survey_values``). Files are checked before they are opened (extension, size,
zip bombs, XML entities); .xlsx is read by openpyxl (read-only, cached values: never a formula), CSV by the
csv module (``;``, ``,`` or tab; UTF-8 with or without BOM, else cp1252 with a note). The result lists every
problem by row, field and value, with a summary; the caller stores all or nothing. The Excel template is in
``gis.analysis.survey_template``, the printable questionnaire in ``gis.analysis.survey_pdf``.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gis.analysis.survey import META_FIELDS, Problem, Questionnaire, SurveyResponse, validate_response
from gis.analysis.survey_template import DATA_SHEET, MAX_BYTES, MAX_ROWS, responses_xlsx, safe_text, template_xlsx
from gis.analysis.survey_values import (
    header_key,
    header_map,
    is_blank,
    parse_answer,
    parse_area,
    parse_date,
    parse_postcode,
    parse_ref,
    parse_respondent_type,
    quoted,
)
from gis.io.upload_guard import FileKind, UploadRefused, check_file, format_size

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "ImportResult", "import_responses", "responses_xlsx", "safe_text",
           "template_xlsx"]  # fmt: skip

MAX_UNZIPPED = 100 * 1024**2
MAX_COLUMNS = 200
MAX_BLANK_ROWS = 2000  # trailing formatted-but-empty rows read before giving up


@dataclass
class ImportResult:
    """Responses read from a file, and every problem; unpacks as ``responses, problems``."""

    responses: list[SurveyResponse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0  # respondent rows read
    row_numbers: list[int] = field(default_factory=list)  # the file row of each response

    def __iter__(self) -> Iterator[object]:
        yield self.responses
        yield self.problems

    @property
    def ok(self) -> bool:
        """Whether the whole file may be stored (no problems and at least one respondent)."""
        return not self.problems and bool(self.responses)

    def summary(self) -> str:
        """One Dutch sentence for the page: what was read, and whether it can be stored."""
        if not self.problems and not self.responses:
            return "Het bestand bevat geen respondenten; er is niets ingelezen."
        if self.ok:
            who = "respondent" if self.rows == 1 else "respondenten"
            return f"{self.rows} {who} gelezen zonder problemen; klaar om in te lezen."
        if self.rows == 0:
            return f"Het bestand is niet ingelezen: {self.problems[0].message}."
        rows = {p.row for p in self.problems if p.row is not None}
        in_rows = f" in {len(rows)} rij{'en' if len(rows) != 1 else ''}" if rows else ""
        many = "probleem" if len(self.problems) == 1 else "problemen"
        return (
            f"{len(self.problems)} {many}{in_rows} van {self.rows} gelezen respondenten: er is niets ingelezen. "
            "Verbeter het bestand en lees het opnieuw in."
        )


def _refuse(result: ImportResult, name: str, message: str) -> ImportResult:
    result.problems.append(Problem("bestand", name, message))
    return result


def import_responses(
    data: bytes,
    name: str,
    questionnaire: Questionnaire,
    *,
    entered_by: str = "",
    areas: Mapping[int, str] | None = None,
    area_postcodes: Mapping[int, Collection[str]] | None = None,
    existing_refs: Collection[str] = (),
    respondent_type: str | None = None,
    today: date | None = None,
) -> ImportResult:
    """Read a filled-in .xlsx or .csv of ``questionnaire``; nothing is stored here.

    ``areas`` (id -> name) resolve the area column by number or name; ``area_postcodes`` check postcodes
    against their area; ``existing_refs`` are respondent numbers already stored (a repeat is a problem);
    ``respondent_type`` is used for rows without one (e.g. a residents' tool without that column).
    """
    result = ImportResult()
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        return _refuse(
            result,
            name,
            f"'{quoted(name)}' is geen .xlsx- of .csv-bestand; sla de antwoorden op als Excel-werkboek (.xlsx) of CSV",
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return _refuse(result, name, f"'{quoted(name)}' is leeg")
    if len(data) > MAX_BYTES:
        return _refuse(
            result,
            name,
            f"'{quoted(name)}' is {format_size(len(data))}; de grens is "
            f"{format_size(MAX_BYTES)} per bestand. Splits het bestand",
        )
    try:
        table = _xlsx_rows(data, name) if suffix == ".xlsx" else _csv_rows(data, name, result.notes)
        _read_table(table, questionnaire, result, entered_by=entered_by, areas=areas, default_type=respondent_type)
    except UploadRefused as exc:
        return _refuse(result, name, str(exc).rstrip("."))
    _check_all(
        result,
        area_ids=None if areas is None else set(areas),
        area_postcodes=area_postcodes,
        existing_refs=set(existing_refs),
        today=today,
    )
    return result


def _xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, list[object]]]:
    """(spreadsheet row number, cell values) of the first sheet (or ``Antwoorden``), after the zip checks."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.xlsx"
        path.write_bytes(data)
        check_file(path, FileKind.XLSX, name, max_unzipped=MAX_UNZIPPED)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise UploadRefused(f"'{quoted(name)}' is geen leesbaar Excel-werkboek ({type(exc).__name__})") from None
    try:
        ws = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return iter([(i, list(row)) for i, row in _bounded(enumerate(rows, start=1))])
    finally:
        book.close()


def _bounded(rows: Iterator[tuple[int, Sequence[object]]]) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows up to MAX_ROWS + 1 filled ones (one over the cap is enough to say so), stopping after a long run
    of empty rows (formatting to the bottom of a sheet)."""
    filled = blank = 0
    for number, row in rows:
        if all(is_blank(v) for v in row):
            blank += 1
            if blank > MAX_BLANK_ROWS:
                return
            continue
        blank = 0
        filled += 1
        yield number, row
        if filled > MAX_ROWS + 2:  # header, text row and one over the cap
            return


def _csv_rows(data: bytes, name: str, notes: list[str]) -> Iterator[tuple[int, list[object]]]:
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        raise UploadRefused(f"'{quoted(name)}' is geen tekstbestand; sla de antwoorden op als CSV of .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        notes.append(
            f"'{quoted(name)}' is niet in UTF-8 opgeslagen en is gelezen als Windows-tekens (cp1252); "
            "controleer letters als ë en é."
        )
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def numbered() -> Iterator[tuple[int, Sequence[object]]]:
        start = 1
        for row in reader:
            yield start, row[:MAX_COLUMNS]
            start = reader.line_num + 1

    try:
        return iter([(i, list(row)) for i, row in _bounded(numbered())])
    except csv.Error as exc:
        raise UploadRefused(f"'{quoted(name)}' is geen leesbare CSV (regel {reader.line_num}: {exc})") from None


def _delimiter(header: str) -> str:
    """``;``, ``,`` or tab: whichever occurs most in the header line outside double quotes (Dutch question
    texts in a header hold commas)."""
    counts = dict.fromkeys((";", ",", "\t"), 0)
    quoted_part = False
    for char in header:
        if char == '"':
            quoted_part = not quoted_part
        elif not quoted_part and char in counts:
            counts[char] += 1
    return max(counts, key=lambda c: counts[c])


def _read_table(
    rows: Iterator[tuple[int, list[object]]],
    questionnaire: Questionnaire,
    result: ImportResult,
    *,
    entered_by: str,
    areas: Mapping[int, str] | None,
    default_type: str | None,
) -> None:
    header = next(rows, None)
    if header is None:
        result.problems.append(Problem("bestand", "", "het bestand heeft geen kopregel en geen antwoorden"))
        return
    columns = _columns(header[1], questionnaire, result)
    if columns is None:
        return
    texts = {q.id: header_key(q.nl) for q in questionnaire.questions} | {
        k: header_key(v) for k, v in META_FIELDS.items()
    }
    heads = header[1]
    reported: set[int] = set()  # a column without a header is reported once, at its first filled cell
    first = True
    for number, row in rows:
        if first and _is_text_row(row, columns, texts):
            first = False
            continue
        first = False
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.problems.append(
                Problem(
                    "bestand",
                    str(result.rows),
                    f"het bestand heeft meer dan {MAX_ROWS} "
                    f"respondenten; de grens is {MAX_ROWS} per bestand. Splits het bestand",
                    number,
                )
            )
            result.rows = MAX_ROWS
            return
        for j in range(len(row)):
            if (j >= len(heads) or is_blank(heads[j])) and j not in reported and not is_blank(row[j]):
                result.problems.append(
                    Problem(
                        f"kolom {get_column_letter(j + 1)}",
                        quoted(row[j]),
                        "deze kolom heeft geen kop (samengevoegde kopcellen?); geef elke kolom een eigen kop",
                        number,
                    )
                )
                reported.add(j)
        response = _response(number, row, columns, questionnaire, result, entered_by, areas, default_type)
        if response is not None:
            result.responses.append(response)
            result.row_numbers.append(number)


def _columns(header: list[object], questionnaire: Questionnaire, result: ImportResult) -> list[str | None] | None:
    known = header_map(questionnaire)
    columns: list[str | None] = []
    seen: dict[str, int] = {}
    for j, head in enumerate(header):
        fieldname = None if is_blank(head) else known.get(header_key(head))
        if fieldname is not None and fieldname in seen:
            result.problems.append(
                Problem(
                    fieldname,
                    quoted(head),
                    f"kolom {get_column_letter(j + 1)} en kolom "
                    f"{get_column_letter(seen[fieldname] + 1)} zijn allebei '{fieldname}'",
                    1,
                )
            )
        elif fieldname is not None:
            seen[fieldname] = j
        elif not is_blank(head):
            result.notes.append(
                f"Kolom {get_column_letter(j + 1)} ('{quoted(head)}') hoort niet bij de vragenlijst "
                "en wordt niet gelezen."
            )
        columns.append(fieldname)
    while columns and columns[-1] is None and is_blank(header[len(columns) - 1]):
        columns.pop()
    if not any(f in seen for f in (*META_FIELDS, *(q.id for q in questionnaire.questions))) or len(seen) < 2:
        result.problems.append(
            Problem(
                "kopregel",
                quoted(" | ".join(str(h) for h in header[:4] if not is_blank(h))),
                f"de kopregel noemt geen vragen van de vragenlijst '{questionnaire.id}'; gebruik de "
                "veldnamen of de vraagteksten uit de sjabloon",
                1,
            )
        )
        return None
    for q in questionnaire.questions:
        if q.required and q.only_if is None and q.id not in seen:
            result.problems.append(Problem(q.id, "", f"de kolom voor verplichte vraag '{q.id}' ontbreekt", 1))
    return columns if not result.problems else None


def _is_text_row(row: list[object], columns: list[str | None], texts: Mapping[str, str]) -> bool:
    """Whether this is the template's second row (the question texts)."""
    hits = sum(
        1
        for j, f in enumerate(columns)
        if f and j < len(row) and not is_blank(row[j]) and header_key(row[j]) == texts.get(f)
    )
    return hits >= max(2, len([f for f in columns if f]) // 2)


def _response(
    number: int,
    row: list[object],
    columns: list[str | None],
    questionnaire: Questionnaire,
    result: ImportResult,
    entered_by: str,
    areas: Mapping[int, str] | None,
    default_type: str | None,
) -> SurveyResponse | None:
    before = len(result.problems)
    cells = {f: row[j] for j, f in enumerate(columns) if f is not None and j < len(row) and not is_blank(row[j])}

    def read(fieldname: str, parse: Callable[..., object], *args: object) -> object:
        if fieldname not in cells:
            return None
        try:
            return parse(cells[fieldname], *args)
        except ValueError as exc:
            result.problems.append(Problem(fieldname, quoted(cells[fieldname]), str(exc), number))
            return None

    kind = read("respondent_type", parse_respondent_type) or default_type
    if kind is None and "respondent_type" not in cells:
        result.problems.append(
            Problem("respondent_type", "", "soort respondent ontbreekt; vul agrariër, bewoner of ondernemer in", number)
        )
    elif kind is not None and kind not in questionnaire.respondent_types:
        result.problems.append(
            Problem("respondent_type", kind, f"een {kind} hoort niet bij de vragenlijst '{questionnaire.id}'", number)
        )
    answers = {}
    for q in questionnaire.questions:
        value = read(q.id, lambda raw, q=q: parse_answer(q, raw))
        if value is not None:
            answers[q.id] = value
    day = read("datum", parse_date)
    if day is None and "datum" not in cells:
        result.problems.append(Problem("datum", "", "de datum ontbreekt", number))
    area, postcode, ref = (
        read("gebied", parse_area, areas),
        read("postcode", parse_postcode),
        read("respondent_ref", parse_ref),
    )
    if len(result.problems) > before or kind is None or day is None:
        return None
    return SurveyResponse(kind, area, postcode, day, answers, "import", entered_by, ref)


def _check_all(
    result: ImportResult,
    *,
    area_ids: set[int] | None,
    area_postcodes: Mapping[int, Collection[str]] | None,
    existing_refs: set[str],
    today: date | None,
) -> None:
    """Validate every read response and find repeated respondent numbers (rows are 1-based file rows)."""
    first_row: dict[str, int] = {}
    for response, number in zip(result.responses, result.row_numbers, strict=True):
        for problem in validate_response(response, areas=area_ids, area_postcodes=area_postcodes, today=today):
            result.problems.append(Problem(problem.field, problem.value, problem.message, number))
        ref = response.respondent_ref
        if ref is None:
            continue
        if ref in existing_refs:
            result.problems.append(
                Problem("respondent_ref", ref, f"respondentnummer '{ref}' is al eerder ingelezen", number)
            )
        if ref in first_row:
            result.problems.append(
                Problem("respondent_ref", ref, f"respondentnummer '{ref}' staat ook in rij {first_row[ref]}", number)
            )
        else:
            first_row[ref] = number
    result.problems.sort(key=lambda p: p.row or 0)
