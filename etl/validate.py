"""Normalising and validating a batch of raw text rows, vectorised in Polars.

`contracts(batch, ...)` and `enterprises(batch, ...)` return one frame: the typed, canonical
columns of the schema, plus `reason_code` and `reason` (null when the row is good), row for row
with the batch; `raw_json` gives the original row as JSON for the rows that are rejected. A row with several problems lists all of them; `reason_code` is
the first. Every message names the column as the file wrote it, the value, and what was
expected, so that whoever fixes the file knows what to type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from etl import uscc
from etl.dimensions import (
    AMBIGUOUS,
    FLAGS,
    INCUBATION_STAGES,
    NO_STAGE,
    SME_TIERS,
    UNIT_MULTIPLIERS,
    Lookups,
    currency_map,
)
from etl.headers import HeaderMap
from etl.text import clean_expr, key_expr, key_text, region_key_expr

EARLIEST_DATE = dt.date(1980, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)
MONEY = pl.Decimal(18, 2)
WORK = pl.Decimal(38, 6)
FIELDS_HINT = "one of the 11 fields (电子信息, 航空航天, 先进制造, 生物、医药和医疗器械, 新材料及其应用, 新能源与高效节能, " \
    "环境保护与资源综合利用, 核应用, 农业, 现代交通, 城市建设与社会发展) or a sub-field (人工智能, 集成电路, 智能终端, 智能制造, 生命健康), in Chinese or English"
TYPES_HINT = "技术开发, 技术转让, 技术许可, 技术咨询 or 技术服务 (development, transfer, licensing, consulting, service)"
REGION_HINT = "a region name or code from data/dimensions/regions.csv (深圳, 深圳市, Shenzhen, 440300; 德国, Germany, DE); " \
    "for a city outside the GBA and YRD give its province or six-digit code"
DATE_HINT = "a date such as 2023-11-01, 2023/11/1, 2023年11月1日 or an Excel date number"


@dataclass(frozen=True)
class Context:
    """What a batch is checked against: the file's headers, the dimensions, rates, today."""

    headers: list[str]
    header_map: HeaderMap
    lookups: Lookups
    fx: pl.DataFrame  # year (Int32), currency, cny_per_unit (Decimal)
    today: dt.date

    def col(self, name: str) -> pl.Expr:
        """The raw text of a canonical column ("" where the file lacks it)."""
        pos = self.header_map.positions.get(name)
        return pl.col(f"c{pos}").fill_null("") if pos is not None else pl.lit("", dtype=pl.String)

    def label(self, name: str) -> str:
        return self.header_map.display(self.headers, name) if name in self.header_map.positions else name


class _Checks:
    """Collects (condition, code, message) triples and folds them into reason columns."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: list[tuple[pl.Expr, str, pl.Expr]] = []

    def add(self, condition: pl.Expr, code: str, column: str, value: pl.Expr | None, expectation: str) -> None:
        label = self.ctx.label(column)
        if value is None:
            message = pl.lit(f"{label} is empty; {expectation}")
        else:
            message = pl.concat_str([pl.lit(f"{label} '"), value.str.slice(0, 80), pl.lit(f"' {expectation}")])
        self.items.append((condition.fill_null(False), code, message))

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Evaluate each condition once, then fold them into reason_code (the first problem) and
        reason (all of them), appending to any reasons the frame already has."""
        names = [f"_check{i}" for i in range(len(self.items))]
        frame = frame.with_columns(c.alias(n) for (c, _, _), n in zip(self.items, names, strict=True))
        code = pl.coalesce([pl.when(pl.col(n)).then(pl.lit(k)) for n, (_, k, _) in zip(names, self.items, strict=True)])
        reason = pl.concat_str([pl.when(pl.col(n)).then(m) for n, (_, _, m) in zip(names, self.items, strict=True)],
                               separator=" | ", ignore_nulls=True)
        reason = pl.when(code.is_not_null()).then(reason)
        if "reason_code" in frame.columns:
            code = pl.coalesce(pl.col("reason_code"), code)
            reason = pl.concat_str([pl.col("reason"), reason], separator=" | ", ignore_nulls=True)
        frame = frame.with_columns(code.alias("reason_code"), reason.alias("reason"))
        return frame.with_columns(pl.when(pl.col("reason_code").is_not_null()).then(pl.col("reason")).alias("reason")).drop(names)


def raw_json(ctx: Context) -> pl.Expr:
    """The original row as JSON keyed by the file's own headers (for etl_rejects.raw)."""
    seen: dict[str, int] = {}
    fields = []
    for i, h in enumerate(ctx.headers):
        name = h or f"column {i + 1}"
        seen[name] = seen.get(name, 0) + 1
        fields.append(pl.col(f"c{i}").alias(name if seen[name] == 1 else f"{name} #{seen[name]}"))
    return pl.struct(fields).struct.json_encode().alias("raw")


def parse_date(text: pl.Expr) -> pl.Expr:
    """2023-11-01, 2023/11/1, 2023.11.1, 2023年11月1日, 20231101, Excel serials, 2023-11-01 00:00:00."""
    s = clean_expr(text)
    serial = s.str.extract(r"^(\d{5})(?:\.0+)?$", 1).cast(pl.Int32, strict=False)
    excel = pl.when(serial.is_between(1, 80_000)).then(pl.lit(EXCEL_EPOCH) + pl.duration(days=serial))
    compact = s.str.extract(r"^(\d{8})$", 1).str.to_date("%Y%m%d", strict=False)
    separated = (
        s.str.replace_all(r"[年月/.]", "-").str.replace_all("日", "").str.replace(r"[ T].*$", "")
        .str.to_date("%Y-%m-%d", strict=False)
    )
    return pl.coalesce([excel.cast(pl.Date), compact, separated])


def _lookup(key: pl.Expr, mapping: dict[str, str]) -> pl.Expr:
    return key.replace_strict(mapping, default=None, return_dtype=pl.String)


def resolve_region(text: pl.Expr, lookups: Lookups) -> pl.Expr:
    """Region code for a name or code, trying: as written; a district code rolled up to its city or
    province; the part after a province prefix (广东省深圳市 -> 深圳); the province prefix alone."""
    k = region_key_expr(text)
    plain = key_expr(text)
    code6 = plain.str.extract(r"^(\d{6})$", 1)
    after_province = plain.str.extract(r"^.+?(?:省|自治区)(.+)$", 1)
    province = plain.str.extract(r"^(.+?(?:省|自治区))", 1)
    m = lookups.regions
    return pl.coalesce([
        _lookup(k, m),
        _lookup(code6.str.slice(0, 4) + "00", m),
        _lookup(code6.str.slice(0, 2) + "0000", m),
        _lookup(region_key_expr(after_province), m),
        _lookup(region_key_expr(province), m),
    ])


def parse_amount(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(number, unit written after it) from '1,234.5', '12.5万元', '３亿'."""
    s = clean_expr(text).str.replace_all(r"[,\s_']", "").str.replace(r"^[¥￥$€]", "")
    unit = s.str.extract(r"(亿元|亿|万元|万|元)$", 1)
    number = s.str.replace(r"(亿元|亿|万元|万|元)$", "").cast(WORK, strict=False)
    return number, unit


def _unit_multiplier(unit_text: pl.Expr) -> pl.Expr:
    return key_expr(unit_text).replace_strict({key_text(k): v for k, v in UNIT_MULTIPLIERS.items()}, default=None,
                                              return_dtype=pl.Int64)


def _clean_code(raw: pl.Expr) -> pl.Expr:
    return clean_expr(raw).str.to_uppercase().str.replace_all(r"[\s-]", "")


def _credit_code_checks(checks: _Checks, ctx: Context, column: str, code: pl.Expr, expected: pl.Expr, required: bool) -> None:
    """`code` is the cleaned code column, `expected` the check character its first 17 call for."""
    raw = ctx.col(column)
    well_formed = code.str.contains(uscc.FORMAT)
    present = code != ""
    if required:
        checks.add(~present, "missing_credit_code", column, None, "expected an 18-character unified social credit code")
    checks.add(present & ~well_formed, "bad_credit_code", column, raw,
               "is not a unified social credit code: expected 18 characters, digits and capitals except I, O, Z, S, V, "
               "with a six-digit division code in positions 3-8 (GB 32100-2015)")
    checks.add(present & well_formed & (code.str.slice(17, 1) != expected), "bad_credit_code", column, raw,
               "fails the GB 32100-2015 check digit (a typing error?)")


def _region_checks(checks: _Checks, ctx: Context, column: str, resolved: pl.Expr) -> None:
    raw = ctx.col(column)
    empty = clean_expr(raw) == ""
    checks.add(empty, "missing_region", column, None, f"expected {REGION_HINT}")
    checks.add(~empty & (resolved == AMBIGUOUS), "ambiguous_region", column, raw,
               "names more than one region; write the Chinese name or the code (泰州 321200 or 台州 331000)")
    checks.add(~empty & resolved.is_null(), "unknown_region", column, raw, f"is not a known region; expected {REGION_HINT}")


def contracts(batch: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    col = ctx.col
    header_unit = ctx.header_map.units.get("amount", "元")
    # Stage 1: parse every column once.
    number, unit_in_value = parse_amount(col("amount"))
    tech_number, tech_unit = parse_amount(col("tech_amount"))
    frame = batch.with_columns(
        clean_expr(col("contract_id")).alias("contract_id"),
        parse_date(col("signed_date")).alias("signed_date"),
        _lookup(key_expr(col("contract_type")), ctx.lookups.types).alias("contract_type"),
        _lookup(key_expr(col("field")), ctx.lookups.fields).alias("field_code"),
        _clean_code(col("seller_id")).alias("_seller_code"),
        _clean_code(col("buyer_id")).alias("_buyer_code"),
        clean_expr(col("seller_name")).alias("seller_name"),
        clean_expr(col("buyer_name")).alias("buyer_name"),
        resolve_region(col("seller_region"), ctx.lookups).alias("seller_region"),
        resolve_region(col("buyer_region"), ctx.lookups).alias("buyer_region"),
        number.alias("_number"),
        unit_in_value.alias("_unit_in_value"),
        clean_expr(col("amount_unit")).alias("_unit_column"),
        tech_number.alias("_tech_number"),
        tech_unit.alias("_tech_unit"),
        (clean_expr(col("tech_amount")) != "").alias("_tech_present"),
        (clean_expr(col("amount")) == "").alias("_amount_empty"),
        pl.when(clean_expr(col("currency")) == "").then(pl.lit("CNY"))
        .otherwise(_lookup(key_expr(col("currency")), currency_map())).alias("currency"),
    )
    unit_column = pl.col("_unit_column")
    frame = frame.with_columns(
        uscc.expected_check_expr(pl.col("_seller_code")).alias("_seller_check"),
        uscc.expected_check_expr(pl.col("_buyer_code")).alias("_buyer_check"),
        pl.coalesce([pl.col("_unit_in_value"), pl.when(unit_column != "").then(unit_column), pl.lit(header_unit)]).alias("_unit"),
        _unit_multiplier(pl.coalesce([pl.col("_tech_unit"), pl.when(unit_column != "").then(unit_column),
                                      pl.lit(ctx.header_map.units.get("tech_amount", header_unit))])).alias("_tech_multiplier"),
        _unit_multiplier(unit_column).alias("_unit_column_multiplier"),
        _unit_multiplier(pl.col("_unit_in_value")).alias("_unit_in_value_multiplier"),
        pl.col("signed_date").dt.year().cast(pl.Int32).alias("_year"),
    ).with_columns(_unit_multiplier(pl.col("_unit")).alias("_multiplier"))

    # Stage 2: the checks, on parsed columns.
    checks = _Checks(ctx)
    signed, number = pl.col("signed_date"), pl.col("_number")
    checks.add(pl.col("contract_id") == "", "missing_contract_id", "contract_id", None, "every contract needs its number (合同编号)")
    date_empty = clean_expr(col("signed_date")) == ""
    checks.add(date_empty, "missing_date", "signed_date", None, f"expected {DATE_HINT}")
    checks.add(~date_empty & signed.is_null(), "bad_date", "signed_date", col("signed_date"), f"is not a real date; expected {DATE_HINT}")
    checks.add(signed > ctx.today, "future_date", "signed_date", col("signed_date"), f"is in the future (today is {ctx.today})")
    checks.add(signed < EARLIEST_DATE, "bad_date", "signed_date", col("signed_date"), f"is before {EARLIEST_DATE}; a typing error?")
    checks.add(pl.col("contract_type").is_null(), "unknown_type", "contract_type", col("contract_type"),
               f"is not a contract type; expected {TYPES_HINT}")
    checks.add(pl.col("field_code").is_null() | (pl.col("field_code") == AMBIGUOUS), "unknown_field", "field", col("field"),
               f"is not a technology field; expected {FIELDS_HINT}")
    for side in ("seller", "buyer"):
        checks.add(pl.col(f"{side}_name") == "", "missing_name", f"{side}_name", None, f"expected the {side}'s name")
    _region_checks(checks, ctx, "seller_region", pl.col("seller_region"))
    _region_checks(checks, ctx, "buyer_region", pl.col("buyer_region"))
    _credit_code_checks(checks, ctx, "seller_id", pl.col("_seller_code"), pl.col("_seller_check"), required=False)
    _credit_code_checks(checks, ctx, "buyer_id", pl.col("_buyer_code"), pl.col("_buyer_check"), required=False)
    amount_empty = pl.col("_amount_empty")
    checks.add(amount_empty, "missing_amount", "amount", None, "expected the contract value, e.g. 1,250,000 or 125万元")
    checks.add(~amount_empty & number.is_null(), "bad_amount", "amount", col("amount"), "is not a number; expected e.g. 1,250,000 or 125万元")
    checks.add(number < 0, "negative_amount", "amount", col("amount"), "is negative; a contract value cannot be")
    checks.add(pl.col("_multiplier").is_null(), "bad_unit", "amount_unit", pl.col("_unit"), "is not an amount unit; expected 元, 万元 or 亿元")
    checks.add(pl.col("_unit_in_value").is_not_null() & (unit_column != "")
               & (pl.col("_unit_column_multiplier") != pl.col("_unit_in_value_multiplier")),
               "bad_unit", "amount", col("amount"), "carries a unit that contradicts the unit column; write one of them")
    checks.add(pl.col("_tech_present") & pl.col("_tech_number").is_null(), "bad_amount", "tech_amount", col("tech_amount"), "is not a number")
    checks.add(pl.col("_tech_number") < 0, "negative_amount", "tech_amount", col("tech_amount"), "is negative")
    checks.add(pl.col("currency").is_null(), "unknown_currency", "currency", col("currency"),
               "is not a known currency; expected 人民币/CNY, 美元/USD, 港元/HKD, 欧元/EUR …")
    frame = checks.apply(frame.with_columns(
        pl.when(pl.col("_seller_code") != "").then(pl.col("_seller_code")).alias("seller_id"),
        pl.when(pl.col("_buyer_code") != "").then(pl.col("_buyer_code")).alias("buyer_id"),
        (number * pl.col("_multiplier")).round(2).cast(MONEY, strict=False).alias("amount_original"),
        pl.when(pl.col("_tech_present")).then((pl.col("_tech_number") * pl.col("_tech_multiplier")).round(2).cast(MONEY, strict=False))
        .alias("tech_original"),
    ))

    # Stage 3: conversion to yuan at the signing year's rate (CNY needs none), and what depends on it.
    frame = frame.join(ctx.fx, left_on=["_year", "currency"], right_on=["year", "currency"], how="left")
    rate = pl.when(pl.col("currency") == "CNY").then(pl.lit(1, WORK)).otherwise(pl.col("cny_per_unit").cast(WORK))
    frame = frame.with_columns(
        rate.alias("_rate"),
        (pl.col("amount_original").cast(WORK) * rate).round(2).cast(MONEY, strict=False).alias("amount_cny"),
        (pl.col("tech_original").cast(WORK) * rate).round(2).cast(MONEY, strict=False).alias("tech_amount_cny"),
    )
    later = _Checks(ctx)
    later.add(pl.col("currency").is_not_null() & (pl.col("currency") != "CNY") & pl.col("_year").is_not_null() & pl.col("_rate").is_null(),
              "no_fx_rate", "currency", pl.col("currency") + " " + pl.col("_year").cast(pl.String),
              "has no exchange rate in fx_rates for that year; add the rate or convert the amount to CNY")
    later.add(~amount_empty & number.is_not_null() & pl.col("amount_original").is_null(), "bad_amount", "amount", col("amount"),
              "is too large for the register (at most 9,999,999,999,999,999.99)")
    later.add(pl.col("tech_amount_cny") > pl.col("amount_cny"), "tech_exceeds_amount", "tech_amount", col("tech_amount"),
              "is larger than the contract value; 技术交易额 is the technology part of 成交金额")
    mainland = ctx.lookups.mainland
    frame = later.apply(frame).with_columns(
        (~(pl.col("seller_region").replace_strict(mainland, default=True, return_dtype=pl.Boolean)
           & pl.col("buyer_region").replace_strict(mainland, default=True, return_dtype=pl.Boolean))).alias("is_cross_border"),
    )
    return frame.select(
        "row_number", "contract_id", "signed_date", "contract_type", "field_code", "seller_id", "seller_name",
        "seller_region", "buyer_id", "buyer_name", "buyer_region", "amount_cny", "tech_amount_cny", "currency",
        "amount_original", "is_cross_border", "reason_code", "reason",
    )


def _flag_expr(raw: pl.Expr) -> pl.Expr:
    key = key_expr(raw)
    value = key.replace_strict({key_text(k): v for k, v in FLAGS.items()}, default=None, return_dtype=pl.Boolean)
    return pl.when(key == "").then(False).otherwise(value)


def enterprises(batch: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    col = ctx.col
    year_text = clean_expr(col("founded_year"))
    stage_key = key_expr(col("incubation_stage"))
    frame = batch.with_columns(
        _clean_code(col("enterprise_id")).alias("_code"),
        clean_expr(col("name")).alias("name"),
        resolve_region(col("region"), ctx.lookups).alias("region_code"),
        pl.when(clean_expr(col("industry")) != "").then(clean_expr(col("industry"))).alias("industry"),
        _flag_expr(col("is_high_tech")).alias("is_high_tech"),
        _flag_expr(col("in_listing_pool")).alias("in_listing_pool"),
        key_expr(col("sme_tier")).replace_strict({key_text(k): v for k, v in SME_TIERS.items()}, default=None,
                                                 return_dtype=pl.String).alias("sme_tier"),
        stage_key.replace_strict({key_text(k): v for k, v in INCUBATION_STAGES.items()}, default=None,
                                 return_dtype=pl.String).alias("incubation_stage"),
        stage_key.is_in([key_text(s) for s in NO_STAGE]).alias("_no_stage"),
        (year_text != "").alias("_year_present"),
        year_text.str.extract(r"^(\d{4})", 1).cast(pl.Int16, strict=False).alias("founded_year"),
    ).with_columns(uscc.expected_check_expr(pl.col("_code")).alias("_check"))
    checks = _Checks(ctx)
    _credit_code_checks(checks, ctx, "enterprise_id", pl.col("_code"), pl.col("_check"), required=True)
    checks.add(pl.col("name") == "", "missing_name", "name", None, "expected the enterprise's name")
    _region_checks(checks, ctx, "region", pl.col("region_code"))
    for flag in ("is_high_tech", "in_listing_pool"):
        checks.add(pl.col(flag).is_null(), "bad_flag", flag, col(flag), "is not a yes/no value; expected 是/否, Y/N, yes/no, true/false or 1/0")
    checks.add(pl.col("sme_tier").is_null(), "bad_sme_tier", "sme_tier", col("sme_tier"),
               "is not an SME tier; expected 创新型中小企业, 专精特新中小企业, 专精特新“小巨人” or blank/无")
    checks.add(~pl.col("_no_stage") & pl.col("incubation_stage").is_null(), "bad_incubation_stage", "incubation_stage",
               col("incubation_stage"), "is not an incubation stage; expected 科创苗圃, 孵化器, 加速器, 创新集群 or blank")
    year = pl.col("founded_year")
    checks.add(pl.col("_year_present") & (year.is_null() | (year < 1900) | (year > ctx.today.year)), "bad_year", "founded_year",
               col("founded_year"), f"is not a year between 1900 and {ctx.today.year}")
    frame = checks.apply(frame.with_columns(pl.when(pl.col("_code") != "").then(pl.col("_code")).alias("enterprise_id")))
    return frame.select(
        "row_number", "enterprise_id", "name", "region_code", "industry", "is_high_tech", "sme_tier",
        "incubation_stage", "in_listing_pool", "founded_year", "reason_code", "reason",
    )
