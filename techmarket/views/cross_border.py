"""Cross-border (pages/cross-border.py): Hong Kong, Macao, Taiwan and foreign partners; bought from
and sold abroad by year, partner, world region and field; currencies; the share through Hong Kong."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from techmarket import charts, readings
from techmarket.charts import DIRECTION_COLORS
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import CONTRACTS, VALUE, VIA_HK_SHARE
from techmarket.views.panel import Panel, Run, top_with_others

TOP_PARTNERS = 15  # partners shown by name; the rest are one "others" bar


def _directions(lang: str) -> tuple[dict[str, str], alt.Scale]:
    names = {d: t(d, lang) for d in ("bought_from_abroad", "sold_abroad")}
    return names, alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])


def panels(run: Run, f: Filters) -> list[Panel]:
    """[years, partners, world regions, map, fields, currencies, via Hong Kong]; [] for no data."""
    lang, unit = f.lang, VALUE.unit(f)
    names, scale = _directions(lang)

    def named(df: pl.DataFrame) -> pl.DataFrame:
        return df.with_columns(pl.col("direction").replace_strict(names).alias("direction_name"))

    by_year = run("cross_border_by_year", f)
    if by_year.height == 0:
        return []
    partners = named(run("cross_border_partners", f))
    totals = partners.group_by("partner_name").agg(pl.col("value").sum())
    shown = top_with_others(partners, "partner_name", "value", TOP_PARTNERS, t("others", lang), "direction_name")
    points = partners.filter(pl.col("lat").is_not_null()).group_by("partner_name", "lat", "lon").agg(pl.col("value").sum()) \
        .rename({"partner_name": "name"})
    world = partners.group_by("world_region", "world_region_name", "direction", "direction_name").agg(
        pl.col("partner_region").n_unique().alias("partners"), pl.col("contracts").sum().cast(pl.Int64), pl.col("value").sum()) \
        .sort("value", descending=True)
    fields = named(run("cross_border_fields", f))
    currencies = run("cross_border_currencies", f)
    hk = run("cross_border_via_hk", f)
    hk_shown = hk.drop_nulls("hk_share_pct")
    direction: dict[str, Any] = {"color": "direction_name", "color_title": t("direction", lang), "color_scale": scale}
    return [
        Panel(key="cross-border-years", title=t("title_cross_border_years", lang),
              chart=charts.column_bars(named(by_year), x="year", y="value", color="direction_name", measure=VALUE, f=f,
                                       x_title=t("year", lang), color_title=t("direction", lang), scale=scale, side_by_side=True),
              data=by_year, sql=[("cross_border_by_year", {})], unit=unit, reading=readings.cross_border_sentence(by_year, f)),
        Panel(key="cross-border-partners", title=t("partner", lang),
              chart=charts.bars(shown, category="partner_name", value="value", measure=VALUE, f=f, sort_desc=False, **direction),
              data=partners, sql=[("cross_border_partners", {})], unit=unit,
              reading=readings.top_sentence(totals, "partner_name", "value", f, "what_partners")
              + t("reading_partners_shown", lang, n=totals.height, top=TOP_PARTNERS)),
        Panel(key="cross-border-world-regions", title=t("title_world_regions", lang),
              chart=charts.bars(world, category="world_region_name", value="value", measure=VALUE, f=f, **direction),
              data=world, sql=[("cross_border_partners", {})], unit=unit,
              reading=readings.top_sentence(world.group_by("world_region_name").agg(pl.col("value").sum()), "world_region_name",
                                            "value", f, "what_world_regions")),
        Panel(key="cross-border-map", title=t("title_partner_map", lang),
              chart=charts.points_map(points, value="value", measure=VALUE, f=f, name_title=t("partner", lang)) if points.height else None,
              data=points, sql=[("cross_border_partners", {})], unit=unit, source=t("source_partner_map", lang),
              reading=readings.top_list(points, "name", "value", f, "what_map_partners")),
        Panel(key="cross-border-fields", title=t("fields", lang),
              chart=charts.bars(fields, category="field_name", value="value", measure=VALUE, f=f, **direction),
              data=fields, sql=[("cross_border_fields", {})], unit=unit),
        Panel(key="cross-border-currencies", title=t("currency", lang),
              chart=charts.column_bars(currencies, x="year", y="contracts", color="currency", measure=CONTRACTS, f=f,
                                       x_title=t("year", lang), color_title=t("currency", lang)),
              data=currencies, sql=[("cross_border_currencies", {})], unit=CONTRACTS.unit(f)),
        # Years without any contract routed through Hong Kong have no share: no empty chart (an empty mark group
        # is an unnamed image to a screen reader), and with none at all the page says there is nothing to show.
        Panel(key="cross-border-hk", title=t("via_hk_share", lang),
              chart=charts.column_bars(hk_shown.with_columns(pl.lit(t("via_hk_share", lang)).alias("series")), x="year",
                                       y="hk_share_pct", color="series", measure=VIA_HK_SHARE, f=f, x_title=t("year", lang),
                                       color_title="", scale=alt.Scale(range=["#30638E"])) if hk_shown.height else None,
              data=hk_shown, sql=[("cross_border_via_hk", {})], unit=VIA_HK_SHARE.unit(f)),
    ]
