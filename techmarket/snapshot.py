"""Meeting packs: any view's panels as PDF, PowerPoint, PNG or XLSX, from the page or the command line.

    python -m techmarket.snapshot --view VIEW|all [--lang zh|en] [--format pdf|pptx|png|xlsx]
        [--from Y --to Y --bloc B --province P --city C --field F --type T --unit wan|yi --cur CNY|USD]
        [--db PATH] --out FILE

The pack is built from the same panels the pages show (techmarket.views): each chart with its title,
a one-sentence reading, its unit and source. The cover states the filters in words, the data's as-of
date and, for the demo, that the data is synthetic. Chinese renders with Noto Sans CJK: embedded (as a
subset) in the PDF, named as the East Asian font in the PPTX, registered with vl-convert for images;
without a CJK font the export stops with a message that says how to install one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import duckdb
import polars as pl

from techmarket import db as dbmod
from techmarket import exports, queries, views
from techmarket.charts import finish
from techmarket.filters import Filters, from_params
from techmarket.fonts import FAMILY, FontMissing, cjk_font
from techmarket.i18n import bloc_name, t
from techmarket.settings import db_path

FORMATS = ("pdf", "pptx", "png", "xlsx")
EXPORT_WIDTH = 960
PNG_SCALE = 2.0  # 1920 px wide: print quality at A4 landscape
DEMO_NOTE = {"zh": "演示数据：合成数据，并非真实合同。", "en": "Demo data: synthetic, not real contracts."}


def tr(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@dataclass
class Pack:
    f: Filters
    as_of: str | None
    is_demo: bool
    filters_text: list[str]
    sections: list[tuple[str, list[views.Panel]]] = field(default_factory=list)

    @property
    def panels(self) -> list[tuple[str, views.Panel]]:
        return [(title, p) for title, panels in self.sections for p in panels]

    def title(self) -> str:
        return tr(self.f.lang, "技术市场流向 · 会议材料", "Technology-market flows · meeting pack")


# building ------------------------------------------------------------------------------------

def describe_filters(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """The filters in words, for the cover."""
    lang = f.lang
    name = "name_en" if lang == "en" else "name_zh"

    def names(table: str, key: str, codes: tuple[str, ...]) -> str:
        if not codes:
            return t("all", lang)
        rows = dict(con.execute(f"select {key}, {name} from {table} where list_contains($c, {key})", {"c": list(codes)}).fetchall())
        return ", ".join(rows.get(c, c) for c in codes)

    unit = {"wan": t("unit_wan", lang), "yi": t("unit_yi", lang)}[f.unit]
    return [
        f"{t('years', lang)}: {f.year_from}–{f.year_to}",
        f"{t('blocs', lang)}: {', '.join(bloc_name(b, lang) for b in f.blocs) or t('all', lang)}",
        f"{t('provinces', lang)}: {names('regions', 'region_code', f.provinces)}",
        f"{t('cities', lang)}: {names('regions', 'region_code', f.cities)}",
        f"{t('fields', lang)}: {names('tech_fields', 'field_code', f.fields)}",
        f"{t('types', lang)}: {names('contract_types', 'type_code', f.types)}",
        *([f"{t('subtypes', lang)}: {names('contract_subtypes', 'subtype_code', f.subtypes)}"] if f.subtypes else []),
        *([f"{t('seller_kinds', lang)}: {', '.join(t(f'kind_{k}', lang) for k in f.seller_kinds)}"] if f.seller_kinds else []),
        *([f"{t('buyer_kinds', lang)}: {', '.join(t(f'kind_{k}', lang) for k in f.buyer_kinds)}"] if f.buyer_kinds else []),
        f"{t('unit', lang)}: {unit} · {t('currency', lang)}: {f.currency}",
    ]


def build_pack(con: duckdb.DuckDBPyConnection, view_names: list[str], f: Filters) -> Pack:
    f = f.with_years(*queries.year_range(con))
    info = dbmod.dataset_info(con)

    def run(name: str, filters: Filters, **params: object) -> pl.DataFrame:
        return queries.run(con, name, filters, **params)

    pack = Pack(f, dbmod.as_of(con), info.get("is_demo") == "true", describe_filters(con, f))
    name = "name_en" if f.lang == "en" else "name_zh"
    for view in view_names:
        if view == "overview":
            panels = views.overview(run, f)[2]
        elif view == "flows":
            panels = views.flows(run, f)
        elif view == "cross-border":
            panels = views.cross_border(run, f)
        elif view == "fields":
            field_names = dict(con.execute(f"select field_code, {name} from tech_fields").fetchall())
            panels = views.fields(run, f, field_names)
        elif view == "enterprises":
            panels = views.enterprises(run, f)
        elif view == "transfer":
            panels = views.transfer(run, f)
        elif view == "official":
            panels = views.official(run, f, int(run("official_years", f)["year"].max()))  # the latest published year
        else:
            raise ValueError(f"unknown view {view!r}; expected one of {', '.join(views.VIEWS)} or all")
        pack.sections.append((views.view_title(view, f.lang), panels))
    return pack


# images --------------------------------------------------------------------------------------

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
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def spec_of(panel: views.Panel) -> dict:
    import json

    chart = panel.chart
    spec = chart if isinstance(chart, dict) else finish(chart).to_dict()
    spec = json.loads(json.dumps(_fixed_width(spec), default=_json_safe))
    spec.setdefault("background", "white")
    return spec


def png(panel: views.Panel, scale: float = PNG_SCALE) -> bytes:
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_png(spec_of(panel), scale=scale)


def svg(panel: views.Panel) -> str:
    import vl_convert as vlc

    _register_fonts()
    return vlc.vegalite_to_svg(spec_of(panel))


def chart_png(chart: alt.TopLevelMixin | dict) -> bytes:
    return png(views.Panel("chart", "", chart, pl.DataFrame()))


def chart_svg(chart: alt.TopLevelMixin | dict) -> bytes:
    return svg(views.Panel("chart", "", chart, pl.DataFrame())).encode("utf-8")


def render_images(pack: Pack, workers: int = 2) -> dict[str, bytes]:
    """PNG of every panel that has a chart, keyed by panel key, rendered in `workers` processes."""
    from techmarket.render_worker import render_many

    charted = [p for _, p in pack.panels if p.chart is not None]
    pngs = render_many([(spec_of(p), PNG_SCALE) for p in charted], str(cjk_font().directory), workers)
    return dict(zip([p.key for p in charted], pngs, strict=True))


def footnote(pack: Pack, panel: views.Panel) -> str:
    lang = pack.f.lang
    source = panel.source or (t("source_demo", lang) if pack.is_demo else t("source_registry", lang))
    parts = [f"{t('unit_label', lang)}: {panel.unit}" if panel.unit else "", f"{t('source', lang)}: {source}"]
    if pack.is_demo and panel.source is None:
        parts.append(DEMO_NOTE[lang])
    return " · ".join(p for p in parts if p)


def _sources(pack: Pack) -> list[str]:
    lang = pack.f.lang
    seen = []
    for _, p in pack.panels:
        s = p.source or (t("source_demo", lang) if pack.is_demo else t("source_registry", lang))
        if s not in seen:
            seen.append(s)
    seen.append(tr(lang, "汇率：FRED年均汇率（美元）及由其推导的港元、欧元交叉汇率（data/reference/SOURCES.md）",
                  "Exchange rates: FRED annual averages (USD) and HKD/EUR cross rates derived from them (data/reference/SOURCES.md)"))
    return seen


# PDF -----------------------------------------------------------------------------------------

def to_pdf(pack: Pack, images: dict[str, bytes] | None = None) -> bytes:
    from fpdf import FPDF

    font = cjk_font()
    images = images if images is not None else render_images(pack)
    lang = pack.f.lang
    footer_text = pack.title() + (f" · {DEMO_NOTE[lang]}" if pack.is_demo else "")

    class PackPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-10)
            self.set_font("cjk", size=8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, footer_text, align="L")
            self.set_x(-40)
            self.cell(30, 5, f"{self.page_no()} / {{nb}}", align="R")

    pdf = PackPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(pack.title())
    pdf.set_author("techmarket")
    pdf.add_font("cjk", fname=str(font.regular), collection_font_number=font.index)
    pdf.add_font("cjk", style="B", fname=str(font.bold), collection_font_number=font.index)
    pdf.set_auto_page_break(auto=False)
    pdf.alias_nb_pages()
    width = 297 - 30

    # cover
    pdf.add_page()
    pdf.set_xy(15, 30)
    pdf.set_font("cjk", "B", 26)
    pdf.multi_cell(width, 12, pack.title())
    pdf.set_font("cjk", size=13)
    pdf.set_x(15)
    pdf.multi_cell(width, 7, t("app_subtitle", lang))
    pdf.ln(4)
    pdf.set_font("cjk", size=11)
    lines = [f"{tr(lang, '生成日期', 'Made on')}: {dt.date.today().isoformat()}",
             f"{t('as_of', lang)}: {pack.as_of or '—'}",
             f"{tr(lang, '内容', 'Views')}: {', '.join(title for title, _p in pack.sections)}", "", *pack.filters_text]
    for line in lines:
        pdf.set_x(15)
        pdf.multi_cell(width, 6.5, line)
    if pack.is_demo:
        pdf.ln(6)
        pdf.set_x(15)
        pdf.set_fill_color(253, 243, 214)
        pdf.set_font("cjk", "B", 12)
        pdf.multi_cell(width, 9, DEMO_NOTE[lang] + " " + tr(lang, "各省份占比按《中国科技统计年鉴》校准。",
                                                           "Province shares are calibrated to the China Statistical Yearbook on S&T."),
                       fill=True)

    # one chart per page
    for section, panel in pack.panels:
        pdf.add_page()
        pdf.set_xy(15, 10)
        pdf.set_font("cjk", size=9)
        pdf.set_text_color(120, 120, 120)
        pdf.cell(width, 5, section)
        pdf.set_text_color(20, 20, 20)
        pdf.set_xy(15, 16)
        pdf.set_font("cjk", "B", 16)
        pdf.multi_cell(width, 8, panel.title or section)
        if panel.reading:
            pdf.set_x(15)
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(width, 6, panel.reading)
        top = pdf.get_y() + 3
        bottom = 210 - 24
        if panel.key in images:
            from PIL import Image

            with Image.open(io.BytesIO(images[panel.key])) as im:
                w_px, h_px = im.size
            w = width
            h = w * h_px / w_px
            if h > bottom - top:
                h = bottom - top
                w = h * w_px / h_px
            pdf.image(io.BytesIO(images[panel.key]), x=15 + (width - w) / 2, y=top, w=w, h=h)
        else:
            _pdf_table(pdf, panel.data, top, width)
        pdf.set_xy(15, 210 - 20)
        pdf.set_font("cjk", size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(width, 4, footnote(pack, panel), align="L")
        pdf.set_text_color(20, 20, 20)

    # sources
    pdf.add_page()
    pdf.set_xy(15, 16)
    pdf.set_font("cjk", "B", 16)
    pdf.cell(width, 8, tr(lang, "数据来源", "Sources"))
    pdf.set_xy(15, 28)
    pdf.set_font("cjk", size=10)
    for s in _sources(pack):
        pdf.set_x(15)
        pdf.multi_cell(width, 6, "· " + s)
    return bytes(pdf.output())


def _pdf_table(pdf, data: pl.DataFrame, top: float, width: float, rows: int = 18) -> None:
    shown = data.head(rows)
    cols = shown.columns[:6]
    pdf.set_xy(15, top)
    pdf.set_font("cjk", size=8)
    with pdf.table(col_widths=[width / len(cols)] * len(cols), text_align="LEFT", line_height=5, width=width) as table:
        table.row([str(c) for c in cols])
        for r in shown.select(cols).iter_rows():
            table.row([f"{v:,.2f}" if isinstance(v, float) else "" if v is None else str(v) for v in r])


# PPTX ----------------------------------------------------------------------------------------

def _east_asian(run, size_pt: float, bold: bool = False, color: tuple[int, int, int] = (31, 41, 51)) -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = FAMILY
    run.font.color.rgb = RGBColor(*color)
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set("typeface", FAMILY)


def _text(slide, x, y, w, h, text: str, size: float, bold: bool = False, color=(31, 41, 51)):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        _east_asian(run, size, bold, color)
    return box


def to_pptx(pack: Pack, images: dict[str, bytes] | None = None) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    cjk_font()  # fail early, with the install hint, when no CJK font is present
    images = images if images is not None else render_images(pack)
    lang = pack.f.lang
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    cover = prs.slides.add_slide(blank)
    _text(cover, 0.8, 1.2, 11.7, 1.2, pack.title(), 36, bold=True)
    _text(cover, 0.8, 2.4, 11.7, 0.6, t("app_subtitle", lang), 18, color=(90, 90, 90))
    details = [f"{tr(lang, '生成日期', 'Made on')}: {dt.date.today().isoformat()}", f"{t('as_of', lang)}: {pack.as_of or '—'}",
               *pack.filters_text]
    _text(cover, 0.8, 3.3, 11.7, 3.0, "\n".join(details), 14)
    if pack.is_demo:
        _text(cover, 0.8, 6.4, 11.7, 0.6, DEMO_NOTE[lang], 16, bold=True, color=(180, 90, 0))

    for section, panel in pack.panels:
        slide = prs.slides.add_slide(blank)
        _text(slide, 0.5, 0.2, 12.3, 0.4, section, 12, color=(120, 120, 120))
        _text(slide, 0.5, 0.5, 12.3, 0.7, panel.title or section, 26, bold=True)
        top = 1.25
        if panel.reading:
            _text(slide, 0.5, 1.2, 12.3, 0.6, panel.reading, 14)
            top = 1.85
        if panel.key in images:
            from PIL import Image

            with Image.open(io.BytesIO(images[panel.key])) as im:
                w_px, h_px = im.size
            max_w, max_h = 12.3, 7.5 - top - 0.65
            w = max_w
            h = w * h_px / w_px
            if h > max_h:
                h = max_h
                w = h * w_px / h_px
            slide.shapes.add_picture(io.BytesIO(images[panel.key]), Inches(0.5 + (max_w - w) / 2), Inches(top), Inches(w), Inches(h))
        else:
            _pptx_table(slide, panel.data, top)
        _text(slide, 0.5, 6.95, 12.3, 0.4, footnote(pack, panel), 10, color=(100, 100, 100))
        slide.notes_slide.notes_text_frame.text = "\n".join(x for x in (panel.reading, footnote(pack, panel)) if x)

    sources = prs.slides.add_slide(blank)
    _text(sources, 0.5, 0.5, 12.3, 0.7, tr(lang, "数据来源", "Sources"), 26, bold=True)
    _text(sources, 0.5, 1.4, 12.3, 5.5, "\n".join("· " + s for s in _sources(pack)), 14)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _pptx_table(slide, data: pl.DataFrame, top: float, rows: int = 12) -> None:
    from pptx.util import Inches

    shown = data.head(rows)
    cols = shown.columns[:6]
    shape = slide.shapes.add_table(len(shown) + 1, len(cols), Inches(0.5), Inches(top), Inches(12.3), Inches(0.3 * (len(shown) + 1)))
    for j, c in enumerate(cols):
        cell = shape.table.cell(0, j)
        cell.text = ""
        _east_asian(cell.text_frame.paragraphs[0].add_run(), 11, bold=True)
        cell.text_frame.paragraphs[0].runs[0].text = str(c)
    for i, r in enumerate(shown.select(cols).iter_rows(), start=1):
        for j, v in enumerate(r):
            cell = shape.table.cell(i, j)
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = f"{v:,.2f}" if isinstance(v, float) else "" if v is None else str(v)
            _east_asian(run, 10)


# XLSX and PNG --------------------------------------------------------------------------------

def to_xlsx(pack: Pack) -> bytes:
    lang = pack.f.lang
    sheets: dict[str, pl.DataFrame] = {}
    about = [(tr(lang, "标题", "Title"), pack.title()), (t("as_of", lang), pack.as_of or "—")]
    about += [(line.split(": ", 1)[0], line.split(": ", 1)[1]) for line in pack.filters_text]
    if pack.is_demo:
        about.append((tr(lang, "说明", "Note"), DEMO_NOTE[lang]))
    index = []
    for i, (section, panel) in enumerate(pack.panels, start=1):
        name = f"{i:02d} {panel.key}"[:31]
        sheets[name] = panel.data
        index.append((name, section, panel.title, panel.unit or "", panel.source or (t("source_demo", lang) if pack.is_demo else
                                                                                      t("source_registry", lang)),
                      ", ".join(f"sql/{q}.sql" for q, _p in panel.sql)))
    meta = pl.DataFrame(about, schema=["item", "value"], orient="row")
    contents = pl.DataFrame(index, schema=["sheet", "view", "title", "unit", "source", "sql"], orient="row")
    return exports.xlsx_bytes({"filters_sources": meta, "contents": contents, **sheets})


def to_png_zip(pack: Pack, images: dict[str, bytes] | None = None) -> bytes:
    images = images if images is not None else render_images(pack)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (_s, panel) in enumerate(pack.panels, start=1):
            if panel.key in images:
                z.writestr(f"{i:02d}-{panel.key}.png", images[panel.key])
    return buf.getvalue()


def render(pack: Pack, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(pack)
    if fmt == "pptx":
        return to_pptx(pack)
    if fmt == "xlsx":
        return to_xlsx(pack)
    if fmt == "png":
        return to_png_zip(pack)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


# command line --------------------------------------------------------------------------------

# The URL's filter keys, as flags (seller_kind -> --seller-kind).
FILTER_FLAGS = ("from", "to", "bloc", "province", "city", "field", "type", "subtype", "seller_kind", "buyer_kind", "unit", "cur")

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m techmarket.snapshot", description="Make a meeting pack of dashboard views.")
    parser.add_argument("--view", required=True, help=f"{', '.join(views.VIEWS)}, several separated by commas, or all")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--format", default="pdf", choices=FORMATS)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    for flag in FILTER_FLAGS:
        parser.add_argument(f"--{flag.replace('_', '-')}", action="append", dest=flag.replace("from", "from_"))
    args = parser.parse_args(argv)
    chosen = list(views.VIEWS) if args.view == "all" else [v.strip() for v in args.view.split(",") if v.strip()]
    bad = [v for v in chosen if v not in views.VIEWS]
    if bad:
        print(f"error: unknown view {', '.join(bad)}; expected {', '.join(views.VIEWS)} or all", file=sys.stderr)
        return 2
    params = {"lang": args.lang}
    for flag in FILTER_FLAGS:
        values = getattr(args, flag.replace("from", "from_"))
        if values:
            params[flag] = ",".join(values)
    path = args.db or db_path()
    if not path.exists():
        print(f"error: no database at {path}; build one with python -m etl demo or load files with python -m etl load", file=sys.stderr)
        return 2
    con = dbmod.connect_readonly(path)
    try:
        regions = {r[0] for r in con.execute("select region_code from regions").fetchall()}
        fields = {r[0] for r in con.execute("select field_code from tech_fields").fetchall()}
        subtypes = {r[0] for r in con.execute("select subtype_code from contract_subtypes").fetchall()}
        f = from_params(params, regions, fields, subtypes)
        pack = build_pack(con, chosen, f)
        data = render(pack, args.format)
    except FontMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    finally:
        con.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {args.format}, {len(pack.panels)} panels, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
