"""Disclosure control: the one place that decides what counts an aggregate-only role may see.

``rules`` (fixed geography, whole months, the ``<5`` rule), ``cellkey`` (consistent perturbation),
``units`` (the base units, never shown) and ``release`` (answers to the store's aggregate calls).
"""

from gis.privacy.release import AGGREGATE_CALLS, answer, hide_small, pseudo_points, released, shown
from gis.privacy.rules import AGGREGATE_CELLS, BASE_CELL_M, MIN_SHOWN, SUPPRESSED, allowed_cell, coarse_period

__all__ = ["AGGREGATE_CALLS", "AGGREGATE_CELLS", "BASE_CELL_M", "MIN_SHOWN", "SUPPRESSED", "allowed_cell",
           "answer", "coarse_period", "hide_small", "pseudo_points", "released", "shown"]  # fmt: skip
