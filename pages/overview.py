"""Overview: KPI cards, a reading of the data, trends by bloc, top fields and top city corridors (views/overview.py)."""

import dataclasses

import streamlit as st

from techmarket import ui, views
from techmarket.i18n import format_pct, t
from techmarket.metrics import CONTRACTS, VALUE

f = ui.filters()
lang = f.lang
st.title(t("page_overview", lang), anchor=False)
st.caption(t("app_subtitle", lang))
kpis, sentence, panels = ui.view(views.overview.panels, f)
if kpis is None:
    ui.no_data(f)
    st.stop()


def delta(v: float | None) -> str | None:
    return None if v is None else format_pct(v, lang, signed=True)


unit = VALUE.unit(f)
cards = st.columns(5)
cards[0].metric(f"{t('contracts', lang)} · {kpis.year}", CONTRACTS.format(kpis.contracts, f), delta(kpis.contracts_yoy), border=True)
cards[1].metric(f"{t('value', lang)} · {unit}", VALUE.format(kpis.value, f), delta(kpis.value_yoy), border=True)
cards[2].metric(f"{t('yoy', lang)} · {kpis.year}", delta(kpis.value_yoy) or "—", border=True)
cards[3].metric(t("cross_border_share", lang), format_pct(kpis.cross_border_share, lang), border=True)
cards[4].metric(f"{t('gba_yrd_volume', lang)} · {unit}", VALUE.format(kpis.gba_yrd, f), delta(kpis.gba_yrd_yoy), border=True)
st.markdown(f"> {sentence}")

trend, fields, corridors = panels
ui.panel(dataclasses.replace(trend, reading=None), f)  # the sentence above already says it
left, right = st.columns(2)
with left:
    ui.panel(fields, f)
with right:
    ui.panel(corridors, f)
