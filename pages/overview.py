"""Overview: KPI cards, a reading of the data, trends by bloc, top fields and top city corridors."""

import polars as pl
import streamlit as st

from techmarket import charts, readings, ui
from techmarket.i18n import format_count, format_number, format_pct, t
from techmarket.metrics import VALUE, value_unit

f = ui.filters()
lang = f.lang
st.title(t("page_overview", lang), anchor=False)
st.caption(t("app_subtitle", lang))

by_year = ui.query("overview_by_year", f)
if ui.empty(by_year, f):
    st.stop()
k = readings.kpis(by_year)
unit = value_unit(f)
cards = st.columns(5)


def delta(v: float | None) -> str | None:
    return None if v is None else format_pct(v, lang, signed=True)


cards[0].metric(f"{t('contracts', lang)} · {k.year}", format_count(k.contracts, lang), delta(k.contracts_yoy), border=True)
cards[1].metric(f"{t('value', lang)} · {unit}", format_number(k.value, lang, 2 if f.unit == "yi" else 0), delta(k.value_yoy), border=True)
cards[2].metric(t("yoy", lang) + f" · {k.year}", delta(k.value_yoy) or "—", border=True)
cards[3].metric(t("cross_border_share", lang), format_pct(k.cross_border_share, lang), border=True)
cards[4].metric(f"{t('gba_yrd_volume', lang)} · {unit}", format_number(k.gba_yrd, lang, 2 if f.unit == "yi" else 0), delta(k.gba_yrd_yoy),
                border=True)
st.markdown(f"> {readings.gba_yrd_sentence(by_year, f)}")

trend = charts.with_bloc_names(ui.query("overview_trend_by_bloc", f), lang).with_columns(
    pl.col("direction").replace_strict({"output": t("output", lang), "absorb": t("absorb", lang)}).alias("direction_name"))
ui.chart_block(
    "overview-trend", f"{t('value', lang)} · {t('bloc', lang)}",
    charts.line_by_bloc(trend, x="year", y="value", y_title=VALUE.label(f), x_title=t("year", lang), bloc_title=t("bloc", lang),
                        lang=lang, number_format=VALUE.d3_format(f), facet="direction_name", facet_title=""),
    trend, f, sql=[("overview_trend_by_bloc", {})], unit=unit,
)

left, right = st.columns(2)
with left:
    fields = ui.query("overview_top_fields", f)
    ui.chart_block(
        "overview-fields", t("fields", lang),
        charts.bars(fields, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                    number_format=VALUE.d3_format(f)),
        fields, f, sql=[("overview_top_fields", {})], unit=unit,
        reading=readings.top_sentence(fields, "field_name", "value", f, "领域分布", "Fields"),
    )
with right:
    corridors = ui.query("overview_top_corridors", f, top=15).with_columns(
        (pl.col("seller_name") + " → " + pl.col("buyer_name")).alias("corridor"))
    corridors = charts.with_bloc_names(corridors, lang, "seller_bloc")
    ui.chart_block(
        "overview-corridors", t("corridor", lang),
        charts.bars(corridors, category="corridor", value="value", value_title=VALUE.label(f), category_title="",
                    number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("seller", lang), lang=lang),
        corridors, f, sql=[("overview_top_corridors", {"top": 15})], unit=unit,
    )
