"""Shared fixtures: temporary databases and writers for input files in every accepted format."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from techmarket.db import connect_readonly
from techmarket.settings import ROOT

SAMPLES = ROOT / "data" / "samples"

CONTRACT_HEADERS_ZH = ["合同编号", "签订日期", "合同类别", "技术领域", "卖方名称", "卖方统一社会信用代码", "卖方所在地",
                      "买方名称", "买方统一社会信用代码", "买方所在地", "成交金额", "币种", "金额单位", "技术交易额"]
GOOD_ROW = {
    "合同编号": "T-0001", "签订日期": "2023-11-01", "合同类别": "技术开发", "技术领域": "人工智能",
    "卖方名称": "深圳甲科技有限公司", "卖方统一社会信用代码": "", "卖方所在地": "深圳",
    "买方名称": "东莞乙制造有限公司", "买方统一社会信用代码": "", "买方所在地": "东莞市",
    "成交金额": "120", "币种": "人民币", "金额单位": "万元", "技术交易额": "",
}


def contract_rows(n: int, **overrides: str) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        row = dict(GOOD_ROW, 合同编号=f"T-{i + 1:04d}")
        row.update(overrides)
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], headers: list[str] | None = None, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    headers = headers or list(rows[0].keys())
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow([r.get(h, "") for h in headers])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = connect_readonly(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


SAMPLE_FIXES = {  # what a steward types over each rejected cell of data/samples/contracts_sample.csv, by 合同编号
    "2023440019000901": {"签订日期": "2023年2月28日", "登记日期": "2023年2月28日"},
    "2023440019000902": {"合同类别": "技术开发"},
    "2023440019000903": {"卖方所在地": "湖北省"},
    "2023440019000904": {"卖方统一社会信用代码": "91420000000003NBAK"},
    "2023440019000001": {"成交金额": "67.47"},
}


def correct_sample_rejects(rejects: Path, corrected: Path) -> Path:
    """Correct the sample's rejects workbook as a steward would in a spreadsheet (openpyxl), after checking
    that it is the workbook a steward is promised: the file's columns, the reason and the row."""
    import openpyxl

    book = openpyxl.load_workbook(rejects)
    (sheet,) = book.worksheets
    assert sheet.title == "contracts_sample.csv"
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["合同编号", "签订日期", "合同类别"] and header[-2:] == ["拒收原因 / reason", "原行号 / row"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[-1].value for r in rows] == [77, 78, 79, 80, 81]
    assert "火星" in rows[2][header.index("卖方所在地")].value and "is not a known region" in rows[2][-2].value
    for row in rows:
        for column, value in SAMPLE_FIXES[row[0].value].items():
            row[header.index(column)].value = value
    book.save(corrected)
    return corrected


@contextlib.contextmanager
def lock_held(db: Path, by: str, timeout_s: float = 90):
    """Another load holding `db`'s lock (in a thread, named `by`) until the block ends."""
    import threading

    from etl.lock import load_lock
    from techmarket.published import lock_holder

    release = threading.Event()

    def hold() -> None:
        with load_lock(db, "load", by):
            release.wait(timeout_s)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        while lock_holder(db) is None:
            time.sleep(0.05)
        yield
    finally:
        release.set()
        holder.join()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, for a module's browser tests (tests/browser.py: a missing one
    fails in CI)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "db" / "test.duckdb"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database loaded only from data/samples, built once per test session."""
    from etl.load import load_files

    db = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    load_files(sorted(SAMPLES.iterdir()), db, progress=None)
    return db


@pytest.fixture
def copy_of(tmp_path: Path):
    def _copy(db: Path) -> Path:
        target = tmp_path / f"copy-{os.getpid()}-{db.name}"
        shutil.copyfile(db, target)
        return target

    return _copy


@pytest.fixture(scope="session")
def small_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo registry (same generator as the default, fewer contracts), built once."""
    from etl.demo import build_demo

    db = tmp_path_factory.mktemp("small-demo") / "demo.duckdb"
    build_demo(db, contracts=4_000, seed=11, progress=None, quiet=True)
    return db
