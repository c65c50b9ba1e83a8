"""Errors of the hotspot analysis that carry a text key (``HOTSPOT_TEXT``) and its parameters.

``str()`` of such an error is the Dutch sentence (the CLI and the logs show it); ``in_lang`` gives it in
the interface language. Numbers and dates in the parameters are formatted per language.
"""

from __future__ import annotations

from datetime import date
from numbers import Integral

from gis.i18n import fmt_int, t
from gis.texts.hotspots import HOTSPOT_TEXT


def _fmt(value: object, lang: str) -> str:
    """One parameter as text in ``lang``: whole numbers with thousands separators, other numbers as ``:g``,
    dates as ``31-12-2024`` (Dutch) or ``2024-12-31`` (English), a ``{"nl": …, "en": …}`` dict by language,
    a list or tuple joined with ", "."""
    if isinstance(value, dict) and "nl" in value:
        return str(value.get(lang) or value["nl"])
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, Integral):
        return fmt_int(int(value), lang)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y" if lang == "nl" else "%Y-%m-%d")
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v, lang) for v in value)
    return str(value)


def message(key: str, lang: str, params: dict[str, object]) -> str:
    """The text of ``key`` in ``lang`` with ``params`` filled in; a ``key`` that is no text key is taken as
    the sentence itself (the same in every language)."""
    if key not in HOTSPOT_TEXT:
        return key
    return t(key, lang, **{name: _fmt(value, lang) for name, value in params.items()})


def _rebuild(cls: type[KeyedError], key: str, params: dict[str, object]) -> KeyedError:
    return cls(key, **params)


class KeyedError(ValueError):
    """A ``ValueError`` made from a text key and parameters; ``str()`` is Dutch, ``in_lang`` any language."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.in_lang("nl"))

    def in_lang(self, lang: str) -> str:
        """The message in ``lang`` ("nl" or "en")."""
        return message(self.key, lang, self.params)

    def __reduce__(self) -> tuple[object, ...]:  # pickled (e.g. cached) errors keep their key and parameters
        return (_rebuild, (type(self), self.key, self.params))


def in_lang(exc: BaseException, lang: str) -> str:
    """The message of ``exc`` in ``lang`` when it carries a text key, else ``str(exc)``."""
    return exc.in_lang(lang) if isinstance(exc, KeyedError) else str(exc)
