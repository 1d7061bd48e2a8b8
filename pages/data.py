"""Data quality and provenance: as-of date, ETL runs, rejects by reason, the rejects themselves
(downloadable), and the data dictionary of the analysts' schema."""

import polars as pl
import streamlit as st

from techmarket import exports, ui
from techmarket.db import beijing
from techmarket.i18n import LABELS, t

f = ui.filters()
lang = f.lang
info, as_of, _ = ui.info()
st.title(t("page_data", lang), anchor=False)
first, second = st.columns(2)
first.metric(t("as_of", lang), as_of.latest_signed or "—", border=True)
second.metric(f"{t('loaded_at', lang)} · {t('beijing_time', lang)}", as_of.loaded_at or "—", border=True)

runs = ui.query("data_runs", f).frame
st.subheader(t("title_etl_runs", lang), anchor=False)
st.caption(t("caption_etl_runs", lang))
# The ETL records its times in UTC; people here read Beijing time, and the headers say so.
ui.dataframe(runs.with_columns(pl.col(c).map_elements(beijing, return_dtype=pl.String).alias(f"{c} ({t('beijing_time', lang)})")
                               for c in ("started_at", "finished_at")).drop("started_at", "finished_at"))

by_reason = ui.query("data_rejects_by_reason", f).frame
st.subheader(t("title_rejects", lang), anchor=False)
if by_reason.height:
    # The reason in the page's language beside its code (the codes are etl.check's; the names are i18n's reason_*).
    named = by_reason["reason_code"].map_elements(lambda c: t(f"reason_{c}", lang) if f"reason_{c}" in LABELS else c,
                                                  return_dtype=pl.String)
    ui.dataframe(by_reason.insert_column(2, named.alias(t("load_reason", lang))))
    rejects = ui.query("data_rejects", f, limit=100_000).frame
    ui.dataframe(rejects.head(1000), height=320)
    st.download_button(t("download_rejects", lang), lambda: exports.csv_bytes(rejects),
                       file_name="etl_rejects.csv", mime="text/csv", icon=":material/download:", key="rejects-csv")
else:
    st.success(t("no_rejects", lang), icon=":material/check_circle:")

st.subheader(t("title_dictionary", lang), anchor=False)
dictionary = ui.query("data_dictionary", f).frame
ui.dataframe(dictionary, height=480)
st.download_button(t("download_csv", lang), lambda: exports.csv_bytes(dictionary), file_name="data_dictionary.csv", mime="text/csv",
                   icon=":material/download:", key="dictionary-csv")
if info:
    st.subheader(t("title_dataset", lang), anchor=False)
    st.json(info)
