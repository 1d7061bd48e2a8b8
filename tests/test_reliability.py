"""Reliability of loads: readers during a refresh, kill -9 mid-load, hostile and broken files."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.load import load_files
from etl.readers import FileRefused
from techmarket.settings import ROOT
from tests.conftest import CONTRACT_HEADERS_ZH, contract_rows, query, write_csv

pytestmark = pytest.mark.slow  # kill -9, reader processes and 80 hypothesis files: make test-all

READER = r'''
import sys, time
sys.path.insert(0, sys.argv[3])
from techmarket.db import Reader
reader = Reader(sys.argv[1])
deadline = time.time() + float(sys.argv[2])
seen, errors, queries = set(), 0, 0
while time.time() < deadline:
    try:
        con, version = reader.cursor()
        n = con.execute("select count(*) from contracts").fetchall()[0][0]
        runs = con.execute("select count(*) from etl_runs").fetchall()[0][0]
        seen.add((runs, n))
        queries += 1
    except Exception as e:
        errors += 1
        print("ERROR", type(e).__name__, e, file=sys.stderr)
    time.sleep(0.02)
print(queries, errors, sorted(seen))
'''


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_readers_never_see_an_error_or_a_half_loaded_state(tmp_path):
    db = tmp_path / "live.duckdb"
    load_files([write_csv(tmp_path / "a.csv", contract_rows(1000))], db, progress=None)
    script = tmp_path / "reader.py"
    script.write_text(READER)
    readers = [subprocess.Popen([sys.executable, str(script), str(db), "8", str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for _ in range(3)]
    time.sleep(1.0)
    for i in range(2, 5):  # three refreshes while they read, each adding 1,000 contracts
        rows = contract_rows(1000 * i)
        load_files([write_csv(tmp_path / f"v{i}.csv", rows)], db, progress=None)
        time.sleep(0.8)
    for r in readers:
        out, err = r.communicate(timeout=60)
        queries, errors, seen = out.split(" ", 2)
        assert int(errors) == 0, err
        assert int(queries) > 50
        states = eval(seen)
        assert all(n == 1000 * runs for runs, n in states), states  # every state is a whole run, never half of one
        assert max(runs for runs, _ in states) == 4  # and each reader saw the last version without restarting


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 3.5])
def test_kill_minus_nine_mid_load_leaves_the_last_good_database(tmp_path, delay):
    db = tmp_path / "db.duckdb"
    load_files([write_csv(tmp_path / "good.csv", contract_rows(200))], db, progress=None)
    before = digest(db)
    big = tmp_path / "big.csv"
    write_csv(big, contract_rows(300_000))
    proc = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), str(big)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    if proc.returncode == 0:
        pytest.skip(f"the load finished within {delay} s")
    assert digest(db) == before  # the last good database, untouched
    assert query(db, "select count(*) from contracts")[0][0] == 200
    # the next load cleans up what the killed one left, takes the lock and loads every row
    s = load_files([big], db, progress=None)
    assert (s.rows_in, s.rows_loaded + s.rows_unchanged) == (300_000, 300_000)
    assert not [p for p in db.parent.iterdir() if ".building" in p.name]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    """An initialised database with no contracts: each example loads into a copy of it (a database built
    afresh costs most of a second, which forty examples would spend forty times over)."""
    db = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    load_files([], db, source="init", progress=None)
    return db


def _fresh(empty_db: Path, tmp_path: Path) -> Path:
    import uuid

    db = tmp_path / f"{uuid.uuid4().hex}.duckdb"
    shutil.copyfile(empty_db, db)
    return db


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=0, max_size=4000))
@example(data=b"\r\x01")  # a lone carriage return in the header: once a csv.Error traceback (found by hypothesis in CI)
def test_random_bytes_are_refused_or_loaded_never_a_traceback(tmp_path, empty_db, data):
    db = _fresh(empty_db, tmp_path)
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    try:
        s = load_files([path], db, progress=None)
    except FileRefused as e:
        assert str(path) in str(e) and "\n" not in str(e)
    else:
        assert s.rows_in == s.rows_loaded + s.rows_updated + s.rows_unchanged + s.rows_rejected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=16), min_size=0, max_size=20))
def test_random_cells_under_a_real_header_end_loaded_or_rejected(tmp_path, empty_db, cells):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CONTRACT_HEADERS_ZH)
    w.writerows(cells)
    path = tmp_path / "cells.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    db = _fresh(empty_db, tmp_path)
    before = digest(db)
    try:
        s = load_files([path], db, progress=None)
    except FileRefused as e:  # e.g. a NUL character: not a text table
        assert str(path) in str(e) and digest(db) == before
        return
    assert s.rows_in == s.rows_loaded + s.rows_rejected
    assert query(db, "select count(*) from contracts")[0][0] == s.rows_loaded
    assert query(db, "select count(*) from etl_rejects")[0][0] == s.rows_rejected


@pytest.mark.parametrize(("make", "outcome"), [
    (lambda p: p.write_text(",".join(CONTRACT_HEADERS_ZH) + "\n", encoding="utf-8"), "loaded"),  # header only: zero rows
    (lambda p: p.write_text(",".join(CONTRACT_HEADERS_ZH) + "\nT1,2023-01-01,技术开发,人工智", encoding="utf-8"), "loaded"),  # truncated
    (lambda p: p.write_bytes((",".join(CONTRACT_HEADERS_ZH) + "\nT1,2023-01-01,技术开发,人工智能,甲,,深圳,乙,,东莞,1,,,\n")
                             .encode("utf-8")[:-7] + "é".encode("latin-1")), "loaded"),  # a wrong-encoding byte: read as GB18030
    (lambda p: p.write_text(",".join(CONTRACT_HEADERS_ZH) + "\n" + "x" * 2_000_000 + ",2023-01-01\n", encoding="utf-8"), "loaded"),
])
def test_broken_files_end_in_a_refusal_or_accounted_rows(tmp_path, make, outcome):
    path = tmp_path / "broken.csv"
    make(path)
    db = tmp_path / "b.duckdb"
    try:
        s = load_files([path], db, progress=None)
    except FileRefused:
        assert not db.exists()
        return
    assert outcome == "loaded"
    assert s.rows_in == s.rows_loaded + s.rows_rejected
