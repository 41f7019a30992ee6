"""The shortlist pane: named lists of picks with notes, reorder, undo/redo, compare, export, print.

Public interface for the main window:
    pane = ShortlistPane(store)
    pane.set_catalog(catalog); pane.set_profile(profile); pane.set_cost_options(options)
    pane.add_product(product_id, note="")        # "Add to shortlist" actions and Ctrl+D
    pane.undo_action, pane.redo_action            # for the Edit menu (standard Undo/Redo shortcuts)
    pane.compareRequested(list[str]), pane.productActivated(str)
    pane.export_current(path) -> Path, pane.print_current()
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
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
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.export import ShortlistExportError, document_html, export_shortlist
from catalog_app.shortlist.store import ShortlistError, ShortlistItem, ShortlistStore, item_changes
from ui.shortlist.shortlist_commands import (
    AddItemCommand,
    CommandHooks,
    CreateListCommand,
    DeleteListCommand,
    EditNoteCommand,
    MoveItemCommand,
    RemoveItemCommand,
    RenameListCommand,
    SetProfileCommand,
)
from ui.shortlist.shortlist_model import NOTE_COLUMN, SHORTLIST_COLUMNS, ShortlistModel
from ui.widgets.plain_text import show_warning, tooltip_text
from ui.window_settings import WindowSettings

DEFAULT_LIST_NAME = "My shortlist"
EXPORT_FILTERS = {
    "PDF document (*.pdf)": ".pdf",
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV spreadsheet (*.csv)": ".csv",
    "JSON (*.json)": ".json",
}
EMPTY_HINT = (
    "This shortlist is empty. Add products from the results, the detail pane or the comparison "
    "(“Add to shortlist”, or Ctrl+D)."
)


class ShortlistPane(QWidget):
    compareRequested = Signal(list)  # product ids, in shortlist order
    productActivated = Signal(str)  # product id

    def __init__(
        self, store: ShortlistStore, parent: QWidget | None = None, *, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings or WindowSettings()
        self.setObjectName("shortlistPane")
        self.setAccessibleName("Shortlist")
        self.store = store
        self._catalog = Catalog.empty()
        self._profile: FootProfile | None = None
        self._current: str | None = None
        self._store_notice = store.message or ""
        self._changes: dict[str, str] = {}
        self._error = ""
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(redo_keys())
        # The action's tooltip defaults to its text, which names products: tooltips render HTML.
        self.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        self.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        self._hooks = CommandHooks(store=store, show=self._show_change, report=self._report)
        self.model = ShortlistModel(self)
        self.model.noteEdited.connect(self.set_note)
        self.model.moveRequested.connect(self.move_item)
        self._build()
        self._reload_lists(self._remembered_list())

    # ---- public interface ----------------------------------------------------------------------

    def current_list(self) -> str | None:
        return self._current

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._refresh_items()

    def set_profile(self, profile: FootProfile | None) -> None:
        """The profile new lists are made for (the finder's current one)."""
        self._profile = None if profile is None or profile.is_empty else profile
        self._update_profile_label()

    def set_cost_options(self, options: CostOptions) -> None:
        self.horizon_spin.setValue(options.horizon_months)
        self.pairs_spin.setValue(options.pairs)

    def cost_options(self) -> CostOptions:
        return CostOptions(horizon_months=self.horizon_spin.value(), pairs=self.pairs_spin.value())

    def add_product(self, product_id: str, note: str = "") -> bool:
        """Add a catalog product to the current list (creating a first list if there is none)."""
        position = self._catalog.position_of(product_id)
        if position is None:
            self._report(f"There is no product with id '{product_id}' in the open catalog.")
            return False
        record = product_record(self._catalog.frame, position)
        creating = self._current is None
        if creating:
            # One undo step takes back both the new list and the product.
            self.undo_stack.beginMacro(f"Add {record['name']}")
        try:
            if creating and not self._create(DEFAULT_LIST_NAME):
                return False
            assert self._current is not None
            try:
                item = self.store.add(self._current, record, note=note)
            except ShortlistError as error:
                self._report(str(error))
                return False
            self.undo_stack.push(AddItemCommand(self._hooks, self._current, item))
        finally:
            if creating:
                self.undo_stack.endMacro()
        self._show_change(self._current, product_id)
        self._report(f"Added {item.name} to '{self._current}'.", error=False)
        return True

    def remove_product(self, product_id: str) -> bool:
        item = self._item(product_id)
        if item is None or self._current is None:
            return False
        try:
            removed = self.store.remove(self._current, product_id)
        except ShortlistError as error:
            self._report(str(error))
            return False
        self.undo_stack.push(RemoveItemCommand(self._hooks, self._current, removed))
        self._show_change(self._current, None)
        return True

    def set_note(self, product_id: str, note: str) -> bool:
        item = self._item(product_id)
        if item is None or self._current is None or item.note == note:
            return False
        try:
            self.store.set_note(self._current, product_id, note)
        except ShortlistError as error:
            self._report(str(error))
            self._refresh_items()
            return False
        self.undo_stack.push(EditNoteCommand(self._hooks, self._current, item, note))
        self._show_change(self._current, product_id)
        return True

    def move_item(self, product_id: str, new_position: int) -> bool:
        item = self._item(product_id)
        if item is None or self._current is None:
            return False
        try:
            position = self.store.move(self._current, product_id, new_position)
        except ShortlistError as error:
            self._report(str(error))
            return False
        if position == item.position:
            return False
        self.undo_stack.push(MoveItemCommand(self._hooks, self._current, item, position))
        self._show_change(self._current, product_id)
        return True

    def switch_to(self, name: str) -> None:
        if name != self._current and name in self.store.list_names():
            self._error = ""  # an old error was about the other list
            self.status_label.clear()
            self._reload_lists(name)

    def create_list(self, name: str) -> bool:
        return self._create(name)

    def rename_current(self, new_name: str) -> bool:
        if self._current is None:
            return False
        old = self._current
        try:
            new = self.store.rename(old, new_name)
        except ShortlistError as error:
            self._report(str(error))
            return False
        if new == old:
            return False
        self.undo_stack.push(RenameListCommand(self._hooks, old, new))
        self._show_change(new, None)
        return True

    def delete_current(self) -> bool:
        if self._current is None:
            return False
        name = self._current
        try:
            items = self.store.items(name)
            profile = self.store.profile(name)
            created = self.store.created(name)
            self.store.delete(name)
        except ShortlistError as error:
            self._report(str(error))
            return False
        self.undo_stack.push(DeleteListCommand(self._hooks, name, profile, items, created))
        self._reload_lists(None)
        self._report(f"Deleted the shortlist '{name}'. Undo brings it back.", error=False)
        return True

    def use_current_profile(self) -> bool:
        """Make the current list remember the finder's current profile (for fit scores in exports)."""
        if self._current is None:
            return False
        try:
            old = self.store.profile(self._current)
            self.store.set_profile(self._current, self._profile)
        except ShortlistError as error:
            self._report(str(error))
            return False
        self.undo_stack.push(SetProfileCommand(self._hooks, self._current, old, self._profile))
        self._update_profile_label()
        return True

    def export_current(self, path: Path) -> Path:
        """Export the current list; the format follows the suffix. Raises ShortlistExportError."""
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to export yet.")
        from ui.shortlist.print_document import write_pdf

        return export_shortlist(
            self.store, self._current, self._catalog, Path(path), options=self.cost_options(), render_pdf=write_pdf
        )

    def document_html(self) -> str:
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to print yet.")
        return document_html(self.store, self._current, self._catalog, options=self.cost_options())

    def print_current(self) -> None:
        from ui.shortlist.print_document import print_with_preview

        try:
            html = self.document_html()
        except (ShortlistError, ShortlistExportError) as error:
            self._report(str(error))
            return
        print_with_preview(html, self)

    def message_text(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    # ---- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)

        title = QLabel("<b>Shortlist</b>", self)
        title.setAccessibleName("Shortlist title")
        self.list_combo = QComboBox(self)
        self.list_combo.setAccessibleName("Shortlist to show")
        self.list_combo.setToolTip("Choose which shortlist to show")
        self.list_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.list_combo.setMinimumContentsLength(12)
        self.list_combo.activated.connect(lambda row: self.switch_to(self.list_combo.itemText(row)))
        self.new_button = QPushButton("New…", self)
        self.new_button.setAccessibleName("New shortlist")
        self.new_button.setToolTip("Start a new shortlist for the current foot profile")
        self.new_button.clicked.connect(self._ask_new_list)
        self.list_menu_button = QPushButton("List", self)
        self.list_menu_button.setAccessibleName("Shortlist actions")
        self.list_menu_button.setToolTip("Rename or delete this shortlist")
        menu = QMenu(self.list_menu_button)
        self.rename_action = menu.addAction("Rename…", self._ask_rename)
        self.use_profile_action = menu.addAction("Use the current foot profile", self.use_current_profile)
        menu.addSeparator()
        self.delete_action = menu.addAction("Delete this shortlist", self.delete_current)
        self.list_menu_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.list_combo, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.list_menu_button)
        layout.addLayout(top)

        self.profile_label = QLabel(self)
        self.profile_label.setAccessibleName("Profile of this shortlist")
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)
        self.profile_label.setWordWrap(True)
        self.profile_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.profile_label)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("shortlistMessage")
        self.message_label.setAccessibleName("Shortlist messages")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)  # product and list names
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setStyleSheet(
            "QLabel#shortlistMessage { background: #fff4dc; color: #4a3000; border: 1px solid #e8c988;"
            " border-radius: 3px; padding: 4px; }"
        )
        self.message_label.hide()
        layout.addWidget(self.message_label)

        self.table = QTableView(self)
        self.table.setObjectName("shortlistTable")
        self.table.setAccessibleName("Shortlisted products")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setAlternatingRowColors(True)
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName("Select all")
        # Notes wrap and rows grow to show them whole: a shortlist is a handful of rows, not a catalog.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setMinimumSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setAccessibleName("Shortlist rows")
        header = self.table.horizontalHeader()
        header.setAccessibleName("Shortlist columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, spec in enumerate(SHORTLIST_COLUMNS):
            self.table.setColumnWidth(column, spec.width)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        if self.store.read_only:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel(EMPTY_HINT, self)
        self.empty_label.setAccessibleName("Empty shortlist hint")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.empty_label)

        self.status_label = QLabel(self)
        self.status_label.setAccessibleName("Shortlist status")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        style = self.style()
        self.up_button = self._tool_button(
            "Move up", "Move the selected product up (Alt+Up)", QKeySequence("Alt+Up"), lambda: self._move_selected(-1)
        )
        self.up_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.down_button = self._tool_button(
            "Move down",
            "Move the selected product down (Alt+Down)",
            QKeySequence("Alt+Down"),
            lambda: self._move_selected(+1),
        )
        self.down_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.remove_button = self._tool_button(
            "Remove",
            "Remove the selected product (Delete)",
            QKeySequence(QKeySequence.StandardKey.Delete),
            self._remove_selected,
        )
        self.undo_button = QToolButton(self)
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.setAccessibleName("Undo")
        self.redo_button = QToolButton(self)
        self.redo_button.setDefaultAction(self.redo_action)
        self.redo_button.setAccessibleName("Redo")
        edit_row = QHBoxLayout()
        for widget in (self.up_button, self.down_button, self.remove_button):
            edit_row.addWidget(widget)
        edit_row.addStretch(1)
        edit_row.addWidget(self.undo_button)
        edit_row.addWidget(self.redo_button)
        layout.addLayout(edit_row)

        self.horizon_spin = QSpinBox(self)
        self.horizon_spin.setRange(1, 120)
        self.horizon_spin.setValue(CostOptions().horizon_months)
        self.horizon_spin.setSuffix(" months")
        self.horizon_spin.setAccessibleName("Cost horizon in months")
        self.horizon_spin.setToolTip("Costs in the export and the printout are worked out over this many months")
        self.pairs_spin = QSpinBox(self)
        self.pairs_spin.setRange(1, 20)
        self.pairs_spin.setValue(CostOptions().pairs)
        self.pairs_spin.setAccessibleName("Pairs of shoes to fit")
        self.pairs_spin.setToolTip("How many pairs of shoes need an insole")
        self.pairs_spin.valueChanged.connect(self._update_pairs_suffix)
        self._update_pairs_suffix(self.pairs_spin.value())
        costs_row = QHBoxLayout()
        costs_label = QLabel("Costs over", self)
        costs_label.setBuddy(self.horizon_spin)
        pairs_label = QLabel("for", self)
        pairs_label.setBuddy(self.pairs_spin)
        costs_row.addWidget(costs_label)
        costs_row.addWidget(self.horizon_spin)
        costs_row.addWidget(pairs_label)
        costs_row.addWidget(self.pairs_spin)
        costs_row.addStretch(1)
        layout.addLayout(costs_row)

        self.compare_button = QPushButton("Compare these", self)
        self.compare_button.setAccessibleName("Compare the shortlisted products")
        self.compare_button.setToolTip("Show this shortlist's products side by side")
        self.compare_button.clicked.connect(self._request_compare)
        self.export_button = QPushButton("Export…", self)
        self.export_button.setAccessibleName("Export the shortlist")
        self.export_button.setToolTip("Save as PDF, Excel, CSV or JSON")
        self.export_button.clicked.connect(self.ask_export)
        self.print_button = QPushButton("Print…", self)
        self.print_button.setAccessibleName("Print the shortlist")
        self.print_button.setToolTip("Print a tidy copy for the client, with a preview")
        self.print_button.clicked.connect(self.print_current)
        action_row = QHBoxLayout()
        action_row.addWidget(self.compare_button)
        action_row.addStretch(1)
        action_row.addWidget(self.export_button)
        action_row.addWidget(self.print_button)
        layout.addLayout(action_row)

    def _tool_button(self, text: str, tooltip: str, shortcut: QKeySequence, slot: object) -> QToolButton:
        action = QAction(text, self)
        action.setToolTip(tooltip)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        # Only while the table has focus: Delete and Alt+arrows mean other things elsewhere (and in the note editor).
        self.table.addAction(action)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAccessibleName(text)
        return button

    # ---- dialogs (thin: they ask, then call the methods above) ---------------------------------

    def _ask_new_list(self) -> None:
        name, ok = QInputDialog.getText(self, "New shortlist", "Name of the new shortlist:", QLineEdit.EchoMode.Normal)
        if ok:
            self.create_list(name)

    def _ask_rename(self) -> None:
        if self._current is None:
            return
        name, ok = QInputDialog.getText(self, "Rename shortlist", "New name:", QLineEdit.EchoMode.Normal, self._current)
        if ok:
            self.rename_current(name)

    def ask_export(self) -> None:
        if self._current is None:
            self._report("There is no shortlist to export yet.")
            return
        suggested = str(Path.home() / f"{self._current}.pdf")
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
        self._report(f"Exported '{self._current}' to {written}.", error=False)

    # ---- slots ---------------------------------------------------------------------------------

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != NOTE_COLUMN:
            self.productActivated.emit(self.model.item(index.row()).product_id)

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.item(rows[0].row()).product_id

    def _move_selected(self, step: int) -> None:
        product_id = self._selected_id()
        item = None if product_id is None else self._item(product_id)
        if item is not None:
            self.move_item(item.product_id, max(0, item.position + step))

    def _remove_selected(self) -> None:
        product_id = self._selected_id()
        if product_id is not None:
            self.remove_product(product_id)

    def _request_compare(self) -> None:
        ids = [pid for pid in self.model.product_ids() if self._catalog.position_of(pid) is not None]
        left_out = len(self.model.product_ids()) - len(ids)
        if left_out:
            self._report(f"{left_out} of these products are no longer in the catalog and cannot be compared.")
        if ids:
            self.compareRequested.emit(ids)

    def _update_buttons(self, *_args: object) -> None:
        has_list = self._current is not None
        count = self.model.rowCount()
        row = self.table.selectionModel().selectedRows()
        selected = row[0].row() if row else -1
        writable = not self.store.read_only
        self.up_button.setEnabled(writable and selected > 0)
        self.down_button.setEnabled(writable and 0 <= selected < count - 1)
        self.remove_button.setEnabled(writable and selected >= 0)
        self.compare_button.setEnabled(count > 0)
        self.export_button.setEnabled(has_list)
        self.print_button.setEnabled(has_list)
        self.rename_action.setEnabled(writable and has_list)
        self.delete_action.setEnabled(writable and has_list)
        self.use_profile_action.setEnabled(writable and has_list and self._profile is not None)
        self.new_button.setEnabled(writable)
        self.list_combo.setEnabled(has_list)

    def _update_pairs_suffix(self, value: int) -> None:
        self.pairs_spin.setSuffix(" pair of shoes" if value == 1 else " pairs of shoes")

    # ---- internals -----------------------------------------------------------------------------

    def _undo_text_changed(self, text: str) -> None:
        _set_step_tooltip(self.undo_action, "Undo", text)

    def _redo_text_changed(self, text: str) -> None:
        _set_step_tooltip(self.redo_action, "Redo", text)

    def _create(self, name: str) -> bool:
        try:
            created = self.store.create(name, self._profile)
        except ShortlistError as error:
            self._report(str(error))
            return False
        self.undo_stack.push(CreateListCommand(self._hooks, created, self._profile))
        self._reload_lists(created)
        return True

    def _item(self, product_id: str) -> ShortlistItem | None:
        row = self.model.row_of(product_id)
        return None if row is None else self.model.item(row)

    def _show_change(self, list_name: str | None, product_id: str | None) -> None:
        """After a change (or its undo/redo): show the list it touched and select the product."""
        self._error = ""
        self.status_label.clear()
        names = self.store.list_names()
        if list_name is not None and list_name in names and list_name != self._current:
            self._reload_lists(list_name)
        elif self._current not in names or self.list_combo.count() != len(names):
            self._reload_lists(self._current)
        else:
            self._refresh_items()
        if product_id is not None:
            row = self.model.row_of(product_id)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def _reload_lists(self, preferred: str | None) -> None:
        try:
            names = self.store.list_names()
        except ShortlistError as error:
            names = []
            self._report(str(error))
        if preferred not in names:
            preferred = self._current if self._current in names else (names[0] if names else None)
        self._current = preferred
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        self.list_combo.addItems(names)
        if preferred is not None:
            self.list_combo.setCurrentIndex(names.index(preferred))
        else:
            self.list_combo.setPlaceholderText("No shortlist yet")
        self.list_combo.blockSignals(False)
        if preferred is not None:
            self.settings.save_current_list(preferred)
        self._refresh_items()

    def _refresh_items(self) -> None:
        items: list[ShortlistItem] = []
        if self._current is not None:
            try:
                items = self.store.items(self._current)
            except ShortlistError as error:
                self._report(str(error))
        self._changes = item_changes(items, self._catalog) if len(self._catalog) else {}
        self.model.set_items(items, self._changes)
        self.empty_label.setVisible(self._current is not None and not items)
        self._update_profile_label()
        self._show_messages()
        self._update_buttons()

    def _update_profile_label(self) -> None:
        profile = None
        if self._current is not None:
            try:
                profile = self.store.profile(self._current)
            except ShortlistError:
                profile = None
        if self._current is None:
            text = "No shortlist yet: “New…” starts one, or add a product with Ctrl+D."
        elif profile is None:
            text = "Made for: no foot profile (List → Use the current foot profile)"
        else:
            text = f"Made for: {profile.summary()}"
        self.profile_label.setText(text)

    def _report(self, text: str, *, error: bool = True) -> None:
        """Errors stay in the message banner until the next change; other news goes to the status line."""
        if error:
            self._error = text
            self.status_label.clear()
        else:
            self._error = ""
            self.status_label.setText(text)
        self._show_messages()

    def _show_messages(self) -> None:
        lines = [self._store_notice] if self._store_notice else []
        lines += list(self._changes.values())
        if self._error:
            lines.append(self._error)
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))

    def _remembered_list(self) -> str | None:
        return self.settings.current_list()


def _set_step_tooltip(action: QAction, verb: str, text: str) -> None:
    action.setToolTip(tooltip_text(f"{verb} {text.replace('&&', '&')}" if text else verb) or verb)


def redo_keys() -> list[QKeySequence]:
    """Every platform Redo key, and both common ones everywhere (Ctrl+Shift+Z and Ctrl+Y)."""
    keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
        key = QKeySequence(extra)
        if key not in keys:
            keys.append(key)
    return keys
