"""Coordinate systems and spatial helpers (RD New <-> WGS84, point-in-polygon assignment)."""
