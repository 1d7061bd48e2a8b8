"""Running the named queries of the catalogue (techmarket.catalogue) under the shared filters.

`compose` turns a declared query and the filters into the SQL that runs: it chooses the smallest mart
that can answer what the query declares it needs and what the filters ask (catalogue.MARTS, in order),
fills in the placeholders, and binds the parameters (the filters' and the query's own, with the defaults
its header declares). The placeholders:
- `{flows}`: the chosen flows mart restricted to the filters, as a subquery;
- `{parties}`: the chosen parties mart (or each contract's two parties, for filters the marts do not keep)
  restricted to the filters;
- `{value…}` and `{amount…}`: money in the filters' currency and unit (metrics.money_sql; a mart without
  that currency cannot be chosen, and asking one for it raises metrics.MeasureUnavailable);
- `{name}`: the dimension name column for the language (name_zh / name_en), `{lang}` the language itself.

`run` executes exactly the text `Composed.runnable()` gives, the parameters written in as literals (values
from the filters' known codes and the query's declared parameters, quoted), so the SQL that "show SQL",
the packs and the SQL page show is the SQL that ran. It returns a Result: the frame with the query, its
bound parameters, the mart, the period and that SQL. Queries never import Streamlit.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from techmarket import catalogue, metrics
from techmarket.catalogue import MARTS, TOP_DEPTH, CatalogueError, Mart, Query
from techmarket.filters import Filters
from techmarket.i18n import name_column

ALL = ""  # a list parameter holding only this means "no restriction"
SEMI_JOIN_FROM = 16  # regions in a filter from which the region test is a semi-join (see _restricted)


def _restricted(param: str, *columns: str, semi: bool = False) -> str:
    """No restriction when the list parameter is [ALL], else any of the columns is in it. `semi` writes
    the test as a semi-join on the unnested list, which DuckDB hashes once: for a long list (a bloc's
    hundreds of regions) 2-3x faster than list_contains, which searches the list for each of millions of
    rows; for a short one slower, since planning the join costs more than it saves."""
    def member(column: str) -> str:
        return f"{column} in (select unnest(${param}))" if semi else f"list_contains(${param}, {column})"

    return f"(list_contains(${param}, '') or " + " or ".join(member(c) for c in columns) + ")"


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


def sides(semi_sellers: bool = False, semi_buyers: bool = False) -> tuple[str, str]:
    """The seller-side and buyer-side filters (`seller=`, `buyer=`): each tests one party's region."""
    return _restricted("sellers", "seller_region", semi=semi_sellers), _restricted("buyers", "buyer_region", semi=semi_buyers)


def filter_needs(f: Filters, family: str) -> set[str]:
    """What the filters ask a mart of `family` to answer besides regions and years."""
    needs = {"field"} if f.fields else set()
    needs |= {"type"} if f.types else set()
    needs |= {"registry"} if f.registry_filtered else set()
    if family == "parties" and (f.sellers or f.buyers):
        needs.add("sides")  # the party marts keep each party's own region, not its counterparty's
    return needs


def choose_mart(q: Query, f: Filters, params: dict[str, Any], data_years: tuple[int, int] | None) -> Mart | None:
    """The first mart of the query's family (catalogue.MARTS) that answers what the query and the filters
    need, in the query's currency, over the filters' years; None for a query that reads no mart."""
    if q.reads not in ("flows", "parties"):
        return None
    currency = q.currency or f.currency
    needed = filter_needs(f, q.reads)
    for mart in (m for m in MARTS if m.family == q.reads):
        if currency not in mart.currencies or not needed <= mart.filters or not q.needs <= mart.answers:
            continue
        if not mart.by_year:  # all years together: only for a query over all the data's years
            lo, hi = data_years or (0, 0)
            if (f.year_from or lo) > lo or (f.year_to or hi) < hi:
                continue
        if mart.ranking and not (q.ranks and isinstance(params.get("top"), int) and params["top"] <= TOP_DEPTH):
            continue
        return mart
    raise CatalogueError(f"no mart answers {q.name} under these filters ({', '.join(sorted(needed | q.needs)) or 'nothing'}, {currency})")


def _subquery(source: str, conditions: list[str]) -> str:
    return f"(\n    select * from {source}\n    where " + "\n      and ".join(conditions) + "\n)"


def flows_source(mart: Mart, semi: tuple[bool, bool, bool] = (False, False, False)) -> str:
    """`{flows}`: the chosen mart restricted to the filters it can see, as a subquery (`semi`: regions,
    sellers, buyers tested by a semi-join)."""
    conditions = [YEARS, region_sides(semi[0]), *sides(semi[1], semi[2])]
    if "field" in mart.filters:
        conditions.append(FIELDS)
    if "type" in mart.filters:
        conditions.append(TYPES)
    if "registry" in mart.filters:
        conditions += [SUBTYPES, *KINDS]
    return _subquery(mart.name, conditions)


# Each contract's two parties, from the contracts themselves, for the rare ranking under a subtype,
# party-kind, seller-side or buyer-side filter (the marts do not keep those per party). Dollars at the
# signing day's rate, as in the marts.
PARTIES_FROM_CONTRACTS = """(
    select year(c.signed_date)::smallint as year, s.side, s.party_id, s.party_name, s.region_code, r.bloc,
        f.top_field_code, c.field_code, count(*)::bigint as contracts, sum(c.amount_cny)::double as amount_cny,
        sum(c.amount_cny::double / u.cny_per_usd) as amount_usd
    from contracts as c
    cross join lateral (values ('seller', c.seller_id, c.seller_name, c.seller_region),
                               ('buyer', c.buyer_id, c.buyer_name, c.buyer_region)) as s(side, party_id, party_name, region_code)
    join regions as r on r.region_code = s.region_code
    join tech_fields as f on f.field_code = c.field_code
    left join fx_usd_daily as u on u.day = c.signed_date
    where year(c.signed_date) between $year_from and $year_to
      and (list_contains($subtypes, '') or list_contains($subtypes, c.contract_subtype))
      and (list_contains($seller_kinds, '') or list_contains($seller_kinds, c.seller_kind))
      and (list_contains($buyer_kinds, '') or list_contains($buyer_kinds, c.buyer_kind))
      and (list_contains($types, '') or list_contains($types, c.contract_type))
      and (list_contains($sellers, '') or list_contains($sellers, c.seller_region))
      and (list_contains($buyers, '') or list_contains($buyers, c.buyer_region))
    group by all
)"""


def parties_source(mart: Mart, q: Query, semi: bool = False) -> str:
    """`{parties}`: the chosen parties mart restricted to the filters, as a subquery (`semi`: regions
    tested by a semi-join)."""
    if mart.name == "party_contracts":
        return _subquery(PARTIES_FROM_CONTRACTS, [region_party(semi), FIELDS])
    if mart.name == "mart_party_top":  # all years by construction: per-field rows if the query picks a field, else the all-field rows
        return _subquery(mart.name, [region_party(semi), f"field_code is {'not ' if 'field' in q.needs else ''}null"])
    return _subquery(mart.name, [YEARS, region_party(semi)] + ([FIELDS] if "field" in mart.filters else []))


def named_queries() -> list[str]:
    return catalogue.names()


def examples() -> dict[str, str]:
    """Analysts' example queries (sql/examples), runnable as written."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((catalogue.SQL_DIR / "examples").glob("*.sql"))}


def literal(value: object) -> str:
    """A parameter written into SQL: a number, a quoted string or a list of them."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


@dataclass(frozen=True)
class Composed:
    """A named query composed for the filters: the SQL with $parameters, their values, the mart and years."""

    query: Query
    sql: str
    params: dict[str, Any]
    mart: str | None
    years: tuple[int, int]
    currency: str

    @property
    def name(self) -> str:
        return self.query.name

    def runnable(self) -> str:
        """The SQL as it runs: the parameters written in as literals, under a header naming the query, the
        mart and the parameters. Run as it is, read-only, on the same database, it gives the same rows."""
        text = self.sql
        for key in sorted(self.params, key=len, reverse=True):
            written = literal(self.params[key])
            text = re.sub(rf"\${key}\b", lambda _m, w=written: w, text)  # type: ignore[misc]
        # A block comment, not "--" lines: a cell that begins with "-" is a formula to a spreadsheet (and neutralised).
        head = [f"/* {self.name}" + (f": {self.query.description}" if self.query.description else "")]
        if self.mart:
            head.append(f"   reads {self.mart}; {self.currency}")
        own = {k: v for k, v in self.params.items() if k in self.query.params}
        if own:
            head.append("   " + ", ".join(f"{k} = {v!r}" for k, v in own.items()))
        return "\n".join(head).replace("*/", "* /") + " */\n" + text


class _Template(string.Formatter):
    """Fills a query's placeholders ({flows}, {value:m where …}, …): each field is named, none positional."""

    def __init__(self, fill: dict[str, Any]):
        self.fill = fill

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        if key not in self.fill:
            raise CatalogueError(f"unknown placeholder {{{key}}}")
        return key

    def format_field(self, value: Any, format_spec: str) -> str:
        filler = self.fill[value]
        return filler(format_spec) if callable(filler) else str(filler)


def region_codes(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """Regions the either-side filters select: cities if any, else provinces' regions, else blocs' regions."""
    if f.cities:
        return list(f.cities)
    if f.provinces:
        return side_regions(con, f.provinces)
    if f.blocs:
        return side_regions(con, f.blocs)
    return []


def side_regions(con: duckdb.DuckDBPyConnection, codes: tuple[str, ...]) -> list[str]:
    """The regions a seller-side or buyer-side filter names: a bloc's regions, a province's (itself and its
    cities), a city or an economy itself."""
    if not codes:
        return []
    rows = con.execute("select region_code from regions where list_contains($c, bloc) or list_contains($c, province_code) "
                       "or list_contains($c, region_code) order by region_code", {"c": list(codes)}).fetchall()
    return [r[0] for r in rows] or list(codes)  # a code the data does not know matches nothing


def compose(con: duckdb.DuckDBPyConnection, name: str, f: Filters, *, mart: str | None = None, **params: object) -> Composed:
    """The query `name` under the filters, with its own parameters (defaults from its header). `mart` forces
    a mart instead of the declared choice (for tests of the choice)."""
    q = catalogue.query(name)
    if not q.filtered:  # the whole registry: only the language and the unit apply
        f = Filters(lang=f.lang, unit=f.unit)
    unknown = set(params) - set(q.params)
    if unknown:
        raise CatalogueError(f"{name} has no parameter {', '.join(sorted(unknown))}; it takes {', '.join(q.params) or 'none'}")
    own = {**q.params, **params}
    missing = [k for k, v in own.items() if v is None]
    if missing:
        raise CatalogueError(f"{name} needs {', '.join(missing)}")
    data_years = year_range(con) if q.reads in ("flows", "parties") else None
    chosen = catalogue.MART_NAMES[mart] if mart else choose_mart(q, f, own, data_years)
    currency = q.currency or f.currency
    regions = region_codes(con, f) or [ALL]
    sellers, buyers = side_regions(con, f.sellers) or [ALL], side_regions(con, f.buyers) or [ALL]
    semi = (len(regions) >= SEMI_JOIN_FROM, len(sellers) >= SEMI_JOIN_FROM, len(buyers) >= SEMI_JOIN_FROM)

    def value(spec: str) -> str:
        if chosen is not None:
            metrics.money_column(currency, chosen.currencies, chosen.name)
        return metrics.money_sql(spec, currency, f.scale)

    def amount(spec: str) -> str:
        column = metrics.money_column(currency, chosen.currencies if chosen else None, chosen.name if chosen else "")
        return f"{spec.strip()}.{column}" if spec.strip() else column

    fill: dict[str, Any] = {"value": value, "amount": amount, "name": name_column(f.lang), "lang": f.lang}
    if chosen is not None and chosen.family == "flows":
        fill["flows"] = flows_source(chosen, semi)
    if chosen is not None and chosen.family == "parties":
        fill["parties"] = parties_source(chosen, q, semi[0])
    sql = _Template(fill).format(q.body)
    lo, hi = data_years or (1980, 2100)
    year_from, year_to = f.year_from or lo, f.year_to or hi
    register = region_codes(con, f) or sorted(set(side_regions(con, f.sellers)) | set(side_regions(con, f.buyers))) or [ALL]
    base = {
        "year_from": year_from,
        "year_to": year_to,
        "latest": year_to,
        "previous": year_to - 1,
        "regions": regions,
        "register_regions": register,
        "sellers": sellers,
        "buyers": buyers,
        "fields": field_codes(con, f) or [ALL],
        "types": list(f.types) or [ALL],
        "subtypes": list(f.subtypes) or [ALL],
        "seller_kinds": list(f.seller_kinds) or [ALL],
        "buyer_kinds": list(f.buyer_kinds) or [ALL],
    }
    used = {k: v for k, v in {**base, **own}.items() if re.search(rf"\${k}\b", sql)}
    return Composed(q, sql, used, chosen.name if chosen else None, (year_from, year_to), currency)


@dataclass(frozen=True)
class Result:
    """What a named query returned, with everything needed to say what it is: the query, the parameters it
    was bound to, the mart it read, the years and the SQL exactly as it ran."""

    frame: pl.DataFrame
    composed: Composed

    @property
    def name(self) -> str:
        return self.composed.name

    @property
    def query(self) -> Query:
        return self.composed.query

    @property
    def params(self) -> dict[str, Any]:
        return self.composed.params

    @property
    def mart(self) -> str | None:
        return self.composed.mart

    @property
    def years(self) -> tuple[int, int]:
        return self.composed.years

    @property
    def sql(self) -> str:
        return self.composed.runnable()

    def period(self, column: str, lang: str) -> str:
        """Which years `column` adds up, in words ("2019–2024年累计", "2024年", "2024 vs 2023"; "" per year)."""
        use = self.query.measure(column)
        if use is None:
            return ""
        year = self.params.get("year")
        return metrics.period_label(use.period, self.years, lang, year if isinstance(year, int) else None)


def run(con: duckdb.DuckDBPyConnection, name: str, f: Filters, **params: Any) -> Result:
    """A named query under the filters: the SQL `Composed.runnable()` shows, run as it is."""
    c = compose(con, name, f, **params)
    return Result(con.sql(c.runnable()).pl(), c)


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

