"""The analysts' schema and the shipped dimensions: names, comments, constraints, coverage."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from etl.marts import _files, _name
from etl.reference import prepare
from etl.schema import TABLES
from techmarket.db import connect_readonly
from tests.conftest import query

CONTRACT_COLUMNS = ["contract_id", "signed_date", "contract_type", "field_code", "seller_id", "seller_name", "seller_region",
                    "buyer_id", "buyer_name", "buyer_region", "amount_cny", "tech_amount_cny", "currency", "amount_original",
                    "is_cross_border", "etl_run_id", "contract_subtype", "ip_type", "seller_kind", "seller_kind_source", "buyer_kind",
                    "buyer_kind_source", "registered_date", "registry"]
CONTRACT_INSERT = "insert into contracts (" + ", ".join(CONTRACT_COLUMNS[:16]) + ") values "
REGION_INSERT = ("insert into regions (region_code, name_zh, name_en, level, parent_code, province_code, bloc, is_mainland, lat, lon) "
                 "values ")


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    prepare(c)
    yield c
    c.close()


def test_contract_tables_and_columns_are_as_designed(con):
    tables = {r[0] for r in con.sql("select table_name from duckdb_tables()").fetchall()}
    assert {"regions", "tech_fields", "enterprises", "contracts", "official_stats", "fx_rates", "etl_runs", "etl_rejects"} <= tables
    sql = "select column_name from duckdb_columns() where table_name = 'contracts' order by column_index"
    cols = [r[0] for r in con.sql(sql).fetchall()]
    assert cols == CONTRACT_COLUMNS
    types = dict(con.sql("select column_name, data_type from duckdb_columns() where table_name = 'contracts'").fetchall())
    assert types["amount_cny"].startswith("DECIMAL") and types["signed_date"] == "DATE" and types["is_cross_border"] == "BOOLEAN"


def test_every_table_and_column_has_a_bilingual_comment(con, small_demo_db):
    for t in TABLES:
        (comment,) = con.sql(f"select comment from duckdb_tables() where table_name = '{t.name}'").fetchall()[0]
        assert " / " in comment, t.name
        for name, comment in con.sql(f"select column_name, comment from duckdb_columns() where table_name = '{t.name}'").fetchall():
            zh, _, en = (comment or "").partition(" / ")
            assert zh and en and any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{t.name}.{name}: {comment!r}"
    built = connect_readonly(small_demo_db)  # the marts exist once a load has built them
    try:
        marts = built.sql("select table_name, comment from duckdb_tables() where table_name like 'mart_%'").fetchall()
        assert {t for t, _ in marts} == {_name(p) for p in _files()}  # every mart sql/marts builds
        for table, comment in marts:
            assert " / " in comment, table
            for name, comment in built.sql(f"select column_name, comment from duckdb_columns() where table_name = '{table}'").fetchall():
                zh, _, en = (comment or "").partition(" / ")
                assert zh and en and any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{table}.{name}: {comment!r}"
    finally:
        built.close()


@pytest.mark.parametrize("sql", [
    REGION_INSERT + "('X1', 'x', 'x-unique', 'planet', null, null, 'GBA', true, 0, 0)",
    REGION_INSERT + "('X2', 'x', 'x-unique2', 'city', null, null, 'MARS', true, 0, 0)",
    CONTRACT_INSERT + "('c', '2023-01-01', 'gift', 'ai', null, 's', '440300', null, 'b', '441900', 1, null, 'CNY', 1, false, 1)",
    CONTRACT_INSERT + "('c', '2023-01-01', 'service', 'ai', null, 's', '440300', null, 'b', '441900', -1, null, 'CNY', 1, false, 1)",
    CONTRACT_INSERT + "('c', '2023-01-01', 'service', 'ai', null, 's', '440300', null, 'b', '441900', 5, 6, 'CNY', 5, false, 1)",
    CONTRACT_INSERT + "('c', null, 'service', 'ai', null, 's', '440300', null, 'b', '441900', 5, null, 'CNY', 5, false, 1)",
    "insert into enterprises values ('short', 'n', '441900', null, true, 'none', null, false, 2000, 1)",
    "insert into enterprises values ('91441900000000001W', 'n', '441900', null, true, 'giant', null, false, 2000, 1)",
    "insert into etl_runs values (9, now(), now(), 'load', [], 10, 1, 1, 1, 1, 'completed')",
])
def test_constraints_refuse_impossible_rows(con, sql):
    with pytest.raises(duckdb.ConstraintException):
        con.execute(sql)


def test_regions_cover_gba_yrd_provinces_and_foreign_economies(con):
    sql = "select bloc, count(*) from regions where level = 'city' or region_code in ('810000', '820000') group by 1"
    by_bloc = dict(con.sql(sql).fetchall())
    assert by_bloc["GBA"] == 11
    gba = {r[0] for r in con.sql("select name_en from regions where bloc = 'GBA'").fetchall()}
    assert gba == {"Guangzhou", "Shenzhen", "Zhuhai", "Foshan", "Huizhou", "Dongguan", "Zhongshan", "Jiangmen", "Zhaoqing",
                   "Hong Kong", "Macao"}
    cities = dict(con.sql("select parent_code, count(*) from regions where level = 'city' group by 1").fetchall())
    assert (cities["320000"], cities["330000"], cities["340000"]) == (13, 11, 16)  # prefecture-level cities of JS, ZJ, AH
    provinces = con.sql("select count(*) from regions where level = 'province' and is_mainland").fetchall()[0][0]
    assert provinces == 31
    assert con.sql("select count(*) from regions where level = 'country'").fetchall()[0][0] >= 30
    assert con.sql("select bloc, is_mainland from regions where region_code = '710000'").fetchall() == [("OTHER_CN", False)]
    # Every yearbook province code is a region, so published and registry figures can be compared.
    missing = con.sql("""select distinct geo_code from official_stats
                         where geo_code not in ('CN', 'YRD', 'GBA', 'HK-MO-TW', 'OTHER')
                         and geo_code not in (select region_code from regions)""").fetchall()
    assert missing == []


def test_fields_and_types(con):
    top = con.sql("select count(*) from tech_fields where parent_code is null").fetchall()[0][0]
    assert top == 11
    subs = {r[0] for r in con.sql("select name_en from tech_fields where parent_code is not null").fetchall()}
    assert {"Artificial intelligence", "Integrated circuits", "Smart terminals", "Smart manufacturing", "Life and health"} <= subs
    assert con.sql("select count(*) from contract_types").fetchall()[0][0] == 5


def test_published_statistics_are_loaded_unchanged_with_sources(con):
    for name in ("tech_market_provinces.csv", "tech_market_stats.csv"):
        src = pl.read_csv(f"data/reference/{name}", infer_schema=False)
        got = con.sql(f"select year::varchar as year, geo_code, measure, direction, value::varchar as value, source_title "
                      f"from official_stats where source_file = 'data/reference/{name}'").pl()
        assert got.height == src.height
        joined = src.join(got, on=["year", "geo_code", "measure", "direction"], suffix="_db")
        assert joined.height == src.height
        assert (joined["value"].cast(pl.Float64) == joined["value_db"].cast(pl.Float64)).all()
        assert (joined["source_title"] == joined["source_title_db"]).all()
    assert con.sql("select count(*) from official_stats where source_title is null or source_title = ''").fetchall()[0][0] == 0


def test_fx_cross_rates_are_derived_and_say_so(con):
    rows = con.sql("select year, currency, cny_per_unit::double, source from fx_rates where year = 2023 and rate_date is null "
                   "order by currency").fetchall()
    rates = {r[1]: r[2] for r in rows}
    assert rates["USD"] == 7.0809
    assert rates["HKD"] == pytest.approx(7.0809 / 7.8292, abs=1e-6)
    assert rates["EUR"] == pytest.approx(7.0809 / 0.9245, abs=1e-6)
    sources = {r[1]: r[3] for r in rows}
    assert "Cross rate derived" in sources["HKD"] and "Cross rate derived" in sources["EUR"] and "FRED" in sources["USD"]
    methods = dict(con.sql("select currency, method from fx_rates where year = 2023 and rate_date is null").fetchall())
    assert methods == {"USD": "annual average", "HKD": "annual cross rate", "EUR": "annual cross rate"}


def test_sample_database_joins_every_dimension(sample_db):
    orphans = query(sample_db, """
        select count(*) from contracts c
        where c.seller_region not in (select region_code from regions)
           or c.buyer_region not in (select region_code from regions)
           or c.field_code not in (select field_code from tech_fields)
           or c.contract_type not in (select type_code from contract_types)
    """)[0][0]
    assert orphans == 0
    assert query(sample_db, "select count(*) from enterprises where region_code not in (select region_code from regions)")[0][0] == 0
