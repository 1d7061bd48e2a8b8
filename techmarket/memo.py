"""The app's one cache: a bounded memo shared by every session of a process.

Every value the app caches (query results, finished views, dimension tables, the schema catalogue,
the read-only sandbox) is keyed by the data version among plain hashable values, so a database
swapped in by the ETL is simply a new key and the old entries age out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Shared:
    """A bounded memo for values nobody changes in place (Polars frames, finished views). Keys are
    plain hashable values, looked up as they are — Streamlit's caches hash every argument on every
    call, which under twenty sessions was a tenth of the server's time — and each key is computed
    once however many sessions ask for it at the same moment."""

    def __init__(self, fn: Callable[..., Any], max_entries: int):
        self._fn, self._max = fn, max_entries
        self._values: OrderedDict = OrderedDict()
        self._pending: dict = {}
        self._lock = threading.Lock()

    def __call__(self, *key: Any) -> Any:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                value = self._fn(*key)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self._max:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

