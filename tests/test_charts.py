"""Chart builders: pure functions whose specs can be checked without a browser."""

from __future__ import annotations

import polars as pl
import pytest

from techmarket import charts
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name
from techmarket.metrics import VALUE


def test_every_bloc_has_the_same_colour_on_every_chart():
    for lang in ("zh", "en"):
        full = charts.bloc_scale(lang).to_dict()
        subset = charts.bloc_scale(lang, ["OVERSEAS", "GBA"]).to_dict()
        colour = dict(zip(full["domain"], full["range"], strict=True))
        assert all(colour[d] == r for d, r in zip(subset["domain"], subset["range"], strict=True))
        assert full["domain"] == [bloc_name(b, lang) for b in BLOC_ORDER]


@pytest.mark.parametrize(("f", "title", "fmt"), [
    (Filters(lang="en"), "Contract value (CNY 100m)", ",.2f"),
    (Filters(lang="en", unit="wan", currency="USD"), "Contract value (USD 10k)", ",.0f"),
    (Filters(lang="zh"), "成交额 (亿元)", ",.2f"),
])
def test_a_chart_takes_its_title_and_format_from_the_measure_and_filters(f, title, fmt):
    df = charts.with_bloc_names(pl.DataFrame({"year": [2023, 2024], "bloc": ["GBA", "YRD"], "value": [1.5, 2.5]}), f.lang)
    spec = charts.finish(charts.line_by_bloc(df, x="year", y="value", measure=VALUE, f=f, x_title="Year", bloc_title="Bloc")).to_dict()
    enc = spec["encoding"]
    assert enc["y"]["title"] == title and enc["y"]["axis"]["format"] == fmt
    assert [t["title"] for t in enc["tooltip"]] == ["Year", "Bloc", title]
    assert enc["tooltip"][2]["format"] == fmt
    assert enc["color"]["scale"]["domain"] == [bloc_name(b, f.lang) for b in BLOC_ORDER]
    assert "Noto Sans CJK SC" in spec["config"]["font"]


def test_sankey_ribbons_cover_each_side_once():
    df = pl.DataFrame({"s": ["GBA", "GBA", "YRD"], "b": ["YRD", "GBA", "GBA"], "value": [1.0, 2.0, 1.0]})
    r = charts.sankey_frame(df, source="s", target="b", value="value", gap=0.0)
    ends = r.filter(pl.col("x") == 0).select((pl.col("y0") - pl.col("y1")).alias("h"))
    assert ends["h"].sum() == pytest.approx(1.0)
    assert r["link"].n_unique() == 3


def test_arcs_unwrap_longitudes_around_china():
    df = pl.DataFrame({"seller_lon": [113.75], "seller_lat": [23.0], "buyer_lon": [-77.0], "buyer_lat": [38.9],
                       "seller_name": ["东莞"], "buyer_name": ["US"], "seller_bloc": ["GBA"], "value": [1.0]})
    arcs = charts.arcs_frame(df)
    assert arcs["lon"].max() > 180  # Washington drawn east of the Pacific, not across Eurasia
    assert arcs.filter(pl.col("order") == 0)["lon"][0] == pytest.approx(113.75)


def test_maps_draw_no_country_shapes():
    points = pl.DataFrame({"name": ["Germany"], "lat": [52.5], "lon": [13.4], "value": [1.0]})
    spec = charts.points_map(points, value="value", measure=VALUE, f=Filters(), name_title="p").to_dict()
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["geoshape", "geoshape", "circle", "text"]  # sphere, graticule, the places and their names
    assert spec["layer"][0]["data"] == {"sphere": True} and "graticule" in spec["layer"][1]["data"]


def test_years_are_spaced_by_value_with_gaps_where_years_are_missing():
    """The yearbook's national series (2000, 2005, 2010, 2014, 2015 …) on a year axis that has a place for every
    year from the first to the last, so five years apart look five apart; bars and lines alike."""
    years = [2000, 2005, 2010, 2014, 2015, 2016]
    df = pl.DataFrame({"year": years, "value": [1.0] * 6, "series": ["China"] * 6, "bloc": ["GBA"] * 6, "bloc_name": ["GBA"] * 6})
    bars = charts.column_bars(df, x="year", y="value", color="series", measure=VALUE, f=Filters(), x_title="Year", color_title="")
    line = charts.line_by_bloc(df, x="year", y="value", measure=VALUE, f=Filters(), x_title="Year", bloc_title="Bloc")
    for chart in (bars, line):
        x = chart.to_dict()["encoding"]["x"]
        assert x["scale"]["domain"] == list(range(2000, 2017))
        assert set(x["axis"]["values"]) >= {2000, 2005, 2010, 2015, 2016}


def test_an_axis_says_which_years_it_adds_up():
    df = pl.DataFrame({"field_name": ["AI"], "value": [1.0]})
    spec = charts.bars(df, category="field_name", value="value", measure=VALUE, f=Filters(), period="2019–2024年累计").to_dict()
    assert spec["encoding"]["x"]["title"] == ["成交额 (亿元)", "2019–2024年累计"]  # two lines: a phone's width cuts one long one
    assert spec["encoding"]["tooltip"][1]["title"] == "成交额 (亿元 · 2019–2024年累计)"
