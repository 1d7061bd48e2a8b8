"""Each measure defined once: its label, its SQL over the marts, its unit and number format.

Charts, tables and exports take labels and formats from here, so "成交额 (亿元)" reads the same
on every page and in every pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from techmarket.filters import Filters
from techmarket.i18n import format_count, format_number, format_pct, t


def value_sql(f: Filters) -> str:
    """Contract value in the chosen currency and unit (DOUBLE: charts reject DECIMAL)."""
    return f"sum({f.value_column}) / {f.scale:.0f}"


def tech_value_sql(f: Filters) -> str:
    return f"sum(tech_amount_cny) / {f.scale:.0f}" if f.currency == "CNY" else \
        f"sum(tech_amount_cny * amount_usd / nullif(amount_cny, 0)) / {f.scale:.0f}"


def value_unit(f: Filters) -> str:
    key = {("wan", "CNY"): "unit_wan", ("yi", "CNY"): "unit_yi", ("wan", "USD"): "unit_wan_usd", ("yi", "USD"): "unit_yi_usd"}
    return t(key[(f.unit, f.currency)], f.lang)


@dataclass(frozen=True)
class Measure:
    key: str
    label_key: str
    kind: str  # count | money | pct

    def label(self, f: Filters) -> str:
        base = t(self.label_key, f.lang)
        return f"{base} ({self.unit(f)})"

    def unit(self, f: Filters) -> str:
        if self.kind == "money":
            return value_unit(f)
        if self.kind == "pct":
            return "%"
        return t("unit_contracts", f.lang)

    def format(self, value: float | None, f: Filters) -> str:
        if self.kind == "money":
            return format_number(value, f.lang, 2 if f.unit == "yi" else 0)
        if self.kind == "pct":
            return format_pct(value, f.lang)
        return format_count(value, f.lang)

    def d3_format(self, f: Filters) -> str:
        """Vega-Lite axis/tooltip format."""
        if self.kind == "money":
            return ",.2f" if f.unit == "yi" else ",.0f"
        if self.kind == "pct":
            return ".1f"
        return ",.0f"


CONTRACTS = Measure("contracts", "contracts", "count")
VALUE = Measure("value", "value", "money")
TECH_VALUE = Measure("tech_value", "tech_value", "money")
SHARE = Measure("share", "share", "pct")
MEASURES = {m.key: m for m in (CONTRACTS, VALUE, TECH_VALUE, SHARE)}
