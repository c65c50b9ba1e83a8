"""The boundary being worked on in the area editor (pure state, kept in the user's session).

``shown`` is what the map was last built with: its polygons are in the editable draw group when
small enough, else a fixed ``base`` outline. Drawn features returned by the map are combined with
``base`` into the current draft, so drawing never rebuilds the map (the view is kept). Anything
done outside the map (a source, an operation, undo) sets a new ``shown`` and bumps ``rev``, which
gives the map a fresh key, so stale drawings of the previous map are never applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely

from gis.geo.areas import AreaError, Checked, check_area, drawings_to_rd
from gis.maps.area_map import is_editable

MAX_HISTORY = 20


@dataclass
class Draft:
    """Current boundary state of one editor session (``area_id`` None for a new area)."""

    area_id: int | None = None
    rev: int = 0
    shown: bytes | None = None  # WKB (RD New) the map was built with
    notes: list[str] = field(default_factory=list)
    history: list[bytes | None] = field(default_factory=list)

    @property
    def shown_geom(self) -> shapely.Geometry | None:
        return shapely.from_wkb(self.shown) if self.shown else None

    @property
    def base(self) -> shapely.Geometry | None:
        """The fixed part that is not in the draw group (too many vertices to edit by hand)."""
        geom = self.shown_geom
        return None if geom is None or is_editable(geom) else geom

    def set(self, checked: Checked | None, keep_history: bool = True) -> None:
        """A new boundary from outside the map (source, operation); the old one can be undone."""
        if keep_history:
            self.history = [*self.history, self.shown][-MAX_HISTORY:]
        self.shown = shapely.to_wkb(checked.geometry) if checked else None
        self.notes = list(checked.notes) if checked else []
        self.rev += 1

    def undo(self) -> bool:
        """Back to the boundary before the last change; False when there is nothing to undo."""
        if not self.history:
            return False
        self.shown = self.history[-1]
        self.history = self.history[:-1]
        self.notes = []
        self.rev += 1
        return True

    def current(
        self, drawings: list[dict] | None, netherlands: shapely.Geometry | None = None
    ) -> tuple[Checked | None, bool]:
        """The draft now: ``shown`` until the map reports drawings, then base + drawings, checked.

        Returns ``(checked or None, changed_on_map)``; raises ``AreaError`` for a drawing that
        cannot be an area (the message says why).
        """
        if drawings is None:
            geom = self.shown_geom
            if geom is None:
                return None, False
            return Checked(geom, list(self.notes)), False
        parts = [g for g in (self.base,) if g is not None]
        if drawings:
            parts.append(drawings_to_rd(drawings))
        if not parts:
            return None, True
        return check_area(shapely.unary_union(parts), netherlands), True


__all__ = ["AreaError", "Draft"]
