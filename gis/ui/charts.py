"""Altair charts in the interface language: Dutch month names and number formats in NL (Vega-Lite's
``config.locale``), English in EN. One chart per layer, each on its own y-scale, hidden months marked "<5".

The chart builders are pure (Altair only); ``show_chart`` is the one Streamlit call.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from gis.counts import fmt_number
from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED

MONTHS: dict[str, tuple[str, ...]] = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip
SHORT_MONTHS: dict[str, tuple[str, ...]] = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
DAYS: dict[str, tuple[str, ...]] = {
    "nl": ("zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"),
    "en": ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
}
HIDDEN_COLOUR = "#9e9e9e"


def vega_locale(lang: str = "nl") -> dict:
    """Vega's number and time format locale (d3-format / d3-time-format definitions) for ``lang``."""
    lang = lang if lang in MONTHS else "nl"
    dutch = lang == "nl"
    number = {"decimal": "," if dutch else ".", "thousands": "." if dutch else ",", "grouping": [3],
              "currency": ["€\u00a0", ""] if dutch else ["€", ""]}  # fmt: skip
    time = {
        "dateTime": "%A %e %B %Y %X" if dutch else "%a %b %e %X %Y",
        "date": "%d-%m-%Y" if dutch else "%m/%d/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": list(DAYS[lang]),
        "shortDays": [d[:2] if dutch else d[:3] for d in DAYS[lang]],
        "months": list(MONTHS[lang]),
        "shortMonths": list(SHORT_MONTHS[lang]),
    }
    return {"number": number, "time": time}


def month_label(month: pd.Timestamp, lang: str = "nl") -> str:
    """``maart 2025`` / ``March 2025``."""
    return f"{MONTHS[lang if lang in MONTHS else 'nl'][month.month - 1]} {month.year}"


def month_frame(months: pd.Series, counts: pd.Series, lang: str = "nl") -> pd.DataFrame:
    """What a month chart draws: ``month`` (datetime), ``n`` (float, NaN where hidden), ``hidden`` (bool), and
    the tooltip texts ``label`` and ``shown`` in the language."""
    month = pd.to_datetime(months).reset_index(drop=True)
    raw = pd.to_numeric(counts).reset_index(drop=True)
    hidden = raw == SUPPRESSED
    shown = [f"<{SMALL_COUNT_SUPPRESSION}" if h else fmt_number(v, lang) for v, h in zip(raw, hidden, strict=True)]
    return pd.DataFrame({
        "month": month, "n": raw.astype("float64").where(~hidden, np.nan), "hidden": hidden.to_numpy(),
        "label": [month_label(m, lang) for m in month], "shown": shown,
    })  # fmt: skip


def month_chart(data: pd.DataFrame, title: str, colour: str, lang: str = "nl", height: int = 200,
                month_title: str = "", count_title: str = "") -> alt.LayerChart:  # fmt: skip
    """Bars per month on the chart's own y-scale; a grey tick on the axis for each hidden month."""
    x = alt.X("yearmonth(month):T", title=month_title or None, axis=alt.Axis(format="%b %Y", labelAngle=0,
              labelOverlap="greedy"))  # fmt: skip
    tooltip = [alt.Tooltip("label:N", title=month_title or " "), alt.Tooltip("shown:N", title=count_title or title)]
    base = alt.Chart(data)
    bars = (
        base.transform_filter("!datum.hidden")
        .mark_bar(color=colour)
        .encode(
            x=x, y=alt.Y("n:Q", title=count_title or None, axis=alt.Axis(format=",d", tickMinStep=1)), tooltip=tooltip
        )
    )
    ticks = (
        base.transform_filter("datum.hidden")
        .mark_tick(color=HIDDEN_COLOUR, thickness=3, size=10)
        .encode(x=x, y=alt.datum(0), tooltip=tooltip)
    )
    return (
        alt.layer(bars, ticks)
        .properties(title=title, height=height, width="container")
        .configure(locale=vega_locale(lang))
        .configure_title(anchor="start", fontSize=14)
    )


def show_chart(chart: alt.TopLevelMixin, key: str) -> None:
    """Render an Altair chart across the container's width."""
    st.altair_chart(chart, key=key, width="stretch")
