"""Technology fields: fields by bloc, and boards for AI, integrated circuits and smart terminals (views/fields.py)."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_fields", lang), anchor=False)
overview = ui.view(views.fields.by_bloc, f)
if ui.empty(overview.data, f):
    st.stop()
ui.panel(overview, f)
names = ui.names("tech_fields", lang)
for tab, code in zip(st.tabs([names[c] for c in views.fields.BOARDS]), views.fields.BOARDS, strict=True):
    with tab:
        board = ui.view(views.fields.board, f, code, names[code])
        if not board:
            ui.no_data(f)
        for p in board:
            ui.panel(p, f)
