"""More than one host, on this machine: an ETL host publishing versions into a publish directory, two app
hosts on loopback (each `python -m techmarket.serving.run --follow DIR`: its own data directory, its own
Caddy and worker) and one Caddy load balancer in front of both (deploy/lb.Caddyfile).

- A version published mid-run reaches both hosts; sessions browsing meanwhile see no error, and every
  page run shows one version: the data version in its sidebar and its contract count agree.
- When the host holding a browser is killed, the browser lands on the other host and gets its view
  back from the URL (language, years, bloc)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import psutil
import pytest
import websockets

from etl import publish
from etl.load import load_files
from techmarket.i18n import bloc_name, format_count, t
from techmarket.serving.run import caddy_binary, healthy
from techmarket.settings import ROOT
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    active_sessions,
    free_port,
    require_browser,
    server_processes,
    streamlit_server,
    wait_for_app,
    worker_port,
    worker_processes,
)
from tests.conftest import contract_rows, query, write_csv
from tests.loadclient import run_page_texts

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@contextlib.contextmanager
def balancer(hosts: list[str], log: Path):
    """deploy/lb.Caddyfile in front of the hosts' URLs."""
    port = free_port()
    env = {**os.environ, "TECHMARKET_LB_ADDRESS": "127.0.0.1", "TECHMARKET_LB_PORT": str(port), "TECHMARKET_COOKIE_SECRET": "test-secret",
           "TECHMARKET_HOSTS": " ".join(h.removeprefix("http://") for h in hosts),
           "TECHMARKET_ACCESS_LOG": f"file {log.parent / 'lb-access.log'}"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([caddy_binary(), "run", "--config", str(ROOT / "deploy" / "lb.Caddyfile"), "--adapter", "caddyfile"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 30
            while not healthy(url):
                assert proc.poll() is None and time.time() < deadline, log.read_text()[-2000:]
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            proc.wait(10)


def _publish_load(etl_db: Path, tmp: Path, name: str, n: int) -> str:
    rows = contract_rows(n, 签订日期="2024-06-01")
    for i, row in enumerate(rows):
        row["合同编号"] = f"{name}-{i:04d}"
    load_files([write_csv(tmp / f"{name}.csv", rows)], etl_db, progress=None)
    return publish.read_manifest(publish.publish_dir(etl_db))["current"]


def _latest_year_contracts(db: Path) -> str:
    n = query(db, "select count(*) from contracts where year(signed_date) = (select max(year(signed_date)) from contracts)")[0][0]
    return format_count(n, "en")


async def _browse(url: str, seconds: float, runs: list[tuple[str, str]], errors: list[str], seed: int) -> None:
    """One session through the balancer, running the overview again and again; reconnects if its host goes."""
    deadline = time.monotonic() + seconds
    await asyncio.sleep(seed * 0.2)
    while time.monotonic() < deadline:
        try:
            async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
                while time.monotonic() < deadline:
                    _, error, texts = await run_page_texts(ws, "", "lang=en", 60)
                    if error:
                        errors.append(error)
                    version = next((m.group(1) for x in texts if (m := re.search(r"Data version: (\S+)", x))), "")
                    contracts = next((x.split("=", 1)[1] for x in texts if x.startswith(f"{t('contracts', 'en')} · ")), "")
                    runs.append((version, contracts))
                    await asyncio.sleep(0.3)
        except (websockets.ConnectionClosed, OSError, TimeoutError):
            await asyncio.sleep(0.5)  # the browser's reconnect


def test_two_hosts_follow_published_versions_and_survive_one_host_dying(small_demo_db, tmp_path, monkeypatch):
    require_browser()
    published = tmp_path / "published"
    monkeypatch.setenv("TECHMARKET_PUBLISH_DIR", str(published))
    etl_db = tmp_path / "etl" / "techmarket.duckdb"
    etl_db.parent.mkdir()
    shutil.copyfile(small_demo_db, etl_db)
    v1 = _publish_load(etl_db, tmp_path, "V1", 20)
    expected = {v1: _latest_year_contracts(etl_db)}
    hosts = []
    with contextlib.ExitStack() as stack:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            host = streamlit_server(tmp_path / name / "techmarket.duckdb", workers=1, log_dir=tmp_path / f"log-{name}",
                                    env={"TECHMARKET_PUBLISH_DIR": str(published)}, args=("--follow", str(published)))
            hosts.append(stack.enter_context(host))
        lb = stack.enter_context(balancer(hosts, tmp_path / "lb.log"))

        def serving(host_dir: str) -> str | None:
            with contextlib.suppress(FileNotFoundError):
                return json.loads((tmp_path / host_dir / "follow.json").read_text())["current"]
            return None

        assert serving("a") == serving("b") == v1
        # A following host's database is a copy: its Load data page is off, whatever the secrets say.
        assert all(w.environ().get("TECHMARKET_LOAD") == "off" for h in hosts for w in worker_processes(h))

        # Sessions browse through the balancer while a new version is published.
        runs: list[tuple[str, str]] = []
        errors: list[str] = []

        async def crowd() -> float:
            tasks = [asyncio.create_task(_browse(lb, 18, runs, errors, i)) for i in range(6)]
            await asyncio.sleep(5)
            v2 = await asyncio.to_thread(_publish_load, etl_db, tmp_path, "V2", 30)
            expected[v2] = _latest_year_contracts(etl_db)
            published_at = time.monotonic()
            while not (serving("a") == serving("b") == v2):
                assert time.monotonic() - published_at < 15, (serving("a"), serving("b"))
                await asyncio.sleep(0.2)
            reached = time.monotonic() - published_at
            await asyncio.gather(*tasks)
            return reached

        reached = asyncio.run(crowd())
        v2 = publish.read_manifest(published)["current"]
        assert not errors, errors[:3]
        assert len(runs) > 30
        seen = {v for v, _ in runs}
        assert seen == {v1, v2}, seen
        mixed = [(v, c) for v, c in runs if expected[v] != c]
        assert not mixed, (mixed[:3], expected)
        assert expected[v1] != expected[v2]
        print(f"\nhosts: v2 reached both hosts {reached:.1f} s after it was published; {len(runs)} page runs, 0 errors")

        # A browser on the balancer; the host holding it dies; it comes back on the other with its view.
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{lb}/?lang=en&from=2021&to=2023&bloc=GBA")
            wait_for_app(page)
            holding = [h for h in hosts if active_sessions(worker_port(worker_processes(h)[0])) > 0]
            assert len(holding) == 1
            victim = holding[0]
            survivor = next(h for h in hosts if h != victim)
            processes = server_processes(victim)
            processes[0].kill()
            psutil.wait_procs(processes, timeout=20)
            deadline = time.time() + 60
            while active_sessions(worker_port(worker_processes(survivor)[0])) < 1:
                assert time.time() < deadline, "the browser did not reconnect to the other host"
                time.sleep(0.5)
            wait_for_app(page)
            assert page.locator("h1").first.inner_text() == t("page_overview", "en")
            sidebar = page.locator("[data-testid='stSidebar']")
            assert bloc_name("GBA", "en") in sidebar.inner_text()
            slider = sidebar.locator("[data-testid='stSlider']").inner_text()
            assert "2021" in slider and "2023" in slider, slider
            assert "from=2021" in page.url and "bloc=GBA" in page.url
            browser.close()
