"""Running the named queries in sql/ with the shared filters; returns Polars frames.

A named query reads its data from placeholders that this module fills in:
- `{flows}`: the smallest flows mart (sql/marts) that can answer the query, restricted to the
  filters, as a subquery (see flows_mart; mart_registry when subtypes, IP types or party kinds are
  involved);
- `{parties}`: the parties mart (with or without fields, see parties_mart) restricted to years,
  regions and fields;
- `{value}`: the value measure in the chosen currency and unit (metrics.value_sql), and
  `{value_col}` / `{scale}` for conditional sums (`sum({value_col}) filter (...) / {scale}`);
- `{name}`: the dimension name column for the language (name_zh / name_en), `{lang}` the language
  itself (for columns named by it, as world_region_zh / world_region_en).
Filter values travel as named parameters ($year_from, $regions, …), never as text. Queries
never import Streamlit; pages cache their results keyed by the data version and the filters.
"""

from __future__ import annotations

import re
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

FIELD_COLUMNS = ("field_code", "top_field_code")
DETAIL_COLUMNS = ("contract_type", "currency")
REGISTRY_COLUMNS = ("contract_subtype", "ip_type", "is_patent", "seller_kind", "buyer_kind", "is_academic_transfer")


def _uses(sql: str, columns: tuple[str, ...]) -> bool:
    """Whether a named query's SQL (comments aside) names any of these columns."""
    code = re.sub(r"--[^\n]*", "", sql)
    return any(c in code for c in columns)


def _subquery(mart: str, conditions: list[str]) -> str:
    return f"(\n    select * from {mart}\n    where " + "\n      and ".join(conditions) + "\n)"


def _restricted(param: str, *columns: str, semi: bool = False) -> str:
    """No restriction when the list parameter is [ALL], else any of the columns is in it. `semi` writes
    the test as a semi-join on the unnested list, which DuckDB hashes once: for a long list (a bloc's
    hundreds of regions) 2-3x faster than list_contains, which searches the list for each of millions of
    rows; for a short one slower, since planning the join costs more than it saves."""
    def member(column: str) -> str:
        return f"{column} in (select unnest(${param}))" if semi else f"list_contains(${param}, {column})"

    return f"(list_contains(${param}, '') or " + " or ".join(member(c) for c in columns) + ")"


SEMI_JOIN_FROM = 16  # regions in a filter from which the region test is a semi-join (see _restricted)


def region_sides(semi: bool = False) -> str:
    return _restricted("regions", "seller_region", "buyer_region", semi=semi)


def region_party(semi: bool = False) -> str:
    return _restricted("regions", "region_code", semi=semi)


# $fields holds the chosen fields and their sub-fields (field_codes), so a top field matches its
# children without a second test on top_field_code, which kept DuckDB from skipping row groups of the
# field-sorted marts (an enterprise ranking under a field filter: 350 ms against 50 ms at 10 M).
FIELDS = _restricted("fields", "field_code")
TYPES = _restricted("types", "contract_type")
YEARS = "year between $year_from and $year_to"
SUBTYPES = _restricted("subtypes", "contract_subtype")
KINDS = (_restricted("seller_kinds", "seller_kind"), _restricted("buyer_kinds", "buyer_kind"))


def flows_mart(sql: str, f: Filters) -> str:
    """The smallest flows mart that can answer a query under the filters (aggregate navigation):
    mart_pairs when neither the query (comments aside) nor the filters involve fields or contract
    types, mart_pair_fields when only fields are involved, mart_flows for types and currencies, and
    mart_registry when the registry's subtypes, IP types or party kinds are involved."""
    if f.registry_filtered or _uses(sql, REGISTRY_COLUMNS):
        return "mart_registry"
    if f.types or _uses(sql, DETAIL_COLUMNS):
        return "mart_flows"
    if f.fields or _uses(sql, FIELD_COLUMNS):
        return "mart_pair_fields"
    return "mart_pairs"


def flows_source(mart: str, semi: bool = False) -> str:
    """`{flows}`: the chosen mart restricted to the filters it can see, as a subquery (`semi`: regions
    tested by a semi-join)."""
    conditions = [YEARS, region_sides(semi)]
    if mart != "mart_pairs":
        conditions.append(FIELDS)
    if mart in ("mart_flows", "mart_registry"):
        conditions.append(TYPES)
    if mart == "mart_registry":
        conditions += [SUBTYPES, *KINDS]
    return _subquery(mart, conditions)


TOP_DEPTH = 50  # parties kept per region, side and field in mart_party_top (sql/marts/07_mart_party_top.sql)


def parties_mart(sql: str, f: Filters, years: tuple[int, int] | None = None, top: object = None) -> str:
    """mart_party_top for a ranking of at most TOP_DEPTH over all the data's `years` with no field
    filter; mart_party_years when neither the query (comments aside) nor the filters involve
    fields; else mart_parties."""
    if f.registry_filtered:
        return "contracts"
    all_years = years is not None and (f.year_from or 0) <= years[0] and (f.year_to or 9999) >= years[1]
    if all_years and not f.fields and isinstance(top, int) and top <= TOP_DEPTH:
        return "mart_party_top"
    return "mart_parties" if f.fields or _uses(sql, FIELD_COLUMNS) else "mart_party_years"


# The parties mart's rows, from the contracts themselves, for the rare ranking under a subtype or
# party-kind filter (the marts do not keep those per party).
PARTIES_FROM_CONTRACTS = """(
    select year(c.signed_date)::smallint as year, s.side, s.party_id, s.party_name, s.region_code, r.bloc,
        f.top_field_code, c.field_code, count(*)::bigint as contracts, sum(c.amount_cny)::double as amount_cny
    from contracts as c
    cross join lateral (values ('seller', c.seller_id, c.seller_name, c.seller_region),
                               ('buyer', c.buyer_id, c.buyer_name, c.buyer_region)) as s(side, party_id, party_name, region_code)
    join regions as r on r.region_code = s.region_code
    join tech_fields as f on f.field_code = c.field_code
    where year(c.signed_date) between $year_from and $year_to
      and (list_contains($subtypes, '') or list_contains($subtypes, c.contract_subtype))
      and (list_contains($seller_kinds, '') or list_contains($seller_kinds, c.seller_kind))
      and (list_contains($buyer_kinds, '') or list_contains($buyer_kinds, c.buyer_kind))
      and (list_contains($types, '') or list_contains($types, c.contract_type))
    group by all
)"""


def parties_source(mart: str, sql: str = "", semi: bool = False) -> str:
    """`{parties}`: the chosen parties mart restricted to the filters, as a subquery (`semi`: regions
    tested by a semi-join)."""
    if mart == "contracts":
        return _subquery(PARTIES_FROM_CONTRACTS, [region_party(semi), FIELDS])
    if mart == "mart_party_top":  # all years by construction: per-field rows if the query picks a field, else the all-field rows
        return _subquery(mart, [region_party(semi), f"field_code is {'not ' if _uses(sql, FIELD_COLUMNS) else ''}null"])
    return _subquery(mart, [YEARS, region_party(semi)] + ([FIELDS] if mart == "mart_parties" else []))


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
    text = load_sql(name)
    regions = region_codes(con, f) or [ALL]
    semi = len(regions) >= SEMI_JOIN_FROM
    sql = text.format(
        flows=flows_source(flows_mart(text, f), semi),
        parties=parties_source(parties_mart(text, f, year_range(con) if "{parties}" in text else None, params.get("top")), text, semi),
        value=metrics.value_sql(f),
        value_col=f.value_column,
        scale=f"{f.scale:.0f}",
        name=name_column(f.lang),
        lang=f.lang,
    )
    base = {
        "year_from": f.year_from or 1980,
        "year_to": f.year_to or 2100,
        "regions": regions,
        "fields": field_codes(con, f) or [ALL],
        "types": list(f.types) or [ALL],
        "subtypes": list(f.subtypes) or [ALL],
        "seller_kinds": list(f.seller_kinds) or [ALL],
        "buyer_kinds": list(f.buyer_kinds) or [ALL],
    }
    used = {k: v for k, v in {**base, **params}.items() if f"${k}" in sql}
    return Composed(name, sql, used)


def run(con: duckdb.DuckDBPyConnection, name: str, f: Filters, **params: object) -> pl.DataFrame:
    c = compose(con, name, f, **params)
    return con.sql(c.sql, params=c.params).pl()


def field_codes(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """The chosen fields and their sub-fields (a top field stands for itself and its children)."""
    if not f.fields:
        return []
    rows = con.execute("select field_code from tech_fields where list_contains($f, field_code) or list_contains($f, top_field_code) "
                       "order by field_code", {"f": list(f.fields)}).fetchall()
    return sorted({r[0] for r in rows} | set(f.fields))  # a code the data does not know still matches nothing


def year_range(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    lo, hi = con.execute("select min(year), max(year) from mart_pairs").fetchall()[0]
    if lo is None:
        return (2019, 2024)
    return int(lo), int(hi)


def known_codes(con: duckdb.DuckDBPyConnection) -> tuple[set[str], set[str], set[str]]:
    """(region codes, field codes, subtype codes) of this database: what a URL or flag may name."""
    return tuple({r[0] for r in con.execute(f"select {key} from {table}").fetchall()}  # type: ignore[return-value]
                 for table, key in (("regions", "region_code"), ("tech_fields", "field_code"), ("contract_subtypes", "subtype_code")))


# Parameters the pages give the named queries that need them; the SQL workbench composes its examples with these.
QUERY_DEFAULTS: dict[str, dict] = {
    "flows_matrix": {"level": "province"}, "flows_map": {"top": 60},
    "flows_corridors": {"top": 200}, "field_board_trend": {"field": "ai"}, "field_board_parties": {"field": "ai", "top": 10},
    "enterprises_top_parties": {"top": 15}, "official_provinces": {"year": 2023}, "data_rejects": {"limit": 1000},
    "transfer_academic_regions": {"top": 15},
}


def group_members(regions: pl.DataFrame, level: str, groups: list[str]) -> list[str]:
    """Region codes inside the chosen groups of a flows_matrix level (bloc, province or city)."""
    if level == "bloc":
        return regions.filter(pl.col("bloc").is_in(groups))["region_code"].to_list()
    if level == "province":
        return regions.filter(pl.coalesce(pl.col("province_code"), pl.col("region_code")).is_in(groups))["region_code"].to_list()
    return list(groups)
