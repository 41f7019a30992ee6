"""Opening the stores on another database in the background, for File → Connect to shared store….

The window keeps its current stores until the new ones are open (a server's in a background
thread; this computer's SQLite file in the UI thread, where it is used); then `opened(OpenedStores)`
hands them over in the UI thread, or `refused(sentence)` says in one sentence why they could not
be opened (the current stores stay).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ui.background_call import BackgroundCall
from ui.store_connection import OpenedStores, is_shared, try_open_stores


class StoreSwitch(QObject):
    opened = Signal(object)  # OpenedStores
    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = BackgroundCall(self)
        self._call.finished.connect(self._on_done)

    def is_busy(self) -> bool:
        return self._call.is_running()

    def open(self, url: str | None) -> None:
        if is_shared(url):
            self._call.start(lambda: try_open_stores(url, online=True), name="store-open")
            return
        # An SQLite file opens at once (a lock is waited for at most STORE_OPEN_WAIT_MS), and on
        # the thread that will use and close it: its connection must not cross threads.
        result = try_open_stores(url)
        QTimer.singleShot(0, lambda: self._on_done(result))

    def stop(self) -> None:
        self._call.join()

    def _on_done(self, result: OpenedStores | str) -> None:
        if isinstance(result, OpenedStores):
            self.opened.emit(result)
        else:
            self.refused.emit(result)
