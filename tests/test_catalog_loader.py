"""Opening a catalog in the background: progress, the result in the UI thread, cancel keeps the old one."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot

from catalog_app.finder.sorting import ColumnRanks, column_ranks_of, sort_positions
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.io.generator import generate_table, write_catalog
from ui.finder.catalog_table_model import CatalogTableModel
from ui.loading import catalog_loader
from ui.loading.catalog_loader import CatalogLoader

BROKEN = Path(__file__).parent / "data" / "broken"


class Recorder:
    """What the loader told the UI, and in which thread it heard it."""

    def __init__(self, loader: CatalogLoader) -> None:
        self.events: list[tuple[str, object]] = []
        self.threads: set[QThread] = set()
        loader.progress.connect(lambda percent, stage: self._note("progress", (percent, stage)))
        loader.loaded.connect(lambda catalog: self._note("loaded", catalog))
        loader.failed.connect(lambda message: self._note("failed", message))
        loader.cancelled.connect(lambda: self._note("cancelled", None))
        loader.finished.connect(lambda: self._note("finished", None))

    def _note(self, kind: str, value: object) -> None:
        self.events.append((kind, value))
        self.threads.add(QThread.currentThread())

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events if kind != "progress"]

    def value_of(self, kind: str) -> object:
        return next(value for got, value in self.events if got == kind)

    def percents(self) -> list[int]:
        return [value[0] for kind, value in self.events if kind == "progress"]  # type: ignore[index]


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.csv"
    write_catalog(generate_table(3_000, seed=4), path)
    return path


def test_a_catalog_loads_in_the_background_with_progress(qtbot: QtBot, catalog_file: Path) -> None:
    loader = CatalogLoader()
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
        assert loader.is_loading()
    assert recorder.kinds() == ["loaded", "finished"]
    catalog = recorder.value_of("loaded")
    assert isinstance(catalog, Catalog) and len(catalog) == 3_000
    assert catalog.report.is_clean
    assert column_ranks_of(catalog).ready("name")  # the table's first sort costs nothing in the UI thread
    percents = recorder.percents()
    assert percents[0] == 0 and percents[-1] == 100
    assert percents == sorted(percents)
    # Every signal arrived in the UI thread: the worker never calls into the UI directly.
    assert recorder.threads == {QCoreApplication.instance().thread()}
    assert not loader.is_loading()


def test_cancel_keeps_the_previous_catalog(qtbot: QtBot, catalog_file: Path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    previous = load_bundled_catalog()
    model = CatalogTableModel(previous)
    loader = CatalogLoader()
    loader.loaded.connect(model.set_catalog)
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
        loader.cancel()
    assert recorder.kinds() == ["cancelled", "finished"]
    assert model.catalog is previous
    assert model.rowCount() == len(previous)
    qtmodeltester.check(model)


def test_an_unreadable_file_is_reported_in_one_sentence(qtbot: QtBot) -> None:
    loader = CatalogLoader()
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(BROKEN / "empty.csv")
    assert recorder.kinds() == ["failed", "finished"]
    assert recorder.value_of("failed") == "empty.csv is empty."


def loaded_catalog(qtbot: QtBot, loader: CatalogLoader, path: Path) -> Catalog:
    """The catalog `loader` hands over for the file at `path`."""
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(path)
    catalog = recorder.value_of("loaded")
    assert isinstance(catalog, Catalog)
    return catalog


def test_a_file_with_invalid_rows_loads_its_valid_rows_with_the_report(qtbot: QtBot) -> None:
    catalog = loaded_catalog(qtbot, CatalogLoader(), BROKEN / "negative_price_unknown_arch.csv")
    assert (catalog.report.valid, catalog.report.rejected) == (1, 2)


def test_opening_another_file_while_one_loads_reports_only_the_newest(qtbot: QtBot, catalog_file: Path) -> None:
    loader = CatalogLoader()
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
        loader.start(BROKEN / "extra_column.csv")
    qtbot.waitUntil(loader.is_idle, timeout=30_000)
    assert recorder.kinds() == ["loaded", "finished"]
    catalog = recorder.value_of("loaded")
    assert isinstance(catalog, Catalog) and catalog.source == "extra_column.csv"


def test_a_cancelled_load_that_ends_late_never_closes_out_the_newest(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load ends (cancelled) while the UI thread is busy, after the second has started and
    before the second's result is delivered: the second's result must still arrive, then `finished`."""
    release = {"first.csv": threading.Event(), "second.csv": threading.Event()}
    bundled = load_bundled_catalog()

    def held_load(path: Path, **_options: object) -> Catalog:
        assert release[Path(path).name].wait(30)
        return bundled

    monkeypatch.setattr(catalog_loader, "load_catalog", held_load)
    loader = CatalogLoader()
    recorder = Recorder(loader)
    loader.start("first.csv")
    [first] = loader.findChildren(QThread)
    loader.start("second.csv")
    [second] = [thread for thread in loader.findChildren(QThread) if thread is not first]
    # The UI thread does not run its event loop here: both loads end, in this order, before any
    # of their signals is handled (as when the UI thread is busy painting a million rows).
    release["first.csv"].set()
    assert first.wait(30_000)
    release["second.csv"].set()
    assert second.wait(30_000)
    qtbot.waitUntil(loader.is_idle, timeout=30_000)
    assert recorder.kinds() == ["loaded", "finished"]
    assert recorder.value_of("loaded") is bundled
    assert not loader.is_loading()


def test_three_quick_loads_report_only_the_last_one_once(qtbot: QtBot, catalog_file: Path) -> None:
    loader = CatalogLoader()
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
        loader.start(catalog_file)
        loader.start(BROKEN / "extra_column.csv")
    qtbot.waitUntil(loader.is_idle, timeout=30_000)
    assert recorder.kinds() == ["loaded", "finished"]
    assert recorder.value_of("loaded").source == "extra_column.csv"  # type: ignore[attr-defined]


def test_shutdown_joins_a_running_load(qtbot: QtBot, catalog_file: Path) -> None:
    loader = CatalogLoader()
    loader.start(catalog_file)
    loader.shutdown()
    assert not loader.is_loading()


def test_what_later_searches_and_sorts_read_is_built_beside_the_window(qtbot: QtBot, catalog_file: Path) -> None:
    """The loader hands the catalog over as soon as the first answer is ready; the search texts and
    the name and brand ranks follow in a thread of their own, so a first typed word or header
    click finds them built."""
    from catalog_app.finder.catalog_index import index_of

    loader = CatalogLoader()
    loader.first_sort_keys = lambda: ("price",)  # the table will open sorted by price
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
    catalog = recorder.value_of("loaded")
    assert isinstance(catalog, Catalog)
    ranks = column_ranks_of(catalog)
    assert ranks.ready("price")  # what the first screen sorts by, ready before the hand-over
    qtbot.waitUntil(lambda: ranks.ready("name") and ranks.ready("brand"), timeout=30_000)
    qtbot.waitUntil(lambda: "search_terms" in vars(index_of(catalog)), timeout=30_000)
    loader.shutdown()


def test_shutdown_stops_the_warm_up(qtbot: QtBot, catalog_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the window while the warm-up runs asks it to stop and waits for it."""
    started, release = threading.Event(), threading.Event()
    asked_to_stop: list[bool] = []

    def slow_warm(_ranks: ColumnRanks, cancelled: object) -> None:
        started.set()
        release.wait(10)
        asked_to_stop.append(cancelled())  # type: ignore[operator]

    monkeypatch.setattr(catalog_loader, "warm_column_ranks", slow_warm)
    loader = CatalogLoader()
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start(catalog_file)
    assert started.wait(10)
    threading.Timer(0.05, release.set).start()
    loader.shutdown()
    assert asked_to_stop == [True]


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="per-thread CPU priority is a Linux feature")
def test_the_warm_up_steps_aside_once_the_catalog_is_handed_over(
    qtbot: QtBot, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the file is checked and beside the first answer the ranks are built at the window's
    priority; once the catalog is handed over, at the lowest, and the search texts start then,
    also at the lowest: what the user does meanwhile comes first (at a million products a profile
    change made during the warm-up otherwise waited for it)."""
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    lowest = max(own, catalog_loader.WARM_UP_NICENESS)
    seen: list[tuple[str, int]] = []
    handed_over = threading.Event()

    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    ranks_started = threading.Event()

    def recording_ranks(_ranks: ColumnRanks, _cancelled: object) -> None:
        seen.append(("ranks", priority()))
        ranks_started.set()
        handed_over.wait(10)
        seen.append(("ranks after the hand-over", priority()))

    def recording_search(_catalog: Catalog, _cancelled: object) -> None:
        seen.append(("search", priority()))

    prepare = catalog_loader.prepare_catalog

    def prepare_once_ranks_run(catalog: Catalog, request: object) -> None:
        ranks_started.wait(10)  # the ranks thread has begun beside the first answer
        prepare(catalog, request)  # type: ignore[arg-type]

    monkeypatch.setattr(catalog_loader, "warm_column_ranks", recording_ranks)
    monkeypatch.setattr(catalog_loader, "warm_search", recording_search)
    monkeypatch.setattr(catalog_loader, "prepare_catalog", prepare_once_ranks_run)
    loader = CatalogLoader()
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start(catalog_file)
    assert ("ranks", own) in seen  # beside the first answer, at the window's priority
    qtbot.waitUntil(lambda: ("search", lowest) in seen, timeout=10_000)  # started by the hand-over
    handed_over.set()
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=10_000)
    loader.shutdown()
    assert seen[-1] == ("ranks after the hand-over", lowest)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own  # the window's own is untouched


def test_a_load_cancelled_before_its_hand_over_starts_no_search_warm_up(
    qtbot: QtBot, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    searched: list[Catalog] = []
    monkeypatch.setattr(catalog_loader, "warm_search", lambda catalog, _cancelled: searched.append(catalog))
    monkeypatch.setattr(catalog_loader, "warm_ranks", lambda _catalog, _cancelled: None)
    loader = CatalogLoader()
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start(catalog_file)
    qtbot.waitUntil(lambda: len(searched) == 1, timeout=10_000)  # the hand-over started it (in its thread)
    loader._warm_ups.start(load_bundled_catalog(), threading.Event())  # a load ready for its hand-over ...
    loader._warm_ups.stop(wait=True)  # ... cancelled first
    loader._warm_ups.step_aside()
    loader._warm_ups.start_search()
    loader.shutdown()
    assert len(searched) == 1


def test_the_name_ranks_begin_while_the_file_is_checked_and_become_the_catalogs(
    qtbot: QtBot, catalog_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header click made as a large catalog appears waits for the names' ranks: they begin as
    soon as the checked file's typed frame exists (the check then mostly waits for its ids),
    not once the catalog does, and the catalog keeps them rather than ranking again."""
    events: list[str] = []
    begun: list[ColumnRanks] = []
    warm = catalog_loader.warm_column_ranks

    def recording_warm(ranks: ColumnRanks, cancelled: object) -> None:
        events.append("ranks begun")
        begun.append(ranks)
        warm(ranks, cancelled)  # type: ignore[arg-type]

    load = catalog_loader.load_catalog

    def recording_load(*args: object, **kwargs: object) -> Catalog:
        catalog = load(*args, **kwargs)  # type: ignore[arg-type]
        events.append("file checked")
        return catalog

    monkeypatch.setattr(catalog_loader, "warm_column_ranks", recording_warm)
    monkeypatch.setattr(catalog_loader, "load_catalog", recording_load)
    loader = CatalogLoader()
    recorder = Recorder(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        loader.start(catalog_file)
    catalog = recorder.value_of("loaded")
    assert isinstance(catalog, Catalog)
    assert events == ["ranks begun", "file checked"]
    assert column_ranks_of(catalog) is begun[0]
    qtbot.waitUntil(lambda: begun[0].ready("name"), timeout=30_000)
    loader.shutdown()


def test_ranks_begun_on_a_frame_the_check_then_replaced_are_not_the_catalogs(qtbot: QtBot) -> None:
    """Rows repeating an id make the check build its frame a second time, without them: the
    ranks begun on the first frame (a row longer) are dropped, and the names sort right."""
    loader = CatalogLoader()
    catalog = loaded_catalog(qtbot, loader, BROKEN / "duplicate_id.csv")
    assert catalog.report.rejected_rows  # the repeat was left out
    ranks = column_ranks_of(catalog)
    assert ranks.frame is catalog.frame
    names = [str(name) for name in catalog.frame["name"]]
    order = sort_positions(np.arange(len(names)), ranks.rank("name"), descending=False)
    assert [names[position] for position in order] == sorted(names, key=str.casefold)
    loader.shutdown()
