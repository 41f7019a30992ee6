"""Opening the stores on another database in the background, for File → Connect to shared store….

The window keeps its current stores until the new ones are open; then `opened(OpenedStores)`
hands them over in the UI thread, or `refused(sentence)` says in one sentence why they could not
be opened (the current stores stay).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ui.background_call import BackgroundCall
from ui.store_connection import OpenedStores, try_open_stores


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
        self._call.start(lambda: try_open_stores(url), name="store-open")

    def stop(self) -> None:
        self._call.join()

    def _on_done(self, result: OpenedStores | str) -> None:
        if isinstance(result, OpenedStores):
            self.opened.emit(result)
        else:
            self.refused.emit(result)
