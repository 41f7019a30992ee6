"""The shortlist table: a thin Qt adapter over the store's items for one list.

Edits do not write the store here: a note edited in place and a row dropped at a new place are
announced as `noteEdited` and `moveRequested`, and the pane turns them into undoable commands
that write the store and hand the model the new items.

New items from the store (another desk's change) are merged row by row (removed, inserted and
moved rows, values updated in place), never by a reset: the selection, the scroll position and a
note being edited survive. A note edit carries the item's version from when editing began, so a
save after another desk's change is caught as a conflict. Notes that could not be saved yet (the
server is away) are shown with "(not saved)" until they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from catalog_app.shortlist.store import ShortlistItem
from ui.finder.catalog_table_model import ProductRole
from ui.widgets.column_header import column_header_data
from ui.widgets.plain_text import tooltip_text

ModelIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-insole-catalog-shortlist-items"
CHANGED_COLOUR = QColor("#8a4b00")
NOT_SAVED_COLOUR = QColor("#a11d1d")
NOT_SAVED_MARK = " (not saved)"
NOT_SAVED_TIP = "Not saved yet: the shared store cannot be reached. It is saved as soon as the connection returns."


@dataclass(frozen=True)
class ShortlistColumn:
    key: str
    header: str
    width: int
    tooltip: str = ""


SHORTLIST_COLUMNS: tuple[ShortlistColumn, ...] = (
    ShortlistColumn("name", "Name", 130),
    ShortlistColumn("brand", "Brand", 110),
    ShortlistColumn("price", "Price", 64, "Price when it was added"),
    ShortlistColumn("note", "Note", 200, "Your note; double-click or press F2 to edit"),
    ShortlistColumn("added", "Added", 84, "Date added"),
)
NAME_COLUMN, BRAND_COLUMN, PRICE_COLUMN, NOTE_COLUMN, ADDED_COLUMN = range(len(SHORTLIST_COLUMNS))


class ShortlistModel(QAbstractTableModel):
    noteEdited = Signal(str, str, int)  # product id, new note, the item's version when editing began
    moveRequested = Signal(str, int)  # product id, new position (0 = first)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ShortlistItem] = []
        self._changes: dict[str, str] = {}
        self._pending: dict[str, str] = {}  # product id -> a note not saved yet
        self._edit_base: dict[str, int] = {}  # product id -> the version its note editor started from

    # ---- what the pane calls -------------------------------------------------------------------

    def set_items(self, items: Sequence[ShortlistItem], changes: dict[str, str] | None = None) -> None:
        """Show these items, merged row by row: an open editor, the selection and the scroll position survive."""
        items = list(items)
        changes = dict(changes or {})
        if [item.product_id for item in items] != self.product_ids():
            self._reshape(items)
        self._items, self._changes = items, changes
        if items:
            last = self.index(len(items) - 1, len(SHORTLIST_COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_pending(self, pending: dict[str, str]) -> None:
        """Notes typed but not saved yet, by product id: shown instead of the stored note, marked."""
        if pending == self._pending:
            return
        self._pending = dict(pending)
        if self._items:
            column = self.index(0, NOTE_COLUMN), self.index(len(self._items) - 1, NOTE_COLUMN)
            self.dataChanged.emit(*column)

    def pending(self) -> dict[str, str]:
        return dict(self._pending)

    def note_edit_started(self, row: int) -> None:
        """An editor opened on this row's note: later saves say which version they started from."""
        if 0 <= row < len(self._items):
            item = self._items[row]
            self._edit_base[item.product_id] = item.version

    def items(self) -> list[ShortlistItem]:
        return list(self._items)

    def item(self, row: int) -> ShortlistItem:
        return self._items[row]

    def product_ids(self) -> list[str]:
        return [item.product_id for item in self._items]

    def row_of(self, product_id: str) -> int | None:
        for row, item in enumerate(self._items):
            if item.product_id == product_id:
                return row
        return None

    # ---- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SHORTLIST_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._items):
                return str(section + 1)
            return None
        return column_header_data(SHORTLIST_COLUMNS, section, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, column, editing=role == Qt.ItemDataRole.EditRole)
        if role == ProductRole.ID:
            return item.product_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(self._tooltip(item, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PRICE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == NAME_COLUMN and item.product_id in self._changes:
            return CHANGED_COLOUR
        if role == Qt.ItemDataRole.ForegroundRole and column == NOTE_COLUMN and item.product_id in self._pending:
            return NOT_SAVED_COLOUR
        if role == Qt.ItemDataRole.FontRole and column == NAME_COLUMN and item.product_id in self._changes:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between rows (on the root), never onto an item.
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.column() == NOTE_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != NOTE_COLUMN or role != Qt.ItemDataRole.EditRole:
            return False
        item = self._items[index.row()]
        note = "" if value is None else str(value)
        base = self._edit_base.pop(item.product_id, item.version)
        if note == self._pending.get(item.product_id, item.note):
            return False
        self.noteEdited.emit(item.product_id, note, base)
        return True

    # ---- drag and drop: reorder within the list ------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [self._items[row].product_id for row in rows]
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray("\n".join(ids).encode("utf-8")))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(MIME_TYPE)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: ModelIndex) -> bool:
        """Ask for the move and return False, so that the view does not also delete the dragged rows."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = [text for text in bytes(data.data(MIME_TYPE).data()).decode("utf-8").split("\n") if text]
        if not ids:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        target = row
        for product_id in ids:
            source = self.row_of(product_id)
            if source is None:
                continue
            # Dropping below itself: the row leaves its old place first, so the target shifts up by one.
            new_position = target - 1 if source < target else target
            if new_position != source:
                self.moveRequested.emit(product_id, new_position)
            target = new_position + 1
        return False

    # ---- internals -----------------------------------------------------------------------------

    def _reshape(self, items: list[ShortlistItem]) -> None:
        """Remove, insert and move rows until the ids are in the new order (values follow in set_items)."""
        wanted = {item.product_id: item for item in items}
        for row in reversed(range(len(self._items))):
            if self._items[row].product_id not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
        for target, item in enumerate(items):
            if target < len(self._items) and self._items[target].product_id == item.product_id:
                continue
            source = self.row_of(item.product_id)
            if source is None:
                self.beginInsertRows(QModelIndex(), target, target)
                self._items.insert(target, item)
                self.endInsertRows()
            else:  # further down (everything above `target` is in place already)
                self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), target)
                self._items.insert(target, self._items.pop(source))
                self.endMoveRows()
        if self._items:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._items) - 1)

    def _text(self, item: ShortlistItem, column: int, *, editing: bool) -> str:
        if column == NAME_COLUMN:
            return item.name
        if column == BRAND_COLUMN:
            return item.brand
        if column == PRICE_COLUMN:
            return item.price_text()
        if column == NOTE_COLUMN:
            pending = self._pending.get(item.product_id)
            if pending is None:
                return item.note
            return pending if editing else pending + NOT_SAVED_MARK
        if column == ADDED_COLUMN:
            return item.added_date
        return ""

    def _tooltip(self, item: ShortlistItem, column: int) -> str | None:
        change = self._changes.get(item.product_id)
        if column == NAME_COLUMN:
            return f"{item.name} ({item.product_id}), added {item.added_date}" + (f"\n{change}" if change else "")
        if column == PRICE_COLUMN:
            return f"{item.price_text()} when added" + (f"\n{change}" if change else "")
        if column == NOTE_COLUMN:
            if item.product_id in self._pending:
                return NOT_SAVED_TIP
            return item.note or "Double-click to write a note"
        if column == ADDED_COLUMN:
            return item.added
        return None
