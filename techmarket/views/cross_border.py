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
from techmarket.views.panel import Panel, Run, View

TOP_PARTNERS = 15  # partners shown by name; the rest are one "others" bar (in the query)


def _directions(lang: str) -> tuple[dict[str, str], alt.Scale]:
    names = {d: t(d, lang) for d in ("bought_from_abroad", "sold_abroad")}
    return names, alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])


def view(run: Run, f: Filters) -> View:
    """[years, partners, world regions, map, fields, currencies, via Hong Kong]; an empty View for no data."""
    lang, unit = f.lang, VALUE.unit(f)
    names, scale = _directions(lang)
    out = View("cross-border")

    def named(df: pl.DataFrame) -> pl.DataFrame:
        return df.with_columns(pl.col("direction").replace_strict(names).alias("direction_name"))

    by_year = run("cross_border_by_year", f)
    if by_year.frame.height == 0:
        return out
    partners = run("cross_border_partners", f, top=TOP_PARTNERS, others=t("others", lang))
    shown = named(partners.frame)
    totals = shown.filter(pl.col("partner_region").is_not_null()).group_by("partner_name").agg(pl.col("value").sum())
    world = run("cross_border_world_regions", f)
    points = run("cross_border_partner_map", f)
    fields = run("cross_border_fields", f)
    currencies = run("cross_border_currencies", f)
    hk = run("cross_border_via_hk", f)
    direction: dict[str, Any] = {"color": "direction_name", "color_title": t("direction", lang), "color_scale": scale}
    world_named = named(world.frame)
    partner_count = int(shown["partners"].max() or 0)  # type: ignore[arg-type]
    return out.add(
        Panel(key="cross-border-years", title=t("title_cross_border_years", lang),
              chart=charts.column_bars(named(by_year.frame), x="year", y="value", color="direction_name", measure=VALUE, f=f,
                                       x_title=t("year", lang), color_title=t("direction", lang), scale=scale, side_by_side=True),
              data=named(by_year.frame), results=(by_year,), unit=unit, reading=readings.cross_border_sentence(by_year.frame, f)),
        Panel(key="cross-border-partners", title=f"{t('partner', lang)} · {partners.period('value', lang)}",
              chart=charts.bars(shown, category="partner_name", value="value", measure=VALUE, f=f, sort_desc=False,
                                period=partners.period("value", lang), **direction),
              data=shown, results=(partners,), unit=unit,
              reading=readings.top_sentence(totals, "partner_name", "value", f, "what_partners", total=float(shown["value"].sum() or 0))
              + t("reading_partners_shown", lang, n=partner_count, top=min(TOP_PARTNERS, partner_count))),
        Panel(key="cross-border-world-regions", title=f"{t('title_world_regions', lang)} · {world.period('value', lang)}",
              chart=charts.bars(world_named, category="world_region_name", value="value", measure=VALUE, f=f,
                                period=world.period("value", lang), **direction),
              data=world_named, results=(world,), unit=unit,
              reading=readings.top_sentence(world_named.group_by("world_region_name").agg(pl.col("value").sum()), "world_region_name",
                                            "value", f, "what_world_regions")),
        Panel(key="cross-border-map", title=f"{t('title_partner_map', lang)} · {points.period('value', lang)}",
              chart=charts.points_map(points.frame, value="value", measure=VALUE, f=f, name_title=t("partner", lang),
                                      period=points.period("value", lang))
              if points.frame.height else None,
              data=points.frame, results=(points,), unit=unit, source=t("source_partner_map", lang),
              reading=readings.top_list(points.frame, "name", "value", f, "what_map_partners")),
        Panel(key="cross-border-fields", title=f"{t('fields', lang)} · {fields.period('value', lang)}",
              chart=charts.bars(named(fields.frame), category="field_name", value="value", measure=VALUE, f=f,
                                period=fields.period("value", lang), **direction),
              data=named(fields.frame), results=(fields,), unit=unit),
        Panel(key="cross-border-currencies", title=t("currency", lang),
              chart=charts.column_bars(currencies.frame, x="year", y="contracts", color="currency", measure=CONTRACTS, f=f,
                                       x_title=t("year", lang), color_title=t("currency", lang)),
              data=currencies.frame, results=(currencies,), unit=CONTRACTS.unit(f)),
        # Years without any contract routed through Hong Kong have no share (the query leaves them out): no empty chart
        # (an empty mark group is an unnamed image to a screen reader), and with none at all the page says there is nothing.
        Panel(key="cross-border-hk", title=t("via_hk_share", lang),
              chart=charts.column_bars(hk.frame.with_columns(pl.lit(t("via_hk_share", lang)).alias("series")), x="year",
                                       y="hk_share_pct", color="series", measure=VIA_HK_SHARE, f=f, x_title=t("year", lang),
                                       color_title="", scale=alt.Scale(range=["#30638E"])) if hk.frame.height else None,
              data=hk.frame, results=(hk,), unit=VIA_HK_SHARE.unit(f)),
    )
