"""Technology fields (pages/fields.py): fields by the seller's bloc, and a board for each priority field."""

from __future__ import annotations

import polars as pl

from techmarket import charts, readings
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import VALUE
from techmarket.views.panel import Panel, Run

BOARDS = ("ai", "ic", "smart_terminal")  # tech_fields codes with a board of their own


def by_bloc(run: Run, f: Filters) -> Panel:
    df = run("fields_by_bloc", f)
    return Panel(key="fields-by-bloc", title=t("title_fields_by_bloc", f.lang),
                 chart=charts.bars(charts.with_bloc_names(df, f.lang), category="field_name", value="value", measure=VALUE, f=f,
                                   color="bloc_name", color_title=t("seller", f.lang)) if df.height else None,
                 data=df, sql=[("fields_by_bloc", {})], unit=VALUE.unit(f))


def board(run: Run, f: Filters, code: str, label: str) -> list[Panel]:
    """One priority field (`code`, named `label`): its trend by bloc and its top sellers and buyers."""
    lang, unit = f.lang, VALUE.unit(f)
    trend = run("field_board_trend", f, field=code)
    if trend.height == 0:
        return []
    parties = charts.with_bloc_names(run("field_board_parties", f, field=code, top=10), lang)
    out = [Panel(key=f"field-{code}-trend", title=f"{label} · {t('value', lang)}",
                 chart=charts.line_by_bloc(charts.with_bloc_names(trend, lang), x="year", y="value", measure=VALUE, f=f,
                                           x_title=t("year", lang), bloc_title=t("seller", lang)),
                 data=trend, sql=[("field_board_trend", {"field": code})], unit=unit, reading=readings.field_sentence(trend, label, f))]
    for side in ("seller", "buyer"):
        part = parties.filter(pl.col("side") == side)
        out.append(Panel(key=f"field-{code}-{side}", title=f"{label} · {t(side, lang)}",
                         chart=charts.bars(part, category="party_name", value="value", measure=VALUE, f=f, color="bloc_name",
                                           color_title=t("bloc", lang)),
                         data=part, sql=[("field_board_parties", {"field": code, "top": 10})], unit=unit))
    return out


def panels(run: Run, f: Filters, names: dict[str, str]) -> list[Panel]:
    """Fields by bloc, then every board; `names`: field code -> name in the filters' language."""
    return [by_bloc(run, f)] + [p for code in BOARDS for p in board(run, f, code, names[code])]
