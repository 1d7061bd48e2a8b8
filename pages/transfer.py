"""Transfer and IP: universities' and research institutes' transfers to enterprises (高校院所成果转化) by
year, region and field; the patent-backed share of transfers and licences; the registry's subtypes and
IP types."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_transfer", lang), anchor=False)
st.caption({"zh": "卖方、买方类型：文件给出的照录，未给出的由统一社会信用代码（事业单位另按名称）推出；合同子类与知识产权类型只统计文件给出的合同。",
            "en": "Kinds of party: as the file gives them, else derived from the credit code (and, for public institutions, the name); "
                  "subtypes and IP types count only the contracts whose file gives them."}[lang])
panels = ui.view(views.transfer, f)
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
