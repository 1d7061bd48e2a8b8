"""Published statistics with their sources: province output vs absorption, the national trend, YRD
and other figures, and this registry's shares beside the published ones.

Published figures are shown exactly as published (亿元 / contracts), whatever the unit and
currency filters say, each with its source."""

import polars as pl
import streamlit as st

from techmarket import charts, ui
from techmarket.charts import DIRECTION_COLORS
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_official", lang), anchor=False)
st.caption({"zh": "公开发布数据原样展示（亿元、项），不随金额单位与币种筛选变化；每个数字附来源。输出按卖方所在地，吸纳按买方所在地，两表合计相同。",
            "en": "Published figures as published (CNY 100m, contracts), whatever the unit and currency filters; each with its source. "
                  "Output groups contracts by the seller's province, absorption by the buyer's; both add up to the same national total."}[lang])
YEARBOOK = "中国科技统计年鉴 (China Statistical Yearbook on Science and Technology), NBS & MOST"

years = ui.query("official_years", f)["year"].to_list()
year = st.selectbox(t("year", lang), years, index=0, key="official_year")
provinces = ui.query("official_provinces", f, year=year)
name_col = "geo_name_en" if lang == "en" else "geo_name_zh"
DIRS = {"output": t("output", lang), "absorb": t("absorb", lang)}
scale = charts.alt.Scale(domain=list(DIRS.values()), range=[DIRECTION_COLORS[d] for d in DIRS])
value = provinces.filter(pl.col("measure") == "tech_market_contract_value").with_columns(
    pl.col("direction").replace_strict(DIRS).alias("direction_name"))
ui.chart_block(
    "official-provinces", {"zh": f"{year}年各省技术输出与吸纳（成交额）", "en": f"Technology output and absorption by province, {year}"}[lang],
    charts.bars(value, category=name_col, value="value", value_title={"zh": "成交额 (亿元)", "en": "Contract value (CNY 100m)"}[lang],
                category_title="", number_format=",.2f", color="direction_name", color_title=t("direction", lang), color_scale=scale,
                height=1100, side_by_side=True),
    provinces, f, sql=[("official_provinces", {"year": year})], unit=t("unit_yi", lang), source=YEARBOOK,
)

national = ui.query("official_national", f)
nat = national.filter(pl.col("measure") == "tech_market_contract_value").with_columns(pl.lit("CN").alias("bloc"),
                                                                                     pl.lit({"zh": "全国", "en": "China"}[lang]).alias("series"))
ui.chart_block(
    "official-national", {"zh": "全国技术合同成交额", "en": "National technology-contract value"}[lang],
    charts.stacked_bars(nat, x="year", y="value", color="series", x_title=t("year", lang),
                        y_title={"zh": "成交额 (亿元)", "en": "Contract value (CNY 100m)"}[lang], color_title="", number_format=",.0f",
                        scale=charts.alt.Scale(range=["#30638E"])),
    national, f, sql=[("official_national", {})], unit=t("unit_yi", lang), source=YEARBOOK,
)

st.subheader({"zh": "本库占比与公开占比对照", "en": "This registry's shares beside the published ones"}[lang], anchor=False)
st.caption({"zh": "各地区占当年全国成交额（或合同数）的百分比；港澳台合为HK-MO-TW，外国为OTHER。",
            "en": "Each geography's percentage of the year's national value (or count); Hong Kong, Macao and Taiwan together as HK-MO-TW, abroad as OTHER."}[lang])
compare = ui.query("registry_vs_published", f).filter(pl.col("year") == year)
if compare.height:
    geo_names = dict(zip(provinces["geo_code"], provinces[name_col], strict=False))
    measures = {"tech_market_contract_value": t("value", lang), "tech_market_contracts_count": t("contracts", lang)}
    shown = compare.with_columns(
        pl.col("geo_code").replace_strict(geo_names, default=pl.col("geo_code")).alias("geo"),
        pl.col("direction").replace_strict(DIRS, default=pl.col("direction")),
        pl.col("measure").replace_strict(measures, default=pl.col("measure")),
    ).select(
        "geo", "direction", "measure", "published_share_pct", "registry_share_pct", "diff_pp")
    st.dataframe(shown.sort("measure", "direction", "published_share_pct", descending=[False, False, True]), hide_index=True,
                 width="stretch", height=360, column_config={
                     "geo": t("region", lang), "direction": t("direction", lang), "measure": {"zh": "指标", "en": "Measure"}[lang],
                     "published_share_pct": st.column_config.NumberColumn(f"{t('published', lang)} (%)", format="%.2f"),
                     "registry_share_pct": st.column_config.NumberColumn(f"{t('registry', lang)} (%)", format="%.2f"),
                     "diff_pp": st.column_config.NumberColumn(t("diff_pp", lang), format="%+.2f")})
    ui.chart_block("official-compare", "", None, compare, f, sql=[("registry_vs_published", {})], source=YEARBOOK)
else:
    st.info({"zh": "本库没有该年份的合同。", "en": "The registry has no contracts in that year."}[lang])

st.subheader({"zh": "其他公开数据（长三角、广州、东莞等）", "en": "Other published figures (YRD, Guangzhou, Dongguan …)"}[lang], anchor=False)
st.caption({"zh": "年鉴口径、登记口径与地方发布口径不同，不可混为一个序列；请结合指标与说明阅读。",
            "en": "Yearbook, registered and locally reported values are different concepts and must not share a series: read each with its measure and note."}[lang])
other = ui.query("official_other", f)
st.dataframe(other.select("year", name_col, "measure", "direction", "unit", "value", "source_title", "source_url", "note"),
             hide_index=True, width="stretch", height=420,
             column_config={"source_url": st.column_config.LinkColumn(t("source", lang)), name_col: t("region", lang),
                            "value": st.column_config.NumberColumn(format="%.2f")})
ui.chart_block("official-other", "", None, other, f, sql=[("official_other", {})], source=None)
