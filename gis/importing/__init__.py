"""Import partner data (incidents, vacant barns, drug-waste dumpings) from CSV, Excel and GIS files.

Pure: files in, checked frames out, no Streamlit and no database. The flow: ``read_table`` (or
``read_csv_chunks`` for big CSV) -> ``propose_mapping`` / ``check_mapping`` -> ``detect_crs`` ->
``validate_chunk`` per chunk -> accepted rows to the store, refused rows to the user.
"""

from gis.importing.coords import CrsGuess, detect_crs
from gis.importing.errors import ImportFileError
from gis.importing.mapping import check_mapping, propose_categories, propose_mapping
from gis.importing.readers import MAX_BYTES, FileKind, Table, read_csv_chunks, read_table, sniff
from gis.importing.validate import ChunkResult, raw_coordinates, refusal_messages, validate_chunk

__all__ = [
    "MAX_BYTES", "ChunkResult", "CrsGuess", "FileKind", "ImportFileError", "Table", "check_mapping", "detect_crs",
    "propose_categories", "propose_mapping", "raw_coordinates", "read_csv_chunks", "read_table", "refusal_messages",
    "sniff", "validate_chunk",
]  # fmt: skip
