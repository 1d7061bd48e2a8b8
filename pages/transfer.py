"""Transfer and IP: universities' and research institutes' transfers to enterprises (高校院所成果转化) by
year, region and field; the patent-backed share of transfers and licences; the registry's subtypes and
IP types (views/transfer.py)."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_transfer", lang), anchor=False)
st.caption(t("caption_transfer", lang))
panels = ui.view(views.transfer.panels, f)
if not panels:
    ui.no_data(f)
    st.stop()
years, regions, fields, patent, subtypes, ip = panels
ui.panel(years, f)
left, right = st.columns(2)
with left:
    ui.panel(regions, f)
with right:
    ui.panel(fields, f)
ui.panel(patent, f)
left, right = st.columns(2)
with left:
    ui.panel(subtypes, f)
with right:
    ui.panel(ip, f)
