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
def streamlit_server(db: Path, env: dict[str, str] | None = None, workers: int = 2, log_dir: Path | None = None,
                     args: tuple[str, ...] = ()) -> Iterator[str]:
    """The dashboard as `make run` serves it: `python -m techmarket.serving.run`, Caddy on one loopback
    port in front of `workers` Streamlit processes. Their output, Caddy's and the access log go to
    `log_dir` (default: a temporary directory, removed afterwards)."""
    import tempfile

    port = free_port()
    # The server's output goes to files: an unread pipe fills up and then blocks the server mid-run.
    logs = log_dir or Path(tempfile.mkdtemp(prefix="techmarket-serve-"))
    logs.mkdir(parents=True, exist_ok=True)
    log = (logs / "host.log").open("wb")
    cmd = [sys.executable, "-m", "techmarket.serving.run", "--port", str(port), "--address", "127.0.0.1", "--workers", str(workers),
           "--log-dir", str(logs), *args, "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "TECHMARKET_DB": str(db), **(env or {})}, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {(logs / 'host.log').read_text(errors='replace')[-2000:]}")
            if b"the dashboard is at" in (logs / "host.log").read_bytes():  # every worker and Caddy answer
                break
            time.sleep(0.3)
        else:
            raise RuntimeError("the server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if log_dir is None:
            shutil.rmtree(logs, ignore_errors=True)


def server_processes(url: str) -> list:
    """The processes serving `url`: the host (techmarket.serving.run), then Caddy and its Streamlit workers."""
    import psutil

    port = url.rsplit(":", 1)[1]
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if "techmarket.serving.run" in cmd and "--port" in cmd and cmd[cmd.index("--port") + 1] == str(port):
            return [p, *p.children(recursive=True)]
    raise LookupError(port)


def worker_processes(url: str) -> list:
    """The Streamlit workers serving `url`, in the order they were started."""
    return sorted((p for p in server_processes(url)[1:] if "streamlit" in " ".join(p.cmdline())), key=worker_port)


def worker_port(p) -> int:
    cmd = p.cmdline()
    return int(cmd[cmd.index("--server.port") + 1])


def active_sessions(port: int) -> int:
    """Open sessions of the Streamlit worker on `port`, from its own metrics (/_stcore/metrics)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as r:
        for line in r.read().decode().splitlines():
            if line.startswith("active_sessions "):
                return int(float(line.split()[1]))
    raise LookupError("active_sessions")


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


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_ALLOWED = Path(__file__).parent / "axe_allowed.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.0/2.1 A and AA violations that axe-core (npm, installed by
    scripts/npm_packages.py) finds on the page, one line per element, except those tests/axe_allowed.json
    allows by rule inside Streamlit's own markup."""
    import json

    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make test-all` or `python scripts/npm_packages.py`")
    allowed = json.loads(AXE_ALLOWED.read_text(encoding="utf-8"))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    found = []
    for violation in result["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            selector = node["target"][0] if isinstance(node["target"][0], str) else node["target"][0][0]
            inside = [rule["within"] for rule in allowed if rule["rule"] == violation["id"]]
            if any(page.evaluate("([s, w]) => { const e = document.querySelector(s); return !!(e && e.closest(w)) }", [selector, w])
                   for w in inside):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {selector} {node.get('failureSummary', '')[:160]}")
    return found
