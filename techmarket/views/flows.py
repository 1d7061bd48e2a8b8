"""Flows (pages/flows.py): the seller × buyer matrix, flows and net flows between blocs, the flow map
and the corridor table. A clicked matrix cell narrows the map and the table on the page."""

from __future__ import annotations

import polars as pl

from techmarket import charts, geo, readings
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name, t
from techmarket.metrics import VALUE
from techmarket.views.panel import Panel, Run, corridor

LEVELS = ("bloc", "province", "city")  # matrix levels: label keys level_<level>
MAP_MODES = ("china", "arcs", "world")  # map modes: label keys map_<mode>
MAP_ARCS = 40  # corridors drawn on the map


def od_frame(run: Run, f: Filters, level: str) -> pl.DataFrame:
    """Seller group x buyer group totals at `level`; blocs named in the filters' language (the query
    names provinces and cities, and gives blocs as codes)."""
    od = run("flows_matrix", f, level=level)
    if level != "bloc":
        return od
    names = {b: bloc_name(b, f.lang) for b in BLOC_ORDER}
    return od.with_columns(pl.col(c).replace_strict(names, default=pl.col(c)) for c in ("seller_name", "buyer_name"))


def matrix(run: Run, f: Filters, level: str = "province", top_n: int = 25) -> Panel:
    lang = f.lang
    od = od_frame(run, f, level)
    n = top_n if level != "bloc" else 4
    keep_s = od.group_by("seller_name").agg(pl.col("value").sum()).sort("value", descending=True).head(n)["seller_name"]
    keep_b = od.group_by("buyer_name").agg(pl.col("value").sum()).sort("value", descending=True).head(n)["buyer_name"]
    shown = od.filter(pl.col("seller_name").is_in(keep_s.implode()) & pl.col("buyer_name").is_in(keep_b.implode()))
    return Panel(
        key="flows-matrix", title=t("title_flows_matrix", lang),
        chart=charts.matrix(shown, seller="seller_name", buyer="buyer_name", value="value", measure=VALUE, f=f,
                            seller_title=t("seller", lang), buyer_title=t("buyer", lang), select="cell",
                            select_fields=("seller_group", "buyer_group")) if od.height else None,
        data=od, sql=[("flows_matrix", {"level": level})], unit=VALUE.unit(f), select="cell",
        reading=t("reading_matrix", lang, n=n), hint=t("hint_matrix", lang),
    )


def pairs(run: Run, f: Filters, level: str = "province", top_n: int = 15) -> Panel:
    """The matrix as a phone shows it: its `top_n` largest seller → buyer pairs as a ranked list,
    coloured by the seller's bloc."""
    lang = f.lang
    od = od_frame(run, f, level).sort("value", descending=True)
    top = charts.with_bloc_names(od.head(top_n).with_columns(corridor("pair")),
                                 lang, "seller_bloc")
    return Panel(
        key="flows-pairs", title=t("title_flows_pairs", lang),
        chart=charts.bars(top, category="pair", value="value", measure=VALUE, f=f, color="bloc_name",
                          color_title=t("seller", lang)) if top.height else None,
        data=top, sql=[("flows_matrix", {"level": level})], unit=VALUE.unit(f),
        reading=readings.top_sentence(top, "pair", "value", f, "what_pairs"),
    )


def blocs(run: Run, f: Filters) -> list[Panel]:
    lang, unit = f.lang, VALUE.unit(f)
    od = od_frame(run, f, "bloc")
    names = {b: bloc_name(b, lang) for b in BLOC_ORDER}
    ribbons = charts.sankey_frame(od, source="seller_group", target="buyer_group", value="value").with_columns(
        pl.col("seller_group").replace_strict(names).alias("seller_name"), pl.col("buyer_group").replace_strict(names).alias("buyer_name"))
    net = run("flows_net_by_bloc", f)
    return [
        Panel(key="flows-sankey", title=t("title_flows_sankey", lang),
              chart=charts.sankey(ribbons, source_name="seller_name", target_name="buyer_name", value="value", measure=VALUE, f=f,
                                  source_title=t("seller", lang), target_title=t("buyer", lang)) if ribbons.height else None,
              data=od, sql=[("flows_matrix", {"level": "bloc"})], unit=unit),
        Panel(key="flows-net", title=t("net_flow", lang),
              chart=charts.column_bars(charts.with_bloc_names(net, lang), x="year", y="net", color="bloc_name", measure=VALUE, f=f,
                                       x_title=t("year", lang), color_title=t("bloc", lang), scale=charts.bloc_scale(lang),
                                       side_by_side=True),
              data=net, sql=[("flows_net_by_bloc", {})], unit=unit, reading=readings.net_sentence(net, names, f)),
    ]


def map_panel(f: Filters, arcs_data: pl.DataFrame, mode: str = "china") -> Panel:
    """The flow map of these corridors (the largest MAP_ARCS drawn); `mode`: one of MAP_MODES."""
    world = mode == "world"
    if not world:
        arcs_data = arcs_data.filter((pl.col("seller_level") != "country") & (pl.col("buyer_level") != "country"))
    arcs = charts.arcs_frame(arcs_data.head(MAP_ARCS))
    chart = charts.flow_map(arcs, charts.places_of(arcs_data.head(MAP_ARCS)), measure=VALUE, f=f, seller_title=t("seller", f.lang),
                            buyer_title=t("buyer", f.lang), world=world,
                            china=geo.china_provinces() if mode == "china" else None,
                            maritime=geo.china_maritime() if mode == "china" else None) if arcs.height else None
    corridors = arcs_data.head(MAP_ARCS).with_columns(corridor())
    return Panel(key="flows-map", title=t("title_flows_map", f.lang), chart=chart, data=arcs_data, sql=[("flows_map", {"top": 60})],
                 unit=VALUE.unit(f), source=t("source_flow_map", f.lang),
                 reading=readings.top_list(corridors, "corridor", "value", f, "what_map_corridors") if arcs.height else None)


def map_top(run: Run, f: Filters, mode: str = "china") -> Panel:
    """The flow map of the 60 largest corridors, as the flows page shows it before any cell is picked."""
    return map_panel(f, run("flows_map", f, top=60), mode)


def corridor_table(f: Filters, corridors: pl.DataFrame) -> pl.DataFrame:
    lang = f.lang
    return corridors.with_columns(
        (100 * (pl.col("value_latest") - pl.col("value_previous")) / pl.col("value_previous")).alias("yoy_pct"),
    ).select(
        pl.col("seller_name").alias(t("seller", lang)), pl.col("buyer_name").alias(t("buyer", lang)),
        pl.col("contracts").alias(t("contracts", lang)), pl.col("value").alias(VALUE.label(f)),
        pl.col("yoy_pct").map_elements(lambda v: f"{v:+.1f}%", return_dtype=pl.String).fill_null("—").alias(t("yoy", lang)),
    )


def corridors(f: Filters, rows: pl.DataFrame) -> Panel:
    """The corridor table as a panel (its data are the query's rows; the page shows corridor_table)."""
    return Panel(key="flows-corridors", title=t("corridor", f.lang), chart=None, data=rows, sql=[("flows_corridors", {"top": 200})],
                 unit=VALUE.unit(f))


def panels(run: Run, f: Filters, level: str = "province", mode: str = "china") -> list[Panel]:
    """The flows view as a pack shows it: no cell selected, the corridor table's first 20 rows."""
    table = corridors(f, corridor_table(f, run("flows_corridors", f, top=200)).head(20))
    return [matrix(run, f, level), *blocs(run, f), map_top(run, f, mode), table]
