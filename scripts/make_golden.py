"""The golden ETL result: what today's ETL makes of the messy files, recorded so that a rewrite of the
checks (issue 15: the checks in DuckDB's engine) must give the same loaded rows and the same rejects.

    .venv/bin/python -m scripts.make_golden [--input]

Without --input it records tests/golden/expected_*.csv.gz from the checked-in inputs (data/samples
and tests/golden/contracts_messy.csv); with --input it first writes contracts_messy.csv afresh: 1,500
demo rows in the registry's own forms (seed 7), every reject case of tests/test_load.py, repeated
contract numbers and a few rows in the forms a spreadsheet leaves (full-width digits, spaces, 万元).
Record only on purpose: the point of the files is that they do not change with the code.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import re
import tempfile
from pathlib import Path

import polars as pl

from etl.load import load_files
from techmarket.db import connect_readonly
from techmarket.settings import ROOT

GOLDEN = ROOT / "tests" / "golden"
INPUT = GOLDEN / "contracts_messy.csv"
VARIANTS = GOLDEN / "contracts_variants.csv"
ENTERPRISE_VARIANTS = GOLDEN / "enterprises_variants.csv"
TODAY = dt.date(2026, 12, 1)  # `future_date` is judged against this day
CONTRACT_COLUMNS = ("contract_id, signed_date, contract_type, field_code, seller_id, seller_name, seller_region, buyer_id, buyer_name, "
                    "buyer_region, amount_cny, tech_amount_cny, currency, amount_original, is_cross_border, contract_subtype, ip_type, "
                    "seller_kind, seller_kind_source, buyer_kind, buyer_kind_source, registered_date, registry")


def inputs() -> list[Path]:
    return [*sorted((ROOT / "data" / "samples").iterdir()), INPUT, VARIANTS, ENTERPRISE_VARIANTS]


def result(db: Path) -> dict[str, pl.DataFrame]:
    """The loaded contracts and enterprises, and every reject, in a stable order and plain text."""
    con = connect_readonly(db)
    try:
        out = {
            "contracts": con.sql(f"select {CONTRACT_COLUMNS} from contracts order by contract_id").pl(),
            "enterprises": con.sql("select * exclude (etl_run_id) from enterprises order by enterprise_id").pl(),
            "rejects": con.sql("""select regexp_replace(source_file, '^.*/', '') as file, row_number, reason_code, reason, raw
                                  from etl_rejects order by file, row_number, reason_code""").pl(),
        }
    finally:
        con.close()
    out = {k: v.select(pl.all().cast(pl.String)) for k, v in out.items()}
    for folder in {str(p.parent) + "/" for p in inputs()}:  # messages name files by path: keep only the name
        out["rejects"] = out["rejects"].with_columns(pl.col("reason").str.replace_all(folder, "", literal=True))
    return out


def load_golden_inputs(db: Path) -> dict[str, pl.DataFrame]:
    load_files(inputs(), db, progress=None, today=TODAY)
    return result(db)


def write_input() -> None:
    import duckdb
    import numpy as np

    from etl.demo.generate import Geography, make_contracts_for_year, make_enterprises
    from etl.demo.targets import national_totals, published_targets
    from etl.dimensions import read_regions
    from etl.reference import daily_rates, prepare
    from etl.registry_forms import RegistryForms
    from etl.uscc import make_codes
    from tests.conftest import GOOD_ROW

    rng = np.random.default_rng(7)
    ref = duckdb.connect()
    prepare(ref)
    fx = daily_rates()
    regions = read_regions().filter(pl.col("lat").is_not_null())
    geo = Geography(regions)
    ent = make_enterprises(geo, 2_000, rng, TODAY)
    names_en = dict(zip(regions["region_code"], regions["name_en"], strict=True))
    demo = make_contracts_for_year(2023, 1_500, geo, published_targets(ref), national_totals(ref)[2023][1], ent, fx, rng, names_en,
                                   RegistryForms(fx))
    sz = make_codes(np.array([440300]), np.array([11]))[0]
    cases = [{"合同编号": ""}, {"签订日期": "2023-02-30"}, {"签订日期": "2027-01-01"}, {"签订日期": ""}, {"成交金额": "-5"},
             {"成交金额": "lots"}, {"金额单位": "千元"}, {"合同类别": "技术入股"}, {"技术领域": "量子玄学"}, {"卖方所在地": "火星"},
             {"买方所在地": "Taizhou"}, {"买方所在地": "鼓楼区"}, {"币种": "比特币"}, {"币种": "USD", "签订日期": "2004-05-01"},
             {"币种": "新台币"}, {"卖方统一社会信用代码": sz[:-1] + ("0" if sz[-1] != "0" else "1")},
             {"买方统一社会信用代码": "12345"}, {"卖方名称": ""}, {"技术交易额": "200"},
             {"成交金额": "１２０"}, {"金额单位": " 万元 "}, {"签订日期": "2023年11月1日"}, {"签订日期": "45231"},
             {"卖方所在地": "广东省深圳市南山区"}, {"买方所在地": "N/A"}, {"币种": "港币", "签订日期": "2023/6/30"}]
    extra = [GOOD_ROW | {"合同编号": f"G-{i:03d}"} | case for i, case in enumerate(cases)]
    extra += [dict(GOOD_ROW, 合同编号="G-DUP"), dict(GOOD_ROW, 合同编号="G-DUP", 成交金额="130"),
              dict(GOOD_ROW, 合同编号=demo["合同编号"][0])]
    headers = demo.columns
    with INPUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(headers)
        for values in demo.iter_rows():
            w.writerow(["" if v is None else v for v in values])
        for row in extra:
            w.writerow([row.get(h, "") for h in headers])


# Cells as people and systems write them (issue 15's checks in DuckDB must read every one as before).
_ODD = ["e\u0301", "\uf900", "\u2026", "\u2460", "\u1100\u1161", "\ufb01", "\U0001f600", "\u2028", "\u0085", "\u00a0",
        "\u3000", "\u200b", "\ufeff", "\u00b7", "\u2014", "\uff08", "\uff09", "\u00a5", "\uffe5", "\u20ac", "\t", "\x0b", "\x1c",
        "\u00bd", "\u2155", "\u0660", "\u0967", "\uff10", "'", '"', "\\", "/", "_", ",", "-", "+", "."]
_PADS = [" ", "  ", "\t", "\u3000", "\u00a0", "\u2002", "\n", "\r\n", "\u0085", "\x0b"]


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else ("\u3000" if c == " " else c) for c in text)


def _variant(header: str, value: str, rng) -> str:
    """One way of writing `value` that a registry export, a spreadsheet or a person might use."""
    pick = int(rng.integers(0, 12))
    if pick == 0:
        return _fullwidth(value)
    if pick == 1:
        return str(rng.choice(_PADS)) + value + str(rng.choice(_PADS))
    if pick == 2:
        return value.lower() if rng.random() < 0.5 else value.upper()
    if pick == 3 and value:
        i = int(rng.integers(0, len(value) + 1))
        return value[:i] + str(rng.choice(_ODD)) + value[i:]
    if pick == 4:
        return ""
    if header in ("成交金额", "技术交易额") and value:
        forms = [lambda v: f"{float(v):,.2f}", lambda v: "¥" + v, lambda v: "￥" + v, lambda v: v + "元",
                 lambda v: f"{float(v) / 10_000:.6f}万元", lambda v: f"{float(v) / 1e8:.10f}亿", lambda v: f"{float(v):.3e}",
                 lambda v: "+" + v, lambda v: v.replace(".", ",", 1), lambda v: "1_" + v, lambda v: "1'" + v, lambda v: v + ".",
                 lambda v: "." + v.replace(".", ""), lambda v: f"{float(v):.9f}", lambda v: "-" + v, lambda v: "0" + v,
                 lambda v: v + " 万元", lambda v: "$" + v, lambda v: "€" + v, lambda v: v + "亿元", lambda v: "1 000",
                 lambda v: "12345678901234567890123456789", lambda v: "9" * 40, lambda v: "0.005", lambda v: "0.015",
                 lambda v: "2.675", lambda v: "-0", lambda v: "1,2,3", lambda v: "5万万", lambda v: "NaN", lambda v: "inf"]
        try:
            return forms[int(rng.integers(0, len(forms)))](value)
        except ValueError:
            return value
    if header in ("签订日期", "登记日期") and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        y, m, d = value[:4], value[5:7], value[8:10]
        dates = [f"{y}.{int(m)}.{int(d)}", f"{y}{m}{d}", f"{value} 00:00:00", f"{value}T10:30", f"{y}/{m}/{d}",
                 f"{y}年{int(m)}月{int(d)}日", _fullwidth(f"{y}年{int(m)}月{int(d)}日"), "45000.0", "45000", "4500", "99999",
                 f"{d}/{m}/{y}", f"{y}-{int(m)}-{int(d)}", f"{y}-{m}", "1979-12-31", "2999-01-01", f"{value}日"]
        return dates[int(rng.integers(0, len(dates)))]
    if header.endswith("统一社会信用代码") and value:
        forms = [lambda v: v[:6] + " " + v[6:], lambda v: v[:4] + "-" + v[4:], lambda v: v.lower(), lambda v: v[:-1],
                 lambda v: v + "0", lambda v: v.replace("0", "O"), lambda v: v[:17] + "I", lambda v: " " + v + "\t"]
        return forms[int(rng.integers(0, len(forms)))](value)
    if header in ("币种",):
        return str(rng.choice(["usd", " USD ", "ＵＳＤ", "美元", "美金", "HK$", "港幣", "eur", "欧元", "日元", "JPY", "人民币元",
                               "RMB", "CNY", "rmb", "英镑", "GBP", "₩", "XXX", "AUD", "澳元", "新加坡元", "台币"]))
    if header in ("金额单位",):
        return str(rng.choice(["元", "万元", "亿元", "万", "yuan", "10k", "千元", "萬元", " 万元 ", "Yuan", "", "10000", "百万"]))
    if header.endswith("所在地"):
        return str(rng.choice([value + "区", "440305", "４４０３０５", "440305000000", "深圳市 南山区", "HK", "hong kong", "香港",
                               "Macao", "台湾省", "美国", "USA", "United States", "DEU", "de", "Taizhou", "鼓楼区", "吉林",
                               "吉林市", "襄樊", "广东省深圳市南山区粤海街道", "北京市海淀区中关村大街1号", "美国加利福尼亚州",
                               "Korea, Republic of", "南朝鲜", value]))
    if header in ("合同类别", "合同子类", "知识产权类型", "卖方类型", "买方类型", "技术领域"):
        return str(rng.choice(["技术开发", "技术开发（委托）", "技术开发(合作)", "技术转让（专利权）", "technical service", "Development",
                               "技术许可（专利实施许可）", "技术服务（技术中介）", "发明专利", "实用新型", "技术秘密", "无", "企业",
                               "高等院校", "科研院所", "自然人", "university", "电子信息", "人工智能", "ai", "新能源", "核应用",
                               "生物、医药和医疗器械", "先进制造", "其他", value]))
    return value


def write_variants() -> None:
    """contracts_variants.csv and enterprises_variants.csv: good rows with one to three cells written in other
    forms (full-width, padded with any kind of space, other cases, odd characters, amounts and dates in every
    style, codes with spaces, vocabularies in their variants), seed 11."""
    import fastexcel
    import numpy as np

    from etl.uscc import make_codes

    rng = np.random.default_rng(11)
    with INPUT.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    headers, body = rows[0], rows[1:1501]
    out = []
    for i in range(3_000):
        row = list(body[int(rng.integers(0, len(body)))])
        row[0] = f"V-{i:05d}"
        for _ in range(int(rng.integers(1, 4))):
            c = int(rng.integers(1, len(headers)))
            row[c] = _variant(headers[c], row[c], rng)
        if rng.random() < 0.05:
            row[0] = _variant(headers[0], row[0], rng)
        out.append(row)
    with VARIANTS.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(headers)
        w.writerows(out)
    sheet = fastexcel.read_excel(ROOT / "data" / "samples" / "enterprises_sample.xlsx").load_sheet(0, header_row=None, dtypes="string")
    table = [["" if v is None else v for v in r] for r in sheet.to_polars().rows()]
    eh, ebody = table[1], table[2:]
    extra = {"所在地区": ["东莞", "东莞市", "４４１９００", "Dongguan", "鼓楼区", "火星", ""], "所属行业": ["电子信息制造", " 软件 ", ""],
             "高新技术企业": ["是", "否", "Y", "n", "TRUE", "1", "０", "√", "有", "maybe", ""],
             "专精特新": ["专精特新“小巨人”", "小巨人", "创新型", "Specialised", "无", "", "国家级"],
             "孵化阶段": ["科创苗圃", "孵化器", "加速", "cluster", "无", "", "种子期"], "上市培育库": ["是", "否", "", "yes", "x"],
             "成立年份": ["2011", "２０１１", "2011年", "1899", "2030", "", "abc", "2011-05-01", "45000"]}
    eout = []
    codes = make_codes(np.full(600, 441900), np.arange(5_000, 5_600))
    for i in range(600):
        row = list(ebody[int(rng.integers(0, len(ebody)))])
        row[0] = codes[i]
        for _ in range(int(rng.integers(1, 3))):
            c = int(rng.integers(0, len(eh)))
            options = extra.get(eh[c])
            row[c] = str(rng.choice(options)) if options and rng.random() < 0.7 else _variant(eh[c], row[c], rng)
        eout.append(row)
    with ENTERPRISE_VARIANTS.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(eh)
        w.writerows(eout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", action="store_true", help="write tests/golden/contracts_messy.csv afresh first")
    parser.add_argument("--variants", action="store_true", help="write the two *_variants.csv afresh first")
    args = parser.parse_args()
    if args.input:
        write_input()
    if args.variants:
        write_variants()
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in load_golden_inputs(Path(tmp) / "golden.duckdb").items():
            path = GOLDEN / f"expected_{name}.csv.gz"
            path.write_bytes(gzip.compress(frame.write_csv().encode("utf-8"), mtime=0))
            print(f"{path.relative_to(ROOT)}: {frame.height} rows")


if __name__ == "__main__":
    main()
