"""Maps of the dumping pages: the field form's map (click or locate to place) and the register's map
(reports coloured by status, with a legend; codes shown in the interface language).

A click on the form map comes back through streamlit-folium's ``last_clicked``. The "Mijn locatie"
button asks the browser for its position and fires that same click at the found spot, so one path
serves both. All record text travels as JSON and is shown with ``textContent`` (never as HTML).
"""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from gis.domain.catalog import DUMPING_STATUSES, label
from gis.geo.crs import rd_to_wgs84
from gis.i18n import t
from gis.maps.elements import HtmlLegend, PointLayer, safe_json
from gis.maps.home import region_map

CHOSEN_COLOUR = "#1a1a1a"
MATCH_COLOUR = "#ff7f00"
SELECTED_COLOUR = "#ffd92f"


class LocateButton(MacroElement):
    """A "my location" button: geolocation, then a map click at the found position (and zoom there)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var d = {{ this.payload }};
  var map = {{ this._parent.get_name() }};
  var ICON = '<svg width="20" height="20" viewBox="0 0 24 24" style="vertical-align:middle" aria-hidden="true">'
    + '<circle cx="12" cy="12" r="7" fill="none" stroke="#222" stroke-width="2"/>'
    + '<circle cx="12" cy="12" r="2.5" fill="#222"/><path d="M12 1v4M12 19v4M1 12h4M19 12h4" stroke="#222" '
    + 'stroke-width="2"/></svg>';
  var ctl = L.control({position: 'topleft'});
  ctl.onAdd = function() {
    var a = L.DomUtil.create('a', 'leaflet-bar vb-locate');
    a.href = '#'; a.title = d.title; a.setAttribute('role', 'button'); a.setAttribute('aria-label', d.title);
    a.innerHTML = ICON;
    a.style.cssText = 'display:block;width:34px;height:34px;line-height:34px;text-align:center;'
      + 'background:#fff;color:#222;text-decoration:none;cursor:pointer';
    L.DomEvent.on(a, 'click', function(e) {
      L.DomEvent.stop(e);
      a.style.opacity = '0.5';
      map.locate({enableHighAccuracy: true, timeout: 15000, maximumAge: 0});
    });
    map.on('locationfound', function(e) {
      a.style.opacity = '1';
      map.setView(e.latlng, Math.max(map.getZoom(), 16));
      map.fire('click', {latlng: e.latlng});
    });
    map.on('locationerror', function(e) {
      a.style.opacity = '1';
      var msg = L.DomUtil.create('div', 'vb-locate-error', map.getContainer());
      msg.style.cssText = 'position:absolute;top:8px;left:56px;z-index:1000;background:#fff3cd;padding:4px 8px;'
        + 'border-radius:4px;font:13px sans-serif';
      msg.textContent = d.error + ' (' + e.message + ')';
      setTimeout(function() { msg.remove(); }, 8000);
    });
    L.DomEvent.disableClickPropagation(a);
    return a;
  };
  ctl.addTo(map);
})();
{% endmacro %}"""
    )

    def __init__(self, title: str, error: str) -> None:
        super().__init__()
        self._name = "LocateButton"
        self.payload = safe_json({"title": title, "error": error})


STATUS_COLOURS: dict[str, str] = {
    "gemeld": "#d7301f",  # new: red, as every report was before
    "in onderzoek": "#6a3d9a",
    "geruimd": "#33a02c",
    "gesloten": "#737373",
}
OTHER_STATUS_COLOUR = "#b15928"  # a status outside the workflow (an old import)
_LABELLED = ("status", "waste_type", "place_type")  # codes shown in the interface language


def _cell(value: object, column: str, lang: str) -> object:
    """One popup value: missing (None, NaN, NaT) as None, times as ``dd-mm-jjjj uu:mm``, codes as labels."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):  # type: ignore[arg-type]
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y %H:%M")
    if column in _LABELLED:
        return label(value, lang)
    return value.item() if hasattr(value, "item") else value


def _rows(frame: pd.DataFrame, columns: list[str], lang: str = "nl") -> list[list[object]]:
    """``[lat, lon, *values]`` per report; a report without a found time (NaT) keeps an empty cell."""
    lon, lat = rd_to_wgs84(frame["x"].to_numpy(float), frame["y"].to_numpy(float))
    out = []
    for i, rec in enumerate(frame[columns].itertuples(index=False)):
        values = [_cell(v, c, lang) for v, c in zip(rec, columns, strict=True)]
        out.append([round(float(lat[i]), 6), round(float(lon[i]), 6), *values])
    return out


def _points(fg: folium.FeatureGroup, frame: pd.DataFrame, colour: str, title: str, lang: str, radius: int) -> None:
    cols = [c for c in ("id", "found_at", "status", "waste_type", "notes") if c in frame.columns]
    names = {"id": "dp_col_id", "found_at": "f_found", "status": "f_status", "waste_type": "f_waste",
             "notes": "f_notes"}  # fmt: skip
    labels = [t(names[c], lang) for c in cols]
    PointLayer(_rows(frame, cols, lang), labels, title, colour, radius=radius).add_to(fg)


def status_groups(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The reports per status, in workflow order; statuses outside the workflow last, each its own group."""
    statuses = frame["status"].fillna("").astype(str) if "status" in frame.columns else pd.Series("", frame.index)
    known = [s for s in DUMPING_STATUSES if (statuses == s).any()]
    others = sorted(set(statuses) - set(DUMPING_STATUSES))
    return [(s, frame[statuses == s]) for s in [*known, *others]]


def status_colour(status: str) -> str:
    """The register map's colour of a status."""
    return STATUS_COLOURS.get(status, OTHER_STATUS_COLOUR)


def form_map(
    municipalities: dict, chosen: tuple[float, float] | None, nearby: pd.DataFrame, matches: list[int], lang: str
) -> folium.Map:
    """Region map to place a new report: a black dot where it is, open reports nearby, matches in orange."""
    m = region_map(municipalities, lang)
    fg = folium.FeatureGroup(name=t("layer_dumpings", lang))
    if len(nearby):
        others = nearby[~nearby["id"].isin(matches)]
        if len(others):
            _points(fg, others, STATUS_COLOURS["gemeld"], t("layer_dumpings", lang), lang, 6)
        if matches:
            _points(fg, nearby[nearby["id"].isin(matches)], MATCH_COLOUR, t("dp_match", lang), lang, 9)
    fg.add_to(m)
    if chosen is not None:
        folium.CircleMarker(chosen, radius=8, color="#ffffff", weight=3, fill=True, fill_color=CHOSEN_COLOUR,
                            fill_opacity=1, tooltip=t("dp_here", lang)).add_to(m)  # fmt: skip
    LocateButton(t("dp_locate", lang), t("dp_locate_error", lang)).add_to(m)
    HtmlLegend(t("legend", lang), [(CHOSEN_COLOUR, t("dp_here", lang), "circle"),
                                   (STATUS_COLOURS["gemeld"], t("dp_open_reports", lang), "circle"),
                                   (MATCH_COLOUR, t("dp_match", lang), "circle")]).add_to(m)  # fmt: skip
    return m


def register_map(municipalities: dict, frame: pd.DataFrame, selected: int | None, lang: str) -> folium.Map:
    """The register's selection as points coloured by status (with a legend); the opened report highlighted
    and centred."""
    m = region_map(municipalities, lang)
    fg = folium.FeatureGroup(name=t("layer_dumpings", lang))
    chosen = frame[frame["id"] == selected] if selected is not None and len(frame) else frame.iloc[0:0]
    groups = status_groups(frame) if len(frame) else []
    for status, rows in reversed(groups):  # closed reports first, so the open ones are drawn on top
        _points(fg, rows, status_colour(status), label(status, lang) or "—", lang, 6)
    if len(frame):
        # the opened report with its surroundings, else the whole selection
        view = frame
        if len(chosen):
            cx, cy = float(chosen["x"].iloc[0]), float(chosen["y"].iloc[0])
            view = frame[(frame["x"] - cx).abs().le(3_000) & (frame["y"] - cy).abs().le(3_000)]
        lon, lat = rd_to_wgs84(view["x"].to_numpy(float), view["y"].to_numpy(float))
        m.fit_bounds([[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]], padding=(20, 20),
                     max_zoom=15)  # fmt: skip
    if len(chosen):
        _points(fg, chosen, SELECTED_COLOUR, t("dp_selected", lang), lang, 11)
    fg.add_to(m)
    items = [(status_colour(s), label(s, lang) or "—", "circle") for s, _ in groups]
    if len(chosen):
        items.append((SELECTED_COLOUR, t("dp_selected", lang), "circle"))
    if items:
        HtmlLegend(t("f_status", lang), items).add_to(m)
    return m
