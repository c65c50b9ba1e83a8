"""Compact, XSS-safe Leaflet layers for many cells or points, rendered on a canvas.

No layer makes a renderer of its own: with ``prefer_canvas`` the map draws boundaries and data on
its one canvas, so clicks reach every layer (a second canvas on top swallows the clicks meant for
the one below) and no canvases pile up when the layers are replaced on pan/zoom.

Folium's own per-feature objects cost kilobytes and a server-side template each; these elements
send one JSON array and build the features in the browser. All record text reaches the page as
JSON data and is put into popups with ``textContent``, so HTML in the data is shown, never run.
"""

from __future__ import annotations

import html
import json
from typing import Any

from branca.element import MacroElement
from jinja2 import Template


def safe_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` block (no ``</script>``, no HTML parsing)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(ch, esc)
    return text


def tooltip_text(text: str) -> str:
    """``text`` safe as a folium ``Tooltip``/``Popup`` string: HTML-escaped, and no backtick, ``$`` or backslash
    left to end or fill the JavaScript template string folium writes it into (`` `...${x}...` ``)."""
    return html.escape(str(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


_JS_HELPERS = """
function vbPopup(title, fields, values) {
  var root = document.createElement('div');
  var h = document.createElement('strong'); h.textContent = title; root.appendChild(h);
  var t = document.createElement('table'); t.className = 'vb-popup';
  for (var i = 0; i < fields.length; i++) {
    if (values[i] === null || values[i] === '') continue;
    var tr = document.createElement('tr');
    var th = document.createElement('th'); th.textContent = fields[i];
    var td = document.createElement('td'); td.textContent = String(values[i]);
    tr.appendChild(th); tr.appendChild(td); t.appendChild(tr);
  }
  root.appendChild(t);
  return root;
}
function vbText(text) { var s = document.createElement('span'); s.textContent = text; return s; }
"""


class CellLayer(MacroElement):
    """Count cells as polygons; ``cells`` rows are ``[lat0, lon0, ... lat3, lon3, class, count]``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        + _JS_HELPERS
        + """
(function() {
  var d = {{ this.payload }};
  d.cells.forEach(function(c) {
    var poly = L.polygon([[c[0], c[1]], [c[2], c[3]], [c[4], c[5]], [c[6], c[7]]], {
      color: d.colours[c[8]], weight: 0.5, fillColor: d.colours[c[8]],
      fillOpacity: 0.55, className: 'vb-cell'
    });
    poly.bindTooltip(vbText(c[9] + ' ' + d.label));
    poly.addTo({{ this._parent.get_name() }});
  });
})();
{% endmacro %}"""
    )

    def __init__(self, cells: list[list[float]], colours: list[str], label: str) -> None:
        super().__init__()
        self._name = "CellLayer"
        self.payload = safe_json({"cells": cells, "colours": colours, "label": label})


class PointLayer(MacroElement):
    """Points as circle markers with text-only popups; ``rows`` are ``[lat, lon, *values]``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        + _JS_HELPERS
        + """
(function() {
  var d = {{ this.payload }};
  d.rows.forEach(function(r) {
    var m = L.circleMarker([r[0], r[1]], {
      radius: d.radius, color: '#ffffff', weight: 0.8,
      fillColor: d.colour, fillOpacity: 0.9
    });
    m.bindPopup(function() { return vbPopup(d.title, d.fields, r.slice(2)); });
    m.addTo({{ this._parent.get_name() }});
  });
})();
{% endmacro %}"""
    )

    def __init__(self, rows: list[list[Any]], fields: list[str], title: str, colour: str, radius: int = 5) -> None:
        super().__init__()
        self._name = "PointLayer"
        self.payload = safe_json({"rows": rows, "fields": fields, "title": title, "colour": colour, "radius": radius})


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres only (folium's ``control_scale`` also shows miles)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )


LEGEND_BOX_JS = """
function vbLegendBox(classes, title, open, maxWidth, fill) {
  var div = L.DomUtil.create('div', classes);
  div.style.cssText = 'background:rgba(255,255,255,.92);padding:4px 8px;border-radius:4px;'
    + 'font:13px/1.4 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:' + maxWidth;
  var h = document.createElement('button');
  h.type = 'button'; h.className = 'vb-legend-toggle';
  h.style.cssText = 'all:unset;cursor:pointer;font-weight:bold;display:block;min-height:24px;white-space:nowrap';
  var list = document.createElement('div'); list.className = 'vb-legend-items';
  fill(list);
  function show(o) {
    list.style.display = o ? 'block' : 'none';
    h.textContent = (o ? '\\u25be ' : '\\u25b8 ') + title;
    h.setAttribute('aria-expanded', o ? 'true' : 'false');
    div.setAttribute('data-open', o ? 'true' : 'false');
  }
  show(open);
  h.addEventListener('click', function() { show(list.style.display === 'none'); });
  div.appendChild(h); div.appendChild(list);
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
}
"""  # the folding legend box every legend uses: a title button that opens and closes its rows


class HtmlLegend(MacroElement):
    """A legend control that folds: ``items`` are ``(colour, label, shape)`` with shape circle|square|line.

    The title is a button that opens and closes the list. On a narrow map (a phone, under 600 px) it
    starts closed, so it never covers the place a user taps; on a wider map it starts open.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var d = {{ this.payload }};
  var map = {{ this._parent.get_name() }};
  var ctl = L.control({position: 'bottomleft'});
  {{ this.legend_box }}
  ctl.onAdd = function() {
    return vbLegendBox('vb-legend', d.title, map.getSize().x >= 600, '60%', function(list) {
      d.items.forEach(function(it) {
        var row = document.createElement('div');
        var sw = document.createElement('span');
        var base = 'display:inline-block;margin-right:6px;vertical-align:middle;';
        if (it[2] === 'line') sw.style.cssText = base + 'width:16px;height:0;border-top:2px solid ' + it[0];
        else if (it[2] === 'square') sw.style.cssText = base + 'width:12px;height:12px;background:' + it[0]
          + ';border:1px solid ' + it[0] + ';opacity:.7';
        else sw.style.cssText = base + 'width:10px;height:10px;border-radius:50%;background:' + it[0];
        row.appendChild(sw); row.appendChild(document.createTextNode(it[1])); list.appendChild(row);
      });
    });
  };
  ctl.addTo(map);
})();
{% endmacro %}"""
    )

    def __init__(self, title: str, items: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._name = "HtmlLegend"
        self.legend_box = LEGEND_BOX_JS
        self.payload = safe_json({"title": title, "items": [list(i) for i in items]})


class QuietStart(MacroElement):
    """Tells streamlit-folium that the map's starting view was already seen, so the view it reports when
    the map first loads does not rerun the app; only a pan or zoom afterwards does.

    streamlit-folium compares each view with the last one it sent (``previous_data``, at first the
    server's default) and reports any difference; this sets it to the view the map starts with, in
    the shape and key order streamlit-folium builds. Add it to the map last.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var g = window.__GLOBAL_DATA__;
  if (!g) return;
  var now = {bounds: map.getBounds(), zoom: map.getZoom()};
  var seen = {};
  ['bounds', 'zoom'].forEach(function(k) {
    if (!g.returned_objects || g.returned_objects.indexOf(k) >= 0) seen[k] = now[k];
  });
  g.previous_data = seen;
})();
{% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "QuietStart"


class NamedGroup(MacroElement):
    """Registers its parent layer as ``window.vbGroups[key]`` so later scripts can show or hide it."""

    _template = Template(
        """{% macro script(this, kwargs) %}
window.vbGroups = window.vbGroups || {};
window.vbGroups[{{ this.key }}] = {{ this._parent.get_name() }};
{% endmacro %}"""
    )

    def __init__(self, key: str) -> None:
        super().__init__()
        self._name = "NamedGroup"
        self.key = safe_json(key)


class MapControls(MacroElement):
    """What changes with the selection, sent with the data layers (the base map stays as it is):

    - ``visible``: which named base groups (``NamedGroup``) are on the map;
    - ``fit``: ``[token, [[south, west], [north, east]]]``: zoom there once per token (a new choice);
    - a legend of what is shown: ``items`` are ``(colour or [ramp colours], label, shape)`` with shape
      circle|square|line|ramp. It replaces the previous legend and keeps it open or folded as the
      user left it; at first it is folded on a narrow map (a phone, under 600 px), open on a wider one.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var d = {{ this.payload }};
  var map = window.map;
  if (!map) return;
  var groups = window.vbGroups || {};
  Object.keys(d.visible).forEach(function(k) {
    var g = groups[k];
    if (!g) return;
    if (d.visible[k] && !map.hasLayer(g)) map.addLayer(g);
    if (!d.visible[k] && map.hasLayer(g)) map.removeLayer(g);
  });
  if (d.fit && window.vbFitToken !== d.fit[0]) {
    window.vbFitToken = d.fit[0];
    map.fitBounds(d.fit[1], {padding: [16, 16], maxZoom: 15});
  }
  var open = map.getSize().x >= 600;
  if (window.vbLegend) {
    open = window.vbLegend.getContainer().getAttribute('data-open') === 'true';
    map.removeControl(window.vbLegend);
  }
  var ctl = L.control({position: 'bottomleft'});
  {{ this.legend_box }}
  ctl.onAdd = function() {
    return vbLegendBox('vb-legend', d.title, open, '60%', function(list) {
      d.items.forEach(function(it) {
        var row = document.createElement('div'); row.className = 'vb-legend-row';
        var base = 'display:inline-block;margin-right:6px;vertical-align:middle;';
        var colours = Array.isArray(it[0]) ? it[0] : [it[0]];
        colours.forEach(function(c, i) {
          var sw = document.createElement('span');
          if (it[2] === 'line') sw.style.cssText = base + 'width:16px;height:0;border-top:2px solid ' + c;
          else if (it[2] === 'ramp') sw.style.cssText = base + 'width:10px;height:12px;margin-right:'
            + (i === colours.length - 1 ? '6px' : '0') + ';background:' + c + ';opacity:.8';
          else if (it[2] === 'square') sw.style.cssText = base + 'width:12px;height:12px;background:' + c
            + ';opacity:.7';
          else sw.style.cssText = base + 'width:10px;height:10px;border-radius:50%;background:' + c;
          row.appendChild(sw);
        });
        row.appendChild(document.createTextNode(it[1])); list.appendChild(row);
      });
    });
  };
  ctl.addTo(map);
  window.vbLegend = ctl;
})();
{% endmacro %}"""
    )

    def __init__(
        self,
        title: str,
        items: list[tuple[str | list[str], str, str]],
        visible: dict[str, bool],
        fit: tuple[int, list[list[float]]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "MapControls"
        self.legend_box = LEGEND_BOX_JS
        self.payload = safe_json(
            {"title": title, "items": [list(i) for i in items], "visible": visible, "fit": list(fit) if fit else None}
        )
