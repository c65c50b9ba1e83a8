"""CSV and text exports from partners: encoding, delimiter and decimal comma detection, and chunked reading.

Memory stays flat for any file size: the encoding check streams, and rows arrive in chunks of strings.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gis.importing.errors import ImportFileError
from gis.importing.sniff import HEAD_BYTES, KIND_LABELS, MAX_BYTES, FileKind, check_size, sniff

DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")  # ties go to the first: Dutch Excel writes ';'
DELIMITER_NAMES: dict[str, str] = {";": "puntkomma", ",": "komma", "\t": "tab", "|": "verticale streep"}
ENCODING_NAMES: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (met BOM)",
    "utf-16": "UTF-16 (Excel 'Unicode-tekst')",
    "cp1252": "Windows-1252",
}
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_BLOCK = 1024**2


@dataclass
class CsvFormat:
    """How a CSV file is written: ``encoding`` (a Python codec), ``delimiter``, decimal comma, Dutch notes."""

    encoding: str
    delimiter: str
    decimal_comma: bool
    notes: list[str] = field(default_factory=list)


def detect_encoding(path: str | Path) -> str:
    """``utf-8-sig`` / ``utf-16`` by BOM, ``utf-8`` when the whole file decodes as such, else ``cp1252``.

    The check streams the file in 1 MB blocks, so memory does not grow with its size.
    """
    with open(path, "rb") as f:
        start = f.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        f.seek(0)
        try:
            while block := f.read(_BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _sample_rows(text: str, delimiter: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    return list(csv.reader(lines, delimiter=delimiter))


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the sample's lines into the most consistent number (> 1) of fields."""
    best, best_key = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(r) for r in _sample_rows(sample, delimiter)]
        if not counts:
            continue
        mode, hits = Counter(counts).most_common(1)[0]
        key = (round(hits / len(counts), 2), mode)
        if mode > 1 and key > best_key:
            best, best_key = delimiter, key
    return best


def detect_csv_format(path: str | Path) -> CsvFormat:
    """Encoding, delimiter and decimal comma of a CSV file, with Dutch notes on what was found."""
    encoding = detect_encoding(path)
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
        truncated = bool(f.read(1))
    text = head.decode(encoding, errors="replace")
    if truncated:  # the last line may be cut off in the middle
        text = text[: text.rfind("\n")] if "\n" in text else text
    lines = [line for line in text.splitlines() if line.strip()][:50]
    delimiter = detect_delimiter("\n".join(lines))
    values = [v for row in _sample_rows("\n".join(lines[1:]), delimiter) for v in row]
    example = next((v.strip() for v in values if _DECIMAL_COMMA.match(v)), None)
    notes = [f"Tekenset {ENCODING_NAMES[encoding]}, scheidingsteken {DELIMITER_NAMES[delimiter]}."]
    if encoding == "cp1252":
        notes.append("Het bestand is geen UTF-8; het is gelezen als Windows-1252 (Excel op Windows).")
    if example:
        notes.append(f"Getallen met een decimale komma herkend (bijvoorbeeld '{example}').")
    return CsvFormat(encoding, delimiter, example is not None, notes)


def _parser_error(exc: Exception, fmt: CsvFormat, display: str) -> ImportFileError:
    found = _BAD_LINE.search(str(exc))
    if found:
        expected, line, saw = found.groups()
        return ImportFileError(
            f"'{display}', regel {line}: {saw} velden, terwijl de kopregel er {expected} heeft. Staat er een "
            f"{DELIMITER_NAMES[fmt.delimiter]} in een waarde zonder aanhalingstekens?"
        )
    return ImportFileError(f"'{display}' kan niet als CSV worden gelezen: {exc}")


def read_csv_chunks(
    path: str | Path,
    chunk_rows: int = 200_000,
    *,
    fmt: CsvFormat | None = None,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[pd.DataFrame]:
    """Stream a CSV file as DataFrames of at most ``chunk_rows`` rows, every cell a string.

    Parameters
    ----------
    path
        The file on disk.
    chunk_rows
        Rows per chunk; memory use is bounded by this, not by the file's size.
    fmt
        Encoding/delimiter from ``detect_csv_format`` (detected when omitted).
    name
        The user's file name, for messages.
    max_bytes
        Larger files are refused before anything is read.

    Yields
    ------
    pandas.DataFrame
        Columns named as in the header (whitespace trimmed); empty cells are ``""``; nothing is
        interpreted (no NA values, no numbers, no formulas). The index continues across chunks, so the
        spreadsheet row number of a row is ``index + 2`` (the header is row 1). Blank lines are kept as
        empty rows to keep that numbering; ``validate_chunk`` skips them.

    Raises
    ------
    ImportFileError
        Too large, empty, not text, header only, or a line with more fields than the header.
    """
    display = name or Path(path).name
    check_size(path, name=display, max_bytes=max_bytes)
    kind = sniff(path, name=display)
    if kind is not FileKind.CSV:
        raise ImportFileError(f"'{display}' is geen CSV maar {KIND_LABELS[kind]}; lees het met read_table.")
    fmt = fmt or detect_csv_format(path)
    seen_data = False
    try:
        reader = pd.read_csv(
            path,
            sep=fmt.delimiter,
            encoding=fmt.encoding,
            encoding_errors="replace",
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=chunk_rows,
        )
        with reader:
            for chunk in reader:
                chunk.columns = [str(c).strip() for c in chunk.columns]
                seen_data = seen_data or bool(chunk.ne("").any(axis=None))
                yield chunk
    except pd.errors.EmptyDataError as exc:
        raise ImportFileError(f"'{display}' is leeg.") from exc
    except pd.errors.ParserError as exc:
        raise _parser_error(exc, fmt, display) from exc
    if not seen_data:
        raise ImportFileError(f"'{display}' bevat alleen een kopregel, geen gegevens.")
