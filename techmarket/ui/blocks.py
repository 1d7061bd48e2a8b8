"""The blocks a page is made of: a panel (title, reading, chart or table, unit and source, downloads, the
chart's data as a table, "show SQL" as it ran), the empty-filters note, and the values a chart click selected."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from techmarket import charts, exports
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.settings import sql_page_enabled
from techmarket.ui.cache import is_demo
from techmarket.ui.vega import web_panes

STYLE = Path(__file__).with_name("app.css")
DOWNLOADS_WIDTH = 180  # px: the download menu's three buttons; the data table and SQL take the rest (ui/app.css)
TABLE_ROWS = 100  # rows of a chart's data table on the page; the CSV download has them all


@functools.cache
def _style(primary: str) -> str:
    return f"<style>:root {{ --tm-focus: {primary}; }}\n{STYLE.read_text(encoding='utf-8')}</style>"


def style() -> None:
    """The app's style rules (ui/app.css: phone layout, keyboard focus), once per run from the router.
    Style-only HTML goes to the page's event container and takes no room."""
    st.html(_style(str(st.get_option("theme.primaryColor") or "#B22E43")))


def dataframe(df: pl.DataFrame, **kwargs: Any) -> Any:
    """st.dataframe of a Polars frame, handed over as Arrow (Streamlit would go through pandas)."""
    return st.dataframe(df.to_arrow(), **{"hide_index": True, "width": "stretch", **kwargs})


def source_line(f: Filters, extra: str | None = None) -> str:
    src = t("source_demo", f.lang) if is_demo() else t("source_registry", f.lang)
    return f"{t('source', f.lang)}: {extra or src}"


def no_data(f: Filters) -> None:
    """The friendly note for filters that select nothing."""
    st.info(t("empty", f.lang), icon=":material/filter_alt_off:")


def empty(df: pl.DataFrame, f: Filters) -> bool:
    if df.height == 0:
        no_data(f)
        return True
    return False


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", text).strip("-").lower() or "chart"


def panel(p: Any, f: Filters, *, reading: bool = True) -> Any:
    """A views.Panel: title, reading, chart (a pane per facet) or table, units and source, then downloads,
    the data table and "show SQL" (the SQL as it ran, with a link that opens it on the SQL page). Returns the
    selection state when the panel has a selection (clicks that filter the rest of the page)."""
    if p.title:
        st.subheader(p.title, anchor=False)
    if p.chart is None and p.table is None and p.data.height == 0:
        return empty(p.data, f)
    if reading and p.reading:
        st.markdown(p.reading)
    if p.hint:
        st.caption(p.hint)
    event = None
    if p.chart is not None:
        drawn_panes = p.web or web_panes(p.chart)
        # Panes (the columns of a faceted chart) side by side; Streamlit stacks columns on a phone.
        places: list[Any] = st.columns(len(drawn_panes)) if len(drawn_panes) > 1 else [st]
        for i, ((pane, spec, fills), place) in enumerate(zip(drawn_panes, places, strict=True)):
            spec = dict(spec)  # Streamlit takes top-level keys out of the dict it is given
            # For screen readers: the chart is named by its title and reading (Vega renders `description` as
            # the SVG's aria-label); Vega-Lite describes its marks itself.
            spec["description"] = " ".join(x for x in (p.title, pane, p.reading if reading else None) if x) or t("chart", f.lang)
            select: dict[str, Any] = {"on_select": "rerun", "selection_mode": p.select} if p.select else {}
            drawn = place.vega_lite_chart(spec, theme=None, key=f"chart-{p.key}" + (f"-{i}" if i else ""),
                                          width="stretch" if fills else "content", **select)
            event = drawn if p.select else event
    else:
        dataframe(p.table if p.table is not None else p.data, height=380)
    caption = " · ".join(x for x in (f"{t('unit_label', f.lang)}: {p.unit}" if p.unit else None, source_line(f, p.source)) if x)
    st.caption(caption)
    # The download menu, the data table and "show SQL" are filled only while open (a rerun when opened):
    # a page run sends three closed containers per chart instead of five buttons, a table and the SQL text.
    with st.container(horizontal=True, gap="small", vertical_alignment="top"):
        # An expander, not a popover: the keyboard reaches its buttons next (a popover's come last on the page).
        menu = st.expander(t("download", f.lang), icon=":material/download:", key=f"downloads-{p.key}", on_change="rerun",
                           width=DOWNLOADS_WIDTH)
        with menu:
            if menu.open:
                _downloads(p.key, p.chart, p.data, f)
        if p.chart is not None:
            table = st.expander(t("data_table", f.lang), icon=":material/table:", key=f"table-{p.key}", on_change="rerun")
            with table:
                if table.open:
                    _reader_table(p.chart, p.data, p.title, f)
        if p.results:
            shown = st.expander(t("show_sql", f.lang), icon=":material/code:", key=f"sql-{p.key}", on_change="rerun")
            with shown:
                if shown.open:
                    # Wrapped: a block that scrolls sideways is a region the keyboard cannot reach (axe-core).
                    st.code(p.sql, language="sql", wrap_lines=True)
                    if sql_page_enabled():
                        for r in p.results:
                            st.page_link("pages/sql.py", label=t("open_in_sql", f.lang, name=r.name), icon=":material/terminal:",
                                         query_params={"q": r.sql} | ({"lang": f.lang} if f.lang != "zh" else {}))
    return event


def _reader_table(chart: alt.TopLevelMixin | dict, data: pl.DataFrame, title: str, f: Filters) -> None:
    """The chart's numbers as an HTML table (st.table): a screen reader reads it, a keyboard reaches it."""
    rows = charts.reader_table(chart, data, title or t("chart", f.lang))
    st.table(rows.head(TABLE_ROWS).to_arrow(), hide_index=True, alt=f"{title or t('chart', f.lang)} · {t('data_table', f.lang)}")
    if rows.height > TABLE_ROWS:
        st.caption(t("table_first", f.lang, n=TABLE_ROWS, total=rows.height))


def _downloads(key: str, chart: alt.TopLevelMixin | dict | None, data: pl.DataFrame, f: Filters) -> None:
    # on_click="ignore": a download is not a reason to run the page again (which also took the keyboard's focus).
    st.download_button("CSV", lambda: exports.csv_bytes(data), file_name=f"{_slug(key)}.csv", mime="text/csv", key=f"csv-{key}",
                       help=t("download_csv", f.lang), width="stretch", on_click="ignore")
    if chart is not None:
        from techmarket.snapshot import images

        # Made only when clicked: vl-convert takes a moment per chart.
        st.download_button("PNG", lambda: images.chart_png(chart), file_name=f"{_slug(key)}.png", mime="image/png",
                           key=f"png-{key}", width="stretch", on_click="ignore")
        st.download_button("SVG", lambda: images.chart_svg(chart), file_name=f"{_slug(key)}.svg", mime="image/svg+xml",
                           key=f"svg-{key}", width="stretch", on_click="ignore")


def selected(event: Any, field: str) -> list:
    """Values of `field` chosen in a chart selection event (empty when nothing is selected)."""
    if not event:
        return []
    selection = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    out = []
    for points in selection.values():
        for p in points if isinstance(points, list) else []:
            if isinstance(p, dict) and field in p:
                out.append(p[field])
    return out
