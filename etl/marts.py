"""Marts: aggregates the views read, kept up to date at the end of every load (sql/marts/*.sql).

Each file is a template that creates one table, `{target}`, from `{contracts}` (the contracts, each
with a `sign`) or from the marts before it (`{mart_registry}` …); files run in name order. Counts and
sums are signed sums, so the same SQL builds a mart from all contracts (sign 1) or the change a load
makes to it (the contracts it added or replaced, sign 1, and the versions they replaced, sign -1).

`build_marts` builds every mart from scratch. `update_marts` works from the change: it aggregates the
changed contracts into a delta of each mart and merges it by key (sums added, new groups inserted,
groups left with no contract deleted), so a monthly file costs in proportion to itself, not to the years
already loaded; mart_party_top, a ranking, is taken again only in the partitions (side, region, field)
the change touches. It falls back to a full build whenever the marts could differ for another reason: a
mart is missing, or the mart SQL or the reference data (regions, rates) has changed since they were
built (`marts_fingerprint` in dataset_info).

Mart columns are commented here, once for every mart that has them (COLUMNS), so the SQL workbench's
schema browser and the data dictionary describe the marts as they describe the tables.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from techmarket.settings import ROOT

MARTS_DIR = ROOT / "sql" / "marts"
MEASURES = ("contracts", "amount_cny", "tech_amount_cny", "amount_usd")  # summed; every other mart column is a key
RANKINGS = {"mart_party_top": ("side", "region_code", "field_code")}  # ranked again in the partitions a change touches
TOP_N = 50  # parties a ranking mart keeps per partition (sql/marts/07_mart_party_top.sql; techmarket.queries.TOP_DEPTH)
ALL_CONTRACTS = "(select *, 1 as sign from contracts)"
CHANGE = "_mart_change"  # the contracts a load added or replaced (sign 1) and the versions replaced (sign -1)

COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("签订年份", "Year signed"),
    "seller_region": ("卖方地区代码（regions）", "Seller's region code (regions)"),
    "seller_bloc": ("卖方板块：GBA / YRD / OTHER_CN / OVERSEAS", "Seller's bloc: GBA, YRD, OTHER_CN or OVERSEAS"),
    "seller_province": ("卖方所在省级单位代码", "Seller's province-level unit"),
    "buyer_region": ("买方地区代码（regions）", "Buyer's region code (regions)"),
    "buyer_bloc": ("买方板块：GBA / YRD / OTHER_CN / OVERSEAS", "Buyer's bloc: GBA, YRD, OTHER_CN or OVERSEAS"),
    "buyer_province": ("买方所在省级单位代码", "Buyer's province-level unit"),
    "top_field_code": ("一级技术领域代码（tech_fields）", "Top-level technology field (tech_fields)"),
    "field_code": ("技术领域代码（tech_fields）", "Technology field (tech_fields)"),
    "contract_type": ("合同类别（contract_types）", "Contract type (contract_types)"),
    "currency": ("合同币种（ISO 4217）", "Contract currency (ISO 4217)"),
    "is_cross_border": ("是否跨境（一方在港澳台或境外）", "Cross-border: a party in Hong Kong, Macao, Taiwan or abroad"),
    "cross_border_direction": ("跨境方向：bought_from_abroad从境外购入（卖方在内地以外）/ sold_abroad向境外输出；非跨境为空",
                               "Cross-border direction: bought_from_abroad (seller outside the mainland) or sold_abroad; empty if not "
                               "cross-border"),
    "partner_region": ("跨境伙伴所在地区代码：从境外购入为卖方、向境外输出为买方；非跨境为空",
                       "The partner outside the mainland: the seller when bought from abroad, the buyer when sold abroad; empty if not "
                       "cross-border"),
    "contract_subtype": ("合同子类（contract_subtypes），文件未给出为空",
                         "Contract subtype (contract_subtypes); empty when the file gives none"),
    "ip_type": ("知识产权类型（ip_types），文件未给出为空", "IP type (ip_types); empty when the file gives none"),
    "is_patent": ("知识产权类型是否为专利或专利申请", "Whether the IP type is a patent or patent application"),
    "seller_kind": ("卖方类型（party_kinds）", "Kind of seller (party_kinds)"),
    "buyer_kind": ("买方类型（party_kinds）", "Kind of buyer (party_kinds)"),
    "is_academic_transfer": ("是否为高校院所成果转化：卖方为高等院校或科研院所、买方为企业",
                             "Academic transfer: a university or research institute sells to an enterprise"),
    "contracts": ("合同数", "Contracts"),
    "amount_cny": ("成交金额（元）", "Contract value (yuan)"),
    "tech_amount_cny": ("技术交易额（元）", "Technology transaction value (yuan)"),
    "amount_usd": ("成交金额（美元，每份合同按签订日汇率折算，fx_usd_daily）",
                   "Contract value (US dollars, each contract at its signing day's rate, fx_usd_daily)"),
    "side": ("方向：seller卖方 / buyer买方", "Side: seller or buyer"),
    "party_id": ("当事方统一社会信用代码或内部编号", "Party's unified social credit code or internal id"),
    "party_name": ("当事方名称", "Party's name"),
    "region_code": ("当事方所在地区代码（regions）", "Party's region code (regions)"),
    "bloc": ("当事方所在板块", "Party's bloc"),
}
ALL_FIELDS = ("技术领域代码；为空表示全部领域合计", "Technology field; empty for all fields together")
NOTES: dict[tuple[str, str], tuple[str, str]] = {
    ("mart_party_top", "field_code"): ALL_FIELDS,
    ("mart_party_totals", "field_code"): ALL_FIELDS,
}


def _files() -> list[Path]:
    return sorted(MARTS_DIR.glob("*.sql"))


def _name(path: Path) -> str:
    return path.stem.split("_", 1)[1]  # 00_mart_registry -> mart_registry


def _render(path: Path, target: str, contracts: str, marts: dict[str, str]) -> str:
    return path.read_text(encoding="utf-8").format(target=target, contracts=contracts, **marts)


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the marts were built from besides the contracts: their SQL and the reference data."""
    digest = hashlib.sha256()
    for path in _files():
        digest.update(path.name.encode() + path.read_bytes())
    rows = con.execute("select value from dataset_info where key = 'reference_fingerprint'").fetchall()
    digest.update((rows[0][0] if rows else "").encode())
    return digest.hexdigest()


def build_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every mart from all the contracts."""
    names = [_name(p) for p in _files()]
    for path in _files():
        con.execute(_render(path, _name(path), ALL_CONTRACTS, {n: n for n in names}))
    comment_marts(con)
    con.execute("insert or replace into dataset_info values ('marts_fingerprint', ?)", [fingerprint(con)])
    return names


def update_marts(con: duckdb.DuckDBPyConnection, run_id: int, replaced: str | None) -> str:
    """Bring the marts up to date after run `run_id`, whose added and updated contracts carry its
    run id and whose replaced versions are in the table `replaced` (None: nothing was replaced).
    Returns how: "incremental", "full" or "unchanged"."""
    names = [_name(p) for p in _files()]
    existing = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    stored = con.execute("select value from dataset_info where key = 'marts_fingerprint'").fetchall()
    if not set(names) <= existing or not stored or stored[0][0] != fingerprint(con):
        build_marts(con)
        return "full"
    old = f"union all select *, -1 as sign from {replaced}" if replaced else ""
    con.execute(f"create or replace temp table {CHANGE} as select *, 1 as sign from contracts where etl_run_id = ? {old}", [run_id])
    if not con.execute(f"select count(*) from {CHANGE}").fetchall()[0][0]:
        con.execute(f"drop table {CHANGE}")
        return "unchanged"
    deltas = {n: f"_delta_{n}" for n in names}
    for path in _files():
        name = _name(path)
        if name in RANKINGS:
            continue
        con.execute(_render(path, deltas[name], CHANGE, deltas))
        _merge(con, name, deltas[name])
    for path in _files():
        if _name(path) in RANKINGS:
            _rerank(con, path, names, deltas)
    for delta in deltas.values():
        con.execute(f"drop table if exists {delta}")
    con.execute(f"drop table {CHANGE}")
    comment_marts(con)
    return "incremental"


def _merge(con: duckdb.DuckDBPyConnection, mart: str, delta: str) -> None:
    """Add a delta to a mart by key: matching groups get the delta's sums, new groups are inserted,
    and groups left with no contract go. Keys may be null (a foreign party has no credit code)."""
    columns = _columns(con, mart)
    keys = [c for c in columns if c not in MEASURES]
    measures = [c for c in columns if c in MEASURES]
    match = " and ".join(f"m.{k} is not distinct from d.{k}" for k in keys)
    con.execute(f"""
        merge into {mart} as m using {delta} as d on ({match})
        when matched and m.contracts + d.contracts = 0 then delete
        when matched then update set {', '.join(f'{c} = m.{c} + d.{c}' for c in measures)}
        when not matched then insert ({', '.join(columns)}) values ({', '.join('d.' + c for c in columns)})
    """)


def _rerank(con: duckdb.DuckDBPyConnection, path: Path, names: list[str], deltas: dict[str, str]) -> None:
    """A top-n mart (n = TOP_N) brought up to date in the partitions its source's delta touches.

    A party outside a partition's current top is either changed (and so in the delta) or ranks below
    the current n-th. So if at least n of the current top and the changed parties now rank at or above
    that n-th, the new top is the best n of those few rows. Only a partition where
    leaders fell so far that fewer than n stay above the old n-th is ranked again from the whole source."""
    mart = _name(path)
    source = next(n for n in names if f"{{{n}}}" in path.read_text(encoding="utf-8"))
    partition = RANKINGS[mart]
    keys = [c for c in _columns(con, source) if c not in MEASURES]
    same = lambda a, b, cols: " and ".join(f"{a}.{c} is not distinct from {b}.{c}" for c in cols)  # noqa: E731
    delta, part = deltas[source], ", ".join(partition) + ", party_id is null as anonymous"  # ranked apart: 07
    part_by = ", ".join(partition) + ", party_id is null"

    def within(a: str, b: str) -> str:  # plain equalities, so that DuckDB joins by hashing
        return " and ".join(f"coalesce({a}.{c}, '') = coalesce({b}.{c}, '')" for c in partition) \
            + f" and ({a}.party_id is null) = {b}.anonymous"

    con.execute(f"create or replace temp table _parts as select distinct {part} from {delta}")
    in_parts = f"exists (select 1 from _parts as p where {within('x', 'p')})"
    changed = f"exists (select 1 from {delta} as d where {same('x', 'd', keys)})"
    con.execute(f"""
        create or replace temp table _candidates as
        select * from {mart} as x where {in_parts} and not {changed}
        union all
        select * from {source} as x where {changed} and {in_parts}
    """)
    con.execute(f"""
        create or replace temp table _unsafe as
        with last as (  -- each touched partition's n-th: the lowest of its current top (the ranking's order, reversed)
            select {part}, amount_cny, coalesce(party_id, '') as party_id, party_name, count(*) over (partition by {part_by}) as kept
            from {mart} as x where {in_parts}
            qualify row_number() over (partition by {part_by} order by amount_cny, party_id desc nulls first, party_name desc) = 1
        )
        select {', '.join('b.' + c for c in partition)}, b.anonymous from last as b
        where b.kept >= {TOP_N}
          and (select count(*) from _candidates as c
               where {within('c', 'b')}
                 and (c.amount_cny > b.amount_cny or (c.amount_cny = b.amount_cny
                      and (coalesce(c.party_id, ''), c.party_name) <= (b.party_id, b.party_name)))) < {TOP_N}
    """)
    unsafe = f"exists (select 1 from _unsafe as u where {within('x', 'u')})"
    con.execute(f"create or replace temp table _whole as select x.* from {source} as x join _unsafe as u on {within('x', 'u')}")
    candidates = f"(select * from _candidates as x where not {unsafe} union all select * from _whole)"
    con.execute(_render(path, "_reranked", ALL_CONTRACTS, {n: n for n in names} | {source: candidates}))
    con.execute(f"delete from {mart} as x where {in_parts}")
    con.execute(f"insert into {mart} select * from _reranked")
    for table in ("_reranked", "_candidates", "_whole", "_parts", "_unsafe"):
        con.execute(f"drop table {table}")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute("select column_name from duckdb_columns() where table_name = ? order by column_index",
                                      [table]).fetchall()]


def comment_marts(con: duckdb.DuckDBPyConnection) -> None:
    """A bilingual comment on every mart column; a column with none is an error, not a gap."""
    for table, column in con.execute("select table_name, column_name from duckdb_columns() where table_name like 'mart_%'").fetchall():
        zh, en = NOTES.get((table, column)) or COLUMNS[column]
        text = f"{zh} / {en}".replace("'", "''")
        con.execute(f"comment on column {table}.{column} is '{text}'")
