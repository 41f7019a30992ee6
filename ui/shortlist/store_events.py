"""News from the shared store, from the watcher's thread to the UI thread.

The core's `ChangeWatcher` (catalog_app/storage/change_watch.py) listens on its own connection in
a worker thread and calls back there. `StoreEvents.post` is that callback: it only emits
`received(kind, detail)`, which Qt queues to the thread the receiver lives in, so every slot runs
on the UI thread. Kinds: "shortlist" (a list name, "" for "some list"), "profiles", "catalog"
(the new version number), "offline" (one sentence), "online".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from catalog_app.shortlist.store import ShortlistStore


class Watcher(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


# Makes the watcher for a store; it calls back (on its own thread) with (kind, detail).
WatcherFactory = Callable[[ShortlistStore, Callable[[str, str], None]], Watcher]


class StoreEvents(QObject):
    received = Signal(str, str)  # kind, detail; delivered on the receiver's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher: Watcher | None = None

    def watch(self, store: ShortlistStore, factory: WatcherFactory | None = None) -> None:
        """Start watching `store` (once); `stop()` must be called before this object goes."""
        if self._watcher is not None:
            return
        self._watcher = (factory or change_watcher)(store, self.post)
        self._watcher.start()

    def is_watching(self) -> bool:
        return self._watcher is not None

    def stop(self) -> None:
        """Stop the watcher and wait for its thread: nothing is posted after this returns."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def post(self, kind: str, detail: str) -> None:
        """Called on the watcher's thread."""
        with contextlib.suppress(RuntimeError):  # the Qt side is gone (a window closed without stopping us)
            self.received.emit(kind, detail)


def change_watcher(store: ShortlistStore, on_event: Callable[[str, str], None]) -> Watcher:
    """The core's watcher for this store: LISTEN/NOTIFY on PostgreSQL, PRAGMA data_version on SQLite."""
    from catalog_app.storage.change_watch import ChangeWatcher

    url, path = watch_target(store)
    return ChangeWatcher(url, path, on_event)


def watch_target(store: ShortlistStore) -> tuple[str | None, Path | None]:
    """(database URL, None) for a shared store, (None, file) for an SQLite one."""
    if getattr(store, "shared", False):
        return store.database_url, None
    return None, store.path
