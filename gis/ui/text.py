"""Showing user-supplied text in Streamlit elements that render Markdown (messages, captions)."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """``text`` with Markdown/HTML characters escaped, so it shows exactly as typed."""
    return _MARKDOWN.sub(r"\\\1", str(text))
