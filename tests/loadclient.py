"""Simulated users on a real Streamlit server over loopback: each opens a websocket session the way
the browser does, asks for page after page (with a think time between them, as a person reads), and
records how long each page run took and whether it raised. Bounded in sessions and time."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PAGES = ("", "flows", "cross-border", "fields", "enterprises", "transfer", "official", "data")


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages: int = 0


def _exception_text(msg: ForwardMsg) -> str | None:
    if msg.WhichOneof("type") != "delta":
        return None
    delta = msg.delta
    if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == "exception":
        e = delta.new_element.exception
        return f"{e.type}: {e.message}"[:300]
    return None


def _element_text(msg: ForwardMsg) -> str | None:
    """The text of a markdown element, or `label=value` of a metric; None for anything else."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "markdown":
        return element.markdown.body
    if kind == "metric":
        return f"{element.metric.label}={element.metric.body}"
    return None


async def run_page_texts(ws, page: str, query_string: str, timeout_s: float, texts: bool = True) -> tuple[float, str | None, list[str]]:
    """Run a page once: (seconds until the script finished, the first exception it showed, the texts of
    its markdown and metric elements if `texts`; the timed crowds skip reading them). A run that ends
    in st.rerun() is followed, as a browser follows it (a worker's first run does that)."""
    back = BackMsg()
    back.rerun_script.query_string = query_string
    back.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(back.SerializeToString())
    error, found = None, []
    while True:
        data = await asyncio.wait_for(ws.recv(), timeout_s)
        msg = ForwardMsg.FromString(data)
        error = error or _exception_text(msg)
        if texts and (text := _element_text(msg)) is not None:
            found.append(text)
        if msg.WhichOneof("type") == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # st.rerun(): the page is drawn again
                error, found = None, []
                continue
            return time.perf_counter() - started, error, found


async def _run_page(ws, page: str, lang: str, timeout_s: float) -> tuple[float, str | None]:
    elapsed, error, _ = await run_page_texts(ws, page, f"lang={lang}", timeout_s, texts=False)
    return elapsed, error


async def user(url: str, seconds: float, stats: Stats, seed: int, think: tuple[float, float]) -> None:
    rng = random.Random(seed)
    deadline = time.perf_counter() + seconds
    await asyncio.sleep(rng.uniform(0, think[1]))  # people arrive over a while, not all in the same millisecond
    protocols: list = ["streamlit"]  # websockets types these as its Subprotocol
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=protocols, max_size=None) as ws:
        while time.perf_counter() < deadline:
            page = rng.choice(PAGES)
            try:
                elapsed, error = await _run_page(ws, page, rng.choice(["zh", "en"]), 120)
            except (TimeoutError, websockets.ConnectionClosed) as e:
                stats.errors.append(f"{page}: {type(e).__name__} {e}"[:200])
                return
            stats.times.append(elapsed)
            stats.pages += 1
            if error:
                stats.errors.append(f"{page}: {error}")
            await asyncio.sleep(rng.uniform(*think))


def simulate(url: str, users: int, seconds: float, think: tuple[float, float] = (2.0, 5.0)) -> Stats:
    stats = Stats()

    async def main() -> None:
        await asyncio.gather(*(user(url, seconds, stats, i, think) for i in range(users)))

    asyncio.run(main())
    return stats


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")
