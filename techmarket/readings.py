"""One-sentence readings of the data, generated from query results, in Chinese and English.

Pure functions: a frame in, a sentence out. The overview, the other pages and the meeting packs
use the same sentences, so a slide says what the screen says.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from techmarket.filters import Filters
from techmarket.metrics import value_unit


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


def _amount(value: float, f: Filters) -> str:
    return f"{value:,.2f}" if f.unit == "yi" else f"{value:,.0f}"


def _change_zh(pct: float | None, prev: int | None) -> str:
    if pct is None:
        return ""
    return f"，同比{'增长' if pct >= 0 else '下降'}{abs(pct):.1f}%"


def _change_en(pct: float | None, prev: int | None) -> str:
    if pct is None:
        return ""
    return f", {'up' if pct >= 0 else 'down'} {abs(pct):.1f}% on {prev}"


def gba_yrd_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    """How much technology the GBA absorbed from the YRD in the latest year, and its change."""
    rows = by_year.sort("year").to_dicts()
    last = rows[-1]
    prev = rows[-2] if len(rows) > 1 and rows[-2]["year"] == last["year"] - 1 else None
    absorbed = last["yrd_to_gba_value"] or 0.0
    sold = last["gba_to_yrd_value"] or 0.0
    change = _yoy(absorbed, None if prev is None else (prev["yrd_to_gba_value"] or 0.0))
    unit = value_unit(f)
    y = last["year"]
    if f.lang == "en":
        return (f"In {y} the GBA absorbed {_amount(absorbed, f)} ({unit}) of technology from the YRD"
                f"{_change_en(change, None if prev is None else prev['year'])}, and sold {_amount(sold, f)} to it.")
    return (f"{y}年，粤港澳大湾区从长三角吸纳技术合同成交额{_amount(absorbed, f)}{unit}"
            f"{_change_zh(change, None)}；向长三角输出{_amount(sold, f)}{unit}。")


def top_sentence(df: pl.DataFrame, label_col: str, value_col: str, f: Filters, what_zh: str, what_en: str) -> str:
    """"<what> led by <first> (<share>% of the total)"."""
    if df.height == 0:
        return ""
    total = df[value_col].sum() or 0.0
    first = df.sort(value_col, descending=True).row(0, named=True)
    share = 100 * first[value_col] / total if total else 0.0
    if f.lang == "en":
        return f"{what_en}: {first[label_col]} leads with {share:.1f}% of the total."
    return f"{what_zh}：{first[label_col]}居首，占{share:.1f}%。"


def net_sentence(net: pl.DataFrame, bloc_label: dict[str, str], f: Filters) -> str:
    """Which bloc is the largest net exporter of technology in the latest year."""
    if net.height == 0:
        return ""
    y = net["year"].max()
    latest = net.filter(pl.col("year") == y).sort("net", descending=True)
    top, bottom = latest.row(0, named=True), latest.row(-1, named=True)
    unit = value_unit(f)
    if f.lang == "en":
        return (f"In {y} {bloc_label[top['bloc']]} was the largest net seller of technology ({_amount(top['net'], f)}, {unit}); "
                f"{bloc_label[bottom['bloc']]} the largest net buyer ({_amount(-bottom['net'], f)}).")
    return (f"{y}年，{bloc_label[top['bloc']]}技术净输出最多（{_amount(top['net'], f)}{unit}），"
            f"{bloc_label[bottom['bloc']]}净吸纳最多（{_amount(-bottom['net'], f)}{unit}）。")


def cross_border_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    if by_year.height == 0:
        return ""
    y = by_year["year"].max()
    latest = {r["direction"]: r["value"] for r in by_year.filter(pl.col("year") == y).to_dicts()}
    bought, sold = latest.get("bought_from_abroad", 0.0) or 0.0, latest.get("sold_abroad", 0.0) or 0.0
    unit = value_unit(f)
    if f.lang == "en":
        return f"In {y} parties here bought {_amount(bought, f)} ({unit}) of technology from outside the mainland and sold {_amount(sold, f)} to it."
    return f"{y}年，从境外（含港澳台）购入技术{_amount(bought, f)}{unit}，向境外输出{_amount(sold, f)}{unit}。"


def field_sentence(trend: pl.DataFrame, field_name: str, f: Filters) -> str:
    """A priority field's latest value and its growth in the GBA against elsewhere."""
    if trend.height == 0:
        return ""
    years = sorted(trend["year"].unique().to_list())
    y, y0 = years[-1], years[0]

    def total(year, gba: bool | None = None):
        d = trend.filter(pl.col("year") == year)
        if gba is not None:
            d = d.filter((pl.col("bloc") == "GBA") == gba)
        return d["value"].sum() or 0.0

    growth_gba = _yoy(total(y, True), total(y0, True))
    growth_rest = _yoy(total(y, False), total(y0, False))
    unit = value_unit(f)
    if f.lang == "en":
        text = f"{field_name}: {_amount(total(y), f)} ({unit}) in {y}."
        if growth_gba is not None and growth_rest is not None and y0 != y:
            text += f" Since {y0} it grew {growth_gba:.0f}% in the GBA against {growth_rest:.0f}% elsewhere."
        return text
    text = f"{field_name}：{y}年成交额{_amount(total(y), f)}{unit}。"
    if growth_gba is not None and growth_rest is not None and y0 != y:
        text += f"{y0}年以来，大湾区增长{growth_gba:.0f}%，其他地区增长{growth_rest:.0f}%。"
    return text


def academic_sentence(by_year: pl.DataFrame, f: Filters) -> str:
    """Universities' and institutes' transfers to enterprises in the latest year, and the change."""
    if by_year.height == 0:
        return ""
    totals = by_year.group_by("year").agg(pl.col("contracts").sum(), pl.col("value").sum()).sort("year").to_dicts()
    last = totals[-1]
    prev = totals[-2] if len(totals) > 1 and totals[-2]["year"] == last["year"] - 1 else None
    change = _yoy(last["value"], None if prev is None else prev["value"])
    unit, y = value_unit(f), last["year"]
    if f.lang == "en":
        return (f"In {y} universities and research institutes sold enterprises {last['contracts']:,.0f} contracts worth "
                f"{_amount(last['value'], f)} ({unit}){_change_en(change, None if prev is None else prev['year'])}.")
    return f"{y}年，高校院所向企业转化技术合同{last['contracts']:,.0f}项，成交额{_amount(last['value'], f)}{unit}{_change_zh(change, None)}。"


def patent_sentence(shares: pl.DataFrame, type_names: dict[str, str], f: Filters) -> str:
    """The patent-backed share of transfers and licences in the latest year."""
    rows = shares.filter(pl.col("patent_value_share_pct").is_not_null())
    if rows.height == 0:
        return ""
    y = rows["year"].max()
    parts = [(type_names.get(r["contract_type"], r["contract_type"]), r["patent_value_share_pct"], r["ip_stated_pct"])
             for r in rows.filter(pl.col("year") == y).sort("contract_type", descending=True).to_dicts()]
    if f.lang == "en":
        body = "; ".join(f"{name} {share:.1f}% of value (IP type stated for {stated:.0f}%)" for name, share, stated in parts)
        return f"In {y} the patent-backed share was: {body}."
    body = "；".join(f"{name}{share:.1f}%（{stated:.0f}%的合同注明了知识产权类型）" for name, share, stated in parts)
    return f"{y}年，以专利（含专利申请）为支撑的成交额占比：{body}。"
