"""Accepted column headers for contract and enterprise files (README, "Loading real files": the input formats
registries' files are written in, a contract: headers may be added, never dropped).

A header matches after normalisation (etl.text.key_text): case, width, spaces and
punctuation do not matter. A unit written in the header, as in 成交金额（万元）, is taken as the
amount unit for that column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.text import clean_text, key_text

CONTRACT_HEADERS: dict[str, tuple[str, ...]] = {
    "contract_id": ("contract_id", "合同编号", "合同登记号", "登记号", "合同号", "登记编号", "contract no", "contract number",
                    "registration number"),
    "signed_date": ("signed_date", "签订日期", "合同签订日期", "签约日期", "签署日期", "signing date", "date signed"),
    "contract_type": ("contract_type", "合同类别", "合同类型", "技术合同类别", "contract category"),
    "field": ("field", "field_code", "技术领域", "所属技术领域", "technology field", "tech field"),
    "seller_name": ("seller_name", "卖方名称", "卖方", "卖方单位", "seller"),
    "seller_id": ("seller_id", "卖方统一社会信用代码", "卖方信用代码", "卖方社会信用代码", "seller credit code", "seller uscc"),
    "seller_region": ("seller_region", "卖方所在地", "卖方所在地区", "卖方地区", "seller location"),
    "buyer_name": ("buyer_name", "买方名称", "买方", "买方单位", "buyer"),
    "buyer_id": ("buyer_id", "买方统一社会信用代码", "买方信用代码", "买方社会信用代码", "buyer credit code", "buyer uscc"),
    "buyer_region": ("buyer_region", "买方所在地", "买方所在地区", "买方地区", "buyer location"),
    "amount": ("amount", "成交金额", "合同金额", "合同成交金额", "成交额", "amount_original", "contract value", "contract amount"),
    "currency": ("currency", "币种", "货币", "币别", "货币种类"),
    "amount_unit": ("amount_unit", "金额单位", "单位", "unit"),
    "tech_amount": ("tech_amount", "技术交易额", "技术交易金额", "technology transaction value", "tech transaction amount"),
    # Registry fields, all optional.
    "contract_subtype": ("contract_subtype", "合同子类", "合同类型（细分）", "合同类别（细分）", "合同子类别", "技术合同子类",
                         "合同细分类别", "subtype", "contract subtype"),
    "ip_type": ("ip_type", "知识产权类型", "知识产权", "知识产权类别", "涉及知识产权类型", "ip type", "intellectual property type"),
    "seller_kind": ("seller_kind", "卖方类型", "卖方主体类型", "卖方单位类型", "卖方单位性质", "卖方性质", "seller kind", "seller type"),
    "buyer_kind": ("buyer_kind", "买方类型", "买方主体类型", "买方单位类型", "买方单位性质", "买方性质", "buyer kind", "buyer type"),
    "registered_date": ("registered_date", "登记日期", "认定登记日期", "合同登记日期", "registration date", "date registered"),
    "registry": ("registry", "登记机构", "认定登记机构", "登记机关", "技术合同登记机构", "registration office"),
}
CONTRACT_REQUIRED = (
    "contract_id", "signed_date", "contract_type", "field",
    "seller_name", "seller_region", "buyer_name", "buyer_region", "amount",
)
# A required column that another may stand in for: the subtype names the type.
STANDS_IN = {"contract_type": "contract_subtype"}

ENTERPRISE_HEADERS: dict[str, tuple[str, ...]] = {
    "enterprise_id": ("enterprise_id", "统一社会信用代码", "社会信用代码", "信用代码", "uscc", "unified social credit code"),
    "name": ("name", "企业名称", "单位名称", "公司名称", "enterprise name", "company name"),
    "region": ("region", "region_code", "所在地区", "所在地", "地区", "所在城市", "location"),
    "industry": ("industry", "所属行业", "行业", "行业类别"),
    "is_high_tech": ("is_high_tech", "高新技术企业", "是否高新技术企业", "高企", "high tech enterprise", "high tech"),
    "sme_tier": ("sme_tier", "专精特新", "中小企业梯度", "企业梯度", "梯度培育", "sme tier"),
    "incubation_stage": ("incubation_stage", "孵化阶段", "incubation stage"),
    "in_listing_pool": ("in_listing_pool", "上市培育库", "是否上市培育库", "入库上市培育", "listing pool"),
    "founded_year": ("founded_year", "成立年份", "成立年度", "成立时间", "成立日期", "year founded", "founded"),
}
ENTERPRISE_REQUIRED = ("enterprise_id", "name", "region")

KINDS = {"contracts": (CONTRACT_HEADERS, CONTRACT_REQUIRED), "enterprises": (ENTERPRISE_HEADERS, ENTERPRISE_REQUIRED)}

_UNIT_IN_HEADER = re.compile(r"[(\[]\s*(亿元|万元|元)\s*[)\]]\s*$")


def _index(headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {key_text(alias): canonical for canonical, aliases in headers.items() for alias in aliases}


_INDEX = {kind: _index(h) for kind, (h, _) in KINDS.items()}


def split_unit(header: str) -> tuple[str, str | None]:
    """'成交金额（万元）' -> ('成交金额', '万元')."""
    text = clean_text(header)
    m = _UNIT_IN_HEADER.search(text)
    return (text[: m.start()], m.group(1)) if m else (text, None)


def canonical(header: str, kind: str) -> str | None:
    return _INDEX[kind].get(key_text(split_unit(header)[0]))


def recognised(headers: list[str]) -> dict[str, int]:
    """How many of these headers each kind recognises."""
    return {kind: sum(canonical(h, kind) is not None for h in headers if h) for kind in KINDS}


@dataclass(frozen=True)
class HeaderMap:
    kind: str
    positions: dict[str, int]  # canonical -> column position
    units: dict[str, str]  # canonical -> unit written in its header
    ignored: tuple[str, ...]  # headers we do not use

    def display(self, headers: list[str], canonical_name: str) -> str:
        original = headers[self.positions[canonical_name]]
        return original if key_text(original) == key_text(canonical_name) else f"{original} ({canonical_name})"


class HeaderError(ValueError):
    pass


def map_headers(headers: list[str]) -> HeaderMap:
    """Decide the file's kind and where each canonical column is; raise HeaderError if we cannot."""
    counts = recognised(headers)
    has_contract_id = any(canonical(h, "contracts") == "contract_id" for h in headers if h)
    kind = "contracts" if has_contract_id else "enterprises"
    if counts[kind] < 2:
        raise HeaderError(
            "header matches neither a contract file (合同编号, 签订日期, 合同类别, …) nor an enterprise file "
            f"(统一社会信用代码, 企业名称, 所在地区, …); found: {', '.join(h for h in headers if h)[:300]}"
        )
    headers_spec, required = KINDS[kind]
    positions: dict[str, int] = {}
    units: dict[str, str] = {}
    ignored = []
    for i, h in enumerate(headers):
        name = canonical(h, kind) if h else None
        if name is None:
            if h:
                ignored.append(h)
            continue
        if name in positions:
            first = headers[positions[name]]
            raise HeaderError(
                f"columns {positions[name] + 1} ({first}) and {i + 1} ({h}) both give {name}; keep one of them"
            )
        positions[name] = i
        unit = split_unit(h)[1]
        if unit:
            units[name] = unit
    missing = [c for c in required if c not in positions and STANDS_IN.get(c) not in positions]
    if missing:
        wanted = "; ".join(f"{c} (e.g. {headers_spec[c][1]})" for c in missing)
        raise HeaderError(f"a {kind} file must have these columns, which are missing: {wanted}")
    return HeaderMap(kind, positions, units, tuple(ignored))
