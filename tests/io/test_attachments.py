"""Dossier attachments: type from the first bytes (PDF, JPEG, PNG only), size limits, safe file names."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from gis.io.attachments import (
    ATTACHMENT_KINDS,
    MAX_BYTES,
    MAX_NAME_CHARS,
    AttachmentError,
    check_attachment,
    safe_name,
    size_text,
    sniff_type,
)
from tests.photo_factory import jpeg

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40
HTML = b"\xef\xbb\xbf\n  <!DOCTYPE html><html><script>alert(1)</script></html>"


def png(size: tuple[int, int] = (12, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 120, 0)).save(out, "PNG")
    return out.getvalue()


def refused(kind: str, name: str, data: bytes) -> str:
    with pytest.raises(AttachmentError) as info:
        check_attachment(kind, name, data)
    return str(info.value)


def test_a_real_pdf_is_accepted_with_hash_and_size() -> None:
    att = check_attachment("factuur", "Factuur 2025-031.pdf", PDF)
    assert (att.kind, att.kind_label, att.mime) == ("factuur", "Factuur", "application/pdf")
    assert att.name == "Factuur 2025-031.pdf" and att.data == PDF
    assert att.sha256 == hashlib.sha256(PDF).hexdigest() and att.size == len(PDF)


@pytest.mark.parametrize(
    ("name", "data", "mime", "expected_name"),
    [
        ("afvoerbon.jpeg", jpeg(), "image/jpeg", "afvoerbon.jpg"),
        ("bon.PNG", png(), "image/png", "bon.png"),
        ("scan.jpg", PDF, "application/pdf", "scan.pdf"),  # a PDF named .jpg is a PDF: renamed, not refused
        ("foto.pdf", png(), "image/png", "foto.png"),
    ],
)
def test_the_type_and_extension_come_from_the_bytes(name: str, data: bytes, mime: str, expected_name: str) -> None:
    att = check_attachment("overig", name, data)
    assert (att.mime, att.name) == (mime, expected_name)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (EXE, "Windows-programma"),
        (ZIP, "ZIP-bestand"),
        (HTML, "webpagina"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", "webpagina"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "Linux-programma"),
        (b"GIF89a" + b"\x00" * 20, "GIF"),
        (b"Gewoon een tekstje, geen factuur.", "tekstbestand"),
        (b"\x00\x01\x02\xfe\xff" * 10, "onbekend"),
    ],
)
def test_a_pdf_that_is_something_else_is_refused_saying_what_it_is(data: bytes, what: str) -> None:
    message = refused("factuur", "factuur.pdf", data)
    assert "'factuur.pdf'" in message and "geen PDF, JPEG of PNG" in message and what in message


def test_empty_and_too_large_files_are_refused() -> None:
    assert "'leeg.pdf' is leeg" in refused("factuur", "leeg.pdf", b"")
    big = PDF[:-6] + b"\x00" * (MAX_BYTES - len(PDF) + 1) + b"%%EOF\n"
    assert len(big) == MAX_BYTES + 1
    message = refused("factuur", "groot.pdf", big)
    assert "'groot.pdf' is 20,1 MB" in message and "maximaal 20 MB" in message


def test_a_file_of_exactly_the_limit_is_accepted() -> None:
    data = PDF[:-6] + b"\x00" * (MAX_BYTES - len(PDF)) + b"%%EOF\n"
    assert check_attachment("saneringsverslag", "verslag.pdf", data).size == MAX_BYTES


def test_an_incomplete_pdf_and_a_damaged_image_are_refused() -> None:
    assert "onvolledige PDF" in refused("factuur", "half.pdf", PDF[: len(PDF) // 2])
    assert "beschadigd" in refused("afvoerbon", "kapot.png", png()[:30])


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    message = refused("bonnetje", "bon.pdf", PDF)
    assert "'bonnetje'" in message and all(kind in message for kind in ATTACHMENT_KINDS)


def test_the_error_message_has_no_control_characters_from_the_name() -> None:
    message = refused("factuur", "fac\x00tuur\n.pdf", EXE)
    assert "\x00" not in message and "\n" not in message and "'factuur.pdf'" in message


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("../../etc/passwd.pdf", ".pdf", "passwd.pdf"),
        ("C:\\Users\\piet\\Factuur.PDF", ".pdf", "Factuur.pdf"),
        ("scan.jpg", ".pdf", "scan.pdf"),
        ("factuur", ".pdf", "factuur.pdf"),
        ("rapport.v2.final", ".pdf", "rapport.v2.pdf"),
        ("a\x00b\x1f\u202egpj.pdf", ".pdf", "abgpj.pdf"),  # control and bidi-override characters go
        ('fac<tuur>:"x"|?*.pdf', ".pdf", "fac_tuur___x____.pdf"),
        ("..pdf", ".pdf", "bijlage.pdf"),
        ("...", ".png", "bijlage.png"),
        ("", ".jpg", "bijlage.jpg"),
        (" .verborgen ", ".pdf", "verborgen.pdf"),
        ("CON.pdf", ".pdf", "_CON.pdf"),
        ("nul.txt", ".pdf", "_nul.pdf"),
        ("Hoe\u0308venaars   factuur.pdf", ".pdf", "Hoëvenaars factuur.pdf"),  # NFC, spaces collapsed
    ],
)
def test_safe_name(name: str, extension: str, expected: str) -> None:
    assert safe_name(name, extension) == expected


def test_safe_name_limits_the_length_but_keeps_the_extension() -> None:
    name = safe_name("x" * 500 + ".pdf", ".pdf")
    assert name == "x" * MAX_NAME_CHARS + ".pdf"


@pytest.mark.parametrize(
    ("n", "text"), [(812, "812 B"), (2048, "2 kB"), (1536, "1,5 kB"), (MAX_BYTES, "20 MB"), (MAX_BYTES + 1, "20,1 MB")]
)
def test_size_text(n: int, text: str) -> None:
    assert size_text(n) == text


@pytest.mark.parametrize(
    ("data", "kind"), [(PDF, "PDF"), (jpeg(), "JPEG"), (png(), "PNG"), (b"  %PDF-1.4 hidden", "een PDF met iets")]
)
def test_sniff_type(data: bytes, kind: str) -> None:
    assert sniff_type(data).startswith(kind)
