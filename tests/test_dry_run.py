"""A dry run says what a load would do without changing anything, and its rejected rows come back as a
workbook that, corrected in a spreadsheet, loads (the stewards' flow of issue 17, on the command line).
Real database files and real workbooks."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl

from etl import publish
from etl.load import load_files
from techmarket.settings import ROOT
from tests.conftest import SAMPLES, contract_rows, correct_sample_rejects, query, write_csv

SAMPLE = SAMPLES / "contracts_sample.csv"


def _etl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=os.environ)


def _by_year_and_bloc(db: Path) -> dict[tuple[int, str], tuple[int, float]]:
    rows = query(db, """select year(c.signed_date), r.bloc, count(*), sum(c.amount_cny)::double from contracts c
                        join regions r on r.region_code = c.seller_region group by all""")
    return {(y, b): (n, v) for y, b, n, v in rows}


def test_a_dry_run_changes_nothing_and_foretells_the_load(tmp_path):
    db = tmp_path / "live.duckdb"
    load_files([write_csv(tmp_path / "base.csv", contract_rows(3))], db, progress=None)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    versions = publish.read_manifest(publish.publish_dir(db))["versions"]

    result = _etl("load", "--db", str(db), "--dry-run", "--report", str(tmp_path / "report.json"), str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "nothing was changed" in result.stdout and "would add 75" in result.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert publish.read_manifest(publish.publish_dir(db))["versions"] == versions  # nothing published
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".live")) == []  # no copy left behind
    report = json.loads((tmp_path / "report.json").read_text())

    real = tmp_path / "real.duckdb"
    shutil.copyfile(db, real)
    before = _by_year_and_bloc(real)
    loaded = load_files([SAMPLE], real, progress=None)
    after = _by_year_and_bloc(real)
    (file,) = report["files"]
    assert (file["rows_in"], file["rows_new"], file["rows_updated"], file["rows_unchanged"], file["rows_rejected"]) == \
        (loaded.files[0].rows_in, loaded.files[0].rows_new, loaded.files[0].rows_updated, loaded.files[0].rows_unchanged,
         loaded.files[0].rows_rejected) == (80, 75, 0, 0, 5)
    assert file["rows_in"] == file["rows_new"] + file["rows_updated"] + file["rows_unchanged"] + file["rows_rejected"]
    change = {(c["year"], c["bloc"]): c for c in report["change"]}
    expected = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert set(change) == expected
    for k, c in change.items():
        assert (c["contracts_before"], c["contracts_after"]) == (before.get(k, (0, 0))[0], after[k][0])
        assert abs(c["value_cny_after"] - after[k][1]) < 0.01
    assert [r["reason_code"] for r in report["top_reasons"]] == [code for code, _, _ in loaded.top_reasons]


def test_the_rejects_workbook_corrected_in_a_spreadsheet_loads(tmp_path):
    db = tmp_path / "live.duckdb"
    load_files([SAMPLE], db, progress=None)  # the good rows are in; five were rejected
    result = _etl("load", "--db", str(db), "--dry-run", "--rejects", str(tmp_path / "rejects.xlsx"), str(SAMPLE))
    assert result.returncode == 0, result.stderr

    correct_sample_rejects(tmp_path / "rejects.xlsx", tmp_path / "corrected.xlsx")

    before = query(db, "select count(*) from contracts")[0][0]
    again = load_files([tmp_path / "corrected.xlsx"], db, progress=None)
    assert again.rows_rejected == 0 and again.rows_in == 5
    assert again.rows_loaded == 4 and again.rows_updated + again.rows_unchanged == 1
    assert again.files[0].ignored_columns == ("拒收原因 / reason", "原行号 / row")
    assert query(db, "select count(*) from contracts")[0][0] == before + 4


def test_a_value_that_looks_like_a_formula_stays_a_value(tmp_path):
    db = tmp_path / "f.duckdb"
    rows = contract_rows(2)
    rows[1]["卖方所在地"] = "=HYPERLINK(\"http://example.com\")"
    from etl.rejects import rejects_workbook

    dry = load_files([write_csv(tmp_path / "f.csv", rows)], db, progress=None, dry_run=True)
    assert dry.rows_rejected == 1 and not db.exists()
    (tmp_path / "r.xlsx").write_bytes(rejects_workbook(dry.rejected_rows()))
    cell = openpyxl.load_workbook(tmp_path / "r.xlsx").active.cell(2, list(rows[1]).index("卖方所在地") + 1)
    assert cell.data_type == "s" and cell.value == rows[1]["卖方所在地"]
    assert pl.read_excel(tmp_path / "r.xlsx").height == 1


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    """A workbook whose sheet unpacks 1,000 times larger than it is stored: refused by the loader with the
    part named, without unpacking it."""
    import zipfile

    from etl.readers import FileRefused, open_inputs

    good = tmp_path / "good.xlsx"
    openpyxl.Workbook().save(good)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("xl/worksheets/huge.xml", b"<x>" + b" " * (64 * 2**20) + b"</x>")  # 64 MiB of spaces: about 64 KiB stored
    assert bomb.stat().st_size < 2**20
    try:
        open_inputs(bomb)
    except FileRefused as e:
        assert str(bomb) in str(e) and "xl/worksheets/huge.xml" in str(e) and "times larger" in str(e)
    else:
        raise AssertionError("the zip bomb was read")


def test_a_formula_is_named_by_sheet_and_cell_when_formulas_are_refused(tmp_path):
    from etl.readers import FileRefused, check_workbook

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "合同"
    for j, name in enumerate(contract_rows(1)[0], 1):
        sheet.cell(1, j, name)
        sheet.cell(2, j, contract_rows(1)[0][name])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    check_workbook(plain, formulas=False)  # values only: accepted
    sheet["K3"] = "=K2*2"
    with_formula = tmp_path / "formula.xlsx"
    book.save(with_formula)
    check_workbook(with_formula)  # the command line reads a formula's stored value
    try:
        check_workbook(with_formula, formulas=False)
    except FileRefused as e:
        assert "sheet '合同' cell K3 holds a formula (=K2*2)" in str(e) and "paste it as values" in str(e)
    else:
        raise AssertionError("the formula was not found")
