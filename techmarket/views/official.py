"""Official statistics (pages/official.py): the yearbook's province output and absorption, the national
trend, and this registry's shares beside the published ones. Published figures are shown as published
(亿元), whatever the unit and currency filters say, each with its source."""

from __future__ import annotations

import altair as alt
import polars as pl

from techmarket import charts
from techmarket.charts import DIRECTION_COLORS
from techmarket.filters import Filters
from techmarket.i18n import name_column, t
from techmarket.metrics import PUBLISHED_VALUE
from techmarket.views.panel import Panel, Run


def panels(run: Run, f: Filters, year: int) -> list[Panel]:
    """[provinces in `year`, the national trend]."""
    lang = f.lang
    provinces = run("official_provinces", f, year=year)
    names = {"output": t("output", lang), "absorb": t("absorb", lang)}
    scale = alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])
    value = provinces.filter(pl.col("measure") == "tech_market_contract_value").with_columns(
        pl.col("direction").replace_strict(names).alias("direction_name"))
    national = run("official_national", f)
    nat = national.filter(pl.col("measure") == "tech_market_contract_value").with_columns(pl.lit(t("china", lang)).alias("series"))
    unit = PUBLISHED_VALUE.unit(f)
    return [
        Panel(key="official-provinces", title=t("title_official_provinces", lang, year=year),
              chart=charts.bars(value, category=f"geo_{name_column(lang)}", value="value", measure=PUBLISHED_VALUE, f=f,
                                color="direction_name", color_title=t("direction", lang), color_scale=scale, height=1100,
                                side_by_side=True),
              data=provinces, sql=[("official_provinces", {"year": year})], unit=unit, source=t("source_yearbook", lang)),
        Panel(key="official-national", title=t("title_official_national", lang),
              chart=charts.column_bars(nat, x="year", y="value", color="series", measure=PUBLISHED_VALUE, f=f, x_title=t("year", lang),
                                       color_title="", scale=alt.Scale(range=["#30638E"])),
              data=national, sql=[("official_national", {})], unit=unit, source=t("source_yearbook", lang)),
    ]


def registry_vs_published(run: Run, f: Filters, year: int, geo_names: dict[str, str]) -> pl.DataFrame:
    """This registry's share of each geography beside the yearbook's, in `year`."""
    lang = f.lang
    measures = {"tech_market_contract_value": t("value", lang), "tech_market_contracts_count": t("contracts", lang)}
    directions = {"output": t("output", lang), "absorb": t("absorb", lang)}
    compare = run("registry_vs_published", f).filter(pl.col("year") == year)
    return compare.with_columns(
        pl.col("geo_code").replace_strict(geo_names, default=pl.col("geo_code")).alias("geo"),
        pl.col("direction").replace_strict(directions, default=pl.col("direction")),
        pl.col("measure").replace_strict(measures, default=pl.col("measure")),
    ).select("geo", "direction", "measure", "published_share_pct", "registry_share_pct", "diff_pp")
