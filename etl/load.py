"""Loading contract and enterprise files: read, validate, stage, merge, record, swap.

Every input row ends in exactly one place: added, updated, unchanged, or in `etl_rejects`,
and `etl_runs` records the four counts, which add up to the rows read. Files that cannot be
read at all are refused before the database is touched. All the work happens on a copy that
replaces the live file only when the run has completed (etl.database.rebuilding).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import duckdb
import polars as pl

from etl import check, validate
from etl.database import LARGE_LOAD_MEMORY_LIMIT, LARGE_LOAD_ROWS, rebuilding
from etl.dimensions import lookups
from etl.progress import Progress, estimate_rows
from etl.readers import InputFile, Ragged, _RaggedRows, duckdb_csv, duckdb_parquet, open_inputs
from etl.schema import TABLES_BY_NAME

KEYS = {"contracts": "contract_id", "enterprises": "enterprise_id"}
READ_SHARE = 0.3  # of reading and checking
# The progress bar (on_progress): reading and checking up to CHECKED, then the steps named by these
# messages, which the steward page translates.
CHECKED = 0.75
MERGING, MARTS, WRITING = "merging", "building the marts", "writing the new version"
REPLACED = {"contracts": "_replaced_contracts", "enterprises": "_replaced_enterprises"}


@dataclass
class FileResult:
    label: str
    kind: str
    format: str
    encoding: str | None
    rows_in: int = 0
    rows_rejected: int = 0
    ignored_columns: tuple[str, ...] = ()
    rows_new: int = 0  # rows_in = rows_new + rows_updated + rows_unchanged + rows_rejected
    rows_updated: int = 0
    rows_unchanged: int = 0


@dataclass
class RunSummary:
    db: Path
    run_id: int
    files: list[FileResult]
    rows_in: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_rejected: int = 0
    top_reasons: list[tuple[str, int, str]] = field(default_factory=list)  # code, count, example
    seconds: dict[str, float] = field(default_factory=dict)  # wall clock of each step
    dry_run: bool = False  # checked against the database and not loaded: nothing changed
    base_version: str | None = None  # the data version the run started from (checked against, for a dry run)
    version: str | None = None  # the data version a load made
    preview: pl.DataFrame | None = None  # a dry run's change: year, seller's bloc, contracts and value before and after
    rejects: pl.DataFrame | None = None  # a dry run's rejected rows (etl_rejects' columns)

    def report(self) -> dict:
        """The summary as plain data (python -m etl load --report)."""
        return {"db": str(self.db), "dry_run": self.dry_run, "run_id": None if self.dry_run else self.run_id,
                "base_version": self.base_version, "version": self.version,
                "rows_in": self.rows_in, "rows_new": self.rows_loaded, "rows_updated": self.rows_updated,
                "rows_unchanged": self.rows_unchanged, "rows_rejected": self.rows_rejected,
                "files": [dataclasses.asdict(f) for f in self.files],
                "top_reasons": [{"reason_code": c, "rows": n, "example": e} for c, n, e in self.top_reasons],
                "change": self.preview.to_dicts() if self.preview is not None else None, "seconds": self.seconds}

    def rejected_rows(self) -> pl.DataFrame:
        """This run's rejected rows: a dry run's own, or those the load left in etl_rejects."""
        if self.rejects is not None:
            return self.rejects
        con = duckdb.connect(str(self.db), read_only=True)
        try:
            return con.sql("""select source_file, row_number, reason_code, reason, raw::varchar as raw from etl_rejects
                              where run_id = ? order by source_file, row_number""", params=[self.run_id]).pl()
        finally:
            con.close()

    def lines(self) -> list[str]:
        out = [f"dry run against {self.db}: nothing was changed" if self.dry_run else f"loaded into {self.db} (run {self.run_id})"]
        for f in self.files:
            enc = f" {f.encoding}" if f.encoding else ""
            out.append(f"  {f.label}: {f.kind}, {f.format}{enc}, {f.rows_in:,} rows = {'would add' if self.dry_run else 'added'} "
                       f"{f.rows_new:,} + updated {f.rows_updated:,} + unchanged {f.rows_unchanged:,} + rejected {f.rows_rejected:,}")
            if f.ignored_columns:
                out.append(f"    columns not used: {', '.join(f.ignored_columns)}")
        out.append(
            f"rows in {self.rows_in:,} = {'would add' if self.dry_run else 'added'} {self.rows_loaded:,} + updated {self.rows_updated:,}"
            f" + unchanged {self.rows_unchanged:,} + rejected {self.rows_rejected:,}"
        )
        if self.top_reasons:
            out.append("top reject reasons (all of them are in the table etl_rejects):")
            out += [f"  {n:>8,}  {code}  e.g. {example}" for code, n, example in self.top_reasons]
        if self.seconds:
            out.append("seconds: " + ", ".join(f"{step} {s:.1f}" for step, s in self.seconds.items()))
        return out


def _stage_table(kind: str) -> str:
    return f"stg_{kind}"


def _raw_table(file_idx: int) -> str:
    return f"raw_{file_idx}"


def _run_reporting(con: duckdb.DuckDBPyConnection, sql: str, progress: Progress, expected: int | None) -> None:
    """Run one long statement, reporting its share of `expected` rows as DuckDB's own progress says."""
    if not expected:
        con.execute(sql)
        return
    failure: list[BaseException] = []

    def run() -> None:
        try:
            con.execute(sql)
        except BaseException as e:  # noqa: BLE001 - raised again below, in the caller's thread
            failure.append(e)

    worker = threading.Thread(target=run, name="etl-read")
    start = progress.done
    worker.start()
    while worker.is_alive():
        worker.join(0.5)
        fraction = max(con.query_progress(), 0.0) / 100
        if (ahead := start + int(fraction * expected) - progress.done) > 0:
            progress.add(ahead)
    if failure:
        raise failure[0]


def _stage_raw(con: duckdb.DuckDBPyConnection, file_idx: int, src: InputFile, progress: Progress,
               expected: int | None = None) -> tuple[check.Raw, list[Ragged]]:
    """The file's rows as text, cell for cell, into raw_<file_idx> (a temporary table: DuckDB spills it to the
    build's temp directory beyond its memory limit). Returns the table and the rows of the wrong shape.

    A plain UTF-8 CSV and a Parquet file of text columns are read by DuckDB's own readers (rows numbered by
    their place in the table); anything else, or a CSV DuckDB refuses (a malformed row), by etl.readers."""
    table = _raw_table(file_idx)
    width = src.width
    reader = duckdb_csv(src) or duckdb_parquet(src)
    if reader is not None:
        try:
            before = progress.done
            _run_reporting(con, f"create or replace temp table {table} as select * from {reader}", progress, expected)
            progress.done = before
            progress.add(con.execute(f"select count(*) from {table}").fetchall()[0][0])
            return check.Raw(table, src.width, offset=src.header_row + 1), []
        except duckdb.Error:
            con.execute(f"drop table if exists {table}")
    done_before = progress.done
    for exact in (src.exact, True):
        src.exact = exact
        cells = ", ".join(f"c{i} varchar" for i in range(width))
        con.execute(f"create or replace temp table {table} (row_number bigint, {cells})")
        ragged: list[Ragged] = []
        try:
            for batch in src.batches():
                con.register("_batch", batch.frame.to_arrow())
                con.execute(f"insert into {table} select row_number, {', '.join(f'c{i}' for i in range(width))} from _batch")
                con.unregister("_batch")
                ragged += batch.ragged
                progress.add(batch.frame.height + len(batch.ragged))
            return check.Raw(table, width), ragged
        except _RaggedRows:
            # Malformed rows: read it again, row by row, so that each keeps its number.
            progress.done = done_before
    raise AssertionError("unreachable")


def _check_file(con: duckdb.DuckDBPyConnection, run_id: int, file_idx: int, src: InputFile, ctx: validate.Context, raw: check.Raw,
                ragged: list[Ragged], created: set[str], progress: Progress) -> tuple[int, int]:
    """Check raw_<file_idx> into stg_<kind> (etl.check) in statements of CHECK_ROWS rows; rows with a reason
    go to etl_rejects with their original cells. Returns (rows, rejected)."""
    stage = _stage_table(src.kind)
    sql = check.SQL_BUILDERS[src.kind](con, raw, ctx, file_idx)
    if stage not in created:
        con.execute(f"create or replace temp table {stage} as select * from ({sql}) limit 0", {"lo": 0, "hi": -1})
        created.add(stage)
    lo, hi = con.execute(f"select coalesce(min({raw.row}), 0), coalesce(max({raw.row}), -1) from {raw.table} as r").fetchall()[0]
    rows = 0
    for start in range(lo, hi + 1, check.CHECK_ROWS):
        inserted = con.execute(f"insert into {stage} {sql}", {"lo": start, "hi": min(start + check.CHECK_ROWS - 1, hi)}).fetchall()[0][0]
        rows += inserted
        progress.add(inserted)
    con.execute(f"""
        insert into etl_rejects
        select ?, ?, s.row_number, s.reason_code, s.reason, {raw.raw_json(ctx.headers)}
        from {stage} as s join {raw.table} as r on s.row_number = {raw.row}
        where s.file_idx = ? and s.reason_code is not null
        order by s.row_number
    """, [run_id, src.label, file_idx])
    rejected = con.execute(f"select count(*) from {stage} where file_idx = ? and reason_code is not null", [file_idx]).fetchall()[0][0]
    con.execute(f"delete from {stage} where file_idx = ? and reason_code is not null", [file_idx])
    if ragged:
        con.executemany("insert into etl_rejects values (?, ?, ?, 'bad_row_shape', ?, json_object('text', ?))", [
            [run_id, src.label, r.row_number,
             f"row has {r.fields} fields but the header has {src.width}; a missing or extra delimiter or quote? Row text: {r.text[:120]}",
             r.text] for r in ragged])
    return rows + len(ragged), rejected + len(ragged)


def _raw_json_of(raws: list[check.Raw], contexts: list[validate.Context], rows: str) -> str:
    """SQL for (file_idx, row_number, raw) of the rows `rows` (a table of file_idx, row_number) names."""
    parts = [f"select {i}::integer as file_idx, {raw.row} as row_number, {raw.raw_json(ctx.headers)} as raw "
             f"from {raw.table} as r semi join {rows} as w on w.file_idx = {i} and w.row_number = {raw.row}"
             for i, (raw, ctx) in enumerate(zip(raws, contexts, strict=True))]
    return " union all ".join(parts)


def _merge(con: duckdb.DuckDBPyConnection, kind: str, run_id: int, inputs: list[InputFile], raws: list[check.Raw],
           contexts: list[validate.Context]) -> dict[int, dict[str, int]]:
    """Drop repeated keys (first kept), then add new rows and replace changed ones.

    Works on narrow tables of (file_idx, row_number, key) wherever it can, so that a
    ten-million-row load does not materialise its rows twice; the common cases (no repeated
    key, an empty target) skip their step altogether. Returns, per file index, its rows that were new,
    updated and unchanged."""
    stage, key = _stage_table(kind), KEYS[kind]
    columns = [c.name for c in TABLES_BY_NAME[kind].columns if c.name != "etl_run_id"]
    cols = ", ".join(columns)
    staged, distinct = con.execute(f"select count(*), count(distinct {key}) from {stage}").fetchall()[0]
    if staged != distinct:
        _reject_repeats(con, kind, run_id, inputs, raws, contexts)
    if not con.execute(f"select exists (select 1 from {kind})").fetchall()[0][0]:
        con.execute(f"insert into {kind} ({cols}, etl_run_id) select {cols}, ? from {stage}", [run_id])
        return {i: {"new": n} for i, n in con.execute(f"select file_idx, count(*) from {stage} group by file_idx").fetchall()}
    same = " and ".join(f"s.{c} is not distinct from t.{c}" for c in columns if c != key)
    # The stored versions of the staged keys, in one pass over the table: compared here, and the ones
    # an update replaces kept for the marts to take out (etl.marts.update_marts).
    con.execute(f"create or replace temp table _stored as select t.* from {kind} as t semi join {stage} as s using ({key})")
    con.execute(f"""
        create or replace temp table _change as
        select s.file_idx, s.row_number, s.{key},
            case when t.{key} is null then 'new' when {same} then 'unchanged' else 'updated' end as change
        from {stage} as s
        left join _stored as t using ({key})
    """)
    counts: dict[int, dict[str, int]] = {}
    for idx, change, n in con.execute("select file_idx, change, count(*) from _change group by all").fetchall():
        counts.setdefault(idx, {})[change] = n
    con.execute(f"create or replace temp table {REPLACED[kind]} as select * from _stored "
                f"where {key} in (select {key} from _change where change = 'updated')")
    con.execute("drop table _stored")
    con.execute(f"delete from {kind} where {key} in (select {key} from _change where change = 'updated')")
    staged_cols = ", ".join("s." + c for c in columns)
    con.execute(f"""
        insert into {kind} ({cols}, etl_run_id)
        select {staged_cols}, ?
        from {stage} as s
        semi join (select file_idx, row_number from _change where change <> 'unchanged') as c
            on c.file_idx = s.file_idx and c.row_number = s.row_number
    """, [run_id])
    con.execute("drop table _change")
    return counts


def _reject_repeats(con: duckdb.DuckDBPyConnection, kind: str, run_id: int, inputs: list[InputFile], raws: list[check.Raw],
                    contexts: list[validate.Context]) -> None:
    """Every row whose key an earlier row of this load already had goes to etl_rejects, and out of staging."""
    stage, key = _stage_table(kind), KEYS[kind]
    labels = [src.label for src in inputs]
    con.register("_labels", pl.DataFrame({"file_idx": range(len(labels)), "label": labels},
                                         schema={"file_idx": pl.Int32, "label": pl.String}).to_arrow())
    con.execute(f"""
        create or replace temp table _repeats as
        select * from (
            select file_idx, row_number, {key},
                row_number() over w as dup_rank,
                first_value(row_number) over w as first_row,
                first_value(file_idx) over w as first_file
            from {stage}
            where {key} in (select {key} from {stage} group by {key} having count(*) > 1)
            window w as (partition by {key} order by file_idx, row_number)
        ) where dup_rank > 1
    """)
    con.execute(f"create or replace temp table _dup_raw as {_raw_json_of(raws, contexts, '_repeats')}")
    message = f"'{key} ''' || r.{key} || ''' repeats ' || fl.label || ' row ' || r.first_row || ' of this load; the first is kept'"
    con.execute(f"""
        insert into etl_rejects
        select ?, l.label, r.row_number, 'duplicate_{key}', {message}, d.raw
        from _repeats as r
        join _labels as l on l.file_idx = r.file_idx
        join _labels as fl on fl.file_idx = r.first_file
        left join _dup_raw as d on d.file_idx = r.file_idx and d.row_number = r.row_number
    """, [run_id])
    con.execute(f"delete from {stage} as s using _repeats as r where s.file_idx = r.file_idx and s.row_number = r.row_number")
    con.unregister("_labels")
    con.execute("drop table _repeats")
    con.execute("drop table _dup_raw")


def _by_year_and_bloc(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Contracts and value (yuan) by signing year and the seller's bloc."""
    return con.sql("""select year(c.signed_date)::integer as year, r.bloc, count(*) as contracts, sum(c.amount_cny)::double as value_cny
                      from contracts as c join regions as r on r.region_code = c.seller_region group by all""").pl()


def _preview(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Before and after side by side, only the years and blocs that change."""
    keys = ["year", "bloc"]
    both = before.join(after, on=keys, how="full", coalesce=True, suffix="_after").rename(
        {"contracts": "contracts_before", "value_cny": "value_cny_before"}).fill_null(0)
    changed = (pl.col("contracts_before") != pl.col("contracts_after")) | (pl.col("value_cny_before") != pl.col("value_cny_after"))
    return both.filter(changed).select(*keys, "contracts_before", "contracts_after", "value_cny_before", "value_cny_after").sort(keys)


def _top_reasons(con: duckdb.DuckDBPyConnection, run_id: int, limit: int = 8) -> list[tuple[str, int, str]]:
    return con.execute("""
        select reason_code, count(*) as n,
            arg_min(source_file || ' row ' || coalesce(row_number::varchar, '?') || ': ' || reason, row_number)
        from etl_rejects where run_id = ? group by reason_code order by n desc, reason_code limit ?
    """, [run_id, limit]).fetchall()


def next_run_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select coalesce(max(run_id), 0) + 1 from etl_runs").fetchall()[0][0]


def record_run(con, run_id: int, started: dt.datetime, source: str, files: Sequence[str], counts: dict[str, int]) -> None:
    con.execute(
        "insert into etl_runs values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed')",
        [run_id, started, dt.datetime.now(dt.UTC).replace(tzinfo=None), source, list(files), counts["in"],
         counts["new"], counts["updated"], counts["unchanged"], counts["rejected"]],
    )


def load_files(
    paths: Sequence[Path | str],
    db: Path,
    *,
    source: str = "load",
    today: dt.date | None = None,
    progress: TextIO | None = sys.stderr,
    after_merge: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    by: str | None = None,
    publish: bool = True,
    dry_run: bool = False,
    expect_version: str | None = None,
    on_wait: Callable[[dict], None] | None = None,
    formulas: bool = True,
) -> RunSummary:
    """Load files into `db` as one run. Raises FileRefused before touching the database if any
    file cannot be read at all, and LoadError if the run could not complete. Progress (rows, rows/s,
    time left) goes to `progress` every few seconds and to `on_progress(fraction, message)`. The new
    version is published as by `by` (etl.publish; default the user running the load), unless not `publish`.

    A `dry_run` reads and checks the files against the database and merges them into a copy of it, then
    throws the copy away: the summary says what a load would do (per file: would add, update, leave
    unchanged, reject), with the change per year and seller's bloc (`preview`) and the rejected rows
    (`rejects`); the database is never touched and nothing is published.

    With `expect_version`, the load happens only if the database is still at that version (the one a dry
    run checked against; VersionChanged otherwise). `on_wait(holder)` is told when another load holds the
    database's lock (this one then waits for it). Unless `formulas`, a workbook with a formula is refused."""
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    inputs = [src for p in paths for src in open_inputs(Path(p), formulas)]
    today = today or dt.date.today()
    db = Path(db)
    clock = [time.perf_counter()]
    seconds: dict[str, float] = {}

    def step(name: str) -> None:
        clock.append(time.perf_counter())
        seconds[name] = clock[-1] - clock[-2]

    record: dict = {}
    tell = on_progress or (lambda fraction, message: None)
    with rebuilding(db, by, publish and not dry_run, dry_run, expect_version=expect_version, on_wait=on_wait, record=record) as con:
        from etl.marts import update_marts

        step("open")
        run_id = next_run_id(con)
        created: set[str] = set()
        results = []
        shared = lookups()
        check.install_macros(con)
        contexts = [validate.Context(headers=src.headers, header_map=src.header_map, lookups=shared, today=today) for src in inputs]
        estimates = [estimate_rows(src.path, src.format) for src in inputs]
        total = sum(e for e in estimates if e) if all(estimates) else None
        # Reading is the first part of the bar, checking the rest (reading is about a third of the time).
        first = (lambda f, m: on_progress(CHECKED * READ_SHARE * f, m)) if on_progress else None
        rest = (lambda f, m: on_progress(CHECKED * (READ_SHARE + (1 - READ_SHARE) * f), m)) if on_progress else None
        reading = Progress(total, progress, first, label="read: ")
        staged = [_stage_raw(con, idx, src, reading, estimates[idx]) for idx, src in enumerate(inputs)]
        raws = [raw for raw, _ in staged]
        checking = Progress(reading.done, progress, rest, label="read and checked: ")
        for idx, (src, ctx) in enumerate(zip(inputs, contexts, strict=True)):
            rows, rejected = _check_file(con, run_id, idx, src, ctx, raws[idx], staged[idx][1], created, checking)
            results.append(FileResult(src.label, src.kind, src.format, src.encoding, rows, rejected, src.header_map.ignored))
        step("read and check")
        if sum(r.rows_in for r in results) > LARGE_LOAD_ROWS:
            con.execute(f"SET memory_limit = '{LARGE_LOAD_MEMORY_LIMIT}'")
        if progress is not None and checking.done >= 1_000_000:
            checking.report("; merging and building the marts")
        tell(CHECKED, MERGING)
        counts = {"new": 0, "updated": 0, "unchanged": 0}
        labels = [src.label for src in inputs]
        before = _by_year_and_bloc(con) if dry_run else None
        for kind in KEYS:
            if _stage_table(kind) in created:
                for idx, changes in _merge(con, kind, run_id, inputs, raws, contexts).items():
                    for k, v in changes.items():
                        counts[k] += v
                        setattr(results[idx], f"rows_{k}", getattr(results[idx], f"rows_{k}") + v)
        per_file = dict(con.execute("select source_file, count(*) from etl_rejects where run_id = ? group by 1", [run_id]).fetchall())
        for src, res in zip(inputs, results, strict=True):
            res.rows_rejected = per_file.get(src.label, 0)
            con.execute("insert or replace into etl_files values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [run_id, src.label, src.kind, src.format, src.encoding, src.sha256, res.rows_in, res.rows_rejected])
        counts["in"] = sum(r.rows_in for r in results)
        counts["rejected"] = sum(per_file.values())
        record_run(con, run_id, started, source, labels, counts)
        step("merge")
        if after_merge:
            after_merge(con, run_id)
        for idx in range(len(inputs)):
            con.execute(f"drop table if exists {_raw_table(idx)}")
        summary = RunSummary(db, run_id, results, counts["in"], counts["new"], counts["updated"], counts["unchanged"],
                             counts["rejected"], _top_reasons(con, run_id), seconds, dry_run=dry_run,
                             base_version=record.get("base_version"))
        if before is not None:  # a dry run
            summary.preview = _preview(before, _by_year_and_bloc(con))
            summary.rejects = con.sql("""select source_file, row_number, reason_code, reason, raw::varchar as raw from etl_rejects
                                         where run_id = ? order by source_file, row_number""", params=[run_id]).pl()
        else:
            replaced = REPLACED["contracts"] if con.execute(
                "select count(*) from duckdb_tables() where table_name = ?", [REPLACED["contracts"]]).fetchall()[0][0] else None
            tell(0.85, MARTS)
            marts = update_marts(con, run_id, replaced)
            step(f"marts ({marts})")
            tell(0.95, WRITING)
    step("write")
    summary.version = record.get("version")
    tell(1.0, "done")
    return summary
