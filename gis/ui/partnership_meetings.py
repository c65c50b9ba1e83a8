"""The Overleggen tab of the Samenwerking page (step A4): the meeting calendar, minutes with decisions, action
items (owner, due date, done; overdue ones flagged), the annual evaluations and the partnership's attached files.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.io.attachments import check_attachment
from gis.store.dumpings import StoredFile
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.partnership_page import as_date, day, table, write
from gis.ui.state import allowed
from gis.ui.text import plain


def overdue(items: pd.DataFrame, today: date | None = None) -> list[bool]:
    """Per action item: due before ``today`` and not done."""
    today = today or date.today()
    return [as_date(r.done_on) is None and (as_date(r.due_on) or today) < today for r in items.itertuples()]


def meetings_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Calendar, one meeting's minutes and action items, and the files."""
    meetings = store.meetings(area_id).sort_values("held_on")
    st.subheader(t("ps_calendar", lang))
    today = date.today()
    if meetings.empty:
        st.caption(t("ps_no_meetings", lang))
    else:
        shown = meetings.assign(coming=["✓" if (as_date(d) or today) >= today else "" for d in meetings["held_on"]])
        table(shown, {"held_on": "ps_col_held_on", "title": "ps_col_title", "coming": "ps_col_coming"}, lang,
              "ps_meetings_table")  # fmt: skip
    writer = allowed(store, Action.CREATE, "partnership")
    if writer:
        _meeting_form(store, area_id, lang)
    if len(meetings):
        titles = {int(r.id): f"{day(r.held_on)} {r.title}" for r in meetings.itertuples()}
        chosen = st.selectbox(t("ps_choose_meeting", lang), list(titles)[::-1], format_func=titles.get,
                              key="ps_meeting_which")  # fmt: skip
        row = meetings[meetings["id"] == chosen].iloc[0]
        for key, column in (("ps_minutes", "minutes"), ("ps_decisions", "decisions")):
            if str(row.get(column) or "").strip():
                st.markdown(f"**{t(key, lang)}**")
                st.text(str(row[column]))
        _action_items(store, area_id, int(chosen), writer, lang)
    _evaluations(store, area_id, writer, lang)
    _files(store, area_id, meetings, writer, lang)


def _meeting_form(store: GuardedStore, area_id: int, lang: str) -> None:
    with st.expander(t("ps_new_meeting", lang), key="ps_exp_meeting", icon=":material/event:"):
        with st.form("ps_meeting_form", clear_on_submit=True):
            held = st.date_input(t("ps_meeting_date", lang), value=date.today(), format="DD-MM-YYYY",
                                 key="ps_mt_date")  # fmt: skip
            title = st.text_input(t("ps_meeting_title", lang), key="ps_mt_title")
            minutes = st.text_area(t("ps_minutes", lang), key="ps_mt_minutes")
            decisions = st.text_area(t("ps_decisions", lang), key="ps_mt_decisions")
            if not st.form_submit_button(t("ps_save_meeting", lang)):
                return
        record = {"held_on": held, "title": title.strip(), "minutes": minutes.strip(), "decisions": decisions.strip()}

        def saved(meeting_id: int) -> str:  # the new meeting is the one shown below, ready for its action items
            st.session_state["ps_meeting_which"] = int(meeting_id)
            return t("ps_meeting_saved", lang, title=plain(record["title"]), day=f"{held:%d-%m-%Y}")

        write(lambda: store.save_meeting(area_id, record, store.principal.user), saved, lang)


def _action_items(store: GuardedStore, area_id: int, meeting_id: int, writer: bool, lang: str) -> None:
    st.markdown(f"**{t('ps_actions', lang)}**")
    items = store.action_items(area_id)
    items = items[items["meeting_id"] == meeting_id]
    if items.empty:
        st.caption(t("ps_no_actions", lang))
    else:
        shown = items.assign(late=["⚠" if late else "" for late in overdue(items)])
        columns = {"text": "ps_action_text", "owner": "ps_col_owner", "due_on": "ps_col_due", "done_on": "ps_col_done",
                   "late": "ps_col_overdue"}  # fmt: skip
        table(shown, columns, lang, f"ps_actions_{meeting_id}")
    if not writer:
        return
    with st.form(f"ps_action_form_{meeting_id}", clear_on_submit=True):
        st.caption(t("ps_add_action", lang))
        text = st.text_input(t("ps_action_text", lang), key=f"ps_ai_text_{meeting_id}")
        left, right = st.columns(2)
        owner = left.text_input(t("ps_action_owner", lang), key=f"ps_ai_owner_{meeting_id}")
        due = right.date_input(t("ps_action_due", lang), value=None, format="DD-MM-YYYY", key=f"ps_ai_due_{meeting_id}")
        if st.form_submit_button(t("ps_save_action", lang)):
            record = {"text": text.strip(), "owner": owner.strip(), "due_on": due, "done_on": None}
            write(lambda: store.save_action_item(meeting_id, record, store.principal.user),
                  lambda i: t("ps_action_saved", lang, id=i), lang)  # fmt: skip
    open_items = items[items["done_on"].isna()] if len(items) else items
    if len(open_items) and allowed(store, Action.UPDATE, "partnership"):
        texts = {int(r.id): f"{r.text} ({r.owner})" for r in open_items.itertuples()}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        item = left.selectbox(t("ps_mark_which", lang), list(texts), format_func=texts.get, key=f"ps_done_{meeting_id}")
        if right.button(t("ps_mark_done", lang), key=f"ps_done_btn_{meeting_id}"):
            row = open_items[open_items["id"] == item].iloc[0]
            record = {"text": row.text, "owner": row.owner, "due_on": as_date(row.due_on), "done_on": date.today()}
            write(lambda: store.save_action_item(meeting_id, record, store.principal.user, item_id=int(item)),
                  lambda _: t("ps_marked", lang), lang)  # fmt: skip


def _evaluations(store: GuardedStore, area_id: int, writer: bool, lang: str) -> None:
    """The annual evaluations (the cycle after certification): date and summary."""
    st.subheader(t("ps_evaluations", lang))
    rows = store.evaluations(area_id)
    if rows.empty:
        st.caption(t("ps_no_evaluations", lang))
    else:
        table(rows, {"held_on": "ps_col_held_on", "summary": "ps_eval_summary"}, lang, "ps_evaluations_table")
    if not writer:
        return
    with st.form("ps_eval_form", clear_on_submit=True):
        held = st.date_input(t("ps_eval_date", lang), value=date.today(), format="DD-MM-YYYY", key="ps_eval_date")
        summary = st.text_area(t("ps_eval_summary", lang), key="ps_eval_summary")
        if st.form_submit_button(t("ps_eval_save", lang)):
            write(lambda: store.save_evaluation(area_id, held, summary.strip(), store.principal.user),
                  lambda _: t("ps_eval_saved", lang), lang)  # fmt: skip


def _file(store: GuardedStore, file_id: int) -> bytes:
    return store.partnership_file(file_id)[2]


def _files(store: GuardedStore, area_id: int, meetings: pd.DataFrame, writer: bool, lang: str) -> None:
    st.subheader(t("ps_files", lang))
    files = store.partnership_files(area_id)
    if files.empty:
        st.caption(t("ps_no_files", lang))
    for row in files.itertuples():
        topic = str(getattr(row, "topic", "") or "")
        name = str(row.name) if hasattr(row, "name") else str(getattr(row, "file_name", "bestand"))
        download_button(f"{plain(name)}" + (f" — {plain(topic)}" if topic else ""), partial(_file, store, int(row.id)),
                        name, store=store, resource="partnership", what=f"bestand {row.id}, gebied {area_id}",
                        key=f"ps_file_{row.id}", mime=str(getattr(row, "mime", "") or "") or None,
                        icon=":material/attach_file:")  # fmt: skip
    if not writer:
        return
    titles = {None: t("ps_no_link", lang), **{int(r.id): f"{day(r.held_on)} {r.title}" for r in meetings.itertuples()}}
    with st.form("ps_file_form", clear_on_submit=True):
        up = st.file_uploader(t("ps_upload", lang), type=["pdf", "jpg", "jpeg", "png"], key="ps_file_upload")
        topic = st.text_input(t("ps_upload_topic", lang), key="ps_file_topic")
        meeting = st.selectbox(t("ps_upload_meeting", lang), list(titles), format_func=titles.get, key="ps_file_mt")
        if not st.form_submit_button(t("ps_upload_button", lang)) or up is None:
            return

    def add() -> int:
        doc = check_attachment("overig", up.name, up.getvalue())
        stored = StoredFile(doc.kind, doc.name, doc.mime, doc.data, doc.sha256)
        user = store.principal.user
        return store.add_partnership_file(area_id, stored, user, meeting_id=meeting, topic=topic.strip())

    write(add, lambda _: t("ps_file_saved", lang, name=plain(up.name)), lang)


__all__ = ["meetings_tab", "overdue"]
