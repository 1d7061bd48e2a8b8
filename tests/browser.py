"""Helpers for end-to-end tests: a real Streamlit server on loopback and Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
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
def streamlit_server(db: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    import tempfile

    port = free_port()
    # The server's output goes to a file: an unread pipe fills up and then blocks the server mid-run.
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "TECHMARKET_DB": str(db), **(env or {})},
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


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
