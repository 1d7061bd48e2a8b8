"""What a view shows, once: its cards, its reading and its panels by key (View), each panel with its
title, chart, data, reading, unit, source and the query results behind it (their SQL as it ran).

Pages render a View with Streamlit (techmarket.ui.blocks); meeting packs render the same View to PDF,
PowerPoint, PNG and XLSX (techmarket.snapshot), so a slide shows what the screen shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import polars as pl

from techmarket.i18n import t
from techmarket.queries import Result

# run(name, filters, **params): a named query (sql/NAME.sql) as a queries.Result; cached in the app, direct in packs.
Run = Callable[..., Result]


@dataclass(kw_only=True)
class Panel:
    key: str  # stable id: chart widget key, download file name, pack sheet name
    title: str
    chart: alt.TopLevelMixin | dict | None  # None: the panel is a table of `data`
    # What the chart draws, and what "Download CSV" and the XLSX pack hold: the first result's rows, with
    # names added for display (text columns); `results[0].sql` run as it is gives those rows.
    data: pl.DataFrame
    results: tuple[Result, ...] = ()  # the named queries behind it, as they ran
    unit: str | None = None
    source: str | None = None  # None: the registry (demo or loaded data)
    reading: str | None = None  # one sentence, on the page and in the pack
    hint: str | None = None  # how to use the chart on screen (click …): the page only, never the pack
    select: str | None = None  # a selection parameter whose clicks the page uses
    table: pl.DataFrame | None = None  # the data as a table a person reads (headers in the language, periods named)
    # The chart as the app sends it (ui.cache.view): (title, Vega-Lite spec, fills its container) per pane.
    web: list[tuple[str, dict, bool]] | None = field(default=None, repr=False, compare=False)

    @property
    def sql(self) -> str:
        """The SQL behind the panel exactly as it ran, parameters written in (one statement per query)."""
        return "\n\n".join(r.sql.rstrip() + ";" for r in self.results)


@dataclass(frozen=True)
class Card:
    """A headline number: its label names the period it adds up ("合同数 · 2024年"), the change beside it
    says which two periods it compares (`compares`)."""

    key: str
    label: str
    value: str
    delta: str | None = None
    compares: str | None = None


@dataclass
class View:
    """What every view returns: its cards, its one-sentence reading and its panels by key, in order."""

    name: str
    panels: dict[str, Panel] = field(default_factory=dict)
    cards: list[Card] = field(default_factory=list)
    reading: str = ""

    def add(self, *panels: Panel | None) -> View:
        for p in panels:
            if p is not None:
                self.panels[p.key] = p
        return self

    @property
    def empty(self) -> bool:
        return not self.panels

    def __getitem__(self, key: str) -> Panel:
        return self.panels[key]


def view_title(view: str, lang: str) -> str:
    return t("page_" + view.replace("-", "_"), lang)


def corridor(name: str = "corridor") -> pl.Expr:
    """"Seller → buyer" from a flow's seller_name and buyer_name, as charts and readings name a corridor."""
    return (pl.col("seller_name") + " → " + pl.col("buyer_name")).alias(name)
