"""Building the demo database: generate, write input files, load them through etl.load (each in a process
of its own: etl/demo/worker.py), swap the file in atomically; and the calibration report."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import polars as pl

from etl.database import publish_version, stamped_version
from etl.demo.generate import GEO_HMT, GEO_OTHER, LABEL_EN, LABEL_ZH
from etl.demo.targets import LAST_PUBLISHED, YEARS
from etl.lock import load_lock
from techmarket.db import connect_readonly
from techmarket.settings import ROOT


def _say(progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


def _stderr_progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def is_demo(db: Path) -> bool:
    con = connect_readonly(db)
    try:
        rows = con.execute("select value from dataset_info where key = 'is_demo'").fetchall()
        return bool(rows) and rows[0][0] == "true"
    except duckdb.Error:
        return False
    finally:
        con.close()


def build_demo(db: Path, contracts: int = 200_000, seed: int = 2024, *, progress=_stderr_progress, force: bool = False,
               take_lock: bool = True, today: dt.date | None = None, quiet: bool = False) -> pl.DataFrame:
    """Build the demo registry into a new file and swap it in at `db`. Returns the calibration table.

    Refuses to replace a database that holds loaded (non-demo) data unless `force`. The generator and the
    load each run in a process of their own (etl/demo/worker.py), so the build's peak memory is the larger
    of theirs."""
    db = Path(db)
    if db.exists() and not force and not is_demo(db):
        raise DemoRefused(f"{db} holds loaded data, not the demo; pass --force to replace it, or choose another --db")
    started = time.perf_counter()
    today = today or dt.date.today()
    db.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{db.name}.demo-", dir=db.parent))
    try:
        made = _worker("generate", {"work": str(work), "contracts": contracts, "seed": seed, "today": today.isoformat()},
                       lambda f, m: _say(progress, 0.02 + 0.48 * f, m))
        built = work / "demo.duckdb"
        info = {"is_demo": "true", "label_zh": LABEL_ZH, "label_en": LABEL_EN, "seed": str(seed),
                "contracts": str(contracts), "enterprises": str(made["enterprises"]),
                "years": f"{YEARS[0]}-{YEARS[-1]}", "generator": "python -m etl demo",
                "calibrated_to": "data/reference/tech_market_provinces.csv"}
        _say(progress, 0.5, "loading through the ETL")
        summary = _worker("load", {"files": made["files"], "db": str(built), "today": today.isoformat(), "info": info},
                          lambda f, m: _say(progress, 0.5 + 0.4 * f, f"loading through the ETL: {m}"))
        if summary["rows_rejected"]:
            raise RuntimeError(f"the demo generator produced {summary['rows_rejected']} rejected rows: {summary['top_reasons']}")
        _say(progress, 0.95, "swapping in the new database")
        version = stamped_version(built)
        if take_lock:
            with load_lock(db):
                _swap(built, db)
                publish_version(db, version)
        else:
            _swap(built, db)
            publish_version(db, version)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = calibration(db)
    if not quiet:
        print(calibration_report(table), file=sys.stderr)
        print(f"demo: {contracts:,} contracts, {made['enterprises']:,} enterprises, built in {time.perf_counter() - started:.1f} s "
              f"-> {db}", file=sys.stderr)
    _say(progress, 1.0, "done")
    return table


def _worker(command: str, args: dict, progress) -> dict:
    """Run one half of the build (etl/demo/worker.py) in a process of its own, passing on its progress;
    returns what it reports when done. The worker reports on a pipe of its own (its `--fd`), not on
    stdout, where a library may write too: DuckDB's progress bar once broke a build that read stdout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    read_fd, write_fd = os.pipe()
    try:
        child = subprocess.Popen([sys.executable, "-m", "etl.demo.worker", command, json.dumps(args, ensure_ascii=False), "--fd",
                                  str(write_fd)], cwd=ROOT, env=env, pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8")
    finally:
        os.close(write_fd)  # the child holds its own copy: the pipe ends when the child does
    done = None
    with child, os.fdopen(read_fd, encoding="utf-8") as reports:
        stderr = child.stderr
        assert stderr is not None
        errors: list[str] = []
        drain = threading.Thread(target=lambda: errors.extend(stderr), daemon=True)  # a full stderr pipe would block the child
        drain.start()
        for line in reports:
            message = json.loads(line)
            if "progress" in message:
                progress(message["progress"], message["message"])
            else:
                done = message["done"]
        child.wait()
        drain.join(10)
    if child.returncode != 0 or done is None:
        raise RuntimeError(f"the demo's {command} step failed: {''.join(errors).strip()[-2000:]}")
    return done


def _swap(built: Path, db: Path) -> None:
    os.replace(built, db)


class DemoRefused(Exception):
    pass


def ensure_demo(db: Path, progress=None, contracts: int = 200_000, seed: int = 2024) -> bool:
    """Build the demo at `db` unless a database is already there. Safe to call from several
    sessions at once: the load lock makes the second caller wait and then find the file."""
    db = Path(db)
    if db.exists():
        return False
    with load_lock(db):
        if db.exists():
            return False
        build_demo(db, contracts, seed, progress=progress, take_lock=False, quiet=True)
        return True


def calibration_sql() -> str:
    """The app's named query sql/registry_vs_published.sql over every year, in yuan, on mart_pairs: its
    placeholders filled in as the app's catalogue fills them for the whole registry (the ETL does not
    import the app's query runner)."""
    text = (ROOT / "sql" / "registry_vs_published.sql").read_text(encoding="utf-8")
    return text.replace("{flows}", "mart_pairs").replace("{amount:m}", "m.amount_cny").replace("$year", "0")


def calibration(db: Path) -> pl.DataFrame:
    con = connect_readonly(db)
    try:
        return con.sql(calibration_sql()).pl()
    finally:
        con.close()


def calibration_report(table: pl.DataFrame) -> str:
    """Worst share difference per year, side and measure, and the shares of the focus geographies."""
    worst = (
        table.filter(pl.col("published_share_pct").is_not_null())
        .with_columns(pl.col("diff_pp").abs().alias("abs_pp"))
        .sort("abs_pp", descending=True)
        .group_by("year", "direction", "measure", maintain_order=True).first()
        .sort("year", "direction", "measure")
    )
    lines = ["calibration: registry share vs published share of each year's total (percentage points)",
             f"{'year':>4}  {'side':<6}  {'measure':<8}  {'max |diff|':>10}  worst geography"]
    for r in worst.iter_rows(named=True):
        m = "count" if r["measure"].endswith("count") else "value"
        lines.append(f"{r['year']:>4}  {r['direction']:<6}  {m:<8}  {r['abs_pp']:>10.3f}  {r['geo_code']}")
    focus = ["440000", "310000", "320000", "330000", "340000", "110000", GEO_HMT, GEO_OTHER]
    latest = table.filter((pl.col("year") == LAST_PUBLISHED) & pl.col("geo_code").is_in(focus))
    lines.append(f"{LAST_PUBLISHED} shares, registry / published (%):")
    for r in latest.sort("geo_code", "direction", "measure").iter_rows(named=True):
        m = "count" if r["measure"].endswith("count") else "value"
        lines.append(f"  {r['geo_code']:<9} {r['direction']:<6} {m:<5} {r['registry_share_pct']:6.2f} / {r['published_share_pct']:6.2f}")
    return "\n".join(lines)
