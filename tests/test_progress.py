"""A long load says how far it is: rows, rows per second and the time left."""

from __future__ import annotations

import io
import re

from etl import progress
from etl.load import load_files
from tests.conftest import contract_rows, write_csv


def test_a_csv_estimate_is_close_to_its_rows(tmp_path):
    src = write_csv(tmp_path / "a.csv", contract_rows(5_000))
    assert 4_500 <= progress.estimate_rows(src, "csv") <= 5_500
    assert progress.estimate_rows(src, "xlsx") is None


def test_a_load_reports_rows_rate_and_time_left(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "REPORT_EVERY_S", 0.0)  # report every batch
    monkeypatch.setattr("etl.readers.CSV_BLOCK_BYTES", 1 << 16)  # batches of a few hundred rows
    src = write_csv(tmp_path / "a.csv", contract_rows(6_000))
    seen: list[tuple[float, str]] = []
    stream = io.StringIO()
    summary = load_files([src], tmp_path / "db.duckdb", progress=stream, on_progress=lambda f, m: seen.append((f, m)))
    assert summary.rows_loaded == 6_000
    assert len(seen) >= 2 and [f for f, _ in seen] == sorted(f for f, _ in seen)
    checked = [(f, m) for f, m in seen if m.startswith("read and checked: ")]
    assert checked[-1][0] > 0.6
    assert re.fullmatch(r"read and checked: [\d,]+ of about [\d,]+ rows \(\d+ %\), [\d,]+ rows/s, about \d+ s left", checked[-1][1])
    # Then the steps after the checks, which the steward page names in its language, and the end.
    assert [m for _, m in seen[seen.index(checked[-1]) + 1:]] == ["merging", "building the marts", "writing the new version", "done"]
    assert seen[-1][0] == 1.0
    assert "rows/s" in stream.getvalue()


def test_durations_read_as_minutes_and_seconds():
    assert progress.duration(42.4) == "42 s" and progress.duration(143) == "2 min 23 s"
