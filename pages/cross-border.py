"""Cross-border: Hong Kong, Macao, Taiwan and foreign partners; bought from and sold abroad by year,
partner and field; currencies; the share that goes through Hong Kong (views/cross_border.py)."""

import streamlit as st

from techmarket import ui
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_cross_border", lang), anchor=False)
st.caption(t("caption_cross_border", lang))
view = ui.view("cross-border", f)
if view.empty:
    ui.no_data(f)
    st.stop()
*main, currencies, hk = view.panels.values()
for p in main:
    ui.panel(p, f)
left, right = st.columns(2)
with left:
    ui.panel(currencies, f)
with right:
    ui.panel(hk, f)
