"""Cross-border: Hong Kong, Macao, Taiwan and foreign partners; bought from and sold abroad by year,
partner and field; currencies; the share that goes through Hong Kong."""

import polars as pl
import streamlit as st

from techmarket import charts, readings, ui
from techmarket.charts import DIRECTION_COLORS
from techmarket.i18n import t
from techmarket.metrics import CONTRACTS, VALUE, value_unit

f = ui.filters()
lang = f.lang
unit = value_unit(f)
st.title(t("page_cross_border", lang), anchor=False)
st.caption({"zh": "境外指港澳台及外国：合同一方在内地以外即为跨境。", "en": "Outside the mainland means Hong Kong, Macao, Taiwan and abroad."}[lang])

DIRS = {d: t(d, lang) for d in ("bought_from_abroad", "sold_abroad")}
direction_scale = charts.alt.Scale(domain=list(DIRS.values()), range=[DIRECTION_COLORS[d] for d in DIRS])


def named(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(pl.col("direction").replace_strict(DIRS).alias("direction_name"))


by_year = ui.query("cross_border_by_year", f)
if ui.empty(by_year, f):
    st.stop()
ui.chart_block(
    "cross-border-years", {"zh": "从境外购入与向境外输出", "en": "Bought from and sold abroad"}[lang],
    charts.grouped_bars(named(by_year), x="year", y="value", color="direction_name", x_title=t("year", lang), y_title=VALUE.label(f),
                        color_title=t("direction", lang), number_format=VALUE.d3_format(f), scale=direction_scale),
    by_year, f, sql=[("cross_border_by_year", {})], unit=unit, reading=readings.cross_border_sentence(by_year, f),
)

partners = named(ui.query("cross_border_partners", f))
top = partners.group_by("partner_name").agg(pl.col("value").sum()).sort("value", descending=True).head(20)["partner_name"]
ui.chart_block(
    "cross-border-partners", t("partner", lang),
    charts.bars(partners.filter(pl.col("partner_name").is_in(top.implode())), category="partner_name", value="value",
                value_title=VALUE.label(f), category_title="", number_format=VALUE.d3_format(f), color="direction_name",
                color_title=t("direction", lang), color_scale=direction_scale),
    partners, f, sql=[("cross_border_partners", {})], unit=unit,
    reading=readings.top_sentence(partners.group_by("partner_name").agg(pl.col("value").sum()), "partner_name", "value", f,
                                  "境外伙伴", "Partners"),
)

points = partners.group_by("partner_name", "lat", "lon").agg(pl.col("value").sum()).rename({"partner_name": "name"})
ui.chart_block(
    "cross-border-map", {"zh": "境外伙伴分布示意图", "en": "Partners outside the mainland (schematic)"}[lang],
    charts.points_map(points, value="value", value_title=VALUE.label(f), number_format=VALUE.d3_format(f), name_title=t("partner", lang)),
    points, f, sql=[("cross_border_partners", {})], unit=unit,
    source={"zh": "示意图，不作为划界依据；仅绘制地点，不绘制国界。坐标为首都或首府。", "en": "Schematic, not a boundary reference; places only, no borders. "
            "Coordinates are capitals."}[lang],
)

fields = named(ui.query("cross_border_fields", f))
ui.chart_block(
    "cross-border-fields", t("fields", lang),
    charts.bars(fields, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                number_format=VALUE.d3_format(f), color="direction_name", color_title=t("direction", lang), color_scale=direction_scale),
    fields, f, sql=[("cross_border_fields", {})], unit=unit,
)

left, right = st.columns(2)
with left:
    currencies = ui.query("cross_border_currencies", f)
    ui.chart_block(
        "cross-border-currencies", t("currency", lang),
        charts.stacked_bars(currencies, x="year", y="contracts", color="currency", x_title=t("year", lang),
                            y_title=CONTRACTS.label(f), color_title=t("currency", lang), number_format=CONTRACTS.d3_format(f)),
        currencies, f, sql=[("cross_border_currencies", {})], unit=t("unit_contracts", lang),
    )
with right:
    hk = ui.query("cross_border_via_hk", f)
    ui.chart_block(
        "cross-border-hk", t("via_hk_share", lang),
        charts.stacked_bars(hk.with_columns(pl.lit(t("via_hk_share", lang)).alias("series")), x="year", y="hk_share_pct",
                            color="series", x_title=t("year", lang), y_title=f"{t('via_hk_share', lang)} (%)", color_title="",
                            number_format=".1f", scale=charts.alt.Scale(range=["#30638E"])),
        hk, f, sql=[("cross_border_via_hk", {})], unit="%",
    )
