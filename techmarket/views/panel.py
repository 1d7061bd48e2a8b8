"""A panel is what a view shows, once: title, chart, data, reading, unit, source and the SQL behind it.

Pages render panels with Streamlit (techmarket.ui.blocks.panel); meeting packs render the same panels
to PDF, PowerPoint, PNG and XLSX (techmarket.snapshot), so a slide shows what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import polars as pl

from techmarket.i18n import t

# run(name, filters, **params): a named query (sql/NAME.sql) as a frame; cached in the app, direct in packs.
Run = Callable[..., pl.DataFrame]


@dataclass(kw_only=True)
class Panel:
    key: str  # stable id: chart widget key, download file name, pack sheet name
    title: str
    chart: alt.TopLevelMixin | dict | None  # None: the panel is a table of `data`
    data: pl.DataFrame  # what the chart draws, and what "Download CSV" and the XLSX pack hold
    sql: list[tuple[str, dict]] = field(default_factory=list)  # the named queries behind it, with parameters
    unit: str | None = None
    source: str | None = None  # None: the registry (demo or loaded data)
    reading: str | None = None  # one sentence, on the page and in the pack
    hint: str | None = None  # how to use the chart on screen (click …): the page only, never the pack
    select: str | None = None  # a selection parameter whose clicks the page uses
    # The chart as the app sends it (ui.cache.view): (title, Vega-Lite spec, fills its container) per pane.
    web: list[tuple[str, dict, bool]] | None = field(default=None, repr=False, compare=False)


def view_title(view: str, lang: str) -> str:
    return t("page_" + view.replace("-", "_"), lang)


def corridor(name: str = "corridor") -> pl.Expr:
    """"Seller → buyer" from a flow's seller_name and buyer_name, as charts and readings name a corridor."""
    return (pl.col("seller_name") + " → " + pl.col("buyer_name")).alias(name)


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
