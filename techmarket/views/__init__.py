"""What each view shows, as panels (views.panel.Panel), one module per page of the dashboard:

    overview  flows  cross_border  fields  enterprises  transfer  official

A view function takes `run` (a named query runner: cached in the app, direct in packs) and the
filters, and returns panels whose charts come from techmarket.charts with a measure from
techmarket.metrics. The page (pages/<view>.py) lays the panels out; a meeting pack
(techmarket.snapshot) prints them through `for_pack`. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable

from techmarket.filters import Filters
from techmarket.views import cross_border, enterprises, fields, flows, official, overview, transfer
from techmarket.views.panel import Panel, Run, view_title

# The views a pack can hold, by the name the URL and the command line use (DESIGN: CLI contract).
VIEWS = ("overview", "flows", "cross-border", "fields", "enterprises", "transfer", "official")


def for_pack(view: str, run: Run, f: Filters, names: Callable[[str], dict[str, str]]) -> list[Panel]:
    """The panels of `view` as a pack prints them: its defaults, nothing selected, the latest
    published year. `names(table)` gives code -> name in the filters' language for a dimension."""
    if view == "overview":
        return overview.panels(run, f)[2]
    if view == "flows":
        return flows.panels(run, f)
    if view == "cross-border":
        return cross_border.panels(run, f)
    if view == "fields":
        return fields.panels(run, f, names("tech_fields"))
    if view == "enterprises":
        return enterprises.panels(run, f)
    if view == "transfer":
        return transfer.panels(run, f)
    if view == "official":
        latest = run("official_years", f)["year"].max()  # the latest published year
        return official.panels(run, f, int(latest))  # type: ignore[arg-type]
    raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)} or all")


__all__ = ["VIEWS", "Panel", "Run", "cross_border", "enterprises", "fields", "flows", "for_pack", "official", "overview", "transfer",
           "view_title"]
