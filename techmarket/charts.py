"""Every Altair chart: pure functions DataFrame -> Chart, never touching the database.

Palette, sizes and fonts are module constants so the page, the PNG/SVG export and the meeting packs
draw the same chart. A builder takes the Measure it plots and the filters (metrics.py): the measure
gives the axis title, unit and number format in the filters' language, unit and currency; the bloc
palette is named in that language too. Other titles (categories, colours) come already translated.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import polars as pl
import pyarrow as pa

from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name
from techmarket.metrics import Measure

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
BLOC_COLORS = {"GBA": "#D1495B", "YRD": "#00798C", "OTHER_CN": "#9C9C9C", "OVERSEAS": "#30638E"}
DIRECTION_COLORS = {"output": "#D1495B", "absorb": "#00798C", "bought_from_abroad": "#EDAE49", "sold_abroad": "#30638E"}
HEIGHT = 320
LABELLED_PLACES = 14  # maps label only the busiest places, so names do not pile up


def bloc_scale(lang: str, blocs: list[str] | None = None) -> alt.Scale:
    """The same colour for each bloc on every chart, whatever subset is shown."""
    present = [b for b in BLOC_ORDER if blocs is None or b in blocs]
    return alt.Scale(domain=[bloc_name(b, lang) for b in present], range=[BLOC_COLORS[b] for b in present])


def with_bloc_names(df: pl.DataFrame, lang: str, column: str = "bloc", target: str = "bloc_name") -> pl.DataFrame:
    mapping = {b: bloc_name(b, lang) for b in BLOC_ORDER}
    return df.with_columns(pl.col(column).replace_strict(mapping, default=pl.col(column)).alias(target))


def finish(chart: alt.TopLevelMixin, title: str = "") -> Any:  # the same kind of chart, configured
    """Fonts and quiet axes, applied last (a configured chart cannot be layered further). A chart
    that fills its container is fitted to it, legend and axes included."""
    if getattr(chart, "width", None) == "container":
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit", contains="padding"))
    if title:  # otherwise the chart keeps its own (a facet's pane is titled by its value)
        chart = chart.properties(title=alt.TitleParams(title, anchor="start", fontSize=15))
    return chart.configure(
        font=FONT,
    ).configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12, grid=True, gridOpacity=0.35,
                     domain=False).configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12, orient="top").configure_view(
        strokeWidth=0)


def year_axis(df: pl.DataFrame, x: str, title: str) -> alt.X:
    """Years spaced by value: every year from the first to the last has its place, so a year with no figure is
    a gap, not a neighbour (2005 and 2010 are five places apart). Other ordinals keep their own order."""
    if x != "year" or df.height == 0 or not df.schema[x].is_integer():
        return alt.X(f"{x}:O", title=title, axis=alt.Axis(labelAngle=0))
    first, last = int(df[x].min()), int(df[x].max())  # type: ignore[arg-type]
    every = list(range(first, last + 1))
    step = 1 if len(every) <= 12 else 5 if len(every) <= 40 else 10
    return alt.X(f"{x}:O", title=title, scale=alt.Scale(domain=every),
                 axis=alt.Axis(labelAngle=0, values=[y for y in every if y % step == 0 or y in (first, last)]))


def line_by_bloc(df: pl.DataFrame, *, x: str, y: str, measure: Measure, f: Filters, x_title: str, bloc_title: str,
                 color: str = "bloc_name", blocs: list[str] | None = None, facet: str | None = None,
                 facet_title: str = "", facet_order: list[str] | None = None) -> alt.Chart:
    y_title, number_format, lang = measure.label(f), measure.d3_format(f), f.lang
    base = alt.Chart(df.to_arrow()).mark_line(point=True, strokeWidth=2.5).encode(
        x=year_axis(df, x, x_title),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=number_format)),
        color=alt.Color(f"{color}:N", title=bloc_title, scale=bloc_scale(lang, blocs)),
        tooltip=[alt.Tooltip(f"{x}:O", title=x_title), alt.Tooltip(f"{color}:N", title=bloc_title),
                 alt.Tooltip(f"{y}:Q", title=y_title, format=number_format)],
    ).properties(height=HEIGHT, width="container" if facet is None else 330)
    if facet:
        return base.facet(column=alt.Column(f"{facet}:N", title=facet_title, sort=facet_order or "ascending"))
    return base


def panes(chart: alt.TopLevelMixin | dict) -> list[tuple[str, alt.TopLevelMixin | dict]]:
    """The chart as the page lays it out: a chart faceted into columns becomes one chart per column
    value (in the facet's order), each filling its own container, titled by that value and sharing the
    y scale, so the page can put them side by side and a phone can stack them (a Vega-Lite facet has a
    fixed width). Any other chart is one pane with no title. Packs and image downloads keep the facet."""
    if not isinstance(chart, alt.FacetChart) or chart.facet.column is alt.Undefined or not isinstance(chart.data, pa.Table):
        return [("", chart)]
    field = str(chart.facet.column.shorthand).split(":")[0]
    data = pl.DataFrame(pl.from_arrow(chart.data))
    inner: Any = chart.spec
    y = inner.encoding.y
    y_field = y.shorthand.split(":")[0]
    low, high = min(0.0, float(data[y_field].min() or 0)), float(data[y_field].max() or 0)
    shared_y = y.copy(deep=True)
    shared_y.scale = alt.Scale(domain=[low, high], nice=True)
    out: list[tuple[str, alt.TopLevelMixin | dict]] = []
    order = chart.facet.column._get("sort")
    values = data[field].unique().to_list()
    for value in sorted(values, key=order.index if isinstance(order, list) else None):
        part = data.filter(pl.col(field) == value)
        pane = inner.copy(deep=True).properties(data=part.to_arrow(), width="container",
                                                title=alt.TitleParams(str(value), anchor="start", fontSize=14))
        out.append((str(value), pane.encode(y=shared_y)))
    return out


def reader_table(chart: alt.TopLevelMixin | dict, data: pl.DataFrame, untitled: str) -> pl.DataFrame:
    """The chart's numbers as a table a screen reader can read: the columns its facets and tooltips
    show, headed as the tooltips title them (a field the chart leaves untitled, such as a bar chart's
    categories, is headed `untitled`, the panel's title), from the panel's data, or from the chart's
    own rows when only those hold every column. Without such columns: the panel's data as it is."""
    labels = _shown_fields(chart if isinstance(chart, dict) else chart.to_dict())
    own = getattr(chart, "data", None)
    source = data
    if any(c not in data.columns for c in labels) and isinstance(own, pa.Table) and all(c in own.column_names for c in labels):
        source = pl.DataFrame(pl.from_arrow(own))
    columns = [c for c in labels if c in source.columns]
    if not columns:
        return data
    headers: list[str] = []
    for c in columns:
        header = labels[c] or untitled
        headers.append(header if header not in headers else f"{header} ({c})")
    return source.select(pl.col(c).alias(h) for c, h in zip(columns, headers, strict=True))


def _shown_fields(spec: Any) -> dict[str, str]:
    """{field: title ("" when untitled)} of a Vega-Lite spec's facet columns and tooltips, in order."""
    labels: dict[str, str] = {}
    if isinstance(spec, list):
        for item in spec:
            labels |= {k: v for k, v in _shown_fields(item).items() if k not in labels}
    elif isinstance(spec, dict):
        facet = spec.get("facet")
        channels = [facet.get("column"), facet.get("row")] if isinstance(facet, dict) else []
        tips = spec.get("tooltip")
        channels += tips if isinstance(tips, list) else [tips]
        for channel in channels:
            if isinstance(channel, dict) and "field" in channel:
                labels.setdefault(channel["field"], channel.get("title") or "")
        for key, value in spec.items():
            if key not in ("data", "datasets"):
                labels |= {k: v for k, v in _shown_fields(value).items() if k not in labels}
    return labels


def bars(df: pl.DataFrame, *, category: str, value: str, measure: Measure, f: Filters, category_title: str = "",
         color: str | None = None, color_title: str = "", sort_desc: bool = True, height: int | None = None,
         select: str | None = None, blocs: list[str] | None = None, color_scale: alt.Scale | None = None,
         side_by_side: bool = False, period: str = "") -> alt.Chart:
    """Horizontal bars, largest first; `color` by bloc when given, stacked, or `side_by_side` when the
    colours are two views of the same total (output and absorption). `select` names a point selection
    on the category (clicking a bar filters the rest of the page). `period`: the years the values add up
    (queries.Result.period), named in the axis and tooltip titles."""
    value_title, number_format, lang = measure.label(f, period), measure.d3_format(f), f.lang
    n = df[category].n_unique() if df.height else 1
    enc: dict[str, Any] = {
        "y": alt.Y(f"{category}:N", title=category_title, sort="-x" if sort_desc else None),
        # The years on a line of their own: at a phone's width one line of measure, unit and years is cut off.
        "x": alt.X(f"{value}:Q", title=[measure.label(f), period] if period else value_title,
                   axis=alt.Axis(format=number_format, tickCount=5, labelOverlap=True)),
        "tooltip": [alt.Tooltip(f"{category}:N", title=category_title), alt.Tooltip(f"{value}:Q", title=value_title, format=number_format)],
    }
    if color:
        # The bars' labels take the left of the chart and a top legend starts after them: more than three
        # entries go in two columns, or a phone's width cuts the last one off.
        scale = color_scale or bloc_scale(lang, blocs)
        entries = len(scale.domain) if isinstance(scale.domain, list) else df[color].n_unique()
        legend = alt.Legend(columns=2) if entries > 3 else alt.Undefined
        enc["color"] = alt.Color(f"{color}:N", title=color_title, scale=scale, legend=legend)
        enc["tooltip"].append(alt.Tooltip(f"{color}:N", title=color_title))
        if side_by_side:
            enc["yOffset"] = alt.YOffset(f"{color}:N")
    chart = alt.Chart(df.to_arrow()).mark_bar(cornerRadiusEnd=2).encode(**enc).properties(
        # A colour legend sits above the bars and takes their room: a few bars need more height then.
        height=height or max(140 + (60 if color else 0), min(26 * n, 560)), width="container")
    if select:
        sel = alt.selection_point(name=select, fields=[category])
        chart = chart.add_params(sel).encode(opacity=alt.condition(sel, alt.value(1.0), alt.value(0.45)))
    return chart


def column_bars(df: pl.DataFrame, *, x: str, y: str, color: str, measure: Measure, f: Filters, x_title: str, color_title: str,
                scale: alt.Scale | None = None, side_by_side: bool = False) -> alt.Chart:
    """Vertical bars by year (or another ordinal): stacked by `color`, or side by side when the colours
    are parts that do not add up (directions, blocs' net flows; negative values go below zero)."""
    y_title, number_format = measure.label(f), measure.d3_format(f)
    enc: dict[str, Any] = {
        "x": year_axis(df, x, x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=number_format)),
        "color": alt.Color(f"{color}:N", title=color_title, scale=scale or alt.Undefined),
        "tooltip": [alt.Tooltip(f"{x}:O", title=x_title), alt.Tooltip(f"{color}:N", title=color_title),
                    alt.Tooltip(f"{y}:Q", title=y_title, format=number_format)],
    }
    if side_by_side:
        enc["xOffset"] = alt.XOffset(f"{color}:N")
    return alt.Chart(df.to_arrow()).mark_bar().encode(**enc).properties(height=HEIGHT, width="container")


def matrix(df: pl.DataFrame, *, seller: str, buyer: str, value: str, measure: Measure, f: Filters, seller_title: str, buyer_title: str,
           select: str | None = None, select_fields: tuple[str, str] | None = None, period: str = "") -> alt.Chart:
    """Origin-destination heat map: sellers down, buyers across; a clicked cell is a selection
    (on `select_fields`, e.g. the group codes behind the names)."""
    value_title, number_format = measure.label(f, period), measure.d3_format(f)
    n = max(df[seller].n_unique(), df[buyer].n_unique()) if df.height else 1
    cell = max(14, min(44 if n > 4 else 72, 560 // max(n, 1)))
    base = alt.Chart(df.to_arrow()).encode(
        y=alt.Y(f"{seller}:N", title=seller_title, sort=None),
        x=alt.X(f"{buyer}:N", title=buyer_title, sort=None, axis=alt.Axis(labelAngle=-45, orient="top")),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=0.5).encode(
        # The legend names the measure; the years it adds up are in the panel's title and the tooltip (a legend's
        # title is cut at 180 px).
        color=alt.Color(f"{value}:Q", title=measure.label(f), scale=alt.Scale(scheme="orangered", type="sqrt"),
                        legend=alt.Legend(format=number_format)),
        tooltip=[alt.Tooltip(f"{seller}:N", title=seller_title), alt.Tooltip(f"{buyer}:N", title=buyer_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=number_format)],
    )
    if select:
        sel = alt.selection_point(name=select, fields=list(select_fields or (seller, buyer)))
        rect = rect.add_params(sel).encode(opacity=alt.condition(sel, alt.value(1.0), alt.value(0.5)))
    chart = rect
    if n <= 8:
        # White text on the darkest quarter of the (square-root) colour scale, which runs from the least to the most.
        lo, hi = float(df[value].min() or 0), float(df[value].max() or 0)  # type: ignore[arg-type]
        dark = lo + (hi - lo) * 0.75**2
        chart = rect + base.mark_text(fontSize=11).encode(
            text=alt.Text(f"{value}:Q", format=number_format),
            color=alt.condition(f"datum['{value}'] > {dark}", alt.value("white"), alt.value("#1F2933")))
    # The cells keep their size and the axes' labels go around them ("pad"): fitted into its own width, a matrix of
    # one or a few cells (a selected pair) would leave the cells no room beside the long labels.
    return chart.properties(width=cell * max(df[buyer].n_unique(), 1) if df.height else 200,
                            height=cell * max(df[seller].n_unique(), 1) if df.height else 200,
                            autosize=alt.AutoSizeParams(type="pad"))


def sankey_frame(df: pl.DataFrame, *, source: str, target: str, value: str, gap: float = 0.02, steps: int = 24) -> pl.DataFrame:
    """Ribbon polygons for a two-column Sankey diagram: one area per source->target link, its width
    proportional to value, drawn as a smooth band from x=0 to x=1. Pure layout, no drawing."""
    df = df.filter(pl.col(value) > 0)
    if df.height == 0:
        return pl.DataFrame(schema={"link": pl.String, "x": pl.Float64, "y0": pl.Float64, "y1": pl.Float64, source: pl.String,
                                    target: pl.String, value: pl.Float64})
    total = df[value].sum()
    order = {k: i for i, k in enumerate(BLOC_ORDER)}

    def positions(col: str) -> dict[str, float]:
        sums = df.group_by(col).agg(pl.col(value).sum()).sort(pl.col(col).replace_strict(order, default=99))
        pos, y = {}, 0.0
        for k, v in sums.iter_rows():
            pos[k] = y
            y += v / total + gap
        return pos

    left, right = positions(source), positions(target)
    rows = []
    ordered = df.sort(pl.col(source).replace_strict(order, default=99), pl.col(target).replace_strict(order, default=99))
    for s, t, v in ordered.select(source, target, value).iter_rows():
        h = v / total
        l0, r0 = left[s], right[t]
        left[s] += h
        right[t] += h
        for i in range(steps + 1):
            x = i / steps
            ease = (1 - math.cos(math.pi * x)) / 2
            top = l0 + (r0 - l0) * ease
            rows.append({"link": f"{s}→{t}", "x": x, "y0": -top, "y1": -(top + h), source: s, target: t, value: v})
    return pl.DataFrame(rows)


def sankey(ribbons: pl.DataFrame, *, source_name: str, target_name: str, value: str, measure: Measure, f: Filters,
           source_title: str, target_title: str, period: str = "") -> alt.Chart:
    """Flows between blocs: ribbons coloured by the seller's bloc, labels at both ends."""
    value_title, number_format, lang = measure.label(f, period), measure.d3_format(f), f.lang
    data = ribbons.to_arrow()
    area = alt.Chart(data).mark_area(opacity=0.75, interpolate="monotone").encode(
        x=alt.X("x:Q", axis=None),
        y=alt.Y("y0:Q", axis=None),
        y2="y1:Q",
        detail="link:N",
        color=alt.Color(f"{source_name}:N", title=source_title, scale=bloc_scale(lang), legend=None),  # the labels name them
        tooltip=[alt.Tooltip(f"{source_name}:N", title=source_title), alt.Tooltip(f"{target_name}:N", title=target_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=number_format)],
    )
    ends = ribbons.group_by("x", source_name, target_name).agg(pl.col("y0").max(), pl.col("y1").min())
    left = ends.filter(pl.col("x") == 0).group_by(source_name).agg(((pl.col("y0").max() + pl.col("y1").min()) / 2).alias("y"))
    right = ends.filter(pl.col("x") == 1).group_by(target_name).agg(((pl.col("y0").max() + pl.col("y1").min()) / 2).alias("y"))
    labels_l = alt.Chart(left.to_arrow()).mark_text(align="right", dx=-6, fontSize=12).encode(
        x=alt.datum(0), y="y:Q", text=f"{source_name}:N")
    labels_r = alt.Chart(right.to_arrow()).mark_text(align="left", dx=6, fontSize=12).encode(
        x=alt.datum(1), y="y:Q", text=f"{target_name}:N")
    # The labels' room comes from autosize "fit" (charts.finish), which counts the text marks' extent.
    return (area + labels_l + labels_r).properties(height=HEIGHT + 60, width="container",
                                                    padding={"left": 5, "right": 5, "top": 5, "bottom": 5})  # Streamlit wants an object


def pyramid(df: pl.DataFrame, *, stage: str, value: str, measure: Measure, f: Filters, stage_title: str, order: list[str],
            color: str = "#00798C") -> alt.Chart:
    """A centred bar per stage (pyramid or funnel): widest first."""
    value_title, number_format = measure.label(f), measure.d3_format(f)
    data = df.with_columns((-pl.col(value) / 2).alias("_x0"), (pl.col(value) / 2).alias("_x1"))
    base = alt.Chart(data.to_arrow()).encode(y=alt.Y(f"{stage}:N", sort=order, title=stage_title))
    bars_ = base.mark_bar(color=color, cornerRadius=3).encode(
        x=alt.X("_x0:Q", axis=None), x2="_x1:Q",
        tooltip=[alt.Tooltip(f"{stage}:N", title=stage_title), alt.Tooltip(f"{value}:Q", title=value_title, format=number_format)])
    text = base.mark_text(color="white", fontWeight="bold").encode(x=alt.datum(0), text=alt.Text(f"{value}:Q", format=number_format))
    return (bars_ + text).properties(height=40 * max(len(order), 1) + 20, width="container")


def arcs_frame(df: pl.DataFrame, *, steps: int = 24, bend: float = 0.25) -> pl.DataFrame:
    """Curved arcs from seller to buyer in lon/lat (quadratic Bézier, bent to one side), with
    longitudes unwrapped around 105°E so an arc to the Americas does not cross the whole map."""
    rows = []
    for i, r in enumerate(df.iter_rows(named=True)):
        lon0 = ((r["seller_lon"] - 105 + 180) % 360) - 180 + 105
        lon1 = ((r["buyer_lon"] - 105 + 180) % 360) - 180 + 105
        lat0, lat1 = r["seller_lat"], r["buyer_lat"]
        mx, my = (lon0 + lon1) / 2, (lat0 + lat1) / 2
        dx, dy = lon1 - lon0, lat1 - lat0
        cx, cy = mx - dy * bend, my + dx * bend
        for k in range(steps + 1):
            t_ = k / steps
            lon = (1 - t_) ** 2 * lon0 + 2 * (1 - t_) * t_ * cx + t_ ** 2 * lon1
            lat = (1 - t_) ** 2 * lat0 + 2 * (1 - t_) * t_ * cy + t_ ** 2 * lat1
            rows.append({"arc": i, "order": k, "lon": lon, "lat": lat, "seller_name": r["seller_name"], "buyer_name": r["buyer_name"],
                         "seller_bloc": r["seller_bloc"], "value": r["value"]})
    return pl.DataFrame(rows) if rows else pl.DataFrame(schema={"arc": pl.Int64, "order": pl.Int64, "lon": pl.Float64,
                                                                 "lat": pl.Float64, "seller_name": pl.String, "buyer_name": pl.String,
                                                                 "seller_bloc": pl.String, "value": pl.Float64})


def places_of(flows: pl.DataFrame) -> pl.DataFrame:
    """The places at either end of these flows, busiest first, longitudes unwrapped around 105°E."""
    ends = [flows.select(pl.col(f"{side}_name").alias("name"), pl.col(f"{side}_lat").alias("lat"), pl.col(f"{side}_lon").alias("lon"),
                         "value") for side in ("seller", "buyer")]
    return (pl.concat(ends).group_by("name", "lat", "lon").agg(pl.col("value").sum()).sort("value", "name", descending=[True, False])
            .with_columns((((pl.col("lon") - 105 + 180) % 360) - 180 + 105).alias("lon")))


def flow_map(arcs: pl.DataFrame, points: pl.DataFrame, *, measure: Measure, f: Filters, seller_title: str, buyer_title: str,
             world: bool, china: dict | None = None, maritime: dict | None = None, period: str = "") -> alt.Chart | dict:
    """Arcs between places and labelled points. World view: a plain sphere with a graticule, no
    country shapes and no borders. China view: when `china` (all 34 provincial units) and `maritime`
    (the South China Sea line) are given, China is drawn whole under the arcs, never clipped
    (docs/maps.md), and the result is a finished Vega-Lite spec (a dict); without them, points
    and arcs only."""
    value_title, number_format, lang = measure.label(f, period), measure.d3_format(f), f.lang
    projection = alt.Projection(type="equalEarth", rotate=[-105, 0, 0]) if world else alt.Projection(
        type="conicEqualArea", rotate=[-105, 0, 0], parallels=[25, 47])
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#F4F6F8", stroke="#D5DBE0", aria=False)
    # Decorative layers stay out of the accessibility tree (aria=False); the chart's description names it.
    grid = alt.Chart(alt.graticule(step=[15, 15] if world else [5, 5])).mark_geoshape(stroke="#E1E5EA", strokeWidth=0.5, filled=False,
                                                                                      aria=False)
    w = arcs.with_columns(pl.col("seller_bloc").replace_strict({b: bloc_name(b, lang) for b in BLOC_ORDER}, default=pl.col("seller_bloc"))
                          .alias("seller_bloc_name")) if arcs.height else arcs.with_columns(pl.lit("").alias("seller_bloc_name"))
    lines = alt.Chart(w.to_arrow()).mark_trail(opacity=0.7).encode(
        longitude="lon:Q", latitude="lat:Q", detail="arc:N", order="order:Q",
        size=alt.Size("value:Q", scale=alt.Scale(range=[0.6, 9]), title=value_title, legend=None),
        color=alt.Color("seller_bloc_name:N", title=seller_title, scale=bloc_scale(lang)),
        tooltip=[alt.Tooltip("seller_name:N", title=seller_title), alt.Tooltip("buyer_name:N", title=buyer_title),
                 alt.Tooltip("value:Q", title=value_title, format=number_format)],
    )
    dots = alt.Chart(points.to_arrow()).mark_circle(color="#333", size=28).encode(longitude="lon:Q", latitude="lat:Q",
                                                                                    tooltip=[alt.Tooltip("name:N", title="")])
    names = alt.Chart(points.head(LABELLED_PLACES).to_arrow()).mark_text(dy=-8, fontSize=11, color="#333").encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N")
    # World: a plain sphere. China: points and arcs, with the boundaries added below when given.
    layers = (sphere + grid + lines + dots + names) if world else (lines + dots + names)
    chart = layers.project(**projection.to_dict()).properties(width="container", height=440 if world else 520)
    if world or china is None or maritime is None:
        return chart
    # China drawn whole under the arcs. The boundary layers are added to the finished spec as plain
    # dicts: passed through Altair, 300 KB of coordinates would cost two seconds a render.
    spec = finish(chart).to_dict()
    base = [
        {"data": {"values": china["features"]},
         "mark": {"type": "geoshape", "aria": False, "fill": "#EEF1F4", "stroke": "#FFFFFF", "strokeWidth": 0.7}},
        {"data": {"values": maritime["features"]},
         "mark": {"type": "geoshape", "aria": False, "filled": False, "stroke": "#7A8794", "strokeWidth": 1.2}},
    ]
    spec["layer"] = base + spec["layer"]
    return spec



def points_map(points: pl.DataFrame, *, value: str, measure: Measure, f: Filters, name_title: str, labels: int = 12,
               period: str = "") -> alt.Chart:
    """Places as circles sized by value on a plain sphere with a graticule, the largest labelled:
    no country shapes and no borders (docs/maps.md)."""
    value_title, number_format = measure.label(f, period), measure.d3_format(f)
    projection = alt.Projection(type="equalEarth", rotate=[-105, 0, 0])
    data = points.with_columns((((pl.col("lon") - 105 + 180) % 360) - 180 + 105).alias("lon")).sort(value, descending=True)
    sphere = alt.Chart(alt.sphere()).mark_geoshape(fill="#F4F6F8", stroke="#D5DBE0", aria=False)
    grid = alt.Chart(alt.graticule(step=[15, 15])).mark_geoshape(stroke="#E1E5EA", strokeWidth=0.5, filled=False, aria=False)
    dots = alt.Chart(data.to_arrow()).mark_circle(color="#30638E", opacity=0.7, stroke="white", strokeWidth=0.5).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size(f"{value}:Q", title=value_title, scale=alt.Scale(range=[20, 1400]), legend=None),
        tooltip=[alt.Tooltip("name:N", title=name_title), alt.Tooltip(f"{value}:Q", title=value_title, format=number_format)])
    names = alt.Chart(data.head(labels).to_arrow()).mark_text(dy=-10, fontSize=11, color="#1F2933").encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N")
    return (sphere + grid + dots + names).project(**projection.to_dict()).properties(width="container", height=420)


def quick_chart(df: pl.DataFrame, *, x: str, y: str, color: str | None, mark: str) -> alt.Chart:
    """The SQL workbench's chart of a result: bar, line, point or area, x and y and an optional colour."""
    numeric_x = df.schema[x].is_numeric() and mark != "bar"
    enc = {
        "x": alt.X(f"{x}:{'Q' if numeric_x else 'O' if df.schema[x].is_integer() else 'N'}", title=x),
        "y": alt.Y(f"{y}:Q", title=y),
        "tooltip": [alt.Tooltip(c) for c in (x, y, color) if c],
    }
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color)
    base = alt.Chart(df.head(5_000).to_arrow())
    marks = {"bar": base.mark_bar(), "line": base.mark_line(point=True), "point": base.mark_circle(size=60),
             "area": base.mark_area(opacity=0.7)}
    return marks[mark].encode(**enc).properties(height=HEIGHT, width="container")
