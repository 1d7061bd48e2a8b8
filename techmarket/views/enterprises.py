"""Enterprises (pages/enterprises.py): high-tech enterprises by city, the SME tier pyramid, the
incubation pipeline, the listing-cultivation pool and the most active enterprises."""

from __future__ import annotations

import polars as pl

from techmarket import charts
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import ENTERPRISES, HIGH_TECH, LISTING_POOL, VALUE
from techmarket.queries import Result
from techmarket.views.panel import Card, Panel, Run, View

TIERS = ("innovative", "specialized", "little_giant")  # SME tiers, label keys tier_<tier>
STAGES = ("seedbed", "incubator", "accelerator", "cluster")  # incubation stages, label keys stage_<stage>
TOP_CITIES = 20
TOP_PARTIES = 15


def listing_pool(f: Filters, stages: Result) -> pl.DataFrame:
    """Enterprises in the listing-cultivation pool by SME tier and by incubation stage, as a person reads it."""
    lang = f.lang
    labels = {**{s: t(f"tier_{s}", lang) for s in TIERS}, **{s: t(f"stage_{s}", lang) for s in STAGES}}
    kinds = {"tier": t("tier", lang), "incubation": t("stage", lang)}
    return stages.frame.select(pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias(t("grouping", lang)),
                               pl.col("stage").replace_strict(labels).alias(t("tier_or_stage", lang)),
                               pl.col("listing_pool").alias(t("listing_pool", lang)),
                               pl.col("enterprises").alias(t("enterprises", lang)))


def view(run: Run, f: Filters) -> View:
    """Cards, then [high-tech by city, tiers, incubation, listing pool, top sellers, top buyers]; empty when no enterprise matches."""
    lang, unit = f.lang, VALUE.unit(f)
    out = View("enterprises")
    summary = run("enterprises_summary", f)
    row = summary.frame.row(0, named=True) if summary.frame.height else {}
    if not row.get("enterprises"):
        return out
    out.cards = [Card(m.key, t(m.label_key, lang), m.format(row[m.key], f)) for m in (ENTERPRISES, HIGH_TECH, LISTING_POOL)]
    cities = run("enterprises_by_city", f, top=TOP_CITIES)
    tiers_result = run("enterprises_tiers", f, kind="tier")
    tiers = tiers_result.frame.with_columns(pl.col("stage").replace_strict({s: t(f"tier_{s}", lang) for s in TIERS}).alias("label"))
    funnel_result = run("enterprises_tiers", f, kind="incubation")
    funnel = funnel_result.frame.with_columns(pl.col("stage").replace_strict({s: t(f"stage_{s}", lang) for s in STAGES}).alias("label"))
    pool = run("enterprises_tiers", f)
    named_cities = charts.with_bloc_names(cities.frame, lang)
    out.add(
        Panel(key="enterprises-high-tech", title=t("title_high_tech_by_city", lang),
              chart=charts.bars(named_cities, category="region_name", value="high_tech",
                                measure=HIGH_TECH, f=f, color="bloc_name", color_title=t("bloc", lang)),
              data=named_cities, results=(cities,), unit=HIGH_TECH.unit(f)),
        Panel(key="enterprises-tiers", title=t("title_tiers", lang),
              chart=charts.pyramid(tiers, stage="label", value="enterprises", measure=ENTERPRISES, f=f, stage_title="",
                                   order=[t(f"tier_{s}", lang) for s in reversed(TIERS)], color="#D1495B"),
              data=tiers, results=(tiers_result,), unit=ENTERPRISES.unit(f)),
        Panel(key="enterprises-incubation", title=t("title_incubation", lang),
              chart=charts.pyramid(funnel, stage="label", value="enterprises", measure=ENTERPRISES, f=f, stage_title="",
                                   order=[t(f"stage_{s}", lang) for s in STAGES]),
              data=funnel, results=(funnel_result,), unit=ENTERPRISES.unit(f)),
        Panel(key="enterprises-listing-pool", title=t("listing_pool", lang), chart=None, data=pool.frame, results=(pool,),
              unit=ENTERPRISES.unit(f), table=listing_pool(f, pool)),
    )
    for side in ("seller", "buyer"):
        parties = run("enterprises_top_parties", f, top=TOP_PARTIES, side=side)
        part = charts.with_bloc_names(parties.frame, lang)
        out.add(Panel(key=f"enterprises-top-{side}", title=f"{t('most_active', lang)} · {t(side, lang)} · {parties.period('value', lang)}",
                      chart=charts.bars(part, category="party_name", value="value", measure=VALUE, f=f, color="bloc_name",
                                        color_title=t("bloc", lang), period=parties.period("value", lang)),
                      data=part, results=(parties,), unit=unit))
    return out
