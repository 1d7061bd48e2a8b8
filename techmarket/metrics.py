"""Each measure defined once: its label, unit, number format and decimals.

Chart builders (charts.py) take a Measure and the filters and ask it for the axis title, the d3 format
and the unit; readings, KPI cards and tables format numbers through it. So "成交额 (亿元)" and "2
decimals for 亿元" are said here and nowhere else. The SQL of a measure is a placeholder filled by
queries.compose (`{value}`: `value_sql` below).
"""

from __future__ import annotations

from dataclasses import dataclass

from techmarket.filters import Filters
from techmarket.i18n import format_count, format_number, format_pct, t


def value_sql(f: Filters) -> str:
    """Contract value in the chosen currency and unit (DOUBLE: charts reject DECIMAL)."""
    return f"sum({f.value_column}) / {f.scale:.0f}"


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

    def label(self, f: Filters) -> str:
        """The axis title: name and unit, "成交额 (亿元)"."""
        return f"{t(self.label_key, f.lang)} ({self.unit(f)})"

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


CONTRACTS = Measure("contracts", "contracts", "count")
VALUE = Measure("value", "value", "money")
PUBLISHED_VALUE = Measure("published_value", "value", "published")
ENTERPRISES = Measure("enterprises", "enterprises", "count", "unit_enterprises")
HIGH_TECH = Measure("high_tech", "high_tech", "count", "unit_enterprises")
PATENT_SHARE = Measure("patent_share", "patent_share", "pct")
VIA_HK_SHARE = Measure("via_hk_share", "via_hk_share", "pct")
