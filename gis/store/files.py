"""Files the store keeps (evidence of measures, the partnership's files): checked by their bytes, whatever a caller
claims, before anything is written. Shared by the measures store and the partnership store.

Only a real PDF, JPEG or PNG (``gis.io.attachments``: by magic bytes, size cap, complete PDF, sound image) is
kept, under a safe name with the real type's extension; a photo's copy without EXIF is made here from its pixels
(the caller's copy is never trusted) and is what everyone is served; the original stays for roles with rights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gis.io.attachments import AttachmentError, check_attachment
from gis.io.photos import PhotoError, check_photo
from gis.store.errors import StoreError

MAX_NAME_CHARS = 200  # a name offered longer than this is refused, not cut
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedFile:
    """A file as the store keeps it: ``name`` safe, ``mime`` of the real type, ``shared`` the EXIF-free copy of a
    photo (None for a PDF)."""

    name: str
    mime: str
    size: int
    sha256: str
    original: bytes
    shared: bytes | None


def shown_name(name: object) -> str:
    """A file name fit for a Dutch message (control characters out, at most 100 characters)."""
    return " ".join(_CONTROL.sub("", str(name))[:100].split()) or "(naamloos)"


def check_file(file: object, where: str) -> CheckedFile:
    """``file`` (a ``StoredFile``) checked and made safe; ``where`` starts every Dutch refusal (such as
    ``"Maatregel 3"``). Refused (``StoreError``): not a file, a name with control characters or longer than
    ``MAX_NAME_CHARS``, empty, over ``attachments.MAX_BYTES``, not a real PDF/JPEG/PNG by its bytes (an
    executable called ``.pdf``), an incomplete PDF, a damaged image, a photo offered without its EXIF-free copy."""
    data, name = getattr(file, "original", None), getattr(file, "name", None)
    if not isinstance(data, bytes | bytearray) or not isinstance(name, str):
        raise StoreError(f"{where}: het bestand ontbreekt of is geen bestand.")
    label = f"{where}, bestand '{shown_name(name)}'"
    if _CONTROL.search(name) or len(name) > MAX_NAME_CHARS:
        raise StoreError(f"{label}: de naam bevat een stuurteken of is langer dan {MAX_NAME_CHARS} tekens.")
    mime = getattr(file, "mime", "")
    if isinstance(mime, str) and mime.startswith("image/") and not getattr(file, "shared", None):
        raise StoreError(f"{label}: een foto heeft een kopie zonder locatiegegevens (EXIF) nodig; lees hem in via "
                         "het uploadformulier.")  # fmt: skip
    try:
        checked = check_attachment("overig", name, bytes(data))
        shared = check_photo(checked.name, checked.data).stripped if checked.mime.startswith("image/") else None
    except (AttachmentError, PhotoError) as exc:
        raise StoreError(f"{label}: {exc}") from None
    return CheckedFile(checked.name, checked.mime, checked.size, checked.sha256, checked.data, shared)


__all__ = ["MAX_NAME_CHARS", "CheckedFile", "check_file", "shown_name"]
