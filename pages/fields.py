"""Technology fields: fields by bloc, and boards for AI, integrated circuits and smart terminals."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import name_column, t

f = ui.filters()
lang = f.lang
st.title(t("page_fields", lang), anchor=False)
overview = ui.view(views.fields_overview, f)
if ui.empty(overview.data, f):
    st.stop()
ui.panel(overview, f)
fields = ui.dimension("tech_fields")
names = dict(zip(fields["field_code"], fields[name_column(lang)], strict=True))
for tab, code in zip(st.tabs([names[c] for c in views.BOARDS]), views.BOARDS, strict=True):
    with tab:
        board = ui.view(views.field_board, f, code, names[code])
        if not board:
            ui.no_data(f)
        for p in board:
            ui.panel(p, f)
