"""Load a catalog file off the UI thread: progress by signals, cancellable, never touching a widget.

The window keeps showing (and using) its current catalog while a new one loads. The worker runs
the core's `load_catalog` in a QThread and reports back only through queued signals; the
result, an error sentence or "cancelled" arrive in the UI thread, followed by `finished` once the
thread has ended and been joined.

Cancelling is cooperative: the core checks between stages and between columns, so a cancel takes
effect at the next check (the parse of a large CSV is one step of about a second).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from catalog_app.finder.finder import prepare_catalog
from catalog_app.finder.sorting import SortRanks
from catalog_app.io.catalog import Catalog, CatalogReadError, LoadCancelled, load_catalog
from catalog_app.storage.error_log import log_exception
from ui.finder.catalog_table_model import TABLE_COLUMNS

# The table sorts by name as it opens, and ranking a million names takes a few hundred
# milliseconds: the worker ranks the text columns before handing the catalog over.
RANK_AHEAD = tuple(column.key for column in TABLE_COLUMNS if column.kind == "text")
LOAD_SHARE = 0.9  # of the progress bar; ranking the text columns is the rest


class _LoadJob(QObject):
    """Lives in the worker thread; only ever emits signals."""

    progress = Signal(int, str)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, path: Path, stop: threading.Event) -> None:
        super().__init__()
        self._path = path
        self._stop = stop
        self._last_percent = -1

    @Slot()
    def run(self) -> None:
        try:
            catalog = load_catalog(
                self._path,
                invalid_rows="load-valid",
                progress=lambda fraction, stage: self._report(fraction * LOAD_SHARE, stage),
                cancelled=self._stop.is_set,
            )
            self._report(LOAD_SHARE, "Preparing the table")
            SortRanks(catalog.frame).prepare(RANK_AHEAD)
            prepare_catalog(catalog)
            if self._stop.is_set():
                raise LoadCancelled(self._path.name)
            self._report(1.0, "Done")
        except LoadCancelled:
            self.cancelled.emit()
        except CatalogReadError as error:
            self.failed.emit(str(error))
        except Exception as error:  # the file is the user's: any failure is "cannot load it", logged
            log_path = log_exception(error)
            where = f"; details are in {log_path}" if log_path else ""
            self.failed.emit(f"{self._path.name} could not be loaded ({type(error).__name__}){where}.")
        else:
            self.loaded.emit(catalog)
        finally:
            self.done.emit()

    def _report(self, fraction: float, stage: str) -> None:
        percent = round(fraction * 100)
        if percent != self._last_percent:
            self._last_percent = percent
            self.progress.emit(percent, stage)


class CatalogLoader(QObject):
    """Loads one catalog file at a time in a background thread.

    Signals (all delivered in the thread that owns the loader): `progress(percent, stage)`,
    then one of `loaded(Catalog)`, `failed(sentence)` or `cancelled()`, then `finished()`.
    Starting a new load while one runs cancels the old one; only the newest load is reported.
    """

    progress = Signal(int, str)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: _LoadJob | None = None
        self._stop = threading.Event()
        self._retired: list[tuple[QThread, _LoadJob, threading.Event]] = []

    def is_loading(self) -> bool:
        return self._thread is not None

    def start(self, path: Path | str) -> None:
        if self._thread is not None:
            self._retire_current()
        stop = threading.Event()
        thread = QThread(self)
        thread.setObjectName("catalog-loader")
        job = _LoadJob(Path(path), stop)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        # Direct: quit() is thread-safe, and must not wait for a UI thread that may be in wait().
        job.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        job.progress.connect(self._forward_progress)
        job.loaded.connect(self._forward_loaded)
        job.failed.connect(self._forward_failed)
        job.cancelled.connect(self._forward_cancelled)
        thread.finished.connect(self._thread_finished)
        self._thread, self._job, self._stop = thread, job, stop
        thread.start()

    def cancel(self) -> None:
        """Ask the running load to stop; `cancelled()` then `finished()` follow."""
        self._stop.set()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every load thread has ended (for shutdown); True when all have."""
        threads = [thread for thread, _, _ in self._retired]
        if self._thread is not None:
            threads.append(self._thread)
        return all(thread.wait(timeout_ms) for thread in threads)

    def shutdown(self) -> None:
        """Cancel whatever runs and join the threads (the window calls this when it closes)."""
        self._stop.set()
        for _thread, _job, stop in self._retired:
            stop.set()
        self.wait()
        self._thread_finished()

    # ---- internals: every slot below runs in the loader's (UI) thread ---------------------------

    def _retire_current(self) -> None:
        assert self._thread is not None and self._job is not None
        self._stop.set()
        for signal in (self._job.progress, self._job.loaded, self._job.failed, self._job.cancelled):
            signal.disconnect()
        self._retired.append((self._thread, self._job, self._stop))
        self._thread, self._job = None, None

    def _is_current(self) -> bool:
        return self._job is not None and self.sender() is self._job

    @Slot(int, str)
    def _forward_progress(self, percent: int, stage: str) -> None:
        if self._is_current():
            self.progress.emit(percent, stage)

    @Slot(object)
    def _forward_loaded(self, catalog: Catalog) -> None:
        if self._is_current():
            self.loaded.emit(catalog)

    @Slot(str)
    def _forward_failed(self, message: str) -> None:
        if self._is_current():
            self.failed.emit(message)

    @Slot()
    def _forward_cancelled(self) -> None:
        if self._is_current():
            self.cancelled.emit()

    @Slot()
    def _thread_finished(self) -> None:
        for entry in list(self._retired):
            thread, job, _stop = entry
            if thread.isFinished():
                thread.wait()
                job.deleteLater()
                thread.deleteLater()
                self._retired.remove(entry)
        if self._thread is not None and self._thread.isFinished():
            self._thread.wait()
            assert self._job is not None
            self._job.deleteLater()
            self._thread.deleteLater()
            self._thread, self._job = None, None
            self.finished.emit()
