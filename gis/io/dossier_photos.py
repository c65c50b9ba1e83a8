"""The photos of a dumping in its BIJ12 application pack: copies without EXIF, GPS, XMP or text chunks only.

``pack_photo`` takes the shared copy the store keeps and re-strips it when it still carries metadata (an
old record, a copy from elsewhere); ``photo_paths`` names them ``fotos/foto_<n>_<name>``; ``thumbnail``
makes the small JPEG the summary PDF shows.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from gis.io.photos import check_photo

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_EXTENSION = {"image/jpeg": ".jpg", "image/png": ".png"}
THUMB_PX = 700  # longest side of a photo in the PDF (about 300 dpi at 6 cm)


@dataclass(frozen=True)
class PackPhoto:
    """A photo as it goes into the pack: ``data`` has no metadata; ``sha256`` is of the original upload
    (the evidence kept in the store), ``sha256_copy`` of ``data``."""

    name: str
    data: bytes
    mime: str
    width: int
    height: int
    sha256: str
    sha256_copy: str


def has_metadata(data: bytes) -> bool:
    """Whether an image carries EXIF (GPS included), XMP, ICC-less text chunks or comments."""
    with Image.open(io.BytesIO(data)) as img:
        info_keys = set(img.info) - {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive",
                                     "progression", "adobe", "adobe_transform", "gamma", "aspect"}  # fmt: skip
        return bool(img.getexif()) or bool(info_keys)


def pack_photo(name: str, data: bytes, sha256_original: str = "") -> PackPhoto:
    """The photo ready for the pack; ``data`` is stripped again when it still has metadata.

    Raises ``gis.io.photos.PhotoError`` (Dutch) when the bytes are not a readable JPEG/PNG.
    """
    checked = check_photo(name, data)
    clean = checked.stripped if has_metadata(data) else data
    with Image.open(io.BytesIO(clean)) as img:
        width, height = img.size
    return PackPhoto(checked.name, clean, checked.mime, width, height, sha256_original or checked.sha256,
                     hashlib.sha256(clean).hexdigest())  # fmt: skip


def _file_name(photo: PackPhoto) -> str:
    stem = _UNSAFE.sub("_", photo.name).strip(" ._") or "foto"
    ext = _EXTENSION.get(photo.mime, "")
    base, dot, old = stem.rpartition(".")
    if dot and old.lower() in ("jpg", "jpeg", "png"):
        stem = base
    return f"{stem[:80]}{ext}"


def photo_paths(photos: Sequence[PackPhoto]) -> list[tuple[str, PackPhoto]]:
    """``('fotos/foto_<n>_<name>', photo)`` in the given order, ``n`` from 1; the extension follows the type."""
    return [(f"fotos/foto_{n}_{_file_name(p)}", p) for n, p in enumerate(photos, start=1)]


def thumbnail(photo: PackPhoto, max_px: int = THUMB_PX) -> bytes:
    """A small JPEG of the photo (RGB, at most ``max_px`` on its longest side, no metadata) for the PDF."""
    with Image.open(io.BytesIO(photo.data)) as img:
        img.thumbnail((max_px, max_px))
        rgb = Image.new("RGB", img.size, "white")
        rgb.paste(img.convert("RGBA"), mask=img.convert("RGBA").getchannel("A"))
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=85)
    return out.getvalue()
