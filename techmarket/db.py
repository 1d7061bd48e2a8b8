"""Opening the database for reading, and the data version that keys every cache.

The ETL replaces the database file atomically (a rename), so a reader that opens the path
gets either the old file or the new one, never a mix. The data version is the file's
identity (inode, size, modification time): it changes with every swap, which is what lets
the app drop its caches and show new data without a restart.
"""

from __future__ import annotations

import os
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


class Reader:
    """One read-only connection per data version, shared by a process's sessions.

    Each query takes its own cursor (a connection is not thread-safe). When the ETL swaps in a
    new file the version changes: the old connection is closed first, because DuckDB hands back
    the cached instance of a file while any connection to it is still open."""

    def __init__(self, path: Path):
        import threading

        self.path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: str | None = None
        self._lock = threading.Lock()

    def version(self) -> str:
        """The data version now, without opening anything (a stat of the file)."""
        return data_version(self.path)

    def cursor(self) -> tuple[duckdb.DuckDBPyConnection, str]:
        version = data_version(self.path)
        with self._lock:
            if version != self._version or self._con is None:
                if self._con is not None:
                    self._con.close()
                self._con = connect_readonly(self.path)
                self._version = version
            return self._con.cursor(), version


def dataset_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        return dict(con.execute("select key, value from dataset_info").fetchall())
    except duckdb.Error:
        return {}


def as_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """When the data last changed: the end of the latest ETL run (UTC)."""
    rows = con.execute("select max(finished_at) from etl_runs").fetchall()
    return rows[0][0].strftime("%Y-%m-%d %H:%M UTC") if rows and rows[0][0] else None
