"""Cross-border: Hong Kong, Macao, Taiwan and foreign partners; bought from and sold abroad by year,
partner and field; currencies; the share that goes through Hong Kong."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_cross_border", lang), anchor=False)
st.caption({"zh": "境外指港澳台及外国：合同一方在内地以外即为跨境。", "en": "Outside the mainland means Hong Kong, Macao, Taiwan and abroad."}[lang])
panels = ui.view(views.cross_border, f)
if not panels:
    ui.no_data(f)
    st.stop()
*main, currencies, hk = panels
for p in main:
    ui.panel(p, f)
left, right = st.columns(2)
with left:
    ui.panel(currencies, f)
with right:
    ui.panel(hk, f)
