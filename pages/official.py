"""Published statistics with their sources: province output vs absorption, the national trend, YRD
and other figures, and this registry's shares beside the published ones.

Published figures are shown exactly as published (亿元 / contracts), whatever the unit and
currency filters say, each with its source."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_official", lang), anchor=False)
st.caption({"zh": "公开发布数据原样展示（亿元、项），不随金额单位与币种筛选变化；每个数字附来源。输出按卖方所在地，吸纳按买方所在地，两表合计相同。",
            "en": "Published figures as published (CNY 100m, contracts), whatever the unit and currency filters; each with its source. "
                  "Output groups contracts by the seller's province, absorption by the buyer's; both add up to the same national total."}[lang])
years = ui.query("official_years", f)["year"].to_list()
year = st.selectbox(t("year", lang), years, index=0, key="official_year")
panels = ui.view(views.official, f, year)
for p in panels:
    ui.panel(p, f)

st.subheader({"zh": "本库占比与公开占比对照", "en": "This registry's shares beside the published ones"}[lang], anchor=False)
st.caption({"zh": "各地区占当年全国成交额（或合同数）的百分比；港澳台合为HK-MO-TW，外国为OTHER。",
            "en": "Each geography's percentage of the year's national value (or count); Hong Kong, Macao and Taiwan together as HK-MO-TW, abroad as OTHER."}[lang])
provinces = panels[0].data
name_col = "geo_name_en" if lang == "en" else "geo_name_zh"
compare = views.registry_vs_published(ui.run, f, year, dict(zip(provinces["geo_code"], provinces[name_col], strict=False)))
if compare.height:
    ui.dataframe(compare.sort("measure", "direction", "published_share_pct", descending=[False, False, True]),
                 height=360, column_config={
                     "geo": t("region", lang), "direction": t("direction", lang), "measure": {"zh": "指标", "en": "Measure"}[lang],
                     "published_share_pct": st.column_config.NumberColumn(f"{t('published', lang)} (%)", format="%.2f"),
                     "registry_share_pct": st.column_config.NumberColumn(f"{t('registry', lang)} (%)", format="%.2f"),
                     "diff_pp": st.column_config.NumberColumn(t("diff_pp", lang), format="%+.2f")})
    ui.chart_block("official-compare", "", None, compare, f, sql=[("registry_vs_published", {})], source=views.YEARBOOK)
else:
    st.info({"zh": "本库没有该年份的合同。", "en": "The registry has no contracts in that year."}[lang])

st.subheader({"zh": "其他公开数据（长三角、广州、东莞等）", "en": "Other published figures (YRD, Guangzhou, Dongguan …)"}[lang], anchor=False)
st.caption({"zh": "年鉴口径、登记口径与地方发布口径不同，不可混为一个序列；请结合指标与说明阅读。",
            "en": "Yearbook, registered and locally reported values are different concepts and must not share a series: read each with its measure and note."}[lang])
other = ui.query("official_other", f)
ui.dataframe(other.select("year", name_col, "measure", "direction", "unit", "value", "source_title", "source_url", "note"),
             height=420,
             column_config={"source_url": st.column_config.LinkColumn(t("source", lang)), name_col: t("region", lang),
                            "value": st.column_config.NumberColumn(format="%.2f")})
ui.chart_block("official-other", "", None, other, f, sql=[("official_other", {})])
