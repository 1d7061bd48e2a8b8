"""The declared query catalogue: what each named query in sql/ reads, returns and sums over.

Every `sql/<name>.sql` opens with its description in comments, then one declaration a line:

    -- reads:    flows                     flows | parties | enterprises | official | etl | catalog
    -- needs:    field, type               what it groups or filters by besides the regions and years
                                           (field | type | currency | registry): picks the mart (MARTS)
    -- ranks:    top                       a ranking of the $top largest (a parties query may then read mart_party_top)
    -- grain:    year, direction           the columns that name a row
    -- measures: contracts = contracts, value = value, value_latest = value @latest
                                           column = measure key (metrics.MEASURES) [@ period]
    -- params:   top = 15, level = province
                                           the query's own parameters with their defaults ($top, $level)
    -- currency: CNY                       answers in yuan whatever the filters (shares compared with published yuan)
    -- filters:  none                      the whole registry whatever the filters (shares of the nation's market)

A measure's period says which years a number adds up (PERIODS): each row's own `year`, the filters' `years`
together, the `latest` year, the `previous` one, the `change` from the previous to the latest, the `$year`
parameter (`param`), or `none` (counts of a register, published rows as they are). Without `@`, a measure of
a query whose grain has `year` is per year, otherwise over the filters' years.

Money appears in a query only through the value measure's placeholders (techmarket.queries fills them in):
`{value}` sums the money column of the filters' currency over the rows and scales it to their unit,
`{value:m}` does so for table alias `m`, `{value:where <condition>}` sums the rows that meet the condition,
`{value:m where <condition>}` both, and `{amount}` / `{amount:m}` is the per-row money column itself (to be
summed later by `{value:<alias>.<column>}`). A mart that has no column for the currency cannot be chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from techmarket import metrics
from techmarket.settings import ROOT

SQL_DIR = ROOT / "sql"
SOURCES = ("flows", "parties", "enterprises", "official", "etl", "catalog")
NEEDS = ("field", "type", "currency", "registry")
PERIODS = ("year", "years", "latest", "previous", "change", "param", "none")
KEYS = ("reads", "needs", "ranks", "filters", "grain", "measures", "params", "currency")
# Parameters every query may use, bound from the filters (techmarket.queries.compose).
FILTER_PARAMS = ("year_from", "year_to", "latest", "previous", "regions", "register_regions", "sellers", "buyers", "fields", "types",
                 "subtypes", "seller_kinds", "buyer_kinds")
MONEY_COLUMNS = {"CNY": "amount_cny", "USD": "amount_usd"}


class CatalogueError(ValueError):
    """A query whose declaration is wrong, or that cannot be composed as asked."""


@dataclass(frozen=True)
class Mart:
    """A table a family of queries can read, and what it can answer."""

    name: str
    family: str
    answers: frozenset[str]  # what a query may group or filter by in it besides regions and years (NEEDS)
    filters: frozenset[str]  # which of the filters it can apply (NEEDS, and "sides": seller-side and buyer-side regions)
    currencies: frozenset[str]  # the currencies it has a money column for (MONEY_COLUMNS)
    by_year: bool = True  # False: all years together (only a query over all the data's years can read it)
    ranking: bool = False  # holds only the leaders of each partition: only a ranking of at most TOP_DEPTH can read it


BOTH = frozenset(MONEY_COLUMNS)
FLOWS_ALL = frozenset({"field", "type", "currency", "registry"})
# In the order queries.compose tries them: the smallest that can answer is read (aggregate navigation).
MARTS: tuple[Mart, ...] = (
    Mart("mart_pairs", "flows", frozenset(), frozenset({"sides"}), BOTH),
    Mart("mart_pair_fields", "flows", frozenset({"field"}), frozenset({"field", "sides"}), BOTH),
    Mart("mart_flows", "flows", frozenset({"field", "type", "currency"}), frozenset({"field", "type", "sides"}), BOTH),
    Mart("mart_registry", "flows", FLOWS_ALL, frozenset({"field", "type", "registry", "sides"}), BOTH),
    # Ranked by yuan (sql/marts/07): its leaders in dollars can differ, so it answers in yuan only. Per field, it holds
    # each field's own leaders: a query may pick one field, but the filters' fields (with their children) it cannot apply.
    Mart("mart_party_top", "parties", frozenset({"field"}), frozenset(), frozenset({"CNY"}), by_year=False, ranking=True),
    Mart("mart_party_years", "parties", frozenset(), frozenset(), BOTH),
    Mart("mart_parties", "parties", frozenset({"field"}), frozenset({"field"}), BOTH),
    # Each contract's two parties, from the contracts themselves (queries.PARTIES_FROM_CONTRACTS): for rankings under
    # the registry's filters or a seller-side or buyer-side filter, which the party marts do not keep.
    Mart("party_contracts", "parties", frozenset({"field"}), frozenset({"field", "type", "registry", "sides"}), BOTH),
)
MART_NAMES = {m.name: m for m in MARTS}
TOP_DEPTH = 50  # parties kept per region, side and field in mart_party_top (sql/marts/07_mart_party_top.sql)


@dataclass(frozen=True)
class MeasureUse:
    column: str
    measure: metrics.Measure
    period: str


@dataclass(frozen=True)
class Query:
    """One named query as its file declares it."""

    name: str
    description: str
    body: str  # the SQL after the header, with its placeholders and $parameters
    reads: str
    needs: frozenset[str] = frozenset()
    ranks: bool = False
    grain: tuple[str, ...] = ()
    measures: tuple[MeasureUse, ...] = ()
    params: dict[str, object] = field(default_factory=dict)
    currency: str | None = None  # a fixed currency, whatever the filters
    filtered: bool = True  # False: `filters: none`, the whole registry whatever the filters

    @property
    def path(self) -> Path:
        return SQL_DIR / f"{self.name}.sql"

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the query returns: its grain and its measures (and any names between them)."""
        return (*self.grain, *(m.column for m in self.measures))

    def measure(self, column: str) -> MeasureUse | None:
        return next((m for m in self.measures if m.column == column), None)

    @property
    def money(self) -> bool:
        return any(m.measure.kind == "money" for m in self.measures)


def _split(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def _value(text: str) -> object:
    text = text.strip().strip("'\"")
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def parse(name: str, text: str) -> Query:
    """A query from its file's text; a declaration that is missing, unknown or inconsistent is a CatalogueError."""
    lines = text.splitlines()
    head = 0
    while head < len(lines) and (lines[head].startswith("--") or not lines[head].strip()):
        head += 1
    prose: list[str] = []
    declared: dict[str, str] = {}
    for line in lines[:head]:
        m = re.match(r"--\s*([a-z]+):\s*(.*)$", line)
        if m and m.group(1) in KEYS:
            if m.group(1) in declared:
                raise CatalogueError(f"sql/{name}.sql declares {m.group(1)} twice")
            declared[m.group(1)] = m.group(2).strip()
        elif m and declared:
            raise CatalogueError(f"sql/{name}.sql: unknown declaration {m.group(1)!r}; expected one of {', '.join(KEYS)}")
        elif line.startswith("--"):
            prose.append(line[2:].strip())
    body = "\n".join(lines[head:]).strip() + "\n"
    if "reads" not in declared or declared["reads"] not in SOURCES:
        raise CatalogueError(f"sql/{name}.sql must declare `-- reads:` one of {', '.join(SOURCES)}")
    needs = frozenset(_split(declared.get("needs", "")))
    if needs - set(NEEDS):
        raise CatalogueError(f"sql/{name}.sql needs {sorted(needs - set(NEEDS))}; expected some of {', '.join(NEEDS)}")
    grain = tuple(_split(declared.get("grain", "")))
    measures = []
    for item in _split(declared.get("measures", "")):
        m = re.fullmatch(r"([a-z0-9_]+)\s*=\s*([a-z0-9_]+)\s*(?:@\s*([a-z]+))?", item)
        if not m:
            raise CatalogueError(f"sql/{name}.sql: measure {item!r} is not `column = measure [@ period]`")
        column, key, period = m.group(1), m.group(2), m.group(3) or ("year" if "year" in grain else "years")
        if key not in metrics.MEASURES:
            raise CatalogueError(f"sql/{name}.sql: unknown measure {key!r}; expected one of {', '.join(metrics.MEASURES)}")
        if period not in PERIODS:
            raise CatalogueError(f"sql/{name}.sql: unknown period {period!r}; expected one of {', '.join(PERIODS)}")
        measures.append(MeasureUse(column, metrics.MEASURES[key], period))
    params: dict[str, object] = {}
    for item in _split(declared.get("params", "")):
        key, _, default = item.partition("=")
        params[key.strip()] = _value(default) if default.strip() else None
    used = set(re.findall(r"\$([a-z_]+)", body))
    unknown = used - set(FILTER_PARAMS) - set(params)
    if unknown:
        raise CatalogueError(f"sql/{name}.sql uses ${', $'.join(sorted(unknown))} without declaring it under params")
    unused = set(params) - used
    if unused:
        raise CatalogueError(f"sql/{name}.sql declares params it does not use: {', '.join(sorted(unused))}")
    ranks = declared.get("ranks", "").strip()
    if ranks and ranks != "top":
        raise CatalogueError(f"sql/{name}.sql: ranks must be `top`")
    if ranks and "top" not in params:
        raise CatalogueError(f"sql/{name}.sql ranks by $top but declares no top parameter")
    currency = declared.get("currency") or None
    if currency is not None and currency not in MONEY_COLUMNS:
        raise CatalogueError(f"sql/{name}.sql: currency {currency!r}; expected one of {', '.join(MONEY_COLUMNS)}")
    raw_money = re.findall(r"\b(amount_cny|amount_usd|tech_amount_cny)\b", re.sub(r"--[^\n]*", "", body))
    if raw_money and declared["reads"] in ("flows", "parties"):
        raise CatalogueError(f"sql/{name}.sql names {raw_money[0]}: money goes through the value measure ({{value}}, {{amount}})")
    filters = declared.get("filters", "")
    if filters not in ("", "none"):
        raise CatalogueError(f"sql/{name}.sql: filters must be `none` (or left out)")
    return Query(name, " ".join(prose).strip(), body, declared["reads"], needs, bool(ranks), grain, tuple(measures), params, currency,
                 filtered=filters != "none")


@cache
def query(name: str) -> Query:
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file() or path.parent != SQL_DIR:
        raise CatalogueError(f"no named query {name!r}")
    return parse(name, path.read_text(encoding="utf-8"))


def names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def catalogue() -> dict[str, Query]:
    """Every named query, declared."""
    return {n: query(n) for n in names()}
