"""Each measure defined once: its label, unit, number format and decimals.

Chart builders (charts.py) take a Measure and the filters and ask it for the axis title, the d3 format
and the unit; readings, KPI cards and tables format numbers through it. So "成交额 (亿元)" and "2
decimals for 亿元" are said here and nowhere else. Money's SQL is said here too (`money_sql`): the named
queries write it as the `{value}` placeholder (techmarket.catalogue), which queries.compose fills in
for the filters' currency and unit. MEASURES names each measure as the queries' headers declare them.
"""

from __future__ import annotations

from dataclasses import dataclass

from techmarket.filters import Filters
from techmarket.i18n import format_count, format_number, format_pct, t

MONEY_COLUMNS = {"CNY": "amount_cny", "USD": "amount_usd"}


class MeasureUnavailable(ValueError):
    """A measure asked of a table that cannot answer it (money in a currency it has no column for)."""


def money_column(currency: str, columns: frozenset[str] | set[str] | None = None, table: str = "") -> str:
    """The money column of `currency`; MeasureUnavailable when `columns` (a mart's currencies) lack it."""
    if columns is not None and currency not in columns:
        raise MeasureUnavailable(f"{table or 'this table'} has no {currency} value (it has {', '.join(sorted(columns)) or 'none'})")
    return MONEY_COLUMNS[currency]


def money_sql(spec: str, currency: str, scale: float) -> str:
    """The SQL of a value placeholder (`{value:<spec>}`): the sum of the currency's money column in the unit
    (DOUBLE: charts reject DECIMAL). `spec`: "" | "<alias>" | "<alias>.<column>" (a column carried from
    `{amount}`) | any of these followed by "where <condition>" (a conditional sum)."""
    target, _, condition = spec.strip().partition("where ")
    target = target.strip()
    if target and not target.replace(".", "").replace("_", "").isalnum():
        raise ValueError(f"not a value placeholder: {{value:{spec}}}")
    column = target if "." in target else f"{target + '.' if target else ''}{MONEY_COLUMNS[currency]}"
    where = f" filter (where {condition.strip()})" if condition.strip() else ""
    return f"sum({column}){where} / {scale:.0f}"


@dataclass(frozen=True)
class Measure:
    """`kind`: money (in the filters' currency and unit), published (亿元 as published, whatever the
    filters), count (of `unit_key`: contracts, enterprises) or pct."""

    key: str
    label_key: str
    kind: str
    unit_key: str = "unit_contracts"

    def unit(self, f: Filters) -> str:
        if self.kind == "money":
            key = {("wan", "CNY"): "unit_wan", ("yi", "CNY"): "unit_yi", ("wan", "USD"): "unit_wan_usd", ("yi", "USD"): "unit_yi_usd"}
            return t(key[(f.unit, f.currency)], f.lang)
        if self.kind == "published":
            return t("unit_yi", f.lang)
        if self.kind == "pct":
            return "%"
        return t(self.unit_key, f.lang)

    def label(self, f: Filters, period: str = "") -> str:
        """The axis title: name, unit and the years it adds up when it adds any, "成交额 (亿元 · 2019–2024年累计)"."""
        return f"{t(self.label_key, f.lang)} ({self.unit(f)}{' · ' + period if period else ''})"

    def decimals(self, f: Filters) -> int:
        if self.kind == "money":
            return 2 if f.unit == "yi" else 0
        if self.kind == "published":
            return 2
        return 1 if self.kind == "pct" else 0

    def format(self, value: float | None, f: Filters) -> str:
        """A number as text in cards and readings."""
        if self.kind == "pct":
            return format_pct(value, f.lang, self.decimals(f))
        if self.kind == "count":
            return format_count(value, f.lang)
        return format_number(value, f.lang, self.decimals(f))

    def d3_format(self, f: Filters) -> str:
        """Vega-Lite axis and tooltip format."""
        return f"{',' if self.kind != 'pct' else ''}.{self.decimals(f)}f"


def period_label(period: str, years: tuple[int, int], lang: str, year: int | None = None) -> str:
    """Which years a number adds up, as a column header or card says it: "2019–2024年累计" / "2019–2024 total",
    "2024年", "2024年比2023年" / "2024 vs 2023"; "" for a number per year (its axis names the year) or none."""
    first, last = years
    if period == "years":
        return t("period_year", lang, year=last) if first == last else t("period_total", lang, first=first, last=last)
    if period in ("latest", "previous", "param"):
        which = {"latest": last, "previous": last - 1, "param": year if year is not None else last}[period]
        return t("period_year", lang, year=which)
    if period == "change":
        return compare_label(last, last - 1, lang)
    return ""


def compare_label(year: int, previous: int | None, lang: str) -> str:
    """Which two years a change compares: "2024年比2023年" / "2024 vs 2023" ("" without a previous year)."""
    return "" if previous is None else t("period_change", lang, year=year, prev=previous)


CONTRACTS = Measure("contracts", "contracts", "count")
VALUE = Measure("value", "value", "money")
PUBLISHED_VALUE = Measure("published_value", "value", "published")
ENTERPRISES = Measure("enterprises", "enterprises", "count", "unit_enterprises")
HIGH_TECH = Measure("high_tech", "high_tech", "count", "unit_enterprises")
PATENT_SHARE = Measure("patent_share", "patent_share", "pct")
VIA_HK_SHARE = Measure("via_hk_share", "via_hk_share", "pct")
SHARE = Measure("share", "share", "pct")
YOY = Measure("yoy", "yoy", "pct")
LISTING_POOL = Measure("listing_pool", "listing_pool", "count", "unit_enterprises")
PARTNERS = Measure("partners", "partners", "count", "unit_partners")

# Every measure by the key the named queries declare (techmarket.catalogue).
MEASURES: dict[str, Measure] = {m.key: m for m in (CONTRACTS, VALUE, PUBLISHED_VALUE, ENTERPRISES, HIGH_TECH, PATENT_SHARE,
                                                   VIA_HK_SHARE, SHARE, YOY, LISTING_POOL, PARTNERS)}
