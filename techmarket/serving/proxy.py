"""`python -m techmarket.serving.proxy`: the dashboard on one port, served by several Streamlit processes.

One Streamlit process runs every page run as a thread of one interpreter, so runs that arrive
together take turns on its lock: measured with 20 users on a 2-core machine, one process gave a
p95 page time 2.2x a lone user's, two processes 1.2x. This front starts `--workers` Streamlit
processes on loopback ports and passes each browser to one of them:

- a connection's first request decides its worker; everything after it on that connection goes
  there unchanged (websockets included), bytes copied both ways;
- a browser keeps its worker through a cookie the front sets on the first response, so its page
  runs, downloads (made on demand, held in the worker's memory) and reconnects reach the process
  that holds its session;
- a browser without the cookie goes to the worker with the fewest open sessions (websockets);
- a worker that dies is started again; until it answers, its browsers go to the others (their
  session is new there; filters and page come back from the URL).

Workers share nothing but the database file, which they only read.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field

from techmarket.settings import ROOT, workers

COOKIE = "techmarket_worker"
HEAD_LIMIT = 64 * 1024


@dataclass
class Worker:
    index: int
    port: int
    proc: subprocess.Popen | None = None
    sessions: int = 0  # open websockets
    started: float = 0.0
    failures: int = 0  # exits soon after starting, in a row
    retry_at: float | None = None  # when a dead worker is started again
    log: object = field(default=None, repr=False)


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the worker, before exec: SIGTERM when the front goes away, even by kill -9 (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Front:
    def __init__(self, host: str, port: int, n_workers: int, streamlit_args: list[str], log_dir: str | None = None):
        self.host, self.port = host, port
        self.args = streamlit_args
        self.log_dir = log_dir
        self.workers = [Worker(i, _free_port("127.0.0.1")) for i in range(n_workers)]
        # One XSRF secret for all, so a form posted to any worker checks against the same cookie.
        self.env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
                    or secrets.token_hex(32)}
        self.tasks: set[asyncio.Task] = set()
        self.stopping = False

    # --- workers -------------------------------------------------------------------------------

    def start_worker(self, w: Worker) -> None:
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(w.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", *self.args]
        out = subprocess.PIPE
        if self.log_dir:
            if w.log:
                w.log.close()  # the previous process's (a restart)
            w.log = open(os.path.join(self.log_dir, f"worker-{w.index}.log"), "ab")  # noqa: SIM115 - kept for the process
            out = w.log
        w.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                  preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        w.started, w.retry_at = time.monotonic(), None  # sessions: each open one is counted down as it closes
        if out is subprocess.PIPE:  # read as it comes (a full pipe would stop the worker), labelled, to our stderr
            threading.Thread(target=_relay, args=(w.proc.stdout, f"[worker {w.index}] "), daemon=True).start()

    def alive(self, w: Worker) -> bool:
        return w.proc is not None and w.proc.poll() is None

    async def wait_healthy(self, timeout_s: float = 90) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(self.workers)
        while pending:
            if time.monotonic() > deadline:
                raise RuntimeError(f"workers on ports {[w.port for w in pending]} did not start")
            for w in pending:
                if not self.alive(w):
                    raise RuntimeError(f"worker {w.index} exited ({w.proc.returncode}) while starting")
            pending = [w for w in pending if not await asyncio.to_thread(_healthy, w.port)]
            if pending:
                await asyncio.sleep(0.3)

    async def supervise(self) -> None:
        """Start again any worker that exits, on a fresh port (its old one may have been taken); one
        that keeps dying within seconds of starting is retried after 2, 4, ... up to 60 s."""
        while not self.stopping:
            now = time.monotonic()
            for w in self.workers:
                if self.alive(w) or self.stopping:
                    continue
                if w.retry_at is None:  # just found dead
                    w.failures = w.failures + 1 if now - w.started < 10 else 0
                    w.retry_at = now + (min(60, 2 ** w.failures) if w.failures else 0)
                    print(f"techmarket: worker {w.index} exited ({w.proc.returncode}) after {now - w.started:.0f} s; "
                          f"starting it again{f' in {w.retry_at - now:.0f} s' if w.failures else ''}", file=sys.stderr, flush=True)
                if now >= w.retry_at:
                    w.port = _free_port("127.0.0.1")
                    self.start_worker(w)
            await asyncio.sleep(1.0)

    def stop_workers(self) -> None:
        self.stopping = True
        for w in self.workers:
            if self.alive(w):
                w.proc.terminate()
        for w in self.workers:
            if w.proc is not None:
                try:
                    w.proc.wait(10)
                except subprocess.TimeoutExpired:
                    w.proc.kill()
            if w.log:
                w.log.close()

    # --- routing -------------------------------------------------------------------------------

    def choose(self, head: bytes) -> tuple[Worker, bool]:
        """(worker, whether the browser must be told its worker with a cookie)."""
        wanted = _cookie(head, COOKIE)
        live = [w for w in self.workers if self.alive(w)] or self.workers
        for w in live:
            if wanted == str(w.index):
                return w, False
        return min(live, key=lambda w: (w.sessions, w.index)), True

    async def connect(self, head: bytes, client: _Side) -> None:
        """Route a connection by its first request head, open the worker side and splice the two."""
        worker, set_cookie = self.choose(head)
        loop = asyncio.get_running_loop()
        candidates = [worker] + [w for w in self.workers if w is not worker]
        for w in candidates:  # the chosen worker, or any that answers when it does not (restarting)
            if client.closed:
                return
            try:
                cookie = set_cookie or w is not candidates[0]
                inject = f"Set-Cookie: {COOKIE}={w.index}; Path=/; HttpOnly; SameSite=Lax\r\n".encode() if cookie else None
                _, back = await loop.create_connection(lambda inject=inject: _Side(inject=inject), "127.0.0.1", w.port)
                break
            except OSError:
                continue
        else:
            client.transport.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            client.transport.close()
            return
        if b"\r\nupgrade: websocket" in head.lower():
            w.sessions += 1
            back.on_lost = lambda: setattr(w, "sessions", w.sessions - 1)
        back.link(client)
        client.link(back)
        if client.closed:  # the browser left while its worker was being reached
            back.transport.close()

    async def route(self, head: bytes, client: _Side) -> None:
        try:
            await self.connect(head, client)
        except Exception as e:  # noqa: BLE001 - never leave a browser hanging on a paused connection
            print(f"techmarket: could not route a request: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
            client.transport.close()

    def accept(self) -> _Side:
        return _Side(front=self)

    async def run(self) -> None:
        for w in self.workers:
            self.start_worker(w)
        try:
            await self.wait_healthy()
            server = await asyncio.get_running_loop().create_server(self.accept, self.host, self.port, reuse_address=True)
            shown = "localhost" if self.host in ("0.0.0.0", "::") else self.host
            print(f"techmarket: the dashboard is at http://{shown}:{self.port}, served by {len(self.workers)} Streamlit processes "
                  f"(on loopback ports {', '.join(str(w.port) for w in self.workers)})", flush=True)
            async with server:
                await self.supervise()
        finally:
            self.stop_workers()


class _Side(asyncio.Protocol):
    """One end of a spliced connection: what arrives is written to the other end's transport, with
    each side's reading paused while the other's writing is backed up. The browser's side first
    collects its request head (to choose the worker); the worker's side may add the cookie to its
    first response head. Either side closing closes the other."""

    def __init__(self, front: Front | None = None, inject: bytes | None = None):
        self.front, self.inject = front, inject
        self.transport: asyncio.Transport | None = None
        self.peer: _Side | None = None
        self.pending = bytearray()  # until linked: the head being collected
        self.closed = False
        self.on_lost = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def link(self, peer: _Side) -> None:
        self.peer = peer
        if self.pending and self.front is not None:  # the browser's head (and anything after it) to the worker
            peer.transport.write(bytes(self.pending))
            self.pending.clear()
        if self.front is not None:
            self.transport.resume_reading()

    def data_received(self, data: bytes) -> None:
        if self.inject is not None:  # the worker's first response head: add the cookie before its end
            self.pending += data
            end = self.pending.find(b"\r\n\r\n")
            if end < 0:
                return
            data = bytes(self.pending[:end + 2]) + self.inject + bytes(self.pending[end + 2:])
            self.pending.clear()
            self.inject = None
        if self.peer is not None:
            self.peer.transport.write(data)
            return
        self.pending += data  # the browser's side, before it is routed
        if len(self.pending) > HEAD_LIMIT:
            self.transport.close()
        elif b"\r\n\r\n" in self.pending and self.front is not None:
            self.transport.pause_reading()  # routed once: what follows waits in the kernel until linked
            task = asyncio.ensure_future(self.front.route(bytes(self.pending), self))
            self.front.tasks.add(task)
            task.add_done_callback(self.front.tasks.discard)

    def pause_writing(self) -> None:
        if self.peer is not None:
            self.peer.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.peer is not None:
            self.peer.transport.resume_reading()

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.on_lost is not None:
            self.on_lost()
            self.on_lost = None
        if self.peer is not None and not self.peer.closed:
            self.peer.transport.close()  # after what is already buffered has been written


def _relay(stream, prefix: str) -> None:
    """A worker's output, minus Streamlit's banner with its loopback address (browsers use the front's)."""
    for raw in stream:
        line = raw.decode("utf-8", "replace").rstrip()
        if line and not any(banner in line for banner in ("You can now view", "URL: http://127.0.0.1", "server started on 127.0.0.1")):
            print(prefix + line, file=sys.stderr, flush=True)


def _cookie(head: bytes, name: str) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m techmarket.serving.proxy", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="where browsers connect (default: every interface)")
    parser.add_argument("--workers", type=int, default=workers(),
                        help="Streamlit processes (default: TECHMARKET_WORKERS or the cores, at most 4)")
    parser.add_argument("--log-dir", help="write each worker's output to worker-N.log here (default: to this terminal)")
    args, streamlit_args = parser.parse_known_args(argv)
    front = Front(args.address, args.port, max(1, args.workers), streamlit_args, args.log_dir)
    loop = asyncio.new_event_loop()
    task = loop.create_task(front.run())
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, task.cancel)
    try:
        loop.run_until_complete(task)
    except asyncio.CancelledError:
        pass  # run() has stopped the workers
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
