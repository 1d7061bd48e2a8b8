"""One-sentence readings of the data, generated from query results.

Pure functions: a frame in, a sentence out. The overview, the other pages and the meeting packs
use the same sentences, so a slide says what the screen says. The sentences are templates in the
label catalogue (i18n.LABELS, keys reading_*), filled with numbers formatted by their Measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from techmarket.filters import Filters
from techmarket.i18n import t
from techmarket.metrics import VALUE


@dataclass(frozen=True)
class Kpis:
    year: int
    previous: int | None
    contracts: float
    contracts_yoy: float | None
    value: float
    value_yoy: float | None
    cross_border_share: float | None
    gba_yrd: float
    gba_yrd_yoy: float | None


def _yoy(now: float | None, before: float | None) -> float | None:
    if now is None or before in (None, 0):
        return None
    return 100 * (now - before) / before


def kpis(by_year: pl.DataFrame) -> Kpis:
    """Latest year of the selection and its change on the year before (from overview_by_year)."""
    rows = by_year.sort("year").to_dicts()
    last = rows[-1]
    prev = rows[-2] if len(rows) > 1 and rows[-2]["year"] == last["year"] - 1 else None

    def g(row, key):
        return None if row is None else (row[key] or 0.0)

    gba_yrd = g(last, "gba_to_yrd_value") + g(last, "yrd_to_gba_value")
    gba_yrd_prev = None if prev is None else g(prev, "gba_to_yrd_value") + g(prev, "yrd_to_gba_value")
    return Kpis(
        year=last["year"],
        previous=None if prev is None else prev["year"],
        contracts=g(last, "contracts"),
        contracts_yoy=_yoy(g(last, "contracts"), g(prev, "contracts")),
        value=g(last, "value"),
        value_yoy=_yoy(g(last, "value"), g(prev, "value")),
        cross_border_share=None if not last["value"] else 100 * g(last, "cross_border_value") / last["value"],
        gba_yrd=gba_yrd,
        gba_yrd_yoy=_yoy(gba_yrd, gba_yrd_prev),
    )


def _change(pct: float | None, prev: int | None, lang: str) -> str:
    """", up 12.3% on 2023" / "，同比增长12.3%"; empty without a previous year."""
    if pct is None:
        return ""
    return t("reading_change_up" if pct >= 0 else "reading_change_down", lang, pct=abs(pct), prev=prev)


def _previous(rows: list[dict]) -> dict | None:
    """The row of the year before the last one, if the data has it."""
    return rows[-2] if len(rows) > 1 and rows[-2]["year"] == rows[-1]["year"] - 1 else None


def gba_yrd_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    """How much technology the GBA absorbed from the YRD in the latest year, and its change."""
    rows = by_year.sort("year").to_dicts()
    last, prev = rows[-1], _previous(rows)
    absorbed = last["yrd_to_gba_value"] or 0.0
    change = _yoy(absorbed, None if prev is None else (prev["yrd_to_gba_value"] or 0.0))
    return t("reading_gba_yrd", f.lang, year=last["year"], absorbed=VALUE.format(absorbed, f), unit=VALUE.unit(f),
             change=_change(change, None if prev is None else prev["year"], f.lang), sold=VALUE.format(last["gba_to_yrd_value"] or 0.0, f))


def top_sentence(df: pl.DataFrame, label_col: str, value_col: str, f: Filters, what: str, total: float | None = None) -> str:
    """"<what>: <first> leads with <share>% of the total"; `what` is a label key. `total`: the whole the share is of,
    when `df` leaves some of it out (an "Others" row, which is not a contender)."""
    if df.height == 0:
        return ""
    whole = float(df[value_col].sum() or 0.0) if total is None else total
    first = df.sort(value_col, descending=True).row(0, named=True)
    share = 100 * first[value_col] / whole if whole else 0.0
    return t("reading_top", f.lang, what=t(what, f.lang), first=first[label_col], share=share)


def top_list(df: pl.DataFrame, label_col: str, value_col: str, f: Filters, what: str, n: int = 5) -> str:
    """"The <n> largest <what>: A (1.40), B (1.39) …" with values in the filters' unit: what a map shows,
    in words, for a screen reader and the meeting pack; `what` is a label key."""
    if df.height == 0:
        return ""
    top = df.group_by(label_col).agg(pl.col(value_col).sum()).sort([value_col, label_col], descending=[True, False]).head(n)
    items = t("list_sep", f.lang).join(t("list_item", f.lang, name=row[label_col], value=VALUE.format(row[value_col], f))
                                       for row in top.iter_rows(named=True))
    return t("reading_top_list", f.lang, n=top.height, what=t(what, f.lang), items=items, unit=VALUE.unit(f))


def net_sentence(net: pl.DataFrame, bloc_label: dict[str, str], f: Filters) -> str:
    """Which bloc is the largest net exporter of technology in the latest year."""
    if net.height == 0:
        return ""
    y = net["year"].max()
    latest = net.filter(pl.col("year") == y).sort("net", descending=True)
    top, bottom = latest.row(0, named=True), latest.row(-1, named=True)
    return t("reading_net", f.lang, year=y, seller=bloc_label[top["bloc"]], sold=VALUE.format(top["net"], f), unit=VALUE.unit(f),
             buyer=bloc_label[bottom["bloc"]], bought=VALUE.format(-bottom["net"], f))


def cross_border_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    if by_year.height == 0:
        return ""
    y = by_year["year"].max()
    latest = {r["direction"]: r["value"] for r in by_year.filter(pl.col("year") == y).to_dicts()}
    return t("reading_cross_border", f.lang, year=y, bought=VALUE.format(latest.get("bought_from_abroad") or 0.0, f),
             sold=VALUE.format(latest.get("sold_abroad") or 0.0, f), unit=VALUE.unit(f))


def field_sentence(trend: pl.DataFrame, field_name: str, f: Filters) -> str:
    """A priority field's latest value and its growth in the GBA against elsewhere."""
    if trend.height == 0:
        return ""
    years = sorted(trend["year"].unique().to_list())
    y, y0 = years[-1], years[0]

    def total(year: int, gba: bool | None = None) -> float:
        d = trend.filter(pl.col("year") == year)
        if gba is not None:
            d = d.filter((pl.col("bloc") == "GBA") == gba)
        return float(d["value"].sum() or 0.0)

    text = t("reading_field", f.lang, field=field_name, year=y, value=VALUE.format(total(y), f), unit=VALUE.unit(f))
    growth_gba, growth_rest = _yoy(total(y, True), total(y0, True)), _yoy(total(y, False), total(y0, False))
    if growth_gba is not None and growth_rest is not None and y0 != y:
        text += t("reading_field_growth", f.lang, since=y0, gba=growth_gba, rest=growth_rest)
    return text


def academic_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    """Universities' and institutes' transfers to enterprises in the latest year, and the change."""
    if by_year.height == 0:
        return ""
    totals = by_year.group_by("year").agg(pl.col("contracts").sum(), pl.col("value").sum()).sort("year").to_dicts()
    last, prev = totals[-1], _previous(totals)
    change = _yoy(last["value"], None if prev is None else prev["value"])
    return t("reading_academic", f.lang, year=last["year"], contracts=last["contracts"], value=VALUE.format(last["value"], f),
             unit=VALUE.unit(f), change=_change(change, None if prev is None else prev["year"], f.lang))


def patent_sentence(shares: pl.DataFrame, type_names: dict[str, str], f: Filters) -> str:
    """The patent-backed share of transfers and licences in the latest year."""
    rows = shares.filter(pl.col("patent_value_share_pct").is_not_null())
    if rows.height == 0:
        return ""
    y = rows["year"].max()
    parts = [t("reading_patent_part", f.lang, type=type_names.get(r["contract_type"], r["contract_type"]),
               share=r["patent_value_share_pct"], stated=r["ip_stated_pct"])
             for r in rows.filter(pl.col("year") == y).sort("contract_type", descending=True).to_dicts()]
    return t("reading_patent", f.lang, year=y, parts=t("list_separator", f.lang).join(parts))
