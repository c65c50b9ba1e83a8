"""CSS for the page shell, once per run: hidden helper elements and, in Dutch, Streamlit's own widget texts.

Streamlit 1.67 has no Dutch locale: its file uploader says "Upload", "Drag and drop a file here" and
"60MB per file • CSV, …", a multiselect offers "Select all". In Dutch those texts are hidden (font size 0)
and the Dutch text is drawn in their place (``::after``); the widget itself is untouched. The selectors are
those of Streamlit 1.67's DOM (``data-testid``); ``tests/e2e/test_shell.py`` fails when an upgrade changes them.
"""

from __future__ import annotations

import streamlit as st
from streamlit import config

from gis.i18n import t

_HIDDEN = ".st-key-vb_shell_script { display: none !important; }"
# A page link's label wraps on a narrow screen instead of ending in "…" ("Naar Samenwerking (tabblad Doelen e…").
_WRAP_LINKS = (
    '[data-testid="stPageLink-NavLink"] { height: auto !important; }\n'
    '[data-testid="stPageLink-NavLink"] span, [data-testid="stPageLink-NavLink"] p '
    "{ white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }"
)
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'


def _replace(selector: str, text: str, size: str = "0.875rem") -> str:
    """CSS that shows ``text`` instead of the text of the element(s) at ``selector``."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'{selector} {{ font-size: 0 !important; }}\n{selector}::after {{ content: "{quoted}"; font-size: {size}; }}'


def _upload_limit_mb() -> int:
    try:
        return int(config.get_option("server.maxUploadSize"))
    except (TypeError, ValueError, RuntimeError):
        return 200  # Streamlit's default


def shell_css(lang: str, limit_mb: int | None = None) -> str:
    """The shell's CSS for ``lang``: in Dutch also the file uploader's texts (``limit_mb``: its size limit)."""
    if lang != "nl":
        return f"{_HIDDEN}\n{_WRAP_LINKS}"
    mb = _upload_limit_mb() if limit_mb is None else limit_mb
    rules = [
        _HIDDEN,
        _WRAP_LINKS,
        _replace(f'{_DROPZONE} button [data-testid="stMarkdownContainer"] p', t("sh_browse", lang)),
        _replace('[data-testid="stFileUploaderDropzoneInstructions"] span', t("sh_limit", lang, mb=mb)),
        _replace(f"{_DROPZONE} > input:not([multiple]) + div > span", t("sh_drop", lang), "1rem"),
        _replace(f"{_DROPZONE} > input[multiple] + div > span", t("sh_drop_many", lang), "1rem"),
        _replace('[role="option"][data-key="__select_all__"] > div', t("sh_select_all", lang)),
        _replace('[role="option"][data-key="__select_matches__"] > div', t("sh_select_matches", lang)),
    ]
    return "\n".join(rules)


PHONE_MAX_PX = 640
# Streamlit 1.67 leaves the sidebar over the content after a page is chosen on a phone: close it then.
# Installed once per browser tab (the listener outlives reruns); it only clicks Streamlit's own button.
SIDEBAR_SCRIPT = (
    "<script>if (!window.__vbSidebarCloses) { window.__vbSidebarCloses = true;"
    " document.addEventListener('click', (event) => {"
    " const link = event.target.closest && event.target.closest('[data-testid=\"stSidebarNav\"] a');"
    f" if (!link || window.innerWidth >= {PHONE_MAX_PX}) return;"
    " setTimeout(() => { const close = document.querySelector("
    '\'[data-testid="stSidebarCollapseButton"] button, button[aria-label="Collapse sidebar"]\');'
    " if (close) close.click(); }, 50); }, true); }</script>"
)


def shell_style(lang: str) -> None:
    """Put the shell's CSS on the page (a style-only element takes no room)."""
    st.html(f"<style>{shell_css(lang)}</style>")
