"""Technology fields: fields by bloc, and boards for the priority fields (views/fields.py)."""

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import t

f = ui.filters()
lang = f.lang
st.title(t("page_fields", lang), anchor=False)
view = ui.view("fields", f)
if view.empty:
    ui.no_data(f)
    st.stop()
ui.panel(view["fields-by-bloc"], f)
names = ui.names("tech_fields", lang)
for tab, code in zip(st.tabs([names[c] for c in views.fields.BOARDS]), views.fields.BOARDS, strict=True):
    with tab:
        board = [p for key, p in view.panels.items() if key.startswith(f"field-{code}-")]
        if not board:
            ui.no_data(f)
        for p in board:
            ui.panel(p, f)
