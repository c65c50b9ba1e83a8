"""The Importeren page: upload, confirm mapping/coordinates/categories, check, store, undo batches.

All work is done by ``gis.importing.pipeline`` (the same code as ``python -m gis import``).
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from gis.domain.catalog import OTHER_CATEGORY, SOURCE_BY_CODE, SOURCE_ORGS, Layer, label
from gis.domain.roles import Action
from gis.geo.crs import rd_to_wgs84
from gis.i18n import fmt_int, t
from gis.importing.coords import CRS_LABELS
from gis.importing.errors import ImportFileError
from gis.importing.fields import fields_of, normalise
from gis.importing.pipeline import Analysis, ImportOptions, ImportReport, analyse, run_import
from gis.io.csv_export import to_csv_bytes
from gis.maps.elements import PointLayer
from gis.maps.home import region_map
from gis.maps.styles import LAYER_COLOURS
from gis.store import Store, StoreError
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.downloads import download_button
from gis.ui.state import allowed, current_user, require_user
from gis.ui.text import plain

UPLOAD_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "gpkg", "zip", "kml"]
_TMP = Path(tempfile.gettempdir()) / "vb_uploads"


def _saved_upload(up) -> Path:
    data = up.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    _TMP.mkdir(parents=True, exist_ok=True)
    path = _TMP / f"{digest}{Path(up.name).suffix.lower()}"
    if not path.exists():
        path.write_bytes(data)
    return path


def choices(lang: str, store: Store | None = None) -> tuple[str, str | None]:
    """Layer (those the signed-in role may import into) and source organisation."""
    c1, c2 = st.columns(2)
    order = [Layer.INCIDENTS.value, Layer.DUMPINGS.value, Layer.BARNS.value]
    if store is not None:
        order = [layer for layer in order if allowed(store, Action.IMPORT, layer)]
    layer = c1.selectbox(t("im_layer", lang), order, key="im_layer",
                         format_func=lambda v: t(f"layer_{v}", lang))  # fmt: skip
    source = c2.selectbox(t("im_source", lang), [o.code for o in SOURCE_ORGS], key="im_source",
                          format_func=lambda c: SOURCE_BY_CODE[c].name)  # fmt: skip
    return layer, source


def mapping_form(analysis: Analysis, layer: str, source: str, lang: str) -> dict[str, str | None]:
    """One selectbox per target field, defaulting to the proposal (or last time's mapping)."""
    st.subheader(t("im_mapping", lang))
    st.caption(t("im_mapping_help", lang))
    if analysis.mapping_remembered:
        st.info(t("im_mapping_remembered", lang, source=SOURCE_BY_CODE[source].name), icon=":material/history:")
    options = [None, *analysis.columns]
    chosen: dict[str, str | None] = {}
    cols = st.columns(2)
    for i, f in enumerate(fields_of(layer)):
        if f.name == "geometry" and not analysis.kind.startswith(("geojson", "gpkg", "shp", "kml", "zip")):
            continue
        default = analysis.mapping.get(f.name)
        chosen[f.name] = cols[i % 2].selectbox(
            f.label + (" *" if f.required else ""), options, index=options.index(default) if default in options else 0,
            format_func=lambda c: t("im_not_mapped", lang) if c is None else str(c), key=f"im_map_{layer}_{f.name}",
        )  # fmt: skip
    return chosen


def crs_choice(analysis: Analysis, lang: str) -> str:
    """Automatic (with what was recognised) or an explicit system."""
    guess = CRS_LABELS.get(analysis.crs.kind, "?") + (f", {analysis.crs.example}" if analysis.crs.example else "")
    labels = {"auto": t("im_crs_auto", lang, guess=guess), "rd": t("im_crs_rd", lang), "wgs84": t("im_crs_wgs84", lang)}
    crs = st.radio(t("im_crs", lang), list(labels), format_func=labels.get, horizontal=True, key="im_crs")
    for note in analysis.crs.notes:
        st.caption(f":material/info: {plain(note)}")
    return str(crs)


def category_form(analysis: Analysis, source: str, lang: str) -> dict[str, str | None] | None:
    """File category values -> the source organisation's categories from the store (``None``: kept as "overig"
    with the file's text). Proposed: the organisation's remembered mapping, else an exact name or synonym."""
    if not analysis.categories:
        return None
    options = [None, *(c for c in analysis.category_options if c != OTHER_CATEGORY)]
    out: dict[str, str | None] = {}
    unknown = sum(v is None for v in analysis.categories.values())
    with st.expander(t("im_categories", lang), icon=":material/category:", expanded=bool(unknown)):
        st.caption(t("im_cat_help", lang))
        if analysis.categories_remembered:
            st.caption(f":material/history: {t('im_cat_remembered', lang, n=len(analysis.categories_remembered))}")
        for i, (value, proposal) in enumerate(analysis.categories.items()):
            at = options.index(proposal) if proposal in options else 0
            out[value] = st.selectbox(plain(value), options, index=at, key=f"im_cat_{source}_{i}",
                                      format_func=partial(_category_label, lang=lang))  # fmt: skip
    return out


def _category_label(code: str | None, lang: str) -> str:
    return t("im_cat_other", lang) if code is None else label(code, lang)


def remembered_values(analysis: Analysis, chosen: dict[str, str | None] | None) -> dict[str, str]:
    """The user's choices worth remembering for the organisation: mapped values that are not the code itself."""
    return {v: c for v, c in (chosen or {}).items() if c and normalise(v) != normalise(c)}


def others_view(others: pd.DataFrame, lang: str) -> None:
    """The file values kept as "overig", with their number of rows (shown escaped, as text)."""
    if others is None or others.empty:
        return
    st.warning(t("im_others", lang, n=fmt_int(int(others["rows"].sum()), lang)), icon=":material/label_off:")
    shown = pd.DataFrame({t("im_col_original", lang): others["value"].astype(str),
                          t("im_col_rows", lang): others["rows"].map(lambda n: fmt_int(int(n), lang))})  # fmt: skip
    st.dataframe(shown.head(200), hide_index=True, width="stretch", key="im_others")


def report_view(report: ImportReport, store: Store, layer: str, lang: str) -> None:
    """Counts, the refused rows (downloadable), and a preview of the good rows on the map."""
    st.subheader(t("im_report", lang, ok=fmt_int(report.accepted, lang), bad=fmt_int(report.refused_count, lang)))
    for note in report.notes:
        st.caption(f":material/info: {plain(note)}")
    others_view(report.other_values, lang)
    if len(report.refused):
        names = {c: t(f"im_col_{c}", lang) for c in ("row", "field", "value", "reason")}
        shown = report.refused.rename(columns=names)
        st.dataframe(shown.head(1000), hide_index=True, width="stretch", height=260)
        download_button(t("im_refused_csv", lang), partial(to_csv_bytes, shown), "geweigerde_rijen.csv",
                        store=store, resource="imports", what=f"geweigerd uit '{report.name}'", key="im_refused_dl",
                        mime="text/csv", icon=":material/download:")  # fmt: skip
    if len(report.preview):
        st.caption(t("im_preview_map", lang, n=len(report.preview)))
        munis, _ = region_boundaries(store)
        m = region_map(munis, lang)
        lon, lat = rd_to_wgs84(report.preview["x"].to_numpy(float), report.preview["y"].to_numpy(float))
        rows = [[round(float(a), 6), round(float(b), 6)] for a, b in zip(lat, lon, strict=True)]
        PointLayer(rows, [], t(f"layer_{layer}", lang), LAYER_COLOURS[Layer(layer)], radius=5).add_to(m)
        m.fit_bounds([[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]], max_zoom=14)
        map_widget.static_map(m, key="im_preview", height=380)


def _when(value: object) -> str:
    """A time as dd-mm-jjjj uu:mm, or empty (a table would show a missing time as "None")."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%d-%m-%Y %H:%M")


def batches(store: Store, lang: str) -> None:
    """The imported batches, and undo of one."""
    frame = store.batches()
    if frame.empty:
        return
    st.subheader(t("im_batches", lang))
    shown = pd.DataFrame({
        t("im_col_batch", lang): frame["id"],
        t("im_layer", lang): frame["layer"].map(lambda v: t(f"layer_{v}", lang)),
        t("im_source", lang): frame["source_org"].map(lambda c: SOURCE_BY_CODE[c].name if c in SOURCE_BY_CODE else "—"),
        t("im_file", lang): frame["file_name"], t("ar_by", lang): frame["user_name"],
        t("ar_when", lang): frame["created_at"], t("im_col_rows", lang): frame["rows_imported"],
        t("im_col_refused", lang): frame["rows_refused"], t("im_col_undone", lang): frame["undone_at"].map(_when),
    })  # fmt: skip
    when = st.column_config.DatetimeColumn(format="DD-MM-YYYY HH:mm")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={t("ar_when", lang): when})
    live = frame[frame["undone_at"].isna()]
    if live.empty:
        return
    labels = {int(r.id): f"{r.id}: {r.file_name} ({r.layer}, {r.rows_imported})" for r in live.itertuples()}
    with st.form("im_undo"):
        which = st.selectbox(t("im_undo_which", lang), list(labels), format_func=labels.get)
        sure = st.checkbox(t("im_undo_sure", lang))
        remap = st.form_submit_button(t("im_remap", lang), icon=":material/sync_alt:")
        if remap and (who := require_user(lang)):
            try:
                n = store.remap_batch(which, who)
            except StoreError as exc:
                st.error(plain(exc))
                return
            st.session_state["im_flash"] = t("im_remapped", lang, id=which, n=fmt_int(n, lang))
            st.rerun()
        if st.form_submit_button(t("im_undo", lang), icon=":material/undo:"):
            if not sure:
                st.error(t("im_undo_confirm", lang))
                return
            if not (who := require_user(lang)):
                return
            try:
                n = store.undo_batch(which, who)
            except StoreError as exc:
                st.error(plain(exc))
                return
            st.session_state["im_flash"] = t("im_undone", lang, id=which, n=fmt_int(n, lang))
            st.rerun()


def import_page(store: Store, lang: str) -> None:
    """The whole page."""
    st.caption(t("im_intro", lang))
    if msg := st.session_state.pop("im_flash", None):
        st.success(msg, icon=":material/check_circle:")
    layer, source = choices(lang, store)
    up = st.file_uploader(t("im_file", lang), type=UPLOAD_TYPES, key="im_upload")
    if up is not None:
        _work(store, _saved_upload(up), up.name, layer, source, lang)
    batches(store, lang)


def _analysis(store: Store, path: Path, opts: ImportOptions) -> Analysis:
    """``analyse`` once per file, layer, source and file layer; every widget change reruns the page,
    and reading (and hashing) a large file again each time would make the mapping screen sluggish.
    The number of batches is part of the key, so a new import refreshes "already imported" and the
    remembered mapping."""
    key = (str(path), opts.layer, opts.source_org, opts.file_layer, len(store.batches()))
    cached = st.session_state.get("im_analysis")
    if cached is None or cached[0] != key:
        cached = (key, analyse(store, path, opts))
        st.session_state["im_analysis"] = cached
    return cached[1]


def _work(store: Store, path: Path, name: str, layer: str, source: str, lang: str) -> None:
    base = ImportOptions(layer=layer, source_org=source, name=name,
                         user=current_user() or "onbekend")  # fmt: skip
    try:
        analysis = _analysis(store, path, base)
        if len(analysis.layers) > 1:
            base.file_layer = st.selectbox(t("im_sheet", lang), analysis.layers, key="im_file_layer")
            analysis = _analysis(store, path, base)
    except (ImportFileError, ValueError) as exc:
        st.error(plain(exc))
        return
    st.caption(t("im_rows", lang, n=fmt_int(len(analysis.sample), lang), kind=analysis.kind))
    for note in analysis.notes:
        st.caption(f":material/info: {plain(note)}")
    with st.expander(t("im_sample", lang)):
        st.dataframe(analysis.sample.astype(str), hide_index=True, width="stretch")
    mapping = mapping_form(analysis, layer, source, lang)
    crs = crs_choice(analysis, lang)
    categories = category_form(analysis, source, lang)
    opts = ImportOptions(**{**base.__dict__, "mapping": mapping, "crs": crs, "category_map": categories})
    key = (analysis.file_hash, layer, source, str(sorted(mapping.items(), key=str)), crs, str(categories))
    if st.button(t("im_check", lang), icon=":material/fact_check:"):
        _run(store, path, ImportOptions(**{**opts.__dict__, "dry_run": True}), key, lang)
    report: ImportReport | None = st.session_state.get("im_report")
    if report is None or st.session_state.get("im_report_key") != key:
        return
    report_view(report, store, layer, lang)
    if analysis.duplicate_of:
        d = analysis.duplicate_of
        when = pd.Timestamp(d["created_at"]).strftime("%d-%m-%Y %H:%M")
        st.warning(t("im_duplicate_file", lang, id=d["id"], when=when, who=plain(d["user_name"]), n=d["rows_imported"]),
                   icon=":material/content_copy:")  # fmt: skip
        opts.allow_duplicate_file = st.checkbox(t("im_allow_again", lang), key="im_again")
        if not opts.allow_duplicate_file:
            return
    if report.accepted and st.button(t("im_go", lang, n=fmt_int(report.accepted, lang)), type="primary",
                                     icon=":material/database:"):  # fmt: skip
        if not (who := require_user(lang)):
            return
        opts.user = who
        done = _run(store, path, opts, key, lang)
        if done is not None and done.batch_id is not None:
            store.save_mapping(source, layer, mapping, opts.user)  # type: ignore[arg-type]
            if layer == Layer.INCIDENTS.value and (keep := remembered_values(analysis, categories)):
                store.save_value_mappings(source, "category", keep, opts.user)
            st.session_state.pop("im_report", None)
            st.session_state["im_flash"] = t("im_done", lang, id=done.batch_id, n=fmt_int(done.accepted, lang),
                                             bad=fmt_int(done.refused_count, lang))  # fmt: skip
            st.rerun()


def _run(store: Store, path: Path, opts: ImportOptions, key: tuple, lang: str) -> ImportReport | None:
    bar = st.progress(0.0, text=t("im_progress", lang, n=0))
    size = max(path.stat().st_size, 1)
    read = [0]

    def progress(rows: int, accepted: int) -> None:
        read[0] = rows
        # bytes are not known per chunk; rows of the previous run (if any) give the total
        total = st.session_state.get("im_rows_total") or max(rows * 2, 1)
        bar.progress(min(rows / total, 1.0), text=t("im_progress", lang, n=fmt_int(rows, lang)))

    try:
        report = run_import(store, path, opts, progress)
    except (ImportFileError, ValueError, StoreError) as exc:
        bar.empty()
        st.error(plain(exc))
        return None
    bar.empty()
    st.session_state["im_rows_total"] = report.rows_total or size
    st.session_state["im_report"] = report
    st.session_state["im_report_key"] = key
    return report
