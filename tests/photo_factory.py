"""Tiny photos built in memory with Pillow: JPEG with EXIF GPS/orientation, PNG with metadata, PNG bombs."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
MAKE, ORIENTATION = 0x010F, 0x0112


def dms(value: float) -> tuple[float, float, float]:
    """Decimal degrees as (degrees, minutes, seconds)."""
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 4)


def jpeg(
    size: tuple[int, int] = (40, 20),
    gps: tuple[float, float] | None = None,
    orientation: int | None = None,
    refs: tuple[str, str] = ("N", "E"),
    two_colours: bool = False,
) -> bytes:
    """A small JPEG; ``gps`` is (lat, lon) written to the GPS IFD; ``two_colours``: left red, right blue."""
    img = Image.new("RGB", size, (220, 20, 20))
    if two_colours:
        img.paste((20, 20, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps is not None:
        ifd = exif.get_ifd(GPS_IFD)
        ifd[1], ifd[2] = refs[0], dms(abs(gps[0]))
        ifd[3], ifd[4] = refs[1], dms(abs(gps[1]))
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png_with_metadata(size: tuple[int, int] = (30, 10)) -> bytes:
    """A PNG with a text chunk (author) and an EXIF chunk (camera make)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Melder")
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 128, 0, 255)).save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` x ``height`` black pixels: tiny file, huge when decoded."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
