"""Knowing whether another process has a store open: a shared lock held by every open store.

Every open store holds a shared `flock` on a small lock file beside it (`NAME.lock`). Before a
store does something that is only safe when nobody else has it open (moving a damaged file aside),
it asks for the lock exclusively without waiting: if that fails, another window or command still
has the file open, and the store must leave it where it is.

`flock` locks belong to one open file description, so two stores opened in the same process see
each other too, and they never mix with SQLite's own POSIX (`fcntl`) locks on the database file.
Where `flock` does not exist (Windows) or the lock file cannot be created (a read-only folder),
nothing is locked and `others_have_it_open` answers False, which is how the store behaved before;
on Windows an open file cannot be renamed anyway.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".lock"


class OpenLock:
    """A shared lock on `<path>.lock` for as long as the store at `path` is open."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + LOCK_SUFFIX)
        self._descriptor: int | None = None
        if fcntl is None:
            return
        with contextlib.suppress(OSError):
            self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if self._descriptor is not None:
            # A store dropped without `close()` must not keep the file "open" for the life of the process.
            self._finalizer = weakref.finalize(self, _close_quietly, self._descriptor)

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def take_exclusive(self) -> bool:
        """True when no other open store holds the lock; the caller then has it to itself."""
        if self._descriptor is None or fcntl is None:
            return True
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            # A failed conversion may drop the shared lock we had: take it back.
            self.share()
            return False
        return True

    def share(self) -> None:
        """Hold the lock shared: other stores may open the file, and none may move it aside."""
        if self._descriptor is None or fcntl is None:
            return
        with contextlib.suppress(OSError):
            fcntl.flock(self._descriptor, fcntl.LOCK_SH)

    def others_have_it_open(self) -> bool:
        """Whether another open store holds the lock now; leaves this one holding it shared."""
        alone = self.take_exclusive()
        if alone:
            self.share()
        return not alone

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            self._finalizer()  # closing the descriptor drops its flock


def _close_quietly(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        os.close(descriptor)
