"""The front `make run` starts (techmarket.serving.proxy): several Streamlit processes behind one port, each
browser kept on one of them, new sessions spread over them, a dead worker replaced, nothing left
running when the front stops. Real workers on loopback; which worker holds a connection is read from
the operating system's socket table."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import urllib.request

import psutil
import pytest
import websockets

from tests.browser import server_processes, streamlit_server
from tests.loadclient import _run_page

pytestmark = pytest.mark.slow


def _workers(url: str) -> list[psutil.Process]:
    return [p for p in server_processes(url)[1:] if "streamlit" in " ".join(p.cmdline())]


def _worker_port(p: psutil.Process) -> int:
    return int(p.cmdline()[p.cmdline().index("--server.port") + 1])


def _sessions_on(p: psutil.Process) -> int:
    port = _worker_port(p)
    return sum(1 for c in p.net_connections("tcp") if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port)


async def _open_session(url: str, cookie: str | None = None):
    headers = {"Cookie": cookie} if cookie else None
    ws = await websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                                  additional_headers=headers)
    _, error = await _run_page(ws, "", "en", 60)
    assert error is None, error
    return ws


def _get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    return urllib.request.urlopen(request, timeout=10)


def test_sessions_spread_over_workers_and_a_browser_keeps_its_worker(small_demo_db):
    with streamlit_server(small_demo_db, workers=2) as url:
        workers = _workers(url)
        assert len(workers) == 2
        with _get(f"{url}/?lang=en") as r:  # a browser's first request: told its worker
            assert r.status == 200
            cookies = [v for k, v in r.headers.items() if k.lower() == "set-cookie" and v.startswith("techmarket_worker=")]
        assert len(cookies) == 1, r.headers
        chosen = int(cookies[0].split(";")[0].split("=")[1])

        async def scenario() -> tuple[list[int], list[int]]:
            first = await _open_session(url)
            second = await _open_session(url)  # no cookie: the worker with fewer sessions
            spread = [_sessions_on(w) for w in workers]
            sticky = await _open_session(url, f"techmarket_worker={1 - chosen}")  # a cookie wins over the balance
            stuck = [_sessions_on(w) for w in workers]
            for ws in (first, second, sticky):
                await ws.close()
            return spread, stuck

        spread, stuck = asyncio.run(scenario())
        assert spread == [1, 1]
        expected = [1, 1]
        expected[1 - chosen] += 1
        assert stuck == expected


def test_a_killed_worker_is_replaced_and_the_others_keep_serving(small_demo_db):
    with streamlit_server(small_demo_db, workers=2) as url:
        victim, survivor = _workers(url)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        # Its browsers are served by the other worker meanwhile (a new session there).
        with _get(f"{url}/_stcore/health", "techmarket_worker=0") as r:
            assert r.status == 200

        async def page_runs() -> None:
            ws = await _open_session(url, "techmarket_worker=0")
            await ws.close()

        asyncio.run(page_runs())
        deadline = time.time() + 90
        while time.time() < deadline:
            replaced = [w for w in _workers(url) if w.pid not in (victim.pid, survivor.pid)]
            if replaced:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{_worker_port(replaced[0])}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
            time.sleep(0.5)
        else:
            raise AssertionError("the killed worker was not started again")
        assert survivor.is_running()
        assert len(_workers(url)) == 2

        async def both_serve() -> list[int]:  # the replacement takes new sessions again
            sessions = [await _open_session(url), await _open_session(url)]
            counts = [_sessions_on(w) for w in _workers(url)]
            for ws in sessions:
                await ws.close()
            return counts

        assert asyncio.run(both_serve()) == [1, 1]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_outlives_the_front(small_demo_db, how):
    with streamlit_server(small_demo_db, workers=2) as url:
        front = server_processes(url)[0]
        workers = _workers(url)
        assert len(workers) == 2
        front.send_signal(how)
        _, alive = psutil.wait_procs(workers, timeout=20)
        assert not alive, [p.pid for p in alive]


def test_broken_requests_do_not_hurt_the_front(small_demo_db):
    """Garbage, an oversized head, a connection dropped mid-head or right after it: each ends that
    connection only; the next browser is served."""
    import socket

    with streamlit_server(small_demo_db, workers=2) as url:
        host, port = url.removeprefix("http://").split(":")
        for payload in (b"\x00\xff" * 100 + b"\r\n\r\n", b"GET / HTTP/1.1\r\nX: " + b"a" * 100_000, b"GET / HTT",
                        b"GET /?lang=en HTTP/1.1\r\nHost: x\r\n\r\n"):
            with socket.create_connection((host, int(port)), timeout=10) as s:
                s.sendall(payload)
                s.shutdown(socket.SHUT_WR)  # and gone (the workers do not answer a half-closed request either)
                with contextlib.suppress(OSError):
                    while s.recv(65536):
                        pass
        with _get(f"{url}/_stcore/health") as r:
            assert r.status == 200
        with _get(f"{url}/?lang=en") as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        assert len(_workers(url)) == 2
