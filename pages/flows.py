"""Flows: origin-destination matrix, flows between blocs, net flow by bloc, a flow map, corridors (views/flows.py).

Clicking a matrix cell narrows the map and the corridor table to that seller and buyer group.
"""

import polars as pl
import streamlit as st

from techmarket import queries, ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_flows", lang), anchor=False)

level = st.segmented_control(t("matrix_level", lang), list(views.flows.LEVELS), default="province",
                             format_func=lambda v: t(f"level_{v}", lang), key="flows_level", label_visibility="collapsed") or "province"
matrix = ui.view(views.flows.matrix, f, level)
if ui.empty(matrix.data, f):
    st.stop()
with st.container(key="wide-only"):  # the matrix needs ~620 px: a phone shows its largest pairs instead (ui/app.css)
    event = ui.panel(matrix, f)
with st.container(key="narrow-only"):
    ui.panel(ui.view(views.flows.pairs, f, level), f)
picked = list(zip(ui.selected(event, "seller_group"), ui.selected(event, "buyer_group"), strict=False))

for p in ui.view(views.flows.blocs, f):
    ui.panel(p, f)

corridors = ui.query("flows_corridors", f, top=200)
if picked:
    arcs_data = ui.query("flows_map", f, top=60)
    od = matrix.data
    names = dict(zip(od["seller_group"], od["seller_name"], strict=False)) | dict(zip(od["buyer_group"], od["buyer_name"], strict=False))
    st.info(t("narrowed_to", lang) + ", ".join(f"{names.get(s, s)} → {names.get(b, b)}" for s, b in picked), icon=":material/filter_alt:")
    regions = ui.dimension("regions")
    sellers = queries.group_members(regions, level, [s for s, _ in picked])
    buyers = queries.group_members(regions, level, [b for _, b in picked])
    arcs_data = arcs_data.filter(pl.col("seller_region").is_in(sellers) & pl.col("buyer_region").is_in(buyers))
    corridors = corridors.filter(pl.col("seller_region").is_in(sellers) & pl.col("buyer_region").is_in(buyers))

mode = st.segmented_control(t("map_mode", lang), list(views.flows.MAP_MODES), default="china", format_func=lambda m: t(f"map_{m}", lang),
                            key="flows_map_mode", label_visibility="collapsed") or "china"
ui.panel(views.flows.map_panel(f, arcs_data, mode) if picked else ui.view(views.flows.map_top, f, mode), f)
ui.panel(views.flows.corridors(f, corridors), f, table=views.flows.corridor_table(f, corridors))
