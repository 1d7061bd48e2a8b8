"""SQL workbench: ad-hoc queries on the live database that cannot hurt anything (techmarket.workbench).

Schema browser and examples on the left; the query box (Ctrl+Enter runs), results, a quick chart and
downloads on the right. The query lives in the URL (`/sql?q=...`): opening such a link runs it.
"""

import datetime as dt

import polars as pl
import streamlit as st

from techmarket import access, charts, exports, queries, ui, workbench
from techmarket.settings import db_path, sql_page_enabled, sql_time_limit

f = ui.filters()
lang = f.lang
L = {k: v[lang == "en"] for k, v in {
    "title": ("SQL查询", "SQL workbench"),
    "intro": ("只读查询：不能修改数据、不能读写文件或联网；单条语句，{limit:g}秒超时，最多显示{cap:,}行。",
              "Read-only: no query can change the data, touch files or the network; one statement, {limit:g} s time limit, "
              "at most {cap:,} rows shown."),
    "password": ("SQL页面密码", "Password for the SQL page"), "wrong": ("密码不正确。", "Wrong password."),
    "schema": ("数据表", "Tables"), "examples": ("示例查询", "Example queries"), "pick": ("选择示例…", "Pick an example…"),
    "query": ("SQL（Ctrl+Enter运行）", "SQL (Ctrl+Enter runs)"), "run": ("运行", "Run"),
    "rows": ("{n:,}行，用时{s:.2f}秒", "{n:,} rows in {s:.2f} s"),
    "truncated": ("结果超过{cap:,}行，仅显示前{cap:,}行；可在下方下载最多{dl:,}行。",
                  "More than {cap:,} rows: the first {cap:,} are shown; download up to {dl:,} below."),
    "chart": ("图表", "Chart"), "x": ("横轴", "x"), "y": ("纵轴", "y"), "color": ("颜色", "Colour"), "mark": ("图形", "Mark"),
    "none": ("（无）", "(none)"), "download": ("下载", "Download"),
    "full": ("准备完整结果（最多{dl:,}行）", "Prepare the full result (up to {dl:,} rows)"),
    "history": ("本次会话的查询", "This session's queries"), "share": ("分享链接：复制浏览器地址栏即可。", "To share: copy the address bar."),
    "insert": ("插入", "Insert"), "off": ("SQL页面已关闭。", "The SQL page is switched off."),
}.items()}

st.title(L["title"], anchor=False)
if not sql_page_enabled():
    st.info(L["off"])
    st.stop()
if not access.unlocked("sql_password", L["password"], L["wrong"]):
    st.stop()


@st.cache_resource
def sandbox(path: str, limit: float) -> workbench.Sandbox:
    return workbench.Sandbox(path, time_limit_s=limit)


box = sandbox(str(db_path()), sql_time_limit())
con, version = ui.cursor()
st.caption(L["intro"].format(limit=box.time_limit_s, cap=box.row_cap))

if "sql_text" not in st.session_state:
    st.session_state["sql_text"] = st.query_params.get("q", "select * from contracts limit 100")
    st.session_state["sql_run"] = "q" in st.query_params
history: list = st.session_state.setdefault("sql_history", [])

left, right = st.columns([1, 2.4])
with left:
    st.markdown(f"**{L['examples']}**")
    options = {f"sql/{n}.sql": queries.compose(con, n, f, **ui.QUERY_DEFAULTS.get(n, {})).runnable()
               for n in queries.named_queries()}
    options |= {f"sql/examples/{n}.sql": text for n, text in queries.examples().items()}
    choice = st.selectbox(L["examples"], ["", *list(options)], format_func=lambda k: k or L["pick"], label_visibility="collapsed",
                          key="sql_example")
    if choice and st.session_state.get("_sql_example_loaded") != choice:
        st.session_state["sql_text"] = options[choice]
        st.session_state["_sql_example_loaded"] = choice
        st.session_state["sql_run"] = True
    st.markdown(f"**{L['schema']}**")
    catalog = ui.schema_catalog()
    desc = "column_comment"
    for table, cols in catalog.group_by("table_name", maintain_order=True):
        name = table[0]
        with st.expander(f"{name} · {cols['rows'][0]:,}", icon=":material/table:"):
            st.caption((cols["table_comment"][0] or "").split(" / ")[lang == "en"] if " / " in (cols["table_comment"][0] or "") else "")
            if st.button(f"{L['insert']} {name}", key=f"ins-{name}", icon=":material/add:"):
                st.session_state["sql_text"] = st.session_state["sql_text"].rstrip() + f" {name}"
            for row in cols.iter_rows(named=True):
                comment = row[desc] or ""
                text = comment.split(" / ")[lang == "en"] if " / " in comment else comment
                c1, c2 = st.columns([3, 1])
                c1.markdown(f"`{row['column_name']}` <small>{row['data_type']}</small><br><small>{text}</small>", unsafe_allow_html=True)
                if c2.button("+", key=f"ins-{name}-{row['column_name']}", help=L["insert"]):
                    st.session_state["sql_text"] = st.session_state["sql_text"].rstrip() + f" {row['column_name']}"

with right:
    with st.form("sql_form", border=False):
        sql = st.text_area(L["query"], key="sql_text", height=220)
        submitted = st.form_submit_button(L["run"], icon=":material/play_arrow:", type="primary")
    if submitted or st.session_state.pop("sql_run", False):
        result = box.run(sql, lang, cursor=con)
        st.session_state["sql_result"] = result
        history.insert(0, {"at": dt.datetime.now().strftime("%H:%M:%S"), "sql": sql, "ok": result.ok,
                           "rows": None if result.frame is None else result.frame.height, "seconds": round(result.seconds, 3)})
        st.query_params["q"] = sql
    result = st.session_state.get("sql_result")
    if result is not None:
        if not result.ok:
            st.error(result.error, icon=":material/error:")
        else:
            st.caption(L["rows"].format(n=result.frame.height, s=result.seconds) + " · " + L["share"])
            if result.truncated:
                st.warning(L["truncated"].format(cap=box.row_cap, dl=workbench.DOWNLOAD_CAP), icon=":material/content_cut:")
            ui.dataframe(result.frame, height=380)
            cols = result.frame.columns
            numeric = [c for c, d in result.frame.schema.items() if d.is_numeric()]
            if numeric and len(cols) >= 2:
                with st.expander(L["chart"], icon=":material/bar_chart:", expanded=True):
                    c1, c2, c3, c4 = st.columns(4)
                    x = c1.selectbox(L["x"], cols, index=0, key="qc_x")
                    y = c2.selectbox(L["y"], numeric, index=len(numeric) - 1, key="qc_y")
                    color = c3.selectbox(L["color"], [None, *cols], format_func=lambda c: c or L["none"], key="qc_c")
                    mark = c4.selectbox(L["mark"], ["bar", "line", "point", "area"], key="qc_m")
                    st.altair_chart(charts.finish(charts.quick_chart(result.frame, x=x, y=y, color=color, mark=mark)),
                                    theme=None, width="stretch")
            st.markdown(f"**{L['download']}**")
            d1, d2, d3, _ = st.columns([1, 1, 1, 2])
            d1.download_button("CSV", exports.csv_bytes(result.frame), "query.csv", "text/csv", icon=":material/download:")
            d2.download_button("XLSX", exports.xlsx_bytes({"result": result.frame, "query": pl.DataFrame({"sql": [result.sql]})}),
                               "query.xlsx", icon=":material/download:")
            d3.download_button("Parquet", exports.parquet_bytes(result.frame), "query.parquet", icon=":material/download:")
            if result.truncated and st.button(L["full"].format(dl=workbench.DOWNLOAD_CAP), icon=":material/cloud_download:"):
                full = box.run(result.sql, lang, row_cap=workbench.DOWNLOAD_CAP, cursor=con)
                if full.ok:
                    st.download_button(f"CSV · {full.frame.height:,}", exports.csv_bytes(full.frame), "query_full.csv", "text/csv")
                    st.download_button(f"Parquet · {full.frame.height:,}", exports.parquet_bytes(full.frame), "query_full.parquet")
                else:
                    st.error(full.error)
    if history:
        with st.expander(L["history"], icon=":material/history:"):
            ui.dataframe(pl.DataFrame(history))
