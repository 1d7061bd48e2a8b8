"""Progress of a long load: rows done, rows per second and the time left, for the command line (a line
on stderr every few seconds) and for the first-run build's progress bar (a callback)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

SAMPLE_BYTES = 1 << 20
REPORT_EVERY_S = 2.0


def estimate_rows(path: Path, fmt: str) -> int | None:
    """About how many data rows a file holds, without reading it: a CSV's size over the mean length of
    its first lines; a Parquet file's own count; None for a workbook (its sheets say nothing cheaply)."""
    try:
        if fmt == "csv":
            size = path.stat().st_size
            with path.open("rb") as f:
                head = f.read(SAMPLE_BYTES)
            lines = head.count(b"\n")
            return max(0, round(size * lines / len(head)) - 1) if lines and head else None
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
    except OSError:
        return None
    return None


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class Progress:
    """Counts rows against an expected total and reports at most every `every` seconds:
    "1,250,000 of about 10,000,000 rows (12 %), 61,000 rows/s, about 2 min 23 s left"."""

    def __init__(self, total: int | None, stream: TextIO | None = None, callback: Callable[[float, str], None] | None = None,
                 every: float | None = None, label: str = ""):
        self.total, self.stream, self.callback, self.label = total, stream, callback, label
        self.every = REPORT_EVERY_S if every is None else every
        self.done = 0
        self.started = self._last = time.perf_counter()

    def text(self) -> str:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total and self.total >= self.done and rate > 0:
            left = (self.total - self.done) / rate if rate else 0.0
            return (f"{self.done:,} of about {self.total:,} rows ({100 * self.done / self.total:.0f} %), {rate:,.0f} rows/s, "
                    f"about {duration(left)} left")
        return f"{self.done:,} rows, {rate:,.0f} rows/s"

    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0

    def add(self, rows: int) -> None:
        self.done += rows
        now = time.perf_counter()
        if now - self._last >= self.every:
            self._last = now
            self.report()

    def report(self, note: str = "") -> None:
        message = f"{self.label}{self.text()}{note}"
        if self.stream is not None:
            print(f"  {message}", file=self.stream, flush=True)
        if self.callback is not None:
            self.callback(self.fraction(), message)
