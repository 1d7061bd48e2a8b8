"""Entry point: `streamlit run dashboard.py`."""

import streamlit as st

from techmarket import db
from techmarket.settings import db_path

st.set_page_config(page_title="技术市场 · Technology market", layout="wide")
path = db_path()
st.title("技术市场数据 · Technology-market data")
if not path.exists():
    st.info(f"No database at {path}. Build one with `python -m etl demo` or load files with `python -m etl load FILE...`.")
    st.stop()
con = db.connect_readonly(path)
st.caption(f"{path} · version {db.data_version(path)}")
st.dataframe(
    [{"table": t, "rows": n, "description": c} for t, n, c in db.table_overview(con)],
    hide_index=True,
    width="stretch",
)
