"""What each view shows, one module per page of the dashboard:

    overview  flows  cross_border  fields  enterprises  transfer  official

Every view has one shape: `build(name, run, f, **options)` returns a views.panel.View (its cards, its
reading and its panels by key), whose charts come from techmarket.charts with a measure from
techmarket.metrics and whose numbers come from the named queries `run` returns (queries.Result). `run`
is cached in the app, direct in packs. The page (pages/<view>.py) lays the View out; a meeting pack
(techmarket.snapshot) prints the same View built with `pack=True`. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from techmarket.filters import Filters
from techmarket.views import cross_border, enterprises, fields, flows, official, overview, transfer
from techmarket.views.panel import Card, Panel, Run, View, view_title

# The views a pack can hold, by the name the URL and the command line use (README, "Meeting packs": scripts name them).
VIEWS = ("overview", "flows", "cross-border", "fields", "enterprises", "transfer", "official")


def _fields(run: Run, f: Filters, names: Callable[[str], dict[str, str]], **_: Any) -> View:
    return fields.view(run, f, names("tech_fields"))


BUILDERS: dict[str, Callable[..., View]] = {
    "overview": lambda run, f, names, **o: overview.view(run, f),
    "flows": lambda run, f, names, level="province", mode="china", pack=False, **o: flows.view(run, f, level, mode, pack),
    "cross-border": lambda run, f, names, **o: cross_border.view(run, f),
    "fields": _fields,
    "enterprises": lambda run, f, names, **o: enterprises.view(run, f),
    "transfer": lambda run, f, names, **o: transfer.view(run, f),
    "official": lambda run, f, names, year=None, **o: official.view(run, f, year),
}


def build(view: str, run: Run, f: Filters, names: Callable[[str], dict[str, str]], **options: Any) -> View:
    """The View `view` under the filters. `names(table)` gives code -> name in the filters' language for a
    dimension table; `options` are the page's own choices (flows: level, mode; official: year) and `pack=True`
    for a meeting pack (its defaults, nothing the page alone shows)."""
    if view not in BUILDERS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)} or all")
    return BUILDERS[view](run, f, names, **options)


__all__ = ["BUILDERS", "VIEWS", "Card", "Panel", "Run", "View", "build", "cross_border", "enterprises", "fields", "flows", "official",
           "overview", "transfer", "view_title"]
