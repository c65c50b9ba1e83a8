"""The one error type of partner-data import: a file that cannot be read, with a Dutch message.

Row-level problems are not errors: they are lines in the refused table of ``validate_chunk``.
"""

from __future__ import annotations


class ImportFileError(ValueError):
    """A partner file that cannot be imported as a whole; ``str(err)`` is Dutch and names file and value."""
