"""Technology fields (pages/fields.py): fields by the seller's bloc, and a board for each priority field."""

from __future__ import annotations

from techmarket import charts, readings
from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import VALUE
from techmarket.views.panel import Panel, Run, View

BOARDS = ("ai", "ic", "smart_terminal")  # tech_fields codes with a board of their own
TOP = 10  # parties on each side of a board


def by_bloc(run: Run, f: Filters) -> Panel:
    result = run("fields_by_bloc", f)
    df = charts.with_bloc_names(result.frame, f.lang)
    return Panel(key="fields-by-bloc", title=f"{t('title_fields_by_bloc', f.lang)} · {result.period('value', f.lang)}",
                 chart=charts.bars(df, category="field_name", value="value", measure=VALUE, f=f,
                                   color="bloc_name", color_title=t("seller", f.lang), period=result.period("value", f.lang))
                 if df.height else None,
                 data=df, results=(result,), unit=VALUE.unit(f))


def board(run: Run, f: Filters, code: str, label: str) -> list[Panel]:
    """One priority field (`code`, named `label`): its trend by bloc and its top sellers and buyers."""
    lang, unit = f.lang, VALUE.unit(f)
    trend = run("field_board_trend", f, field=code)
    if trend.frame.height == 0:
        return []
    named = charts.with_bloc_names(trend.frame, lang)
    out = [Panel(key=f"field-{code}-trend", title=f"{label} · {t('value', lang)}",
                 chart=charts.line_by_bloc(named, x="year", y="value", measure=VALUE, f=f,
                                           x_title=t("year", lang), bloc_title=t("seller", lang)),
                 data=named, results=(trend,), unit=unit, reading=readings.field_sentence(trend.frame, label, f))]
    for side in ("seller", "buyer"):
        parties = run("field_board_parties", f, field=code, top=TOP, side=side)
        part = charts.with_bloc_names(parties.frame, lang)
        out.append(Panel(key=f"field-{code}-{side}", title=f"{label} · {t(side, lang)} · {parties.period('value', lang)}",
                         chart=charts.bars(part, category="party_name", value="value", measure=VALUE, f=f, color="bloc_name",
                                           color_title=t("bloc", lang), period=parties.period("value", lang)),
                         data=part, results=(parties,), unit=unit))
    return out


def view(run: Run, f: Filters, names: dict[str, str]) -> View:
    """Fields by bloc, then every board; `names`: field code -> name in the filters' language."""
    out = View("fields")
    first = by_bloc(run, f)
    if first.data.height == 0:
        return out
    return out.add(first, *(p for code in BOARDS for p in board(run, f, code, names[code])))
