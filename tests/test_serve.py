"""What `make run` serves (techmarket.serving.run): Caddy (deploy/Caddyfile) in front of several Streamlit
workers. New sessions spread over the workers, a browser stays on its worker by Caddy's cookie, a dead
worker or a dead Caddy is started again, nothing outlives the host, bad requests are refused by Caddy,
and responses carry the security headers, compression and an access log without the analyst's SQL.
Real workers and a real Caddy on loopback; which worker holds a session is read from its own metrics."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import time
import urllib.request

import psutil
import pytest
import websockets

from tests.browser import active_sessions, server_processes, streamlit_server, worker_port, worker_processes
from tests.loadclient import _run_page

pytestmark = pytest.mark.slow


async def _open_session(url: str, cookie: str | None = None, lang: str = "en"):
    headers = {"Cookie": cookie} if cookie else None
    ws = await websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                                  additional_headers=headers)
    _, error = await _run_page(ws, "", lang, 60)  # lang may carry more of the query string: "en&from=2022"
    assert error is None, error
    return ws


def _get(url: str, cookie: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    return urllib.request.urlopen(request, timeout=10)


def _sessions(url: str) -> list[int]:
    return [active_sessions(worker_port(w)) for w in worker_processes(url)]


def _wait_for(check, what: str, timeout_s: float = 60):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        with contextlib.suppress(OSError, LookupError):
            if check():
                return
        time.sleep(0.3)
    raise AssertionError(what)


def test_sessions_spread_over_workers_and_a_browser_keeps_its_worker(small_demo_db):
    with streamlit_server(small_demo_db, workers=2) as url:
        assert len(worker_processes(url)) == 2
        with _get(f"{url}/?lang=en") as r:  # a browser's first request: Caddy tells it its worker
            assert r.status == 200
            cookies = [v for k, v in r.headers.items() if k.lower() == "set-cookie" and v.startswith("techmarket_worker=")]
        assert len(cookies) == 1, r.headers
        assert "HttpOnly" in cookies[0]
        cookie = cookies[0].split(";")[0]

        async def scenario() -> tuple[list[int], list[int]]:
            first = await _open_session(url)
            second = await _open_session(url)  # no cookie: the worker with fewer open connections
            spread = _sessions(url)
            pinned = [await _open_session(url, cookie) for _ in range(3)]  # a cookie wins over the balance
            stuck = _sessions(url)
            for ws in (first, second, *pinned):
                await ws.close()
            return spread, stuck

        spread, stuck = asyncio.run(scenario())
        assert spread == [1, 1]
        assert sorted(stuck) == [1, 4]


def test_a_killed_worker_is_started_again_and_the_others_keep_serving(small_demo_db):
    with streamlit_server(small_demo_db, workers=2) as url:
        with _get(f"{url}/?lang=en") as r:
            cookie = r.headers["Set-Cookie"].split(";")[0]

        async def holder() -> int:  # which worker the cookie points to: open a session with it and see
            ws = await _open_session(url, cookie)
            where = next(i for i, n in enumerate(_sessions(url)) if n)
            await ws.close()
            return where

        victim_index = asyncio.run(holder())
        victim = worker_processes(url)[victim_index]
        port = worker_port(victim)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        # Its browsers are served by the other worker meanwhile (a new session there; the view comes from the URL).
        async def served_elsewhere() -> None:
            ws = await _open_session(url, cookie, "en&from=2022")  # runs the page without an error
            await ws.close()

        asyncio.run(served_elsewhere())
        _wait_for(lambda: any(w.pid != victim.pid and worker_port(w) == port for w in worker_processes(url))
                  and active_sessions(port) == 0, "the killed worker was not started again on its port", 90)
        assert len(worker_processes(url)) == 2

        async def both_serve() -> list[int]:  # Caddy's health check finds it again and sends it new sessions
            sessions = [await _open_session(url), await _open_session(url)]
            counts = _sessions(url)
            for ws in sessions:
                await ws.close()
            return counts

        _wait_for(lambda: asyncio.run(both_serve()) == [1, 1], "the restarted worker took no new session", 30)


def test_a_killed_caddy_is_started_again(small_demo_db):
    with streamlit_server(small_demo_db, workers=1) as url:
        caddy = next(p for p in server_processes(url)[1:] if "caddy" in p.name())
        caddy.kill()
        caddy.wait(10)
        _wait_for(lambda: _get(f"{url}/_stcore/health").status == 200, "Caddy was not started again", 30)
        assert next(p for p in server_processes(url)[1:] if "caddy" in p.name()).pid != caddy.pid


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_nothing_outlives_the_host(small_demo_db, how):
    with streamlit_server(small_demo_db, workers=2) as url:
        host, *children = server_processes(url)
        assert len([c for c in children if "caddy" in c.name()]) == 1 and len(worker_processes(url)) == 2
        host.send_signal(how)
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, [p.cmdline() for p in alive]


def test_caddy_refuses_bad_requests_and_keeps_serving(small_demo_db):
    """Garbage, an oversized head, a connection dropped mid-head and an oversized body: each is refused
    or dropped by Caddy; the next browser is served."""
    with streamlit_server(small_demo_db, workers=1, env={"TECHMARKET_MAX_BODY": "1MB"}) as url:
        host, port = url.removeprefix("http://").split(":")

        def exchange(payload: bytes) -> bytes:
            with socket.create_connection((host, int(port)), timeout=15) as s:
                s.sendall(payload)
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_WR)
                data = b""
                with contextlib.suppress(OSError):
                    while chunk := s.recv(65536):
                        data += chunk
                return data

        assert exchange(b"\x00\xff" * 100 + b"\r\n\r\n").startswith(b"HTTP/1.1 400")
        assert exchange(b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100_000 + b"\r\n\r\n").startswith(b"HTTP/1.1 431")
        exchange(b"GET / HTT")
        body = b"x" * 2_000_000
        answer = exchange(b"POST /_stcore/upload_file/a/b HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                          b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        with _get(f"{url}/?lang=en") as r:
            assert r.status == 200 and b"<html" in r.read().lower()


def test_headers_compression_and_an_access_log_without_the_sql(small_demo_db, tmp_path):
    with streamlit_server(small_demo_db, workers=1, log_dir=tmp_path) as url:
        with _get(f"{url}/sql?lang=en&q=select%20%27secret_value%27") as r:
            page = r.read().decode()
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert r.headers["Referrer-Policy"] == "same-origin"
            assert "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
            assert "Server" not in r.headers
        script = page.split('src="./')[1].split('"')[0] if 'src="./' in page else page.split('src="')[1].split('"')[0].lstrip("/")
        with _get(f"{url}/{script}", headers={"Accept-Encoding": "gzip"}) as r:
            assert r.headers["Content-Encoding"] == "gzip"
        _wait_for(lambda: "/sql" in (tmp_path / "access.log").read_text(), "no access log line for the SQL page", 10)
        lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
        sql = [e for e in lines if e["request"]["uri"].startswith("/sql")]
        assert sql and all("lang=en" in e["request"]["uri"] for e in sql)
        assert "secret_value" not in (tmp_path / "access.log").read_text()
        assert all("Cookie" not in e["request"]["headers"] for e in lines)


def test_the_worker_cookie_is_refused_when_forged(small_demo_db):
    """Caddy signs the cookie: a made-up value is not a way to pick a worker, it is treated as none."""
    with streamlit_server(small_demo_db, workers=2) as url, _get(f"{url}/?lang=en", "techmarket_worker=forged") as r:
        assert r.status == 200
        assert any(k.lower() == "set-cookie" and v.startswith("techmarket_worker=") and "forged" not in v for k, v in r.headers.items())
