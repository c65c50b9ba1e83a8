"""Text of the PDFs matplotlib writes (Type 3 fonts, one-byte codes for ASCII): one line per BT…ET object.

``tests/pdf_text.py`` reads fpdf2's PDFs; matplotlib writes its text as ``[(D) 0.04 (E)] TJ`` arrays of
literal strings in compressed streams. Enough to check what a static map says (ASCII text only).
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TEXT = re.compile(rb"BT(.*?)ET", re.S)
_LITERAL = re.compile(rb"\(((?:\\.|[^\\)])*)\)")


def mpl_pdf_text(data: bytes) -> str:
    """Every text object of every stream, its literal strings joined, one line each."""
    lines: list[str] = []
    for raw in _STREAM.findall(data):
        try:
            body = zlib.decompress(raw)
        except zlib.error:
            continue
        for block in _TEXT.findall(body):
            text = b"".join(re.sub(rb"\\(.)", rb"\1", part) for part in _LITERAL.findall(block))
            if text:
                lines.append(text.decode("latin-1"))
    return "\n".join(lines)
