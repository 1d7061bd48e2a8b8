"""The Excel pack: a sheet of filters and sources, a contents sheet naming each chart's view, title,
unit, source and the SQL exactly as it ran (parameters written in: run as it is on the SQL page, it
gives the sheet's rows), and each chart's data on a sheet of its own (cells that look like formulas are
neutralised by techmarket.exports)."""

from __future__ import annotations

import polars as pl

from techmarket import exports
from techmarket.i18n import t
from techmarket.snapshot.pack import Pack


def to_xlsx(pack: Pack) -> bytes:
    lang = pack.f.lang
    about = [(t("xlsx_title", lang), pack.title()), (t("as_of", lang), pack.as_of.latest_signed or "—"),
             (f"{t('loaded_at', lang)} ({t('beijing_time', lang)})", pack.as_of.loaded_at or "—")]
    about += [(line.split(": ", 1)[0], line.split(": ", 1)[1]) for line in pack.filters_text]
    if pack.is_demo:
        about.append((t("xlsx_note", lang), t("demo_note", lang)))
    sheets: dict[str, pl.DataFrame] = {}
    index = []
    for i, (section, panel) in enumerate(pack.panels, start=1):
        name = f"{i:02d} {panel.key}"[:31]
        sheets[name] = panel.data
        index.append((name, section, panel.title, panel.unit or "", pack.source_of(panel), panel.sql))
    meta = pl.DataFrame(about, schema=["item", "value"], orient="row")
    contents = pl.DataFrame(index, schema=["sheet", "view", "title", "unit", "source", "sql"], orient="row")
    return exports.xlsx_bytes({"filters_sources": meta, "contents": contents, **sheets})
