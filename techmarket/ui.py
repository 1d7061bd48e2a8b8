"""Streamlit helpers the pages share: the connection, cached queries, filters, chart blocks.

Pages read like a description of the UI: `f = ui.filters()` -> `ui.query(...)` -> `charts.x(...)`
-> `ui.chart_block(...)`. Results are cached per data version and filters, so a refreshed
database shows new data without a restart.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import altair as alt
import pandas  # noqa: F401 - imported up front: two sessions importing it lazily at once can see it half-initialised
import polars as pl
import streamlit as st

from techmarket import db, exports, queries
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.settings import db_path


@functools.lru_cache(maxsize=8)  # one per database path for the process; asked many times a run, so a plain memo
def _reader(path: str) -> db.Reader:
    return db.Reader(Path(path))


def cursor():
    """(cursor, data version) on the current database file."""
    return _reader(str(db_path())).cursor()


def version() -> str:
    """The current data version, which keys every cache (a stat of the file, no cursor)."""
    return _reader(str(db_path())).version()


class Shared:
    """A bounded memo shared by every session, for values nobody changes in place (Polars frames,
    finished views). Keys are plain hashable values, looked up as they are — Streamlit's caches hash
    every argument on every call, which under twenty sessions was a tenth of the server's time —
    and each key is computed once however many sessions ask for it at the same moment."""

    def __init__(self, fn: Callable, max_entries: int):
        self._fn, self._max = fn, max_entries
        self._values: OrderedDict = OrderedDict()
        self._pending: dict = {}
        self._lock = threading.Lock()

    def __call__(self, *key):
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = self._fn(*key)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self._max:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def _run_query(version: str, name: str, f: Filters, params: tuple) -> pl.DataFrame:
    con, _ = cursor()
    return queries.run(con, name, f, **dict(params))


_cached = Shared(_run_query, max_entries=512)


def query(name: str, f: Filters, **params: object) -> pl.DataFrame:
    return _cached(version(), name, f, tuple(sorted(params.items())))


@functools.lru_cache(maxsize=16)  # asked several times a run: a plain memo, without Streamlit's hashing of the arguments
def _info(version: str) -> tuple[dict[str, str], str | None, tuple[int, int]]:
    con, _ = cursor()
    return db.dataset_info(con), db.as_of(con), queries.year_range(con)


def info() -> tuple[dict[str, str], str | None, tuple[int, int]]:
    """(dataset_info, as-of text, (first year, last year)) of the current data version."""
    return _info(version())


def view(fn: Callable, f: Filters, *args: object):
    """`fn(run, f, *args)` from techmarket.views, made once per data version, filters and arguments
    and shared by every session: its charts are turned into what the browser is sent at that time,
    so a page run that finds it costs milliseconds. What it returns must not be changed in place."""
    return _view(version(), fn.__module__, fn.__name__, f, args)


def _make_view(version: str, module: str, name: str, f: Filters, args: tuple):
    return _with_web_specs(getattr(importlib.import_module(module), name)(run, f, *args))


_view = Shared(_make_view, max_entries=128)  # a view is tens to hundreds of KB: bounded memory


def _with_web_specs(result):
    from techmarket.views import Panel

    if isinstance(result, Panel):
        return dataclasses.replace(result, web=_web_spec(result.chart)) if result.chart is not None else result
    if isinstance(result, list | tuple):
        return type(result)(_with_web_specs(x) for x in result)
    return result


def _web_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite spec as st.altair_chart would send it (data as Arrow), made once instead of on every run."""
    if isinstance(chart, dict):  # a finished spec: maps with boundaries, which the browser fetches once as files
        from techmarket.geo import web_data

        layers = [{**layer, "data": web_data(layer["data"])} if "data" in layer else layer for layer in chart.get("layer", [])]
        spec = {**chart, "layer": layers} if layers else dict(chart)
        if spec.get("datasets"):  # rows as Arrow now, or Streamlit converts them through pandas on every run
            spec["datasets"] = {name: _arrow_bytes(rows) for name, rows in spec["datasets"].items()}
        return spec
    from techmarket.charts import finish

    finished = finish(chart)
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    except ImportError:  # a Streamlit without it: the plain spec, data inline
        return finished.to_dict()
    return _convert_altair_to_vega_lite_spec(finished)


def _arrow_bytes(rows):
    """A named dataset of plain rows as the Arrow IPC bytes Streamlit sends; anything else as is."""
    if not (isinstance(rows, list) and rows and all(isinstance(r, dict) and "type" not in r for r in rows)):
        return rows  # GeoJSON features and the like stay in the spec for Vega-Lite to read
    import pyarrow as pa
    from streamlit.dataframe_util import convert_arrow_table_to_arrow_bytes

    return convert_arrow_table_to_arrow_bytes(pa.Table.from_pylist(rows))


def filters() -> Filters:
    """The filters the router (dashboard.py) put in place for this run.

    A page can be run without the router once: Streamlit treats a `pages/` folder beside the
    entry point as an old-style multipage app until the entry point has called st.navigation,
    so a deep link (/flows) to a freshly started server runs the page file alone. Then we tell
    Streamlit this is a st.navigation app and rerun, which routes through dashboard.py."""
    if "filters" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["filters"]


def dataframe(df: pl.DataFrame, **kwargs):
    """st.dataframe of a Polars frame, handed over as Arrow (Streamlit would go through pandas)."""
    return st.dataframe(df.to_arrow(), **{"hide_index": True, "width": "stretch", **kwargs})


def lang() -> str:
    return filters().lang


def is_demo() -> bool:
    return info()[0].get("is_demo") == "true"


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
                reading: str | None = None, on_select: str | None = None, web: dict | None = None):
    """Title, chart, units and source, "show SQL", CSV download. Returns the selection state when
    `on_select` is given (clicks that filter the rest of the page). `web` is the chart already
    turned into its Vega-Lite spec (see view); without it the chart is converted here."""
    st.subheader(title, anchor=False)
    if reading:
        st.markdown(reading)
    event = None
    if chart is not None:
        spec = dict(web or _web_spec(chart))  # Streamlit takes top-level keys out of the dict it is given
        width = "stretch" if isinstance(chart, dict) or _fills_container(chart) else "content"
        select = {"on_select": "rerun", "selection_mode": on_select} if on_select else {}
        event = st.vega_lite_chart(spec, theme=None, key=f"chart-{key}", width=width, **select)
        event = event if on_select else None
    caption = " · ".join(x for x in (f"{t('unit_label', f.lang)}: {unit}" if unit else None, source_line(f, source)) if x)
    st.caption(caption)
    # The download menu and "show SQL" are filled only while open (a rerun when opened): a page
    # run sends two closed containers per chart instead of five buttons and the SQL text.
    with st.container(horizontal=True, gap="small", vertical_alignment="top"):
        menu = st.popover({"zh": "下载", "en": "Download"}[f.lang], icon=":material/download:", key=f"downloads-{key}",
                          on_change="rerun")
        with menu:
            if menu.open:
                _downloads(key, chart, data, f)
        if sql:
            shown = st.expander(t("show_sql", f.lang), icon=":material/code:", key=f"sql-{key}", on_change="rerun")
            with shown:
                if shown.open:
                    st.code("\n\n".join(_shown_sql(version(), name, f, tuple(sorted(params.items()))) for name, params in sql),
                            language="sql")
    return event


def _downloads(key: str, chart, data: pl.DataFrame, f: Filters) -> None:
    st.download_button("CSV", lambda: exports.csv_bytes(data), file_name=f"{_slug(key)}.csv", mime="text/csv", key=f"csv-{key}",
                       help=t("download_csv", f.lang), width="stretch")
    if chart is not None:
        from techmarket import snapshot

        # Made only when clicked: vl-convert takes a moment per chart.
        st.download_button("PNG", lambda: snapshot.chart_png(chart), file_name=f"{_slug(key)}.png", mime="image/png",
                           key=f"png-{key}", width="stretch")
        st.download_button("SVG", lambda: snapshot.chart_svg(chart), file_name=f"{_slug(key)}.svg", mime="image/svg+xml",
                           key=f"svg-{key}", width="stretch")


@functools.lru_cache(maxsize=1024)
def _shown_sql(version: str, name: str, f: Filters, params: tuple) -> str:
    """A named query as "show SQL" lists it: composed once per data version, filters and parameters."""
    con, _ = cursor()
    return queries.compose(con, name, f, **dict(params)).display()


def _fills_container(chart: alt.TopLevelMixin) -> bool:
    return getattr(chart, "width", None) == "container"


def selected(event, field: str) -> list:
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


@functools.lru_cache(maxsize=64)  # shared and read only
def _dimension(version: str, table: str) -> pl.DataFrame:
    con, _ = cursor()
    order = {"regions": "region_code", "tech_fields": "sort_order", "contract_types": "sort_order",
             "contract_subtypes": "sort_order"}[table]
    return con.sql(f"select * from {table} order by {order}").pl()


def dimension(table: str) -> pl.DataFrame:
    """A dimension table (regions, tech_fields, contract_types, contract_subtypes), cached per data version."""
    return _dimension(version(), table)


# Parameters the pages give the named queries that need them; the SQL workbench composes its examples with these.
QUERY_DEFAULTS: dict[str, dict] = {
    "flows_matrix": {"level": "province"}, "flows_map": {"top": 60},
    "flows_corridors": {"top": 200}, "field_board_trend": {"field": "ai"}, "field_board_parties": {"field": "ai", "top": 10},
    "enterprises_top_parties": {"top": 15}, "official_provinces": {"year": 2023}, "data_rejects": {"limit": 1000},
    "transfer_academic_regions": {"top": 15},
}


@st.cache_data(show_spinner=False, max_entries=16)
def _schema_catalog(version: str) -> pl.DataFrame:
    from techmarket.workbench import schema_browser

    con, _ = cursor()
    return schema_browser(con)


def schema_catalog() -> pl.DataFrame:
    """Tables and columns with types, descriptions and row counts, per data version."""
    return _schema_catalog(version())


def panel(p, f: Filters, *, table: pl.DataFrame | None = None):
    """Render a views.Panel: a chart block, or a table when the panel has no chart."""
    if p.chart is None and table is not None:
        st.subheader(p.title, anchor=False)
        dataframe(table, height=380)
        return chart_block(p.key, "", None, p.data, f, sql=p.sql, unit=p.unit, source=p.source)
    if p.chart is None and p.data.height == 0:
        st.subheader(p.title, anchor=False)
        return empty(p.data, f)
    return chart_block(p.key, p.title, p.chart, p.data, f, sql=p.sql, unit=p.unit, source=p.source, reading=p.reading,
                       on_select=p.select, web=p.web)


def run(name: str, f: Filters, **params: object) -> pl.DataFrame:
    """views.Run for the app: cached per data version, filters and parameters."""
    return query(name, f, **params)
