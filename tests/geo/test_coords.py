"""Typed coordinates (RD New and WGS84, Dutch and English notation) and GPS positions from photo EXIF."""

from __future__ import annotations

import io

import pytest
from PIL import Image, TiffImagePlugin

from gis.geo.coords import CoordError, Position, exif_position, parse_position
from gis.geo.crs import rd_to_wgs84
from tests.photo_factory import GPS_IFD, jpeg

LAT, LON = 52.271234, 6.123456  # a field near Deventer
X, Y = 221_000.0, 455_000.0  # near Zutphen


@pytest.mark.parametrize(
    "text",
    [
        "52.271234, 6.123456",
        "52,271234; 6,123456",
        "52.271234 6.123456",
        "52,271234 6,123456",
        "52,271234, 6,123456",
        "52.271234,6.123456",
        "52,271234,6,123456",
        "(52.271234, 6.123456)",
        "52.271234N 6.123456E",
        "52,271234 NB 6,123456 OL",
        "lat=52.271234 lon=6.123456",
        "lon: 6.123456, lat: 52.271234",
    ],
)
def test_wgs84_notations(text: str) -> None:
    pos = parse_position(text)
    assert pos.system == "wgs84" and pos.notes == []
    assert (pos.lat, pos.lon) == pytest.approx((LAT, LON))
    assert 0 < pos.x_rd < 300_000 and 300_000 < pos.y_rd < 625_000


@pytest.mark.parametrize(
    "text",
    [
        "x=221000 y=455000",
        "x: 221000, y: 455000",
        "221000, 455000",
        "221000;455000",
        "221000 455000",
        "221.000 455.000",
    ],
)
def test_rd_notations(text: str) -> None:
    pos = parse_position(text)
    assert pos.system == "rd" and pos.notes == []
    assert (pos.x_rd, pos.y_rd) == (X, Y)
    lon, lat = rd_to_wgs84(X, Y)
    assert (pos.lat, pos.lon) == pytest.approx((float(lat), float(lon)))


def test_rd_and_wgs84_of_one_point_agree_within_a_metre() -> None:
    rd = parse_position(f"{X} {Y}", "rd")
    wgs = parse_position(f"{rd.lat:.7f}, {rd.lon:.7f}", "wgs84")
    assert abs(wgs.x_rd - X) < 1 and abs(wgs.y_rd - Y) < 1


def test_swapped_lat_lon_is_detected_and_noted() -> None:
    pos = parse_position("6.123456, 52.271234")
    assert (pos.lat, pos.lon) == pytest.approx((LAT, LON))
    assert pos.notes == [
        "Breedte- en lengtegraad waren omgewisseld; gelezen als breedte 52.271234, lengte 6.123456 "
        "(in Nederland is de breedte 50–54 en de lengte 3–7)."
    ]


def test_swapped_labels_are_detected_too() -> None:
    pos = parse_position("lat=6.123456 lon=52.271234", "wgs84")
    assert pos.lat == pytest.approx(LAT) and pos.notes[0].startswith("Breedte- en lengtegraad waren omgewisseld")


def test_swapped_rd_is_detected_and_noted() -> None:
    pos = parse_position("455000 221000", "rd")
    assert (pos.x_rd, pos.y_rd) == (X, Y)
    assert pos.notes == ["X en Y waren omgewisseld; gelezen als x 221000, y 455000."]


def test_pairs_of_numbers() -> None:
    assert parse_position((LAT, LON)).lon == pytest.approx(LON)
    assert parse_position([X, Y], "rd").y_rd == Y
    assert parse_position(("52,271234", "6,123456")).lat == pytest.approx(LAT)
    swapped = parse_position((LON, LAT), "wgs84")
    assert swapped.lat == pytest.approx(LAT) and "omgewisseld" in swapped.notes[0]


def test_few_decimals_get_a_precision_note() -> None:
    pos = parse_position("52.27, 6.12")
    assert pos.notes == ["Let op: met 2 decimalen is de positie maar op ± 557 m nauwkeurig; geef minstens 4 decimalen."]
    assert parse_position("52.2712, 6.1234").notes == []


@pytest.mark.parametrize(
    ("value", "system", "message"),
    [
        ("48.8566, 2.3522", "auto", "'48.8566, 2.3522' ligt buiten Nederland (breedte 48.8566, lengte 2.3522;"),
        ("-52.27, 6.12", "auto", "'-52.27, 6.12' ligt buiten Nederland (breedte -52.27, lengte 6.12;"),
        ("1000 1000", "rd", "'1000 1000' ligt buiten Nederland (RD x 1000, y 1000;"),
        ("290000 310000", "auto", "'290000 310000' ligt buiten Nederland (RD x 290000, y 310000 is breedte 50.76"),
        ((48.8566, 2.3522), "wgs84", "'48.8566, 2.3522' ligt buiten Nederland"),
    ],
)
def test_outside_the_netherlands_is_refused_showing_the_value(value, system: str, message: str) -> None:
    with pytest.raises(CoordError) as info:
        parse_position(value, system)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("value", "system", "message"),
    [
        ("52.27 6.12", "rd", "'52.27 6.12' lijkt in graden (WGS84) te staan, maar gekozen is RD."),
        ("221000 455000", "wgs84", "'221000 455000' lijkt in RD-meters te staan, maar gekozen is WGS84."),
        ("52.27 455000", "auto", "'52.27 455000': 52.27 en 455000 horen niet bij hetzelfde stelsel"),
        ("bij de boerderij", "auto", "'bij de boerderij' is niet te lezen als twee coördinaten."),
        ("52.27 6.12 7.1", "auto", "'52.27 6.12 7.1' is niet te lezen als twee coördinaten."),
        ("52.27, zes", "auto", "'52.27, zes': 'zes' is geen getal."),
        ("nan, 6.12", "auto", "'nan, 6.12': 'nan' is geen eindig getal."),
        ("x=1 x=2", "auto", "'x=1 x=2': twee keer dezelfde as"),
        ("   ", "auto", "Er zijn geen coördinaten ingevuld."),
        ("52.27 6.12", "gps", "Onbekend coördinatenstelsel 'gps'"),
        ((52.27,), "auto", "'(52.27,)' is geen paar van twee getallen."),
        ((True, False), "auto", "'(True, False)' is geen paar van twee getallen."),
    ],
)
def test_unreadable_or_wrong_system_is_refused(value, system: str, message: str) -> None:
    with pytest.raises(CoordError) as info:
        parse_position(value, system)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_position_is_a_plain_result() -> None:
    pos = parse_position("x=221000 y=455000")
    assert isinstance(pos, Position) and isinstance(pos.x_rd, float) and isinstance(pos.lat, float)
    # RD 221000, 455000 is 52.079333 N, 6.350017 E (EPSG:28992 -> EPSG:4326; within 1e-5 degrees, about a metre)
    assert (pos.x_rd, pos.y_rd, pos.system, pos.notes) == (221_000.0, 455_000.0, "rd", [])
    assert (pos.lat, pos.lon) == pytest.approx((52.079333, 6.350017), abs=1e-5)
    wgs = parse_position("52.079333, 6.350017")
    assert (wgs.lat, wgs.lon, wgs.system, wgs.notes) == (52.079333, 6.350017, "wgs84", [])
    assert (wgs.x_rd, wgs.y_rd) == pytest.approx((221_000.0, 455_000.0), abs=1.0)


def test_exif_position_north_east() -> None:
    assert exif_position(jpeg(gps=(52.27, 6.12))) == pytest.approx((52.27, 6.12), abs=1e-6)


def test_exif_position_south_west_is_negative() -> None:
    assert exif_position(jpeg(gps=(33.9, 18.4), refs=("S", "W"))) == pytest.approx((-33.9, -18.4), abs=1e-6)


def test_exif_without_gps_gives_none() -> None:
    assert exif_position(jpeg()) is None


def test_gps_zero_zero_is_no_position() -> None:
    assert exif_position(jpeg(gps=(0.0, 0.0))) is None


def _jpeg_with_gps_ifd(values: dict) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update(values)
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_gps_with_zero_denominator_gives_none() -> None:
    broken = (TiffImagePlugin.IFDRational(52, 0), TiffImagePlugin.IFDRational(0, 1), TiffImagePlugin.IFDRational(0, 1))
    data = _jpeg_with_gps_ifd({1: "N", 2: broken, 3: "E", 4: (6.0, 7.0, 0.0)})
    assert exif_position(data) is None


def test_gps_without_longitude_gives_none() -> None:
    assert exif_position(_jpeg_with_gps_ifd({1: "N", 2: (52.0, 16.0, 0.0)})) is None


def _garbled(where: str) -> bytes:
    """A JPEG with GPS whose EXIF block is damaged: byte order, first IFD offset or GPS IFD pointer."""
    data = bytearray(jpeg(gps=(52.27, 6.12)))
    tiff = data.index(b"Exif\x00\x00") + 6
    if where == "byte order":
        data[tiff : tiff + 2] = b"XX"
    elif where == "ifd offset":
        data[tiff + 4 : tiff + 8] = b"\xff\xff\xff\x00"
    else:
        tag = b"\x88\x25\x00\x04" if data[tiff] == ord("M") else b"\x25\x88\x04\x00"  # GPS IFD, type LONG
        entry = data.index(tag, tiff)
        data[entry + 8 : entry + 12] = b"\x7f\xff\xff\xff"
    return bytes(data)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b"%PDF-1.7\n",
        _garbled("byte order"),
        _garbled("ifd offset"),
        _garbled("gps pointer"),
        jpeg(gps=(52.27, 6.12))[:60],  # cut off inside the EXIF block
    ],
)
def test_garbled_input_gives_none_not_an_exception(data: bytes) -> None:
    assert exif_position(data) is None


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_garbling_helper_damages_only_the_exif() -> None:
    for where in ("byte order", "ifd offset", "gps pointer"):
        with Image.open(io.BytesIO(_garbled(where))) as img:
            img.load()  # the pixels are still a readable JPEG
            assert img.size == (40, 20)
