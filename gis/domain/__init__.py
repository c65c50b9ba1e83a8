"""Domain rules as data: layers, catalogues, fields. Pure Python."""
