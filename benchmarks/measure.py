"""One measurement, in a fresh process: `python benchmarks/measure.py METRIC --file F [options]`.

Prints one JSON object on its last line. `run.py` starts one process per measurement, so each
starts as the app does (nothing warm, no memory left over from another measurement).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import sys
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
Result = dict[str, Any]


def bench_profile() -> Any:
    """A profile that switches most fit rules on, so the score does its full work."""
    from catalog_app.model.profile import FootProfile

    return FootProfile(
        arch="flat",
        pronation="overpronation",
        concerns=("plantar-fasciitis", "lower-back-pain"),
        activities=("standing", "walking"),
        shoe_types=("work-boots", "casual", "athletic"),
        budget=120,
    )


# ---- loading ------------------------------------------------------------------------------------


def measure_load(path: Path) -> Result:
    from catalog_app.io.catalog import load_catalog

    started = time.perf_counter()
    catalog = load_catalog(path)
    seconds = time.perf_counter() - started
    assert catalog.report.is_clean, catalog.report.summary()
    return {"seconds": seconds, "rows": len(catalog)}


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


# ---- the window ---------------------------------------------------------------------------------


def _application() -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application_names

    configure_application_names()
    return QApplication.instance() or QApplication([sys.argv[0]])


def _load_in_background(app: Any, path: Path) -> Any:
    """Load as the app does: the CatalogLoader's thread, the event loop running meanwhile."""
    from ui.loading.catalog_loader import CatalogLoader

    loader = CatalogLoader()
    outcome: dict[str, Any] = {}
    loader.loaded.connect(lambda catalog: outcome.update(catalog=catalog))
    loader.failed.connect(lambda message: outcome.update(error=message))
    loader.finished.connect(app.quit)
    loader.start(path)
    app.exec()
    if "catalog" not in outcome:
        raise SystemExit(f"loading failed: {outcome.get('error', 'cancelled')}")
    return outcome["catalog"]


def measure_ui_stall(path: Path) -> Result:
    """The longest gap between beats of a 10 ms timer while a catalog loads in the background."""
    from PySide6.QtCore import QTimer

    app = _application()
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    beats.append(started)
    catalog = _load_in_background(app, path)
    beats.append(time.perf_counter())
    timer.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    return {"max_gap_ms": 1000 * max(gaps), "load_s": beats[-1] - started, "beats": len(beats), "rows": len(catalog)}


def measure_window_memory(path: Path) -> Result:
    """Peak memory of the app with the catalog loaded and shown, and how long showing it took."""
    from ui.main_window import MainWindow

    app = _application()
    window = MainWindow()
    window.resize(*VIEW_SIZE)
    window.show()
    app.processEvents()
    catalog = _load_in_background(app, path)
    started = time.perf_counter()
    window.show_catalog(catalog)
    window.repaint()
    shown_ms = 1000 * (time.perf_counter() - started)
    app.processEvents()
    assert window.model.rowCount() > 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    current = _current_rss_mb()
    window.close()
    return {"peak_rss_mb": peak, "rss_mb": current, "show_catalog_ms": shown_ms, "rows": len(catalog)}


def _current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measure_sort(path: Path) -> Result:
    """Every column of the results table, both ways, through `CatalogTableModel.sort` on an
    offscreen view: from the header click to the repainted rows."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from ui.finder.catalog_table_model import TABLE_COLUMNS, CatalogTableModel

    app = _application()
    catalog = _load_in_background(app, path)
    model = CatalogTableModel(catalog)
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    times: dict[str, float] = {}
    for column, spec in enumerate(TABLE_COLUMNS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            started = time.perf_counter()
            view.sortByColumn(column, order)
            view.viewport().repaint()
            direction = "asc" if order == Qt.SortOrder.AscendingOrder else "desc"
            times[f"{spec.key} {direction}"] = 1000 * (time.perf_counter() - started)
    values = list(times.values())
    return {
        "p95_ms": _p95(values),
        "max_ms": max(values),
        "slowest": max(times, key=times.__getitem__),
        "times_ms": {key: round(value, 1) for key, value in times.items()},
    }


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
    fit_times = _timed(lambda: score_products(catalog, profile), 5)
    state = filter_changes()[20]
    base = ~fit.excluded
    facet_counts(index, state, base)
    facet_times = _timed(lambda: facet_counts(index, state, base), 5)
    return {"fit_score_ms": statistics.median(fit_times), "facet_counts_ms": statistics.median(facet_times)}


def _timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - started))
    return times


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


def measure_filter_window(path: Path) -> Result:
    """The 50 changes applied to the main window (filters -> finder -> the window's model ->
    the table, count labels and facet counts), each timed until the repaint is done."""
    from ui.main_window import MainWindow

    app = _application()
    window = MainWindow()
    window.resize(*VIEW_SIZE)
    window.show()
    catalog = _load_in_background(app, path)
    window.show_catalog(catalog)
    window.profile_pane.set_profile(bench_profile())
    app.processEvents()
    painted = _paint_counter(window.table.viewport())
    times, counts = [], []
    for state in filter_changes():
        before = painted.count
        started = time.perf_counter()
        window.filter_pane.set_state(state)
        app.processEvents()  # the queued repaints happen here
        if painted.count == before:
            window.table.viewport().repaint()
        times.append(1000 * (time.perf_counter() - started))
        counts.append(window.model.rowCount())
    return {"p95_ms": _p95(times), "max_ms": max(times), "median_ms": statistics.median(times), "counts": counts}


def measure_filter_proxy(path: Path) -> Result:
    """The baseline: the same changes through a QSortFilterProxyModel whose Python
    `filterAcceptsRow` applies the same filters (and hides the same misfits), each timed until
    the repaint is done."""
    import numpy as np
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
    from PySide6.QtWidgets import QTableView

    from catalog_app.finder.filters import CHOICE_FIELDS, FLAG_FIELDS, LIST_FIELDS
    from catalog_app.finder.fit_score import score_products
    from catalog_app.io.catalog import load_catalog
    from catalog_app.model.catalog_frame import bit_of
    from ui.finder.catalog_table_model import CatalogTableModel

    app = _application()
    catalog = load_catalog(path)
    frame = catalog.frame
    hidden = score_products(catalog, bench_profile()).excluded
    columns = {
        **{name: frame[name].astype(str).to_numpy(dtype=object) for name in CHOICE_FIELDS},
        **{name: frame[name].to_numpy() for name in LIST_FIELDS},
        **{name: frame[name].to_numpy(dtype=bool) for name in FLAG_FIELDS},
        "price": frame["price"].to_numpy(),
        "lifespan": frame["lifespan_months"].to_numpy(),
        "text": np.array(
            [
                f"{name} {brand} {description}".lower()
                for name, brand, description in zip(frame["name"], frame["brand"], frame["description"], strict=True)
            ],
            dtype=object,
        ),
    }

    class PythonFilter(QSortFilterProxyModel):
        state: Any = None

        def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
            position = source.position(row)
            if hidden[position]:
                return False
            state = self.state
            if state is None:
                return True
            for name, values in state.choices.items():
                if name in LIST_FIELDS:
                    if not any(int(columns[name][position]) & bit_of(name, value) for value in values):
                        return False
                elif columns[name][position] not in values:
                    return False
            for flag in state.flags:
                if not columns[flag][position]:
                    return False
            for field, low, high in (
                ("price", state.price_min, state.price_max),
                ("lifespan", state.lifespan_min, state.lifespan_max),
            ):
                value = columns[field][position]
                if (low is not None and not value >= low) or (high is not None and not value <= high):
                    return False
            return all(word.lower() in columns["text"][position] for word in state.text.split())

    source = CatalogTableModel(catalog)
    proxy = PythonFilter()
    proxy.setSourceModel(source)
    view = QTableView()
    view.setModel(proxy)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    painted = _paint_counter(view.viewport())
    times, counts = [], []
    for state in filter_changes():
        before = painted.count
        started = time.perf_counter()
        proxy.state = state
        proxy.invalidateRowsFilter()
        app.processEvents()
        if painted.count == before:
            view.viewport().repaint()
        times.append(1000 * (time.perf_counter() - started))
        counts.append(proxy.rowCount())
    return {"p95_ms": _p95(times), "max_ms": max(times), "median_ms": statistics.median(times), "counts": counts}


class _PaintCount:
    count = 0


def _paint_counter(widget: Any) -> _PaintCount:
    from PySide6.QtCore import QEvent, QObject

    counter = _PaintCount()

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - a Qt override
            if event.type() == QEvent.Type.Paint:
                counter.count += 1
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)
    return counter


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


MEASUREMENTS: dict[str, Callable[[Path], Result]] = {
    "load": measure_load,
    "load-per-row": measure_load_per_row,
    "ui-stall": measure_ui_stall,
    "window-memory": measure_window_memory,
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
