"""Enterprises: high-tech enterprises by city, the SME tier pyramid, the incubation funnel, the
listing-cultivation pool, and the most active enterprises as buyers and sellers (views/enterprises.py)."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_enterprises", lang), anchor=False)
st.caption(t("caption_enterprises", lang))
panels = ui.view(views.enterprises.panels, f)
if not panels:
    ui.no_data(f)
    st.stop()
cities = panels[0].data
cards = st.columns(3)
cards[0].metric(t("enterprises", lang), f"{cities['enterprises'].sum():,}", border=True)
cards[1].metric(t("high_tech", lang), f"{cities['high_tech'].sum():,}", border=True)
cards[2].metric(t("listing_pool", lang), f"{cities['listing_pool'].sum():,}", border=True)
high_tech, tiers, incubation, *top = panels
ui.panel(high_tech, f)
left, right = st.columns(2)
with left:
    ui.panel(tiers, f)
with right:
    ui.panel(incubation, f)
st.subheader(t("listing_pool", lang), anchor=False)
ui.dataframe(views.enterprises.listing_pool(f, ui.query("enterprises_tiers", f)))
for p in top:
    ui.panel(p, f)
