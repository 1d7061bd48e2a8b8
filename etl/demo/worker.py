"""The demo build's two halves, each in a process of its own (etl.demo.build runs them):

    python -m etl.demo.worker generate '{"work": DIR, "contracts": N, "seed": S, "today": "YYYY-MM-DD"}'
    python -m etl.demo.worker load '{"work": DIR, "files": [...], "db": PATH, "today": ..., "info": {...}}'

`generate` writes the enterprises and the contracts as Parquet files of at most PART_ROWS rows (numpy
and Polars, calibrated per year); `load` loads them through the real ETL (etl.load). Each writes JSON
lines, {"progress": fraction, "message": text} as it goes, then {"done": {...}}, to the pipe that a
trailing `--fd N` names (etl.demo.build passes one), else to stdout. A process
that ends returns its memory, so the build's peak is the larger of the two, not their sum.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import numpy as np

PART_ROWS = 500_000  # contracts per generated file: bounds the generator's memory


REPORTS = sys.stdout  # the report channel: the pipe named by --fd (main), stdout when run by hand


def _say(fraction: float, message: str) -> None:
    print(json.dumps({"progress": fraction, "message": message}, ensure_ascii=False), file=REPORTS, flush=True)


def generate(work: Path, contracts: int, seed: int, today: dt.date) -> dict:
    import duckdb
    import polars as pl

    from etl.demo.fit import largest_remainder
    from etl.demo.generate import Geography, make_contracts_for_year, make_enterprises
    from etl.demo.targets import YEARS, national_totals, published_targets
    from etl.dimensions import read_regions
    from etl.reference import daily_rates, prepare
    from etl.registry_forms import RegistryForms

    rng = np.random.default_rng(seed)
    ref = duckdb.connect()
    ref.execute("set enable_progress_bar = false")  # DuckDB's bar would write to stdout
    prepare(ref)
    targets = published_targets(ref)
    totals = national_totals(ref)
    ref.close()
    fx = daily_rates()
    forms = RegistryForms(fx)
    # Partners abroad: every country with a point on the map.
    regions = read_regions().filter(pl.col("lat").is_not_null())
    names_en = dict(zip(regions["region_code"], regions["name_en"], strict=True))
    geo = Geography(regions)
    _say(0.0, "generating enterprises")
    enterprises = make_enterprises(geo, max(20_000, contracts // 10), rng, today)
    files = [work / "enterprises.parquet"]
    enterprises.write_parquet(files[0])
    per_year = largest_remainder(np.array([totals[y][0] for y in YEARS]), contracts)
    for i, (year, n) in enumerate(zip(YEARS, per_year, strict=True)):
        _say(i / len(YEARS), f"generating {n:,} contracts for {year}")
        parts = largest_remainder(np.ones(-(-int(n) // PART_ROWS)), int(n))
        first = 0
        for k, rows in enumerate(parts):
            frame = make_contracts_for_year(year, int(rows), geo, targets, totals[year][1], enterprises, fx, rng, names_en, forms,
                                            first=first)
            files.append(work / f"contracts_{year}_{k}.parquet")
            frame.write_parquet(files[-1])
            first += int(rows)
            del frame
    return {"files": [str(f) for f in files], "enterprises": enterprises.height}


def load(files: list[str], db: Path, today: dt.date, info: dict[str, str]) -> dict:
    import duckdb

    from etl.load import load_files

    def label(con: duckdb.DuckDBPyConnection, run_id: int) -> None:
        con.executemany("insert or replace into dataset_info values (?, ?)", list(info.items()))

    summary = load_files(files, db, source="demo", today=today, progress=None, after_merge=label, on_progress=_say, publish=False)
    return {"rows_rejected": summary.rows_rejected, "top_reasons": summary.top_reasons}


def main(argv: list[str]) -> None:
    global REPORTS
    command, args = argv[0], json.loads(argv[1])
    if argv[2:3] == ["--fd"]:
        REPORTS = os.fdopen(int(argv[3]), "w", encoding="utf-8")
    today = dt.date.fromisoformat(args["today"])
    if command == "generate":
        done = generate(Path(args["work"]), int(args["contracts"]), int(args["seed"]), today)
    else:
        done = load(args["files"], Path(args["db"]), today, args["info"])
    print(json.dumps({"done": done}, ensure_ascii=False), file=REPORTS, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
