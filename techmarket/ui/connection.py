"""The database a page run reads: one read-only connection per data version for the process, and
the data version (a stat of the file) that keys every cache (techmarket.ui.cache).

dashboard.py runs each page run inside `pinned()`: the run takes the version current when it starts
and reads only that one, whatever a load or a follower swaps in meanwhile, so no page shows two
versions; the next run takes the new one."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from pathlib import Path

import duckdb

from techmarket import db
from techmarket.memo import Shared
from techmarket.settings import db_path

_readers = Shared(lambda path: db.Reader(Path(path)), max_entries=8)  # one per database path
_pinned: contextvars.ContextVar[tuple[str, duckdb.DuckDBPyConnection] | None] = contextvars.ContextVar("pinned", default=None)


@contextlib.contextmanager
def pinned() -> Iterator[str]:
    """The current data version, held for the block (a page run): `cursor` and `version` return it."""
    reader = _readers(str(db_path()))
    version, con = reader.acquire()
    token = _pinned.set((version, con))
    try:
        yield version
    finally:
        _pinned.reset(token)
        reader.release(version)


def cursor() -> tuple[duckdb.DuckDBPyConnection, str]:
    """(cursor, data version) on the run's version, or on the current file outside a run."""
    held = _pinned.get()
    if held is not None:
        return held[1].cursor(), held[0]
    return _readers(str(db_path())).cursor()


def version() -> str:
    """The data version that keys every cache: the run's, or a stat of the file outside a run."""
    held = _pinned.get()
    return held[0] if held is not None else _readers(str(db_path())).version()
