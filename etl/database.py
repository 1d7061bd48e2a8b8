"""Building the database file: schema, shipped dimensions and reference data, and the atomic swap.

A load never writes to the live file. `rebuilding(path)` takes an exclusive lock (released by
the kernel if the process dies), copies the live file to a temporary one beside it, yields a
connection to the copy, and on success checkpoints it and renames it over the live file in
one atomic step. On any failure the copy is deleted and the live file was never touched, so
readers holding it are never disturbed and a killed load leaves the last good database.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from etl.dimensions import DIMENSIONS_DIR, lookups, read_dimension, region_alias_rows
from etl.schema import TABLES, create_schema
from techmarket.settings import DATA_DIR

REFERENCE_DIR = DATA_DIR / "reference"
BUILD_SUFFIX = ".building"
# DuckDB spills to disk beyond this, which keeps a 10-million-row load within a small machine.
ETL_MEMORY_LIMIT = "1500MB"


class LoadError(Exception):
    """A load could not be carried out; the live database is as it was. One-line message."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def _temp_prefix(db: Path) -> str:
    return f".{db.name}."


def clean_stale_builds(db: Path) -> list[Path]:
    """Remove temporary files of crashed loads. Call only while holding the lock."""
    removed = []
    for p in db.parent.glob(_temp_prefix(db) + "*"):
        if BUILD_SUFFIX in p.name:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            removed.append(p)
    return removed


@contextlib.contextmanager
def load_lock(db: Path) -> Iterator[None]:
    """Serialise loads of one database. flock is released by the kernel when a holder dies."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(db), "a+")  # noqa: SIM115 - held for the duration of the block
    except OSError as e:
        raise LoadError(f"cannot write in {db.parent} ({e.strerror}); the database is unchanged") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another load of {db} to finish…", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def rebuilding(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of `db` (or a new database) that replaces `db` atomically on success."""
    db = Path(db)
    with load_lock(db):
        clean_stale_builds(db)
        tmp = db.with_name(f"{_temp_prefix(db)}{os.getpid()}{BUILD_SUFFIX}")
        con = None
        try:
            if db.exists():
                shutil.copyfile(db, tmp)
            con = duckdb.connect(str(tmp), config={"temp_directory": str(tmp) + ".spill", "memory_limit": ETL_MEMORY_LIMIT})
            con.execute("SET enable_progress_bar = false")  # our own progress lines go to stderr instead
            prepare(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            con = None
            os.replace(tmp, db)
            _fsync_dir(db.parent)
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                raise LoadError(f"the disk holding {db.parent} is full; the database is unchanged") from None
            if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise LoadError(f"cannot write in {db.parent} ({e.strerror}); the database is unchanged") from None
            raise
        finally:
            if con is not None:
                with contextlib.suppress(Exception):
                    con.close()
            clean_stale_builds(db)


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and refresh the shipped dimensions and reference data."""
    existing = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
    if not existing:
        create_schema(con)
    else:
        missing = [t for t in TABLES if t.name not in existing]
        if missing:
            create_schema(con, only=missing)
    load_dimensions(con)
    load_reference(con)


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    con.register("_incoming", frame.to_arrow())
    cols = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
    con.unregister("_incoming")


def load_dimensions(con: duckdb.DuckDBPyConnection, directory: Path = DIMENSIONS_DIR) -> None:
    regions = read_dimension("regions", directory).drop("aliases").with_columns(
        pl.col("is_mainland") == "true",
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
    )
    _replace(con, "regions", regions)
    resolved = lookups(directory).regions
    aliases = pl.DataFrame([r[:3] for r in region_alias_rows(directory)], schema=["alias_key", "alias", "region_code"], orient="row")
    aliases = aliases.filter(pl.col("alias_key").replace_strict(resolved, default=None) == pl.col("region_code"))
    _replace(con, "region_aliases", aliases.unique("alias_key", keep="first", maintain_order=True))
    fields = read_dimension("tech_fields", directory).drop("aliases").with_columns(
        pl.coalesce(pl.col("parent_code"), pl.col("field_code")).alias("top_field_code"),
        pl.col("sort_order").cast(pl.Int32),
        pl.col("is_priority") == "true",
    )
    _replace(con, "tech_fields", fields)
    types = read_dimension("contract_types", directory).drop("aliases").with_columns(pl.col("sort_order").cast(pl.Int32))
    _replace(con, "contract_types", types)


def load_reference(con: duckdb.DuckDBPyConnection, directory: Path = REFERENCE_DIR) -> None:
    """Published statistics and FX rates, unchanged; HKD and EUR as cross rates through USD."""
    frames = []
    for name in ("tech_market_provinces.csv", "tech_market_stats.csv"):
        frames.append(pl.read_csv(directory / name, infer_schema=False).with_columns(
            pl.col("year").cast(pl.Int16),
            pl.col("value").cast(pl.Decimal(20, 4)),
            pl.lit(f"data/reference/{name}").alias("source_file"),
        ))
    stats = pl.concat(frames).with_columns(pl.col("note").replace("", None), pl.col("source_url").replace("", None))
    _replace(con, "official_stats", stats)

    usd = pl.read_csv(directory / "fx_annual_avg.csv", infer_schema=False)
    per_usd = pl.read_csv(directory / "fx_fred_units_per_usd.csv", infer_schema=False)
    usd_rows = usd.select(
        pl.col("year").cast(pl.Int16), "currency", pl.col("cny_per_unit").cast(pl.Decimal(12, 6)),
        pl.format("FRED AEXCHUS, CNY per USD, annual average (US Federal Reserve market rate, not the PBOC central parity); {}",
                  pl.col("source_url")).alias("source"),
    )
    cny = per_usd.filter(pl.col("currency") == "CNY").select("year", pl.col("units_per_usd").cast(pl.Float64).alias("cny_usd"))
    series = {"HKD": "AEXHKUS", "EUR": "AEXUSEU (USD per EUR, stored inverted by the source repository)"}
    cross = (
        per_usd.filter(pl.col("currency").is_in(list(series)))
        .join(cny, on="year")
        .select(
            pl.col("year").cast(pl.Int16),
            "currency",
            (pl.col("cny_usd") / pl.col("units_per_usd").cast(pl.Float64)).round(6).cast(pl.Decimal(12, 6)).alias("cny_per_unit"),
            pl.format("Cross rate derived here: FRED AEXCHUS (CNY per USD) ÷ FRED {} ({} per USD), annual averages {}; {}",
                      pl.col("currency").replace_strict(series), pl.col("currency"), pl.col("year"), pl.col("source_url")).alias("source"),
        )
    )
    _replace(con, "fx_rates", pl.concat([usd_rows, cross]).sort("year", "currency"))


def fx_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("select year::INTEGER as year, currency, cny_per_unit from fx_rates").pl()
