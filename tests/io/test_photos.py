"""Uploaded photos: real JPEG/PNG only, limits on count, bytes and pixels, and a copy without EXIF/GPS."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from gis.geo.coords import exif_position
from gis.io import photos
from gis.io.photos import MAX_PHOTOS, PhotoError, check_photo, check_photos, file_kind
from tests.photo_factory import GPS_IFD, jpeg, png_bomb, png_with_metadata

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def refused(name: str, data: bytes) -> str:
    with pytest.raises(PhotoError) as info:
        check_photo(name, data)
    assert len(info.value.errors) == 1
    return info.value.errors[0]


def test_jpeg_with_gps_is_accepted_with_its_position() -> None:
    data = jpeg(gps=(52.27, 6.12))
    photo = check_photo("dumping.jpg", data)
    assert photo.mime == "image/jpeg" and photo.original == data
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.position == pytest.approx((52.27, 6.12), abs=1e-6)
    assert (photo.width, photo.height) == (40, 20)


def test_stripped_copy_has_no_exif_or_gps() -> None:
    data = jpeg(gps=(52.27, 6.12))
    assert b"TestCam" in data  # the original carries the camera make ...
    photo = check_photo("dumping.jpg", data)
    with Image.open(io.BytesIO(photo.stripped)) as img:
        assert img.format == "JPEG"
        assert dict(img.getexif()) == {} and dict(img.getexif().get_ifd(GPS_IFD)) == {}
        assert "exif" not in img.info and "xmp" not in img.info
    assert b"Exif\x00\x00" not in photo.stripped and b"TestCam" not in photo.stripped  # ... the copy does not
    assert exif_position(photo.stripped) is None


def test_orientation_is_applied_to_the_stripped_copy() -> None:
    # Orientation 6: the camera was turned; the viewer must rotate 90° clockwise. Left (red) ends up on top.
    photo = check_photo("staand.jpg", jpeg(size=(40, 20), orientation=6, two_colours=True))
    with Image.open(io.BytesIO(photo.stripped)) as img:
        assert img.size == (20, 40) == (photo.width, photo.height)
        top, bottom = img.getpixel((10, 5)), img.getpixel((10, 35))
    assert top[0] > 150 and top[2] < 100  # red
    assert bottom[2] > 150 and bottom[0] < 100  # blue


def test_png_text_and_exif_chunks_are_dropped() -> None:
    data = png_with_metadata()
    photo = check_photo("kaart.png", data)
    assert photo.mime == "image/png" and photo.position is None
    with Image.open(io.BytesIO(photo.stripped)) as img:
        assert img.format == "PNG" and img.size == (30, 10)
        assert "Author" not in img.info and dict(img.getexif()) == {}
    assert b"Jan Melder" in data and b"Jan Melder" not in photo.stripped


def test_content_decides_not_the_extension() -> None:
    assert check_photo("eigenlijk-png.jpg", png_with_metadata()).mime == "image/png"


def test_pdf_named_jpg_is_refused() -> None:
    assert refused("foto.jpg", PDF) == "'foto.jpg' is geen JPEG of PNG (het is een PDF)."


def test_heic_from_an_iphone_is_refused_with_advice() -> None:
    message = refused("IMG_0001.jpg", HEIC)
    assert "'IMG_0001.jpg' is geen JPEG of PNG" in message and "HEIC" in message and "JPEG" in message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (jpeg(), "JPEG"),
        (png_with_metadata(), "PNG"),
        (PDF, "een PDF"),
        (b"GIF89a" + b"\x00" * 20, "een GIF-afbeelding"),
        (b"PK\x03\x04" + b"\x00" * 20, "een ZIP-bestand (of een Word- of Excel-document)"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "een WebP-afbeelding"),
        (b"hello world", "een onbekend bestandstype"),
    ],
)
def test_file_kind_by_magic_bytes(data: bytes, kind: str) -> None:
    assert file_kind(data) == kind


def test_oversized_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "MAX_BYTES", 1024 * 1024)
    data = jpeg() + b"\x00" * (1024 * 1024)  # a valid JPEG padded past one megabyte
    assert refused("groot.jpg", data) == "'groot.jpg' is 1,1 MB; maximaal 1 MB per foto."


def test_default_size_limit_is_ten_megabytes() -> None:
    message = refused("groot.jpg", b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024))
    assert message == "'groot.jpg' is 10,1 MB; maximaal 10 MB per foto."


def test_empty_and_truncated_files_are_refused() -> None:
    assert refused("leeg.jpg", b"") == "'leeg.jpg' is leeg (0 bytes)."
    whole = jpeg(size=(200, 200))
    message = refused("half.jpg", whole[: len(whole) // 2])
    assert message.startswith("'half.jpg' lijkt een JPEG maar is beschadigd of onvolledig")


def test_decompression_bomb_is_refused() -> None:
    bomb = png_bomb(30_000, 30_000)  # 900 million pixels in a file of some 100 kB
    assert len(bomb) < 1024 * 1024
    message = refused("bom.png", bomb)
    assert message == "'bom.png' heeft verdacht veel pixels (mogelijk een decompressiebom) en is geweigerd."


def test_too_many_pixels_below_pillows_own_limit_is_refused() -> None:
    message = refused("groot.png", png_bomb(9_000, 9_000))  # 81 M pixels: Pillow would open it
    assert message == "'groot.png' is te groot: 9.000 × 9.000 pixels; maximaal 40 miljoen pixels."


def test_six_photos_are_refused_before_any_is_read() -> None:
    files = [(f"foto{i}.jpg", jpeg()) for i in range(MAX_PHOTOS + 1)]
    with pytest.raises(PhotoError) as info:
        check_photos(files)
    assert info.value.errors == ["Maximaal 5 foto's per melding; dit worden er 6."]


def test_existing_photos_count_towards_the_limit() -> None:
    with pytest.raises(PhotoError, match=r"dit worden er 6 \(er zijn er al 3\)"):
        check_photos([("a.jpg", jpeg()), ("b.jpg", jpeg(size=(10, 10))), ("c.png", png_with_metadata())], existing=3)
    assert len(check_photos([("a.jpg", jpeg()), ("b.png", png_with_metadata())], existing=3)) == 2


def test_five_different_photos_are_accepted_in_order() -> None:
    files = [(f"foto{i}.jpg", jpeg(size=(10 + i, 10))) for i in range(MAX_PHOTOS)]
    assert [p.name for p in check_photos(files)] == [name for name, _ in files]


def test_batch_collects_every_problem_and_accepts_nothing() -> None:
    files = [("goed.jpg", jpeg()), ("foto.jpg", PDF), ("leeg.png", b""), ("nog eens.jpg", jpeg())]
    with pytest.raises(PhotoError) as info:
        check_photos(files)
    assert info.value.errors == [
        "'foto.jpg' is geen JPEG of PNG (het is een PDF).",
        "'leeg.png' is leeg (0 bytes).",
        "'nog eens.jpg' is dezelfde foto als 'goed.jpg'.",
    ]


def test_browser_path_and_control_characters_are_removed_from_the_name() -> None:
    assert refused("C:\\fakepath\\fo\x00to.jpg", PDF).startswith("'foto.jpg' ")
