"""Keeping the window usable on a small screen (1280×720, 1366×768), also after a restart that restores a
layout saved on a bigger one.

Qt squeezes whatever has no minimum size: a restored layout with wide side panes and a tall shortlist
left the search box 28 pixels wide and the results five rows high. Here every part gets the minimum it
needs, so the restored dock sizes give way instead; side panes keep their full width and scroll up and
down; and a saved window bigger than the screen is made to fit it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMainWindow, QScrollArea, QStyle, QWidget

RESULTS_MIN_WIDTH = 560  # room for the default columns at their narrowest (column_chooser.FIRST_START_TABLE_WIDTH)
RESULTS_MIN_ROWS = 6
SHORTLIST_MIN_ROWS = 5
SHORTLIST_SHARE = 0.4  # of the window's height, when a restored layout left the results no room
SQUEEZED_SLACK = 8  # pixels above its minimum at which the results table counts as squeezed


def clamped_geometry(saved: QRect, available: QRect) -> QRect:
    """`saved` made no bigger than `available` and moved inside it."""
    width = min(saved.width(), available.width())
    height = min(saved.height(), available.height())
    left = min(max(saved.left(), available.left()), available.right() + 1 - width)
    top = min(max(saved.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)


def clamp_to_screen(window: QWidget) -> None:
    """Fit a restored window (its frame included) inside the screen's available area."""
    screen = window.screen()
    if screen is None:
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    fitted = clamped_geometry(frame, available)
    if fitted != frame:
        extra_width = frame.width() - window.width()
        extra_height = frame.height() - window.height()
        window.resize(fitted.width() - extra_width, fitted.height() - extra_height)
        window.move(fitted.topLeft())


def show_rows(view: QAbstractItemView, rows: int) -> None:
    """At least `rows` rows of the view stay in sight, under its header."""
    header = getattr(view, "horizontalHeader", None)
    header_height = header().sizeHint().height() if header is not None and header().isVisibleTo(view) else 0
    row_height = view.verticalHeader().defaultSectionSize() if hasattr(view, "verticalHeader") else 24
    frame = 2 * view.frameWidth()
    view.setMinimumHeight(header_height + rows * row_height + frame)


def keep_full_width(area: QScrollArea) -> None:
    """A side pane as wide as its controls need: it scrolls up and down, never sideways."""
    content = area.widget()
    if content is None:
        return
    scroll_bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    area.setMinimumWidth(content.minimumSizeHint().width() + scroll_bar + 2 * area.frameWidth())


class DockBalance(QObject):
    """When the window is first shown: if a restored layout squeezed the results to their minimum, the
    docks that took the room go back to their usual sizes (the shortlist to about two fifths of the height)."""

    def __init__(
        self,
        window: QMainWindow,
        table: QAbstractItemView,
        shortlist_dock: QDockWidget,
        side_docks: dict[QDockWidget, int],
    ) -> None:
        super().__init__(window)
        self.window, self.table = window, table
        self.shortlist_dock, self.side_docks = shortlist_dock, side_docks
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self.balance)  # once the restored layout has been applied
        return False

    def balance(self) -> None:
        if self.table.height() <= self.table.minimumHeight() + SQUEEZED_SLACK:
            height = max(self.shortlist_dock.minimumSizeHint().height(), int(self.window.height() * SHORTLIST_SHARE))
            self.window.resizeDocks([self.shortlist_dock], [height], Qt.Orientation.Vertical)
        if self.table.width() <= self.table.minimumWidth() + SQUEEZED_SLACK:
            docks = [dock for dock in self.side_docks if dock.isVisible()]
            widths = [max(dock.minimumSizeHint().width(), self.side_docks[dock]) for dock in docks]
            self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)


def fit_small_screens(
    window: QMainWindow,
    *,
    table: QAbstractItemView,
    shortlist_dock: QDockWidget,
    side_docks: dict[QDockWidget, int],
    shortlist_table: QAbstractItemView | None = None,
) -> DockBalance:
    """Minimum sizes for the parts of the main window; call before the saved layout is restored.
    A shortlist table built later (with its store) is given its rows with `show_rows` then."""
    for dock in window.findChildren(QDockWidget):
        area = dock.widget()
        if isinstance(area, QScrollArea):
            keep_full_width(area)
    scroll_bar = table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    table.setMinimumWidth(RESULTS_MIN_WIDTH + scroll_bar + 2 * table.frameWidth())
    show_rows(table, RESULTS_MIN_ROWS)
    if shortlist_table is not None:
        show_rows(shortlist_table, SHORTLIST_MIN_ROWS)
    return DockBalance(window, table, shortlist_dock, side_docks)
