"""Each normalisation, on the expressions the loader uses."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl
import pytest

from etl import check, uscc
from etl.dimensions import AMBIGUOUS, lookups, read_regions
from etl.places import places
from etl.text import key_text
from etl.validate import parse_amount, parse_date


def _one(expr: pl.Expr, value: str):
    return pl.DataFrame({"v": [value]}).select(expr.alias("out")).item()


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-11-01", dt.date(2023, 11, 1)),
    ("2023/11/1", dt.date(2023, 11, 1)),
    ("2023年11月1日", dt.date(2023, 11, 1)),
    ("２０２３年１１月１日", dt.date(2023, 11, 1)),
    ("2023.11.01", dt.date(2023, 11, 1)),
    ("20231101", dt.date(2023, 11, 1)),
    ("45231", dt.date(2023, 11, 1)),  # Excel serial
    ("45231.0", dt.date(2023, 11, 1)),
    ("2023-11-01 00:00:00", dt.date(2023, 11, 1)),
    (" 2023-11-01 ", dt.date(2023, 11, 1)),
    ("2023-02-30", None),
    ("2023年13月1日", None),
    ("yesterday", None),
    ("", None),
])
def test_dates_in_every_accepted_style(text, expected):
    assert _one(parse_date(pl.col("v")), text) == expected


@pytest.mark.parametrize(("text", "number", "unit"), [
    ("1,234.5", "1234.5", None),
    ("１２３，４５６．７", "123456.7", None),
    ("12.5万元", "12.5", "万元"),
    ("3亿", "3", "亿"),
    ("¥ 1 000", "1000", None),
    ("abc", None, None),
    ("-20", "-20", None),
])
def test_amounts_with_separators_full_width_and_units(text, number, unit):
    n, u = parse_amount(pl.col("v"))
    got = pl.DataFrame({"v": [text]}).select(n.alias("n"), u.alias("u")).row(0)
    assert (None if got[0] is None else float(got[0])) == (None if number is None else float(number))
    assert got[1] == unit


@pytest.mark.parametrize(("text", "code"), [
    ("深圳", "440300"), ("深圳市", "440300"), ("Shenzhen", "440300"), ("SHENZHEN", "440300"), ("440300", "440300"),
    ("440305", "440300"),  # a district code rolls up to its city
    ("广东省深圳市", "440300"), ("广东省", "440000"), ("湖北省武汉市", "420000"),  # city of a province held at province level
    ("香港特别行政区", "810000"), ("中国香港", "810000"), ("Hong Kong", "810000"), ("HK", "810000"),
    ("澳门", "820000"), ("Macau", "820000"),
    ("台湾省", "710000"),
    ("德国", "DE"), ("Germany", "DE"), ("DE", "DE"), ("USA", "US"), ("United States", "US"),
    ("内蒙古自治区", "150000"), ("新疆维吾尔自治区", "650000"),
    ("Suzhou", "320500"), ("宿州", "341300"), ("Suzhou (Anhui)", "341300"),
    ("火星", None),
])
def test_regions_resolve_in_any_accepted_form(text, code):
    assert places().resolve(text).region == code


def test_ambiguous_english_name_is_not_guessed():
    assert places().resolve("Taizhou").region == AMBIGUOUS
    assert "泰州" in lookups().ambiguous_regions[key_text("taizhou")]
    assert "泰州" in places().resolve("Taizhou").candidates


@pytest.mark.parametrize(("text", "code"), [
    ("技术开发", "development"), ("技术开发合同", "development"), ("Development", "development"),
    ("技术许可", "licensing"), ("LICENSING", "licensing"), ("技术服务", "service"),
])
def test_contract_types_in_chinese_and_english(text, code):
    assert lookups().types[key_text(text)] == code


@pytest.mark.parametrize(("text", "code"), [
    ("电子信息", "electronic_info"), ("生物、医药和医疗器械", "bio_medicine"), ("生物医药和医疗器械", "bio_medicine"),
    ("人工智能", "ai"), ("AI", "ai"), ("Integrated circuits", "ic"), ("集成电路", "ic"), ("智能终端", "smart_terminal"),
    ("城市建设与社会发展", "urban_social"), ("核应用", "nuclear"),
])
def test_fields_in_chinese_and_english(text, code):
    assert lookups().fields[key_text(text)] == code


def test_credit_code_check_digit_matches_the_standard():
    # A code whose check character is published with it (GB 32100-2015 worked example format).
    assert uscc.is_valid("91350100M000100Y43")
    assert not uscc.is_valid("91350100M000100Y44")
    codes = uscc.make_codes(np.array([441900, 440300, 310000]), np.array([1, 31 ** 8, 123_456_789]))
    assert all(uscc.is_valid(c) for c in codes)
    assert [c[2:8] for c in codes] == ["441900", "440300", "310000"]
    # The ETL's SQL macro (etl.check) agrees with the standard, on valid codes and on every 17-character prefix tried.
    con = duckdb.connect()
    check.install_macros(con)
    rng = np.random.default_rng(3)
    prefixes = ["".join(rng.choice(list(uscc.ALPHABET), 17)) for _ in range(2_000)]
    got = [r[0] for r in con.execute("select uscc_check(unnest($c))", {"c": [c[:17] for c in codes] + prefixes}).fetchall()]
    assert got == [c[17] for c in codes] + [uscc.check_char(p) for p in prefixes]


def test_every_region_resolves_by_its_code_and_names():
    regions = read_regions()
    values = [v for row in regions.iter_rows(named=True) for v in (row["region_code"], row["name_zh"], row["name_en"])]
    expected = [row["region_code"] for row in regions.iter_rows(named=True) for _ in range(3)]
    got = places().resolve_series(pl.Series(values))["region"].to_list()
    assert got == expected
