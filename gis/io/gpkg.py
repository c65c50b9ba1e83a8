"""GeoPackages that open cleanly in the QGIS versions municipalities still run, with the app's styling.

- Version 1.2 (GDAL's default 1.4 makes GDAL 3.6, i.e. QGIS 3.22–3.28, warn on every file that it "may only
  be partially supported").
- Dates as ``DATE`` fields (a pyarrow ``date32`` column, written through Arrow); date-times as conformant
  ``DATETIME`` in UTC (``2024-12-04T13:20:00.000Z``): naive times are Dutch wall time and converted.
- A QGIS style per layer in ``layer_styles`` (QML: categories with the app's colours and labels, or one
  symbol, and labels from a field), which QGIS applies when the layer is opened.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyogrio

GPKG_VERSION = "1.2"
WALL_ZONE = "Europe/Amsterdam"
STYLES_LAYER = "layer_styles"


@dataclass(frozen=True)
class LayerStyle:
    """How QGIS draws a layer: ``categories`` ``(value, label, colour)`` of ``field`` or one ``colour``."""

    geometry: str  # "point" | "polygon"
    colour: str = "#1f78b4"
    field: str | None = None
    categories: tuple[tuple[str, str, str], ...] = ()
    label_field: str | None = None
    name: str = "Veilig Buitengebied"


def _rgba(colour: str, alpha: int = 255) -> str:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def _symbol(index: int, style: LayerStyle, colour: str) -> str:
    if style.geometry == "point":
        layer, options = "SimpleMarker", {"color": _rgba(colour), "name": "circle", "size": "2.8",
                                          "outline_color": "35,35,35,255", "outline_width": "0.3"}  # fmt: skip
        kind = "marker"
    else:
        filled = bool(style.field)
        layer = "SimpleFill"
        options = {"color": _rgba(colour, 150 if filled else 0), "style": "solid" if filled else "no",
                   "outline_color": _rgba(colour), "outline_width": "0.6"}  # fmt: skip
        kind = "fill"
    opts = "".join(f'<Option name="{k}" type="QString" value={quoteattr(v)}/>' for k, v in options.items())
    return (f'<symbol type="{kind}" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="{layer}" enabled="1" pass="0" locked="0"><Option type="Map">{opts}</Option></layer>'
            "</symbol>")  # fmt: skip


def qml(style: LayerStyle) -> str:
    """The QGIS style document (QML) for ``style``."""
    if style.field and style.categories:
        cats = "".join(
            f'<category value={quoteattr(v)} label={quoteattr(label)} symbol="{i}" render="true"/>'
            for i, (v, label, _c) in enumerate(style.categories)
        )
        symbols = "".join(_symbol(i, style, c) for i, (_v, _l, c) in enumerate(style.categories))
        renderer = (f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(style.field)} symbollevels="0" '
                    f'enableorderby="0" forceraster="0"><categories>{cats}</categories>'
                    f"<symbols>{symbols}</symbols></renderer-v2>")  # fmt: skip
    else:
        renderer = (f'<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
                    f"<symbols>{_symbol(0, style, style.colour)}</symbols></renderer-v2>")  # fmt: skip
    labeling = ""
    if style.label_field:
        labeling = (f'<labeling type="simple"><settings calloutType="simple"><text-style '
                    f'fieldName={quoteattr(style.label_field)} fontSize="9" textColor="20,20,20,255"/>'
                    '<text-buffer bufferDraw="1" bufferSize="0.8" bufferColor="255,255,255,255"/>'
                    "</settings></labeling>")  # fmt: skip
    enabled = ' labelsEnabled="1"' if labeling else ""
    head = f'<qgis version="3.28.0" styleCategories="Symbology|Labeling"{enabled}>'
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>{head}{renderer}{labeling}</qgis>"


def _conformant(frame: gpd.GeoDataFrame, date_columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    out = frame.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        series = out[col]
        if col in date_columns:
            values = pd.to_datetime(series, errors="coerce").dt.date
            out[col] = pd.array(values.where(values.notna(), None), dtype=pd.ArrowDtype(pa.date32()))
        elif isinstance(series.dtype, pd.DatetimeTZDtype):
            out[col] = series.dt.tz_convert("UTC")
        elif pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.dt.tz_localize(WALL_ZONE, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert(
                "UTC"
            )
    return out


def write_layers(
    path: Path,
    layers: list[tuple[str, gpd.GeoDataFrame, LayerStyle | None]],
    date_columns: tuple[str, ...] = (),
) -> None:
    """Write each ``(name, frame, style)`` as a layer of a new GeoPackage 1.2 at ``path``, then the styles.

    ``date_columns`` are written as ``DATE`` fields (their time of day dropped)."""
    styles = []
    for name, frame, style in layers:
        pyogrio.write_dataframe(
            _conformant(frame, tuple(c for c in date_columns if c in frame.columns)), path, layer=name,
            driver="GPKG", dataset_options={"VERSION": GPKG_VERSION}, use_arrow=True, append=path.exists(),
        )  # fmt: skip
        if style is not None:
            styles.append({"f_table_catalog": "", "f_table_schema": "", "f_table_name": name,
                           "f_geometry_column": "geom", "styleName": name, "styleQML": qml(style), "styleSLD": "",
                           "useAsDefault": True, "description": style.name, "owner": "", "ui": "",
                           "update_time": pd.Timestamp.now(tz="UTC").floor("ms")})  # fmt: skip
    if styles:
        pyogrio.write_dataframe(
            pd.DataFrame(styles), path, layer=STYLES_LAYER, driver="GPKG", append=True,
            layer_options={"FID": "id"},
        )  # fmt: skip


def gpkg_bytes(
    layers: list[tuple[str, gpd.GeoDataFrame, LayerStyle | None]], date_columns: tuple[str, ...] = ()
) -> bytes:
    """``write_layers`` into a temporary file, returned as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        write_layers(path, layers, date_columns)
        return path.read_bytes()
