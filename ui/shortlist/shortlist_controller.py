"""What the shortlist pane's buttons do: list admin, picks, notes, order, undo/redo and messages.

The controller owns the store, the undo stack, the table model and the current list; it never
lays out a widget. The pane (`shortlist_pane.py`) shows what it reports through signals:

    listsChanged(names, current)   the lists to offer and the one shown (None: no list yet)
    profileTextChanged(text)       the "Made for: …" line
    messagesChanged(text)          the banner: store notice, catalog changes, the last error ("" hides it)
    statusChanged(text)            the quiet status line (news that is not an error)
    productSelected(product_id)    select this row after a change (or its undo/redo)
    stateChanged()                 the list or its items changed: the pane updates its buttons
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

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
from ui.shortlist.shortlist_model import ShortlistModel
from ui.window_settings import WindowSettings

DEFAULT_LIST_NAME = "My shortlist"
NO_LIST_TEXT = "No shortlist yet: “New…” starts one, or add a product with Ctrl+D."
NO_PROFILE_TEXT = "Made for: no foot profile (List → Use the current foot profile)"


class ShortlistController(QObject):
    listsChanged = Signal(list, object)
    profileTextChanged = Signal(str)
    messagesChanged = Signal(str)
    statusChanged = Signal(str)
    productSelected = Signal(str)
    stateChanged = Signal()

    def __init__(self, store: ShortlistStore, settings: WindowSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._catalog = Catalog.empty()
        self._profile: FootProfile | None = None
        self._current: str | None = None
        self._store_notice = store.message or ""
        self._changes: dict[str, str] = {}
        self._error = ""
        self._shown_names: list[str] = []
        self.undo_stack = QUndoStack(self)
        self._hooks = CommandHooks(store=store, show=self._show_change, report=self.report)
        self.model = ShortlistModel(self)
        self.model.noteEdited.connect(self.set_note)
        self.model.moveRequested.connect(self.move_item)

    def start(self) -> None:
        """Show the list shown last time (call once the pane listens to the signals)."""
        self._reload_lists(self.settings.current_list())

    # ---- what the pane asks -------------------------------------------------------------------

    def current_list(self) -> str | None:
        return self._current

    def catalog(self) -> Catalog:
        return self._catalog

    def has_profile(self) -> bool:
        return self._profile is not None

    def is_read_only(self) -> bool:
        return bool(self.store.read_only)

    def set_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._refresh_items()

    def set_profile(self, profile: FootProfile | None) -> None:
        """The profile new lists are made for (the finder's current one)."""
        self._profile = None if profile is None or profile.is_empty else profile
        self._update_profile_text()
        self.stateChanged.emit()

    # ---- picks --------------------------------------------------------------------------------

    def add_product(self, product_id: str, note: str = "") -> bool:
        """Add a catalog product to the current list (creating a first list if there is none)."""
        position = self._catalog.position_of(product_id)
        if position is None:
            self.report(f"There is no product with id '{product_id}' in the open catalog.")
            return False
        record = product_record(self._catalog.frame, position)
        creating = self._current is None
        if creating:
            # One undo step takes back both the new list and the product.
            self.undo_stack.beginMacro(f"Add {record['name']}")
        try:
            item = self._add_record(record, note, creating)
        finally:
            if creating:
                self.undo_stack.endMacro()
        if item is None or self._current is None:
            return False
        self._show_change(self._current, product_id)
        self.report(f"Added {item.name} to '{self._current}'.", error=False)
        return True

    def _add_record(self, record: dict[str, object], note: str, creating: bool) -> ShortlistItem | None:
        if creating and not self.create_list(DEFAULT_LIST_NAME):
            return None
        assert self._current is not None
        try:
            item = self.store.add(self._current, record, note=note)
        except ShortlistError as error:
            self.report(str(error))
            return None
        self.undo_stack.push(AddItemCommand(self._hooks, self._current, item))
        return item

    def remove_product(self, product_id: str) -> bool:
        item = self.item(product_id)
        if item is None or self._current is None:
            return False
        try:
            removed = self.store.remove(self._current, product_id)
        except ShortlistError as error:
            self.report(str(error))
            return False
        self.undo_stack.push(RemoveItemCommand(self._hooks, self._current, removed))
        self._show_change(self._current, None)
        return True

    def set_note(self, product_id: str, note: str) -> bool:
        item = self.item(product_id)
        if item is None or self._current is None or item.note == note:
            return False
        try:
            self.store.set_note(self._current, product_id, note)
        except ShortlistError as error:
            self.report(str(error))
            self._refresh_items()
            return False
        self.undo_stack.push(EditNoteCommand(self._hooks, self._current, item, note))
        self._show_change(self._current, product_id)
        return True

    def move_item(self, product_id: str, new_position: int) -> bool:
        item = self.item(product_id)
        if item is None or self._current is None:
            return False
        try:
            position = self.store.move(self._current, product_id, new_position)
        except ShortlistError as error:
            self.report(str(error))
            return False
        if position == item.position:
            return False
        self.undo_stack.push(MoveItemCommand(self._hooks, self._current, item, position))
        self._show_change(self._current, product_id)
        return True

    def move_by(self, product_id: str, step: int) -> bool:
        item = self.item(product_id)
        return item is not None and self.move_item(item.product_id, max(0, item.position + step))

    def compare_ids(self) -> list[str]:
        """The listed products the open catalog still has (the others are reported)."""
        listed = self.model.product_ids()
        ids = [product_id for product_id in listed if self._catalog.position_of(product_id) is not None]
        if len(listed) > len(ids):
            self.report(
                f"{len(listed) - len(ids)} of these products are no longer in the catalog and cannot be compared."
            )
        return ids

    def item(self, product_id: str) -> ShortlistItem | None:
        row = self.model.row_of(product_id)
        return None if row is None else self.model.item(row)

    # ---- lists --------------------------------------------------------------------------------

    def switch_to(self, name: str) -> None:
        if name != self._current and name in self.store.list_names():
            self._error = ""  # an old error was about the other list
            self.statusChanged.emit("")
            self._reload_lists(name)

    def create_list(self, name: str) -> bool:
        try:
            created = self.store.create(name, self._profile)
        except ShortlistError as error:
            self.report(str(error))
            return False
        self.undo_stack.push(CreateListCommand(self._hooks, created, self._profile))
        self._reload_lists(created)
        return True

    def rename_current(self, new_name: str) -> bool:
        if self._current is None:
            return False
        old = self._current
        try:
            new = self.store.rename(old, new_name)
        except ShortlistError as error:
            self.report(str(error))
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
            self.report(str(error))
            return False
        self.undo_stack.push(DeleteListCommand(self._hooks, name, profile, items, created))
        self._reload_lists(None)
        self.report(f"Deleted the shortlist '{name}'. Undo brings it back.", error=False)
        return True

    def use_current_profile(self) -> bool:
        """Make the current list remember the finder's current profile (for fit scores in exports)."""
        if self._current is None:
            return False
        try:
            old = self.store.profile(self._current)
            self.store.set_profile(self._current, self._profile)
        except ShortlistError as error:
            self.report(str(error))
            return False
        self.undo_stack.push(SetProfileCommand(self._hooks, self._current, old, self._profile))
        self._update_profile_text()
        return True

    # ---- export and print ---------------------------------------------------------------------

    def export_current(self, path: Path, options: CostOptions) -> Path:
        """Export the current list; the format follows the suffix. Raises ShortlistExportError."""
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to export yet.")
        from ui.shortlist.print_document import write_pdf

        return export_shortlist(
            self.store, self._current, self._catalog, Path(path), options=options, render_pdf=write_pdf
        )

    def document_html(self, options: CostOptions) -> str:
        if self._current is None:
            raise ShortlistExportError("There is no shortlist to print yet.")
        return document_html(self.store, self._current, self._catalog, options=options)

    # ---- messages -----------------------------------------------------------------------------

    def store_reopened(self) -> None:
        """The store can be written again: drop the read-only notice, reload, and say so."""
        self._store_notice = self.store.message or ""
        self._reload_lists(self._current)
        self.report("Shortlists can be changed again.", error=False)
        self.stateChanged.emit()

    def report(self, text: str, *, error: bool = True) -> None:
        """Errors stay in the message banner until the next change; other news goes to the status line."""
        if error:
            self._error = text
            self.statusChanged.emit("")
        else:
            self._error = ""
            self.statusChanged.emit(text)
        self._show_messages()

    def _show_messages(self) -> None:
        lines = [self._store_notice] if self._store_notice else []
        lines += list(self._changes.values())
        if self._error:
            lines.append(self._error)
        self.messagesChanged.emit("\n".join(lines))

    def _update_profile_text(self) -> None:
        profile = None
        if self._current is not None:
            try:
                profile = self.store.profile(self._current)
            except ShortlistError:
                profile = None
        if self._current is None:
            text = NO_LIST_TEXT
        elif profile is None:
            text = NO_PROFILE_TEXT
        else:
            text = f"Made for: {profile.summary()}"
        self.profileTextChanged.emit(text)

    # ---- internals ----------------------------------------------------------------------------

    def _show_change(self, list_name: str | None, product_id: str | None) -> None:
        """After a change (or its undo/redo): show the list it touched and select the product."""
        self._error = ""
        self.statusChanged.emit("")
        names = self.store.list_names()
        if list_name is not None and list_name in names and list_name != self._current:
            self._reload_lists(list_name)
        elif self._current not in names or self._shown_names != names:
            self._reload_lists(self._current)
        else:
            self._refresh_items()
        if product_id is not None and self.model.row_of(product_id) is not None:
            self.productSelected.emit(product_id)

    def _reload_lists(self, preferred: str | None) -> None:
        try:
            names = self.store.list_names()
        except ShortlistError as error:
            names = []
            self.report(str(error))
        if preferred not in names:
            preferred = self._current if self._current in names else (names[0] if names else None)
        self._current = preferred
        self._shown_names = list(names)
        self.listsChanged.emit(names, preferred)
        if preferred is not None:
            self.settings.save_current_list(preferred)
        self._refresh_items()

    def _refresh_items(self) -> None:
        items: list[ShortlistItem] = []
        if self._current is not None:
            try:
                items = self.store.items(self._current)
            except ShortlistError as error:
                self.report(str(error))
        self._changes = item_changes(items, self._catalog) if len(self._catalog) else {}
        self.model.set_items(items, self._changes)
        self._update_profile_text()
        self._show_messages()
        self.stateChanged.emit()
