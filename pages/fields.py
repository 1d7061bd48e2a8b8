"""Technology fields: fields by bloc, and boards for AI, integrated circuits and smart terminals."""

import polars as pl
import streamlit as st

from techmarket import charts, readings, ui
from techmarket.i18n import t
from techmarket.metrics import VALUE, value_unit

f = ui.filters()
lang = f.lang
unit = value_unit(f)
st.title(t("page_fields", lang), anchor=False)

by_bloc = ui.query("fields_by_bloc", f)
if ui.empty(by_bloc, f):
    st.stop()
named = charts.with_bloc_names(by_bloc, lang)
ui.chart_block(
    "fields-by-bloc", {"zh": "各领域技术来源板块", "en": "Fields by the seller's bloc"}[lang],
    charts.bars(named, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("seller", lang), lang=lang),
    by_bloc, f, sql=[("fields_by_bloc", {})], unit=unit,
)

fields = ui.dimension("tech_fields")
name_col = "name_en" if lang == "en" else "name_zh"
boards = fields.filter(pl.col("field_code").is_in(["ai", "ic", "smart_terminal"]))
tabs = st.tabs(boards[name_col].to_list())
for tab, code, label in zip(tabs, boards["field_code"], boards[name_col], strict=True):
    with tab:
        trend = ui.query("field_board_trend", f, field=code)
        if ui.empty(trend, f):
            continue
        ui.chart_block(
            f"field-{code}-trend", f"{label} · {t('value', lang)}",
            charts.line_by_bloc(charts.with_bloc_names(trend, lang), x="year", y="value", y_title=VALUE.label(f),
                                x_title=t("year", lang), bloc_title=t("seller", lang), lang=lang, number_format=VALUE.d3_format(f)),
            trend, f, sql=[("field_board_trend", {"field": code})], unit=unit, reading=readings.field_sentence(trend, label, f),
        )
        parties = charts.with_bloc_names(ui.query("field_board_parties", f, field=code, top=10), lang)
        for side in ("seller", "buyer"):
            part = parties.filter(pl.col("side") == side)
            ui.chart_block(
                f"field-{code}-{side}", f"{label} · {t(side, lang)}",
                charts.bars(part, category="party_name", value="value", value_title=VALUE.label(f), category_title="",
                            number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("bloc", lang), lang=lang),
                part, f, sql=[("field_board_parties", {"field": code, "top": 10})], unit=unit,
            )
