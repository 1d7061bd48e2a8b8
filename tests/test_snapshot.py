"""Meeting packs: text in the PDF, slides and pictures in the PPTX, images worth printing, numbers in the XLSX."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from PIL import Image, ImageStat

from techmarket import exports, fonts, queries, views
from techmarket.db import connect_readonly
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.settings import ROOT
from techmarket.snapshot import images as snapshot_images
from techmarket.snapshot.pack import build_pack
from techmarket.snapshot.pdf import to_pdf
from techmarket.snapshot.slides import to_pptx
from techmarket.snapshot.workbook import to_xlsx

pytestmark = pytest.mark.skipif(not Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists()
                                and not Path("/usr/share/fonts/noto-cjk").exists(), reason="fonts-noto-cjk is not installed")


@pytest.fixture(scope="module", params=["zh", "en"])
def pack(request, small_demo_db):
    con = connect_readonly(small_demo_db)
    p = build_pack(con, list(views.VIEWS), Filters(lang=request.param, year_from=2020, year_to=2024, blocs=("GBA", "YRD")))
    images = snapshot_images.render_images(p)
    yield p, images, con
    con.close()


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")


def test_pdf_has_real_text_cover_filters_and_page_numbers(pack):
    p, images, _ = pack
    data = to_pdf(p, images)
    text = pdf_text(data)
    lang = p.f.lang
    assert p.title() in text
    assert ("年份: 2020–2024" if lang == "zh" else "Years: 2020–2024") in text
    assert ("粤港澳大湾区, 长三角" if lang == "zh" else "GBA, YRD") in text
    assert ("数据截至" if lang == "zh" else "Data as of") in text and p.as_of.latest_signed in text and p.as_of.loaded_at in text
    assert t("demo_note", lang) in text
    for _, panel in p.panels:
        assert panel.title in text
    pages = len(p.panels) + 2
    assert f"{pages} / {pages}" in text
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert any(line.split() == ["Pages:", str(pages)] for line in info.splitlines())
    fonts_used = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "NotoSansCJK" in fonts_used and "yes" in fonts_used  # embedded (as a subset)
    # Each chart's page carries its SQL as it ran, as a note (a text annotation).
    from pypdf import PdfReader

    notes = [str(a.get_object()["/Contents"]) for page in PdfReader(io.BytesIO(data)).pages for a in page.get("/Annots") or []
             if a.get_object().get("/Subtype") == "/Text"]
    assert len(notes) == len(p.panels)
    assert all(panel.sql in note for (_, panel), note in zip(p.panels, notes, strict=True))


def test_pptx_has_a_slide_per_chart_pictures_notes_and_east_asian_font(pack):
    from pptx import Presentation
    from pptx.oxml.ns import qn

    p, images, _ = pack
    prs = Presentation(io.BytesIO(to_pptx(p, images)))
    assert round(prs.slide_width / prs.slide_height, 2) == round(16 / 9, 2)
    slides = list(prs.slides)
    assert len(slides) == len(p.panels) + 2
    pictures = sum(1 for s in slides for shape in s.shapes if shape.shape_type == 13)
    assert pictures == len(images)
    chart_slide = slides[1]
    assert chart_slide.has_notes_slide and chart_slide.notes_slide.notes_text_frame.text
    ea = chart_slide.shapes[1].text_frame.paragraphs[0].runs[0]._r.find(qn("a:rPr")).find(qn("a:ea"))
    assert ea is not None and ea.get("typeface") == fonts.FAMILY
    texts = " ".join(shape.text_frame.text for s in slides for shape in s.shapes if shape.has_text_frame)
    assert t("demo_note", p.f.lang) in texts


def test_images_are_not_blank_and_wide_enough_to_print(pack):
    p, images, _ = pack
    assert len(images) >= 25
    for key, data in images.items():
        with Image.open(io.BytesIO(data)) as im:
            assert im.width >= 1800, key  # 2x a 960-px chart: about 180 dpi across A4 landscape
            assert ImageStat.Stat(im.convert("L")).stddev[0] > 5, key
    z = zipfile.ZipFile(io.BytesIO(snapshot_images.png_zip(p, images)))
    assert len(z.namelist()) == len(images)


def test_chinese_renders_as_glyphs_not_boxes(pack):
    """Two different Chinese titles draw different pixels; with a missing font both would be the same boxes."""
    import vl_convert  # noqa: F401 - fonts are registered by snapshot

    p, _, _ = pack
    if p.f.lang != "zh":
        pytest.skip("Chinese only")
    import altair as alt

    def text_png(text: str) -> bytes:
        chart = alt.Chart(pl.DataFrame({"t": [text]}).to_arrow()).mark_text(fontSize=40).encode(text="t:N").properties(width=300, height=60)
        return snapshot_images.chart_png(chart)

    assert text_png("粤港澳大湾区") != text_png("长三角技术市")  # same length: boxes would draw the same pixels


def test_xlsx_numbers_match_the_queries(pack):
    p, _, con = pack
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(p)))
    assert wb.sheetnames[:2] == ["filters_sources", "contents"]
    sheet = next(name for name in wb.sheetnames if name.endswith("overview-fields"))
    rows = list(wb[sheet].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    got = {r[header.index("field_code")]: r[header.index("value")] for r in body}
    expected = queries.run(con, "overview_top_fields", p.f).frame
    assert got == pytest.approx(dict(zip(expected["field_code"], expected["value"], strict=True)))
    # The contents sheet gives each sheet's SQL as it ran: run as it is, it gives the sheet's rows.
    contents = list(wb["contents"].iter_rows(values_only=True))
    sql = next(r[contents[0].index("sql")] for r in contents[1:] if r[0] == sheet)
    again = con.sql(sql.rstrip().rstrip(";")).pl()
    assert dict(zip(again["field_code"], again["value"], strict=True)) == pytest.approx(got)
    meta = dict(wb["filters_sources"].iter_rows(values_only=True))
    assert any(t("demo_note", p.f.lang) == v for v in meta.values())


def test_formula_looking_cells_are_neutralised():
    df = pl.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "ok"], "n": [1, 2, 3, 4, 5]})
    text = exports.csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text and "'-2" in text and "'@SUM" in text and "\nok," in text
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes({"s": df})))
    values = [c.value for c in wb["s"]["A"]][1:]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "ok"]
    assert all(c.data_type != "f" for c in wb["s"]["A"])


def test_command_line_makes_a_pack_with_filters(small_demo_db, tmp_path):
    out = tmp_path / "pack.pdf"
    run = subprocess.run([sys.executable, "-m", "techmarket.snapshot", "--view", "overview,fields", "--lang", "en", "--format", "pdf",
                          "--from", "2021", "--to", "2023", "--bloc", "GBA", "--db", str(small_demo_db), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    text = pdf_text(out.read_bytes())
    assert "Years: 2021–2023" in text and "Blocs: GBA" in text and "Artificial intelligence" in text
    registry = subprocess.run([sys.executable, "-m", "techmarket.snapshot", "--view", "transfer", "--lang", "en", "--format", "pdf",
                               "--subtype", "transfer_patent", "--seller-kind", "university", "--seller-kind", "research_institute",
                               "--db", str(small_demo_db), "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert registry.returncode == 0, registry.stderr
    text = pdf_text(out.read_bytes())
    assert "Contract subtypes: Transfer (patent)" in text and "Kind of seller: University, Research institute" in text
    assert "From universities and institutes to enterprises" in text and "Patent-backed share" in text
    bad = subprocess.run([sys.executable, "-m", "techmarket.snapshot", "--view", "nowhere", "--db", str(small_demo_db),
                          "--out", str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "unknown view" in bad.stderr


def test_missing_cjk_font_fails_with_how_to_install(monkeypatch, small_demo_db):
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.setattr(fonts.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=""))
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="apt-get install fonts-noto-cjk"):
            fonts.cjk_font()
    finally:
        fonts.cjk_font.cache_clear()


def test_a_pack_names_its_side_filters_and_its_currency_unit(small_demo_db):
    from techmarket.snapshot.pack import describe_filters

    con = connect_readonly(small_demo_db)
    zh = describe_filters(con, Filters(lang="zh", year_from=2023, year_to=2023, sellers=("YRD",), buyers=("441900",), currency="USD"))
    en = describe_filters(con, Filters(lang="en", year_from=2023, year_to=2023, sellers=("310000",), currency="USD", unit="wan"))
    con.close()
    assert "卖方地区（输出方）: 长三角" in zh and "买方地区（吸纳方）: 东莞" in zh and "金额单位: 亿美元 · 币种: USD" in zh
    assert "Seller side (output): Shanghai" in en and not any(line.startswith("Buyer side") for line in en)
    assert "Amount unit: USD 10k · Currency: USD" in en
