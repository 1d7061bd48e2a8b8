"""Running the named queries in sql/ with the shared filters; returns Polars frames.

A named query reads its data from placeholders that this module fills in:
- `{flows}`: the flows mart (sql/marts) restricted to the filters, as a subquery;
- `{parties}`: the parties mart restricted to years, regions and fields;
- `{value}` / `{tech_value}`: the value measure in the chosen currency and unit (metrics.py), and
  `{value_col}` / `{scale}` for conditional sums (`sum({value_col}) filter (...) / {scale}`);
- `{name}`: the dimension name column for the language (name_zh / name_en).
Filter values travel as named parameters ($year_from, $regions, …), never as text. Queries
never import Streamlit; pages cache their results keyed by the data version and the filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import duckdb
import polars as pl

from techmarket import metrics
from techmarket.filters import Filters
from techmarket.i18n import name_column
from techmarket.settings import ROOT

SQL_DIR = ROOT / "sql"
ALL = ""  # a list parameter holding only this means "no restriction"

FLOWS = """(
    select * from mart_flows
    where year between $year_from and $year_to
      and (list_contains($regions, '') or list_contains($regions, seller_region) or list_contains($regions, buyer_region))
      and (list_contains($fields, '') or list_contains($fields, field_code) or list_contains($fields, top_field_code))
      and (list_contains($types, '') or list_contains($types, contract_type))
)"""

PARTIES = """(
    select * from mart_parties
    where year between $year_from and $year_to
      and (list_contains($regions, '') or list_contains($regions, region_code))
      and (list_contains($fields, '') or list_contains($fields, field_code) or list_contains($fields, top_field_code))
)"""


@cache
def load_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def named_queries() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def examples() -> dict[str, str]:
    """Analysts' example queries (sql/examples), runnable as written."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((SQL_DIR / "examples").glob("*.sql"))}


@dataclass(frozen=True)
class Composed:
    name: str
    sql: str
    params: dict

    def runnable(self) -> str:
        """The SQL with its parameters written in as literals, for the SQL workbench to run as is."""
        import re

        def literal(value: object) -> str:
            if isinstance(value, (list, tuple)):
                return "[" + ", ".join(literal(v) for v in value) + "]"
            if isinstance(value, (int, float)):
                return repr(value)
            return "'" + str(value).replace("'", "''") + "'"

        names = sorted(self.params, key=len, reverse=True)
        text = self.sql
        for name in names:
            text = re.sub(rf"\${name}\b", literal(self.params[name]), text)
        return f"-- {self.name}.sql\n" + text

    def display(self) -> str:
        """The SQL with its parameters listed, for "show SQL" and the SQL workbench."""
        lines = [f"-- {self.name}.sql"] + [f"-- ${k} = {v!r}" for k, v in self.params.items()]
        return "\n".join(lines) + "\n" + self.sql


def region_codes(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """Regions the filters select: cities if any, else provinces' regions, else blocs' regions."""
    if f.cities:
        return list(f.cities)
    if f.provinces:
        rows = con.execute("select region_code from regions where list_contains($p, province_code) or list_contains($p, region_code)",
                           {"p": list(f.provinces)}).fetchall()
        return [r[0] for r in rows]
    if f.blocs:
        rows = con.execute("select region_code from regions where list_contains($b, bloc)", {"b": list(f.blocs)}).fetchall()
        return [r[0] for r in rows]
    return []


def compose(con: duckdb.DuckDBPyConnection, name: str, f: Filters, **params: object) -> Composed:
    sql = load_sql(name).format(
        flows=FLOWS,
        parties=PARTIES,
        value=metrics.value_sql(f),
        tech_value=metrics.tech_value_sql(f),
        value_col=f.value_column,
        scale=f"{f.scale:.0f}",
        name=name_column(f.lang),
    )
    regions = region_codes(con, f) or [ALL]
    base = {
        "year_from": f.year_from or 1980,
        "year_to": f.year_to or 2100,
        "regions": regions,
        "fields": list(f.fields) or [ALL],
        "types": list(f.types) or [ALL],
    }
    used = {k: v for k, v in {**base, **params}.items() if f"${k}" in sql}
    return Composed(name, sql, used)


def run(con: duckdb.DuckDBPyConnection, name: str, f: Filters, **params: object) -> pl.DataFrame:
    c = compose(con, name, f, **params)
    return con.sql(c.sql, params=c.params).pl()


def year_range(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    lo, hi = con.execute("select min(year), max(year) from mart_flows").fetchall()[0]
    if lo is None:
        return (2019, 2024)
    return int(lo), int(hi)


def group_members(regions: pl.DataFrame, level: str, groups: list[str]) -> list[str]:
    """Region codes inside the chosen groups of a flows_matrix level (bloc, province or city)."""
    if level == "bloc":
        return regions.filter(pl.col("bloc").is_in(groups))["region_code"].to_list()
    if level == "province":
        return regions.filter(pl.coalesce(pl.col("province_code"), pl.col("region_code")).is_in(groups))["region_code"].to_list()
    return list(groups)
