"""Opening the database for reading, and the data version that keys every cache.

The ETL replaces the database file atomically (a rename), so a reader that opens the path
gets either the old file or the new one, never a mix. The data version is the file's
identity (inode, size, modification time): it changes with every swap, which is what lets
the app drop its caches and show new data without a restart.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb


def data_version(path: Path) -> str:
    st = os.stat(path)
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


QUERY_MEMORY_LIMIT = "2GB"


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot reach files, the network or extensions, with a memory
    limit, and its configuration locked so that no statement can change any of that. Every reader in
    a process (pages and the SQL workbench) shares this one configuration: DuckDB refuses a second
    connection to the same file with different settings."""
    return duckdb.connect(
        str(path),
        read_only=True,
        config={
            "enable_external_access": False,
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
            "allow_community_extensions": False,
            "memory_limit": QUERY_MEMORY_LIMIT,
            "lock_configuration": True,
        },
    )


_OPENED = itertools.count()


class Reader:
    """Read-only connections to the database file, one per data version, shared by a process's sessions.

    A page run acquires the current version once and reads only it (`acquire` ... `release`), so a
    file swapped in meanwhile by a load or a follower never gives one page two versions; the next
    run gets the new one. Each query takes its own cursor (a connection is not thread-safe).

    DuckDB hands back its cached instance for a path while any connection to that path is open, so a
    second version cannot be opened by the same name while runs still read the first. Each version is
    therefore opened through a hard link of its own (`.readers/<pid>-<n>/<file name>` beside the file,
    removed once opened). A version no run holds any more is closed as soon as a newer one is open.
    Where the directory cannot be written, the old version is closed before the new one is opened,
    as before (a run under way may then fail once and is rerun by its user)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._open: dict[str, list] = {}  # version -> [connection, runs holding it]
        self._latest: str | None = None
        self._lock = threading.Lock()

    def version(self) -> str:
        """The data version now, without opening anything (a stat of the file)."""
        return data_version(self.path)

    def _current(self) -> tuple[str, duckdb.DuckDBPyConnection]:
        """(version, connection) of the file now at the path, opened if need be (under the lock)."""
        version = data_version(self.path)
        if version not in self._open:
            version, con = self._connect()
            if version not in self._open:
                self._open[version] = [con, 0]
            else:
                con.close()
            self._latest = version
        self._close_unused()
        return version, self._open[version][0]

    def _connect(self) -> tuple[str, duckdb.DuckDBPyConnection]:
        """Open the file now at the path through a link of its own; its version is the link's (the
        file may have been swapped again since the caller looked)."""
        # A new directory each time (DuckDB caches by path), the file's own name inside it (DuckDB names the
        # catalogue after it, as analysts see it in the SQL workbench).
        link_dir = self.path.parent / ".readers" / f"{os.getpid()}-{next(_OPENED)}"
        link = link_dir / self.path.name
        try:
            link_dir.mkdir(parents=True)
            os.link(self.path, link)
        except OSError:
            with contextlib.suppress(OSError):
                link_dir.rmdir()
            for old in list(self._open):  # cannot link: DuckDB would hand back the old instance by name
                self._open.pop(old)[0].close()
            return data_version(self.path), connect_readonly(self.path)
        try:
            return data_version(link), connect_readonly(link)
        finally:
            link.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                link_dir.rmdir()

    def _close_unused(self) -> None:
        for old, (con, holders) in list(self._open.items()):
            if old != self._latest and holders == 0:
                con.close()
                del self._open[old]

    def acquire(self) -> tuple[str, duckdb.DuckDBPyConnection]:
        """(version, connection) for one page run; give it back with `release(version)`."""
        with self._lock:
            version, con = self._current()
            self._open[version][1] += 1
            return version, con

    def release(self, version: str) -> None:
        with self._lock:
            if version in self._open:
                self._open[version][1] -= 1
            self._close_unused()

    def cursor(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        """A cursor on the current version, outside any page run."""
        with self._lock:
            version, con = self._current()
            return con.cursor(), version


def dataset_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        return dict(con.execute("select key, value from dataset_info").fetchall())
    except duckdb.Error:
        return {}


# Beijing time (Asia/Shanghai): UTC+8, without daylight saving since 1991, so a fixed offset is exact.
BEIJING = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def beijing(moment: dt.datetime | str | None, seconds: bool = False) -> str:
    """A moment as people here read it: in Beijing time, "2026-12-04 10:47" (a naive datetime is UTC, as the ETL
    writes them; an ISO text is read first); "—" for none."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        text = moment
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class AsOf:
    """How current the data is: the latest signing date in it ("数据截至"), and when it was loaded (Beijing time)."""

    latest_signed: str | None  # 2024-12-31
    loaded_at: str | None  # 2026-12-04 10:47, Beijing time


def as_of(con: duckdb.DuckDBPyConnection) -> AsOf:
    """The latest signing date of the contracts, and the end of the latest ETL run in Beijing time."""
    signed = con.execute("select max(signed_date) from contracts").fetchall()[0][0]
    loaded = con.execute("select max(finished_at) from etl_runs").fetchall()[0][0]
    return AsOf(signed.isoformat() if signed else None, beijing(loaded) if loaded else None)
