"""One dumping report opened from the register: facts, photos, history, status move, edit, dossier."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gis.domain.catalog import SOURCE_BY_CODE, SUBSTANCES, Layer, label, labels
from gis.domain.dumping_form import FormError, validate_dumping
from gis.domain.dumping_workflow import NEEDS_CLEANUP, WorkflowError, allowed_moves
from gis.domain.roles import can_edit_record
from gis.dumpings import add_photos, change_status, dumping_choices, fmt_money, fmt_number, to_store_record
from gis.i18n import t
from gis.io.photos import PhotoError
from gis.store import ConflictError, Store, StoreError
from gis.store.codelists import code_label, code_labeller
from gis.ui import dumping_dossier
from gis.ui.dumping_form import YES_NO, _yes_no_label, now_nl
from gis.ui.edit_conflict import reload_after_conflict, seen_stamp
from gis.ui.state import require_user, signed_user
from gis.ui.text import plain

FACTS = ("found_at", "status", "municipality_name", "place_type", "waste_type", "container_count", "volume_l",
         "substances", "substances_other", "into_soil_water", "reporter_org", "reporter_name", "notes",
         "cleanup_cost", "cleanup_date", "x", "y", "linked_to", "created_by")  # fmt: skip
FACT_LABELS = {"found_at": "f_found", "status": "f_status", "municipality_name": "f_municipality",
               "place_type": "f_place", "waste_type": "f_waste", "container_count": "f_containers",
               "volume_l": "f_volume", "substances": "f_substances", "substances_other": "dp_substances_other",
               "into_soil_water": "dp_soil_water", "reporter_org": "f_reporter_org",
               "reporter_name": "dp_reporter_name", "notes": "f_notes", "cleanup_cost": "dp_cleanup_cost",
               "cleanup_date": "dp_cleanup_date", "x": "dp_x", "y": "dp_y", "linked_to": "dp_linked_to",
               "created_by": "dp_created_by"}  # fmt: skip


def _show(value: object, key: str, lang: str, store: Store | None = None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "—"
    if key == "into_soil_water":
        return t("dp_yes" if value else "dp_no", lang)
    if key == "reporter_org":
        return label(SOURCE_BY_CODE[value].name, lang) if value in SOURCE_BY_CODE else str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y %H:%M" if key == "found_at" else "%d-%m-%Y")
    if key in ("x", "y"):
        return f"{float(value):.0f}"  # RD coordinates are written without grouping
    if key in ("cleanup_cost", "amount_requested", "amount_granted"):
        return fmt_money(float(value), lang)
    if key == "volume_l":
        return f"{fmt_number(float(value), lang)} l"
    if key == "container_count":
        return fmt_number(float(value), lang, 0)
    if key in ("place_type", "waste_type") and store is not None:
        return code_label(store, key, value, lang)  # the list's label (an administrator's value has one)
    if key in ("status", "place_type", "waste_type"):
        return label(value, lang)
    if key == "substances":
        return labels(str(value), lang)
    return str(value)


def facts(record: dict[str, object], lang: str, store: Store | None = None) -> None:
    """The report's fields as a two-column table (text shown exactly as typed)."""
    rows = [(t(FACT_LABELS[k], lang), _show(record.get(k), k, lang, store)) for k in FACTS]
    st.dataframe(pd.DataFrame(rows, columns=[t("dp_field", lang), t("dp_value", lang)]), hide_index=True,
                 width="stretch", height=35 * (len(rows) + 1) + 3)  # fmt: skip


def photos(store: Store, dumping_id: int, lang: str) -> None:
    """The photos (copies without EXIF), and adding more."""
    files = store.dumping_files(dumping_id)
    pics = files[files["kind"] == "foto"] if len(files) else files
    if len(pics):
        cols = st.columns(min(3, len(pics)))
        for i, row in enumerate(pics.itertuples()):
            _, _, data = store.dumping_file(int(row.id))
            cols[i % len(cols)].image(data, caption=str(row.name), width="stretch")
    with st.form(f"dd_photos_{dumping_id}", clear_on_submit=True):
        ups = st.file_uploader(t("dp_add_photos", lang), type=["jpg", "jpeg", "png"], accept_multiple_files=True)
        if st.form_submit_button(t("dp_add_photos_button", lang), icon=":material/add_a_photo:") and ups:
            if not (who := _user(lang)):
                return
            try:
                n = add_photos(store, dumping_id, [(u.name, u.getvalue()) for u in ups], who)
                st.session_state["dd_flash"] = t("dp_photos_added", lang, n=n)
                st.rerun()
            except ConflictError as exc:
                reload_after_conflict(exc, lang)
            except (PhotoError, StoreError) as exc:
                st.error("\n".join(plain(e) for e in getattr(exc, "errors", [str(exc)])))


def _user(lang: str) -> str | None:
    return require_user(lang)


def status_move(store: Store, record: dict[str, object], lang: str) -> None:
    """Move along the workflow: only allowed moves are offered, the store checks again."""
    current = str(record["status"])
    moves = allowed_moves(current)
    dumping_id = int(record["id"])  # type: ignore[call-overload]
    generation = st.session_state.get("dd_status_gen", 0)
    with st.form(f"dd_status_{dumping_id}_{generation}"):
        st.markdown(f"**{t('dp_status_now', lang, status=label(current, lang))}**")
        target = st.selectbox(t("dp_status_new", lang), moves, format_func=lambda s: label(s, lang))
        c1, c2 = st.columns(2)
        cost = c1.number_input(t("dp_cleanup_cost", lang), min_value=0.0, step=50.0, value=None,
                               help=t("dp_cleanup_help", lang))  # fmt: skip
        when = c2.date_input(t("dp_cleanup_date", lang), value=None, format="DD-MM-YYYY")
        note = st.text_input(t("dp_status_note", lang), max_chars=500)
        user = signed_user(lang)
        sent = st.form_submit_button(t("dp_status_button", lang), type="primary", icon=":material/move_down:")
    if not sent:
        return
    st.session_state["user_name"] = user.strip()
    cleanup = target in NEEDS_CLEANUP
    if not cleanup and (cost is not None or when is not None):
        st.error(t("dp_cleanup_only", lang, status=", ".join(label(s, lang) for s in NEEDS_CLEANUP)))
        return
    try:
        seen = str(record.get("_seen") or "") or None
        change_status(store, dumping_id, target, user, note, cost if cleanup else None,
                      when if cleanup else None, today=now_nl().date(), seen=seen)  # fmt: skip
    except ConflictError as exc:
        reload_after_conflict(exc, lang)
    except (WorkflowError, FormError, StoreError) as exc:
        st.error(plain("\n".join(getattr(exc, "errors", [str(exc)]))))
        return
    st.session_state["dd_flash"] = t("dp_status_done", lang, status=label(target, lang))
    st.session_state["dd_status_gen"] = generation + 1
    st.rerun()


def history(store: Store, dumping_id: int, lang: str) -> None:
    """The append-only history: when, who, from, to, note."""
    h = store.dumping_history(dumping_id)
    for column in ("from_status", "to_status"):
        h[column] = h[column].map(lambda s: label(s, lang) if isinstance(s, str) else s)
    h = h.fillna("—")
    h.columns = [t(k, lang) for k in ("ar_when", "ar_by", "dp_from", "dp_to", "dp_note")]
    when = st.column_config.DatetimeColumn(format="DD-MM-YYYY HH:mm")
    st.dataframe(h, hide_index=True, width="stretch", column_config={t("ar_when", lang): when})


def detail(store: Store, dumping_id: int, lang: str) -> None:
    """Everything about one report."""
    try:
        record = store.dumping(dumping_id)
    except StoreError as exc:
        st.error(plain(exc))
        return
    record["_seen"] = seen_stamp(record)
    if msg := st.session_state.pop("dd_flash", None):
        st.success(msg, icon=":material/check_circle:")
    if msg := st.session_state.pop("dd_conflict", None):
        st.error(msg, icon=":material/sync_problem:")
    st.subheader(t("dp_detail_title", lang, id=dumping_id, status=label(record["status"], lang)))
    principal = getattr(store, "principal", None)  # a guarded store; the bare store (tests, CLI) may all
    editable = principal is None or can_edit_record(principal, Layer.DUMPINGS, str(record.get("created_by") or ""))
    left, right = st.columns([1, 1], gap="medium")
    with left:
        facts(record, lang, store)
    with right:
        if editable:
            status_move(store, record, lang)
        photos(store, dumping_id, lang)
    with st.expander(t("dp_history", lang), icon=":material/history:", expanded=True):
        history(store, dumping_id, lang)
    if not editable:  # viewing roles: no edit form, no dossier (it carries originals and personal data)
        st.caption(t("dp_view_only", lang))
        return
    with st.expander(t("dp_edit", lang), icon=":material/edit:"):
        edit_form(store, record, lang)
    dumping_dossier.dossier(store, record, lang)


EDIT_FIELDS = ("place_type", "waste_type", "container_count", "volume_l", "substances", "substances_other",
               "into_soil_water", "reporter_name", "notes")  # fmt: skip


def edit_form(store: Store, record: dict[str, object], lang: str) -> None:
    """Correct the report's fields; checked like a new report, only what changed is written."""
    dumping_id = int(record["id"])  # type: ignore[call-overload]
    subs = [s for s in str(record.get("substances") or "").split("; ") if s]
    choices = dumping_choices(store, keep=record)  # the record's own value stays selectable, even if retired
    with st.form(f"dd_edit_{dumping_id}"):
        show = lambda code: label(code, lang)  # noqa: E731
        place = st.selectbox(t("f_place", lang), choices["place_type"],
                             index=_index(choices["place_type"], record["place_type"]),
                             format_func=code_labeller(store, "place_type", lang))  # fmt: skip
        waste = st.selectbox(t("f_waste", lang), choices["waste_type"],
                             index=_index(choices["waste_type"], record["waste_type"]),
                             format_func=code_labeller(store, "waste_type", lang))  # fmt: skip
        c1, c2 = st.columns(2)
        count = c1.number_input(t("f_containers", lang), min_value=0, step=1, value=_num(record["container_count"]))
        volume = c2.number_input(t("f_volume", lang), min_value=0.0, step=10.0, value=_num(record["volume_l"], float),
                                 format="%g")  # fmt: skip
        chosen = st.multiselect(t("f_substances", lang), SUBSTANCES, default=[s for s in subs if s in SUBSTANCES],
                                placeholder=t("dp_substances_unknown", lang), format_func=show)  # fmt: skip
        other = st.text_input(t("dp_substances_other", lang), value=str(record.get("substances_other") or ""))
        soil = st.radio(t("dp_soil_water", lang), YES_NO, index=YES_NO.index(record.get("into_soil_water")),
                        horizontal=True, format_func=lambda v: _yes_no_label(v, lang))  # fmt: skip
        reporter = st.text_input(t("dp_reporter_name", lang), value=str(record.get("reporter_name") or ""))
        notes = st.text_area(t("f_notes", lang), value=str(record.get("notes") or ""), max_chars=4000)
        sent = st.form_submit_button(t("dp_edit_save", lang), icon=":material/save:")
    if not sent:
        return
    values = {**record, "place_type": place, "waste_type": waste, "container_count": count, "volume_l": volume,
              "substances": chosen, "substances_other": other, "into_soil_water": soil, "reporter_name": reporter,
              "notes": notes}  # fmt: skip
    try:
        clean = to_store_record(validate_dumping(values, now_nl(), new=False, choices=choices))
    except FormError as exc:
        st.error("\n".join(f"- {plain(e)}" for e in exc.errors))
        return
    changes = {k: clean.get(k) for k in EDIT_FIELDS if clean.get(k) != (record.get(k) if record.get(k) != "" else None)}
    if not changes:
        st.info(t("dp_nothing_changed", lang))
        return
    if not (who := _user(lang)):
        return
    try:
        store.update_dumping(dumping_id, changes, who, seen=str(record.get("_seen") or "") or None)
    except ConflictError as exc:
        reload_after_conflict(exc, lang)
    st.session_state["dd_flash"] = t("dp_edited", lang, n=len(changes))
    st.rerun()


def _index(options: tuple[str, ...] | list[str], value: object) -> int | None:
    return options.index(value) if value in options else None


def _num(value: object, kind: type = int) -> float | int | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else kind(value)
