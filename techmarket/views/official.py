"""Official statistics (pages/official.py): the yearbook's province output and absorption, the national
trend, this registry's shares beside the published ones, and the other published figures. Published
figures are shown as published (亿元), whatever the unit and currency filters say, each with its source."""

from __future__ import annotations

import altair as alt
import polars as pl

from techmarket import charts
from techmarket.charts import DIRECTION_COLORS
from techmarket.filters import Filters
from techmarket.i18n import name_column, t
from techmarket.metrics import PUBLISHED_VALUE
from techmarket.views.panel import Panel, Run, View


def latest_year(run: Run, f: Filters) -> int | None:
    """The latest year the yearbook's province tables cover."""
    years = run("official_years", f).frame["year"]
    return int(years.max()) if years.len() else None  # type: ignore[arg-type]


def view(run: Run, f: Filters, year: int | None = None) -> View:
    """[provinces in `year` (default: the latest published), the national trend, registry against published, other figures]."""
    lang = f.lang
    out = View("official")
    year = year or latest_year(run, f)
    if year is None:
        return out
    provinces = run("official_provinces", f, year=year)
    names = {"output": t("output", lang), "absorb": t("absorb", lang)}
    scale = alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])
    value = provinces.frame.with_columns(pl.col("direction").replace_strict(names).alias("direction_name"))
    national = run("official_national", f)
    nat = national.frame.with_columns(pl.lit(t("china", lang)).alias("series"))
    unit = PUBLISHED_VALUE.unit(f)
    compare = run("registry_vs_published", f, year=year)
    geo_names = dict(zip(value["geo_code"], value[f"geo_{name_column(lang)}"], strict=False))
    other = run("official_other", f)
    return out.add(
        Panel(key="official-provinces", title=t("title_official_provinces", lang, year=year),
              chart=charts.bars(value, category=f"geo_{name_column(lang)}", value="value", measure=PUBLISHED_VALUE, f=f,
                                color="direction_name", color_title=t("direction", lang), color_scale=scale, height=1100,
                                side_by_side=True),
              data=value, results=(provinces,), unit=unit, source=t("source_yearbook", lang)),
        Panel(key="official-national", title=t("title_official_national", lang),
              chart=charts.column_bars(nat, x="year", y="value", color="series", measure=PUBLISHED_VALUE, f=f, x_title=t("year", lang),
                                       color_title="", scale=alt.Scale(range=["#30638E"])),
              data=nat, results=(national,), unit=unit, source=t("source_yearbook", lang)),
        Panel(key="official-compare", title=f"{t('title_registry_vs_published', lang)} · {compare.period('registry_share_pct', lang)}",
              chart=None,
              data=compare.frame.with_columns(pl.col("geo_code").replace_strict(geo_names, default=pl.col("geo_code")).alias("geo")),
              results=(compare,), source=t("source_yearbook", lang), table=registry_table(f, compare.frame, geo_names)),
        Panel(key="official-other", title=t("title_official_other", lang), chart=None, data=other.frame, results=(other,),
              source=t("source_official_other", lang)),
    )


def registry_table(f: Filters, compare: pl.DataFrame, geo_names: dict[str, str]) -> pl.DataFrame:
    """This registry's share of each geography beside the yearbook's, as a person reads it."""
    lang = f.lang
    measures = {"tech_market_contract_value": t("value", lang), "tech_market_contracts_count": t("contracts", lang)}
    directions = {"output": t("output", lang), "absorb": t("absorb", lang)}
    return compare.sort("measure", "direction", "published_share_pct", descending=[False, False, True], nulls_last=True).select(
        pl.col("geo_code").replace_strict(geo_names, default=pl.col("geo_code")).alias(t("region", lang)),
        pl.col("direction").replace_strict(directions, default=pl.col("direction")).alias(t("direction", lang)),
        pl.col("measure").replace_strict(measures, default=pl.col("measure")).alias(t("measure", lang)),
        pl.col("published_share_pct").round(2).alias(f"{t('published', lang)} (%)"),
        pl.col("registry_share_pct").round(2).alias(f"{t('registry', lang)} (%)"),
        pl.col("diff_pp").round(2).alias(t("diff_pp", lang)),
    )
