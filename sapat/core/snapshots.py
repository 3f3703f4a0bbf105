"""A value built from the database and kept per process (a parsed catalogue), fresh across processes.

A change in this process drops it at once (`forget`, connected to the models' signals). A change made by
another process is seen through a stamp (e.g. the row count and the latest change), checked at most every
`SAPAT_REGISTRY_RECHECK` seconds: never per request, since a page's queries must not grow by one per catalogue,
and a registry is changed by hand a few times a year. The test settings never recheck by time: the suite runs
in one process and sees every change through the signals.
"""

import threading
import time
from collections.abc import Callable

from django.conf import settings

_all: list["Snapshot"] = []


class Snapshot:
    def __init__(self, load: Callable[[], object], stamp: Callable[[], object]):
        self._load, self._stamp = load, stamp
        self._value = None
        self._stamped = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self.changed = False
        _all.append(self)

    def get(self):
        if self._value is not None and not self._due():
            return self._value
        stamp = self._stamp()
        with self._lock:
            if self._value is None or self._stamped != stamp:
                self._value = self._load()
                self._stamped = stamp
            self._checked_at = time.monotonic()
        return self._value

    def forget(self, **kwargs) -> None:
        with self._lock:
            self._value = None
            self.changed = True

    def _due(self) -> bool:
        recheck = settings.SAPAT_REGISTRY_RECHECK
        return recheck is not None and time.monotonic() - self._checked_at > recheck


def load_all() -> None:
    """Build every snapshot now (tests: before the queries they count)."""
    for snapshot in _all:
        snapshot.get()


def forget_changed() -> None:
    """Drop every snapshot that changed since the last call (tests: rolled-back rows send no signal)."""
    for snapshot in _all:
        if snapshot.changed:
            snapshot.forget()
            snapshot.changed = False
