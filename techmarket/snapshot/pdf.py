"""The PDF pack: A4 landscape, a cover with the filters in words, one chart a page with its reading,
unit and source, page numbers, and a page of sources. Noto Sans CJK is embedded as a subset. Each chart's
page carries the SQL behind it exactly as it ran, as a PDF note (a text annotation by the title: a reader
opens it on screen, and it is not printed)."""

from __future__ import annotations

import io

import polars as pl

from techmarket.fonts import cjk_font
from techmarket.i18n import t
from techmarket.snapshot.images import fit, render_images
from techmarket.snapshot.pack import Pack, cell_text


def to_pdf(pack: Pack, images: dict[str, bytes] | None = None) -> bytes:
    from fpdf import FPDF

    font = cjk_font()
    images = images if images is not None else render_images(pack)
    lang = pack.f.lang
    footer_text = pack.title() + (f" · {t('demo_note', lang)}" if pack.is_demo else "")

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
    for line in pack.cover_lines():
        pdf.set_x(15)
        pdf.multi_cell(width, 6.5, line)
    if pack.is_demo:
        pdf.ln(6)
        pdf.set_x(15)
        pdf.set_fill_color(253, 243, 214)
        pdf.set_font("cjk", "B", 12)
        pdf.multi_cell(width, 9, f"{t('demo_note', lang)} {t('demo_calibrated', lang)}", fill=True)

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
        if panel.results:
            pdf.text_annotation(297 - 15 - 6, 10, f"{t('show_sql', lang)}\n\n{panel.sql}", w=6, h=6, name="Comment")
        if panel.reading:
            pdf.set_x(15)
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(width, 6, panel.reading)
        top = pdf.get_y() + 3
        bottom = 210 - 24
        if panel.key in images:
            w, h = fit(images[panel.key], width, bottom - top)
            pdf.image(io.BytesIO(images[panel.key]), x=15 + (width - w) / 2, y=top, w=w, h=h)
        else:
            _pdf_table(pdf, panel.table if panel.table is not None else panel.data, top, width)
        pdf.set_xy(15, 210 - 20)
        pdf.set_font("cjk", size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(width, 4, pack.footnote(panel), align="L")
        pdf.set_text_color(20, 20, 20)

    # sources
    pdf.add_page()
    pdf.set_xy(15, 16)
    pdf.set_font("cjk", "B", 16)
    pdf.cell(width, 8, t("sources", lang))
    pdf.set_xy(15, 28)
    pdf.set_font("cjk", size=10)
    for s in pack.sources():
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
            table.row([cell_text(v) for v in r])
