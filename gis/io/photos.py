"""Uploaded photos of a dumping: only real JPEG/PNG, limited in number, bytes and pixels.

Each accepted photo keeps its original bytes (evidence) and gets a stripped copy without EXIF/GPS for
sharing outside the organisation. Errors are ``PhotoError`` with Dutch messages naming the file.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps

from gis.geo.coords import exif_position
from gis.io.upload_guard import MAX_PIXELS, UploadRefused, check_pixels

__all__ = ["MAX_BYTES", "MAX_PHOTOS", "MAX_PIXELS", "Photo", "PhotoError", "check_photo", "check_photos", "file_kind"]

MAX_PHOTOS = 5  # per report
MAX_BYTES = 10 * 1024 * 1024  # per file
JPEG_QUALITY = 90

_JPEG, _PNG = b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png"}
_PIL_FORMATS = {"JPEG": {"JPEG", "MPO"}, "PNG": {"PNG"}}  # MPO: multi-picture JPEG from some phones

# What other files are, by their first bytes: (offset, magic, Dutch description).
_OTHER_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF", "een PDF"),
    (0, b"GIF8", "een GIF-afbeelding"),
    (0, b"PK\x03\x04", "een ZIP-bestand (of een Word- of Excel-document)"),
    (0, b"II*\x00", "een TIFF-afbeelding"),
    (0, b"MM\x00*", "een TIFF-afbeelding"),
    (0, b"BM", "een BMP-afbeelding"),
    (8, b"WEBP", "een WebP-afbeelding"),
    (4, b"ftypheic", "een HEIC-foto van een iPhone; stuur de foto als JPEG"),
    (4, b"ftypheix", "een HEIC-foto van een iPhone; stuur de foto als JPEG"),
    (4, b"ftypmif1", "een HEIC-foto van een iPhone; stuur de foto als JPEG"),
    (4, b"ftypavif", "een AVIF-afbeelding"),
    (4, b"ftyp", "een video"),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PhotoError(ValueError):
    """One or more refused photos; ``errors`` holds one Dutch message per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Photo:
    """An accepted photo.

    ``original`` is the upload as it came (evidence; ``sha256`` is its hash). ``stripped`` is a re-encoded
    copy with orientation applied and all metadata (EXIF, GPS, XMP, text chunks) removed; ``width`` and
    ``height`` are of that upright copy. ``position`` is the EXIF GPS ``(lat, lon)`` of the original, if any.
    """

    name: str
    original: bytes
    stripped: bytes
    mime: str
    width: int
    height: int
    sha256: str
    position: tuple[float, float] | None


def _clean_name(name: str) -> str:
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _CONTROL.sub("", base).strip() or "(naamloos)"


def _megabytes(n: int) -> str:
    """Dutch megabytes, rounded up to 0.1 so that a file just over the limit never shows as equal to it."""
    return f"{math.ceil(n / 1024 / 1024 * 10) / 10:g}".replace(".", ",") + " MB"


def file_kind(data: bytes) -> str:
    """``"JPEG"`` or ``"PNG"`` by magic bytes, otherwise a Dutch description of what the file is."""
    if data.startswith(_JPEG):
        return "JPEG"
    if data.startswith(_PNG):
        return "PNG"
    for offset, magic, description in _OTHER_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return description
    return "een onbekend bestandstype"


def _open_checked(name: str, data: bytes, kind: str) -> Image.Image:
    """Check the pixel count from the header (nothing decoded yet), verify the structure, then decode."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            check_pixels(name, *probe.size)
            if probe.format not in _PIL_FORMATS[kind]:
                raise PhotoError([f"'{name}' is geen JPEG of PNG (Pillow leest het als {probe.format})."])
            probe.verify()
        img = Image.open(io.BytesIO(data))
        img.load()
    except PhotoError:
        raise
    except UploadRefused as err:
        raise PhotoError([str(err)]) from None
    except Image.DecompressionBombError:
        bomb = f"'{name}' heeft verdacht veel pixels (mogelijk een decompressiebom) en is geweigerd."
        raise PhotoError([bomb]) from None
    except (OSError, SyntaxError, ValueError) as err:
        raise PhotoError([f"'{name}' lijkt een {kind} maar is beschadigd of onvolledig ({err})."]) from None
    return img


def _stripped(img: Image.Image, kind: str) -> bytes:
    """Re-encode upright pixels only: a fresh image carries no EXIF, GPS, XMP or text chunks."""
    upright = ImageOps.exif_transpose(img)
    modes = ("L", "RGB") if kind == "JPEG" else ("L", "LA", "RGB", "RGBA")
    if upright.mode not in modes:
        upright = upright.convert("RGB" if kind == "JPEG" else "RGBA")
    fresh = Image.new(upright.mode, upright.size)
    fresh.paste(upright)
    out = io.BytesIO()
    if kind == "JPEG":
        fresh.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        fresh.save(out, "PNG")
    return out.getvalue()


def check_photo(name: str, data: bytes) -> Photo:
    """Check one uploaded file and return it with a stripped copy.

    Raises
    ------
    PhotoError
        Empty, larger than ``MAX_BYTES``, not a real JPEG/PNG (magic bytes and Pillow), damaged,
        or more than ``MAX_PIXELS`` pixels (decompression bombs).
    """
    name = _clean_name(name)
    if not data:
        raise PhotoError([f"'{name}' is leeg (0 bytes)."])
    if len(data) > MAX_BYTES:
        raise PhotoError([f"'{name}' is {_megabytes(len(data))}; maximaal {_megabytes(MAX_BYTES)} per foto."])
    kind = file_kind(data)
    if kind not in _MIME:
        raise PhotoError([f"'{name}' is geen JPEG of PNG (het is {kind})."])
    with _open_checked(name, data, kind) as img:
        stripped = _stripped(img, kind)
    with Image.open(io.BytesIO(stripped)) as out:
        width, height = out.size
    return Photo(
        name=name,
        original=data,
        stripped=stripped,
        mime=_MIME[kind],
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        position=exif_position(data),
    )


def check_photos(files: Sequence[tuple[str, bytes]], existing: int = 0) -> list[Photo]:
    """Check a batch of ``(name, bytes)`` uploads for one report that already has ``existing`` photos.

    All problems are collected and raised together as one ``PhotoError``; nothing is accepted then.
    """
    total = existing + len(files)
    if total > MAX_PHOTOS:
        already = f" (er zijn er al {existing})" if existing else ""
        raise PhotoError([f"Maximaal {MAX_PHOTOS} foto's per melding; dit worden er {total}{already}."])
    photos: list[Photo] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for name, data in files:
        try:
            photo = check_photo(name, data)
        except PhotoError as err:
            errors.extend(err.errors)
            continue
        if photo.sha256 in seen:
            errors.append(f"'{photo.name}' is dezelfde foto als '{seen[photo.sha256]}'.")
            continue
        seen[photo.sha256] = photo.name
        photos.append(photo)
    if errors:
        raise PhotoError(errors)
    return photos
