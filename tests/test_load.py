"""`etl load` end to end on real DuckDB files: formats, normalisation, rejects, merges, atomicity."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import polars as pl
import pytest

from etl import database
from etl import load as load_module
from etl.load import load_files
from etl.lock import LoadError, load_lock
from etl.readers import FileRefused
from etl.uscc import make_codes
from techmarket.db import connect_readonly
from techmarket.settings import ROOT
from tests.conftest import CONTRACT_HEADERS_ZH, GOOD_ROW, SAMPLES, contract_rows, query, write_csv

TODAY = dt.date(2026, 11, 26)
SZ_CODE, DG_CODE = make_codes(np.array([440300, 441900]), np.array([11, 12]))


def load(paths, db, **kw):
    return load_files([Path(p) for p in paths], db, progress=None, today=TODAY, **kw)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_gbk_csv_with_chinese_headers_loads(tmp_path, tmp_db):
    src = write_csv(tmp_path / "gbk.csv", contract_rows(3, 卖方统一社会信用代码=SZ_CODE), encoding="gbk")
    s = load([src], tmp_db)
    assert (s.rows_in, s.rows_loaded, s.rows_rejected) == (3, 3, 0)
    assert s.files[0].encoding == "gb18030"
    row = query(tmp_db, "select contract_type, field_code, seller_region, buyer_region, amount_cny, currency, seller_id, "
                        "is_cross_border from contracts where contract_id = 'T-0001'")[0]
    assert row == ("development", "ai", "440300", "441900", Decimal("1200000.00"), "CNY", SZ_CODE, False)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_encodings_are_detected(tmp_path, tmp_db, encoding):
    src = write_csv(tmp_path / "c.csv", contract_rows(2, 卖方名称="粤港澳科技（深圳）有限公司"), encoding=encoding)
    s = load([src], tmp_db)
    assert s.rows_loaded == 2
    assert query(tmp_db, "select distinct seller_name from contracts") == [("粤港澳科技(深圳)有限公司",)]


def test_english_headers_tab_delimited(tmp_path, tmp_db):
    headers = ["contract_id", "signed_date", "contract_type", "field", "seller_name", "seller_region", "buyer_name",
               "buyer_region", "amount", "currency"]
    rows = [dict(zip(headers, ["E1", "2022/3/4", "Technology transfer", "Integrated circuits", "Acme GmbH", "Germany",
                               "Dongguan Co", "Dongguan", "1,000,000", "EUR"], strict=True))]
    s = load([write_csv(tmp_path / "en.tsv", rows, delimiter="\t")], tmp_db)
    assert s.rows_loaded == 1
    rate = day_rate(tmp_db, "EUR", "2022-03-04")
    got = query(tmp_db, "select contract_type, field_code, seller_region, amount_original, amount_cny, is_cross_border from contracts")[0]
    assert got == ("transfer", "ic", "DE", Decimal("1000000.00"), (Decimal("1000000") * rate).quantize(Decimal("0.01")), True)


def day_rate(db, currency: str, day: str) -> Decimal:
    """The rate of the last published day on or before `day`."""
    return query(db, "select cny_per_unit from fx_rates where currency = ? and rate_date <= ?::date order by rate_date desc limit 1",
                 [currency, day])[0][0]


def test_foreign_currency_converts_at_the_signing_dates_rate(tmp_path, tmp_db):
    rows = contract_rows(2, 币种="美元", 卖方所在地="美国", 签订日期="2023-11-01")
    rows[1].update(签订日期="2021-06-27", 币种="HKD", 卖方所在地="香港")  # a Sunday: Friday's rate
    load([write_csv(tmp_path / "fx.csv", rows)], tmp_db)
    got = dict(query(tmp_db, "select currency, amount_cny from contracts"))
    usd = query(tmp_db, "select cny_per_unit from fx_rates where currency = 'USD' and rate_date = '2023-11-01'")[0][0]
    assert got["USD"] == (Decimal("1200000") * usd).quantize(Decimal("0.01"))
    hkd = query(tmp_db, "select cny_per_unit from fx_rates where currency = 'HKD' and rate_date = '2021-06-25'")[0][0]
    assert got["HKD"] == (Decimal("1200000") * hkd).quantize(Decimal("0.01"))
    assert query(tmp_db, "select count(*) from contracts where amount_original = 1200000 and is_cross_border")[0][0] == 2


def test_xlsx_with_title_row_loads_enterprises(sample_db):
    rows = query(sample_db, "select count(*), count(*) filter (is_high_tech), count(distinct sme_tier), "
                            "count(*) filter (incubation_stage is not null) from enterprises")[0]
    assert rows[0] == 30 and 0 < rows[1] < 30 and rows[2] >= 3 and rows[3] > 0
    # The workbook's first row is a title; row numbers and values come from the header on row 2.
    files = query(sample_db, "select kind, format, rows_in, rows_rejected from etl_files where source_file like '%.xlsx'")
    assert files == [("enterprises", "xlsx", 30, 0)]


def test_xlsx_with_excel_dates_numbers_and_merged_cells(tmp_path, tmp_db):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CONTRACT_HEADERS_ZH)
    base = [GOOD_ROW[h] for h in CONTRACT_HEADERS_ZH]
    r1 = list(base)
    r1[0], r1[1], r1[10] = "X1", dt.date(2023, 5, 6), 88.5
    r2 = list(base)
    r2[0], r2[1], r2[10] = "X2", 45231, "=1+2"  # a serial date; a formula with no cached value
    ws.append(r1)
    ws.append(r2)
    ws.append(["X3", *base[1:]])
    ws.merge_cells("A4:B4")  # merging wipes 签订日期 of X3
    path = tmp_path / "c.xlsx"
    wb.save(path)
    s = load([path], tmp_db)
    assert (s.rows_loaded, s.rows_rejected) == (1, 2)
    assert query(tmp_db, "select signed_date, amount_cny from contracts") == [(dt.date(2023, 5, 6), Decimal("885000.00"))]
    rejects = dict(query(tmp_db, "select row_number, reason_code from etl_rejects"))
    assert rejects == {3: "missing_amount", 4: "missing_date"}


def test_parquet_with_typed_columns_loads(tmp_path, tmp_db):
    frame = pl.DataFrame({
        "contract_id": ["P1", "P2"], "signed_date": [dt.date(2024, 1, 2), dt.date(2024, 2, 3)],
        "contract_type": ["service", "consulting"], "field": ["new_energy", "新材料"],
        "seller_name": ["a", "b"], "seller_region": ["440300", "310000"], "buyer_name": ["c", "d"],
        "buyer_region": ["441900", "Macao"], "amount": [1234.5, 99.0], "amount_unit": ["元", "万元"],
    })
    frame.write_parquet(tmp_path / "c.parquet")
    s = load([tmp_path / "c.parquet"], tmp_db)
    assert s.rows_loaded == 2
    assert query(tmp_db, "select contract_id, amount_cny, buyer_region from contracts order by 1") == [
        ("P1", Decimal("1234.50"), "441900"), ("P2", Decimal("990000.00"), "820000")]


def test_unit_written_in_the_header_applies(tmp_path, tmp_db):
    headers = [h if h != "成交金额" else "成交金额（万元）" for h in CONTRACT_HEADERS_ZH if h != "金额单位"]
    rows = [{("成交金额（万元）" if k == "成交金额" else k): v for k, v in GOOD_ROW.items()}]
    load([write_csv(tmp_path / "c.csv", rows, headers=headers)], tmp_db)
    assert query(tmp_db, "select amount_cny from contracts")[0][0] == Decimal("1200000.00")


REJECTS = [
    ({"合同编号": ""}, "missing_contract_id", "合同编号 (contract_id) is empty"),
    ({"签订日期": "2023-02-30"}, "bad_date", "签订日期 (signed_date) '2023-02-30' is not a real date"),
    ({"签订日期": "2027-01-01"}, "future_date", "'2027-01-01' is in the future"),
    ({"签订日期": ""}, "missing_date", "签订日期 (signed_date) is empty"),
    ({"成交金额": "-5"}, "negative_amount", "成交金额 (amount) '-5' is negative"),
    ({"成交金额": "lots"}, "bad_amount", "'lots' is not a number"),
    ({"金额单位": "千元"}, "bad_unit", "'千元' is not an amount unit"),
    ({"合同类别": "技术入股"}, "unknown_type", "合同类别 (contract_type) '技术入股' is not a contract type"),
    ({"技术领域": "量子玄学"}, "unknown_field", "技术领域 (field) '量子玄学' is not a technology field"),
    ({"卖方所在地": "火星"}, "unknown_region", "卖方所在地 (seller_region) '火星' is not a known region"),
    ({"买方所在地": "Taizhou"}, "ambiguous_region", "names more than one region"),
    ({"币种": "比特币"}, "unknown_currency", "'比特币' is not a known currency"),
    ({"币种": "USD", "签订日期": "2004-05-01"}, "no_fx_rate", "'USD 2004-05-01' has no exchange rate in fx_rates on or before that date"),
    ({"币种": "新台币"}, "no_fx_rate", "has no exchange rate"),
    ({"卖方统一社会信用代码": SZ_CODE[:-1] + ("0" if SZ_CODE[-1] != "0" else "1")}, "bad_credit_code", "check digit"),
    ({"买方统一社会信用代码": "12345"}, "bad_credit_code", "expected 18 characters"),
    ({"卖方名称": ""}, "missing_name", "卖方名称 (seller_name) is empty"),
    ({"技术交易额": "200"}, "tech_exceeds_amount", "is larger than the contract value"),
]


@pytest.mark.parametrize(("override", "code", "message"), REJECTS, ids=[r[1] + str(i) for i, r in enumerate(REJECTS)])
def test_every_reject_reason_names_column_value_and_expectation(tmp_path, tmp_db, override, code, message):
    rows = contract_rows(2)
    rows[1].update(override)
    src = write_csv(tmp_path / "bad.csv", rows)
    s = load([src], tmp_db)
    assert (s.rows_in, s.rows_loaded, s.rows_rejected) == (2, 1, 1)
    got = query(tmp_db, "select source_file, row_number, reason_code, reason, raw from etl_rejects")
    assert len(got) == 1
    file, row_number, reason_code, reason, raw = got[0]
    assert (file, row_number, reason_code) == (str(src), 3, code)
    assert message in reason
    assert json.loads(raw)["合同编号"] == rows[1]["合同编号"]  # the original row, keyed by the file's headers


def test_a_row_with_several_problems_lists_them_all(tmp_path, tmp_db):
    rows = contract_rows(1, 签订日期="someday", 卖方所在地="火星", 成交金额="-1")
    load([write_csv(tmp_path / "bad.csv", rows)], tmp_db)
    (reason,) = query(tmp_db, "select reason from etl_rejects")[0]
    assert reason.count(" | ") == 2 and "someday" in reason and "火星" in reason and "'-1'" in reason


def test_repeated_contract_id_keeps_the_first(tmp_path, tmp_db):
    rows = contract_rows(3)
    rows[2].update(合同编号="T-0001", 成交金额="999")
    src = write_csv(tmp_path / "dup.csv", rows)
    s = load([src], tmp_db)
    assert (s.rows_loaded, s.rows_rejected) == (2, 1)
    assert query(tmp_db, "select amount_cny from contracts where contract_id = 'T-0001'")[0][0] == Decimal("1200000.00")
    (reason,) = query(tmp_db, "select reason from etl_rejects where reason_code = 'duplicate_contract_id'")[0]
    assert f"repeats {src} row 2" in reason


def test_reloading_the_same_file_changes_nothing(tmp_path, tmp_db):
    src = write_csv(tmp_path / "c.csv", contract_rows(5))
    load([src], tmp_db)
    before = query(tmp_db, "select * from contracts order by contract_id")
    s = load([src], tmp_db)
    assert (s.rows_in, s.rows_loaded, s.rows_updated, s.rows_unchanged) == (5, 0, 0, 5)
    assert query(tmp_db, "select * from contracts order by contract_id") == before


def test_a_later_file_corrects_a_contract(tmp_path, tmp_db):
    load([write_csv(tmp_path / "v1.csv", contract_rows(3))], tmp_db)
    v2 = contract_rows(3)
    v2[1]["成交金额"] = "150"
    v2.append(dict(GOOD_ROW, 合同编号="T-9999"))
    s = load([write_csv(tmp_path / "v2.csv", v2)], tmp_db)
    assert (s.rows_in, s.rows_loaded, s.rows_updated, s.rows_unchanged, s.rows_rejected) == (4, 1, 1, 2, 0)
    assert query(tmp_db, "select amount_cny, etl_run_id from contracts where contract_id = 'T-0002'") == [(Decimal("1500000.00"), 2)]
    assert query(tmp_db, "select count(*) from contracts")[0][0] == 4


def test_run_counts_always_add_up(tmp_path, tmp_db):
    rows = contract_rows(6)
    rows[1]["签订日期"] = "bad"
    rows[2]["合同编号"] = "T-0001"
    load([write_csv(tmp_path / "a.csv", rows), SAMPLES / "enterprises_sample.xlsx"], tmp_db)
    load([write_csv(tmp_path / "b.csv", contract_rows(8))], tmp_db)
    runs = query(tmp_db, "select rows_in, rows_loaded, rows_updated, rows_unchanged, rows_rejected from etl_runs order by run_id")
    assert runs[0] == (36, 34, 0, 0, 2)
    assert runs[1] == (8, 4, 0, 4, 0)  # T-0001, -0004..-0006 as before; -0002, -0003, -0007, -0008 new
    for r in runs:
        assert r[0] == sum(r[1:])
    assert query(tmp_db, "select sum(rows_in), sum(rows_rejected) from etl_files where run_id = 1")[0] == (36, 2)


def test_ragged_rows_are_rejected_with_their_row_numbers(tmp_path, tmp_db):
    src = write_csv(tmp_path / "c.csv", contract_rows(4))
    lines = src.read_text().splitlines()
    lines[2] = lines[2] + ",extra,fields"
    lines[3] = ",".join(lines[3].split(",")[:5])
    lines.insert(4, "")  # a blank line is spacing, not a row, but it still counts in row numbers
    src.write_text("\n".join(lines) + "\n")
    s = load([src], tmp_db)
    assert (s.rows_in, s.rows_loaded, s.rows_rejected) == (4, 2, 2)
    assert query(tmp_db, "select row_number, reason_code from etl_rejects order by 1") == [(3, "bad_row_shape"), (4, "bad_row_shape")]
    assert query(tmp_db, "select contract_id from contracts order by 1") == [("T-0001",), ("T-0004",)]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (bytes(range(256)) * 50, "not text"),
    ("名称,备注\n甲,乙\n".encode(), "matches neither"),
    ("合同编号,签订日期\nA,2023-01-01\n".encode(), "must have these columns"),
    (b"PK\x03\x04garbage-not-a-zip", "not a readable XLSX"),
    (b"PAR1garbage", "not a readable Parquet"),
])
def test_unreadable_file_is_refused_and_leaves_the_database_as_it_was(tmp_path, tmp_db, content, message):
    load([SAMPLES / "contracts_sample.csv"], tmp_db)
    before = digest(tmp_db)
    files = {p: p.stat().st_mtime_ns for p in tmp_db.parent.rglob("*")}  # the database, its lock and its published version
    bad = tmp_path / "bad.dat"
    bad.write_bytes(content)
    with pytest.raises(FileRefused, match=message) as e:
        load([SAMPLES / "contracts_sample.csv", bad], tmp_db)
    assert str(bad) in str(e.value) and "\n" not in str(e.value)
    assert digest(tmp_db) == before
    assert {p: p.stat().st_mtime_ns for p in tmp_db.parent.rglob("*")} == files  # nothing left behind, nothing published


def test_duplicated_columns_are_refused(tmp_path, tmp_db):
    headers = [*CONTRACT_HEADERS_ZH, "合同登记号"]
    with pytest.raises(FileRefused, match="both give contract_id"):
        load([write_csv(tmp_path / "d.csv", [dict(GOOD_ROW, 合同登记号="x")], headers=headers)], tmp_db)


def test_an_exception_mid_load_leaves_the_last_good_database(tmp_path, tmp_db, monkeypatch):
    load([write_csv(tmp_path / "a.csv", contract_rows(3))], tmp_db)
    before = digest(tmp_db)

    def boom(*a, **k):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(load_module, "_merge", boom)
    with pytest.raises(RuntimeError, match="injected"):
        load([write_csv(tmp_path / "b.csv", contract_rows(9))], tmp_db)
    assert digest(tmp_db) == before
    assert not [p for p in tmp_db.parent.iterdir() if ".building" in p.name]
    monkeypatch.undo()
    s = load([write_csv(tmp_path / "b.csv", contract_rows(9))], tmp_db)  # and the next load works
    assert (s.rows_loaded, s.rows_unchanged, s.run_id) == (6, 3, 2)


def test_readers_of_the_old_file_are_not_disturbed_by_a_load(tmp_path, tmp_db):

    load([write_csv(tmp_path / "a.csv", contract_rows(3))], tmp_db)
    reader = connect_readonly(tmp_db)
    load([write_csv(tmp_path / "b.csv", contract_rows(7))], tmp_db)
    assert reader.execute("select count(*) from contracts").fetchall() == [(3,)]  # its snapshot, intact
    reader.close()
    assert query(tmp_db, "select count(*) from contracts")[0][0] == 7


def test_two_loads_at_once_are_serialised(tmp_path, tmp_db):
    src = write_csv(tmp_path / "a.csv", contract_rows(3))
    done = threading.Event()
    with load_lock(tmp_db):
        t = threading.Thread(target=lambda: (load([src], tmp_db), done.set()))
        t.start()
        time.sleep(1.0)
        assert not done.is_set()  # waiting for the lock
        assert not tmp_db.exists()
    t.join(60)
    assert done.is_set() and query(tmp_db, "select count(*) from contracts")[0][0] == 3


@pytest.mark.parametrize(("err", "message"), [(errno.EROFS, "cannot write in"), (errno.ENOSPC, "disk .* is full")])
def test_a_read_only_or_full_disk_gives_a_clear_message_and_keeps_the_old_database(tmp_path, tmp_db, monkeypatch, err, message):
    load([write_csv(tmp_path / "a.csv", contract_rows(3))], tmp_db)
    before = digest(tmp_db)

    def failing_replace(*_a, **_k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(database.os, "replace", failing_replace)
    with pytest.raises(LoadError, match=message):
        load([write_csv(tmp_path / "b.csv", contract_rows(5))], tmp_db)
    assert digest(tmp_db) == before
    assert not [p for p in tmp_db.parent.iterdir() if ".building" in p.name]


def test_enterprise_rejects(tmp_path, tmp_db):
    headers = ["统一社会信用代码", "企业名称", "所在地区", "高新技术企业", "专精特新", "孵化阶段", "上市培育库", "成立年份"]
    good = dict(zip(headers, [DG_CODE, "甲", "东莞", "是", "专精特新“小巨人”", "加速器", "否", "2015"], strict=True))
    rows = [good,
            dict(good, 统一社会信用代码=DG_CODE[:-1] + "0" if DG_CODE[-1] != "0" else DG_CODE[:-1] + "1"),
            dict(good, 统一社会信用代码=SZ_CODE, 所在地区="Atlantis"),
            dict(good, 统一社会信用代码=make_codes(np.array([440100]), np.array([5]))[0], 高新技术企业="maybe"),
            dict(good, 统一社会信用代码=make_codes(np.array([440100]), np.array([6]))[0], 专精特新="巨人"),
            dict(good, 统一社会信用代码="")]
    s = load([write_csv(tmp_path / "e.csv", rows)], tmp_db)
    assert (s.rows_loaded, s.rows_rejected) == (1, 5)
    codes = [r[0] for r in query(tmp_db, "select reason_code from etl_rejects order by row_number")]
    assert codes == ["bad_credit_code", "unknown_region", "bad_flag", "bad_sme_tier", "missing_credit_code"]
    assert query(tmp_db, "select is_high_tech, sme_tier, incubation_stage, in_listing_pool, founded_year from enterprises") == [
        (True, "little_giant", "accelerator", False, 2015)]


def test_cli_prints_a_truthful_summary(tmp_path):
    db = tmp_path / "x.duckdb"
    out = subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, sorted(SAMPLES.iterdir()))],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    (rows_in, loaded, rejected) = query(db, "select rows_in, rows_loaded, rows_rejected from etl_runs")[0]
    assert f"rows in {rows_in:,} = added {loaded:,}" in out.stdout and f"rejected {rejected:,}" in out.stdout
    assert query(db, "select count(*) from contracts")[0][0] + query(db, "select count(*) from enterprises")[0][0] == loaded
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "etl", "load", "--db", str(db), str(bad)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stderr.strip().count("\n") == 0 and "is empty" in out.stderr
