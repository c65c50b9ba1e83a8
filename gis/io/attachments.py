"""Dossier attachments (invoices, removal slips, remediation reports): only real PDF, JPEG or PNG.

The type comes from the file's first bytes, never from its name; the stored name is made safe for
disks and ZIP files and gets the extension of the real type. Errors are ``AttachmentError`` in Dutch.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass

from PIL import Image

from gis.io.upload_guard import UploadRefused, check_pixels

ATTACHMENT_KINDS: dict[str, str] = {
    "factuur": "Factuur",
    "afvoerbon": "Afvoerbon",
    "saneringsverslag": "Saneringsverslag",
    "proces_verbaal": "Proces-verbaal",
    "overig": "Overig",
}
MAX_BYTES = 20 * 1024 * 1024  # per file
MAX_NAME_CHARS = 100  # of the stem, before the extension

# Accepted types: Dutch name, mime type, extension.
_ACCEPTED: dict[str, tuple[str, str]] = {"PDF": ("application/pdf", ".pdf"), "JPEG": ("image/jpeg", ".jpg"),
                                         "PNG": ("image/png", ".png")}  # fmt: skip
_PIL_FORMATS = {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}}
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "PDF"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"MZ", "een Windows-programma (EXE/DLL)"),
    (0, b"\x7fELF", "een Linux-programma"),
    (0, b"\xca\xfe\xba\xbe", "een programma (Mach-O/Java)"),
    (0, b"\xcf\xfa\xed\xfe", "een macOS-programma"),
    (0, b"#!", "een script"),
    (0, b"PK\x03\x04", "een ZIP-bestand (of een Word- of Excel-document)"),
    (0, b"PK\x05\x06", "een leeg ZIP-bestand"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "een oud Office-document (Word/Excel 97-2003)"),
    (0, b"Rar!\x1a\x07", "een RAR-archief"),
    (0, b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (0, b"\x1f\x8b", "een gzip-archief"),
    (0, b"{\\rtf", "een RTF-document"),
    (0, b"GIF8", "een GIF-afbeelding"),
    (0, b"II*\x00", "een TIFF-afbeelding"),
    (0, b"MM\x00*", "een TIFF-afbeelding"),
    (8, b"WEBP", "een WebP-afbeelding"),
    (4, b"ftypheic", "een HEIC-foto; stuur de foto als JPEG"),
    (4, b"ftypmif1", "een HEIC-foto; stuur de foto als JPEG"),
    (4, b"ftyp", "een video"),
)
_MARKUP = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<?xml")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE = re.compile(r'[<>:"/\\|?*]')  # not allowed in Windows file names
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


class AttachmentError(ValueError):
    """A refused attachment; ``str(err)`` is one Dutch message naming the file and the problem."""


@dataclass(frozen=True)
class Attachment:
    """An accepted attachment: ``name`` is the safe file name (extension of the real type), ``data`` the
    bytes as uploaded, ``sha256`` their hash (hex) and ``size`` their length in bytes."""

    kind: str
    name: str
    mime: str
    data: bytes
    sha256: str
    size: int

    @property
    def kind_label(self) -> str:
        """The Dutch label of the kind (``"Factuur"``, ...)."""
        return ATTACHMENT_KINDS[self.kind]


def sniff_type(data: bytes) -> str:
    """``"PDF"``, ``"JPEG"`` or ``"PNG"`` by magic bytes, otherwise a Dutch description of what the file is."""
    for offset, magic, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_MARKUP):
        return "een webpagina of ander opmaakbestand (HTML/SVG/XML)"
    if b"%PDF-" in data[:1024]:
        return "een PDF met iets anders ervóór (mogelijk een vermomd bestand)"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "een onbekend bestandstype"
    return "een tekstbestand"


def size_text(n: int) -> str:
    """Bytes for people, Dutch style, rounded up to 0.1: ``'812 B'``, ``'45,3 kB'``, ``'20 MB'``."""
    if n < 1024:
        return f"{n} B"
    value, unit = (n / 1024, "kB") if n < 1024 * 1024 else (n / 1024 / 1024, "MB")
    return f"{math.ceil(value * 10) / 10:g}".replace(".", ",") + f" {unit}"  # over a limit never shows equal


def safe_name(name: str, extension: str) -> str:
    """A file name safe on every disk and in a ZIP: no folders, no control or bidi characters, no
    characters Windows refuses, no leading dots, at most ``MAX_NAME_CHARS`` for the stem, and
    ``extension`` (such as ``".pdf"``) in place of whatever extension the name had."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", _CONTROL.sub("", base))
    stem = _EXTENSION.sub("", base.strip())
    stem = " ".join(stem.split()).strip(" .")[:MAX_NAME_CHARS].strip(" .")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return (stem or "bijlage") + extension


def _check_image(shown: str, data: bytes, kind: str) -> None:
    try:
        with Image.open(io.BytesIO(data)) as img:
            check_pixels(shown, *img.size)  # from the header: nothing is decoded here
            if img.format not in _PIL_FORMATS[kind]:
                raise AttachmentError(f"'{shown}' is geen echte {kind} (Pillow leest het als {img.format}).")
            img.verify()
    except AttachmentError:
        raise
    except UploadRefused as err:
        raise AttachmentError(str(err)) from None
    except Image.DecompressionBombError:
        raise AttachmentError(f"'{shown}' heeft verdacht veel pixels en is geweigerd.") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise AttachmentError(f"'{shown}' lijkt een {kind} maar is beschadigd of onvolledig ({err}).") from None


def check_attachment(kind: str, name: str, data: bytes) -> Attachment:
    """Check one uploaded attachment of ``kind`` (a key of ``ATTACHMENT_KINDS``).

    A PDF named ``.jpg`` is accepted and renamed ``.pdf``: the type is what the bytes are.

    Raises
    ------
    AttachmentError
        Unknown kind; empty file; larger than ``MAX_BYTES``; not a PDF, JPEG or PNG by its first bytes
        (the message says what it really is); a PDF without its end marker (incomplete upload); a
        damaged image or one with more than ``upload_guard.MAX_PIXELS`` pixels.
    """
    shown = " ".join(_CONTROL.sub("", str(name or "")).split()) or "(naamloos)"
    if kind not in ATTACHMENT_KINDS:
        raise AttachmentError(
            f"Onbekende soort bijlage '{kind}' bij '{shown}'; kies uit: {', '.join(ATTACHMENT_KINDS)}."
        )
    if not data:
        raise AttachmentError(f"'{shown}' is leeg (0 bytes).")
    if len(data) > MAX_BYTES:
        raise AttachmentError(f"'{shown}' is {size_text(len(data))}; maximaal {size_text(MAX_BYTES)} per bijlage.")
    real = sniff_type(data)
    if real not in _ACCEPTED:
        raise AttachmentError(f"'{shown}' is geen PDF, JPEG of PNG: het is {real}.")
    if real == "PDF" and b"%%EOF" not in data[-4096:]:
        raise AttachmentError(f"'{shown}' is een onvolledige PDF (het einde ontbreekt); upload het bestand opnieuw.")
    if real != "PDF":
        _check_image(shown, data, real)
    mime, extension = _ACCEPTED[real]
    return Attachment(
        kind=kind,
        name=safe_name(name, extension),
        mime=mime,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
