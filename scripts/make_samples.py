"""Write the small sample input files in data/samples/ (run once; the output is committed).

- contracts_sample.csv: GBK-encoded CSV with Chinese headers and the variety real registry
  exports have (dates in three styles, 万元 amounts with thousands separators, full-width digits,
  region names with and without suffixes, foreign parties in USD/HKD/EUR). Its last five rows are
  deliberately wrong so that the README's example shows what a reject looks like.
  The registry's own columns (合同子类, 知识产权类型, 卖方类型, 登记日期, 登记机构) follow the others.
- enterprises_sample.xlsx: a workbook with a title row above the headers, 是/否 flags, SME tiers
  and incubation stages as a registry writes them.
All names are invented.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import numpy as np
import openpyxl

from etl.uscc import make_codes

OUT = Path(__file__).resolve().parent.parent / "data" / "samples"
HEADERS = ["合同编号", "签订日期", "合同类别", "技术领域", "卖方名称", "卖方统一社会信用代码", "卖方所在地",
           "买方名称", "买方统一社会信用代码", "买方所在地", "成交金额", "币种", "金额单位", "技术交易额"]
# The registry's own columns, after the others (drawn from a separate generator so the columns above stay as they were).
REGISTRY_HEADERS = ["合同子类", "知识产权类型", "卖方类型", "登记日期", "登记机构"]
SUBTYPES = {"技术开发": ["技术开发（委托）", "技术开发（合作）"], "development": ["技术开发（委托）"],
            "技术转让": ["技术转让（专利权）", "技术转让（技术秘密）", "技术转让（专利申请权）"],
            "技术许可": ["技术许可（专利实施许可）", "技术许可（技术秘密使用许可）"],
            "技术服务": ["技术服务（一般技术服务）", "技术服务（技术中介）"],
            "service": ["技术服务（技术培训）"], "技术咨询": ["技术咨询"]}
IP_OF = {"专利权": "发明专利", "专利申请权": "专利申请", "技术秘密": "技术秘密", "专利实施许可": "实用新型专利"}
CITIES = [("东莞市", 441900), ("深圳", 440300), ("广州市", 440100), ("佛山", 440600), ("珠海市", 440400), ("惠州", 441300),
          ("上海市", 310000), ("苏州", 320500), ("杭州市", 330100), ("合肥", 340100), ("南京市", 320100), ("Ningbo", 330200),
          ("北京市", 110000), ("湖北省", 420000)]
FOREIGN = [("香港特别行政区", "港元"), ("澳门", "港元"), ("德国", "欧元"), ("United States", "美元"), ("日本", "美元"), ("新加坡", "美元")]
TYPES = ["技术开发", "技术转让", "技术许可", "技术咨询", "技术服务", "development", "service"]
FIELDS = ["电子信息", "人工智能", "集成电路", "智能终端", "先进制造", "智能制造", "生物、医药和医疗器械", "新材料及其应用",
          "新能源与高效节能", "环境保护与资源综合利用", "现代交通", "城市建设与社会发展", "农业", "航空航天"]
WORDS = ["智能", "精密", "光电", "芯", "数联", "新材", "绿能", "生物", "智造", "云图", "湾区", "微纳"]
SUFFIX = ["科技有限公司", "技术有限公司", "研究院", "电子股份有限公司"]


def _company(rng: random.Random, city: str) -> str:
    return city.rstrip("市省") + rng.choice(WORDS) + rng.choice(WORDS) + rng.choice(SUFFIX)


def _date(rng: random.Random) -> str:
    y, m, d = rng.choice([2021, 2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日"])


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def contracts(rng: random.Random) -> list[list[str]]:
    codes = make_codes(np.array([c for _, c in CITIES] * 4), np.arange(1, 4 * len(CITIES) + 1) * 7919)
    code_of = {city: codes[i] for i, (city, _) in enumerate(CITIES)}
    rows = []
    for i in range(1, 76):
        seller_city = rng.choice(CITIES)[0]
        buyer_city = rng.choice(CITIES)[0]
        currency, seller_id, buyer_id, amount_unit = "人民币", code_of[seller_city], code_of[buyer_city], "万元"
        if i % 6 == 0:  # a foreign or HK/Macao seller
            seller_city, currency = rng.choice(FOREIGN)
            seller_id = ""
        elif i % 7 == 0:  # a foreign buyer
            buyer_city, currency = rng.choice(FOREIGN)
            buyer_id = ""
        amount = round(rng.lognormvariate(4, 1.3), 2)
        amount_text = f"{amount:,.2f}"
        if i % 11 == 0:
            amount_text = _fullwidth(f"{amount:.2f}")
        tech = f"{amount * rng.uniform(0.6, 1):.2f}" if i % 3 else ""
        rows.append([f"2023440019{i:06d}", _date(rng), rng.choice(TYPES), rng.choice(FIELDS),
                     _company(rng, seller_city[:2]), seller_id, seller_city,
                     _company(rng, buyer_city[:2]), buyer_id, buyer_city, amount_text, currency, amount_unit, tech])
    good = rows[0]
    rows += [
        ["2023440019000901", "2023年2月30日", *good[2:]],  # no such day
        ["2023440019000902", good[1], "技术入股", *good[3:]],  # not a contract type
        ["2023440019000903", good[1], good[2], good[3], good[4], good[5], "火星", *good[7:]],  # unknown region
        # a wrong check digit
        ["2023440019000904", good[1], good[2], good[3], good[4], good[5][:-1] + ("0" if good[5][-1] != "0" else "1"), *good[6:]],
        [good[0], *good[1:10], "-20", *good[11:]],  # repeats the first contract number, and a negative amount
    ]
    return rows


def registry_columns(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Subtype (blank for some rows), the IP type it implies, the seller's kind where the file says, the
    registration date and office."""
    out = []
    for row in rows:
        subtype = rng.choice(SUBTYPES.get(row[2], [""])) if rng.random() < 0.8 else ""
        ip = next((v for k, v in IP_OF.items() if k in subtype), "" if rng.random() < 0.5 else "无")
        kind = "科研院所" if row[4].endswith("研究院") else rng.choice(["", "", "企业"])
        out.append([*row, subtype, ip, kind, row[1], rng.choice(["东莞市技术合同认定登记站", "深圳市技术合同认定登记站"])])
    return out


def write_contracts(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS + REGISTRY_HEADERS)
    writer.writerows(registry_columns(rows, random.Random(2026)))
    path.write_bytes(buf.getvalue().encode("gbk"))


def write_enterprises(path: Path, rng: random.Random) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.append(["东莞滨海湾技术交易中心 · 企业名录（示例，虚构）"])
    ws.merge_cells("A1:I1")
    ws.append(["统一社会信用代码", "企业名称", "所在地区", "所属行业", "高新技术企业", "专精特新", "孵化阶段", "上市培育库", "成立年份"])
    places = ([("东莞市", 441900)] * 12 + [("深圳市", 440300)] * 6 + [("广州", 440100)] * 4 + [("苏州市", 320500)] * 4
              + [("上海", 310000)] * 4)
    codes = make_codes(np.array([c for _, c in places]), np.arange(1, len(places) + 1) * 104_729)
    tiers = ["", "", "", "创新型中小企业", "创新型中小企业", "专精特新中小企业", "专精特新“小巨人”"]
    stages = ["", "", "", "科创苗圃", "孵化器", "加速器", "创新集群"]
    industries = ["电子信息制造", "智能装备", "新材料", "生物医药", "软件和信息服务", "新能源"]
    for (place, _), code in zip(places, codes, strict=True):
        ws.append([code, _company(rng, place[:2]), place, rng.choice(industries), rng.choice(["是", "否", "是"]),
                   rng.choice(tiers), rng.choice(stages), rng.choice(["否", "否", "是"]), rng.randint(1995, 2023)])
    wb.save(path)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20231101)
    write_contracts(OUT / "contracts_sample.csv", contracts(rng))
    write_enterprises(OUT / "enterprises_sample.xlsx", rng)


if __name__ == "__main__":
    main()
