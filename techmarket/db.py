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


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot reach files, the network or extensions."""
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "autoload_known_extensions": False, "autoinstall_known_extensions": False},
    )


def table_overview(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str]]:
    """(table, rows, comment) for every table of the analysts' schema."""
    tables = con.sql("select table_name, estimated_size, comment from duckdb_tables() where schema_name = 'main' order by table_name").fetchall()
    return [(name, con.sql(f'select count(*) from "{name}"').fetchall()[0][0], comment or "") for name, _, comment in tables]
