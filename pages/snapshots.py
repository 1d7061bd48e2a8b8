"""Meeting packs: choose views, language and format; the pack is what `python -m techmarket.snapshot`
makes from the command line (techmarket/snapshot), with the filters in force."""

from dataclasses import replace

import streamlit as st

from techmarket import ui, views
from techmarket.fonts import FontMissing
from techmarket.i18n import LANGS, t
from techmarket.snapshot.formats import FORMATS, render
from techmarket.snapshot.pack import build_pack

MIME = {"pdf": "application/pdf", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "png": "application/zip"}

f = ui.filters()
lang = f.lang
st.title(t("page_snapshots", lang), anchor=False)
st.caption(t("pack_intro", lang))

wanted = [v for v in st.query_params.get("view", "").split(",") if v in views.VIEWS]
chosen = st.multiselect(t("views", lang), list(views.VIEWS), default=wanted or ["overview"],
                        format_func=lambda v: views.view_title(v, lang), key="pack_views")
c1, c2 = st.columns(2)
pack_lang = c1.segmented_control(t("language", lang), list(LANGS), default=lang, format_func=lambda code: t(f"lang_{code}", code),
                                 key="pack_lang") or lang
fmt = c2.segmented_control(t("format", lang), list(FORMATS), default="pdf", format_func=str.upper, key="pack_format") or "pdf"

if st.button(t("pack_make", lang), type="primary", icon=":material/picture_as_pdf:", disabled=not chosen):
    con, _ = ui.cursor()
    with st.spinner(t("pack_working", lang)):
        try:
            pack = build_pack(con, chosen, replace(f, lang=pack_lang))
            data = render(pack, fmt)
            st.session_state["pack"] = (fmt, data, len(pack.panels))
        except FontMissing as e:
            st.error(str(e), icon=":material/font_download_off:")
if "pack" in st.session_state:
    fmt_done, data, n = st.session_state["pack"]
    st.success(t("pack_ready", lang, n=n, kb=len(data) // 1024), icon=":material/check_circle:")
    extension = "zip" if fmt_done == "png" else fmt_done
    st.download_button(f"{t('download', lang)} {fmt_done.upper()}", data, file_name=f"techmarket-pack.{extension}",
                       mime=MIME[fmt_done], icon=":material/download:", key="pack_download")

params = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in f.to_params().items() if k != "lang")
st.caption(t("pack_cli", lang))
st.code(f"python -m techmarket.snapshot --view {','.join(chosen) or 'all'} --lang {pack_lang} --format {fmt} {params} --out pack.{fmt}",
        language=None, wrap_lines=True)  # plain text at full contrast, wrapped: no scrolling box a keyboard cannot reach
