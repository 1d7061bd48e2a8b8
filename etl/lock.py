"""The lock that serialises loads and rollbacks of one database, and the errors a load stops with.

flock is released by the kernel when a holder dies, so a crashed load cannot leave it stuck. The holder
writes what it does, who and since when into the lock file (techmarket.published.lock_holder), so one
that has to wait can say whom it waits for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from techmarket.published import lock_holder, lock_path


class LoadError(Exception):
    """A load could not be carried out; the live database is as it was. One-line message."""


class VersionChanged(LoadError):
    """The database is no longer at the version the caller checked against (someone published or rolled
    back meanwhile); nothing was done."""


@contextlib.contextmanager
def load_lock(db: Path, action: str = "load", by: str | None = None,
              on_wait: Callable[[dict], None] | None = None) -> Iterator[None]:
    """Serialise loads and rollbacks of one database. flock is released by the kernel when a holder dies.
    The holder writes what it does, who and since when into the lock file (techmarket.published.lock_holder);
    one that has to wait says so on stderr and to `on_wait(holder)`."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(db), "a+")  # noqa: SIM115 - held for the duration of the block
    except OSError as e:
        raise LoadError(f"cannot write in {db.parent} ({e.strerror}); the database is unchanged") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(db) or {}
            who = f" ({holder.get('action', 'load')} by {holder.get('by', '?')} since {holder.get('since', '?')})" if holder else ""
            print(f"waiting for another load of {db} to finish{who}…", file=sys.stderr, flush=True)
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"action": action, "by": by or user(), "pid": os.getpid(),
                                 "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}, ensure_ascii=False))
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            handle.truncate(0)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def user() -> str:
    """The user running this process, for `by` when nobody is named."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
