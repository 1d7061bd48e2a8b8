"""Named queries, marts and filters on real DuckDB files."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from techmarket import queries
from techmarket.db import connect_readonly
from techmarket.filters import Filters, from_params

PARAMS = {"flows_matrix": {"level": "province"}, "flows_map": {"top": 20},
          "flows_corridors": {"top": 20}, "field_board_trend": {"field": "ai"}, "field_board_parties": {"field": "ai", "top": 5},
          "enterprises_top_parties": {"top": 5}, "official_provinces": {"year": 2023}, "data_rejects": {"limit": 10},
          "transfer_academic_regions": {"top": 10}}


@pytest.fixture(params=["small_demo_db", "sample_db"])
def con(request):
    c = connect_readonly(request.getfixturevalue(request.param))
    yield c
    c.close()


@pytest.mark.parametrize("name", queries.named_queries())
def test_every_named_query_runs_with_default_and_narrow_filters(request, con, name):
    wide = queries.run(con, name, Filters(), **PARAMS.get(name, {}))
    narrow = queries.run(con, name, Filters(lang="en", year_from=2023, year_to=2023, blocs=("GBA",), fields=("ai",),
                                            types=("development",), unit="wan", currency="USD"), **PARAMS.get(name, {}))
    registry = queries.run(con, name, Filters(subtypes=("transfer_patent",), seller_kinds=("university",), buyer_kinds=("enterprise",)),
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
    got = queries.run(c, "overview_by_year", f)["contracts"].sum()
    expected = c.execute("select count(*) from contracts where '441900' in (seller_region, buyer_region)").fetchall()[0][0]
    assert got == expected
    gba = queries.run(c, "overview_by_year", Filters(blocs=("GBA",)))["contracts"].sum()
    expected = c.execute("""select count(*) from contracts c join regions s on s.region_code = c.seller_region
                            join regions b on b.region_code = c.buyer_region where 'GBA' in (s.bloc, b.bloc)""").fetchall()[0][0]
    assert gba == expected
    c.close()


def test_currency_and_unit_change_the_value_measure(small_demo_db):
    c = connect_readonly(small_demo_db)
    yi = queries.run(c, "overview_by_year", Filters(year_from=2023, year_to=2023))["value"][0]
    wan = queries.run(c, "overview_by_year", Filters(year_from=2023, year_to=2023, unit="wan"))["value"][0]
    usd = queries.run(c, "overview_by_year", Filters(year_from=2023, year_to=2023, currency="USD"))["value"][0]
    assert wan == pytest.approx(yi * 10_000)
    assert yi / usd == pytest.approx(7.0809, rel=1e-6)  # FRED 2023 CNY per USD
    c.close()


def test_filters_round_trip_through_the_url():
    f = Filters(lang="en", year_from=2021, year_to=2023, blocs=("GBA", "YRD"), cities=("441900",), fields=("ai",),
                types=("service",), unit="wan", currency="USD")
    params = f.to_params()
    assert params == {"lang": "en", "from": "2021", "to": "2023", "bloc": "GBA,YRD", "city": "441900", "field": "ai",
                      "type": "service", "unit": "wan", "cur": "USD"}
    assert from_params(params, {"441900"}, {"ai"}) == f
    assert from_params({"lang": "fr", "from": "abc", "bloc": "GBA,MARS", "unit": "kg"}) == Filters(blocs=("GBA",))
    assert Filters(year_from=2015, year_to=2030).with_years(2019, 2024) == Filters(year_from=2019, year_to=2024)


def test_query_parameters_are_values_not_text(small_demo_db):
    c = connect_readonly(small_demo_db)
    hostile = Filters(cities=("441900') or 1=1 --",), fields=("x'); drop table contracts; --",))
    assert queries.run(c, "overview_by_year", hostile).height == 0
    assert c.execute("select count(*) from contracts").fetchall()[0][0] == 4_000
    c.close()


def test_show_sql_lists_parameters(small_demo_db):
    c = connect_readonly(small_demo_db)
    text = queries.compose(c, "overview_by_year", Filters(year_from=2022, year_to=2023)).display()
    assert "-- $year_from = 2022" in text and "from mart_pairs" in text
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
def test_smaller_marts_answer_exactly_as_the_full_ones(small_demo_db, f, monkeypatch):
    """Aggregate navigation: every named query on the smallest mart that can answer it returns
    what it returns on mart_registry and mart_parties, which hold every column."""
    from techmarket.queries import QUERY_DEFAULTS

    c = connect_readonly(small_demo_db)
    names = [n for n in queries.named_queries() if "{flows}" in queries.load_sql(n) or "{parties}" in queries.load_sql(n)]
    chosen = {n: queries.run(c, n, f, **QUERY_DEFAULTS.get(n, {})) for n in names}
    registry = {n for n in names if queries._uses(queries.load_sql(n), queries.REGISTRY_COLUMNS)}
    assert {queries.flows_mart(queries.load_sql(n), f) for n in registry} == {"mart_registry"}
    used = {queries.flows_mart(queries.load_sql(n), f) for n in names if n not in registry}
    parties = {queries.parties_mart(queries.load_sql(n), f, queries.year_range(c), QUERY_DEFAULTS.get(n, {}).get("top"))
               for n in names if "{parties}" in queries.load_sql(n)}
    expected = {"mart_parties"} if f.fields else {"mart_party_top"} if f.year_from is None else {"mart_party_years", "mart_parties"}
    assert parties == expected
    assert used == ({"mart_flows"} if f.types else {"mart_pairs", "mart_pair_fields", "mart_flows"} if not f.fields else
                    {"mart_pair_fields", "mart_flows"})
    monkeypatch.setattr(queries, "flows_mart", lambda sql, f: "mart_registry")
    monkeypatch.setattr(queries, "parties_mart", lambda *a, **k: "mart_parties")
    for n in names:
        assert_same_rows(chosen[n], queries.run(c, n, f, **QUERY_DEFAULTS.get(n, {})), n)
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
    got = queries.run(c, "overview_by_year", f)["contracts"].sum()
    expected = c.execute("""select count(*) from contracts where contract_subtype in ('transfer_patent', 'licensing_patent')
                            and seller_kind in ('university', 'research_institute')""").fetchall()[0][0]
    assert got == expected > 0
    academic = queries.run(c, "transfer_academic_by_year", Filters())
    expected = dict(c.execute("""select seller_kind, count(*) from contracts where seller_kind in ('university', 'research_institute')
                                 and buyer_kind = 'enterprise' group by 1""").fetchall())
    assert dict(academic.group_by("seller_kind").agg(pl.col("contracts").sum()).iter_rows()) == expected
    share = queries.run(c, "transfer_patent_share", Filters())
    expected = c.execute("""select year(signed_date), contract_type,
            100.0 * sum(amount_cny::double) filter (i.is_patent) / sum(amount_cny::double) filter (c.ip_type is not null)
        from contracts c left join ip_types i using (ip_type)
        where contract_type in ('transfer', 'licensing') group by all order by 1, 2""").fetchall()
    assert [(r["year"], r["contract_type"]) for r in share.iter_rows(named=True)] == [(y, t) for y, t, _ in expected]
    assert share["patent_value_share_pct"].to_list() == pytest.approx([v for _, _, v in expected], rel=1e-9)
    # Rankings of parties under a registry filter come from the contracts.
    top = queries.run(c, "enterprises_top_parties", Filters(seller_kinds=("university",)), top=3)
    sellers = top.filter(pl.col("side") == "seller")
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
    got = queries.run(c, "overview_by_year", Filters(fields=("electronic_info",)))["contracts"].sum()
    expected = c.execute("""select count(*) from contracts c join tech_fields f using (field_code)
                            where 'electronic_info' in (f.field_code, f.top_field_code)""").fetchall()[0][0]
    assert got == expected > 0
    assert queries.field_codes(c, Filters(fields=("no_such_field",))) == ["no_such_field"]
    assert queries.run(c, "overview_by_year", Filters(fields=("no_such_field",))).height == 0
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
        assert_same_rows(c.sql(semi[n].sql, params=semi[n].params).pl(), c.sql(plain.sql, params=plain.params).pl(), n)
    c.close()
