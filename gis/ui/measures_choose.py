"""The Maatregelen page's tabs for choosing: the proposals that follow from the area's analysis (with the rule,
the figure and the measure's evidence) and the meeting's discussion (each member's rank and comment, the average
rank, the coordinator's decision and its reason, with who and when).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.measures.codes import DECISIONS, label
from gis.store import Filters
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui.measures_catalogue import evidence_block, problems_text
from gis.ui.measures_page import (
    can_plan,
    can_rank,
    decision_label,
    flash,
    measure_name,
    seen_version,
    when_text,
    write_error,
)
from gis.ui.state import require_user
from gis.ui.text import plain

NO_RANK = 0  # the "no rank" choice (a comment only)
FIRST_PROPOSALS = 8  # the best proposals shown at once; the others in an expander


def _write(action: Callable[[str], object], done: str, lang: str, gen_key: str) -> None:
    """One write as the signed-in user; on success a message after the rerun and fresh forms."""
    if not (user := require_user(lang)):
        return
    try:
        action(user)
    except (StoreError, PermissionDenied) as exc:
        write_error(exc, lang, gen_key)
        return
    flash("success", done)
    st.session_state[gen_key] = int(st.session_state.get(gen_key, 0)) + 1
    st.rerun()


# --- proposals ---------------------------------------------------------------------------------------------------


@st.cache_data(ttl=120, show_spinner=False, max_entries=32)
def _signals(_store: GuardedStore, key: tuple, area_id: int) -> list:
    from gis.measures.proposals import area_signals

    return area_signals(_store, area_id)


def _proposals(store: GuardedStore, area_id: int, catalogue: pd.DataFrame, lang: str) -> tuple[list, list]:
    """The signals of the area's analysis (cached per role, area and data) and the proposals that follow."""
    from gis.measures.proposals import propose

    p = store.principal
    key = (p.user, p.role.value, tuple(sorted(p.scope)), store.codes_version(),
           *(store.layer_count(layer, Filters()) for layer in Layer))  # fmt: skip
    with st.spinner(t("ms_proposals_busy", lang)):
        signals = _signals(store, key, area_id)
    return signals, propose(signals, catalogue, lang)


def _signal_text(signal: object, lang: str) -> str:
    why, name = getattr(signal, "why", None), getattr(signal, "label", None)
    if callable(why) and callable(name):
        return f"{name(lang)}: {why(lang)}"
    return str(signal)


def proposals_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """What the analysis shows, the measures proposed for it (best first) and adding a measure of one's own."""
    catalogue = store.measure_catalogue()
    have = store.area_measures(area_id)
    listed = {str(c): str(d) for c, d in zip(have["code"], have["decision"], strict=True) if isinstance(c, str)}
    signals, proposals = _proposals(store, area_id, catalogue, lang)
    st.caption(t("ms_proposals_help", lang))
    if signals:
        st.markdown(f"**{t('ms_signals', lang)}**")
        st.markdown("\n".join(f"- {plain(_signal_text(s, lang))}" for s in signals))
    if not proposals:  # only who may plan can add a measure of their own
        st.info(t("ms_no_proposals" if can_plan(store) else "ms_no_proposals_view", lang), icon=":material/info:")
    by_code = {str(r["code"]): r for _, r in catalogue.iterrows()}
    for proposal in proposals[:FIRST_PROPOSALS]:
        _proposal_card(store, area_id, proposal, by_code.get(str(proposal.code)), listed.get(str(proposal.code)), lang)
    if len(proposals) > FIRST_PROPOSALS:
        with st.expander(t("ms_more_proposals", lang, n=len(proposals) - FIRST_PROPOSALS), icon=":material/list:"):
            for proposal in proposals[FIRST_PROPOSALS:]:
                _proposal_card(store, area_id, proposal, by_code.get(str(proposal.code)),
                               listed.get(str(proposal.code)), lang)  # fmt: skip
    if can_plan(store):
        own_measure_form(store, area_id, catalogue[~catalogue["code"].astype(str).isin(listed)], lang)


def _proposal_card(store: GuardedStore, area_id: int, proposal: object, row: pd.Series | None, listed: str | None,
                   lang: str) -> None:  # fmt: skip
    code = str(proposal.code)  # type: ignore[attr-defined]
    with st.container(border=True, key=f"ms_prop_{code}"):
        name = measure_name(row, lang) if row is not None else str(proposal.name)  # type: ignore[attr-defined]
        st.markdown(f"#### {plain(name)}")
        reason = str(proposal.reason)  # type: ignore[attr-defined]  # "Voorgesteld omdat ..." (rule and figure)
        st.markdown(plain(reason))
        if row is not None:
            st.caption(f"{t('ms_problems', lang)}: {plain(problems_text(row, lang))}")
            evidence_block(row, lang, key=f"ms_prop_{code}")
        if listed:
            st.success(t("ms_listed", lang, decision=decision_label(listed, lang)), icon=":material/check:")
            return
        if not can_plan(store):
            return
        left, right = st.columns(2)
        if left.button(t("ms_choose", lang), key=f"ms_choose_{code}", type="primary", icon=":material/check:",
                       width="stretch"):  # fmt: skip
            _add(store, area_id, code, reason, "gekozen", name, lang)
        if right.button(t("ms_to_discuss", lang), key=f"ms_propose_{code}", icon=":material/forum:",
                        width="stretch"):  # fmt: skip
            _add(store, area_id, code, reason, "voorgesteld", name, lang)


def _add(store: GuardedStore, area_id: int, code: str | None, reason: str, decision: str, name: str, lang: str,
         title: str = "") -> None:  # fmt: skip
    def action(user: str) -> object:
        return store.add_area_measure(area_id, code, user, title=title, decision=decision, reason=reason)

    done = t("ms_added", lang, name=plain(name), decision=decision_label(decision, lang))
    _write(action, done, lang, "ms_own_gen")


def own_measure_form(store: GuardedStore, area_id: int, catalogue: pd.DataFrame, lang: str) -> None:
    """A measure from the catalogue that was not proposed, or one of the partnership's own (a title)."""
    gen = int(st.session_state.get("ms_own_gen", 0))
    names = {str(r["code"]): measure_name(r, lang) for _, r in catalogue.iterrows()}
    with st.expander(t("ms_own", lang), icon=":material/add:"), st.form(f"ms_own_form_{gen}"):
        code = st.selectbox(t("ms_own_code", lang), list(names), index=None, format_func=names.get,
                            placeholder=t("choose", lang), key=f"ms_own_code_{gen}")  # fmt: skip
        title = st.text_input(t("ms_own_title", lang), max_chars=200, key=f"ms_own_title_{gen}",
                              help=t("ms_own_title_help", lang))  # fmt: skip
        reason = st.text_area(t("ms_reason", lang), max_chars=2000, key=f"ms_own_reason_{gen}")
        decision = st.radio(t("ms_decision", lang), ["voorgesteld", "gekozen"], horizontal=True,
                            format_func=lambda d: decision_label(d, lang), key=f"ms_own_decision_{gen}")  # fmt: skip
        submitted = st.form_submit_button(t("ms_own_add", lang), type="primary", icon=":material/add:")
    if not submitted:
        return
    if not code and not title.strip():
        st.error(t("ms_own_missing", lang), icon=":material/error:")
        return
    name = names[code] if code else title.strip()
    _add(store, area_id, code, reason.strip(), decision, name, lang, title=title.strip())


# --- discussion --------------------------------------------------------------------------------------------------


def ranking_summary(measures: pd.DataFrame, rankings: pd.DataFrame) -> pd.DataFrame:
    """Per area measure (``id``): the average rank of the members who ranked it (``mean_rank``, NaN when none),
    how many ranked (``n_ranked``) and how many commented (``n_comments``)."""
    ranks = rankings.assign(rank=pd.to_numeric(rankings["rank"], errors="coerce"))
    commented = ranks["comment"].fillna("").astype(str).str.strip() != ""
    grouped = ranks.assign(commented=commented).groupby("measure_id")
    summary = pd.DataFrame({"mean_rank": grouped["rank"].mean(), "n_ranked": grouped["rank"].count(),
                            "n_comments": grouped["commented"].sum()})  # fmt: skip
    out = measures[["id"]].merge(summary, left_on="id", right_index=True, how="left")
    out["n_ranked"] = out["n_ranked"].fillna(0).astype(int)
    out["n_comments"] = out["n_comments"].fillna(0).astype(int)
    return out


def _overview(measures: pd.DataFrame, summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    merged = measures.merge(summary, on="id", how="left").sort_values(["mean_rank", "id"], na_position="last")

    def col(key: str) -> str:
        return t(f"ms_col_{key}", lang)

    return pd.DataFrame({
        col("id"): merged["id"].astype(int).to_list(),
        col("name"): [measure_name(r, lang) for _, r in merged.iterrows()],
        col("decision"): [decision_label(d, lang) for d in merged["decision"]],
        col("mean_rank"): merged["mean_rank"].round(1).to_list(),
        col("n_ranked"): merged["n_ranked"].to_list(),
        col("reason"): merged["reason"].fillna("").astype(str).to_list(),
        col("decided_by"): merged["decided_by"].fillna("").astype(str).to_list(),
        col("decided_at"): [when_text(v) for v in merged["decided_at"]],
    })  # fmt: skip


def discuss_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """The area's measures with their average rank; one measure's rankings and comments, the member's own rank
    and comment, and (coordinator) the decision with its reason."""
    measures = store.area_measures(area_id)
    if measures.empty:
        st.info(t("ms_no_measures", lang), icon=":material/info:")
        return
    rankings = store.measure_rankings(area_id)
    summary = ranking_summary(measures, rankings)
    st.caption(t("ms_discuss_help", lang))
    st.dataframe(_overview(measures, summary, lang), hide_index=True, width="stretch", key="ms_discuss_table",
                 column_config={t("ms_col_mean_rank", lang): st.column_config.NumberColumn(format="%.1f")})  # fmt: skip
    names = {int(r["id"]): f"{int(r['id'])}. {measure_name(r, lang)}" for _, r in measures.iterrows()}
    if st.session_state.get("ms_discuss_pick") not in names:
        st.session_state["ms_discuss_pick"] = next(iter(names))
    measure_id = st.selectbox(t("ms_discuss_pick", lang), list(names), format_func=names.get, key="ms_discuss_pick")
    row = measures[measures["id"].astype(int) == measure_id].iloc[0]
    _decision_line(row, lang)
    mine = rankings[(rankings["measure_id"].astype(int) == measure_id)]
    _member_rankings(mine, summary[summary["id"] == measure_id].iloc[0], lang)
    if can_rank(store):
        rank_form(store, measure_id, len(measures), mine, lang)
    if can_plan(store):
        decision_form(store, row, lang)


def _decision_line(row: pd.Series, lang: str) -> None:
    text = t("ms_decision_now", lang, decision=decision_label(row["decision"], lang))
    if isinstance(row.get("decided_by"), str) and row["decided_by"]:
        text += " " + t("ms_decided_by", lang, who=plain(row["decided_by"]), when=when_text(row.get("decided_at")))
    reason = row.get("reason")
    if isinstance(reason, str) and reason.strip():
        text += f" {t('ms_reason_is', lang)} {plain(reason.strip())}"
    st.markdown(text)


def _member_rankings(rankings: pd.DataFrame, summary: pd.Series, lang: str) -> None:
    if rankings.empty:
        st.caption(t("ms_no_rankings", lang))
        return
    mean = summary["mean_rank"]
    if not pd.isna(mean):
        shown = f"{mean:.1f}".replace(".", ",") if lang == "nl" else f"{mean:.1f}"
        st.markdown(t("ms_mean_rank", lang, mean=shown, n=int(summary["n_ranked"])))
    table = pd.DataFrame({
        t("ms_col_member", lang): rankings["user_name"].astype(str).to_list(),
        t("ms_col_rank", lang): pd.to_numeric(rankings["rank"], errors="coerce").astype("Int64").to_list(),
        t("ms_col_comment", lang): rankings["comment"].fillna("").astype(str).to_list(),
        t("ms_col_ranked_at", lang): [when_text(v) for v in rankings["ranked_at"]],
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch", key="ms_rankings_table")


def rank_form(store: GuardedStore, measure_id: int, n_measures: int, rankings: pd.DataFrame, lang: str) -> None:
    """The signed-in member's rank (1 = most important) and comment for one measure."""
    user = store.principal.user
    own = rankings[rankings["user_name"].astype(str) == user]
    have_rank = pd.to_numeric(own["rank"], errors="coerce").iloc[0] if len(own) else None
    have_comment = str(own["comment"].iloc[0] or "") if len(own) else ""
    options = [NO_RANK, *range(1, max(n_measures, 1) + 1)]
    index = options.index(int(have_rank)) if have_rank is not None and int(have_rank) in options else 0
    gen = int(st.session_state.get("ms_rank_gen", 0))
    with st.form(f"ms_rank_form_{measure_id}_{gen}"):
        st.markdown(f"**{t('ms_your_rank', lang)}**")
        rank = st.selectbox(t("ms_rank", lang), options, index=index, key=f"ms_rank_{measure_id}_{gen}",
                            format_func=lambda r: t("ms_no_rank", lang) if r == NO_RANK else str(r))  # fmt: skip
        comment = st.text_area(t("ms_comment", lang), value=have_comment, max_chars=2000,
                               key=f"ms_comment_{measure_id}_{gen}")  # fmt: skip
        submitted = st.form_submit_button(t("ms_rank_save", lang), icon=":material/how_to_vote:")
    if submitted:
        _write(lambda u: store.rank_measure(measure_id, None if rank == NO_RANK else int(rank), comment.strip(), u),
               t("ms_rank_saved", lang), lang, "ms_rank_gen")  # fmt: skip


def decision_form(store: GuardedStore, row: pd.Series, lang: str) -> None:
    """The coordinator records the meeting's decision on a measure and its reason."""
    measure_id = int(row["id"])
    gen = int(st.session_state.get("ms_decide_gen", 0))
    options = list(DECISIONS)
    have = str(row["decision"]) if str(row["decision"]) in options else options[0]
    with st.form(f"ms_decide_form_{measure_id}_{gen}"):
        st.markdown(f"**{t('ms_decide', lang)}**")
        decision = st.radio(t("ms_decision", lang), options, index=options.index(have), horizontal=True,
                            format_func=lambda d: label(DECISIONS, d, lang),
                            key=f"ms_decision_{measure_id}_{gen}")  # fmt: skip
        reason = st.text_area(t("ms_reason", lang), value=str(row.get("reason") or ""), max_chars=2000,
                              key=f"ms_decide_reason_{measure_id}_{gen}")  # fmt: skip
        submitted = st.form_submit_button(t("ms_decide_save", lang), type="primary", icon=":material/gavel:")
    version = seen_version(f"measure_{measure_id}", row.get("version"))
    if submitted:
        done = t("ms_decided", lang, name=plain(measure_name(row, lang)), decision=decision_label(decision, lang))
        _write(lambda u: store.decide_measure(measure_id, decision, reason.strip(), u, expected_version=version),
               done, lang, "ms_decide_gen")  # fmt: skip


__all__ = ["decision_form", "discuss_tab", "own_measure_form", "proposals_tab", "rank_form", "ranking_summary"]
