"""The database a page run reads: one read-only connection per data version for the process, and
the data version (a stat of the file) that keys every cache (techmarket.ui.cache)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from techmarket import db
from techmarket.memo import Shared
from techmarket.settings import db_path

_readers = Shared(lambda path: db.Reader(Path(path)), max_entries=8)  # one per database path


def cursor() -> tuple[duckdb.DuckDBPyConnection, str]:
    """(cursor, data version) on the current database file."""
    return _readers(str(db_path())).cursor()


def version() -> str:
    """The current data version, which keys every cache (a stat of the file, no cursor)."""
    return _readers(str(db_path())).version()
