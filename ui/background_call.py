"""Run one blocking call (a connection test, opening a store, asking for the latest catalog) off the UI thread.

The call runs in a plain Python thread and its result comes back by a queued signal, so the slot
runs in the UI thread and may touch widgets; the call itself never does. `join()` waits for the
thread (a database call is bounded by its connect timeout), so a closing window leaves none running.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class BackgroundCall(QObject):
    """One call at a time; `finished(result)` carries what it returned (catch errors inside the call)."""

    finished = Signal(object)
    _result = Signal(int, object)  # emitted from the worker thread; queued to this object's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads: list[threading.Thread] = []  # every call not joined yet (a dropped one too)
        self._number = 0
        self._result.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def is_running(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def start(self, call: Callable[[], Any], *, name: str = "background-call") -> None:
        """Run `call` in a new thread; a result of an earlier call still running is dropped."""
        self._number += 1
        number = self._number
        thread = threading.Thread(target=lambda: self._result.emit(number, call()), name=name)
        self._threads = [*(old for old in self._threads if old.is_alive()), thread]
        thread.start()

    def join(self, timeout_s: float = 10.0) -> None:
        """Wait for the running calls (and forget their results); for closing the dialog or window."""
        threads, self._threads = self._threads, []
        self._number += 1
        for thread in threads:
            thread.join(timeout_s)

    def _deliver(self, number: int, result: object) -> None:
        if number == self._number:
            self.finished.emit(result)
