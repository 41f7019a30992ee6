"""Opening the shortlist and profile stores just after the window has first painted its results.

Opening the stores imports SQLAlchemy (and, for a store behind the newest schema, Alembic) and may
wait for a lock or a server: at start that is a third of a second or more that nobody needs to see
the catalog. So the app paints the window with the catalog first, the shortlist pane saying
"Opening your shortlists…", and opens the stores in the next turn of the event loop. The window
opens them at once instead when something needs them earlier (an add to the shortlist, an
export): such an action waits a moment, it is never lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableView,
    QWidget,
)

from ui.screen_fit import SHORTLIST_MIN_ROWS, show_rows

OPENING_SHORTLISTS = "Opening your shortlists…"
# A window never painted (started minimised, or hidden) opens its stores after this anyway.
UNPAINTED_WAIT_MS = 1000
PANE_SPACING, PANE_MARGIN = 6, 6  # the shortlist pane's layout


def opening_placeholder(parent: QWidget | None = None) -> QLabel:
    """What the shortlist dock shows until the store is open: as tall as the pane will be, so that
    the results above do not jump when the pane takes its place."""
    label = QLabel(OPENING_SHORTLISTS, parent)
    label.setObjectName("shortlistOpening")
    label.setAccessibleName("Shortlist")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: palette(placeholder-text);")
    label.setMinimumHeight(shortlist_pane_height())
    return label


def shortlist_pane_height() -> int:
    """The shortlist pane's least height, from the same parts (`ShortlistPane._build`): a row of list
    controls, a line of hint, the table with its header and least rows, a status line, and three rows
    of buttons and boxes."""
    table = QTableView()
    table.setModel(QStandardItemModel(0, 1, table))
    show_rows(table, SHORTLIST_MIN_ROWS)
    button = QPushButton("Move up")
    button.setIcon(button.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
    line = QLabel("x").sizeHint().height()
    list_row = max(QComboBox().sizeHint().height(), button.sizeHint().height())
    rows = [list_row, line, table.minimumHeight(), line]
    rows += [button.sizeHint().height(), QSpinBox().sizeHint().height(), button.sizeHint().height()]
    return sum(rows) + PANE_SPACING * (len(rows) - 1) + 2 * PANE_MARGIN


class AfterFirstPaint(QObject):
    """Calls `then` once, in the turn of the event loop after `view` first painted (so that paint is
    on screen first), or after `UNPAINTED_WAIT_MS` if the view is never painted."""

    def __init__(self, view: QAbstractItemView, then: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._then = then
        self._done = False
        view.viewport().installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self.run)
        self._fallback.start(UNPAINTED_WAIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self._view.viewport():
            self._view.viewport().removeEventFilter(self)
            QTimer.singleShot(0, self.run)
        return False

    def cancel(self) -> None:
        """Never call `then` (the window closed first)."""
        self._done = True
        self._fallback.stop()
        self._view.viewport().removeEventFilter(self)

    def run(self) -> None:
        """Call `then` now, if it has not been called yet (also what an early need for it does)."""
        if self._done:
            return
        self._done = True
        self._fallback.stop()
        self._view.viewport().removeEventFilter(self)
        self._then()
