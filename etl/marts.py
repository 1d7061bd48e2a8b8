"""Marts: aggregates the views read, rebuilt at the end of every load (sql/marts/*.sql).

Each file creates one table with `create or replace table`; files run in name order so a mart
may read an earlier one.
"""

from __future__ import annotations

import duckdb

from techmarket.settings import ROOT

MARTS_DIR = ROOT / "sql" / "marts"


def build_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    built = []
    for path in sorted(MARTS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        built.append(path.stem)
    return built
