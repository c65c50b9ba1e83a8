"""Code lists as data: incident categories per source organisation, waste and place types (``code_values``),
every change kept in ``code_history``; a partner's own values mapped once per organisation (``value_mappings``)
and the re-mapping of a batch's "overig" rows with the mappings of today.

Values are never deleted (records keep their code); an administrator retires one instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pandas as pd

from gis.domain.catalog import CODE_LISTS, OTHER_CATEGORY, SOURCE_BY_CODE, Layer, label
from gis.store.errors import StoreError

MAX_CODE_LENGTH = 100


def _list(list_name: str) -> str:
    if list_name not in CODE_LISTS:
        raise StoreError(f"Onbekende codelijst '{list_name}'; kies uit: {', '.join(CODE_LISTS)}.")
    return list_name


def _owner(list_name: str, owner: str | None) -> str:
    """The owner of a value: a source organisation for categories, nobody ('') for the other lists."""
    if list_name != "category":
        return ""
    if owner not in SOURCE_BY_CODE:
        raise StoreError(f"Onbekende bronorganisatie '{owner}'; kies uit: {', '.join(SOURCE_BY_CODE)}.")
    return str(owner)


def _text(value: object, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise StoreError(f"{what} is niet ingevuld.")
    if len(text) > MAX_CODE_LENGTH:
        raise StoreError(f"{what} is te lang ({len(text)} tekens; maximaal {MAX_CODE_LENGTH}).")
    return text


class CodeListsMixin:
    """Code-list methods; the host provides ``transaction``, ``query_df`` and ``scalar``."""

    def code_values(self, list_name: str, owner: str | None = None, include_retired: bool = False) -> pd.DataFrame:
        """The values of a list (of one owner, or all): ``list_name, owner, code, label_nl, label_en, sort_order,
        retired_at``, in their order; retired ones only when asked for."""
        sql = "SELECT list_name, owner, code, label_nl, label_en, sort_order, retired_at FROM code_values " \
              "WHERE list_name = ?"  # fmt: skip
        params: list[object] = [_list(list_name)]
        if owner is not None:
            sql += " AND owner = ?"
            params.append(owner)
        if not include_retired:
            sql += " AND retired_at IS NULL"
        return self.query_df(sql + " ORDER BY owner, sort_order, code", params)  # type: ignore[attr-defined]

    def codes_version(self) -> str:
        """Changes when a code list or a remembered mapping changes (a cache key)."""
        row = self.query_df(  # type: ignore[attr-defined]
            "SELECT (SELECT coalesce(max(id), 0) FROM code_history) AS h, (SELECT count(*) FROM value_mappings) "
            "AS n, (SELECT max(saved_at) FROM value_mappings) AS t"
        ).iloc[0]
        return f"{row['h']}|{row['n']}|{row['t']}"

    def _history(self, cur: Any, user: str, key: tuple[str, str, str], action: str, old: object, new: object) -> None:
        cur.execute(
            "INSERT INTO code_history (user_name, list_name, owner, code, action, old_value, new_value) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [user, *key, action, None if old is None else str(old), None if new is None else str(new)],
        )

    def add_code_value(
        self, list_name: str, owner: str | None, code: str, label_nl: str, label_en: str | None, user: str
    ) -> None:
        """A new value at the end of the list (a retired one with this code is brought back instead)."""
        name, who = _list(list_name), _owner(list_name, owner)
        code, nl = _text(code, "De code"), _text(label_nl or code, "Het Nederlandse label")
        en = " ".join(str(label_en or "").split()) or None
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT retired_at FROM code_values WHERE list_name = ? AND owner = ? AND code = ?",
                              [name, who, code]).fetchone()  # fmt: skip
            if row is not None and row[0] is None:
                raise StoreError(f"De waarde '{code}' staat al in de lijst.")
            if row is not None:
                cur.execute("UPDATE code_values SET retired_at = NULL, label_nl = ?, label_en = ? WHERE list_name = ? "
                            "AND owner = ? AND code = ?", [nl, en, name, who, code])  # fmt: skip
                self._history(cur, user, (name, who, code), "teruggezet", None, nl)
                return
            order = cur.execute("SELECT coalesce(max(sort_order), -1) + 1 FROM code_values WHERE list_name = ? "
                                "AND owner = ?", [name, who]).fetchone()[0]  # fmt: skip
            cur.execute("INSERT INTO code_values (list_name, owner, code, label_nl, label_en, sort_order) "
                        "VALUES (?, ?, ?, ?, ?, ?)", [name, who, code, nl, en, int(order)])  # fmt: skip
            self._history(cur, user, (name, who, code), "toegevoegd", None, f"{nl} / {en or ''}")

    def rename_code_value(
        self, list_name: str, owner: str | None, code: str, label_nl: str, label_en: str | None, user: str
    ) -> None:
        """New labels for a value; the code that records keep stays the same."""
        name, who = _list(list_name), _owner(list_name, owner)
        nl, en = _text(label_nl, "Het Nederlandse label"), " ".join(str(label_en or "").split()) or None
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT label_nl, label_en FROM code_values WHERE list_name = ? AND owner = ? "
                              "AND code = ?", [name, who, code]).fetchone()  # fmt: skip
            if row is None:
                raise StoreError(f"De waarde '{code}' staat niet in de lijst.")
            if (row[0], row[1]) == (nl, en):
                return
            cur.execute("UPDATE code_values SET label_nl = ?, label_en = ? WHERE list_name = ? AND owner = ? "
                        "AND code = ?", [nl, en, name, who, code])  # fmt: skip
            self._history(cur, user, (name, who, code), "hernoemd", f"{row[0]} / {row[1] or ''}", f"{nl} / {en or ''}")

    def retire_code_value(self, list_name: str, owner: str | None, code: str, user: str) -> None:
        """Take a value out of the choices; records that have it keep it (nothing is deleted)."""
        name, who = _list(list_name), _owner(list_name, owner)
        if name == "category" and code == OTHER_CATEGORY:
            raise StoreError(f"'{OTHER_CATEGORY}' kan niet worden ingetrokken: onbekende waarden komen daar terecht.")
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT retired_at FROM code_values WHERE list_name = ? AND owner = ? AND code = ?",
                              [name, who, code]).fetchone()  # fmt: skip
            if row is None or row[0] is not None:
                raise StoreError(f"De waarde '{code}' staat niet (meer) in de lijst.")
            cur.execute("UPDATE code_values SET retired_at = current_timestamp WHERE list_name = ? AND owner = ? "
                        "AND code = ?", [name, who, code])  # fmt: skip
            cur.execute("DELETE FROM value_mappings WHERE list_name = ? AND source_org = ? AND code = ?",
                        [name, who, code])  # fmt: skip
            self._history(cur, user, (name, who, code), "ingetrokken", code, None)

    def code_history(self, list_name: str | None = None) -> pd.DataFrame:
        """Every change of the code lists (newest first): who, when, what."""
        where, params = (" WHERE list_name = ?", [_list(list_name)]) if list_name else ("", [])
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, changed_at, user_name, list_name, owner, code, action, old_value, new_value FROM code_history"
            f"{where} ORDER BY id DESC",
            params,
        )

    def value_mappings(self, source_org: str, list_name: str = "category") -> dict[str, str]:
        """The remembered mappings of one organisation: its own value -> a code of the list."""
        rows = self.query_df(  # type: ignore[attr-defined]
            "SELECT source_value, code FROM value_mappings WHERE source_org = ? AND list_name = ? ORDER BY 1",
            [source_org, _list(list_name)],
        )
        return dict(zip(rows["source_value"], rows["code"], strict=True))

    def save_value_mappings(self, source_org: str, list_name: str, mapping: dict[str, str], user: str) -> int:
        """Remember ``mapping`` (the organisation's value -> code) for the next imports; returns how many."""
        name, who = _list(list_name), _owner(list_name, source_org)
        clean = {" ".join(str(k).split()): str(v) for k, v in mapping.items() if str(k).strip() and v}
        if not clean:
            return 0
        active = set(self.code_values(name, who)["code"])
        wrong = sorted(set(clean.values()) - active)
        if wrong:
            raise StoreError(f"Onbekende waarde(n) voor de lijst '{name}' van {who or 'iedereen'}: "
                             f"{', '.join(repr(w) for w in wrong)}.")  # fmt: skip
        frame = pd.DataFrame({"v": list(clean), "c": list(clean.values())})
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.register("_vm", frame)
            try:
                cur.execute("DELETE FROM value_mappings WHERE source_org = ? AND list_name = ? AND source_value IN "
                            "(SELECT v FROM _vm)", [source_org, name])  # fmt: skip
                cur.execute("INSERT INTO value_mappings (source_org, list_name, source_value, code, saved_by) "
                            "SELECT ?, ?, v, c, ? FROM _vm", [source_org, name, user])  # fmt: skip
            finally:
                cur.unregister("_vm")
        return len(clean)

    def remap_batch(self, batch_id: int, user: str) -> int:
        """Give the "overig" incidents of a batch the category their original text is mapped to today (same
        organisation); the original text stays. Returns how many rows got a category."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT layer, undone_at FROM import_batches WHERE id = ?", [int(batch_id)]).fetchone()
            if row is None or row[1] is not None:
                raise StoreError(f"Importpartij {batch_id} bestaat niet (meer).")
            if row[0] != Layer.INCIDENTS.value:
                return 0
            done = cur.execute(
                "UPDATE incidents SET category = m.code FROM value_mappings m WHERE incidents.batch_id = ? "
                "AND incidents.category = ? AND incidents.category_original IS NOT NULL AND m.list_name = 'category' "
                "AND m.source_org = incidents.source_org AND lower(m.source_value) = "
                "lower(trim(incidents.category_original)) AND m.code <> ? RETURNING incidents.id",
                [int(batch_id), OTHER_CATEGORY, OTHER_CATEGORY],
            ).fetchall()
        return len(done)

    def other_values(self, batch_id: int) -> pd.DataFrame:
        """The original texts of a batch's "overig" incidents with how many rows have each (``value, rows``)."""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT category_original AS value, count(*) AS rows FROM incidents WHERE batch_id = ? AND category = ? "
            "AND category_original IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
            [int(batch_id), OTHER_CATEGORY],
        )


_CACHE: dict[tuple[str, str, str, str], list[str]] = {}
_LOCK = threading.Lock()


def active_codes(store: Any, list_name: str, owner: str | None = None) -> list[str]:
    """The codes of a list as the app offers them, read from the store once per version of the lists."""
    key = (str(store.path), store.codes_version(), list_name, owner or "*")
    with _LOCK:
        if key in _CACHE:
            return list(_CACHE[key])
    codes = list(dict.fromkeys(store.code_values(list_name, owner)["code"]))
    with _LOCK:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = codes
    return list(codes)


_LABELS: dict[tuple[str, str, str], dict[str, tuple[str, str | None]]] = {}


def _labels(store: Any, list_name: str) -> dict[str, tuple[str, str | None]]:
    """Every value of a list, retired ones too (records keep them): code -> (Dutch label, English label)."""
    key = (str(store.path), store.codes_version(), list_name)
    with _LOCK:
        if key in _LABELS:
            return _LABELS[key]
    rows = store.code_values(list_name, None, include_retired=True)
    found: dict[str, tuple[str, str | None]] = {}
    for code, nl, en in zip(rows["code"], rows["label_nl"], rows["label_en"], strict=True):
        found.setdefault(str(code), (str(nl or code), None if en is None or pd.isna(en) else str(en)))
    with _LOCK:
        if len(_LABELS) > 64:
            _LABELS.clear()
        _LABELS[key] = found
    return found


def code_label(store: Any, list_name: str, code: object, lang: str = "nl") -> str:
    """A code as users read it: the list's label in the store (Dutch, or English when ``lang`` is ``en``);
    a value without a label there (or not in the list) as ``catalog.label`` shows it. For many codes at once
    (a table's column, a select box's options) use ``code_labeller``: this asks the store each call."""
    return code_labeller(store, list_name, lang)(code)


def code_labeller(store: Any, list_name: str, lang: str = "nl") -> Callable[[object], str]:
    """``code_label`` for one list and language, with the list read from the store once (per version)."""
    labels = _labels(store, list_name)

    def show(code: object) -> str:
        known = labels.get("" if code is None else str(code))
        if known is None:
            return label(code, lang)
        nl, en = known
        if lang == "en":
            return en or (label(code, lang) if label(code, lang) != str(code) else nl)
        return nl

    return show
