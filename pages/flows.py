"""Flows: origin-destination matrix, flows between blocs, net flow by bloc, a flow map, corridors (views/flows.py).

Clicking a matrix cell sets a seller-side and a buyer-side filter (`seller=`, `buyer=` in the URL): every
panel then answers for exactly that pair, and the page says so, with a way to clear it.
"""

from dataclasses import replace

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_flows", lang), anchor=False)

if f.directional:
    st.info(t("selected_sides", lang, sellers=ui.place_names(f.sellers, lang) or t("all", lang),
              buyers=ui.place_names(f.buyers, lang) or t("all", lang)), icon=":material/filter_alt:")
    if st.button(t("clear_sides", lang), icon=":material/filter_alt_off:", key="flows_clear"):
        ui.set_filters(replace(f, sellers=(), buyers=()))
        st.session_state.pop("chart-flows-matrix", None)
        st.rerun()

level = st.segmented_control(t("matrix_level", lang), list(views.flows.LEVELS), default="province",
                             format_func=lambda v: t(f"level_{v}", lang), key="flows_level", label_visibility="collapsed") or "province"
mode = st.session_state.get("flows_map_mode") or "china"
view = ui.view("flows", f, level=level, mode=mode)
if view.empty:
    ui.no_data(f)
    st.stop()
with st.container(key="wide-only"):  # the matrix needs ~620 px: a phone shows its largest pairs instead (ui/app.css)
    event = ui.panel(view["flows-matrix"], f)
with st.container(key="narrow-only"):
    ui.panel(view["flows-pairs"], f)
picked = list(zip(ui.selected(event, "seller_group"), ui.selected(event, "buyer_group"), strict=False))
if picked:
    chosen = replace(f, sellers=tuple(dict.fromkeys(s for s, _ in picked)), buyers=tuple(dict.fromkeys(b for _, b in picked)))
    if chosen != f:
        ui.set_filters(chosen)
        st.rerun()

ui.panel(view["flows-sankey"], f)
ui.panel(view["flows-net"], f)
st.segmented_control(t("map_mode", lang), list(views.flows.MAP_MODES), default="china", format_func=lambda m: t(f"map_{m}", lang),
                     key="flows_map_mode", label_visibility="collapsed")
ui.panel(view["flows-map"], f)
ui.panel(view["flows-corridors"], f)
