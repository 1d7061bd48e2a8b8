"""Charts as the browser is sent them: an Altair chart (or a finished Vega-Lite dict, as the maps are)
turned into the spec `st.vega_lite_chart` sends, with its rows as Arrow. Done once per view
(techmarket.ui.cache.view) rather than on every page run.

This is the one module that uses Streamlit's private conversion helpers; without them it falls back
to the plain spec with the data inline.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from techmarket.charts import panes


def web_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The Vega-Lite spec as st.altair_chart would send it (data as Arrow)."""
    if isinstance(chart, dict):  # a finished spec: maps with boundaries, which the browser fetches once as files
        from techmarket.geo import web_data

        layers = [{**layer, "data": web_data(layer["data"])} if "data" in layer else layer for layer in chart.get("layer", [])]
        spec = {**chart, "layer": layers} if layers else dict(chart)
        if spec.get("datasets"):  # rows as Arrow now, or Streamlit converts them through pandas on every run
            spec["datasets"] = {name: _arrow_bytes(rows) for name, rows in spec["datasets"].items()}
        return spec
    from techmarket.charts import finish

    finished: Any = finish(chart)
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    except ImportError:  # a Streamlit without it: the plain spec, data inline
        return finished.to_dict()
    return _convert_altair_to_vega_lite_spec(finished)


def _arrow_bytes(rows: Any) -> Any:
    """A named dataset of plain rows as the Arrow IPC bytes Streamlit sends; anything else as is."""
    if not (isinstance(rows, list) and rows and all(isinstance(r, dict) and "type" not in r for r in rows)):
        return rows  # GeoJSON features and the like stay in the spec for Vega-Lite to read
    import pyarrow as pa
    from streamlit.dataframe_util import convert_arrow_table_to_arrow_bytes

    return convert_arrow_table_to_arrow_bytes(pa.Table.from_pylist(rows))


def web_panes(chart: alt.TopLevelMixin | dict) -> list[tuple[str, dict, bool]]:
    """(title, spec, fills its container) per pane of the chart (techmarket.charts.panes): one for most
    charts, one per column of a faceted chart."""
    return [(title, web_spec(pane), fills_container(pane)) for title, pane in panes(chart)]


def fills_container(chart: alt.TopLevelMixin | dict) -> bool:
    return isinstance(chart, dict) or getattr(chart, "width", None) == "container"
