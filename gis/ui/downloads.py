"""One download button for every export: the file is made when clicked and the export is written to the
audit log at that moment, without a rerun of the page (so a second quick click elsewhere is not lost).

Streamlit drops a download's deferred file when the page reruns; an ``on_click`` that logs reruns the page,
so two export buttons clicked within a second lost the first file ("Deferred file … not found").
Here the click does not rerun (``on_click="ignore"``); the audit line is written by the data callable,
which Streamlit runs on the click, in the server, outside the page script.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from gis.store.guard import GuardedStore

FileData = bytes | str
Source = FileData | Callable[[], FileData]


def logged_export(store: object, resource: str, what: str, data: Source) -> Callable[[], FileData]:
    """``data`` (bytes, text or a callable making them) as a callable that first writes the export to the
    audit log when ``store`` is the signed-in role's guarded store (a bare store logs nothing)."""

    def make() -> FileData:
        content = data() if callable(data) else data
        if isinstance(store, GuardedStore):  # only after the file was made: a failed export is no export
            store.log("export", resource, None, what)
        return content

    return make


def download_button(
    label: str,
    data: Source,
    file_name: str,
    *,
    store: object,
    resource: str,
    what: str,
    key: str,
    mime: str | None = None,
    container: Any = None,
    **kwargs: Any,
) -> None:
    """A download button whose file is made on the click and whose export is logged then, without a rerun.

    ``data`` is the file (bytes or text) or a callable without arguments that makes it; ``store`` is the
    page's store (a ``GuardedStore`` writes the audit line ``export`` on ``resource`` with ``what``);
    ``container`` is where the button goes (``st`` or a column); other keywords go to Streamlit's button.
    """
    target = container if container is not None else st
    target.download_button(
        label, data=logged_export(store, resource, what, data), file_name=file_name, mime=mime, key=key,
        on_click="ignore", **kwargs,
    )  # fmt: skip
