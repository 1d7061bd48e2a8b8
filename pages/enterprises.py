"""Enterprises: high-tech enterprises by city, the SME tier pyramid, the incubation funnel, the
listing-cultivation pool, and the most active enterprises as buyers and sellers."""

import polars as pl
import streamlit as st

from techmarket import charts, ui
from techmarket.i18n import t
from techmarket.metrics import VALUE, value_unit

f = ui.filters()
lang = f.lang
unit = value_unit(f)
st.title(t("page_enterprises", lang), anchor=False)
st.caption({"zh": "企业名录按所选地区筛选（年份与领域不适用）；最活跃企业按所选年份、地区和领域统计。",
            "en": "The enterprise register follows the region filters (not years or fields); the most active enterprises follow all filters."}[lang])

cities = ui.query("enterprises_by_city", f)
if ui.empty(cities, f):
    st.stop()
cards = st.columns(3)
cards[0].metric(t("enterprises", lang), f"{cities['enterprises'].sum():,}", border=True)
cards[1].metric(t("high_tech", lang), f"{cities['high_tech'].sum():,}", border=True)
cards[2].metric(t("listing_pool", lang), f"{cities['listing_pool'].sum():,}", border=True)

top_cities = charts.with_bloc_names(cities.head(20), lang)
ui.chart_block(
    "enterprises-high-tech", {"zh": "高新技术企业（按城市）", "en": "High-tech enterprises by city"}[lang],
    charts.bars(top_cities, category="region_name", value="high_tech", value_title=t("high_tech", lang), category_title="",
                number_format=",.0f", color="bloc_name", color_title=t("bloc", lang), lang=lang),
    cities, f, sql=[("enterprises_by_city", {})], unit={"zh": "家", "en": "enterprises"}[lang],
)

stages = ui.query("enterprises_tiers", f)
left, right = st.columns(2)
with left:
    tiers = stages.filter(pl.col("kind") == "tier").with_columns(
        pl.col("stage").replace_strict({s: t(f"tier_{s}", lang) for s in ("innovative", "specialized", "little_giant")}).alias("label"))
    ui.chart_block(
        "enterprises-tiers", {"zh": "专精特新梯度", "en": "SME tier pyramid"}[lang],
        charts.pyramid(tiers, stage="label", value="enterprises", stage_title="", value_title=t("enterprises", lang),
                       order=[t(f"tier_{s}", lang) for s in ("little_giant", "specialized", "innovative")], color="#D1495B"),
        tiers, f, sql=[("enterprises_tiers", {})], unit={"zh": "家", "en": "enterprises"}[lang],
    )
with right:
    funnel = stages.filter(pl.col("kind") == "incubation").with_columns(
        pl.col("stage").replace_strict({s: t(f"stage_{s}", lang) for s in ("seedbed", "incubator", "accelerator", "cluster")})
        .alias("label"))
    ui.chart_block(
        "enterprises-incubation", {"zh": "孵化链条（苗圃→孵化器→加速器→集群）", "en": "Incubation pipeline"}[lang],
        charts.pyramid(funnel, stage="label", value="enterprises", stage_title="", value_title=t("enterprises", lang),
                       order=[t(f"stage_{s}", lang) for s in ("seedbed", "incubator", "accelerator", "cluster")]),
        funnel, f, sql=[("enterprises_tiers", {})], unit={"zh": "家", "en": "enterprises"}[lang],
    )

pool = stages.select("kind", "stage", "listing_pool", "enterprises")
st.subheader(t("listing_pool", lang), anchor=False)
st.dataframe(pool.with_columns(pl.col("stage").replace_strict(
    {**{s: t(f"tier_{s}", lang) for s in ("innovative", "specialized", "little_giant")},
     **{s: t(f"stage_{s}", lang) for s in ("seedbed", "incubator", "accelerator", "cluster")}})).rename(
    {"stage": t("stage", lang), "listing_pool": t("listing_pool", lang), "enterprises": t("enterprises", lang)}).drop("kind"),
    hide_index=True, width="stretch")

parties = charts.with_bloc_names(ui.query("enterprises_top_parties", f, top=15), lang)
for side in ("seller", "buyer"):
    part = parties.filter(pl.col("side") == side)
    ui.chart_block(
        f"enterprises-top-{side}", {"zh": "最活跃企业 · ", "en": "Most active · "}[lang] + t(side, lang),
        charts.bars(part, category="party_name", value="value", value_title=VALUE.label(f), category_title="",
                    number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("bloc", lang), lang=lang),
        part, f, sql=[("enterprises_top_parties", {"top": 15})], unit=unit,
    )
