"""Overview: KPI cards, a reading of the data, trends by bloc, top fields and top corridors (views/overview.py)."""

import streamlit as st

from techmarket import ui
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_overview", lang), anchor=False)
st.caption(t("app_subtitle", lang))
view = ui.view("overview", f)
if view.empty:
    ui.no_data(f)
    st.stop()
for card, column in zip(view.cards, st.columns(len(view.cards)), strict=True):
    column.metric(card.label, card.value, card.delta, border=True, help=card.compares)
st.markdown(f"> {view.reading}")
ui.panel(view["overview-trend"], f, reading=False)  # the sentence above already says it
left, right = st.columns(2)
with left:
    ui.panel(view["overview-fields"], f)
with right:
    ui.panel(view["overview-corridors"], f)
