"""Data versions: every load publishes an immutable snapshot and a manifest (etl.publish), the command
line lists and rolls back versions, an app host follows the manifest and switches atomically
(techmarket.serving.follow), and a reader holds one version for a whole page run (techmarket.db.Reader).
Real database files throughout."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from etl import publish
from etl.load import load_files
from techmarket.db import Reader
from techmarket.serving.follow import Follower
from techmarket.settings import ROOT
from tests.conftest import contract_rows, query, write_csv


def _load(db: Path, tmp_path: Path, n: int, prefix: str, by: str | None = None) -> None:
    rows = contract_rows(n)
    for i, row in enumerate(rows):
        row["合同编号"] = f"{prefix}-{i:04d}"
    load_files([write_csv(tmp_path / f"{prefix}.csv", rows)], db, progress=None, by=by)


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def _contracts(db: Path) -> int:
    return query(db, "select count(*) from contracts")[0][0]


def test_each_load_publishes_a_snapshot_and_a_rollback_brings_the_old_data_back(tmp_path):
    db = tmp_path / "data" / "techmarket.duckdb"
    _load(db, tmp_path, 10, "A", by="王芳")
    _load(db, tmp_path, 5, "B")
    directory = publish.publish_dir(db)
    manifest = publish.read_manifest(directory)
    first, second = manifest["versions"]
    assert manifest["current"] == second["version"] and first["version"] < second["version"]
    assert first["published_by"] == "王芳" and first["contracts"] == 10 and second["contracts"] == 15
    assert second["rows_loaded"] == 5 and [Path(f["name"]).name for f in second["files"]] == ["B.csv"]
    for v in (first, second):  # immutable, and what the manifest says
        snap = publish.snapshot_path(directory, v["version"])
        assert publish.sha256_of(snap) == v["sha256"] and stat.S_IMODE(snap.stat().st_mode) == 0o444
        assert query(snap, "select value from dataset_info where key = 'data_version'")[0][0] == v["version"]
    assert query(db, "select value from dataset_info where key = 'data_version'")[0][0] == second["version"]

    listed = _cli("versions", "--db", str(db))
    assert listed.returncode == 0 and first["version"] in listed.stdout and "* " + second["version"] in listed.stdout
    assert "by 王芳" in listed.stdout and "B.csv" in listed.stdout

    done = _cli("rollback", "--db", str(db), "--by", "李雷", first["version"])
    assert done.returncode == 0, done.stderr
    assert _contracts(db) == 10
    assert publish.read_manifest(directory)["current"] == first["version"]
    events = publish.history(directory)
    assert [e["action"] for e in events] == ["publish", "publish", "rollback"]
    assert events[-1]["by"] == "李雷" and events[-1]["previous"] == second["version"]

    _load(db, tmp_path, 3, "C")  # the next load builds on the version rolled back to
    assert _contracts(db) == 13
    refused = _cli("rollback", "--db", str(db), "no-such-version")
    assert refused.returncode == 2 and "no-such-version is not kept" in refused.stderr


def test_only_the_last_k_versions_keep_their_snapshots(tmp_path, monkeypatch):
    monkeypatch.setenv("TECHMARKET_KEEP_VERSIONS", "2")
    db = tmp_path / "k.duckdb"
    for i in range(4):
        _load(db, tmp_path, 2, f"K{i}")
    directory = publish.publish_dir(db)
    manifest = publish.read_manifest(directory)
    kept = [v["version"] for v in manifest["versions"]]
    assert len(kept) == 2 and manifest["current"] == kept[-1]
    assert sorted(p.stem for p in (directory / "snapshots").glob("*.duckdb")) == kept
    assert len(publish.history(directory)) == 4  # the history keeps every event


def test_a_damaged_snapshot_is_never_made_current(tmp_path):
    db = tmp_path / "d.duckdb"
    _load(db, tmp_path, 2, "D1")
    _load(db, tmp_path, 2, "D2")
    directory = publish.publish_dir(db)
    first = publish.read_manifest(directory)["versions"][0]
    snap = publish.snapshot_path(directory, first["version"])
    os.chmod(snap, 0o644)
    with open(snap, "r+b") as f:
        f.seek(5000)
        f.write(b"\xff" * 16)
    result = _cli("rollback", "--db", str(db), first["version"])
    assert result.returncode == 2 and "does not match its SHA-256" in result.stderr
    assert _contracts(db) == 4


def test_a_follower_switches_to_each_published_version_and_refuses_a_bad_copy(tmp_path):
    etl_db = tmp_path / "etl" / "techmarket.duckdb"
    directory = tmp_path / "published"
    os.environ["TECHMARKET_PUBLISH_DIR"] = str(directory)
    try:
        _load(etl_db, tmp_path, 4, "F1")
        host_db = tmp_path / "host" / "techmarket.duckdb"
        host_db.parent.mkdir()
        follower = Follower(directory, host_db, keep=2)
        v1 = follower.poll()
        assert v1 == publish.read_manifest(directory)["current"] and _contracts(host_db) == 4
        assert follower.poll() == v1  # nothing new: nothing copied again
        _load(etl_db, tmp_path, 3, "F2")
        v2 = follower.poll()
        assert v2 != v1 and _contracts(host_db) == 7
        assert json.loads((host_db.parent / "follow.json").read_text())["current"] == v2

        # A copy that does not match the manifest's SHA-256 is thrown away; the host keeps serving v2.
        _load(etl_db, tmp_path, 1, "F3")
        v3 = publish.read_manifest(directory)["current"]
        manifest = publish.read_manifest(directory)
        manifest["versions"][-1]["sha256"] = "0" * 64
        publish._write_manifest(directory, manifest)
        log = tmp_path / "follow.log"
        with open(log, "w") as out:
            follower.log = out
            assert follower.poll() == v2
        follower.log = sys.stderr
        assert f"could not switch to version {v3}" in log.read_text() and "is not the manifest's" in log.read_text()
        assert _contracts(host_db) == 7 and not (host_db.parent / "snapshots" / f"{v3}.duckdb").exists()

        # A rollback is the manifest naming an older version: the host switches back from its own copy.
        publish.rollback(etl_db, v1)
        assert follower.poll() == v1 and _contracts(host_db) == 4
        assert len(list((host_db.parent / "snapshots").glob("*.duckdb"))) <= 2
    finally:
        del os.environ["TECHMARKET_PUBLISH_DIR"]


def test_a_reader_holds_its_version_while_the_file_is_swapped(tmp_path):
    db = tmp_path / "r.duckdb"
    _load(db, tmp_path, 2, "R1")
    reader = Reader(db)
    v1, con1 = reader.acquire()
    _load(db, tmp_path, 3, "R2")  # swapped in while a run holds v1
    v2, con2 = reader.acquire()
    assert v1 != v2
    assert con1.cursor().execute("select count(*) from contracts").fetchall()[0][0] == 2
    assert con2.cursor().execute("select count(*) from contracts").fetchall()[0][0] == 5
    assert con2.cursor().execute("select current_database()").fetchall()[0][0] == "r"  # the catalogue keeps the file's name
    reader.release(v1)  # the last holder of v1 lets go: it is closed
    with pytest.raises(Exception):  # noqa: B017 - DuckDB's "connection closed" has no narrower type in every version
        con1.cursor()
    reader.release(v2)
    cur, v = reader.cursor()
    assert v == v2 and cur.execute("select count(*) from contracts").fetchall()[0][0] == 5
    assert not any((tmp_path / ".readers").iterdir())


def test_a_reader_that_cannot_link_closes_the_old_version_first(tmp_path, monkeypatch):
    """Where the directory is not writable, a new version is opened by the file's own name, after the
    old connection is closed (DuckDB would hand back the old instance by name)."""
    import techmarket.db

    db = tmp_path / "x.duckdb"
    _load(db, tmp_path, 2, "X1")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(techmarket.db.os, "link", refuse)
    reader = Reader(db)
    cur, v1 = reader.cursor()
    assert cur.execute("select count(*) from contracts").fetchall()[0][0] == 2
    _load(db, tmp_path, 1, "X2")
    cur, v2 = reader.cursor()
    assert v2 != v1 and cur.execute("select count(*) from contracts").fetchall()[0][0] == 3
