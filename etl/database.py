"""Building the database file: the atomic swap of a load's copy, and its data version.

A load never writes to the live file. `rebuilding(path)` takes an exclusive lock (released by
the kernel if the process dies), copies the live file to a temporary one beside it, yields a
connection to the copy, and on success checkpoints it and renames it over the live file in
one atomic step. On any failure the copy is deleted and the live file was never touched, so
readers holding it are never disturbed and a killed load leaves the last good database. The lock is
etl.lock's; the schema and reference data etl.reference's (`prepare`, on the copy).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from etl.lock import LoadError, VersionChanged, load_lock
from etl.reference import prepare

BUILD_SUFFIX = ".building"
# DuckDB spills to disk beyond this. A load starts with the small limit, which keeps a monthly file into
# a 10-million-contract database under 1 GB; one that stages more than LARGE_LOAD_ROWS rows raises it to
# the large limit before the merge, which builds the primary-key index of millions of new keys at once and
# fails with less (measured: a 10 M load at 800 MB; at 1,000 MB it completes as fast as at 1,500 MB, with a
# peak of 1.46 GB against 1.67 GB, and the 10 M demo's load peaks at 1.44 GB against 1.56 GB at 1,100 MB).
ETL_MEMORY_LIMIT = "700MB"
LARGE_LOAD_MEMORY_LIMIT = "1000MB"
LARGE_LOAD_ROWS = 500_000


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


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def rebuilding(db: Path, by: str | None = None, publish: bool = True, dry_run: bool = False, *, expect_version: str | None = None,
               on_wait: Callable[[dict], None] | None = None, record: dict | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable copy of `db` (or a new database) that replaces `db` atomically on success, stamped
    with a new data version (dataset_info `data_version`) and then, if `publish`, published under it
    (etl.publish; `by`: who published it, default the user running the load). A `dry_run` works on the
    copy the same way and then throws it away: `db` is never touched.

    `record` (a dict) receives `base_version`, the version the copy started from, and `version`, the new
    one. With `expect_version`, nothing is done unless the database is still at that version (a publish
    after a dry run: VersionChanged otherwise). `on_wait(holder)` is told when another load holds the lock."""
    from etl import publish as publishing

    db = Path(db)
    record = {} if record is None else record
    with load_lock(db, "dry run" if dry_run else "load", by, on_wait):
        clean_stale_builds(db)
        tmp = db.with_name(f"{_temp_prefix(db)}{os.getpid()}{BUILD_SUFFIX}")
        con = None
        try:
            if db.exists():
                shutil.copyfile(db, tmp)
            con = duckdb.connect(str(tmp), config={"temp_directory": str(tmp) + ".spill", "memory_limit": ETL_MEMORY_LIMIT})
            con.execute("SET enable_progress_bar = false")  # our own progress lines go to stderr instead
            record["base_version"] = _version_of(con)
            if expect_version is not None and record["base_version"] != expect_version:
                raise VersionChanged(f"{db} is now version {record['base_version']}, not {expect_version} as when the files were "
                                     "checked: someone published or rolled back meanwhile; check them again")
            prepare(con)
            yield con
            if dry_run:
                return
            version = record["version"] = publishing.new_version(publishing.publish_dir(db))
            con.execute("insert or replace into dataset_info values ('data_version', ?)", [version])
            con.execute("CHECKPOINT")
            con.close()
            con = None
            os.replace(tmp, db)
            _fsync_dir(db.parent)
            if publish:
                publish_version(db, version, by)
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


def publish_version(db: Path, version: str, by: str | None = None) -> dict:
    """Publish the database file now at `db`, stamped with `version` (etl.publish). Call while holding
    its load lock."""
    from etl import publish as publishing

    try:
        return publishing.publish(db, version, by)
    except OSError as e:
        raise LoadError(f"the load is in {db}, but publishing it to {publishing.publish_dir(db)} failed ({e.strerror})") from None


def _version_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The data version stamped in the database `con` is on (None: a new or pre-version database)."""
    try:
        found = con.execute("select value from dataset_info where key = 'data_version'").fetchall()
    except duckdb.CatalogException:
        return None
    return found[0][0] if found else None


def stamped_version(db: Path) -> str:
    """The data version stamped in a database file that nobody else has open (a build)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select value from dataset_info where key = 'data_version'").fetchall()[0][0]
    finally:
        con.close()

