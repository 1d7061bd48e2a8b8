"""Meeting packs: choose views, language and format; the pack is what `python -m techmarket.snapshot`
makes from the command line (techmarket.snapshot), with the filters in force."""

from dataclasses import replace

import streamlit as st

from techmarket import snapshot, ui, views
from techmarket.fonts import FontMissing
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
L = {k: v[lang == "en"] for k, v in {
    "intro": ("把所选视图连同当前筛选条件做成会议材料：PDF（每页一张图，附解读、单位和来源）、PowerPoint（16:9）、"
              "图片（PNG压缩包）或Excel（每张图的数据一页）。", "Turn the chosen views, with the filters in force, into a meeting pack: "
              "PDF (one chart a page with its reading, unit and source), PowerPoint (16:9), images (a ZIP of PNGs) or Excel (each chart's data on a sheet)."),
    "views": ("视图", "Views"), "lang": ("语言", "Language"), "format": ("格式", "Format"), "make": ("生成", "Make the pack"),
    "ready": ("已生成：{n}张图，{kb:,} KB。", "Ready: {n} charts, {kb:,} KB."), "download": ("下载", "Download"),
    "working": ("正在生成会议材料……", "Making the pack…"),
    "cli": ("命令行（可定时生成）：", "From the command line (for scheduled packs):"),
}.items()}
st.title(t("page_snapshots", lang), anchor=False)
st.caption(L["intro"])

wanted = [v for v in st.query_params.get("view", "").split(",") if v in views.VIEWS]
chosen = st.multiselect(L["views"], list(views.VIEWS), default=wanted or ["overview"], format_func=lambda v: views.view_title(v, lang),
                        key="pack_views")
c1, c2 = st.columns(2)
pack_lang = c1.segmented_control(L["lang"], ["zh", "en"], default=lang, format_func={"zh": "中文", "en": "English"}.get, key="pack_lang") or lang
fmt = c2.segmented_control(L["format"], list(snapshot.FORMATS), default="pdf", format_func=str.upper, key="pack_format") or "pdf"

if st.button(L["make"], type="primary", icon=":material/picture_as_pdf:", disabled=not chosen):
    con, _ = ui.cursor()
    with st.spinner(L["working"]):
        try:
            pack = snapshot.build_pack(con, chosen, replace(f, lang=pack_lang))
            data = snapshot.render(pack, fmt)
            st.session_state["pack"] = (fmt, data, len(pack.panels))
        except FontMissing as e:
            st.error(str(e), icon=":material/font_download_off:")
if "pack" in st.session_state:
    fmt_done, data, n = st.session_state["pack"]
    st.success(L["ready"].format(n=n, kb=len(data) // 1024), icon=":material/check_circle:")
    ext = {"png": "zip"}.get(fmt_done, fmt_done)
    mime = {"pdf": "application/pdf", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "png": "application/zip"}[fmt_done]
    st.download_button(f"{L['download']} {fmt_done.upper()}", data, file_name=f"techmarket-pack.{ext}", mime=mime,
                       icon=":material/download:", key="pack_download")

params = " ".join(f"--{k} {v}" for k, v in f.to_params().items() if k != "lang")
st.caption(L["cli"])
st.code(f"python -m techmarket.snapshot --view {','.join(chosen) or 'all'} --lang {pack_lang} --format {fmt} {params} --out pack.{fmt}",
        language="bash")
