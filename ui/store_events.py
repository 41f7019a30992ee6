"""The shared store's change events, delivered in the UI thread as a Qt signal (`changed`).

The core's `ChangeWatcher` listens on its own thread (PostgreSQL LISTEN) and calls back there;
this object turns each call into `changed(kind, payload)` queued to the UI thread: ("shortlist",
name), ("profiles", ""), ("catalog", "<n>"), ("offline", sentence), ("online", ""). Panes connect
to `changed`; nothing here touches a widget.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from catalog_app.storage.change_watch import ChangeWatcher


class SharedStoreEvents(QObject):
    changed = Signal(str, str)  # kind, payload
    _heard = Signal(str, str)  # emitted on the watcher's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher: ChangeWatcher | None = None
        self._heard.connect(self.changed, Qt.ConnectionType.QueuedConnection)

    def is_watching(self) -> bool:
        return self._watcher is not None

    def watch(self, url: str | None, path: Path | None = None) -> None:
        """Listen to the store at `url` (a shared store); None stops listening."""
        self.stop()
        if url is None:
            return
        try:
            from catalog_app.storage.change_watch import ChangeWatcher
        except ImportError:  # a core without the watcher: the shop catalog's minute check is the only news
            return
        self._watcher = ChangeWatcher(url, path, self._heard.emit)
        self._watcher.start()

    def stop(self) -> None:
        """Stop listening and join the watcher's thread."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
