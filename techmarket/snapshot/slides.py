"""The PowerPoint pack: 16:9 slides, a cover, one chart a slide with its reading, unit and source (also in
the speaker notes), and a slide of sources. Every run names Noto Sans CJK SC as its East Asian font."""

from __future__ import annotations

import io

import polars as pl

from techmarket.fonts import FAMILY, cjk_font
from techmarket.i18n import t
from techmarket.snapshot.images import fit, render_images
from techmarket.snapshot.pack import Pack, cell_text


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
    _text(cover, 0.8, 3.3, 11.7, 3.0, "\n".join(pack.cover_lines()), 14)
    if pack.is_demo:
        _text(cover, 0.8, 6.4, 11.7, 0.6, t('demo_note', lang), 16, bold=True, color=(180, 90, 0))

    for section, panel in pack.panels:
        slide = prs.slides.add_slide(blank)
        _text(slide, 0.5, 0.2, 12.3, 0.4, section, 12, color=(120, 120, 120))
        _text(slide, 0.5, 0.5, 12.3, 0.7, panel.title or section, 26, bold=True)
        top = 1.25
        if panel.reading:
            _text(slide, 0.5, 1.2, 12.3, 0.6, panel.reading, 14)
            top = 1.85
        if panel.key in images:
            max_w = 12.3
            w, h = fit(images[panel.key], max_w, 7.5 - top - 0.65)
            slide.shapes.add_picture(io.BytesIO(images[panel.key]), Inches(0.5 + (max_w - w) / 2), Inches(top), Inches(w), Inches(h))
        else:
            _pptx_table(slide, panel.table if panel.table is not None else panel.data, top)
        _text(slide, 0.5, 6.95, 12.3, 0.4, pack.footnote(panel), 10, color=(100, 100, 100))
        slide.notes_slide.notes_text_frame.text = "\n".join(x for x in (panel.reading, pack.footnote(panel), panel.sql) if x)

    sources = prs.slides.add_slide(blank)
    _text(sources, 0.5, 0.5, 12.3, 0.7, t("sources", lang), 26, bold=True)
    _text(sources, 0.5, 1.4, 12.3, 5.5, "\n".join("· " + s for s in pack.sources()), 14)
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
            run.text = cell_text(v)
            _east_asian(run, 10)
