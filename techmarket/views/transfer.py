"""Transfer and IP (pages/transfer.py): universities' and research institutes' transfers to enterprises
(高校院所成果转化) by year, region and field; the patent-backed share of transfers and licences; the
registry's subtypes and IP types."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from techmarket import charts, readings
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import PATENT_SHARE, VALUE
from techmarket.views.panel import Panel, Run, View

ACADEMIC = ("university", "research_institute")  # the academic sellers (mart_registry.is_academic_transfer), for their names


def view(run: Run, f: Filters) -> View:
    """[academic by year, by region, by field, patent share, subtypes, IP types]; an empty View for no data."""
    lang, unit = f.lang, VALUE.unit(f)
    out = View("transfer")
    kinds = {k: t(f"kind_{k}", lang) for k in ACADEMIC}
    kind_scale = alt.Scale(domain=list(kinds.values()), range=["#30638E", "#EDAE49"])

    def kind_named(df: pl.DataFrame) -> pl.DataFrame:
        return df.with_columns(pl.col("seller_kind").replace_strict(kinds, default=pl.col("seller_kind")).alias("kind_name"))

    by_year_r, regions_r, fields_r = run("transfer_academic_by_year", f), run("transfer_academic_regions", f, top=15), \
        run("transfer_academic_fields", f)
    shares_r, subtypes_r, ip_r = run("transfer_patent_share", f), run("transfer_subtypes", f), run("transfer_ip_types", f)
    by_year = kind_named(by_year_r.frame)
    regions = charts.with_bloc_names(regions_r.frame, lang)
    fields = kind_named(fields_r.frame)
    shares = shares_r.frame
    type_names = {c: t(f"type_{c}", lang) for c in ("transfer", "licensing")}
    share_scale = alt.Scale(domain=list(type_names.values()), range=["#00798C", "#D1495B"])
    shares_named = shares.with_columns(pl.col("contract_type").replace_strict(type_names).alias("type_name"))
    subtypes = subtypes_r.frame
    ip = ip_r.frame
    if by_year.height == 0 and shares.height == 0 and subtypes.height == 0:
        return out
    by_kind: dict[str, Any] = {"color": "kind_name", "color_title": t("seller_kinds", lang)}
    return out.add(
        Panel(key="transfer-academic-years", title=t("academic_transfer", lang),
              chart=charts.column_bars(by_year, x="year", y="value", measure=VALUE, f=f, x_title=t("year", lang), scale=kind_scale,
                                       **by_kind) if by_year.height else None,
              data=by_year, results=(by_year_r,), unit=unit,
              reading=(readings.academic_sentence(by_year, f) + " " + t("note_academic", lang)).strip()),
        Panel(key="transfer-academic-regions", title=f"{t('title_academic_regions', lang)} · {regions_r.period('value', lang)}",
              chart=charts.bars(regions, category="region_name", value="value", measure=VALUE, f=f, color="bloc_name",
                                color_title=t("bloc", lang), period=regions_r.period("value", lang)) if regions.height else None,
              data=regions, results=(regions_r,), unit=unit,
              reading=readings.top_sentence(regions, "region_name", "value", f, "what_origins")),
        Panel(key="transfer-academic-fields", title=f"{t('title_academic_fields', lang)} · {fields_r.period('value', lang)}",
              chart=charts.bars(fields, category="field_name", value="value", measure=VALUE, f=f, color_scale=kind_scale,
                                period=fields_r.period("value", lang), **by_kind)
              if fields.height else None,
              data=fields, results=(fields_r,), unit=unit,
              reading=readings.top_sentence(fields.group_by("field_name").agg(pl.col("value").sum()), "field_name", "value", f,
                                            "what_transfer_fields")),
        Panel(key="transfer-patent-share", title=t("title_patent_share", lang),
              chart=charts.column_bars(shares_named, x="year", y="patent_value_share_pct", color="type_name", measure=PATENT_SHARE, f=f,
                                       x_title=t("year", lang), color_title=t("type", lang), scale=share_scale, side_by_side=True)
              if shares.height else None,
              data=shares_named, results=(shares_r,), unit=PATENT_SHARE.unit(f),
              reading=readings.patent_sentence(shares, type_names, f)),
        Panel(key="transfer-subtypes", title=f"{t('subtypes', lang)} · {subtypes_r.period('value', lang)}",
              chart=charts.bars(subtypes, category="subtype_name", value="value", measure=VALUE, f=f,
                                period=subtypes_r.period("value", lang)) if subtypes.height else None,
              data=subtypes, results=(subtypes_r,), unit=unit,
              reading=readings.top_sentence(subtypes, "subtype_name", "value", f, "what_subtypes")),
        Panel(key="transfer-ip-types", title=f"{t('title_ip_types', lang)} · {ip_r.period('value', lang)}",
              chart=charts.bars(ip, category="ip_name", value="value", measure=VALUE, f=f, period=ip_r.period("value", lang))
              if ip.height else None,
              data=ip, results=(ip_r,), unit=unit,
              reading=readings.top_sentence(ip, "ip_name", "value", f, "what_ip_types")),
    )
