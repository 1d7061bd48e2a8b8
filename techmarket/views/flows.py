"""Flows (pages/flows.py): the seller × buyer matrix, flows and net flows between blocs, the flow map
and the corridor table. A clicked matrix cell becomes a seller-side and a buyer-side filter (`seller=`,
`buyer=`), so every panel answers for exactly that pair."""

from __future__ import annotations

import polars as pl

from techmarket import charts, geo, readings
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name, t
from techmarket.metrics import VALUE
from techmarket.queries import Result
from techmarket.views.panel import Panel, Run, View, corridor

LEVELS = ("bloc", "province", "city")  # matrix levels: label keys level_<level>
MAP_MODES = ("china", "arcs", "world")  # map modes: label keys map_<mode>
MAP_ARCS = 40  # corridors drawn on the map
MATRIX_TOP = 25  # seller and buyer groups the matrix shows (of the largest; at bloc level all four)
PACK_CORRIDORS = 20  # corridor rows in a pack (the page shows 200)


def bloc_named(df: pl.DataFrame, level: str, lang: str) -> pl.DataFrame:
    """The groups as the chart labels them (`seller_label`, `buyer_label`): the query's names, and at bloc level,
    where the query gives bloc codes, the blocs' names in the filters' language."""
    names = {b: bloc_name(b, lang) for b in BLOC_ORDER} if level == "bloc" else {}
    return df.with_columns(pl.col(f"{side}_name").replace_strict(names, default=pl.col(f"{side}_name")).alias(f"{side}_label")
                           for side in ("seller", "buyer"))


def matrix(run: Run, f: Filters, level: str = "province") -> Panel:
    lang = f.lang
    result = run("flows_matrix", f, level=level, top=MATRIX_TOP if level != "bloc" else 4)
    od = bloc_named(result.frame, level, lang)
    return Panel(
        key="flows-matrix", title=f"{t('title_flows_matrix', lang)} · {result.period('value', lang)}",
        chart=charts.matrix(od, seller="seller_label", buyer="buyer_label", value="value", measure=VALUE, f=f,
                            seller_title=t("seller", lang), buyer_title=t("buyer", lang), select="cell",
                            select_fields=("seller_group", "buyer_group"), period=result.period("value", lang)) if od.height else None,
        data=od, results=(result,), unit=VALUE.unit(f), select="cell",
        reading=t("reading_matrix", lang, n=result.params.get("top", MATRIX_TOP)), hint=t("hint_matrix", lang),
    )


def pairs(run: Run, f: Filters, level: str = "province", top_n: int = 15) -> Panel:
    """The matrix as a phone shows it: its `top_n` largest seller → buyer pairs as a ranked list,
    coloured by the seller's bloc."""
    lang = f.lang
    result = run("flows_matrix", f, level=level, top=1_000_000, pairs=top_n)
    top = charts.with_bloc_names(bloc_named(result.frame, level, lang).with_columns(
        (pl.col("seller_label") + " → " + pl.col("buyer_label")).alias("pair")), lang, "seller_bloc")
    return Panel(
        key="flows-pairs", title=f"{t('title_flows_pairs', lang)} · {result.period('value', lang)}",
        chart=charts.bars(top, category="pair", value="value", measure=VALUE, f=f, color="bloc_name",
                          color_title=t("seller", lang), period=result.period("value", lang)) if top.height else None,
        data=top, results=(result,), unit=VALUE.unit(f),
        reading=readings.top_sentence(top, "pair", "value", f, "what_pairs"),
    )


def blocs(run: Run, f: Filters) -> list[Panel]:
    lang, unit = f.lang, VALUE.unit(f)
    result = run("flows_matrix", f, level="bloc", top=4)
    od = result.frame
    names = {b: bloc_name(b, lang) for b in BLOC_ORDER}
    ribbons = charts.sankey_frame(od, source="seller_group", target="buyer_group", value="value").with_columns(
        pl.col("seller_group").replace_strict(names).alias("seller_name"), pl.col("buyer_group").replace_strict(names).alias("buyer_name"))
    net = run("flows_net_by_bloc", f)
    return [
        Panel(key="flows-sankey", title=f"{t('title_flows_sankey', lang)} · {result.period('value', lang)}",
              chart=charts.sankey(ribbons, source_name="seller_name", target_name="buyer_name", value="value", measure=VALUE, f=f,
                                  source_title=t("seller", lang), target_title=t("buyer", lang), period=result.period("value", lang))
              if ribbons.height else None,
              data=od, results=(result,), unit=unit),
        Panel(key="flows-net", title=t("net_flow", lang),
              chart=charts.column_bars(charts.with_bloc_names(net.frame, lang), x="year", y="net", color="bloc_name", measure=VALUE, f=f,
                                       x_title=t("year", lang), color_title=t("bloc", lang), scale=charts.bloc_scale(lang),
                                       side_by_side=True),
              data=charts.with_bloc_names(net.frame, lang), results=(net,), unit=unit, reading=readings.net_sentence(net.frame, names, f)),
    ]


def map_panel(run: Run, f: Filters, mode: str = "china") -> Panel:
    """The flow map of the MAP_ARCS largest corridors; `mode`: one of MAP_MODES (china and arcs: both ends in China)."""
    world = mode == "world"
    result = run("flows_map", f, top=MAP_ARCS, scope="all" if world else "domestic")
    arcs_data = result.frame
    arcs = charts.arcs_frame(arcs_data)
    chart = charts.flow_map(arcs, charts.places_of(arcs_data), measure=VALUE, f=f, seller_title=t("seller", f.lang),
                            buyer_title=t("buyer", f.lang), world=world,
                            china=geo.china_provinces() if mode == "china" else None,
                            maritime=geo.china_maritime() if mode == "china" else None,
                            period=result.period("value", f.lang)) if arcs.height else None
    corridors = arcs_data.with_columns(corridor())
    return Panel(key="flows-map", title=f"{t('title_flows_map', f.lang)} · {result.period('value', f.lang)}", chart=chart, data=arcs_data,
                 results=(result,), unit=VALUE.unit(f), source=t("source_flow_map", f.lang),
                 reading=readings.top_list(corridors, "corridor", "value", f, "what_map_corridors") if arcs.height else None)


def corridor_table(f: Filters, result: Result) -> pl.DataFrame:
    """The corridor rows as a person reads them: headers in the language, each number's period named."""
    lang, rows = f.lang, result.frame

    def head(label: str, column: str) -> str:
        return f"{label} ({result.period(column, lang)})"

    return rows.select(
        pl.col("seller_name").alias(t("seller", lang)), pl.col("buyer_name").alias(t("buyer", lang)),
        pl.col("contracts").alias(head(t("contracts", lang), "contracts")),
        pl.col("value").round(VALUE.decimals(f)).alias(head(VALUE.label(f), "value")),
        pl.col("yoy_pct").map_elements(lambda v: f"{v:+.1f}%", return_dtype=pl.String).fill_null("—")
        .alias(head(t("yoy", lang), "yoy_pct")),
    )


def corridors(run: Run, f: Filters, top: int = 200) -> Panel:
    """The corridor table as a panel: its data are the query's rows, its table what the page shows."""
    result = run("flows_corridors", f, top=top)
    return Panel(key="flows-corridors", title=t("corridor", f.lang), chart=None, data=result.frame, results=(result,),
                 unit=VALUE.unit(f), table=corridor_table(f, result))


def view(run: Run, f: Filters, level: str = "province", mode: str = "china", pack: bool = False) -> View:
    """The flows view: matrix, its phone list (the page's), Sankey, net flows, map and corridors (a pack's first PACK_CORRIDORS)."""
    out = View("flows")
    first = matrix(run, f, level)
    if first.data.height == 0:
        return out
    return out.add(first, None if pack else pairs(run, f, level), *blocs(run, f), map_panel(run, f, mode),
                   corridors(run, f, PACK_CORRIDORS if pack else 200))
