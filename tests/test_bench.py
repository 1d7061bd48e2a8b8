"""A tiny run of the benchmark: it completes and reports every key the JSON contract names."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from techmarket.settings import ROOT
from tests.browser import CHROMIUM

pytestmark = pytest.mark.slow  # a whole benchmark, small: make test-all


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--contracts", "3000", "--only", "demo,etl,monthly,views,app,crowd",
                          "--rounds", "2", "--crowd-sessions", "3", "--crowd-seconds", "6",
                          "--workdir", str(tmp_path / "work"), "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["contracts"] == 3000
    assert {"seconds", "rows_per_s", "ratio_vs_bare", "speedup_vs_pandas", "peak_rss_mb"} <= set(result["etl"])
    assert {"seconds", "peak_rss_mb"} <= set(result["demo"])
    monthly = result["monthly"]
    assert monthly["rows"] == 1_000 and monthly["corrections"] == 50 and "marts (incremental)" in monthly["steps"]
    assert monthly["summary"] == ["rows in 1,000 = added 950 + updated 50 + unchanged 0 + rejected 0"]
    assert result["scan_ms"] > 0
    assert set(result["views"]) == {"overview", "flows", "cross-border", "fields", "enterprises", "transfer", "official"}
    for page in result["views"].values():
        assert {"p50_ms", "p95_ms", "ratio_vs_scan"} <= set(page) and page["queries"] >= 2
    assert "rows in 3,000 = added 3,000" in result["etl"]["summary"][0]
    assert result["etl"]["pandas_rows_accepted"] == 3000  # the peer does the same checks and accepts the same rows
    assert "benchmark at 3,000 contracts" in run.stdout
    # Every step runs, the app's too (it needs Chromium, which CI installs): its workers' memory is measured.
    crowd = result["crowd"]
    assert crowd["errors"] == 0 and crowd["single_pages"] > 0 and crowd["crowd_pages"] > 0
    # The ratio is of the unrounded times; the p95s are printed to 0.1 ms.
    assert abs(crowd["ratio"] - crowd["crowd_p95_s"] / crowd["single_p95_s"]) <= 0.02 and crowd["target"] == 2.0
    assert "sessions p95" in run.stdout and "target <= 2.0x" in run.stdout
    if os.environ.get("TECHMARKET_REQUIRE_BROWSER") == "1" or CHROMIUM.exists():
        assert result["app_workers"] >= 1 and 50 < result["app_rss_mb"] < result["app_rss_total_mb"]
