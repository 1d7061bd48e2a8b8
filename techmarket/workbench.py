"""The sandbox that runs analysts' SQL: safe by the engine's own settings, not by keyword filters.

- The connection is read-only, with external access (files, network, extensions) disabled, extension
  autoload and autoinstall off, and the configuration locked, so no statement can turn them back on
  (techmarket.db.connect_readonly: the app's pages share the same locked instance).
- Each query runs on its own cursor; a timer interrupts it at the time limit (a caller can only lower
  the limit), and it fetches `row_cap + 1` rows at most, to know whether the result was truncated.
- One statement at a time, and only a query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE,
  EXPLAIN): anything else is refused with a message that says so, before it reaches the engine —
  which would refuse it anyway.
Errors come back as one short line in the user's language, never a traceback.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from techmarket.db import connect_readonly
from techmarket.i18n import t

TIME_LIMIT_S = 10.0
ROW_CAP = 10_000
DOWNLOAD_CAP = 1_000_000
ALLOWED = {"SELECT", "EXPLAIN"}

def message(key: str, lang: str, **kw: object) -> str:
    """An error for the analyst (i18n labels sql_error_<key>)."""
    return t(f"sql_error_{key}", lang, **kw)


@dataclass
class Result:
    sql: str
    frame: pl.DataFrame | None = None
    truncated: bool = False
    seconds: float = 0.0
    error: str | None = None
    error_kind: str | None = None
    columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    for prefix in ("Parser Error: ", "Catalog Error: ", "Binder Error: ", "Permission Error: ", "Invalid Input Error: ",
                   "Out of Memory Error: ", "Conversion Error: "):
        text = text.removeprefix(prefix)
    return " ".join(text.splitlines()[0].split())[:300] if text else type(error).__name__


def _kind(error: BaseException) -> str:
    if isinstance(error, duckdb.InterruptException):
        return "timeout"
    if isinstance(error, duckdb.ParserException):
        return "syntax"
    if isinstance(error, duckdb.CatalogException):
        return "catalog"
    if isinstance(error, duckdb.BinderException):
        return "binder"
    if isinstance(error, duckdb.OutOfMemoryException):
        return "memory"
    if isinstance(error, (duckdb.PermissionException, duckdb.InvalidInputException)) and any(
            w in str(error).lower() for w in ("read-only", "read only", "disabled", "lock", "external access", "permission")):
        return "permission"
    return "other"


def check(sql: str, con: duckdb.DuckDBPyConnection, lang: str) -> tuple[str, str] | None:
    """(kind, message) when the text is not one query; None when it may run."""
    if not sql.strip():
        return "empty", message("empty", lang)
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        return "syntax", message("syntax", lang, detail=_first_line(e))
    if len(statements) != 1:
        return "multiple", message("multiple", lang, n=len(statements))
    kind = statements[0].type.name
    if kind not in ALLOWED:
        return "not_query", message("not_query", lang, kind=kind)
    return None


class Sandbox:
    """Runs analysts' queries on the current database file with the limits above."""

    def __init__(self, path: Path, time_limit_s: float = TIME_LIMIT_S, row_cap: int = ROW_CAP):
        self.path = Path(path)
        self.time_limit_s = time_limit_s
        self.row_cap = row_cap
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is None:
                self._con = connect_readonly(self.path)
            return self._con

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def run(self, sql: str, lang: str = "zh", *, row_cap: int | None = None, time_limit_s: float | None = None,
            cursor: duckdb.DuckDBPyConnection | None = None) -> Result:
        cap = min(row_cap or self.row_cap, DOWNLOAD_CAP)
        limit = min(time_limit_s or self.time_limit_s, self.time_limit_s)  # a caller can only lower it
        base = cursor or self._connection()
        refused = check(sql, base, lang)
        if refused:
            return Result(sql, error=refused[1], error_kind=refused[0])
        cur = base.cursor()
        timer = threading.Timer(limit, cur.interrupt)
        started = time.perf_counter()
        timer.start()
        try:
            reader = cur.sql(sql).to_arrow_reader(min(cap + 1, 100_000))
            batches, rows = [], 0
            for batch in reader:
                batches.append(batch)
                rows += batch.num_rows
                if rows > cap:
                    break
            table = pa.Table.from_batches(batches, schema=reader.schema) if batches else reader.schema.empty_table()
            frame = pl.from_arrow(table)
            assert isinstance(frame, pl.DataFrame)
            truncated = frame.height > cap
            return Result(sql, frame.head(cap), truncated, time.perf_counter() - started, columns=frame.columns)
        except duckdb.Error as e:
            kind = _kind(e)
            if kind == "timeout" or (time.perf_counter() - started >= limit and "interrupt" in str(e).lower()):
                return Result(sql, seconds=time.perf_counter() - started, error=message("timeout", lang, limit=limit), error_kind="timeout")
            return Result(sql, seconds=time.perf_counter() - started, error=message(kind, lang, detail=_first_line(e)), error_kind=kind)
        finally:
            timer.cancel()
            cur.close()


def schema_browser(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Tables and columns with types, bilingual descriptions and row counts, for the browser pane."""
    columns = con.sql("""
        select c.table_name, t.comment as table_comment, c.column_name, c.data_type, c.comment as column_comment, c.column_index
        from duckdb_columns() as c join duckdb_tables() as t using (table_name, schema_name)
        where c.schema_name = 'main' order by c.table_name, c.column_index
    """).pl()
    counts = pl.DataFrame(
        [(t, con.sql(f'select count(*) from "{t}"').fetchall()[0][0]) for t in columns["table_name"].unique().sort().to_list()],
        schema={"table_name": pl.String, "rows": pl.Int64}, orient="row",
    )
    return columns.join(counts, on="table_name", how="left")
