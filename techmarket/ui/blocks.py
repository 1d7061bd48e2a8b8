"""The blocks a page is made of: a panel (title, reading, chart, unit and source, downloads, "show
SQL"), a table, the empty-filters note, and the values a chart click selected."""

from __future__ import annotations

import re
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from techmarket import exports
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.ui.cache import is_demo, shown_sql
from techmarket.ui.vega import fills_container, web_spec


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


def chart_block(key: str, title: str, chart: alt.TopLevelMixin | dict | None, data: pl.DataFrame, f: Filters, *,
                sql: list[tuple[str, dict]] | None = None, unit: str | None = None, source: str | None = None,
                reading: str | None = None, hint: str | None = None, on_select: str | None = None, web: dict | None = None) -> Any:
    """Title, chart, units and source, "show SQL", downloads. Returns the selection state when
    `on_select` is given (clicks that filter the rest of the page). `web` is the chart already
    turned into its Vega-Lite spec (techmarket.ui.cache.view); without it the chart is converted here."""
    st.subheader(title, anchor=False)
    if reading:
        st.markdown(reading)
    if hint:
        st.caption(hint)
    event = None
    if chart is not None:
        spec = dict(web or web_spec(chart))  # Streamlit takes top-level keys out of the dict it is given
        # For screen readers: the chart is named by its title and reading (Vega renders `description` as the
        # SVG's aria-label); Vega-Lite describes its marks itself.
        spec["description"] = " ".join(x for x in (title, reading) if x) or t("chart", f.lang)
        select: dict[str, Any] = {"on_select": "rerun", "selection_mode": on_select} if on_select else {}
        event = st.vega_lite_chart(spec, theme=None, key=f"chart-{key}", width="stretch" if fills_container(chart) else "content",
                                   **select)
        event = event if on_select else None
    caption = " · ".join(x for x in (f"{t('unit_label', f.lang)}: {unit}" if unit else None, source_line(f, source)) if x)
    st.caption(caption)
    # The download menu and "show SQL" are filled only while open (a rerun when opened): a page
    # run sends two closed containers per chart instead of five buttons and the SQL text.
    with st.container(horizontal=True, gap="small", vertical_alignment="top"):
        menu = st.popover(t("download", f.lang), icon=":material/download:", key=f"downloads-{key}", on_change="rerun")
        with menu:
            if menu.open:
                _downloads(key, chart, data, f)
        if sql:
            shown = st.expander(t("show_sql", f.lang), icon=":material/code:", key=f"sql-{key}", on_change="rerun")
            with shown:
                if shown.open:
                    st.code("\n\n".join(shown_sql(name, f, params) for name, params in sql), language="sql")
    return event


def _downloads(key: str, chart: alt.TopLevelMixin | dict | None, data: pl.DataFrame, f: Filters) -> None:
    st.download_button("CSV", lambda: exports.csv_bytes(data), file_name=f"{_slug(key)}.csv", mime="text/csv", key=f"csv-{key}",
                       help=t("download_csv", f.lang), width="stretch")
    if chart is not None:
        from techmarket.snapshot import images

        # Made only when clicked: vl-convert takes a moment per chart.
        st.download_button("PNG", lambda: images.chart_png(chart), file_name=f"{_slug(key)}.png", mime="image/png",
                           key=f"png-{key}", width="stretch")
        st.download_button("SVG", lambda: images.chart_svg(chart), file_name=f"{_slug(key)}.svg", mime="image/svg+xml",
                           key=f"svg-{key}", width="stretch")


def panel(p: Any, f: Filters, *, table: pl.DataFrame | None = None) -> Any:
    """Render a views.Panel: a chart block, or a table when the panel has no chart."""
    if p.chart is None and table is not None:
        st.subheader(p.title, anchor=False)
        dataframe(table, height=380)
        return chart_block(p.key, "", None, p.data, f, sql=p.sql, unit=p.unit, source=p.source)
    if p.chart is None and p.data.height == 0:
        st.subheader(p.title, anchor=False)
        return empty(p.data, f)
    return chart_block(p.key, p.title, p.chart, p.data, f, sql=p.sql, unit=p.unit, source=p.source, reading=p.reading,
                       hint=p.hint, on_select=p.select, web=p.web)


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
