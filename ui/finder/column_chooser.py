"""Which results columns show, in what order and how wide: chosen from the header's context menu or
View → Columns, dragged to reorder, and remembered between runs.

Written over the model's columns by key, so columns added to the model later take part without a change
here. Long cell text is cut with "…"; hovering shows it in full (escaped: tooltips render rich text).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QToolTip

from ui.finder.column_widths import DEFAULT_COLUMNS as DEFAULT_COLUMNS  # where callers have found it
from ui.finder.column_widths import FIRST_START_TABLE_WIDTH, default_keys, fitted_widths
from ui.window_settings import WindowSettings

CELL_PADDING = 12  # pixels of a cell that its text cannot use (margins on both sides)


class ColumnChooser(QObject):
    """Show/hide and order the columns of `table` (whose model's columns are named by `keys`)."""

    def __init__(self, table: QTableView, keys: Sequence[str], settings: WindowSettings) -> None:
        super().__init__(table)
        self.table = table
        self.keys = list(keys)
        self.settings = settings
        self.header: QHeaderView = table.horizontalHeader()
        self.header.setSectionsMovable(True)  # drag a header to move its column
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self._show_header_menu)
        self.menu = QMenu("&Columns", table)
        self.menu.aboutToShow.connect(lambda: self._fill_menu(self.menu))
        self._default_widths = {key: self.header.sectionSize(index) for index, key in enumerate(self.keys)}
        # Until the user drags a column's edge, the columns follow the table's width as the window is
        # laid out: the defaults fill it on first start; a layout saved on a bigger screen narrows to fit.
        self._auto_fit = True
        self._first_start = False
        self.restore()
        self.header.sectionMoved.connect(lambda *_args: self.save())
        self.header.sectionResized.connect(self._on_section_resized)
        table.viewport().installEventFilter(self)

    # ---- what is shown ------------------------------------------------------------------------

    def visible_keys(self) -> list[str]:
        """The shown columns' keys, left to right."""
        shown = []
        for visual in range(self.header.count()):
            logical = self.header.logicalIndex(visual)
            if not self.header.isSectionHidden(logical):
                shown.append(self.keys[logical])
        return shown

    def set_visible_keys(self, keys: Sequence[str], widths: dict[str, int] | None = None) -> None:
        """Show exactly `keys` (unknown ones skipped), in that order, the others hidden after them."""
        wanted = [key for key in keys if key in self.keys] or default_keys(self.keys) or self.keys[:1]
        order = wanted + [key for key in self.keys if key not in wanted]
        self.header.blockSignals(True)
        for visual, key in enumerate(order):
            logical = self.keys.index(key)
            self.header.moveSection(self.header.visualIndex(logical), visual)
            self.header.setSectionHidden(logical, key not in wanted)
        for key, width in (widths or {}).items():
            if key in self.keys and width > 0:
                self.header.resizeSection(self.keys.index(key), width)
        if self.header.stretchLastSection():  # the last column fills the table again, at its new width
            self.header.setStretchLastSection(False)
            self.header.setStretchLastSection(True)
        self.header.blockSignals(False)
        self.save()

    def set_column_shown(self, key: str, shown: bool) -> None:
        if not shown and self.visible_keys() == [key]:
            return  # the table keeps at least one column
        self.header.setSectionHidden(self.keys.index(key), not shown)
        self.save()

    def reset(self, available: int | None = None) -> None:
        """The default columns at widths that fit the table's width (no sideways scrolling)."""
        keys = default_keys(self.keys)
        width = available if available is not None else self.table.viewport().width()
        self.set_visible_keys(keys, fitted_widths(keys, self._default_widths, width))

    def fit_to(self, available: int) -> None:
        """Narrow the shrinkable columns so that the shown ones fit `available` pixels (a layout saved on a
        bigger screen, or the first start); columns that already fit keep their widths."""
        shown = self.visible_keys()
        widths = {key: self.header.sectionSize(index) for index, key in enumerate(self.keys)}
        if shown and self.header.stretchLastSection():
            widths[shown[-1]] = min(widths[shown[-1]], self._default_widths[shown[-1]])
        self.set_visible_keys(shown, fitted_widths(shown, widths, available))

    def _on_section_resized(self, logical: int, _old: int, _new: int) -> None:
        shown = self.visible_keys()
        stretched = self.header.stretchLastSection() and shown and self.keys[logical] == shown[-1]
        if not stretched:
            self._auto_fit = False  # the user set a width by hand: keep it
        self.save()

    # ---- memory -------------------------------------------------------------------------------

    def save(self) -> None:
        shown = self.visible_keys()
        widths = {key: self.header.sectionSize(index) for index, key in enumerate(self.keys)}
        if shown and self.header.stretchLastSection():
            # The last column is stretched to the table's width: remembering that would make a smaller
            # window scroll sideways, so its own width is kept instead.
            widths[shown[-1]] = self._default_widths[shown[-1]]
        self.settings.save_columns(shown, widths)

    def restore(self) -> None:
        saved = self.settings.columns()
        if saved is None:
            # First start: the defaults, fitted to a table of the width it has at 1280 pixels, and again
            # to the table's real width once the window is shown.
            self.reset(FIRST_START_TABLE_WIDTH)
            self._first_start = True
            return
        keys, widths = saved
        self.set_visible_keys(keys, widths)

    # ---- menus --------------------------------------------------------------------------------

    def _fill_menu(self, menu: QMenu) -> None:
        menu.clear()
        shown = self.visible_keys()
        for index, key in enumerate(self.keys):
            title = str(self.table.model().headerData(index, Qt.Orientation.Horizontal) or key)
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(key in shown)
            action.setEnabled(shown != [key])  # the last shown column cannot be hidden
            action.toggled.connect(lambda checked, key=key: self.set_column_shown(key, checked))
            menu.addAction(action)
        menu.addSeparator()
        reset = menu.addAction("&Reset columns")
        reset.triggered.connect(lambda: self.reset())
        hint = menu.addAction("Drag a column's header to move it")
        hint.setEnabled(False)

    def _show_header_menu(self, point: QPoint) -> None:
        menu = QMenu(self.header)
        self._fill_menu(menu)
        menu.popup(self.header.mapToGlobal(point))

    # ---- tooltips -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._auto_fit and self.table.isVisible():
            if self._first_start:
                self.reset(self.table.viewport().width())  # the defaults, as wide as the table allows
            else:
                self.fit_to(self.table.viewport().width())
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.table.viewport())
            else:
                QToolTip.hideText()
            return True  # the model's own tooltip is shown here too, escaped
        return super().eventFilter(watched, event)

    def tooltip_at(self, point: QPoint) -> str:
        """The cell's full text when it is cut short, and its own tooltip, as escaped rich text."""
        index = self.table.indexAt(point)
        return cell_tooltip(self.table, index)


def cell_tooltip(table: QTableView, index: QModelIndex) -> str:
    if not index.isValid():
        return ""
    parts = []
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
    room = table.visualRect(index).width() - CELL_PADDING
    if text and table.fontMetrics().horizontalAdvance(text) > room:
        parts.append(text)
    own = index.data(Qt.ItemDataRole.ToolTipRole)
    if own:
        parts.append(str(own))
    if not parts:
        return ""
    # Escaped and inside a paragraph, so that Qt reads it as rich text and shows "<b>" as typed.
    return "<p>" + "<br/>".join(html.escape(part).replace("\n", "<br/>") for part in parts) + "</p>"
