"""Normalising and validating a batch of raw text rows, vectorised in Polars (places are resolved
once per distinct value by etl.places, and joined back).

`contracts(batch, ...)` and `enterprises(batch, ...)` return one frame: the typed, canonical
columns of the schema, plus `reason_code` and `reason` (null when the row is good), row for row
with the batch; `raw_json` gives the original row as JSON for the rows that are rejected. A row
with several problems lists all of them; `reason_code` is the first. Every message names the column
as the file wrote it, the value, and what was expected, so that whoever fixes the file knows what to
type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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
    registry_vocabularies,
)
from etl.headers import HeaderMap
from etl.places import places
from etl.text import clean_expr, key_expr, key_text

EARLIEST_DATE = dt.date(1980, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)
MONEY = pl.Decimal(18, 2)
WORK = pl.Decimal(38, 8)  # the scale of fx_rates.cny_per_unit, so rates are used exactly
FIELDS_HINT = "one of the 11 fields (电子信息, 航空航天, 先进制造, 生物、医药和医疗器械, 新材料及其应用, 新能源与高效节能, " \
    "环境保护与资源综合利用, 核应用, 农业, 现代交通, 城市建设与社会发展) or a sub-field (人工智能, 集成电路, 智能终端, 智能制造, " \
    "生命健康), in Chinese or English"
TYPES_HINT = "技术开发, 技术转让, 技术许可, 技术咨询 or 技术服务 (development, transfer, licensing, consulting, service)"
REGION_HINT = "a place in China by name or code (深圳, 深圳市南山区, 广东省深圳市…, 440305) or a country by name or ISO code " \
    "(德国, Germany, DE, DEU)"
DATE_HINT = "a date such as 2023-11-01, 2023/11/1, 2023年11月1日 or an Excel date number"
SUBTYPE_HINT = "a registry subtype such as 技术开发（委托）, 技术转让（专利权）, 技术许可（专利实施许可）, 技术服务（技术中介） " \
    "(see contract_subtypes)"
IP_HINT = "an IP type such as 发明专利, 实用新型专利, 专利申请, 技术秘密, 计算机软件著作权, 集成电路布图设计, 植物新品种, 无 (see ip_types)"
KIND_HINT = "企业, 高等院校, 科研院所, 自然人 or 其他 (enterprise, university, research institute, individual, other)"
# How long before a signing date the last published rate may be: the ECB publishes on TARGET working days.
FX_STALE_DAYS = 14
# GB 32100-2015: the first two characters are the registration authority and the organisation type.
# 9x are registered with market regulation (91 enterprise, 92 individual business, 93 farmers' cooperative);
# 12 (public institution, 事业单位) and 52 (private non-enterprise unit) are told apart by name.
KIND_BY_CREDIT_CODE = {"91": "enterprise", "92": "individual"}
UNIVERSITY_WORDS = r"大学|学院|学校|University|College"
INSTITUTE_WORDS = r"研究院|研究所|科学院|研究中心|实验室|Institute|Academy|Laborator"


@dataclass(frozen=True)
class Context:
    """What a batch is checked against: the file's headers, the dimensions, rates, today."""

    headers: list[str]
    header_map: HeaderMap
    lookups: Lookups
    fx: pl.DataFrame  # rate_date, currency, cny_per_unit (Decimal), sorted by date (etl.database.fx_frame)
    today: dt.date

    def col(self, name: str) -> pl.Expr:
        """The raw text of a canonical column ("" where the file lacks it)."""
        pos = self.header_map.positions.get(name)
        return pl.col(f"c{pos}").fill_null("") if pos is not None else pl.lit("", dtype=pl.String)

    def per_value(self, batch: pl.DataFrame, name: str, fn: Callable[[pl.Expr], pl.Expr],
                  dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
        """`fn` of a column, worked out once per distinct value and mapped back: the registry's
        vocabularies (types, subtypes, kinds, currencies, dates) repeat a few values over many rows."""
        pos = self.header_map.positions.get(name)
        if pos is None:
            return fn(pl.lit("", dtype=pl.String)).cast(dtype)
        column = pl.col(f"c{pos}").fill_null("")
        values = batch.select(column.unique()).to_series()
        mapped = pl.DataFrame({"v": values}).select(fn(pl.col("v")).cast(dtype)).to_series()
        return column.replace_strict(values, mapped, default=None, return_dtype=dtype)

    def label(self, name: str) -> str:
        return self.header_map.display(self.headers, name) if name in self.header_map.positions else name


class _Checks:
    """Collects (condition, code, message) triples and folds them into reason columns."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: list[tuple[pl.Expr, str, pl.Expr]] = []

    def add(self, condition: pl.Expr, code: str, column: str, value: pl.Expr | None, expectation: str | pl.Expr) -> None:
        label = self.ctx.label(column)
        expect = pl.lit(expectation) if isinstance(expectation, str) else expectation
        if value is None:
            message = pl.concat_str([pl.lit(f"{label} is empty; "), expect])
        else:
            message = pl.concat_str([pl.lit(f"{label} '"), value.str.slice(0, 80), pl.lit("' "), expect])
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


def _filled(raw: pl.Expr) -> pl.Expr:
    """Whether a cell holds anything but white space (what `clean_expr(raw) != ""` says, without NFKC)."""
    return raw.str.strip_chars() != ""


def resolve_region(text: pl.Expr) -> pl.Expr:
    """Region code for a place as written (etl.places): a code, a name, a prefixed name or an address;
    AMBIGUOUS for a name several regions share, null for one we do not know."""
    return text.map_batches(lambda s: places().resolve_series(s)["region"], return_dtype=pl.String)


def region_candidates(text: pl.Expr) -> pl.Expr:
    """For an ambiguous place, every region it could be, for the message."""
    return text.map_batches(lambda s: places().resolve_series(s)["candidates"], return_dtype=pl.String)


def parse_amount(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(number, unit written after it) from '1,234.5', '12.5万元', '３亿'."""
    s = clean_expr(text).str.replace_all(r"[,\s_']", "").str.replace(r"^[¥￥$€]", "")
    unit = s.str.extract(r"(亿元|亿|万元|万|元)$", 1)
    number = s.str.replace(r"(亿元|亿|万元|万|元)$", "").cast(WORK, strict=False)
    return number, unit


def _money(number: pl.Expr, multiplier: pl.Expr) -> pl.Expr:
    """number x unit in yuan, to the fen; null when it cannot fit the register (a number of 10^16 or more
    would overflow the multiplication before it failed the cast)."""
    return pl.when(number.abs() < 10 ** 16).then((number * multiplier).round(2).cast(MONEY, strict=False))


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
    empty = ~_filled(raw)
    checks.add(empty, "missing_region", column, None, f"expected {REGION_HINT}")
    checks.add(~empty & (resolved == AMBIGUOUS), "ambiguous_region", column, raw,
               pl.concat_str([pl.lit("names more than one region: "), region_candidates(raw),
                              pl.lit("; write the province or city before it, or the six-digit code")]))
    checks.add(~empty & resolved.is_null(), "unknown_region", column, raw, f"is not a known region; expected {REGION_HINT}")


def contracts(batch: pl.DataFrame, ctx: Context) -> pl.DataFrame:
    col = ctx.col
    header_unit = ctx.header_map.units.get("amount", "元")
    # Stage 1: parse every column once.
    number, unit_in_value = parse_amount(col("amount"))
    tech_number, tech_unit = parse_amount(col("tech_amount"))
    vocab = registry_vocabularies()

    def lookup(name: str, mapping: dict[str, str]) -> pl.Expr:
        return ctx.per_value(batch, name, lambda c: _lookup(key_expr(c), mapping), pl.String)

    frame = batch.with_columns(
        clean_expr(col("contract_id")).alias("contract_id"),
        ctx.per_value(batch, "signed_date", parse_date, pl.Date).alias("signed_date"),
        lookup("contract_type", ctx.lookups.types).alias("_type_written"),
        # A registry subtype in the type column (技术开发（委托）) or in its own column.
        lookup("contract_type", vocab["subtypes"]).alias("_subtype_in_type"),
        lookup("contract_subtype", vocab["subtypes"]).alias("_subtype_written"),
        lookup("ip_type", vocab["ip_types"]).alias("ip_type"),
        _filled(col("ip_type")).alias("_ip_present"),
        _filled(col("contract_subtype")).alias("_subtype_present"),
        lookup("seller_kind", vocab["party_kinds"]).alias("_seller_kind_written"),
        lookup("buyer_kind", vocab["party_kinds"]).alias("_buyer_kind_written"),
        ctx.per_value(batch, "registered_date", parse_date, pl.Date).alias("registered_date"),
        pl.when(_filled(col("registry"))).then(clean_expr(col("registry"))).alias("registry"),
        lookup("field", ctx.lookups.fields).alias("field_code"),
        _clean_code(col("seller_id")).alias("_seller_code"),
        _clean_code(col("buyer_id")).alias("_buyer_code"),
        clean_expr(col("seller_name")).alias("seller_name"),
        clean_expr(col("buyer_name")).alias("buyer_name"),
        resolve_region(col("seller_region")).alias("seller_region"),
        resolve_region(col("buyer_region")).alias("buyer_region"),
        number.alias("_number"),
        unit_in_value.alias("_unit_in_value"),
        clean_expr(col("amount_unit")).alias("_unit_column"),
        tech_number.alias("_tech_number"),
        tech_unit.alias("_tech_unit"),
        _filled(col("tech_amount")).alias("_tech_present"),
        (~_filled(col("amount"))).alias("_amount_empty"),
        pl.when(~_filled(col("currency"))).then(pl.lit("CNY"))
        .otherwise(lookup("currency", {k: v for k, v in currency_map().items() if v != AMBIGUOUS})).alias("currency"),
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
        pl.coalesce("_subtype_written", "_subtype_in_type").alias("contract_subtype"),
    ).with_columns(
        _unit_multiplier(pl.col("_unit")).alias("_multiplier"),
        pl.coalesce("_type_written", pl.col("contract_subtype").replace_strict(registry_vocabularies()["subtype_type"], default=None,
                                                                                 return_dtype=pl.String)).alias("contract_type"),
        *(_party_kind(ctx, side) for side in ("seller", "buyer")),
    ).with_columns(
        *(pl.col(f"_{side}_kind").struct.field(f).alias(f"{side}_{f}") for side in ("seller", "buyer") for f in ("kind", "kind_source")),
    )

    # Stage 2: the checks, on parsed columns.
    checks = _Checks(ctx)
    signed, number = pl.col("signed_date"), pl.col("_number")
    checks.add(pl.col("contract_id") == "", "missing_contract_id", "contract_id", None, "every contract needs its number (合同编号)")
    date_empty = ~_filled(col("signed_date"))
    checks.add(date_empty, "missing_date", "signed_date", None, f"expected {DATE_HINT}")
    checks.add(~date_empty & signed.is_null(), "bad_date", "signed_date", col("signed_date"), f"is not a real date; expected {DATE_HINT}")
    checks.add(signed > ctx.today, "future_date", "signed_date", col("signed_date"), f"is in the future (today is {ctx.today})")
    checks.add(signed < EARLIEST_DATE, "bad_date", "signed_date", col("signed_date"), f"is before {EARLIEST_DATE}; a typing error?")
    type_given = _filled(col("contract_type"))
    checks.add(pl.col("contract_type").is_null() & (type_given | ~pl.col("_subtype_present")), "unknown_type", "contract_type",
               col("contract_type"), f"is not a contract type; expected {TYPES_HINT}, or a registry subtype such as 技术开发（委托）")
    checks.add(pl.col("_subtype_present") & pl.col("_subtype_written").is_null(), "unknown_subtype", "contract_subtype",
               col("contract_subtype"), f"is not a contract subtype; expected {SUBTYPE_HINT}")
    subtype_type = pl.col("contract_subtype").replace_strict(registry_vocabularies()["subtype_type"], default=None, return_dtype=pl.String)
    checks.add(pl.col("_type_written").is_not_null() & subtype_type.is_not_null() & (subtype_type != pl.col("_type_written")),
               "type_contradicts_subtype", "contract_subtype", col("contract_subtype"),
               "belongs to another contract type than the one in the type column; correct one of them")
    checks.add(pl.col("_ip_present") & pl.col("ip_type").is_null(), "unknown_ip_type", "ip_type", col("ip_type"),
               f"is not an intellectual-property type; expected {IP_HINT}")
    for side in ("seller", "buyer"):
        checks.add(_filled(col(f"{side}_kind")) & pl.col(f"_{side}_kind_written").is_null(), "unknown_party_kind",
                   f"{side}_kind", col(f"{side}_kind"), f"is not a kind of party; expected {KIND_HINT}")
    registered_empty = ~_filled(col("registered_date"))
    checks.add(~registered_empty & pl.col("registered_date").is_null(), "bad_date", "registered_date", col("registered_date"),
               f"is not a real date; expected {DATE_HINT}")
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
    checks.add(~amount_empty & number.is_null(), "bad_amount", "amount", col("amount"),
               "is not a number; expected e.g. 1,250,000 or 125万元")
    checks.add(number < 0, "negative_amount", "amount", col("amount"), "is negative; a contract value cannot be")
    checks.add(pl.col("_multiplier").is_null(), "bad_unit", "amount_unit", pl.col("_unit"),
               "is not an amount unit; expected 元, 万元 or 亿元")
    checks.add(pl.col("_unit_in_value").is_not_null() & (unit_column != "")
               & (pl.col("_unit_column_multiplier") != pl.col("_unit_in_value_multiplier")),
               "bad_unit", "amount", col("amount"), "carries a unit that contradicts the unit column; write one of them")
    checks.add(pl.col("_tech_present") & pl.col("_tech_number").is_null(), "bad_amount", "tech_amount", col("tech_amount"),
               "is not a number")
    checks.add(pl.col("_tech_number") < 0, "negative_amount", "tech_amount", col("tech_amount"), "is negative")
    checks.add(pl.col("currency").is_null(), "unknown_currency", "currency", col("currency"),
               "is not a known currency; expected an ISO 4217 code or name such as 人民币/CNY, 美元/USD, 港元/HKD, 欧元/EUR, 日元/JPY "
               "(see the table currencies)")
    frame = checks.apply(frame.with_columns(
        pl.when(pl.col("_seller_code") != "").then(pl.col("_seller_code")).alias("seller_id"),
        pl.when(pl.col("_buyer_code") != "").then(pl.col("_buyer_code")).alias("buyer_id"),
        _money(number, pl.col("_multiplier")).alias("amount_original"),
        pl.when(pl.col("_tech_present")).then(_money(pl.col("_tech_number"), pl.col("_tech_multiplier"))).alias("tech_original"),
    ))

    # Stage 3: conversion to yuan at the rate of the last published day on or before the signing date
    # (CNY needs none), and what depends on it.
    frame = _join_rates(frame, ctx.fx)
    stale = pl.col("rate_date") < pl.col("signed_date") - pl.duration(days=FX_STALE_DAYS)
    rate = (pl.when(pl.col("currency") == "CNY").then(pl.lit(1, WORK))
            .when(~stale).then(pl.col("cny_per_unit").cast(WORK)))
    frame = frame.with_columns(
        rate.alias("_rate"),
        (pl.col("amount_original").cast(WORK) * rate).round(2).cast(MONEY, strict=False).alias("amount_cny"),
        (pl.col("tech_original").cast(WORK) * rate).round(2).cast(MONEY, strict=False).alias("tech_amount_cny"),
    )
    later = _Checks(ctx)
    later.add(pl.col("currency").is_not_null() & (pl.col("currency") != "CNY") & pl.col("signed_date").is_not_null()
              & pl.col("_rate").is_null(),
              "no_fx_rate", "currency", pl.col("currency") + " " + pl.col("signed_date").cast(pl.String),
              pl.when(pl.col("rate_date").is_null()).then(pl.lit("has no exchange rate in fx_rates on or before that date"))
              .otherwise(pl.concat_str(pl.lit("has no exchange rate in fx_rates within "), pl.lit(str(FX_STALE_DAYS)),
                                       pl.lit(" days before that date (the last is of "), pl.col("rate_date").cast(pl.String), pl.lit(")")))
              + pl.lit("; add the rate or convert the amount to CNY"))
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
        "amount_original", "is_cross_border", "contract_subtype", "ip_type", "seller_kind", "seller_kind_source",
        "buyer_kind", "buyer_kind_source", "registered_date", "registry", "reason_code", "reason",
    )


def _join_rates(frame: pl.DataFrame, fx: pl.DataFrame) -> pl.DataFrame:
    """Each row's rate_date and cny_per_unit: the currency's last published day on or before its signing date."""
    keyed = frame.with_row_index("_pos").with_columns(pl.col("signed_date").fill_null(dt.date(1, 1, 1)).alias("_on"))
    joined = keyed.sort("_on").join_asof(fx.rename({"rate_date": "_rate_on"}), left_on="_on", right_on="_rate_on", by="currency",
                                          strategy="backward", check_sortedness=False)
    return joined.sort("_pos").rename({"_rate_on": "rate_date"}).drop("_pos", "_on")


def _party_kind(ctx: Context, side: str) -> pl.Expr:
    """{kind, kind_source}: as the file says, else from the credit code's first two characters (and, for
    public institutions and private non-enterprise units, the name)."""
    written = pl.col(f"_{side}_kind_written")
    code = pl.col(f"_{side}_code")
    prefix = code.str.slice(0, 2)
    name = clean_expr(ctx.col(f"{side}_name"))
    by_name = (pl.when(name.str.contains(UNIVERSITY_WORDS)).then(pl.lit("university"))
               .when(name.str.contains(INSTITUTE_WORDS)).then(pl.lit("research_institute")).otherwise(pl.lit("other")))
    well_formed = code.str.contains(uscc.FORMAT)
    derived = (pl.when(~well_formed).then(None)
               .when(prefix.is_in(["12", "52"])).then(by_name)
               .otherwise(prefix.replace_strict(KIND_BY_CREDIT_CODE, default="other", return_dtype=pl.String)))
    source = (pl.when(written.is_not_null()).then(pl.lit("file"))
              .when(~well_formed).then(None)
              .when(prefix.is_in(["12", "52"])).then(pl.lit("credit_code_and_name"))
              .otherwise(pl.lit("credit_code")))
    return pl.struct(pl.coalesce(written, derived).alias("kind"), source.alias("kind_source")).alias(f"_{side}_kind")


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
        resolve_region(col("region")).alias("region_code"),
        pl.when(_filled(col("industry"))).then(clean_expr(col("industry"))).alias("industry"),
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
        checks.add(pl.col(flag).is_null(), "bad_flag", flag, col(flag),
                   "is not a yes/no value; expected 是/否, Y/N, yes/no, true/false or 1/0")
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
