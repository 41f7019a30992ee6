"""Load a catalog file off the UI thread: progress by signals, cancellable, never touching a widget.

The window keeps showing (and using) its current catalog while a new one loads. The worker runs
the core's `load_catalog` in a QThread and reports back only through queued signals; the
result, an error sentence or "cancelled" arrive in the UI thread, followed by `finished` once the
thread has ended and been joined.

Cancelling is cooperative: the core checks between stages and between columns, so a cancel takes
effect at the next check (the parse of a large CSV is one step of about a second).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from catalog_app.finder.finder import SearchRequest, prepare_catalog, warm_column_ranks, warm_ranks, warm_search
from catalog_app.finder.sorting import ColumnRanks, adopt_column_ranks, column_ranks_of
from catalog_app.io.catalog import Catalog, CatalogReadError, LoadCancelled, load_catalog
from catalog_app.storage.error_log import log_exception
from ui.finder.catalog_table_model import TABLE_COLUMNS
from ui.loading.shop_catalog import ShopCatalog, load_shop_catalog

if TYPE_CHECKING:
    from catalog_app.io.catalog_database import CatalogVersion

# What a load runs in the worker: given progress(fraction, stage), cancelled() and
# frame_built(frame) (to call once the catalog's typed frame exists, if it can tell), a catalog.
LoadFunction = Callable[
    [Callable[[float, str], None], Callable[[], bool], Callable[[pd.DataFrame], None]], "Catalog | ShopCatalog"
]
Subject = TypeVar("Subject")

# Ranking a million names takes a few hundred milliseconds: the worker ranks the column the
# table will open sorted by before handing the catalog over (by default the text columns), and
# `_WarmUps` builds the other ranks and the search texts, in threads of their own.
RANK_AHEAD = tuple(column.key for column in TABLE_COLUMNS if column.kind == "text")
LOAD_SHARE = 0.9  # of the progress bar; ranking the text columns is the rest


class _LoadJob(QObject):
    """Lives in the worker thread; only ever emits signals, each carrying its load's number."""

    progress = Signal(int, int, str)
    loaded = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)
    done = Signal()

    def __init__(
        self,
        load: LoadFunction,
        name: str,
        stop: threading.Event,
        number: int,
        request: SearchRequest | None,
        rank_ahead: tuple[str, ...],
        warm_ups: _WarmUps,
    ) -> None:
        super().__init__()
        self._load = load
        self._request = request
        self._rank_ahead = rank_ahead
        self._warm_ups = warm_ups
        self._name = name
        self._stop = stop
        self._number = number
        self._last_percent = -1

    @Slot()
    def run(self) -> None:
        try:
            result = self._load(
                lambda fraction, stage: self._report(fraction * LOAD_SHARE, stage),
                self._stop.is_set,
                lambda frame: self._warm_ups.start_ranks(frame, self._stop),
            )
            catalog = result.catalog if isinstance(result, ShopCatalog) else result
            # What later searches and sorts read is built beside the first answer, on the core
            # that preparing it leaves idle, and on after the hand-over.
            self._warm_ups.start(catalog, self._stop)
            self._report(LOAD_SHARE, "Preparing the table")
            column_ranks_of(catalog).prepare(self._rank_ahead)
            prepare_catalog(catalog, self._request)
            if self._stop.is_set():
                raise LoadCancelled(self._name)
            self._report(1.0, "Done")
        except LoadCancelled:
            self.cancelled.emit(self._number)
        except CatalogReadError as error:
            self.failed.emit(self._number, str(error))
        except Exception as error:  # the file is the user's: any failure is "cannot load it", logged
            log_path = log_exception(error)
            where = f"; details are in {log_path}" if log_path else ""
            self.failed.emit(self._number, f"{self._name} could not be loaded ({type(error).__name__}){where}.")
        else:
            self.loaded.emit(self._number, result)
        finally:
            self.done.emit()

    def _report(self, fraction: float, stage: str) -> None:
        percent = round(fraction * 100)
        if percent != self._last_percent:
            self._last_percent = percent
            self.progress.emit(self._number, percent, stage)


WARM_UP_NICENESS = 19  # the lowest priority: a thread may always lower its own, never raise it back


class _WarmUps:
    """The threads building, ahead of the user, what later sorts and searches read, for each
    loaded catalog; started from a load's thread, stopped by that load's stop flag, joined when
    the loader shuts down.

    The ranks of the text columns begin as soon as the catalog's typed frame is built, while the
    file is still being checked: the check then mostly waits for its ids to be hashed, leaving a
    core idle (at a million products the first Name click then took 64-154 ms against 226-310 ms
    when they began with the first answer). They run at normal priority beside the first answer:
    a header click right after the hand-over waits for them, and preparing the first answer is
    hardly slowed. At the hand-over (`step_aside`) they drop to the lowest priority, and once it
    is done the search texts and word index start beside them, also at the lowest: a profile
    change or sort made meanwhile comes first. Measured at a million products against one thread
    doing both beside the first answer: the first Name click 252-333 ms against 417-532 ms, the
    slowest typed key 41-70 ms against 50-61 ms, the time to a usable table no different."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list[tuple[threading.Thread, threading.Event]] = []
        self._after_hand_over: tuple[Catalog, threading.Event] | None = None
        # Ranks begun on the frame of a catalog being loaded, with that load's stop flag.
        self._early: tuple[ColumnRanks, threading.Event] | None = None

    def start_ranks(self, frame: pd.DataFrame, stop: threading.Event) -> None:
        """The typed frame of the catalog being checked is built: its text columns' ranks begin."""
        ranks = ColumnRanks(frame)
        with self._lock:
            self._early = (ranks, stop)
        self._start(warm_column_ranks, ranks, stop)

    def start(self, catalog: Catalog, stop: threading.Event) -> None:
        with self._lock:
            early, self._early = self._early, None
        # Ranks begun by another load (a cancelled one that ended late), or on another frame (rows
        # repeating an id made the check build a second one), are not the catalog's: its own are
        # then begun here.
        if early is None or early[1] is not stop or not adopt_column_ranks(catalog, early[0]):
            self._start(warm_ranks, catalog, stop)
        with self._lock:
            self._after_hand_over = (catalog, stop)

    def step_aside(self) -> None:
        """The catalog is about to be handed to the window: from now on the warm-ups run only on
        CPU time the user's own work leaves (on Linux, where a thread has its own priority;
        elsewhere at normal priority)."""
        with self._lock:
            threads = [thread for thread, _flag in self._running if thread.is_alive()]
        for thread in threads:
            if thread.native_id is not None:
                _to_lowest_priority(thread.native_id)

    def start_search(self) -> None:
        """The catalog has been handed to the window: the search texts start. (Started before
        the hand-over, they slowed it: 45 ms instead of about 20, and the UI stalled 74 ms.)"""
        with self._lock:
            waiting, self._after_hand_over = self._after_hand_over, None
        if waiting is not None and not waiting[1].is_set():
            self._start(_warm_search_aside, *waiting)

    def _start(
        self, warm: Callable[[Subject, Callable[[], bool]], None], subject: Subject, stop: threading.Event
    ) -> None:
        thread = threading.Thread(target=warm, args=(subject, stop.is_set), name="catalog-warm", daemon=True)
        with self._lock:
            self._running = [(running, flag) for running, flag in self._running if running.is_alive()]
            self._running.append((thread, stop))
        thread.start()

    def stop(self, *, wait: bool) -> None:
        """Ask every warm-up to stop (each ends after the piece it is building), and maybe wait."""
        with self._lock:
            running, self._running = self._running, []
            self._after_hand_over = None
            self._early = None
        for _thread, flag in running:
            flag.set()
        if wait:
            for thread, _flag in running:
                thread.join()


def _warm_search_aside(catalog: Catalog, cancelled: Callable[[], bool]) -> None:
    """The search texts and word index at the lowest priority. (At normal priority they made a
    key typed 0.3 s after the hand-over wait less, 35-60 ms against up to 126 ms at a million
    products, but slowed the first filter answer after the hand-over to 40-50 ms, and the UI
    stalled 42-74 ms against 20-35 ms.)"""
    _to_lowest_priority(threading.get_native_id())
    warm_search(catalog, cancelled)


def _to_lowest_priority(thread_id: int) -> None:
    with contextlib.suppress(AttributeError, OSError):  # the thread is gone, or no per-thread priority here
        os.setpriority(os.PRIO_PROCESS, thread_id, WARM_UP_NICENESS)


@dataclass(frozen=True)
class _Load:
    """One load: its number, its thread and job, and the flag that asks it to stop."""

    number: int
    thread: QThread
    job: _LoadJob
    stop: threading.Event


class CatalogLoader(QObject):
    """Loads one catalog file at a time in a background thread.

    Signals (all delivered in the thread that owns the loader): `progress(percent, stage)`,
    then one of `loaded(Catalog)`, `failed(sentence)` or `cancelled()`, then `finished()`.
    Starting a new load while one runs cancels the old one; only the newest load is reported.

    Each load has a number that every signal of its job carries, and its thread's end is matched
    to it by the thread: a cancelled load that ends late can never close out the current one.
    """

    progress = Signal(int, str)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loads: dict[int, _Load] = {}  # every load whose thread has not been joined yet
        self._current: _Load | None = None
        self._numbers = itertools.count(1)
        # The published version the catalog last handed over by `loaded` is (None: it came from a file).
        self.shop_version: CatalogVersion | None = None
        # What the window will ask the finder first, asked as a load starts: the worker answers it
        # too, so the hand-over to the window searches nothing on the UI thread.
        self.first_search: Callable[[], SearchRequest] | None = None
        # The columns the window's table will sort the new catalog by (their ranks are made first).
        self.first_sort_keys: Callable[[], tuple[str, ...]] | None = None
        self._warm_ups = _WarmUps()  # what later searches and sorts read, built in the background

    def is_loading(self) -> bool:
        return self._current is not None

    def is_idle(self) -> bool:
        """True when no load, current or cancelled, still has a thread."""
        return not self._loads

    def start(self, path: Path | str) -> None:
        """Load a catalog file."""
        path = Path(path)

        def load(
            progress: Callable[[float, str], None],
            cancelled: Callable[[], bool],
            frame_built: Callable[[pd.DataFrame], None],
        ) -> Catalog:
            return load_catalog(
                path, invalid_rows="load-valid", progress=progress, cancelled=cancelled, frame_built=frame_built
            )

        self._start(load, path.name)

    def start_shop(self, url: str, version: int | None = None) -> None:
        """Load the shop's catalog from the shared store: version `version`, or the latest when None."""

        def load(
            progress: Callable[[float, str], None], cancelled: Callable[[], bool], _frame_built: Any
        ) -> ShopCatalog:
            return load_shop_catalog(url, version, progress, cancelled)  # checked when it was published

        self._start(load, "The shop catalog")

    def _start(self, load: LoadFunction, name: str) -> None:
        if self._current is not None:
            self._current.stop.set()  # its signals no longer match the current number
        number = next(self._numbers)
        stop = threading.Event()
        thread = QThread(self)
        thread.setObjectName(f"catalog-loader-{number}")
        request = self.first_search() if self.first_search is not None else None
        rank_ahead = self.first_sort_keys() if self.first_sort_keys is not None else RANK_AHEAD
        self._warm_ups.stop(wait=False)  # the shown catalog's: a new one is on its way
        job = _LoadJob(load, name, stop, number, request, rank_ahead, self._warm_ups)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        # Direct: quit() is thread-safe, and must not wait for a UI thread that may be in wait().
        job.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        job.progress.connect(self._forward_progress)
        job.loaded.connect(self._forward_loaded)
        job.failed.connect(self._forward_failed)
        job.cancelled.connect(self._forward_cancelled)
        thread.finished.connect(self._thread_finished)
        running = _Load(number, thread, job, stop)
        self._loads[number] = running
        self._current = running
        thread.start()

    def cancel(self) -> None:
        """Ask the running load to stop; `cancelled()` then `finished()` follow."""
        if self._current is not None:
            self._current.stop.set()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until every load thread has ended (for shutdown); True when all have."""
        return all(load.thread.wait(timeout_ms) for load in list(self._loads.values()))

    def shutdown(self) -> None:
        """Cancel whatever runs and join the threads (the window calls this when it closes)."""
        for load in self._loads.values():
            load.stop.set()
        self.wait()
        self._warm_ups.stop(wait=True)
        for load in list(self._loads.values()):
            self._reap(load)

    # ---- internals: every slot below runs in the loader's (UI) thread ---------------------------

    def _is_current(self, number: int) -> bool:
        return self._current is not None and self._current.number == number

    @Slot(int, int, str)
    def _forward_progress(self, number: int, percent: int, stage: str) -> None:
        if self._is_current(number):
            self.progress.emit(percent, stage)

    @Slot(int, object)
    def _forward_loaded(self, number: int, result: Catalog | ShopCatalog) -> None:
        if self._is_current(number):
            self._warm_ups.step_aside()
            if isinstance(result, ShopCatalog):
                self.shop_version = result.version
                self.loaded.emit(result.catalog)
            else:
                self.shop_version = None
                self.loaded.emit(result)
            self._warm_ups.start_search()

    @Slot(int, str)
    def _forward_failed(self, number: int, message: str) -> None:
        if self._is_current(number):
            self.failed.emit(message)

    @Slot(int)
    def _forward_cancelled(self, number: int) -> None:
        if self._is_current(number):
            self.cancelled.emit()

    @Slot()
    def _thread_finished(self) -> None:
        """One load's thread ended; its job's signals were queued before this, so they have arrived."""
        thread = self.sender()
        for load in list(self._loads.values()):
            if load.thread is thread:
                self._reap(load)

    def _reap(self, load: _Load) -> None:
        """Join one ended load's thread and free it; `finished` follows only the current load's end."""
        load.thread.wait()
        del self._loads[load.number]
        load.job.deleteLater()
        load.thread.deleteLater()
        if self._current is load:
            self._current = None
            self.finished.emit()
