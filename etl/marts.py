"""Marts: aggregates the views read, rebuilt at the end of every load (sql/marts/*.sql).

Each file creates one table with `create or replace table` and comments it; files run in name order
so a mart may read an earlier one. Mart columns are commented here, once for every mart that has
them (COLUMNS), so the SQL workbench's schema browser and the data dictionary describe the marts as
they describe the tables.
"""

from __future__ import annotations

import duckdb

from techmarket.settings import ROOT

MARTS_DIR = ROOT / "sql" / "marts"

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
    "amount_usd": ("成交金额（美元，按FRED年均汇率折算）", "Contract value (US dollars, at the FRED annual average rate)"),
    "side": ("方向：seller卖方 / buyer买方", "Side: seller or buyer"),
    "party_id": ("当事方统一社会信用代码或内部编号", "Party's unified social credit code or internal id"),
    "party_name": ("当事方名称", "Party's name"),
    "region_code": ("当事方所在地区代码（regions）", "Party's region code (regions)"),
    "bloc": ("当事方所在板块", "Party's bloc"),
}
NOTES: dict[tuple[str, str], tuple[str, str]] = {
    ("mart_party_top", "field_code"): ("技术领域代码；为空表示全部领域合计", "Technology field; empty for all fields together"),
}


def build_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    built = []
    for path in sorted(MARTS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        built.append(path.stem)
    comment_marts(con)
    return built


def comment_marts(con: duckdb.DuckDBPyConnection) -> None:
    """A bilingual comment on every mart column; a column with none is an error, not a gap."""
    for table, column in con.execute("select table_name, column_name from duckdb_columns() where table_name like 'mart_%'").fetchall():
        zh, en = NOTES.get((table, column)) or COLUMNS[column]
        text = f"{zh} / {en}".replace("'", "''")
        con.execute(f"comment on column {table}.{column} is '{text}'")
