"""Small screens: at 1280×720 and 1366×768 no button, field or header is cut off, also after a restart
that restores a layout saved on a big screen; the saved size is clamped to the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.screen_fit import clamped_geometry

SIZES = [(1280, 720), (1366, 768)]
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QHeaderView, QLabel)
MIN_SHORTLIST_ROWS = 5


def _ancestors(widget: QWidget, top: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def _is_checked_control(widget: QWidget, top: QWidget) -> bool:
    if not widget.isVisibleTo(top) or widget.objectName().startswith("qt_"):
        return False
    if isinstance(widget.parentWidget(), QTabBar):  # the tab bar's own scroll buttons
        return False
    # Qt's own parts of a combo box, spin box or dock title bar, and editors inside item views.
    return not any(
        isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView) for parent in _ancestors(widget, top)
    ) and not (isinstance(widget, QAbstractButton) and widget.parentWidget().inherits("QDockWidget"))


def clipped_controls(window: QMainWindow) -> list[str]:
    """Controls narrower or lower than they need, outside the window, or cut by a pane that does not scroll."""
    problems = []
    inside = window.rect()
    for area in window.findChildren(QScrollArea):
        if not area.visibleRegion().isEmpty() and area.horizontalScrollBar().maximum() > 0:
            problems.append(f"{area.widget().objectName()}: its pane scrolls sideways")
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not _is_checked_control(widget, window):
            continue
        if widget.visibleRegion().isEmpty():
            continue  # on a tab behind another, or scrolled out of view in a pane that scrolls
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel):  # a wrapped sentence needs its lines' height at its width
            if widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
                problems.append(
                    f"{name}: {widget.height()} pixels high, its text needs {widget.heightForWidth(widget.width())}"
                )
            continue
        need = widget.minimumSizeHint() if isinstance(widget, QHeaderView) else widget.sizeHint()
        if isinstance(widget, QLineEdit | QComboBox):
            need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        if widget.width() < need.width() or widget.height() < need.height():
            problems.append(f"{name}: {widget.width()}x{widget.height()} < {need.width()}x{need.height()}")
            continue
        if any(isinstance(parent, QScrollArea) for parent in _ancestors(widget, window)):
            continue  # partly scrolled out of view is fine: the pane scrolls up and down
        where = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(where) or widget.visibleRegion().boundingRect() != widget.rect():
            problems.append(f"{name}: cut off at {where}")
    return problems


def _show(qtbot: QtBot, size: tuple[int, int]) -> QMainWindow:
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.open_initial_catalog(None)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    qtbot.waitUntil(lambda: window.width() == size[0] and window.height() == size[1])
    settle()
    return window


def settle() -> None:
    """Deliver the pending layout requests (a raised dock lays out on the next pass of the event loop)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents()


def _rows_shown(view: QAbstractItemView) -> float:
    return view.viewport().height() / view.verticalHeader().defaultSectionSize()


@pytest.mark.parametrize("size", SIZES)
def test_nothing_is_cut_off_at_a_laptop_size(qtbot: QtBot, size: tuple[int, int]) -> None:
    window = _show(qtbot, size)
    for dock in (window.profile_dock, window.filter_dock):
        dock.raise_()
        qtbot.waitUntil(lambda dock=dock: dock.widget().isVisible())
        settle()
        assert clipped_controls(window) == []
    assert window.table.horizontalScrollBar().maximum() == 0  # the default columns fit
    assert _rows_shown(window.shortlist_pane.table) >= MIN_SHORTLIST_ROWS
    assert _rows_shown(window.table) >= MIN_SHORTLIST_ROWS
    window.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_layout_saved_on_a_big_screen_still_fits_after_a_restart(qtbot: QtBot, size: tuple[int, int]) -> None:
    big = _show(qtbot, (1920, 1200))
    big.resizeDocks([big.profile_dock, big.detail_dock], [560, 620], Qt.Orientation.Horizontal)
    big.resizeDocks([big.shortlist_dock], [560], Qt.Orientation.Vertical)
    settle()
    big.close()
    window = _show(qtbot, size)
    for dock in (window.profile_dock, window.filter_dock):
        dock.raise_()
        qtbot.waitUntil(lambda dock=dock: dock.widget().isVisible())
        settle()
        assert clipped_controls(window) == []
    assert window.filter_pane.search_box.width() >= window.filter_pane.search_box.minimumWidth() >= 180
    assert window.table.horizontalScrollBar().maximum() == 0  # the columns still fit
    assert _rows_shown(window.table) >= 9  # the restored tall shortlist gave the results their room back
    assert _rows_shown(window.shortlist_pane.table) >= MIN_SHORTLIST_ROWS
    assert _rows_shown(window.table) >= MIN_SHORTLIST_ROWS
    window.close()


def test_a_saved_size_bigger_than_the_screen_is_clamped_to_it() -> None:
    screen = QRect(0, 0, 1280, 720)
    assert clamped_geometry(QRect(-50, 300, 1920, 1200), screen) == screen
    assert clamped_geometry(QRect(900, 500, 800, 600), screen) == QRect(480, 120, 800, 600)
    assert clamped_geometry(QRect(10, 20, 640, 480), screen) == QRect(10, 20, 640, 480)
    assert clamped_geometry(QRect(2000, 0, 640, 480), QRect(1920, 0, 1366, 768)) == QRect(2000, 0, 640, 480)
