"""Accessibility that can be checked without a browser: the theme's contrast (WCAG 2.1 AA), the bloc
palette under simulated colour-vision deficiencies (colorspacious, CAM02-UCS), and charts named for
screen readers. The browser checks (axe-core on every page) are in tests/test_browser.py."""

from __future__ import annotations

import itertools
import json
import tomllib

import colorspacious
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from techmarket.charts import BLOC_COLORS
from techmarket.settings import ROOT
from techmarket.ui.routing import use_navigation

# The smallest distance (CAM02-UCS ΔE) between two blocs' colours, seen with full protanopia, deuteranopia
# or tritanopia. Measured for the current palette: 9.6, 7.7 and 7.3; about 2 is the smallest difference
# people notice side by side, and the blocs are also told apart by labels and legends.
MIN_CVD_DELTA_E = 7.0


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


def _luminance(rgb: np.ndarray) -> float:
    c = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast(a: np.ndarray, b: np.ndarray) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_theme_reaches_aa_contrast_for_text_captions_and_the_primary_colour():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    text, primary = _rgb(theme["textColor"]), _rgb(theme["primaryColor"])
    for background in (_rgb(theme["backgroundColor"]), _rgb(theme["secondaryBackgroundColor"])):
        assert contrast(text, background) >= 4.5
        assert contrast(0.6 * text + 0.4 * background, background) >= 4.5  # captions: the text colour at 60 %
        assert contrast(primary, background) >= 4.5  # slider values, links, a chosen option's label
        assert contrast(primary, 0.15 * primary + 0.85 * background) >= 4.5  # on its own tint (a chosen option)


@pytest.mark.parametrize("deficiency", ["protanomaly", "deuteranomaly", "tritanomaly"])
def test_the_bloc_palette_stays_apart_under_colour_vision_deficiencies(deficiency):
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    seen = {bloc: np.clip(colorspacious.cspace_convert(_rgb(c), space, "sRGB1"), 0, 1) for bloc, c in BLOC_COLORS.items()}
    distances = {(a, b): float(colorspacious.deltaE(seen[a], seen[b], input_space="sRGB1"))
                 for a, b in itertools.combinations(seen, 2)}
    closest = min(distances, key=distances.__getitem__)
    assert distances[closest] >= MIN_CVD_DELTA_E, (deficiency, closest, round(distances[closest], 1))


def test_every_chart_is_described_by_its_title_and_reading(monkeypatch, small_demo_db):
    monkeypatch.setenv("TECHMARKET_DB", str(small_demo_db))
    use_navigation()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    charts = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]
    titles, texts = [s.value for s in at.subheader], [m.value for m in at.markdown]
    assert len(charts) >= 2
    for spec in charts:
        pane = spec["title"]["text"] if isinstance(spec.get("title"), dict) else ""
        # The title, the pane's own title (a faceted chart's column) and, where the panel has one, its
        # one-sentence reading, as the page shows them.
        said = {" ".join(x for x in (title, pane, text) if x) for title in titles for text in ["", *texts]}
        assert spec.get("description") in said, spec.get("description")
    assert any(spec["description"] not in titles for spec in charts)


def test_a_faceted_chart_is_drawn_as_panes_that_stack_on_a_phone(monkeypatch, small_demo_db):
    """The overview's trend (a facet by direction in packs) is one chart per direction in Streamlit
    columns, which stack on a narrow screen, sharing one y scale."""
    monkeypatch.setenv("TECHMARKET_DB", str(small_demo_db))
    use_navigation()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    panes = [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")][:2]
    assert [p["title"]["text"] for p in panes] == ["Output", "Absorption"]
    assert panes[0]["encoding"]["y"]["scale"]["domain"] == panes[1]["encoding"]["y"]["scale"]["domain"]
    assert all(p["width"] == "container" for p in panes)


def test_a_map_is_described_in_words_by_its_largest_corridors():
    """What a screen reader hears for a map (and a pack prints under it): the five largest, summed per
    corridor, largest first, in the filters' unit (the values come in it) and its decimals."""
    import polars as pl

    from techmarket.filters import Filters
    from techmarket.readings import top_list

    arcs = pl.DataFrame({"corridor": ["A → B", "C → D", "A → B", "E → F", "G → H", "I → J", "K → L"],
                         "value": [1.0, 2.5, 2.0, 0.5, 0.25, 0.75, 0.1]})
    assert top_list(arcs, "corridor", "value", Filters(lang="en"), "what_map_corridors") == (
        "The 5 largest corridors (CNY 100m): A → B (3.00), C → D (2.50), I → J (0.75), E → F (0.50), G → H (0.25).")
    assert top_list(arcs.with_columns(pl.col("value") * 10_000), "corridor", "value", Filters(lang="zh", unit="wan"),
                    "what_map_corridors") == ("走廊前5位（万元）：A → B（30,000）、C → D（25,000）、I → J（7,500）、"
                                              "E → F（5,000）、G → H（2,500）。")
    assert top_list(arcs.clear(), "corridor", "value", Filters(lang="en"), "what_map_corridors") == ""
