"""Simulated users browsing every page in both languages for a bounded time, through the server `make run`
starts (tests.browser.streamlit_server: Caddy in front of two Streamlit processes), on loopback: no
errors, every session served its pages, memory flat (the slope, of all the server's processes together,
is printed and bounded), and each worker's memory printed.

No timing is asserted here: the crowd's p95 against one user's (target 2x) is `python -m bench --only
crowd`, which prints it against its target (a timing ratio on a shared machine fails at random).
TECHMARKET_LOAD_SESSIONS sets the crowd (20 by default, in CI; 100 for the documented run) and
TECHMARKET_SOAK_SECONDS the length of its run (45 s by default; 600 for the 10-minute soak)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from tests.browser import server_processes, streamlit_server, worker_processes
from tests.loadclient import PAGES, p95, simulate

SOAK_SECONDS = float(os.environ.get("TECHMARKET_SOAK_SECONDS", "45"))
SESSIONS = int(os.environ.get("TECHMARKET_LOAD_SESSIONS", "20"))
pytestmark = pytest.mark.slow


def _slope_mb_per_min(samples: list[tuple[float, float]]) -> float:
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mm = sum(m for _, m in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    return 60 * sum((t - mt) * (m - mm) for t, m in samples) / var if var else 0.0


@pytest.mark.timeout(SOAK_SECONDS + 300)
def test_many_users_browse_without_errors(small_demo_db, capsys):
    with streamlit_server(small_demo_db) as url:
        processes = server_processes(url)
        assert len(processes) == 4  # the host process, Caddy and two Streamlit workers
        warm = simulate(url, 2, 2 * len(PAGES), think=(0.0, 0.1))  # one session on each worker: every page, caches warm
        assert not warm.errors, warm.errors
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            t0 = time.perf_counter()
            while not done.is_set():
                samples.append((time.perf_counter() - t0, sum(p.memory_info().rss for p in processes) / 2**20))
                done.wait(2.0)

        sampler = threading.Thread(target=sample)
        sampler.start()
        crowd = simulate(url, SESSIONS, SOAK_SECONDS, think=(2.0, 5.0))
        done.set()
        sampler.join()
        workers = [round(p.memory_info().rss / 2**20) for p in worker_processes(url)]
    slope = _slope_mb_per_min(samples[len(samples) // 3:])  # after the first third: caches filled
    with capsys.disabled():
        print(f"\nconcurrency: {SESSIONS} users p95 {p95(crowd.times):.3f} s over {crowd.pages} pages (not asserted: "
              f"python -m bench --only crowd), {len(crowd.errors)} errors; "
              f"RSS {samples[0][1]:.0f} -> {samples[-1][1]:.0f} MB, slope {slope:+.1f} MB/min over {SOAK_SECONDS:.0f} s; "
              f"workers {workers} MB")
    assert not crowd.errors, crowd.errors[:5]
    assert crowd.pages >= SESSIONS * SOAK_SECONDS / 8
    assert slope < 30, slope
