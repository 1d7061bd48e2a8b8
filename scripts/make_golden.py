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
import tempfile
from pathlib import Path

import polars as pl

from etl.load import load_files
from techmarket.db import connect_readonly
from techmarket.settings import ROOT

GOLDEN = ROOT / "tests" / "golden"
INPUT = GOLDEN / "contracts_messy.csv"
TODAY = dt.date(2026, 12, 1)  # `future_date` is judged against this day
CONTRACT_COLUMNS = ("contract_id, signed_date, contract_type, field_code, seller_id, seller_name, seller_region, buyer_id, buyer_name, "
                    "buyer_region, amount_cny, tech_amount_cny, currency, amount_original, is_cross_border, contract_subtype, ip_type, "
                    "seller_kind, seller_kind_source, buyer_kind, buyer_kind_source, registered_date, registry")


def inputs() -> list[Path]:
    return [*sorted((ROOT / "data" / "samples").iterdir()), INPUT]


def result(db: Path) -> dict[str, pl.DataFrame]:
    """The loaded contracts and enterprises, and every reject, in a stable order and plain text."""
    con = connect_readonly(db)
    try:
        out = {
            "contracts": con.sql(f"select {CONTRACT_COLUMNS} from contracts order by contract_id").pl(),
            "enterprises": con.sql("select * exclude (etl_run_id) from enterprises order by enterprise_id").pl(),
            "rejects": con.sql("""select regexp_replace(source_file, '^.*/', '') as file, row_number, reason_code, reason
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

    from etl.database import daily_rates, prepare
    from etl.demo.generate import Geography, make_contracts_for_year, make_enterprises
    from etl.demo.targets import national_totals, published_targets
    from etl.dimensions import read_regions
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", action="store_true", help="write tests/golden/contracts_messy.csv afresh first")
    args = parser.parse_args()
    if args.input:
        write_input()
    with tempfile.TemporaryDirectory() as tmp:
        for name, frame in load_golden_inputs(Path(tmp) / "golden.duckdb").items():
            path = GOLDEN / f"expected_{name}.csv.gz"
            path.write_bytes(gzip.compress(frame.write_csv().encode("utf-8"), mtime=0))
            print(f"{path.relative_to(ROOT)}: {frame.height} rows")


if __name__ == "__main__":
    main()
