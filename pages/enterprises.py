"""Enterprises: high-tech enterprises by city, the SME tier pyramid, the incubation funnel, the
listing-cultivation pool, and the most active enterprises as buyers and sellers (views/enterprises.py)."""

import streamlit as st

from techmarket import ui
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_enterprises", lang), anchor=False)
st.caption(t("caption_enterprises", lang))
view = ui.view("enterprises", f)
if view.empty:
    ui.no_data(f)
    st.stop()
for card, column in zip(view.cards, st.columns(len(view.cards)), strict=True):
    column.metric(card.label, card.value, card.delta, border=True, help=card.compares)
ui.panel(view["enterprises-high-tech"], f)
left, right = st.columns(2)
with left:
    ui.panel(view["enterprises-tiers"], f)
with right:
    ui.panel(view["enterprises-incubation"], f)
for key in ("enterprises-listing-pool", "enterprises-top-seller", "enterprises-top-buyer"):
    ui.panel(view[key], f)
