"""Enterprises (pages/enterprises.py): high-tech enterprises by city, the SME tier pyramid, the
incubation pipeline, the listing-cultivation pool and the most active enterprises."""

from __future__ import annotations

import polars as pl

from techmarket import charts
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import ENTERPRISES, HIGH_TECH, VALUE
from techmarket.views.panel import Panel, Run

TIERS = ("innovative", "specialized", "little_giant")  # SME tiers, label keys tier_<tier>
STAGES = ("seedbed", "incubator", "accelerator", "cluster")  # incubation stages, label keys stage_<stage>


def panels(run: Run, f: Filters) -> list[Panel]:
    """[high-tech by city, tiers, incubation, top sellers, top buyers]; [] when no enterprise matches."""
    lang, unit = f.lang, VALUE.unit(f)
    cities = run("enterprises_by_city", f)
    if cities.height == 0:
        return []
    stages = run("enterprises_tiers", f)
    tiers = stages.filter(pl.col("kind") == "tier").with_columns(
        pl.col("stage").replace_strict({s: t(f"tier_{s}", lang) for s in TIERS}).alias("label"))
    funnel = stages.filter(pl.col("kind") == "incubation").with_columns(
        pl.col("stage").replace_strict({s: t(f"stage_{s}", lang) for s in STAGES}).alias("label"))
    parties = charts.with_bloc_names(run("enterprises_top_parties", f, top=15), lang)
    out = [
        Panel(key="enterprises-high-tech", title=t("title_high_tech_by_city", lang),
              chart=charts.bars(charts.with_bloc_names(cities.head(20), lang), category="region_name", value="high_tech",
                                measure=HIGH_TECH, f=f, color="bloc_name", color_title=t("bloc", lang)),
              data=cities, sql=[("enterprises_by_city", {})], unit=HIGH_TECH.unit(f)),
        Panel(key="enterprises-tiers", title=t("title_tiers", lang),
              chart=charts.pyramid(tiers, stage="label", value="enterprises", measure=ENTERPRISES, f=f, stage_title="",
                                   order=[t(f"tier_{s}", lang) for s in reversed(TIERS)], color="#D1495B"),
              data=tiers, sql=[("enterprises_tiers", {})], unit=ENTERPRISES.unit(f)),
        Panel(key="enterprises-incubation", title=t("title_incubation", lang),
              chart=charts.pyramid(funnel, stage="label", value="enterprises", measure=ENTERPRISES, f=f, stage_title="",
                                   order=[t(f"stage_{s}", lang) for s in STAGES]),
              data=funnel, sql=[("enterprises_tiers", {})], unit=ENTERPRISES.unit(f)),
    ]
    for side in ("seller", "buyer"):
        part = parties.filter(pl.col("side") == side)
        out.append(Panel(key=f"enterprises-top-{side}", title=f"{t('most_active', lang)} · {t(side, lang)}",
                         chart=charts.bars(part, category="party_name", value="value", measure=VALUE, f=f, color="bloc_name",
                                           color_title=t("bloc", lang)),
                         data=part, sql=[("enterprises_top_parties", {"top": 15})], unit=unit))
    return out


def listing_pool(f: Filters, stages: pl.DataFrame) -> pl.DataFrame:
    """Enterprises in the listing-cultivation pool by SME tier and by incubation stage (from enterprises_tiers)."""
    lang = f.lang
    labels = {**{s: t(f"tier_{s}", lang) for s in TIERS}, **{s: t(f"stage_{s}", lang) for s in STAGES}}
    kinds = {"tier": t("tier", lang), "incubation": t("stage", lang)}
    order = {s: i for i, s in enumerate((*TIERS, *STAGES))}
    stages = stages.sort(pl.col("stage").replace_strict(order, default=len(order), return_dtype=pl.Int32))
    return stages.select(pl.col("kind").replace_strict(kinds, default=pl.col("kind")).alias(t("grouping", lang)),
                         pl.col("stage").replace_strict(labels).alias(t("tier_or_stage", lang)),
                         pl.col("listing_pool").alias(t("listing_pool", lang)), pl.col("enterprises").alias(t("enterprises", lang)))
