"""Published statistics with their sources: province output vs absorption, the national trend, YRD
and other figures, and this registry's shares beside the published ones.

Published figures are shown exactly as published (亿元 / contracts), whatever the unit and
currency filters say, each with its source."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import name_column, t

f = ui.filters()
lang = f.lang
st.title(t("page_official", lang), anchor=False)
st.caption(t("caption_official", lang))
years = ui.query("official_years", f)["year"].to_list()
year = st.selectbox(t("year", lang), years, index=0, key="official_year")
panels = ui.view(views.official.panels, f, year)
for p in panels:
    ui.panel(p, f)

st.subheader(t("title_registry_vs_published", lang), anchor=False)
st.caption(t("caption_registry_vs_published", lang))
provinces = panels[0].data
name_col = f"geo_{name_column(lang)}"
compare = views.official.registry_vs_published(ui.query, f, year, dict(zip(provinces["geo_code"], provinces[name_col], strict=False)))
if compare.height:
    ui.dataframe(compare.sort("measure", "direction", "published_share_pct", descending=[False, False, True]),
                 height=360, column_config={
                     "geo": t("region", lang), "direction": t("direction", lang), "measure": t("measure", lang),
                     "published_share_pct": st.column_config.NumberColumn(f"{t('published', lang)} (%)", format="%.2f"),
                     "registry_share_pct": st.column_config.NumberColumn(f"{t('registry', lang)} (%)", format="%.2f"),
                     "diff_pp": st.column_config.NumberColumn(t("diff_pp", lang), format="%+.2f")})
    ui.chart_block("official-compare", "", None, compare, f, sql=[("registry_vs_published", {})], source=t("source_yearbook", lang))
else:
    st.info(t("registry_no_year", lang))

st.subheader(t("title_official_other", lang), anchor=False)
st.caption(t("caption_official_other", lang))
other = ui.query("official_other", f)
ui.dataframe(other.select("year", name_col, "measure", "direction", "unit", "value", "source_title", "source_url", "note"),
             height=420,
             column_config={"source_url": st.column_config.LinkColumn(t("source", lang)), name_col: t("region", lang),
                            "value": st.column_config.NumberColumn(format="%.2f")})
ui.chart_block("official-other", "", None, other, f, sql=[("official_other", {})])
