"""The shortlist pane: named lists of picks with notes, reorder, undo/redo, compare, export, print.

This module lays the pane out and asks the user (dialogs); what each button does to the lists,
the undo stack and the messages lives in `ShortlistController` (shortlist_controller.py).

Public interface for the main window:
    pane = ShortlistPane(store, settings=window_settings)
    pane.set_catalog(catalog); pane.set_profile(profile); pane.set_cost_options(options)
    pane.add_product(product_id, note="")        # "Add to shortlist" actions and Ctrl+D
    pane.undo_action, pane.redo_action            # for the Edit menu (every platform Undo/Redo key)
    pane.compareRequested(list[str]), pane.productActivated(str)
    pane.export_current(path) -> Path, pane.print_current()
    pane.stop_watching()                          # before the store closes (closing the pane does it too)
    pane.controller.storeEvent(kind, detail)      # what other desks changed ("catalog", "profiles", …)

Several desks: another desk's change shows at once (the note being edited and the selection
stay); two desks writing one note get `NoteConflictDialog`; while the server is away the pane is
read-only with one sentence in the banner, and notes typed meanwhile show "(not saved)".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.export import ShortlistExportError
from catalog_app.shortlist.store import ShortlistError, ShortlistStore
from ui.shortlist.note_conflict_dialog import NoteChoice, NoteConflictDialog
from ui.shortlist.note_delegate import NoteDelegate
from ui.shortlist.pending_notes import NoteConflict
from ui.shortlist.shortlist_controller import DEFAULT_LIST_NAME, ShortlistController
from ui.shortlist.shortlist_model import NOT_SAVED_TIP, NOTE_COLUMN, SHORTLIST_COLUMNS, ShortlistModel
from ui.shortlist.store_events import WatcherFactory
from ui.widgets.plain_text import plain_label, show_warning, tooltip_text
from ui.window_settings import WindowSettings

__all__ = ["DEFAULT_LIST_NAME", "ShortlistPane", "redo_keys"]

EXPORT_FILTERS = {
    "PDF document (*.pdf)": ".pdf",
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV spreadsheet (*.csv)": ".csv",
    "JSON (*.json)": ".json",
}
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.SelectedClicked
)
EMPTY_HINT = (
    "This shortlist is empty. Add products from the results, the detail pane or the comparison "
    "(“Add to shortlist”, or Ctrl+D)."
)
MESSAGE_STYLE = (
    "QLabel#shortlistMessage { background: #fff4dc; color: #4a3000; border: 1px solid #e8c988;"
    " border-radius: 3px; padding: 4px; }"
)
QUIET_STYLE = "color: palette(placeholder-text);"
NOT_SAVED_EDITOR_STYLE = "border: 2px solid #a11d1d;"


class ShortlistPane(QWidget):
    compareRequested = Signal(list)  # product ids, in shortlist order
    productActivated = Signal(str)  # product id

    def __init__(
        self,
        store: ShortlistStore,
        parent: QWidget | None = None,
        *,
        settings: WindowSettings | None = None,
        watcher_factory: WatcherFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortlistPane")
        self.setAccessibleName("Shortlist")
        self.controller = ShortlistController(
            store, settings or WindowSettings(), self, watcher_factory=watcher_factory
        )
        self.conflict_dialog: NoteConflictDialog | None = None
        self._writable: bool | None = None
        self._make_undo_actions()
        self._build()
        self._connect_controller()
        self.controller.start()

    # ---- public interface (the controller does the work) --------------------------------------

    @property
    def store(self) -> ShortlistStore:
        return self.controller.store

    @property
    def model(self) -> ShortlistModel:
        return self.controller.model

    @property
    def undo_stack(self) -> QUndoStack:
        return self.controller.undo_stack

    def current_list(self) -> str | None:
        return self.controller.current_list()

    def set_catalog(self, catalog: Catalog) -> None:
        self.controller.set_catalog(catalog)

    def set_profile(self, profile: FootProfile | None) -> None:
        self.controller.set_profile(profile)

    def store_reopened(self) -> None:
        """The store was read-only and can be written again: allow changes and say so."""
        self.controller.store_reopened()

    def replace_store(self, store: ShortlistStore) -> None:
        """Show another store's lists (File → Connect to shared store…); the caller closes the old store."""
        self.controller.replace_store(store)
        self._allow_editing_and_dragging(not store.read_only)

    def set_cost_options(self, options: CostOptions) -> None:
        self.horizon_spin.setValue(options.horizon_months)
        self.pairs_spin.setValue(options.pairs)

    def cost_options(self) -> CostOptions:
        return CostOptions(horizon_months=self.horizon_spin.value(), pairs=self.pairs_spin.value())

    def add_product(self, product_id: str, note: str = "") -> bool:
        return self.controller.add_product(product_id, note)

    def remove_product(self, product_id: str) -> bool:
        return self.controller.remove_product(product_id)

    def set_note(self, product_id: str, note: str) -> bool:
        return self.controller.set_note(product_id, note)

    def move_item(self, product_id: str, new_position: int) -> bool:
        return self.controller.move_item(product_id, new_position)

    def switch_to(self, name: str) -> None:
        self.controller.switch_to(name)

    def create_list(self, name: str) -> bool:
        return self.controller.create_list(name)

    def rename_current(self, new_name: str) -> bool:
        return self.controller.rename_current(new_name)

    def delete_current(self) -> bool:
        return self.controller.delete_current()

    def use_current_profile(self) -> bool:
        return self.controller.use_current_profile()

    def export_current(self, path: Path) -> Path:
        """Export the current list; the format follows the suffix. Raises ShortlistExportError."""
        return self.controller.export_current(path, self.cost_options())

    def document_html(self) -> str:
        return self.controller.document_html(self.cost_options())

    def print_current(self) -> None:
        from ui.shortlist.print_document import print_with_preview

        try:
            html = self.document_html()
        except (ShortlistError, ShortlistExportError) as error:
            self.controller.report(str(error))
            return
        print_with_preview(html, self)

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    def stop_watching(self) -> None:
        """Stop following other desks' changes and reconnecting; call before the store is closed."""
        self.controller.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_watching()
        super().closeEvent(event)

    # ---- building: one small part per group of controls ---------------------------------------

    def _make_undo_actions(self) -> None:
        stack = self.controller.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_keys())
        # The action's tooltip defaults to its text, which names products: tooltips render HTML.
        stack.undoTextChanged.connect(self._undo_text_changed)
        stack.redoTextChanged.connect(self._redo_text_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_list_row())
        for label in self._build_labels():
            layout.addWidget(label)
        layout.addWidget(self._build_table(), 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.status_label)
        layout.addLayout(self._build_edit_row())
        layout.addLayout(self._build_costs_row())
        layout.addLayout(self._build_action_row())

    def _build_list_row(self) -> QHBoxLayout:
        title = plain_label("Shortlist", self)
        title.setAccessibleName("Shortlist title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.list_combo = QComboBox(self)
        self.list_combo.setAccessibleName("Shortlist to show")
        self.list_combo.setToolTip("Choose which shortlist to show")
        self.list_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.list_combo.setMinimumContentsLength(12)
        self.list_combo.activated.connect(lambda row: self.switch_to(self.list_combo.itemText(row)))
        self.new_button = _push_button(
            "New…", "New shortlist", "Start a new shortlist for the current foot profile", self
        )
        self.new_button.clicked.connect(self._ask_new_list)
        self.list_menu_button = _push_button("List", "Shortlist actions", "Rename or delete this shortlist", self)
        self.list_menu_button.setMenu(self._build_list_menu())
        row = QHBoxLayout()
        row.addWidget(title)
        row.addWidget(self.list_combo, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.list_menu_button)
        return row

    def _build_list_menu(self) -> QMenu:
        menu = QMenu(self.list_menu_button)
        self.rename_action = menu.addAction("Rename…", self._ask_rename)
        self.use_profile_action = menu.addAction("Use the current foot profile", self.use_current_profile)
        menu.addSeparator()
        self.delete_action = menu.addAction("Delete this shortlist", self.delete_current)
        return menu

    def _build_labels(self) -> list[QLabel]:
        """The profile line and the message banner above the table; the empty hint and status below it."""
        self.profile_label = _wrapped_label("Profile of this shortlist", self)
        self.profile_label.setStyleSheet(QUIET_STYLE)
        self.message_label = _wrapped_label("Shortlist messages", self)
        self.message_label.setObjectName("shortlistMessage")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setStyleSheet(MESSAGE_STYLE)
        self.message_label.hide()
        self.empty_label = _wrapped_label("Empty shortlist hint", self)
        self.empty_label.setText(EMPTY_HINT)
        self.empty_label.setStyleSheet(QUIET_STYLE)
        self.status_label = _wrapped_label("Shortlist status", self)
        return [self.profile_label, self.message_label]

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        self.table = table
        table.setObjectName("shortlistTable")
        table.setAccessibleName("Shortlisted products")
        table.setModel(self.controller.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setItemDelegateForColumn(NOTE_COLUMN, NoteDelegate(table))
        self._allow_editing_and_dragging(not self.controller.is_read_only())
        corner = table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName("Select all")
        # Notes wrap and rows grow to show them whole: a shortlist is a handful of rows, not a catalog.
        table.setWordWrap(True)
        table.verticalHeader().setMinimumSectionSize(24)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setAccessibleName("Shortlist rows")
        self._size_columns()
        table.doubleClicked.connect(self._on_double_click)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _allow_editing_and_dragging(self, writable: bool) -> None:
        table = self.table
        if not writable:
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
            return
        table.setEditTriggers(EDIT_TRIGGERS)
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.setDropIndicatorShown(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setDragDropOverwriteMode(False)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setAccessibleName("Shortlist columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, spec in enumerate(SHORTLIST_COLUMNS):
            self.table.setColumnWidth(column, spec.width)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)

    def _build_edit_row(self) -> QHBoxLayout:
        style = self.style()
        self.up_button = self._tool_button("Move up", "Move the selected product up (Alt+Up)", "Alt+Up", -1)
        self.up_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.down_button = self._tool_button("Move down", "Move the selected product down (Alt+Down)", "Alt+Down", +1)
        self.down_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.remove_button = self._tool_button(
            "Remove", "Remove the selected product (Delete)", QKeySequence(QKeySequence.StandardKey.Delete), None
        )
        self.undo_button = _action_button(self.undo_action, "Undo", self)
        self.redo_button = _action_button(self.redo_action, "Redo", self)
        row = QHBoxLayout()
        for widget in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        return row

    def _tool_button(self, text: str, tooltip: str, shortcut: QKeySequence | str, step: int | None) -> QToolButton:
        """A button for the selected row: move it by `step`, or remove it (None)."""
        action = QAction(text, self)
        action.setToolTip(tooltip)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        slot: Callable[[], None] = self._remove_selected if step is None else lambda: self._move_selected(step)
        action.triggered.connect(slot)
        # Only while the table has focus: Delete and Alt+arrows mean other things elsewhere (and in the note editor).
        self.table.addAction(action)
        button = _action_button(action, text, self)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _build_costs_row(self) -> QHBoxLayout:
        self.horizon_spin = _spin_box(1, 120, CostOptions().horizon_months, "Cost horizon in months", self)
        self.horizon_spin.setSuffix(" months")
        self.horizon_spin.setToolTip("Costs in the export and the printout are worked out over this many months")
        self.pairs_spin = _spin_box(1, 20, CostOptions().pairs, "Pairs of shoes to fit", self)
        self.pairs_spin.setToolTip("How many pairs of shoes need an insole")
        self.pairs_spin.valueChanged.connect(self._update_pairs_suffix)
        self._update_pairs_suffix(self.pairs_spin.value())
        costs_label = plain_label("Costs over", self)
        costs_label.setBuddy(self.horizon_spin)
        pairs_label = plain_label("for", self)
        pairs_label.setBuddy(self.pairs_spin)
        row = QHBoxLayout()
        for widget in (costs_label, self.horizon_spin, pairs_label, self.pairs_spin):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _build_action_row(self) -> QHBoxLayout:
        self.compare_button = _push_button(
            "Compare these", "Compare the shortlisted products", "Show this shortlist's products side by side", self
        )
        self.compare_button.clicked.connect(self._request_compare)
        self.export_button = _push_button("Export…", "Export the shortlist", "Save as PDF, Excel, CSV or JSON", self)
        self.export_button.clicked.connect(self.ask_export)
        self.print_button = _push_button(
            "Print…", "Print the shortlist", "Print a tidy copy for the client, with a preview", self
        )
        self.print_button.clicked.connect(self.print_current)
        row = QHBoxLayout()
        row.addWidget(self.compare_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.print_button)
        return row

    def _connect_controller(self) -> None:
        controller = self.controller
        controller.listsChanged.connect(self._show_lists)
        controller.profileTextChanged.connect(self.profile_label.setText)
        controller.messagesChanged.connect(self._show_banner)
        controller.statusChanged.connect(self.status_label.setText)
        controller.productSelected.connect(self._select_product)
        controller.stateChanged.connect(self._update_buttons)
        controller.noteConflict.connect(self._ask_about_conflict)
        # Undo and redo write the store: not while it is read-only (offline), whatever the stack says.
        self.undo_stack.canUndoChanged.connect(self._update_buttons)
        self.undo_stack.canRedoChanged.connect(self._update_buttons)

    # ---- dialogs (thin: they ask, then call the controller) -----------------------------------

    def _ask_new_list(self) -> None:
        name, ok = QInputDialog.getText(self, "New shortlist", "Name of the new shortlist:", QLineEdit.EchoMode.Normal)
        if ok:
            self.create_list(name)

    def _ask_about_conflict(self, conflict: NoteConflict) -> None:
        """Another desk saved this note first: both texts side by side, the user chooses (not modal to the app)."""
        dialog = NoteConflictDialog(conflict.mine.product_name, conflict.mine.note, conflict.theirs.note, self)
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._conflict_resolved(dialog, conflict))
        dialog.open()

    def _conflict_resolved(self, dialog: NoteConflictDialog, conflict: NoteConflict) -> None:
        if self.conflict_dialog is dialog:
            self.conflict_dialog = None
        dialog.deleteLater()
        self.controller.resolve_conflict(conflict, keep_mine=dialog.choice is NoteChoice.MINE, text=dialog.text())

    def _ask_rename(self) -> None:
        current = self.current_list()
        if current is None:
            return
        name, ok = QInputDialog.getText(self, "Rename shortlist", "New name:", QLineEdit.EchoMode.Normal, current)
        if ok:
            self.rename_current(name)

    def ask_export(self) -> None:
        current = self.current_list()
        if current is None:
            self.controller.report("There is no shortlist to export yet.")
            return
        suggested = str(Path.home() / f"{current}.pdf")
        path_text, chosen = QFileDialog.getSaveFileName(self, "Export shortlist", suggested, ";;".join(EXPORT_FILTERS))
        if not path_text:
            return
        path = Path(path_text)
        if path.suffix.lower() not in EXPORT_FILTERS.values():
            path = path.with_name(path.name + EXPORT_FILTERS.get(chosen, ".pdf"))
        try:
            written = self.export_current(path)
        except (ShortlistError, ShortlistExportError) as error:
            show_warning(self, "Export shortlist", str(error))
            return
        self.controller.report(f"Exported '{current}' to {written}.", error=False)

    # ---- showing what the controller reports --------------------------------------------------

    def _show_lists(self, names: list[str], current: str | None) -> None:
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        self.list_combo.addItems(names)
        if current is not None:
            self.list_combo.setCurrentIndex(names.index(current))
        else:
            self.list_combo.setPlaceholderText("No shortlist yet")
        self.list_combo.blockSignals(False)

    def _show_banner(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _select_product(self, product_id: str) -> None:
        row = self.model.row_of(product_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _update_buttons(self, *_args: object) -> None:
        has_list = self.current_list() is not None
        count = self.model.rowCount()
        rows = self.table.selectionModel().selectedRows()
        selected = rows[0].row() if rows else -1
        writable = not self.controller.is_read_only()
        if writable != self._writable:
            self._writable = writable
            self._allow_editing_and_dragging(writable)
            self._mark_open_note_editor(not writable and self.controller.is_offline())
        self.undo_action.setEnabled(writable and self.undo_stack.canUndo())
        self.redo_action.setEnabled(writable and self.undo_stack.canRedo())
        self.up_button.setEnabled(writable and selected > 0)
        self.down_button.setEnabled(writable and 0 <= selected < count - 1)
        self.remove_button.setEnabled(writable and selected >= 0)
        self.compare_button.setEnabled(count > 0)
        self.export_button.setEnabled(has_list)
        self.print_button.setEnabled(has_list)
        self.rename_action.setEnabled(writable and has_list)
        self.delete_action.setEnabled(writable and has_list)
        self.use_profile_action.setEnabled(writable and has_list and self.controller.has_profile())
        self.new_button.setEnabled(writable)
        self.list_combo.setEnabled(has_list)
        self.empty_label.setVisible(has_list and count == 0)

    def _mark_open_note_editor(self, offline: bool) -> None:
        """A note being typed when the server goes stays in its field, marked: it is kept and saved later."""
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is None:
            return
        editor.setStyleSheet(NOT_SAVED_EDITOR_STYLE if offline else "")
        editor.setToolTip((tooltip_text(NOT_SAVED_TIP) or "") if offline else "")

    def _update_pairs_suffix(self, value: int) -> None:
        self.pairs_spin.setSuffix(" pair of shoes" if value == 1 else " pairs of shoes")

    def _undo_text_changed(self, text: str) -> None:
        _set_step_tooltip(self.undo_action, "Undo", text)

    def _redo_text_changed(self, text: str) -> None:
        _set_step_tooltip(self.redo_action, "Redo", text)

    # ---- slots on the table -------------------------------------------------------------------

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != NOTE_COLUMN:
            self.productActivated.emit(self.model.item(index.row()).product_id)

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()).product_id if rows else None

    def _move_selected(self, step: int) -> None:
        product_id = self._selected_id()
        if product_id is not None:
            self.controller.move_by(product_id, step)

    def _remove_selected(self) -> None:
        product_id = self._selected_id()
        if product_id is not None:
            self.remove_product(product_id)

    def _request_compare(self) -> None:
        ids = self.controller.compare_ids()
        if ids:
            self.compareRequested.emit(ids)


def redo_keys() -> list[QKeySequence]:
    """Every platform Redo key, and both common ones everywhere (Ctrl+Shift+Z and Ctrl+Y)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
        key = QKeySequence(extra)
        if key not in keys:
            keys.append(key)
    return keys


def _set_step_tooltip(action: QAction, verb: str, text: str) -> None:
    action.setToolTip(tooltip_text(f"{verb} {text.replace('&&', '&')}" if text else verb) or verb)


def _wrapped_label(name: str, parent: QWidget) -> QLabel:
    label = plain_label("", parent)
    label.setAccessibleName(name)
    label.setWordWrap(True)
    return label


def _push_button(text: str, name: str, tooltip: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name)
    button.setToolTip(tooltip)
    return button


def _action_button(action: QAction, name: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setDefaultAction(action)
    button.setAccessibleName(name)
    return button


def _spin_box(low: int, high: int, value: int, name: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setAccessibleName(name)
    return spin
