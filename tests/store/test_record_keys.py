"""The secret record keys behind released counts are the same number on both backends (an MD5 of the id and
the salt), so perturbed counts do not change when a region moves from DuckDB to PostGIS or back."""

from __future__ import annotations

import hashlib

import pandas as pd

from gis.domain.catalog import Layer
from gis.store.arrays import KEY_MODULUS, SECRET_KEY


def test_cell_keys_are_md5_of_id_and_salt_on_both_backends(store) -> None:
    frame = pd.DataFrame({"x": [258_000.0, 258_100.0, 155_000.0], "y": [471_500.0, 471_600.0, 463_000.0]})
    frame = frame.assign(source_org="politie", category="drugslab", occurred_on=pd.Timestamp("2025-03-04"))
    store.insert_points(Layer.INCIDENTS, frame)
    units = store.disclosure_units(Layer.INCIDENTS)
    salt = f"{store.get_meta(SECRET_KEY)}:incidents"
    ids = store.query_df("SELECT id, x, y FROM incidents ORDER BY id")
    keys = {int(i): int(hashlib.md5(f"{int(i)}{salt}".encode()).hexdigest()[:8], 16) for i in ids["id"]}
    enschede = [keys[int(i)] for i, x in zip(ids["id"], ids["x"], strict=True) if x > 200_000]
    cell = units[(units["cx"] == 258) & (units["cy"] == 471)]
    assert int(cell["n"].iloc[0]) == 2
    assert int(cell["key"].iloc[0]) == sum(k % KEY_MODULUS for k in enschede) % KEY_MODULUS
