"""What a cell means, value by value, in Polars; and what the reject messages say.

etl.check makes the per-row pass in DuckDB. It calls the readings here once per distinct value of a
column (dates in every accepted form, the registry's vocabularies, currencies, units, flags) and, for
the rare cell that is not in a plain form (full-width characters and the like: NFKC), for the cleaned
text, credit code or amount. The hints below are the "expected …" part of every message: each names
the column as the file wrote it, the value and what was expected, so that whoever fixes the file
knows what to type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from etl.dimensions import (
    FLAGS,
    UNIT_MULTIPLIERS,
    Lookups,
)
from etl.headers import HeaderMap
from etl.text import clean_expr, key_expr, key_text

EARLIEST_DATE = dt.date(1980, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)
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
    today: dt.date

    def label(self, name: str) -> str:
        return self.header_map.display(self.headers, name) if name in self.header_map.positions else name


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


def lookup(key: pl.Expr, mapping: dict[str, str]) -> pl.Expr:
    return key.replace_strict(mapping, default=None, return_dtype=pl.String)


def filled(raw: pl.Expr) -> pl.Expr:
    """Whether a cell holds anything but white space (what `clean_expr(raw) != ""` says, without NFKC)."""
    return raw.str.strip_chars() != ""


def parse_amount(text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(number, unit written after it) from '1,234.5', '12.5万元', '３亿'."""
    s = clean_expr(text).str.replace_all(r"[,\s_']", "").str.replace(r"^[¥￥$€]", "")
    unit = s.str.extract(r"(亿元|亿|万元|万|元)$", 1)
    number = s.str.replace(r"(亿元|亿|万元|万|元)$", "").cast(WORK, strict=False)
    return number, unit


def unit_multiplier(unit_text: pl.Expr) -> pl.Expr:
    return key_expr(unit_text).replace_strict({key_text(k): v for k, v in UNIT_MULTIPLIERS.items()}, default=None,
                                              return_dtype=pl.Int64)


def clean_code(raw: pl.Expr) -> pl.Expr:
    return clean_expr(raw).str.to_uppercase().str.replace_all(r"[\s-]", "")


def flag_expr(raw: pl.Expr) -> pl.Expr:
    key = key_expr(raw)
    value = key.replace_strict({key_text(k): v for k, v in FLAGS.items()}, default=None, return_dtype=pl.Boolean)
    return pl.when(key == "").then(False).otherwise(value)


