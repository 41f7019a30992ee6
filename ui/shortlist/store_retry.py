"""Trying a read-only shortlist store again, quietly, until it can be written.

A store opens read-only when another program holds it locked, the disk is full or the file cannot
be opened; most of these pass. `StoreRetry` asks the store again after 1 s, then twice as long
each time up to a minute, without waiting on a lock (the UI thread never blocks), and says
`writable` once changes can be saved again. A store that can never become writable (a file from a
newer version) is not retried.
"""

from __future__ import annotations

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
