"""Transfer and IP: universities' and research institutes' transfers to enterprises (高校院所成果转化) by
year, region and field; the patent-backed share of transfers and licences; the registry's subtypes and
IP types (views/transfer.py)."""

import streamlit as st

from techmarket import ui
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_transfer", lang), anchor=False)
st.caption(t("caption_transfer", lang))
view = ui.view("transfer", f)
if view.empty:
    ui.no_data(f)
    st.stop()
ui.panel(view["transfer-academic-years"], f)
left, right = st.columns(2)
with left:
    ui.panel(view["transfer-academic-regions"], f)
with right:
    ui.panel(view["transfer-academic-fields"], f)
ui.panel(view["transfer-patent-share"], f)
left, right = st.columns(2)
with left:
    ui.panel(view["transfer-subtypes"], f)
with right:
    ui.panel(view["transfer-ip-types"], f)
