"""Overview (pages/overview.py): KPI cards, the GBA–YRD reading, trends by bloc, top fields and city corridors."""

from __future__ import annotations

import polars as pl

from techmarket import charts, readings
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import VALUE
from techmarket.views.panel import Panel, Run, corridor


def panels(run: Run, f: Filters) -> tuple[readings.Kpis | None, str, list[Panel]]:
    """(KPIs of the latest year, the reading, [trend, fields, corridors]); (None, "", []) for no data."""
    lang, unit = f.lang, VALUE.unit(f)
    by_year = run("overview_by_year", f)
    if by_year.height == 0:
        return None, "", []
    trend = charts.with_bloc_names(run("overview_trend_by_bloc", f), lang).with_columns(
        pl.col("direction").replace_strict({"output": t("output", lang), "absorb": t("absorb", lang)}).alias("direction_name"))
    fields = run("overview_top_fields", f)
    corridors = charts.with_bloc_names(run("flows_map", f, top=15).with_columns(corridor()), lang,
                                         "seller_bloc")
    sentence = readings.gba_yrd_sentence(by_year, f)
    return readings.kpis(by_year), sentence, [
        Panel(key="overview-trend", title=f"{t('value', lang)} · {t('bloc', lang)}",
              chart=charts.line_by_bloc(trend, x="year", y="value", measure=VALUE, f=f, x_title=t("year", lang),
                                        bloc_title=t("bloc", lang), facet="direction_name", facet_title=t("direction", lang),
                                        facet_order=[t("output", lang), t("absorb", lang)]),
              data=trend, sql=[("overview_trend_by_bloc", {})], unit=unit, reading=sentence),
        Panel(key="overview-fields", title=t("fields", lang),
              chart=charts.bars(fields, category="field_name", value="value", measure=VALUE, f=f),
              data=fields, sql=[("overview_top_fields", {})], unit=unit,
              reading=readings.top_sentence(fields, "field_name", "value", f, "what_fields")),
        Panel(key="overview-corridors", title=t("corridor", lang),
              chart=charts.bars(corridors, category="corridor", value="value", measure=VALUE, f=f, color="bloc_name",
                                color_title=t("seller", lang)),
              data=corridors, sql=[("flows_map", {"top": 15})], unit=unit,
              reading=readings.top_sentence(corridors, "corridor", "value", f, "what_corridors")),
    ]
