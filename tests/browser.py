"""Helpers for end-to-end tests: a real Streamlit server on loopback and Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from techmarket.settings import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require_browser() -> None:
    """Skip where Chromium is missing, except in CI (TECHMARKET_REQUIRE_BROWSER=1), where that fails."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} not found: apt-get install chromium"
    if os.environ.get("TECHMARKET_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(db: Path, env: dict[str, str] | None = None, workers: int = 2) -> Iterator[str]:
    """The dashboard as `make run` serves it: `python -m techmarket.serving.proxy` with `workers` Streamlit
    processes behind one loopback port."""
    import tempfile

    port = free_port()
    # The server's output goes to files: an unread pipe fills up and then blocks the server mid-run.
    logs = Path(tempfile.mkdtemp(prefix="techmarket-serve-"))
    log = (logs / "front.log").open("wb")
    cmd = [sys.executable, "-m", "techmarket.serving.proxy", "--port", str(port), "--address", "127.0.0.1", "--workers", str(workers),
           "--log-dir", str(logs), "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "TECHMARKET_DB": str(db), **(env or {})}, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {(logs / 'front.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(logs, ignore_errors=True)


def server_processes(url: str) -> list:
    """The processes serving `url`: the front, then its Streamlit workers."""
    import psutil

    port = url.rsplit(":", 1)[1]
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if "techmarket.serving.proxy" in cmd and "--port" in cmd and cmd[cmd.index("--port") + 1] == str(port):
            return [p, *p.children(recursive=True)]
    raise LookupError(port)


def wait_for_app(page, timeout_s: float = 60) -> None:
    """Until the script has finished running and what it drew has settled."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet_since = None
    while time.time() < deadline:
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        has_title = page.locator("h1").count() > 0
        if not running and has_title:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 1.5:
                return
        else:
            quiet_since = None
        time.sleep(0.25)
    raise TimeoutError("the page did not finish running")
