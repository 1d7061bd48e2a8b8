"""SQL workbench: ad-hoc queries on the live database that cannot hurt anything (techmarket.workbench).

Schema browser and examples on the left; the query box (Ctrl+Enter runs), results, a quick chart and
downloads on the right. The query lives in the URL (`/sql?q=...`): opening such a link runs it.
"""

import datetime as dt

import polars as pl
import streamlit as st

from techmarket import access, charts, exports, queries, ui, workbench
from techmarket.i18n import bilingual_part, t
from techmarket.settings import db_path, sql_page_enabled, sql_time_limit

f = ui.filters()
lang = f.lang


def L(key: str, **values: object) -> str:
    return t(f"sql_{key}", lang, **values)



st.title(L("title"), anchor=False)
if not sql_page_enabled():
    st.info(L("off"))
    st.stop()
if not access.unlocked("sql_password", L("password"), t("password_wrong", lang)):
    st.stop()


box = ui.sandbox(str(db_path()), sql_time_limit())
con, version = ui.cursor()
st.caption(L("intro", limit=box.time_limit_s, cap=box.row_cap))

# A query in the link (a shared link, or "open on the SQL page" under a chart) is loaded and run; one this
# session wrote there itself is not loaded again.
linked = st.query_params.get("q")
if "sql_text" not in st.session_state or (linked is not None and linked != st.session_state.get("_sql_linked")):
    st.session_state["sql_text"] = linked or "select * from contracts limit 100"
    st.session_state["sql_run"] = linked is not None
    st.session_state["_sql_linked"] = linked
history: list = st.session_state.setdefault("sql_history", [])

left, right = st.columns([1, 2.4])
with left:
    st.markdown(f"**{L('examples')}**")
    options = {f"sql/{n}.sql": text for n, text in ui.named_sql(f).items()}
    options |= {f"sql/examples/{n}.sql": text for n, text in queries.examples().items()}
    choice = st.selectbox(L("examples"), ["", *list(options)], format_func=lambda k: k or L("pick"), label_visibility="collapsed",
                          key="sql_example")
    if choice and st.session_state.get("_sql_example_loaded") != choice:
        st.session_state["sql_text"] = options[choice]
        st.session_state["_sql_example_loaded"] = choice
        st.session_state["sql_run"] = True
    st.markdown(f"**{L('tables')}**")
    catalog = ui.schema_catalog()
    for table, cols in catalog.group_by("table_name", maintain_order=True):
        name = table[0]
        with st.expander(f"{name} · {cols['rows'][0]:,}", icon=":material/table:"):
            st.caption(bilingual_part(cols["table_comment"][0], lang))
            if st.button(f"{L('insert')} {name}", key=f"ins-{name}", icon=":material/add:"):
                st.session_state["sql_text"] = st.session_state["sql_text"].rstrip() + f" {name}"
            for row in cols.iter_rows(named=True):
                text = bilingual_part(row["column_comment"], lang)
                c1, c2 = st.columns([3, 1])
                c1.markdown(f"`{row['column_name']}` <small>{row['data_type']}</small><br><small>{text}</small>", unsafe_allow_html=True)
                if c2.button("+", key=f"ins-{name}-{row['column_name']}", help=L("insert")):
                    st.session_state["sql_text"] = st.session_state["sql_text"].rstrip() + f" {row['column_name']}"

with right:
    with st.form("sql_form", border=False):
        sql = st.text_area(L("query"), key="sql_text", height=220)
        submitted = st.form_submit_button(L("run"), icon=":material/play_arrow:", type="primary")
    if submitted or st.session_state.pop("sql_run", False):
        result = box.run(sql, lang, cursor=con)
        st.session_state["sql_result"] = result
        history.insert(0, {"at": dt.datetime.now().strftime("%H:%M:%S"), "sql": sql, "ok": result.ok,
                           "rows": None if result.frame is None else result.frame.height, "seconds": round(result.seconds, 3)})
        st.query_params["q"] = sql
        st.session_state["_sql_linked"] = sql
    result = st.session_state.get("sql_result")
    if result is not None:
        if not result.ok:
            st.error(result.error, icon=":material/error:")
        else:
            st.caption(L("rows", n=result.frame.height, s=result.seconds) + " · " + L("share"))
            if result.truncated:
                st.warning(L("truncated", cap=box.row_cap, dl=workbench.DOWNLOAD_CAP), icon=":material/content_cut:")
            ui.dataframe(result.frame, height=380)
            cols = result.frame.columns
            numeric = [c for c, d in result.frame.schema.items() if d.is_numeric()]
            if numeric and len(cols) >= 2:
                with st.expander(L("chart"), icon=":material/bar_chart:", expanded=True):
                    c1, c2, c3, c4 = st.columns(4)
                    x = c1.selectbox(L("x"), cols, index=0, key="qc_x")
                    y = c2.selectbox(L("y"), numeric, index=len(numeric) - 1, key="qc_y")
                    color = c3.selectbox(L("color"), [None, *cols], format_func=lambda c: c or L("none"), key="qc_c")
                    mark = c4.selectbox(L("mark"), ["bar", "line", "point", "area"], key="qc_m")
                    st.altair_chart(charts.finish(charts.quick_chart(result.frame, x=x, y=y, color=color, mark=mark)),
                                    theme=None, width="stretch")
            st.markdown(f"**{t('download', lang)}**")
            d1, d2, d3, _ = st.columns([1, 1, 1, 2])
            d1.download_button("CSV", exports.csv_bytes(result.frame), "query.csv", "text/csv", icon=":material/download:")
            d2.download_button("XLSX", exports.xlsx_bytes({"result": result.frame, "query": pl.DataFrame({"sql": [result.sql]})}),
                               "query.xlsx", icon=":material/download:")
            d3.download_button("Parquet", exports.parquet_bytes(result.frame), "query.parquet", icon=":material/download:")
            if result.truncated and st.button(L("full", dl=workbench.DOWNLOAD_CAP), icon=":material/cloud_download:"):
                full = box.run(result.sql, lang, row_cap=workbench.DOWNLOAD_CAP, cursor=con)
                if full.ok:
                    st.download_button(f"CSV · {full.frame.height:,}", exports.csv_bytes(full.frame), "query_full.csv", "text/csv")
                    st.download_button(f"Parquet · {full.frame.height:,}", exports.parquet_bytes(full.frame), "query_full.parquet")
                else:
                    st.error(full.error)
    if history:
        with st.expander(L("history"), icon=":material/history:"):
            ui.dataframe(pl.DataFrame(history))
