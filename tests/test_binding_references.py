"""The Qt binding keeps Python's reference counts: a long day at the desk does not abort the app.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that returns
nothing (`update()`, `setText()`, ...). None's count then reaches zero after some tens of
thousands of such calls, and Python aborts with "Fatal Python error: none_dealloc": at about a
hundred such calls per filter change, a few hundred filter changes. pyproject.toml excludes that
version; these tests fail on any binding that does it again. (From Python 3.12 on, None is
immortal: its count never changes and the tests pass whatever the binding does.)
"""

from __future__ import annotations

import ctypes
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from catalog_app.finder.filters import FilterState
from ui.binding_guard import NONE_RESERVE, PROBE_CALLS, drops_none_references, guard_the_binding, keep_none_alive
from ui.main_window import MainWindow

CALLS = 2_000
# Other threads (a warm-up, the store's change watch) hold a few references to None now and then.
NOISE = 200


def test_qt_methods_that_return_nothing_keep_nones_references(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    before = sys.getrefcount(None)
    for number in range(CALLS):
        label.setText(str(number))
        label.update()
        timer.stop()
    assert abs(sys.getrefcount(None) - before) < NOISE, "the Qt binding drops references to None"


def test_filter_changes_keep_nones_references(qtbot: QtBot, window: MainWindow) -> None:
    """The window's own path: a filter change and its repaint, many times over."""
    changes = [FilterState(price_max=price) for price in (40.0, 80.0, 150.0)] + [FilterState()]
    before = sys.getrefcount(None)
    for _ in range(10):
        for state in changes:
            window.filter_pane.set_state(state)
            window.table.viewport().repaint()
    assert abs(sys.getrefcount(None) - before) < NOISE, "each filter change drops references to None"


def _drop_a_reference_to_none() -> None:
    """What PySide6 6.12.0 does on Python 3.11 with each call that returns nothing."""
    drop = ctypes.pythonapi.Py_DecRef
    drop.argtypes = [ctypes.py_object]
    drop(None)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_a_binding_that_drops_references_to_none_is_found_and_none_kept_alive() -> None:
    count = ctypes.c_ssize_t.from_address(id(None))
    assert drops_none_references(_drop_a_reference_to_none)
    count.value += PROBE_CALLS  # what the probe took, given back
    before = sys.getrefcount(None)
    assert keep_none_alive()
    try:
        assert abs(sys.getrefcount(None) - before - NONE_RESERVE) < NOISE
    finally:
        count.value -= NONE_RESERVE  # as it was, for the other tests


def test_this_binding_needs_no_guard(qtbot: QtBot) -> None:
    """The binding pip installs keeps None's count, so the app starts without the workaround."""
    assert not drops_none_references()
    assert not guard_the_binding()
