"""Disclosure control for survey results (enquête): the survey rule on top of the small-count rule.

Survey answers are personal data (AVG). Only roles with the right to see survey results get any of this;
what they get is decided here, on the tidy results table of ``gis.analysis.survey_results``:

1. **Open answers** (free text, ``kind == "open"``) are left out entirely unless ``open_answers`` is set
   (the role may see them). They never reach a table, chart or export of a role without that right.
2. **No percentages for small groups**: a share (with its interval) or a mean (with its interval) is shown
   only when the group has at least ``MIN_RESPONDENTS`` (10) respondents *and* at least 10 of them answered
   the question. Otherwise the share and mean columns are NaN, ``hidden`` is True and ``reason`` says
   ``"<10 respondenten"`` or ``"<10 antwoorden"``. Counts stay visible under this rule ("counts only").
3. **Small counts** (``small_counts``, on by default; for reports to working groups, auditors and anything
   leaving the survey team): a count of respondents, answers or choices below ``MIN_COUNT`` (5, 0 included,
   as ``gis.privacy.rules``) is NaN with reason ``"<5"``, and so are its share and interval. So that a hidden
   count cannot be recovered by subtraction, one more cell is hidden (the smallest shown one, reason
   ``"aanvullend verborgen"``) wherever exactly one cell of a sum is hidden while the sum is shown:
   the options of a yes/no or one-choice question within a group (they add up to the answers: the smallest
   other option is hidden), the groups beside the ``totaal`` group (the smallest other group is hidden, the
   total stays), and the respondent types beside ``alle`` (then ``alle`` is hidden: a mix of farmers and
   residents matters less than either). Repeated until nothing changes.
   Survey counts are not perturbed (the cell-key noise of ``gis.privacy.cellkey`` is for the incident
   registers, which are published more widely; perturbed survey counts would break the intervals).

A several-choices question's "not chosen" count (answers minus choices) is not a cell of the table and is
not protected by rule 3; it only says that someone did not pick a measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gis.domain.roles import SMALL_COUNT_SUPPRESSION

__all__ = ["MIN_COUNT", "MIN_RESPONDENTS", "REASON_COMPLEMENT", "REASON_FEW_ANSWERS", "REASON_FEW_RESPONDENTS",
           "REASON_SMALL", "SurveyDisclosure", "apply_survey_rule", "strip_open"]  # fmt: skip

MIN_RESPONDENTS = 10
"""A group needs this many respondents (and answers to the question) before shares or means are shown."""
MIN_COUNT = SMALL_COUNT_SUPPRESSION
"""Counts below this are hidden when ``small_counts`` is on."""
REASON_FEW_RESPONDENTS = "<10 respondenten"
REASON_FEW_ANSWERS = "<10 antwoorden"
REASON_SMALL = "<5"
REASON_COMPLEMENT = "aanvullend verborgen"
SHARE_COLUMNS = ("share", "share_low", "share_high")
MEAN_COLUMNS = ("mean", "mean_low", "mean_high")
COUNT_COLUMNS = ("respondents", "answered", "count")
TOTAL_GROUP = "totaal"
ALL_TYPES = "alle"
_PARTITIONED_KINDS = ("ja_nee", "een_keuze")


@dataclass(frozen=True)
class SurveyDisclosure:
    """What a role may see of survey results (the page maps roles to this; strictest by default)."""

    open_answers: bool = False
    small_counts: bool = True


def strip_open(answers: dict[str, object], open_ids: set[str] | frozenset[str]) -> dict[str, object]:
    """``answers`` without the open (free-text) questions."""
    return {k: v for k, v in answers.items() if k not in open_ids}


def _complement(frame: pd.DataFrame, column: str, hidden: pd.Series, keys: list[str], part: pd.Series,
                total: pd.Series, hide_total: bool) -> pd.Series:  # fmt: skip
    """Rows to hide as well: per ``keys``, where exactly one of the ``part`` rows is hidden and their sum (the
    ``total`` row) is shown, the total itself (``hide_total``) or else the smallest shown other part."""
    extra = pd.Series(False, index=frame.index)
    totals = frame[total & ~hidden]
    by_key = {tuple(str(v) for v in key): i for i, key in zip(totals.index, totals[keys].to_numpy(), strict=True)}
    for key, rows in frame[part].groupby(keys, sort=False, dropna=False):
        at = by_key.get(tuple(str(k) for k in (key if isinstance(key, tuple) else (key,))))
        is_hidden = hidden.loc[rows.index]
        if at is None or len(rows) < 2 or int(is_hidden.sum()) != 1:
            continue
        if hide_total:
            extra.loc[at] = True
            continue
        candidates = rows[~is_hidden]
        order = candidates.assign(_v=candidates[column].astype(float)).sort_values(["_v", "group"], kind="stable")
        extra.loc[order.index[0]] = True
    return extra


def _within(frame: pd.DataFrame, hidden: pd.Series) -> pd.Series:
    """Options of a yes/no or one-choice question add up to its answers: one hidden option is not enough."""
    extra = pd.Series(False, index=frame.index)
    keys = ["group_kind", "group", "respondent_type", "question_id"]
    candidates = frame[frame["kind"].isin(_PARTITIONED_KINDS)]
    for _, rows in candidates.groupby(keys, sort=False):
        is_hidden = hidden.loc[rows.index]
        if int(is_hidden.sum()) == 1 and len(rows) > 1:
            extra.loc[rows[~is_hidden]["count"].astype(float).sort_values(kind="stable").index[0]] = True
    return extra


def _small(frame: pd.DataFrame, column: str) -> pd.Series:
    """Cells of ``column`` below MIN_COUNT, with the complementary cells that protect them."""
    values = frame[column]
    hidden = values.notna() & (values < MIN_COUNT)
    small = hidden.copy()
    is_total, all_types = frame["group_kind"] == TOTAL_GROUP, frame["respondent_type"] == ALL_TYPES
    for _ in range(20):
        extra = _complement(frame, column, hidden, ["respondent_type", "question_id", "option"],
                            ~is_total & values.notna(), is_total & values.notna(), hide_total=False)  # fmt: skip
        extra |= _complement(frame, column, hidden, ["group_kind", "group", "question_id", "option"],
                             ~all_types & values.notna(), all_types & values.notna(), hide_total=True)  # fmt: skip
        if column == "count":
            extra |= _within(frame, hidden)
        extra &= ~hidden
        if not extra.any():
            break
        hidden |= extra
    return pd.Series(np.where(small, REASON_SMALL, np.where(hidden, REASON_COMPLEMENT, "")), index=frame.index)


def apply_survey_rule(results: pd.DataFrame, disclosure: SurveyDisclosure) -> pd.DataFrame:
    """The results table as the role may see it: open questions dropped (unless allowed), shares and means of
    groups under 10 respondents or answers as NaN, small counts as NaN (when ``small_counts``); ``hidden``
    and ``reason`` say which and why. Numeric columns stay numeric (float, NaN where hidden)."""
    out = results.copy()
    if not disclosure.open_answers:
        out = out[out["kind"] != "open"].reset_index(drop=True)
    for col in (*COUNT_COLUMNS, *SHARE_COLUMNS, *MEAN_COLUMNS):
        out[col] = out[col].astype(float)
    reasons: list[list[str]] = [[] for _ in range(len(out))]
    few_resp = (out["respondents"] < MIN_RESPONDENTS).to_numpy()
    few_answers = (out["answered"] < MIN_RESPONDENTS).to_numpy()
    no_share = few_resp | few_answers
    for i in np.flatnonzero(no_share):
        reasons[i].append(REASON_FEW_RESPONDENTS if few_resp[i] else REASON_FEW_ANSWERS)
    if disclosure.small_counts:
        for col in COUNT_COLUMNS:
            why = _small(out, col).to_numpy()
            for i in np.flatnonzero(why != ""):
                if why[i] not in reasons[i]:
                    reasons[i].append(why[i])
            gone = why != ""
            out.loc[gone, col] = np.nan
            if col in ("count", "answered"):
                no_share |= gone
    out.loc[no_share, [*SHARE_COLUMNS, *MEAN_COLUMNS]] = np.nan
    out["hidden"] = [bool(r) for r in reasons]
    out["reason"] = ["; ".join(r) for r in reasons]
    return out
