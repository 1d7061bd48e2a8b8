"""Named queries, marts and filters on real DuckDB files."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl
import pytest

from techmarket import catalogue, queries
from techmarket.db import connect_readonly
from techmarket.filters import Filters, from_params
from techmarket.metrics import MeasureUnavailable

PARAMS = {"flows_map": {"top": 20}, "flows_corridors": {"top": 20}, "field_board_parties": {"top": 5},
          "enterprises_top_parties": {"top": 5}, "data_rejects": {"limit": 10}, "transfer_academic_regions": {"top": 10}}


def run(con, name, f, **params) -> pl.DataFrame:
    return queries.run(con, name, f, **params).frame


@pytest.fixture(params=["small_demo_db", "sample_db"])
def con(request):
    c = connect_readonly(request.getfixturevalue(request.param))
    yield c
    c.close()


@pytest.mark.parametrize("name", queries.named_queries())
def test_every_named_query_runs_with_default_and_narrow_filters(request, con, name):
    wide = run(con, name, Filters(), **PARAMS.get(name, {}))
    narrow = run(con, name, Filters(lang="en", year_from=2023, year_to=2023, blocs=("GBA",), fields=("ai",),
                                    types=("development",), unit="wan", currency="USD"), **PARAMS.get(name, {}))
    registry = run(con, name, Filters(subtypes=("transfer_patent",), seller_kinds=("university",), buyer_kinds=("enterprise",)),
                   **PARAMS.get(name, {}))
    assert wide.columns == narrow.columns == registry.columns
    if name.startswith(("official_", "data_")) or name == "registry_vs_published":
        return  # published figures and the ETL's own tables do not follow the filters
    if request.node.callspec.params["con"] == "small_demo_db" and not name.startswith("enterprises_"):
        assert wide.height > 0, f"{name} is empty on the demo"
    if "year" in narrow.columns:
        assert set(narrow["year"].to_list()) <= {2023}
    if "contracts" in wide.columns:  # a narrower filter never finds more contracts
        assert (narrow["contracts"].sum() or 0) <= wide["contracts"].sum()
        assert (registry["contracts"].sum() or 0) <= wide["contracts"].sum()


def test_marts_add_up_to_the_contracts(con):
    facts = con.execute("select count(*), sum(amount_cny)::double from contracts").fetchall()[0]
    mart = con.execute("select sum(contracts), sum(amount_cny) from mart_flows").fetchall()[0]
    assert mart[0] == facts[0] and mart[1] == pytest.approx(facts[1], rel=1e-9)
    parties = con.execute("select sum(contracts) from mart_parties").fetchall()[0][0]
    assert parties == 2 * facts[0]  # each contract once as seller, once as buyer


def test_region_filter_keeps_contracts_where_either_party_is_there(small_demo_db):
    c = connect_readonly(small_demo_db)
    f = Filters(cities=("441900",))
    got = run(c, "overview_by_year", f)["contracts"].sum()
    expected = c.execute("select count(*) from contracts where '441900' in (seller_region, buyer_region)").fetchall()[0][0]
    assert got == expected
    gba = run(c, "overview_by_year", Filters(blocs=("GBA",)))["contracts"].sum()
    expected = c.execute("""select count(*) from contracts c join regions s on s.region_code = c.seller_region
                            join regions b on b.region_code = c.buyer_region where 'GBA' in (s.bloc, b.bloc)""").fetchall()[0][0]
    assert gba == expected
    c.close()


def test_currency_and_unit_change_the_value_measure(small_demo_db):
    c = connect_readonly(small_demo_db)
    yi = run(c, "overview_by_year", Filters(year_from=2023, year_to=2023))["value"][0]
    wan = run(c, "overview_by_year", Filters(year_from=2023, year_to=2023, unit="wan"))["value"][0]
    usd = run(c, "overview_by_year", Filters(year_from=2023, year_to=2023, currency="USD"))["value"][0]
    assert wan == pytest.approx(yi * 10_000)
    # Each contract at its signing day's rate (ECB), computed here from the contracts and the published daily rates.
    expected = c.execute("""select sum(c.amount_cny::double / r.cny_per_unit::double) / 1e8 from contracts as c
        asof join (select rate_date, cny_per_unit from fx_rates where currency = 'USD' and rate_date is not null) as r
            on c.signed_date >= r.rate_date
        where year(c.signed_date) = 2023""").fetchall()[0][0]
    assert usd == pytest.approx(expected, rel=1e-9)
    c.close()


MONEY_QUERIES = [n for n, q in catalogue.catalogue().items() if q.money and q.currency is None]


@pytest.fixture(scope="module")
def dollars_db(small_demo_db, tmp_path_factory) -> Path:
    """A copy of the demo whose contracts' yuan are replaced by their dollars at each contract's signing-day
    rate (from fx_rates, computed here), with its marts built again."""
    import shutil

    from etl.marts import build_marts

    copy = tmp_path_factory.mktemp("dollars") / "usd.duckdb"
    shutil.copy(small_demo_db, copy)
    w = duckdb.connect(str(copy))
    w.execute("""create temp table rate as select c.contract_id, r.cny_per_unit::double as rate from contracts as c
        asof join (select rate_date, cny_per_unit from fx_rates where currency = 'USD' and rate_date is not null) as r
            on c.signed_date >= r.rate_date""")
    w.execute("""create temp table converted as select c.*, (c.amount_cny::double / r.rate) as usd,
        (c.tech_amount_cny::double / r.rate) as tech_usd from contracts as c join rate as r using (contract_id)""")
    w.execute("update contracts set tech_amount_cny = null")
    w.execute("""update contracts as c set amount_cny = k.usd::decimal(18, 2) from converted as k where k.contract_id = c.contract_id""")
    w.execute("""update contracts as c set tech_amount_cny = least(k.tech_usd::decimal(18, 2), c.amount_cny)
        from converted as k where k.contract_id = c.contract_id""")
    build_marts(w)
    w.close()
    return copy


@pytest.mark.parametrize("name", MONEY_QUERIES)
def test_every_money_query_in_dollars_is_its_yuan_at_the_contracts_rates(small_demo_db, dollars_db, name):
    """Every money-valued named query, in USD, equals the same query in yuan over a copy of the database whose
    contracts' yuan were first turned into dollars at each contract's signing-day rate: the marts' dollars are
    the contracts' dollars, whatever the query sums (to a cent per contract)."""
    copy = dollars_db
    c, converted = connect_readonly(small_demo_db), connect_readonly(copy)
    for f in (Filters(), Filters(blocs=("GBA",), year_from=2022), Filters(seller_kinds=("university",)), Filters(sellers=("YRD",))):
        usd = run(c, name, replace(f, currency="USD"), **PARAMS.get(name, {}))
        yuan = run(converted, name, f, **PARAMS.get(name, {}))
        q = catalogue.query(name)
        money = [m.column for m in q.measures if m.measure.key == "value"]
        assert money, name
        keys = [k for k in usd.columns if k in q.grain]
        if q.ranks:  # rounding to cents can reorder near-ties: compare the leaders' values
            for col in money:
                assert usd[col].fill_null(0).to_list() == pytest.approx(yuan[col].fill_null(0).to_list(), rel=1e-6, abs=1e-6), (name, col)
            continue
        both = usd.join(yuan, on=keys, how="full", suffix="_yuan", nulls_equal=True, coalesce=True)
        assert both.height == usd.height == yuan.height, (name, f)
        for col in money:
            assert both[col].fill_null(0).to_list() == pytest.approx(both[f"{col}_yuan"].fill_null(0).to_list(), rel=1e-6, abs=1e-6), \
                (name, col, f)
    c.close()
    converted.close()


def test_a_mart_without_the_currency_cannot_answer_in_it(small_demo_db):
    """mart_party_top ranks by yuan: composing a dollar ranking on it fails, and the declared choice never picks it."""
    c = connect_readonly(small_demo_db)
    with pytest.raises(MeasureUnavailable, match="mart_party_top has no USD"):
        queries.compose(c, "enterprises_top_parties", Filters(currency="USD"), mart="mart_party_top")
    assert queries.compose(c, "enterprises_top_parties", Filters()).mart == "mart_party_top"
    assert queries.compose(c, "enterprises_top_parties", Filters(currency="USD")).mart == "mart_party_years"
    c.close()


def test_no_named_query_sums_money_outside_the_measure():
    """Money columns appear in flows and parties queries only through the value measure's placeholders."""
    for name, q in catalogue.catalogue().items():
        if q.reads in ("flows", "parties"):
            code = re.sub(r"--[^\n]*", "", q.body)
            assert not re.search(r"\bamount_(cny|usd)\b|tech_amount", code), name
    with pytest.raises(catalogue.CatalogueError, match="money goes through the value measure"):
        catalogue.parse("x", "-- x\n-- reads: flows\nselect sum(amount_cny) from {flows}\n")


def test_every_declaration_matches_what_the_query_returns(small_demo_db):
    """Grain and measures name columns the query returns; parameters are declared with their defaults."""
    c = connect_readonly(small_demo_db)
    for name, q in catalogue.catalogue().items():
        result = queries.run(c, name, Filters())
        assert set(q.columns) <= set(result.frame.columns), (name, set(q.columns) - set(result.frame.columns))
        assert result.params.keys() >= q.params.keys(), name
    with pytest.raises(catalogue.CatalogueError, match="without declaring it"):
        catalogue.parse("x", "-- x\n-- reads: flows\nselect $top\n")
    with pytest.raises(catalogue.CatalogueError, match="unknown measure"):
        catalogue.parse("x", "-- x\n-- reads: flows\n-- measures: v = money\nselect 1\n")
    c.close()


def test_what_ran_is_what_is_shown(small_demo_db):
    """The runnable SQL of every named query, run as it is on the read-only sandbox, gives the result's rows."""
    from techmarket.workbench import Sandbox

    c = connect_readonly(small_demo_db)
    box = Sandbox(small_demo_db)
    for f in (Filters(), Filters(lang="en", currency="USD", unit="wan", fields=("ai",), sellers=("YRD",), buyers=("441900",))):
        for name in catalogue.names():
            result = queries.run(c, name, f)
            shown = box.run(result.sql, "en", cursor=c)
            assert shown.ok, (name, shown.error)
            assert shown.frame.columns == result.frame.columns, name
            assert_same_rows(shown.frame, result.frame, name)  # window sums may add floats in another order
    box.close()
    c.close()


def test_a_matrix_cell_as_filters_gives_exactly_that_cells_contracts(small_demo_db):
    """A province cell (seller province → buyer province) set as seller= and buyer=: the map's corridors and
    the corridor table add up to the cell, and the cell's contracts are those the contracts table has."""
    c = connect_readonly(small_demo_db)
    cells = run(c, "flows_matrix", Filters(), level="province", top=25).filter(pl.col("seller_group") != pl.col("buyer_group"))
    for cell in cells.head(5).iter_rows(named=True):
        f = Filters(sellers=(cell["seller_group"],), buyers=(cell["buyer_group"],))
        expected = c.execute("""select count(*), sum(amount_cny)::double / 1e8 from contracts as k
            join regions as s on s.region_code = k.seller_region join regions as b on b.region_code = k.buyer_region
            where coalesce(s.province_code, s.region_code) = ? and coalesce(b.province_code, b.region_code) = ?""",
                             [cell["seller_group"], cell["buyer_group"]]).fetchall()[0]
        assert cell["contracts"] == expected[0] and cell["value"] == pytest.approx(expected[1], rel=1e-9)
        narrowed = run(c, "flows_matrix", f, level="province", top=25)
        assert narrowed.height == 1 and narrowed["contracts"][0] == expected[0]
        corridors = run(c, "flows_corridors", f, top=10_000)
        mapped = run(c, "flows_map", f, top=10_000)
        within = run(c, "overview_by_year", f)
        inside = c.execute("""select count(*) from contracts as k join regions as s on s.region_code = k.seller_region
            where coalesce(s.province_code, s.region_code) = ? and k.seller_region = k.buyer_region and ? = ?""",
                           [cell["seller_group"], cell["seller_group"], cell["buyer_group"]]).fetchall()[0][0]
        assert corridors["contracts"].sum() + inside == expected[0] == within["contracts"].sum()
        assert mapped["value"].sum() == pytest.approx(corridors["value"].sum(), rel=1e-9)
        top = run(c, "enterprises_top_parties", f, top=50, side="seller")
        assert top["contracts"].sum() <= expected[0]
    c.close()


def test_filters_round_trip_through_the_url():
    f = Filters(lang="en", year_from=2021, year_to=2023, blocs=("GBA", "YRD"), cities=("441900",), sellers=("YRD", "310000"),
                buyers=("441900",), fields=("ai",), types=("service",), unit="wan", currency="USD")
    params = f.to_params()
    assert params == {"lang": "en", "from": "2021", "to": "2023", "bloc": "GBA,YRD", "city": "441900", "seller": "YRD,310000",
                      "buyer": "441900", "field": "ai", "type": "service", "unit": "wan", "cur": "USD"}
    assert from_params(params, {"441900", "310000"}, {"ai"}) == f
    assert from_params({"seller": ["yrd", "310000"], "buyer": "999999"}, {"310000"}) == Filters(sellers=("YRD", "310000"))
    assert from_params({"lang": "fr", "from": "abc", "bloc": "GBA,MARS", "unit": "kg"}) == Filters(blocs=("GBA",))
    assert Filters(year_from=2015, year_to=2030).with_years(2019, 2024) == Filters(year_from=2019, year_to=2024)


def test_query_parameters_are_values_not_text(small_demo_db):
    c = connect_readonly(small_demo_db)
    hostile = Filters(cities=("441900') or 1=1 --",), fields=("x'); drop table contracts; --",))
    assert run(c, "overview_by_year", hostile).height == 0
    assert run(c, "overview_by_year", Filters(sellers=("x' or 1=1 --",))).height == 0
    assert c.execute("select count(*) from contracts").fetchall()[0][0] == 4_000
    c.close()


def test_show_sql_writes_in_its_parameters(small_demo_db):
    c = connect_readonly(small_demo_db)
    result = queries.run(c, "flows_map", Filters(year_from=2022, year_to=2023), top=7)
    assert "year between 2022 and 2023" in result.sql and "from mart_pairs" in result.sql and "limit 7" in result.sql
    assert "$" not in re.sub(r"/\*.*?\*/", "", result.sql, flags=re.S) and result.mart == "mart_pairs" and result.params["top"] == 7
    assert result.sql.startswith("/* flows_map: ")  # not "-": a spreadsheet cell that begins with it is a formula
    assert result.period("value", "zh") == "2022–2023年累计" and result.period("value", "en") == "2022–2023 total"
    c.close()


def assert_same_rows(got: pl.DataFrame, expected: pl.DataFrame, label: str) -> None:
    """The same rows, whatever their order; float sums (added in another order) equal to 1e-9."""
    assert got.height == expected.height, label
    numeric = [k for k, t in expected.schema.items() if t.is_float()]
    keys = [k for k in expected.columns if k not in numeric]
    got, expected = got.sort(keys, nulls_last=True), expected.sort(keys, nulls_last=True)
    assert got.drop(numeric).equals(expected.drop(numeric)), label
    for k in numeric:
        assert ((got[k] - expected[k]).abs().max() or 0) <= 1e-9 * max(1.0, expected[k].abs().max() or 0), (label, k)


NAVIGATION_FILTERS = [Filters(), Filters(year_from=2021, year_to=2022, blocs=("GBA",)), Filters(fields=("ai",), currency="USD", unit="yi"),
                      Filters(types=("development",), cities=("441900",)), Filters(lang="en", fields=("electronic_info", "ic"))]


@pytest.mark.parametrize("f", NAVIGATION_FILTERS, ids=range(len(NAVIGATION_FILTERS)))
def test_smaller_marts_answer_exactly_as_the_full_ones(small_demo_db, f):
    """Aggregate navigation: every named query on the mart the catalogue chooses returns what it returns on
    mart_registry and party_contracts, which hold every column."""
    c = connect_readonly(small_demo_db)
    names = [n for n, q in catalogue.catalogue().items() if q.reads in ("flows", "parties") and q.filtered]
    chosen = {n: queries.run(c, n, f, **PARAMS.get(n, {})) for n in names}
    flows = {chosen[n].mart for n in names if catalogue.query(n).reads == "flows" and "registry" not in catalogue.query(n).needs}
    assert {chosen[n].mart for n in names if "registry" in catalogue.query(n).needs} == {"mart_registry"}
    assert flows == ({"mart_flows"} if f.types else {"mart_pairs", "mart_pair_fields", "mart_flows"} if not f.fields else
                     {"mart_pair_fields", "mart_flows"})
    parties = {chosen[n].mart for n in names if catalogue.query(n).reads == "parties"}
    # The party marts keep no contract type: a type filter ranks from the contracts (it was once ignored there).
    expected = ({"party_contracts"} if f.types else {"mart_parties"} if f.fields else
                {"mart_party_years", "mart_parties"} if f.currency == "USD" or f.year_from else {"mart_party_top"})
    assert parties == expected
    for n in names:
        full = "mart_registry" if catalogue.query(n).reads == "flows" else "party_contracts"
        c2 = queries.compose(c, n, f, mart=full, **PARAMS.get(n, {}))
        assert_same_rows(chosen[n].frame, c.sql(c2.runnable()).pl(), n)
    c.close()


def test_readonly_connection_cannot_write_or_read_files(small_demo_db, tmp_path):
    c = connect_readonly(small_demo_db)
    with pytest.raises(duckdb.Error):
        c.execute("delete from contracts")
    with pytest.raises(duckdb.Error):
        c.execute(f"copy (select 1) to '{tmp_path / 'x.csv'}'")
    c.close()


def test_registry_filters_and_views_match_the_contracts(small_demo_db):
    """Subtype and party-kind filters, and the transfer views, against the contracts themselves."""
    c = connect_readonly(small_demo_db)
    f = Filters(subtypes=("transfer_patent", "licensing_patent"), seller_kinds=("university", "research_institute"))
    got = run(c, "overview_by_year", f)["contracts"].sum()
    expected = c.execute("""select count(*) from contracts where contract_subtype in ('transfer_patent', 'licensing_patent')
                            and seller_kind in ('university', 'research_institute')""").fetchall()[0][0]
    assert got == expected > 0
    academic = run(c, "transfer_academic_by_year", Filters())
    expected = dict(c.execute("""select seller_kind, count(*) from contracts where seller_kind in ('university', 'research_institute')
                                 and buyer_kind = 'enterprise' group by 1""").fetchall())
    assert dict(academic.group_by("seller_kind").agg(pl.col("contracts").sum()).iter_rows()) == expected
    share = run(c, "transfer_patent_share", Filters())
    expected = c.execute("""select year(signed_date), contract_type,
            100.0 * sum(amount_cny::double) filter (i.is_patent) / sum(amount_cny::double) filter (c.ip_type is not null)
        from contracts c left join ip_types i using (ip_type)
        where contract_type in ('transfer', 'licensing') group by all order by 1, 2""").fetchall()
    assert [(r["year"], r["contract_type"]) for r in share.iter_rows(named=True)] == [(y, t) for y, t, _ in expected]
    assert share["patent_value_share_pct"].to_list() == pytest.approx([v for _, _, v in expected], rel=1e-9)
    # Rankings of parties under a registry filter come from the contracts.
    sellers = run(c, "enterprises_top_parties", Filters(seller_kinds=("university",)), top=3, side="seller")
    assert sellers.height > 0 and all("大学" in n or "学院" in n for n in sellers["party_name"])
    c.close()


def test_registry_filters_round_trip_through_the_url():
    f = Filters(subtypes=("transfer_patent",), seller_kinds=("university", "research_institute"), buyer_kinds=("enterprise",))
    params = f.to_params()
    assert params == {"subtype": "transfer_patent", "seller_kind": "university,research_institute", "buyer_kind": "enterprise"}
    assert from_params(params, known_subtypes={"transfer_patent"}) == f
    assert from_params({"seller_kind": "alien", "subtype": "nope"}, known_subtypes={"transfer_patent"}) == Filters()


def test_a_top_field_stands_for_its_children_and_an_unknown_field_for_nothing(small_demo_db):
    """$fields is expanded to sub-fields (so the marts are tested on field_code alone): the overview
    under a top field counts exactly the contracts in it or its children, as the contracts say."""
    c = connect_readonly(small_demo_db)
    children = {r[0] for r in c.execute("select field_code from tech_fields where top_field_code = 'electronic_info'").fetchall()}
    assert len(children) > 1 and set(queries.field_codes(c, Filters(fields=("electronic_info",)))) == children
    got = run(c, "overview_by_year", Filters(fields=("electronic_info",)))["contracts"].sum()
    expected = c.execute("""select count(*) from contracts c join tech_fields f using (field_code)
                            where 'electronic_info' in (f.field_code, f.top_field_code)""").fetchall()[0][0]
    assert got == expected > 0
    assert queries.field_codes(c, Filters(fields=("no_such_field",))) == ["no_such_field"]
    assert run(c, "overview_by_year", Filters(fields=("no_such_field",))).height == 0
    c.close()


@pytest.mark.parametrize("f", [Filters(blocs=("OVERSEAS",)), Filters(blocs=("GBA", "YRD"), fields=("electronic_info",), year_from=2022),
                               Filters(blocs=("OVERSEAS",), subtypes=("transfer_patent",))], ids=range(3))
def test_a_long_region_list_gives_the_same_answers_as_a_short_one(small_demo_db, f, monkeypatch):
    """Regions are tested by a semi-join from SEMI_JOIN_FROM regions on, by list_contains below: the
    two forms give the same rows for every named query."""
    c = connect_readonly(small_demo_db)
    assert len(queries.region_codes(c, f)) >= queries.SEMI_JOIN_FROM
    names = [n for n in queries.named_queries() if "$regions" in queries.compose(c, n, f, **PARAMS.get(n, {})).sql]
    semi = {n: queries.compose(c, n, f, **PARAMS.get(n, {})) for n in names}
    assert any("in (select unnest($regions))" in q.sql for q in semi.values())
    monkeypatch.setattr(queries, "SEMI_JOIN_FROM", 10**6)
    for n in names:
        plain = queries.compose(c, n, f, **PARAMS.get(n, {}))
        assert "in (select unnest($regions))" not in plain.sql
        assert_same_rows(c.sql(semi[n].runnable()).pl(), c.sql(plain.runnable()).pl(), n)
    c.close()
