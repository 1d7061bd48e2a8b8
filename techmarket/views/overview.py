"""Overview (pages/overview.py): KPI cards, the GBA–YRD reading, trends by bloc, top fields and corridors."""

from __future__ import annotations

import polars as pl

from techmarket import charts, readings
from techmarket.filters import Filters
from techmarket.i18n import format_pct, t
from techmarket.metrics import CONTRACTS, VALUE, compare_label, period_label
from techmarket.views.panel import Card, Panel, Run, View, corridor


def cards(kpis: readings.Kpis, f: Filters) -> list[Card]:
    """The headline numbers of the latest year, each labelled with its year and its change with the two years compared."""
    lang = f.lang
    year = period_label("param", (kpis.year, kpis.year), lang, kpis.year)
    compares = compare_label(kpis.year, kpis.previous, lang) or None

    def delta(v: float | None) -> str | None:
        return None if v is None else format_pct(v, lang, signed=True)

    return [
        Card("contracts", f"{t('contracts', lang)} · {year}", CONTRACTS.format(kpis.contracts, f), delta(kpis.contracts_yoy), compares),
        Card("value", f"{t('value', lang)} · {year}", f"{VALUE.format(kpis.value, f)} {VALUE.unit(f)}", delta(kpis.value_yoy), compares),
        Card("yoy", f"{t('yoy', lang)} · {compares or year}", delta(kpis.value_yoy) or "—"),
        Card("cross_border", f"{t('cross_border_share', lang)} · {year}", format_pct(kpis.cross_border_share, lang)),
        Card("gba_yrd", f"{t('gba_yrd_volume', lang)} · {year}", f"{VALUE.format(kpis.gba_yrd, f)} {VALUE.unit(f)}",
             delta(kpis.gba_yrd_yoy), compares),
    ]


def view(run: Run, f: Filters) -> View:
    """Cards of the latest year, the reading, then [trend, fields, corridors]; an empty View for no data."""
    lang, unit = f.lang, VALUE.unit(f)
    out = View("overview")
    by_year = run("overview_by_year", f)
    if by_year.frame.height == 0:
        return out
    trend_result = run("overview_trend_by_bloc", f)
    trend = charts.with_bloc_names(trend_result.frame, lang).with_columns(
        pl.col("direction").replace_strict({"output": t("output", lang), "absorb": t("absorb", lang)}).alias("direction_name"))
    fields = run("overview_top_fields", f)
    corridors_result = run("flows_map", f, top=15)
    corridors = charts.with_bloc_names(corridors_result.frame.with_columns(corridor()), lang, "seller_bloc")
    kpis = readings.kpis(by_year.frame)
    out.cards = cards(kpis, f)
    out.reading = readings.gba_yrd_sentence(by_year.frame, f)
    return out.add(
        Panel(key="overview-trend", title=f"{t('value', lang)} · {t('bloc', lang)}",
              chart=charts.line_by_bloc(trend, x="year", y="value", measure=VALUE, f=f, x_title=t("year", lang),
                                        bloc_title=t("bloc", lang), facet="direction_name", facet_title=t("direction", lang),
                                        facet_order=[t("output", lang), t("absorb", lang)]),
              data=trend, results=(trend_result,), unit=unit, reading=out.reading),
        Panel(key="overview-fields", title=f"{t('fields', lang)} · {fields.period('value', lang)}",
              chart=charts.bars(fields.frame, category="field_name", value="value", measure=VALUE, f=f,
                                period=fields.period("value", lang)),
              data=fields.frame, results=(fields,), unit=unit,
              reading=readings.top_sentence(fields.frame, "field_name", "value", f, "what_fields")),
        Panel(key="overview-corridors", title=f"{t('corridor', lang)} · {corridors_result.period('value', lang)}",
              chart=charts.bars(corridors, category="corridor", value="value", measure=VALUE, f=f, color="bloc_name",
                                color_title=t("seller", lang), period=corridors_result.period("value", lang)),
              data=corridors, results=(corridors_result,), unit=unit,
              reading=readings.top_sentence(corridors, "corridor", "value", f, "what_corridors")),
    )
