"""The Maatregelen page's catalogue tab: browse and filter the measures (problem, kind, strength of evidence) with
their EMMIE evidence; the administrator adds, changes, retires and deletes measures.

``evidence_block`` (effect, evidence, cost and effort, and the EMMIE notes) is shared with the proposals tab.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.measures.codes import BANDS, EFFECT_DIRECTIONS, EVIDENCE_STRENGTHS, MEASURE_KINDS, PROBLEMS, Labels, label
from gis.partnership.codes import ORGANISATION_KINDS
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui.measures_page import can_edit_catalogue, flash, measure_name, seen_version, when_text, write_error
from gis.ui.state import require_user
from gis.ui.text import plain

WEAK = ("zwak", "geen")  # strengths of evidence that the page names as weak
EMMIE_FIELDS = ("mechanism", "moderators", "implementation", "economy", "source")
NEW = ""  # the "new measure" choice of the editor


def _value(row: object, key: str) -> str:
    value = row.get(key) if isinstance(row, dict | pd.Series) else getattr(row, key, None)
    return "" if value is None or (not isinstance(value, list | tuple) and pd.isna(value)) else str(value)


def problems_of(row: object) -> list[str]:
    """The problem codes of a catalogue row (a list, whatever the backend returned)."""
    value = row.get("problems") if isinstance(row, dict | pd.Series) else getattr(row, "problems", None)
    if value is None or isinstance(value, str | float):
        return [value] if isinstance(value, str) and value else []
    return [str(p) for p in value]


def problems_text(row: object, lang: str) -> str:
    """The problems a measure addresses, in words, comma-separated."""
    return ", ".join(label(PROBLEMS, p, lang) for p in problems_of(row))


def evidence_block(row: object, lang: str, key: str) -> None:
    """Effect, strength of evidence, cost and effort; a plain warning when the evidence is weak; the EMMIE notes
    (mechanism, where it works, implementation, cost, source) in an expander."""
    evidence = _value(row, "evidence")
    parts = [
        f"**{t('ms_effect', lang)}:** {plain(label(EFFECT_DIRECTIONS, _value(row, 'effect'), lang))}",
        f"**{t('ms_evidence', lang)}:** {plain(label(EVIDENCE_STRENGTHS, evidence, lang))}",
        f"**{t('ms_cost', lang)}:** {plain(label(BANDS, _value(row, 'cost'), lang))}",
        f"**{t('ms_effort', lang)}:** {plain(label(BANDS, _value(row, 'effort'), lang))}",
    ]
    st.markdown(" · ".join(parts))
    if evidence in WEAK:
        st.warning(t(f"ms_weak_{evidence}", lang), icon=":material/science:")
    with st.expander(t("ms_emmie", lang), icon=":material/menu_book:", key=f"{key}_emmie"):
        description = _value(row, "description_en" if lang == "en" else "description") or _value(row, "description")
        if description:
            st.markdown(plain(description))
        for field in EMMIE_FIELDS:
            text = _value(row, field)
            st.markdown(f"**{t(f'ms_emmie_{field}', lang)}:** {plain(text) if text else t('ms_unknown', lang)}")


def filter_catalogue(
    catalogue: pd.DataFrame, problems: Sequence[str] = (), kinds: Sequence[str] = (), evidence: Sequence[str] = (),
    text: str = "",
) -> pd.DataFrame:  # fmt: skip
    """The rows that address any of ``problems``, are of one of ``kinds`` and ``evidence`` strengths and name
    ``text`` (case-insensitive, name or description); an empty choice does not filter."""
    keep = pd.Series(True, index=catalogue.index)
    if problems:
        keep &= catalogue.apply(lambda r: bool(set(problems_of(r)) & set(problems)), axis=1).astype(bool)
    if kinds:
        keep &= catalogue["kind"].isin(list(kinds))
    if evidence:
        keep &= catalogue["evidence"].isin(list(evidence))
    needle = text.strip().lower()
    if needle:
        hay = catalogue[["name", "name_en", "description", "description_en"]].fillna("").astype(str)
        keep &= hay.apply(lambda r: needle in " ".join(r).lower(), axis=1).astype(bool)
    return catalogue[keep]


def _table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    def col(key: str) -> str:
        return t(f"mc_col_{key}", lang)

    table = pd.DataFrame({
        col("name"): [measure_name(r, lang) for _, r in rows.iterrows()],
        col("kind"): [label(MEASURE_KINDS, k, lang) for k in rows["kind"]],
        col("problems"): [problems_text(r, lang) for _, r in rows.iterrows()],
        col("effect"): [label(EFFECT_DIRECTIONS, e, lang) for e in rows["effect"]],
        col("evidence"): [label(EVIDENCE_STRENGTHS, e, lang) for e in rows["evidence"]],
        col("cost"): [label(BANDS, c, lang) for c in rows["cost"]],
        col("effort"): [label(BANDS, c, lang) for c in rows["effort"]],
        col("owner"): [label(ORGANISATION_KINDS, o, lang) for o in rows["owner"].fillna("").astype(str)],
    })  # fmt: skip
    if "retired_at" in rows and rows["retired_at"].notna().any():
        table[col("retired")] = [when_text(v) for v in rows["retired_at"]]
    return table


def _multi(name: str, table: Labels, lang: str, column: object) -> list[str]:
    return column.multiselect(t(f"mc_filter_{name}", lang), list(table), format_func=lambda c: label(table, c, lang),
                              key=f"mc_filter_{name}", placeholder=t("mc_all", lang))  # fmt: skip


def catalogue_tab(store: GuardedStore, lang: str) -> None:
    """Filters, the table, one measure's evidence and (administrator) the editor."""
    admin = can_edit_catalogue(store)
    retired = admin and st.toggle(t("mc_show_retired", lang), key="mc_retired")
    catalogue = store.measure_catalogue(include_retired=bool(retired))
    left, middle, right = st.columns(3)
    problems = _multi("problem", PROBLEMS, lang, left)
    kinds = _multi("kind", MEASURE_KINDS, lang, middle)
    evidence = _multi("evidence", EVIDENCE_STRENGTHS, lang, right)
    text = st.text_input(t("mc_search", lang), key="mc_search", max_chars=100)
    rows = filter_catalogue(catalogue, problems, kinds, evidence, text)
    st.caption(t("mc_count", lang, n=len(rows), total=len(catalogue)))
    st.dataframe(_table(rows, lang), hide_index=True, width="stretch", key="mc_table")
    if not rows.empty:
        names = {str(r["code"]): measure_name(r, lang) for _, r in rows.iterrows()}
        code = st.selectbox(t("mc_pick", lang), list(names), format_func=names.get, key="mc_pick")
        row = rows[rows["code"].astype(str) == code].iloc[0]
        st.markdown(f"**{plain(names[code])}** · {plain(problems_text(row, lang))}")
        evidence_block(row, lang, key=f"mc_ev_{code}")
    if admin:
        editor(store, catalogue, lang)


def _form_fields(row: pd.Series | None, gen: int, lang: str) -> dict[str, object]:
    def text(field: str, area: bool = False) -> str:
        widget = st.text_area if area else st.text_input
        return widget(t(f"mc_f_{field}", lang), value=_value(row, field) if row is not None else "",
                      key=f"mc_f_{field}_{gen}")  # fmt: skip

    def choice(field: str, table: Labels) -> str:
        options = list(table)
        have = _value(row, field) if row is not None else ""
        return st.selectbox(t(f"mc_f_{field}", lang), options, index=options.index(have) if have in options else 0,
                            format_func=lambda c: label(table, c, lang), key=f"mc_f_{field}_{gen}")  # fmt: skip

    record: dict[str, object] = {"name": text("name"), "name_en": text("name_en")}
    record["description"] = text("description", area=True)
    record["description_en"] = text("description_en", area=True)
    record["problems"] = st.multiselect(t("mc_f_problems", lang), list(PROBLEMS),
                                        default=problems_of(row) if row is not None else [],
                                        format_func=lambda c: label(PROBLEMS, c, lang), key=f"mc_f_problems_{gen}",
                                        placeholder=t("choose", lang))  # fmt: skip
    record["kind"] = choice("kind", MEASURE_KINDS)
    for field, table in (("owner", ORGANISATION_KINDS), ("cost", BANDS), ("effort", BANDS),
                         ("effect", EFFECT_DIRECTIONS), ("evidence", EVIDENCE_STRENGTHS)):  # fmt: skip
        record[field] = choice(field, table)
    for field in EMMIE_FIELDS:
        record[field] = text(field, area=field != "source")
    return record


def editor(store: GuardedStore, catalogue: pd.DataFrame, lang: str) -> None:
    """Add a measure or change, retire or delete one (administrator); refusals in Dutch, nothing half-written."""
    st.subheader(t("mc_editor", lang))
    names = {str(r["code"]): measure_name(r, lang) for _, r in catalogue.iterrows()}
    if "mc_select" in st.session_state:  # the measure just saved, or a new one after a delete
        st.session_state["mc_edit_pick"] = st.session_state.pop("mc_select")
    if st.session_state.get("mc_edit_pick") not in (NEW, *names):
        st.session_state["mc_edit_pick"] = NEW
    code = st.selectbox(t("mc_edit_pick", lang), [NEW, *names], key="mc_edit_pick",
                        format_func=lambda c: t("mc_new", lang) if c == NEW else f"{names[c]} ({c})")  # fmt: skip
    row = catalogue[catalogue["code"].astype(str) == code].iloc[0] if code != NEW else None
    gen = int(st.session_state.get("mc_gen", 0))
    with st.form(f"mc_form_{code or 'new'}_{gen}"):
        record = _form_fields(row, gen, lang)
        if code == NEW:
            record["code"] = st.text_input(t("mc_f_code", lang), key=f"mc_f_code_{gen}", help=t("mc_code_help", lang))
        else:
            record["code"] = code
        submitted = st.form_submit_button(t("mc_save", lang), type="primary", icon=":material/save:")
    version = None if row is None else seen_version(f"catalogue_{code}", row.get("version"))
    if submitted:
        _run(lambda user: store.save_catalogue_measure(record, user, expected_version=version), "mc_saved", lang)
    if row is None:
        return
    left, right = st.columns(2)
    if pd.isna(row.get("retired_at")):
        if left.button(t("mc_retire", lang), key=f"mc_retire_{code}", icon=":material/archive:"):
            _run(lambda user: store.retire_catalogue_measure(code, user), "mc_retired_done", lang)
    elif left.button(t("mc_restore", lang), key=f"mc_restore_{code}", icon=":material/unarchive:"):
        _run(lambda user: store.restore_catalogue_measure(code, user), "mc_restored", lang)
    sure = right.checkbox(t("mc_delete_sure", lang), key=f"mc_delete_sure_{code}")
    if right.button(t("mc_delete", lang), key=f"mc_delete_{code}", icon=":material/delete:", disabled=not sure):
        _run(lambda user: store.delete_catalogue_measure(code, user), "mc_deleted", lang, reset=True)


def _run(write: object, done_key: str, lang: str, reset: bool = False) -> None:
    """Do one catalogue write as the signed-in user; on success a message after the rerun and fresh forms."""
    if not (user := require_user(lang)):
        return
    try:
        result = write(user)  # type: ignore[operator]
    except (StoreError, PermissionDenied) as exc:
        write_error(exc, lang, "mc_gen")
        return
    flash("success", t(done_key, lang, code=plain(result or st.session_state.get("mc_edit_pick") or "")))
    st.session_state["mc_gen"] = int(st.session_state.get("mc_gen", 0)) + 1
    if reset or done_key == "mc_saved":
        st.session_state["mc_select"] = NEW if reset else str(result)
    st.rerun()


__all__ = ["catalogue_tab", "editor", "evidence_block", "filter_catalogue", "problems_of", "problems_text"]
