"""The app process's one store for a database, which does not stay broken after the database went away.

The app keeps one store per process (``gis.ui.state``). A PostgreSQL store's pool checks a connection when
it is handed out and connects again by itself once the server is back; should it not (a pool that was
closed or gave up: the store keeps failing for ``REOPEN_INTERVAL_S``), the slot tries a freshly opened
store in its place, at most once per ``REOPEN_INTERVAL_S``. While the database is down every call raises
``StoreUnavailableError`` (Dutch); nothing is kept of a store that could not be opened, so the next page
run simply tries again. No Streamlit here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from gis.store import Store, open_store
from gis.store.errors import StoreUnavailableError

T = TypeVar("T")

REOPEN_INTERVAL_S = 30.0  # a store failing this long is replaced; at most one new attempt per this long
RETIRE_AFTER_S = 120.0  # a replaced store is closed this long after (page runs that hold it finish first)


class StoreSlot:
    """The current store for ``url``: opened on first use, replaced when it stays unreachable."""

    def __init__(self, url: str, opener: Callable[[str], Store] = open_store,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.url = url
        self._opener = opener
        self._clock = clock
        self._lock = threading.Lock()
        self._current: Store | None = None
        self._tried = float("-inf")
        self._failing_since: float | None = None  # first failure of the current store since it last worked
        self._retired: list[tuple[float, Store]] = []
        self.reopened = 0  # how many times a fresh store replaced a failing one (for tests and logs)

    def get(self) -> Store:
        """The open store; the first call opens it (a ``StoreError`` then propagates and nothing is kept)."""
        self._close_retired()
        with self._lock:
            if self._current is None:
                self._current = self._opener(self.url)
            return self._current

    def use(self, probe: Callable[[Store], T]) -> tuple[Store, T]:
        """The store and ``probe(store)``. When the probe finds the database unreachable and this store has
        failed for ``REOPEN_INTERVAL_S`` (its pool did not come back by itself), a fresh store is tried in its
        place; while the database is down this raises ``StoreUnavailableError``."""
        store = self.get()
        try:
            answer = probe(store)
        except StoreUnavailableError as exc:
            fresh = self.replace(store, exc)
            answer = probe(fresh)
            store = fresh
        with self._lock:
            if store is self._current:
                self._failing_since = None
        return store, answer

    def replace(self, failing: Store, error: StoreUnavailableError) -> Store:
        """A store in place of ``failing``, which raised ``error``: the one another page run already put
        there, else a freshly opened one once ``failing`` has failed for ``REOPEN_INTERVAL_S`` and no fresh
        store was tried in that time (else ``error`` again); the opener's ``StoreUnavailableError`` while
        the database is down."""
        with self._lock:
            if self._current is not None and self._current is not failing:
                return self._current
            now = self._clock()
            if self._failing_since is None:
                self._failing_since = now
            if now - self._failing_since < REOPEN_INTERVAL_S or now - self._tried < REOPEN_INTERVAL_S:
                raise error
            self._tried = now
            fresh = self._opener(self.url)
            self._failing_since = None
            if self._current is not None:
                self._retired.append((now, self._current))
            self._current = fresh
            self.reopened += 1
            return fresh

    def _close_retired(self) -> None:
        now = self._clock()
        with self._lock:
            due = [s for at, s in self._retired if now - at >= RETIRE_AFTER_S]
            self._retired = [(at, s) for at, s in self._retired if now - at < RETIRE_AFTER_S]
        for store in due:
            try:
                store.close()
            except Exception:  # a pool that is already broken may fail to close; it is dropped all the same
                continue

    def close(self) -> None:
        """Close the current store and any replaced one."""
        with self._lock:
            stores = [s for _at, s in self._retired] + ([self._current] if self._current is not None else [])
            self._retired, self._current = [], None
        for store in stores:
            store.close()


__all__ = ["REOPEN_INTERVAL_S", "RETIRE_AFTER_S", "StoreSlot"]
