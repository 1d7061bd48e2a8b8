"""Incremental marts: after a sequence of loads — new contracts, updates that change amounts, places,
fields and years, corrections that empty a group, files that change nothing — every mart equals what a
full rebuild from the contracts gives."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl.load import load_files
from etl.marts import _files, _name, build_marts
from tests.conftest import contract_rows, write_csv

PLACES = ["深圳", "东莞市", "上海", "苏州市", "北京", "香港", "德国", "杭州市"]
FIELDS = ["人工智能", "集成电路", "新材料及其应用", "生物、医药和医疗器械", "电子信息"]
TYPES = ["技术开发", "技术转让（专利权）", "技术服务", "技术许可（专利实施许可）"]
CURRENCIES = ["人民币", "人民币", "美元", "港币"]


def rows(ids: range, shift: int = 0, **overrides: str) -> list[dict[str, str]]:
    """Varied contracts: each id gets its own places, field, type, currency, year and amount."""
    out = []
    for i in ids:
        k = i + shift
        row = contract_rows(1)[0] | {
            "合同编号": f"M-{i:05d}", "卖方所在地": PLACES[k % 8], "买方所在地": PLACES[(k * 3 + 1) % 8], "技术领域": FIELDS[k % 5],
            "合同类别": TYPES[k % 4], "币种": CURRENCIES[k % 4], "签订日期": f"{2019 + k % 6}-{1 + k % 12:02d}-15",
            "成交金额": str(10 + (k * 37) % 500),
        }
        out.append(row | overrides)
    return out


def marts(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {n: con.execute(f"select * from {n} order by all").fetchall() for n in (_name(p) for p in _files())}
    finally:
        con.close()


def assert_same(incremental: dict[str, list[tuple]], full: dict[str, list[tuple]], after: str = "") -> None:
    for name, want in full.items():
        got = incremental[name]
        assert len(got) == len(want), f"after {after}: {name} has {len(got)} rows, a full rebuild {len(want)}"
        for a, b in zip(got, want, strict=True):
            assert [x if not isinstance(x, float) else pytest.approx(x, rel=1e-9, abs=1e-6) for x in a] == list(b), name


def rebuilt(db, tmp_path):
    copy = tmp_path / "full.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    try:
        build_marts(con)
    finally:
        con.close()
    return marts(copy)


def test_incremental_marts_equal_a_full_rebuild_after_every_load(tmp_path):
    db = tmp_path / "live.duckdb"
    loads = [
        ("first load", rows(range(400))),
        ("new contracts and updates", rows(range(400, 520)) + rows(range(0, 60), shift=3) + rows(range(60, 90))),
        # every 2019 contract, as last loaded, corrected to 2024 between two other cities: 2019 empties out
        ("corrections that empty groups", [r | {"签订日期": "2024-03-01", "卖方所在地": "深圳", "买方所在地": "东莞市"}
                                           for r in rows(range(60), shift=3) + rows(range(60, 520)) if r["签订日期"].startswith("2019")]),
        ("nothing new", [r for r in rows(range(400, 450)) if not r["签订日期"].startswith("2019")]),
        ("a year moved and a currency changed", rows(range(200, 260), shift=5, 币种="美元")),
    ]
    modes = []
    for i, (what, batch) in enumerate(loads):
        summary = load_files([write_csv(tmp_path / f"load{i}.csv", batch)], db, progress=None)
        modes.append(next(k for k in summary.seconds if k.startswith("marts")))
        assert_same(marts(db), rebuilt(db, tmp_path), what)
        if what.startswith("corrections"):
            con = duckdb.connect(str(db), read_only=True)
            assert con.execute("select count(*) from mart_registry where year = 2019").fetchall() == [(0,)]  # emptied
            con.close()
    assert modes == ["marts (full)", "marts (incremental)", "marts (incremental)", "marts (unchanged)", "marts (incremental)"]


def test_a_changed_mart_definition_rebuilds_every_mart(tmp_path):
    db = tmp_path / "live.duckdb"
    load_files([write_csv(tmp_path / "a.csv", rows(range(50)))], db, progress=None)
    con = duckdb.connect(str(db))
    con.execute("update dataset_info set value = 'older' where key = 'marts_fingerprint'")
    con.close()
    summary = load_files([write_csv(tmp_path / "b.csv", rows(range(50, 60)))], db, progress=None)
    assert "marts (full)" in summary.seconds
    assert_same(marts(db), rebuilt(db, tmp_path))


def test_the_top_50_follows_a_leader_that_falls_and_an_outsider_that_rises(tmp_path):
    """120 sellers in one region and field: a correction drops the first below the top 50 (the 51st
    must come in) and another lifts the last seller to the top."""
    db = tmp_path / "live.duckdb"

    def contract(i: int, amount: int) -> dict[str, str]:
        return contract_rows(1)[0] | {"合同编号": f"T-{i:03d}", "卖方名称": f"深圳第{i:03d}科技有限公司", "成交金额": str(amount)}

    load_files([write_csv(tmp_path / "a.csv", [contract(i, 100 + i) for i in range(120)])], db, progress=None)
    load_files([write_csv(tmp_path / "b.csv", [contract(119, 1), contract(0, 10_000)])], db, progress=None)
    assert_same(marts(db), rebuilt(db, tmp_path), "a leader fell and an outsider rose")
    con = duckdb.connect(str(db), read_only=True)
    top = [r[0] for r in con.execute("select party_name from mart_party_top where side = 'seller' and field_code is null "
                                     "order by amount_cny desc").fetchall()]
    con.close()
    assert len(top) == 50 and top[0] == "深圳第000科技有限公司"
    assert "深圳第119科技有限公司" not in top and "深圳第070科技有限公司" in top and "深圳第069科技有限公司" not in top
    # Two more leaders fall: fewer than 50 stay above the old 50th, so the partition is ranked again in full.
    load_files([write_csv(tmp_path / "c.csv", [contract(118, 1), contract(117, 2)])], db, progress=None)
    assert_same(marts(db), rebuilt(db, tmp_path), "two leaders fell")
    con = duckdb.connect(str(db), read_only=True)
    top = [r[0] for r in con.execute("select party_name from mart_party_top where side = 'seller' and field_code is null").fetchall()]
    con.close()
    assert len(top) == 50 and {"深圳第069科技有限公司", "深圳第068科技有限公司"} <= set(top)
