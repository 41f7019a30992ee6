"""Trying a read-only shortlist store again, quietly, until it can be written.

A store opens read-only when another program holds it locked, the disk is full or the file cannot
be opened; most of these pass. `StoreRetry` asks the store again after 1 s, then twice as long
each time up to a minute, without waiting on a lock (the UI thread never blocks), and says
`writable` once changes can be saved again. A store that can never become writable (a file from a
newer version) is not retried.

`Reconnect` does the same for a shared store whose server was lost (every 1, 2, 4, … 30 s).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from catalog_app.shortlist.store import ShortlistStore

FIRST_RETRY_MS = 1000
LONGEST_RETRY_MS = 60_000


class StoreRetry(QObject):
    writable = Signal()  # the store was read-only and can now be changed

    def __init__(
        self,
        store: ShortlistStore,
        parent: QObject | None = None,
        *,
        first_ms: int = FIRST_RETRY_MS,
        longest_ms: int = LONGEST_RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.delay_ms = first_ms
        self._longest_ms = longest_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try)
        if store.read_only and store.retryable:
            self._timer.start(self.delay_ms)

    def is_waiting(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()

    def _try(self) -> None:
        if self.store.try_writable():
            self.writable.emit()
            return
        if self.store.retryable:
            self.delay_ms = min(self.delay_ms * 2, self._longest_ms)
            self._timer.start(self.delay_ms)


RECONNECT_FIRST_MS = 1000
RECONNECT_LONGEST_MS = 30_000


class Reconnect(QObject):
    """Reaching a shared store's server again after it was lost, with backoff: 1, 2, 4, … 30 s.

    `attempt` is the one try (the controller's: `store.reconnect()` and whatever else must be
    back); it returns True when the desk is online again, and `online` is emitted. The timer only
    runs between `start()` and success or `stop()`; each try waits at most the store's connect timeout.
    """

    online = Signal()

    def __init__(
        self,
        attempt: Callable[[], bool],
        parent: QObject | None = None,
        *,
        first_ms: int = RECONNECT_FIRST_MS,
        longest_ms: int = RECONNECT_LONGEST_MS,
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self._first_ms = first_ms
        self._longest_ms = longest_ms
        self.delay_ms = first_ms
        self.attempts = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.try_now)

    def start(self) -> None:
        """Begin trying (from the first, shortest wait), unless already trying."""
        if not self._timer.isActive():
            self.delay_ms = self._first_ms
            self._timer.start(self.delay_ms)

    def is_waiting(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()
        self.delay_ms = self._first_ms

    def try_now(self) -> bool:
        """One try now; on failure the next one is scheduled twice as far off (up to the longest wait)."""
        self._timer.stop()
        self.attempts += 1
        if self._attempt():
            self.delay_ms = self._first_ms
            self.online.emit()
            return True
        self.delay_ms = min(self.delay_ms * 2, self._longest_ms)
        self._timer.start(self.delay_ms)
        return False
