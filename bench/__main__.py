"""Benchmarks, measured side by side in one run so that ratios hold on a noisy machine.

    python -m bench --contracts N [--json FILE] [--only demo,etl,monthly,views,app,crowd] [--workdir DIR]
                    [--crowd-sessions S] [--crowd-seconds T]

- demo:  `python -m etl demo` at N contracts: seconds and peak RSS (a child process).
- etl:   an N-row contract CSV in the accepted input format (UTF-8, Chinese headers); `etl load` on it
         against (a) a bare DuckDB `create table as select * from read_csv(...)` of the same file, the
         limit, and (b) a straightforward pandas + SQLite load with the same checks, the peer an analyst
         would write (on a sample of at most 500,000 rows above that, scaled linearly, and said so).
- views: for each page, exactly the queries the page runs (recorded by running the page in AppTest),
         replayed with varied filters: p50/p95 ms and `ratio_vs_scan`, p95 over one full scan of
         `contracts` on the same connection. Also each page's cold and warm render time in AppTest.
- monthly: the common load: a month of contracts (100,000 rows, or N/100 at small N, 5 % of them
         corrections of contracts already loaded) into a copy of the N-contract demo, end to end
         (copy, read and check, merge, marts, swap): seconds, each step's seconds and peak RSS.
- app:   a real Streamlit server: RSS after a browser has visited every page.
- crowd: simulated users (tests/loadclient.py) browsing every page in both languages through the server
         `make run` starts (Caddy, two workers): one user's p95 page time, then S sessions' (20 by default)
         over T seconds (45), and the ratio against its target (2x one user's). Timing ratios live here, not
         in the tests, which check the crowd's correctness (tests/test_concurrency.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["overview", "flows", "cross-border", "fields", "enterprises", "transfer", "official"]
PEER_SAMPLE = 500_000


def run_child(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS MB of the child and its children, output)."""
    started = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    out: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    reader.join(5)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{''.join(out)[-2000:]}")
    return time.perf_counter() - started, peak / 2**20, "".join(out)


# demo ----------------------------------------------------------------------------------------

def bench_demo(n: int, work: Path) -> dict:
    db = work / "demo.duckdb"
    seconds, peak, _ = run_child([sys.executable, "-m", "etl", "demo", "--db", str(db), "--contracts", str(n), "--force"])
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak, 1), "db": str(db)}


# etl -----------------------------------------------------------------------------------------

def write_input(n: int, path: Path, year: int = 2023, prefix: str = "", corrections: list[str] | None = None) -> None:
    """N raw contract rows as a registry exports them: CSV with Chinese headers, UTF-8 (which a bare DuckDB
    read_csv can read too; GBK would need its encodings extension, not available offline)."""
    import duckdb
    import numpy as np
    import polars as pl

    from etl.demo.generate import Geography, make_contracts_for_year, make_enterprises
    from etl.demo.targets import national_totals, published_targets
    from etl.dimensions import read_regions
    from etl.reference import daily_rates, prepare
    from etl.registry_forms import RegistryForms

    rng = np.random.default_rng(1)
    ref = duckdb.connect()
    prepare(ref)
    targets, totals = published_targets(ref), national_totals(ref)
    fx = daily_rates()
    forms = RegistryForms(fx)
    regions = read_regions().filter(pl.col("lat").is_not_null())
    geo = Geography(regions)
    ent = make_enterprises(geo, max(20_000, n // 10), rng, __import__("datetime").date.today())
    names_en = dict(zip(regions["region_code"], regions["name_en"], strict=True))
    with path.open("wb") as f:
        for i, chunk in enumerate(range(0, n, 1_000_000)):
            rows = min(1_000_000, n - chunk)
            frame = make_contracts_for_year(year, rows, geo, targets, totals[min(year, 2024)][1], ent, fx, rng, names_en, forms)
            frame = frame.with_columns((prefix + frame["合同编号"] + f"-{i}").alias("合同编号"))
            if corrections and i == 0:  # the first rows correct contracts already loaded
                ids = pl.Series(corrections[:rows], dtype=pl.String)
                frame = frame.with_columns(pl.concat([ids, frame["合同编号"].slice(len(ids))]).alias("合同编号"))
            f.write(frame.write_csv(include_header=(i == 0)).encode("utf-8"))


def bench_bare(csv: Path, work: Path) -> float:
    code = (f"import duckdb,time;c=duckdb.connect({str(work / 'bare.duckdb')!r});t=time.perf_counter();"
            f"c.execute(\"create or replace table t as select * from read_csv({str(csv)!r}, all_varchar=true)\");"
            "c.close();print(time.perf_counter()-t)")
    (work / "bare.duckdb").unlink(missing_ok=True)
    seconds, _, _ = run_child([sys.executable, "-c", code])
    return seconds




def bench_etl(n: int, work: Path) -> dict:
    csv = work / "contracts.csv"
    if not csv.exists():
        write_input(n, csv)
    db = work / "etl.duckdb"
    for p in work.glob("etl.duckdb*"):
        p.unlink()
    seconds, peak, out = run_child([sys.executable, "-m", "etl", "load", "--db", str(db), str(csv)])
    bare = bench_bare(csv, work)
    limit = min(n, PEER_SAMPLE)
    (work / "peer.sqlite").unlink(missing_ok=True)
    _, _, peer_out = run_child([sys.executable, "-m", "bench.pandas_peer", str(csv), str(work / "peer.sqlite"), str(limit)])
    peer_fields = peer_out.split()
    peer_seconds = float(peer_fields[0]) * n / limit
    return {
        "seconds": round(seconds, 2),
        "rows_per_s": round(n / seconds),
        "ratio_vs_bare": round(seconds / bare, 2),
        "speedup_vs_pandas": round(peer_seconds / seconds, 2),
        "peak_rss_mb": round(peak, 1),
        "bare_seconds": round(bare, 2),
        "pandas_seconds": round(peer_seconds, 2),
        "pandas_note": "measured on all rows" if limit == n else f"measured on the first {limit:,} rows and scaled linearly",
        "pandas_rows_accepted": int(peer_fields[2]),
        "summary": [line for line in out.splitlines() if line.startswith(("rows in", "seconds:"))],
    }


def bench_monthly(n: int, work: Path) -> dict:
    """A month's file into a copy of the demo: the load the centre runs every month."""
    import shutil

    from techmarket.db import connect_readonly

    rows = min(100_000, max(1_000, n // 100))
    demo = work / "demo.duckdb"
    con = connect_readonly(demo)
    try:
        sample = max(1, rows // 20)
        ids = [r[0] for r in con.execute(f"select contract_id from contracts using sample reservoir({sample} rows) repeatable (5)")
               .fetchall()]
    finally:
        con.close()
    month = work / "monthly.csv"
    write_input(rows, month, year=2024, prefix="M", corrections=ids)
    db = work / "monthly.duckdb"
    for p in work.glob("monthly.duckdb*"):
        p.unlink()
    shutil.copyfile(demo, db)
    # Bring the copy's marts to this code's definitions first (a database made by this version has them).
    warm = work / "warm.csv"
    write_input(10, warm, year=2024, prefix="W")
    run_child([sys.executable, "-m", "etl", "load", "--db", str(db), str(warm)])
    seconds, peak, out = run_child([sys.executable, "-m", "etl", "load", "--db", str(db), str(month)])
    steps = next((line for line in out.splitlines() if line.startswith("seconds:")), "")
    return {
        "rows": rows,
        "corrections": len(ids),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak, 1),
        "db_mb": round(demo.stat().st_size / 2**20),
        "steps": steps.removeprefix("seconds: "),
        "summary": [line for line in out.splitlines() if line.startswith("rows in")],
    }


# views ---------------------------------------------------------------------------------------

def record_page_queries(db: Path) -> tuple[dict[str, list[tuple[str, dict]]], dict[str, dict]]:
    """Run each page in AppTest and record the named queries it runs (name, extra parameters), and
    the page's cold and warm render seconds (server side)."""
    from streamlit.testing.v1 import AppTest

    from techmarket import queries

    os.environ["TECHMARKET_DB"] = str(db)
    from techmarket.ui.routing import use_navigation

    use_navigation()
    calls: list[tuple[str, dict]] = []
    real_run = queries.run

    def recording(con, name, f, **params):
        calls.append((name, params))
        return real_run(con, name, f, **params)

    queries.run = recording
    recorded, renders = {}, {}
    try:
        for page in PAGES:
            import streamlit as st

            from techmarket import ui

            st.cache_data.clear()
            ui.cache.clear()  # finished views and query results are shared across sessions: cold means those too
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
            at.run()
            calls.clear()
            t0 = time.perf_counter()
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            st.cache_data.clear()
            ui.cache.clear()
            at.run()
            cold = time.perf_counter() - t0
            recorded[page] = sorted({(n, json.dumps(p, sort_keys=True)) for n, p in calls})
            t0 = time.perf_counter()
            at.run()
            warm = time.perf_counter() - t0
            renders[page] = {"cold_s": round(cold, 3), "warm_s": round(warm, 3)}
    finally:
        queries.run = real_run
    return {k: [(n, json.loads(p)) for n, p in v] for k, v in recorded.items()}, renders


def varied_filters(con, rounds: int, seed: int = 5):
    from techmarket.filters import Filters
    from techmarket.queries import year_range

    rng = random.Random(seed)
    lo, hi = year_range(con)
    blocs = [(), ("GBA",), ("YRD",), ("GBA", "YRD"), ("OVERSEAS",)]
    fields = [(), ("ai",), ("electronic_info",), ("ic", "smart_terminal")]
    cities = [(), ("441900",), ("440300", "310000")]
    out = []
    for _ in range(rounds):
        a = rng.randint(lo, hi)
        b = rng.randint(a, hi)
        out.append(Filters(lang=rng.choice(["zh", "en"]), year_from=a, year_to=b, blocs=rng.choice(blocs), cities=rng.choice(cities),
                           fields=rng.choice(fields), unit=rng.choice(["wan", "yi"]), currency=rng.choice(["CNY", "USD"])))
    return out


def bench_views(db: Path, rounds: int) -> tuple[float, dict, dict]:
    from techmarket import queries
    from techmarket.db import connect_readonly

    recorded, renders = record_page_queries(db)
    con = connect_readonly(db)
    scans = []
    for _ in range(5):
        t0 = time.perf_counter()
        con.execute("select count(*), sum(amount_cny) from contracts").fetchall()
        scans.append(time.perf_counter() - t0)
    scan = statistics.median(scans)
    views = {}
    for page, calls in recorded.items():
        times = []
        for f in varied_filters(con, rounds):
            t0 = time.perf_counter()
            for name, params in calls:
                queries.run(con, name, f, **params)
            times.append(time.perf_counter() - t0)
        times.sort()
        p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
        views[page] = {"p50_ms": round(p50 * 1000, 1), "p95_ms": round(p95 * 1000, 1), "ratio_vs_scan": round(p95 / scan, 2),
                       "queries": len(calls), **renders[page]}
    con.close()
    return scan * 1000, views, renders


# app -----------------------------------------------------------------------------------------

def bench_app(db: Path) -> dict:
    """A browser visits every page in both languages through the server `make run` starts; then the
    resident memory of its Streamlit workers (the largest one, and all of them with Caddy and the host process)."""
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, server_processes, streamlit_server, wait_for_app, worker_processes

    if not CHROMIUM.exists():
        return {"app_rss_mb": float("nan"), "app_rss_total_mb": float("nan")}
    from playwright.sync_api import sync_playwright

    with streamlit_server(db) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 2000})
        for lang in ("zh", "en"):
            for path in ["", *PAGES[1:], "data"]:
                page.goto(f"{url}/{path}?lang={lang}")
                wait_for_app(page, 120)
        browser.close()
        # The host process (techmarket.serving.run) starts Caddy, which listens on the port, and the Streamlit workers.
        host, *children = server_processes(url)
        workers = worker_processes(url)
        caddy = [c for c in children if c not in workers]
        rss = [w.memory_info().rss / 2**20 for w in workers]
        rest = sum(p.memory_info().rss for p in (host, *caddy)) / 2**20
        return {"app_rss_mb": round(max(rss), 1), "app_rss_total_mb": round(sum(rss) + rest, 1),
                "app_workers": len(workers)}


CROWD_TARGET = 2.0  # the crowd's p95 within this multiple of one user's


def bench_crowd(db: Path, sessions: int, seconds: float) -> dict:
    """One user's p95 page time and a crowd's, measured one after the other on the same server."""
    from tests.browser import streamlit_server
    from tests.loadclient import PAGES as CROWD_PAGES
    from tests.loadclient import p95, simulate

    with streamlit_server(db) as url:
        warm = simulate(url, 2, 2 * len(CROWD_PAGES), think=(0.0, 0.1))  # every page on each worker: caches warm
        single = simulate(url, 1, max(10.0, seconds / 3), think=(0.1, 0.3))
        crowd = simulate(url, sessions, seconds, think=(2.0, 5.0))
    one, many = p95(single.times), p95(crowd.times)
    return {"sessions": sessions, "seconds": seconds, "single_p95_s": round(one, 4), "single_pages": single.pages,
            "crowd_p95_s": round(many, 4), "crowd_pages": crowd.pages, "ratio": round(many / one, 2), "target": CROWD_TARGET,
            "errors": len(warm.errors) + len(single.errors) + len(crowd.errors)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", default="demo,etl,monthly,views,app,crowd")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--crowd-sessions", type=int, default=20)
    parser.add_argument("--crowd-seconds", type=float, default=45.0)
    args = parser.parse_args()
    only = set(args.only.split(","))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="techmarket-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    result: dict = {"contracts": args.contracts, "machine": f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"}
    db = work / "demo.duckdb"
    if "demo" in only or not db.exists():
        result["demo"] = bench_demo(args.contracts, work)
        print(f"demo: {result['demo']['seconds']} s, peak {result['demo']['peak_rss_mb']} MB", flush=True)
    if "etl" in only:
        result["etl"] = bench_etl(args.contracts, work)
        print(f"etl: {json.dumps(result['etl'], ensure_ascii=False)}", flush=True)
    if "monthly" in only:
        result["monthly"] = bench_monthly(args.contracts, work)
        print(f"monthly: {json.dumps(result['monthly'], ensure_ascii=False)}", flush=True)
    if "views" in only:
        scan_ms, views, _ = bench_views(db, args.rounds)
        result["scan_ms"] = round(scan_ms, 1)
        result["views"] = views
    if "app" in only:
        result |= bench_app(db)
    if "crowd" in only:
        result["crowd"] = bench_crowd(db, args.crowd_sessions, args.crowd_seconds)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def report(r: dict) -> str:
    lines = [f"benchmark at {r['contracts']:,} contracts ({r['machine']})"]
    if "demo" in r:
        lines.append(f"  demo build        {r['demo']['seconds']:>9.1f} s    peak RSS {r['demo']['peak_rss_mb']:,.0f} MB")
    if "etl" in r:
        e = r["etl"]
        lines += [f"  etl load          {e['seconds']:>9.1f} s    {e['rows_per_s']:,} rows/s    peak RSS {e['peak_rss_mb']:,.0f} MB",
                  f"  bare DuckDB CTAS  {e['bare_seconds']:>9.1f} s    ratio_vs_bare {e['ratio_vs_bare']}",
                  f"  pandas + SQLite   {e['pandas_seconds']:>9.1f} s    speedup_vs_pandas {e['speedup_vs_pandas']} ({e['pandas_note']})"]
    if "monthly" in r:
        m = r["monthly"]
        lines.append(f"  monthly load      {m['seconds']:>9.1f} s    {m['rows']:,} rows ({m['corrections']:,} corrections) into "
                     f"{r['contracts']:,}    peak RSS {m['peak_rss_mb']:,.0f} MB")
        lines.append(f"    steps: {m['steps']}")
    if "views" in r:
        lines.append(f"  one scan of contracts: {r['scan_ms']} ms")
        lines.append(f"  {'page':<14}{'queries':>8}{'p50 ms':>10}{'p95 ms':>10}{'p95/scan':>10}{'cold s':>9}{'warm s':>9}")
        for page, v in r["views"].items():
            lines.append(f"  {page:<14}{v['queries']:>8}{v['p50_ms']:>10}{v['p95_ms']:>10}{v['ratio_vs_scan']:>10}"
                         f"{v['cold_s']:>9}{v['warm_s']:>9}")
    if "app_rss_mb" in r:
        lines.append(f"  app RSS after every page: {r['app_rss_mb']} MB for the largest worker, {r.get('app_rss_total_mb')} MB "
                     f"for {r.get('app_workers', '?')} workers with Caddy and the host process")
    if "crowd" in r:
        c = r["crowd"]
        met = "met" if c["ratio"] <= c["target"] else "missed"
        lines.append(f"  crowd             1 user p95 {c['single_p95_s']:.3f} s ({c['single_pages']} pages); {c['sessions']} sessions p95 "
                     f"{c['crowd_p95_s']:.3f} s ({c['crowd_pages']} pages over {c['seconds']:.0f} s): {c['ratio']}x one user's, "
                     f"target <= {c['target']}x ({met}); {c['errors']} errors")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
