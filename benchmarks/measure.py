"""One measurement, in a fresh process: `python benchmarks/measure.py METRIC --file F [options]`.

Prints one JSON object on its last line. `run.py` starts one process per measurement, so each
starts as the app does (nothing warm, no memory left over from another measurement).

Every window measurement times what a user waits for: from the action (a file chosen, a filter
ticked, the debounce of the search box firing, a profile answer, a header click) to the moment
the results area has been repainted, found by counting paint events, never by sleeping.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

VIEW_SIZE = (1280, 800)
WAIT_LIMIT_S = 600.0  # a repaint that never comes fails the measurement instead of hanging it
BEAT_MS = 10
Result = dict[str, Any]


def bench_profile() -> Any:
    """A profile that switches most fit rules on, so the score does its full work."""
    from catalog_app.model.profile import FootProfile

    return FootProfile.model_validate(
        {
            "arch": "flat",
            "pronation": "overpronation",
            "concerns": ("plantar-fasciitis", "lower-back-pain"),
            "activities": ("standing", "walking"),
            "shoe_types": ("work-boots", "casual", "athletic"),
            "budget": 120,
        }
    )


# ---- loading ------------------------------------------------------------------------------------


def measure_load(path: Path) -> Result:
    from catalog_app.io.catalog import load_catalog

    started = time.perf_counter()
    catalog = load_catalog(path)
    seconds = time.perf_counter() - started
    assert catalog.report.is_clean, catalog.report.summary()
    return {"seconds": seconds, "rows": len(catalog)}


def measure_csv_read(path: Path) -> Result:
    """The floor for reading: a bare `pyarrow.csv.read_csv` of the same file, nothing else."""
    from pyarrow import csv

    started = time.perf_counter()
    table = csv.read_csv(path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": table.num_rows}


PER_ROW_SAMPLE = 100_000


def measure_load_per_row(path: Path) -> Result:
    """The reference path: every row through the pydantic model. Reading is timed on the whole
    file; per-row validation (about 0.1 ms a row, linear in rows) on the first 100,000 rows at
    most, and scaled to the whole file."""
    from catalog_app.io.reader import read_catalog_file
    from catalog_app.model.raw_table import RawTable
    from catalog_app.validation.validate import validate_table_per_row

    started = time.perf_counter()
    raw = read_catalog_file(path)
    read_seconds = time.perf_counter() - started
    rows = len(raw)
    sample = min(rows, PER_ROW_SAMPLE)
    if sample < rows:
        raw = RawTable(None, raw.row_numbers[:sample], raw.source, arrow=raw.arrow.slice(0, sample))
    started = time.perf_counter()
    _frame, report = validate_table_per_row(raw)
    validate_seconds = time.perf_counter() - started
    assert report.is_clean
    return {"seconds": read_seconds + validate_seconds * rows / sample, "sampled_rows": sample, "rows": rows}


# ---- waiting for the screen ---------------------------------------------------------------------


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application_names
    from ui.import_scan import scan_imports_lightly

    scan_imports_lightly()  # as the app's start does, before the core is imported
    configure_application_names()
    return QApplication.instance() or QApplication([sys.argv[0]])


class Repaints:
    """Counts the paint events of some widgets (an event filter on each: an app-wide one would
    put a Python call into every event of every widget and slow down what it measures).

    `settle(before, widget)` is called once the action has been handled: it lets the event loop
    do the repaints the action queued and returns the time they are done. When the action queued
    none (the rows on screen did not change), `widget` is repainted once, so the time still
    includes a paint.
    """

    def __init__(self, app: Any, *widgets: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.app = app
        self.count = 0
        counter = self
        paint = QEvent.Type.Paint

        class Watcher(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - a Qt override
                if event.type() == paint:
                    counter.count += 1
                return False

        self._watcher = Watcher()
        for widget in widgets:
            widget.installEventFilter(self._watcher)

    def settle(self, before: int, widget: Any) -> float:
        self.app.processEvents()  # the queued repaints happen here
        if self.count == before:
            widget.repaint()
        return time.perf_counter()


def wait_until(app: Any, condition: Callable[[], bool]) -> None:
    """Run the event loop (blocking while it is idle) until `condition()` holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + WAIT_LIMIT_S
    waker = QTimer()
    waker.start(1000)  # wakes the idle loop now and then, so the deadline is noticed
    try:
        while not condition():
            if time.perf_counter() > deadline:
                raise SystemExit("the window was not repainted in time")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        waker.stop()


class Beats:
    """A 10 ms timer in the UI thread; the longest gap between its beats is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.times: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> float:
        self.times = [time.perf_counter()]
        self._timer.start()
        return self.times[0]

    def stop(self) -> None:
        self.times.append(time.perf_counter())
        self._timer.stop()

    def longest_gap(self) -> tuple[float, float]:
        """(gap in seconds, when it began)."""
        return max((later - earlier, earlier) for earlier, later in itertools.pairwise(self.times))


def _window(app: Any, profile: Any | None = None) -> Any:
    """The main window as a user has it: shown, on the bundled catalog, the bench profile set."""
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(*VIEW_SIZE)
    window.show()
    window.open_initial_catalog(None)
    window.profile_pane.set_profile(profile if profile is not None else bench_profile())
    app.processEvents()
    return window


def _open_in_window(app: Any, path: Path, profile: Any | None = None) -> Any:
    """The window with the catalog at `path` opened as a user opens it, and shown."""
    window = _window(app, profile)
    shown: list[Any] = []
    window.catalogShown.connect(shown.append)
    window.open_catalog_file(path)
    wait_until(app, lambda: bool(shown))
    app.processEvents()
    return window


def _results_areas(window: Any) -> tuple[Any, Any]:
    """Where the results are drawn: the table's rows, or the hint shown in their place."""
    return window.table.viewport(), window.results.hint


def _repaints(app: Any, window: Any) -> Repaints:
    return Repaints(app, *_results_areas(window))


def _shown(window: Any) -> Any:
    """The results widget on screen now: the table's rows, or the hint."""
    return window.results.hint if window.results.is_showing_hint() else window.table.viewport()


# ---- from choosing a file to a usable window ----------------------------------------------------


def measure_open_catalog(path: Path) -> Result:
    """From `open_catalog_file(path)` to the table painted with the new catalog and the answer
    to a filter change painted after it; a 10 ms timer beats meanwhile. Then the peak memory of
    the app with the catalog shown."""
    from catalog_app.finder.filters import FilterState

    app = _application()
    window = _window(app)
    repaints = _repaints(app, window)
    marks: dict[str, float] = {}
    memory: dict[str, list[float]] = {"before": [_current_rss_mb(), _peak_rss_mb()]}
    _time_show_catalog(window, marks)
    _time_load_steps(marks, memory)
    shown_paints: list[int] = []
    window.catalogShown.connect(lambda _catalog: shown_paints.append(repaints.count))
    beats = Beats()
    cpu_before = _cpu_seconds()
    started = beats.start()
    window.open_catalog_file(path)
    wait_until(app, lambda: bool(shown_paints))
    marks["painted"] = repaints.settle(shown_paints[0], _shown(window))
    app.processEvents()
    before = repaints.count
    marks["filter_issued"] = time.perf_counter()
    window.filter_pane.set_state(FilterState().with_choice("category", frozenset({"memory-foam", "gel"})))
    usable = repaints.settle(before, _shown(window))
    cpu_used = _cpu_seconds() - cpu_before
    beats.stop()
    rows, shown_rows = len(window.model.catalog), window.model.rowCount()
    assert 0 < shown_rows < rows, (shown_rows, rows)
    gap, gap_began = beats.longest_gap()
    rss_usable = _current_rss_mb()
    wait_until(app, lambda: not any(thread.name == "catalog-warm" for thread in threading.enumerate()))
    return {
        "time_to_usable_s": usable - started,
        "max_gap_ms": 1000 * gap,
        "max_gap_began_s": gap_began - started,
        "marks_s": {name: round(at - started, 4) for name, at in sorted(marks.items(), key=lambda item: item[1])},
        "show_catalog_ms": 1000 * (marks["show_catalog_end"] - marks["show_catalog_start"]),
        "filter_answer_ms": 1000 * (usable - marks["filter_issued"]),
        "cpu_s": cpu_used,
        "cpus": os.cpu_count() or 1,
        "beats": len(beats.times),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_mb": rss_usable,
        "rss_warmed_mb": _current_rss_mb(),  # once the warm-up has ended (and given back what it freed)
        "memory_mb": memory,
        "rows": rows,
    }


def _time_show_catalog(window: Any, marks: dict[str, float]) -> None:
    """Note when the window's hand-over (`show_catalog`) begins and ends, without changing it."""
    show_catalog = window.show_catalog

    def timed(catalog: Any) -> None:
        marks["show_catalog_start"] = time.perf_counter()
        show_catalog(catalog)
        marks["show_catalog_end"] = time.perf_counter()

    window.show_catalog = timed  # the instance attribute is found before the method


def _time_load_steps(marks: dict[str, float], memory: dict[str, list[float]]) -> None:
    """Note when the loader's steps end (reading the file, checking it, preparing the first
    answer), in the loader's thread, without changing them: where the wait goes. `memory` gets
    the resident memory then, and the peak so far: which step the peak was reached in."""
    import catalog_app.io.catalog as catalog_module
    import ui.loading.catalog_loader as loader_module

    def timed(module: Any, name: str, mark: str) -> None:
        step = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = step(*args, **kwargs)
            marks[mark] = time.perf_counter()
            memory[mark] = [_current_rss_mb(), _peak_rss_mb()]
            return result

        setattr(module, name, wrapper)

    timed(catalog_module, "read_catalog_file", "read_end")
    timed(catalog_module, "validate_table", "checked_end")
    timed(loader_module, "prepare_catalog", "prepared_end")


def _cpu_seconds() -> float:
    """CPU time the process has used, every thread, user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


# ---- profile changes ----------------------------------------------------------------------------


def profile_changes() -> list[Any]:
    """30 profile changes of mixed kinds, one answer at a time, from the bench profile: arch,
    pronation, concerns, shoes, shoe size and budget."""
    from catalog_app.model.profile import FootProfile

    profile = bench_profile()
    sized = "shoe_size" in FootProfile.model_fields
    edits: list[dict[str, Any]] = [
        {"arch": "low"},
        {"pronation": "neutral"},
        {"concerns": ("plantar-fasciitis",)},
        {"shoe_types": ("work-boots", "casual")},
        {"budget": 80.0},
        {"shoe_size": "EU 42"},
        {"arch": "high"},
        {"pronation": "supination"},
        {"concerns": ("plantar-fasciitis", "metatarsalgia")},
        {"shoe_types": ("athletic",)},
        {"budget": 40.0},
        {"shoe_size": "EU 43"},
        {"arch": "medium"},
        {"pronation": None},
        {"concerns": ("knee-pain", "heel-pain", "lower-back-pain")},
        {"shoe_types": ("athletic", "dress", "casual")},
        {"budget": None},
        {"shoe_size": "US M9"},
        {"arch": None},
        {"pronation": "overpronation"},
        {"concerns": ()},
        {"shoe_types": ()},
        {"budget": 150.0},
        {"shoe_size": ""},
        {"arch": "flat"},
        {"concerns": ("general-comfort",)},
        {"shoe_types": ("hiking-boots", "work-boots")},
        {"budget": 60.0},
        {"pronation": "neutral"},
        {"arch": "low"},
    ]
    changes = []
    for edit in edits:
        if "shoe_size" in edit and not sized:
            edit = {"budget": (profile.budget or 100.0) + 5}  # no size field: another budget instead
        profile = profile.model_copy(update=edit)
        changes.append(profile)
    assert len(changes) == 30, len(changes)
    return changes


def measure_profile_changes(path: Path) -> Result:
    """The 30 changes given to the profile pane (`set_profile`, as choosing an answer does: one
    `profileChanged`), each timed until the results area has been repainted."""
    app = _application()
    window = _open_in_window(app, path)
    repaints = _repaints(app, window)
    times: dict[str, float] = {}
    previous = bench_profile()  # what `_open_in_window` set
    for number, profile in enumerate(profile_changes()):
        changed = ",".join(
            sorted(key for key in type(profile).model_fields if getattr(profile, key) != getattr(previous, key))
        )
        app.processEvents()
        before = repaints.count
        started = time.perf_counter()
        window.profile_pane.set_profile(profile)
        times[f"{number:02d} {changed}"] = 1000 * (repaints.settle(before, _shown(window)) - started)
        previous = profile
    return _spread(times)


def _spread(times: dict[str, float]) -> Result:
    values = list(times.values())
    return {
        "p95_ms": _p95(values),
        "max_ms": max(values),
        "median_ms": statistics.median(values),
        "slowest": max(times, key=times.__getitem__),
        "times_ms": {key: round(value, 1) for key, value in times.items()},
    }


# ---- sorting ------------------------------------------------------------------------------------


def measure_sort(path: Path) -> Result:
    """Every column of the window's results table, both ways, with the bench profile set (so the
    Fit column sorts real scores): from the header's sort to the repainted rows."""
    from PySide6.QtCore import Qt

    from ui.finder.catalog_table_model import TABLE_COLUMNS

    app = _application()
    window = _open_in_window(app, path)
    repaints = _repaints(app, window)
    header = window.table.horizontalHeader()
    times: dict[str, float] = {}
    for column, spec in enumerate(TABLE_COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            if (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, order):
                window.table.sortByColumn(0 if column else 1, order)  # already so sorted: move away first
            app.processEvents()
            before = repaints.count
            started = time.perf_counter()
            window.table.sortByColumn(column, order)
            direction = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
            times[f"{spec.key} {direction}"] = 1000 * (repaints.settle(before, _shown(window)) - started)
    return _spread(times)


# ---- the finder's core --------------------------------------------------------------------------


def measure_finder_core(path: Path) -> Result:
    """fit_score and facet_counts over the whole catalog (median of 5, after the index is built)."""
    from catalog_app.finder.catalog_index import index_of
    from catalog_app.finder.filters import facet_counts
    from catalog_app.finder.fit_score import score_products
    from catalog_app.io.catalog import load_catalog

    catalog = load_catalog(path)
    profile = bench_profile()
    index = index_of(catalog)
    fit = score_products(catalog, profile)

    def afresh(action: Callable[[], object]) -> Callable[[], object]:
        """The action without the results the finder keeps for the next change (scores,
        exclusions, range masks): each repeat computes what a first change computes."""

        def run() -> object:
            for kept in (index.recent_scores, index.recent_exclusions, index.recent_masks):
                kept.clear()
            return action()

        return run

    fit_times = _timed(afresh(lambda: score_products(catalog, profile)), 5)
    state = filter_changes()[20]
    base = ~fit.excluded
    facet_counts(index, state, base)
    facet_times = _timed(afresh(lambda: facet_counts(index, state, base)), 5)
    return {"fit_score_ms": statistics.median(fit_times), "facet_counts_ms": statistics.median(facet_times)}


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    return times


# ---- filter changes -----------------------------------------------------------------------------


def filter_changes() -> list[Any]:
    """50 filter changes of mixed kinds, as one session: ticking categories, a price range,
    typing a search word letter by letter and taking it back, shoe types, features."""
    from catalog_app.finder.filters import FilterState

    states: list[Any] = []
    state = FilterState()

    def push(new: Any) -> None:
        nonlocal state
        state = new
        states.append(new)

    for category in ("memory-foam", "gel", "cork"):
        push(state.with_choice("category", state.choices.get("category", frozenset()) | {category}))
    for high in (80.0, 60.0, 45.0, 30.0):
        push(replace(state, price_max=high))
    push(replace(state, price_min=10.0))
    for text in ("c", "cl", "clo", "clou", "cloud", "clou", "clo", "cl", "c", ""):
        push(replace(state, text=text))
    push(state.with_choice("category", frozenset({"gel"})))
    for shoe in ("work-boots", "athletic", "casual"):
        push(state.with_choice("shoe_types", state.choices.get("shoe_types", frozenset()) | {shoe}))
    for flag in ("washable", "transferable"):
        push(replace(state, flags=state.flags | {flag}))
    push(replace(state, flags=frozenset()))
    for support in ("high", "medium"):
        push(state.with_choice("arch_support", state.choices.get("arch_support", frozenset()) | {support}))
    push(replace(state, price_max=None, price_min=None))
    for text in ("f", "fo", "foa", "foam"):
        push(replace(state, text=text))
    push(replace(state, text=""))
    for category in ("memory-foam", "eva-foam", "pu-foam", "leather"):
        push(state.with_choice("category", state.choices.get("category", frozenset()) | {category}))
    push(replace(state, lifespan_min=6.0))
    push(replace(state, lifespan_max=24.0))
    push(state.with_choice("heel_cup", frozenset({"deep"})))
    push(state.with_choice("cushioning", frozenset({"high", "medium"})))
    push(state.with_choice("arch_support", frozenset()))
    push(state.with_choice("shoe_types", frozenset({"work-boots"})))
    push(replace(state, lifespan_min=None, lifespan_max=None))
    push(FilterState())
    push(state.with_choice("category", frozenset({"carbon-fiber"})))
    push(replace(state, price_max=150.0))
    push(replace(state, price_min=100.0))
    push(state.with_choice("length", frozenset({"full"})))
    push(FilterState())
    assert len(states) == 50, len(states)
    return states


class SearchTyping:
    """Types into the window's search box as a user does, one key at a time, and notes when the
    box's debounce timer fires (its timer event, seen before the timer emits `timeout`) and how
    many repaints had been counted then."""

    def __init__(self, window: Any, repaints: Repaints) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        from ui.finder.filter_pane import SEARCH_DELAY_MS

        self.box = window.filter_pane.search_box
        timers = [
            timer
            for timer in self.box.findChildren(QTimer)
            if timer.isSingleShot() and timer.interval() == SEARCH_DELAY_MS
        ]
        if len(timers) != 1:
            raise SystemExit("the search box's debounce timer was not found")
        self.timer = timers[0]
        self.fired: list[tuple[float, int]] = []
        fired = self.fired

        class Watcher(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - a Qt override
                if event.type() == QEvent.Type.Timer:
                    fired.append((time.perf_counter(), repaints.count))
                return False

        self._watcher = Watcher()
        self.timer.installEventFilter(self._watcher)

    def press_towards(self, text: str) -> None:
        """One key press that takes the box's text one letter towards `text`."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        current = self.box.text()
        if text.startswith(current) and len(text) == len(current) + 1:
            QTest.keyClicks(self.box, text[-1])
        elif current.startswith(text) and len(current) == len(text) + 1:
            QTest.keyClick(self.box, Qt.Key.Key_Backspace)
        else:
            raise ValueError(f"not one key from {current!r} to {text!r}")


def _is_one_key(before: Any, after: Any) -> bool:
    """The change is one letter typed or deleted in the search box, nothing else."""
    return replace(before, text=after.text) == after and abs(len(after.text) - len(before.text)) == 1


def measure_filter_window(path: Path) -> Result:
    """The 50 changes applied to the main window (filters -> finder -> the window's model ->
    the table, count labels and facet counts), each timed until the results are repainted.
    Search words are typed key by key into the search box; a letter is timed from the moment
    the box's debounce timer fires (a deletion that empties the box answers at once, so it is
    timed from the key press)."""
    app = _application()
    window = _open_in_window(app, path)
    repaints = _repaints(app, window)
    typing = SearchTyping(window, repaints)
    times: list[float] = []
    typed: list[float] = []
    counts: list[int] = []
    for state in filter_changes():
        wait_until(app, lambda: not typing.timer.isActive())  # an earlier key's timer has had its say
        app.processEvents()
        if _is_one_key(window.filter_pane.state(), state):
            typed.append(_type_one_key(app, window, typing, repaints, state.text))
            times.append(typed[-1])
        else:
            before = repaints.count
            started = time.perf_counter()
            window.filter_pane.set_state(state)
            times.append(1000 * (repaints.settle(before, _shown(window)) - started))
        assert window.filter_pane.state() == state, (window.filter_pane.state(), state)
        counts.append(0 if window.results.is_showing_hint() else window.model.rowCount())
    return {
        "p95_ms": _p95(times),
        "max_ms": max(times),
        "median_ms": statistics.median(times),
        "typed_p95_ms": _p95(typed),
        "typed_max_ms": max(typed),
        "typed_keys": len(typed),
        "counts": counts,
    }


def _type_one_key(app: Any, window: Any, typing: SearchTyping, repaints: Repaints, text: str) -> float:
    """Milliseconds from the debounce firing (or, for the key that empties the box, from the key
    press) to the repainted results."""
    fired = len(typing.fired)
    before = repaints.count
    started = time.perf_counter()
    typing.press_towards(text)
    if text:
        wait_until(app, lambda: len(typing.fired) > fired)
        started, before = typing.fired[fired]
    return 1000 * (repaints.settle(before, _shown(window)) - started)


def measure_filter_proxy(path: Path) -> Result:
    """The baseline, as good as a proxy gets: a QSortFilterProxyModel over the same table model,
    whose mask is computed once per change by the core's vectorized filter (`filter_mask`, the
    same misfits hidden) and whose `filterAcceptsRow` only reads `mask[row]`. Each change is
    timed until the proxy's view is repainted."""
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
    from PySide6.QtWidgets import QTableView

    from catalog_app.finder.catalog_index import index_of
    from catalog_app.finder.filters import filter_mask
    from catalog_app.finder.fit_score import score_products
    from catalog_app.io.catalog import load_catalog
    from ui.finder.catalog_table_model import CatalogTableModel

    app = _application()
    catalog = load_catalog(path)
    index = index_of(catalog)
    fits = ~score_products(catalog, bench_profile()).excluded
    source = CatalogTableModel(catalog)

    class MaskFilter(QSortFilterProxyModel):
        accepted: tuple[bool, ...] | list[bool] = ()

        def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
            return self.accepted[row]

    proxy = MaskFilter()
    proxy.accepted = fits[source.visible_positions].tolist()
    proxy.setSourceModel(source)
    view = QTableView()
    view.setModel(proxy)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    repaints = Repaints(app, view.viewport())
    times, counts = [], []
    for state in filter_changes():
        app.processEvents()
        before = repaints.count
        started = time.perf_counter()
        mask = filter_mask(index, state, fits)
        proxy.accepted = mask[source.visible_positions].tolist()  # source rows, in one vectorized step
        proxy.invalidateRowsFilter()
        times.append(1000 * (repaints.settle(before, view.viewport()) - started))
        counts.append(proxy.rowCount())
    return {"p95_ms": _p95(times), "max_ms": max(times), "median_ms": statistics.median(times), "counts": counts}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


MEASUREMENTS: dict[str, Callable[[Path], Result]] = {
    "load": measure_load,
    "csv-read": measure_csv_read,
    "load-per-row": measure_load_per_row,
    "open-catalog": measure_open_catalog,
    "profile-changes": measure_profile_changes,
    "sort": measure_sort,
    "finder-core": measure_finder_core,
    "filter-window": measure_filter_window,
    "filter-proxy": measure_filter_proxy,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("measurement", choices=sorted(MEASUREMENTS))
    parser.add_argument("--file", type=Path, required=True)
    args = parser.parse_args()
    result = MEASUREMENTS[args.measurement](args.file)
    print(json.dumps(result))
    sys.stdout.flush()
    # Skip interpreter teardown (Qt objects, a million-row frame): it is not what is measured.
    os._exit(0)


if __name__ == "__main__":
    main()
