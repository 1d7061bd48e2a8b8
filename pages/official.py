"""Published statistics with their sources: province output vs absorption, the national trend, YRD
and other figures, and this registry's shares beside the published ones (views/official.py).

Published figures are shown exactly as published (亿元 / contracts), whatever the unit and
currency filters say, each with its source."""

import streamlit as st

from techmarket import ui
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_official", lang), anchor=False)
st.caption(t("caption_official", lang))
years = ui.query("official_years", f).frame["year"].to_list()
year = st.selectbox(t("year", lang), years, index=0, key="official_year")
view = ui.view("official", f, year=year)
ui.panel(view["official-provinces"], f)
ui.panel(view["official-national"], f)
compare = view["official-compare"]
st.caption(t("caption_registry_vs_published", lang))
if compare.data.height:
    ui.panel(compare, f)
else:
    st.subheader(compare.title, anchor=False)
    st.info(t("registry_no_year", lang))
st.caption(t("caption_official_other", lang))
ui.panel(view["official-other"], f)
