"""Charts as images: PNG and SVG through vl-convert with Noto Sans CJK registered, so Chinese renders as
Chinese; every chart of a pack rendered in worker processes; an image fitted into a box; the PNG pack."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING

import altair as alt

from techmarket.charts import finish
from techmarket.fonts import cjk_font

if TYPE_CHECKING:
    from techmarket.snapshot.pack import Pack

EXPORT_WIDTH = 960
PNG_SCALE = 2.0  # 1920 px wide: print quality at A4 landscape
_fonts_registered = False


def _register_fonts() -> None:
    global _fonts_registered
    if not _fonts_registered:
        import vl_convert as vlc

        vlc.register_font_directory(str(cjk_font().directory))
        _fonts_registered = True


def _fixed_width(node: object) -> object:
    """vl-convert has no container to fill: give charts that fill one a fixed width."""
    if isinstance(node, dict):
        out = {k: _fixed_width(v) for k, v in node.items() if not (k == "autosize" and isinstance(v, dict) and v.get("type") == "fit")}
        if out.get("width") == "container":
            out["width"] = EXPORT_WIDTH
        return out
    if isinstance(node, list):
        return [_fixed_width(v) for v in node]
    return node


def _json_safe(value: object) -> object:
    """DuckDB sums come back as Decimal (and counts as 128-bit integers), which vl-convert rejects."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def spec_of(chart: alt.TopLevelMixin | dict) -> dict:
    """The chart's finished Vega-Lite spec at the export width, on white."""
    spec = chart if isinstance(chart, dict) else finish(chart).to_dict()
    spec = json.loads(json.dumps(_fixed_width(spec), default=_json_safe))
    spec.setdefault("background", "white")
    return spec


def chart_png(chart: alt.TopLevelMixin | dict, scale: float = PNG_SCALE) -> bytes:
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_png(spec_of(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin | dict) -> bytes:
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_svg(spec_of(chart)).encode("utf-8")


def render_images(pack: Pack, workers: int = 2) -> dict[str, bytes]:
    """PNG of every panel that has a chart, keyed by panel key, rendered in `workers` processes."""
    from techmarket.snapshot.render_worker import render_many

    charted = [p for _, p in pack.panels if p.chart is not None]
    pngs = render_many([(spec_of(p.chart), PNG_SCALE) for p in charted if p.chart is not None], str(cjk_font().directory), workers)
    return dict(zip([p.key for p in charted], pngs, strict=True))


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG header."""
    return struct.unpack(">II", png[16:24])


def fit(png: bytes, max_w: float, max_h: float) -> tuple[float, float]:
    """The largest (w, h) with the image's aspect ratio inside max_w × max_h (any length unit)."""
    w_px, h_px = png_size(png)
    w, h = max_w, max_w * h_px / w_px
    if h > max_h:
        h, w = max_h, max_h * w_px / h_px
    return w, h


def png_zip(pack: Pack, images: dict[str, bytes] | None = None) -> bytes:
    """The PNG pack: a ZIP of every chart, numbered in pack order."""
    images = images if images is not None else render_images(pack)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (_s, panel) in enumerate(pack.panels, start=1):
            if panel.key in images:
                z.writestr(f"{i:02d}-{panel.key}.png", images[panel.key])
    return buf.getvalue()
